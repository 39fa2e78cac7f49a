"""Kernel metadata (the kernel.json contract, see docs/embedding.md) and argument packing.

Pure Python, no CUDA: what a launch's kernelParams array holds is decided here, so it can be tested anywhere.
"""
from __future__ import annotations

import ctypes
import numbers
import struct
import threading
from dataclasses import dataclass, field

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
    # The template values of the specialisation (tessera-compile -D NAME=VALUE), e.g. {"ROWS": "2"}; empty
    # when the module was not compiled from a template.
    defines: dict[str, str] = field(default_factory=dict)


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
    defines = meta.get("defines", {})
    if not isinstance(defines, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in defines.items()):
        raise ValueError(f"'defines' must map names to strings, got {defines!r}")
    return ModuleInfo(meta.get("target"), meta.get("ptx"), kernels, dict(defines))


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

class ArgPacker:
    """Checks a launch's arguments against one kernel's parameters and packs them into the kernelParams array.

    Each parameter gets an 8-byte slot holding its little-endian bits; the driver copies as many bytes from each
    slot as the kernel's parameter declares, so a narrower value sits in the low bytes (zero above). cuLaunchKernel
    copies the values before it returns, so each thread reuses one pair of buffers: no allocation per launch.

    `pack` is a function generated for this signature (_specialised_pack): it takes the usual arguments (tensors of
    a type and dtype seen before, in-range Python ints and floats) in a few attribute reads each and hands
    anything else to `pack_checked`, the general path, which raises every error. Both give the same result.
    """

    def __init__(self, kernel: KernelInfo):
        self.kernel = kernel
        self._converters = [_converter(kernel, p) for p in kernel.params]
        self._local = threading.local()
        self.pack = _specialised_pack(self)

    def buffers(self):
        """This thread's (slots, pointers): uint64[n] values and the void*[n] array pointing at them."""
        bufs = getattr(self._local, "bufs", None)
        if bufs is None:
            n = max(len(self._converters), 1)
            slots = (ctypes.c_uint64 * n)()
            pointers = (ctypes.c_void_p * n)(*(ctypes.addressof(slots) + 8 * i for i in range(n)))
            bufs = self._local.bufs = (slots, pointers)
        return bufs

    def pack_checked(self, args: tuple):
        """Returns the kernelParams array (valid until this thread's next pack) and the CUDA device index the
        tensor arguments live on (None when no tensor was passed). `pack(args)` gives the same, faster."""
        convs = self._converters
        if len(args) != len(convs):
            raise TypeError(f"{self.kernel.signature()} takes {len(convs)} argument(s), got {len(args)}")
        slots, pointers = self.buffers()
        devices: list[int] = []  # pointer converters append each tensor's device index
        slots[:len(convs)] = [conv(a, devices) for conv, a in zip(convs, args)]
        if not devices:
            return pointers, None
        if devices.count(devices[0]) != len(devices):
            raise ValueError(f"{self.kernel.name}: tensor arguments on several devices: "
                             + ", ".join(f"cuda:{d}" for d in devices))
        return pointers, devices[0]


class _Unseen:
    """Stands for a pointer parameter's tensor type and dtype until a launch has shown them: no argument's type is
    this class, so the fast path of a parameter no tensor has yet passed through always falls back."""


# struct codes of each scalar slot for the fast path: the value in the low bytes, zeros up to 8 bytes. Integers
# arrive masked to their width and bf16 as its bits (no struct code rounds to bf16), both as Q.
_SLOT_CODES = {"f16": "e6x", "f32": "f4x", "f64": "d", "bf16": "Q"}


def _specialised_pack(packer: ArgPacker):
    """A pack(args) for this kernel's signature, one test per argument and no per-argument call: generated as
    source, since a loop over converters costs as much as the rest of a launch together. It accepts

      - a pointer: an int in [0, 2^64), or an object of the type (and, for a parameter with "elem", of the dtype
        object) that pack_checked last accepted for this parameter, whose is_cuda holds; the tensors' devices
        must agree;
      - an integer parameter: an int in the range int_bits accepts;
      - f16/f32/f64/bf16: a float (struct packs it; a value out of range falls back);

    and otherwise returns pack_checked(args), which raises the error or packs what the fast path does not know
    (bools, numpy scalars, ...). Each pointer parameter reads the same attributes, in the same order, as the
    pointer converter does. Only the generated code's own names enter the source, never a name from the
    metadata. The learned types and dtypes live in the function's globals, written by `slow` after a
    successful general pack: a thread that reads an old value takes the general path once more."""
    params = packer.kernel.params
    n = len(params)
    env = {"local": packer._local, "buffers": packer.buffers, "bf16_bits": float_bits}
    learn = []  # (index, type global, dtype global or None) of each pointer parameter

    def slow(args):
        result = packer.pack_checked(args)
        for i, tname, dname in learn:
            a = args[i]
            if type(a) is not int and hasattr(type(a), "data_ptr"):  # a tensor, not a raw address
                if dname is not None:
                    env[dname] = a.dtype
                env[tname] = type(a)
        return result

    env["slow"] = slow
    body = [f"if len(args) != {n}: return slow(args)"]
    if n:
        body.append(", ".join(f"a{i}" for i in range(n)) + ", = args")
    body.append("d = None")
    codes = []
    for i, p in enumerate(params):
        a = f"a{i}"
        if p.type == "ptr":
            tname, dname = f"T{i}", (f"D{i}" if p.elem is not None else None)
            env[tname] = _Unseen
            if dname:
                env[dname] = _Unseen
            learn.append((i, tname, dname))
            dtype_test = f" and {a}.dtype is {dname}" if dname else ""
            body += [f"if type({a}) is {tname} and {a}.is_cuda{dtype_test}:",
                     f"    e = {a}.get_device()",
                     "    if d is None: d = e",
                     "    elif e != d: return slow(args)",
                     f"    v{i} = {a}.data_ptr()",
                     f"elif type({a}) is int and 0 <= {a} < {1 << 64}: v{i} = {a}",
                     "else: return slow(args)"]
            codes.append("Q")
        elif p.type in INT_TYPES:
            bits = SCALAR_BITS[p.type]
            lo, hi = (0 if bits == 1 else -(1 << (bits - 1))), (1 << bits) - 1
            body += [f"if type({a}) is int and {lo} <= {a} <= {hi}: v{i} = {a} & {hi}",
                     "else: return slow(args)"]
            codes.append("Q")
        else:
            body.append(f"if type({a}) is not float: return slow(args)")
            if p.type == "bf16":
                env[f"W{i}"] = f"{packer.kernel.name}: argument {p.name!r}"  # float_bits' error names it
                body.append(f"v{i} = bf16_bits({a}, 'bf16', W{i})")
            else:
                body.append(f"v{i} = {a}")
            codes.append(_SLOT_CODES[p.type])
    body += ["try: slots, pointers = local.bufs",
             "except AttributeError: slots, pointers = buffers()"]
    if n:
        env["pack_into"] = struct.Struct("<" + "".join(codes)).pack_into
        body += ["try: pack_into(slots, 0, " + ", ".join(f"v{i}" for i in range(n)) + ")",
                 "except OverflowError: return slow(args)  # a float out of its type's range: the error comes there"]
    body.append("return pointers, d")
    source = "def pack(args):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<tessera pack {packer.kernel.name}>", "exec"), env)
    return env["pack"]


def _converter(kernel: KernelInfo, p: Param):
    """A function from one argument to its slot bits (appending a tensor's device index to the list it is
    passed), with a fast path for the usual Python type."""
    what = f"{kernel.name}: argument {p.name!r}"
    if p.type == "ptr":
        return _pointer_converter(p, what)
    if p.type in INT_TYPES:
        n = SCALAR_BITS[p.type]
        lo, hi, mask = (0 if n == 1 else -(1 << (n - 1))), (1 << n) - 1, (1 << n) - 1

        def convert_int(a, devices):
            if type(a) is int and lo <= a <= hi:
                return a & mask
            return int_bits(a, p.type, what)
        return convert_int

    def convert_float(a, devices):
        return float_bits(a, p.type, what)
    return convert_float


def _pointer_converter(p: Param, what: str):
    expected = ELEM_DTYPES.get(p.elem)
    matching_dtype = []  # the dtype object once seen to match `expected`, so later checks are an identity test

    def convert_pointer(a, devices):
        if type(a) is int and 0 <= a < 1 << 64:
            return a
        if not hasattr(a, "data_ptr"):  # a torch.Tensor is recognised without importing torch
            if not isinstance(a, numbers.Integral) or isinstance(a, bool):
                raise TypeError(f"{what} is a pointer: pass a CUDA tensor or an int address, "
                                f"got {type(a).__name__}")
            if not 0 <= a < 1 << 64:
                raise ValueError(f"{what}: raw pointer {a} is not a 64-bit address")
            return int(a)
        if not a.is_cuda:
            raise ValueError(f"{what} must be a CUDA tensor, got one on {a.device}")
        if expected is not None and not (matching_dtype and a.dtype is matching_dtype[0]):
            if str(a.dtype) != expected:
                raise TypeError(f"{what} must have dtype {expected} (elem {p.elem}), got {a.dtype}")
            matching_dtype[:] = [a.dtype]
        devices.append(a.get_device())
        return a.data_ptr()
    return convert_pointer


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
    if type(a) is not float and not isinstance(a, numbers.Real):
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
