"""NaN semantics of min/max on the GPU: kernels/test_minmax.mlir.in, specialised as the test_minmax_ELEM_OP
entries of kernels/manifest.json (compiled by utils/prepare_gpu.sh into gpu/kernels/), against PyTorch.

  arith.maximumf / minimumf  propagate NaN:   reduction == torch.amax / torch.amin,  elementwise == torch.maximum / minimum
  arith.maxnumf / minnumf    ignore NaN:      reduction == a fold of torch.fmax / fmin over the row (NaN only when every
                                              element is NaN),                       elementwise == torch.fmax / fmin
for f16, bf16, f32 and f64, both as the tile.reduce combiner (out_red[row]) and elementwise (out_ew = OP(x, y)).

Every case draws fresh inputs from a generator seeded per case (TESSERA_TEST_SEED=S reruns with the same data): rows
without NaN, with one NaN, with scattered NaN (of either sign), all NaN, all NaN but one value, NaN first or last, rows
of +-0.0 only, +-inf mixed in, rows of one infinity; row lengths 1, a random ragged length and the full BLOCK. Masked
lanes read the combiner's identity: -inf (maximumf) or +inf (minimumf), which never wins and is no NaN, and a quiet
NaN for maxnumf/minnumf (which must then be ignored; a row of NaN alone gives NaN, as the torch.fmax fold does).

Comparison is exact: the NaN positions must match, and every other element must equal torch's (==). The one
freedom: the sign of a zero result when the operands are -0.0 and +0.0 (max(-0.0, +0.0) may be either; == treats
them as equal, so this is the only bit difference the test lets through).

Each kernel runs twice, its outputs poisoned first with NaN and then with a finite sentinel (so that neither an
unwritten NaN result nor an unwritten finite one can pass), in buffers longer than the outputs whose tails must
stay poison; the inputs must be unchanged (bit for bit).
"""
import os
import zlib

import pytest

from conftest import GPU_DIR, unavailable

KDIR = GPU_DIR / "kernels"
BLOCK = 1024
ELEMS = ("f16", "bf16", "f32", "f64")
OPS = ("maximumf", "minimumf", "maxnumf", "minnumf")
GUARD = 2 * BLOCK
ROW_KINDS = 12
M = ROW_KINDS * 8
BASE_SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))
SENTINEL = 1536.0  # exact in f16/bf16; |inputs| stay far below it


@pytest.fixture(scope="session")
def K(torch):
    if not KDIR.is_dir():
        unavailable(f"{KDIR} is missing: run utils/prepare_gpu.sh")
    from tessera import kernels
    return kernels


def dtype_of(torch, elem):
    return {"f16": torch.float16, "bf16": torch.bfloat16, "f32": torch.float32, "f64": torch.float64}[elem]


def bits(torch, t):
    return t.view({2: torch.int16, 4: torch.int32, 8: torch.int64}[t.element_size()])


def make_rows(torch, gen, m, n, dtype):
    """[m, n] of dtype; row r is of kind r % ROW_KINDS (see the module docstring)."""
    dev = "cuda"
    f = lambda *s: torch.rand(*s, generator=gen, device=dev, dtype=torch.float64)  # noqa: E731
    nan = torch.tensor(float("nan"), dtype=torch.float64, device=dev)
    inf = torch.tensor(float("inf"), dtype=torch.float64, device=dev)
    x = torch.randn(m, n, generator=gen, device=dev, dtype=torch.float64) * 8
    kind = (torch.arange(m, device=dev) % ROW_KINDS)[:, None].expand(m, n)
    col = torch.arange(n, device=dev)[None, :].expand(m, n)
    rcol = torch.randint(0, n, (m, 1), generator=gen, device=dev).expand(m, n)   # one random column per row
    snan = torch.where(f(m, n) < 0.5, nan, -nan)                                  # NaN of either sign
    sinf = torch.where(f(m, n) < 0.5, inf, -inf)
    zeros = torch.where(f(m, n) < 0.5, 0.0, -0.0).to(torch.float64)
    rowinf = torch.where(f(m, 1) < 0.5, inf, -inf).expand(m, n)
    x = torch.where((kind == 1) & (col == rcol), snan, x)                         # one NaN
    x = torch.where((kind == 2) & (f(m, n) < 0.1), snan, x)                       # scattered NaN
    x = torch.where(kind == 3, snan, x)                                           # all NaN
    x = torch.where(kind == 4, zeros, x)                                          # +-0 only
    x = torch.where(kind == 5, torch.where(col == rcol, snan, zeros), x)          # +-0 and one NaN
    x = torch.where((kind == 6) & (f(m, n) < 0.2), sinf, x)                       # +-inf among finite
    x = torch.where((kind == 7) & (f(m, n) < 0.2), sinf, x)
    x = torch.where((kind == 7) & (col == n - 1), snan, x)                        # ... and NaN last
    x = torch.where(kind == 8, rowinf, x)                                         # one infinity throughout
    x = torch.where((kind == 9) & (col == 0), snan, x)                            # NaN first
    x = torch.where((kind == 10) & (col != rcol), snan, x)                        # all NaN but one value
    x = torch.where(kind == 11, torch.where(f(m, n) < 0.5, zeros, -x.abs()), x)   # +-0 and negatives
    return x.to(dtype).contiguous()


def fold(torch, fn, t):
    """fn folded over the rows of t (pairwise; exact for max/min), padded with NaN (neutral for fmax/fmin)."""
    n = t.shape[1]
    width = 1 << max(0, (n - 1).bit_length())
    if width > n:
        t = torch.cat([t, t.new_full((t.shape[0], width - n), float("nan"))], dim=1)
    while t.shape[1] > 1:
        h = t.shape[1] // 2
        t = fn(t[:, :h], t[:, h:])
    return t[:, 0]


def references(torch, op, x, y):
    if op == "maximumf":
        return torch.amax(x, dim=1), torch.maximum(x, y)
    if op == "minimumf":
        return torch.amin(x, dim=1), torch.minimum(x, y)
    if op == "maxnumf":
        return fold(torch, torch.fmax, x), torch.fmax(x, y)
    return fold(torch, torch.fmin, x), torch.fmin(x, y)


def assert_same(torch, out, ref, x, what, y=None):
    on, rn = out.isnan(), ref.isnan()
    if not torch.equal(on, rn):
        bad = (on != rn).nonzero().flatten()[:6].tolist()
        i = bad[0]
        operands = f"x row {x[i].tolist()[:16]}" if y is None else f"x={x.flatten()[i].item()}, y={y.flatten()[i].item()}"
        raise AssertionError(f"{what}: NaN where torch has none or none where torch has NaN at {bad} "
                             f"({int((on & ~rn).sum())} extra NaN, {int((rn & ~on).sum())} missing NaN); first: "
                             f"got {out.flatten()[i].item()}, torch {ref.flatten()[i].item()}, {operands}")
    # == treats -0.0 and +0.0 as equal: max(-0.0, +0.0) may be either zero (see the module docstring).
    neq = (out != ref) & ~rn
    if neq.any():
        i = neq.flatten().nonzero().flatten()[0].item()
        operands = f"x row {x[i].tolist()[:16]}" if y is None else f"x={x.flatten()[i].item()}, y={y.flatten()[i].item()}"
        raise AssertionError(f"{what}: {int(neq.sum())} values differ from torch; first at {i}: got "
                             f"{out.flatten()[i].item()}, torch {ref.flatten()[i].item()}, {operands}")


@pytest.mark.parametrize("shape", ["n1", "ragged", "full"])
@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("elem", ELEMS)
def test_nan_minmax(torch, K, request, elem, op, shape):
    seed = zlib.crc32(f"{BASE_SEED}:{request.node.nodeid}".encode())
    where = f"(TESSERA_TEST_SEED={BASE_SEED}, case seed {seed})"
    gen = torch.Generator(device="cuda").manual_seed(seed)
    n = {"n1": 1, "full": BLOCK}.get(shape) or int(torch.randint(2, BLOCK, (1,), generator=gen, device="cuda"))
    dtype = dtype_of(torch, elem)
    mod = K.module(f"test_minmax_{elem}_{op}", KDIR)
    x = make_rows(torch, gen, M, n, dtype)
    y = make_rows(torch, gen, M, n, dtype)
    y = y[torch.randperm(M, generator=gen, device="cuda")].contiguous()  # pair different row kinds
    x0, y0 = x.clone(), y.clone()
    ref_red, ref_ew = references(torch, op, x, y)
    what = f"{op} {elem} M={M} n={n} {where}"
    for poison in (float("nan"), SENTINEL):
        red = torch.full((M + GUARD,), poison, dtype=dtype, device="cuda")
        ew = torch.full((M * n + GUARD,), poison, dtype=dtype, device="cuda")
        mod.test_minmax[(M,)](x, y, red[:M], ew[:M * n], n)
        torch.cuda.synchronize()
        tag = f"poison {poison}"
        assert_same(torch, red[:M], ref_red, x, f"reduce {what} [{tag}]")
        assert_same(torch, ew[:M * n].view(M, n), ref_ew, x, f"elementwise {what} [{tag}]", y=y)
        for buf, k, name in ((red, M, "out_red"), (ew, M * n, "out_ew")):
            tail = buf[k:]
            if not torch.equal(bits(torch, tail), bits(torch, torch.full_like(tail, poison))):
                raise AssertionError(f"{name} {what}: wrote past the end of the output [{tag}]")
        assert torch.equal(bits(torch, x), bits(torch, x0)) and torch.equal(bits(torch, y), bits(torch, y0)), \
            f"{what}: inputs changed"
    # The data did exercise NaN rows and NaN-free rows (a guard against a generator that lost its NaNs).
    if n > 1:
        assert ref_red.isnan().any() and not ref_red.isnan().all(), what
