/* SQL for establishments and units: see store_estab.h. */
#include "store/store_estab.h"
#include <stdlib.h>
#include <string.h>
#include "store/store_geo.h"
#include "store/store_plan_int.h"

#define ESTAB_COLS \
  "e.id, coalesce(e.finess, ''), e.name, e.category, e.ght, coalesce(e.commune, ''), coalesce(c.name, ''), " \
  "e.departement, coalesce(t.name, ''), e.lat, e.lon, coalesce(e.org_id, 0), coalesce(o.name, ''), " \
  "(SELECT count(*) FROM establishment_units u WHERE u.establishment_id = e.id), e.created_at, e.updated_at"
#define ESTAB_FROM \
  " FROM establishments e LEFT JOIN communes c ON c.code = e.commune " \
  "LEFT JOIN territories t ON t.id = e.departement LEFT JOIN organisations o ON o.id = e.org_id "

static void estab_read(struct db_stmt *st, void *out) {
  struct estab_rec *r = out;
  r->id = db_column_int64(st, 0);
  store_copy(r->finess, sizeof r->finess, db_column_text(st, 1));
  store_copy(r->name, sizeof r->name, db_column_text(st, 2));
  store_copy(r->category, sizeof r->category, db_column_text(st, 3));
  store_copy(r->ght, sizeof r->ght, db_column_text(st, 4));
  store_copy(r->commune, sizeof r->commune, db_column_text(st, 5));
  store_copy(r->commune_name, sizeof r->commune_name, db_column_text(st, 6));
  store_copy(r->departement, sizeof r->departement, db_column_text(st, 7));
  store_copy(r->departement_name, sizeof r->departement_name, db_column_text(st, 8));
  r->has_coords = !db_column_is_null(st, 9) && !db_column_is_null(st, 10);
  r->lat = r->has_coords ? db_column_double(st, 9) : 0;
  r->lon = r->has_coords ? db_column_double(st, 10) : 0;
  r->org_id = db_column_int64(st, 11);
  store_copy(r->org_name, sizeof r->org_name, db_column_text(st, 12));
  r->nunits = db_column_int64(st, 13);
  store_copy(r->created_at, sizeof r->created_at, db_column_text(st, 14));
  store_copy(r->updated_at, sizeof r->updated_at, db_column_text(st, 15));
}

static plam_err one(struct db_stmt *st, plam_err e, store_read_fn read, void *out) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) read(st, out);
  db_done(st);
  return e;
}

static plam_err run(struct db_stmt *st, plam_err e) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_estab_get(struct db *db, int64_t id, struct estab_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " ESTAB_COLS ESTAB_FROM "WHERE e.id = ?", &st);
  if (e) return e;
  return one(st, db_bind_int64(st, 1, id), estab_read, out);
}

plam_err store_estab_get_by_finess(struct db *db, const char *finess, struct estab_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " ESTAB_COLS ESTAB_FROM "WHERE e.finess = ?", &st);
  if (e) return e;
  return one(st, db_bind_text(st, 1, finess), estab_read, out);
}

#define ESTAB_WHERE \
  "WHERE (?1 IS NULL OR e.departement = ?1) AND (?2 IS NULL OR e.category = ?2) " \
  "AND (?3 IS NULL OR " STORE_LIKE_ANY( \
    "e.name", "?3") " OR e.finess = ?3) " \
                    "AND (?4 = 0 OR e.commune IN (SELECT commune FROM area_communes WHERE area_id = ?4)) " \
                    "AND (?5 = 0 OR e.org_id = ?5) "

static plam_err bind_filter(struct db_stmt *st, const struct estab_filter *f) {
  plam_err e = db_bind_text(st, 1, f->departement && *f->departement ? f->departement : NULL);
  if (!e) e = db_bind_text(st, 2, f->category && *f->category ? f->category : NULL);
  if (!e) e = db_bind_text(st, 3, f->q && *f->q ? f->q : NULL);
  if (!e) e = db_bind_int64(st, 4, f->area_id);
  if (!e) e = db_bind_int64(st, 5, f->org_id);
  return e;
}

plam_err store_estab_list(struct db *db, const struct estab_filter *f, struct estab_rec **out, int *n, int64_t *total) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT count(*) FROM establishments e " ESTAB_WHERE, &st);
  if (e) return e;
  e = bind_filter(st, f);
  int row = 0;
  if (!e) e = db_step(st, &row);
  *total = !e && row ? db_column_int64(st, 0) : 0;
  db_done(st);
  if (e) return e;
  e = db_prepare(db, "SELECT " ESTAB_COLS ESTAB_FROM ESTAB_WHERE "ORDER BY e.name, e.id LIMIT ?6 OFFSET ?7", &st);
  if (e) return e;
  e = bind_filter(st, f);
  if (!e) e = db_bind_int64(st, 6, f->limit);
  if (!e) e = db_bind_int64(st, 7, f->offset);
  return store_rows_collect_by(st, e, estab_read, sizeof **out, ESTAB_LIST_MAX, (void **)out, n);
}

static plam_err bind_estab(struct db_stmt *st, const struct estab_rec *r) {
  plam_err e = db_bind_text(st, 1, *r->finess ? r->finess : NULL);
  if (!e) e = db_bind_text(st, 2, r->name);
  if (!e) e = db_bind_text(st, 3, r->category);
  if (!e) e = db_bind_text(st, 4, r->ght);
  if (!e) e = db_bind_text(st, 5, *r->commune ? r->commune : NULL);
  if (!e) e = db_bind_text(st, 6, r->departement);
  if (!e) e = r->has_coords ? db_bind_double(st, 7, r->lat) : db_bind_null(st, 7);
  if (!e) e = r->has_coords ? db_bind_double(st, 8, r->lon) : db_bind_null(st, 8);
  if (!e) e = r->org_id ? db_bind_int64(st, 9, r->org_id) : db_bind_null(st, 9);
  return e;
}

plam_err store_estab_insert(struct db *db, const struct estab_rec *r, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "INSERT INTO establishments(finess, name, category, ght, commune, departement, lat, lon, "
                          "org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          &st);
  if (e) return e;
  return store_insert_id(st, bind_estab(st, r), id);
}

plam_err store_estab_update(struct db *db, const struct estab_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "UPDATE establishments SET finess = ?, name = ?, category = ?, ght = ?, commune = ?, "
                          "departement = ?, lat = ?, lon = ?, org_id = ?, updated_at = plam_now() WHERE id = ?",
                          &st);
  if (e) return e;
  e = bind_estab(st, r);
  if (!e) e = db_bind_int64(st, 10, r->id);
  return run(st, e);
}

plam_err store_estab_delete(struct db *db, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "DELETE FROM establishments WHERE id = ?", &st);
  if (e) return e;
  return run(st, db_bind_int64(st, 1, id));
}

/* ---- units ---- */

static void unit_read(struct db_stmt *st, void *out) {
  struct unit_rec *u = out;
  u->id = db_column_int64(st, 0);
  u->establishment_id = db_column_int64(st, 1);
  store_copy(u->name, sizeof u->name, db_column_text(st, 2));
  store_copy(u->specialty, sizeof u->specialty, db_column_text(st, 3));
}

plam_err store_unit_get(struct db *db, int64_t id, struct unit_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id, establishment_id, name, specialty FROM establishment_units WHERE id = ?",
                          &st);
  if (e) return e;
  return one(st, db_bind_int64(st, 1, id), unit_read, out);
}

plam_err store_unit_list(struct db *db, int64_t estab_id, struct unit_rec **out, int *n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT id, establishment_id, name, specialty FROM establishment_units "
                          "WHERE establishment_id = ? ORDER BY name, id",
                          &st);
  if (e) return e;
  return store_rows_collect_by(st, db_bind_int64(st, 1, estab_id), unit_read, sizeof **out, 10000, (void **)out, n);
}

plam_err store_unit_insert(struct db *db, const struct unit_rec *u, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(
    db, "INSERT INTO establishment_units(establishment_id, name, specialty) VALUES (?, ?, ?) RETURNING id", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, u->establishment_id);
  if (!e) e = db_bind_text(st, 2, u->name);
  if (!e) e = db_bind_text(st, 3, u->specialty);
  return store_insert_id(st, e, id);
}

plam_err store_unit_update(struct db *db, const struct unit_rec *u) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "UPDATE establishment_units SET name = ?, specialty = ? WHERE id = ?", &st);
  if (e) return e;
  e = db_bind_text(st, 1, u->name);
  if (!e) e = db_bind_text(st, 2, u->specialty);
  if (!e) e = db_bind_int64(st, 3, u->id);
  return run(st, e);
}

plam_err store_unit_delete(struct db *db, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "DELETE FROM establishment_units WHERE id = ?", &st);
  if (e) return e;
  return run(st, db_bind_int64(st, 1, id));
}

plam_err store_unit_by_name(struct db *db, int64_t estab_id, const char *name, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id FROM establishment_units WHERE establishment_id = ? AND name = ?", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, estab_id);
  if (!e) e = db_bind_text(st, 2, name);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}
