#!/usr/bin/env bash
# Instructions per request (valgrind's callgrind) for the three targets of
# bench/http.sh: a figure that does not move with the load of a shared
# machine, unlike requests per second.
#
#   plam-org      GET /api/organisations/1, admin session
#   plam-orgs     GET /api/organisations?limit=20, admin session
#   plam-regions  GET /api/territories?level=region, public
#
# One `plam serve` (one worker thread, access log on, no periodic jobs:
# --offer-tick 0 --measure-tick 0, whose ticks would land in a measurement)
# runs under callgrind on a demo database; for each target one curl sends
# BENCH_WARMUP requests
# (discarded: the counters are zeroed after them), then another curl sends
# BENCH_REQUESTS requests on one kept-alive connection, after which the
# counters are dumped. Prints the instructions of the whole process per
# request, and of api_authorize + api_dispatch and below (session check,
# response cache, input checks, handler, JSON; not the gate, head parsing,
# routing, response head, socket or access-log work) per request.
#
# Usage: bench/http_instr.sh BUILD_DIR [plam serve options...]
#   e.g. bench/http_instr.sh build/release --no-response-cache
# Environment: BENCH_REQUESTS (300), BENCH_WARMUP (50).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/http_instr.sh BUILD_DIR [serve options]}
shift
case $build in /*) plam=$build/plam ;; *) plam=$PWD/$build/plam ;; esac
n=${BENCH_REQUESTS:-300}
warm=${BENCH_WARMUP:-50}
die() { echo "bench/http_instr: $*" >&2; exit 1; }
[ -x "$plam" ] || die "no binary at $plam"
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
command -v curl >/dev/null || die "curl not found"

tmp=$(mktemp -d /tmp/plam-bench-instr.XXXXXX) || die "mktemp failed"
pid=''
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  [ -n "${BENCH_KEEP:-}" ] && echo "bench/http_instr: files kept in $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$plam" init --db "$tmp/bench.db" --demo >"$tmp/init.log" 2>&1 || die "plam init failed"
port=$((20000 + RANDOM % 40000))
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.%p.%n" --dump-instr=no "$plam" serve --db "$tmp/bench.db" \
  --listen "127.0.0.1:$port" --threads 1 --web-root "$tmp/no-web" --log-file "$tmp/plam.log" --offer-tick 0 \
  --measure-tick 0 "$@" \
  >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -s -o /dev/null --max-time 2 "$url/healthz" && break; sleep 0.2; done
curl -s -o /dev/null --max-time 2 "$url/healthz" || { cat "$tmp/serve.err" >&2; die "plam serve did not start"; }
curl -s --max-time 30 -c "$tmp/cookies" -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"demo-admin-2026"}' "$url/api/session" || die "login failed"
token=$(awk '$6 == "plam_session" {print $7}' "$tmp/cookies")
[ -n "$token" ] || die "no session cookie"

# n copies of a URL for one curl (one kept-alive connection).
urls() { for _ in $(seq "$2"); do printf '%s\n' "url = \"$1\"" 'output = "/dev/null"'; done; }
dumps=0
measure() { # name path [cookie]
  local hdr=()
  [ -n "${3:-}" ] && hdr=(-H "Cookie: plam_session=$token")
  urls "$url$2" "$warm" >"$tmp/warm.cfg"
  urls "$url$2" "$n" >"$tmp/run.cfg"
  curl -s --max-time 600 "${hdr[@]}" -K "$tmp/warm.cfg" || die "$1: warm-up failed"
  callgrind_control -z "$pid" >/dev/null 2>&1 || die "callgrind_control -z failed"
  local codes
  codes=$(curl -s --max-time 600 "${hdr[@]}" -w '%{http_code}\n' -K "$tmp/run.cfg" | sort | uniq -c)
  callgrind_control -d "$1" "$pid" >/dev/null 2>&1 || die "callgrind_control -d failed"
  dumps=$((dumps + 1))
  [ "$(awk '{print $2}' <<<"$codes")" = 200 ] || die "$1: not every answer was 200: $codes"
  local f total disp
  f=$tmp/$(cd "$tmp" && ls cg.*.*.* | sort -t. -k4 -n | tail -1) # the dump just made (cg.PID.1.N)
  total=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
  disp=$(callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$f" 2>/dev/null |
    awk '/:api_(authorize|dispatch) \[/ {gsub(",", "", $1); s += $1} END {print s + 0}')
  printf '  %-13s %9.0f instructions/request (whole process), %9.0f in api_authorize + api_dispatch   [%s]\n' "$1" \
    "$((total / n))" "$((${disp:-0} / n))" "$2"
}
echo "bench/http_instr: $("$plam" --version 2>/dev/null | head -1) ($build), callgrind, one kept-alive connection," \
  "$n requests after $warm of warm-up${*:+, serve $*}"
measure plam-org /api/organisations/1 cookie
measure plam-orgs '/api/organisations?limit=20' cookie
measure plam-regions '/api/territories?level=region'
