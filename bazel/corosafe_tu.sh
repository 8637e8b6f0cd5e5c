#!/usr/bin/env bash
# The per-TU action of corosafe's Bazel aspect (bazel/corosafe.bzl).
# Usage: corosafe_tu.sh @PARAMS
#   PARAMS holds one argument a line:
#     COROSAFE CONFIG OUT.facts.json OUT.unused SRC HEADER... -- COMPILER ARG...
# Runs `corosafe -p DB --no-cache --facts-file OUT.facts.json --depfile D SRC`
# on a one-entry compilation database made of the toolchain's command, then:
# - writes the facts file with every path below the execution root, or below
#   the real directory a source or header of the execution root links to
#   (the workspace, an external repository), as /proc/self/cwd/PATH: the
#   file is then the same on every machine and in every sandbox (remote cache)
#   and `corosafe merge`, run in an execution root, finds the files;
# - lists in OUT.unused the declared headers the TU did not read, for
#   Bazel's unused_inputs_list: a change to one of them re-runs nothing.
set -euo pipefail

if [ $# -ne 1 ] || [ "${1:0:1}" != @ ]; then
  sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
  [ "${1:-}" = -h ] && exit 0
  exit 2
fi

mapfile -t argv < "${1#@}"
if [ ${#argv[@]} -lt 7 ]; then
  echo "corosafe_tu.sh: '${1#@}' has too few lines" >&2
  exit 2
fi
corosafe=${argv[0]} config=${argv[1]} out=${argv[2]} unused=${argv[3]} src=${argv[4]}
headers=()
i=5
while [ $i -lt ${#argv[@]} ] && [ "${argv[$i]}" != -- ]; do
  headers+=("${argv[$i]}")
  i=$((i + 1))
done
if [ $i -ge ${#argv[@]} ]; then
  echo "corosafe_tu.sh: no '--' before the compile command in '${1#@}'" >&2
  exit 2
fi
command=("${argv[@]:$((i + 1))}")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/corosafe-tu.XXXXXXXX")
trap 'rm -rf "$tmp"' EXIT

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# The database: the execution root is the directory, named /proc/self/cwd so
# that the command (and its hash in the facts file) does not depend on where
# the action runs.
{
  printf '[{"directory": "/proc/self/cwd", "file": %s, "arguments": [' "$(json_string "$src")"
  sep=""
  for a in "${command[@]}"; do
    printf '%s%s' "$sep" "$(json_string "$a")"
    sep=", "
  done
  printf ']}]\n'
} > "$tmp/compile_commands.json"

status=0
"$corosafe" -p "$tmp" --no-cache --quiet -j 1 --config-file "$config" \
  --facts-file "$tmp/tu.facts.json" --depfile "$tmp/tu.d" \
  "/proc/self/cwd/$src" || status=$?
if [ $status -ne 0 ] || [ ! -f "$tmp/tu.facts.json" ]; then
  echo "corosafe_tu.sh: corosafe exited with status $status on '$src'" >&2
  exit $(( status == 0 ? 2 : status ))
fi

# Where the files really are: the execution root, and every directory a
# declared file links into (the path that corosafe records is the real one).
root=$(pwd -P)
files=("$src" "${headers[@]}")
mapfile -t reals < <(realpath -e -- "${files[@]}")
declare -A prefix_of=() file_map=() used=()
prefix_of["$root/"]=1
if [ "$PWD/" != "$root/" ]; then prefix_of["$PWD/"]=1; fi
for k in "${!files[@]}"; do
  p=${files[$k]} r=${reals[$k]}
  if [ "$r" = "$root/$p" ]; then continue; fi
  case "$r" in
    */"$p") prefix_of["${r%"$p"}"]=1 ;;
    *) file_map["$r"]=$p ;;
  esac
done

sed_escape() { printf '%s' "$1" | sed 's/[][\\.*^$|&/]/\\&/g'; }
{
  for r in "${!file_map[@]}"; do
    printf 's|"%s"|"/proc/self/cwd/%s"|g\n' "$(sed_escape "$r")" "$(sed_escape "${file_map[$r]}")"
  done
  # Longest prefix first: one may hold another.
  for p in "${!prefix_of[@]}"; do printf '%d\t%s\n' "${#p}" "$p"; done |
    sort -rn | cut -f2- | while IFS= read -r p; do
      printf 's|"%s|"/proc/self/cwd/|g\n' "$(sed_escape "$p")"
    done
} > "$tmp/paths.sed"
sed -f "$tmp/paths.sed" "$tmp/tu.facts.json" > "$out"

# The headers the TU did not read. The depfile names every file read, by its
# real path, one a line after the first ("OUT: \"), escaped as Make wants.
# A TU that failed names only its main file: then every header counts as used.
n=0
while IFS= read -r line; do
  line=${line#"${line%%[! ]*}"}
  line=${line% \\}
  n=$((n + 1))
  [ $n -eq 1 ] && continue
  line=${line//\\ / }
  line=${line//\\#/#}
  line=${line//\$\$/\$}
  used["$line"]=1
done < "$tmp/tu.d"
: > "$unused"
if [ $n -gt 2 ]; then
  for k in "${!headers[@]}"; do
    h=${headers[$k]} r=${reals[$((k + 1))]}
    if [ -z "${used[$r]+x}" ]; then printf '%s\n' "$h" >> "$unused"; fi
  done
fi
