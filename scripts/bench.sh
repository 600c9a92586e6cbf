#!/usr/bin/env bash
# Benchmarks (timing lives here, never in tests): how long check, stats and
# build take on the sample county, and how fast hostile files are refused
# (each must be refused well within a second).
#
#   scripts/bench.sh            # release build, 5 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/junheng
runs=${RUNS:-5}

time_it() { # label, command...
  local label=$1; shift
  local start end best=""
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%-40s %6d ms (best of %d)\n' "$label" "$best" "$runs"
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
time_it "check (sample county)" "$bin" check
time_it "stats --year 2025 --format json" "$bin" stats --year 2025 --format json
time_it "build (sample county)" "$bin" build --out "$out/site"

for fixture in alias-bomb deep-nesting file-too-large gbk-encoding empty-file utf16-encoding; do
  dir="$out/$fixture"
  mkdir -p "$dir"
  cp -r tests/fixtures/valid/. "$dir/"
  cp -r "tests/fixtures/invalid/$fixture/." "$dir/"
  time_it "check refuses $fixture" "$bin" check --project "$dir"
done
