/* Unit tests for the indicator progress rules (src/app/plan/progress.h): dates,
 * staleness, the formula (higher / lower is better, baseline == target,
 * clamping), current values per accumulation (level, per period,
 * cumulative), revisions, aggregation across territories (sums, ratios
 * recomputed from numerators and denominators), target choice, empty
 * figures and their reasons, input validation and the enum names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan/progress.h"

#define assert_near(a, b) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= 1e-9 * (fabs(b_) > 1 ? fabs(b_) : 1))) fail_msg("%s = %.12g, expected %.12g", #a, a_, b_); \
  } while (0)

static progress_day D(const char *s) {
  progress_day d = PROGRESS_NO_DAY;
  if (progress_day_parse(s, &d) != PLAM_OK) fail_msg("bad test date %s", s);
  return d;
}

/* ---- fixtures ------------------------------------------------------------ */

static struct progress_indicator def_count(enum progress_accumulation acc) {
  struct progress_indicator d = {PROGRESS_HIGHER_IS_BETTER, PROGRESS_KIND_COUNT,  acc,
                                 PROGRESS_AGG_SUM,          PROGRESS_FREQ_YEARLY, 0};
  return d;
}

static struct progress_indicator def_percent(enum progress_direction dir) {
  struct progress_indicator d = {
    dir, PROGRESS_KIND_PERCENT, PROGRESS_ACC_LEVEL, PROGRESS_AGG_RATIO, PROGRESS_FREQ_YEARLY, 100.0};
  return d;
}

static struct progress_measurement val(uint32_t t, const char *day, double v, int64_t id) {
  struct progress_measurement m = {0};
  m.id = id;
  m.territory = t;
  m.day = D(day);
  m.has_value = true;
  m.value = v;
  return m;
}

static struct progress_measurement ratio(uint32_t t, const char *day, double num, double den, int64_t id) {
  struct progress_measurement m = {0};
  m.id = id;
  m.territory = t;
  m.day = D(day);
  m.has_ratio = true;
  m.numerator = num;
  m.denominator = den;
  return m;
}

static struct progress_target targets1[1];

static struct progress_indicator_input input(struct progress_indicator def, double base, const char *base_day,
                                             double target, const char *target_day,
                                             const struct progress_measurement *rows, size_t n, uint32_t territories,
                                             const char *ref) {
  struct progress_indicator_input in;
  memset(&in, 0, sizeof in);
  in.def = def;
  in.baseline.has = true;
  in.baseline.value = base;
  in.baseline.day = base_day ? D(base_day) : PROGRESS_NO_DAY;
  targets1[0].value = target;
  targets1[0].day = target_day ? D(target_day) : PROGRESS_NO_DAY;
  in.targets = targets1;
  in.n_targets = 1;
  in.values = rows;
  in.n_values = n;
  in.n_territories = territories;
  in.reference_day = D(ref);
  in.target_choice = PROGRESS_TARGET_FINAL;
  in.grace_days = PROGRESS_GRACE_DAYS_DEFAULT;
  return in;
}

static struct progress_indicator_result res; /* large: keep it off the stack */

static void compute_ok(const struct progress_indicator_input *in) {
  assert_int_equal(progress_indicator_compute(in, &res), PLAM_OK);
}

/* ---- dates --------------------------------------------------------------- */

static void test_day_known_values(void **state) {
  (void)state;
  assert_int_equal(progress_day_from_ymd(1970, 1, 1), 0);
  assert_int_equal(progress_day_from_ymd(2000, 3, 1), 11017);
  assert_int_equal(progress_day_from_ymd(1969, 12, 31), -1);
  assert_int_equal(D("2022-03-15") - D("2021-12-31"), 74);
  assert_int_equal(progress_day_from_ymd(2023, 2, 29), PROGRESS_NO_DAY);
  assert_int_not_equal(progress_day_from_ymd(2024, 2, 29), PROGRESS_NO_DAY);
  assert_int_equal(progress_day_from_ymd(1900, 2, 29), PROGRESS_NO_DAY);
  assert_int_not_equal(progress_day_from_ymd(2000, 2, 29), PROGRESS_NO_DAY);
  assert_int_equal(progress_day_from_ymd(2022, 13, 1), PROGRESS_NO_DAY);
  assert_int_equal(progress_day_from_ymd(2022, 4, 31), PROGRESS_NO_DAY);
  assert_int_equal(progress_day_from_ymd(1899, 12, 31), PROGRESS_NO_DAY);
}

static void test_day_round_trip(void **state) {
  (void)state;
  progress_day prev = progress_day_from_ymd(1900, 1, 1) - 1;
  for (int y = 1900; y <= 2100; y++) {
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= 31; d++) {
        progress_day day = progress_day_from_ymd(y, m, d);
        if (day == PROGRESS_NO_DAY) continue;
        assert_int_equal(day, prev + 1); /* consecutive, no gap, no repeat */
        prev = day;
        int yy, mm, dd;
        progress_day_to_ymd(day, &yy, &mm, &dd);
        assert_int_equal(yy, y);
        assert_int_equal(mm, m);
        assert_int_equal(dd, d);
      }
    }
  }
}

static void test_day_parse_format(void **state) {
  (void)state;
  progress_day d;
  char buf[11];
  assert_int_equal(progress_day_parse("2022-03-15", &d), PLAM_OK);
  progress_day_format(d, buf);
  assert_string_equal(buf, "2022-03-15");
  const char *bad[] = {"2022-3-15",  "2022-03-15x", "",          "2022/03/15",
                       "2022-02-30", "20a2-01-01",  "2022-03-1", "1899-12-31"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(progress_day_parse(bad[i], &d), PLAM_ERR_INVALID);
  assert_int_equal(progress_day_parse(NULL, &d), PLAM_ERR_INVALID);
  progress_day_format(PROGRESS_NO_DAY, buf);
  assert_string_equal(buf, "");
}

static void test_day_add_months(void **state) {
  (void)state;
  assert_int_equal(progress_day_add_months(D("2022-01-31"), 1), D("2022-02-28"));
  assert_int_equal(progress_day_add_months(D("2024-01-31"), 1), D("2024-02-29"));
  assert_int_equal(progress_day_add_months(D("2022-12-31"), 12), D("2023-12-31"));
  assert_int_equal(progress_day_add_months(D("2022-03-31"), -1), D("2022-02-28"));
  assert_int_equal(progress_day_add_months(D("2022-11-15"), 3), D("2023-02-15"));
  assert_int_equal(progress_day_add_months(D("2022-06-30"), 6), D("2022-12-30"));
  assert_int_equal(progress_day_add_months(PROGRESS_NO_DAY, 1), PROGRESS_NO_DAY);
}

/* ---- staleness ----------------------------------------------------------- */

static void test_stale_per_frequency(void **state) {
  (void)state;
  /* monthly: March value, April due 30 April, stale after 30 April + grace */
  progress_day march = D("2022-03-31");
  assert_false(progress_is_stale(march, PROGRESS_FREQ_MONTHLY, D("2022-04-30"), 0));
  assert_true(progress_is_stale(march, PROGRESS_FREQ_MONTHLY, D("2022-05-01"), 0));
  assert_false(progress_is_stale(march, PROGRESS_FREQ_MONTHLY, D("2022-05-30"), 30));
  assert_true(progress_is_stale(march, PROGRESS_FREQ_MONTHLY, D("2022-05-31"), 30));
  /* quarterly */
  assert_false(progress_is_stale(march, PROGRESS_FREQ_QUARTERLY, D("2022-06-30"), 0));
  assert_true(progress_is_stale(march, PROGRESS_FREQ_QUARTERLY, D("2022-07-01"), 0));
  /* half-yearly */
  assert_false(progress_is_stale(D("2022-06-30"), PROGRESS_FREQ_HALF_YEARLY, D("2022-12-30"), 0));
  assert_true(progress_is_stale(D("2022-06-30"), PROGRESS_FREQ_HALF_YEARLY, D("2022-12-31"), 0));
  /* yearly: the 2021 value is fresh through 2022, stale in 2023 */
  progress_day y2021 = D("2021-12-31");
  assert_false(progress_is_stale(y2021, PROGRESS_FREQ_YEARLY, D("2022-12-31"), 0));
  assert_true(progress_is_stale(y2021, PROGRESS_FREQ_YEARLY, D("2023-01-01"), 0));
  /* one-off indicators never go stale */
  assert_false(progress_is_stale(y2021, PROGRESS_FREQ_NONE, D("2030-01-01"), 0));
  /* a value dated after the reference date is not stale */
  assert_false(progress_is_stale(D("2023-01-01"), PROGRESS_FREQ_MONTHLY, D("2022-01-01"), 0));
}

/* ---- the formula --------------------------------------------------------- */

static void test_linear_higher_is_better(void **state) {
  (void)state;
  /* 1.1: 500 parcours qualifiants, 284 in 2021 then 100 early 2022 */
  struct progress_measurement rows[] = {val(0, "2021-12-31", 284, 1), val(0, "2022-03-15", 100, 2)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_CUMULATIVE), 0, "2020-12-31", 500, "2026-12-31",
                                             rows, 2, 1, "2022-03-15");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_OK);
  assert_int_equal(res.formula, PROGRESS_FORMULA_LINEAR);
  assert_true(res.has_current);
  assert_near(res.current, 384);
  assert_near(res.progress, 76.8);
  assert_near(res.raw, 76.8);
  assert_false(res.clamped);
  assert_int_equal(res.values_used, 2);
  assert_int_equal(res.current_day, D("2022-03-15"));
  assert_int_equal(res.baseline_day, D("2020-12-31"));
  assert_int_equal(res.target_day, D("2026-12-31"));
  assert_true(res.target_is_final);
  assert_int_equal(res.territories_expected, 1);
  assert_int_equal(res.territories_with_value, 1);
  assert_true(res.territories[0].has);
  assert_int_equal(res.territories[0].values_used, 2);
}

static void test_linear_lower_is_better_mirrored(void **state) {
  (void)state;
  /* dropout rate: baseline 20 %, target 10 %, now 15 % -> halfway */
  struct progress_measurement rows[] = {val(0, "2022-12-31", 15, 1)};
  struct progress_indicator def = def_percent(PROGRESS_LOWER_IS_BETTER);
  struct progress_indicator_input in = input(def, 20, "2021-11-30", 10, "2026-12-31", rows, 1, 1, "2023-01-15");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_int_equal(res.formula, PROGRESS_FORMULA_LINEAR_LOWER);
  assert_near(res.progress, 50);
  /* going up is going backwards: clamped to 0 */
  rows[0].value = 25;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.raw, -50);
  assert_true(res.clamped);
  assert_near(res.progress, 0);
  /* beating the target: clamped to 100 */
  rows[0].value = 5;
  compute_ok(&in);
  assert_near(res.raw, 150);
  assert_true(res.clamped);
  assert_near(res.progress, 100);
}

static void test_clamping_higher_is_better(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2022-12-31", 600, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 500, "2026-12-31", rows,
                                             1, 1, "2023-01-01");
  compute_ok(&in);
  assert_near(res.raw, 125);
  assert_true(res.clamped);
  assert_near(res.progress, 100);
  rows[0].value = 60; /* below the baseline */
  compute_ok(&in);
  assert_near(res.raw, -10);
  assert_true(res.clamped);
  assert_near(res.progress, 0);
  assert_true(res.has_progress); /* zero, not empty: every input is there */
  rows[0].value = 100;           /* exactly the baseline */
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_false(res.clamped);
  assert_near(res.progress, 0);
}

static void test_baseline_equals_target(void **state) {
  (void)state;
  /* "maintain 80 IPA": met -> 100, missed -> 0, never empty */
  struct progress_measurement rows[] = {val(0, "2023-12-31", 80, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 80, "2022-03-15", 80, "2025-03-15", rows, 1,
                                             1, "2024-01-10");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_int_equal(res.formula, PROGRESS_FORMULA_MAINTAIN);
  assert_near(res.progress, 100);
  assert_false(res.clamped);
  rows[0].value = 95;
  compute_ok(&in);
  assert_near(res.progress, 100);
  rows[0].value = 79;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.progress, 0);
  assert_int_equal(res.formula, PROGRESS_FORMULA_MAINTAIN);

  /* lower is better: at or under the level is met */
  struct progress_indicator def = def_percent(PROGRESS_LOWER_IS_BETTER);
  struct progress_measurement r2[] = {val(0, "2023-12-31", 20, 1)};
  in = input(def, 20, "2022-01-01", 20, "2025-01-01", r2, 1, 1, "2024-01-10");
  compute_ok(&in);
  assert_near(res.progress, 100);
  r2[0].value = 19.5;
  compute_ok(&in);
  assert_near(res.progress, 100);
  r2[0].value = 20.5;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.progress, 0);

  /* still empty when the current value is missing */
  in.n_values = 0;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_VALUE);
}

static void test_target_contradicts_direction(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2022-12-31", 50, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 40, "2026-12-31", rows,
                                             1, 1, "2023-01-01");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_TARGET_CONTRADICTS_DIRECTION);
  assert_true(res.has_current); /* the value is still shown */
  assert_near(res.current, 50);
  in.def = def_percent(PROGRESS_LOWER_IS_BETTER);
  in.baseline.value = 10;
  targets1[0].value = 20;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_TARGET_CONTRADICTS_DIRECTION);
}

static void test_formula_extremes_stay_finite(void **state) {
  (void)state;
  double raw;
  enum progress_formula f;
  enum progress_reason r;
  assert_true(progress_formula_apply(PROGRESS_HIGHER_IS_BETTER, -1e308, 1e308, 1e308, &raw, &f, &r));
  assert_true(isfinite(raw));
  assert_true(progress_formula_apply(PROGRESS_HIGHER_IS_BETTER, 0, 1e-300, 1e300, &raw, &f, &r));
  assert_true(isfinite(raw));
  assert_true(raw > 100);
}

/* ---- empty, not zero ----------------------------------------------------- */

static void test_missing_inputs_are_empty(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2022-12-31", 150, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 200, "2026-12-31", rows,
                                             1, 1, "2023-01-01");
  in.baseline.has = false;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_BASELINE);
  assert_true(res.has_current); /* explanation keeps the value */
  assert_near(res.current, 150);

  in.baseline.has = true;
  in.n_targets = 0;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_TARGET);
  assert_false(res.has_target);

  in.n_targets = 1;
  in.n_values = 0;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_VALUE);
  assert_false(res.has_current);
  assert_int_equal(res.territories_with_value, 0);
  assert_near(res.progress, 0); /* the field is unset, has_progress says empty */
}

static void test_values_outside_window_ignored(void **state) {
  (void)state;
  /* before the baseline date, or after the reference date: not current */
  struct progress_measurement rows[] = {val(0, "2020-12-31", 150, 1), val(0, "2023-06-30", 180, 2)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 200, "2026-12-31", rows,
                                             2, 1, "2023-01-01");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_VALUE);
  in.reference_day = D("2023-07-01");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 180);
  assert_near(res.progress, 80);
}

/* ---- accumulation -------------------------------------------------------- */

static void test_level_latest_and_revisions(void **state) {
  (void)state;
  /* 2022-06-30 revised (id 5 supersedes id 2); 2022-09-30 is after the ref */
  struct progress_measurement rows[] = {val(0, "2022-03-31", 110, 1), val(0, "2022-06-30", 120, 2),
                                        val(0, "2022-06-30", 130, 5), val(0, "2022-09-30", 190, 3)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 200, "2026-12-31", rows,
                                             4, 1, "2022-07-15");
  compute_ok(&in);
  assert_near(res.current, 130);
  assert_near(res.progress, 30);
  assert_int_equal(res.current_day, D("2022-06-30"));
  assert_int_equal(res.values_used, 1);
}

static void test_cumulative_sums_periods(void **state) {
  (void)state;
  /* baseline 1000 places at end 2021, +50 in 2022, +70 in 2023 (revised
   * from 60), the 2021 flow is part of the baseline and not counted again */
  struct progress_measurement rows[] = {val(0, "2021-12-31", 40, 1), val(0, "2022-12-31", 50, 2),
                                        val(0, "2023-12-31", 60, 3), val(0, "2023-12-31", 70, 4)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_CUMULATIVE), 1000, "2021-12-31", 1200, "2026-12-31",
                                             rows, 4, 1, "2024-01-31");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 1120);
  assert_near(res.progress, 60);
  assert_int_equal(res.values_used, 2);
  assert_near(res.territories[0].value, 120);
  /* the same rows read as levels give the latest value only */
  in.def.accumulation = PROGRESS_ACC_LEVEL;
  compute_ok(&in);
  assert_near(res.current, 70);
  assert_int_equal(res.reason, PROGRESS_REASON_OK);
  assert_near(res.raw, -465); /* 70 is far below the 1000 baseline */
  assert_near(res.progress, 0);
  assert_true(res.clamped);
}

static void test_cumulative_across_territories(void **state) {
  (void)state;
  /* 1.5: 40 réfugiés targeted over 44 and 49 */
  struct progress_measurement rows[] = {val(0, "2022-06-30", 8, 1), val(0, "2022-12-31", 7, 2),
                                        val(1, "2022-12-31", 5, 3)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_CUMULATIVE), 0, "2022-01-01", 40, "2023-12-31",
                                             rows, 3, 2, "2023-01-10");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 20);
  assert_near(res.progress, 50);
  assert_int_equal(res.values_used, 3);
  assert_int_equal(res.territories_with_value, 2);
  assert_near(res.territories[0].value, 15);
  assert_near(res.territories[1].value, 5);
  assert_int_equal(res.oldest_day, D("2022-12-31"));
}

static void test_per_period_uses_common_period(void **state) {
  (void)state;
  /* 1.2 service civique per year: 44 reported 2021 and 2022, 49 only 2021 */
  struct progress_indicator def = def_count(PROGRESS_ACC_PER_PERIOD);
  struct progress_measurement rows[] = {val(0, "2021-12-31", 120, 1), val(0, "2022-12-31", 150, 2),
                                        val(1, "2021-12-31", 67, 3)};
  struct progress_indicator_input in = input(def, 0, NULL, 200, NULL, rows, 3, 2, "2023-01-10");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 187);
  assert_int_equal(res.current_day, D("2021-12-31"));
  assert_near(res.territories[0].value, 120);
  assert_near(res.progress, 93.5);
  /* once 49 reports 2022, the 2022 period is used */
  struct progress_measurement rows2[] = {val(0, "2021-12-31", 120, 1), val(0, "2022-12-31", 150, 2),
                                         val(1, "2021-12-31", 67, 3), val(1, "2022-12-31", 60, 4)};
  in.values = rows2;
  in.n_values = 4;
  compute_ok(&in);
  assert_near(res.current, 210);
  assert_int_equal(res.current_day, D("2022-12-31"));
  assert_near(res.progress, 100);
  assert_true(res.clamped);
}

static void test_per_period_without_common_period(void **state) {
  (void)state;
  struct progress_indicator def = def_count(PROGRESS_ACC_PER_PERIOD);
  struct progress_measurement rows[] = {val(0, "2022-12-31", 150, 1), val(1, "2021-12-31", 67, 2)};
  struct progress_indicator_input in = input(def, 0, NULL, 200, NULL, rows, 2, 2, "2023-01-10");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_false(res.has_current);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_COMMON_PERIOD);
  assert_int_equal(res.territories_with_value, 2); /* what each last reported */
  assert_near(res.territories[1].value, 67);
  /* one territory silent: still no common period */
  in.n_values = 1;
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_NO_COMMON_PERIOD);
  assert_int_equal(res.territories_with_value, 1);
}

/* ---- aggregation across territories ------------------------------------- */

static void test_sum_requires_every_territory(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2022-12-31", 30, 1), val(2, "2022-12-31", 20, 2)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 0, "2021-12-31", 100, "2026-12-31", rows, 2,
                                             3, "2023-01-01");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_MISSING_TERRITORY);
  assert_int_equal(res.territories_expected, 3);
  assert_int_equal(res.territories_with_value, 2);
  assert_false(res.territories[1].has);
  in.n_territories = 3;
  struct progress_measurement all[] = {val(0, "2022-12-31", 30, 1), val(1, "2022-12-31", 10, 3),
                                       val(2, "2022-12-31", 20, 2)};
  in.values = all;
  in.n_values = 3;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 60);
  assert_near(res.progress, 60);
}

static void test_ratio_recomputed_not_averaged(void **state) {
  (void)state;
  /* 10/100 = 10 % and 90/300 = 30 %: the regional rate is 100/400 = 25 %,
   * not the 20 % mean of the two rates */
  struct progress_measurement rows[] = {ratio(0, "2022-12-31", 10, 100, 1), ratio(1, "2022-12-31", 90, 300, 2)};
  struct progress_indicator_input in = input(def_percent(PROGRESS_LOWER_IS_BETTER), 30, "2021-12-31", 10, "2026-12-31",
                                             rows, 2, 2, "2023-01-01");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_true(res.has_ratio);
  assert_near(res.numerator, 100);
  assert_near(res.denominator, 400);
  assert_near(res.current, 25);
  assert_near(res.progress, 25);
  assert_near(res.territories[0].value, 10);
  assert_near(res.territories[1].value, 30);
}

static void test_ratio_needs_parts_over_territories(void **state) {
  (void)state;
  struct progress_measurement rows[] = {ratio(0, "2022-12-31", 10, 100, 1), val(1, "2022-12-31", 30, 2)};
  struct progress_indicator_input in = input(def_percent(PROGRESS_LOWER_IS_BETTER), 30, "2021-12-31", 10, "2026-12-31",
                                             rows, 2, 2, "2023-01-01");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_MISSING_RATIO);
  /* a single territory may carry its rate alone: "+ de 20 % de ruptures" */
  struct progress_measurement one[] = {val(0, "2021-11-30", 20, 1)};
  in.values = one;
  in.n_values = 1;
  in.n_territories = 1;
  in.baseline.value = 20;
  in.baseline.day = D("2021-11-30");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_false(res.has_ratio);
  assert_near(res.current, 20);
  assert_near(res.progress, 0);
}

static void test_ratio_zero_denominator(void **state) {
  (void)state;
  struct progress_measurement rows[] = {ratio(0, "2022-12-31", 0, 0, 1), ratio(1, "2022-12-31", 0, 0, 2)};
  struct progress_indicator_input in = input(def_percent(PROGRESS_HIGHER_IS_BETTER), 0, "2021-12-31", 50, "2026-12-31",
                                             rows, 2, 2, "2023-01-01");
  compute_ok(&in);
  assert_false(res.has_progress);
  assert_int_equal(res.reason, PROGRESS_REASON_ZERO_DENOMINATOR);
  /* one territory with a denominator is enough for the regional rate */
  rows[1].numerator = 5;
  rows[1].denominator = 20;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 25);
  assert_near(res.progress, 50);
}

/* ---- staleness in results ----------------------------------------------- */

static void test_stale_values_flagged_but_used(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2021-12-31", 150, 1), val(1, "2022-12-31", 30, 2)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-01-01", 300, "2026-12-31", rows,
                                             2, 2, "2023-03-01");
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, 180);
  assert_near(res.progress, 40);
  assert_true(res.stale);
  assert_int_equal(res.territories_stale, 1);
  assert_true(res.territories[0].stale);
  assert_false(res.territories[1].stale);
  assert_int_equal(res.oldest_day, D("2021-12-31"));
  assert_int_equal(res.current_day, D("2022-12-31"));
  /* within the grace period the 2021 value is not yet stale */
  in.reference_day = D("2023-01-20");
  compute_ok(&in);
  assert_false(res.stale);
  in.grace_days = 0;
  compute_ok(&in);
  assert_true(res.stale);
  /* monthly indicator: the December value is due again end of January */
  in.def.frequency = PROGRESS_FREQ_MONTHLY;
  compute_ok(&in);
  assert_int_equal(res.territories_stale, 1);
  in.reference_day = D("2023-02-01");
  compute_ok(&in);
  assert_int_equal(res.territories_stale, 2);
  assert_true(res.has_progress);
  in.def.frequency = PROGRESS_FREQ_NONE;
  compute_ok(&in);
  assert_false(res.stale);
}

/* ---- target choice ------------------------------------------------------ */

static void test_target_choice(void **state) {
  (void)state;
  struct progress_target t[3] = {{500, PROGRESS_NO_DAY}, {300, 0}, {400, 0}};
  t[1].day = D("2023-12-31");
  t[2].day = D("2024-12-31");
  struct progress_measurement rows[] = {val(0, "2022-12-31", 150, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 0, "2021-12-31", 0, NULL, rows, 1, 1,
                                             "2023-01-10");
  in.targets = t;
  in.n_targets = 3;
  compute_ok(&in); /* FINAL: the undated target sorts last */
  assert_near(res.target, 500);
  assert_int_equal(res.target_index, 0);
  assert_true(res.target_is_final);
  assert_near(res.progress, 30);
  in.target_choice = PROGRESS_TARGET_NEXT;
  compute_ok(&in);
  assert_near(res.target, 300);
  assert_int_equal(res.target_day, D("2023-12-31"));
  assert_false(res.target_is_final);
  assert_near(res.progress, 50);
  t[0].day = D("2026-12-31");
  in.reference_day = D("2027-06-01"); /* all deadlines past: the final one */
  compute_ok(&in);
  assert_near(res.target, 500);
  assert_true(res.target_is_final);
}

/* ---- invalid input ------------------------------------------------------ */

static void test_invalid_definitions(void **state) {
  (void)state;
  struct progress_indicator d = def_count(PROGRESS_ACC_CUMULATIVE);
  assert_int_equal(progress_indicator_check(&d), PLAM_OK);
  d.aggregation = PROGRESS_AGG_RATIO;
  d.ratio_scale = 1;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID); /* cumulative ratio */
  d = def_percent(PROGRESS_HIGHER_IS_BETTER);
  assert_int_equal(progress_indicator_check(&d), PLAM_OK);
  d.aggregation = PROGRESS_AGG_SUM;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID); /* summed percentages */
  d = def_percent(PROGRESS_HIGHER_IS_BETTER);
  d.ratio_scale = 1;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID);
  d.kind = PROGRESS_KIND_RATIO;
  d.ratio_scale = 100000;
  assert_int_equal(progress_indicator_check(&d), PLAM_OK);
  d.ratio_scale = 0;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID);
  d.ratio_scale = NAN;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID);
  d = def_count(PROGRESS_ACC_LEVEL);
  d.direction = PROGRESS_DIRECTION__COUNT;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID);
  d = def_count(PROGRESS_ACC_LEVEL);
  d.frequency = (enum progress_frequency)77;
  assert_int_equal(progress_indicator_check(&d), PLAM_ERR_INVALID);
  assert_int_equal(progress_indicator_check(NULL), PLAM_ERR_INVALID);
}

static void test_invalid_inputs_zero_the_result(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(0, "2022-12-31", 150, 2), val(0, "2022-06-30", 120, 1)};
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_LEVEL), 100, "2021-12-31", 200, "2026-12-31", rows,
                                             2, 1, "2023-01-01");
  res.has_progress = true;
  res.progress = 42;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID); /* unsorted */
  assert_false(res.has_progress);
  assert_near(res.progress, 0);
  progress_measurements_sort(rows, 2);
  compute_ok(&in);
  assert_near(res.current, 150);

  /* duplicate (territory, day, id) is not a revision order */
  struct progress_measurement dup[] = {val(0, "2022-12-31", 1, 1), val(0, "2022-12-31", 2, 1)};
  in.values = dup;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  in.values = rows;

  rows[1].territory = 1; /* outside n_territories */
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  rows[1].territory = 0;
  rows[1].value = NAN;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  rows[1].value = 150;
  rows[1].has_value = false; /* a count needs its value */
  rows[1].has_ratio = true;
  rows[1].numerator = 1;
  rows[1].denominator = 2;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  rows[1].has_value = true;
  rows[1].has_ratio = false;
  in.baseline.value = INFINITY;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  in.baseline.value = 100;
  targets1[0].value = NAN;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  targets1[0].value = 200;
  in.n_territories = 0;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  in.n_territories = PROGRESS_MAX_TERRITORIES + 1;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_TOO_LARGE);
  in.n_territories = 1;
  in.n_targets = PROGRESS_MAX_TARGETS + 1;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_TOO_LARGE);
  in.n_targets = 1;
  in.reference_day = PROGRESS_NO_DAY;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  in.reference_day = D("2023-01-01");
  in.grace_days = -1;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  in.grace_days = 0;
  in.values = NULL;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  assert_int_equal(progress_indicator_compute(NULL, &res), PLAM_ERR_INVALID);
  assert_int_equal(progress_indicator_compute(&in, NULL), PLAM_ERR_INVALID);
  /* a row must carry something, and denominators are not negative */
  struct progress_measurement r3[] = {ratio(0, "2022-12-31", 1, -2, 1)};
  in.def = def_percent(PROGRESS_HIGHER_IS_BETTER);
  in.values = r3;
  in.n_values = 1;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
  r3[0].has_ratio = false;
  assert_int_equal(progress_indicator_compute(&in, &res), PLAM_ERR_INVALID);
}

static void test_sort_orders_rows(void **state) {
  (void)state;
  struct progress_measurement rows[] = {val(1, "2022-01-31", 1, 9), val(0, "2022-02-28", 2, 3),
                                        val(0, "2022-01-31", 3, 7), val(0, "2022-01-31", 4, 2)};
  progress_measurements_sort(rows, 4);
  assert_int_equal(rows[0].id, 2);
  assert_int_equal(rows[1].id, 7);
  assert_int_equal(rows[2].id, 3);
  assert_int_equal(rows[3].id, 9);
}

/* ---- a larger case: many territories and months ------------------------- */

static void test_many_territories_and_months(void **state) {
  (void)state;
  enum { Z = 100, M = 60 };
  struct progress_measurement *rows = calloc(Z * M, sizeof *rows);
  assert_non_null(rows);
  double expect = 0;
  for (int t = 0; t < Z; t++) {
    for (int m = 0; m < M; m++) {
      struct progress_measurement *r = &rows[t * M + m];
      r->id = t * M + m + 1;
      r->territory = (uint32_t)t;
      r->day = progress_day_add_months(D("2020-01-31"), m);
      r->has_value = true;
      r->value = t + 1;
      if (r->day > D("2020-12-31") && r->day <= D("2023-06-30")) expect += t + 1;
    }
  }
  struct progress_indicator_input in = input(def_count(PROGRESS_ACC_CUMULATIVE), 0, "2020-12-31", 2 * expect,
                                             "2026-12-31", rows, Z * M, Z, "2023-06-30");
  in.def.frequency = PROGRESS_FREQ_MONTHLY;
  compute_ok(&in);
  assert_true(res.has_progress);
  assert_near(res.current, expect);
  assert_near(res.progress, 50);
  assert_int_equal(res.values_used, Z * 30);
  assert_int_equal(res.territories_stale, 0);
  /* as levels the latest month of each territory counts once */
  in.def.accumulation = PROGRESS_ACC_LEVEL;
  compute_ok(&in);
  assert_near(res.current, Z * (Z + 1) / 2);
  free(rows);
}

/* ---- names --------------------------------------------------------------- */

static void test_names_round_trip(void **state) {
  (void)state;
  for (int v = 0; v < PROGRESS_DIRECTION__COUNT; v++) {
    enum progress_direction x;
    assert_int_equal(progress_direction_parse(progress_direction_name(v), &x), PLAM_OK);
    assert_int_equal(x, v);
  }
  for (int v = 0; v < PROGRESS_KIND__COUNT; v++) {
    enum progress_kind x;
    assert_int_equal(progress_kind_parse(progress_kind_name(v), &x), PLAM_OK);
    assert_int_equal(x, v);
  }
  for (int v = 0; v < PROGRESS_ACC__COUNT; v++) {
    enum progress_accumulation x;
    assert_int_equal(progress_accumulation_parse(progress_accumulation_name(v), &x), PLAM_OK);
    assert_int_equal(x, v);
  }
  for (int v = 0; v < PROGRESS_AGG__COUNT; v++) {
    enum progress_aggregation x;
    assert_int_equal(progress_aggregation_parse(progress_aggregation_name(v), &x), PLAM_OK);
    assert_int_equal(x, v);
  }
  for (int v = 0; v < PROGRESS_FREQ__COUNT; v++) {
    enum progress_frequency x;
    assert_int_equal(progress_frequency_parse(progress_frequency_name(v), &x), PLAM_OK);
    assert_int_equal(x, v);
  }
  enum progress_frequency f;
  assert_int_equal(progress_frequency_parse("weekly", &f), PLAM_ERR_INVALID);
  assert_int_equal(progress_frequency_parse(NULL, &f), PLAM_ERR_INVALID);
  assert_string_equal(progress_accumulation_name(PROGRESS_ACC_CUMULATIVE), "cumulative");
  assert_string_equal(progress_reason_name(PROGRESS_REASON_MISSING_TERRITORY), "missing_territory");
  assert_string_equal(progress_direction_name((enum progress_direction)99), "");
  assert_int_equal(progress_frequency_months(PROGRESS_FREQ_QUARTERLY), 3);
  for (int v = 0; v < PROGRESS_FORMULA__COUNT; v++) {
    assert_true(strlen(progress_formula_name(v)) > 0);
    assert_true(strlen(progress_formula_text(v)) > 0);
  }
  for (int v = 0; v < PROGRESS_REASON__COUNT; v++) {
    assert_true(strlen(progress_reason_name(v)) > 0);
    assert_true(strlen(progress_reason_text(v)) > 0);
  }
  for (int v = 0; v < PROGRESS_PART_STATUS__COUNT; v++) assert_true(strlen(progress_part_status_name(v)) > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_day_known_values),
    cmocka_unit_test(test_day_round_trip),
    cmocka_unit_test(test_day_parse_format),
    cmocka_unit_test(test_day_add_months),
    cmocka_unit_test(test_stale_per_frequency),
    cmocka_unit_test(test_linear_higher_is_better),
    cmocka_unit_test(test_linear_lower_is_better_mirrored),
    cmocka_unit_test(test_clamping_higher_is_better),
    cmocka_unit_test(test_baseline_equals_target),
    cmocka_unit_test(test_target_contradicts_direction),
    cmocka_unit_test(test_formula_extremes_stay_finite),
    cmocka_unit_test(test_missing_inputs_are_empty),
    cmocka_unit_test(test_values_outside_window_ignored),
    cmocka_unit_test(test_level_latest_and_revisions),
    cmocka_unit_test(test_cumulative_sums_periods),
    cmocka_unit_test(test_cumulative_across_territories),
    cmocka_unit_test(test_per_period_uses_common_period),
    cmocka_unit_test(test_per_period_without_common_period),
    cmocka_unit_test(test_sum_requires_every_territory),
    cmocka_unit_test(test_ratio_recomputed_not_averaged),
    cmocka_unit_test(test_ratio_needs_parts_over_territories),
    cmocka_unit_test(test_ratio_zero_denominator),
    cmocka_unit_test(test_stale_values_flagged_but_used),
    cmocka_unit_test(test_target_choice),
    cmocka_unit_test(test_invalid_definitions),
    cmocka_unit_test(test_invalid_inputs_zero_the_result),
    cmocka_unit_test(test_sort_orders_rows),
    cmocka_unit_test(test_many_territories_and_months),
    cmocka_unit_test(test_names_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
