/* SQL of the plan's data in and out: see store_plan_io.h. */
#include "store/store_plan_io.h"

static const char *const SQL_MEAS_IMPORT =
    "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source, comment, "
    "author_id, batch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
static const char *const SQL_BATCH_COUNT = "SELECT count(*) FROM measurements WHERE batch = ?";

plam_err store_bulk_cache(struct db *db, int on) {
  return db_exec(db, on ? "PRAGMA cache_size = -524288" : "PRAGMA cache_size = -2000");
}

plam_err store_meas_import_insert(struct db *db, const struct store_meas_import *m) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_MEAS_IMPORT, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, m->indicator_id);
  if (!e) e = db_bind_text(st, 2, m->territory_id);
  if (!e) e = db_bind_text(st, 3, m->value_on);
  if (!e) e = m->has_value ? db_bind_double(st, 4, m->value) : db_bind_null(st, 4);
  if (!e) e = m->has_ratio ? db_bind_double(st, 5, m->numerator) : db_bind_null(st, 5);
  if (!e) e = m->has_ratio ? db_bind_double(st, 6, m->denominator) : db_bind_null(st, 6);
  if (!e) e = db_bind_text(st, 7, m->source);
  if (!e) e = db_bind_text(st, 8, m->comment);
  if (!e) e = m->author_id ? db_bind_int64(st, 9, m->author_id) : db_bind_null(st, 9);
  if (!e) e = db_bind_text(st, 10, m->batch);
  if (!e) e = db_bind_text(st, 11, m->created_at);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_meas_batch_count(struct db *db, const char *batch, int64_t *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BATCH_COUNT, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, batch);
  if (!e) e = db_step(st, &row);
  *n = (!e && row) ? db_column_int64(st, 0) : 0;
  db_done(st);
  return e;
}
