/* plam_rows: an eponymous, read-only SQLite virtual table over rows the
 * caller holds in memory (struct db_rows, db.h), passed as a pointer with
 * SQLite's pointer-passing interface (sqlite3_bind_pointer, type
 * "plam_rows"): `INSERT INTO t(...) SELECT c0, c1 FROM plam_rows(?1)` writes
 * them all in one statement run. Columns c0 … c31 (DB_ROWS_MAX_COLS) take the values the
 * caller's row function gives (borrowed texts: SQLITE_STATIC); the hidden
 * column src is the pointer argument. Without it the table is empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "db/db_sqlite_int.h"

#define ROWS_POINTER_TYPE "plam_rows"
#define ROWS_COL_SRC DB_ROWS_MAX_COLS

struct rows_cursor {
  sqlite3_vtab_cursor base;
  const struct db_rows *rows;
  size_t i, filled; /* filled: the row in v, SIZE_MAX when none */
  struct db_value v[DB_ROWS_MAX_COLS];
};

static int rows_connect(sqlite3 *h, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)aux, (void)argc, (void)argv, (void)err;
  int rc = sqlite3_declare_vtab(
    h, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, "
       "c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, src HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  sqlite3_vtab *v = sqlite3_malloc(sizeof *v);
  if (!v) return SQLITE_NOMEM;
  memset(v, 0, sizeof *v);
  *out = v;
  return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *v) {
  sqlite3_free(v);
  return SQLITE_OK;
}

/* Plan 1: src given (argv[0] of xFilter); plan 0: no rows. */
static int rows_best_index(sqlite3_vtab *v, sqlite3_index_info *info) {
  (void)v;
  for (int k = 0; k < info->nConstraint; k++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[k];
    if (c->iColumn != ROWS_COL_SRC || c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!c->usable) return SQLITE_CONSTRAINT; /* try another plan: src must be known */
    info->aConstraintUsage[k].argvIndex = 1;
    info->aConstraintUsage[k].omit = 1;
    info->idxNum = 1;
    info->estimatedCost = 1000;
    return SQLITE_OK;
  }
  info->idxNum = 0;
  info->estimatedCost = 1e12;
  return SQLITE_OK;
}

static int rows_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out) {
  (void)v;
  struct rows_cursor *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  c->filled = SIZE_MAX;
  *out = &c->base;
  return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur) {
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx_num, const char *idx_str, int argc, sqlite3_value **argv) {
  (void)idx_str;
  struct rows_cursor *c = (struct rows_cursor *)cur;
  c->rows = idx_num == 1 && argc == 1 ? sqlite3_value_pointer(argv[0], ROWS_POINTER_TYPE) : NULL;
  c->i = 0;
  c->filled = SIZE_MAX;
  return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur) {
  ((struct rows_cursor *)cur)->i++;
  return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur) {
  const struct rows_cursor *c = (const struct rows_cursor *)cur;
  return !c->rows || c->i >= c->rows->n;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  struct rows_cursor *c = (struct rows_cursor *)cur;
  const struct db_rows *r = c->rows;
  if (!r || col < 0 || col >= r->ncols || col >= DB_ROWS_MAX_COLS) {
    sqlite3_result_null(ctx);
    return SQLITE_OK;
  }
  if (c->filled != c->i) {
    memset(c->v, 0, (size_t)r->ncols * sizeof c->v[0]); /* what the row leaves unset reads NULL */
    r->row(r->ud, c->i, c->v);
    c->filled = c->i;
  }
  const struct db_value *v = &c->v[col];
  switch (v->type) {
  case DB_VALUE_INT: sqlite3_result_int64(ctx, v->i); break;
  case DB_VALUE_REAL: sqlite3_result_double(ctx, v->d); break;
  case DB_VALUE_TEXT:
    if (v->s) sqlite3_result_text(ctx, v->s, -1, SQLITE_STATIC);
    else sqlite3_result_null(ctx);
    break;
  default: sqlite3_result_null(ctx); break;
  }
  return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid) {
  *rowid = (sqlite_int64)((struct rows_cursor *)cur)->i;
  return SQLITE_OK;
}

static const sqlite3_module rows_module = {
  .iVersion = 0,
  .xCreate = NULL, /* eponymous only: no CREATE VIRTUAL TABLE */
  .xConnect = rows_connect,
  .xBestIndex = rows_best_index,
  .xDisconnect = rows_disconnect,
  .xDestroy = rows_disconnect,
  .xOpen = rows_open,
  .xClose = rows_close,
  .xFilter = rows_filter,
  .xNext = rows_next,
  .xEof = rows_eof,
  .xColumn = rows_column,
  .xRowid = rows_rowid,
};

int db_rows_register(sqlite3 *h) { return sqlite3_create_module_v2(h, "plam_rows", &rows_module, NULL, NULL); }

plam_err db_rows_bind(struct sq_stmt *st, int idx, const struct db_rows *rows) {
  if (!rows || rows->ncols < 0 || rows->ncols > DB_ROWS_MAX_COLS || (rows->n && !rows->row)) return PLAM_ERR_INVALID;
  return db_sqlite_map(sqlite3_bind_pointer(st->st, idx, (void *)rows, ROWS_POINTER_TYPE, NULL));
}
