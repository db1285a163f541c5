/* Times, dates and distances of the recruitment engine: ISO 8601 instants
 * with their offset read to the minute, calendar dates as day numbers
 * (Howard Hinnant's days_from_civil, exact over the proleptic Gregorian
 * calendar), and the haversine distance rounded to the metre. */
#include "app/recruit/recruit.h"
#include "base/date.h"
#include <math.h>
#include <string.h>

int64_t recruit_days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void recruit_civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
  int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (mm <= 2));
  *m = mm;
  *d = dd;
}

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int recruit_date_parse(const char *s, int32_t *days) {
  int y, m, d;
  if (!date_iso_parse(s, &y, &m, &d)) return -1;
  if (y < RECRUIT_YEAR_MIN || y > RECRUIT_YEAR_MAX) return -1;
  *days = (int32_t)recruit_days_from_civil(y, m, d);
  return 0;
}

int recruit_time_parse(const char *s, int64_t *minutes, int *offset) {
  size_t n = strlen(s);
  char date[11];
  if (n < 17 || s[10] != 'T' || s[13] != ':') return -1;
  memcpy(date, s, 10);
  date[10] = '\0';
  int32_t days;
  int hh, mi, ss = 0;
  if (recruit_date_parse(date, &days) || digits(s + 11, 2, &hh) || digits(s + 14, 2, &mi)) return -1;
  if (hh > 23 || mi > 59) return -1;
  const char *p = s + 16;
  if (*p == ':') { /* seconds, whole minutes only */
    if (digits(p + 1, 2, &ss) || ss != 0) return -1;
    p += 3;
  }
  int off;
  if (p[0] == 'Z' && p[1] == '\0') off = 0;
  else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':') {
    int oh, om;
    if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 || om > 59) return -1;
    off = (oh * 60 + om) * (p[0] == '-' ? -1 : 1);
  } else return -1;
  *minutes = (int64_t)days * 1440 + hh * 60 + mi - off;
  *offset = off;
  return 0;
}

double recruit_distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double rad = M_PI / 180.0;
  double p1 = lat1 * rad, p2 = lat2 * rad;
  double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
  double sp = sin(dp / 2), sl = sin(dl / 2);
  double h = sp * sp + cos(p1) * cos(p2) * sl * sl;
  if (h > 1) h = 1;
  double km = 2 * RECRUIT_EARTH_KM * asin(sqrt(h));
  return (double)llround(km * 1000.0) / 1000.0;
}
