/* SQL for the append-only audit log (UPDATE and DELETE are refused by
 * triggers in the schema). */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

static const char *const SQL_APPEND =
  "INSERT INTO audit_log(user_id, user_login, action, entity, entity_id, before, after, request_id) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
#define AUDIT_FILTER "WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR user_id = ?2) "
static const char *const SQL_LIST =
  "SELECT id, at, coalesce(user_id, 0), coalesce(user_login, ''), action, entity, coalesce(entity_id, ''), "
  "before, after, coalesce(request_id, '') FROM audit_log " AUDIT_FILTER "ORDER BY id DESC LIMIT ?3 OFFSET ?4";
static const char *const SQL_COUNT = "SELECT count(*) FROM audit_log " AUDIT_FILTER;

plam_err store_audit_append(struct db *db, const struct audit_rec *a) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_APPEND, &st);
  if (e) return e;
  int row;
  e = a->user_id ? db_bind_int64(st, 1, a->user_id) : db_bind_null(st, 1);
  if (!e) e = db_bind_text(st, 2, a->user_login[0] ? a->user_login : NULL);
  if (!e) e = db_bind_text(st, 3, a->action);
  if (!e) e = db_bind_text(st, 4, a->entity);
  if (!e) e = db_bind_text(st, 5, a->entity_id[0] ? a->entity_id : NULL);
  if (!e) e = db_bind_text(st, 6, a->before);
  if (!e) e = db_bind_text(st, 7, a->after);
  if (!e) e = db_bind_text(st, 8, a->request_id[0] ? a->request_id : NULL);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

static plam_err audit_bind_filter(struct db_stmt *st, const char *entity, int64_t user_id) {
  plam_err e = db_bind_text(st, 1, entity && *entity ? entity : NULL);
  if (!e) e = db_bind_int64(st, 2, user_id); /* 0: any user */
  return e;
}

static char *audit_dup_text(struct db_stmt *st, int col) {
  return db_column_is_null(st, col) ? NULL : strdup(db_column_text(st, col));
}

plam_err store_audit_list(struct db *db, const char *entity, int64_t user_id, struct list_page *page,
                          struct audit_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  int row = 0;
  plam_err e = db_prepare(db, SQL_COUNT, &st);
  if (e) return e;
  e = audit_bind_filter(st, entity, user_id);
  if (!e) e = db_step(st, &row);
  page->total = row ? db_column_int64(st, 0) : 0;
  db_done(st);
  if (e) return e;
  struct audit_rec *rows = calloc((size_t)page->limit + 1, sizeof *rows);
  if (!rows) return PLAM_ERR_NOMEM;
  e = db_prepare(db, SQL_LIST, &st);
  if (!e) e = audit_bind_filter(st, entity, user_id);
  if (!e) e = db_bind_int64(st, 3, page->limit);
  if (!e) e = db_bind_int64(st, 4, page->offset);
  while (!e && !(e = db_step(st, &row)) && row && *n < page->limit) {
    struct audit_rec *a = &rows[(*n)++];
    a->id = db_column_int64(st, 0);
    store_copy(a->at, sizeof a->at, db_column_text(st, 1));
    a->user_id = db_column_int64(st, 2);
    store_copy(a->user_login, sizeof a->user_login, db_column_text(st, 3));
    store_copy(a->action, sizeof a->action, db_column_text(st, 4));
    store_copy(a->entity, sizeof a->entity, db_column_text(st, 5));
    store_copy(a->entity_id, sizeof a->entity_id, db_column_text(st, 6));
    a->before = audit_dup_text(st, 7);
    a->after = audit_dup_text(st, 8);
    store_copy(a->request_id, sizeof a->request_id, db_column_text(st, 9));
  }
  db_done(st);
  if (e) {
    store_audit_free(rows, *n);
    *n = 0;
    return e;
  }
  *out = rows;
  return PLAM_OK;
}

void store_audit_free(struct audit_rec *rows, int n) {
  if (!rows) return;
  for (int i = 0; i < n; i++) {
    free(rows[i].before);
    free(rows[i].after);
  }
  free(rows);
}
