/* SQL for sessions (only the token's hash is stored) and login throttling. */
#include <string.h>
#include "store/store.h"

static const char *const SQL_INSERT = "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at, "
                                      "expires_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char *const SQL_TOUCH = "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?";
static const char *const SQL_DELETE = "DELETE FROM sessions WHERE token_hash = ?";
static const char *const SQL_DELETE_USER = "DELETE FROM sessions WHERE user_id = ?";
static const char *const SQL_PURGE = "DELETE FROM sessions WHERE expires_at <= ?";
static const char *const SQL_THROTTLE_GET =
  "SELECT failures, last_failure_at, next_attempt_at FROM login_throttle WHERE key = ?";
static const char *const SQL_THROTTLE_PUT =
  "INSERT INTO login_throttle(key, failures, last_failure_at, next_attempt_at) VALUES (?, ?, ?, ?) "
  "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
  "next_attempt_at = excluded.next_attempt_at";
static const char *const SQL_THROTTLE_CLEAR = "DELETE FROM login_throttle WHERE key = ?";

static plam_err session_exec_hash(struct db *db, const char *sql, const uint8_t hash[32]) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_bind_blob(st, 1, hash, 32);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_session_insert(struct db *db, const struct session_rec *s) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_INSERT, &st);
  if (e) return e;
  int row;
  e = db_bind_blob(st, 1, s->token_hash, 32);
  if (!e) e = db_bind_int64(st, 2, s->user_id);
  if (!e) e = db_bind_text(st, 3, s->csrf_token);
  if (!e) e = db_bind_int64(st, 4, s->created_at);
  if (!e) e = db_bind_int64(st, 5, s->last_seen_at);
  if (!e) e = db_bind_int64(st, 6, s->expires_at);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_session_touch(struct db *db, const uint8_t hash[32], int64_t now, int64_t expires_at) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_TOUCH, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, now);
  if (!e) e = db_bind_int64(st, 2, expires_at);
  if (!e) e = db_bind_blob(st, 3, hash, 32);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_session_delete(struct db *db, const uint8_t hash[32]) { return session_exec_hash(db, SQL_DELETE, hash); }

static plam_err session_exec_int(struct db *db, const char *sql, int64_t v) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, v);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_session_delete_user(struct db *db, int64_t user_id) {
  return session_exec_int(db, SQL_DELETE_USER, user_id);
}
plam_err store_session_purge(struct db *db, int64_t now) { return session_exec_int(db, SQL_PURGE, now); }

plam_err store_throttle_get(struct db *db, const char *key, int64_t *failures, int64_t *last_failure_at,
                            int64_t *next_attempt_at) {
  struct db_stmt *st;
  *failures = *last_failure_at = *next_attempt_at = 0;
  plam_err e = db_prepare(db, SQL_THROTTLE_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, key);
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *failures = db_column_int64(st, 0);
    *last_failure_at = db_column_int64(st, 1);
    *next_attempt_at = db_column_int64(st, 2);
  }
  db_done(st);
  return e;
}

plam_err store_throttle_put(struct db *db, const char *key, int64_t failures, int64_t last_failure_at,
                            int64_t next_attempt_at) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_THROTTLE_PUT, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, key);
  if (!e) e = db_bind_int64(st, 2, failures);
  if (!e) e = db_bind_int64(st, 3, last_failure_at);
  if (!e) e = db_bind_int64(st, 4, next_attempt_at);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_throttle_clear(struct db *db, const char *key) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_THROTTLE_CLEAR, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, key);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}
