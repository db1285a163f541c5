/* Unit tests for weighted means (progress_combine): renormalised weights,
 * parts left out (not applicable, zero weight, not measurable), empty
 * propagation from an indicator up to the plan, coverage and stale counts
 * carried up, and input validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan/progress.h"

#define assert_near(a, b) \
  do { \
    double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= 1e-9 * (fabs(b_) > 1 ? fabs(b_) : 1))) fail_msg("%s = %.12g, expected %.12g", #a, a_, b_); \
  } while (0)

static struct progress_combined_result out, action_a, action_b, axis1, axis2, plan;
static struct progress_indicator_result ind;

static struct progress_part part(int64_t id, double weight, bool has, double pct) {
  struct progress_part p;
  memset(&p, 0, sizeof p);
  p.id = id;
  p.weight = weight;
  p.applies = true;
  p.measurable = true;
  p.has = has;
  p.progress = pct;
  p.indicators_expected = 1;
  p.indicators_with_value = has ? 1 : 0;
  p.territories_expected = 5;
  p.territories_with_value = has ? 5 : 3;
  return p;
}

static void test_weighted_mean(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, 1, true, 50), part(2, 3, true, 100)};
  assert_int_equal(progress_combine(p, 2, &out), PLAM_OK);
  assert_true(out.has_progress);
  assert_int_equal(out.formula, PROGRESS_FORMULA_WEIGHTED_MEAN);
  assert_int_equal(out.reason, PROGRESS_REASON_OK);
  assert_near(out.progress, 87.5);
  assert_near(out.weight_total, 4);
  assert_near(out.parts[0].weight_applied, 0.25);
  assert_near(out.parts[1].weight_applied, 0.75);
  assert_int_equal(out.parts[1].id, 2);
  assert_int_equal(out.parts_counted, 2);
  assert_int_equal(out.parts_with_value, 2);
  assert_int_equal(out.indicators_expected, 2);
  assert_int_equal(out.indicators_with_value, 2);
  assert_int_equal(out.territories_expected, 10);
  assert_int_equal(out.territories_with_value, 10);
}

static void test_weights_renormalised_over_applicable(void **state) {
  (void)state;
  /* weights 2, 1, 1; the first does not apply (yet): mean of 40 and 80 */
  struct progress_part p[] = {part(1, 2, false, 0), part(2, 1, true, 40), part(3, 1, true, 80)};
  p[0].applies = false;
  assert_int_equal(progress_combine(p, 3, &out), PLAM_OK);
  assert_true(out.has_progress);
  assert_near(out.progress, 60);
  assert_int_equal(out.parts[0].status, PROGRESS_PART_NOT_APPLICABLE);
  assert_near(out.parts[0].weight_applied, 0);
  assert_near(out.parts[0].weight_given, 2);
  assert_near(out.parts[1].weight_applied, 0.5);
  assert_near(out.parts[2].weight_applied, 0.5);
  assert_int_equal(out.parts_total, 3);
  assert_int_equal(out.parts_counted, 2);
  assert_int_equal(out.indicators_expected, 2); /* the excluded part is not expected */
  /* once it applies, its weight counts */
  p[0].applies = true;
  p[0].has = true;
  p[0].progress = 0;
  assert_int_equal(progress_combine(p, 3, &out), PLAM_OK);
  assert_near(out.progress, 30);
  assert_near(out.parts[0].weight_applied, 0.5);
}

static void test_zero_weight_is_informational(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, 0, false, 0), part(2, 1, true, 40)};
  assert_int_equal(progress_combine(p, 2, &out), PLAM_OK);
  assert_true(out.has_progress); /* an empty zero-weight part does not empty it */
  assert_near(out.progress, 40);
  assert_int_equal(out.parts[0].status, PROGRESS_PART_ZERO_WEIGHT);
}

static void test_missing_part_empties(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, 1, true, 100), part(2, 1, false, 0), part(3, 2, true, 50)};
  assert_int_equal(progress_combine(p, 3, &out), PLAM_OK);
  assert_false(out.has_progress);
  assert_int_equal(out.reason, PROGRESS_REASON_MISSING_PART);
  assert_true(out.measurable);
  assert_int_equal(out.parts[1].status, PROGRESS_PART_MISSING);
  assert_int_equal(out.parts_counted, 3);
  assert_int_equal(out.parts_with_value, 2);
  /* the weights that would apply are still explained */
  assert_near(out.parts[0].weight_applied, 0.25);
  assert_near(out.parts[1].weight_applied, 0.25);
  assert_near(out.parts[2].weight_applied, 0.5);
  assert_int_equal(out.indicators_expected, 3);
  assert_int_equal(out.indicators_with_value, 2);
  assert_int_equal(out.territories_with_value, 13);
}

static void test_nothing_applicable(void **state) {
  (void)state;
  assert_int_equal(progress_combine(NULL, 0, &out), PLAM_OK);
  assert_false(out.has_progress);
  assert_false(out.measurable);
  assert_int_equal(out.reason, PROGRESS_REASON_NOTHING_APPLICABLE);
  struct progress_part p[] = {part(1, 1, true, 10)};
  p[0].applies = false;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_OK);
  assert_false(out.measurable);
  assert_false(out.has_progress);
}

static void test_not_measurable_child_left_out(void **state) {
  (void)state;
  /* an action without indicators does not block its axis */
  assert_int_equal(progress_combine(NULL, 0, &action_a), PLAM_OK);
  struct progress_part ia[] = {part(10, 1, true, 70)};
  assert_int_equal(progress_combine(ia, 1, &action_b), PLAM_OK);
  struct progress_part acts[2];
  progress_part_from_combined(&acts[0], 1, 1, true, &action_a);
  progress_part_from_combined(&acts[1], 2, 1, true, &action_b);
  assert_int_equal(progress_combine(acts, 2, &axis1), PLAM_OK);
  assert_true(axis1.has_progress);
  assert_near(axis1.progress, 70);
  assert_int_equal(axis1.parts[0].status, PROGRESS_PART_NOT_MEASURABLE);
  assert_near(axis1.parts[1].weight_applied, 1);
}

static void test_empty_propagates_to_plan(void **state) {
  (void)state;
  /* an indicator with no value in one territory */
  struct progress_measurement rows[1] = {{0}};
  rows[0].id = 1;
  rows[0].territory = 0;
  assert_int_equal(progress_day_parse("2022-12-31", &rows[0].day), PLAM_OK);
  rows[0].has_value = true;
  rows[0].value = 50;
  struct progress_target tg = {100, PROGRESS_NO_DAY};
  struct progress_indicator_input in;
  memset(&in, 0, sizeof in);
  in.def.direction = PROGRESS_HIGHER_IS_BETTER;
  in.def.kind = PROGRESS_KIND_COUNT;
  in.def.accumulation = PROGRESS_ACC_LEVEL;
  in.def.aggregation = PROGRESS_AGG_SUM;
  in.def.frequency = PROGRESS_FREQ_YEARLY;
  in.baseline.has = true;
  in.baseline.day = PROGRESS_NO_DAY;
  in.targets = &tg;
  in.n_targets = 1;
  in.values = rows;
  in.n_values = 1;
  in.n_territories = 2;
  assert_int_equal(progress_day_parse("2023-01-15", &in.reference_day), PLAM_OK);
  assert_int_equal(progress_indicator_compute(&in, &ind), PLAM_OK);
  assert_false(ind.has_progress);

  struct progress_part ip[2];
  progress_part_from_indicator(&ip[0], 100, 1, true, &ind);
  ip[1] = part(101, 1, true, 80);
  assert_int_equal(progress_combine(ip, 2, &action_a), PLAM_OK);
  assert_false(action_a.has_progress);
  assert_int_equal(action_a.reason, PROGRESS_REASON_MISSING_PART);
  assert_int_equal(action_a.territories_expected, 7);
  assert_int_equal(action_a.territories_with_value, 6);

  struct progress_part ap[1];
  progress_part_from_combined(&ap[0], 1, 1, true, &action_a);
  assert_int_equal(progress_combine(ap, 1, &axis1), PLAM_OK);
  assert_false(axis1.has_progress);
  struct progress_part bp[] = {part(2, 1, true, 90)};
  assert_int_equal(progress_combine(bp, 1, &axis2), PLAM_OK);
  struct progress_part xp[2];
  progress_part_from_combined(&xp[0], 1, 1, true, &axis1);
  progress_part_from_combined(&xp[1], 2, 1, true, &axis2);
  assert_int_equal(progress_combine(xp, 2, &plan), PLAM_OK);
  assert_false(plan.has_progress);
  assert_int_equal(plan.reason, PROGRESS_REASON_MISSING_PART);
  assert_int_equal(plan.indicators_expected, 3);
  assert_int_equal(plan.indicators_with_value, 2);

  /* the missing territory reports: everything fills in */
  struct progress_measurement both[2] = {rows[0], rows[0]};
  both[1].id = 2;
  both[1].territory = 1;
  both[1].value = 10;
  in.values = both;
  in.n_values = 2;
  assert_int_equal(progress_indicator_compute(&in, &ind), PLAM_OK);
  assert_true(ind.has_progress);
  assert_near(ind.progress, 60);
  progress_part_from_indicator(&ip[0], 100, 1, true, &ind);
  assert_int_equal(progress_combine(ip, 2, &action_a), PLAM_OK);
  assert_near(action_a.progress, 70);
  progress_part_from_combined(&ap[0], 1, 1, true, &action_a);
  assert_int_equal(progress_combine(ap, 1, &axis1), PLAM_OK);
  progress_part_from_combined(&xp[0], 1, 1, true, &axis1);
  assert_int_equal(progress_combine(xp, 2, &plan), PLAM_OK);
  assert_true(plan.has_progress);
  assert_near(plan.progress, 80);
  assert_int_equal(plan.indicators_with_value, 3);
}

static void test_stale_counts_carried_up(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, 1, true, 50), part(2, 1, true, 60), part(3, 1, true, 70)};
  p[0].stale = true;
  p[0].stale_count = 1;
  p[2].stale = true;
  p[2].stale_count = 1;
  assert_int_equal(progress_combine(p, 3, &action_a), PLAM_OK);
  assert_true(action_a.has_progress); /* stale values are used, only flagged */
  assert_true(action_a.stale);
  assert_int_equal(action_a.stale_count, 2);
  assert_true(action_a.parts[0].stale);
  assert_false(action_a.parts[1].stale);
  struct progress_part up[1];
  progress_part_from_combined(&up[0], 9, 1, true, &action_a);
  assert_int_equal(progress_combine(up, 1, &axis1), PLAM_OK);
  assert_int_equal(axis1.stale_count, 2);
  assert_true(axis1.parts[0].stale);
}

static void test_invalid_parts(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, -1, true, 50)};
  out.has_progress = true;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_ERR_INVALID);
  assert_false(out.has_progress);
  p[0].weight = NAN;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_ERR_INVALID);
  p[0].weight = INFINITY;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_ERR_INVALID);
  p[0].weight = 1;
  p[0].progress = 100.5;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_ERR_INVALID);
  p[0].progress = -0.5;
  assert_int_equal(progress_combine(p, 1, &out), PLAM_ERR_INVALID);
  p[0].has = false; /* an empty part's number is ignored */
  assert_int_equal(progress_combine(p, 1, &out), PLAM_OK);
  assert_int_equal(progress_combine(p, PROGRESS_MAX_PARTS + 1, &out), PLAM_ERR_TOO_LARGE);
  assert_int_equal(progress_combine(NULL, 1, &out), PLAM_ERR_INVALID);
  assert_int_equal(progress_combine(p, 1, NULL), PLAM_ERR_INVALID);
}

static void test_max_parts(void **state) {
  (void)state;
  static struct progress_part p[PROGRESS_MAX_PARTS];
  for (size_t i = 0; i < PROGRESS_MAX_PARTS; i++) p[i] = part((int64_t)i, 1, true, (double)(i % 101));
  assert_int_equal(progress_combine(p, PROGRESS_MAX_PARTS, &out), PLAM_OK);
  double sum = 0;
  for (size_t i = 0; i < PROGRESS_MAX_PARTS; i++) sum += (double)(i % 101);
  assert_near(out.progress, sum / PROGRESS_MAX_PARTS);
}

/* Headline figure: mean of the measured indicators, each by its share of the
 * whole (progress.h). Action A: ind1 (w1, 40 %), ind2 (w3, no value); action
 * B: ind3 (w1, 80 %), ind4 (w1, 100 %); axis 1 = A + B (w1 each); axis 2 =
 * action C with ind5 (no value); plan = axis 1 + axis 2 (w1 each). Shares:
 * ind1 0.125, ind3 0.25, ind4 0.25 of axis 1, halved in the plan:
 * (0.125 x 40 + 0.25 x 80 + 0.25 x 100) / 0.625 = 80. */
static void test_headline_from_measured_indicators(void **state) {
  (void)state;
  struct progress_part a[] = {part(1, 1, true, 40), part(2, 3, false, 0)};
  assert_int_equal(progress_combine(a, 2, &action_a), PLAM_OK);
  assert_false(action_a.has_progress);
  assert_true(action_a.has_headline);
  assert_near(action_a.headline, 40);
  assert_near(action_a.covered, 0.25);
  struct progress_part b[] = {part(3, 1, true, 80), part(4, 1, true, 100)};
  assert_int_equal(progress_combine(b, 2, &action_b), PLAM_OK);
  assert_true(action_b.has_progress);
  assert_true(action_b.has_headline);
  assert_near(action_b.headline, 90);
  assert_near(action_b.covered, 1);
  struct progress_part ax1[2];
  progress_part_from_combined(&ax1[0], 10, 1, true, &action_a);
  progress_part_from_combined(&ax1[1], 11, 1, true, &action_b);
  assert_int_equal(progress_combine(ax1, 2, &axis1), PLAM_OK);
  assert_false(axis1.has_progress);
  assert_true(axis1.has_headline);
  assert_near(axis1.headline, 80);
  assert_near(axis1.covered, 0.625);
  struct progress_part c[] = {part(5, 1, false, 0)}, actc, ax2[1];
  struct progress_combined_result action_c;
  assert_int_equal(progress_combine(c, 1, &action_c), PLAM_OK);
  assert_false(action_c.has_headline);
  progress_part_from_combined(&actc, 12, 1, true, &action_c);
  ax2[0] = actc;
  assert_int_equal(progress_combine(ax2, 1, &axis2), PLAM_OK);
  assert_false(axis2.has_headline); /* "non calculé": nothing below has a figure */
  assert_near(axis2.covered, 0);
  struct progress_part pl[2];
  progress_part_from_combined(&pl[0], 100, 1, true, &axis1);
  progress_part_from_combined(&pl[1], 101, 1, true, &axis2);
  assert_int_equal(progress_combine(pl, 2, &plan), PLAM_OK);
  assert_false(plan.has_progress);
  assert_true(plan.has_headline);
  assert_near(plan.headline, 80);
  assert_near(plan.covered, 0.3125);
  assert_int_equal(plan.indicators_with_value, 3);
  assert_int_equal(plan.indicators_expected, 5);
}

/* Every counted indicator measured: the headline is the weighted mean; parts
 * left out of the mean (not applicable, weight 0) stay out of the headline. */
static void test_headline_complete_and_left_out(void **state) {
  (void)state;
  struct progress_part p[] = {part(1, 1, true, 50), part(2, 3, true, 100), part(3, 0, true, 0), part(4, 2, true, 0)};
  p[3].applies = false;
  assert_int_equal(progress_combine(p, 4, &out), PLAM_OK);
  assert_true(out.has_progress);
  assert_true(out.has_headline);
  assert_near(out.headline, out.progress);
  assert_near(out.headline, 87.5);
  assert_near(out.covered, 1);
  struct progress_part none[] = {part(1, 1, false, 0), part(2, 1, false, 0)};
  assert_int_equal(progress_combine(none, 2, &out), PLAM_OK);
  assert_false(out.has_headline);
  assert_int_equal(progress_combine(NULL, 0, &out), PLAM_OK);
  assert_false(out.has_headline);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_weighted_mean),
    cmocka_unit_test(test_weights_renormalised_over_applicable),
    cmocka_unit_test(test_zero_weight_is_informational),
    cmocka_unit_test(test_missing_part_empties),
    cmocka_unit_test(test_nothing_applicable),
    cmocka_unit_test(test_not_measurable_child_left_out),
    cmocka_unit_test(test_empty_propagates_to_plan),
    cmocka_unit_test(test_stale_counts_carried_up),
    cmocka_unit_test(test_invalid_parts),
    cmocka_unit_test(test_max_parts),
    cmocka_unit_test(test_headline_from_measured_indicators),
    cmocka_unit_test(test_headline_complete_and_left_out),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
