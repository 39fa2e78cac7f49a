"""A ctypes binding of the few CUDA driver calls the runtime needs.

Going through libcuda directly keeps the GPU machine free of MLIR, nvcc and CUDA Python bindings: the driver is
always there when a GPU is. Every call's CUresult is checked and turned into a CudaError.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from ctypes import POINTER, byref, c_char_p, c_int, c_uint, c_void_p

CUresult = c_int
CUdevice = c_int
CUcontext = CUmodule = CUfunction = CUstream = c_void_p

# Enum values from cuda.h (stable across CUDA releases).
CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75
CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76
CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97
CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES = 1
CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8
CU_JIT_INFO_LOG_BUFFER = 3
CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4
CU_JIT_ERROR_LOG_BUFFER = 5
CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6
CU_JIT_LOG_VERBOSE = 12

# Symbol names as exported by libcuda. cuda.h maps some API names to "_v2" symbols with changed semantics; we
# call those symbols by their exported name so we get the same behaviour a C program would.
_SIGNATURES = {
    "cuInit": [c_uint],
    "cuGetErrorName": [CUresult, POINTER(c_char_p)],
    "cuGetErrorString": [CUresult, POINTER(c_char_p)],
    "cuDeviceGet": [POINTER(CUdevice), c_int],
    "cuDeviceGetAttribute": [POINTER(c_int), c_int, CUdevice],
    "cuDevicePrimaryCtxRetain": [POINTER(CUcontext), CUdevice],
    "cuCtxGetCurrent": [POINTER(CUcontext)],
    "cuCtxGetDevice": [POINTER(CUdevice)],
    "cuCtxPushCurrent_v2": [CUcontext],
    "cuCtxPopCurrent_v2": [POINTER(CUcontext)],
    "cuCtxSynchronize": [],
    "cuModuleLoadDataEx": [POINTER(CUmodule), c_void_p, c_uint, POINTER(c_int), POINTER(c_void_p)],
    "cuModuleUnload": [CUmodule],
    "cuModuleGetFunction": [POINTER(CUfunction), CUmodule, c_char_p],
    "cuFuncGetAttribute": [POINTER(c_int), c_int, CUfunction],
    "cuFuncSetAttribute": [CUfunction, c_int, c_int],
    "cuLaunchKernel": [CUfunction, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, CUstream,
                       POINTER(c_void_p), POINTER(c_void_p)],
}

_JIT_LOG_BYTES = 1 << 16


class CudaError(RuntimeError):
    """A CUDA driver call failed. `name`/`description` come from cuGetErrorName/cuGetErrorString; `log` holds the
    PTX JIT's error and info log when a module load failed."""

    def __init__(self, code: int, name: str, description: str, call: str, detail: str = "", log: str = ""):
        self.code, self.name, self.description, self.call, self.detail, self.log = (
            code, name, description, call, detail, log)
        msg = f"{call} failed: {name} ({code}): {description}"
        if detail:
            msg += f" [{detail}]"
        if log:
            msg += "\n--- JIT log ---\n" + log
        super().__init__(msg)


class Driver:
    def __init__(self, path: str | None = None):
        self._lib = _open_libcuda(path)
        for sym, argtypes in _SIGNATURES.items():
            fn = getattr(self._lib, sym)
            fn.argtypes, fn.restype = argtypes, CUresult
        self._launch = self._lib.cuLaunchKernel
        # The per-launch calls also exist without argtypes, so that ctypes converts no argument: on the H200
        # machine a cuLaunchKernel call costs 4.0 us of host time with argtypes and 3.2 us without.
        #   launch_unchecked(fn, gx, gy, gz, bx, by, bz, shared, stream, params, None) -> CUresult
        # is cuLaunchKernel bare. The caller guarantees the C types, since nothing checks them: `fn` a c_void_p, the
        # dimensions and `shared` ints in [0, 2^31) (passed as C int, which the ABI passes as the unsigned int
        # declared), `stream` a c_void_p or None (the NULL stream), `params` the void* array.
        self.launch_unchecked = _bare(self._lib, "cuLaunchKernel")
        self._get_current = _bare(self._lib, "cuCtxGetCurrent")
        self._tls = threading.local()  # each thread's CUcontext out-parameter for cuCtxGetCurrent
        self._primary: dict[int, int] = {}
        self._lock = threading.Lock()
        self.check(self._lib.cuInit(0), "cuInit")

    # --- errors -----------------------------------------------------------------------------------------------
    def error(self, code: int, call: str, detail: str = "", log: str = "") -> CudaError:
        name, desc = c_char_p(), c_char_p()
        # Both return CUDA_ERROR_INVALID_VALUE for codes this driver does not know; keep the number then.
        self._lib.cuGetErrorName(code, byref(name))
        self._lib.cuGetErrorString(code, byref(desc))
        return CudaError(code, (name.value or b"CUDA_ERROR_UNKNOWN_CODE").decode(),
                         (desc.value or b"no description").decode(), call, detail, log)

    def check(self, code: int, call: str, detail: str = "") -> None:
        if code != 0:
            raise self.error(code, call, detail)

    def call(self, sym: str, *args, detail: str = "") -> None:
        self.check(getattr(self._lib, sym)(*args), sym, detail)

    # --- devices and contexts ---------------------------------------------------------------------------------
    def device_attribute(self, attr: int, ordinal: int) -> int:
        dev, value = CUdevice(), c_int()
        self.call("cuDeviceGet", byref(dev), ordinal)
        self.call("cuDeviceGetAttribute", byref(value), attr, dev)
        return value.value

    def primary_context(self, ordinal: int) -> int:
        """The device's primary context: the one the CUDA runtime, and so PyTorch, uses. Retained once and kept
        for the life of the process, so it cannot be destroyed under modules we loaded into it."""
        ctx = self._primary.get(ordinal)
        if ctx is not None:
            return ctx
        with self._lock:
            ctx = self._primary.get(ordinal)
            if ctx is None:
                dev, handle = CUdevice(), CUcontext()
                self.call("cuDeviceGet", byref(dev), ordinal, detail=f"device {ordinal}")
                self.call("cuDevicePrimaryCtxRetain", byref(handle), dev)
                ctx = self._primary[ordinal] = handle.value
            return ctx

    def current_context(self) -> int | None:
        # On every launch's path: the argtypes-free function on this thread's out-parameter, built once.
        try:
            ctx, ref = self._tls.current
        except AttributeError:
            ctx = CUcontext()
            ctx, ref = self._tls.current = (ctx, byref(ctx))
        code = self._get_current(ref)
        if code:
            raise self.error(code, "cuCtxGetCurrent")
        return ctx.value

    def current_device(self) -> int:
        dev = CUdevice()
        self.call("cuCtxGetDevice", byref(dev))
        return dev.value

    def push_unless_current(self, ctx: int) -> bool:
        """Make `ctx` current on this thread; True when it was pushed, and so must be popped."""
        if self.current_context() == ctx:
            return False
        self.push(ctx)
        return True

    def push(self, ctx: int) -> None:
        self.call("cuCtxPushCurrent_v2", CUcontext(ctx))

    def pop(self) -> None:
        self.call("cuCtxPopCurrent_v2", byref(CUcontext()))

    @contextlib.contextmanager
    def use(self, ctx: int):
        """Make `ctx` current on this thread for the block, restoring the previous one after."""
        pushed = self.push_unless_current(ctx)
        try:
            yield
        finally:
            if pushed:
                self.pop()

    def synchronize(self) -> None:
        self.call("cuCtxSynchronize")

    # --- modules and functions --------------------------------------------------------------------------------
    def load_module(self, image: bytes) -> int:
        """Load PTX (NUL-terminated text) or a cubin/fatbin into the current context. On failure the JIT's error
        and info logs go into the CudaError, since the bare CUresult says nothing about which PTX line is bad."""
        err_log = ctypes.create_string_buffer(_JIT_LOG_BYTES)
        info_log = ctypes.create_string_buffer(_JIT_LOG_BYTES)
        opts = (c_int * 5)(CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                           CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, CU_JIT_LOG_VERBOSE)
        # Sizes and flags travel in the pointer-sized option slots themselves, as the driver API specifies.
        vals = (c_void_p * 5)(ctypes.addressof(err_log), _JIT_LOG_BYTES,
                              ctypes.addressof(info_log), _JIT_LOG_BYTES, 1)
        buf = ctypes.create_string_buffer(image, len(image))
        module = CUmodule()
        code = self._lib.cuModuleLoadDataEx(byref(module), buf, len(opts), opts, vals)
        if code != 0:
            log = "\n".join(s for s in (err_log.value.decode(errors="replace").strip(),
                                        info_log.value.decode(errors="replace").strip()) if s)
            raise self.error(code, "cuModuleLoadDataEx", log=log)
        return module.value

    def unload_module(self, module: int) -> None:
        self.call("cuModuleUnload", CUmodule(module))

    def get_function(self, module: int, name: str) -> int:
        fn = CUfunction()
        self.call("cuModuleGetFunction", byref(fn), CUmodule(module), name.encode(), detail=f"kernel {name!r}")
        return fn.value

    def function_attribute(self, fn: int, attr: int) -> int:
        value = c_int()
        self.call("cuFuncGetAttribute", byref(value), attr, CUfunction(fn))
        return value.value

    def set_function_attribute(self, fn: int, attr: int, value: int, detail: str = "") -> None:
        self.call("cuFuncSetAttribute", CUfunction(fn), attr, value, detail=detail)

    def launch(self, fn: int, grid: tuple[int, int, int], block: tuple[int, int, int], shared: int,
               stream: int, params) -> int:
        """cuLaunchKernel through ctypes' argument checks (launch_unchecked is the usual launch's call); returns the
        CUresult unchecked, so that the caller builds the error's detail only on failure."""
        return self._launch(fn, grid[0], grid[1], grid[2], block[0], block[1], block[2], shared, stream, params,
                            None)


def _bare(lib: ctypes.CDLL, sym: str):
    """A second ctypes function object for `sym` returning CUresult, with no argtypes (lib[sym] builds a new one;
    lib.sym would be the shared, checked one)."""
    fn = lib[sym]
    fn.restype = CUresult
    return fn


def _open_libcuda(path: str | None) -> ctypes.CDLL:
    candidates = [path or os.environ.get("TESSERA_LIBCUDA") or "libcuda.so.1", "libcuda.so"]
    errors = []
    for name in candidates:
        try:
            return ctypes.CDLL(name)
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise OSError("cannot load the CUDA driver library (is an NVIDIA driver installed?): " + "; ".join(errors))


_driver: Driver | None = None
_driver_lock = threading.Lock()


def driver() -> Driver:
    """The process-wide driver binding, initialised (cuInit) on first use."""
    global _driver
    if _driver is not None:
        return _driver
    with _driver_lock:
        if _driver is None:
            _driver = Driver()
        return _driver
