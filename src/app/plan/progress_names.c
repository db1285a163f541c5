/* Names of the progress enums: one table per enum with the stable
 * snake_case code used by the JSON API and the demo data files, and for the
 * formulas and reasons the French text shown to users next to a figure.
 * Static assertions keep every table in step with its enum. */
#include "app/plan/progress.h"

#include <string.h>

#define PROGRESS_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const direction_names[] = {"higher", "lower"};
static const char *const kind_names[] = {"count", "percent", "amount", "ratio"};
static const char *const accumulation_names[] = {"level", "per_period", "cumulative"};
static const char *const aggregation_names[] = {"sum", "ratio"};
static const char *const frequency_names[] = {"none", "monthly", "quarterly", "half_yearly", "yearly"};
static const int frequency_months[] = {0, 1, 3, 6, 12};
static const char *const formula_names[] = {"none", "linear", "linear_lower_is_better", "maintain", "weighted_mean"};
static const char *const reason_names[] = {"ok",
                                           "no_baseline",
                                           "no_target",
                                           "no_value",
                                           "missing_territory",
                                           "no_common_period",
                                           "missing_ratio",
                                           "zero_denominator",
                                           "target_contradicts_direction",
                                           "missing_part",
                                           "nothing_applicable"};
static const char *const part_status_names[] = {"included", "missing", "not_applicable", "zero_weight",
                                                "not_measurable"};

static const char *const formula_texts[] = {
  "Aucun calcul.",
  "100 × (valeur actuelle − référence) / (cible − référence), borné entre 0 et 100.",
  "100 × (référence − valeur actuelle) / (référence − cible), borné entre 0 et 100 "
  "(plus la valeur est basse, mieux c'est).",
  "Objectif de maintien (référence = cible) : 100 si la valeur actuelle atteint la cible, 0 sinon.",
  "Moyenne pondérée des avancements renseignés : Σ (poids × avancement) / Σ poids, "
  "les poids étant recalculés sur les éléments pris en compte.",
};

static const char *const reason_texts[] = {
  "Avancement calculé.",
  "Pas de valeur de référence : l'avancement ne peut pas être calculé.",
  "Pas de cible : l'avancement ne peut pas être calculé.",
  "Aucune valeur mesurée à la date de référence.",
  "Des territoires attendus n'ont pas de valeur : le total serait incomplet.",
  "Aucune période n'a été renseignée par tous les territoires attendus.",
  "Un taux sur plusieurs territoires se recalcule à partir des numérateurs et dénominateurs, "
  "qui manquent.",
  "Le dénominateur est nul : le taux n'est pas défini.",
  "La cible est du mauvais côté de la référence pour le sens de l'indicateur : "
  "la définition est à corriger.",
  "Un élément attendu n'a pas de valeur : l'avancement agrégé n'est pas calculé.",
  "Aucun élément applicable : rien à mesurer.",
};

_Static_assert(PROGRESS_COUNT_OF(direction_names) == PROGRESS_DIRECTION__COUNT, "direction names");
_Static_assert(PROGRESS_COUNT_OF(kind_names) == PROGRESS_KIND__COUNT, "kind names");
_Static_assert(PROGRESS_COUNT_OF(accumulation_names) == PROGRESS_ACC__COUNT, "accumulation names");
_Static_assert(PROGRESS_COUNT_OF(aggregation_names) == PROGRESS_AGG__COUNT, "aggregation names");
_Static_assert(PROGRESS_COUNT_OF(frequency_names) == PROGRESS_FREQ__COUNT, "frequency names");
_Static_assert(PROGRESS_COUNT_OF(frequency_months) == PROGRESS_FREQ__COUNT, "frequency months");
_Static_assert(PROGRESS_COUNT_OF(formula_names) == PROGRESS_FORMULA__COUNT, "formula names");
_Static_assert(PROGRESS_COUNT_OF(formula_texts) == PROGRESS_FORMULA__COUNT, "formula texts");
_Static_assert(PROGRESS_COUNT_OF(reason_names) == PROGRESS_REASON__COUNT, "reason names");
_Static_assert(PROGRESS_COUNT_OF(reason_texts) == PROGRESS_REASON__COUNT, "reason texts");
_Static_assert(PROGRESS_COUNT_OF(part_status_names) == PROGRESS_PART_STATUS__COUNT, "part status names");

/* Entry n of a table, or "" when v is out of range (never NULL). */
static const char *progress_name_at(const char *const *table, size_t n, unsigned v) { return v < n ? table[v] : ""; }

static plam_err progress_name_find(const char *const *table, size_t n, const char *s, unsigned *out) {
  if (!s) return PLAM_ERR_INVALID;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(table[i], s) == 0) {
      *out = (unsigned)i;
      return PLAM_OK;
    }
  }
  return PLAM_ERR_INVALID;
}

#define PROGRESS_NAME_FNS(type, stem, table) \
  const char *progress_##stem##_name(type v) { return progress_name_at(table, PROGRESS_COUNT_OF(table), (unsigned)v); }

#define PROGRESS_PARSE_FN(type, stem, table) \
  plam_err progress_##stem##_parse(const char *s, type *out) { \
    unsigned v; \
    plam_err e = progress_name_find(table, PROGRESS_COUNT_OF(table), s, &v); \
    if (e == PLAM_OK) *out = (type)v; \
    return e; \
  }

PROGRESS_NAME_FNS(enum progress_direction, direction, direction_names)
PROGRESS_NAME_FNS(enum progress_kind, kind, kind_names)
PROGRESS_NAME_FNS(enum progress_accumulation, accumulation, accumulation_names)
PROGRESS_NAME_FNS(enum progress_aggregation, aggregation, aggregation_names)
PROGRESS_NAME_FNS(enum progress_frequency, frequency, frequency_names)
PROGRESS_NAME_FNS(enum progress_formula, formula, formula_names)
PROGRESS_NAME_FNS(enum progress_reason, reason, reason_names)
PROGRESS_NAME_FNS(enum progress_part_status, part_status, part_status_names)

PROGRESS_PARSE_FN(enum progress_direction, direction, direction_names)
PROGRESS_PARSE_FN(enum progress_kind, kind, kind_names)
PROGRESS_PARSE_FN(enum progress_accumulation, accumulation, accumulation_names)
PROGRESS_PARSE_FN(enum progress_aggregation, aggregation, aggregation_names)
PROGRESS_PARSE_FN(enum progress_frequency, frequency, frequency_names)

const char *progress_formula_text(enum progress_formula v) {
  return progress_name_at(formula_texts, PROGRESS_COUNT_OF(formula_texts), (unsigned)v);
}

const char *progress_reason_text(enum progress_reason v) {
  return progress_name_at(reason_texts, PROGRESS_COUNT_OF(reason_texts), (unsigned)v);
}

int progress_frequency_months(enum progress_frequency v) {
  return (unsigned)v < PROGRESS_FREQ__COUNT ? frequency_months[v] : 0;
}
