#!/usr/bin/env bash
# The write bracket's rule (docs/ARCHITECTURE.md, "Storage"): every write
# goes through app_write (src/app/access/write.c), which opens the write
# transaction, runs the change, appends its audit entries and commits. So:
#   1. nothing in src/ outside src/db/ and src/app/access/write.c calls
#      db_write_begin or db_write_end (src/cmd has none: migrate and backup
#      run inside src/db);
#   2. nothing outside src/db/ opens or ends a transaction by hand
#      (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE in SQL text);
#   3. audit entries are written by the bracket only: audit_write is called
#      from src/app/access/write.c alone.
# Prints each offending line and exits 1 when there is one.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
report() { # rule, lines
  [ -z "$2" ] && return
  echo "check-writes: $1" >&2
  echo "$2" >&2
  bad=1
}
report "db_write_begin/db_write_end outside src/db and the store's wrapper (src/store/store_tx.c):" \
  "$(grep -rnE '\bdb_write_(begin|end)\s*\(' src --include='*.c' \
      | grep -vE '^src/db/|^src/store/store_tx\.c:')"
report "store_write_begin/store_write_end outside the write bracket (use app_write, src/app/access/write.h):" \
  "$(grep -rnE '\bstore_write_(begin|end)\s*\(' src --include='*.c' \
      | grep -vE '^src/store/store_tx\.c:|^src/app/access/write\.c:')"
report "transaction opened or ended by hand outside src/db:" \
  "$(grep -rnE '"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b' src --include='*.c' | grep -v '^src/db/')"
report "audit entry written outside the write bracket (use app_audit inside a change):" \
  "$(grep -rnE '\baudit_write\s*\(' src --include='*.c' \
      | grep -vE '^src/app/access/write\.c:|^src/app/access/audit\.c:[0-9]+:plam_err audit_write')"
((bad)) && exit 1
echo "check-writes: ok (every write goes through app_write)"
