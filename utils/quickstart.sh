#!/usr/bin/env bash
# Install what is missing, build Tessera, and run it on the built-in example
# kernel: parse, verify and assign layouts, then print the result.
set -euo pipefail
source "$(dirname "$0")/common.sh"
tessera_install_packages
tessera_build
example="$TESSERA_ROOT/examples/row_sum.mlir"
echo "== $example with layouts assigned (tessera-opt --tile-to-tgpu)"
"$BUILD_DIR/bin/tessera-opt" "$example" --tile-to-tgpu="num-warps=4 target=sm_90a"
