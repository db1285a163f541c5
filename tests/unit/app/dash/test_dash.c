/* Unit tests of the recruitment dashboards' pure computation (app/dash,
 * dash_calc.c) on a small data set whose every figure is worked out by hand
 * below: needs posted, cancelled and filled, places asked and filled, the
 * fill rate (cancelled needs out), the median time to fill (odd and even
 * counts, a confirmation without a known time), offers answered over offers
 * closed, the pool against the distinct people deployed, by département,
 * area, profession and ISO week, with each filter; the ISO week at year
 * boundaries; the figures a plan indicator receives, and their dates
 * (plan_feed_year_dates): a past year's at 31 December, the current year's
 * dated today and compared since 1 January, except for a cumulative
 * indicator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/dash/dash.h"
#include "app/plan/plan_feed.h"

#define H 3600

/* N1 DEP-44 (commune 44109) AS x2, 2027-01-04 08:00 (W01), filled at +2 h and +5 h: 5 h
 * N2 DEP-44 (44109) IDE x1, 2027-01-05 00:00 (W01), filled at +1 h
 * N3 DEP-85 (85191) AS x3, 2027-01-11 12:00 (W02), open, 1 of 3 at +3 h
 * N4 DEP-85 (85191) AS x2, 2027-01-12 09:00 (W02), cancelled, nobody
 * N5 DEP-49 (49007) IDE x1, 2027-01-13 10:00 (W02), filled at +9 h
 * candidate 10 is deployed on N1 and N2 (counted once). */
static struct dash_need_row needs[5] = {
  {.id = 1,
   .departement = "DEP-44",
   .region = "REG-52",
   .departement_name = "Loire-Atlantique",
   .commune = "44109",
   .profession = "AS",
   .status = "filled",
   .created_at = "2027-01-04T08:00:00Z",
   .headcount = 2,
   .offers_closed = 4,
   .offers_answered = 3},
  {.id = 2,
   .departement = "DEP-44",
   .region = "REG-52",
   .departement_name = "Loire-Atlantique",
   .commune = "44109",
   .profession = "IDE",
   .status = "filled",
   .created_at = "2027-01-05T00:00:00Z",
   .headcount = 1,
   .offers_closed = 2,
   .offers_answered = 1},
  {.id = 3,
   .departement = "DEP-85",
   .region = "REG-52",
   .departement_name = "Vendée",
   .commune = "85191",
   .profession = "AS",
   .status = "open",
   .created_at = "2027-01-11T12:00:00Z",
   .headcount = 3,
   .offers_closed = 5,
   .offers_answered = 2},
  {.id = 4,
   .departement = "DEP-85",
   .region = "REG-52",
   .departement_name = "Vendée",
   .commune = "85191",
   .profession = "AS",
   .status = "cancelled",
   .created_at = "2027-01-12T09:00:00Z",
   .headcount = 2,
   .offers_closed = 1,
   .offers_answered = 0},
  {.id = 5,
   .departement = "DEP-49",
   .region = "REG-52",
   .departement_name = "Maine-et-Loire",
   .commune = "49007",
   .profession = "IDE",
   .status = "filled",
   .created_at = "2027-01-13T10:00:00Z",
   .headcount = 1,
   .offers_closed = 1,
   .offers_answered = 1},
};
static struct dash_conf_row conf[5];
static const struct dash_pool_row pool[5] = {
  {.candidate_id = 10,
   .departement = "DEP-44",
   .region = "REG-52",
   .departement_name = "Loire-Atlantique",
   .commune = "44109",
   .profession = "AS"},
  {.candidate_id = 11,
   .departement = "DEP-44",
   .region = "REG-52",
   .departement_name = "Loire-Atlantique",
   .commune = "44020",
   .profession = "AS"},
  {.candidate_id = 12,
   .departement = "DEP-85",
   .region = "REG-52",
   .departement_name = "Vendée",
   .commune = "",
   .profession = "AS"},
  {.candidate_id = 14,
   .departement = "DEP-85",
   .region = "REG-52",
   .departement_name = "Vendée",
   .commune = "",
   .profession = "IDE"},
  {.candidate_id = 15,
   .departement = "DEP-49",
   .region = "REG-52",
   .departement_name = "Maine-et-Loire",
   .commune = "",
   .profession = "IDE"},
};
static const struct dash_area_row areas[2] = {
  {.commune = "44109", .area_id = 7, .code = "ZE-5213", .name = "Nantes"},
  {.commune = "85191", .area_id = 8, .code = "ZE-5220", .name = "La Roche-sur-Yon"},
};

static int64_t at(const char *s) {
  int64_t t = 0;
  assert_int_equal(dash_parse_utc(s, &t), 0);
  return t;
}

static struct dash_data data(void) {
  int64_t t1 = at(needs[0].created_at), t2 = at(needs[1].created_at), t3 = at(needs[2].created_at),
          t5 = at(needs[4].created_at);
  conf[0] = (struct dash_conf_row){1, 10, t1 + 2 * H};
  conf[1] = (struct dash_conf_row){1, 11, t1 + 5 * H};
  conf[2] = (struct dash_conf_row){2, 10, t2 + 1 * H};
  conf[3] = (struct dash_conf_row){3, 12, t3 + 3 * H};
  conf[4] = (struct dash_conf_row){5, 13, t5 + 9 * H};
  return (struct dash_data){needs, 5, conf, 5, pool, 5, areas, 2};
}

static const struct dash_group *row(const struct dash_result *r, const char *key) {
  for (int i = 0; i < r->nrows; i++)
    if (!strcmp(r->rows[i].key, key)) return &r->rows[i];
  fail_msg("no row %s", key);
  return NULL;
}

static void test_total_and_departements(void **state) {
  (void)state;
  struct dash_data d = data();
  struct dash_filter f = {0};
  struct dash_result r;
  assert_int_equal(dash_compute(&d, &f, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  const struct dash_measures *t = &r.total;
  assert_int_equal(t->needs_posted, 5);
  assert_int_equal(t->needs_cancelled, 1);
  assert_int_equal(t->needs_filled, 3);
  assert_int_equal(t->places_asked, 7); /* 2 + 1 + 3 + 1: the cancelled need's 2 are out */
  assert_int_equal(t->places_filled, 5);
  assert_true(dash_rate(t->places_filled, t->places_asked) == 71.4);
  assert_int_equal(t->ttf_needs, 3);
  assert_true(t->ttf_median_s == 5.0 * H); /* 1, 5, 9 h */
  assert_int_equal(t->offers_closed, 13);
  assert_int_equal(t->offers_answered, 7);
  assert_true(dash_rate(7, 13) == 53.8);
  assert_int_equal(t->pool_size, 5);
  assert_int_equal(t->deployed, 4); /* 10, 11, 12, 13 */
  assert_int_equal(r.nrows, 3);
  assert_string_equal(r.rows[0].key, "DEP-44"); /* sorted by key */
  assert_string_equal(r.rows[0].label, "Loire-Atlantique");
  const struct dash_measures *m44 = &row(&r, "DEP-44")->m, *m85 = &row(&r, "DEP-85")->m, *m49 = &row(&r, "DEP-49")->m;
  assert_int_equal(m44->needs_posted, 2);
  assert_int_equal(m44->places_filled, 3);
  assert_true(m44->ttf_median_s == 3.0 * H); /* (1 + 5) / 2: an even count */
  assert_int_equal(m44->deployed, 2);
  assert_int_equal(m44->pool_size, 2);
  assert_int_equal(m85->needs_posted, 2);
  assert_int_equal(m85->needs_cancelled, 1);
  assert_int_equal(m85->places_asked, 3);
  assert_int_equal(m85->places_filled, 1);
  assert_int_equal(m85->ttf_needs, 0); /* nothing filled: no time to fill */
  assert_int_equal(m85->offers_closed, 6);
  assert_int_equal(m85->offers_answered, 2);
  assert_int_equal(m85->pool_size, 2);
  assert_int_equal(m49->deployed, 1);
  assert_int_equal(m49->pool_size, 1);
  /* weekly series */
  assert_int_equal(r.nweeks, 2);
  assert_string_equal(r.weeks[0].key, "2027-W01");
  assert_int_equal(r.weeks[0].m.needs_posted, 2);
  assert_int_equal(r.weeks[0].m.has_pool, 0);
  assert_string_equal(r.weeks[1].key, "2027-W02");
  assert_int_equal(r.weeks[1].m.needs_posted, 3);
  assert_int_equal(r.weeks[1].m.deployed, 2);
  dash_result_free(&r);
}

static void test_by_profession_area_week(void **state) {
  (void)state;
  struct dash_data d = data();
  struct dash_filter f = {0};
  struct dash_result r;
  assert_int_equal(dash_compute(&d, &f, DASH_BY_PROFESSION, &r), PLAM_OK);
  assert_int_equal(r.nrows, 2);
  const struct dash_measures *as = &row(&r, "AS")->m, *ide = &row(&r, "IDE")->m;
  assert_int_equal(as->needs_posted, 3);
  assert_int_equal(as->places_asked, 5);
  assert_int_equal(as->places_filled, 3);
  assert_int_equal(as->pool_size, 3);
  assert_int_equal(ide->needs_posted, 2);
  assert_true(ide->ttf_median_s == 5.0 * H); /* (1 + 9) / 2 */
  assert_int_equal(ide->pool_size, 2);
  dash_result_free(&r);

  assert_int_equal(dash_compute(&d, &f, DASH_BY_AREA, &r), PLAM_OK);
  assert_int_equal(r.nrows, 2);
  assert_int_equal(row(&r, "ZE-5213")->m.needs_posted, 2);
  assert_int_equal(row(&r, "ZE-5213")->m.pool_size, 1); /* only candidate 10 lives in 44109 */
  assert_string_equal(row(&r, "ZE-5220")->label, "La Roche-sur-Yon");
  assert_int_equal(row(&r, "ZE-5220")->m.needs_posted, 2);
  assert_int_equal(row(&r, "ZE-5220")->m.pool_size, 0);
  assert_int_equal(r.total.needs_posted, 5); /* N5 is in no area, still in the total */
  dash_result_free(&r);

  assert_int_equal(dash_compute(&d, &f, DASH_BY_WEEK, &r), PLAM_OK);
  assert_int_equal(r.nrows, 2);
  assert_int_equal(r.rows[1].m.has_pool, 0);
  dash_result_free(&r);
}

static void test_filters(void **state) {
  (void)state;
  struct dash_data d = data();
  struct dash_result r;
  struct dash_filter f = {.profession = "AS"};
  assert_int_equal(dash_compute(&d, &f, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_posted, 3);
  assert_true(dash_rate(r.total.places_filled, r.total.places_asked) == 60.0);
  assert_int_equal(r.total.pool_size, 3);
  dash_result_free(&r);

  struct dash_filter g = {.from = "2027-01-11", .to = "2027-01-12"}; /* inclusive dates */
  assert_int_equal(dash_compute(&d, &g, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_posted, 2);
  assert_int_equal(r.total.pool_size, 5); /* the pool is not dated */
  dash_result_free(&r);

  struct dash_filter h = {.departement = "DEP-44"};
  assert_int_equal(dash_compute(&d, &h, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_posted, 2);
  assert_int_equal(r.total.pool_size, 2);
  assert_int_equal(r.nrows, 1);
  dash_result_free(&r);

  struct dash_filter k = {.area_id = 8};
  assert_int_equal(dash_compute(&d, &k, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_posted, 2);
  assert_int_equal(r.total.pool_size, 0);
  dash_result_free(&r);

  struct dash_filter reg = {.region = "REG-53"};
  assert_int_equal(dash_compute(&d, &reg, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_posted, 0);
  assert_int_equal(r.nrows, 0);
  assert_int_equal(r.nweeks, 0);
  dash_result_free(&r);
}

static void test_time_to_fill_edges(void **state) {
  (void)state;
  struct dash_data d = data();
  /* a confirmation with no known time: that need has no time to fill */
  conf[4].confirmed_at = 0;
  struct dash_filter f = {.departement = "DEP-49"};
  struct dash_result r;
  assert_int_equal(dash_compute(&d, &f, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_int_equal(r.total.needs_filled, 1);
  assert_int_equal(r.total.ttf_needs, 0);
  int is_rate;
  double num, den;
  assert_int_equal(dash_metric_figure(DASH_M_TIME_TO_FILL_HOURS, &r.total, &is_rate, &num, &den), 0);
  dash_result_free(&r);
  /* a confirmation before the posting time counts as 0 */
  d = data();
  conf[4].confirmed_at = at(needs[4].created_at) - 60;
  assert_int_equal(dash_compute(&d, &f, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  assert_true(r.total.ttf_median_s == 0);
  dash_result_free(&r);
  double v[4] = {4, 1, 3, 2};
  assert_true(dash_median(v, 4) == 2.5);
  assert_true(dash_median(v, 1) == 1);
  assert_true(dash_median(v, 0) == 0);
}

static void test_metric_figures(void **state) {
  (void)state;
  struct dash_data d = data();
  struct dash_filter f = {0};
  struct dash_result r;
  assert_int_equal(dash_compute(&d, &f, DASH_BY_DEPARTEMENT, &r), PLAM_OK);
  int is_rate;
  double num, den;
  assert_int_equal(dash_metric_figure(DASH_M_FILL_RATE, &r.total, &is_rate, &num, &den), 1);
  assert_int_equal(is_rate, 1);
  assert_true(num == 5 && den == 7);
  assert_int_equal(dash_metric_figure(DASH_M_RESPONSE_RATE, &r.total, &is_rate, &num, &den), 1);
  assert_true(num == 7 && den == 13);
  assert_int_equal(dash_metric_figure(DASH_M_NEEDS_POSTED, &r.total, &is_rate, &num, &den), 1);
  assert_int_equal(is_rate, 0);
  assert_true(num == 5);
  assert_int_equal(dash_metric_figure(DASH_M_DEPLOYED, &r.total, &is_rate, &num, &den), 1);
  assert_true(num == 4);
  assert_int_equal(dash_metric_figure(DASH_M_TIME_TO_FILL_HOURS, &r.total, &is_rate, &num, &den), 1);
  assert_true(num == 5.0);
  assert_int_equal(dash_metric_figure(DASH_M_PLACES_ASKED, &r.total, &is_rate, &num, &den), 1);
  assert_true(num == 7);
  dash_result_free(&r);
  struct dash_measures none = {0};
  assert_int_equal(dash_metric_figure(DASH_M_FILL_RATE, &none, &is_rate, &num, &den), 0);
  assert_true(dash_rate(1, 0) < 0);
  assert_true(dash_rate(2, 3) == 66.7);
}

static void test_iso_week(void **state) {
  (void)state;
  char w[9];
  dash_iso_week(at("2027-01-04T00:00:00Z"), w);
  assert_string_equal(w, "2027-W01");
  dash_iso_week(at("2027-01-03T23:59:59Z"), w); /* a Sunday: the last week of 2026, which has 53 */
  assert_string_equal(w, "2026-W53");
  dash_iso_week(at("2024-12-30T00:00:00Z"), w); /* a Monday in week 1 of 2025 */
  assert_string_equal(w, "2025-W01");
  dash_iso_week(at("2021-01-03T12:00:00Z"), w);
  assert_string_equal(w, "2020-W53");
  dash_iso_week(at("2026-06-15T12:00:00Z"), w);
  assert_string_equal(w, "2026-W25");
  int64_t t;
  assert_int_equal(dash_parse_utc("2027-01-04T08:00:00Z", &t), 0);
  assert_int_equal(dash_parse_utc("2027-13-04T08:00:00Z", &t), -1);
  assert_int_equal(dash_parse_utc("hier", &t), -1);
  assert_int_equal(dash_parse_utc(NULL, &t), -1);
}

static void test_year_dates(void **state) {
  (void)state;
  static const struct {
    int cumulative, year;
    const char *today, *date, *since;
  } cases[] = {
    /* the current year: year to date, dated today, compared with the source's values since 1 January */
    {0, 2026, "2026-12-07", "2026-12-07", "2026-01-01"},
    {0, 2027, "2027-01-01", "2027-01-01", "2027-01-01"},
    /* a past year: the whole year, at 31 December, that date only */
    {0, 2025, "2026-12-07", "2025-12-31", "2025-12-31"},
    /* a cumulative indicator would add year-to-date values of different days: 31 December */
    {1, 2026, "2026-12-07", "2026-12-31", "2026-12-31"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct plan_feed_target t = {.cumulative = cases[i].cumulative};
    char date[11], since[11];
    plan_feed_year_dates(&t, cases[i].year, cases[i].today, date, since);
    assert_string_equal(date, cases[i].date);
    assert_string_equal(since, cases[i].since);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_total_and_departements),
    cmocka_unit_test(test_by_profession_area_week),
    cmocka_unit_test(test_filters),
    cmocka_unit_test(test_time_to_fill_edges),
    cmocka_unit_test(test_metric_figures),
    cmocka_unit_test(test_iso_week),
    cmocka_unit_test(test_year_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
