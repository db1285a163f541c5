/* SQL of the outbox, server secrets, used links and pending accounts: see
 * store_mail.h. */
#include "store/store_mail.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

#define OUTBOX_COLS \
  "id, kind, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, " \
  "coalesce(sent_at, 0)"

static const char *const SQL_INSERT = "INSERT INTO outbox(kind, recipient, subject, body, next_attempt_at, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_DUE = "SELECT " OUTBOX_COLS " FROM outbox WHERE status = 'queued' AND kind = ? "
                                   "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
static const char *const SQL_CLAIM = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? "
                                     "WHERE id = ? AND status = 'queued' AND next_attempt_at <= ?";
static const char *const SQL_RESULT =
  "UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, sent_at = ? WHERE id = ?";
static const char *const SQL_GET = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?";
static const char *const SQL_RECENT =
  "SELECT id, kind, recipient, subject, '', status, attempts, next_attempt_at, "
  "last_error, created_at, coalesce(sent_at, 0) FROM outbox ORDER BY id DESC LIMIT ?";
static const char *const SQL_COUNTS = "SELECT status, count(*) FROM outbox GROUP BY status ORDER BY status";
static const char *const SQL_SECRET_GET = "SELECT secret FROM server_secrets WHERE name = ?";
static const char *const SQL_SECRET_PUT =
  "INSERT INTO server_secrets(name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_LINK_USE = "INSERT INTO link_uses(token_hash, purpose, subject_id, expires_at, used_at) "
                                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_LINK_PURGE = "DELETE FROM link_uses WHERE expires_at < ?";
static const char *const SQL_PENDING_PUT = "INSERT INTO account_pending(user_id, created_at) VALUES (?, ?)";
static const char *const SQL_PENDING_DEL = "DELETE FROM account_pending WHERE user_id = ?";
static const char *const SQL_PENDING_HAS = "SELECT 1 FROM account_pending WHERE user_id = ?";
static const char *const SQL_BY_EMAIL = "SELECT id FROM users WHERE lower(email) = lower(?) ORDER BY id LIMIT ?";

plam_err store_outbox_insert(struct db *db, const char *kind, const char *recipient, const char *subject,
                             const char *body, int64_t now, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_INSERT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, kind);
  if (!e) e = db_bind_text(st, 2, recipient);
  if (!e) e = db_bind_text(st, 3, subject ? subject : "");
  if (!e) e = db_bind_text(st, 4, body);
  if (!e) e = db_bind_int64(st, 5, now);
  if (!e) e = db_bind_int64(st, 6, now);
  return store_insert_id(st, e, id);
}

static plam_err outbox_read(struct db_stmt *st, struct outbox_rec *o) {
  memset(o, 0, sizeof *o);
  o->id = db_column_int64(st, 0);
  store_copy(o->kind, sizeof o->kind, db_column_text(st, 1));
  store_copy(o->recipient, sizeof o->recipient, db_column_text(st, 2));
  store_copy(o->subject, sizeof o->subject, db_column_text(st, 3));
  const char *body = db_column_text(st, 4);
  o->body = strdup(body ? body : "");
  store_copy(o->status, sizeof o->status, db_column_text(st, 5));
  o->attempts = db_column_int64(st, 6);
  o->next_attempt_at = db_column_int64(st, 7);
  store_copy(o->last_error, sizeof o->last_error, db_column_text(st, 8));
  o->created_at = db_column_int64(st, 9);
  o->sent_at = db_column_int64(st, 10);
  return o->body ? PLAM_OK : PLAM_ERR_NOMEM;
}

void store_outbox_free(struct outbox_rec *rows, int n) {
  for (int i = 0; rows && i < n; i++) {
    free(rows[i].body);
    rows[i].body = NULL;
  }
}

plam_err store_outbox_due(struct db *db, const char *kind, int64_t now, int max, struct outbox_rec *out, int *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_DUE, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, kind);
  if (!e) e = db_bind_int64(st, 2, now);
  if (!e) e = db_bind_int64(st, 3, max);
  while (!e && *n < max && !(e = db_step(st, &row)) && row) {
    e = outbox_read(st, &out[*n]);
    (*n)++;
  }
  db_done(st);
  if (e) {
    store_outbox_free(out, *n);
    *n = 0;
  }
  return e;
}

static plam_err outbox_exec(struct db *db, struct db_stmt *st, plam_err e, int *changed) {
  int row;
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && changed) *changed = db_changes(db);
  return e;
}

plam_err store_outbox_claim(struct db *db, int64_t id, int64_t now, int64_t lease_until, int *claimed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CLAIM, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, lease_until);
  if (!e) e = db_bind_int64(st, 2, id);
  if (!e) e = db_bind_int64(st, 3, now);
  return outbox_exec(db, st, e, claimed);
}

plam_err store_outbox_result(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                             const char *last_error, int64_t sent_at) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RESULT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, status);
  if (!e) e = db_bind_int64(st, 2, next_attempt_at);
  if (!e) e = db_bind_text(st, 3, last_error ? last_error : "");
  if (!e) e = sent_at ? db_bind_int64(st, 4, sent_at) : db_bind_null(st, 4);
  if (!e) e = db_bind_int64(st, 5, id);
  int changed = 0;
  e = outbox_exec(db, st, e, &changed);
  return !e && !changed ? PLAM_ERR_NOT_FOUND : e;
}

plam_err store_outbox_get(struct db *db, int64_t id, struct outbox_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) e = outbox_read(st, out);
  db_done(st);
  return e;
}

plam_err store_outbox_recent(struct db *db, int max, struct outbox_rec *out, int *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RECENT, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, max);
  while (!e && *n < max && !(e = db_step(st, &row)) && row) {
    e = outbox_read(st, &out[*n]);
    free(out[*n].body);
    out[(*n)++].body = NULL;
  }
  db_done(st);
  return e;
}

plam_err store_outbox_counts(struct db *db, int64_t counts[3]) {
  static const char *const names[3] = {"queued", "sent", "failed"};
  counts[0] = counts[1] = counts[2] = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_COUNTS, &st);
  if (e) return e;
  int row = 0;
  while (!(e = db_step(st, &row)) && row) {
    const char *s = db_column_text(st, 0);
    for (int i = 0; s && i < 3; i++)
      if (!strcmp(s, names[i])) counts[i] = db_column_int64(st, 1);
  }
  db_done(st);
  return e;
}

plam_err store_secret_get(struct db *db, const char *name, uint8_t out[32]) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SECRET_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, name);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    size_t n = 0;
    const void *p = db_column_blob(st, 0, &n);
    if (p && n == 32) memcpy(out, p, 32);
    else e = PLAM_ERR_DB;
  }
  db_done(st);
  return e;
}

plam_err store_secret_insert(struct db *db, const char *name, const uint8_t secret[32], int64_t now) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SECRET_PUT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, name);
  if (!e) e = db_bind_blob(st, 2, secret, 32);
  if (!e) e = db_bind_int64(st, 3, now);
  return outbox_exec(db, st, e, NULL);
}

plam_err store_link_use(struct db *db, const uint8_t hash[32], const char *purpose, int64_t subject_id,
                        int64_t expires_at, int64_t now) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LINK_USE, &st);
  if (e) return e;
  e = db_bind_blob(st, 1, hash, 32);
  if (!e) e = db_bind_text(st, 2, purpose);
  if (!e) e = db_bind_int64(st, 3, subject_id);
  if (!e) e = db_bind_int64(st, 4, expires_at);
  if (!e) e = db_bind_int64(st, 5, now);
  int changed = 0;
  e = outbox_exec(db, st, e, &changed);
  return !e && !changed ? PLAM_ERR_CONFLICT : e;
}

plam_err store_link_purge(struct db *db, int64_t now) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LINK_PURGE, &st);
  if (e) return e;
  return outbox_exec(db, st, db_bind_int64(st, 1, now), NULL);
}

plam_err store_pending_insert(struct db *db, int64_t user_id, int64_t now) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PENDING_PUT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, user_id);
  if (!e) e = db_bind_int64(st, 2, now);
  return outbox_exec(db, st, e, NULL);
}

plam_err store_pending_delete(struct db *db, int64_t user_id, int *found) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PENDING_DEL, &st);
  if (e) return e;
  return outbox_exec(db, st, db_bind_int64(st, 1, user_id), found);
}

plam_err store_pending_has(struct db *db, int64_t user_id, int *found) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PENDING_HAS, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, user_id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  *found = !e && row;
  return e;
}

plam_err store_user_ids_by_email(struct db *db, const char *email, int64_t *ids, int max, int *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BY_EMAIL, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, email);
  if (!e) e = db_bind_int64(st, 2, max);
  while (!e && *n < max && !(e = db_step(st, &row)) && row) ids[(*n)++] = db_column_int64(st, 0);
  db_done(st);
  return e;
}
