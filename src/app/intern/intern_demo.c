/* Demo data of the internships module (plam init --demo): four sites in
 * Pays de la Loire (one for IPA students), the demo intern's assignment,
 * a closed university year of answers imported as an OPPI export (which
 * raises a harassment and an hours alert), a yearly review with a corrective
 * action, and the interns' working-life pilot programme (sheet 2.5).
 * Everything goes through the module's own functions (checked, audited).
 * The establishments are created when the establishments module has not
 * (same name and département): no FINESS number is invented. Skipped as a
 * whole when a site exists, so a second run changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/intern/intern_int.h"
#include "base/buf.h"
#include "store/store.h"
#include "store/store_tx.h"

static const struct {
  const char *name, *category, *dep, *org;
} estabs[] = {
  {"CHU de Nantes", "chu", "DEP-44", "CHU de Nantes"},
  {"CHU d'Angers", "chu", "DEP-49", NULL},
  {"Centre hospitalier du Mans", "ch", "DEP-72", NULL},
  {"Maison de santé pluriprofessionnelle de Challans", "health_centre", "DEP-85", NULL},
};

static const struct {
  int estab;
  const char *label, *programme, *specialty;
  int capacity;
} sites[] = {
  {0, "Médecine interne", "medicine", "Médecine interne", 4},
  {1, "Urgences adultes", "medicine", "Médecine d'urgence", 6},
  {2, "Pédiatrie", "medicine", "Pédiatrie", 3},
  {3, "Soins primaires", "ipa", "Pathologies chroniques stabilisées", 2},
};

static plam_err estab_tx(struct app_tx *tx, void *arg) {
  int64_t *ids = arg;
  for (size_t i = 0; i < sizeof estabs / sizeof estabs[0]; i++) {
    int64_t org = 0;
    if (estabs[i].org) {
      plam_err e = store_org_find_by_name(tx->db, estabs[i].org, &org);
      if (e && e != PLAM_ERR_NOT_FOUND) return e;
    }
    plam_err e = store_intern_establishment_ensure(tx->db, estabs[i].name, estabs[i].category, estabs[i].dep, org,
                                                   &ids[i]);
    if (e) return e;
  }
  return app_audit(tx, "demo", "intern_site", 0, NULL, json_pack("{s:s}", "establishments", "ensured"));
}

/* 12 answers on each semester of 2024-2025 for the urgences (long hours, one
 * harassment report), 6 and 3 on the médecine interne site. */
static plam_err demo_oppi(struct db *db, const struct actor *a, const int64_t *site_ids) {
  struct buf csv;
  buf_init(&csv, 1 << 20);
  int bad = 0;
  bad |= buf_printf(&csv, "identifiant;terrain;semestre;encadrement;conditions;heures;repos de garde;"
                          "demi-journées;tâches non médicales;respect;harcèlement;commentaire\n") != PLAM_OK;
  static const char *const sems[] = {"2024-11", "2025-05"};
  int n = 0;
  for (int s = 0; s < 2; s++)
    for (int k = 0; k < 12; k++) {
      bad |= buf_printf(&csv, "DEMO-U-%d;%lld;%s;%d;%d;%d;%s;%d;%d;%d;%s;%s\n", ++n, (long long)site_ids[1], sems[s],
                        k % 5 == 0 ? 0 : 2, 2, 50 + k % 6, k % 3 ? "oui" : "non", 1, 3, k % 4 ? 3 : 2,
                        s == 1 && k == 7 ? "oui" : "non",
                        k == 2 ? "Équipe soudée mais gardes trop nombreuses." : "") != PLAM_OK;
    }
  for (int s = 0; s < 2; s++)
    for (int k = 0; k < (s ? 3 : 6); k++)
      bad |= buf_printf(&csv, "DEMO-M-%d;%lld;%s;4;3;%d;sans objet;2;1;4;non;\n", ++n, (long long)site_ids[0], sems[s],
                        40 + k) != PLAM_OK;
  if (bad) {
    buf_release(&csv);
    return PLAM_ERR_NOMEM;
  }
  json_t *out = NULL, *errors = NULL;
  struct field_error fe = {0};
  plam_err e = intern_oppi_import(db, a, csv.data, csv.len, &out, &errors, &fe);
  buf_release(&csv);
  json_decref(out);
  json_decref(errors);
  return e;
}

plam_err intern_demo_load(struct db *db) {
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_list(db, &rows);
  store_read_end(db);
  free(rows.rows);
  if (e || rows.n) return e;
  struct actor a;
  actor_cli(&a);
  int64_t est[4] = {0}, site_ids[4] = {0};
  if ((e = app_write(db, &a, estab_tx, est, NULL))) return e;
  for (size_t i = 0; !e && i < sizeof sites / sizeof sites[0]; i++) {
    struct isite_input in = {.establishment_id = est[sites[i].estab],
                             .has_establishment = 1,
                             .label = sites[i].label,
                             .programme = sites[i].programme,
                             .specialty = sites[i].specialty,
                             .capacity = sites[i].capacity,
                             .has_capacity = 1,
                             .accredited_from = "2022-11-01",
                             .accredited_to = "2027-10-31",
                             .chu = -1};
    json_t *out = NULL;
    struct field_error fe = {0};
    e = intern_site_create(db, &a, &in, &out, &fe);
    if (!e) site_ids[i] = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
  }
  json_t *out = NULL;
  struct field_error fe = {0};
  if (!e) e = intern_assign(db, &a, site_ids[0], "2025-11", "interne", &out, &fe);
  json_decref(out);
  out = NULL;
  if (!e) e = demo_oppi(db, &a, site_ids);
  static const char *const closed[] = {"2024-11", "2025-05"};
  for (int i = 0; !e && i < 2; i++) {
    e = intern_semester_close(db, &a, closed[i], &out, &fe);
    json_decref(out);
    out = NULL;
  }
  if (!e) e = intern_review_create(db, &a, site_ids[1], "2024-2025", &out, &fe);
  int64_t review = out ? json_integer_value(json_object_get(out, "id")) : 0;
  json_decref(out);
  out = NULL;
  if (!e) {
    struct iaction_input in = {.kind = "corrective",
                               .review_id = review,
                               .title = "Tableau de service respectant le repos de sécurité",
                               .owner = "Chef de service des urgences",
                               .due_on = "2026-03-31",
                               .shared = -1};
    e = intern_action_create(db, &a, &in, &out, &fe);
    json_decref(out);
    out = NULL;
  }
  if (!e) {
    struct iaction_input in = {.kind = "programme",
                               .title = "Programme pilote « qualité de vie des internes » (fiche 2.5)",
                               .owner = "ARS Pays de la Loire et représentants des internes",
                               .due_on = "2026-10-31",
                               .follow_up = "Trois terrains volontaires ; évaluation d'impact au semestre suivant.",
                               .shared = 0};
    e = intern_action_create(db, &a, &in, &out, &fe);
    json_decref(out);
  }
  return e;
}
