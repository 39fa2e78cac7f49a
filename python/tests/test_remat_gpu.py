"""A float sum used in two layouts on a GPU (kernels/test_remat.mlir.in): both uses must be bit-identical.

tgpu-remat-layouts may rebuild a conversion's source in the target layout, but never a float-add reduction
that is also used where it is: the copy would add in another order and could differ in the last bits. The
kernel stores every row sum from the reduction's layout (out1) and, through a conversion, from a layout where
warps hold other rows (out2); the test checks out1 == out2 bit for bit, both against a float64 reference, and
that the data is order-sensitive (a different summation order does change some f32 sums), so a duplicated
reduction would be caught.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_remat_gpu.py           # -> $TESSERA_GPU_DIR/remat/NAME.{ptx,json} (TESSERA_COMPILE
                                                     #    overrides the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_remat_gpu.py
Outputs start as NaN with a guard tail that must stay NaN; rows are ragged (n not a multiple of R); every
failure names the seed (TESSERA_TEST_SEED=S reruns with the same data).
"""
import os
import sys
import zlib
from pathlib import Path

import pytest
from conftest import compile_specs, load_prepared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
REMAT_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "remat"
SOURCE = REPO / "kernels" / "test_remat.mlir.in"
GUARD = 64
BASE_SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))

# name: (WARPS, R, C)
SPECS = {
    "w4_r16_c64": (4, 16, 64),
    "w4_r64_c128": (4, 64, 128),
    "w8_r32_c256": (8, 32, 256),
}


def compile_all(compiler=None):
    return compile_specs(REMAT_DIR, [(name, SOURCE, {"WARPS": warps, "R": r, "C": c})
                                     for name, (warps, r, c) in SPECS.items()], compiler)


def module(name):
    return load_prepared(REMAT_DIR, name, "test_remat_gpu.py")


@pytest.mark.parametrize("name", list(SPECS))
def test_float_sum_in_two_layouts_is_bit_identical(torch, name):
    warps, r, c = SPECS[name]
    mod = module(name)
    for n in (r, 5 * r - 3, 1):
        seed = zlib.crc32(f"{BASE_SEED}:{name}:{n}".encode())
        what = f"{name} n={n} (TESSERA_TEST_SEED={BASE_SEED}, case seed {seed})"
        g = torch.Generator(device="cuda").manual_seed(seed)
        # Magnitudes over six decades: f32 sums of such rows depend on the order of the additions.
        x = (torch.randn((n, c), device="cuda", generator=g)
             * torch.pow(10.0, torch.rand((n, c), device="cuda", generator=g) * 6 - 3)).contiguous()
        x0 = x.clone()
        out1 = torch.full((n + GUARD,), float("nan"), device="cuda")
        out2 = torch.full((n + GUARD,), float("nan"), device="cuda")
        mod.sum_two_layouts[((n + r - 1) // r,)](x, out1, out2, n)
        torch.cuda.synchronize()
        assert torch.equal(x, x0), f"{what}: the input changed"
        for o in (out1, out2):
            assert o[n:].isnan().all(), f"{what}: wrote past the end"
            assert not o[:n].isnan().any(), f"{what}: {int(o[:n].isnan().sum())} row sums not written"
        a, b = out1[:n], out2[:n]
        same = a.view(torch.int32) == b.view(torch.int32)
        if not same.all():
            i = int((~same).nonzero()[0])
            raise AssertionError(f"{what}: the two uses differ at row {i}: {float(a[i])!r} vs {float(b[i])!r}")
        ref = x.double().sum(1)
        bound = 2 * c * 2.0**-24 * x.double().abs().sum(1)
        err = (a.double() - ref).abs()
        assert (err <= bound).all(), f"{what}: row sum off by {float((err - bound).max()):.3e} over the bound"


def test_data_is_order_sensitive(torch):
    """The check above can fail: reordering the additions changes some f32 sums of such data."""
    seed = zlib.crc32(f"{BASE_SEED}:order".encode())
    g = torch.Generator(device="cuda").manual_seed(seed)
    x = torch.randn((256, 64), device="cuda", generator=g) * torch.pow(
        10.0, torch.rand((256, 64), device="cuda", generator=g) * 6 - 3)
    forward = torch.zeros(256, device="cuda")
    backward = torch.zeros(256, device="cuda")
    for j in range(64):
        forward += x[:, j]
        backward += x[:, 63 - j]
    assert (forward != backward).any(), f"seed {seed}: sequential sums agree in every row"


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
