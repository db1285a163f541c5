#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and
# UBSan, and runs each one: "short" (make test, a few seconds each) or "long"
# (make fuzz, FUZZ_SECONDS each, default 300), one target per core at a time. Seed corpora live in
# tests/fuzz/corpus/<target without fuzz_>/; new inputs go to build/fuzz-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
secs=${FUZZ_SECONDS:-$([ "$mode" = long ] && echo 300 || echo 8)}
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DPLAM_FUZZ=ON >/dev/null
cmake --build build/fuzz -j "$(nproc)" >/dev/null
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# one target per core at a time (each libFuzzer run is single-threaded)
par=$(nproc 2>/dev/null || echo 2)
run_one() { # src
  local src=$1 name seeds work
  name=$(basename "$src" .c)
  seeds="tests/fuzz/corpus/${name#fuzz_}"
  work="build/fuzz-corpus/${name#fuzz_}"
  mkdir -p "$work" build/fuzz-artifacts
  local dirs=("$work"); [ -d "$seeds" ] && dirs+=("$seeds")
  if "build/fuzz/$name" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="build/fuzz-artifacts/$name-" \
       -print_final_stats=1 "${dirs[@]}" >"build/fuzz-$name.log" 2>&1; then
    echo "fuzz-ok $name ($(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "build/fuzz-$name.log" | tail -1) runs in ${secs}s)" \
      >"build/fuzz-$name.result"
  else
    { echo "fuzz-fail $name"; tail -40 "build/fuzz-$name.log"; } >"build/fuzz-$name.result"
  fi
}
srcs=(tests/fuzz/fuzz_*.c)
for src in "${srcs[@]}"; do
  [ -e "$src" ] || continue
  rm -f "build/fuzz-$(basename "$src" .c).result"
  while (($(jobs -rp | wc -l) >= par)); do wait -n || true; done
  run_one "$src" &
done
wait || true
status=0
for src in "${srcs[@]}"; do # results in file order
  [ -e "$src" ] || continue
  r="build/fuzz-$(basename "$src" .c).result"
  if [ -f "$r" ]; then cat "$r"; grep -q '^fuzz-ok' "$r" || status=1
  else echo "fuzz-fail $(basename "$src" .c) (no result)"; status=1; fi
done
exit $status
