#!/usr/bin/env bash
# Instructions per request of the list answers (issue 8, item 7), counted by
# callgrind: a measure that the load of a shared machine does not move.
#
# plam serve (BUILD_DIR/plam, one worker thread) runs under
# valgrind --tool=callgrind on a demo database; curl logs in as the demo
# admin, then, for each target, sends WARMUP requests on one kept-alive
# connection, then LISTS_CG_ROUNDS (default 3) times: the counters are
# zeroed, N more requests go on one kept-alive connection, and the counters
# are dumped. Prints, per target, the instructions of the whole process
# (every thread) divided by N, per round and the least of them (a round may
# catch a server's periodic job running in its own thread, which adds
# millions of instructions that are not the requests' cost; the requests'
# own count is steady within 0.1 %), and the md5 of one answer's body (the bytes must
# not change with a speed-up).
#
# Targets: org (GET /api/organisations/1), orgs (GET
# /api/organisations?limit=20), both with the demo admin's session, regions
# (GET /api/territories?level=region, public, no cookie), as in
# bench/http.sh.
#
# Usage: bench/lists_callgrind.sh BUILD_DIR [N] [WARMUP]  (defaults 300, 50)
# Environment: LISTS_CG_DB=URL measures on that database instead of a new
# SQLite demo file (it must hold the demo: plam init --demo).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/lists_callgrind.sh BUILD_DIR [N] [WARMUP]}
n=${2:-300}
warm=${3:-50}
rounds=${LISTS_CG_ROUNDS:-3}
plam=$PWD/$build/plam
die() { echo "bench/lists_callgrind: $*" >&2; exit 1; }
[ -x "$plam" ] || die "no binary at $plam"
command -v callgrind_control >/dev/null || die "valgrind not found (apt-get install valgrind)"

tmp=$(mktemp -d /tmp/plam-bench-cg.XXXXXX) || die "mktemp failed"
pid=''
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=${LISTS_CG_DB:-}
if [ -z "$db" ]; then
  db=$tmp/cg.db
  "$plam" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "plam init failed"; }
fi
port=$((20000 + RANDOM % 40000))
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out.%p" "$plam" serve --db "$db" \
  --listen "127.0.0.1:$port" --threads 1 --web-root "$tmp/no-web" --log-file "$tmp/plam.log" \
  >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -s -o /dev/null --max-time 2 "$url/healthz" && break; sleep 0.2; done
curl -s -o /dev/null --max-time 2 "$url/healthz" || { cat "$tmp/serve.err" >&2; die "plam serve did not start"; }
code=$(curl -s --max-time 30 -c "$tmp/cookies" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"demo-admin-2026"}' "$url/api/session")
[ "$code" = 200 ] || die "login failed: HTTP $code"

# The counters of the last dump: the "summary:" line of the newest file.
dump_total() {
  callgrind_control -d "$pid" >/dev/null 2>&1 || die "callgrind_control -d failed"
  local f
  f=$(ls -t "$tmp"/cg.out.* | head -1)
  awk '/^(summary|totals):/ {print $2; exit}' "$f"
}

# urls PATH COUNT: the curl config lines for COUNT requests of PATH.
urls() { for _ in $(seq "$2"); do printf 'url = "%s%s"\noutput = "/dev/null"\n' "$url" "$1"; done; }

# name:path:cookie (1: with the admin's session, as bench/http.sh sends it)
for t in org:/api/organisations/1:1 orgs:'/api/organisations?limit=20':1 regions:'/api/territories?level=region':0; do
  name=${t%%:*} path=${t#*:} with=${t##*:}
  path=${path%:*}
  jar=/dev/null
  [ "$with" = 1 ] && jar=$tmp/cookies
  curl -s -b "$jar" -o "$tmp/$name.json" "$url$path"
  urls "$path" "$warm" | curl -s -b "$jar" -K - || die "$name: warm-up failed"
  totals=()
  for r in $(seq "$rounds"); do
    callgrind_control -z "$pid" >/dev/null 2>&1 || die "callgrind_control -z failed"
    urls "$path" "$n" | curl -s -b "$jar" -K - || die "$name: run failed"
    totals+=("$(dump_total)")
    [ -n "${LISTS_CG_KEEP:-}" ] && mkdir -p "$LISTS_CG_KEEP" &&
      cp "$(ls -t "$tmp"/cg.out.* | head -1)" "$LISTS_CG_KEEP/$name.$r.callgrind"
  done
  per=$(printf '%s\n' "${totals[@]}" | awk -v n="$n" '{printf "%.0f\n", $1 / n}' | sort -n | tr '\n' ' ')
  least=$(printf '%s\n' "${totals[@]}" | sort -n | awk -v n="$n" 'NR == 1 {printf "%.0f", $1 / n}')
  printf '%-8s %10s instructions/request (least of %d rounds of %d requests: %s)  body md5 %s\n' "$name" "$least" \
    "$rounds" "$n" "$per" "$(md5sum <"$tmp/$name.json" | cut -c1-32)"
done
