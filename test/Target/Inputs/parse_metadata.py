"""Parses a kernel.json with the Python runtime's own parser and prints it.

Usage: parse_metadata.py PYTHON_DIR KERNEL_JSON. Imports only tessera.metadata (no torch, no CUDA).
"""
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("tessera_metadata", f"{sys.argv[1]}/tessera/metadata.py")
metadata = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = metadata  # dataclasses look their module up
spec.loader.exec_module(metadata)
with open(sys.argv[2]) as f:
    info = metadata.parse_metadata(json.load(f))
print(f"target={info.target} binary={info.binary}")
for k in info.kernels.values():
    types = ",".join(p.type + (":" + p.elem if p.elem else "") for p in k.params)
    print(f"{k.signature()} threads={k.threads_per_block} shared={k.shared_bytes} warps={k.num_warps} types={types}")
