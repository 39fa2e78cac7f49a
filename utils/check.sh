#!/usr/bin/env bash
# Install what is missing, build Tessera, regenerate the dialect reference,
# then run the whole test suite (lit + FileCheck, unit tests, ptxas checks
# where ptxas exists). Ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/common.sh"
tessera_install_packages || exit 1
tessera_build || { echo "0 passed, 1 failed"; exit 1; }

# The op and pass reference is generated from ODS and committed: regenerate
# it, and count a difference from the committed files as a failure (commit
# the regenerated files with the ODS change).
ref_stale=0
if ninja -C "$BUILD_DIR" mlir-doc >/dev/null 2>&1; then
  mkdir -p "$TESSERA_ROOT/docs/reference"
  find "$BUILD_DIR/docs" -name '*.md' -exec cp {} "$TESSERA_ROOT/docs/reference/" \;
  if git -C "$TESSERA_ROOT" rev-parse --git-dir >/dev/null 2>&1 &&
     [ -n "$(git -C "$TESSERA_ROOT" status --porcelain -- docs/reference)" ]; then
    echo "docs/reference differs from what ODS generates (regenerated now; commit it):"
    git -C "$TESSERA_ROOT" status --short -- docs/reference
    ref_stale=1
  fi
fi

# lit: FileCheck tests, verifier diagnostics, unit tests, ptxas checks.
lit_xml="$BUILD_DIR/lit-results.xml"
"$LLVM_PREFIX/bin/lit" -sv --xunit-xml-output="$lit_xml" "$BUILD_DIR/test"
lit_status=$?

# The Python runtime's tests that need no GPU (the GPU ones skip here; they
# run on the GPU machine through utils/gpu_check.sh).
py_xml="$BUILD_DIR/pytest-results.xml"
python3 -c "import pytest" 2>/dev/null ||
  python3 -m pip install -q "pytest==$PYTEST_VERSION" || exit 1
(cd "$TESSERA_ROOT" && PYTHONPATH=python python3 -m pytest -q -p no:cacheprovider \
  --junitxml="$py_xml" python/tests)
py_status=$?

read -r passed failed skipped < <(python3 - "$lit_xml" "$py_xml" <<'PY'
import sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        failed += 1
        continue
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
print(passed, failed, skipped)
PY
) || { passed=0; failed=1; skipped=0; }
for status in "$lit_status" "$py_status" "$ref_stale"; do
  # pytest's 5 means "no tests collected": a failure for us too.
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
