#!/usr/bin/env bash
# Install exactly the Debian packages corosafe needs to build and test.
# Idempotent: packages already present are skipped, nothing runs when all are there.
# Usage: scripts/install-deps.sh [--with-test-tools] [--with-llvm22] [--with-bench-tools]
#   --with-test-tools also installs the npm validators used by the SARIF tests
#   (into .tools/node_modules, never globally), Graphviz, and Neovim for the
#   end-to-end test of the language server (test/lsp/neovim.test), and
#   Debian's Bazel (bazel-bootstrap) for the Bazel aspect (test/bazel).
#   --with-llvm22 also installs LLVM/Clang 22 and clang-tidy-22, to build
#   with -DCOROSAFE_LLVM_VERSION=22 (scripts/test.sh does, unless
#   COROSAFE_SKIP_LLVM22=1).
#   --with-bench-tools also installs the profilers of the benchmark
#   (scripts/bench/run --callgrind, docs/performance.md): valgrind,
#   heaptrack, perf.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

pkgs=(
  cmake ninja-build ccache python3 git
  llvm-19-dev libclang-19-dev clang-19 clang-tidy-19 llvm-19-tools
  libclang-rt-19-dev
  nlohmann-json3-dev libcli11-dev libmimalloc-dev libsimdjson-dev
  libboost1.81-dev libasio-dev
)
with_tools=0
for a in "$@"; do
  case "$a" in
    --with-test-tools) with_tools=1 ;;
    --with-llvm22) pkgs+=(llvm-22-dev libclang-22-dev clang-22 clang-tidy-22 llvm-22-tools) ;;
    --with-bench-tools) pkgs+=(valgrind heaptrack linux-perf) ;;
    *) echo "install-deps.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
if [ "$with_tools" = 1 ]; then pkgs+=(nodejs npm graphviz python3-yaml neovim bazel-bootstrap); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # nodejs from another repository may ship npm itself
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: all Debian packages present" >&2
fi

if [ "$with_tools" = 1 ]; then
  tools="$here/.tools"
  mkdir -p "$tools"
  if [ ! -f "$tools/package.json" ]; then
    printf '{ "name": "corosafe-test-tools", "private": true }\n' > "$tools/package.json"
  fi
  # sarif-multitool 4.x crashes on validate (single-file .NET build) and
  # older builds need libssl 1.1: 5.7.0 is the version that works here.
  need=0
  for m in ajv ajv-draft-04 @microsoft/sarif-multitool; do
    [ -d "$tools/node_modules/$m" ] || need=1
  done
  if ! grep -q '"version": "5.7.0"' \
      "$tools/node_modules/@microsoft/sarif-multitool-linux/package.json" 2>/dev/null; then
    need=1
  fi
  if [ "$need" = 1 ]; then
    echo "install-deps: installing SARIF validators into .tools/" >&2
    (cd "$tools" && npm install --silent --no-audit --no-fund \
        ajv@8 ajv-draft-04@1 @microsoft/sarif-multitool@5.7.0 >/dev/null)
  fi
fi
