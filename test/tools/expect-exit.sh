#!/usr/bin/env bash
# expect-exit.sh N COMMAND...: runs COMMAND, passes its output through, and
# fails unless it exits with status N.
set -u
want=$1
shift
"$@"
got=$?
if [ "$got" != "$want" ]; then
  echo "expect-exit: '$*' exited $got, expected $want" >&2
  exit 1
fi
exit 0
