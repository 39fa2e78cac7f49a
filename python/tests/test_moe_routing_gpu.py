"""MoE routing kernels on a GPU (kernels/moe_align.mlir.in, kernels/moe_histogram.mlir.in) against PyTorch.

The kernels are the moe_* entries of kernels/manifest.json, compiled by utils/prepare_gpu.sh into gpu/kernels/
($TESSERA_KERNEL_DIR elsewhere). Every output is poisoned first; entries past num_post must stay poisoned.
- align: sorted_ids / expert_ids / num_post exactly equal to a stable argsort-based reference (the contract of
  moe_setup() in the Triton peers), T in {1, 7, 64, 3001, 4096, 9001, 16384} (every tier of tessera.moe.plan,
  with partial last chunks and groups), E = 128, top-8, BM in {16, 32, 64, 128}, with and without the
  expert-parallel remap (which rewrites topk_ids in place); repeated calls on the same buffers with new ids (the
  launches packed once per set of buffers); the remap repeated over many fresh inputs (a race between a slot's
  holders shows up only in some calls); a workspace too small rejected;
- align_small: the one-launch path (kernels/moe_align_small.mlir.in; align takes it for n <= moe.SMALL_MAX, the
  test forces it up to T = 128) and, on the same inputs, the three launches: T in {1, 2, 7, 64, 128,
  SMALL_MAX / top_k} (the largest n align gives it), every BM, with and without the remap, 10% of the ids -1
  (neither routed nor changed); all slots on one expert (expert_ids over more than one 32-block round);
- histogram: per-local-expert counts vs torch.bincount, the remap written back, -1 slots neither counted nor
  changed.
"""
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))
POISON = -7
E, TOPK = 128, 8
# Calls per T of test_align_remap_repeated.
REMAP_REPEATS = int(os.environ.get("TESSERA_REMAP_REPEATS", 40))


def topk_ids(torch, T, seed, skew=False):
    g = torch.Generator(device="cuda").manual_seed(seed)
    scores = torch.randn(T, E, device="cuda", generator=g)
    if skew:  # a few hot experts, like real routers
        scores[:, :4] += 3.0
    return torch.topk(scores, TOPK, dim=-1).indices.to(torch.int32).contiguous()


def remap(torch, ids, e_start, e_local):
    local = ids - e_start
    return torch.where((local >= 0) & (local < e_local), local, torch.full_like(ids, -1))


def reference(torch, local_ids, e_local, bm):
    """Stable routing of local ids (-1: not routed): what moe_setup() builds, vectorised."""
    flat = local_ids.flatten().long()
    n = flat.numel()
    valid = flat >= 0
    key = torch.where(valid, flat, torch.full_like(flat, e_local))
    order = torch.argsort(key, stable=True)[: int(valid.sum())]
    cnts = torch.bincount(flat[valid], minlength=e_local)
    padded = (cnts + bm - 1) // bm * bm
    starts = torch.cumsum(padded, 0) - padded
    total = int(padded.sum())
    sorted_ids = torch.full((total,), n, dtype=torch.int32, device="cuda")
    e_of = flat[order]
    first_of = torch.cumsum(cnts, 0) - cnts
    pos = starts[e_of] + torch.arange(order.numel(), device="cuda") - first_of[e_of]
    sorted_ids[pos] = order.to(torch.int32)
    expert_ids = torch.repeat_interleave(torch.arange(e_local, device="cuda", dtype=torch.int32), padded // bm)
    return sorted_ids, expert_ids, total


def poisoned_outputs(torch, n, e_local, bm):
    """(sorted_ids, expert_ids, num_post) for align() of n slots, long enough for any routing, all POISON."""
    from tessera import moe
    cap = moe.capacity(n, e_local, bm)
    return (torch.full((cap,), POISON, dtype=torch.int32, device="cuda"),
            torch.full((cap // bm + 1,), POISON, dtype=torch.int32, device="cuda"),
            torch.full((1,), POISON, dtype=torch.int32, device="cuda"))


def assert_routed(torch, out, local, e_local, bm, what=""):
    """align()'s outputs (poisoned before the call) route the local ids exactly as reference() does, and nothing
    is written past num_post (resp. num_post / BM). Returns the padded total."""
    sorted_ids, expert_ids, num_post = out
    ref_sorted, ref_experts, total = reference(torch, local, e_local, bm)
    assert num_post.item() == total, f"{what}seed {SEED}"
    assert torch.equal(sorted_ids[:total], ref_sorted), f"{what}sorted_ids, seed {SEED}"
    assert torch.equal(expert_ids[: total // bm], ref_experts), f"{what}expert_ids, seed {SEED}"
    assert bool((sorted_ids[total:] == POISON).all()), f"{what}written past num_post"
    assert bool((expert_ids[total // bm:] == POISON).all()), f"{what}expert_ids written past num_post / BM"
    return total


@pytest.mark.parametrize("ep", [None, (32, 32), (5, 120)])
@pytest.mark.parametrize("bm", [16, 32, 64, 128])
@pytest.mark.parametrize("T", [1, 7, 64, 3001, 4096, 9001, 16384])
def test_align(torch, T, bm, ep):
    from tessera import moe
    seed = SEED + T * 131 + bm
    ids = topk_ids(torch, T, seed, skew=(T == 4096))
    ids0 = ids.clone()
    e_start, e_local = ep if ep else (0, E)
    out = poisoned_outputs(torch, ids.numel(), e_local, bm)
    moe.align(ids, E, bm, e_start=e_start, e_local=e_local, out=out)
    torch.cuda.synchronize()
    local = remap(torch, ids0, e_start, e_local)
    assert torch.equal(ids, local if ep else ids0), f"topk_ids after the remap, seed {SEED}"
    assert_routed(torch, out, local, e_local, bm)


def _small_Ts():
    from tessera import moe
    return sorted({1, 2, 7, 64, 128, moe.SMALL_MAX // TOPK})


@pytest.mark.parametrize("path", ["one", "three"])
@pytest.mark.parametrize("ep", [None, (32, 32), (5, 120)])
@pytest.mark.parametrize("bm", [16, 32, 64, 128])
@pytest.mark.parametrize("T", _small_Ts())
def test_align_small(torch, T, bm, ep, path):
    from tessera import moe
    seed = SEED + T * 977 + bm
    ids = topk_ids(torch, T, seed, skew=(T == 64))
    g = torch.Generator(device="cuda").manual_seed(seed + 1)
    drop = torch.rand(ids.shape, generator=g, device="cuda") < 0.1
    ids = torch.where(drop, torch.full_like(ids, -1), ids).contiguous()
    ids0 = ids.clone()
    e_start, e_local = ep if ep else (0, E)
    n = ids.numel()
    # "one" forces the one-launch path beyond SMALL_MAX too (the kernel is exact at any n; the limit is speed).
    small_max = max(n, moe.SMALL_MAX) if path == "one" else 0
    p = moe.plan(n, e_local, bm, small_max=small_max)
    assert (p.small is not None) == (path == "one"), p
    assert (moe.plan(n, e_local, bm).small is not None) == (n <= moe.SMALL_MAX)
    out = poisoned_outputs(torch, n, e_local, bm)
    moe.align(ids, E, bm, e_start=e_start, e_local=e_local, out=out, small_max=small_max)
    torch.cuda.synchronize()
    local = remap(torch, ids0, e_start, e_local)
    assert torch.equal(ids, local), f"topk_ids after the remap, seed {SEED}"
    assert bool((ids[ids0 == -1] == -1).all())
    assert_routed(torch, out, local, e_local, bm)


def test_align_small_one_hot_expert(torch):
    """Every slot on one expert: its run (and its expert_ids, 64 blocks of 16 rows at n = 1024, more than one
    round of the kernel's 32-block expert_ids loop) is as long as it gets."""
    from tessera import moe
    T, bm = 128, 16
    ids = torch.full((T, TOPK), 77, dtype=torch.int32, device="cuda")
    n = ids.numel()
    assert moe.plan(n, E, bm, small_max=n).small is not None
    out = poisoned_outputs(torch, n, E, bm)
    moe.align(ids, E, bm, out=out, small_max=n)
    torch.cuda.synchronize()
    assert assert_routed(torch, out, ids, E, bm) == n


@pytest.mark.parametrize("T", [1, 64, 4096, 16384])
def test_align_reuses_buffers(torch, T):
    """The same ids tensor, outputs and workspace, refilled between calls (the packed launches are reused) and
    then a second set of buffers: every call routes what the ids hold now."""
    from tessera import moe
    bm = 64
    n = T * TOPK
    ids = topk_ids(torch, T, SEED + 7 * T)
    sets = [(poisoned_outputs(torch, n, E, bm),
             torch.empty(moe.plan(n, E, bm).workspace_size(), dtype=torch.int32, device="cuda")) for _ in range(2)]
    for k, (out, ws) in enumerate([sets[0], sets[0], sets[1], sets[0]]):
        ids.copy_(topk_ids(torch, T, SEED + 7 * T + k + 1, skew=bool(k % 2)))
        for t in (*out, ws):
            t.fill_(POISON)
        moe.align(ids, E, bm, out=out, workspace=ws)
        torch.cuda.synchronize()
        assert_routed(torch, out, ids, E, bm, f"call {k}: ")


@pytest.mark.parametrize("T", [64, 512, 4096, 16384])
def test_align_remap_repeated(torch, T):
    """The expert-parallel remap (written back in place) over many fresh inputs on the three launches: a holder
    of a slot that loaded the id after its owner had written the remapped one back would count it remapped twice
    (an id in [e_start + 5, ...) lands on expert id - 2 * e_start); the write-back therefore waits for every
    load of @moe_count's counting loop. Racy code passes most single calls, hence the repeats."""
    from tessera import moe
    bm, (e_start, e_local) = 16, (5, 120)
    out = poisoned_outputs(torch, T * TOPK, e_local, bm)
    ids = torch.empty(T, TOPK, dtype=torch.int32, device="cuda")
    for k in range(REMAP_REPEATS):
        ids0 = topk_ids(torch, T, SEED + 31 * T + k, skew=bool(k % 2))
        ids.copy_(ids0)
        for t in out:
            t.fill_(POISON)
        moe.align(ids, E, bm, e_start=e_start, e_local=e_local, out=out, small_max=0)
        local = remap(torch, ids0, e_start, e_local)
        assert torch.equal(ids, local), f"call {k}: topk_ids after the remap, seed {SEED}"
        assert_routed(torch, out, local, e_local, bm, f"call {k}: ")


def test_align_rejects_a_small_workspace(torch):
    from tessera import moe
    ids = topk_ids(torch, 4096, SEED)
    need = moe.plan(ids.numel(), E, 16).workspace_size()
    with pytest.raises(ValueError, match="workspace"):
        moe.align(ids, E, 16, workspace=torch.empty(need - 1, dtype=torch.int32, device="cuda"))


def test_align_rejects_non_power_of_two(torch):
    from tessera import moe
    ids = topk_ids(torch, 4, SEED)
    with pytest.raises(ValueError, match="power of two"):
        moe.align(ids, E, 48)


@pytest.mark.parametrize("ep", [None, (32, 32), (100, 28)])
@pytest.mark.parametrize("T", [1, 7, 64, 4096, 16384])
def test_histogram(torch, T, ep):
    from tessera import moe
    ids = topk_ids(torch, T, SEED + T)
    g = torch.Generator(device="cuda").manual_seed(SEED + T + 1)
    drop = torch.rand(ids.shape, generator=g, device="cuda") < 0.1
    ids = torch.where(drop, torch.full_like(ids, -1), ids).contiguous()
    ids0 = ids.clone()
    e_start, e_local = ep if ep else (0, E)
    guard = 32
    counts = torch.zeros(e_local + guard, dtype=torch.int32, device="cuda")
    moe.histogram(ids, e_start, e_local, counts[:e_local])
    torch.cuda.synchronize()
    local = remap(torch, ids0, e_start, e_local)
    assert torch.equal(ids, local), f"remap written back, seed {SEED}"
    assert bool((ids[ids0 == -1] == -1).all())
    ref = torch.bincount(local[local >= 0].long(), minlength=e_local).to(torch.int32)
    assert torch.equal(counts[:e_local], ref), f"seed {SEED}"
    assert torch.count_nonzero(counts[e_local:]) == 0
