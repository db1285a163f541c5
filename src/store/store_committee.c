/* SQL of the territorial committee workbooks: see store_committee.h. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_committee.h"
#include "store/store_plan_int.h"

#define BODY_SEL \
  "SELECT b.id, b.plan_id, b.kind, b.name, coalesce(b.territory_id, ''), coalesce(t.name, ''), p.title, p.status " \
  "FROM gov_bodies b JOIN plans p ON p.id = b.plan_id LEFT JOIN territories t ON t.id = b.territory_id "
static const char *const SQL_BODY_GET = BODY_SEL "WHERE b.id = ?1";
static const char *const SQL_BODIES = BODY_SEL
  "WHERE b.kind = 'territorial' AND b.territory_id IS NOT NULL ORDER BY p.title, b.plan_id, b.name, b.id";
static const char *const SQL_ROWS =
  "SELECT a.id, a.number, a.title, i.id, i.code, i.name, i.unit, i.scope_id, i.breakdown FROM indicators i "
  "JOIN plan_actions a ON a.id = i.action_id WHERE a.plan_id = ?1 AND (i.scope_id = ?2 OR i.breakdown = 'departement') "
  "ORDER BY a.position, a.id, i.position, i.id";
static const char *const SQL_TARGETS =
  "SELECT t.kind, t.territory_id, coalesce(t.due_on, ''), t.value FROM indicator_targets t "
  "WHERE t.indicator_id = ?1 AND t.territory_id IN (?2, ?3) "
  "AND NOT EXISTS (SELECT 1 FROM indicator_targets r WHERE r.replaces_id = t.id) ORDER BY t.id";
static const char *const SQL_LAST =
  "SELECT value_on, value, measurement_id FROM validated_values WHERE indicator_id = ?1 AND territory_id = ?2 "
  "ORDER BY value_on DESC, measurement_id DESC LIMIT 1";
static const char *const SQL_UPLOAD_INSERT =
  "INSERT INTO committee_uploads(body_id, plan_id, territory_id, uploaded_by, file_name, file_sha256, file_size, "
  "rows_read, changes, errors, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_UPLOAD_GET =
  "SELECT u.id, u.body_id, u.plan_id, u.territory_id, u.uploaded_by, coalesce(a.login, ''), u.uploaded_at, "
  "coalesce(u.file_name, ''), u.file_sha256, u.file_size, u.rows_read, u.changes, u.errors, u.status, "
  "coalesce(u.decided_by, 0), coalesce(d.login, ''), coalesce(u.decided_at, ''), coalesce(u.batch, ''), u.diff "
  "FROM committee_uploads u LEFT JOIN users a ON a.id = u.uploaded_by LEFT JOIN users d ON d.id = u.decided_by "
  "WHERE u.id = ?1";
static const char *const SQL_UPLOADS_OF_BODY =
  "SELECT u.id, u.body_id, u.plan_id, u.territory_id, u.uploaded_by, coalesce(a.login, ''), u.uploaded_at, "
  "coalesce(u.file_name, ''), u.file_sha256, u.file_size, u.rows_read, u.changes, u.errors, u.status, "
  "coalesce(u.decided_by, 0), coalesce(d.login, ''), coalesce(u.decided_at, ''), coalesce(u.batch, ''), NULL "
  "FROM committee_uploads u LEFT JOIN users a ON a.id = u.uploaded_by LEFT JOIN users d ON d.id = u.decided_by "
  "WHERE u.body_id = ?1 ORDER BY u.id DESC LIMIT ?2";
static const char *const SQL_UPLOAD_DECIDE =
  "UPDATE committee_uploads SET status = ?2, decided_by = ?3, decided_at = plam_now(), "
  "batch = ?4 WHERE id = ?1 AND status = 'pending'";

static void read_body(struct db_stmt *st, void *out) {
  struct committee_body_rec *b = out;
  memset(b, 0, sizeof *b);
  b->id = db_column_int64(st, 0);
  b->plan_id = db_column_int64(st, 1);
  store_copy(b->kind, sizeof b->kind, db_column_text(st, 2));
  store_copy(b->name, sizeof b->name, db_column_text(st, 3));
  store_copy(b->territory_id, sizeof b->territory_id, db_column_text(st, 4));
  store_copy(b->territory_name, sizeof b->territory_name, db_column_text(st, 5));
  store_copy(b->plan_title, sizeof b->plan_title, db_column_text(st, 6));
  store_copy(b->plan_status, sizeof b->plan_status, db_column_text(st, 7));
}

plam_err store_committee_body_get(struct db *db, int64_t id, struct committee_body_rec *out) {
  return store_get_by_id(db, SQL_BODY_GET, id, read_body, out);
}

plam_err store_committee_bodies(struct db *db, struct committee_body_rec **out, size_t *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BODIES, &st);
  if (e) return e;
  int m = 0;
  e = store_rows_collect_by(st, PLAM_OK, read_body, sizeof **out, 0, (void **)out, &m);
  *n = (size_t)m;
  return e;
}

/* One row of SQL_ROWS; the territory asked for is set by the caller. */
static void read_row(struct db_stmt *st, void *out) {
  struct committee_row *r = out;
  r->action_id = db_column_int64(st, 0);
  store_copy(r->action_number, sizeof r->action_number, db_column_text(st, 1));
  store_copy(r->action_title, sizeof r->action_title, db_column_text(st, 2));
  r->indicator_id = db_column_int64(st, 3);
  store_copy(r->indicator_code, sizeof r->indicator_code, db_column_text(st, 4));
  store_copy(r->indicator_name, sizeof r->indicator_name, db_column_text(st, 5));
  store_copy(r->unit, sizeof r->unit, db_column_text(st, 6));
  store_copy(r->ref_territory, sizeof r->ref_territory, db_column_text(st, 7));
  store_copy(r->breakdown, sizeof r->breakdown, db_column_text(st, 8));
}

plam_err store_committee_rows(struct db *db, int64_t plan_id, const char *territory, struct committee_row **out,
                              size_t *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ROWS, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, plan_id);
  if (!e) e = db_bind_text(st, 2, territory);
  int m = 0;
  e = store_rows_collect_by(st, e, read_row, sizeof **out, (int)COMMITTEE_MAX_ROWS, (void **)out, &m);
  *n = (size_t)m;
  for (int i = 0; i < m; i++) store_copy((*out)[i].territory, sizeof(*out)[i].territory, territory);
  return e;
}

plam_err store_committee_targets(struct db *db, int64_t indicator_id, const char *t1, const char *t2,
                                 struct committee_target_rec *out, size_t max, size_t *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_TARGETS, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, t1);
  if (!e) e = db_bind_text(st, 3, t2);
  int row = 1;
  while (!e && !(e = db_step(st, &row)) && row && *n < max) {
    struct committee_target_rec *t = &out[(*n)++];
    store_copy(t->kind, sizeof t->kind, db_column_text(st, 0));
    store_copy(t->territory_id, sizeof t->territory_id, db_column_text(st, 1));
    store_copy(t->due_on, sizeof t->due_on, db_column_text(st, 2));
    t->value = db_column_double(st, 3);
  }
  db_done(st);
  return e;
}

plam_err store_committee_last(struct db *db, int64_t indicator_id, const char *territory, int *has, int *has_value,
                              double *value, char on[11], int64_t *measurement_id) {
  *has = *has_value = 0;
  *value = 0;
  on[0] = '\0';
  *measurement_id = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LAST, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory);
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *has = 1;
    store_copy(on, 11, db_column_text(st, 0));
    *has_value = !db_column_is_null(st, 1);
    *value = *has_value ? db_column_double(st, 1) : 0;
    *measurement_id = db_column_int64(st, 2);
  }
  db_done(st);
  return e;
}

plam_err store_committee_upload_insert(struct db *db, const struct committee_upload_rec *in, const char *diff,
                                       int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPLOAD_INSERT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, in->body_id);
  if (!e) e = db_bind_int64(st, 2, in->plan_id);
  if (!e) e = db_bind_text(st, 3, in->territory_id);
  if (!e) e = db_bind_int64(st, 4, in->uploaded_by);
  if (!e) e = db_bind_text(st, 5, in->file_name[0] ? in->file_name : NULL);
  if (!e) e = db_bind_text(st, 6, in->file_sha256);
  if (!e) e = db_bind_int64(st, 7, in->file_size);
  if (!e) e = db_bind_int64(st, 8, in->rows_read);
  if (!e) e = db_bind_int64(st, 9, in->changes);
  if (!e) e = db_bind_int64(st, 10, in->errors);
  if (!e) e = db_bind_text(st, 11, diff);
  return store_insert_id(st, e, id);
}

static void read_upload(struct db_stmt *st, struct committee_upload_rec *out);

plam_err store_committee_upload_get(struct db *db, int64_t id, struct committee_upload_rec *out, char **diff) {
  if (diff) *diff = NULL;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPLOAD_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    read_upload(st, out);
    if (diff) {
      const char *t = db_column_text(st, 18);
      if (!(*diff = strdup(t ? t : "{}"))) e = PLAM_ERR_NOMEM;
    }
  }
  db_done(st);
  return e;
}

static void read_upload(struct db_stmt *st, struct committee_upload_rec *out) {
  {
    memset(out, 0, sizeof *out);
    out->id = db_column_int64(st, 0);
    out->body_id = db_column_int64(st, 1);
    out->plan_id = db_column_int64(st, 2);
    store_copy(out->territory_id, sizeof out->territory_id, db_column_text(st, 3));
    out->uploaded_by = db_column_int64(st, 4);
    store_copy(out->uploader, sizeof out->uploader, db_column_text(st, 5));
    store_copy(out->uploaded_at, sizeof out->uploaded_at, db_column_text(st, 6));
    store_copy(out->file_name, sizeof out->file_name, db_column_text(st, 7));
    store_copy(out->file_sha256, sizeof out->file_sha256, db_column_text(st, 8));
    out->file_size = db_column_int64(st, 9);
    out->rows_read = db_column_int64(st, 10);
    out->changes = db_column_int64(st, 11);
    out->errors = db_column_int64(st, 12);
    store_copy(out->status, sizeof out->status, db_column_text(st, 13));
    out->decided_by = db_column_int64(st, 14);
    store_copy(out->decider, sizeof out->decider, db_column_text(st, 15));
    store_copy(out->decided_at, sizeof out->decided_at, db_column_text(st, 16));
    store_copy(out->batch, sizeof out->batch, db_column_text(st, 17));
  }
}

plam_err store_committee_uploads_of_body(struct db *db, int64_t body_id, struct committee_upload_rec *out, size_t max,
                                         size_t *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPLOADS_OF_BODY, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, body_id);
  if (!e) e = db_bind_int64(st, 2, (int64_t)max);
  int row = 1;
  while (!e && !(e = db_step(st, &row)) && row && *n < max) read_upload(st, &out[(*n)++]);
  db_done(st);
  return e;
}

plam_err store_committee_upload_decide(struct db *db, int64_t id, const char *status, int64_t by, const char *batch) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPLOAD_DECIDE, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_bind_text(st, 2, status);
  if (!e) e = db_bind_int64(st, 3, by);
  if (!e) e = db_bind_text(st, 4, batch);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) != 1) e = PLAM_ERR_CONFLICT;
  return e;
}
