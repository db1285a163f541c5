/* SQL for the territories reference data (read-only). */
#include <stdlib.h>
#include "store/store.h"

#define TERRITORY_MAX 512
static const char *const SQL_LIST = "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories "
                                    "WHERE (?1 IS NULL OR level = ?1) AND (?2 IS NULL OR parent = ?2) "
                                    "ORDER BY level <> 'country', level <> 'region', insee_code LIMIT "
                                    "512";
/* One level: its territories by code from the index territories_level_code
 * (within a level the list's first two sort keys are constant). */
static const char *const SQL_LIST_LEVEL = "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories "
                                          "WHERE level = ?1 AND (?2 IS NULL OR parent = ?2) ORDER BY insee_code LIMIT "
                                          "512";
static const char *const SQL_GET =
  "SELECT id, insee_code, name, level, coalesce(parent, '') FROM territories WHERE id = ?";

static void territory_read(struct db_stmt *st, struct territory_rec *t) {
  store_copy(t->id, sizeof t->id, db_column_text(st, 0));
  store_copy(t->insee_code, sizeof t->insee_code, db_column_text(st, 1));
  store_copy(t->name, sizeof t->name, db_column_text(st, 2));
  store_copy(t->level, sizeof t->level, db_column_text(st, 3));
  store_copy(t->parent, sizeof t->parent, db_column_text(st, 4));
}

plam_err store_territory_list(struct db *db, const char *level, const char *parent, struct territory_rec **out,
                              int *n) {
  *out = NULL;
  *n = 0;
  struct territory_rec *rows = NULL;
  size_t cap = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, level && *level ? SQL_LIST_LEVEL : SQL_LIST, &st);
  int row = 0;
  if (!e) e = db_bind_text(st, 1, level && *level ? level : NULL);
  if (!e) e = db_bind_text(st, 2, parent && *parent ? parent : NULL);
  while (!e && !(e = db_step(st, &row)) && row && *n < TERRITORY_MAX) {
    if ((size_t)*n == cap) { /* grow by doubling: most lists are 18 régions or a région's départements */
      size_t nc = cap ? cap * 2 : 32;
      struct territory_rec *nr = realloc(rows, nc * sizeof *nr);
      if (!nr) {
        e = PLAM_ERR_NOMEM;
        break;
      }
      rows = nr;
      cap = nc;
    }
    territory_read(st, &rows[(*n)++]);
  }
  db_done(st);
  if (e) {
    free(rows);
    *n = 0;
    return e;
  }
  *out = rows;
  return PLAM_OK;
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
