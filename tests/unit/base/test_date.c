/* Unit tests for the calendar dates of the base layer (src/base/date.c):
 * leap years and month lengths, checked for every month of years 1 to 9999
 * against the C library's own calendar (timegm); the validity of
 * year/month/day triples at their bounds; and the strict "YYYY-MM-DD" parser
 * (exact length, digits only, real dates, parts untouched on failure). */
#define _GNU_SOURCE /* timegm */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/date.h"

/* Days in month m of year y by the C library: the day before the 1st of the
 * next month. */
static int libc_month_days(int y, int m) {
  struct tm t = {.tm_year = y - 1900, .tm_mon = m, .tm_mday = 0, .tm_hour = 12};
  timegm(&t); /* normalises t: day 0 of month m+1 is the last day of month m */
  return t.tm_mday;
}

static void test_leap_years(void **state) {
  (void)state;
  static const int leap[] = {4, 400, 1600, 1996, 2000, 2004, 2024, 2400, 9996};
  static const int common[] = {1, 100, 1700, 1800, 1900, 2023, 2100, 2200, 2300, 9999};
  for (size_t i = 0; i < sizeof leap / sizeof leap[0]; i++) assert_true(date_leap(leap[i]));
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) assert_false(date_leap(common[i]));
}

static void test_month_days_match_libc(void **state) {
  (void)state;
  for (int y = 1; y <= 9999; y++)
    for (int m = 1; m <= 12; m++) {
      int want = libc_month_days(y, m);
      if (date_month_days(y, m) != want)
        fail_msg("%04d-%02d: %d days, libc says %d", y, m, date_month_days(y, m), want);
      if (m == 2) assert_int_equal(date_leap(y), want == 29);
    }
  assert_int_equal(date_month_days(2024, 0), 0);
  assert_int_equal(date_month_days(2024, 13), 0);
  assert_int_equal(date_month_days(2024, -1), 0);
}

static void test_ymd_bounds(void **state) {
  (void)state;
  assert_true(date_ymd_valid(1, 1, 1));
  assert_true(date_ymd_valid(9999, 12, 31));
  assert_true(date_ymd_valid(2024, 2, 29));
  assert_false(date_ymd_valid(2023, 2, 29));
  assert_false(date_ymd_valid(1900, 2, 29));
  assert_true(date_ymd_valid(2000, 2, 29));
  assert_false(date_ymd_valid(0, 1, 1));
  assert_false(date_ymd_valid(10000, 1, 1));
  assert_false(date_ymd_valid(2024, 0, 1));
  assert_false(date_ymd_valid(2024, 13, 1));
  assert_false(date_ymd_valid(2024, 1, 0));
  assert_false(date_ymd_valid(2024, 4, 31));
  assert_true(date_ymd_valid(2024, 4, 30));
  assert_false(date_ymd_valid(-2024, 1, 1));
}

static void test_iso_parse(void **state) {
  (void)state;
  int y = -1, m = -1, d = -1;
  assert_true(date_iso_parse("2024-02-29", &y, &m, &d));
  assert_int_equal(y, 2024);
  assert_int_equal(m, 2);
  assert_int_equal(d, 29);
  assert_true(date_iso_parse("0001-01-01", NULL, NULL, NULL));
  assert_true(date_iso_valid("9999-12-31"));
  assert_true(date_iso_valid("2000-02-29"));
  static const char *const bad[] = {
    "",           "2024",        "2024-02",     "2024-02-2",      "2024-2-02",
    "24-02-02",   "2024-02-020", "2024-02-02 ", " 2024-02-02",    "2024-02-02T00:00:00",
    "2024/02/02", "2024_02-02",  "2024-02_02",  "+024-02-02",     "-024-02-02",
    "2024-+2-02", "2024- 2-02",  "2024-02-+2",  "0000-01-01",     "2023-02-29",
    "1900-02-29", "2024-02-30",  "2024-04-31",  "2024-00-10",     "2024-13-10",
    "2024-01-00", "2024-01-32",  "2O24-01-01",  "２０２４-01-01", "2024-01-01\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    y = m = d = -7;
    if (date_iso_parse(bad[i], &y, &m, &d)) fail_msg("accepted «%s»", bad[i]);
    assert_int_equal(y, -7); /* parts untouched on failure */
    assert_int_equal(m, -7);
    assert_int_equal(d, -7);
    assert_false(date_iso_valid(bad[i]));
  }
  assert_false(date_iso_parse(NULL, &y, &m, &d));
  assert_false(date_iso_valid(NULL));
  /* a NUL inside the ten characters ends the string: never read past it */
  char cut[11] = "2024-01-01";
  for (int i = 0; i < 10; i++) {
    char s[11];
    memcpy(s, cut, sizeof s);
    s[i] = '\0';
    assert_false(date_iso_valid(s));
  }
}

/* Every day of 1999 to 2001 and of the years around 1900 and 2100 round-trips
 * through the parser exactly when it is a real date. */
static void test_iso_every_day(void **state) {
  (void)state;
  static const int years[] = {1899, 1900, 1901, 1999, 2000, 2001, 2099, 2100, 2101};
  for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
    for (int m = 0; m <= 13; m++)
      for (int d = 0; d <= 32; d++) {
        char s[32];
        snprintf(s, sizeof s, "%04d-%02d-%02d", years[i], m, d);
        int real = m >= 1 && m <= 12 && d >= 1 && d <= libc_month_days(years[i], m);
        int y2 = 0, m2 = 0, d2 = 0;
        assert_int_equal(date_iso_parse(s, &y2, &m2, &d2), real);
        if (real) {
          assert_int_equal(y2, years[i]);
          assert_int_equal(m2, m);
          assert_int_equal(d2, d);
        }
      }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_leap_years), cmocka_unit_test(test_month_days_match_libc), cmocka_unit_test(test_ymd_bounds),
    cmocka_unit_test(test_iso_parse),  cmocka_unit_test(test_iso_every_day),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
