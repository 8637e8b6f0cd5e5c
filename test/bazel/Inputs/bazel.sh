#!/usr/bin/env bash
# bazel.sh OUTPUT_USER_ROOT COMMAND [ARG...]: runs Debian's Bazel for
# aspect.test, hermetic and gentle: only the system rc file (Debian's
# /etc/bazel/bazelrc names the install base), a private output root (never
# the user's cache), batch mode (no server left behind), no download (every
# repository of the test workspace is local), one job, a JVM of at most 1 GiB,
# under nice; without the --sandbox_debug of Debian's rc file (which keeps
# every sandbox and logs each mount).
set -euo pipefail
if [ $# -lt 2 ] || [ "$1" = -h ]; then
  sed -n '2,8s/^# \{0,1\}//p' "$0" >&2
  [ "${1:-}" = -h ] && exit 0
  exit 2
fi
root=$1 cmd=$2
shift 2
exec nice -n 10 bazel --batch --nohome_rc --noworkspace_rc \
  --output_user_root="$root" --host_jvm_args=-Xmx1g \
  "$cmd" --experimental_repository_disable_download --jobs=1 \
  --local_cpu_resources=1 --nosandbox_debug --color=no --curses=no "$@"
