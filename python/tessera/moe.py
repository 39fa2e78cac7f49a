"""MoE routing with the compiler's kernels (kernels/moe_align.mlir.in, kernels/moe_histogram.mlir.in).

    from tessera import moe
    sorted_ids, expert_ids, num_post = moe.align(topk_ids, num_experts=128, block_m=64)
    counts = moe.histogram(topk_ids, e_start=32, e_local=32)      # remaps topk_ids in place

Specialisations (kernels/manifest.json, compiled by utils/prepare_gpu.sh into gpu/kernels/):
    moe_align_e{E}_bm{BM}_s{SUB}   E experts per tile (>= the number routed), BM the GEMM row block, SUB slots
                                   per step (three per BM, see _TIERS)
    moe_histogram_b1024     1024 slots per program
The contract (docs/moe-routing.md) is that of moe_setup() in the Triton peers: sorted_ids[:num_post] holds the
token-slot ids (t * top_k + j) grouped by expert in ascending slot order, each expert's run padded to a multiple of
BM with the sentinel T * top_k; expert_ids[:num_post // BM] the expert of each BM-row block. Entries past num_post
are not written. Like the runtime, this module never imports torch: tensors are used through their methods only.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from . import kernels as _kernels

# The chunk choice aims for at most this many programs: @moe_offsets walks their counts sequentially.
_TARGET_PROGRAMS = 256
# (most slots, SUB, most programs): the configuration measured fastest on an H200 for each range of n
# (docs/moe-routing.md). Few slots: small steps, the launches are latency-bound; a few tens of thousands:
# 128-row steps over at most 128 programs; more: 64-row steps over at most 256 programs.
_TIERS = ((1024, 16, 256), (32768, 128, 128), (None, 64, 256))


class Plan:
    """How align() routes n slots: the specialisation (E experts, SUB rows per step) and its launch shape."""

    def __init__(self, E: int, sub: int, warps: int, chunk: int, programs: int, kernels):
        self.E, self.sub, self.warps, self.chunk, self.programs = E, sub, warps, chunk, programs
        self.count, self.offsets, self.scatter = kernels

    def workspace_size(self) -> int:
        return (self.programs + 1) * self.E


@functools.lru_cache(maxsize=None)
def _specs_cached(num_experts: int, block_m: int, kdir: str):
    """(E, {SUB: spec name}) of the smallest compiled E >= num_experts for this BM."""
    if block_m < 1 or block_m & (block_m - 1):
        raise ValueError(f"block_m must be a power of two, got {block_m}")
    have: dict[int, dict[int, str]] = {}
    for path in Path(kdir).glob("moe_align_e*_bm*_s*.json"):
        m = re.fullmatch(r"moe_align_e(\d+)_bm(\d+)_s(\d+)", path.stem)
        if m and int(m.group(2)) == block_m:
            have.setdefault(int(m.group(1)), {})[int(m.group(3))] = path.stem
    fits = sorted(e for e in have if e >= num_experts)
    if not fits:
        raise FileNotFoundError(f"no compiled moe_align specialisation with BM={block_m} and E>={num_experts} "
                                f"(add one to kernels/manifest.json and run utils/prepare_gpu.sh)")
    return fits[0], have[fits[0]]


def chunk_for(n: int, sub: int, target: int = _TARGET_PROGRAMS) -> int:
    """Slots per program of @moe_count/@moe_scatter: a multiple of `sub` giving at most ~`target` programs."""
    steps = max(1, -(-n // (sub * target)))
    return sub * steps


def plan(n: int, num_experts: int, block_m: int, kdir=None) -> Plan:
    """The specialisation and launch shape align() uses for n slots (the _TIERS entry for n, or the nearest
    compiled SUB). Cached: an eager call should cost little more than its three launches."""
    return _plan_cached(n, num_experts, block_m, str(kdir) if kdir is not None else str(_kernels.kernel_dir()))


@functools.lru_cache(maxsize=4096)
def _plan_cached(n: int, num_experts: int, block_m: int, kdir: str) -> Plan:
    E, by_sub = _specs_cached(num_experts, block_m, kdir)
    want, target = next((s, t) for most, s, t in _TIERS if most is None or n <= most)
    sub = min(by_sub, key=lambda s: (abs(s.bit_length() - want.bit_length()), s))
    mod = _kernels.module(by_sub[sub], kdir)
    kernels = (mod["moe_count"], mod["moe_offsets"], mod["moe_scatter"])
    warps = kernels[0].info.threads_per_block // 32
    chunk = chunk_for(n, sub, target)
    return Plan(E, sub, warps, chunk, max(1, -(-n // chunk)), kernels)


def capacity(n: int, e_local: int, block_m: int) -> int:
    """Length of sorted_ids that any routing of n slots over e_local experts fits."""
    return n + e_local * (block_m - 1)


def align(topk_ids, num_experts: int, block_m: int, *, e_start: int = 0, e_local: int | None = None,
          out=None, workspace=None, stream=None, kdir=None):
    """Block-aligned routing of `topk_ids` (int32 [T, top_k], contiguous, CUDA). With e_start/e_local (expert
    parallelism) ids in [e_start, e_start + e_local) become local ids and the others -1, in place, and only the
    local experts are routed. Returns (sorted_ids, expert_ids, num_post) as int32 tensors; `out` may pass them
    preallocated (capacity() and capacity() // block_m + 1 long), `workspace` an int32 tensor of at least
    plan(n, ...).workspace_size() elements."""
    e_local = num_experts if e_local is None else e_local
    ids = topk_ids
    if str(ids.dtype) != "torch.int32" or not ids.is_cuda or not ids.is_contiguous():
        raise ValueError("topk_ids must be a contiguous int32 CUDA tensor")
    n = ids.numel()
    p = plan(n, e_local, block_m, kdir)
    if out is None:
        cap = capacity(n, e_local, block_m)
        sorted_ids = ids.new_empty(cap)
        expert_ids = ids.new_empty(cap // block_m + 1)
        num_post = ids.new_empty(1)
    else:
        sorted_ids, expert_ids, num_post = out
    if workspace is None:
        workspace = ids.new_empty(p.workspace_size())
    E, P = p.E, p.programs
    counts, starts = workspace[: P * E], workspace[P * E: (P + 1) * E]
    # The sentinel of padding slots is n = T * top_k, one past the last slot id.
    p.count.launch((P,), ids, counts, n, p.chunk, e_start, e_local, stream=stream)
    p.offsets.launch((1,), counts, starts, sorted_ids, num_post, P, n, stream=stream)
    p.scatter.launch((P,), ids, counts, starts, sorted_ids, expert_ids, n, p.chunk, e_local, stream=stream)
    return sorted_ids, expert_ids, num_post


_HIST_BLOCK = 1024


def histogram(topk_ids, e_start: int = 0, e_local: int | None = None, counts=None, *, num_experts: int | None = None,
              stream=None, kdir=None):
    """counts[e] = number of slots routed to local expert e; ids remapped in place (id - e_start inside
    [e_start, e_start + e_local), else -1). `counts` (int32, e_local long) must be zero; allocated when None."""
    if e_local is None:
        if num_experts is None:
            raise ValueError("give e_local or num_experts")
        e_local = num_experts
    n = topk_ids.numel()
    if counts is None:
        counts = topk_ids.new_zeros(e_local)
    mod = _kernels.module(f"moe_histogram_b{_HIST_BLOCK}", kdir)
    mod["moe_histogram"][(max(1, -(-n // _HIST_BLOCK)),)](topk_ids, counts, n, e_start, e_local, stream=stream)
    return counts
