"""MoE routing with the compiler's kernels (kernels/moe_align.mlir.in, kernels/moe_histogram.mlir.in).

    from tessera import moe
    sorted_ids, expert_ids, num_post = moe.align(topk_ids, num_experts=128, block_m=64)
    counts = moe.histogram(topk_ids, e_start=32, e_local=32)      # remaps topk_ids in place

Specialisations (kernels/manifest.json, compiled by utils/prepare_gpu.sh into gpu/kernels/):
    moe_align_e{E}_bm{BM}_c{CSUB}r{CWR}e{CWE}_s{SUB}w{WARPS}
                            E experts per tile (>= the number routed), BM the GEMM row block, @moe_count's rows
                            per step and warps along rows and E, @moe_scatter's rows per step and warps (three
                            per BM, see _TIERS)
    moe_align_small_e{E}_bm{BM}_w{WARPS}_c{CSUB}_s{SUB}
                            the whole routing in one launch of one program (kernels/moe_align_small.mlir.in), used
                            for n <= SMALL_MAX slots: its WARPS, slots per step of its count and scatter phases
    moe_histogram_b1024     1024 slots per program
The contract (docs/moe-routing.md) is that of moe_setup() in the Triton peers: sorted_ids[:num_post] holds the
token-slot ids (t * top_k + j) grouped by expert in ascending slot order, each expert's run padded to a multiple of
BM with the sentinel T * top_k; expert_ids[:num_post // BM] the expert of each BM-row block. Entries past num_post
are not written. Like the runtime, this module never imports torch: tensors are used through their methods only.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from . import kernels as _kernels
from .runtime import launch_prepared

# (most slots, (CSUB, CWR, CWE, SUB, WARPS), coarse programs, G): the specialisation and launch shape measured
# fastest on an H200 for each range of n (docs/moe-routing.md). Few slots: 16-row steps, one fine chunk per
# coarse chunk (the launches are latency-bound); up to 65,536 slots: @moe_count in 64-row steps (8 warps, 4
# along its rows, 2 along E) over ~128 coarse chunks of 4 fine chunks; more: 128-row steps over ~128 coarse
# chunks of 8. @moe_scatter above 1,024 slots: one warp per fine chunk in 4-row steps (no barrier at all).
_TIERS = ((1024, (16, 4, 1, 16, 4), 256, 1), (65536, (64, 4, 2, 4, 1), 128, 4), (None, (128, 4, 2, 4, 1), 128, 8))
_SPEC = re.compile(r"moe_align_e(\d+)_bm(\d+)_c(\d+)r(\d+)e(\d+)_s(\d+)w(\d+)")
# Up to SMALL_MAX slots one program of @moe_align_small does all of it in one launch. Its n * E one-hot work runs
# on one SM, ~20 ns a slot on an H200 (6.1 us at 8 slots, 15.7 at 512), against ~8.6-10.9 us for the three
# launches up to 512 slots: the limit is where it stops winning (docs/moe-routing.md). 0 turns the path off.
SMALL_MAX = 128
_SMALL_SPEC = re.compile(r"moe_align_small_e(\d+)_bm(\d+)_w(\d+)_c(\d+)_s(\d+)")


class Plan:
    """How align() routes n slots: the specialisation (E experts; @moe_count's CSUB rows per step and its warps
    along rows and E, @moe_scatter's SUB and warps) and the launch shape: `fine_chunk` slots per fine chunk
    (`scatter_programs` of them), `group` fine chunks per coarse chunk of `chunk` slots (`programs` of them)."""

    small = None  # set on a plan of the one-launch path (SmallPlan)

    def __init__(self, E: int, spec: tuple, chunk: int, group: int, n: int, kernels):
        self.E = E
        self.count_sub, self.count_warps_rows, self.count_warps_e, self.sub, self.warps = spec
        self.count_warps = self.count_warps_rows * self.count_warps_e
        self.chunk, self.group = chunk, group
        self.fine_chunk = chunk // group
        self.programs = max(1, -(-n // chunk))
        self.scatter_programs = max(1, -(-n // self.fine_chunk))
        self.count, self.offsets, self.scatter = kernels
        self.prepared: dict = {}  # align()'s packed launches per set of buffers

    def workspace_size(self) -> int:
        """int32 elements: coarse counts (programs * E), starts (E), fine counts (programs * group * E)."""
        return (self.programs * (1 + self.group) + 1) * self.E

    def __repr__(self) -> str:
        return (f"<moe.Plan E={self.E} count CSUB={self.count_sub} w={self.count_warps_rows}x{self.count_warps_e} "
                f"x{self.programs}, "
                f"scatter SUB={self.sub} w={self.warps} x{self.scatter_programs}, G={self.group}>")


class SmallPlan:
    """align()'s plan for few slots: one launch of one program of @moe_align_small (`small`, the kernel), in
    specialisation `name` (E experts, WARPS, CSUB and SUB slots per step of its count and scatter phases). It needs
    no workspace."""

    def __init__(self, E: int, name: str, spec: tuple, kernel):
        self.E, self.name, self.small = E, name, kernel
        self.warps, self.count_sub, self.sub = spec
        self.programs = self.scatter_programs = 1
        self.prepared: dict = {}

    def workspace_size(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"<moe.SmallPlan E={self.E} one program of {self.warps} warps, CSUB={self.count_sub} SUB={self.sub}>"


@functools.lru_cache(maxsize=None)
def _small_specs_cached(num_experts: int, block_m: int, kdir: str):
    """(E, name, (WARPS, CSUB, SUB)) of the one-launch specialisation with the smallest compiled E >= num_experts
    for this BM, or None when none is compiled."""
    have = {}
    for path in Path(kdir).glob("moe_align_small_e*_bm*.json"):
        m = _SMALL_SPEC.fullmatch(path.stem)
        if m and int(m.group(2)) == block_m and int(m.group(1)) >= num_experts:
            have.setdefault(int(m.group(1)), []).append((path.stem, tuple(int(g) for g in m.groups()[2:])))
    if not have:
        return None
    E = min(have)
    name, spec = min(have[E], key=lambda t: t[1])
    return E, name, spec


@functools.lru_cache(maxsize=None)
def _specs_cached(num_experts: int, block_m: int, kdir: str):
    """(E, {(CSUB, CWR, CWE, SUB, WARPS): spec name}) of the smallest compiled E >= num_experts for this BM."""
    if block_m < 1 or block_m & (block_m - 1):
        raise ValueError(f"block_m must be a power of two, got {block_m}")
    have: dict[int, dict[tuple, str]] = {}
    for path in Path(kdir).glob("moe_align_e*_bm*_c*_s*.json"):
        m = _SPEC.fullmatch(path.stem)
        if m and int(m.group(2)) == block_m:
            have.setdefault(int(m.group(1)), {})[tuple(int(g) for g in m.groups()[2:])] = path.stem
    fits = sorted(e for e in have if e >= num_experts)
    if not fits:
        raise FileNotFoundError(f"no compiled moe_align specialisation with BM={block_m} and E>={num_experts} "
                                f"(add one to kernels/manifest.json and run utils/prepare_gpu.sh)")
    return fits[0], have[fits[0]]


def chunk_for(n: int, sub: int, target: int = 256) -> int:
    """A multiple of `sub` cutting n slots into at most ~`target` chunks."""
    steps = max(1, -(-n // (sub * target)))
    return sub * steps


def plan(n: int, num_experts: int, block_m: int, kdir=None, small_max: int | None = None):
    """The specialisation and launch shape align() uses for n slots: a SmallPlan (one launch) for n <= small_max
    (default SMALL_MAX) when a moe_align_small specialisation for this BM is compiled, else a Plan of three
    launches (the _TIERS entry for n, or the compiled specialisation nearest to it). Cached: an eager call should
    cost little more than its launches."""
    small_max = SMALL_MAX if small_max is None else small_max
    kdir = str(kdir) if kdir is not None else _default_kdir(os.environ.get("TESSERA_KERNEL_DIR"))
    if n <= small_max:
        sp = _small_plan_cached(num_experts, block_m, kdir)
        if sp is not None:
            return sp
    return _plan_cached(n, num_experts, block_m, kdir)


@functools.lru_cache(maxsize=16)
def _default_kdir(env) -> str:
    """str(kernels.kernel_dir()) for this value of $TESSERA_KERNEL_DIR, cached: building the path each call was
    ~4 us of align()'s ~6.5 us of host time."""
    return str(_kernels.kernel_dir())


@functools.lru_cache(maxsize=None)
def _small_plan_cached(num_experts: int, block_m: int, kdir: str):
    if block_m < 1 or block_m & (block_m - 1):
        raise ValueError(f"block_m must be a power of two, got {block_m}")
    found = _small_specs_cached(num_experts, block_m, kdir)
    if found is None:
        return None
    E, name, spec = found
    return SmallPlan(E, name, spec, _kernels.module(name, kdir)["moe_align_small"])


@functools.lru_cache(maxsize=4096)
def _plan_cached(n: int, num_experts: int, block_m: int, kdir: str) -> Plan:
    E, specs = _specs_cached(num_experts, block_m, kdir)
    want, target, group = next((sp, t, g) for most, sp, t, g in _TIERS if most is None or n <= most)
    # The wanted one, else the nearest in log2 of each field.
    spec = min(specs, key=lambda sp: (sum(abs(a.bit_length() - b.bit_length()) for a, b in zip(sp, want)), sp))
    mod = _kernels.module(specs[spec], kdir)
    kernels = (mod["moe_count"], mod["moe_offsets"], mod["moe_scatter"])
    # A fine chunk is whole steps of both kernels; ~target * group of them.
    fine = chunk_for(n, max(spec[0], spec[3]), target * group)
    return Plan(E, spec, fine * group, group, n, kernels)


def capacity(n: int, e_local: int, block_m: int) -> int:
    """Length of sorted_ids that any routing of n slots over e_local experts fits."""
    return n + e_local * (block_m - 1)


def align(topk_ids, num_experts: int, block_m: int, *, e_start: int = 0, e_local: int | None = None,
          out=None, workspace=None, stream=None, kdir=None, small_max: int | None = None):
    """Block-aligned routing of `topk_ids` (int32 [T, top_k], contiguous, CUDA). With e_start/e_local (expert
    parallelism) ids in [e_start, e_start + e_local) become local ids and the others -1, in place, and only the
    local experts are routed. Returns (sorted_ids, expert_ids, num_post) as int32 tensors; `out` may pass them
    preallocated (capacity() and capacity() // block_m + 1 long), `workspace` an int32 tensor of at least
    plan(n, ...).workspace_size() elements (none for n <= small_max, default SMALL_MAX: one launch)."""
    e_local = num_experts if e_local is None else e_local
    ids = topk_ids
    i32 = _int32_of(ids)
    if ids.dtype is not i32 or not ids.is_cuda or not ids.is_contiguous():
        raise ValueError("topk_ids must be a contiguous int32 CUDA tensor")
    n = ids.numel()
    p = plan(n, e_local, block_m, kdir, small_max)
    if out is None:
        cap = capacity(n, e_local, block_m)
        sorted_ids = ids.new_empty(cap)
        expert_ids = ids.new_empty(cap // block_m + 1)
        num_post = ids.new_empty(1)
    else:
        sorted_ids, expert_ids, num_post = out
    if workspace is None:
        workspace = ids.new_empty(p.workspace_size())
    # The launches (one or three), packed once per set of buffers (an eager caller that reuses its buffers pays
    # its cuLaunchKernel calls and little else). The key holds every value packed, so a hit launches exactly what a
    # fresh packing would; the dtype test keeps a non-int32 tensor that reuses an address from slipping through.
    for t in (sorted_ids, expert_ids, num_post, workspace):
        if t.dtype is not i32:
            raise TypeError(f"moe.align: outputs and workspace must be int32, got {t.dtype}")
    # n too: a SmallPlan serves every n up to small_max (a Plan is per n), and freed buffers' addresses come back.
    key = (ids.data_ptr(), sorted_ids.data_ptr(), expert_ids.data_ptr(), num_post.data_ptr(), workspace.data_ptr(),
           ids.get_device(), e_start, e_local, n)
    launches = p.prepared.get(key)
    if launches is None:
        if workspace.numel() < p.workspace_size():
            raise ValueError(f"moe.align: workspace needs {p.workspace_size()} int32 elements, "
                             f"has {workspace.numel()}")
        if p.small is not None:
            # One program; the sentinel is n, taken from its n argument.
            launches = (p.small.prepare((1,), ids, sorted_ids, expert_ids, num_post, n, e_start, e_local),)
        else:
            launches = _three_launches(p, ids, sorted_ids, expert_ids, num_post, workspace, n, e_start, e_local)
        if len(p.prepared) >= _PREPARED_PER_PLAN:
            p.prepared.clear()
        p.prepared[key] = launches
    launch_prepared(launches, stream)
    return sorted_ids, expert_ids, num_post


def _three_launches(p, ids, sorted_ids, expert_ids, num_post, workspace, n, e_start, e_local):
    """@moe_count, @moe_offsets and @moe_scatter of plan p, packed."""
    E, P, G = p.E, p.programs, p.group
    counts, starts = workspace[: P * E], workspace[P * E: (P + 1) * E]
    fine = workspace[(P + 1) * E: (P * (1 + G) + 1) * E]
    # The sentinel of padding slots is n = T * top_k, one past the last slot id.
    return (p.count.prepare((P,), ids, counts, fine, n, p.chunk, p.fine_chunk, e_start, e_local),
            p.offsets.prepare((1,), counts, starts, sorted_ids, num_post, P, n),
            p.scatter.prepare((p.scatter_programs,), ids, counts, fine, starts, sorted_ids, expert_ids, n,
                              p.fine_chunk, G, e_local))


# Buffer sets remembered per plan; a caller that allocates fresh outputs each call cycles through this many.
_PREPARED_PER_PLAN = 64
_INT32 = []


def _int32_of(t):
    """torch.int32 (found through the tensor, never by importing torch), cached after the first int32 tensor."""
    if not _INT32 and str(t.dtype) == "torch.int32":
        _INT32.append(t.dtype)
    return _INT32[0] if _INT32 else None


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
