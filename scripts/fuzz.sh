#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-19, -fsanitize=fuzzer,address,undefined)
# in build-fuzz and runs each for SECONDS (default 30) from its seed corpus
# in test/fuzz/<target>/. Fails on a crash, a leak, undefined behaviour, a
# timeout or an out-of-memory: libFuzzer writes the input to
# build-fuzz/fuzz/artifacts/<target>/; once the bug is fixed, add the input
# to test/fuzz/<target>/ (the lit test test/fuzz/seeds.test runs every seed
# through the normal build's CLI, and --replay runs them through the targets).
#
# Usage: scripts/fuzz.sh [--seconds N] [--replay] [TARGET...]
#   --replay  run every seed once (no fuzzing): the regression check
#   TARGET    config diff suppressions output facts manifest baseline profile
#             compdb
#             (default: all)
# Prints one line per target: executions, coverage (edges) and features.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=30
replay=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --replay) replay=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1'" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(config diff suppressions output facts manifest baseline profile compdb)
if [ ${#targets[@]} = 0 ]; then targets=("${all[@]}"); fi

scripts/install-deps.sh
export CCACHE_BASEDIR="$PWD"
# -O1 with line tables: what libFuzzer recommends, and quicker to build.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCOROSAFE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz --target $(printf 'fuzz-%s ' "${targets[@]}")

out=build-fuzz/fuzz
# Leaks are errors (-detect_leaks=1 is libFuzzer's default with ASan); UBSan
# stops at the first report (-fno-sanitize-recover=all in the build).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in "${targets[@]}"; do
  seeds=test/fuzz/$t
  work=$out/corpus/$t
  art=$out/artifacts/$t/
  mkdir -p "$work" "$art"
  log=$out/$t.log
  if [ "$replay" = 1 ]; then
    set +e
    "$out/fuzz-$t" -runs=0 "$seeds" >"$log" 2>&1
    rc=$?
    set -e
  else
    # New inputs go to the work corpus (build-fuzz), never into test/fuzz.
    set +e
    "$out/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$art" \
      "$work" "$seeds" >"$log" 2>&1
    rc=$?
    set -e
  fi
  # (A target that crashes on its first input prints no coverage.)
  execs=$(LC_ALL=C sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1 || true)
  cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  if [ "$rc" = 0 ]; then
    printf '%-13s ok      %s executions, %s\n' "$t" "${execs:-?}" "${cov:-cov: ?}"
  else
    failed=1
    printf '%-13s FAILED  (exit %d; see %s, inputs in %s)\n' "$t" "$rc" "$log" "$art"
    grep -aE 'ERROR: |runtime error|FUZZ_CHECK|SUMMARY' "$log" | head -5 | sed 's/^/    /' || true
  fi
done
exit "$failed"
