/* Reference tables of the training module: allowed values (cited by the
 * route specs and matching the CHECKs of migration 0017), the programme
 * nomenclature (the same rows as data/ref/programmes.csv, checked by
 * tests/unit/app/train/test_train.c), the UAI check key and the rate. */
#include <math.h>
#include <string.h>
#include "app/train/train.h"

const char *const train_institute_kinds[] = {"ifsi", "ifas", "ifap", "irts", "ufr", "cfa", "other", NULL};
const char *const train_routes[] = {"school", "apprenticeship", "further", NULL};
const char *const train_target_kinds[] = {"increase", "intake", "capacity", NULL};
const char *const train_target_routes[] = {"school", "apprenticeship", "further", "all", NULL};
const char *const train_audiences[] = {"job_seekers", "ash", "employees", "all", NULL};
const char *const train_apprentice_statuses[] = {"active", "completed", "broken", NULL};
const char *const train_employments[] = {"unknown",      "same_employer", "region", "elsewhere",
                                         "not_employed", "studying",      NULL};
const char *const train_causes[] = {"internship", "financial", "health", "orientation", "family", "other", NULL};
const char *const train_action_kinds[] = {
  "qualitative_study", "candidate_project", "immersion_days", "vap_vae", "other", NULL};
const char *const train_action_statuses[] = {"planned", "in_progress", "done", "dropped", NULL};
/* In the order of enum train_metric (store_train.h). */
const char *const train_metrics[] = {
  "capacity_places", "capacity_increase", "capacity_fill", "session_places",    "session_enrolled",
  "session_fill",    "dropout_rate",      "apprentices",   "sites_under_alert", NULL};

const struct train_programme train_programmes[] = {
  {"ide", "Infirmier (IDE)", "Diplôme d'État d'infirmier",
   "Arrêté du 31 juillet 2009 relatif au diplôme d'État d'infirmier (NOR SASH0918262A)",
   "vérifié le 2026-12-06 : Légifrance, JORFTEXT000020961044"},
  {"as", "Aide-soignant (AS)", "Diplôme d'État d'aide-soignant",
   "Arrêté du 10 juin 2021 relatif à la formation conduisant au diplôme d'État d'aide-soignant et portant diverses "
   "dispositions relatives aux modalités de fonctionnement des instituts de formation paramédicaux (NOR SSAH2110960A)",
   "vérifié le 2026-12-06 : JORF n° 0135 du 12 juin 2021, texte n° 17 (intitulé complété)"},
  {"ap", "Auxiliaire de puériculture (AP)", "Diplôme d'État d'auxiliaire de puériculture",
   "Arrêté du 10 juin 2021 relatif à la formation conduisant au diplôme d'État d'auxiliaire de puériculture",
   "vérifié le 2026-12-06 : cité par l'arrêté du 28 mars 2022 (JORF n° 0078 du 2 avril 2022) — NOR non relevé"},
  {"aes", "Accompagnant éducatif et social (AES)", "Diplôme d'État d'accompagnant éducatif et social",
   "Code de l'action sociale et des familles, art. D451-88 à D451-93 (décret n° 2016-74 du 29 janvier 2016, modifié "
   "par le décret n° 2021-1133 du 30 août 2021)",
   "vérifié le 2026-12-06 : Légifrance (arrêté visant les art. D451-88 à D451-93) — décrets précisés"},
  {"ash", "Agent de service hospitalier (ASH)", "Formation courte qualifiante (70 h), sans diplôme d'État",
   "Plan de mobilisation Pays de la Loire, fiche 1.3 (formation 70 H destinée aux ASH)",
   "sans objet : pas de diplôme d'État ni de texte réglementaire, la source est le plan"},
  {"ipa", "Infirmier en pratique avancée (IPA)", "Diplôme d'État d'infirmier en pratique avancée (grade de master)",
   "Décret n° 2018-633 du 18 juillet 2018 relatif au diplôme d'État d'infirmier en pratique avancée (Code de "
   "l'éducation, art. D636-73 et suivants)",
   "vérifié le 2026-12-06 : Légifrance (Code de l'éducation, art. D636-73 et suivants, grade de master)"},
  {"medecine", "Médecine", "Diplôme d'État de docteur en médecine",
   "Code de l'éducation, art. L631-1 (objectifs pluriannuels d'admission en première année du deuxième cycle)",
   "vérifié le 2026-12-06 : art. L631-1 dans sa version issue de la loi n° 2023-1268 du 27 décembre 2023"},
  {"maieutique", "Maïeutique (sage-femme)", "Diplôme d'État de sage-femme", "Code de l'éducation, art. L631-1",
   "vérifié le 2026-12-06 : art. L631-1 (formations de médecine, pharmacie, odontologie et maïeutique)"},
  {"pharmacie", "Pharmacie", "Diplôme d'État de docteur en pharmacie", "Code de l'éducation, art. L631-1",
   "vérifié le 2026-12-06 : art. L631-1 (formations de médecine, pharmacie, odontologie et maïeutique)"},
  {"odontologie", "Odontologie", "Diplôme d'État de docteur en chirurgie dentaire", "Code de l'éducation, art. L631-1",
   "vérifié le 2026-12-06 : art. L631-1 (formations de médecine, pharmacie, odontologie et maïeutique)"},
  {"mk", "Masseur-kinésithérapeute", "Diplôme d'État de masseur-kinésithérapeute",
   "Arrêté du 2 septembre 2015 relatif au diplôme d'État de masseur-kinésithérapeute",
   "vérifié le 2026-12-06 par une citation : visé par un arrêté du 10 juin 2021 (JORF n° 0135 du 12 juin 2021) — texte "
   "lui-même non consulté"},
  {"ergo", "Ergothérapeute", "Diplôme d'État d'ergothérapeute",
   "Arrêté du 5 juillet 2010 relatif au diplôme d'État d'ergothérapeute",
   "vérifié le 2026-12-06 par une citation : visé par un arrêté du 10 juin 2021 (JORF n° 0135 du 12 juin 2021) — texte "
   "lui-même non consulté"},
  {"merm", "Manipulateur d'électroradiologie médicale", "Diplôme d'État de manipulateur d'électroradiologie médicale",
   "Arrêté du 14 juin 2012 relatif au diplôme d'État de manipulateur d'électroradiologie médicale",
   "vérifié le 2026-12-06 par une citation : visé par un arrêté du 10 juin 2021 (JORF n° 0135 du 12 juin 2021) — texte "
   "lui-même non consulté"},
  {"psychomot", "Psychomotricien", "Diplôme d'État de psychomotricien",
   "Arrêté du 7 avril 1998 relatif aux études préparatoires au diplôme d'État de psychomotricien (NOR MESP9821350A)",
   "corrigé le 2026-12-06 : 1998 et non 1988 (Bulletin officiel n° 98/24, JO du 6 juin 1998)"},
  {"ambulancier", "Ambulancier", "Diplôme d'État d'ambulancier",
   "Arrêté du 11 avril 2022 relatif à la formation conduisant au diplôme d'État d'ambulancier",
   "partiellement vérifié le 2026-12-06 : la date et l'objet (il abroge l'arrêté du 26 janvier 2006, Légifrance) — "
   "intitulé exact non vérifié"},
  {"es", "Éducateur spécialisé", "Diplôme d'État d'éducateur spécialisé",
   "Code de l'action sociale et des familles, art. D451-41",
   "partiellement vérifié le 2026-12-06 : art. D451-41 (version issue du décret n° 2007-899) — la réforme du diplôme "
   "par l'arrêté du 6 octobre 2025 n'a pas été examinée"},
};
const int train_programmes_count = (int)(sizeof train_programmes / sizeof train_programmes[0]);
const char *const train_programme_codes[] = {"ide",      "as",         "ap",          "aes",         "ash", "ipa",
                                             "medecine", "maieutique", "pharmacie",   "odontologie", "mk",  "ergo",
                                             "merm",     "psychomot",  "ambulancier", "es",          NULL};

/* The 23 letters of the key: the alphabet without I, O and Q. */
static const char uai_letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";

char train_uai_key(const char *digits7) {
  if (!digits7) return '\0';
  long n = 0;
  for (int i = 0; i < 7; i++) {
    if (digits7[i] < '0' || digits7[i] > '9') return '\0';
    n = n * 10 + (digits7[i] - '0');
  }
  return uai_letters[n % 23];
}

int train_uai_valid(const char *s) {
  if (!s || strlen(s) != 8) return 0;
  char k = train_uai_key(s);
  return k && s[7] == k;
}

double train_rate(double dropouts, double enrolled) {
  if (enrolled <= 0) return 0;
  return round(dropouts * 1000.0 / enrolled) / 10.0;
}
