#!/usr/bin/env bash
# Measurement import benchmark (issue 3): `plam import measurements` of a
# long-format CSV of ROWS rows into a demo database, side by side with
# `sqlite3 .import` of the same CSV into a bare table (file database, and
# :memory:). Rounds alternate the tools; each round starts from a fresh copy
# of the database. Prints the medians and the ratio plam / sqlite3 (file).
# Target (issue 3): ratio <= 1.5.
#
#   bench/import.sh [BUILD_DIR] [ROWS] [ROUNDS]   (make bench: scripts/bench.sh passes build/release)
#   PLAM_BIN overrides the binary; BENCH_IMPORT_ROWS / BENCH_IMPORT_ROUNDS the sizes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build/release
if [ $# -gt 0 ] && [ -d "$1" ]; then BUILD=$1; shift; fi
ROWS=${1:-${BENCH_IMPORT_ROWS:-1000000}}
ROUNDS=${2:-${BENCH_IMPORT_ROUNDS:-3}}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
BIN=${PLAM_BIN:-$BUILD/plam}
[ -x "$BIN" ] || { echo "bench/import.sh: no binary at $BIN (set PLAM_BIN)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench/import.sh: sqlite3 is required" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/plam-bench-import.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

"$BIN" init --db "$DIR/base.db" --demo >/dev/null
# Indicators of the Pays de la Loire plan with where they are measured.
sqlite3 -separator ' ' "$DIR/base.db" \
  "SELECT i.code, i.breakdown, i.scope_id, i.kind FROM indicators i JOIN plan_actions a ON a.id = i.action_id
   JOIN plans p ON p.id = a.plan_id WHERE p.slug = 'pdl-plam-2022' ORDER BY i.code" > "$DIR/inds.txt"

python3 - "$ROWS" "$DIR/inds.txt" "$DIR/data.csv" <<'PY'
import sys, datetime
rows, inds_path, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
inds = [l.split() for l in open(inds_path) if l.strip()]
deps = ['DEP-44', 'DEP-49', 'DEP-53', 'DEP-72', 'DEP-85']
keys = [(c, t, k) for c, b, s, k in inds for t in (deps if b == 'departement' else [s])]
day0 = datetime.date(1900, 1, 1)
with open(out, 'w') as f:
    f.write('indicateur;territoire;date;type;valeur\n')
    n = 0; d = 0
    while n < rows:
        date = (day0 + datetime.timedelta(days=d)).isoformat()
        for c, t, k in keys:
            if n == rows: break
            # within the indicator's bounds (meas_bounds.h): counts are integers, a percentage at most 100
            v = f'{(n % 1000) / 10:.1f}'.replace('.', ',') if k in ('percent', 'ratio', 'amount') else str(n % 9973)
            f.write(f'{c};{t};{date};valeur;{v}\n')
            n += 1
        d += 1
PY
SIZE=$(stat -c %s "$DIR/data.csv")
echo "CSV: $ROWS rows, $SIZE bytes ($DIR/data.csv)" >&2

now() { date +%s.%N; }
plam_round() {
  cp "$DIR/base.db" "$DIR/r.db"; rm -f "$DIR/r.db-wal" "$DIR/r.db-shm"
  local t0 t1; t0=$(now)
  "$BIN" import measurements --db "$DIR/r.db" --plan pdl-plam-2022 "$DIR/data.csv" >/dev/null 2>"$DIR/err.txt" ||
    { head -5 "$DIR/err.txt" >&2; exit 1; }
  t1=$(now); echo "$t1 - $t0" | bc -l
}
sqlite_round() { # $1 = file | memory
  rm -f "$DIR/bare.db"
  local db="$DIR/bare.db"; [ "$1" = memory ] && db=":memory:"
  local t0 t1; t0=$(now)
  sqlite3 "$db" -cmd ".mode csv" -cmd ".separator ;" -cmd ".import $DIR/data.csv t" "SELECT count(*) FROM t" >/dev/null
  t1=$(now); echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$DIR/plam.t"; : > "$DIR/sqlf.t"; : > "$DIR/sqlm.t"
for ((i = 1; i <= ROUNDS; i++)); do
  if ((i % 2)); then
    plam_round >> "$DIR/plam.t"; sqlite_round file >> "$DIR/sqlf.t"; sqlite_round memory >> "$DIR/sqlm.t"
  else
    sqlite_round memory >> "$DIR/sqlm.t"; sqlite_round file >> "$DIR/sqlf.t"; plam_round >> "$DIR/plam.t"
  fi
  echo "round $i: plam $(tail -1 "$DIR/plam.t") s, sqlite3 file $(tail -1 "$DIR/sqlf.t") s, sqlite3 :memory: $(tail -1 "$DIR/sqlm.t") s" >&2
done
P=$(median < "$DIR/plam.t"); F=$(median < "$DIR/sqlf.t"); M=$(median < "$DIR/sqlm.t")
printf 'rows=%s rounds=%s\nplam import (median)        %.3f s\nsqlite3 .import file        %.3f s\nsqlite3 .import :memory:    %.3f s\nratio plam / sqlite3 file   %.2f (target <= 1.5)\nratio plam / sqlite3 memory %.2f\n' \
  "$ROWS" "$ROUNDS" "$P" "$F" "$M" "$(echo "$P / $F" | bc -l)" "$(echo "$P / $M" | bc -l)"
