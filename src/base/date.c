/* Calendar dates: see date.h. */
#include "base/date.h"

#include <stddef.h>

bool date_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_month_days(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && date_leap(y) ? 29 : days[m - 1];
}

bool date_ymd_valid(int y, int m, int d) { return y >= 1 && y <= 9999 && d >= 1 && d <= date_month_days(y, m); }

/* Value of the n ASCII digits at s, -1 if one is not a digit (or is NUL). */
static int date_digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool date_iso_parse(const char *s, int *y, int *m, int *d) {
  if (!s) return false;
  /* digits stop at a NUL, so s[4], s[7] and s[10] are only read inside the string */
  int yy = date_digits(s, 4);
  if (yy < 0 || s[4] != '-') return false;
  int mm = date_digits(s + 5, 2);
  if (mm < 0 || s[7] != '-') return false;
  int dd = date_digits(s + 8, 2);
  if (dd < 0 || s[10] != '\0' || !date_ymd_valid(yy, mm, dd)) return false;
  if (y) *y = yy;
  if (m) *m = mm;
  if (d) *d = dd;
  return true;
}

bool date_iso_valid(const char *s) { return date_iso_parse(s, NULL, NULL, NULL); }
