"""MoE routing with the compiler's kernels (kernels/moe_align.mlir.in, kernels/moe_histogram.mlir.in).

    from tessera import moe
    sorted_ids, expert_ids, num_post = moe.align(topk_ids, num_experts=128, block_m=64)
    counts = moe.histogram(topk_ids, e_start=32, e_local=32)      # remaps topk_ids in place

Specialisations (kernels/manifest.json, compiled by utils/prepare_gpu.sh into gpu/kernels/):
    moe_align_e{E}_bm{BM}   E experts per tile (>= the number routed), BM the GEMM row block
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

# Slots per step of @moe_count / @moe_scatter (the SUB of the manifest's specialisations) and the most programs
# the chunk choice aims for: @moe_offsets walks their counts sequentially, PB chunks per step.
_SUB = 64
_TARGET_PROGRAMS = 256


def _spec(num_experts: int, block_m: int, kdir=None):
    return _spec_cached(num_experts, block_m, str(kdir) if kdir is not None else str(_kernels.kernel_dir()))


@functools.lru_cache(maxsize=None)
def _spec_cached(num_experts: int, block_m: int, kdir: str):
    """(E, the three launchable kernels) of the smallest compiled E >= num_experts for this BM."""
    if block_m < 1 or block_m & (block_m - 1):
        raise ValueError(f"block_m must be a power of two, got {block_m}")
    have = {}
    for path in Path(kdir).glob("moe_align_e*_bm*.json"):
        m = re.fullmatch(r"moe_align_e(\d+)_bm(\d+)", path.stem)
        if m and int(m.group(2)) == block_m:
            have[int(m.group(1))] = path.stem
    fits = sorted(e for e in have if e >= num_experts)
    if not fits:
        raise FileNotFoundError(f"no compiled moe_align specialisation with BM={block_m} and E>={num_experts} "
                                f"(add one to kernels/manifest.json and run utils/prepare_gpu.sh)")
    mod = _kernels.module(have[fits[0]], kdir)
    return fits[0], (mod["moe_count"], mod["moe_offsets"], mod["moe_scatter"])


def chunk_for(n: int, sub: int = _SUB, target: int = _TARGET_PROGRAMS) -> int:
    """Slots per program of @moe_count/@moe_scatter: a multiple of `sub` giving at most ~`target` programs."""
    steps = max(1, -(-n // (sub * target)))
    return sub * steps


def capacity(n: int, e_local: int, block_m: int) -> int:
    """Length of sorted_ids that any routing of n slots over e_local experts fits."""
    return n + e_local * (block_m - 1)


def align(topk_ids, num_experts: int, block_m: int, *, e_start: int = 0, e_local: int | None = None,
          out=None, workspace=None, stream=None, kdir=None):
    """Block-aligned routing of `topk_ids` (int32 [T, top_k], contiguous, CUDA). With e_start/e_local (expert
    parallelism) ids in [e_start, e_start + e_local) become local ids and the others -1, in place, and only the
    local experts are routed. Returns (sorted_ids, expert_ids, num_post) as int32 tensors; `out` may pass them
    preallocated (capacity() and capacity() // block_m + 1 long), `workspace` an int32 tensor of at least
    (programs + 1) * E elements (programs = ceil(n / chunk_for(n)))."""
    e_local = num_experts if e_local is None else e_local
    E, (count, offsets, scatter) = _spec(e_local, block_m, kdir)
    ids = topk_ids
    if str(ids.dtype) != "torch.int32" or not ids.is_cuda or not ids.is_contiguous():
        raise ValueError("topk_ids must be a contiguous int32 CUDA tensor")
    n = ids.numel()
    sentinel = n
    chunk = chunk_for(n)
    programs = max(1, -(-n // chunk))
    if out is None:
        cap = capacity(n, e_local, block_m)
        sorted_ids = ids.new_empty(cap)
        expert_ids = ids.new_empty(cap // block_m + 1)
        num_post = ids.new_empty(1)
    else:
        sorted_ids, expert_ids, num_post = out
    if workspace is None:
        workspace = ids.new_empty((programs + 1) * E)
    counts, starts = workspace[: programs * E], workspace[programs * E: (programs + 1) * E]
    count.launch((programs,), ids, counts, n, chunk, e_start, e_local, stream=stream)
    offsets.launch((1,), counts, starts, sorted_ids, num_post, programs, sentinel, stream=stream)
    scatter.launch((programs,), ids, counts, starts, sorted_ids, expert_ids, n, chunk, e_local, stream=stream)
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
