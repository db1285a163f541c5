#!/usr/bin/env bash
# HTTP benchmark on PostgreSQL (issue 10, "Benchmarks"): two `plam serve` on
# one PostgreSQL database behind Debian's nginx (upstream of both, loopback,
# keep-alive connections) against one `plam serve` on a SQLite file, in the
# same run, same demo data (`plam init --demo` on each engine):
#
#   org    GET /api/organisations/1, logged in: session lookup + one row
#   orgs   GET /api/organisations?limit=20, logged in: count + 20-row page
#   mix    90 % GET /api/organisations?limit=20, 10 % POST of a measurement
#          proposal (/api/indicators/ID/measurements, audited write)
#
# For each: requests/s and p99 from wrk (bench/latency.lua, bench/mix.lua),
# rounds alternating the two set-ups so that drift on a shared machine hits
# both alike; medians over the rounds and the ratio PostgreSQL / SQLite.
# Every server has --threads 2; nginx has 2 workers. The cluster is a
# throwaway one made by scripts/pg.sh (fsync off: it measures plam and the
# protocol, not a disk) and is stopped on exit, with everything else started
# here. Figures only: the exit status is 0 unless the benchmark could not
# run or a run saw errors or non-2xx responses.
#
# Usage: bench/http_pg.sh BUILD_DIR     (make bench: scripts/bench.sh build/release)
# Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2),
#              BENCH_ROUNDS (3), BENCH_CONNECTIONS (64), BENCH_THREADS (2)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/http_pg.sh BUILD_DIR}
plam=$PWD/$build/plam
lua=$PWD/bench/latency.lua
mixlua=$PWD/bench/mix.lua
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-64}
wthreads=${BENCH_THREADS:-2}
nginx_bin=${NGINX:-/usr/sbin/nginx}

die() { echo "bench/http_pg: $*" >&2; exit 1; }
[ -x "$plam" ] || die "no binary at $plam (build first: make build)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
[ -x "$nginx_bin" ] || die "nginx not found at $nginx_bin (apt-get install nginx-light)"

tmp=$(mktemp -d /tmp/plam-bench-pg.XXXXXX) || die "mktemp failed"
export PLAM_PG_STATE=$tmp/pg-cluster
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  scripts/pg.sh stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_http() {
  for _ in $(seq 150); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  return 1
}
serve() { # db port log
  "$plam" serve --db "$1" --listen "127.0.0.1:$2" --threads 2 --max-per-ip 4096 --max-connections 4096 \
    --web-root "$tmp/no-web" >"$tmp/$3.out" 2>"$tmp/$3.err" &
  pids+=($!)
  wait_http "http://127.0.0.1:$2/healthz" || { tail -20 "$tmp/$3.err" >&2; die "plam serve ($3) did not start"; }
}

# --- databases: a SQLite file and a PostgreSQL database, both with the demo data
pg_url=$(scripts/pg.sh start 2>"$tmp/pg.log") || { cat "$tmp/pg.log" >&2; die "PostgreSQL cluster did not start"; }
psql -X -q -d "$pg_url" -c "CREATE DATABASE plam_bench" || die "CREATE DATABASE failed"
pg_db=${pg_url%/postgres}/plam_bench
"$plam" init --db "$tmp/bench.db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "plam init (SQLite) failed"; }
"$plam" init --db "$pg_db" --demo >"$tmp/init-pg.log" 2>&1 || { cat "$tmp/init-pg.log" >&2; die "plam init (PostgreSQL) failed"; }

sq_port=$(free_port) pg1_port=$(free_port) pg2_port=$(free_port)
serve "$tmp/bench.db" "$sq_port" sqlite
serve "$pg_db" "$pg1_port" pg1
serve "$pg_db" "$pg2_port" pg2

# --- nginx in front of the two PostgreSQL servers
ng=$tmp/nginx
mkdir -p "$ng/tmp" "$ng/logs"
chmod 755 "$tmp" "$ng"
ng_port=$(free_port)
cat >"$ng/nginx.conf" <<EOF
worker_processes 2;
daemon off;
master_process on;
pid $ng/nginx.pid;
error_log $ng/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  keepalive_requests 1000000;
  upstream plam {
    server 127.0.0.1:$pg1_port;
    server 127.0.0.1:$pg2_port;
    keepalive 128;
  }
  server {
    listen 127.0.0.1:$ng_port;
    location / {
      proxy_pass http://plam;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
EOF
"$nginx_bin" -p "$ng" -e "$ng/logs/error.log" -c "$ng/nginx.conf" >"$ng/logs/stdout.log" 2>&1 &
pids+=($!)
sq_url="http://127.0.0.1:$sq_port"
pg_url_http="http://127.0.0.1:$ng_port"
wait_http "$pg_url_http/healthz" || { cat "$ng/logs/error.log" >&2; die "nginx did not start"; }

# --- sessions (admin: reads organisations, proposes measurements) and the write target
login() { # base name -> sets cookie_<name>, csrf_<name>
  local code
  code=$(curl -s --max-time 30 -c "$tmp/$2.cookies" -o "$tmp/$2.login" -w '%{http_code}' \
    -H 'Content-Type: application/json' -d '{"login":"admin","password":"demo-admin-2026"}' "$1/api/session")
  [ "$code" = 200 ] || die "login on $1 failed: HTTP $code"
  printf -v "cookie_$2" 'plam_session=%s' "$(awk '$6 == "plam_session" {print $7}' "$tmp/$2.cookies")"
  printf -v "csrf_$2" '%s' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["csrf_token"])' "$tmp/$2.login")"
}
login "$sq_url" sq
login "$pg_url_http" pg
# an indicator measured at its own scope (not by département), same on both engines (same demo data)
read -r ind_code ind_scope < <(sqlite3 -separator ' ' "$tmp/bench.db" \
  "SELECT code, scope_id FROM indicators WHERE breakdown <> 'departement' ORDER BY id LIMIT 1")
sq_ind=$(sqlite3 "$tmp/bench.db" "SELECT id FROM indicators WHERE code = '$ind_code'")
pg_ind=$(psql -X -A -t -d "$pg_db" -c "SELECT id FROM indicators WHERE code = '$ind_code'")
[ -n "$sq_ind" ] && [ -n "$pg_ind" ] || die "no indicator for the write mix"
for side in sq pg; do
  base=$sq_url ind=$sq_ind cookie=$cookie_sq csrf=$csrf_sq
  [ $side = pg ] && base=$pg_url_http ind=$pg_ind cookie=$cookie_pg csrf=$csrf_pg
  for u in /api/organisations/1 '/api/organisations?limit=20'; do
    code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$u")
    [ "$code" = 200 ] || die "$side GET $u: HTTP $code"
  done
  code=$(curl -s --max-time 10 -o "$tmp/propose.json" -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -d "{\"territory_id\":\"$ind_scope\",\"value_on\":\"2025-01-01\",\"value\":1,\"source\":\"bench\"}" \
    "$base/api/indicators/$ind/measurements")
  [ "$code" = 201 ] || { cat "$tmp/propose.json" >&2; die "$side proposal: HTTP $code"; }
done

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "bench/http_pg: $(nproc) CPU ($cpu), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench/http_pg: $("$plam" --version 2>/dev/null | head -1) ($build), PostgreSQL $(psql -X -A -t -d "$pg_url" -c 'SHOW server_version'), $("$nginx_bin" -v 2>&1 | sed 's/.*: //')"
echo "bench/http_pg: wrk -t$wthreads -c$conns, ${warmup}s warm-up + ${duration}s measured per run, $rounds rounds;" \
  "sqlite = 1 plam serve on a file; pg = nginx -> 2 plam serve -> 1 PostgreSQL 15"

results=$tmp/results
: >"$results"
run_wrk() { # setup target round
  local base cookie csrf ind out line
  base=$sq_url cookie=$cookie_sq csrf=$csrf_sq ind=$sq_ind
  [ "$1" = pg ] && base=$pg_url_http cookie=$cookie_pg csrf=$csrf_pg ind=$pg_ind
  local args=(-t"$wthreads" -c"$conns" --timeout 5s)
  case $2 in
  org) args+=(-s "$lua" -H "Cookie: $cookie" "$base/api/organisations/1") ;;
  orgs) args+=(-s "$lua" -H "Cookie: $cookie" "$base/api/organisations?limit=20") ;;
  mix) args+=(-s "$mixlua" "$base/") ;;
  esac
  export MIX_LATENCY_LUA=$lua MIX_GET='/api/organisations?limit=20' MIX_POST="/api/indicators/$ind/measurements" \
    MIX_TERRITORY=$ind_scope MIX_COOKIE=$cookie MIX_CSRF=$csrf
  ((warmup > 0)) && timeout $((warmup + 30)) wrk -d"${warmup}s" "${args[@]}" >/dev/null 2>&1
  out=$(timeout $((duration + 60)) wrk -d"${duration}s" "${args[@]}" 2>&1)
  line=$(grep '^WRK ' <<<"$out") || { echo "$out" >&2; die "$1 $2: wrk failed"; }
  kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  printf '  round %d  %-6s %-5s %10s req/s   p50 %8s ms   p99 %8s ms   load %s\n' "$3" "$1" "$2" "$(kv rps)" \
    "$(kv p50_ms)" "$(kv p99_ms)" "$(cut -d' ' -f1 /proc/loadavg)"
  (($(kv non2xx) == 0 && $(kv errors) == 0)) || die "$1 $2: $(kv non2xx) non-2xx responses, $(kv errors) socket errors"
  echo "$1-$2 $3 $(kv rps) $(kv p99_ms)" >>"$results"
}
for r in $(seq "$rounds"); do
  for t in org orgs mix; do
    if ((r % 2)); then run_wrk sqlite $t "$r"; run_wrk pg $t "$r"; else run_wrk pg $t "$r"; run_wrk sqlite $t "$r"; fi
  done
done

median() { # key column
  awk -v t="$1" -v c="$2" '$1 == t {print $c}' "$results" | sort -g |
    awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
echo "bench/http_pg: medians over $rounds rounds"
for t in org orgs mix; do
  s_rps=$(median "sqlite-$t" 3) s_p99=$(median "sqlite-$t" 4) p_rps=$(median "pg-$t" 3) p_p99=$(median "pg-$t" 4)
  awk -v t="$t" -v a="$s_rps" -v b="$s_p99" -v c="$p_rps" -v d="$p_p99" 'BEGIN {
    printf "  %-5s sqlite %9.1f req/s p99 %8.2f ms | pg (nginx + 2 serve) %9.1f req/s p99 %8.2f ms | pg/sqlite req/s %.2f, p99 %.2f\n",
      t, a, b, c, d, (a > 0 ? c / a : 0), (b > 0 ? d / b : 0) }'
done
n_sq=$(sqlite3 "$tmp/bench.db" "SELECT count(*) FROM measurements")
n_pg=$(psql -X -A -t -d "$pg_db" -c "SELECT count(*) FROM measurements")
echo "bench/http_pg: measurements after the runs: sqlite $n_sq, pg $n_pg (proposals written by the mix)"
