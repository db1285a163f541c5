/* SQL for communes and areas: see store_geo.h. */
#include "store/store_geo.h"
#include <stdlib.h>
#include <string.h>
#include "store/store_plan_int.h"

/* ---- communes ---- */

#define COMMUNE_COLS "c.code, c.name, c.departement, c.population, c.lat, c.lon"

static void commune_read(struct db_stmt *st, void *out) {
  struct commune_rec *c = out;
  store_copy(c->code, sizeof c->code, db_column_text(st, 0));
  store_copy(c->name, sizeof c->name, db_column_text(st, 1));
  store_copy(c->departement, sizeof c->departement, db_column_text(st, 2));
  c->population = db_column_is_null(st, 3) ? -1 : db_column_int64(st, 3);
  c->lat = db_column_double(st, 4);
  c->lon = db_column_double(st, 5);
}

static plam_err one_row(struct db_stmt *st, plam_err e, store_read_fn read, void *out) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) read(st, out);
  db_done(st);
  return e;
}

plam_err store_commune_count(struct db *db, int64_t *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT count(*) FROM communes", &st);
  if (e) return e;
  int row = 0;
  e = db_step(st, &row);
  *n = !e && row ? db_column_int64(st, 0) : 0;
  db_done(st);
  return e;
}

plam_err store_commune_get(struct db *db, const char *code, struct commune_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " COMMUNE_COLS " FROM communes c WHERE c.code = ?", &st);
  if (e) return e;
  return one_row(st, db_bind_text(st, 1, code), commune_read, out);
}

static void code_read(struct db_stmt *st, void *out) { store_copy(out, 6, db_column_text(st, 0)); }

plam_err store_commune_merged_into(struct db *db, const char *old_code, char new_code[6]) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT new_code FROM commune_merges WHERE old_code = ?", &st);
  if (e) return e;
  return one_row(st, db_bind_text(st, 1, old_code), code_read, new_code);
}

plam_err store_commune_list_dep(struct db *db, const char *dep, struct commune_rec **out, int *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " COMMUNE_COLS " FROM communes c WHERE c.departement = ? ORDER BY c.code", &st);
  if (e) return e;
  return store_rows_collect_by(st, db_bind_text(st, 1, dep), commune_read, sizeof **out, GEO_LIST_MAX, (void **)out, n);
}

plam_err store_commune_search(struct db *db, const char *prefix, const char *dep, int limit, struct commune_rec **out,
                              int *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT " COMMUNE_COLS " FROM communes c WHERE lower(c.name) LIKE lower(replace(replace("
                          "replace(?1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') ESCAPE '\\' "
                          "AND (?2 IS NULL OR c.departement = ?2) ORDER BY c.name, c.code LIMIT ?3",
                          &st);
  if (e) return e;
  e = db_bind_text(st, 1, prefix);
  if (!e) e = db_bind_text(st, 2, dep && *dep ? dep : NULL);
  if (!e) e = db_bind_int64(st, 3, limit);
  return store_rows_collect_by(st, e, commune_read, sizeof **out, limit, (void **)out, n);
}

plam_err store_commune_bulk(struct db *db, const struct db_rows *rows) {
  return db_bulk_insert(db, "communes", "code, name, departement, population, lat, lon", rows);
}

plam_err store_commune_merge_bulk(struct db *db, const struct db_rows *rows) {
  return db_bulk_insert(db, "commune_merges", "old_code, new_code, effective", rows);
}

/* ---- areas ---- */

#define AREA_COLS \
  "a.id, a.code, a.name, a.kind, coalesce(a.region, ''), coalesce(t.name, ''), " \
  "(SELECT count(*) FROM area_communes x WHERE x.area_id = a.id), a.created_at, a.updated_at"
#define AREA_FROM " FROM areas a LEFT JOIN territories t ON t.id = a.region "

static void area_read(struct db_stmt *st, void *out) {
  struct area_rec *a = out;
  a->id = db_column_int64(st, 0);
  store_copy(a->code, sizeof a->code, db_column_text(st, 1));
  store_copy(a->name, sizeof a->name, db_column_text(st, 2));
  store_copy(a->kind, sizeof a->kind, db_column_text(st, 3));
  store_copy(a->region, sizeof a->region, db_column_text(st, 4));
  store_copy(a->region_name, sizeof a->region_name, db_column_text(st, 5));
  a->ncommunes = db_column_int64(st, 6);
  store_copy(a->created_at, sizeof a->created_at, db_column_text(st, 7));
  store_copy(a->updated_at, sizeof a->updated_at, db_column_text(st, 8));
}

plam_err store_area_get(struct db *db, int64_t id, struct area_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " AREA_COLS AREA_FROM "WHERE a.id = ?", &st);
  if (e) return e;
  return one_row(st, db_bind_int64(st, 1, id), area_read, out);
}

plam_err store_area_get_by_code(struct db *db, const char *code, struct area_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " AREA_COLS AREA_FROM "WHERE a.code = ?", &st);
  if (e) return e;
  return one_row(st, db_bind_text(st, 1, code), area_read, out);
}

plam_err store_area_list(struct db *db, const char *kind, const char *region, struct area_rec **out, int *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT " AREA_COLS AREA_FROM
                          "WHERE (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.region = ?2) ORDER BY a.code",
                          &st);
  if (e) return e;
  e = db_bind_text(st, 1, kind && *kind ? kind : NULL);
  if (!e) e = db_bind_text(st, 2, region && *region ? region : NULL);
  return store_rows_collect_by(st, e, area_read, sizeof **out, GEO_LIST_MAX, (void **)out, n);
}

plam_err store_area_insert(struct db *db, const struct area_rec *a, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "INSERT INTO areas(code, name, kind, region) VALUES (?, ?, ?, ?) RETURNING id", &st);
  if (e) return e;
  e = db_bind_text(st, 1, a->code);
  if (!e) e = db_bind_text(st, 2, a->name);
  if (!e) e = db_bind_text(st, 3, a->kind);
  if (!e) e = db_bind_text(st, 4, *a->region ? a->region : NULL);
  return store_insert_id(st, e, id);
}

static plam_err run(struct db_stmt *st, plam_err e) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_area_update(struct db *db, const struct area_rec *a) {
  struct db_stmt *st;
  plam_err e = db_prepare(
    db, "UPDATE areas SET code = ?, name = ?, kind = ?, region = ?, updated_at = plam_now() WHERE id = ?", &st);
  if (e) return e;
  e = db_bind_text(st, 1, a->code);
  if (!e) e = db_bind_text(st, 2, a->name);
  if (!e) e = db_bind_text(st, 3, a->kind);
  if (!e) e = db_bind_text(st, 4, *a->region ? a->region : NULL);
  if (!e) e = db_bind_int64(st, 5, a->id);
  return run(st, e);
}

plam_err store_area_delete(struct db *db, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "DELETE FROM areas WHERE id = ?", &st);
  if (e) return e;
  return run(st, db_bind_int64(st, 1, id));
}

plam_err store_area_communes(struct db *db, int64_t area_id, struct commune_rec **out, int *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT " COMMUNE_COLS " FROM area_communes x JOIN communes c ON c.code = x.commune "
                          "WHERE x.area_id = ? ORDER BY c.code",
                          &st);
  if (e) return e;
  return store_rows_collect_by(st, db_bind_int64(st, 1, area_id), commune_read, sizeof **out, GEO_LIST_MAX,
                               (void **)out, n);
}

plam_err store_area_commune_add(struct db *db, int64_t area_id, const char *code) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "INSERT INTO area_communes(area_id, commune) VALUES (?, ?) ON CONFLICT DO NOTHING", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, area_id);
  if (!e) e = db_bind_text(st, 2, code);
  return run(st, e);
}

plam_err store_area_communes_clear(struct db *db, int64_t area_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "DELETE FROM area_communes WHERE area_id = ?", &st);
  if (e) return e;
  return run(st, db_bind_int64(st, 1, area_id));
}

plam_err store_area_commune_holder(struct db *db, const char *commune, const char *kind, int64_t except_id,
                                   char *area_code, size_t n, int *found) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT a.code FROM area_communes x JOIN areas a ON a.id = x.area_id "
                          "WHERE x.commune = ? AND a.kind = ? AND a.id <> ? ORDER BY a.code LIMIT 1",
                          &st);
  if (e) return e;
  e = db_bind_text(st, 1, commune);
  if (!e) e = db_bind_text(st, 2, kind);
  if (!e) e = db_bind_int64(st, 3, except_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  *found = !e && row;
  if (*found) store_copy(area_code, n, db_column_text(st, 0));
  db_done(st);
  return e;
}
