#!/usr/bin/env bash
# make test: runs every suite against the sanitizer build and ends on one
# summary line "plam: N passed, N failed, N skipped" (a skipped test is not
# a pass; each one is listed with its reason). Suites:
#   layers   includes follow the layer rules (scripts/check-layers.sh)
#   format   C files are as clang-format 14 writes them (scripts/check-format.sh)
#   release  the optimised build (build/release, RelWithDebInfo, as make run,
#            make deb and make bench build it) compiles with -Werror: its -O2
#            warnings (format-truncation, maybe-uninitialized) are not seen by
#            the -O0 sanitizer build, and mostly not by one at -O1 either (of
#            the three that broke it in session 10, ASan+UBSan at -O1 showed one)
#   unit     cmocka tests through CTest (tests/unit/**/test_*.c), the PostgreSQL
#            driver's against the throwaway cluster
#   e2e      node:test files in tests/e2e/ that start the real binary (SQLite)
#   e2e-pg   the same files with every database on PostgreSQL 15
#            (PLAM_TEST_DB_URL: a throwaway cluster made by scripts/pg.sh on
#            127.0.0.1, removed at the end, also when tests fail)
#   browser  node:test files in tests/browser/ driving Debian's Chromium
#   fuzz     every libFuzzer target in tests/fuzz/, briefly (make fuzz: longer)
#   lint     OpenAPI description linted with redocly
#   checks   scripts/check-writes.sh: every write goes through the write bracket
#   deb      scripts/test-deb.sh: the Debian package (lintian, systemd unit, packaged binary run)
# Usage: scripts/test.sh BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/asan}
export PLAM_BIN="$PWD/$build/plam"
export PLAM_WEB_ROOT="$PWD/build/web"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
logdir=build/test-logs
mkdir -p "$logdir"
unset PLAM_TEST_DB_URL

# --- PostgreSQL: one throwaway cluster for the unit and e2e-pg suites
export PLAM_PG_STATE="$PWD/build/pg-cluster-test"
trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT
pg_url=$(scripts/pg.sh start 2>"$logdir/pg.log") || pg_url=""
[ -n "$pg_url" ] || { echo "== PostgreSQL cluster did not start:"; tail -20 "$logdir/pg.log"; }
passed=0 failed=0 skipped=0
failures=()

count() { # suite passed failed [skipped]
  local s=${4:-0}
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + s))
  ((${3})) && failures+=("$1")
  if ((s)); then printf '== %-8s %d passed, %d failed, %d skipped\n' "$1" "$2" "$3" "$s"
  else printf '== %-8s %d passed, %d failed\n' "$1" "$2" "$3"; fi
}

# --- static checks: layers, formatting (one check each)
check() { # name script
  echo "== $1: $2"
  if "$2" >"$logdir/$1.log" 2>&1; then tail -1 "$logdir/$1.log"; count "$1" 1 0
  else head -60 "$logdir/$1.log"; count "$1" 0 1; fi
}
check layers scripts/check-layers.sh
check format scripts/check-format.sh

# --- release: the optimised build compiles (incremental after the first run)
echo "== release: cmake --build build/release (RelWithDebInfo, -Werror)"
if { cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
  cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)"; } >"$logdir/release.log" 2>&1; then
  count release 1 0
else
  grep -E 'error|warning' "$logdir/release.log" | head -30
  count release 0 1
fi

# --- unit (cmocka via CTest)
echo "== unit: cmocka (CTest)"
PLAM_TEST_DB_URL="$pg_url" ctest --test-dir "$build" --output-on-failure -j 2 >"$logdir/unit.log" 2>&1
total=$(grep -oP 'tests passed, \K[0-9]+(?= tests failed out of)' "$logdir/unit.log" | tail -1)
outof=$(grep -oP 'failed out of \K[0-9]+' "$logdir/unit.log" | tail -1)
# CTest counts a skipped test (SKIP_RETURN_CODE, DISABLED) in "out of" and lists it as "(Skipped)"/"(Disabled)"
nskip=$(grep -cE '^\s*[0-9]+ - .*\((Skipped|Disabled)\)$' "$logdir/unit.log")
if [ -z "$outof" ]; then cat "$logdir/unit.log"; count unit 0 1
else
  grep -E 'tests passed|Failed|\*\*\*|\((Skipped|Disabled)\)$' "$logdir/unit.log" | tail -15
  count unit $((outof - total - nskip)) "$total" "$nskip"
fi

# --- node suites (e2e, browser)
# node_run NAME DIR writes $logdir/NAME.log, its exit status and wall time;
# node_report NAME counts it. The SQLite and PostgreSQL e2e runs go side by
# side (each test file has its own server, port, database and temporary
# directory, so the two runs share nothing): much of their time is waiting
# on sleeps, timeouts and process starts, not CPU (a serial run kept the two
# cores less than half busy); the browser suite runs beside them too.
# PLAM_TEST_SERIAL=1 runs the three one after the other.
node_run() { # name dir
  local name=$1 dir=$2 rc=0 t0=$SECONDS
  compgen -G "$dir/*.test.mjs" >/dev/null || { echo "none" >"$logdir/$name.rc"; return; }
  node --test --test-concurrency=1 --test-reporter=spec "$dir"/*.test.mjs >"$logdir/$name.log" 2>&1 || rc=$?
  echo "$rc $((SECONDS - t0))" >"$logdir/$name.rc"
}
node_report() { # name dir
  local name=$1 dir=$2 rc secs
  read -r rc secs <"$logdir/$name.rc"
  [ "$rc" = none ] && { echo "== $name: no tests"; return; }
  echo "== $name: node --test $dir (${secs} s)"
  local p f c s
  p=$(grep -oP '^ℹ pass \K[0-9]+' "$logdir/$name.log" | tail -1)
  # a skipped test is not in "pass": list each one with its reason
  s=$(grep -oP '^ℹ skipped \K[0-9]+' "$logdir/$name.log" | tail -1)
  grep -E '^\s*﹣ ' "$logdir/$name.log" | sed 's/^\s*﹣ /   skipped: /' | head -20
  f=$(grep -oP '^ℹ fail \K[0-9]+' "$logdir/$name.log" | tail -1)
  # a test cancelled because its suite's setup threw did not pass: it counts as failed
  c=$(grep -oP '^ℹ cancelled \K[0-9]+' "$logdir/$name.log" | tail -1)
  if [ -z "$p" ]; then tail -40 "$logdir/$name.log"; count "$name" 0 1; return; fi
  f=$((${f:-0} + ${c:-0}))
  ((rc && !f)) && f=1 # node said the run failed: never report it green
  ((f)) && grep -B2 -A25 '✖' "$logdir/$name.log" | head -150
  count "$name" "$p" "$f" "${s:-0}"
}
rm -f "$logdir"/e2e.rc "$logdir"/e2e-pg.rc
rm -f "$logdir"/browser.rc
jobs_bg=()
if [ "${PLAM_TEST_SERIAL:-0}" = 1 ]; then node_run e2e tests/e2e
else
  node_run e2e tests/e2e & jobs_bg+=($!)
  node_run browser tests/browser & jobs_bg+=($!)
fi
[ -n "$pg_url" ] && PLAM_TEST_DB_URL="$pg_url" node_run e2e-pg tests/e2e
((${#jobs_bg[@]})) && wait "${jobs_bg[@]}"
[ "${PLAM_TEST_SERIAL:-0}" = 1 ] && node_run browser tests/browser
node_report e2e tests/e2e
if [ -n "$pg_url" ]; then node_report e2e-pg tests/e2e
else echo "== e2e-pg: no PostgreSQL cluster (see $logdir/pg.log)"; count e2e-pg 0 1; fi
node_report browser tests/browser

# --- fuzz (brief)
echo "== fuzz: libFuzzer targets, briefly"
if scripts/fuzz.sh short >"$logdir/fuzz.log" 2>&1; then
  n=$(grep -c '^fuzz-ok' "$logdir/fuzz.log"); count fuzz "$n" 0
else
  grep -E '^fuzz-(ok|fail)|ERROR|SUMMARY' "$logdir/fuzz.log" | head -30
  count fuzz "$(grep -c '^fuzz-ok' "$logdir/fuzz.log")" "$(grep -c '^fuzz-fail' "$logdir/fuzz.log" | sed 's/^0$/1/')"
fi

# --- OpenAPI lint
echo "== lint: OpenAPI"
if [ -f docs/api/openapi.yaml ]; then
  if npx --no-install redocly lint docs/api/openapi.yaml >"$logdir/openapi.log" 2>&1; then count lint 1 0
  else tail -30 "$logdir/openapi.log"; count lint 0 1; fi
else
  echo "docs/api/openapi.yaml missing"; count lint 0 1
fi

# --- source checks
echo "== checks: scripts/check-writes.sh"
if scripts/check-writes.sh; then count checks 1 0; else count checks 0 1; fi

# --- Debian package
echo "== deb: scripts/test-deb.sh"
rc=0
scripts/test-deb.sh "$build" >"$logdir/deb.log" 2>&1 || rc=$?
grep -E '^deb-(ok|fail)' "$logdir/deb.log"
p=$(grep -c '^deb-ok' "$logdir/deb.log"); f=$(grep -c '^deb-fail' "$logdir/deb.log")
((rc && !f)) && { tail -20 "$logdir/deb.log"; f=1; }
count deb "$p" "$f"

echo
((${#failures[@]})) && echo "Failed suites: ${failures[*]} (logs in $logdir/)"
echo "plam: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
