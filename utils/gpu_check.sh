#!/usr/bin/env bash
# The GPU check. Runs ON THE GPU MACHINE from the repo root, with gpu/ (made by utils/prepare_gpu.sh) carried:
#   run(command="bash utils/gpu_check.sh", carry=["gpu"])
# Runs the Python tests (there, a skipped GPU test counts as a failure), then every python/bench/*.py, and prints
# a short summary last. Logs go to $OUT when set (the device tool brings them back), else to gpu/logs/.
# Exit status: 0 when tests and benchmarks all passed.
set -u
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
export TESSERA_REQUIRE_GPU=1
logs="${OUT:-gpu/logs}"
mkdir -p "$logs"

if [ ! -f gpu/tests/test_kernels.ptx ]; then
  echo "gpu_check: gpu/ is missing or incomplete: run utils/prepare_gpu.sh on the build machine and carry gpu" >&2
  exit 2
fi

gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -n 1)
software=$(python3 -c 'import sys, torch, triton; print(f"python {sys.version.split()[0]}, torch {torch.__version__}'\
' (CUDA {torch.version.cuda}), triton {triton.__version__}")' 2>&1 | tail -n 1)
echo "gpu: $gpu"
echo "software: $software"

echo "kernels: $(ls gpu/kernels/*.ptx 2>/dev/null | wc -l) compiled in gpu/kernels, $(ls gpu/kernels/*.compile_error 2>/dev/null | wc -l) failed to compile"

timeout 300 python3 -m pytest -q -rf -p no:cacheprovider python/tests 2>&1 | tee "$logs/pytest.log"
tests_rc=${PIPESTATUS[0]}
tests=$(grep -E '[0-9]+ (passed|failed|error)' "$logs/pytest.log" | tail -n 1)

bench_failed=()
: >"$logs/bench.log"
for script in python/bench/*.py; do
  echo "== $script" | tee -a "$logs/bench.log"
  timeout 300 python3 "$script" 2>&1 | tee -a "$logs/bench.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || bench_failed+=("$(basename "$script")")
done

{
  echo
  echo "## gpu_check summary"
  echo "gpu: $gpu"
  echo "software: $software"
  echo "tests: ${tests:-no pytest summary line} (exit $tests_rc)"
  grep '^FAILED ' "$logs/pytest.log" | sed 's/^/  /' | head -n 40
  grep '^SUMMARY:' "$logs/bench.log" | sed 's/^SUMMARY: /bench: /'
  echo "benchmarks failed: ${#bench_failed[@]} ${bench_failed[*]}"
} | tee "$logs/summary.txt"
[ "$tests_rc" -eq 0 ] && [ "${#bench_failed[@]}" -eq 0 ]
