#!/usr/bin/env bash
# Install what is missing, build Tessera, regenerate the dialect reference,
# then run the whole test suite (lit + FileCheck, unit tests, ptxas checks
# where ptxas exists). Ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/common.sh"
tessera_install_packages || exit 1
tessera_build || { echo "0 passed, 1 failed"; exit 1; }

# The op and pass reference is generated from ODS; keep docs/reference fresh.
if ninja -C "$BUILD_DIR" mlir-doc >/dev/null 2>&1; then
  mkdir -p "$TESSERA_ROOT/docs/reference"
  find "$BUILD_DIR/docs" -name '*.md' -exec cp {} "$TESSERA_ROOT/docs/reference/" \;
fi

results="$BUILD_DIR/lit-results.xml"
"$LLVM_PREFIX/bin/lit" -sv --xunit-xml-output="$results" "$BUILD_DIR/test"
lit_status=$?
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    if case.find("failure") is not None or case.find("error") is not None:
        failed += 1
    elif case.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
PY
) || { passed=0; failed=1; skipped=0; }
if [ "$lit_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
