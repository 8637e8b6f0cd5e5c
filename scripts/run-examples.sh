#!/usr/bin/env bash
# Build corosafe and run it on the examples (examples/README.md).
#
# Usage: scripts/run-examples.sh [--demo] [--no-deps]
#   --demo     also build and run the demo (examples/demo/lossy_race.cpp),
#              which measures how many values asio's '||' drops
#   --no-deps  skip scripts/install-deps.sh
#
# Steps: install the Debian packages (scripts/install-deps.sh, idempotent);
# configure and build corosafe into build/; configure the examples into
# build/examples with clang++-19 and compile_commands.json; run
# build/bin/corosafe -p build/examples twice: text diagnostics on the
# terminal, then SARIF into build/examples/corosafe.sarif.
#
# The lossy examples are meant to produce findings, so corosafe's exit status
# 1 ("findings") is the expected outcome and this script then exits 0. It
# fails when corosafe could not analyze the examples (status 2: usage or
# configuration error; 3: a translation unit did not compile) and when it
# found nothing at all (the lossy examples must be reported).
#
# Environment: COROSAFE_BUILD_DIR (default: build) is corosafe's build
# directory; the examples go to $COROSAFE_BUILD_DIR/examples.
set -euo pipefail

usage() { sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

demo=0
deps=1
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    --no-deps) deps=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run-examples.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${COROSAFE_BUILD_DIR:-build}
examples_build="$build/examples"
corosafe="$build/bin/corosafe"
sarif="$examples_build/corosafe.sarif"

step() { printf '\n==> %s\n' "$*" >&2; }

if [ "$deps" = 1 ]; then
  step "Installing dependencies (scripts/install-deps.sh)"
  scripts/install-deps.sh
fi

step "Building corosafe into $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target corosafe

step "Configuring the examples into $examples_build (clang++-19)"
cmake -S examples -B "$examples_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

# Runs corosafe with the given arguments; succeeds when it exits 1 (the
# examples were analyzed and have findings), fails otherwise.
analyze() {
  local rc=0
  "$corosafe" -p "$examples_build" "$@" || rc=$?
  case "$rc" in
    1) return 0 ;;
    0)
      echo "run-examples.sh: corosafe reported nothing, but the *_lossy.cpp" \
        "examples must be reported" >&2
      return 1 ;;
    2) echo "run-examples.sh: corosafe: usage or configuration error (exit 2)" >&2
       return 1 ;;
    3) echo "run-examples.sh: corosafe could not analyze every example (exit 3)" >&2
       return 1 ;;
    *) echo "run-examples.sh: corosafe failed with exit status $rc" >&2
       return 1 ;;
  esac
}

step "Analyzing the examples: $corosafe -p $examples_build"
analyze

step "Writing SARIF: $corosafe -p $examples_build --format sarif -o $sarif"
analyze --format sarif -o "$sarif" --quiet
case "$sarif" in
  /*) echo "SARIF written to $sarif" >&2 ;;
  *) echo "SARIF written to $root/$sarif" >&2 ;;
esac

if [ "$demo" = 1 ]; then
  step "Building and running the demo (examples/demo/lossy_race.cpp)"
  cmake --build "$examples_build" --target lossy_race
  "$examples_build/lossy_race"
fi
