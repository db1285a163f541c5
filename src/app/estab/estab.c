/* Establishments and units: views, access, writes. See estab.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/estab/estab.h"
#include "app/geo/geo.h"
#include "store/store_tx.h"

const char *const estab_categories[] = {
  "chu", "ch", "clinic", "ehpad", "disability", "home_care", "psychiatry", "health_centre", "social", "other", NULL};
const char *const estab_category_labels[] = {"Centre hospitalier universitaire",
                                             "Centre hospitalier",
                                             "Clinique",
                                             "EHPAD",
                                             "Établissement ou service pour personnes handicapées",
                                             "Soins et aide à domicile",
                                             "Établissement de santé mentale",
                                             "Centre ou maison de santé",
                                             "Établissement social",
                                             "Autre",
                                             NULL};

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

static const char *category_label(const char *c) {
  for (int i = 0; estab_categories[i]; i++)
    if (!strcmp(estab_categories[i], c)) return estab_category_labels[i];
  return c;
}

json_t *estab_to_json(const struct estab_rec *r) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)r->id, "name",
                        r->name, "category", r->category, "category_label", category_label(r->category), "ght", r->ght,
                        "commune_name", r->commune_name, "departement", r->departement, "departement_name",
                        r->departement_name, "units", (json_int_t)r->nunits, "created_at", r->created_at, "updated_at",
                        r->updated_at);
  if (!j) return NULL;
  json_object_set_new(j, "finess", *r->finess ? json_string(r->finess) : json_null());
  json_object_set_new(j, "commune", *r->commune ? json_string(r->commune) : json_null());
  json_object_set_new(j, "lat", r->has_coords ? json_real(r->lat) : json_null());
  json_object_set_new(j, "lon", r->has_coords ? json_real(r->lon) : json_null());
  json_object_set_new(j, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
  json_object_set_new(j, "org_name", r->org_id ? json_string(r->org_name) : json_null());
  return j;
}

json_t *unit_to_json(const struct unit_rec *u) {
  return json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)u->id, "establishment_id", (json_int_t)u->establishment_id,
                   "name", u->name, "specialty", u->specialty);
}

/* The actor may see (and, with estab.units, manage the units of) r. */
static int may_see(const struct actor *a, const struct estab_rec *r) {
  if (is_staff(a)) return 1;
  return a->role == ROLE_EMPLOYER && a->org_id && r->org_id == a->org_id;
}

plam_err estab_list(struct db *db, const struct actor *a, const struct estab_filter *f, json_t **out, int64_t *total) {
  struct estab_filter g = *f;
  if (!is_staff(a)) {
    if (a->role != ROLE_EMPLOYER || !a->org_id) return PLAM_ERR_FORBIDDEN;
    g.org_id = a->org_id; /* an employer sees its own organisation's */
  }
  struct estab_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_estab_list(db, &g, &rows, &n, total);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, estab_to_json(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

static plam_err load(struct db *db, const struct actor *a, int64_t id, struct estab_rec *r) {
  plam_err e = store_estab_get(db, id, r);
  if (!e && !may_see(a, r)) e = is_staff(a) || a->role == ROLE_EMPLOYER ? PLAM_ERR_NOT_FOUND : PLAM_ERR_FORBIDDEN;
  return e;
}

plam_err estab_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  struct estab_rec r;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, id, &r);
  store_read_end(db);
  if (!e && !(*out = estab_to_json(&r))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- writes ---- */

/* Applies in to r inside the write transaction (reads communes and the
 * organisation). creating: name and category are required. */
static plam_err apply(struct app_tx *tx, struct estab_rec *r, const struct estab_input *in, int creating) {
  struct field_error *fe = tx->fe;
  plam_err e = PLAM_OK;
  if (in->finess) {
    if (*in->finess) {
      const char *why = estab_finess_check(in->finess);
      if (why) return field_fail(fe, "finess", why);
      struct estab_rec other;
      e = store_estab_get_by_finess(tx->db, in->finess, &other);
      if (!e && other.id != r->id) return field_fail(fe, "finess", "un autre établissement porte ce numéro FINESS");
      if (e && e != PLAM_ERR_NOT_FOUND) return e;
      e = PLAM_OK;
    }
    e = text_put("finess", r->finess, sizeof r->finess, in->finess, 9, TEXT_ASCII, fe);
  }
  if (!e && (creating || in->name)) e = text_put("name", r->name, sizeof r->name, in->name, 200, TEXT_REQUIRED, fe);
  if (!e && (creating || in->category)) {
    e = text_enum("category", in->category, estab_categories, 1, fe);
    if (!e) e = text_put("category", r->category, sizeof r->category, in->category, 15, TEXT_ASCII, fe);
  }
  if (!e && in->ght) e = text_put("ght", r->ght, sizeof r->ght, in->ght, 100, 0, fe);
  int moved = 0;
  if (!e && in->commune) {
    if (!*in->commune) {
      if (creating || *r->commune) return field_fail(fe, "commune", "commune obligatoire");
    } else {
      struct commune_rec c;
      int merged = 0;
      e = geo_commune_lookup(tx->db, in->commune, &c, &merged);
      if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "commune", "commune inconnue (code INSEE attendu)");
      if (e) return e;
      moved = strcmp(r->commune, c.code) != 0;
      strcpy(r->commune, c.code);
      strcpy(r->departement, c.departement);
      if (moved && !in->has_lat && !in->has_lon) { /* the commune's centroid by default */
        r->has_coords = 1;
        r->lat = c.lat;
        r->lon = c.lon;
      }
    }
  } else if (!e && creating) {
    return field_fail(fe, "commune", "commune obligatoire");
  }
  if (!e && (in->has_lat || in->has_lon)) {
    if (!(in->has_lat && in->has_lon))
      return field_fail(fe, in->has_lat ? "lon" : "lat", "latitude et longitude ensemble");
    if (!isfinite(in->lat) || in->lat < -90 || in->lat > 90) return field_fail(fe, "lat", "latitude entre -90 et 90");
    if (!isfinite(in->lon) || in->lon < -180 || in->lon > 180)
      return field_fail(fe, "lon", "longitude entre -180 et 180");
    r->has_coords = 1;
    r->lat = in->lat;
    r->lon = in->lon;
  }
  if (!e && in->has_org) {
    if (!is_staff(tx->a)) return field_fail(fe, "org_id", "seule l'équipe du plan rattache une organisation");
    if (in->org_id) {
      struct org_rec o;
      e = store_org_get(tx->db, in->org_id, &o);
      if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "org_id", "organisation inconnue");
      if (e) return e;
      strcpy(r->org_name, o.name);
    }
    r->org_id = in->org_id;
  }
  return e;
}

struct estab_arg {
  int64_t id;
  const struct estab_input *in;
  struct estab_rec rec;
};

static plam_err create_tx(struct app_tx *tx, void *arg) {
  struct estab_arg *x = arg;
  memset(&x->rec, 0, sizeof x->rec);
  plam_err e = apply(tx, &x->rec, x->in, 1);
  if (!e) e = store_estab_insert(tx->db, &x->rec, &x->id);
  if (!e) e = store_estab_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "create", "establishment", x->id, NULL, estab_to_json(&x->rec));
}

plam_err estab_create(struct db *db, const struct actor *a, const struct estab_input *in, json_t **out,
                      struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct estab_arg x = {0, in, {0}};
  plam_err e = app_write(db, a, create_tx, &x, fe);
  if (!e && !(*out = estab_to_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err update_tx(struct app_tx *tx, void *arg) {
  struct estab_arg *x = arg;
  struct estab_rec before;
  plam_err e = store_estab_get(tx->db, x->id, &before);
  if (e) return e;
  x->rec = before;
  e = apply(tx, &x->rec, x->in, 0);
  if (!e) e = store_estab_update(tx->db, &x->rec);
  if (!e) e = store_estab_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "update", "establishment", x->id, estab_to_json(&before), estab_to_json(&x->rec));
}

plam_err estab_update(struct db *db, const struct actor *a, int64_t id, const struct estab_input *in, json_t **out,
                      struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct estab_arg x = {id, in, {0}};
  plam_err e = app_write(db, a, update_tx, &x, fe);
  if (!e && !(*out = estab_to_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err delete_tx(struct app_tx *tx, void *arg) {
  struct estab_arg *x = arg;
  plam_err e = store_estab_get(tx->db, x->id, &x->rec);
  if (!e && x->rec.nunits) {
    field_fail(tx->fe, "id", "supprimez d'abord les unités de l'établissement");
    return PLAM_ERR_CONFLICT;
  }
  if (!e) e = store_estab_delete(tx->db, x->id); /* CONFLICT when other records name it */
  if (e) return e;
  return app_audit(tx, "delete", "establishment", x->id, estab_to_json(&x->rec), NULL);
}

plam_err estab_delete(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct estab_arg x = {id, NULL, {0}};
  plam_err e = app_write(db, a, delete_tx, &x, NULL);
  if (!e && !(*out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- units ---- */

plam_err estab_units(struct db *db, const struct actor *a, int64_t estab_id, json_t **out) {
  struct estab_rec r;
  struct unit_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, estab_id, &r);
  if (!e) e = store_unit_list(db, estab_id, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, unit_to_json(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

struct unit_arg {
  int64_t id, estab_id;
  const struct unit_input *in;
  struct unit_rec rec;
};

static plam_err unit_apply(struct app_tx *tx, struct unit_rec *u, const struct unit_input *in, int creating) {
  plam_err e = PLAM_OK;
  if (creating || in->name) {
    e = text_put("name", u->name, sizeof u->name, in->name, 200, TEXT_REQUIRED, tx->fe);
    int64_t other = 0;
    plam_err f = e ? e : store_unit_by_name(tx->db, u->establishment_id, u->name, &other);
    if (!e && !f && other != u->id) return field_fail(tx->fe, "name", "une unité de l'établissement porte déjà ce nom");
    if (!e && f && f != PLAM_ERR_NOT_FOUND) return f;
  }
  if (!e && in->specialty) e = text_put("specialty", u->specialty, sizeof u->specialty, in->specialty, 100, 0, tx->fe);
  return e;
}

static plam_err unit_create_tx(struct app_tx *tx, void *arg) {
  struct unit_arg *x = arg;
  struct estab_rec r;
  plam_err e = load(tx->db, tx->a, x->estab_id, &r);
  if (e) return e;
  memset(&x->rec, 0, sizeof x->rec);
  x->rec.establishment_id = x->estab_id;
  e = unit_apply(tx, &x->rec, x->in, 1);
  if (!e) e = store_unit_insert(tx->db, &x->rec, &x->id);
  if (!e) e = store_unit_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "create", "establishment_unit", x->id, NULL, unit_to_json(&x->rec));
}

plam_err estab_unit_create(struct db *db, const struct actor *a, int64_t estab_id, const struct unit_input *in,
                           json_t **out, struct field_error *fe) {
  struct unit_arg x = {0, estab_id, in, {0}};
  plam_err e = app_write(db, a, unit_create_tx, &x, fe);
  if (!e && !(*out = unit_to_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err unit_update_tx(struct app_tx *tx, void *arg) {
  struct unit_arg *x = arg;
  struct unit_rec before;
  struct estab_rec r;
  plam_err e = store_unit_get(tx->db, x->id, &before);
  if (!e) e = load(tx->db, tx->a, before.establishment_id, &r);
  if (e) return e;
  x->rec = before;
  e = unit_apply(tx, &x->rec, x->in, 0);
  if (!e) e = store_unit_update(tx->db, &x->rec);
  if (e) return e;
  return app_audit(tx, "update", "establishment_unit", x->id, unit_to_json(&before), unit_to_json(&x->rec));
}

plam_err estab_unit_update(struct db *db, const struct actor *a, int64_t unit_id, const struct unit_input *in,
                           json_t **out, struct field_error *fe) {
  struct unit_arg x = {unit_id, 0, in, {0}};
  plam_err e = app_write(db, a, unit_update_tx, &x, fe);
  if (!e && !(*out = unit_to_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err unit_delete_tx(struct app_tx *tx, void *arg) {
  struct unit_arg *x = arg;
  struct estab_rec r;
  plam_err e = store_unit_get(tx->db, x->id, &x->rec);
  if (!e) e = load(tx->db, tx->a, x->rec.establishment_id, &r);
  if (!e) e = store_unit_delete(tx->db, x->id);
  if (e) return e;
  return app_audit(tx, "delete", "establishment_unit", x->id, unit_to_json(&x->rec), NULL);
}

plam_err estab_unit_delete(struct db *db, const struct actor *a, int64_t unit_id, json_t **out) {
  struct unit_arg x = {unit_id, 0, NULL, {0}};
  plam_err e = app_write(db, a, unit_delete_tx, &x, NULL);
  if (!e && !(*out = json_pack("{s:I, s:b}", "id", (json_int_t)unit_id, "deleted", 1))) e = PLAM_ERR_NOMEM;
  return e;
}
