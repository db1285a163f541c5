#!/usr/bin/env bash
# Stored recruitment ranking at scale (make bench runs it with the optimised
# build dir): bench_recruit_store writes 1,000,000 candidates spread over the
# French communes into a fresh SQLite database (seeded generator), posts
# needs in several places and prints p50 and p99 of the top 50 through the
# in-memory index (the route's path) and through the best SQL query on the
# indexed tables, alternated in the same run, with their ratio and whether
# both top-50 lists agree. Target: p50 <= 20 ms and >= 20x faster than SQL.
# The machine's load is printed before and after: wall-clock figures depend
# on it. RECRUIT_BENCH_N overrides the number of candidates. Its twin on
# PostgreSQL, same program: bench/recruit_store_pg.sh.
# Usage: bench/recruit_store.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin="$build/bench_recruit_store"
[ -x "$bin" ] || { echo "bench/recruit_store.sh: no $bin" >&2; exit 1; }
csv=data/ref/communes-2018-centroids.csv # shipped copy: IGN, INSEE, Licence Ouverte (data/ref/README.md)
[ -f "$csv" ] || { echo "bench/recruit_store.sh: no $csv" >&2; exit 1; }
dir=$(mktemp -d /tmp/plam-bench-recruit-XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "-- charge de la machine au départ : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
"$bin" --db "$dir/bench.db" --communes "$csv" --n "${RECRUIT_BENCH_N:-1000000}" --runs "${RECRUIT_BENCH_RUNS:-5}"
echo "-- charge de la machine à la fin : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
