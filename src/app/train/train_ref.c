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
   "Arrêté du 31 juillet 2009 relatif au diplôme d'État d'infirmier"},
  {"as", "Aide-soignant (AS)", "Diplôme d'État d'aide-soignant",
   "Arrêté du 10 juin 2021 relatif à la formation conduisant au diplôme d'État d'aide-soignant"},
  {"ap", "Auxiliaire de puériculture (AP)", "Diplôme d'État d'auxiliaire de puériculture",
   "Arrêté du 10 juin 2021 relatif à la formation conduisant au diplôme d'État d'auxiliaire de puériculture"},
  {"aes", "Accompagnant éducatif et social (AES)", "Diplôme d'État d'accompagnant éducatif et social",
   "Code de l'action sociale et des familles, art. D451-88 et suivants"},
  {"ash", "Agent de service hospitalier (ASH)", "Formation courte qualifiante (70 h), sans diplôme d'État",
   "Plan de mobilisation Pays de la Loire, fiche 1.3 (formation 70 H destinée aux ASH)"},
  {"ipa", "Infirmier en pratique avancée (IPA)", "Diplôme d'État d'infirmier en pratique avancée (grade de master)",
   "Décret n° 2018-633 du 18 juillet 2018 relatif au diplôme d'État d'infirmier en pratique avancée"},
  {"medecine", "Médecine", "Diplôme d'État de docteur en médecine",
   "Code de l'éducation, art. L631-1 (objectifs pluriannuels d'admission en première année du deuxième cycle)"},
  {"maieutique", "Maïeutique (sage-femme)", "Diplôme d'État de sage-femme", "Code de l'éducation, art. L631-1"},
  {"pharmacie", "Pharmacie", "Diplôme d'État de docteur en pharmacie", "Code de l'éducation, art. L631-1"},
  {"odontologie", "Odontologie", "Diplôme d'État de docteur en chirurgie dentaire", "Code de l'éducation, art. L631-1"},
  {"mk", "Masseur-kinésithérapeute", "Diplôme d'État de masseur-kinésithérapeute",
   "Arrêté du 2 septembre 2015 relatif au diplôme d'État de masseur-kinésithérapeute"},
  {"ergo", "Ergothérapeute", "Diplôme d'État d'ergothérapeute",
   "Arrêté du 5 juillet 2010 relatif au diplôme d'État d'ergothérapeute"},
  {"merm", "Manipulateur d'électroradiologie médicale", "Diplôme d'État de manipulateur d'électroradiologie médicale",
   "Arrêté du 14 juin 2012 relatif au diplôme d'État de manipulateur d'électroradiologie médicale"},
  {"psychomot", "Psychomotricien", "Diplôme d'État de psychomotricien",
   "Arrêté du 7 avril 1988 relatif aux études préparatoires au diplôme d'État de psychomotricien"},
  {"ambulancier", "Ambulancier", "Diplôme d'État d'ambulancier",
   "Arrêté du 11 avril 2022 relatif à la formation conduisant au diplôme d'État d'ambulancier"},
  {"es", "Éducateur spécialisé", "Diplôme d'État d'éducateur spécialisé",
   "Code de l'action sociale et des familles, art. D451-41"},
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
