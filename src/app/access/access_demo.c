/* Demo data: see demo.h. Organisations come from the seed documents (the
 * partners of the Pays de la Loire, Bourgogne-Franche-Comté and Bretagne
 * plans); FINESS/SIRET numbers are left empty rather than invented. */
#include "app/access/access_demo.h"
#include <string.h>
#include "app/access/orgs.h"
#include "app/access/users.h"
#include "store/store_tx.h"

struct demo_org {
  const char *name, *kind, *territory;
};

static const struct demo_org demo_orgs[] = {
  {"ARS Pays de la Loire", "ars", "REG-52"},
  {"ARS Bourgogne-Franche-Comté", "ars", "REG-27"},
  {"ARS Bretagne", "ars", "REG-53"},
  {"Région Pays de la Loire", "region", "REG-52"},
  {"Région Bourgogne-Franche-Comté", "region", "REG-27"},
  {"Préfecture de la région Pays de la Loire", "prefecture", "REG-52"},
  {"DREETS Pays de la Loire", "dreets", "REG-52"},
  {"DREETS Bourgogne-Franche-Comté", "dreets", "REG-27"},
  {"France Travail Pays de la Loire", "france_travail", "REG-52"},
  {"Rectorat de la région académique Pays de la Loire", "rectorat", "REG-52"},
  {"OPCO Santé", "opco", "FR"},
  {"ANFH", "opco", "FR"},
  {"FHF Pays de la Loire", "federation", "REG-52"},
  {"URIOPSS Pays de la Loire", "federation", "REG-52"},
  {"CHU de Nantes", "establishment", "DEP-44"},
  {"EHPAD de démonstration (Sarthe)", "establishment", "DEP-72"},
  {"IFSI de démonstration (Angers)", "training_institute", "DEP-49"},
  {"UFR Santé de l'Université de Nantes", "university", "DEP-44"},
  {"Communauté de communes de démonstration (Mayenne)", "local_authority", "DEP-53"},
};

const struct demo_account demo_accounts[] = {
  {"admin", "demo-admin-2026", "Administratrice de démonstration", "admin", "ARS Pays de la Loire"},
  {"staff", "demo-staff-2026", "Équipe du plan (démo)", "staff", "ARS Pays de la Loire"},
  {"pilote", "demo-pilote-2026", "Pilote d'action (démo)", "pilot", "DREETS Pays de la Loire"},
  {"partenaire", "demo-partenaire-2026", "Partenaire (démo)", "partner", "URIOPSS Pays de la Loire"},
  {"employeur", "demo-employeur-2026", "Employeur (démo)", "employer", "EHPAD de démonstration (Sarthe)"},
  {"candidat", "demo-candidat-2026", "Candidate (démo)", "candidate", NULL},
  {"institut", "demo-institut-2026", "Institut de formation (démo)", "institute", "IFSI de démonstration (Angers)"},
  {"interne", "demo-interne-2026", "Interne (démo)", "intern", NULL},
  {"collectivite", "demo-collectivite-2026", "Collectivité (démo)", "local_authority",
   "Communauté de communes de démonstration (Mayenne)"},
};
const int demo_accounts_count = (int)(sizeof demo_accounts / sizeof demo_accounts[0]);

plam_err access_demo_load(struct db *db) {
  struct actor a;
  actor_cli(&a);
  plam_err e = PLAM_OK;
  for (size_t i = 0; !e && i < sizeof demo_orgs / sizeof demo_orgs[0]; i++) {
    int64_t id;
    if (store_org_find_by_name(db, demo_orgs[i].name, &id) == PLAM_OK) continue;
    struct org_input in = {.name = demo_orgs[i].name,
                           .kind = demo_orgs[i].kind,
                           .territory_id = demo_orgs[i].territory};
    struct org_rec o;
    e = orgs_create(db, &a, &in, &o, NULL);
  }
  for (int i = 0; !e && i < demo_accounts_count; i++) {
    const struct demo_account *d = &demo_accounts[i];
    struct user_rec u;
    if (store_user_get_by_login(db, d->login, &u, NULL, 0) == PLAM_OK) continue;
    int64_t org_id = 0;
    if (d->org_name && (e = store_org_find_by_name(db, d->org_name, &org_id))) break;
    struct user_input in = {.login = d->login,
                            .display_name = d->display_name,
                            .role = d->role,
                            .password = d->password,
                            .org_id = org_id,
                            .disabled = 0};
    e = users_create(db, &a, &in, &u, NULL);
  }
  return e;
}
