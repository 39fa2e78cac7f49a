#!/usr/bin/env bash
# Counts the tgpu.convert_layout ops and the shared-memory bytes of every kernel of kernels/manifest.json as the
# pipeline leaves them just before the lowering to LLVM: tessera-compile --emit=tgpu assigns the layouts, then
# tessera-opt runs the tgpu part of the pipeline (--tessera-tgpu-optimize, or $TESSERA_TGPU_PASSES).
#   utils/count_conversions.sh [build dir]          prints "name conversions shared_bytes" per entry and a total
# TESSERA_TGPU_PASSES='--canonicalize --cse --tgpu-remat-single-use ...' reproduces an older pipeline (e.g. the
# "before" column of docs/remat.md). TESSERA_REMARKS=1 also prints, under each kernel, the remarks of
# tgpu-remat-layouts: what happened to every conversion it met, and why.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
build=${1:-build}
passes=${TESSERA_TGPU_PASSES:---tessera-tgpu-optimize}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=0
bytes_total=0
while IFS=$'\t' read -r name source defines; do
  # shellcheck disable=SC2086  # defines are "-D K=V" words
  "$build/bin/tessera-compile" "kernels/$source" $defines --sm=90a --emit=tgpu -o "$tmp/$name.tgpu.mlir"
  # shellcheck disable=SC2086
  "$build/bin/tessera-opt" "$tmp/$name.tgpu.mlir" $passes -o "$tmp/$name.opt.mlir"
  n=$(grep -c 'tgpu.convert_layout' "$tmp/$name.opt.mlir" || true)
  b=$(grep -o 'tgpu.shared_bytes = [0-9]*' "$tmp/$name.opt.mlir" | awk '{s += $3} END {print s + 0}')
  printf '%-32s %3d %7d\n' "$name" "$n" "$b"
  if [ "${TESSERA_REMARKS:-0}" = 1 ]; then
    "$build/bin/tessera-opt" "$tmp/$name.tgpu.mlir" --canonicalize --cse --tgpu-coalesce \
        --tgpu-remat-layouts=remarks=true --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 |
      sed -n "s|^$tmp/$name.tgpu.mlir:\([0-9:]*\): remark: |    \1 |p"
  fi
  total=$((total + n))
  bytes_total=$((bytes_total + b))
done < <(python3 - <<'PY'
import json
for k in json.load(open("kernels/manifest.json"))["kernels"]:
    d = " ".join(f"-D {n}={v}" for n, v in k["defines"].items())
    print(f'{k["name"]}\t{k["source"]}\t{d}')
PY
)
printf '%-32s %3d %7d\n' total "$total" "$bytes_total"
