/* Demo training data for Pays de la Loire (plam init --demo), loaded after
 * the demo plans. Figures from the PDL plan (seed 003, 15 March 2022) are
 * cited as such: the announced increases « + 200 places AS et +120 places
 * IDE (voie scolaire) » (sheet 2.2) as région targets, and the short
 * sessions « 14 sessions proposées en PDL – 164 places » (sheet 1.3).
 * Everything else (the split of the increases by département, each
 * institute's places and entrants, enrolments, dropouts, apprentices) is
 * invented for the demonstration and says so in its source. Institutes have
 * no UAI (no real identifier is invented). The links to the PDL plan's
 * indicators are made last, so the figures are proposed to its review queue
 * as one batch. Everything goes through the module's audited writes;
 * loading twice adds nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/train/train_int.h"
#include "store/store.h"
#include "store/store_tx.h"

#define DEMO "démonstration"
#define SEED22 "PlaM Pays de la Loire, 15 mars 2022, fiche 2.2 : « + 200 places AS et +120 places IDE (voie scolaire) »"
#define SEED13 "PlaM Pays de la Loire, 15 mars 2022, fiche 1.3 : « 14 sessions proposées en PDL – 164 places »"

struct demo_inst {
  const char *name, *kind, *dep, *org;
  /* 2022, voie scolaire: IDE places / increase / entrants, AS the same */
  int ide, ide_up, ide_in, as, as_up, as_in;
};
static const struct demo_inst insts[] = {
  {"IFSI-IFAS de démonstration (Nantes)", "ifsi", "DEP-44", NULL, 330, 40, 318, 180, 60, 171},
  {"IFSI de démonstration (Angers)", "ifsi", "DEP-49", "IFSI de démonstration (Angers)", 250, 30, 236, 140, 45, 128},
  {"IFSI-IFAS de démonstration (Laval)", "ifsi", "DEP-53", NULL, 110, 15, 104, 80, 25, 69},
  {"IFSI-IFAS de démonstration (Le Mans)", "ifsi", "DEP-72", NULL, 160, 20, 151, 120, 40, 102},
  {"IFSI-IFAS de démonstration (La Roche-sur-Yon)", "ifsi", "DEP-85", NULL, 130, 15, 122, 100, 30, 88},
  {"CFA sanitaire et social de démonstration (Nantes)", "cfa", "DEP-44", NULL, 0, 0, 0, 0, 0, 0},
  {"UFR Santé de l'Université de Nantes", "ufr", "DEP-44", "UFR Santé de l'Université de Nantes", 0, 0, 0, 0, 0, 0},
};
enum { N_INSTS = sizeof insts / sizeof insts[0] };

/* 14 sessions, 164 places, on the five départements (sheet 1.3). */
struct demo_session {
  const char *dep, *starts_on;
  int hours, places, enrolled;
};
static const struct demo_session sessions[] = {
  {"DEP-44", "2022-03-07", 70, 12, 12},  {"DEP-44", "2022-05-09", 245, 12, 10}, {"DEP-44", "2022-09-12", 70, 12, 11},
  {"DEP-49", "2022-03-14", 70, 12, 9},   {"DEP-49", "2022-06-13", 245, 12, 12}, {"DEP-49", "2022-10-03", 70, 12, 7},
  {"DEP-53", "2022-04-04", 70, 10, 8},   {"DEP-53", "2022-09-19", 245, 10, 6},  {"DEP-72", "2022-03-21", 70, 12, 12},
  {"DEP-72", "2022-06-20", 245, 12, 11}, {"DEP-72", "2022-10-10", 70, 12, 10},  {"DEP-85", "2022-04-11", 70, 12, 9},
  {"DEP-85", "2022-06-27", 245, 12, 12}, {"DEP-85", "2022-10-17", 70, 12, 8},
};

static plam_err save(struct db *db, const struct actor *a, enum train_entity e, json_t *in, int64_t *id) {
  json_t *out = NULL;
  struct field_error fe = {0};
  if (!in) return PLAM_ERR_NOMEM;
  plam_err err = train_save(db, a, e, 0, 0, in, &out, &fe);
  json_decref(in);
  if (err) {
    fprintf(stderr, "plam: démo formation : %s : %s\n", fe.field, fe.message);
    return err;
  }
  if (id) *id = json_integer_value(json_object_get(out, "id"));
  json_decref(out);
  return PLAM_OK;
}

static plam_err already_loaded(struct db *db, int *yes) {
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_train_list(db, TRAIN_INSTITUTE, NULL, &rows);
  store_read_end(db);
  *yes = rows.n > 0;
  free(rows.rows);
  return e;
}

static plam_err ids_of(struct db *db, int64_t org_ids[N_INSTS], int64_t ind[5], const char *const codes[5]) {
  plam_err e = store_read_begin(db);
  if (e) return e;
  for (int i = 0; !e && i < N_INSTS; i++) {
    org_ids[i] = 0;
    if (insts[i].org && store_org_find_by_name(db, insts[i].org, &org_ids[i])) org_ids[i] = 0;
  }
  for (int i = 0; !e && i < 5; i++) e = store_train_indicator_by_code(db, codes[i], &ind[i]);
  store_read_end(db);
  return e;
}

plam_err train_demo_load(struct db *db) {
  int done = 0;
  plam_err e = already_loaded(db, &done);
  if (e || done) return e;
  struct actor a;
  actor_cli(&a);
  static const char *const codes[5] = {"pdl-1.3-places", "pdl-1.3-formes", "pdl-2.2-places-as", "pdl-2.2-places-ide",
                                       "pdl-2.4-ruptures-ifsi"};
  int64_t org_ids[N_INSTS], ind[5], inst[N_INSTS];
  if ((e = ids_of(db, org_ids, ind, codes))) return e;
  for (int i = 0; !e && i < N_INSTS; i++) {
    json_t *in = json_pack("{s:s, s:s, s:s}", "name", insts[i].name, "kind", insts[i].kind, "departement",
                           insts[i].dep);
    if (in && org_ids[i]) json_object_set_new(in, "org_id", json_integer(org_ids[i]));
    e = save(db, &a, TRAIN_INSTITUTE, in, &inst[i]);
  }
  /* capacities 2022 (voie scolaire) with the increase of the year */
  for (int i = 0; !e && i < N_INSTS; i++) {
    if (insts[i].ide)
      e = save(db, &a, TRAIN_CAPACITY,
               json_pack("{s:I, s:s, s:i, s:s, s:i, s:i, s:i, s:s}", "institute_id", (json_int_t)inst[i], "programme",
                         "ide", "year", 2022, "route", "school", "places", insts[i].ide, "increase", insts[i].ide_up,
                         "filled", insts[i].ide_in, "source", DEMO),
               NULL);
    if (!e && insts[i].as)
      e = save(db, &a, TRAIN_CAPACITY,
               json_pack("{s:I, s:s, s:i, s:s, s:i, s:i, s:i, s:s}", "institute_id", (json_int_t)inst[i], "programme",
                         "as", "year", 2022, "route", "school", "places", insts[i].as, "increase", insts[i].as_up,
                         "filled", insts[i].as_in, "source", DEMO),
               NULL);
    if (!e && insts[i].ide) /* the same institutes' targets: the split of the announced increases */
      e = save(db, &a, TRAIN_TARGET,
               json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "kind", "increase", "programme", "ide",
                         "territory_id", insts[i].dep, "year", 2022, "route", "school", "places", insts[i].ide_up,
                         "note", "répartition par département de démonstration", "source", DEMO),
               NULL);
    if (!e && insts[i].as)
      e = save(db, &a, TRAIN_TARGET,
               json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "kind", "increase", "programme", "as",
                         "territory_id", insts[i].dep, "year", 2022, "route", "school", "places", insts[i].as_up,
                         "note", "répartition par département de démonstration", "source", DEMO),
               NULL);
  }
  if (!e)
    e = save(db, &a, TRAIN_TARGET,
             json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:s}", "kind", "increase", "programme", "as", "territory_id",
                       "REG-52", "year", 2022, "route", "school", "places", 200, "source", SEED22),
             NULL);
  if (!e)
    e = save(db, &a, TRAIN_TARGET,
             json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:s}", "kind", "increase", "programme", "ide", "territory_id",
                       "REG-52", "year", 2022, "route", "school", "places", 120, "source", SEED22),
             NULL);
  /* apprenticeship route and medicine (sheet 2.1: intake target of the UFR) */
  if (!e)
    e = save(db, &a, TRAIN_CAPACITY,
             json_pack("{s:I, s:s, s:i, s:s, s:i, s:i, s:i, s:s}", "institute_id", (json_int_t)inst[5], "programme",
                       "as", "year", 2022, "route", "apprenticeship", "places", 40, "increase", 0, "filled", 31,
                       "source", DEMO),
             NULL);
  if (!e)
    e = save(db, &a, TRAIN_CAPACITY,
             json_pack("{s:I, s:s, s:i, s:s, s:i, s:s}", "institute_id", (json_int_t)inst[6], "programme", "medecine",
                       "year", 2023, "route", "school", "places", 290, "source", DEMO),
             NULL);
  if (!e)
    e = save(db, &a, TRAIN_TARGET,
             json_pack(
               "{s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "kind", "intake", "programme", "medecine", "territory_id",
               "DEP-44", "year", 2023, "route", "all", "places", 300, "note",
               "objectif d'admission en deuxième cycle de démonstration (fiche 2.1 : atteindre voire dépasser les ORP)",
               "source", DEMO),
             NULL);
  for (size_t i = 0; !e && i < sizeof sessions / sizeof sessions[0]; i++) {
    const struct demo_session *s = &sessions[i];
    char title[120];
    snprintf(title, sizeof title, "%s (%s)",
             s->hours == 70 ? "Formation 70 h — agents de service hospitalier"
                            : "Formation 245 h — fondamentaux de l'accompagnement",
             s->dep + 4);
    e = save(db, &a, TRAIN_SESSION,
             json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:i, s:s}", "title", title, "hours", s->hours, "audience",
                       "job_seekers", "departement", s->dep, "organiser", "Organisme de formation (démonstration)",
                       "starts_on", s->starts_on, "places", s->places, "enrolled", s->enrolled, "source",
                       "places : " SEED13 " ; inscrits : démonstration"),
             NULL);
  }
  /* apprentices (names are demo placeholders) */
  static const char *const appr[3][3] = {{"Apprentie A (démo)", "2022-09-05", "2024-07-31"},
                                         {"Apprenti B (démo)", "2022-09-05", "2024-07-31"},
                                         {"Apprentie C (démo)", "2021-09-06", "2023-07-31"}};
  int64_t first_appr = 0;
  for (int i = 0; !e && i < 3; i++)
    e = save(db, &a, TRAIN_APPRENTICE,
             json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "apprentice_name", appr[i][0], "programme",
                       "as", "institute_id", (json_int_t)inst[5], "employer_name", "EHPAD de démonstration (Sarthe)",
                       "master_name", "Maître d'apprentissage (démo)", "starts_on", appr[i][1], "ends_on", appr[i][2],
                       "status", i == 2 ? "completed" : "active", "employment", i == 2 ? "same_employer" : "unknown"),
             i ? NULL : &first_appr);
  if (!e && first_appr) {
    json_t *out = NULL;
    json_t *in = json_pack(
      "{s:s, s:s}", "noted_on", "2023-01-16", "text",
      "Point d'étape avec la maîtresse d'apprentissage : intégration dans l'équipe de nuit réussie.");
    e = in ? train_save(db, &a, TRAIN_NOTE, 0, first_appr, in, &out, NULL) : PLAM_ERR_NOMEM;
    json_decref(in);
    json_decref(out);
  }
  /* prevention actions of sheet 2.4 */
  static const char *const acts[4][4] = {
    {"qualitative_study", "Étude compréhensive des ruptures dans les formations paramédicales (appui Gérontopôle)",
     "in_progress", "PlaM Pays de la Loire, 15 mars 2022, fiches 2.4 et 3.6"},
    {"candidate_project", "Place du projet du candidat à la sélection (Parcoursup ou entretien)", "planned",
     "PlaM Pays de la Loire, 15 mars 2022, fiche 2.4"},
    {"immersion_days", "Journées d'immersion avant l'entrée en formation", "in_progress",
     "PlaM Pays de la Loire, 15 mars 2022, fiche 2.4"},
    {"vap_vae", "Parcours VAP et VAE pour les professionnels en poste", "planned",
     "PlaM Pays de la Loire, 15 mars 2022, fiche 2.4"}};
  for (int i = 0; !e && i < 4; i++) {
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "kind", acts[i][0], "title", acts[i][1], "status", acts[i][2],
                           "source", acts[i][3]);
    if (in && i == 2) json_object_set_new(in, "institute_id", json_integer(inst[1]));
    if (in && i != 2) json_object_set_new(in, "territory_id", json_string("REG-52"));
    e = save(db, &a, TRAIN_ACTION, in, NULL);
  }
  /* dropouts 2022 of the IFSIs (demo figures) */
  if (!e) {
    static const struct {
      int inst, study, enrolled;
      const char *cause;
      int internship, n;
    } d[] = {{0, 1, 318, "orientation", 0, 31}, {0, 1, 318, "internship", 1, 14}, {0, 1, 318, "financial", 0, 9},
             {0, 2, 290, "health", 0, 8},       {0, 2, 290, "internship", 1, 11}, {1, 1, 236, "orientation", 0, 22},
             {1, 1, 236, "family", 0, 7},       {1, 1, 236, "internship", 1, 12}, {2, 1, 104, "financial", 0, 6},
             {3, 1, 151, "orientation", 0, 14}, {3, 1, 151, "internship", 1, 9},  {4, 1, 122, "other", 0, 10}};
    enum { ND = sizeof d / sizeof d[0] };
    struct train_csv_row rows[ND];
    int64_t ids[ND];
    for (int i = 0; i < ND; i++) {
      rows[i] = (struct train_csv_row){.row = (uint32_t)i + 2,
                                       .year = 2022,
                                       .study_year = d[i].study,
                                       .enrolled = d[i].enrolled,
                                       .dropouts = d[i].n,
                                       .internship = d[i].internship};
      snprintf(rows[i].programme, sizeof rows[i].programme, "ide");
      snprintf(rows[i].cause, sizeof rows[i].cause, "%s", d[i].cause);
      ids[i] = inst[d[i].inst];
    }
    struct train_csv_report rep = {.rows = rows, .nrows = ND};
    json_t *out = NULL;
    e = train_dropouts_write(db, &a, &rep, ids, "ruptures-demonstration.csv", &out);
    json_decref(out);
  }
  /* the links last: one batch of proposals for the PDL plan's review queue */
  static const char *const link[5][3] = {{"session_places", NULL, NULL},
                                         {"session_enrolled", NULL, NULL},
                                         {"capacity_increase", "as", "school"},
                                         {"capacity_increase", "ide", "school"},
                                         {"dropout_rate", "ide", NULL}};
  for (int i = 0; !e && i < 5; i++) {
    if (!ind[i]) continue; /* demo plans not loaded (--demo-dir without PDL) */
    json_t *in = json_pack("{s:I, s:s}", "indicator_id", (json_int_t)ind[i], "metric", link[i][0]);
    if (in && link[i][1]) json_object_set_new(in, "programme", json_string(link[i][1]));
    if (in && link[i][2]) json_object_set_new(in, "route", json_string(link[i][2]));
    e = save(db, &a, TRAIN_LINK, in, NULL);
  }
  return e;
}
