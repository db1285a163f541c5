/* Progress of a mobilisation plan, computed from plain structs and arrays.
 *
 * This is the rule book of issue 3, with no database, HTTP or JSON: the API
 * loads rows through store/, fills these structs, calls these functions and
 * serialises the result structs, which carry their own explanation (formula,
 * values and dates used, coverage, weights applied, stale flags).
 *
 * Indicator progress (progress_indicator_compute):
 *   progress = 100 x (current - baseline) / (target - baseline), written
 *   100 x (baseline - current) / (baseline - target) when lower is better
 *   (the same number; the mirrored form is what the explanation shows), then
 *   clamped to [0, 100]. The result is EMPTY, never zero, when the baseline,
 *   the target or a current value is missing, when a ratio cannot be
 *   recomputed, or when the target lies on the wrong side of the baseline for
 *   the indicator's direction (a definition error the explanation names).
 *   Baseline == target is a "maintain" target: 100 when the current value is at
 *   or beyond the target in the good direction, 0 otherwise. This is the limit
 *   of the clamped formula as target - baseline tends to 0 (any value on the
 *   good side tends to +inf -> 100, any value on the bad side to -inf -> 0), so
 *   it agrees with the general rule, and nothing is missing that would justify
 *   an empty figure.
 *
 * Current value, per the indicator's accumulation:
 *   LEVEL       each value is a state at its date (a stock, a rate, a running
 *               total reported as such). Per territory: the latest value dated
 *               in [baseline date, reference date].
 *   PER_PERIOD  each value counts its own period only and is compared with a
 *               per-period target. Across territories the same period must be
 *               used: the latest period date that every expected territory
 *               reported, within [baseline date, reference date].
 *   CUMULATIVE  each value counts its own period; the target is a running
 *               total. current = baseline + sum of the values dated in
 *               (baseline date, reference date], over every territory.
 *   A value's date is the end of the period it covers ("date de valeur").
 *   Revisions: for one (territory, date) the row with the highest id wins.
 *
 * Across territories (aggregation): SUM adds the territories' values; RATIO
 * recomputes scale x sum(numerators) / sum(denominators), never an average
 * of ratios. Every expected territory must have a value, otherwise the
 * aggregate is empty (a partial sum is not comparable with a regional target);
 * the explanation says y of z territories.
 *
 * Staleness: a value is stale when the reference date is later than the date
 * its successor was due (value date + one period of the update frequency,
 * end-of-month clamped) plus a grace period in days. Stale values are still
 * used; they are flagged and counted. Frequency NONE (one-off) is never stale.
 *
 * Action, axis and plan progress (progress_combine): a weighted mean of the
 * parts (indicators of an action, actions of an axis, axes of a plan). Parts
 * that do not apply, have weight 0, or are not measurable (a child with no
 * applicable input of its own) are left out and the weights are renormalised
 * over the others. If any part that is left in has no value, the result is
 * empty. With no part left in, the result is empty and not measurable.
 *
 * Headline figure (issue 9): the weighted mean above is empty as soon as one
 * indicator below lacks a value, which leaves a plan with 3 of 19 indicators
 * measured without any figure. Each combined result therefore also carries a
 * headline figure, computed from the indicators that have one:
 *   headline = sum(s_i x p_i) / sum(s_i) over the indicators i below that
 *              have a progress figure p_i,
 *   where s_i is the indicator's share of the whole: the product of the
 *   renormalised weights (weight_applied) of the indicator in its action, of
 *   the action in its axis and of the axis in the plan (the same shares the
 *   weighted mean uses; parts left out of the mean are left out here too).
 *   sum(s_i) is the share of the weight that the figure covers (covered, in
 *   [0, 1]). With every counted indicator measured, covered is 1 and the
 *   headline equals the weighted mean. It is empty only when no counted
 *   indicator below has a figure. An indicator "has a figure" when its
 *   progress could be computed (a validated value, a baseline and a target).
 *   The coverage shown beside it is indicators_with_value of
 *   indicators_expected.
 *
 * Bounds: at most PROGRESS_MAX_TERRITORIES territories, PROGRESS_MAX_TARGETS
 * targets, PROGRESS_MAX_VALUES measurements per indicator call and
 * PROGRESS_MAX_PARTS parts per weighted mean; beyond: PLAM_ERR_TOO_LARGE.
 * Non-finite numbers, bad enum values or unsorted measurements: PLAM_ERR_INVALID.
 * The functions never allocate; results are written only into caller structs. */
#ifndef PLAM_APP_PLAN_PROGRESS_H
#define PLAM_APP_PLAN_PROGRESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define PROGRESS_MAX_TERRITORIES 128u /* 101 départements fit */
#define PROGRESS_MAX_TARGETS 16u
#define PROGRESS_MAX_VALUES (1u << 24)
#define PROGRESS_MAX_PARTS 256u
#define PROGRESS_GRACE_DAYS_DEFAULT 30

/* ---- dates (progress_date.c) -------------------------------------------- */

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t progress_day;
#define PROGRESS_NO_DAY INT32_MIN

/* Days for year/month/day; PROGRESS_NO_DAY if the date does not exist or the
 * year is outside 1900..9999. */
progress_day progress_day_from_ymd(int y, int m, int d);
/* Inverse of progress_day_from_ymd. day must not be PROGRESS_NO_DAY. */
void progress_day_to_ymd(progress_day day, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD". PLAM_ERR_INVALID otherwise. */
plam_err progress_day_parse(const char *s, progress_day *out);
/* Writes "YYYY-MM-DD" (or "" for PROGRESS_NO_DAY) into out[11]. */
void progress_day_format(progress_day day, char out[11]);
/* day + months, the day of month clamped to the target month's length
 * (31 January + 1 month = 28 or 29 February). */
progress_day progress_day_add_months(progress_day day, int months);

/* ---- indicator definition ----------------------------------------------- */

enum progress_direction { PROGRESS_HIGHER_IS_BETTER = 0, PROGRESS_LOWER_IS_BETTER, PROGRESS_DIRECTION__COUNT };

enum progress_kind { /* display unit; constrains aggregation */
                     PROGRESS_KIND_COUNT = 0,
                     PROGRESS_KIND_PERCENT, /* must aggregate as RATIO with scale 100 */
                     PROGRESS_KIND_AMOUNT,  /* euros */
                     PROGRESS_KIND_RATIO,   /* any other rate (per 100,000 inhabitants ...) */
                     PROGRESS_KIND__COUNT
};

enum progress_accumulation {
  PROGRESS_ACC_LEVEL = 0,
  PROGRESS_ACC_PER_PERIOD,
  PROGRESS_ACC_CUMULATIVE, /* only with PROGRESS_AGG_SUM */
  PROGRESS_ACC__COUNT
};

enum progress_aggregation { PROGRESS_AGG_SUM = 0, PROGRESS_AGG_RATIO, PROGRESS_AGG__COUNT };

enum progress_frequency {
  PROGRESS_FREQ_NONE = 0, /* one-off or irregular: never stale */
  PROGRESS_FREQ_MONTHLY,
  PROGRESS_FREQ_QUARTERLY,
  PROGRESS_FREQ_HALF_YEARLY,
  PROGRESS_FREQ_YEARLY,
  PROGRESS_FREQ__COUNT
};

struct progress_indicator {
  enum progress_direction direction;
  enum progress_kind kind;
  enum progress_accumulation accumulation;
  enum progress_aggregation aggregation;
  enum progress_frequency frequency;
  /* RATIO: value = scale x numerator / denominator (100 for a percentage,
   * 100000 for "per 100,000"). Must be > 0 for RATIO, ignored for SUM. */
  double ratio_scale;
};

struct progress_baseline {
  bool has;
  double value;
  progress_day day; /* PROGRESS_NO_DAY: values of any date count */
};

struct progress_target {
  double value;
  progress_day day; /* deadline; PROGRESS_NO_DAY = no deadline (sorts last) */
};

enum progress_target_choice {
  PROGRESS_TARGET_FINAL = 0, /* the latest-dated target */
  PROGRESS_TARGET_NEXT,      /* earliest target due on/after the reference
                                date, or the final one when all are past */
  PROGRESS_TARGET_CHOICE__COUNT
};

/* One validated measurement. Rows must be sorted by (territory, day, id):
 * progress_measurements_sort does that. */
struct progress_measurement {
  int64_t id;         /* revision order: the highest id of a (territory, day) wins */
  uint32_t territory; /* index in [0, n_territories) */
  progress_day day;   /* end of the period the value covers */
  bool has_value;
  double value;
  bool has_ratio; /* numerator and denominator given */
  double numerator;
  double denominator;
};

/* Sorts rows by (territory, day, id) in place. */
void progress_measurements_sort(struct progress_measurement *rows, size_t n);

/* Whether a value dated `day` is stale at `reference` (see the top comment). */
bool progress_is_stale(progress_day day, enum progress_frequency freq, progress_day reference, int grace_days);

/* ---- explanations -------------------------------------------------------- */

enum progress_formula {
  PROGRESS_FORMULA_NONE = 0,      /* nothing computed */
  PROGRESS_FORMULA_LINEAR,        /* higher is better */
  PROGRESS_FORMULA_LINEAR_LOWER,  /* lower is better: mirrored */
  PROGRESS_FORMULA_MAINTAIN,      /* baseline == target */
  PROGRESS_FORMULA_WEIGHTED_MEAN, /* action, axis, plan */
  PROGRESS_FORMULA__COUNT
};

/* Why a figure is empty (PROGRESS_REASON_OK when it is not). */
enum progress_reason {
  PROGRESS_REASON_OK = 0,
  PROGRESS_REASON_NO_BASELINE,
  PROGRESS_REASON_NO_TARGET,
  PROGRESS_REASON_NO_VALUE,          /* no territory has a usable value */
  PROGRESS_REASON_MISSING_TERRITORY, /* some expected territories have none */
  PROGRESS_REASON_NO_COMMON_PERIOD,  /* per-period: no period reported by all */
  PROGRESS_REASON_MISSING_RATIO,     /* ratio over territories needs num/den */
  PROGRESS_REASON_ZERO_DENOMINATOR,
  PROGRESS_REASON_TARGET_CONTRADICTS_DIRECTION,
  PROGRESS_REASON_MISSING_PART,       /* weighted mean: an expected part is empty */
  PROGRESS_REASON_NOTHING_APPLICABLE, /* weighted mean: no part to average */
  PROGRESS_REASON__COUNT
};

/* What one territory contributed. */
struct progress_territory_use {
  bool has; /* a value was found */
  bool stale;
  progress_day day; /* date of the (latest) value used */
  double value;     /* value used; for CUMULATIVE the sum of the periods */
  bool has_ratio;
  double numerator; /* for CUMULATIVE/RATIO: as used */
  double denominator;
  uint32_t values_used; /* distinct periods used (1 unless CUMULATIVE) */
};

struct progress_indicator_result {
  bool has_progress; /* false: empty, see reason */
  double progress;   /* 0..100 when has_progress */
  enum progress_formula formula;
  enum progress_reason reason;
  progress_day reference_day;

  bool has_baseline;
  double baseline;
  progress_day baseline_day;

  bool has_target;
  double target;
  progress_day target_day;
  uint32_t target_index; /* index in the input targets */
  bool target_is_final;

  bool has_current; /* aggregate over territories */
  double current;
  progress_day current_day; /* latest value date used */
  progress_day oldest_day;  /* oldest "latest value" among territories */
  bool has_ratio;           /* current = ratio_scale x numerator / denominator */
  double numerator;
  double denominator;

  bool has_raw;
  double raw; /* progress before clamping */
  bool clamped;

  uint32_t territories_expected;
  uint32_t territories_with_value;
  uint32_t territories_stale;
  uint32_t values_used; /* measurement rows that entered the figure */
  bool stale;           /* territories_stale > 0 */
  struct progress_territory_use territories[PROGRESS_MAX_TERRITORIES];
};

struct progress_indicator_input {
  struct progress_indicator def;
  struct progress_baseline baseline; /* at the level of the aggregate */
  const struct progress_target *targets;
  size_t n_targets;
  const struct progress_measurement *values;
  size_t n_values;
  uint32_t n_territories; /* expected territories, >= 1 */
  progress_day reference_day;
  enum progress_target_choice target_choice;
  int grace_days; /* >= 0 */
};

/* Checks the definition: enums in range, CUMULATIVE only with SUM, PERCENT
 * only with RATIO scale 100, ratio_scale > 0 for RATIO. */
plam_err progress_indicator_check(const struct progress_indicator *def);

/* Computes one indicator's progress at in->reference_day into *out (fully
 * overwritten). Returns PLAM_OK even when the figure is empty (see
 * out->reason); an error only for malformed input, and *out is then zeroed. */
plam_err progress_indicator_compute(const struct progress_indicator_input *in, struct progress_indicator_result *out);

/* Raw progress from three numbers, before clamping; false when the figure is
 * empty (*reason says why). Used by progress_indicator_compute. */
bool progress_formula_apply(enum progress_direction dir, double baseline, double target, double current, double *raw,
                            enum progress_formula *formula, enum progress_reason *reason);

/* ---- weighted mean: action, axis, plan (progress_combine.c) -------------- */

/* One input of a weighted mean. */
struct progress_part {
  int64_t id;      /* caller's id (indicator, action or axis) */
  double weight;   /* finite, >= 0; 0 = shown but not counted */
  bool applies;    /* false: not applicable at the reference date */
  bool measurable; /* false: the part has no applicable input of its own */
  bool has;        /* has a value */
  double progress; /* 0..100 when has */
  bool stale;
  /* coverage carried up from the part's own computation */
  uint32_t indicators_expected;
  uint32_t indicators_with_value;
  uint32_t territories_expected; /* (indicator, territory) pairs */
  uint32_t territories_with_value;
  uint32_t stale_count; /* stale indicators */
  /* headline, used when has is false (a part with a value covers all of its
   * weight): share of the part's weight covered by the indicators below with
   * a figure (0..1), and the sum of share x progress over them */
  double covered;
  double covered_progress;
};

enum progress_part_status {
  PROGRESS_PART_INCLUDED = 0,
  PROGRESS_PART_MISSING, /* counted but empty: empties the result */
  PROGRESS_PART_NOT_APPLICABLE,
  PROGRESS_PART_ZERO_WEIGHT,
  PROGRESS_PART_NOT_MEASURABLE,
  PROGRESS_PART_STATUS__COUNT
};

struct progress_part_use {
  int64_t id;
  enum progress_part_status status;
  double weight_given;
  double weight_applied; /* renormalised share in [0, 1]; 0 when left out */
  bool has;
  double progress;
  bool stale;
};

struct progress_combined_result {
  bool has_progress;
  double progress;
  enum progress_formula formula; /* WEIGHTED_MEAN */
  enum progress_reason reason;
  bool measurable; /* at least one part was counted */
  uint32_t parts_total;
  uint32_t parts_counted;       /* INCLUDED + MISSING */
  uint32_t parts_with_value;    /* INCLUDED */
  double weight_total;          /* sum of weights of counted parts */
  uint32_t indicators_expected; /* summed over counted parts */
  uint32_t indicators_with_value;
  uint32_t territories_expected;
  uint32_t territories_with_value;
  uint32_t stale_count;
  bool stale;
  /* headline figure (see the top comment): empty only when no counted
   * indicator below has a figure; equals progress when has_progress */
  bool has_headline;
  double headline;
  double covered; /* share of the weight the headline covers, 0..1 */
  double covered_progress;
  struct progress_part_use parts[PROGRESS_MAX_PARTS];
};

/* Weighted mean of parts[0..n) into *out (fully overwritten). n may be 0
 * (result empty, not measurable). PLAM_ERR_INVALID for a negative or
 * non-finite weight or a progress outside 0..100; PLAM_ERR_TOO_LARGE if
 * n > PROGRESS_MAX_PARTS. */
plam_err progress_combine(const struct progress_part *parts, size_t n, struct progress_combined_result *out);

/* Fills a part from an indicator result (measurable, 1 indicator expected). */
void progress_part_from_indicator(struct progress_part *part, int64_t id, double weight, bool applies,
                                  const struct progress_indicator_result *r);
/* Fills a part from a child's weighted mean (action into axis, axis into plan). */
void progress_part_from_combined(struct progress_part *part, int64_t id, double weight, bool applies,
                                 const struct progress_combined_result *r);

/* ---- names (progress_names.c) ------------------------------------------- */

/* Stable snake_case codes for the API and the demo data, and back. The
 * _parse functions return PLAM_ERR_INVALID for an unknown name. */
const char *progress_direction_name(enum progress_direction v);
const char *progress_kind_name(enum progress_kind v);
const char *progress_accumulation_name(enum progress_accumulation v);
const char *progress_aggregation_name(enum progress_aggregation v);
const char *progress_frequency_name(enum progress_frequency v);
const char *progress_formula_name(enum progress_formula v);
const char *progress_reason_name(enum progress_reason v);
const char *progress_part_status_name(enum progress_part_status v);
plam_err progress_direction_parse(const char *s, enum progress_direction *out);
plam_err progress_kind_parse(const char *s, enum progress_kind *out);
plam_err progress_accumulation_parse(const char *s, enum progress_accumulation *out);
plam_err progress_aggregation_parse(const char *s, enum progress_aggregation *out);
plam_err progress_frequency_parse(const char *s, enum progress_frequency *out);
/* French texts for the UI: the formula as written for users, and why a
 * figure is empty. Static strings. */
const char *progress_formula_text(enum progress_formula v);
const char *progress_reason_text(enum progress_reason v);
/* Months per period of a frequency; 0 for NONE. */
int progress_frequency_months(enum progress_frequency v);

#endif
