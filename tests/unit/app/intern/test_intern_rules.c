/* Unit tests of the internships module's pure rules (app/intern/intern_rules.h):
 * semesters and years; the disclosure rule (>= 5 respondents, year and
 * semester views) including exhaustive attempts to isolate answers by
 * subtracting one published view from another; and every alert rule at,
 * below and above its threshold, disabled, and with no answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "app/intern/intern_rules.h"

static void test_semesters(void **state) {
  (void)state;
  assert_true(intern_semester_valid("2025-11"));
  assert_true(intern_semester_valid("2026-05"));
  assert_false(intern_semester_valid("2026-06"));
  assert_false(intern_semester_valid("1999-05"));
  assert_false(intern_semester_valid("2026-5"));
  assert_false(intern_semester_valid("20x6-05"));
  assert_false(intern_semester_valid(NULL));
  char y[10], w[8], s[8], a[11], b[11];
  intern_semester_year("2025-11", y);
  assert_string_equal(y, "2025-2026");
  intern_semester_year("2026-05", y);
  assert_string_equal(y, "2025-2026");
  assert_true(intern_year_valid("2025-2026"));
  assert_false(intern_year_valid("2025-2027"));
  intern_year_semesters("2025-2026", w, s);
  assert_string_equal(w, "2025-11");
  assert_string_equal(s, "2026-05");
  intern_semester_days("2025-11", a, b);
  assert_string_equal(a, "2025-11-01");
  assert_string_equal(b, "2026-04-30");
  intern_semester_days("2026-05", a, b);
  assert_string_equal(a, "2026-05-01");
  assert_string_equal(b, "2026-10-31");
}

static void test_disclose_cases(void **state) {
  (void)state;
  const int closed[2] = {1, 1}, open[2] = {1, 0};
  struct intern_disclosure d;
  int64_t n[2] = {6, 5};
  intern_disclose(n, closed, 5, &d);
  assert_true(d.year && d.sem[0] && d.sem[1]);
  /* the example: a year of 6 with one semester of 5 and one of 1 */
  n[0] = 5, n[1] = 1;
  intern_disclose(n, closed, 5, &d);
  assert_true(d.year);
  assert_false(d.sem[0] || d.sem[1]);
  /* 4 answers in the year: nothing */
  n[0] = 2, n[1] = 2;
  intern_disclose(n, closed, 5, &d);
  assert_false(d.year || d.sem[0] || d.sem[1]);
  /* one empty semester: the other is the year, both shown */
  n[0] = 0, n[1] = 7;
  intern_disclose(n, closed, 5, &d);
  assert_true(d.year && d.sem[1]);
  assert_false(d.sem[0]);
  /* a semester still collecting: the year shows nothing yet */
  n[0] = 9, n[1] = 9;
  intern_disclose(n, open, 5, &d);
  assert_false(d.year || d.sem[0] || d.sem[1]);
}

/* Every published figure is a set of answers (the year = both semesters).
 * An attacker holding the published views can derive the difference of
 * two nested sets and the sum of disjoint ones. Exhaustively, for semesters
 * of 0..15 answers: everything derivable holds 0 or >= min answers. */
static void test_no_isolation_by_subtraction(void **state) {
  (void)state;
  const int closed[2] = {1, 1};
  for (int64_t a = 0; a <= 15; a++)
    for (int64_t b = 0; b <= 15; b++) {
      int64_t n[2] = {a, b};
      struct intern_disclosure d;
      intern_disclose(n, closed, INTERN_MIN_RESPONDENTS, &d);
      /* published sets as (winter count, summer count) */
      int64_t pub[3][2];
      int np = 0;
      if (d.year) pub[np][0] = a, pub[np][1] = b, np++;
      if (d.sem[0]) pub[np][0] = a, pub[np][1] = 0, np++;
      if (d.sem[1]) pub[np][0] = 0, pub[np][1] = b, np++;
      for (int i = 0; i < np; i++) {
        int64_t size = pub[i][0] + pub[i][1];
        assert_true(size == 0 || size >= INTERN_MIN_RESPONDENTS);
        for (int j = 0; j < np; j++) {
          if (i == j) continue;
          /* nested: pub[j] within pub[i] */
          if (pub[j][0] <= pub[i][0] && pub[j][1] <= pub[i][1] && (pub[j][0] == 0 || pub[j][0] == pub[i][0]) &&
              (pub[j][1] == 0 || pub[j][1] == pub[i][1])) {
            int64_t diff = size - (pub[j][0] + pub[j][1]);
            assert_true(diff == 0 || diff >= INTERN_MIN_RESPONDENTS);
          }
        }
      }
    }
}

/* A figure published once never changes: a year is shown only when both
 * its semesters are closed (no answer is taken after), so comparing the
 * same view before and after a new answer is impossible. */
static void test_no_isolation_over_time(void **state) {
  (void)state;
  const int states[3][2] = {{0, 0}, {1, 0}, {1, 1}};
  for (int64_t a = 0; a <= 12; a++)
    for (int64_t b = 0; b <= 12; b++) {
      int64_t n[2] = {a, b};
      for (int s = 0; s < 2; s++) {
        struct intern_disclosure d;
        intern_disclose(n, states[s], INTERN_MIN_RESPONDENTS, &d);
        assert_false(d.year || d.sem[0] || d.sem[1]);
      }
    }
}

static void test_rules(void **state) {
  (void)state;
  struct intern_rule_cfg on48 = {1, 48}, on0 = {1, 0}, off = {0, 0}, on2 = {1, 2};
  struct intern_sums s = {.n = 4, .sum_hours = 4 * 48};
  double v;
  assert_false(intern_rule_fires(IRULE_HOURS, &on48, &s, 0, &v)); /* 48 is not over 48 */
  assert_true(v == 48.0);
  s.sum_hours += 1;
  assert_true(intern_rule_fires(IRULE_HOURS, &on48, &s, 0, &v));
  assert_false(intern_rule_fires(IRULE_HOURS, &off, &s, 0, &v));
  struct intern_sums none = {0};
  assert_false(intern_rule_fires(IRULE_HOURS, &on48, &none, 0, &v));
  /* harassment: at once, from a single answer */
  struct intern_sums h = {.n = 1, .harassment = 1};
  assert_true(intern_rule_fires(IRULE_HARASSMENT, &on0, &h, 0, &v));
  h.harassment = 0;
  assert_false(intern_rule_fires(IRULE_HARASSMENT, &on0, &h, 0, &v));
  /* rest: share of answers with a night shift */
  struct intern_sums r = {.n = 10, .nights = 4, .rest_not_taken = 1};
  assert_true(intern_rule_fires(IRULE_REST, &on0, &r, 0, &v));
  assert_true(v == 25.0);
  struct intern_rule_cfg r30 = {1, 30};
  assert_false(intern_rule_fires(IRULE_REST, &r30, &r, 0, &v));
  r.rest_not_taken = 0;
  assert_false(intern_rule_fires(IRULE_REST, &on0, &r, 0, &v));
  r.nights = 0;
  assert_false(intern_rule_fires(IRULE_REST, &on0, &r, 0, &v));
  /* no supervisor */
  struct intern_sums sup = {.n = 5, .no_supervisor = 1};
  assert_true(intern_rule_fires(IRULE_SUPERVISION, &on0, &sup, 0, &v));
  assert_true(v == 20.0);
  sup.no_supervisor = 0;
  assert_false(intern_rule_fires(IRULE_SUPERVISION, &on0, &sup, 0, &v));
  /* dropouts above the threshold */
  assert_false(intern_rule_fires(IRULE_DROPOUTS, &on2, &none, 2, &v));
  assert_true(intern_rule_fires(IRULE_DROPOUTS, &on2, &none, 3, &v));
  assert_true(v == 3.0);
  assert_string_equal(intern_rule_codes[IRULE_DROPOUTS], "dropouts");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_semesters),
    cmocka_unit_test(test_disclose_cases),
    cmocka_unit_test(test_no_isolation_by_subtraction),
    cmocka_unit_test(test_no_isolation_over_time),
    cmocka_unit_test(test_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
