"""The kernel library: pick the compiled specialisation of a kernel for a problem and launch it.

    from tessera import kernels
    y = kernels.rmsnorm(x, w, eps=1e-6)                   # x [..., N] bf16, w [N] bf16
    y = kernels.rmsnorm_residual(x, residual, w, eps)     # residual <- bf16(x + residual), in place
    y = kernels.softmax(x)                                # row softmax over the last dimension
    out = kernels.qk_norm_rope(x, w, cos, sin, positions, eps)   # x [T, HEADS, 128]

The specialisations are the entries of kernels/manifest.json, compiled by utils/prepare_gpu.sh into
gpu/kernels/NAME.{ptx,json} (another folder: $TESSERA_KERNEL_DIR, or `kernel_dir=`). For the row kernels
(rmsnorm, rmsnorm_residual, softmax) of row length N the choice is NAME_b{BLOCK}_d{NDIV} with
BLOCK = the next power of two >= N (or, where that one was not compiled, the smallest compiled BLOCK >= N) and
NDIV = 16 when N % 16 == 0, else 1. qk_norm_rope is specialised on the number of heads: qk_norm_rope_h{HEADS}.

Like the runtime, this module never imports torch: tensors are used through their methods only.
"""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

from .runtime import Module, load

ROW_KERNELS = ("rmsnorm", "rmsnorm_residual", "softmax")
_I32_MAX = 2**31 - 1
_REPO = Path(__file__).resolve().parents[2]


def kernel_dir() -> Path:
    return Path(os.environ.get("TESSERA_KERNEL_DIR", _REPO / "gpu" / "kernels"))


def next_pow2(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


def available(kernel: str, kdir: str | os.PathLike | None = None) -> dict[str, dict[str, int]]:
    """{name: {"BLOCK": ..., "NDIV": ...} or {"HEADS": ...}}: the specialisations of `kernel` that kdir holds,
    or that prepare_gpu.sh tried and failed to compile (NAME.compile_error), or that kernels/manifest.json lists,
    so that a missing one is reported by name when it is launched."""
    kdir = Path(kdir) if kdir is not None else kernel_dir()
    names = set()
    if kdir.is_dir():
        names |= {p.stem for p in kdir.glob(f"{kernel}_*.json")}
        names |= {p.stem for p in kdir.glob(f"{kernel}_*.compile_error")}
    manifest = _REPO / "kernels" / "manifest.json"
    if manifest.exists():
        try:
            names |= {k["name"] for k in json.loads(manifest.read_text())["kernels"]}
        except (ValueError, KeyError, TypeError):
            pass
    pat = (re.compile(rf"{re.escape(kernel)}_b(\d+)_d(\d+)") if kernel in ROW_KERNELS
           else re.compile(rf"{re.escape(kernel)}_h(\d+)"))
    found = {}
    for name in sorted(names):
        m = pat.fullmatch(name)
        if m:
            found[name] = ({"BLOCK": int(m[1]), "NDIV": int(m[2])} if kernel in ROW_KERNELS
                           else {"HEADS": int(m[1])})
    return found


def spec_name(kernel: str, n: int, *, block: int | None = None, ndiv: int | None = None,
              kdir: str | os.PathLike | None = None) -> str:
    key = (kernel, n, block, ndiv, str(kdir if kdir is not None else kernel_dir()))
    name = _spec_cache.get(key)
    if name is None:
        name = _spec_cache[key] = _spec_name(kernel, n, block, ndiv, kdir)
    return name


_spec_cache: dict[tuple, str] = {}


def _spec_name(kernel, n, block, ndiv, kdir) -> str:
    """The specialisation of a row kernel for rows of length n: `block`/`ndiv` override the choice (ndiv=16 needs
    n % 16 == 0). Without `block`, BLOCK is the next power of two >= n, or the smallest compiled one >= n."""
    if kernel not in ROW_KERNELS:
        raise ValueError(f"{kernel!r} is not a row kernel ({', '.join(ROW_KERNELS)})")
    if n < 1:
        raise ValueError(f"row length must be >= 1, got {n}")
    if ndiv is None:
        ndiv = 16 if n % 16 == 0 else 1
    elif n % ndiv:
        raise ValueError(f"{kernel}: NDIV={ndiv} needs n % {ndiv} == 0, got n={n}")
    if block is None:
        block = next_pow2(n)
        have = sorted({s["BLOCK"] for s in available(kernel, kdir).values() if s["NDIV"] == ndiv})
        if have and block not in have:
            bigger = [b for b in have if b >= n]
            if not bigger:
                raise ValueError(f"{kernel}: no specialisation with NDIV={ndiv} has BLOCK >= {n} (there are: "
                                 f"{', '.join(map(str, have))}); add one to kernels/manifest.json")
            block = bigger[0]
    if block < n:
        raise ValueError(f"{kernel}: BLOCK={block} is shorter than the row ({n})")
    return f"{kernel}_b{block}_d{ndiv}"


_modules: dict[tuple[str, str], Module] = {}
_by_given: dict[tuple, Module] = {}
_lock = threading.Lock()


def module(name: str, kdir: str | os.PathLike | None = None) -> Module:
    """The loaded module of specialisation `name` (cached). A missing one raises FileNotFoundError, quoting
    gpu/kernels/NAME.compile_error when prepare_gpu.sh left one (the compiler failed on it)."""
    # Keyed first on the folder as given (or $TESSERA_KERNEL_DIR): resolving the path is a file system call
    # that every wrapper call would pay.
    given = (name, kdir if kdir is not None else os.environ.get("TESSERA_KERNEL_DIR"), kdir is None)
    mod = _by_given.get(given)
    if mod is not None:
        return mod
    mod = _module(name, kdir)
    _by_given[given] = mod
    return mod


def _module(name: str, kdir) -> Module:
    kdir = Path(kdir) if kdir is not None else kernel_dir()
    key = (str(kdir.resolve()), name)
    with _lock:
        mod = _modules.get(key)
    if mod is not None:
        return mod
    js = kdir / f"{name}.json"
    err = kdir / f"{name}.compile_error"
    if err.exists():
        raise FileNotFoundError(f"{name} failed to compile (utils/prepare_gpu.sh):\n{err.read_text().strip()}")
    if not js.exists():
        raise FileNotFoundError(f"{js} not found: is {name} in kernels/manifest.json, and was utils/prepare_gpu.sh "
                                f"run? compiled here: {sorted(p.stem for p in kdir.glob('*.json'))}")
    mod = load(js)
    with _lock:
        return _modules.setdefault(key, mod)


# torch dtype objects by name, filled as _check sees them (torch is never imported here).
_DTYPES: dict[str, object] = {}


def _check(t, what: str, dtype: str, dim: int | None = None):
    if not t.is_cuda:
        raise ValueError(f"{what} must be a CUDA tensor")
    if t.dtype is not _DTYPES.get(dtype):
        if str(t.dtype) != dtype:
            raise ValueError(f"{what} must be {dtype}, got {t.dtype}")
        _DTYPES[dtype] = t.dtype
    if not t.is_contiguous():
        raise ValueError(f"{what} must be contiguous")
    if t.data_ptr() % 16:
        raise ValueError(f"{what} must be 16-byte aligned (the kernels declare tile.divisibility = 16)")
    if t.numel() > _I32_MAX:
        raise ValueError(f"{what} has more than 2**31-1 elements (the kernels index with i32)")
    if dim is not None and t.shape[-1] != dim:
        raise ValueError(f"{what} must have last dimension {dim}, got {tuple(t.shape)}")


def _rows(x) -> tuple[int, int]:
    n = x.shape[-1]
    return (x.numel() // n if n else 0), n


def _out(x, out, what="out"):
    if out is None:
        return x.new_empty(x.shape)
    _check(out, what, str(x.dtype))
    if out.numel() != x.numel():
        raise ValueError(f"{what} has {out.numel()} elements, expected {x.numel()}")
    return out


def _row_grid(mod: Module, m: int) -> tuple[int]:
    """The grid for m rows: ceil(m / ROWS) programs, ROWS being the specialisation's -D ROWS (1 when absent)."""
    rows = int(mod.info.defines.get("ROWS", "1"))
    return (-(-m // rows),)


def rmsnorm(x, w, eps: float = 1e-6, out=None, *, block=None, ndiv=None, stream=None, kdir=None):
    """y = x * rsqrt(mean(x^2, -1) + eps) * w over the last dimension; bf16 in and out, f32 math."""
    _check(x, "x", "torch.bfloat16")
    m, n = _rows(x)
    _check(w, "w", "torch.bfloat16")
    if w.numel() != n:
        raise ValueError(f"w has {w.numel()} elements, rows have {n}")
    y = _out(x, out)
    if m:
        mod = module(spec_name("rmsnorm", n, block=block, ndiv=ndiv, kdir=kdir), kdir)
        mod.rmsnorm[_row_grid(mod, m)](x, w, y, n, eps, m, stream=stream)
    return y


def rmsnorm_residual(x, residual, w, eps: float = 1e-6, out=None, *, block=None, ndiv=None, stream=None,
                     kdir=None):
    """h = x + residual (f32); residual <- bf16(h) in place; returns y = bf16(h * rsqrt(mean(h^2) + eps) * w)."""
    _check(x, "x", "torch.bfloat16")
    _check(residual, "residual", "torch.bfloat16")
    m, n = _rows(x)
    if residual.numel() != x.numel():
        raise ValueError(f"residual has {residual.numel()} elements, x has {x.numel()}")
    _check(w, "w", "torch.bfloat16")
    if w.numel() != n:
        raise ValueError(f"w has {w.numel()} elements, rows have {n}")
    y = _out(x, out)
    if m:
        k = module(spec_name("rmsnorm_residual", n, block=block, ndiv=ndiv, kdir=kdir), kdir).rmsnorm_residual
        k[(m,)](x, residual, w, y, n, eps, stream=stream)
    return y


def softmax(x, out=None, *, block=None, ndiv=None, stream=None, kdir=None):
    """Softmax over the last dimension; bf16 in and out, f32 math; a row holding NaN gives NaN (as torch)."""
    _check(x, "x", "torch.bfloat16")
    m, n = _rows(x)
    y = _out(x, out)
    if m:
        mod = module(spec_name("softmax", n, block=block, ndiv=ndiv, kdir=kdir), kdir)
        mod.softmax[_row_grid(mod, m)](x, y, n, m, stream=stream)
    return y


HEAD_DIM = 128


def qk_norm_rope(x, w, cos, sin, positions, eps: float = 1e-6, out=None, *, stream=None, kdir=None):
    """Per-head RMSNorm over head_dim 128 (weight w [128]) then rotate-half RoPE at positions[t] with tables
    cos/sin [max_pos, 64] f32. x, out: [T, HEADS, 128] bf16. positions: [T] int32, each in [0, max_pos)
    (not checked: out-of-range positions read outside the tables)."""
    _check(x, "x", "torch.bfloat16", HEAD_DIM)
    if x.dim() != 3:
        raise ValueError(f"x must be [T, HEADS, {HEAD_DIM}], got {tuple(x.shape)}")
    t, heads, _ = x.shape
    _check(w, "w", "torch.bfloat16")
    if w.numel() != HEAD_DIM:
        raise ValueError(f"w must have {HEAD_DIM} elements, got {w.numel()}")
    for name, tab in (("cos", cos), ("sin", sin)):
        _check(tab, name, "torch.float32", HEAD_DIM // 2)
    if cos.shape != sin.shape:
        raise ValueError(f"cos {tuple(cos.shape)} and sin {tuple(sin.shape)} differ")
    if cos.numel() > _I32_MAX:
        raise ValueError("the rotary tables must hold fewer than 2**31 elements")
    _check(positions, "positions", "torch.int32")
    if positions.numel() != t:
        raise ValueError(f"positions has {positions.numel()} elements, x has {t} tokens")
    y = _out(x, out)
    if t:
        k = module(f"qk_norm_rope_h{heads}", kdir).qk_norm_rope
        k[(t,)](x, w, cos, sin, positions, y, eps, stream=stream)
    return y
