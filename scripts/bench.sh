#!/usr/bin/env bash
# Benchmark (not a test): what corosafe's analysis costs beyond Clang's parse.
#
# Usage: scripts/bench.sh [-n RUNS] [--callgrind] [--corosafe PATH]
#                         [--baseline PATH] [FILE...]
#        scripts/bench.sh --cache [-n RUNS] [-j N] [--corosafe PATH] [BUILD_DIR]
#   -n RUNS          timed runs per tool and file (default 5); the median is
#                    reported, after one untimed warm-up run of each
#   --callgrind      also count instructions, one run each under
#                    valgrind --tool=callgrind (slow: about 50x)
#   --corosafe PATH  the corosafe binary (default: build/bin/corosafe, or
#                    $COROSAFE_BUILD_DIR/bin/corosafe)
#   --baseline PATH  another corosafe binary (an earlier build) timed in the
#                    same run, interleaved: before/after side by side
#   FILE...          translation units (default: examples/**/*.cpp but
#                    examples/build-integration)
#   --cache          instead: whole runs over a compile database, cold (empty
#                    cache) against cached (unchanged tree), and their ratio;
#                    BUILD_DIR holds compile_commands.json (default: the
#                    34-TU tree of test/driver, made in a temporary directory)
#   -j N             with --cache: parallel workers (default: corosafe's)
#
# For each file it times `clang++-19 -fsyntax-only FLAGS FILE` against
# `corosafe FILE -- FLAGS`, with the same FLAGS, and prints both medians and
# the overhead (corosafe - clang) / clang. corosafe parses with the same Clang
# 19 front end (as a library) and also runs -w, so the difference is the cost
# of the tool: LibTooling set-up, the AST matchers and the analysis itself.
# Runs are interleaved (clang, corosafe, clang, ...) so that drift in the
# machine's load affects both alike. Needs clang++-19; hyperfine is not used.
#
# Environment: BENCH_FLAGS overrides the compiler flags
# (default: -std=c++20 -pthread).
set -euo pipefail

usage() { sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

runs=5
callgrind=0
cache_mode=0
jobs=()
corosafe=""
baseline=""
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || { usage >&2; exit 2; }
        runs=$2; shift ;;
    --callgrind) callgrind=1 ;;
    --cache) cache_mode=1 ;;
    -j) [ $# -ge 2 ] || { usage >&2; exit 2; }
        jobs=(-j "$2"); shift ;;
    --corosafe) [ $# -ge 2 ] || { usage >&2; exit 2; }
                corosafe=$2; shift ;;
    --baseline) [ $# -ge 2 ] || { usage >&2; exit 2; }
                baseline=$(realpath "$2"); shift ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) files+=("$1") ;;
  esac
  shift
done
case "$runs" in
  '' | *[!0-9]* | 0) echo "bench.sh: -n expects a positive number" >&2; exit 2 ;;
esac

# Paths given on the command line are relative to where the user is.
for i in "${!files[@]}"; do
  files[i]=$(realpath "${files[i]}")
done
if [ -n "$corosafe" ]; then
  corosafe=$(realpath "$corosafe")
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [ -z "$corosafe" ]; then
  corosafe="${COROSAFE_BUILD_DIR:-build}/bin/corosafe"
fi
if [ ! -x "$corosafe" ]; then
  echo "bench.sh: no corosafe binary at '$corosafe'; build it first:" >&2
  echo "  cmake -S . -B build -G Ninja && cmake --build build --target corosafe" >&2
  exit 2
fi
now_ns() { date +%s%N; }

# Median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# --cache: cold against cached whole runs over one compile database.
if [ "$cache_mode" = 1 ]; then
  [ ${#files[@]} -le 1 ] || { usage >&2; exit 2; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  db=${files[0]:-}
  if [ -z "$db" ]; then
    db=$tmp/tree
    python3 test/driver/Inputs/make-tree.py "$db" "$root/test/Inputs"
  fi
  [ -f "$db/compile_commands.json" ] || {
    echo "bench.sh: no compile_commands.json in '$db'" >&2; exit 2; }
  n_tus=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
    "$db/compile_commands.json")
  # corosafe exits 1 (findings) or 3 (a TU failed, as in the test tree): both
  # are complete runs here.
  run_db() {
    local rc=0
    "$corosafe" -p "$db" "${jobs[@]}" --cache-dir "$tmp/cache" --quiet \
      -o /dev/null 2>/dev/null || rc=$?
    if [ "$rc" = 2 ]; then
      echo "bench.sh: corosafe -p $db failed (exit 2)" >&2
      exit 1
    fi
  }
  t_cold=()
  t_warm=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$tmp/cache"
    s=$(now_ns); run_db; e=$(now_ns)
    t_cold+=($(((e - s) / 1000000)))
    s=$(now_ns); run_db; e=$(now_ns)
    t_warm+=($(((e - s) / 1000000)))
  done
  m_cold=$(median "${t_cold[@]}")
  m_warm=$(median "${t_warm[@]}")
  printf 'corosafe: %s\ndatabase: %s (%s entries)\nruns:     %s (median)\n\n' \
    "$corosafe" "$db" "$n_tus" "$runs"
  printf '%-28s %10s\n' "run" "ms"
  printf '%-28s %10d\n' "cold (empty cache)" "$m_cold"
  printf '%-28s %10d\n' "cached (unchanged tree)" "$m_warm"
  awk -v c="$m_cold" -v w="$m_warm" 'BEGIN {
    if (w > 0) printf "speed-up: %.1fx\n", c / w; else print "speed-up: n/a" }'
  exit 0
fi

clang="clang++-19"
command -v "$clang" >/dev/null || { echo "bench.sh: $clang not found" >&2; exit 2; }
if [ "$callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
  echo "bench.sh: --callgrind needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
if [ ${#files[@]} -eq 0 ]; then
  # examples/build-integration needs its include directory: not a lone TU.
  mapfile -t files < <(find examples -path examples/build-integration -prune \
    -o -name '*.cpp' -print | sort)
fi
read -r -a flags <<< "${BENCH_FLAGS:--std=c++20 -pthread}"

run_clang() { "$clang" -fsyntax-only -w "${flags[@]}" "$1"; }

# corosafe exits 1 when it finds something: that is a successful run here.
run_binary() {
  local bin=$1 rc=0
  "$bin" --quiet --no-cache "$2" -- "${flags[@]}" >/dev/null || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "bench.sh: $bin failed on $2 (exit $rc)" >&2
    return 1
  fi
}
run_corosafe() { run_binary "$corosafe" "$1"; }

# Instructions executed by a command and every process it starts (corosafe
# analyzes each TU in a worker process), summed from callgrind's summaries
# ("n/a" when valgrind reports none). The command's own exit status is
# ignored: corosafe exits 1 when it finds something, and the timed runs
# already checked it.
instructions() {
  local dir n
  dir=$(mktemp -d)
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null \
    --log-file="$dir/log.%p" "$@" >/dev/null 2>&1 || true
  n=$(cat "$dir"/log.* 2>/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' |
    awk '{ s += $1 } END { if (NR) printf "%.0f\n", s }')
  rm -rf "$dir"
  echo "${n:-n/a}"
}

pct() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a + 0 > 0 && b ~ /^[0-9]+$/) printf "%+.1f%%", (b - a) * 100 / a
    else printf "n/a" }'
}

printf 'corosafe: %s\nclang:    %s\nflags:    %s\nruns:     %s (median)\n' \
  "$corosafe" "$(command -v "$clang")" "${flags[*]}" "$runs"
[ -z "$baseline" ] || printf 'baseline: %s\n' "$baseline"
echo
header=$(printf '%-36s %12s %12s %9s' "file" "clang ms" "corosafe ms" "overhead")
[ -z "$baseline" ] || header+=$(printf ' %12s %9s %9s' "base ms" "base ovh" "vs base")
if [ "$callgrind" = 1 ]; then
  header+=$(printf ' %14s %14s %9s' "clang Ir" "corosafe Ir" "overhead")
  [ -z "$baseline" ] || header+=$(printf ' %14s %9s' "base Ir" "vs base")
fi
echo "$header"

total_clang=0
total_coro=0
total_base=0
for f in "${files[@]}"; do
  if [ ! -f "$f" ]; then
    echo "bench.sh: no such file: $f" >&2
    exit 2
  fi
  run_clang "$f" >/dev/null 2>&1 || { echo "bench.sh: $clang cannot parse $f" >&2; exit 1; }
  run_corosafe "$f"
  [ -z "$baseline" ] || run_binary "$baseline" "$f"
  t_clang=()
  t_coro=()
  t_base=()
  for ((i = 0; i < runs; i++)); do
    s=$(now_ns); run_clang "$f" >/dev/null 2>&1; e=$(now_ns)
    t_clang+=($(((e - s) / 1000000)))
    s=$(now_ns); run_corosafe "$f"; e=$(now_ns)
    t_coro+=($(((e - s) / 1000000)))
    if [ -n "$baseline" ]; then
      s=$(now_ns); run_binary "$baseline" "$f"; e=$(now_ns)
      t_base+=($(((e - s) / 1000000)))
    fi
  done
  m_clang=$(median "${t_clang[@]}")
  m_coro=$(median "${t_coro[@]}")
  total_clang=$((total_clang + m_clang))
  total_coro=$((total_coro + m_coro))
  name=${f#"$root"/}
  line=$(printf '%-36s %12d %12d %9s' "$name" "$m_clang" "$m_coro" "$(pct "$m_clang" "$m_coro")")
  if [ -n "$baseline" ]; then
    m_base=$(median "${t_base[@]}")
    total_base=$((total_base + m_base))
    line+=$(printf ' %12d %9s %9s' "$m_base" "$(pct "$m_clang" "$m_base")" "$(pct "$m_base" "$m_coro")")
  fi
  if [ "$callgrind" = 1 ]; then
    i_clang=$(instructions "$clang" -fsyntax-only -w "${flags[@]}" "$f")
    i_coro=$(instructions "$corosafe" --quiet --no-cache "$f" -- "${flags[@]}")
    line+=$(printf ' %14s %14s %9s' "$i_clang" "$i_coro" "$(pct "$i_clang" "$i_coro")")
    if [ -n "$baseline" ]; then
      i_base=$(instructions "$baseline" --quiet --no-cache "$f" -- "${flags[@]}")
      line+=$(printf ' %14s %9s' "$i_base" "$(pct "$i_base" "$i_coro")")
    fi
  fi
  echo "$line"
done
line=$(printf '%-36s %12d %12d %9s' "total (sum of medians)" "$total_clang" "$total_coro" \
  "$(pct "$total_clang" "$total_coro")")
[ -z "$baseline" ] || line+=$(printf ' %12d %9s %9s' "$total_base" \
  "$(pct "$total_clang" "$total_base")" "$(pct "$total_base" "$total_coro")")
echo "$line"
