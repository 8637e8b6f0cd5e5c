#!/usr/bin/env bash
# Sets up, builds and runs the whole corosafe test suite (lit + FileCheck).
# This is README command (2) and what CI runs (.ci/run).
# The last line of output is "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh --with-test-tools
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
cmake --build build

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log=build/lit.log
set +e
python3 "$lit" -sv --order=lexical "$@" build/test 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

count() { sed -nE "s/^  $1 *: *([0-9]+).*/\\1/p" "$log" | tail -1; }
passed=$(count Passed); passed=${passed:-0}
failed=0
for kind in Failed Unresolved 'Timed Out' 'Unexpectedly Passed'; do
  n=$(count "$kind"); failed=$((failed + ${n:-0}))
done
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$rc"
