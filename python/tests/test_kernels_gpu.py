"""The kernel library (kernels/*.mlir.in, specialised as kernels/manifest.json lists and compiled by
utils/prepare_gpu.sh into gpu/kernels/NAME.{ptx,json}) on a GPU, against references computed by PyTorch.

Every check:
- draws fresh inputs with torch.randn from a generator seeded per case (the seed is in every failure message;
  TESSERA_TEST_SEED=S reruns a failing case with the same data: the per-run base seed is otherwise random);
- poisons the output with NaN, in a buffer longer than the output, and checks that every element was written
  and that the guard tail after it is still poison (nothing written past the end); inputs must stay unchanged;
- compares with a float64 reference: ||out - ref|| / ||ref|| <= 1e-2;
- compares with torch's own computation of the same formula in f32, rounded to bf16 once, with
  torch.testing.assert_close(rtol=1.6e-2, atol=1e-2), and then tighter: every element within one bf16 ulp of
  torch's (plus, for qk_norm_rope, a bound on f32 cancellation in x*cos - y*sin).

A specialisation that the compiler failed on (gpu/kernels/NAME.compile_error) fails its tests with the
compiler's message.
"""
import json
import os
import zlib

import pytest

from conftest import GPU_DIR, REPO, unavailable

KDIR = GPU_DIR / "kernels"
MANIFEST = json.loads((REPO / "kernels" / "manifest.json").read_text())["kernels"]
EPS = 1e-6
NAN = float("nan")
GUARD = 8192 + 256          # poison elements after each output: more than any tile can overrun
BASE_SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))
ROPE_THETA = 1e6            # Qwen3
ROPE_MAX_POS = 40960


# --- fixtures and helpers -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def K(torch):
    """tessera.kernels, with gpu/kernels present."""
    if not KDIR.is_dir():
        unavailable(f"{KDIR} is missing: run utils/prepare_gpu.sh")
    from tessera import kernels
    return kernels


@pytest.fixture
def seed(request):
    return zlib.crc32(f"{BASE_SEED}:{request.node.nodeid}".encode())


def make_gen(torch, seed):
    return torch.Generator(device="cuda").manual_seed(seed)


def where(seed):
    return f"(TESSERA_TEST_SEED={BASE_SEED}, case seed {seed})"


def poisoned(torch, numel, dtype=None, value=NAN):
    """A buffer of numel + GUARD elements filled with `value`; the caller uses the first numel."""
    return torch.full((numel + GUARD,), value, dtype=dtype or torch.bfloat16, device="cuda")


def check_guard(torch, buf, numel, what, poison=NAN):
    tail = buf[numel:].float()
    bad = ~tail.isnan() if poison != poison else tail != poison
    if bad.any():
        first = int(bad.nonzero()[0])
        raise AssertionError(f"{what}: wrote past the end: {int(bad.sum())} of the {tail.numel()} guard elements "
                             f"after element {numel} changed, the first at +{first}")


def check_written(out, what):
    nan = out.isnan()
    if nan.any():
        idx = nan.flatten().nonzero()[:8].flatten().tolist()
        raise AssertionError(f"{what}: {int(nan.sum())} of {out.numel()} elements not written (still NaN) or "
                             f"NaN, at flat indices {idx}...")


def bf16_ulp(torch, ref):
    """The spacing of bf16 numbers at |ref| (the gap above it): 2^(e-8) for |ref| = m * 2^e, 0.5 <= m < 1."""
    _, e = torch.frexp(ref.float())
    return torch.ldexp(torch.ones_like(ref, dtype=torch.float32), (e - 8).to(torch.int32))


def compare(torch, out, ref64, ref_torch, what, slack=None):
    """out (bf16) against the float64 reference and against torch's bf16 result of the same f32 formula."""
    o = out.double()
    rel = ((o - ref64).norm() / ref64.norm().clamp_min(1e-300)).item()
    assert rel <= 1e-2, f"{what}: ||out - ref64|| / ||ref64|| = {rel:.3g} > 1e-2"
    torch.testing.assert_close(out.float(), ref_torch.float(), rtol=1.6e-2, atol=1e-2,
                               msg=lambda m: f"{what}: against torch's bf16 result: {m}")
    # Tighter: the two differ only in the order of f32 operations, so after one rounding to bf16 they may differ
    # by one ulp where the exact value lies near a rounding boundary, never more.
    diff = (out.float() - ref_torch.float()).abs()
    allowed = bf16_ulp(torch, ref_torch) + (slack if slack is not None else 0)
    bad = diff > allowed
    if bad.any():
        ulps = (diff / bf16_ulp(torch, ref_torch)).max().item()
        i = int(bad.flatten().nonzero()[0])
        raise AssertionError(
            f"{what}: {int(bad.sum())} of {out.numel()} elements differ from torch's bf16 result by more than one "
            f"bf16 ulp (max {ulps:.1f} ulp); first at flat index {i}: ours {out.flatten()[i].item()!r}, "
            f"torch {ref_torch.flatten()[i].item()!r}, float64 {ref64.flatten()[i].item()!r}")


def same_bits(torch, a, b):
    return torch.equal(a.contiguous().view(torch.uint8), b.contiguous().view(torch.uint8))


def run_guarded(torch, K, launch, x_inputs, out_numel, what):
    """Clone the inputs, run launch(out_view), check the inputs stayed the same; return the poisoned buffer."""
    before = [t.clone() for t in x_inputs]
    buf = poisoned(torch, out_numel)
    launch(buf)
    torch.cuda.synchronize()
    for i, (a, b) in enumerate(zip(before, x_inputs)):
        assert same_bits(torch, a, b), f"{what}: input {i} was modified"
    check_guard(torch, buf, out_numel, what)
    return buf


# --- shapes ---------------------------------------------------------------------------------------------------

# (rows, N): ragged lengths, N = 1, N at and around each BLOCK, rows from 1 to thousands.
ROW_SHAPES = [(1, 1), (3, 1), (1, 7), (5, 7), (2, 17), (3, 16), (128, 100), (1000, 1000), (3, 1023),
              (1, 1024), (7, 1025), (3, 2047), (128, 2048), (1000, 3000), (1, 4096), (3, 4096), (2, 4095),
              (1000, 4096), (1, 5120), (37, 5120), (4, 6144), (3, 8191), (128, 8192), (1000, 8192),
              (32768, 64), (999, 2064)]
SHAPE_IDS = [f"{m}x{n}" for m, n in ROW_SHAPES]


def row_entries(kernel):
    return [e for e in MANIFEST if e["source"] == f"{kernel}.mlir.in"]


def variant_cases(kernel):
    """Every compiled specialisation of a row kernel, forced, on the row lengths it is meant for: full tile, a
    ragged one, and a short row in a long tile (NDIV=1 variants also on N % 16 == 0)."""
    cases = []
    for e in row_entries(kernel):
        b, d = e["defines"]["BLOCK"], e["defines"]["NDIV"]
        ns = [b, b // 2 + 16, 16] if d == 16 else [b, b - 1, b // 2 + 3, 5]
        cases += [pytest.param(e["name"], b, d, n, id=f"{e['name']}-n{n}") for n in ns]
    return cases


# --- compilation ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [e["name"] for e in MANIFEST])
def test_manifest_entry_compiled(name):
    """Each kernels/manifest.json entry compiled (by utils/prepare_gpu.sh) into gpu/kernels/NAME.{ptx,json}."""
    if not KDIR.is_dir():
        unavailable(f"{KDIR} is missing: run utils/prepare_gpu.sh")
    err = KDIR / f"{name}.compile_error"
    assert not err.exists(), f"{name} failed to compile:\n{err.read_text()}"
    assert (KDIR / f"{name}.ptx").is_file() and (KDIR / f"{name}.json").is_file(), f"{name}: no PTX/JSON in {KDIR}"


@pytest.mark.parametrize("name", [e["name"] for e in MANIFEST])
def test_manifest_entry_loads(K, name):
    """The driver's PTX JIT accepts it and the metadata matches the entry."""
    mod = K.module(name, KDIR)
    e = next(e for e in MANIFEST if e["name"] == name)
    # A module may hold several kernels (the atomics tests do, and one of them
    # fixes its own warp count); the ones specialised by WARPS run with it.
    assert mod.kernels, f"{name}: no kernel in the module"
    blocks = [k.info.threads_per_block for k in mod.kernels.values()]
    assert 32 * e["defines"]["WARPS"] in blocks, (name, blocks)


def test_spec_choice(K):
    pick = lambda n: K.spec_name("rmsnorm", n, kdir=KDIR)
    assert [pick(n) for n in (1, 1000, 1024, 1025, 3000, 4096, 5120, 8192)] == [
        "rmsnorm_b1024_d1", "rmsnorm_b1024_d1", "rmsnorm_b1024_d16", "rmsnorm_b2048_d1", "rmsnorm_b4096_d1",
        "rmsnorm_b4096_d16", "rmsnorm_b8192_d16", "rmsnorm_b8192_d16"]
    with pytest.raises(ValueError):
        pick(8193)


# --- rmsnorm --------------------------------------------------------------------------------------------------

def rmsnorm_refs(torch, x, w):
    xd, wd = x.double(), w.double()
    ref64 = xd * torch.rsqrt(xd.pow(2).mean(-1, keepdim=True) + EPS) * wd
    xf, wf = x.float(), w.float()
    ref_t = ((xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS)) * wf).to(torch.bfloat16)
    return ref64, ref_t


def check_rmsnorm(torch, K, m, n, seed, **spec):
    g = make_gen(torch, seed)
    x = torch.randn(m, n, device="cuda", generator=g).to(torch.bfloat16)
    w = torch.randn(n, device="cuda", generator=g).to(torch.bfloat16)
    name = K.spec_name("rmsnorm", n, kdir=KDIR, **spec)
    what = f"rmsnorm {m}x{n} with {name} {where(seed)}"
    buf = run_guarded(torch, K, lambda b: K.rmsnorm(x, w, EPS, out=b[:m * n].view(m, n), kdir=KDIR, **spec),
                      [x, w], m * n, what)
    y = buf[:m * n].view(m, n)
    check_written(y, what)
    compare(torch, y, *rmsnorm_refs(torch, x, w), what)


@pytest.mark.parametrize("m,n", ROW_SHAPES, ids=SHAPE_IDS)
def test_rmsnorm(K, torch, seed, m, n):
    check_rmsnorm(torch, K, m, n, seed)


@pytest.mark.parametrize("name,block,ndiv,n", variant_cases("rmsnorm"))
def test_rmsnorm_variant(K, torch, seed, name, block, ndiv, n):
    check_rmsnorm(torch, K, 3, n, seed, block=block, ndiv=ndiv)


# --- rmsnorm_residual -----------------------------------------------------------------------------------------

def check_rmsnorm_residual(torch, K, m, n, seed, **spec):
    g = make_gen(torch, seed)
    x = torch.randn(m, n, device="cuda", generator=g).to(torch.bfloat16)
    r0 = torch.randn(m, n, device="cuda", generator=g).to(torch.bfloat16)
    w = torch.randn(n, device="cuda", generator=g).to(torch.bfloat16)
    name = K.spec_name("rmsnorm_residual", n, kdir=KDIR, **spec)
    what = f"rmsnorm_residual {m}x{n} with {name} {where(seed)}"
    # The residual is updated in place: it too lives in a buffer with a guard tail (poisoned with NaN).
    rbuf = poisoned(torch, m * n)
    rbuf[:m * n].copy_(r0.flatten())
    res = rbuf[:m * n].view(m, n)
    buf = run_guarded(torch, K, lambda b: K.rmsnorm_residual(x, res, w, EPS, out=b[:m * n].view(m, n), kdir=KDIR,
                                                             **spec), [x, w], m * n, what + " (y)")
    check_guard(torch, rbuf, m * n, what + " (residual)")
    y = buf[:m * n].view(m, n)
    check_written(y, what + " (y)")
    check_written(res, what + " (residual)")

    hf = x.float() + r0.float()
    h_bf16 = hf.to(torch.bfloat16)
    # residual <- bf16(x + residual): one f32 add of two bf16 numbers, one rounding: bit-exact.
    if not torch.equal(res, h_bf16):
        bad = (res != h_bf16).flatten().nonzero().flatten()
        i = int(bad[0])
        raise AssertionError(f"{what}: residual output differs from bf16(x + residual) at {bad.numel()} elements; "
                             f"first at flat {i}: ours {res.flatten()[i].item()!r}, expected "
                             f"{h_bf16.flatten()[i].item()!r}")
    hd = x.double() + r0.double()
    ref64 = hd * torch.rsqrt(hd.pow(2).mean(-1, keepdim=True) + EPS) * w.double()
    ref_t = ((hf * torch.rsqrt(hf.pow(2).mean(-1, keepdim=True) + EPS)) * w.float()).to(torch.bfloat16)
    compare(torch, y, ref64, ref_t, what + " (y)")


@pytest.mark.parametrize("m,n", ROW_SHAPES, ids=SHAPE_IDS)
def test_rmsnorm_residual(K, torch, seed, m, n):
    check_rmsnorm_residual(torch, K, m, n, seed)


@pytest.mark.parametrize("name,block,ndiv,n", variant_cases("rmsnorm_residual"))
def test_rmsnorm_residual_variant(K, torch, seed, name, block, ndiv, n):
    check_rmsnorm_residual(torch, K, 3, n, seed, block=block, ndiv=ndiv)


# --- softmax --------------------------------------------------------------------------------------------------

def softmax_refs(torch, x):
    return torch.softmax(x.double(), -1), torch.softmax(x.float(), -1).to(torch.bfloat16)


def run_softmax(torch, K, x, what, poison=NAN, **spec):
    m, n = x.shape
    before = x.clone()
    buf = poisoned(torch, m * n, value=poison)
    K.softmax(x, out=buf[:m * n].view(m, n), kdir=KDIR, **spec)
    torch.cuda.synchronize()
    assert same_bits(torch, before, x), f"{what}: input was modified"
    check_guard(torch, buf, m * n, what, poison)
    return buf[:m * n].view(m, n)


def check_softmax(torch, K, m, n, seed, **spec):
    g = make_gen(torch, seed)
    x = (2 * torch.randn(m, n, device="cuda", generator=g)).to(torch.bfloat16)
    what = f"softmax {m}x{n} with {K.spec_name('softmax', n, kdir=KDIR, **spec)} {where(seed)}"
    y = run_softmax(torch, K, x, what, **spec)
    check_written(y, what)
    compare(torch, y, *softmax_refs(torch, x), what)


@pytest.mark.parametrize("m,n", ROW_SHAPES, ids=SHAPE_IDS)
def test_softmax(K, torch, seed, m, n):
    check_softmax(torch, K, m, n, seed)


@pytest.mark.parametrize("name,block,ndiv,n", variant_cases("softmax"))
def test_softmax_variant(K, torch, seed, name, block, ndiv, n):
    check_softmax(torch, K, 3, n, seed, block=block, ndiv=ndiv)


NAN_SHAPES = [(16, 1), (5, 17), (64, 1000), (33, 3000), (128, 4096), (8, 8192), (40, 5120)]


@pytest.mark.parametrize("m,n", NAN_SHAPES, ids=[f"{m}x{n}" for m, n in NAN_SHAPES])
def test_softmax_nan_rows(K, torch, seed, m, n):
    """NaN at random positions of some rows: exactly those rows come out all NaN (torch.softmax semantics), the
    others match and are all written."""
    g = make_gen(torch, seed)
    x = (2 * torch.randn(m, n, device="cuda", generator=g)).to(torch.bfloat16)
    nan_rows = torch.randperm(m, device="cuda", generator=g)[:max(1, m // 3)]
    for r in nan_rows.tolist():
        k = int(torch.randint(1, min(n, 3) + 1, (1,), device="cuda", generator=g))
        cols = torch.randperm(n, device="cuda", generator=g)[:k]
        x[r, cols] = NAN
    is_nan_row = torch.zeros(m, dtype=torch.bool, device="cuda")
    is_nan_row[nan_rows] = True
    what = f"softmax {m}x{n} with NaN in rows {sorted(nan_rows.tolist())[:10]} {where(seed)}"
    ref64, ref_t = softmax_refs(torch, x)
    assert ref_t[is_nan_row].isnan().all() and not ref_t[~is_nan_row].isnan().any()  # what torch does
    # Poisoned with NaN: the clean rows are all written and right.
    y = run_softmax(torch, K, x, what + " [NaN poison]")
    rows = is_nan_row.nonzero().flatten()
    bad = rows[~y[rows].isnan().all(-1)]
    assert bad.numel() == 0, (f"{what}: {bad.numel()} of {rows.numel()} rows holding NaN gave non-NaN values (torch "
                              f"gives all NaN), e.g. row {bad[0].item()}: {y[bad[0]][:8].tolist()}")
    if (~is_nan_row).any():
        check_written(y[~is_nan_row], what + " (rows without NaN)")
        compare(torch, y[~is_nan_row], ref64[~is_nan_row], ref_t[~is_nan_row], what + " (rows without NaN)")
    # Poisoned with a finite value softmax cannot produce: the NaN rows were written (with NaN), not skipped.
    y2 = run_softmax(torch, K, x, what + " [finite poison]", poison=-3.0)
    assert y2[is_nan_row].isnan().all(), f"{what}: some elements of the NaN rows were not written"
    assert torch.equal(y2[~is_nan_row], y[~is_nan_row]), f"{what}: results differ between two runs"


def test_softmax_infinities(K, torch, seed):
    """+inf anywhere in a row gives NaN (inf - inf), as torch; -inf entries give 0 and leave the rest finite; an
    all -inf row gives NaN; a row of one finite value among -inf gives exactly 1 there."""
    g = make_gen(torch, seed)
    m, n = 8, 1000
    x = torch.randn(m, n, device="cuda", generator=g).to(torch.bfloat16)
    x[1, 7] = float("inf")
    x[2, :500] = -float("inf")
    x[3, :] = -float("inf")
    x[4, :] = -float("inf")
    x[4, 123] = 2.0
    x[5, 999] = float("inf")
    x[5, 0] = -float("inf")
    what = f"softmax {m}x{n} with infinities {where(seed)}"
    y = run_softmax(torch, K, x, what, poison=-3.0)
    ref_t = torch.softmax(x.float(), -1).to(torch.bfloat16)
    assert torch.equal(y.isnan(), ref_t.isnan()), (f"{what}: NaN pattern differs from torch's: rows with NaN "
                                                   f"ours {y.isnan().any(-1).tolist()} torch "
                                                   f"{ref_t.isnan().any(-1).tolist()}")
    ok = ~ref_t.isnan()
    torch.testing.assert_close(y[ok].float(), ref_t[ok].float(), rtol=1.6e-2, atol=1e-2)
    assert y[4, 123].item() == 1.0 and (y[4].float().sum().item() == 1.0)


# --- qk_norm_rope ---------------------------------------------------------------------------------------------

def rope_tables(torch, max_pos=ROPE_MAX_POS, theta=ROPE_THETA, dim=128):
    inv_freq = 1.0 / theta ** (torch.arange(0, dim, 2, dtype=torch.float64, device="cuda") / dim)
    freqs = torch.arange(max_pos, dtype=torch.float64, device="cuda")[:, None] * inv_freq[None, :]
    return freqs.cos().float().contiguous(), freqs.sin().float().contiguous()


@pytest.fixture(scope="module")
def tables(torch):
    return rope_tables(torch)


def qk_refs(torch, x, w, cos, sin, pos):
    def f(x, w, c, s):
        xn = (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS)) * w
        lo, hi = xn[..., :64], xn[..., 64:]
        c, s = c[pos.long()][:, None, :], s[pos.long()][:, None, :]
        return torch.cat([lo * c - hi * s, hi * c + lo * s], -1), lo, hi
    ref64, _, _ = f(x.double(), w.double(), cos.double(), sin.double())
    ref32, lo, hi = f(x.float(), w.float(), cos, sin)
    # Cancellation in lo*c - hi*s: the f32 results of two operation orders differ by a few f32 ulps of the
    # terms, which can exceed a bf16 ulp of a small result.
    scale = (lo.abs() + hi.abs()).repeat(1, 1, 2)
    return ref64, ref32.to(torch.bfloat16), 4e-6 * scale


def check_qk(torch, K, tables, t, heads, seed, pos=None):
    g = make_gen(torch, seed)
    cos, sin = tables
    x = torch.randn(t, heads, 128, device="cuda", generator=g).to(torch.bfloat16)
    w = torch.randn(128, device="cuda", generator=g).to(torch.bfloat16)
    if pos is None:
        pos = torch.randint(0, cos.shape[0], (t,), device="cuda", generator=g, dtype=torch.int32)
    what = f"qk_norm_rope T={t} HEADS={heads} with qk_norm_rope_h{heads} {where(seed)}"
    numel = t * heads * 128
    buf = run_guarded(torch, K, lambda b: K.qk_norm_rope(x, w, cos, sin, pos, EPS,
                                                         out=b[:numel].view(t, heads, 128), kdir=KDIR),
                      [x, w, cos, sin, pos], numel, what)
    out = buf[:numel].view(t, heads, 128)
    check_written(out, what)
    ref64, ref_t, slack = qk_refs(torch, x, w, cos, sin, pos)
    compare(torch, out, ref64, ref_t, what, slack=slack)


QK_SHAPES = [(t, h) for t in (1, 2, 3, 17, 128, 1000, 4096) for h in (4, 8, 32)]


@pytest.mark.parametrize("t,heads", QK_SHAPES, ids=[f"T{t}-H{h}" for t, h in QK_SHAPES])
def test_qk_norm_rope(K, torch, tables, seed, t, heads):
    check_qk(torch, K, tables, t, heads, seed)


@pytest.mark.parametrize("heads", [4, 8, 32])
def test_qk_norm_rope_position_edges(K, torch, tables, seed, heads):
    """Positions 0 (identity rotation), 1 and the last row of the tables."""
    pos = torch.tensor([0, ROPE_MAX_POS - 1, 1, 0, ROPE_MAX_POS - 1], dtype=torch.int32, device="cuda")
    check_qk(torch, K, tables, pos.numel(), heads, seed, pos=pos)
