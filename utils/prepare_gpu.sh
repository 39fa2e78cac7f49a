#!/usr/bin/env bash
# Prepares gpu/, everything utils/gpu_check.sh needs on the GPU machine that is not in git. Runs HERE, on the
# build machine (no GPU needed; nvcc from CUDA is, for the test kernels):
#   utils/prepare_gpu.sh                    then   run(command="bash utils/gpu_check.sh", carry=["gpu"])
# gpu/ is ignored through .git/info/exclude, so it never lands in a commit; it is rebuilt from scratch each time.
#   gpu/triton_peers.py          the Triton/cuBLAS peer kernels benchmarks compare against
#   gpu/tests/NAME.{ptx,json}    python/tests/data/NAME.cu as PTX for sm_80, with its metadata
#   gpu/tests/NAME.sm_90.cubin   the same as a cubin for sm_90 (H100/H200), to test cubin loading
#   gpu/kernels/NAME/            the compiler's kernels (kernel.ptx + kernel.json), once the compiler exists
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"

exclude=$(git rev-parse --git-path info/exclude)
mkdir -p "$(dirname "$exclude")"
grep -qxF /gpu/ "$exclude" 2>/dev/null || echo /gpu/ >>"$exclude"
rm -rf gpu/tests gpu/kernels gpu/triton_peers.py
mkdir -p gpu/tests

peers="$root/../shared/peers/triton_peers.py"
if [ -f "$peers" ]; then
  cp "$peers" gpu/
else
  echo "prepare_gpu: $peers not found; benchmarks against Triton peers will be unavailable" >&2
fi

# --- test kernels for python/tests ---------------------------------------------------------------------------
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
[ -x "$nvcc" ] || { echo "prepare_gpu: nvcc not found (set NVCC=)" >&2; exit 1; }
for cu in python/tests/data/*.cu; do
  name=$(basename "$cu" .cu)
  "$nvcc" -ptx -arch=sm_80 -o "gpu/tests/$name.ptx" "$cu"
  "$nvcc" -cubin -arch=sm_90 -o "gpu/tests/$name.sm_90.cubin" "$cu"
  cp "python/tests/data/$name.json" gpu/tests/
done
echo "prepare_gpu: test kernels -> gpu/tests/ ($(ls gpu/tests | wc -l) files)"

# --- HOOK: the compiler's kernels ----------------------------------------------------------------------------
# Each kernel source (*.mlir in the tile dialect) under $TESSERA_KERNEL_DIRS is compiled into
# gpu/kernels/NAME/{kernel.ptx,kernel.json}, which GPU tests and benchmarks load with tessera.load(). The compile
# command is $TESSERA_COMPILE, by default build/bin/tessera-compile, called as
#   $TESSERA_COMPILE SOURCE.mlir -o OUTDIR        (writes OUTDIR/kernel.ptx and OUTDIR/kernel.json)
# Until that tool exists this part only says it skipped.
compile=${TESSERA_COMPILE:-build/bin/tessera-compile}
kernel_dirs=${TESSERA_KERNEL_DIRS:-"kernels python/tessera/kernels"}
if ! command -v "${compile%% *}" >/dev/null 2>&1; then
  echo "prepare_gpu: skipping the compiler's kernels: '${compile%% *}' not found (build it, or set TESSERA_COMPILE)"
else
  failed=0 count=0
  while IFS= read -r src; do
    name=$(basename "$src" .mlir)
    out="gpu/kernels/$name"
    mkdir -p "$out"
    if $compile "$src" -o "$out" && [ -f "$out/kernel.ptx" ] && [ -f "$out/kernel.json" ]; then
      count=$((count + 1))
    else
      echo "prepare_gpu: FAILED to compile $src" >&2
      failed=$((failed + 1))
    fi
  done < <(for d in $kernel_dirs; do [ -d "$d" ] && find "$d" -name '*.mlir'; done | sort)
  echo "prepare_gpu: compiler kernels -> gpu/kernels/ ($count compiled, $failed failed)"
  [ "$failed" -eq 0 ] || exit 1
fi

echo "prepare_gpu: gpu/ is $(du -sh gpu | cut -f1); carry it: run(command=\"bash utils/gpu_check.sh\", carry=[\"gpu\"])"
