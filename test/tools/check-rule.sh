#!/usr/bin/env bash
# check-rule.sh SOURCE TMP -- COMPILER-ARGS
#
# Runs a rule test through BOTH front ends, the corosafe CLI and clang-tidy-N
# with the plugin (N = the LLVM version they are built against), and checks
# each output against the expectations written in SOURCE, in clang-tidy's
# style:
#   // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: ... [corosafe-cancel-select]
#       warnings and remarks, in output order (any other warning or remark
#       fails the test);
#   // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: ...
#       notes, in any order, written next to the line they point at.
# A file with no CHECK-MESSAGES line must produce no finding at all.
# The CLI's exit status is checked too: 1 when a warning is expected, 0
# otherwise (remarks are below the default --fail-on).
set -euo pipefail
src=$1
tmp=$2
shift 2
[ "${1:-}" = "--" ] && shift
: "${COROSAFE_BIN:?}" "${COROSAFE_PLUGIN:?}" "${COROSAFE_CLANG_TIDY:?}"
extra_cli=()
extra_tidy=()
if [ -n "${CHECK_RULE_OPTIONS:-}" ]; then
  for kv in $CHECK_RULE_OPTIONS; do extra_cli+=(--option "$kv"); done
  cfg="{CheckOptions: {"
  sep=""
  for kv in $CHECK_RULE_OPTIONS; do cfg+="$sep${kv%%=*}: '${kv#*=}'"; sep=", "; done
  extra_tidy+=("-config=$cfg}}")
fi

want_exit=0
if grep -qE 'CHECK-MESSAGES:.* warning: ' "$src"; then want_exit=1; fi

set +e
"$COROSAFE_BIN" --color=never --quiet "${extra_cli[@]}" "$src" -- "$@" >"$tmp.cli" 2>"$tmp.cli.err"
rc=$?
"$COROSAFE_CLANG_TIDY" --quiet -load "$COROSAFE_PLUGIN" -checks='-*,corosafe-*' \
  "${extra_tidy[@]}" "$src" -- "$@" >"$tmp.tidy" 2>"$tmp.tidy.err"
tidy_rc=$?
set -e

fail=0
if [ "$rc" != "$want_exit" ]; then
  echo "check-rule: corosafe exited $rc, expected $want_exit" >&2
  cat "$tmp.cli.err" >&2
  fail=1
fi
if [ "$tidy_rc" != 0 ] || grep -q 'error:' "$tmp.tidy" "$tmp.tidy.err"; then
  echo "check-rule: clang-tidy failed (exit $tidy_rc):" >&2
  cat "$tmp.tidy.err" "$tmp.tidy" >&2
  fail=1
fi
for out in cli tidy; do
  if grep -q 'CHECK-MESSAGES:' "$src"; then
    FileCheck "$src" --input-file="$tmp.$out" --check-prefix=CHECK-MESSAGES \
      --implicit-check-not='{{warning|remark}}:' --dump-input=fail || {
      echo "check-rule: ^ in the output of the $out front end" >&2; fail=1; }
  elif grep -qE '(warning|remark):' "$tmp.$out"; then
    echo "check-rule: $out reported findings where none are expected:" >&2
    cat "$tmp.$out" >&2
    fail=1
  fi
  if grep -q 'CHECK-NOTES-DAG:' "$src"; then
    FileCheck "$src" --input-file="$tmp.$out" --check-prefix=CHECK-NOTES \
      --dump-input=fail || {
      echo "check-rule: ^ in the output of the $out front end" >&2; fail=1; }
  fi
done
exit $fail
