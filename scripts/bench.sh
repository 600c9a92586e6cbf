#!/usr/bin/env bash
# Benchmarks (timing lives here, never in tests).
#
#   scripts/bench.sh               # release build; 3 runs each (RUNS=5 for more)
#   SIZES="100 1000" scripts/bench.sh
#
# 1. Whole-site builds of the sample county and of generated counties of 100,
#    1,000 and 3,000 schools (examples/gen_county, seed 1): wall time (median),
#    peak memory (/usr/bin/time -v), pages per second, the ratio to the
#    100-school build, and the I/O floor: `cp -r` of the same output tree with a
#    warm cache, so the build reads as a multiple of copying its own output.
#    Each build is followed by its copy, and every build and copy writes a
#    folder of its own; the table is printed last, after a rebuild of each
#    county over its existing output (which deletes the old tree).
# 2. check and stats on the largest county.
# 3. How fast hostile files are refused (each must be refused well within a second).
#
# Needs GNU time (/usr/bin/time; `apt-get install time`). The machine's load is
# printed first: on a busy machine read the ratios, not the absolute times.
# On ext4, start it at least five minutes after many files were deleted (a
# previous run's own clean-up included): inode allocation skips inodes deleted
# in the last minutes, and every build and copy then spends more time in the
# kernel (see bench_build).
# Every timed run starts after `sync` (not timed): the gigabytes the large
# builds and copies leave to be written back would otherwise be flushed
# during whatever runs next, and time the disk, not that command (check at
# 3,000 schools read 1.9 s right after the 3,000-school builds, 0.95 s alone).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin junheng --example gen_county
bin=$PWD/target/release/junheng
gen=$PWD/target/release/examples/gen_county
runs=${RUNS:-3}
sizes=${SIZES:-"100 1000 3000"}
if [ ! -x /usr/bin/time ]; then
  echo "bench.sh needs GNU time: sudo apt-get install time" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# Build `project` `runs` times and copy its output as many times; the row is
# printed by `print_rows`. Every build and every copy writes a folder of its
# own (named for the county), deleted only when the script ends: on ext4,
# creating thousands of files right after deleting thousands costs several
# times the kernel time (inode allocation skips recently deleted inodes),
# which would time the file system, not junheng. (Before, every county wrote
# `site-1`..: each county's builds replaced, and so deleted, the previous
# county's output, while its copies went to new folders.)
declare -A row_ms row_kb row_pages row_mb row_cp row_project row_tag
labels=()
bench_build() { # label, project
  local label=$1 project=$2 ms=() cps=() peak=0 tag
  tag=$(echo "$label" | tr -c 'a-z0-9\n' '-')
  for i in $(seq "$runs"); do
    local start end kb
    sync
    start=$(now_ms)
    /usr/bin/time -v -o "$work/time.txt" "$bin" build --project "$project" --out "$work/$tag-site-$i" \
      >"$work/build.txt" 2>/dev/null
    end=$(now_ms)
    ms+=($((end - start)))
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    [ "$kb" -gt "$peak" ] && peak=$kb
    # The I/O floor: copying the same tree (warm cache) to a new folder,
    # right after the build, so that both see the disk in the same state.
    sync
    start=$(now_ms)
    cp -r "$work/$tag-site-$i" "$work/$tag-copy-$i"
    end=$(now_ms)
    cps+=($((end - start)))
  done
  labels+=("$label")
  # Every run's times, to show how much the file system varies.
  echo "$label: build ${ms[*]} ms; cp -r ${cps[*]} ms"
  row_ms[$label]=$(printf '%s\n' "${ms[@]}" | median)
  row_cp[$label]=$(printf '%s\n' "${cps[@]}" | median)
  row_kb[$label]=$peak
  row_pages[$label]=$(sed -n "s/.*：\([0-9]*\) 个页面.*/\1/p" "$work/build.txt")
  row_mb[$label]=$(du -sm "$work/$tag-site-1" | cut -f1)
  row_project[$label]=$project
  row_tag[$label]=$tag
}

# The table, after every build and copy: its last column is a rebuild over an
# existing output, as a clerk runs it, which also deletes the old tree, so it
# is timed last, when no other timing follows.
print_rows() {
  echo "whole-site build (median of $runs runs; peak = max resident set size)"
  echo
  echo "| county       |     wall  | peak memory |  pages |  pages/s |   output |  ÷ 100  | cp -r     | ÷ cp -r  | rebuild   |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local base=${row_ms["100 schools"]:-0}
  for label in "${labels[@]}"; do
    local start end re
    sync
    start=$(now_ms)
    "$bin" build --project "${row_project[$label]}" --out "$work/${row_tag[$label]}-site-1" >/dev/null 2>&1
    end=$(now_ms)
    re=$((end - start))
    awk -v l="$label" -v ms="${row_ms[$label]}" -v kb="${row_kb[$label]}" -v p="${row_pages[$label]}" \
      -v mb="${row_mb[$label]}" -v cp="${row_cp[$label]}" -v base="$base" -v re="$re" 'BEGIN {
        ratio = (base > 0 && l != "sample") ? sprintf("%.1f×", ms / base) : "—";
        floor = cp > 0 ? sprintf("%.1f×", ms / cp) : "—";
        printf "| %-12s | %8.2f s | %7.0f MB | %6d | %8.0f | %6d MB | %8s | %7.3f s | %8s | %8.2f s |\n",
          l, ms / 1000, kb / 1024, p, (ms > 0 ? p / (ms / 1000) : 0), mb, ratio, cp / 1000, floor, re / 1000 }'
  done
}

for n in $sizes; do
  "$gen" --schools "$n" --seed 1 "$work/c$n" >/dev/null
done
bench_build "sample" "$PWD"
for n in $sizes; do
  bench_build "$n schools" "$work/c$n"
done
echo

largest=$(echo "$sizes" | tr ' ' '\n' | tail -1)
time_it() { # label, command...
  local label=$1; shift
  local ms=()
  for _ in $(seq "$runs"); do
    local start end
    sync
    start=$(now_ms)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ms)
    ms+=($((end - start)))
  done
  printf '%-44s %6d ms (median of %d)\n' "$label" "$(printf '%s\n' "${ms[@]}" | median)" "$runs"
}

time_it "check ($largest schools)" "$bin" check --project "$work/c$largest"
time_it "stats --format json ($largest schools)" "$bin" stats --format json --project "$work/c$largest"
time_it "check (sample county)" "$bin" check
time_it "stats --year 2025 --format json (sample)" "$bin" stats --year 2025 --format json

# serve: from a saved data file to the reloaded page (sample county). A page
# waits on /__junheng/version?since=V; the time is from the save to the answer
# plus fetching the page again, as the browser does.
if command -v curl >/dev/null; then
  proj="$work/serve-sample"
  mkdir -p "$proj"
  cp -r data content templates "$proj/"
  [ -f junheng.yaml ] && cp junheng.yaml "$proj/"
  "$bin" serve --project "$proj" --port 0 >"$work/serve.txt" 2>&1 &
  serve_pid=$!
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^预览地址：\(http[^ ]*\)/\1/p' "$work/serve.txt" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
  done
  year_file=$(ls "$proj"/data/years/*.yaml | tail -1)
  ms=()
  for i in $(seq "$runs"); do
    v=$(curl -s "${url}__junheng/version" | sed 's/.*"version":\([0-9]*\).*/\1/')
    curl -s "${url}__junheng/version?since=$v" >/dev/null &
    poll=$!
    sleep 0.3
    sync
    start=$(now_ms)
    # A real change (a school's pupils), alternating so every save changes the site.
    if [ $((i % 2)) -eq 1 ]; then
      sed -i '0,/students: \([0-9]*\)/s//students: 1\1/' "$year_file"
    else
      sed -i '0,/students: 1\([0-9]*\)/s//students: \1/' "$year_file"
    fi
    wait "$poll"
    curl -s "${url}index.html" >/dev/null
    end=$(now_ms)
    ms+=($((end - start)))
  done
  kill "$serve_pid" 2>/dev/null || true
  printf '%-44s %6d ms (median of %d)\n' "serve: save → page reloaded (sample)" \
    "$(printf '%s\n' "${ms[@]}" | median)" "$runs"
fi

for fixture in alias-bomb deep-nesting file-too-large gbk-encoding empty-file utf16-encoding; do
  dir="$work/$fixture"
  mkdir -p "$dir"
  cp -r tests/fixtures/valid/. "$dir/"
  cp -r "tests/fixtures/invalid/$fixture/." "$dir/"
  time_it "check refuses $fixture" "$bin" check --project "$dir"
done

# Last: its rebuild column deletes trees (see print_rows).
echo
print_rows
