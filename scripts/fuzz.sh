#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and
# UBSan, and runs each one: "short" (make test, a few seconds each) or "long"
# (make fuzz, FUZZ_SECONDS each, default 300). Seed corpora live in
# tests/fuzz/corpus/<target without fuzz_>/; new inputs go to build/fuzz-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
secs=${FUZZ_SECONDS:-$([ "$mode" = long ] && echo 300 || echo 8)}
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DPLAM_FUZZ=ON >/dev/null
cmake --build build/fuzz -j "$(nproc)" >/dev/null
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
for src in tests/fuzz/fuzz_*.c; do
  [ -e "$src" ] || continue
  name=$(basename "$src" .c)
  seeds="tests/fuzz/corpus/${name#fuzz_}"
  work="build/fuzz-corpus/${name#fuzz_}"
  mkdir -p "$work"
  dirs=("$work"); [ -d "$seeds" ] && dirs+=("$seeds")
  mkdir -p build/fuzz-artifacts
  if "build/fuzz/$name" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="build/fuzz-artifacts/$name-" \
       -print_final_stats=1 "${dirs[@]}" >"build/fuzz-$name.log" 2>&1; then
    echo "fuzz-ok $name ($(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "build/fuzz-$name.log" | tail -1) runs in ${secs}s)"
  else
    echo "fuzz-fail $name"; tail -40 "build/fuzz-$name.log"; status=1
  fi
done
exit $status
