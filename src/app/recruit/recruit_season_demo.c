/* Seasonal campaign demo (plam init --demo, after recruit_demo.c's pools,
 * candidates and needs): plan staff open « Été 2027 » for students (hospital
 * service agent and nursing assistant posts; non-health students, nursing
 * students in 2nd and 3rd year and nursing-assistant pupils admitted), in
 * the Sarthe; the
 * demo employer attaches three needs of July and August 2027 at its EHPAD;
 * three fictitious students (example.org addresses) are in the campaign's
 * pool, as a staff import of applications puts them. Everything goes
 * through the audited app functions; loading twice adds nothing (the
 * campaign's pool bears its name). */
#include <stdio.h>
#include <string.h>
#include "app/access/users.h"
#include "app/recruit/recruit_int.h"
#include "store/store_recruit.h"

#define DEMO_SEASON "Été 2027 : étudiants en renfort (démonstration)"

struct demo_student {
  const char *first, *last, *mailbox, *prof;
  double lat, lon, km;
};

static const struct demo_student students[] = {
  {"Chloé", "Saisonnière", "chloe.saisonniere", "ETU-AUTRE", 48.0150, 0.1850, 15},
  {"Yanis", "Vacances", "yanis.vacances", "ETU-IDE-2", 47.9900, 0.2200, 20},
  {"Manon", "Juillet", "manon.juillet", "ETU-AS", 48.0300, 0.1600, 25},
};

static plam_err student(struct db *db, const struct actor *a, const struct demo_student *s, int64_t pool) {
  char email[128];
  snprintf(email, sizeof email, "%s@example.org", s->mailbox);
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b, s:b, s:[{s:s, s:s, s:s}], s:[I]}",
                         "first_name", s->first, "last_name", s->last, "email", email, "profession", s->prof,
                         "situation", "student", "lat", s->lat, "lon", s->lon, "departement", "DEP-72", "max_km", s->km,
                         "accepts_shift", 1, "accepts_fixed_term", 1, "availability", "kind", "available", "start",
                         "2027-07-01T00:00+02:00", "end", "2027-09-01T00:00+02:00", "pools", (json_int_t)pool);
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = in ? recruit_cand_save(db, a, 0, in, &out, &fe) : PLAM_ERR_NOMEM;
  json_decref(in);
  json_decref(out);
  return e;
}

/* One need of the employer attached to the campaign: a fixed-term post of
 * `days` day shifts from `first` (YYYY-MM-DD, July or August 2027). */
static plam_err need(struct db *db, const struct actor *a, int64_t est, int64_t campaign, const char *prof,
                     const char *first, int days, int headcount, const char *what) {
  json_t *slots = json_array();
  int d0 = 0;
  sscanf(first + 8, "%2d", &d0);
  for (int i = 0; slots && i < days; i++) {
    char s[32], e[32];
    snprintf(s, sizeof s, "%.8s%02dT07:00+02:00", first, d0 + i);
    snprintf(e, sizeof e, "%.8s%02dT14:00+02:00", first, d0 + i);
    json_array_append_new(slots, json_pack("{s:s, s:s}", "start", s, "end", e));
  }
  json_t *in = json_pack("{s:I, s:s, s:o, s:I, s:s, s:s, s:s, s:s, s:f, s:I, s:s}", "establishment_id", (json_int_t)est,
                         "profession", prof, "slots", slots, "headcount", (json_int_t)headcount, "reason", "seasonal",
                         "contract", "fixed_term", "pay", "Grille de la FPH, contrat saisonnier", "urgency", "planned",
                         "max_km", 30.0, "campaign_id", (json_int_t)campaign, "description", what);
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = in ? recruit_need_create(db, a, in, &out, &fe) : PLAM_ERR_NOMEM;
  json_decref(in);
  json_decref(out);
  return e;
}

plam_err recruit_season_demo_load(struct db *db, const struct actor *staff, const struct actor *employer, int64_t est) {
  int64_t id;
  if (!store_rpool_find_name(db, DEMO_SEASON, &id)) return PLAM_OK; /* loaded already */
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[{s:s}, {s:s}], s:[{s:s}, {s:s}, {s:s}, {s:s}]}", "name",
                         DEMO_SEASON, "departement", "DEP-72", "starts_on", "2027-07-01", "ends_on", "2027-08-31",
                         "description",
                         "Pendant l'été, les établissements de la Sarthe accueillent des étudiants : postes d'agent de "
                         "service hospitalier (formation sur place) et d'aide-soignant pour les étudiants en soins.",
                         "posts", "code", "ASH", "code", "AS", "admitted", "code", "ETU-AUTRE", "code", "ETU-IDE-2",
                         "code", "ETU-IDE-3", "code", "ETU-AS");
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = in ? recruit_season_create(db, staff, in, &out, &fe) : PLAM_ERR_NOMEM;
  json_decref(in);
  if (e) return e;
  int64_t campaign = json_integer_value(json_object_get(out, "id"));
  int64_t pool = json_integer_value(json_object_get(out, "pool_id"));
  json_decref(out);
  if ((e = need(db, employer, est, campaign, "ASH", "2027-07-05", 5, 2,
                "Entretien des chambres et aide aux repas, formation le premier jour.")) ||
      (e = need(db, employer, est, campaign, "AS", "2027-07-19", 5, 1,
                "Soins d'hygiène et de confort auprès des résidents, en binôme avec une aide-soignante.")) ||
      (e = need(db, employer, est, campaign, "ASH", "2027-08-09", 5, 2,
                "Remplacements des congés d'été : entretien et service des repas.")))
    return e;
  for (size_t i = 0; i < sizeof students / sizeof students[0]; i++)
    if ((e = student(db, staff, &students[i], pool))) return e;
  return PLAM_OK;
}
