/* SQL of the plan's data in and out: see store_plan_io.h. */
#include "store/store_plan_io.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

/* Columns of the bulk insert (db_bulk_insert), in the order import_row fills them. */
static const char MEAS_IMPORT_COLS[] = "indicator_id, territory_id, value_on, value, numerator, denominator, source, "
                                       "comment, author_id, batch_id, created_at";
static const char *const SQL_BATCH_INSERT =
  "INSERT INTO measurement_batches(name, author_id) VALUES (?, ?) RETURNING id";
static const char *const SQL_HAS_INDICATOR = "SELECT 1 FROM indicators WHERE id = ?";
static const char *const SQL_HAS_TERRITORY = "SELECT 1 FROM territories WHERE id = ?";
static const char *const SQL_HAS_USER = "SELECT 1 FROM users WHERE id = ?";

/* Per engine (enum db_engine_kind) and on/off: SQLite's page cache for the
 * connection; PostgreSQL's buffers are the server's, nothing to change. */
static const char *const SQL_BULK_CACHE[][2] = {
  {"PRAGMA cache_size = -2000", "PRAGMA cache_size = -524288"},
  {NULL, NULL},
};

plam_err store_bulk_cache(struct db *db, int on) {
  const char *sql = SQL_BULK_CACHE[db_engine_of(db)][on != 0];
  return sql ? db_exec(db, sql) : PLAM_OK;
}

struct import_all {
  store_meas_row_fn fn;
  void *ud;
  int64_t author_id, batch_id;
};

static void text_or_null(struct db_value *v, const char *s) {
  v->type = s ? DB_VALUE_TEXT : DB_VALUE_NULL;
  v->s = s;
}

static void import_row(void *ud, size_t i, struct db_value *v) {
  const struct import_all *x = ud;
  struct store_meas_import m = {0};
  x->fn(x->ud, i, &m);
  v[0] = (struct db_value){.type = DB_VALUE_INT, .i = m.indicator_id};
  text_or_null(&v[1], m.territory_id);
  text_or_null(&v[2], m.value_on);
  v[3] = (struct db_value){.type = m.has_value ? DB_VALUE_REAL : DB_VALUE_NULL, .d = m.value};
  v[4] = (struct db_value){.type = m.has_ratio ? DB_VALUE_REAL : DB_VALUE_NULL, .d = m.numerator};
  v[5] = (struct db_value){.type = m.has_ratio ? DB_VALUE_REAL : DB_VALUE_NULL, .d = m.denominator};
  text_or_null(&v[6], m.source);
  text_or_null(&v[7], m.comment);
  v[8] = (struct db_value){.type = x->author_id ? DB_VALUE_INT : DB_VALUE_NULL, .i = x->author_id};
  v[9] = (struct db_value){.type = DB_VALUE_INT, .i = x->batch_id};
  /* v[10], created_at: NULL, the batch's time */
}

plam_err store_meas_import_all(struct db *db, size_t n, store_meas_row_fn fn, void *ud, int64_t author_id,
                               int64_t batch_id) {
  struct import_all x = {.fn = fn, .ud = ud, .author_id = author_id, .batch_id = batch_id};
  struct db_rows rows = {.n = n, .ncols = 11, .row = import_row, .ud = &x};
  return db_bulk_insert(db, "measurements", MEAS_IMPORT_COLS, &rows);
}

plam_err store_meas_batch_create(struct db *db, const char *name, int64_t author_id, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BATCH_INSERT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, name);
  if (!e) e = author_id ? db_bind_int64(st, 2, author_id) : db_bind_null(st, 2);
  return store_insert_id(st, e, id);
}

static plam_err exists(struct db *db, const char *sql, int64_t id, const char *text, int *ok) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = text ? db_bind_text(st, 1, text) : db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && !row) *ok = 0;
  return e;
}

plam_err store_meas_parents_exist(struct db *db, const int64_t *indicator_ids, size_t ninds,
                                  const char (*territories)[12], size_t nterrs, int64_t author_id, int *ok) {
  *ok = 1;
  plam_err e = PLAM_OK;
  for (size_t i = 0; !e && *ok && i < ninds; i++) e = exists(db, SQL_HAS_INDICATOR, indicator_ids[i], NULL, ok);
  for (size_t i = 0; !e && *ok && i < nterrs; i++) e = exists(db, SQL_HAS_TERRITORY, 0, territories[i], ok);
  if (!e && *ok && author_id) e = exists(db, SQL_HAS_USER, author_id, NULL, ok);
  return e;
}

plam_err store_meas_prev(struct db *db, int64_t indicator_id, const char *territory, const char *since,
                         const char *value_on, const char *source, struct store_meas_prev *out) {
  memset(out, 0, sizeof *out);
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT value, numerator, denominator FROM measurements WHERE indicator_id = ?1 AND "
                          "territory_id = ?2 AND value_on BETWEEN ?5 AND ?3 AND source = ?4 "
                          "ORDER BY value_on DESC, id DESC LIMIT 1",
                          &st);
  if (e) return e;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory);
  if (!e) e = db_bind_text(st, 3, value_on);
  if (!e) e = db_bind_text(st, 4, source);
  if (!e) e = db_bind_text(st, 5, since);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    out->found = 1;
    out->has_value = !db_column_is_null(st, 0);
    out->value = out->has_value ? db_column_double(st, 0) : 0;
    out->has_ratio = !db_column_is_null(st, 1) && !db_column_is_null(st, 2);
    out->numerator = out->has_ratio ? db_column_double(st, 1) : 0;
    out->denominator = out->has_ratio ? db_column_double(st, 2) : 0;
  }
  db_done(st);
  return e;
}
