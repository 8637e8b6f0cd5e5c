#!/usr/bin/env bash
# Builds the corosafe CLI (and the unit tests and seed replays) with
# AddressSanitizer + UndefinedBehaviorSanitizer (clang-19) in build-asan and
# runs the whole lit suite against it. Fails when a test fails or when any
# process of the suite wrote a sanitizer report (they go to
# build-asan/sanitizer-logs/, listed at the end).
#
# The clang-tidy plugin half of the suite loads the normal build's plugin
# (built here in build/ if needed): an ASan-instrumented module cannot be
# loaded into the uninstrumented clang-tidy-19. So the rules are checked under
# the sanitizers through the CLI (which runs the same rule code) and the
# plugin tests run as usual.
#
# Usage: scripts/sanitize.sh [LIT ARGS...]   (e.g. build-asan/test/driver)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)

scripts/install-deps.sh --with-test-tools
export CCACHE_BASEDIR="$PWD"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
cmake --build build --target corosafe_tidy
plugin=$PWD/build/lib/libcorosafe-tidy-llvm19.so
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCOROSAFE_SANITIZE=ON -DBUILD_TESTING=ON \
  -DCOROSAFE_TEST_PLUGIN="$plugin" >/dev/null
cmake --build build-asan --target corosafe corosafe_output_test \
  corosafe_gate_test corosafe_facts_test corosafe_fuzzers
built=$(date +%s)

logs=$PWD/build-asan/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
# handle_segv=0: the driver tests crash a worker on purpose (SIGSEGV) and
# check that the driver reports the signal; ASan's own SEGV report would
# replace it. Leaks are checked by the fuzz targets (scripts/fuzz.sh), not
# here: a worker exits with the AST and Clang's caches still allocated.
export ASAN_OPTIONS="handle_segv=0:handle_abort=0:detect_leaks=0:log_path=$logs/asan"
# A crashed worker prints LLVM's stack dump before it dies; symbolizing it in
# the instrumented binary takes about five times as long (0.33 s against
# 0.07 s, idle), which on a loaded machine can outlast driver.test's 3 s
# --timeout, so the driver would report a timeout instead of the signal. The
# unsymbolized dump keeps its frame numbers, which is what the test reads;
# ASan's own reports are symbolized as usual.
export LLVM_DISABLE_SYMBOLIZATION=1
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan"

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log=build-asan/lit.log
targets=("$@")
if [ ${#targets[@]} = 0 ]; then targets=(build-asan/test); fi
set +e
python3 "$lit" -sv --order=lexical "${targets[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
end=$(date +%s)

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  echo "sanitize.sh: sanitizer reports:" >&2
  for r in $reports; do echo "== $r" >&2; head -40 "$r" >&2; done
  rc=1
fi
echo "sanitize.sh: build $((built - start)) s, suite $((end - built)) s"
exit "$rc"
