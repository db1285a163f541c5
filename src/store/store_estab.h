/* Establishments and their units (migration 0013): records and SQL. The
 * app (app/estab) checks FINESS numbers, categories, communes and who may
 * touch which row; this file only reads and writes. */
#ifndef PLAM_STORE_STORE_ESTAB_H
#define PLAM_STORE_STORE_ESTAB_H
#include <stdint.h>
#include "db/db.h"
#include "store/store.h"

#define ESTAB_NAME_MAX 200
#define ESTAB_GHT_MAX 100
#define ESTAB_SPECIALTY_MAX 100
#define ESTAB_LIST_MAX 200000

struct estab_rec {
  int64_t id;
  char finess[10]; /* "" = none */
  char name[ESTAB_NAME_MAX * 4 + 1];
  char category[16];
  char ght[ESTAB_GHT_MAX * 4 + 1];
  char commune[6]; /* "" = none */
  char commune_name[801];
  char departement[12];
  char departement_name[128];
  int has_coords;
  double lat, lon;
  int64_t org_id; /* 0 = none */
  char org_name[801];
  int64_t nunits;
  char created_at[32], updated_at[32];
};

struct unit_rec {
  int64_t id, establishment_id;
  char name[ESTAB_NAME_MAX * 4 + 1];
  char specialty[ESTAB_SPECIALTY_MAX * 4 + 1];
};

/* List filters: NULL/""/0 = any. area_id: establishments whose commune is
 * in that area; org_id: of that organisation; q: name or FINESS contains. */
struct estab_filter {
  const char *departement, *category, *q;
  int64_t area_id, org_id;
  long limit, offset;
};

plam_err store_estab_get(struct db *db, int64_t id, struct estab_rec *out);
plam_err store_estab_get_by_finess(struct db *db, const char *finess, struct estab_rec *out);
/* *out malloc'd (NULL when none); more than ESTAB_LIST_MAX rows is PLAM_ERR_TOO_LARGE. */
plam_err store_estab_list(struct db *db, const struct estab_filter *f, struct estab_rec **out, int *n, int64_t *total);
plam_err store_estab_insert(struct db *db, const struct estab_rec *r, int64_t *id);
plam_err store_estab_update(struct db *db, const struct estab_rec *r);
plam_err store_estab_delete(struct db *db, int64_t id);

plam_err store_unit_get(struct db *db, int64_t id, struct unit_rec *out);
/* *out malloc'd (NULL when the establishment has no unit). */
plam_err store_unit_list(struct db *db, int64_t estab_id, struct unit_rec **out, int *n);
plam_err store_unit_insert(struct db *db, const struct unit_rec *u, int64_t *id);
plam_err store_unit_update(struct db *db, const struct unit_rec *u);
plam_err store_unit_delete(struct db *db, int64_t id);
plam_err store_unit_by_name(struct db *db, int64_t estab_id, const char *name, int64_t *id);

#endif
