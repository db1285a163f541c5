/* Communes, merged 2018 codes, areas and their communes (migration 0012):
 * records and SQL. Communes are reference rows loaded once by `plam init`
 * (store_geo_bulk_*); areas are sets of communes that plan staff define,
 * with a kind (employment, ars, other). See app/geo/geo.h for the rules. */
#ifndef PLAM_STORE_STORE_GEO_H
#define PLAM_STORE_STORE_GEO_H
#include <stdint.h>
#include "db/db.h"
#include "store/store.h"

#define GEO_NAME_MAX 200
#define GEO_AREA_CODE_MAX 32
#define GEO_LIST_MAX 50000 /* rows a list may return (a département has < 1,000 communes) */

struct commune_rec {
  char code[6];
  char name[GEO_NAME_MAX * 4 + 1];
  char departement[12]; /* DEP-xx */
  int64_t population;   /* -1: unknown */
  double lat, lon;
};

struct area_rec {
  int64_t id;
  char code[GEO_AREA_CODE_MAX * 4 + 1];
  char name[GEO_NAME_MAX * 4 + 1];
  char kind[16];
  char region[12]; /* REG-xx, "" = national */
  char region_name[128];
  int64_t ncommunes;
  char created_at[32], updated_at[32];
};

/* Lists (read through store_rows_collect_by): *out malloc'd (NULL when
 * empty), more than GEO_LIST_MAX rows (or than limit) PLAM_ERR_TOO_LARGE. */

/* communes */
plam_err store_commune_count(struct db *db, int64_t *n);
plam_err store_commune_get(struct db *db, const char *code, struct commune_rec *out);
/* Today's code of a 2018 code merged since (NOT_FOUND when it was not merged). */
plam_err store_commune_merged_into(struct db *db, const char *old_code, char new_code[6]);
plam_err store_commune_list_dep(struct db *db, const char *dep, struct commune_rec **out, int *n);
/* Communes whose name starts with prefix (ASCII case ignored), by name, at most limit. */
plam_err store_commune_search(struct db *db, const char *prefix, const char *dep, int limit, struct commune_rec **out,
                              int *n);
/* Bulk load inside the caller's write transaction (db_bulk_insert):
 * rows of (code, name, departement, population, lat, lon) and
 * (old_code, new_code, effective). */
plam_err store_commune_bulk(struct db *db, const struct db_rows *rows);
plam_err store_commune_merge_bulk(struct db *db, const struct db_rows *rows);

/* areas */
plam_err store_area_get(struct db *db, int64_t id, struct area_rec *out);
plam_err store_area_get_by_code(struct db *db, const char *code, struct area_rec *out);
/* kind, region: NULL or "" = any. */
plam_err store_area_list(struct db *db, const char *kind, const char *region, struct area_rec **out, int *n);
plam_err store_area_insert(struct db *db, const struct area_rec *a, int64_t *id);
plam_err store_area_update(struct db *db, const struct area_rec *a);
plam_err store_area_delete(struct db *db, int64_t id);
plam_err store_area_communes(struct db *db, int64_t area_id, struct commune_rec **out, int *n);
plam_err store_area_commune_add(struct db *db, int64_t area_id, const char *code);
plam_err store_area_communes_clear(struct db *db, int64_t area_id);
/* The code of another area of kind than except_id that holds commune
 * (*found 0 when none). */
plam_err store_area_commune_holder(struct db *db, const char *commune, const char *kind, int64_t except_id,
                                   char *area_code, size_t n, int *found);

#endif
