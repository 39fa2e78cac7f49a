#!/usr/bin/env bash
# Prepares gpu/, everything utils/gpu_check.sh needs on the GPU machine that is not in git. Runs HERE, on the
# build machine (no GPU needed; nvcc from CUDA is, for the test kernels):
#   utils/prepare_gpu.sh                    then   run(command="bash utils/gpu_check.sh", carry=["gpu"])
# gpu/ is ignored through .git/info/exclude, so it never lands in a commit; it is rebuilt from scratch each time.
#   gpu/triton_peers.py          the Triton/cuBLAS peer kernels benchmarks compare against
#   gpu/tests/NAME.{ptx,json}    python/tests/data/NAME.cu as PTX for sm_80, with its metadata
#   gpu/tests/NAME.sm_90.cubin   the same as a cubin for sm_90 (H100/H200), to test cubin loading
#   gpu/kernels/NAME.{ptx,json}  the compiler's kernels: every entry of kernels/manifest.json (tessera-compile -D ...)
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
# Every entry of kernels/manifest.json ({"name", "source", "defines"}) is compiled from kernels/SOURCE (a tile
# dialect template with ${NAME} placeholders) into gpu/kernels/NAME.ptx and gpu/kernels/NAME.json, which the GPU
# tests and benchmarks load with tessera.load() (python/tessera/kernels.py picks the specialisation). The compile
# command is $TESSERA_COMPILE, by default build/bin/tessera-compile, called as
#   $TESSERA_COMPILE kernels/SOURCE -D K=V ... --sm=$TESSERA_SM -o gpu/kernels/NAME.ptx     (TESSERA_SM: 90a)
# Any failure (no compiler, a compile error, a missing output, ptxas rejecting the PTX) stops this script with
# exit status 1 after trying every entry, naming each that failed; gpu/kernels/NAME.compile_error then holds the
# command and its output (the GPU tests report it). TESSERA_SKIP_KERNELS=1 skips the step.
compile=${TESSERA_COMPILE:-build/bin/tessera-compile}
manifest=${TESSERA_MANIFEST:-kernels/manifest.json}
sm=${TESSERA_SM:-90a}
if [ "${TESSERA_SKIP_KERNELS:-0}" = 1 ]; then
  echo "prepare_gpu: skipping the compiler's kernels (TESSERA_SKIP_KERNELS=1)"
elif [ ! -f "$manifest" ]; then
  echo "prepare_gpu: FAILED: $manifest not found" >&2
  exit 1
elif ! command -v "${compile%% *}" >/dev/null 2>&1; then
  echo "prepare_gpu: FAILED: '${compile%% *}' not found (build it, set TESSERA_COMPILE, or TESSERA_SKIP_KERNELS=1)" >&2
  exit 1
else
  mkdir -p gpu/kernels
  ptxas=$(command -v ptxas || echo "$(dirname "$nvcc")/ptxas")
  failed=() count=0
  # One line per entry: NAME<TAB>SOURCE<TAB>-D K=V -D K=V ...
  entries=$(python3 - "$manifest" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))
names = set()
for k in m["kernels"]:
    name, src, defs = k["name"], k["source"], k.get("defines", {})
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name in names:
        sys.exit(f"manifest: bad or duplicate kernel name {name!r}")
    names.add(name)
    args = " ".join(f"-D {d}={v}" for d, v in defs.items())
    print(f"{name}\t{src}\t{args}")
PY
  ) || { echo "prepare_gpu: FAILED to read $manifest" >&2; exit 1; }
  while IFS=$'\t' read -r name src defines; do
    [ -n "$name" ] || continue
    srcpath="$(dirname "$manifest")/$src"
    out="gpu/kernels/$name"
    # shellcheck disable=SC2086  # $defines is a list of -D K=V words
    if ! log=$($compile "$srcpath" $defines --sm="$sm" -o "$out.ptx" 2>&1); then
      echo "prepare_gpu: FAILED to compile $name: $compile $srcpath $defines --sm=$sm -o $out.ptx" >&2
      echo "$log" | sed 's/^/    /' >&2
      # Kept for the GPU tests, which fail with this text instead of a bare "file not found".
      printf '%s\n%s\n' "$compile $srcpath $defines --sm=$sm -o $out.ptx" "$log" >"$out.compile_error"
      rm -f "$out.ptx" "$out.json"
      failed+=("$name")
    elif [ ! -s "$out.ptx" ] || [ ! -s "$out.json" ]; then
      echo "prepare_gpu: FAILED: $name: $out.ptx or $out.json missing after compiling" >&2
      failed+=("$name")
    elif [ -x "$ptxas" ] && ! log=$("$ptxas" -arch="sm_$sm" -o /dev/null "$out.ptx" 2>&1); then
      echo "prepare_gpu: FAILED: ptxas -arch=sm_$sm rejects $out.ptx" >&2
      echo "$log" | sed 's/^/    /' >&2
      printf '%s\n%s\n' "ptxas -arch=sm_$sm $out.ptx" "$log" >"$out.compile_error"
      failed+=("$name")
    else
      count=$((count + 1))
    fi
  done <<<"$entries"
  echo "prepare_gpu: compiler kernels -> gpu/kernels/ ($count compiled, ${#failed[@]} failed)"
  if [ "${#failed[@]}" -ne 0 ]; then
    echo "prepare_gpu: FAILED kernels: ${failed[*]}" >&2
    exit 1
  fi
fi

# --- the scan, atomics, convert, remat and barrier test kernels (their tests compile their own specialisations) ---
if command -v "${compile%% *}" >/dev/null 2>&1; then
  TESSERA_COMPILE="$compile" python3 python/tests/test_scan_gpu.py >/dev/null &&
    TESSERA_COMPILE="$compile" python3 python/tests/test_atomics_gpu.py >/dev/null &&
    TESSERA_COMPILE="$compile" python3 python/tests/test_convert_gpu.py >/dev/null &&
    TESSERA_COMPILE="$compile" python3 python/tests/test_remat_gpu.py >/dev/null &&
    TESSERA_COMPILE="$compile" python3 python/tests/test_barrier_gpu.py >/dev/null ||
    { echo "prepare_gpu: FAILED to compile the scan/atomics/convert/remat/barrier test kernels" >&2; exit 1; }
  echo "prepare_gpu: scan, atomics, convert, remat and barrier test kernels -> gpu/scan/, gpu/atomics/," \
    "gpu/convert/, gpu/remat/, gpu/barrier/"
fi

echo "prepare_gpu: gpu/ is $(du -sh gpu | cut -f1); carry it: run(command=\"bash utils/gpu_check.sh\", carry=[\"gpu\"])"
