#!/bin/sh
# corosafe as a git pre-commit hook: analyzes the staged C++ files and
# reports only findings on the lines this commit adds or changes (diff mode).
#
# Install:  cp examples/ci/pre-commit-hook.sh .git/hooks/pre-commit
#           chmod +x .git/hooks/pre-commit
# Skip once: git commit --no-verify
#
# Environment:
#   COROSAFE            the corosafe binary (default: corosafe in PATH)
#   COROSAFE_BUILD_DIR  the directory with compile_commands.json, relative to
#                       the top of the work tree (default: build)
#
# corosafe reads the files in the work tree, not the staged blobs: when a
# file is only partly staged, lines changed but not staged are analyzed at
# their current content, and only staged lines count.
set -eu

corosafe=${COROSAFE:-corosafe}
build=${COROSAFE_BUILD_DIR:-build}
top=$(git rev-parse --show-toplevel)
cd "$top"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/corosafe-pre-commit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The staged C++ sources (added, copied, modified, renamed), NUL-separated.
git diff --cached --name-only -z --diff-filter=ACMR -- \
  '*.cpp' '*.cc' '*.cxx' '*.c++' > "$tmp/files"
if [ ! -s "$tmp/files" ]; then
  exit 0
fi
# The staged changes, with fixed a/ b/ prefixes whatever the user's config.
git diff --cached -U0 --no-color --no-ext-diff \
  --src-prefix=a/ --dst-prefix=b/ > "$tmp/staged.diff"

status=0
xargs -0 "$corosafe" -p "$build" --diff "$tmp/staged.diff" < "$tmp/files" ||
  status=$?
if [ "$status" -ne 0 ]; then
  echo "pre-commit: corosafe found problems on staged lines (exit $status);" \
       "fix them, suppress them with a reason, or commit with --no-verify" >&2
  exit 1
fi
exit 0
