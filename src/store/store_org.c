/* SQL for the organisations aggregate. */
#include <limits.h>
#include <stdlib.h>
#include "store/store.h"

#define ORG_COLS \
  "o.id, o.name, o.kind, coalesce(o.finess, ''), coalesce(o.siret, ''), coalesce(o.territory_id, ''), " \
  "coalesce(t.name, ''), o.created_at, o.updated_at"
/* A page is read in name order from the covering index organisations_list
 * (migration 0023), not from the table; the territory's name is one
 * search by its key. */
#define ORG_FROM " FROM organisations o LEFT JOIN territories t ON t.id = o.territory_id "
#define ORG_FILTER \
  "WHERE (?1 IS NULL OR " STORE_LIKE_ANY("o.name", "?1") " OR o.finess = ?1) AND (?2 IS NULL OR o.kind = ?2) "

static const char *const SQL_GET = "SELECT " ORG_COLS ORG_FROM "WHERE o.id = ?";
static const char *const SQL_LIST = "SELECT " ORG_COLS ORG_FROM ORG_FILTER "ORDER BY o.name LIMIT ?3 OFFSET ?4";
/* Without a filter, the total rides on every row of the page: an
 * uncorrelated scalar subquery, run once per statement (SQLite: Once, then
 * its b-tree count; PostgreSQL: an InitPlan), so the hot list is one
 * statement (one round trip on PostgreSQL). count(*) OVER () would instead
 * read every row through the join and sort them (EXPLAIN QUERY PLAN: a
 * co-routine over all rows and a temporary b-tree for the order). */
static const char *const SQL_LIST_ALL = "SELECT " ORG_COLS ", (SELECT count(*) FROM organisations)" ORG_FROM
                                        "ORDER BY o.name LIMIT ?1 OFFSET ?2";
static const char *const SQL_COUNT = "SELECT count(*) FROM organisations o " ORG_FILTER;
static const char *const SQL_COUNT_ALL = "SELECT count(*) FROM organisations";
static const char *const SQL_INSERT =
  "INSERT INTO organisations(name, kind, finess, siret, territory_id) VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_UPDATE =
  "UPDATE organisations SET name = ?, kind = ?, finess = ?, siret = ?, territory_id = ?, "
  "updated_at = plam_now() WHERE id = ?";
/* Names are unique with ASCII case ignored (index organisations_name). */
static const char *const SQL_BY_NAME = "SELECT id FROM organisations WHERE lower(name) = lower(?)";

/* Columns in enum org_col order. */
void store_org_row_read(const struct store_row *r, struct org_rec *o) {
  o->id = store_row_int(r, ORG_ID);
  store_copy(o->name, sizeof o->name, store_row_text(r, ORG_NAME));
  store_copy(o->kind, sizeof o->kind, store_row_text(r, ORG_KIND));
  store_copy(o->finess, sizeof o->finess, store_row_text(r, ORG_FINESS));
  store_copy(o->siret, sizeof o->siret, store_row_text(r, ORG_SIRET));
  store_copy(o->territory_id, sizeof o->territory_id, store_row_text(r, ORG_TERRITORY_ID));
  store_copy(o->territory_name, sizeof o->territory_name, store_row_text(r, ORG_TERRITORY_NAME));
  store_copy(o->created_at, sizeof o->created_at, store_row_text(r, ORG_CREATED_AT));
  store_copy(o->updated_at, sizeof o->updated_at, store_row_text(r, ORG_UPDATED_AT));
}

static void org_read_any(struct db_stmt *st, void *out) {
  struct store_row r = {st};
  store_org_row_read(&r, out);
}

plam_err store_org_get(struct db *db, int64_t id, struct org_rec *out) {
  return store_get_by_id(db, SQL_GET, id, org_read_any, out);
}

static plam_err org_bind_filter(struct db_stmt *st, const char *q, const char *kind) {
  plam_err e = db_bind_text(st, 1, q && *q ? q : NULL);
  if (!e) e = db_bind_text(st, 2, kind && *kind ? kind : NULL);
  return e;
}

/* The column after the organisation's, in SQL_LIST_ALL. */
#define ORG_TOTAL (ORG_UPDATED_AT + 1)

struct org_each {
  store_row_fn fn;
  void *ctx;
  int64_t total; /* -1 until a row of SQL_LIST_ALL gave it */
};

static plam_err org_row_total(const struct store_row *r, void *ctx) {
  struct org_each *x = ctx;
  if (x->total < 0) x->total = store_row_int(r, ORG_TOTAL);
  return x->fn(r, x->ctx);
}

/* The page first. Without a filter the total comes with the page's rows;
 * with one, the count runs only when the page does not tell it: a page
 * shorter than the limit that has rows (or is the first) ends the list, so
 * total = offset + rows. Either way a count statement runs when the page is
 * past the end (no row to read a total from); without a filter it is
 * SQLite's b-tree count, not a scan testing the filter on each row. */
plam_err store_org_each(struct db *db, const char *q, const char *kind, struct list_page *page, store_row_fn fn,
                        void *ctx) {
  struct db_stmt *st;
  int n = 0, row = 0;
  int filtered = (q && *q) || (kind && *kind);
  struct org_each x = {fn, ctx, -1};
  int max = page->limit > INT_MAX ? INT_MAX : (int)page->limit;
  plam_err e = db_prepare(db, filtered ? SQL_LIST : SQL_LIST_ALL, &st);
  if (e) return e;
  if (filtered) {
    e = org_bind_filter(st, q, kind);
    if (!e) e = db_bind_int64(st, 3, page->limit);
    if (!e) e = db_bind_int64(st, 4, page->offset);
    e = store_rows_each(st, e, max, fn, ctx, &n);
  } else {
    e = db_bind_int64(st, 1, page->limit);
    if (!e) e = db_bind_int64(st, 2, page->offset);
    e = store_rows_each(st, e, max, org_row_total, &x, &n);
  }
  if (e) return e;
  if (x.total >= 0) {
    page->total = x.total;
    return PLAM_OK;
  }
  if (n < page->limit && (n > 0 || page->offset == 0)) {
    page->total = page->offset + n;
    return PLAM_OK;
  }
  e = db_prepare(db, filtered ? SQL_COUNT : SQL_COUNT_ALL, &st);
  if (e) return e;
  if (filtered) e = org_bind_filter(st, q, kind);
  if (!e) e = db_step(st, &row);
  page->total = !e && row ? db_column_int64(st, 0) : 0;
  db_done(st);
  return e;
}

struct org_collect {
  struct org_rec *rows;
  int n;
};

static plam_err org_collect_row(const struct store_row *r, void *ctx) {
  struct org_collect *c = ctx;
  store_org_row_read(r, &c->rows[c->n++]);
  return PLAM_OK;
}

plam_err store_org_list(struct db *db, const char *q, const char *kind, struct list_page *page, struct org_rec **out,
                        int *n) {
  *out = NULL;
  *n = 0;
  /* not zeroed: store_org_row_read sets every field of the rows returned */
  struct org_collect c = {malloc(((size_t)page->limit + 1) * sizeof *c.rows), 0};
  if (!c.rows) return PLAM_ERR_NOMEM;
  plam_err e = store_org_each(db, q, kind, page, org_collect_row, &c);
  if (e) {
    free(c.rows);
    return e;
  }
  *out = c.rows;
  *n = c.n;
  return PLAM_OK;
}

static plam_err org_bind_fields(struct db_stmt *st, const struct org_rec *o) {
  plam_err e = db_bind_text(st, 1, o->name);
  if (!e) e = db_bind_text(st, 2, o->kind);
  if (!e) e = db_bind_text(st, 3, o->finess[0] ? o->finess : NULL);
  if (!e) e = db_bind_text(st, 4, o->siret[0] ? o->siret : NULL);
  if (!e) e = db_bind_text(st, 5, o->territory_id[0] ? o->territory_id : NULL);
  return e;
}

plam_err store_org_insert(struct db *db, const struct org_rec *o, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_INSERT, &st);
  if (e) return e;
  e = org_bind_fields(st, o);
  return store_insert_id(st, e, id);
}

plam_err store_org_update(struct db *db, const struct org_rec *o) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UPDATE, &st);
  if (e) return e;
  int row;
  e = org_bind_fields(st, o);
  if (!e) e = db_bind_int64(st, 6, o->id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_org_find_by_name(struct db *db, const char *name, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BY_NAME, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, name);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}
