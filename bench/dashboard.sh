#!/usr/bin/env bash
# Plan dashboard benchmark (issue 3, "Tests and benchmark"): GET
# /api/plans/{id}/dashboard on a synthetic plan of 20 actions x 5 indicators
# x 100 départements x 60 months (606,000 validated values with ~1 %
# revisions; bench/bench_plan_gen.c), public (the plan is published).
#
#   cold, in process   bench_plan_gen --time: the dashboard computed from
#                      scratch (generation bumped before each run), optimised
#                      path and straightforward path (every validated row
#                      through the engine) alternately, same bytes checked;
#                      medians of wall and CPU time
#   cold, HTTP         generation bumped with sqlite3, then one GET (curl
#                      time_total), median of the runs
#   single flight      generation bumped, then 16 concurrent GETs: the wall
#                      time of the 16 (about one cold computation when they
#                      share it, several when each recomputes)
#   warm               wrk, 64 connections, 2 threads, warm-up (discarded) +
#                      measured run per round: p50/p99 and req/s, medians
#
# Figures only: exit 0 unless the benchmark could not run (missing tool, no
# server, wrk errors or non-2xx responses, different bytes between paths).
# Usage: bench/dashboard.sh BUILD_DIR        (make bench: scripts/bench.sh build/release)
# Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2),
#              BENCH_ROUNDS (3), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#              BENCH_COLD_RUNS (5), BENCH_DATE (dashboard date, default today),
#              BENCH_GEN_ARGS (extra bench_plan_gen options, e.g. "--territories 1"
#              for a small answer that isolates the warm path from the payload)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/dashboard.sh BUILD_DIR}
plam=$PWD/$build/plam
gen=$PWD/$build/bench_plan_gen
lua=$PWD/bench/latency.lua
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-64}
wthreads=${BENCH_THREADS:-2}
cold_runs=${BENCH_COLD_RUNS:-5}
date_q=${BENCH_DATE:+?date=$BENCH_DATE}

die() { echo "bench/dashboard: $*" >&2; exit 1; }
[ -x "$plam" ] || die "no binary at $plam (build first: make build)"
[ -x "$gen" ] || die "no generator at $gen (build first: make build)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"

tmp=$(mktemp -d /tmp/plam-bench-dash.XXXXXX) || die "mktemp failed"
plam_pid=''
cleanup() {
  if [ -n "$plam_pid" ]; then
    kill -TERM "$plam_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$plam_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$plam_pid" 2>/dev/null
    wait "$plam_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}
wait_http() {
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  return 1
}
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "bench/dashboard: $(nproc) CPU ($cpu), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- synthetic plan
db=$tmp/dash.db
# shellcheck disable=SC2086
gline=$("$gen" "$db" ${BENCH_GEN_ARGS:-}) || die "bench_plan_gen failed"
echo "bench/dashboard: $gline"

# --- cold, in process (before the server opens the file)
cline=$("$gen" "$db" --time "$cold_runs" ${BENCH_DATE:+--date "$BENCH_DATE"}) || die "cold timing failed: $cline"
echo "bench/dashboard: $cline"
kvc() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$cline"; }
awk -v o="$(kvc opt_cpu_ms)" -v r="$(kvc ref_cpu_ms)" -v ow="$(kvc opt_wall_ms)" -v rw="$(kvc ref_wall_ms)" 'BEGIN {
  printf "  cold in process (median): optimised %.1f ms CPU (%.1f ms wall), straightforward %.1f ms CPU (%.1f ms wall): %.1fx less CPU\n", o, ow, r, rw, (o > 0 ? r / o : 0) }'

# --- server
port=$(free_port) || die "no free port"
"$plam" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 --max-per-ip 4096 --max-connections 4096 \
  --web-root "$tmp/no-web" >"$tmp/plam.out" 2>"$tmp/plam.log" &
plam_pid=$!
base="http://127.0.0.1:$port"
wait_http "$base/healthz" || { cat "$tmp/plam.log" >&2; die "plam serve did not start"; }
url="$base/api/plans/1/dashboard$date_q"
bump() { sqlite3 "$db" "PRAGMA busy_timeout = 5000; UPDATE plans SET generation = generation + 1 WHERE id = 1;" >/dev/null; }

# --- cold over HTTP
: >"$tmp/cold"
for _ in $(seq "$cold_runs"); do
  bump
  out=$(curl -s --max-time 60 -o "$tmp/body.json" -w '%{http_code} %{time_total}' "$url")
  [ "${out% *}" = 200 ] || die "GET $url: HTTP ${out% *}"
  awk -v t="${out#* }" 'BEGIN {printf "%.1f\n", t * 1000}' >>"$tmp/cold"
done
head -c 8 "$tmp/body.json" | grep -q '^{"data"' || die "unexpected body"
echo "  cold over HTTP (median of $cold_runs, generation bumped before each): $(median <"$tmp/cold") ms;" \
  "body $(wc -c <"$tmp/body.json") B"

# --- single flight: 16 concurrent first requests
bump
t0=$(date +%s%N)
for i in $(seq 16); do curl -s --max-time 60 -o /dev/null -w '%{http_code}\n' "$url" >"$tmp/sf.$i" & done
wait $(jobs -p | grep -v "^$plam_pid\$") 2>/dev/null
t1=$(date +%s%N)
ok=$(cat "$tmp"/sf.* | grep -c '^200$')
echo "  single flight: 16 concurrent first GETs after a write: $ok x 200 in $(((t1 - t0) / 1000000)) ms" \
  "(cold median above: one computation)"

# --- warm rounds
results=$tmp/results
: >"$results"
for r in $(seq "$rounds"); do
  if ((warmup > 0)); then
    timeout $((warmup + 20)) wrk -t"$wthreads" -c"$conns" -d"${warmup}s" "$url" >/dev/null 2>&1
  fi
  out=$(timeout $((duration + 30)) wrk -t"$wthreads" -c"$conns" -d"${duration}s" --timeout 5s -s "$lua" "$url" 2>&1)
  line=$(grep '^WRK ' <<<"$out") || { echo "$out" >&2; die "wrk failed"; }
  kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  rps=$(kv rps) p50=$(kv p50_ms) p99=$(kv p99_ms) non2xx=$(kv non2xx) errors=$(kv errors)
  printf '  round %d  %10s req/s   p50 %7s ms   p99 %7s ms   (load %s)\n' "$r" "$rps" "$p50" "$p99" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  ((non2xx == 0 && errors == 0)) || die "$non2xx non-2xx responses, $errors socket errors: not a valid run"
  echo "$rps $p50 $p99" >>"$results"
done
mrps=$(awk '{print $1}' "$results" | median)
mp50=$(awk '{print $2}' "$results" | median)
mp99=$(awk '{print $3}' "$results" | median)
echo "bench/dashboard: warm, wrk -t$wthreads -c$conns, ${warmup}s + ${duration}s x $rounds rounds, medians:"
awk -v rps="$mrps" -v p50="$mp50" -v p99="$mp99" 'BEGIN {
  printf "  median   %10s req/s   p50 %7s ms   p99 %7s ms   [target p99 <= 20 ms: %s]\n", rps, p50, p99,
    (p99 <= 20 ? "met" : "MISSED") }'
echo "bench/dashboard: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
