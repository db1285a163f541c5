/* Bounds of a measurement for its indicator's definition: see
 * meas_bounds.h. One table gives each kind's value bounds and its French
 * wording; the parts and the cross-field rules are checked in that order.
 * The plausibility flags for the reviewer close the file. */
#include "app/plan/meas_bounds.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
  double max;
  int integer;
  const char *text; /* completes "… est attendu" */
} kind_bounds[PROGRESS_KIND__COUNT] = {
  [PROGRESS_KIND_COUNT] = {MEAS_COUNT_MAX, 1, "un nombre entier entre 0 et 1 000 000 000 (indicateur de type nombre)"},
  [PROGRESS_KIND_PERCENT] = {100, 0, "un pourcentage entre 0 et 100"},
  [PROGRESS_KIND_AMOUNT] = {MEAS_AMOUNT_MAX, 0, "un montant entre 0 et 1 000 000 000 000 €"},
  [PROGRESS_KIND_RATIO] = {MEAS_RATIO_MAX, 0, "un taux entre 0 et 1 000 000 000"},
};

static const char *const part_fields[MEAS_PART__COUNT] = {"value", "numerator", "denominator"};

const char *meas_part_field(enum meas_part part) {
  return (unsigned)part < MEAS_PART__COUNT ? part_fields[part] : "value";
}

plam_err meas_rule_from(const char *kind, const char *aggregation, double ratio_scale, struct meas_rule *out) {
  memset(out, 0, sizeof *out);
  plam_err e = progress_kind_parse(kind ? kind : "", &out->kind);
  if (!e) e = progress_aggregation_parse(aggregation ? aggregation : "", &out->aggregation);
  if (!e && !(isfinite(ratio_scale) && ratio_scale > 0)) e = PLAM_ERR_INVALID;
  out->ratio_scale = ratio_scale;
  return e;
}

int meas_part_refused(const struct meas_rule *r, enum meas_part part, double v, char *msg, size_t n) {
  if (part == MEAS_PART_VALUE) {
    unsigned k = (unsigned)r->kind < PROGRESS_KIND__COUNT ? (unsigned)r->kind : PROGRESS_KIND_COUNT;
    if (isfinite(v) && v >= 0 && v <= kind_bounds[k].max && (!kind_bounds[k].integer || v == floor(v))) return 0;
    snprintf(msg, n, "%s est attendu", kind_bounds[k].text);
    return 1;
  }
  if (r->aggregation == PROGRESS_AGG_SUM) {
    snprintf(msg, n, "cet indicateur se mesure par une valeur seule, sans numérateur ni dénominateur");
    return 1;
  }
  if (part == MEAS_PART_DENOMINATOR && isfinite(v) && v == 0) {
    snprintf(msg, n, "le dénominateur ne peut pas être nul : le taux ne serait pas défini");
    return 1;
  }
  if (isfinite(v) && v >= 0 && v <= MEAS_PART_MAX) return 0;
  snprintf(msg, n, "%s entre 0 et 1 000 000 000 000 est attendu",
           part == MEAS_PART_NUMERATOR ? "un numérateur" : "un dénominateur");
  return 1;
}

/* A number in French: up to 4 decimals, trailing zeros dropped, decimal comma. */
static void french_number(double v, char out[40]) {
  snprintf(out, 40, "%.4f", v);
  char *dot = strchr(out, '.');
  if (!dot) return;
  size_t len = strlen(out);
  while (len > 0 && out[len - 1] == '0') out[--len] = '\0';
  if (out[len - 1] == '.') out[--len] = '\0';
  else *dot = ',';
}

int meas_cross_refused(const struct meas_rule *r, int has_value, double value, int has_ratio, double num, double den,
                       enum meas_part *part, char *msg, size_t n) {
  if (!has_ratio) return 0;
  if (r->kind == PROGRESS_KIND_PERCENT && num > den) {
    *part = MEAS_PART_NUMERATOR;
    snprintf(msg, n, "le numérateur dépasse le dénominateur : un pourcentage ne dépasse pas 100");
    return 1;
  }
  if (has_value && den > 0) {
    double want = r->ratio_scale * num / den;
    double tol = fmax(0.01, 0.005 * fabs(want));
    if (fabs(value - want) > tol) {
      char w[40];
      french_number(want, w);
      *part = MEAS_PART_VALUE;
      snprintf(msg, n, "la valeur ne correspond pas au numérateur et au dénominateur donnés (ils donnent %s)", w);
      return 1;
    }
  }
  return 0;
}

int meas_refused(const struct meas_rule *r, int has_value, double value, int has_ratio, double num, double den,
                 enum meas_part *part, char *msg, size_t n) {
  if (!has_value && !has_ratio) {
    *part = MEAS_PART_VALUE;
    snprintf(msg, n, "une valeur, ou un numérateur et un dénominateur, est attendue");
    return 1;
  }
  const struct {
    int has;
    enum meas_part part;
    double v;
  } parts[] = {{has_value, MEAS_PART_VALUE, value},
               {has_ratio, MEAS_PART_NUMERATOR, num},
               {has_ratio, MEAS_PART_DENOMINATOR, den}};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (parts[i].has && meas_part_refused(r, parts[i].part, parts[i].v, msg, n)) {
      *part = parts[i].part;
      return 1;
    }
  return meas_cross_refused(r, has_value, value, has_ratio, num, den, part, msg, n);
}

unsigned meas_far_flags(double v, int has_prev, double prev, int has_target, double target, int has_base, double base) {
  unsigned f = 0;
  if (has_prev && prev > 0 && (v > MEAS_FAR_FACTOR * prev || v < prev / MEAS_FAR_FACTOR)) f |= MEAS_FAR_PREVIOUS;
  double top = has_base && base > target ? base : target;
  if (has_target && target > 0 && v > MEAS_TARGET_FACTOR * top) f |= MEAS_FAR_TARGET;
  return f;
}
