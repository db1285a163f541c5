#!/usr/bin/env bash
# Recruitment matching micro-benchmark (make bench runs it with the
# optimised build dir): bench_recruit_rank ranks a top-50 among N synthetic
# candidates held in memory (N = 10,000 and 100,000; deterministic
# generator), a different need per run, and prints p50 and p99 of the time
# spent in recruit_rank. The later issue's benchmark (1,000,000 stored
# candidates, top-50 with the store's pre-filtering, p50 <= 20 ms) needs the
# store; this one measures the engine alone. The machine's load is printed
# before and after: wall-clock figures depend on it.
# Usage: bench/recruit_rank.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
[ -x "$build/bench_recruit_rank" ] || { echo "bench/recruit_rank.sh: no $build/bench_recruit_rank" >&2; exit 1; }
echo "-- charge de la machine au départ : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
"$build/bench_recruit_rank" --n 10000 --n 100000
echo "-- charge de la machine à la fin : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
