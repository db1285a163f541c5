/* SQL of the plan's data in and out: see store_plan_io.h. */
#include "store/store_plan_io.h"

static const char *const SQL_MEAS_IMPORT_ALL =
  "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source, comment, "
  "author_id, batch_id, created_at) SELECT c0, c1, c2, c3, c4, c5, c6, c7, ?2, ?3, NULL FROM plam_rows(?1)";
static const char *const SQL_BATCH_INSERT = "INSERT INTO measurement_batches(name, author_id) VALUES (?, ?)";
static const char *const SQL_HAS_INDICATOR = "SELECT 1 FROM indicators WHERE id = ?";
static const char *const SQL_HAS_TERRITORY = "SELECT 1 FROM territories WHERE id = ?";
static const char *const SQL_HAS_USER = "SELECT 1 FROM users WHERE id = ?";

plam_err store_bulk_cache(struct db *db, int on) {
  return db_exec(db, on ? "PRAGMA cache_size = -524288" : "PRAGMA cache_size = -2000");
}

struct import_all {
  store_meas_row_fn fn;
  void *ud;
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
}

plam_err store_meas_import_all(struct db *db, size_t n, store_meas_row_fn fn, void *ud, int64_t author_id,
                               int64_t batch_id) {
  struct import_all x = {.fn = fn, .ud = ud};
  struct db_rows rows = {.n = n, .ncols = 8, .row = import_row, .ud = &x};
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_MEAS_IMPORT_ALL, &st);
  if (e) return e;
  int row;
  e = db_bind_rows(st, 1, &rows);
  if (!e) e = author_id ? db_bind_int64(st, 2, author_id) : db_bind_null(st, 2);
  if (!e) e = db_bind_int64(st, 3, batch_id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_meas_batch_create(struct db *db, const char *name, int64_t author_id, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BATCH_INSERT, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, name);
  if (!e) e = author_id ? db_bind_int64(st, 2, author_id) : db_bind_null(st, 2);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e) *id = db_last_insert_id(db);
  return e;
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
