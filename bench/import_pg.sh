#!/usr/bin/env bash
# Measurement import benchmark on PostgreSQL (issue 10, "Benchmarks"):
# `plam import measurements` of a long-format CSV of ROWS rows into a demo
# database on PostgreSQL 15 (parsing, full validation, all or nothing, rows
# written with COPY through db_bulk_insert), side by side with `psql \copy`
# without validation of
#   - table: the same rows into the same table, measurements (its columns:
#     indicator ids resolved from the codes, values as numbers, a batch and
#     no author, as plam writes them; converted before the clock
#     starts), so with the same foreign keys, checks, identity and indexes;
#     the target (issue 10) is plam <= 1.5 x this;
#   - bare: the CSV as it is into a table of its five text columns (no
#     constraint, no index): the floor of moving those bytes into the server.
# Same CSV as bench/import.sh. Rounds alternate the tools; each round
# starts from a fresh database (CREATE DATABASE … TEMPLATE the demo one, or
# an empty one for the bare table). Prints the medians and the ratios. The
# throwaway cluster (scripts/pg.sh, fsync off for every tool alike) is
# stopped on exit.
#
#   bench/import_pg.sh [BUILD_DIR] [ROWS] [ROUNDS]
#   PLAM_BIN overrides the binary; BENCH_IMPORT_ROWS / BENCH_IMPORT_ROUNDS the sizes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build/release
if [ $# -gt 0 ] && [ -d "$1" ]; then BUILD=$1; shift; fi
ROWS=${1:-${BENCH_IMPORT_ROWS:-1000000}}
ROUNDS=${2:-${BENCH_IMPORT_ROUNDS:-3}}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
BIN=${PLAM_BIN:-$BUILD/plam}
[ -x "$BIN" ] || { echo "bench/import_pg.sh: no binary at $BIN (set PLAM_BIN)" >&2; exit 2; }
command -v psql >/dev/null || { echo "bench/import_pg.sh: psql is required (scripts/pg.sh installs it)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/plam-bench-import-pg.XXXXXX")
chmod 755 "$DIR" # the cluster's user reads nothing here, psql (client side) reads the CSV
export PLAM_PG_STATE=$DIR/pg-cluster
trap '"$ROOT/scripts/pg.sh" stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
URL=$("$ROOT/scripts/pg.sh" start 2>"$DIR/pg.log") || { cat "$DIR/pg.log" >&2; exit 1; }
SERVER=${URL%/postgres}
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$URL" -c "$1"; }

q "CREATE DATABASE plam_tpl"
"$BIN" init --db "$SERVER/plam_tpl" --demo >/dev/null
psql -X -q -A -t -F ' ' -d "$SERVER/plam_tpl" -c \
  "SELECT i.code, i.breakdown, i.scope_id FROM indicators i JOIN plan_actions a ON a.id = i.action_id
   JOIN plans p ON p.id = a.plan_id WHERE p.slug = 'pdl-plam-2022' ORDER BY i.code" > "$DIR/inds.txt"

# a batch for the psql rows, no author (as `plam import` without --as), the indicators' ids
BATCH=$(psql -X -q -A -t -d "$SERVER/plam_tpl" -c "INSERT INTO measurement_batches(name) VALUES ('bench-psql') RETURNING id")
AUTHOR='\N'
psql -X -q -A -t -F ' ' -d "$SERVER/plam_tpl" -c "SELECT code, id FROM indicators" > "$DIR/ids.txt"

python3 - "$ROWS" "$DIR/inds.txt" "$DIR/data.csv" <<'PY'
import sys, datetime
rows, inds_path, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
inds = [l.split() for l in open(inds_path) if l.strip()]
deps = ['DEP-44', 'DEP-49', 'DEP-53', 'DEP-72', 'DEP-85']
keys = [(c, t) for c, b, s in inds for t in (deps if b == 'departement' else [s])]
day0 = datetime.date(1900, 1, 1)
with open(out, 'w') as f:
    f.write('indicateur;territoire;date;type;valeur\n')
    n = 0; d = 0
    while n < rows:
        date = (day0 + datetime.timedelta(days=d)).isoformat()
        for c, t in keys:
            if n == rows: break
            v = f'{(n % 9973) / 10:.1f}'.replace('.', ',')
            f.write(f'{c};{t};{date};valeur;{v}\n')
            n += 1
        d += 1
PY
# the same rows as measurements' columns, for psql \copy into measurements (not timed)
python3 - "$DIR/data.csv" "$DIR/ids.txt" "$DIR/data.tsv" "$AUTHOR" "$BATCH" <<'PY'
import sys
src, ids_path, out, author, batch = sys.argv[1:6]
ids = dict(l.split() for l in open(ids_path) if l.strip())
with open(src) as f, open(out, 'w') as o:
    next(f)
    for line in f:
        code, terr, date, _kind, value = line.rstrip('\n').split(';')
        o.write(f"{ids[code]}\t{terr}\t{date}\t{value.replace(',', '.')}\t{author}\t{batch}\n")
PY
echo "CSV: $ROWS rows, $(stat -c %s "$DIR/data.csv") bytes; PostgreSQL $(q 'SHOW server_version'), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

now() { date +%s.%N; }
round_db() { q "DROP DATABASE IF EXISTS plam_round"; q "CREATE DATABASE plam_round${1:+ TEMPLATE $1}"; }
plam_round() {
  round_db plam_tpl
  local t0 t1 n; t0=$(now)
  "$BIN" import measurements --db "$SERVER/plam_round" --plan pdl-plam-2022 "$DIR/data.csv" >/dev/null 2>"$DIR/err.txt" ||
    { head -5 "$DIR/err.txt" >&2; exit 1; }
  t1=$(now)
  n=$(psql -X -A -t -d "$SERVER/plam_round" -c "SELECT count(*) FROM measurements WHERE batch_id IS NOT NULL")
  [ "$n" -ge "$ROWS" ] || { echo "plam import wrote $n rows, expected $ROWS" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}
table_round() {
  round_db plam_tpl
  local t0 t1; t0=$(now)
  psql -X -q -v ON_ERROR_STOP=1 -d "$SERVER/plam_round" \
    -c "\\copy measurements(indicator_id, territory_id, value_on, value, author_id, batch_id) FROM '$DIR/data.tsv'" >/dev/null
  t1=$(now)
  [ "$(psql -X -A -t -d "$SERVER/plam_round" -c "SELECT count(*) FROM measurements WHERE batch_id = $BATCH")" = "$ROWS" ] ||
    { echo "psql \\copy measurements: row count" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}
psql_round() {
  round_db
  psql -X -q -d "$SERVER/plam_round" -c "CREATE TABLE t (indicateur text, territoire text, date text, type text, valeur text)"
  local t0 t1; t0=$(now)
  psql -X -q -v ON_ERROR_STOP=1 -d "$SERVER/plam_round" \
    -c "\\copy t FROM '$DIR/data.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)" >/dev/null
  t1=$(now)
  [ "$(psql -X -A -t -d "$SERVER/plam_round" -c 'SELECT count(*) FROM t')" = "$ROWS" ] || { echo "psql \\copy row count" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$DIR/plam.t"; : > "$DIR/table.t"; : > "$DIR/psql.t"
for ((i = 1; i <= ROUNDS; i++)); do
  if ((i % 2)); then plam_round >> "$DIR/plam.t"; table_round >> "$DIR/table.t"; psql_round >> "$DIR/psql.t"
  else psql_round >> "$DIR/psql.t"; table_round >> "$DIR/table.t"; plam_round >> "$DIR/plam.t"; fi
  echo "round $i: plam import $(tail -1 "$DIR/plam.t") s, psql \\copy measurements $(tail -1 "$DIR/table.t") s," \
    "psql \\copy bare $(tail -1 "$DIR/psql.t") s, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
P=$(median < "$DIR/plam.t"); T=$(median < "$DIR/table.t"); C=$(median < "$DIR/psql.t")
printf 'rows=%s rounds=%s\nplam import on PostgreSQL (median)           %.3f s\npsql \\copy into measurements (median)      %.3f s\npsql \\copy into a bare text table (median) %.3f s\nratio plam / psql \\copy measurements       %.2f (target <= 1.5)\nratio plam / psql \\copy bare               %.2f\n' \
  "$ROWS" "$ROUNDS" "$P" "$T" "$C" "$(echo "$P / $T" | bc -l)" "$(echo "$P / $C" | bc -l)"
