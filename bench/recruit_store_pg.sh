#!/usr/bin/env bash
# Stored recruitment ranking at scale on PostgreSQL (make bench runs it with
# the optimised build dir): the twin of bench/recruit_store.sh, same program
# (bench_recruit_store --db-url), same seeded generator and measurements.
# It starts a throwaway PostgreSQL 15 cluster with scripts/pg.sh on
# 127.0.0.1 (state under /tmp, stopped and removed on exit, also on failure
# or Ctrl-C), creates an empty database, and the program writes 1,000,000
# candidates spread over the French communes with COPY (db_bulk_insert, as
# plam's imports on PostgreSQL) with a progress line, posts needs, loads the
# in-memory index from PostgreSQL (the route's path, timed) and prints p50
# and p99 of the top 50 through that index and through the best SQL query on
# the indexed tables, alternated in the same run, their ratio, whether both
# top-50 lists agree, the indexes the query can use and its EXPLAIN ANALYZE.
# Target (issue 11): p50 <= 20 ms and >= 20x faster than SQL.
# The machine's load is printed before and after: wall-clock figures depend
# on it. RECRUIT_BENCH_N overrides the number of candidates,
# RECRUIT_BENCH_RUNS the runs per need. Without PostgreSQL 15's binaries the
# benchmark is skipped with a message (exit 0): scripts/pg.sh would install
# them, which a benchmark run should not do behind one's back.
# Usage: bench/recruit_store_pg.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin="$build/bench_recruit_store"
[ -x "$bin" ] || { echo "bench/recruit_store_pg.sh: no $bin" >&2; exit 1; }
csv=data/ref/communes-2018-centroids.csv # shipped copy: IGN, INSEE, Licence Ouverte (data/ref/README.md)
[ -f "$csv" ] || { echo "bench/recruit_store_pg.sh: no $csv" >&2; exit 1; }
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ] || ! command -v psql >/dev/null; then
  echo "bench/recruit_store_pg.sh: ignoré : PostgreSQL 15 n'est pas installé ($pgbin/initdb, pg_ctl, psql)" \
    "(apt-get install postgresql-15, ou scripts/pg.sh start qui l'installe)"
  exit 0
fi
dir=$(mktemp -d /tmp/plam-bench-recruit-pg-XXXXXX)
chmod 755 "$dir"
export PLAM_PG_STATE=$dir/pg-cluster
bench_pid=
cleanup() {
  set +e # every step runs, whatever the one before returned
  if [ -n "$bench_pid" ]; then kill "$bench_pid" 2>/dev/null; wait "$bench_pid" 2>/dev/null; fi
  scripts/pg.sh stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
trap '' PIPE # a closed output (| head) must not kill this shell before cleanup
start=$SECONDS
url=$(scripts/pg.sh start 2>"$dir/pg.log") || { cat "$dir/pg.log" >&2; echo "bench/recruit_store_pg.sh: PostgreSQL n'a pas démarré" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE DATABASE plam_bench" || exit 1
db=${url%/postgres}/plam_bench
echo "-- PostgreSQL $(psql -X -A -t -d "$url" -c 'SHOW server_version') démarré (scripts/pg.sh, fsync off," \
  "shared_buffers $(psql -X -A -t -d "$url" -c 'SHOW shared_buffers')) en $((SECONDS - start)) s"
echo "-- charge de la machine au départ : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
rc=0
# in the background, so that a signal runs the cleanup at once (bash defers traps while a foreground job runs)
"$bin" --db-url "$db" --communes "$csv" --n "${RECRUIT_BENCH_N:-1000000}" --runs "${RECRUIT_BENCH_RUNS:-5}" &
bench_pid=$!
wait "$bench_pid" || rc=$?
bench_pid=
echo "-- taille de la base : $(psql -X -A -t -d "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo "-- charge de la machine à la fin : $(cut -d' ' -f1-3 /proc/loadavg) sur $(nproc) cœur(s)"
exit "$rc"
