/* Recruitment demo (plam init --demo): the pools of Pays de la Loire (the
 * region, the Sarthe inside it, the demo EHPAD's own pool inside the
 * Sarthe, and an open Renfort RH crisis pool), six candidates living around
 * Le Mans (no real identifier: no RPPS number, example.org addresses), and
 * two needs posted by the demo employer account « employeur » for the EHPAD
 * of its organisation, on fixed dates in January 2027. When no
 * establishment belongs to that organisation yet (the geo module's demo
 * creates establishments), one is added with the town's coordinates.
 * Everything goes through the audited app functions; loading twice adds
 * nothing (the region pool's name marks it). The seasonal campaign's demo
 * is recruit_season_demo.c, loaded after it with its own mark. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/users.h"
#include "app/access/write.h"
#include "app/recruit/recruit_int.h"
#include "store/store.h"
#include "store/store_recruit.h"
#include "store/store_estab.h"

#define DEMO_REGION "Vivier régional Pays de la Loire (démonstration)"

struct est_tx {
  int64_t org, id;
};

static plam_err est_tx(struct app_tx *tx, void *arg) {
  struct est_tx *x = arg;
  struct estab_rec r;
  memset(&r, 0, sizeof r);
  snprintf(r.name, sizeof r.name, "%s", "EHPAD de démonstration (Sarthe)");
  snprintf(r.category, sizeof r.category, "%s", "ehpad");
  snprintf(r.departement, sizeof r.departement, "%s", "DEP-72");
  r.has_coords = 1;
  r.lat = 48.0061;
  r.lon = 0.1996;
  r.org_id = x->org;
  plam_err e = store_estab_insert(tx->db, &r, &x->id);
  if (e) return e;
  return app_audit(tx, "create", "establishment", x->id, NULL,
                   json_pack("{s:I, s:s}", "id", (json_int_t)x->id, "name", "EHPAD de démonstration (Sarthe)"));
}

/* The employer's organisation's first establishment (by name), 0: none. */
static plam_err first_estab(struct db *db, int64_t org_id, int64_t *id) {
  struct estab_filter f = {.org_id = org_id, .limit = 1};
  struct estab_rec *rows = NULL;
  int n = 0;
  int64_t total = 0;
  *id = 0;
  if (!org_id) return PLAM_OK;
  plam_err e = store_estab_list(db, &f, &rows, &n, &total);
  if (!e && n) *id = rows[0].id;
  free(rows);
  return e;
}

static plam_err pool(struct db *db, const struct actor *a, const char *name, const char *level, int64_t parent,
                     int64_t est, const char *territory, int64_t *id) {
  json_t *in = json_pack("{s:s, s:s}", "name", name, "level", level), *out = NULL;
  if (parent) json_object_set_new(in, "parent_id", json_integer(parent));
  if (est) json_object_set_new(in, "establishment_id", json_integer(est));
  if (territory) json_object_set_new(in, "territory_id", json_string(territory));
  struct field_error fe = {0};
  plam_err e = recruit_pool_create(db, a, in, &out, &fe);
  if (!e) *id = json_integer_value(json_object_get(out, "id"));
  json_decref(in);
  json_decref(out);
  return e;
}

struct demo_cand {
  const char *first, *last;
  const char *mailbox; /* ASCII: the mail module refuses addresses outside it */
  const char *prof, *situation;
  double lat, lon, km;
  const char *afgsu_until; /* NULL: none */
  int pool;                /* 0 establishment, 1 département, 2 region, 3 crisis */
};

static const struct demo_cand cands[] = {
  {"Camille", "Exemple", "camille.exemple", "IDE", "employed", 48.0100, 0.2000, 30, "2028-06-30", 1},
  {"Louis", "Démo", "louis.demo", "IDE", "public_agent", 47.9600, 0.1500, 20, "2027-01-10", 0},
  {"Inès", "Fictive", "ines.fictive", "AS", "unemployed", 48.0500, 0.1700, 25, "2027-12-31", 1},
  {"Hugo", "Modèle", "hugo.modele", "AS", "retired", 47.9000, 0.3000, 40, NULL, 3},
  {"Léa", "Essai", "lea.essai", "ETU-IDE-3", "student", 48.0000, 0.1900, 15, "2027-09-30", 2},
  {"Nora", "Spécimen", "nora.specimen", "ASH", "student", 48.0200, 0.2100, 10, NULL, 0},
};

static plam_err candidate(struct db *db, const struct actor *a, const struct demo_cand *c, const int64_t *pools) {
  json_t *q = json_array();
  if (c->afgsu_until)
    json_array_append_new(q,
                          json_pack("{s:s, s:s, s:b}", "code", "AFGSU2", "valid_until", c->afgsu_until, "verified", 1));
  char email[128];
  snprintf(email, sizeof email, "%s@example.org", c->mailbox);
  json_t *in = json_pack(
    "{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b, s:b, s:o, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[I]}",
    "first_name", c->first, "last_name", c->last, "email", email, "profession", c->prof, "situation", c->situation,
    "lat", c->lat, "lon", c->lon, "departement", "DEP-72", "max_km", c->km, "accepts_shift", 1, "accepts_fixed_term",
    c->pool != 3, "qualifications", q, "availability", "kind", "available", "start", "2027-01-10T00:00+01:00", "end",
    "2027-01-31T00:00+01:00", "kind", "unavailable", "start", "2027-01-20T00:00+01:00", "end", "2027-01-22T00:00+01:00",
    "pools", (json_int_t)pools[c->pool]);
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = recruit_cand_save(db, a, 0, in, &out, &fe);
  json_decref(in);
  json_decref(out);
  return e;
}

static plam_err need(struct db *db, const struct actor *a, int64_t est, const char *prof, const char *s1,
                     const char *e1, const char *s2, const char *e2, const char *reason, int64_t pool) {
  json_t *in = json_pack("{s:I, s:s, s:[{s:s}], s:[{s:s, s:s}, {s:s, s:s}], s:I, s:s, s:s, s:s, s:s, s:f, s:[I], s:s}",
                         "establishment_id", (json_int_t)est, "profession", prof, "qualifications", "code", "AFGSU2",
                         "slots", "start", s1, "end", e1, "start", s2, "end", e2, "headcount", (json_int_t)1, "reason",
                         reason, "contract", "shift", "pay", "Grille de la FPH, indemnités de nuit", "urgency",
                         "within_week", "max_km", 30.0, "pools", (json_int_t)pool, "description",
                         "Remplacement au sein de l'unité de vie protégée.");
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = recruit_need_create(db, a, in, &out, &fe);
  json_decref(in);
  json_decref(out);
  return e;
}

static plam_err demo_base(struct db *db, const struct actor *staff_a, const struct actor *employer_a, int64_t est) {
  int64_t id;
  if (!store_rpool_find_name(db, DEMO_REGION, &id)) return PLAM_OK; /* loaded already */
  struct actor staff = *staff_a, employer = *employer_a;
  plam_err e;
  int64_t pools[4];
  if ((e = pool(db, &staff, DEMO_REGION, "region", 0, 0, "REG-52", &pools[2])) ||
      (e = pool(db, &staff, "Vivier de la Sarthe (démonstration)", "departement", pools[2], 0, "DEP-72", &pools[1])) ||
      (e = pool(db, &staff, "Vivier de l'EHPAD de démonstration (Sarthe)", "establishment", pools[1], est, NULL,
                &pools[0])) ||
      (e = pool(db, &staff, "Renfort RH — crise hivernale (démonstration)", "crisis", pools[2], 0, NULL, &pools[3])))
    return e;
  for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++)
    if ((e = candidate(db, &staff, &cands[i], pools))) return e;
  if ((e = need(db, &employer, est, "AS", "2027-01-15T21:00+01:00", "2027-01-16T07:00+01:00", "2027-01-16T21:00+01:00",
                "2027-01-17T07:00+01:00", "replacement", pools[1])) ||
      (e = need(db, &employer, est, "IDE", "2027-01-18T07:00+01:00", "2027-01-18T19:00+01:00", "2027-01-19T07:00+01:00",
                "2027-01-19T19:00+01:00", "seasonal", pools[2])))
    return e;
  return PLAM_OK;
}

plam_err recruit_demo_load(struct db *db) {
  struct actor staff, employer;
  actor_cli(&staff);
  plam_err e = users_actor(db, "employeur", &employer);
  if (e) return e == PLAM_ERR_NOT_FOUND ? PLAM_OK : e; /* no demo accounts: nothing to attach needs to */
  int64_t est = 0;
  if ((e = first_estab(db, employer.org_id, &est))) return e;
  if (!est) {
    struct est_tx x = {employer.org_id, 0};
    if ((e = app_write(db, &staff, est_tx, &x, NULL))) return e;
    est = x.id;
  }
  if (!(e = demo_base(db, &staff, &employer, est)))
    e = recruit_season_demo_load(db, &staff, &employer, est); /* season */
  return e;
}
