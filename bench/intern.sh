#!/usr/bin/env bash
# Internship evaluation aggregates benchmark (issue 12, "Tests and
# benchmark"): 500 sites x 10 semesters x 30 evaluations (150,000 answers,
# the 10 semesters closed so every view is published), then wrk at 64
# connections on GET /api/intern/sites/{id}/results for a random site (the
# read behind the results table of stages.html: every year and semester of the
# site under the >= 5 rule, plus its approved comments), as staff. Target:
# p99 <= 20 ms. Also the time of one GET /api/intern/results (every site's
# views in one answer), median of BENCH_COLD_RUNS curl runs.
#
# The answers are written with sqlite3 straight into the tables after `plam
# init --demo` (the demo gives the accounts); the semesters are then closed
# through the API, which freezes their sums as the app does. The benchmark
# measures reads.
# Figures only: exit 0 unless the benchmark could not run.
# Usage: bench/intern.sh BUILD_DIR            (make bench: scripts/bench.sh build/release)
# Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2), BENCH_ROUNDS (3),
#              BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_COLD_RUNS (5)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/intern.sh BUILD_DIR}
plam=$PWD/$build/plam
lua=$PWD/bench/intern.lua
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-64}
wthreads=${BENCH_THREADS:-2}
cold_runs=${BENCH_COLD_RUNS:-5}
sites=500 semesters=10 per=30

die() { echo "bench/intern: $*" >&2; exit 1; }
[ -x "$plam" ] || die "no binary at $plam (build first: make build)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"

tmp=$(mktemp -d /tmp/plam-bench-intern.XXXXXX) || die "mktemp failed"
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
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

db=$tmp/plam.db
"$plam" init --db "$db" --demo >/dev/null 2>&1 || die "plam init failed"
first=$(sqlite3 "$db" "SELECT coalesce(max(id), 0) + 1 FROM intern_sites") || die "sqlite3 failed"
# semesters 2021-11 .. 2026-05 (10); 30 answers per site and semester
sqlite3 "$db" <<SQL || die "data generation failed"
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO establishments(name, category, departement) VALUES ('Établissement du banc d''essai', 'ch', 'DEP-44');
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $sites)
INSERT INTO intern_sites(establishment_id, label, programme, capacity, accredited_from, accredited_to)
SELECT (SELECT max(id) FROM establishments), 'Terrain ' || i, 'medicine', 2 + i % 5, '2020-11-01', '2030-10-31' FROM s;
CREATE TEMP TABLE sem(k INTEGER, code TEXT);
WITH RECURSIVE y(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM y WHERE k + 1 < $semesters)
INSERT INTO sem SELECT k, CASE k % 2 WHEN 0 THEN printf('%04d-11', 2021 + k / 2) ELSE printf('%04d-05', 2022 + k / 2) END FROM y;
WITH RECURSIVE a(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM a WHERE j + 1 < $per)
INSERT INTO intern_evaluations(site_id, semester, source, oppi_ref, supervision, conditions, hours, rest_taken,
  training_half_days, non_medical, respect, harassment, comment, comment_status)
SELECT st.id, sem.code, 'oppi', 'B-' || st.id || '-' || sem.k || '-' || a.j, (st.id + a.j) % 5, 1 + (a.j % 4), 35 + (st.id * 7 + a.j) % 30,
  a.j % 3, a.j % 4, 1 + (sem.k % 4), 1 + ((st.id + sem.k) % 4), 0,
  CASE WHEN a.j = 0 THEN 'Commentaire ' || st.id || ' ' || sem.code END, CASE WHEN a.j = 0 THEN 'approved' ELSE 'none' END
FROM intern_sites st, sem, a WHERE st.id >= $first;
COMMIT;
ANALYZE;
SQL
n=$(sqlite3 "$db" "SELECT count(*) FROM intern_evaluations WHERE site_id >= $first")
[ "$n" = $((sites * semesters * per)) ] || die "expected $((sites * semesters * per)) evaluations, got $n"

port=$(free_port) || die "no free port"
base="http://127.0.0.1:$port"
"$plam" serve --db "$db" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
plam_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "$base/healthz" && break; sleep 0.1; done
curl -s -c "$tmp/jar" -H 'Content-Type: application/json' -d '{"login":"staff","password":"demo-staff-2026"}' \
  "$base/api/session" >/dev/null || die "login failed"
cookie=$(awk '$6 == "plam_session" || $6 ~ /session/ {print $6 "=" $7}' "$tmp/jar" | head -1)
[ -n "$cookie" ] || die "no session cookie"
# close the 10 semesters through the API: the app freezes their sums (intern_cells)
csrf=$(curl -s -H "Cookie: $cookie" "$base/api/me" | sed -E 's/.*"csrf_token":"([^"]+)".*/\1/')
for code in $(sqlite3 "$db" "SELECT DISTINCT semester FROM intern_evaluations WHERE site_id >= $first AND semester NOT IN (SELECT semester FROM intern_semesters) ORDER BY 1"); do
  c=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: $base" \
    -H 'Content-Type: application/json' -d "{\"semester\":\"$code\"}" "$base/api/intern/semesters")
  [ "$c" = 201 ] || die "closing $code: HTTP $c"
done
code=$(curl -s -o "$tmp/one.json" -w '%{http_code}' -H "Cookie: $cookie" "$base/api/intern/sites/$first/results")
[ "$code" = 200 ] || die "GET results: HTTP $code"
grep -q '"respondents":60' "$tmp/one.json" || die "a year of the benchmark site does not show its 60 answers"

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "bench/intern: $sites sites x $semesters semesters x $per evaluations ($n answers), SQLite, $(nproc) CPU(s): $cpu"
echo "bench/intern: load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
export INTERN_FIRST_SITE=$first INTERN_SITES=$sites
results=$tmp/results
for r in $(seq "$rounds"); do
  timeout $((warmup + 20)) wrk -t"$wthreads" -c"$conns" -d"${warmup}s" -H "Cookie: $cookie" -s "$lua" "$base" >/dev/null 2>&1
  out=$(timeout $((duration + 30)) wrk -t"$wthreads" -c"$conns" -d"${duration}s" --timeout 5s -H "Cookie: $cookie" -s "$lua" "$base" 2>&1)
  line=$(grep '^WRK ' <<<"$out") || { echo "$out" >&2; die "wrk failed"; }
  grep -q 'non2xx=0 errors=0' <<<"$line" || die "round $r: $line"
  echo "bench/intern: round $r: $line"
  sed -E 's/.*rps=([0-9.]+) p50_ms=([0-9.]+) p90_ms=[0-9.]+ p99_ms=([0-9.]+).*/\1 \2 \3/' <<<"$line" >>"$results"
done
mrps=$(awk '{print $1}' "$results" | median)
mp50=$(awk '{print $2}' "$results" | median)
mp99=$(awk '{print $3}' "$results" | median)
echo "bench/intern: GET /api/intern/sites/{id}/results, wrk -t$wthreads -c$conns, ${warmup}s + ${duration}s x $rounds rounds, medians:"
awk -v rps="$mrps" -v p50="$mp50" -v p99="$mp99" 'BEGIN {
  printf "  %.0f req/s, p50 %.2f ms, p99 %.2f ms (target p99 <= 20 ms: %s)\n", rps, p50, p99, (p99 <= 20 ? "met" : "MISSED") }'
for _ in $(seq "$cold_runs"); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$base/api/intern/results" | awk '{printf "%.1f\n", $1 * 1000}'
done >"$tmp/all"
echo "bench/intern: GET /api/intern/results (all $((sites + 4)) sites, one request at a time): median $(median <"$tmp/all") ms over $cold_runs"
