/* The nomenclatures of professions and qualifications, the same rows as
 * data/ref/professions.csv and data/ref/qualifications.csv (their source is
 * in data/ref/README.md; test_recruit_store.c checks that both agree), and
 * the tables of allowed values of the stored side. */
#include <string.h>
#include "app/recruit/recruit_app.h"

const struct recruit_code recruit_professions[] = {
  {"IDE", "Infirmier ou infirmière diplômé(e) d'État (IDE)", "nursing"},
  {"IPA", "Infirmier ou infirmière en pratique avancée (IPA)", "nursing"},
  {"IBODE", "Infirmier ou infirmière de bloc opératoire (IBODE)", "nursing"},
  {"IADE", "Infirmier ou infirmière anesthésiste (IADE)", "nursing"},
  {"PUER", "Infirmier ou infirmière puériculteur (puéricultrice)", "nursing"},
  {"AS", "Aide-soignant ou aide-soignante (AS)", "care"},
  {"AP", "Auxiliaire de puériculture", "care"},
  {"ASH", "Agent ou agente de service hospitalier (ASH)", "care"},
  {"AES", "Accompagnant ou accompagnante éducatif et social (AES)", "care"},
  {"SF", "Sage-femme", "medical"},
  {"MK", "Masseur-kinésithérapeute", "rehab"},
  {"ERGO", "Ergothérapeute", "rehab"},
  {"MERM", "Manipulateur ou manipulatrice d'électroradiologie médicale", "technical"},
  {"PPH", "Préparateur ou préparatrice en pharmacie hospitalière", "technical"},
  {"MED-MG", "Médecin spécialiste en médecine générale", "physician"},
  {"MED-URG", "Médecin spécialiste en médecine d'urgence", "physician"},
  {"MED-AR", "Médecin spécialiste en anesthésie-réanimation", "physician"},
  {"MED-GER", "Médecin spécialiste en gériatrie", "physician"},
  {"MED-PED", "Médecin spécialiste en pédiatrie", "physician"},
  {"MED-PSY", "Médecin spécialiste en psychiatrie", "physician"},
  {"MED-GO", "Médecin spécialiste en gynécologie-obstétrique", "physician"},
  {"MED-MIR", "Médecin spécialiste en médecine intensive-réanimation", "physician"},
  {"MED-RAD", "Médecin spécialiste en radiologie et imagerie médicale", "physician"},
  {"MED-CHIR", "Médecin spécialiste en chirurgie", "physician"},
  {"ETU-IDE-1", "Étudiant ou étudiante en soins infirmiers, 1re année", "student"},
  {"ETU-IDE-2", "Étudiant ou étudiante en soins infirmiers, 2e année", "student"},
  {"ETU-IDE-3", "Étudiant ou étudiante en soins infirmiers, 3e année", "student"},
  {"ETU-AS", "Élève aide-soignant ou aide-soignante", "student"},
  {"ETU-MED-2", "Étudiant ou étudiante en médecine, 2e année", "student"},
  {"ETU-MED-3", "Étudiant ou étudiante en médecine, 3e année", "student"},
  {"ETU-MED-4", "Étudiant ou étudiante en médecine, 4e année", "student"},
  {"ETU-MED-5", "Étudiant ou étudiante en médecine, 5e année", "student"},
  {"ETU-MED-6", "Étudiant ou étudiante en médecine, 6e année", "student"},
  {"ETU-SF", "Étudiant ou étudiante sage-femme", "student"},
  {"ETU-MK", "Étudiant ou étudiante en masso-kinésithérapie", "student"},
  {"ETU-AUTRE", "Étudiant ou étudiante hors santé (postes d'ASH avec formation sur place)", "student"},
};
const int recruit_nprofessions = (int)(sizeof recruit_professions / sizeof recruit_professions[0]);

const struct recruit_code recruit_qualifications[] = {
  {"AFGSU1", "Attestation de formation aux gestes et soins d'urgence, niveau 1 (AFGSU 1)", ""},
  {"AFGSU2", "Attestation de formation aux gestes et soins d'urgence, niveau 2 (AFGSU 2)", ""},
  {"AFGSU-SSE", "AFGSU spécialisée : situations sanitaires exceptionnelles", ""},
  {"PSC1", "Prévention et secours civiques de niveau 1 (PSC1)", ""},
  {"PERMIS-B", "Permis de conduire B", ""},
  {"ASG", "Assistant ou assistante de soins en gérontologie (ASG)", ""},
  {"HYGIENE", "Formation à l'hygiène hospitalière", ""},
  {"TRANSFUSION", "Formation à la sécurité transfusionnelle", ""},
  {"DIU-REA", "Diplôme interuniversitaire de réanimation ou soins critiques", ""},
  {"VACCINATION", "Habilitation à vacciner", ""},
};
const int recruit_nqualifications = (int)(sizeof recruit_qualifications / sizeof recruit_qualifications[0]);

const char *const recruit_profession_codes[] = {
  "IDE",       "IPA",       "IBODE",     "IADE",      "PUER",      "AS",        "AP",        "ASH",
  "AES",       "SF",        "MK",        "ERGO",      "MERM",      "PPH",       "MED-MG",    "MED-URG",
  "MED-AR",    "MED-GER",   "MED-PED",   "MED-PSY",   "MED-GO",    "MED-MIR",   "MED-RAD",   "MED-CHIR",
  "ETU-IDE-1", "ETU-IDE-2", "ETU-IDE-3", "ETU-AS",    "ETU-MED-2", "ETU-MED-3", "ETU-MED-4", "ETU-MED-5",
  "ETU-MED-6", "ETU-SF",    "ETU-MK",    "ETU-AUTRE", NULL};
const char *const recruit_qualification_codes[] = {
  "AFGSU1", "AFGSU2", "AFGSU-SSE", "PSC1", "PERMIS-B", "ASG", "HYGIENE", "TRANSFUSION", "DIU-REA", "VACCINATION", NULL};

const char *const recruit_situations[] = {"employed", "unemployed", "retired", "student", "public_agent", NULL};
const char *const recruit_contracts[] = {"shift", "fixed_term", "permanent", "secondment", NULL};
const char *const recruit_need_reasons[] = {"replacement", "seasonal", "crisis", "activity", "other", NULL};
const char *const recruit_urgencies[] = {"immediate", "within_24h", "within_week", "planned", NULL};
const char *const recruit_fill_modes[] = {"first", "choose", NULL};
const char *const recruit_need_statuses[] = {"draft", "open", "filled", "expired", "cancelled", NULL};
const char *const recruit_pool_levels[] = {"establishment", "ght", "departement", "region", "crisis", NULL};
const char *const recruit_pool_statuses[] = {"open", "closed", NULL};
const char *const recruit_avail_kinds[] = {"available", "unavailable", NULL};

static int find(const struct recruit_code *t, int n, const char *code) {
  if (!code) return -1;
  for (int i = 0; i < n; i++)
    if (!strcmp(t[i].code, code)) return i;
  return -1;
}
int recruit_profession_find(const char *code) { return find(recruit_professions, recruit_nprofessions, code); }
int recruit_qualification_find(const char *code) { return find(recruit_qualifications, recruit_nqualifications, code); }

json_t *recruit_nomenclatures_json(void) {
  json_t *p = json_array(), *q = json_array();
  for (int i = 0; i < recruit_nprofessions; i++)
    json_array_append_new(p, json_pack("{s:s, s:s, s:s}", "code", recruit_professions[i].code, "label",
                                       recruit_professions[i].label, "group", recruit_professions[i].group));
  for (int i = 0; i < recruit_nqualifications; i++)
    json_array_append_new(
      q, json_pack("{s:s, s:s}", "code", recruit_qualifications[i].code, "label", recruit_qualifications[i].label));
  return json_pack("{s:o, s:o}", "professions", p, "qualifications", q);
}
