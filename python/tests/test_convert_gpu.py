"""tgpu.convert_layout on a GPU: kernels/test_convert.mlir.in specialised as SPECS, exact against the input.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_convert_gpu.py         # -> gpu/convert/NAME.{ptx,json} (TESSERA_COMPILE overrides
                                                     #    the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_convert_gpu.py

Each specialisation reads an R x C tile in layout A, stores it back from A (y1) and from B after a
tgpu.convert_layout (y2): both must equal the input bit for bit, and a guard tail past the tile must keep its
poison. The pairs cover the three ways a conversion lowers, and the PTX is checked for the one expected:
- "shuffle": every element stays in its warp and tgpu::planWarpShuffle finds rounds (shfl.sync.idx, no
  barrier, no shared memory); among them receivers that rotate their registers, senders that select theirs,
  and broadcast lanes;
- "select": every thread already holds what it needs, but lanes or warps differ (broadcast over other lanes,
  a register chosen by the warp): per-thread selects among its own registers (no shuffle, no barrier, no
  shared memory);
- "smem": elements change warps (shared memory, a barrier).
Element types of 8, 16, 32 and 64 bits (64-bit values move as two 32-bit shuffles, narrow ones widened).
Every failure message carries the seed (TESSERA_TEST_SEED=S reruns with the same data).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import compiler_path, load_prepared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
CONVERT_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "convert"
SOURCE = REPO / "kernels" / "test_convert.mlir.in"
GUARD = 64
BASE_SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))


def blocked(spt, tpw, wpc, order):
    def fmt(v):
        return "[" + ", ".join(map(str, v)) + "]"
    return (f"#tgpu.blocked<{{sizePerThread = {fmt(spt)}, threadsPerWarp = {fmt(tpw)}, "
            f"warpsPerCTA = {fmt(wpc)}, order = {fmt(order)}}}>")


# name: (R, C, warps, layout A, layout B, expected path)
PAIRS = {
    # Warp w holds rows 8w..8w+7 in both; one sender lane holds four columns its receivers need in four
    # rounds: receivers rotate which register each round fills.
    "rows_w4": (32, 16, 4, blocked([1, 4], [8, 4], [4, 1], [1, 0]), blocked([4, 1], [2, 16], [4, 1], [1, 0]),
                "shuffle"),
    # A row per lane vs columns across lanes, one warp: which register a lane sends depends on who
    # receives it (sender-side selects).
    "transpose_w1": (32, 8, 1, blocked([1, 8], [32, 1], [1, 1], [1, 0]), blocked([4, 1], [4, 8], [1, 1], [0, 1]),
                     "shuffle"),
    # A 4x4 tile on 32 lanes (every element in two lanes), by rows vs by columns.
    "bcast_w1": (4, 4, 1, blocked([1, 1], [4, 8], [1, 1], [1, 0]), blocked([1, 1], [8, 4], [1, 1], [0, 1]),
                 "shuffle"),
    # 4 warps, a 64x64 tile repeated in registers; warps keep their rows.
    "tall_w4": (64, 64, 4, blocked([1, 8], [4, 8], [4, 1], [1, 0]), blocked([2, 4], [2, 16], [4, 1], [1, 0]),
                "shuffle"),
    # A row of a 4x4 tile per thread (lanes 0-7 copies) vs one element per thread (lanes l and l ^ 4 copies):
    # the layouts broadcast over different lanes; lane l selects its register l & 3.
    "bcast_lanes_w1": (4, 4, 1, blocked([1, 4], [4, 8], [1, 1], [1, 0]), blocked([1, 1], [4, 8], [1, 1], [1, 0]),
                       "select"),
    # Every warp holds all four rows (warps wrap around the columns) vs warp w holding row w: register w.
    "by_warp_w4": (4, 32, 4, blocked([1, 1], [1, 32], [1, 4], [1, 0]), blocked([1, 1], [1, 32], [4, 1], [1, 0]),
                   "select"),
    # 16x16 on 4 warps that all wrap around (copies), lane bit 3 a copy in A only: selects keyed on lanes.
    "lanes_w4": (16, 16, 4, blocked([2, 2], [2, 16], [1, 4], [1, 0]), blocked([1, 2], [4, 8], [1, 4], [1, 0]),
                 "select"),
    # A column block per thread copied over all warps vs rows split over warps and lanes: selects keyed on
    # lanes and warps (16 candidates).
    "lanes_warps_w4": (16, 16, 4, blocked([1, 4], [1, 32], [1, 4], [1, 0]), blocked([1, 4], [4, 8], [4, 1], [1, 0]),
                       "select"),
    # A slice (the 2-D result of reducing a 3-D tile along lanes 0-1, which now hold copies) vs a blocked
    # layout that gives each thread a part of the row it already holds: selects keyed on lanes.
    "slice_w4": (8, 16, 4, "#tgpu.slice<{dim = 2, parent = " + blocked([1, 1, 1], [8, 1, 4], [4, 1, 1], [2, 1, 0]) + "}>",
                 blocked([1, 4], [8, 4], [4, 1], [1, 0]), "select"),
    # Warps along rows vs along columns: shared memory.
    "warps_w4": (32, 16, 4, blocked([1, 4], [8, 4], [4, 1], [1, 0]), blocked([1, 1], [32, 1], [1, 4], [0, 1]),
                 "smem"),
}
TYPES = {"f32": "float32", "f16": "float16", "i64": "int64", "i8": "int8"}
SPECS = {f"{pair}_{t}": (pair, t) for pair in PAIRS for t in TYPES}


def defines(name):
    pair, t = SPECS[name]
    r, c, warps, a, b, _ = PAIRS[pair]
    return {"R": r, "C": c, "WARPS": warps, "A": a, "B": b, "T": t}


def substitute(text, values):
    for k, v in values.items():
        text = text.replace("${" + k + "}", str(v))
    assert "${" not in text, "unfilled placeholder"
    return text


def compile_all(compiler=None):
    """From tgpu on, so the test's layouts reach the lowering unchanged: tessera-opt runs the shared-memory
    allocation and convert-tgpu-to-llvm, tessera-compile (beside it) takes the LLVM dialect to PTX + JSON."""
    compiler = compiler_path(compiler)
    opt = str(Path(compiler).with_name("tessera-opt"))
    CONVERT_DIR.mkdir(parents=True, exist_ok=True)
    template = SOURCE.read_text()
    failed = []
    for name in SPECS:
        tgpu_file, llvm_file = CONVERT_DIR / f"{name}.tgpu.mlir", CONVERT_DIR / f"{name}.llvm.mlir"
        tgpu_file.write_text(substitute(template, defines(name)))
        log = ""
        for cmd in ([opt, str(tgpu_file), "--tgpu-allocate-shared-memory", "--convert-tgpu-to-llvm",
                     "-o", str(llvm_file)],
                    [compiler, str(llvm_file), "--sm=90a", "-o", str(CONVERT_DIR / f"{name}.ptx")]):
            p = subprocess.run(cmd, capture_output=True, text=True)
            log += " ".join(cmd) + "\n" + p.stdout + p.stderr
            if p.returncode:
                failed.append(name)
                (CONVERT_DIR / f"{name}.compile_error").write_text(log)
                break
        print(f"{name}: {'FAILED' if name in failed else 'ok'}", file=sys.stderr)
    return failed


def module(name):
    return load_prepared(CONVERT_DIR, name, "test_convert_gpu.py")


def test_specs_cover_every_pair_and_type():
    assert {SPECS[n] for n in SPECS} == {(p, t) for p in PAIRS for t in TYPES}
    assert {PAIRS[p][5] for p in PAIRS} == {"shuffle", "select", "smem"}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_conversion_path_in_ptx(name):
    """The PTX takes the path the pair is meant to exercise (checked where the PTX exists)."""
    path = CONVERT_DIR / f"{name}.ptx"
    if not path.exists():
        pytest.skip("PTX not prepared (python3 python/tests/test_convert_gpu.py)")
    ptx = path.read_text()
    path_kind = PAIRS[SPECS[name][0]][5]
    if path_kind == "shuffle":
        assert "shfl.sync.idx" in ptx and "bar.sync" not in ptx and ".shared" not in ptx
    elif path_kind == "select":
        assert "shfl.sync" not in ptx and "bar.sync" not in ptx and ".shared" not in ptx
    else:
        assert "bar.sync" in ptx and "shfl.sync.idx" not in ptx


@pytest.mark.parametrize("name", sorted(SPECS))
def test_convert_layout_exact(torch, name):
    pair, t = SPECS[name]
    r, c, warps, _, _, _ = PAIRS[pair]
    dtype = getattr(torch, TYPES[t])
    seed = BASE_SEED + sum(map(ord, name))
    g = torch.Generator(device="cuda").manual_seed(seed)
    n = r * c
    if dtype.is_floating_point:
        x = torch.randn(n, device="cuda", generator=g).to(dtype)
        poison = float("nan")
    else:
        info = torch.iinfo(dtype)
        x = torch.randint(info.min, info.max, (n,), dtype=dtype, device="cuda", generator=g)
        poison = info.min
    # Distinct values, so a misplaced element cannot go unnoticed.
    assert x.unique().numel() > n // 2 or dtype == torch.int8
    y1 = torch.full((n + GUARD,), poison, dtype=dtype, device="cuda")
    y2 = torch.full((n + GUARD,), poison, dtype=dtype, device="cuda")
    mod = module(name)
    mod.convert[(1,)](x, y1, y2)
    torch.cuda.synchronize()
    for label, y in (("from A", y1), ("after convert_layout", y2)):
        got = y[:n].view(torch.uint8) if dtype.is_floating_point else y[:n]
        want = x.view(torch.uint8) if dtype.is_floating_point else x
        bad = (got != want).nonzero().flatten()
        assert bad.numel() == 0, f"{name} {label}: {bad.numel()} wrong, first at {bad[:8].tolist()} (seed {seed})"
        tail = y[n:]
        kept = tail.isnan().all() if dtype.is_floating_point else (tail == poison).all()
        assert kept, f"{name} {label}: wrote past the tile (seed {seed})"


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
