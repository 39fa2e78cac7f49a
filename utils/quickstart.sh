#!/usr/bin/env bash
# Install what is missing, build Tessera, and compile the library's RMSNorm
# kernel (kernels/rmsnorm.mlir.in, hidden size 4096) to PTX for sm_90a:
# prints the per-stage compile times, the kernel metadata and the PTX's
# memory and reduction instructions.
set -euo pipefail
source "$(dirname "$0")/common.sh"
tessera_install_packages
tessera_build
out="$BUILD_DIR/quickstart"
mkdir -p "$out"
echo "== tessera-compile kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=90a"
"$BUILD_DIR/bin/tessera-compile" "$TESSERA_ROOT/kernels/rmsnorm.mlir.in" \
  -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=90a -o "$out/rmsnorm.ptx" --header --timing
echo "== $out/rmsnorm.json (launch metadata)"
cat "$out/rmsnorm.json"
echo "== $out/rmsnorm.ptx: $(wc -l <"$out/rmsnorm.ptx") lines; its global memory, shuffles and barriers:"
grep -E '^\s*(\.target|\.entry|\.maxntid|ld\.global|st\.global|shfl|bar\.sync)' "$out/rmsnorm.ptx" | sed 's/^\s*/  /'
echo "== also written: $out/rmsnorm.h (PTX embedded for C/C++ runtimes)"
