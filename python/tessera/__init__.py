"""Tessera's Python side: launch the compiler's PTX/cubin from PyTorch (runtime) and benchmark helpers (bench).

See docs/embedding.md for the kernel.json contract and the launch API.
"""
from ._driver import CudaError
from .runtime import Kernel, Module, load, load_ptx

__all__ = ["CudaError", "Kernel", "Module", "load", "load_ptx"]
