/* SQL for the users aggregate. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

#define USER_COLS \
  "u.id, u.login, u.display_name, coalesce(u.email, ''), u.role, coalesce(u.org_id, 0), " \
  "coalesce(o.name, ''), u.disabled, u.created_at, u.updated_at"
#define USER_FROM " FROM users u LEFT JOIN organisations o ON o.id = u.org_id "

static const char *const SQL_GET = "SELECT " USER_COLS USER_FROM "WHERE u.id = ?";
/* Logins are unique with ASCII case ignored. Per engine (enum db_engine_kind),
 * so that each uses its unique index: SQLite's login column is COLLATE
 * NOCASE, PostgreSQL's index is on lower(login) (migration 0001). */
static const char *const SQL_GET_LOGIN[] = {
  "SELECT " USER_COLS ", u.password_hash" USER_FROM "WHERE u.login = ?",
  "SELECT " USER_COLS ", u.password_hash" USER_FROM "WHERE lower(u.login) = lower(?)",
};
static const char *const SQL_LIST = "SELECT " USER_COLS USER_FROM "WHERE (?1 IS NULL OR " STORE_LIKE_ANY(
  "u.login", "?1") " OR " STORE_LIKE_ANY("u.display_name", "?1") ") "
                                                                 "ORDER BY lower(u.login), u.login LIMIT ?2 OFFSET ?3";
static const char *const SQL_COUNT = "SELECT count(*) FROM users u WHERE (?1 IS NULL OR " STORE_LIKE_ANY(
  "u.login", "?1") " OR " STORE_LIKE_ANY("u.display_name", "?1") ")";
static const char *const SQL_INSERT = "INSERT INTO users(login, display_name, email, role, org_id, password_hash, "
                                      "disabled) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_UPDATE =
  "UPDATE users SET display_name = ?, email = ?, role = ?, org_id = ?, disabled = ?, "
  "updated_at = plam_now() WHERE id = ?";
static const char *const SQL_SESSION_USER =
  "SELECT " USER_COLS ", s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at FROM sessions s "
  "JOIN users u ON u.id = s.user_id LEFT JOIN organisations o ON o.id = u.org_id WHERE s.token_hash = ?";
static const char *const SQL_PASSWORD = "UPDATE users SET password_hash = ?, updated_at = plam_now() WHERE id = ?";

static void user_read(struct db_stmt *st, struct user_rec *u) {
  u->id = db_column_int64(st, 0);
  store_copy(u->login, sizeof u->login, db_column_text(st, 1));
  store_copy(u->display_name, sizeof u->display_name, db_column_text(st, 2));
  store_copy(u->email, sizeof u->email, db_column_text(st, 3));
  store_copy(u->role, sizeof u->role, db_column_text(st, 4));
  u->org_id = db_column_int64(st, 5);
  store_copy(u->org_name, sizeof u->org_name, db_column_text(st, 6));
  u->disabled = (int)db_column_int64(st, 7);
  store_copy(u->created_at, sizeof u->created_at, db_column_text(st, 8));
  store_copy(u->updated_at, sizeof u->updated_at, db_column_text(st, 9));
}

static void user_read_any(struct db_stmt *st, void *out) { user_read(st, out); }

plam_err store_user_get(struct db *db, int64_t id, struct user_rec *out) {
  return store_get_by_id(db, SQL_GET, id, user_read_any, out);
}

plam_err store_session_user_get(struct db *db, const uint8_t hash[32], struct session_rec *s, struct user_rec *u) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SESSION_USER, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_blob(st, 1, hash, 32);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    user_read(st, u);
    memcpy(s->token_hash, hash, 32);
    s->user_id = db_column_int64(st, 10);
    store_copy(s->csrf_token, sizeof s->csrf_token, db_column_text(st, 11));
    s->created_at = db_column_int64(st, 12);
    s->last_seen_at = db_column_int64(st, 13);
    s->expires_at = db_column_int64(st, 14);
  }
  db_done(st);
  return e;
}

plam_err store_user_get_by_login(struct db *db, const char *login, struct user_rec *out, char *hash, size_t hashlen) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_GET_LOGIN[db_engine_of(db)], &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, login);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    user_read(st, out);
    if (hash) store_copy(hash, hashlen, db_column_text(st, 10));
  }
  db_done(st);
  return e;
}

plam_err store_user_list(struct db *db, const char *q, struct list_page *page, struct user_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  int row = 0;
  plam_err e = db_prepare(db, SQL_COUNT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, q && *q ? q : NULL);
  if (!e) e = db_step(st, &row);
  page->total = row ? db_column_int64(st, 0) : 0;
  db_done(st);
  if (e) return e;
  struct user_rec *rows = calloc((size_t)page->limit + 1, sizeof *rows);
  if (!rows) return PLAM_ERR_NOMEM;
  e = db_prepare(db, SQL_LIST, &st);
  if (!e) e = db_bind_text(st, 1, q && *q ? q : NULL);
  if (!e) e = db_bind_int64(st, 2, page->limit);
  if (!e) e = db_bind_int64(st, 3, page->offset);
  while (!e && !(e = db_step(st, &row)) && row && *n < page->limit) user_read(st, &rows[(*n)++]);
  if (st) db_done(st);
  if (e) {
    free(rows);
    *n = 0;
    return e;
  }
  *out = rows;
  return PLAM_OK;
}

static plam_err user_bind_org(struct db_stmt *st, int idx, int64_t org_id) {
  return org_id ? db_bind_int64(st, idx, org_id) : db_bind_null(st, idx);
}

plam_err store_user_insert(struct db *db, const struct user_rec *u, const char *hash, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_INSERT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, u->login);
  if (!e) e = db_bind_text(st, 2, u->display_name);
  if (!e) e = db_bind_text(st, 3, u->email[0] ? u->email : NULL);
  if (!e) e = db_bind_text(st, 4, u->role);
  if (!e) e = user_bind_org(st, 5, u->org_id);
  if (!e) e = db_bind_text(st, 6, hash);
  if (!e) e = db_bind_int64(st, 7, u->disabled);
  return store_insert_id(st, e, id);
}

plam_err store_user_update(struct db *db, const struct user_rec *u) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPDATE, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, u->display_name);
  if (!e) e = db_bind_text(st, 2, u->email[0] ? u->email : NULL);
  if (!e) e = db_bind_text(st, 3, u->role);
  if (!e) e = user_bind_org(st, 4, u->org_id);
  if (!e) e = db_bind_int64(st, 5, u->disabled);
  if (!e) e = db_bind_int64(st, 6, u->id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_user_set_password(struct db *db, int64_t id, const char *hash) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PASSWORD, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, hash);
  if (!e) e = db_bind_int64(st, 2, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}
