/* libFuzzer target for the calendar dates (src/base/date.c), checked against
 * an independent oracle: the C library's calendar (timegm normalises a
 * broken-down date, so a date is real exactly when it comes back unchanged).
 * The input, cut at the first NUL, goes through date_iso_parse: accepted
 * exactly when it is ten characters "YYYY-MM-DD" of ASCII digits naming a
 * real date of years 1 to 9999, and then with the same parts. Its first six
 * bytes, read as three 16-bit integers, go through date_ymd_valid and
 * date_month_days. Any difference aborts. */
#define _GNU_SOURCE /* timegm */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* y-m-d is a real date of years 1 to 9999 by the C library. */
static bool oracle_real(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
  timegm(&t);
  return t.tm_year == y - 1900 && t.tm_mon == m - 1 && t.tm_mday == d;
}

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char s[64];
  size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
  memcpy(s, data, n);
  s[n] = '\0';
  size_t len = strlen(s);

  bool shape = len == 10 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; shape && i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) shape = false;
  bool want = shape && oracle_real(digits(s, 4), digits(s + 5, 2), digits(s + 8, 2));
  int y = -1, m = -1, d = -1;
  bool got = date_iso_parse(s, &y, &m, &d);
  if (got != want || date_iso_valid(s) != want) abort();
  if (got && (y != digits(s, 4) || m != digits(s + 5, 2) || d != digits(s + 8, 2))) abort();
  if (!got && (y != -1 || m != -1 || d != -1)) abort();

  if (size >= 6) {
    int16_t v[3];
    memcpy(v, data, sizeof v);
    if (date_ymd_valid(v[0], v[1], v[2]) != oracle_real(v[0], v[1], v[2])) abort();
    int days = date_month_days(v[0], v[1]);
    if (v[1] < 1 || v[1] > 12) {
      if (days != 0) abort();
    } else if (v[0] >= 1 && v[0] <= 9999) {
      if (!oracle_real(v[0], v[1], days) || oracle_real(v[0], v[1], days + 1)) abort();
      if (date_leap(v[0]) != (date_month_days(v[0], 2) == 29)) abort();
    }
  }
  return 0;
}
