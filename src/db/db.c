/* The calls of db.h: each goes through the engine of its connection (see
 * db_int.h), chosen once by db_open from the database value. Also the
 * engine-neutral helpers: target classification, redaction, open errors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "db/db_int.h"
#include "db/db_url.h"

static _Thread_local char db_open_why[512];

void db_open_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(db_open_why, sizeof db_open_why, fmt, ap);
  va_end(ap);
}

const char *db_open_error(void) { return db_open_why; }

enum db_engine_kind db_target_engine(const char *target) {
  return db_url_is_pg(target) ? DB_ENGINE_PG : DB_ENGINE_SQLITE;
}

void db_target_redact(const char *target, char *out, size_t n) {
  if (!n) return;
  if (db_url_is_pg(target)) db_url_redact(target, out, n);
  else snprintf(out, n, "%s", target ? target : "");
}

plam_err db_open(const char *target, int flags, struct db **out) {
  *out = NULL;
  db_open_why[0] = '\0';
  if (!target || !*target) {
    db_open_fail("base de données non indiquée");
    return PLAM_ERR_USAGE;
  }
  const struct db_engine *eng = db_target_engine(target) == DB_ENGINE_PG ? &db_engine_pg : &db_engine_sqlite;
  return eng->open(target, flags, out);
}

enum db_engine_kind db_engine_of(struct db *db) { return db->eng->kind; }
void db_close(struct db *db) {
  if (db) db->eng->close(db);
}
const char *db_errmsg(struct db *db) { return db ? db->eng->errmsg(db) : "pas de connexion"; }
plam_err db_exec(struct db *db, const char *sql) { return db->eng->exec(db, sql); }
plam_err db_prepare(struct db *db, const char *sql, struct db_stmt **out) { return db->eng->prepare(db, sql, out); }
plam_err db_bind_int64(struct db_stmt *st, int idx, int64_t v) { return st->db->eng->bind_int64(st, idx, v); }
plam_err db_bind_double(struct db_stmt *st, int idx, double v) { return st->db->eng->bind_double(st, idx, v); }
plam_err db_bind_text(struct db_stmt *st, int idx, const char *s) { return st->db->eng->bind_text(st, idx, s); }
plam_err db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n) {
  return st->db->eng->bind_blob(st, idx, p, n);
}
plam_err db_bind_null(struct db_stmt *st, int idx) { return st->db->eng->bind_null(st, idx); }
plam_err db_step(struct db_stmt *st, int *row) { return st->db->eng->step(st, row); }
int db_column_count(struct db_stmt *st) { return st->db->eng->column_count(st); }
int db_column_is_null(struct db_stmt *st, int col) { return st->db->eng->column_is_null(st, col); }
int64_t db_column_int64(struct db_stmt *st, int col) { return st->db->eng->column_int64(st, col); }
double db_column_double(struct db_stmt *st, int col) { return st->db->eng->column_double(st, col); }
const char *db_column_text(struct db_stmt *st, int col) { return st->db->eng->column_text(st, col); }
const void *db_column_blob(struct db_stmt *st, int col, size_t *n) { return st->db->eng->column_blob(st, col, n); }
void db_done(struct db_stmt *st) {
  if (st) st->db->eng->done(st);
}
int db_changes(struct db *db) { return db->eng->changes(db); }
plam_err db_write_begin(struct db *db) { return db->eng->write_begin(db); }
plam_err db_write_end(struct db *db, plam_err result) { return db->eng->write_end(db, result); }
plam_err db_foreign_keys(struct db *db, int on) { return db->eng->foreign_keys(db, on); }
plam_err db_foreign_key_violations(struct db *db, int64_t *n) { return db->eng->foreign_key_violations(db, n); }
plam_err db_read_begin(struct db *db) { return db->eng->read_begin(db); }
void db_read_end(struct db *db) { db->eng->read_end(db); }
void db_read_scope_begin(struct db *db) { db->eng->read_scope_begin(db); }
void db_read_scope_end(struct db *db) {
  if (db) db->eng->read_scope_end(db);
}
plam_err db_change_stamp(struct db *db, struct db_stamp *out) { return db->eng->change_stamp(db, out); }
plam_err db_bulk_insert(struct db *db, const char *table, const char *columns, const struct db_rows *rows) {
  if (!rows || !table || !columns || rows->ncols < 1 || rows->ncols > DB_ROWS_MAX_COLS || (rows->n && !rows->row))
    return PLAM_ERR_INVALID;
  return db->eng->bulk_insert(db, table, columns, rows);
}
plam_err db_backup(struct db *db, const char *to_path) { return db->eng->backup(db, to_path); }
plam_err db_check(struct db *db, char *report, size_t n) { return db->eng->check(db, report, n); }
