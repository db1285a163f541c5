/* Unit tests for the budget rules (progress_money.h): unit amount x quantity
 * against a line's amount, rounding to the cent, fractional quantities,
 * stage flags, grouped totals by funder / axis / year / plan, coverage of
 * unknown amounts, and the limits (overflow, negative amounts, capacity). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan/progress_money.h"

enum { ARS = 1, REGION = 2, ANFH = 3 };

static struct progress_money_line line(int64_t id, int64_t axis, int64_t funder, int32_t year, int64_t planned_cents) {
  struct progress_money_line l;
  memset(&l, 0, sizeof l);
  l.id = id;
  l.action_id = id * 10;
  l.axis_id = axis;
  l.funder_id = funder;
  l.year = year;
  l.has_amount[PROGRESS_MONEY_PLANNED] = planned_cents >= 0;
  l.amount_cents[PROGRESS_MONEY_PLANNED] = planned_cents >= 0 ? planned_cents : 0;
  return l;
}

static void priced(struct progress_money_line *l, int64_t unit_cents, double qty) {
  l->has_unit = true;
  l->unit_cents = unit_cents;
  l->quantity = qty;
}

static void test_unit_times_quantity_matches(void **state) {
  (void)state;
  /* 1.1: ARS 2,500 € per PEC contract, 500 contracts */
  struct progress_money_line l = line(1, 1, ARS, 2022, 125000000);
  priced(&l, 250000, 500);
  struct progress_money_check c;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MATCH);
  assert_int_equal(c.expected_cents, 125000000);
  assert_int_equal(c.amount_cents, 125000000);
  assert_int_equal(c.difference_cents, 0);
  assert_int_equal(c.quantity_milli, 500000);
  /* one contract short */
  l.amount_cents[PROGRESS_MONEY_PLANNED] = 124750000;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MISMATCH);
  assert_int_equal(c.difference_cents, -250000);
  /* within a tolerance */
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 250000, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MATCH);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 249999, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MISMATCH);
}

static void test_fractional_quantity_and_rounding(void **state) {
  (void)state;
  /* half a 6,000 € apprenticeship-master grant */
  struct progress_money_line l = line(1, 1, ARS, 2024, 300000);
  priced(&l, 600000, 0.5);
  struct progress_money_check c;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MATCH);
  assert_int_equal(c.quantity_milli, 500);
  /* 0.01 € x 0.5 = 0.005 € rounds half away from zero to 0.01 € */
  struct progress_money_line m = line(2, 1, ARS, 2024, 1);
  priced(&m, 1, 0.5);
  assert_int_equal(progress_money_check_line(&m, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.expected_cents, 1);
  assert_int_equal(c.status, PROGRESS_MONEY_MATCH);
  priced(&m, 1, 0.499);
  assert_int_equal(progress_money_check_line(&m, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.expected_cents, 0);
  assert_int_equal(c.status, PROGRESS_MONEY_MISMATCH);
  /* beyond three decimals the quantity is refused */
  priced(&m, 1, 0.0005);
  assert_int_equal(progress_money_check_line(&m, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
}

static void test_statuses_and_stage_flags(void **state) {
  (void)state;
  struct progress_money_check c;
  struct progress_money_line l = line(1, 1, ARS, 2022, 100000);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_NO_UNIT);
  assert_int_equal(c.amount_cents, 100000);
  /* IPA internship: 1,000 € per hosting team, paid stage not known yet */
  priced(&l, 100000, 1);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PAID, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_NO_AMOUNT);
  assert_int_equal(c.expected_cents, 100000);
  l.has_amount[PROGRESS_MONEY_COMMITTED] = true;
  l.amount_cents[PROGRESS_MONEY_COMMITTED] = 120000;
  l.has_amount[PROGRESS_MONEY_PAID] = true;
  l.amount_cents[PROGRESS_MONEY_PAID] = 130000;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PAID, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MISMATCH);
  assert_true(c.paid_over_committed);
  assert_true(c.committed_over_planned);
  l.amount_cents[PROGRESS_MONEY_PAID] = 100000;
  l.amount_cents[PROGRESS_MONEY_COMMITTED] = 100000;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PAID, 0, &c), PLAM_OK);
  assert_int_equal(c.status, PROGRESS_MONEY_MATCH);
  assert_false(c.paid_over_committed);
  assert_false(c.committed_over_planned);
  assert_string_equal(progress_money_status_name(c.status), "match");
  assert_string_equal(progress_money_stage_name(PROGRESS_MONEY_COMMITTED), "committed");
  assert_string_equal(progress_money_stage_name((enum progress_money_stage)9), "");
}

static void test_invalid_lines(void **state) {
  (void)state;
  struct progress_money_check c;
  struct progress_money_line l = line(1, 1, ARS, 2022, 100);
  l.amount_cents[PROGRESS_MONEY_PLANNED] = -1;
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  l = line(1, 1, ARS, 2022, 100);
  priced(&l, 100, NAN);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  priced(&l, 100, -1);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  priced(&l, -100, 1);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  priced(&l, INT64_MAX / 10, 1000); /* unit x quantity overflows */
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  assert_int_equal(c.status, PROGRESS_MONEY_NO_UNIT); /* zeroed */
  priced(&l, 100, 1);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_STAGE__COUNT, 0, &c), PLAM_ERR_INVALID);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, -1, &c), PLAM_ERR_INVALID);
  assert_int_equal(progress_money_check_line(NULL, PROGRESS_MONEY_PLANNED, 0, &c), PLAM_ERR_INVALID);
  assert_int_equal(progress_money_check_line(&l, PROGRESS_MONEY_PLANNED, 0, NULL), PLAM_ERR_INVALID);
}

static struct progress_money_line lines[6];

static void fill_lines(void) {
  lines[0] = line(1, 1, ARS, 2022, 125000000); /* 500 x 2,500 € */
  priced(&lines[0], 250000, 500);
  lines[1] = line(2, 2, ANFH, 2022, 50000);  /* convention ANFH */
  lines[2] = line(3, 2, ARS, 2022, 3000000); /* OPPI 30,000 € / an */
  lines[3] = line(4, 2, ARS, 2023, 3000000);
  lines[4] = line(5, 3, ARS, 2022, -1);         /* amount not known yet */
  lines[5] = line(6, 3, REGION, 2023, 1000000); /* wrongly priced */
  priced(&lines[5], 600000, 2);
  lines[2].has_amount[PROGRESS_MONEY_PAID] = true;
  lines[2].amount_cents[PROGRESS_MONEY_PAID] = 1500000;
}

static void test_totals_by_funder(void **state) {
  (void)state;
  fill_lines();
  struct progress_money_total t[8];
  size_t n = 99;
  assert_int_equal(progress_money_totals(lines, 6, PROGRESS_MONEY_BY_FUNDER, 0, t, 8, &n), PLAM_OK);
  assert_int_equal(n, 3);
  assert_int_equal(t[0].funder_id, ARS);
  assert_int_equal(t[0].lines, 4);
  assert_int_equal(t[0].cents[PROGRESS_MONEY_PLANNED], 131000000);
  assert_int_equal(t[0].known[PROGRESS_MONEY_PLANNED], 3); /* one line has no amount */
  assert_int_equal(t[0].cents[PROGRESS_MONEY_PAID], 1500000);
  assert_int_equal(t[0].known[PROGRESS_MONEY_PAID], 1);
  assert_int_equal(t[0].unit_checked, 1);
  assert_int_equal(t[0].unit_mismatch, 0);
  assert_int_equal(t[0].axis_id, 0); /* not grouped on */
  assert_int_equal(t[1].funder_id, REGION);
  assert_int_equal(t[1].unit_checked, 1);
  assert_int_equal(t[1].unit_mismatch, 1);
  assert_int_equal(t[2].funder_id, ANFH);
  assert_int_equal(t[2].cents[PROGRESS_MONEY_PLANNED], 50000);
}

static void test_totals_by_axis_year_and_plan(void **state) {
  (void)state;
  fill_lines();
  struct progress_money_total t[8];
  size_t n;
  assert_int_equal(progress_money_totals(lines, 6, PROGRESS_MONEY_BY_AXIS | PROGRESS_MONEY_BY_YEAR, 0, t, 8, &n),
                   PLAM_OK);
  assert_int_equal(n, 5);
  assert_int_equal(t[0].axis_id, 1);
  assert_int_equal(t[0].year, 2022);
  assert_int_equal(t[1].axis_id, 2);
  assert_int_equal(t[1].year, 2022);
  assert_int_equal(t[1].cents[PROGRESS_MONEY_PLANNED], 3050000);
  assert_int_equal(t[1].lines, 2);
  assert_int_equal(t[2].axis_id, 2);
  assert_int_equal(t[2].year, 2023);
  assert_int_equal(t[3].axis_id, 3);
  assert_int_equal(t[3].known[PROGRESS_MONEY_PLANNED], 0);
  assert_int_equal(t[4].year, 2023);
  /* the plan total */
  assert_int_equal(progress_money_totals(lines, 6, 0, 0, t, 1, &n), PLAM_OK);
  assert_int_equal(n, 1);
  assert_int_equal(t[0].lines, 6);
  assert_int_equal(t[0].cents[PROGRESS_MONEY_PLANNED], 132050000);
  assert_int_equal(t[0].known[PROGRESS_MONEY_PLANNED], 5);
  assert_int_equal(t[0].unit_mismatch, 1);
  /* sum of per-funder totals == plan total */
  struct progress_money_total f[8];
  size_t nf;
  assert_int_equal(progress_money_totals(lines, 6, PROGRESS_MONEY_BY_FUNDER, 0, f, 8, &nf), PLAM_OK);
  int64_t s = 0;
  for (size_t i = 0; i < nf; i++) s += f[i].cents[PROGRESS_MONEY_PLANNED];
  assert_int_equal(s, t[0].cents[PROGRESS_MONEY_PLANNED]);
  /* no lines: no groups */
  assert_int_equal(progress_money_totals(NULL, 0, 0, 0, t, 8, &n), PLAM_OK);
  assert_int_equal(n, 0);
}

static void test_totals_limits(void **state) {
  (void)state;
  fill_lines();
  struct progress_money_total t[2];
  size_t n = 7;
  assert_int_equal(progress_money_totals(lines, 6, PROGRESS_MONEY_BY_FUNDER, 0, t, 2, &n), PLAM_ERR_TOO_LARGE);
  assert_int_equal(n, 0);
  assert_int_equal(progress_money_totals(lines, 6, 1u << 7, 0, t, 2, &n), PLAM_ERR_INVALID);
  struct progress_money_line big[2] = {line(1, 1, ARS, 2022, INT64_MAX - 5), line(2, 1, ARS, 2022, 10)};
  assert_int_equal(progress_money_totals(big, 2, 0, 0, t, 2, &n), PLAM_ERR_INVALID);
  assert_int_equal(n, 0);
  lines[3].amount_cents[PROGRESS_MONEY_PLANNED] = -3;
  assert_int_equal(progress_money_totals(lines, 6, 0, 0, t, 2, &n), PLAM_ERR_INVALID);
  assert_int_equal(progress_money_totals(lines, 6, 0, 0, t, 2, NULL), PLAM_ERR_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_unit_times_quantity_matches),
    cmocka_unit_test(test_fractional_quantity_and_rounding),
    cmocka_unit_test(test_statuses_and_stage_flags),
    cmocka_unit_test(test_invalid_lines),
    cmocka_unit_test(test_totals_by_funder),
    cmocka_unit_test(test_totals_by_axis_year_and_plan),
    cmocka_unit_test(test_totals_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
