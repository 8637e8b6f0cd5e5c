#!/usr/bin/env bash
# Sets up, builds and runs the whole corosafe test suite (lit + FileCheck).
# This is README command (2) and what CI runs (.ci/run).
#
# Two builds, both RelWithDebInfo: build/ against LLVM 19 runs the whole
# suite; build-llvm22/ (-DCOROSAFE_LLVM_VERSION=22) runs the rule scenarios,
# which go through the CLI and the clang-tidy-22 plugin, and the plugin tests,
# among them that each plugin refuses the other version's clang-tidy.
# COROSAFE_SKIP_LLVM22=1 skips the LLVM 22 half (a quicker local run).
# Arguments are passed to lit (both runs). Each stage prints its wall time.
# The last line of output is "N passed, N failed", summed over both runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with22=1
if [ "${COROSAFE_SKIP_LLVM22:-0}" = 1 ]; then with22=0; fi

# stage NAME COMMAND...: runs COMMAND and prints how long it took.
stage() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

if [ "$with22" = 1 ]; then
  scripts/install-deps.sh --with-test-tools --with-llvm22
else
  scripts/install-deps.sh --with-test-tools
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
stage "LLVM 19 build" cmake --build build
if [ "$with22" = 1 ]; then
  cmake -S . -B build-llvm22 -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON \
    -DCOROSAFE_LLVM_VERSION=22 >/dev/null
  stage "LLVM 22 build" cmake --build build-llvm22
fi

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
total_passed=0
total_failed=0
status=0

# run_lit NAME LOG LIT-ARGS...: runs lit, adds its counts to the totals.
run_lit() {
  local name=$1 log=$2 rc n kind passed failed
  shift 2
  set +e
  python3 "$lit" -sv --order=lexical "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  count() { sed -nE "s/^  $1 *: *([0-9]+).*/\\1/p" "$log" | tail -1; }
  passed=$(count Passed); passed=${passed:-0}
  failed=0
  for kind in Failed Unresolved 'Timed Out' 'Unexpectedly Passed'; do
    n=$(count "$kind"); failed=$((failed + ${n:-0}))
  done
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
  if [ "$rc" != 0 ]; then status=$rc; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  echo "$name: $passed passed, $failed failed"
}

echo "== LLVM 19: the whole suite (build/)"
stage "LLVM 19 tests" run_lit "LLVM 19" build/lit.log "$@" build/test
if [ "$with22" = 1 ]; then
  # The rule scenarios: every test/<dir> with a test that uses %check-rule.
  dirs=()
  for d in $(grep -l -- '%check-rule' test/*/*.cpp test/*/*/*.cpp test/*/*.test 2>/dev/null |
             xargs -n1 dirname | sort -u); do
    dirs+=("build-llvm22/$d")
  done
  echo "== LLVM 22: the rule scenarios and the plugin tests (build-llvm22/)"
  stage "LLVM 22 tests" run_lit "LLVM 22" build-llvm22/lit.log "$@" "${dirs[@]}" build-llvm22/test/plugin
fi
echo "$total_passed passed, $total_failed failed"
exit "$status"
