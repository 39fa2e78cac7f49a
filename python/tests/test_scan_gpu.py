"""tile.scan on a GPU: kernels/test_scan.mlir.in, specialised as SPECS lists, against PyTorch references.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_scan_gpu.py            # -> gpu/scan/NAME.{ptx,json} (TESSERA_COMPILE overrides
                                                     #    the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_scan_gpu.py

Each specialisation holds two kernels: @scan_row (one program per row of BLOCK) and @scan_tile (an R x C tile
scanned along AXIS). Each scans the same data three ways:
- i32 cumsum against torch.cumsum, exact (mod 2^32: inputs span the whole int32 range, so sums wrap);
- f32 cumsum against a float64 cumsum: exact on "ties" data (multiples of 1/4, whose partial sums f32 holds
  exactly), within 64 * 2^-24 * cumsum(|v|) on randn data (a bound for any summation tree of depth <= 64;
  the lowering's tree has depth <= log2(length) + registers per thread);
- a running argmax (value, index) with two operands: exact; ties (frequent in "ties" data) keep the element
  that comes first in scan order.
`reverse` specialisations scan from the end (references flip, scan, flip back). Lengths include the whole tile,
ragged ones and 1; outputs start as poison in buffers with a guard tail that must stay poison; inputs must stay
unchanged. Every failure message carries the seed (TESSERA_TEST_SEED=S reruns with the same data).
"""
import os
import sys
import zlib
from pathlib import Path

import pytest
from conftest import compile_specs, load_prepared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
SCAN_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "scan"
SOURCE = REPO / "kernels" / "test_scan.mlir.in"
GUARD = 256
POISON_I32 = -559038737  # 0xDEADBEEF
BASE_SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))

# name: (warps, BLOCK, R, C, AXIS, reverse). Blocked layouts from tile-to-tgpu (4 elements per thread where
# the tile allows): the axis spreads over registers, lanes, warps and, past the CTA tile, more registers.
SPECS = {
    "w1_b32":        (1, 32, 8, 32, 1, False),      # lanes only; 2-D rows inside a warp
    "w1_b128_rev":   (1, 128, 16, 16, 0, True),
    "w1_b512":       (1, 512, 64, 8, 0, False),     # one warp, 4 repetitions: register | lane | register
    "w2_b2048_rev":  (2, 2048, 128, 4, 0, True),
    "w4_b64":        (4, 64, 2, 16, 1, False),      # smaller than the CTA: lanes and warps hold copies
    "w4_b256":       (4, 256, 16, 64, 1, False),    # register | lane | warp
    "w4_b256_rev":   (4, 256, 16, 64, 0, True),
    "w4_b1024":      (4, 1024, 64, 16, 0, False),   # longer than the CTA: register | lane | warp | register
    "w4_b1024_rev":  (4, 1024, 64, 16, 1, True),
    "w4_b16_rev":    (4, 16, 256, 2, 0, True),
    "w8_b4096":      (8, 4096, 32, 128, 0, False),
    "w8_b4096_rev":  (8, 4096, 32, 128, 1, True),
}


def defines(spec):
    warps, block, r, c, axis, rev = spec
    return {"WARPS": warps, "BLOCK": block, "R": r, "C": c, "AXIS": axis, "IDX": "cb" if axis == 1 else "rb",
            "REV": "reverse" if rev else "{}"}


def compile_all(compiler=None):
    return compile_specs(SCAN_DIR, [(name, SOURCE, defines(spec)) for name, spec in SPECS.items()], compiler,
                         extra=["--cubin"])


# --- fixtures and helpers -------------------------------------------------------------------------------------

def module(name):
    return load_prepared(SCAN_DIR, name, "test_scan_gpu.py")


def cdiv(a, b):
    return (a + b - 1) // b


def make_inputs(torch, shape, data, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    x = torch.randint(-2**31, 2**31, shape, dtype=torch.int64, device="cuda", generator=g).to(torch.int32)
    if data == "ties":
        v = torch.randint(-8, 9, shape, device="cuda", generator=g).float() / 4
    else:
        v = torch.randn(shape, device="cuda", generator=g)
    return x.contiguous(), v.contiguous()


def outputs(torch, numel):
    return (torch.full((numel + GUARD,), POISON_I32, dtype=torch.int32, device="cuda"),
            torch.full((numel + GUARD,), float("nan"), device="cuda"),
            torch.full((numel + GUARD,), float("nan"), device="cuda"),
            torch.full((numel + GUARD,), POISON_I32, dtype=torch.int32, device="cuda"))


def references(torch, x, v, dim, reverse):
    """(i32 cumsum mod 2^32, float64 cumsum, bound on |f32 error|, running max, its index), along `dim`."""
    flip = (lambda t: t.flip(dim)) if reverse else (lambda t: t)
    xs = flip(torch.cumsum(flip(x.long()), dim)) & 0xFFFFFFFF
    vd = v.double()
    fs = flip(torch.cumsum(flip(vd), dim))
    bound = 64 * 2.0**-24 * flip(torch.cumsum(flip(vd.abs()), dim))
    # Running max in scan order; its index is the first position (in scan order) where the running max
    # reaches its value: the running max is non-decreasing, so searchsorted finds it.
    vm = flip(v).movedim(dim, -1).contiguous()
    run = torch.cummax(vm, dim=-1).values
    first = torch.searchsorted(run, run, right=False)
    length = vm.shape[-1]
    idx = (length - 1 - first) if reverse else first
    return (xs, fs, bound, flip(run.movedim(-1, dim)), flip(idx.movedim(-1, dim)).to(torch.int32))


def check(torch, what, x, v, outs, numel, shape, dim, reverse, data, x0, v0):
    s, f, mv, mi = (o[:numel].view(shape) for o in outs)
    assert torch.equal(x, x0) and torch.equal(v, v0), f"{what}: an input changed"
    for o, poison in zip(outs, (POISON_I32, None, None, POISON_I32)):
        tail = o[numel:]
        bad = ~tail.isnan() if poison is None else tail != poison
        assert not bad.any(), f"{what}: wrote past the end ({int(bad.sum())} guard elements changed)"
    xs, fs, bound, rmax, ridx = references(torch, x, v, dim, reverse)

    sw = s.long() & 0xFFFFFFFF
    if not torch.equal(sw, xs):
        bad = (sw != xs).nonzero()
        raise AssertionError(f"{what}: i32 cumsum differs at {bad.shape[0]} of {numel} elements, first at "
                             f"{bad[0].tolist()}: got {int(sw[tuple(bad[0])])}, want {int(xs[tuple(bad[0])])}")
    assert not f.isnan().any(), f"{what}: f32 cumsum has {int(f.isnan().sum())} NaN (unwritten) elements"
    err = (f.double() - fs).abs()
    lim = torch.zeros_like(bound) if data == "ties" else bound
    if (err > lim).any():
        flat = int((err - lim).flatten().argmax())
        raise AssertionError(f"{what}: f32 cumsum off by {float(err.flatten()[flat]):.3e} "
                             f"(allowed {float(lim.flatten()[flat]):.3e}) at flat index {flat}: got "
                             f"{float(f.flatten()[flat])}, want {float(fs.flatten()[flat])}")
    if not torch.equal(mv, rmax):
        bad = (mv != rmax).nonzero()
        raise AssertionError(f"{what}: running max differs at {bad.shape[0]} elements, first at "
                             f"{bad[0].tolist()}: got {float(mv[tuple(bad[0])])}, want {float(rmax[tuple(bad[0])])}")
    if not torch.equal(mi, ridx):
        bad = (mi != ridx).nonzero()
        raise AssertionError(f"{what}: running argmax differs at {bad.shape[0]} elements, first at "
                             f"{bad[0].tolist()}: got {int(mi[tuple(bad[0])])}, want {int(ridx[tuple(bad[0])])}")


def seed_for(*key):
    return zlib.crc32(f"{BASE_SEED}:{key}".encode())


# --- tests ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", ["randn", "ties"])
@pytest.mark.parametrize("name", list(SPECS))
def test_scan_row(torch, name, data):
    warps, block, _, _, _, rev = SPECS[name]
    mod = module(name)
    for n in sorted({block, max(1, block - 3), block // 2 + 1, 1}):
        m = 3
        seed = seed_for(name, data, "row", n)
        what = f"{name} scan_row n={n} {data} (TESSERA_TEST_SEED={BASE_SEED}, case seed {seed})"
        x, v = make_inputs(torch, (m, n), data, seed)
        x0, v0 = x.clone(), v.clone()
        outs = outputs(torch, m * n)
        mod.scan_row[(m,)](x, v, *outs, n)
        torch.cuda.synchronize()
        check(torch, what, x, v, outs, m * n, (m, n), 1, rev, data, x0, v0)


@pytest.mark.parametrize("data", ["randn", "ties"])
@pytest.mark.parametrize("name", list(SPECS))
def test_scan_tile(torch, name, data):
    warps, _, r, c, axis, rev = SPECS[name]
    mod = module(name)
    if axis == 1:
        shapes = [(2 * r + 3, c), (r, max(1, c - 1)), (1, 1)]
    else:
        shapes = [(r, 2 * c + 1), (max(1, r - 1), c), (1, 1)]
    for m, n in shapes:
        seed = seed_for(name, data, "tile", m, n)
        what = f"{name} scan_tile {m}x{n} axis={axis} {data} (TESSERA_TEST_SEED={BASE_SEED}, case seed {seed})"
        x, v = make_inputs(torch, (m, n), data, seed)
        x0, v0 = x.clone(), v.clone()
        outs = outputs(torch, m * n)
        mod.scan_tile[(cdiv(m, r), cdiv(n, c))](x, v, *outs, m, n)
        torch.cuda.synchronize()
        check(torch, what, x, v, outs, m * n, (m, n), axis, rev, data, x0, v0)


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
