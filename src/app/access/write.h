/* The write bracket. Every write to the database made by app/ goes through
 * app_write(): it takes the process write lock and opens the write
 * transaction (db_write_begin), runs the change, requires that the change
 * recorded at least one audit entry (who, action, entity, id, before and
 * after as JSON), appends those entries, and commits (db_write_end). Any
 * error, including a change that recorded no entry (PLAM_ERR_INTERNAL),
 * rolls the whole transaction back: a write cannot commit unaudited.
 *
 * The one exception is app_bookkeep_session_touch(): the sliding expiry of a
 * session is bookkeeping, not a user action (an entry per request would bury
 * the log). It is a named function, not an entry point that takes a change,
 * so it cannot carry domain data. Log in, log out and failed log-ins are
 * audited through app_write (their throttling counters ride along).
 *
 * Nothing outside this file (and src/db, and the migrate/backup commands)
 * calls db_write_begin or db_write_end: scripts/check-writes.sh keeps it so. */
#ifndef PLAM_APP_ACCESS_WRITE_H
#define PLAM_APP_ACCESS_WRITE_H
#include <jansson.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "base/field.h"

struct db;

struct app_audit_entry {
  const char *action, *entity; /* static strings */
  int64_t id;                  /* 0: none */
  json_t *before, *after;      /* owned; NULL: none */
};

/* What a change sees: the connection inside the open write transaction, who
 * acts, where to name a refused field, and the entries recorded so far. */
struct app_tx {
  struct db *db;
  const struct actor *a;
  struct field_error *fe;
  int n, cap;
  struct app_audit_entry *audit; /* grows as entries are recorded */
};

typedef plam_err (*app_change_fn)(struct app_tx *tx, void *arg);

/* Runs change(tx, arg) in one write transaction with its audit entries (see
 * the top of the file). fe may be NULL. Returns the change's error, or the
 * transaction's. */
plam_err app_write(struct db *db, const struct actor *a, app_change_fn change, void *arg, struct field_error *fe);

/* Records an audit entry of the running change; takes ownership of before
 * and after (either may be NULL). action and entity must be static strings.
 * The entries are appended by app_write after the change, in this order. */
plam_err app_audit(struct app_tx *tx, const char *action, const char *entity, int64_t id, json_t *before,
                   json_t *after);

/* Bookkeeping (not audited): slides a session's expiry. See the top. */
plam_err app_bookkeep_session_touch(struct db *db, const uint8_t token_hash[32], int64_t now, int64_t expires_at);

#endif
