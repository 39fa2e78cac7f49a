"""The launch path's host side on a CPU: libcuda is replaced by ctypes callbacks (FakeCuda) and torch by a stand-in,
so what reaches cuLaunchKernel, through the same ctypes calls (the argtypes-free ones included), is checked without
a GPU: argument bits, grid, block, stream, context pushes, errors, caches, threads.

The handles the fake gives out lie above 2^32, so a handle passed as a C int instead of a pointer arrives truncated
and fails the comparison.
"""
import ctypes
import gc
import random
import struct
import sys
import threading
import types
import weakref
from ctypes import c_int

import pytest

from tessera import _driver, runtime
from tessera.metadata import ArgPacker, float_bits, int_bits, parse_metadata

HIGH = 0x7F00_0000_0000  # above 2^32: a truncated handle does not come back as itself
PRIMARY = HIGH + 0x5000  # device d's primary context: PRIMARY + 0x100 * d
STREAM = HIGH + 0x9000   # the stand-in torch's current stream on device d: STREAM + 0x100 * d

SCALAR_TYPES = ["i1", "i8", "i16", "i32", "i64", "f16", "bf16", "f32", "f64"]
KERNELS = {"kernels": [
    {"name": "vector_add", "threads_per_block": 256,
     "params": [{"name": n, "type": "ptr", "elem": "f32"} for n in "xyz"] + [{"name": "n", "type": "i32"}]},
    {"name": "scalars", "threads_per_block": 32, "shared_bytes": 96,
     "params": [{"name": "out", "type": "ptr", "elem": "f64"}] + [{"name": t, "type": t} for t in SCALAR_TYPES]},
    {"name": "untyped", "threads_per_block": 64, "params": [{"name": "p", "type": "ptr"}, {"name": "q", "type": "ptr"}]},
    {"name": "close", "threads_per_block": 32, "params": []},  # a kernel named like a Module method
    {"name": "noargs", "threads_per_block": 32, "params": []},
]}
NPARAMS = {k["name"]: len(k["params"]) for k in KERNELS["kernels"]}
ERROR_NAME, ERROR_TEXT = b"CUDA_ERROR_INVALID_VALUE", b"invalid argument"


class FakeCuda:
    """libcuda's symbols that the Driver binds, as ctypes callbacks (of the do_ methods) with the Driver's own
    signatures. lib.sym gives the callback (on which the Driver sets argtypes), lib[sym] a second function pointer
    to it without argtypes, as a CDLL does."""

    def __init__(self):
        self.tls = threading.local()  # each thread's context stack, as in CUDA
        self.lock = threading.Lock()
        self.launches, self.loaded, self.unloaded, self.pushes = [], 0, 0, 0
        self.functions: dict[int, str] = {}
        self.fail_launch = 0
        self.thunks = {sym: ctypes.CFUNCTYPE(c_int, *argtypes)(getattr(self, "do_" + sym))
                       for sym, argtypes in _driver._SIGNATURES.items()}

    def __getattr__(self, sym):
        thunks = self.__dict__.get("thunks", {})
        if sym in thunks:
            return thunks[sym]
        raise AttributeError(sym)

    def __getitem__(self, sym):
        return ctypes.cast(self.thunks[sym], ctypes.CFUNCTYPE(c_int))

    def stack(self):
        if not hasattr(self.tls, "stack"):
            self.tls.stack = []
        return self.tls.stack

    def do_cuInit(self, flags):
        return 0

    def do_cuGetErrorName(self, code, out):
        out[0] = ERROR_NAME
        return 0

    def do_cuGetErrorString(self, code, out):
        out[0] = ERROR_TEXT
        return 0

    def do_cuDeviceGet(self, out, ordinal):
        out[0] = ordinal
        return 0

    def do_cuDeviceGetAttribute(self, out, attr, dev):
        out[0] = 0
        return 0

    def do_cuDevicePrimaryCtxRetain(self, out, dev):
        out[0] = PRIMARY + 0x100 * dev
        return 0

    def do_cuCtxGetCurrent(self, out):
        stack = self.stack()
        out[0] = stack[-1] if stack else None
        return 0

    def do_cuCtxGetDevice(self, out):
        out[0] = (self.stack()[-1] - PRIMARY) // 0x100
        return 0

    def do_cuCtxPushCurrent_v2(self, ctx):
        self.stack().append(ctx)
        self.pushes += 1
        return 0

    def do_cuCtxPopCurrent_v2(self, out):
        out[0] = self.stack().pop()
        return 0

    def do_cuCtxSynchronize(self):
        return 0

    def do_cuModuleLoadDataEx(self, out, image, n, opts, values):
        with self.lock:
            self.loaded += 1
            out[0] = HIGH + 0x100000 * self.loaded
        return 0

    def do_cuModuleUnload(self, module):
        self.unloaded += 1
        return 0

    def do_cuModuleGetFunction(self, out, module, name):
        fn = module + 0x10 * (1 + [k["name"] for k in KERNELS["kernels"]].index(name.decode()))
        self.functions[fn] = name.decode()
        out[0] = fn
        return 0

    def do_cuFuncGetAttribute(self, out, attr, fn):
        out[0] = 0
        return 0

    def do_cuFuncSetAttribute(self, fn, attr, value):
        return 0

    def do_cuLaunchKernel(self, fn, gx, gy, gz, bx, by, bz, shared, stream, params, extra):
        name = self.functions[fn]
        args = [ctypes.c_uint64.from_address(params[i]).value for i in range(NPARAMS[name])]
        stack = self.stack()
        record = dict(kernel=name, fn=fn, grid=(gx, gy, gz), block=(bx, by, bz), shared=shared, stream=stream or 0,
                      args=args, ctx=stack[-1] if stack else None, thread=threading.get_ident(), extra=bool(extra))
        with self.lock:
            self.launches.append(record)
        return self.fail_launch


class Dtype:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


F32, F64, BF16 = Dtype("torch.float32"), Dtype("torch.float64"), Dtype("torch.bfloat16")


class Tensor:
    """What the launch path reads of a torch.Tensor."""

    def __init__(self, ptr, dtype=F32, device=0):
        self.ptr, self._dtype, self.index = ptr, dtype, device

    is_cuda = property(lambda self: self.index >= 0)
    dtype = property(lambda self: self._dtype)
    device = property(lambda self: f"cuda:{self.index}" if self.index >= 0 else "cpu")

    def get_device(self):
        return self.index

    def data_ptr(self):
        return self.ptr

    def item(self):
        return 0


class Stream:
    def __init__(self, handle):
        self.cuda_stream = handle


def fake_torch():
    torch = types.ModuleType("torch")
    torch.state = types.SimpleNamespace(initialized=True, device=0)
    torch.cuda = types.SimpleNamespace(is_initialized=lambda: torch.state.initialized,
                                       current_device=lambda: torch.state.device)
    torch._C = types.SimpleNamespace(_cuda_getCurrentRawStream=lambda d: STREAM + 0x100 * d)
    return torch


@pytest.fixture
def cuda(monkeypatch):
    fake = FakeCuda()
    monkeypatch.setattr(_driver, "_open_libcuda", lambda path: fake)
    monkeypatch.setattr(_driver, "_driver", None)
    monkeypatch.setitem(sys.modules, "torch", fake_torch())
    monkeypatch.setattr(runtime, "_current_stream", None)
    monkeypatch.setattr(runtime, "_stream_args", {})
    return fake


@pytest.fixture
def mod(cuda):
    return runtime.load_ptx("// fake PTX", KERNELS)


@pytest.fixture
def torch(cuda):
    return sys.modules["torch"]


def tensors(n=3, device=0, dtype=F32):
    return [Tensor(HIGH + 0x10_0000_0000 * (device + 1) + 0x1000 * i, dtype, device) for i in range(n)]


def last(cuda):
    return cuda.launches[-1]


def expect(cuda, kernel, grid, args, device=0, stream=None, block=None, shared=0):
    r = last(cuda)
    assert (r["kernel"], r["grid"], r["args"], r["shared"]) == (kernel, grid, args, shared)
    assert r["block"] == (block or (256, 1, 1))
    assert r["fn"] in cuda.functions and r["extra"] is False
    assert r["ctx"] == PRIMARY + 0x100 * device
    assert r["stream"] == (STREAM + 0x100 * device if stream is None else stream)


@pytest.mark.parametrize("grid,grid3", [(4, (4, 1, 1)), ((4,), (4, 1, 1)), ((4, 1, 1), (4, 1, 1)), ([4], (4, 1, 1)),
                                        ((2, 3), (2, 3, 1)), ((2, 3, 5), (2, 3, 5)), (2**31 - 1, (2**31 - 1, 1, 1)),
                                        ((2**31,), (2**31, 1, 1)), ((1, 2**31), (1, 2**31, 1))])
def test_grid_forms_reach_the_driver(mod, cuda, grid, grid3):
    x, y, z = tensors()
    for launch in (lambda: mod.vector_add[grid](x, y, z, 1000), lambda: mod.launch("vector_add", grid, x, y, z, 1000),
                   lambda: mod["vector_add"][grid](x, y, z, 1000), lambda: mod.vector_add.launch(grid, x, y, z, 1000)):
        launch()
        expect(cuda, "vector_add", grid3, [x.ptr, y.ptr, z.ptr, 1000])
    assert len(cuda.launches) == 4


def test_usual_launch_takes_the_unchecked_call(mod, cuda, monkeypatch):
    """The argtypes-checked Driver.launch is only for what the unchecked call cannot take (dimensions >= 2^31)."""
    x, y, z = tensors()
    mod.vector_add[1](x, y, z, 8)
    drv = _driver.driver()
    monkeypatch.setattr(drv, "launch", None)
    for _ in range(3):
        mod.vector_add[(7,)](x, y, z, 8, stream=Stream(HIGH + 0x777))
        expect(cuda, "vector_add", (7, 1, 1), [x.ptr, y.ptr, z.ptr, 8], stream=HIGH + 0x777)
        mod.vector_add[(2, 65535, 3)](x, y, z, 8)
        expect(cuda, "vector_add", (2, 65535, 3), [x.ptr, y.ptr, z.ptr, 8])


def test_dimensions_from_2_31_take_the_checked_call(mod, cuda, monkeypatch):
    """The unchecked call passes dimensions as C ints; larger ones go through the argtypes-checked launch."""
    x, y, z = tensors()
    drv, checked = _driver.driver(), []
    launch = drv._launch  # cuLaunchKernel with argtypes
    monkeypatch.setattr(drv, "_launch", lambda fn, gx, gy, gz, *rest: checked.append((gx, gy, gz))
                        or launch(fn, gx, gy, gz, *rest))
    for grid in (2**31 - 1, (2**31,), (1, 2**31), (1, 1, 2**31), (65535, 65535, 65535)):
        mod.vector_add[grid](x, y, z, 8)
        runtime.launch_prepared([mod.vector_add.prepare(grid, x, y, z, 8)])
    big = [(2**31, 1, 1), (1, 2**31, 1), (1, 1, 2**31)]
    assert checked == [g for g in big for _ in range(2)]
    assert [r["grid"] for r in cuda.launches] == [g for g in [(2**31 - 1, 1, 1)] + big + [(65535,) * 3]
                                                  for _ in range(2)]


def test_context_is_pushed_only_when_not_current(mod, cuda, torch):
    x, y, z = tensors(device=1)
    torch.state.device = 1
    before = cuda.pushes
    mod.vector_add[2](x, y, z, 5)
    expect(cuda, "vector_add", (2, 1, 1), [x.ptr, y.ptr, z.ptr, 5], device=1)
    assert cuda.pushes == before + 1 and cuda.stack() == []  # pushed, launched, popped
    cuda.stack().append(PRIMARY + 0x100)  # as the CUDA runtime leaves it after torch used device 1
    mod.vector_add[2](x, y, z, 5)
    expect(cuda, "vector_add", (2, 1, 1), [x.ptr, y.ptr, z.ptr, 5], device=1)
    assert cuda.pushes == before + 1 and cuda.stack() == [PRIMARY + 0x100]
    a, b, c = tensors(device=0)  # another device's tensors: its context is pushed over the current one
    mod.vector_add[2](a, b, c, 5)
    expect(cuda, "vector_add", (2, 1, 1), [a.ptr, b.ptr, c.ptr, 5], device=0)
    assert cuda.pushes == before + 2 and cuda.stack() == [PRIMARY + 0x100]


def torch_never_initialised(monkeypatch, torch, imported=True):
    """A process where torch has not initialised CUDA (or was never imported): the runtime's memory of the
    current-stream function, which it keeps once torch has initialised (torch never undoes it), starts empty."""
    torch.state.initialized = False
    if not imported:
        monkeypatch.delitem(sys.modules, "torch")
    monkeypatch.setattr(runtime, "_current_stream", None)


@pytest.mark.parametrize("how", ["default", "object", "handle", "zero", "uninitialised torch", "no torch"])
def test_stream_forms(mod, cuda, torch, monkeypatch, how):
    x, y, z = tensors()
    stream, expected = {"default": (None, STREAM), "object": (Stream(HIGH + 0x4440), HIGH + 0x4440),
                        "handle": (HIGH + 0x5550, HIGH + 0x5550), "zero": (0, 0),
                        "uninitialised torch": (None, 0), "no torch": (None, 0)}[how]
    if how in ("uninitialised torch", "no torch"):
        torch_never_initialised(monkeypatch, torch, imported=how != "no torch")
    for _ in range(2):
        mod.vector_add[3](x, y, z, 9, stream=stream)
        expect(cuda, "vector_add", (3, 1, 1), [x.ptr, y.ptr, z.ptr, 9], stream=expected)


def test_torch_initialised_after_the_first_launch(mod, cuda, torch, monkeypatch):
    x, y, z = tensors()
    torch_never_initialised(monkeypatch, torch)
    mod.vector_add[3](x, y, z, 9)
    expect(cuda, "vector_add", (3, 1, 1), [x.ptr, y.ptr, z.ptr, 9], stream=0)
    torch.state.initialized = True
    mod.vector_add[3](x, y, z, 9)
    expect(cuda, "vector_add", (3, 1, 1), [x.ptr, y.ptr, z.ptr, 9])


def test_forked_child_forgets_torch(mod, cuda, torch):
    """In a forked child torch counts itself uninitialised; the launch must ask it again (the at-fork hook)."""
    x, y, z = tensors()
    mod.vector_add[3](x, y, z, 9)
    assert runtime._current_stream is not None
    runtime._forget_torch()  # what os.register_at_fork runs in the child
    torch.state.initialized = False
    mod.vector_add[3](x, y, z, 9)
    expect(cuda, "vector_add", (3, 1, 1), [x.ptr, y.ptr, z.ptr, 9], stream=0)


def test_raw_pointers_use_torchs_current_device(mod, cuda, torch):
    torch.state.device = 2
    mod.untyped[1](HIGH + 0x10, (1 << 64) - 1)
    expect(cuda, "untyped", (1, 1, 1), [HIGH + 0x10, (1 << 64) - 1], device=2, block=(64, 1, 1))
    x = Tensor(HIGH + 0x20, BF16, device=1)  # an untyped pointer takes any dtype
    mod.untyped[1](x, 0)
    expect(cuda, "untyped", (1, 1, 1), [HIGH + 0x20, 0], device=1, block=(64, 1, 1))


def test_scalar_bits(mod, cuda):
    rng = random.Random(1234)
    out = Tensor(HIGH + 0x30, F64)
    for case in range(200):
        values = [rng.choice([0, 1, True, False]), rng.randint(-128, 255), rng.randint(-(1 << 15), (1 << 16) - 1),
                  rng.randint(-(1 << 31), (1 << 32) - 1), rng.randint(-(1 << 63), (1 << 64) - 1),
                  rng.uniform(-6e4, 6e4), rng.uniform(-1e38, 1e38), rng.uniform(-3e38, 3e38),
                  rng.choice([rng.uniform(-1e300, 1e300), float("inf"), float("-inf"), -0.0, float("nan")])]
        mod.scalars[1](out, *values)
        bits = [int_bits(v, t, "arg") if t.startswith("i") else float_bits(v, t, "arg")
                for v, t in zip(values, SCALAR_TYPES)]
        expect(cuda, "scalars", (1, 1, 1), [out.ptr] + bits, block=(32, 1, 1), shared=96)


def _packed(packer, args):
    """(slot bits, device) or (exception type, message)."""
    slots, _ = packer.buffers()
    slots[:] = [(1 << 64) - 1] * len(slots)  # what a previous pack left: the fast path must clear the high bytes
    try:
        _, device = packer.pack(args)
    except Exception as e:
        return type(e), str(e)
    return list(slots), device


def _checked(packer, args):
    try:
        _, device = packer.pack_checked(args)
    except Exception as e:
        return type(e), str(e)
    return list(packer.buffers()[0]), device


class Integral(int):
    """An int subclass: not the fast path's exact int, so the general path takes it."""


def _edge_values(ty):
    if ty == "ptr":
        cpu = Tensor(HIGH, F64, device=-1)
        return [Tensor(HIGH + 8, F64), Tensor(HIGH + 16, F64, device=1), Tensor(HIGH, F32), cpu, 0, (1 << 64) - 1,
                1 << 64, -8, True, "x", Integral(HIGH), 1.0]
    if ty.startswith("i"):
        bits = int(ty[1:])
        lo = 0 if bits == 1 else -(1 << (bits - 1))
        return [lo, lo - 1, (1 << bits) - 1, 1 << bits, True, False, Integral(3), 1.0, "1", Tensor(HIGH)]
    return [1.0, -0.0, float("inf"), float("nan"), 65504.0, 65520.0, 1e5, 3.4e38, 3.5e38, 1e39, 1e300, 2, True,
            Integral(7), 10**400, "1.0", Tensor(HIGH)]


@pytest.mark.parametrize("ty", SCALAR_TYPES + ["ptr"])
def test_fast_pack_matches_the_checked_pack(ty):
    """Every edge value of every parameter type, in every position: pack (generated) and pack_checked (the
    general path) give the same bits and device, or raise the same error; before and after pack has seen a
    tensor, and with a second argument that is valid or not."""
    info = parse_metadata({"kernels": [{"name": "k", "threads_per_block": 32, "params": [
        {"name": "a", "type": ty, **({"elem": "f64"} if ty == "ptr" else {})},
        {"name": "b", "type": "ptr", "elem": "f64"}]}]}).kernels["k"]
    values = _edge_values(ty)
    seconds = [Tensor(HIGH + 24, F64), Tensor(HIGH + 32, F64, device=1), Tensor(HIGH, F32), 0x1000, "y"]
    for learned in (False, True):
        packer = ArgPacker(info)
        if learned:
            packer.pack((Tensor(HIGH + 8, F64), Tensor(HIGH + 16, F64)) if ty == "ptr"
                        else (values[0], Tensor(HIGH + 16, F64)))
        for a in values:
            for b in seconds:
                for args in ((a, b), (b, a), (a,), (a, b, b)):
                    assert _packed(packer, args) == _checked(packer, args), (learned, args)


def test_high_bytes_of_narrow_slots_are_zero(mod, cuda):
    out = Tensor(HIGH + 0x30, F64)
    packer = mod.scalars._packer
    slots, _ = packer.buffers()
    slots[:] = [(1 << 64) - 1] * len(slots)
    mod.scalars[1](out, 1, -1, -1, -1, -1, -1.0, -1.0, -1.0, -1.0)
    assert last(cuda)["args"] == [out.ptr, 1, 0xFF, 0xFFFF, 0xFFFF_FFFF, (1 << 64) - 1, 0xBC00, 0xBF80, 0xBF80_0000,
                                  struct.unpack("<Q", struct.pack("<d", -1.0))[0]]


def test_argument_errors_are_those_of_the_general_path(mod, cuda):
    x, y, z = tensors()
    va = mod.vector_add[1]
    va(x, y, z, 8)  # the fast path has learned the tensors' type and dtype
    cases = [
        ((x, y, z), TypeError, r"vector_add\(x, y, z, n\) takes 4 argument\(s\), got 3"),
        ((Tensor(HIGH, F64), y, z, 8), TypeError, "argument 'x' must have dtype torch.float32 \\(elem f32\\), got "
                                                  "torch.float64"),
        ((x, Tensor(HIGH, F32, -1), z, 8), ValueError, "argument 'y' must be a CUDA tensor, got one on cpu"),
        (("x", y, z, 8), TypeError, "argument 'x' is a pointer: pass a CUDA tensor or an int address, got str"),
        ((x, y, z, 8.0), TypeError, "argument 'n' is i32: pass an int, got float$"),
        ((x, y, z, Tensor(HIGH)), TypeError, r"is i32: pass an int, got Tensor \(use \.item\(\) for a 0-d tensor\)"),
        ((x, y, z, 1 << 40), ValueError, "argument 'n': 1099511627776 does not fit in i32"),
        ((x, y, Tensor(HIGH, F32, 1), 8), ValueError, "tensor arguments on several devices: cuda:0, cuda:0, cuda:1"),
        ((x, y, z, -8.5), TypeError, "is i32"),  # the first bad argument is reported ...
        ((Tensor(HIGH, F32, 1), y, z, 1.5), TypeError, "is i32"),  # ... before the devices are compared
    ]
    for args, exc, message in cases:
        with pytest.raises(exc, match=message):
            va(*args)
    with pytest.raises(TypeError, match="stream must be a torch.cuda.Stream or an int CUstream handle, got str"):
        va(x, y, z, 8, stream="default")
    for grid in [(1, 1, 1, 1), -1, 1.5, (), (True,), (1.0,), "4", (2, -1)]:
        with pytest.raises(ValueError, match="grid must be a non-negative int or a tuple of 1 to 3 of them"):
            mod.vector_add[grid]("not even a pointer", y, z, 8)  # the grid is checked first
    with pytest.raises(AttributeError, match="no kernel 'nope'"):
        mod.nope
    assert len(cuda.launches) == 1 and cuda.stack() == []


def test_empty_grid_checks_arguments_and_launches_nothing(mod, cuda):
    x, y, z = tensors()
    for grid in (0, (0,), (4, 0), (1, 1, 0)):
        mod.vector_add[grid](x, y, z, 8)
        with pytest.raises(TypeError, match="is i32"):
            mod.vector_add[grid](x, y, z, 8.0)
    assert cuda.launches == []


def test_launch_error_names_the_launch(mod, cuda):
    x, y, z = tensors()
    cuda.fail_launch = 1
    for grid, shown in ((5, "grid=(5, 1, 1)"), ((5, 2**31), "grid=(5, 2147483648, 1)")):  # unchecked and checked
        with pytest.raises(_driver.CudaError) as e:
            mod.vector_add[grid](x, y, z, 8)
        assert e.value.call == "cuLaunchKernel" and e.value.name == ERROR_NAME.decode()
        assert f"vector_add {shown} block=(256, 1, 1) shared=0" in str(e.value)
    cuda.fail_launch = 0
    mod.vector_add[5](x, y, z, 8)
    expect(cuda, "vector_add", (5, 1, 1), [x.ptr, y.ptr, z.ptr, 8])
    assert cuda.stack() == []


def test_kernels_as_attributes(mod):
    assert mod.vector_add is mod.kernels["vector_add"] is mod["vector_add"]
    assert callable(mod.close) and mod.close.__func__ is runtime.Module.close  # the method, not the kernel
    assert mod["close"] is mod.kernels["close"]


def test_close_drops_the_cached_functions(mod, cuda):
    x, y, z = tensors()
    mod.vector_add[1](x, y, z, 8)
    first = last(cuda)["fn"]
    mod.close()
    assert cuda.unloaded == 1
    mod.vector_add[1](x, y, z, 8)
    assert last(cuda)["fn"] != first and cuda.functions[last(cuda)["fn"]] == "vector_add"
    assert cuda.loaded == 2


def test_kernels_without_parameters(mod, cuda):
    mod.noargs[3]()
    r = last(cuda)
    assert (r["kernel"], r["grid"], r["args"], r["stream"]) == ("noargs", (3, 1, 1), [], STREAM)
    with pytest.raises(TypeError, match=r"noargs\(\) takes 0 argument\(s\), got 1"):
        mod.noargs[3](1)


def test_threads_pack_their_own_arguments(mod, cuda):
    def work(t, errors):
        try:
            x, y, z = tensors(device=t % 2)
            for i in range(300):
                mod.vector_add[t + 1](x, y, z, i)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    errors = []
    threads = [threading.Thread(target=work, args=(t, errors)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(cuda.launches) == 1200
    for t in range(4):
        mine = [r for r in cuda.launches if r["grid"] == (t + 1, 1, 1)]
        x, y, z = tensors(device=t % 2)
        assert [r["args"] for r in mine] == [[x.ptr, y.ptr, z.ptr, i] for i in range(300)]
        assert all(r["ctx"] == PRIMARY + 0x100 * (t % 2) and r["stream"] == STREAM + 0x100 * (t % 2) for r in mine)
        assert len({r["thread"] for r in mine}) == 1


def test_launches_keep_no_tensor_alive(mod, cuda):
    x, y, z = tensors()
    refs = [weakref.ref(t) for t in (x, y, z)]
    mod.vector_add[1](x, y, z, 8)  # the general path (first launch) ...
    mod.vector_add[1](x, y, z, 8)  # ... and the fast one
    with pytest.raises(TypeError):
        mod.vector_add[1](x, y, z, 8.0)
    del x, y, z
    gc.collect()
    assert [r() for r in refs] == [None, None, None]


def test_prepared_launches_match_the_generic_launch(mod, cuda):
    x, y, z = tensors()
    s = Stream(HIGH + 0x6660)
    mod.vector_add[(3, 2)](x, y, z, 11, stream=s)
    generic = dict(last(cuda))
    p = mod.vector_add.prepare((3, 2), x, y, z, 11)
    big = mod.vector_add.prepare((2**31,), x, y, z, 11)  # through the checked call
    runtime.launch_prepared([p, big], stream=s)
    assert {k: v for k, v in cuda.launches[-2].items()} == generic
    expect(cuda, "vector_add", (2**31, 1, 1), [x.ptr, y.ptr, z.ptr, 11], stream=HIGH + 0x6660)
    p()
    expect(cuda, "vector_add", (3, 2, 1), [x.ptr, y.ptr, z.ptr, 11])
