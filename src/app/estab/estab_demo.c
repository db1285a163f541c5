/* Demo establishments and areas (plam init --demo): a few establishments of
 * Pays de la Loire, without FINESS numbers (the demo invents no real
 * identifier), two of them attached to the demo organisations (the demo
 * employer's EHPAD, so the "employeur" account sees it and manages its
 * units), with units; and two areas of the demo région. Everything goes
 * through the audited app functions; loading twice adds nothing. */
#include <stdio.h>
#include <string.h>
#include "app/estab/estab.h"
#include "app/geo/geo.h"
#include "store/store.h"
#include "store/store_tx.h"

struct demo_estab {
  const char *name, *category, *ght, *commune, *org;
  const char *units[3];
};

static const struct demo_estab demo_estabs[] = {
  {"Centre hospitalier universitaire (démo) — Nantes",
   "chu",
   "GHT 44 (démo)",
   "44109",
   "CHU de Nantes",
   {"Urgences adultes", "Médecine gériatrique", "Pédiatrie"}},
  {"EHPAD Les Tilleuls (démo) — Le Mans",
   "ehpad",
   "",
   "72181",
   "EHPAD de démonstration (Sarthe)",
   {"Unité Alzheimer", "Hébergement permanent", NULL}},
  {"Centre hospitalier (démo) — Cholet", "ch", "GHT 49 (démo)", "49099", NULL, {"Médecine polyvalente", NULL, NULL}},
  {"Clinique (démo) — La Roche-sur-Yon", "clinic", "", "85191", NULL, {NULL, NULL, NULL}},
  {"Service de soins infirmiers à domicile (démo) — Laval", "home_care", "", "53130", NULL, {NULL, NULL, NULL}},
};

/* Two areas of the demo région, with a few communes each (not the INSEE
 * zones: illustrative). */
static const char *const nantes_area[] = {"44109", "44143", "44190", "44035", "44162", NULL};
static const char *const sarthe_area[] = {"72181", "72003", "72260", NULL};

static plam_err demo_area(struct db *db, const struct actor *a, const char *code, const char *name,
                          const char *const *communes) {
  struct area_rec r;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_area_get_by_code(db, code, &r);
  store_read_end(db);
  if (e != PLAM_ERR_NOT_FOUND) return e;
  /* through the CSV import, the one way communes enter an area */
  char csv[1024];
  int n = snprintf(csv, sizeof csv, "code zone;nom zone;type;code commune\n");
  for (int i = 0; communes[i]; i++)
    n += snprintf(csv + n, sizeof csv - (size_t)n, "%s;%s;ars;%s\n", code, name, communes[i]);
  struct geo_file_report rep;
  json_t *sum = NULL;
  e = geo_areas_import(db, a, csv, (size_t)n, &rep, &sum);
  if (e && rep.nerrors) {
    char msg[400];
    geo_file_msg_text(&rep.errors[0], msg, sizeof msg);
    fprintf(stderr, "plam: zone de démonstration %s : %s\n", code, msg);
  }
  geo_file_report_free(&rep);
  json_decref(sum);
  return e;
}

plam_err estab_demo_load(struct db *db) {
  struct actor a;
  actor_cli(&a);
  plam_err e = demo_area(db, &a, "DEMO-NANTES", "Agglomération nantaise (démo)", nantes_area);
  if (!e) e = demo_area(db, &a, "DEMO-LE-MANS", "Le Mans et sa couronne (démo)", sarthe_area);
  for (size_t i = 0; !e && i < sizeof demo_estabs / sizeof demo_estabs[0]; i++) {
    const struct demo_estab *d = &demo_estabs[i];
    struct estab_filter f = {.q = d->name, .limit = 1};
    json_t *found = NULL;
    int64_t total = 0;
    e = estab_list(db, &a, &f, &found, &total);
    json_decref(found);
    if (e || total) continue;
    int64_t org = 0;
    if (d->org) {
      e = store_read_begin(db);
      if (!e) {
        e = store_org_find_by_name(db, d->org, &org);
        store_read_end(db);
      }
      if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK, org = 0;
    }
    struct estab_input in = {.name = d->name,
                             .category = d->category,
                             .ght = d->ght,
                             .commune = d->commune,
                             .org_id = org,
                             .has_org = org != 0};
    struct field_error fe = {0};
    json_t *out = NULL;
    if (!e) e = estab_create(db, &a, &in, &out, &fe);
    int64_t id = !e ? (int64_t)json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    for (int u = 0; !e && u < 3 && d->units[u]; u++) {
      struct unit_input ui = {.name = d->units[u], .specialty = ""};
      json_t *uo = NULL;
      e = estab_unit_create(db, &a, id, &ui, &uo, &fe);
      json_decref(uo);
    }
  }
  return e;
}
