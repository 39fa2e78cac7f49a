"""Load Tessera's emitted PTX/cubin and launch its kernels on PyTorch tensors through the CUDA driver.

    mod = tessera.load("kernel.json")            # PTX named in the JSON, next to it
    mod.rmsnorm[(M,)](x, w, y, n, eps, M)         # grid from the caller; block, shared memory from the metadata
    mod.launch("rmsnorm", (M,), x, w, y, n, eps, M, stream=s)

Kernels run in the device's primary context, the one PyTorch uses, so tensors' addresses are valid in it and
the order of initialisation (torch first or Tessera first) does not matter.
"""
from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
from pathlib import Path

from . import _driver
from ._driver import CudaError
from .metadata import ArgPacker, KernelInfo, ModuleInfo, parse_metadata

# The shared memory (static + dynamic) a block may use without opting in, on every GPU since Volta.
_DEFAULT_SHARED_LIMIT = 48 * 1024
_I32 = 1 << 31  # grid, block and shared-memory values below this may go to cuLaunchKernel as C ints, unchecked
_U64 = 1 << 64
_ELF_MAGIC = b"\x7fELF"
_FATBIN_MAGIC = b"\x50\xed\x55\xba"  # 0xBA55ED50, little-endian


class Kernel:
    """One kernel of a module. `kernel[grid](*args, stream=None)` launches it."""

    def __init__(self, module: Module, info: KernelInfo):
        self.module, self.info = module, info
        self._packer = ArgPacker(info)
        self._pack = self._packer.pack
        self._block = (info.threads_per_block, 1, 1)
        # The launch configuration fits Driver.launch_unchecked's C ints (metadata could, in principle, say not).
        self._unchecked_ok = info.threads_per_block < _I32 and info.shared_bytes < _I32
        # context -> (CUfunction, the same as c_void_p): the function handle without Module._function's lookup by
        # (context, name). Module.close() empties it with the module's own cache.
        self._fns: dict[int, tuple[int, ctypes.c_void_p]] = {}

    @property
    def name(self) -> str:
        return self.info.name

    def __getitem__(self, grid):
        # Every launch's host cost is this closure's (docs/performance.md, "Python launch host cost"). The usual
        # case (a positive int grid, tensors, PyTorch's current stream, a function already resolved) is written
        # out inline, the launch body in the closure itself rather than called from it, and ends in the
        # argtypes-free cuLaunchKernel; the rest goes through the general helpers, with the same checks.
        def launch(*args, stream=None) -> None:
            g = grid[0] if type(grid) is tuple and len(grid) == 1 else grid
            if type(g) is int and 0 < g < _I32:
                grid3, unchecked = (g, 1, 1), self._unchecked_ok
                params, device = self._pack(args)
            else:
                grid3 = _grid3(grid)  # raises for a bad grid, before any argument is looked at
                unchecked = self._unchecked_ok and grid3[0] < _I32 and grid3[1] < _I32 and grid3[2] < _I32
                params, device = self._pack(args)
                if 0 in grid3:  # an empty problem: nothing to launch, as with Triton
                    return
            drv = _driver._driver or _driver.driver()
            ctx = drv._primary.get(device) if device is not None else None  # _context_for's usual case
            if ctx is None:
                ctx, device = _context_for(drv, device)
            pushed = drv.current_context() != ctx
            if pushed:
                drv.push(ctx)
            try:
                fn = self._fns.get(ctx)
                if fn is None:
                    fn = self._resolve(drv, ctx)
                if stream is None and device is not None:  # _stream_handle's usual case
                    current = _current_stream or (_torch() and _current_stream)
                    handle = current(device) if current else 0
                else:
                    handle = _stream_handle(stream, device)
                shared = self.info.shared_bytes
                if unchecked and type(handle) is int and 0 <= handle < _U64:
                    code = drv.launch_unchecked(fn[1], grid3[0], grid3[1], grid3[2], self._block[0], 1, 1, shared,
                                                (_stream_args.get(handle) or _stream_arg(handle)) if handle else None,
                                                params, None)
                else:
                    code = drv.launch(fn[0], grid3, self._block, shared, handle, params)
                if code:
                    raise drv.error(code, "cuLaunchKernel", f"{self.info.name} grid={grid3} block={self._block} "
                                                            f"shared={shared}")
                if _LAUNCH_BLOCKING:
                    drv.synchronize()
            finally:
                if pushed:
                    drv.pop()
        return launch

    def launch(self, grid, *args, stream=None) -> None:
        self[grid](*args, stream=stream)

    def _resolve(self, drv, ctx: int):
        """This kernel's function in `ctx` (current), cached on the kernel."""
        fn = self.module._function(drv, ctx, self.info.name)
        entry = self._fns[ctx] = (fn, ctypes.c_void_p(fn))
        return entry

    def prepare(self, grid, *args) -> PreparedLaunch:
        """This launch with its grid and arguments checked and packed once, for a caller that repeats it with the
        same arguments: `prepared(stream=None)` launches it. The arguments are copied as their bits (a tensor as
        its address): the tensors must stay alive, and the same ones, while the launch is reused."""
        grid3 = _grid3(grid)
        packed, device = self._packer.pack(args)
        slots, _ = self._packer.buffers()
        n = max(len(args), 1)
        own = (ctypes.c_uint64 * n)(*slots[:n])
        params = (ctypes.c_void_p * n)(*(ctypes.addressof(own) + 8 * i for i in range(n)))
        drv = _driver.driver()
        ctx, device = _context_for(drv, device)
        with drv.use(ctx):
            fn = self.module._function(drv, ctx, self.info.name)
        return PreparedLaunch(self, fn, ctx, device, grid3, own, params)

    def __repr__(self) -> str:
        i = self.info
        return f"<tessera.Kernel {i.signature()} threads={i.threads_per_block} shared={i.shared_bytes}>"


class PreparedLaunch:
    """A kernel launch whose grid, arguments, context and function were resolved once (Kernel.prepare); calling
    it costs one cuLaunchKernel and the current-stream lookup. launch_prepared() runs several in a row."""

    __slots__ = ("kernel", "fn", "ctx", "device", "grid", "block", "shared", "_slots", "params", "_fn_arg")

    def __init__(self, kernel: Kernel, fn: int, ctx: int, device, grid, slots, params):
        self.kernel, self.fn, self.ctx, self.device, self.grid = kernel, fn, ctx, device, grid
        self.block, self.shared = kernel._block, kernel.info.shared_bytes
        self._slots, self.params = slots, params  # the slots stay alive as long as the pointers to them
        # The function as Driver.launch_unchecked takes it, or None where a dimension does not fit its C ints.
        fits = kernel._unchecked_ok and grid[0] < _I32 and grid[1] < _I32 and grid[2] < _I32
        self._fn_arg = ctypes.c_void_p(fn) if fits else None

    def __call__(self, stream=None) -> None:
        launch_prepared((self,), stream)

    def __repr__(self) -> str:
        return f"<tessera.PreparedLaunch {self.kernel.name} grid={self.grid}>"


def launch_prepared(launches, stream=None) -> None:
    """Launches prepared launches of one device in order on `stream` (as Kernel.launch takes it; None: PyTorch's
    current stream on their device), with one context check for all of them."""
    if not launches:
        return
    first = launches[0]
    if first.grid[0] == 0 or first.grid[1] == 0 or first.grid[2] == 0:
        launches = [p for p in launches if 0 not in p.grid]
        if not launches:
            return
    for p in launches:
        if p.ctx != first.ctx:
            raise ValueError("launch_prepared: launches on several devices")
    drv = _driver.driver()
    handle = _stream_handle(stream, first.device)
    unchecked = type(handle) is int and 0 <= handle < _U64
    stream_arg = (_stream_args.get(handle) or _stream_arg(handle)) if unchecked and handle else None
    pushed = drv.push_unless_current(first.ctx)
    try:
        for p in launches:
            g, b = p.grid, p.block
            if unchecked and p._fn_arg is not None:
                code = drv.launch_unchecked(p._fn_arg, g[0], g[1], g[2], b[0], b[1], b[2], p.shared, stream_arg,
                                            p.params, None)
            else:
                code = drv._launch(p.fn, g[0], g[1], g[2], b[0], b[1], b[2], p.shared, handle, p.params, None)
            if code:
                raise drv.error(code, "cuLaunchKernel", f"{p.kernel.name} grid={g} block={b} shared={p.shared}")
            if _LAUNCH_BLOCKING:
                drv.synchronize()
    finally:
        if pushed:
            drv.pop()


class Module:
    """A loaded PTX/cubin image with its metadata. Loaded into the current CUDA context at construction and lazily
    into any other context it is launched in (another GPU's); modules and functions are cached per context."""

    def __init__(self, image: bytes, info: ModuleInfo, source: str = "<memory>"):
        self.info, self.source = info, source
        self._image = _nul_terminated_if_ptx(image)
        self._modules: dict[int, int] = {}              # context -> CUmodule
        self._functions: dict[tuple[int, str], int] = {}  # (context, kernel) -> CUfunction
        self._lock = threading.Lock()
        self.kernels = {name: Kernel(self, k) for name, k in info.kernels.items()}
        # Resolve every kernel now, in the current context: a PTX JIT error or a kernel the metadata names but the
        # image lacks is reported by load(), not by some later launch.
        drv = _driver.driver()
        ctx, _ = _context_for(drv, None)
        with drv.use(ctx):
            for name in self.kernels:
                self._function(drv, ctx, name)
        # `mod.name` finds a kernel in the instance dict, not through __getattr__, which Python reaches only after
        # a failed lookup (~0.5 us). Names that an attribute or method already holds stay __getattr__'s (unreachable
        # as attributes, as before; mod["name"] reaches them).
        for name, kernel in self.kernels.items():
            if name not in self.__dict__ and not hasattr(type(self), name):
                self.__dict__[name] = kernel

    def __getattr__(self, name: str) -> Kernel:
        kernels = self.__dict__.get("kernels", {})
        if name in kernels:
            return kernels[name]
        raise AttributeError(f"module {self.source} has no kernel {name!r}; it has: {', '.join(kernels) or 'none'}")

    def __getitem__(self, name: str) -> Kernel:
        return self.__getattr__(name)

    def launch(self, name: str, grid, *args, stream=None) -> None:
        self[name].launch(grid, *args, stream=stream)

    def close(self) -> None:
        """Unload the module from every context it was loaded into."""
        drv = _driver.driver()
        with self._lock:
            for ctx, mod in self._modules.items():
                with drv.use(ctx):
                    drv.unload_module(mod)
            self._modules.clear()
            self._functions.clear()
            for kernel in self.kernels.values():
                kernel._fns.clear()

    def __repr__(self) -> str:
        return f"<tessera.Module {self.source} target={self.info.target} kernels={list(self.kernels)}>"

    # Called with `ctx` current.
    def _module(self, drv, ctx: int) -> int:
        with self._lock:
            mod = self._modules.get(ctx)
            if mod is None:
                mod = self._modules[ctx] = drv.load_module(self._image)
            return mod

    def _function(self, drv, ctx: int, name: str) -> int:
        fn = self._functions.get((ctx, name))
        if fn is None:
            fn = drv.get_function(self._module(drv, ctx), name)
            _allow_dynamic_shared(drv, fn, self.info.kernels[name])
            with self._lock:
                self._functions[(ctx, name)] = fn
        return fn


def load(path: str | os.PathLike, binary: str | os.PathLike | None = None) -> Module:
    """Load a module from its kernel.json. The image is `binary` when given (a .ptx or a .cubin), otherwise the
    file the JSON's "ptx" field names, relative to the JSON's folder."""
    path = Path(path)
    info = parse_metadata(json.loads(path.read_text()))
    if binary is None:
        if not info.binary:
            raise ValueError(f"{path} names no 'ptx' file; pass binary=")
        binary = path.parent / info.binary
    return Module(Path(binary).read_bytes(), info, source=str(binary))


def load_ptx(ptx: str | bytes, metadata: dict) -> Module:
    """Load a module from PTX text (or cubin bytes) and the metadata, as a decoded kernel.json."""
    image = ptx.encode() if isinstance(ptx, str) else bytes(ptx)
    return Module(image, parse_metadata(metadata))


def _nul_terminated_if_ptx(image: bytes) -> bytes:
    if image.startswith(_ELF_MAGIC) or image.startswith(_FATBIN_MAGIC):
        return image
    return image if image.endswith(b"\0") else image + b"\0"  # the driver reads PTX as a C string


def _allow_dynamic_shared(drv, fn: int, k: KernelInfo) -> None:
    """Opt in to more than the default shared memory where the kernel needs it; the launch fails otherwise."""
    static = drv.function_attribute(fn, _driver.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES)
    if k.shared_bytes + static <= _DEFAULT_SHARED_LIMIT:
        return
    try:
        drv.set_function_attribute(fn, _driver.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, k.shared_bytes)
    except CudaError as e:
        limit = drv.device_attribute(_driver.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
                                     drv.current_device())
        raise CudaError(e.code, e.name, e.description, e.call,
                        f"kernel {k.name!r} needs {k.shared_bytes} B dynamic + {static} B static shared memory; "
                        f"this device allows {limit} B per block") from None


def _grid3(grid) -> tuple[int, int, int]:
    if type(grid) is int and grid >= 0:
        return (grid, 1, 1)
    dims = tuple(grid) if isinstance(grid, (tuple, list)) else ()
    if not 1 <= len(dims) <= 3 or not all(type(d) is int and d >= 0 for d in dims):
        raise ValueError(f"grid must be a non-negative int or a tuple of 1 to 3 of them, got {grid!r}")
    return dims + (1,) * (3 - len(dims))


def _torch():
    """torch when the caller has imported it and it has initialised CUDA; we never import it ourselves, so the
    runtime works without it. The first time it has, _current_stream is set too."""
    global _current_stream
    torch = sys.modules.get("torch")
    if torch is None or not torch.cuda.is_initialized():
        return None
    if _current_stream is None:
        raw = getattr(torch._C, "_cuda_getCurrentRawStream", None)  # what Triton uses: no Stream object built
        _current_stream = raw or (lambda device: torch.cuda.current_stream(device).cuda_stream)
    return torch


# A function from a device index to PyTorch's current stream there (a raw CUstream), set by _torch() once torch has
# initialised CUDA, which it does not undo; launches then skip the check. A forked child forgets it, since torch
# counts itself uninitialised there (a "bad fork") and so must the next launch.
_current_stream = None


def _forget_torch() -> None:
    global _current_stream
    _current_stream = None


os.register_at_fork(after_in_child=_forget_torch)


def _context_for(drv, device: int | None) -> tuple[int, int | None]:
    """The context a launch runs in, and its device: the primary context of the tensors' device; without
    tensors, of PyTorch's current device, else whatever context is current on this thread (device unknown: None),
    else device 0's."""
    if device is None:
        torch = _torch()
        if torch is not None:
            device = torch.cuda.current_device()
        else:
            ctx = drv.current_context()
            if ctx:
                return ctx, None
            device = 0
    return drv.primary_context(device), device


def _stream_handle(stream, device: int | None) -> int:
    """An explicit stream (torch.cuda.Stream, or a raw CUstream as int), else PyTorch's current stream on the
    launch's device, else the legacy default stream (0), which is also what PyTorch's default stream is."""
    if stream is None:
        if device is None or _torch() is None:
            return 0
        return _current_stream(device)
    if type(stream) is int:
        return stream
    if hasattr(stream, "cuda_stream"):
        return stream.cuda_stream
    raise TypeError(f"stream must be a torch.cuda.Stream or an int CUstream handle, got {type(stream).__name__}")


_stream_args: dict[int, ctypes.c_void_p] = {}  # raw stream handle -> the same as c_void_p, for launch_unchecked


def _stream_arg(handle: int) -> ctypes.c_void_p:
    """A non-zero `handle` (below 2^64) as launch_unchecked takes it, a c_void_p; cached, since a program uses few
    streams (a bounded cache: cleared when it reaches 64 handles)."""
    arg = _stream_args.get(handle)
    if arg is None:
        if len(_stream_args) >= 64:
            _stream_args.clear()
        arg = _stream_args[handle] = ctypes.c_void_p(handle)
    return arg


# TESSERA_LAUNCH_BLOCKING=1 synchronises after every launch, so a fault is reported by the launch that caused it.
_LAUNCH_BLOCKING = os.environ.get("TESSERA_LAUNCH_BLOCKING", "0") not in ("", "0")
