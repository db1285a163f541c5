/* Bounds of a measurement for its indicator's definition: what a proposed
 * value may be, checked wherever measurements are created (the API's
 * proposal, the CSV/XLSX import over HTTP and from the command line, the
 * demo loader), so that no accepted value can later break the indicator's
 * progress ("définition de l'indicateur invalide") or pin it at 100 %.
 *
 * By aggregation (what the definition lets a measurement carry):
 *   sum    a value only: a numerator or a denominator is refused (the
 *          progress rules carry a count or an amount by its value);
 *   ratio  a value, or a numerator and a denominator (or both); the
 *          denominator is above 0 (a rate over 0 is undefined).
 * By kind (the value's bounds):
 *   count    an integer in [0, MEAS_COUNT_MAX];
 *   amount   euros in [0, MEAS_AMOUNT_MAX];
 *   percent  in [0, 100], and a numerator at most its denominator;
 *   ratio    in [0, MEAS_RATIO_MAX] (rates "pour 100 000 habitants"…).
 * Numerators and denominators are in [0, MEAS_PART_MAX]. When a value and
 * a ratio are both given, the value must be scale x numerator / denominator
 * (to 0.5 % or 0.01), the figure the progress rules would use instead.
 * Pure: no database. Messages are French and name the bound. */
#ifndef PLAM_APP_PLAN_MEAS_BOUNDS_H
#define PLAM_APP_PLAN_MEAS_BOUNDS_H
#include <stddef.h>
#include "app/plan/progress.h"
#include "base/error.h"

#define MEAS_COUNT_MAX 1e9   /* "1 000 000 000": more than any headcount of a plan */
#define MEAS_AMOUNT_MAX 1e12 /* "1 000 000 000 000 €" */
#define MEAS_RATIO_MAX 1e9
#define MEAS_PART_MAX 1e12 /* a numerator or a denominator */

enum meas_part { MEAS_PART_VALUE = 0, MEAS_PART_NUMERATOR, MEAS_PART_DENOMINATOR, MEAS_PART__COUNT };

struct meas_rule {
  enum progress_kind kind;
  enum progress_aggregation aggregation;
  double ratio_scale;
};

/* The rule of an indicator from its stored codes ("count", "sum", …).
 * PLAM_ERR_INVALID when a code is unknown or the scale is not above 0. */
plam_err meas_rule_from(const char *kind, const char *aggregation, double ratio_scale, struct meas_rule *out);

/* The API field of a part: "value", "numerator", "denominator". */
const char *meas_part_field(enum meas_part part);

/* One number alone. 0 when allowed; otherwise 1 and the French reason in
 * msg (n bytes, 200 are enough). */
int meas_part_refused(const struct meas_rule *r, enum meas_part part, double v, char *msg, size_t n);

/* Across the parts of one measurement already checked one by one: a
 * percentage's numerator at most its denominator, a value that agrees with
 * its ratio. 0 when allowed; otherwise 1, *part and msg. */
int meas_cross_refused(const struct meas_rule *r, int has_value, double value, int has_ratio, double num, double den,
                       enum meas_part *part, char *msg, size_t n);

/* The whole measurement: something given, each part, then across. 0 when
 * allowed; otherwise 1, *part and msg. */
int meas_refused(const struct meas_rule *r, int has_value, double value, int has_ratio, double num, double den,
                 enum meas_part *part, char *msg, size_t n);

/* Plausibility, for the reviewer (a flag shown beside the value, never a
 * refusal). A proposed value v is "far" when
 *   - a previous validated value p > 0 of the same indicator and territory
 *     exists and v > MEAS_FAR_FACTOR x p or v < p / MEAS_FAR_FACTOR
 *     (MEAS_FAR_PREVIOUS), or
 *   - a target t > 0 exists and v > MEAS_TARGET_FACTOR x max(t, baseline)
 *     (MEAS_FAR_TARGET: twice the target, or the baseline when it is higher,
 *     as for an indicator where lower is better).
 * Returns the MEAS_FAR_* bits. */
#define MEAS_FAR_FACTOR 10.0
#define MEAS_TARGET_FACTOR 2.0
enum { MEAS_FAR_PREVIOUS = 1, MEAS_FAR_TARGET = 2 };
unsigned meas_far_flags(double v, int has_prev, double prev, int has_target, double target, int has_base, double base);

#endif
