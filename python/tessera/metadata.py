"""Kernel metadata (the kernel.json contract, see docs/embedding.md) and argument packing.

Pure Python, no CUDA: what a launch's kernelParams array holds is decided here, so it can be tested anywhere.
"""
from __future__ import annotations

import ctypes
import numbers
import struct
from dataclasses import dataclass

# Scalar parameter types and their widths in bits.
SCALAR_BITS = {"i1": 1, "i8": 8, "i16": 16, "i32": 32, "i64": 64,
               "f16": 16, "bf16": 16, "f32": 32, "f64": 64}
INT_TYPES = ("i1", "i8", "i16", "i32", "i64")
PARAM_TYPES = ("ptr",) + tuple(SCALAR_BITS)

# Pointee ("elem") names a tensor's dtype must match, by the dtype's repr, so no torch import is needed here.
# Unsigned names are accepted as pointees only: a kernel parameter itself has no signedness in the contract.
ELEM_DTYPES = {"i1": "torch.bool", "i8": "torch.int8", "i16": "torch.int16", "i32": "torch.int32",
               "i64": "torch.int64", "u8": "torch.uint8", "u16": "torch.uint16", "u32": "torch.uint32",
               "u64": "torch.uint64", "f16": "torch.float16", "bf16": "torch.bfloat16",
               "f32": "torch.float32", "f64": "torch.float64"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    elem: str | None = None


@dataclass(frozen=True)
class KernelInfo:
    name: str
    threads_per_block: int
    shared_bytes: int
    params: tuple[Param, ...]
    num_warps: int | None = None

    def signature(self) -> str:
        return f"{self.name}({', '.join(p.name for p in self.params)})"


@dataclass(frozen=True)
class ModuleInfo:
    target: str | None
    binary: str | None  # file name of the PTX (or cubin) next to the JSON, when given
    kernels: dict[str, KernelInfo]


def parse_metadata(meta: dict) -> ModuleInfo:
    """Validate a decoded kernel.json; malformed metadata raises ValueError naming the offending field."""
    if not isinstance(meta, dict) or not isinstance(meta.get("kernels"), list):
        raise ValueError("kernel metadata must be an object with a 'kernels' list")
    kernels: dict[str, KernelInfo] = {}
    for i, k in enumerate(meta["kernels"]):
        where = f"kernels[{i}]"
        name = _field(k, "name", str, where)
        where = f"kernel {name!r}"
        if name in kernels:
            raise ValueError(f"{where} is listed twice")
        tpb = _field(k, "threads_per_block", int, where)
        shared = k.get("shared_bytes", 0)
        num_warps = k.get("num_warps")
        if tpb <= 0:
            raise ValueError(f"{where}: threads_per_block must be positive, got {tpb}")
        if not _is_int(shared) or shared < 0:
            raise ValueError(f"{where}: shared_bytes must be a non-negative integer, got {shared!r}")
        if num_warps is not None and (not _is_int(num_warps) or num_warps * 32 != tpb):
            raise ValueError(f"{where}: num_warps {num_warps!r} disagrees with threads_per_block {tpb}")
        params = tuple(_parse_param(p, f"{where} params[{j}]") for j, p in enumerate(_field(k, "params", list, where)))
        kernels[name] = KernelInfo(name, tpb, shared, params, num_warps)
    return ModuleInfo(meta.get("target"), meta.get("ptx"), kernels)


def _parse_param(p: dict, where: str) -> Param:
    name = _field(p, "name", str, where)
    ty = _field(p, "type", str, where)
    if ty not in PARAM_TYPES:
        raise ValueError(f"{where} ({name}): unknown type {ty!r}; expected one of {', '.join(PARAM_TYPES)}")
    elem = p.get("elem")
    if elem is not None and (ty != "ptr" or elem not in ELEM_DTYPES):
        raise ValueError(f"{where} ({name}): 'elem' {elem!r} is only allowed on a ptr and must be one of "
                         f"{', '.join(ELEM_DTYPES)}")
    return Param(name, ty, elem)


def _field(obj, key, ty, where):
    if not isinstance(obj, dict) or key not in obj:
        raise ValueError(f"{where}: missing '{key}'")
    value = obj[key]
    if not (_is_int(value) if ty is int else isinstance(value, ty)):
        raise ValueError(f"{where}: '{key}' must be {ty.__name__}, got {value!r}")
    return value


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# --- packing ------------------------------------------------------------------------------------------------------

class PackedArgs:
    """One 8-byte slot per parameter holding its little-endian bits, and the void* array cuLaunchKernel reads.

    The driver copies as many bytes from each pointer as the kernel's parameter declares, so a value narrower than
    8 bytes sits in the slot's low bytes (zero above). The object must stay alive until cuLaunchKernel returns.
    """

    def __init__(self, bits: list[int]):
        n = len(bits)
        self.slots = (ctypes.c_uint64 * max(n, 1))(*bits)
        base = ctypes.addressof(self.slots)
        self.pointers = (ctypes.c_void_p * max(n, 1))(*(base + 8 * i for i in range(n)))


def pack_args(kernel: KernelInfo, args: tuple) -> tuple[PackedArgs, int | None]:
    """Check `args` against the kernel's parameters and pack them. Returns the packed arguments and the CUDA
    device index the tensor arguments live on (None when no tensor was passed)."""
    if len(args) != len(kernel.params):
        raise TypeError(f"{kernel.signature()} takes {len(kernel.params)} argument(s), got {len(args)}")
    bits, device = [], None
    for p, a in zip(kernel.params, args):
        if p.type == "ptr":
            value, dev = _pointer(kernel, p, a)
            if dev is not None:
                if device is not None and dev != device:
                    raise ValueError(f"{kernel.name}: argument {p.name!r} is on cuda:{dev}, earlier tensor "
                                     f"arguments on cuda:{device}")
                device = dev
        elif p.type in INT_TYPES:
            value = int_bits(a, p.type, f"{kernel.name}: argument {p.name!r}")
        else:
            value = float_bits(a, p.type, f"{kernel.name}: argument {p.name!r}")
        bits.append(value)
    return PackedArgs(bits), device


def _pointer(kernel: KernelInfo, p: Param, a) -> tuple[int, int | None]:
    what = f"{kernel.name}: argument {p.name!r}"
    if hasattr(a, "data_ptr") and hasattr(a, "device"):  # a torch.Tensor, checked without importing torch
        if a.device.type != "cuda":
            raise ValueError(f"{what} must be a CUDA tensor, got one on {a.device}")
        if p.elem is not None and str(a.dtype) != ELEM_DTYPES[p.elem]:
            raise TypeError(f"{what} must have dtype {ELEM_DTYPES[p.elem]} (elem {p.elem}), got {a.dtype}")
        return a.data_ptr(), a.device.index
    if isinstance(a, numbers.Integral) and not isinstance(a, bool):
        if not 0 <= int(a) < 1 << 64:
            raise ValueError(f"{what}: raw pointer {a} is not a 64-bit address")
        return int(a), None
    raise TypeError(f"{what} is a pointer: pass a CUDA tensor or an int address, got {type(a).__name__}")


def int_bits(a, ty: str, what: str) -> int:
    """Two's-complement bits of an integer argument. Both the signed and the unsigned range are accepted, since
    the contract's iN types carry no signedness."""
    if not isinstance(a, numbers.Integral):
        raise TypeError(f"{what} is {ty}: pass an int, got {type(a).__name__}"
                        + (" (use .item() for a 0-d tensor)" if hasattr(a, "item") else ""))
    v, n = int(a), SCALAR_BITS[ty]
    lo = 0 if n == 1 else -(1 << (n - 1))
    if not lo <= v < 1 << n:
        raise ValueError(f"{what}: {v} does not fit in {ty}")
    return v & ((1 << n) - 1)


def float_bits(a, ty: str, what: str) -> int:
    """IEEE bits of a float argument, rounded to nearest-even; bf16 goes through f32 first, as in torch."""
    if not isinstance(a, numbers.Real):
        raise TypeError(f"{what} is {ty}: pass a float, got {type(a).__name__}"
                        + (" (use .item() for a 0-d tensor)" if hasattr(a, "item") else ""))
    x = float(a)
    try:
        if ty == "f64":
            return struct.unpack("<Q", struct.pack("<d", x))[0]
        if ty == "f16":
            return struct.unpack("<H", struct.pack("<e", x))[0]
        f32 = struct.unpack("<I", struct.pack("<f", x))[0]
    except OverflowError:
        raise ValueError(f"{what}: {x} is out of range for {ty}") from None
    if ty == "f32":
        return f32
    # bf16 is the top half of an f32: round the low 16 bits to nearest-even; NaN stays a quiet NaN.
    if (f32 & 0x7F800000) == 0x7F800000 and f32 & 0x007FFFFF:
        return (f32 >> 16) | 0x0040
    rounded = (f32 + 0x7FFF + ((f32 >> 16) & 1)) >> 16
    if (rounded & 0x7F80) == 0x7F80 and (f32 & 0x7F800000) != 0x7F800000:
        raise ValueError(f"{what}: {x} is out of range for bf16")
    return rounded
