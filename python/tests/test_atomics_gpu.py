"""tile.atomic_rmw / tile.atomic_cas on a GPU: kernels/test_atomics.mlir.in, specialised as SPECS.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_atomics_gpu.py         # -> gpu/atomics/NAME.{ptx,json} (TESSERA_COMPILE overrides
                                                     #    the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_atomics_gpu.py

- ticket: a scalar atomic add of 1 by N programs: the old values are a permutation of 0..N-1, and every thread of
  a program holds the same old value (each thread's splat copy is stored and compared);
- hist: an exact histogram against torch.bincount, a scalar 1 added through a tensor of pointers; out-of-range
  lanes and ids of -1 are masked off and change nothing;
- bcast: a tensor atomic add whose result layout holds each of 16 elements in 16 threads; every thread's copy is
  stored: all equal per element, and per element the programs' old values are a permutation of 0..N-1;
- cas: 16-, 32- and 64-bit compare-and-swap: where x == cmp, x becomes val; old == x before.

kernels/test_atomics_float.mlir.in, specialised as FLOAT_SPECS (f16, bf16, f32, f64):
- frmw: float fadd/max/min through gathered pointers: with distinct targets every old value and result is exact;
  with shared targets max/min are exact and the sums within the worst-case bound of recursive summation;
- fpack: contiguous fadds (packed f16x2/bf16x2 on sm_90) with the old values used: exact for one add per element,
  bounded for 64 programs adding to the same elements; elements past n (masked-off lanes) keep their bits;
- fbcast: a float tensor atomic whose old values are read in a broadcast layout: every copy equal;
- lock: a spin lock (atomic_cas acquire / atomic_rmw xchg release) guarding a plain load-add-store: the sum over
  all programs is exact and the lock is free afterwards.
"""
import os
import sys
from pathlib import Path

import pytest
from conftest import compile_specs, load_prepared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
ATOMICS_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "atomics"
SOURCE = REPO / "kernels" / "test_atomics.mlir.in"
FLOAT_SOURCE = REPO / "kernels" / "test_atomics_float.mlir.in"
SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))

SPECS = {
    "w4_b1024_i32": {"WARPS": 4, "BLOCK": 1024, "ELEM": "i32"},
    "w1_b64_i16": {"WARPS": 1, "BLOCK": 64, "ELEM": "i16"},
    "w8_b256_i64": {"WARPS": 8, "BLOCK": 256, "ELEM": "i64"},
}
FLOAT_SPECS = {
    "f_w4_b1024_f16": {"WARPS": 4, "BLOCK": 1024, "FELEM": "f16"},
    "f_w4_b1024_bf16": {"WARPS": 4, "BLOCK": 1024, "FELEM": "bf16"},
    "f_w4_b512_f32": {"WARPS": 4, "BLOCK": 512, "FELEM": "f32"},
    "f_w2_b128_f64": {"WARPS": 2, "BLOCK": 128, "FELEM": "f64"},
}


def compile_all(compiler=None):
    return compile_specs(ATOMICS_DIR, [*[(name, SOURCE, d) for name, d in SPECS.items()],
                                       *[(name, FLOAT_SOURCE, d) for name, d in FLOAT_SPECS.items()]], compiler)


def module(name):
    return load_prepared(ATOMICS_DIR, name, "test_atomics_gpu.py")


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_ticket(torch, name, n):
    block = SPECS[name]["BLOCK"]
    mod = module(name)
    counter = torch.zeros(1, dtype=torch.int32, device="cuda")
    tickets = torch.full((n,), -7, dtype=torch.int32, device="cuda")
    copies = torch.full((n, block), -7, dtype=torch.int32, device="cuda")
    mod.ticket[(n,)](counter, tickets, copies)
    torch.cuda.synchronize()
    assert counter.item() == n
    assert torch.equal(torch.sort(tickets).values, torch.arange(n, dtype=torch.int32, device="cuda"))
    assert torch.equal(copies, tickets[:, None].expand(n, block)), "a thread saw another old value"


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("slots", [1, 3, 128, 4099, 65536])
def test_hist(torch, name, slots):
    block = SPECS[name]["BLOCK"]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + slots)
    n = 3 * block * 7 + 5
    ids = torch.randint(0, slots, (n,), generator=g, device="cuda", dtype=torch.int32)
    drop = torch.rand(n, generator=g, device="cuda") < 0.1
    ids = torch.where(drop, torch.full_like(ids, -1), ids)
    ids0 = ids.clone()
    guard = 64
    hist = torch.zeros(slots + guard, dtype=torch.int32, device="cuda")
    grid = (n + block - 1) // block
    mod.hist[(grid,)](ids, hist, n)
    torch.cuda.synchronize()
    ref = torch.bincount(ids[ids >= 0].long(), minlength=slots).to(torch.int32)
    assert torch.equal(hist[:slots], ref), f"seed {SEED}"
    assert torch.count_nonzero(hist[slots:]) == 0
    assert torch.equal(ids, ids0)


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 5, 333])
def test_bcast(torch, name, n):
    mod = module(name)
    ctr = torch.zeros(16 + 16, dtype=torch.int32, device="cuda")
    out = torch.full((n, 16, 32), -7, dtype=torch.int32, device="cuda")
    mod.bcast[(n,)](ctr, out)
    torch.cuda.synchronize()
    assert torch.equal(ctr[:16], torch.full((16,), n, dtype=torch.int32, device="cuda")), "one atomic per element"
    assert torch.count_nonzero(ctr[16:]) == 0
    assert torch.equal(out, out[:, :, :1].expand(n, 16, 32)), "threads holding an element disagree"
    per_elem = torch.sort(out[:, :, 0], dim=0).values
    assert torch.equal(per_elem, torch.arange(n, dtype=torch.int32, device="cuda")[:, None].expand(n, 16))


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 100, 5000])
def test_cas(torch, name, n):
    elem = SPECS[name]["ELEM"]
    block = SPECS[name]["BLOCK"]
    dt = {"i16": torch.int16, "i32": torch.int32, "i64": torch.int64}[elem]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + n)
    lo, hi = {"i16": (-2**15, 2**15), "i32": (-2**31, 2**31), "i64": (-2**62, 2**62)}[elem]
    x = torch.randint(lo, hi, (n,), generator=g, device="cuda", dtype=torch.int64).to(dt)
    val = torch.randint(lo, hi, (n,), generator=g, device="cuda", dtype=torch.int64).to(dt)
    hit = torch.rand(n, generator=g, device="cuda") < 0.5
    cmp = torch.where(hit, x, x ^ 1)
    x0 = x.clone()
    old = torch.full((n,), 5, dtype=dt, device="cuda")
    mod.cas[((n + block - 1) // block,)](x, cmp, val, old, n)
    torch.cuda.synchronize()
    assert torch.equal(old, x0), f"seed {SEED}"
    assert torch.equal(x, torch.where(hit, val, x0)), f"seed {SEED}"


def float_dtype(torch, name):
    return {"f16": torch.float16, "bf16": torch.bfloat16, "f32": torch.float32,
            "f64": torch.float64}[FLOAT_SPECS[name]["FELEM"]]


def sum_bound(torch, dt, terms, count):
    """Worst-case error of adding `count` terms in any order: count * eps * sum |terms| (float64)."""
    return count * torch.finfo(dt).eps * terms


@pytest.mark.parametrize("name", list(FLOAT_SPECS))
@pytest.mark.parametrize("n,targets", [(1, None), (1000, None), (3000, 7)])
def test_float_rmw(torch, name, n, targets):
    dt = float_dtype(torch, name)
    block = FLOAT_SPECS[name]["BLOCK"]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + n)
    size = n if targets is None else targets
    guard = 16
    xs = [torch.randn(size + guard, generator=g, device="cuda").to(dt) for _ in range(3)]
    x0 = [x.clone() for x in xs]
    v = torch.randn(n, generator=g, device="cuda").to(dt)
    if targets is None:
        idx = torch.randperm(n, generator=g, device="cuda").to(torch.int32)
    else:
        idx = torch.randint(0, targets, (n,), generator=g, device="cuda", dtype=torch.int32)
    olds = [torch.full((n,), float("nan"), dtype=dt, device="cuda") for _ in range(3)]
    mod.frmw[((n + block - 1) // block,)](*xs, v, idx, *olds, n)
    torch.cuda.synchronize()
    xa, xm, xn = xs
    for x, x_0 in zip(xs, x0):
        assert torch.equal(x[size:], x_0[size:]), "an element no atomic targets changed"
    il = idx.long()
    if targets is None:
        for old, x_0 in zip(olds, x0):
            assert torch.equal(old, x_0[il]), f"old values, seed {SEED}"
        assert torch.equal(xa[il], (x0[0][il].double() + v.double()).to(dt)), f"fadd, seed {SEED}"
        assert torch.equal(xm[il], torch.maximum(x0[1][il], v)), f"max, seed {SEED}"
        assert torch.equal(xn[il], torch.minimum(x0[2][il], v)), f"min, seed {SEED}"
        return
    ref_max = x0[1][:size].double().scatter_reduce(0, il, v.double(), "amax").to(dt)
    ref_min = x0[2][:size].double().scatter_reduce(0, il, v.double(), "amin").to(dt)
    assert torch.equal(xm[:size], ref_max), f"max, seed {SEED}"
    assert torch.equal(xn[:size], ref_min), f"min, seed {SEED}"
    ref_sum = x0[0][:size].double().index_add(0, il, v.double())
    mags = x0[0][:size].double().abs().index_add(0, il, v.double().abs())
    count = torch.bincount(il, minlength=size).double() + 1
    err = (xa[:size].double() - ref_sum).abs()
    assert bool((err <= sum_bound(torch, dt, mags, count)).all()), f"fadd beyond the summation bound, seed {SEED}"


@pytest.mark.parametrize("name", list(FLOAT_SPECS))
@pytest.mark.parametrize("n,reps", [(2, 1), (1000, 1), (4094, 1), (1000, 64)])
def test_float_packed_add(torch, name, n, reps):
    dt = float_dtype(torch, name)
    block = FLOAT_SPECS[name]["BLOCK"]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + n + reps)
    guard = 64
    x = torch.randn(n + guard, generator=g, device="cuda").to(dt)
    x0 = x.clone()
    v = torch.randn(reps, n, generator=g, device="cuda").to(dt)
    old = torch.full((reps, n), float("nan"), dtype=dt, device="cuda")
    mod.fpack[((n + block - 1) // block, reps)](x, v, old, n)
    torch.cuda.synchronize()
    bits = {2: torch.int16, 4: torch.int32, 8: torch.int64}[dt.itemsize]
    assert torch.equal(x[n:].view(bits), x0[n:].view(bits)), "a masked-off lane changed memory"
    if reps == 1:
        assert torch.equal(old[0], x0[:n]), f"old values, seed {SEED}"
        assert torch.equal(x[:n], (x0[:n].double() + v[0].double()).to(dt)), f"seed {SEED}"
        return
    assert not bool(old.isnan().any()), "an old value was not written"
    ref = x0[:n].double() + v.double().sum(0)
    mags = x0[:n].double().abs() + v.double().abs().sum(0)
    err = (x[:n].double() - ref).abs()
    assert bool((err <= sum_bound(torch, dt, mags, reps + 1)).all()), f"seed {SEED}"


@pytest.mark.parametrize("name", list(FLOAT_SPECS))
@pytest.mark.parametrize("n", [1, 5, 200])
def test_float_bcast(torch, name, n):
    dt = float_dtype(torch, name)
    mod = module(name)
    ctr = torch.zeros(16 + 16, dtype=dt, device="cuda")
    out = torch.full((n, 16, 32), float("nan"), dtype=dt, device="cuda")
    mod.fbcast[(n,)](ctr, out)
    torch.cuda.synchronize()
    assert torch.equal(ctr[:16], torch.full((16,), n, dtype=dt, device="cuda")), "one atomic per element"
    assert torch.count_nonzero(ctr[16:]) == 0
    assert torch.equal(out, out[:, :, :1].expand(n, 16, 32)), "threads holding an element disagree"
    per_elem = torch.sort(out[:, :, 0], dim=0).values
    assert torch.equal(per_elem, torch.arange(n, dtype=dt, device="cuda")[:, None].expand(n, 16))


@pytest.mark.parametrize("name", ["f_w4_b1024_f16", "f_w2_b128_f64"])
@pytest.mark.parametrize("n", [1, 100, 3000])
def test_spin_lock(torch, name, n):
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + n)
    lock = torch.zeros(2, dtype=torch.int32, device="cuda")
    acc = torch.zeros(2, dtype=torch.int32, device="cuda")
    v = torch.randint(-1000, 1000, (n,), generator=g, device="cuda", dtype=torch.int32)
    mod.lock[(n,)](lock, acc, v)
    torch.cuda.synchronize()
    assert acc[0].item() == int(v.sum().item()), f"lost updates under the lock, seed {SEED}"
    assert lock.tolist() == [0, 0] and acc[1].item() == 0


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
