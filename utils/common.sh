# Shared set-up for utils/*.sh: install what is missing, configure, build.
# Sourced, not run. Honours BUILD_DIR (default: build) and JOBS.

TESSERA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$TESSERA_ROOT/build}"
LLVM_PREFIX=/usr/lib/llvm-22
export PATH="$LLVM_PREFIX/bin:$PATH:/usr/local/cuda/bin"

PYTEST_VERSION=9.2.0
TESSERA_PACKAGES=(cmake ninja-build ccache g++ python3 zlib1g-dev libzstd-dev
                  libgtest-dev llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools)

tessera_install_packages() {
  local missing=()
  for pkg in "${TESSERA_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

tessera_build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -G Ninja -S "$TESSERA_ROOT" -B "$BUILD_DIR" \
      -DCMAKE_BUILD_TYPE=Release \
      -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
      -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" >"$BUILD_DIR.cmake.log" 2>&1 ||
      { cat "$BUILD_DIR.cmake.log"; return 1; }
  fi
  ninja -C "$BUILD_DIR" ${JOBS:+-j "$JOBS"} all
}
