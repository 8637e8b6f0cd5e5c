#!/usr/bin/env bash
# The merge action of corosafe_report (bazel/corosafe.bzl).
# Usage: corosafe_merge.sh @PARAMS
#   PARAMS holds one argument a line:
#     COROSAFE OUT.sarif OUT.txt FAIL_ON_FINDINGS(0|1) ALLOW_PARTIAL(0|1)
#     MERGE_OPTION... -- FACTS...
# Copies the facts files into a directory of their own and runs
# `corosafe merge` on it twice, in the execution root: SARIF to OUT.sarif,
# text to OUT.txt (paths relative to the execution root, the workspace's
# paths). Fails (the merge's exit status, the report on stderr) on findings
# only with FAIL_ON_FINDINGS=1, and on TUs that could not be analyzed unless
# ALLOW_PARTIAL=1.
set -euo pipefail

if [ $# -ne 1 ] || [ "${1:0:1}" != @ ]; then
  sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
  [ "${1:-}" = -h ] && exit 0
  exit 2
fi

mapfile -t argv < "${1#@}"
if [ ${#argv[@]} -lt 6 ]; then
  echo "corosafe_merge.sh: '${1#@}' has too few lines" >&2
  exit 2
fi
corosafe=${argv[0]} sarif=${argv[1]} text=${argv[2]}
fail_on_findings=${argv[3]} allow_partial=${argv[4]}
options=()
i=5
while [ $i -lt ${#argv[@]} ] && [ "${argv[$i]}" != -- ]; do
  options+=("${argv[$i]}")
  i=$((i + 1))
done
facts=("${argv[@]:$((i + 1))}")
if [ "$allow_partial" = 1 ]; then options+=(--allow-partial); fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/corosafe-merge.XXXXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/facts"
for f in "${facts[@]}"; do
  mkdir -p "$tmp/facts/$(dirname "$f")"
  cp "$f" "$tmp/facts/$f"
done

# The facts name files as /proc/self/cwd/PATH (corosafe_tu.sh): relative to
# that root, the output shows PATH, and the merge reads the sources (for
# suppression comments) from the execution root.
status=0
"$corosafe" merge "$tmp/facts" --source-root /proc/self/cwd --quiet \
  --format sarif -o "$sarif" "${options[@]}" || status=$?
if [ $status -le 1 ] || [ $status -eq 3 ]; then
  status=0
  "$corosafe" merge "$tmp/facts" --source-root /proc/self/cwd --color=never \
    "${options[@]}" > "$text" || status=$?
fi
case $status in
  0) ;;
  1) if [ "$fail_on_findings" = 1 ]; then cat "$text" >&2; exit 1; fi ;;
  3) cat "$text" >&2; exit 3 ;;
  *) exit $status ;;
esac
