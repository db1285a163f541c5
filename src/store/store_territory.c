/* SQL for the territories reference data (read-only). A list holds at most
 * TERRITORY_MAX territories (store.h; the shipped reference has 120: the
 * country, 18 régions and 101 départements). A reference that holds more is
 * refused, never cut: the lists read without a SQL LIMIT and
 * store_rows_each answers PLAM_ERR_TOO_LARGE at the row past the bound, so
 * no caller works on part of the country believing it has all of it (and
 * the error is logged with its cause for the operator). Refusing rather
 * than growing without bound keeps every territory list, and the buffers
 * sized from it (PROGRESS_MAX_TERRITORIES…), bounded; raising the bound is
 * a reviewed change. */
#include <stdlib.h>
#include "base/log.h"
#include "store/store.h"

static const char *const SQL_LIST = "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories "
                                    "WHERE (?1 IS NULL OR level = ?1) AND (?2 IS NULL OR parent = ?2) "
                                    "ORDER BY level <> 'country', level <> 'region', insee_code";
/* One level: its territories by code from the covering index
 * territories_level_list (migration 0023; within a level the list's first two sort keys are constant). */
static const char *const SQL_LIST_LEVEL = "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories "
                                          "WHERE level = ?1 AND (?2 IS NULL OR parent = ?2) ORDER BY insee_code";
static const char *const SQL_GET =
  "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories WHERE id = ?";

/* Columns in enum territory_col order. */
void store_territory_row_read(const struct store_row *r, struct territory_rec *t) {
  store_copy(t->id, sizeof t->id, store_row_text(r, TERRITORY_ID));
  store_copy(t->insee_code, sizeof t->insee_code, store_row_text(r, TERRITORY_CODE));
  store_copy(t->name, sizeof t->name, store_row_text(r, TERRITORY_NAME));
  store_copy(t->level, sizeof t->level, store_row_text(r, TERRITORY_LEVEL));
  store_copy(t->parent, sizeof t->parent, store_row_text(r, TERRITORY_PARENT));
}

static void territory_read(struct db_stmt *st, struct territory_rec *t) {
  struct store_row r = {st};
  store_territory_row_read(&r, t);
}

plam_err store_territory_each(struct db *db, const char *level, const char *parent, store_row_fn fn, void *ctx) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, level && *level ? SQL_LIST_LEVEL : SQL_LIST, &st);
  if (e) return e;
  int n;
  e = db_bind_text(st, 1, level && *level ? level : NULL);
  if (!e) e = db_bind_text(st, 2, parent && *parent ? parent : NULL);
  e = store_rows_each(st, e, TERRITORY_MAX, fn, ctx, &n);
  if (e == PLAM_ERR_TOO_LARGE)
    log_event(LOG_ERROR, "territories: more than TERRITORY_MAX (512) in the reference, the list is refused",
              "territory_level", level && *level ? level : "(all)", "parent", parent && *parent ? parent : "(any)",
              NULL);
  return e;
}

struct territory_collect {
  struct territory_rec *rows;
  int n;
  size_t cap;
};

static plam_err territory_collect_row(const struct store_row *r, void *ctx) {
  struct territory_collect *c = ctx;
  if ((size_t)c->n == c->cap) { /* grow by doubling: most lists are 18 régions or a région's départements */
    size_t nc = c->cap ? c->cap * 2 : 32;
    struct territory_rec *nr = realloc(c->rows, nc * sizeof *nr);
    if (!nr) return PLAM_ERR_NOMEM;
    c->rows = nr;
    c->cap = nc;
  }
  store_territory_row_read(r, &c->rows[c->n++]);
  return PLAM_OK;
}

plam_err store_territory_list(struct db *db, const char *level, const char *parent, struct territory_rec **out,
                              int *n) {
  struct territory_collect c = {NULL, 0, 0};
  plam_err e = store_territory_each(db, level, parent, territory_collect_row, &c);
  if (e) {
    free(c.rows);
    c.rows = NULL;
    c.n = 0;
  }
  *out = c.rows;
  *n = c.n;
  return e;
}

plam_err store_territory_get(struct db *db, const char *id, struct territory_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) territory_read(st, out);
  db_done(st);
  return e;
}
