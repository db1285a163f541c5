/* Calendar dates for the progress rules: a date is a count of days since
 * 1970-01-01 in the proleptic Gregorian calendar, so comparing and
 * subtracting dates is integer arithmetic. Conversions use Howard Hinnant's
 * days_from_civil / civil_from_days algorithms; month arithmetic clamps the
 * day of month, which is what "the next monthly value is due one month
 * later" means for values dated at the end of a month. Also the staleness
 * test and the measurement sort, which are date logic too. */
#include "app/plan/progress.h"

#include <stdlib.h>

#include "base/date.h"

progress_day progress_day_from_ymd(int y, int m, int d) {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > date_month_days(y, m)) return PROGRESS_NO_DAY;
  y -= m <= 2;
  int era = y / 400; /* y >= 1899: no negative division */
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (progress_day)(era * 146097 + doe - 719468);
}

void progress_day_to_ymd(progress_day day, int *y, int *m, int *d) {
  long z = (long)day + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long dd = doy - (153 * mp + 2) / 5 + 1;
  long mm = mp < 10 ? mp + 3 : mp - 9;
  long yy = yoe + era * 400 + (mm <= 2);
  *y = (int)yy;
  *m = (int)mm;
  *d = (int)dd;
}

plam_err progress_day_parse(const char *s, progress_day *out) {
  int y, m, d;
  if (!out || !date_iso_parse(s, &y, &m, &d)) return PLAM_ERR_INVALID;
  progress_day day = progress_day_from_ymd(y, m, d);
  if (day == PROGRESS_NO_DAY) return PLAM_ERR_INVALID;
  *out = day;
  return PLAM_OK;
}

void progress_day_format(progress_day day, char out[11]) {
  if (day == PROGRESS_NO_DAY) {
    out[0] = '\0';
    return;
  }
  int y, m, d;
  progress_day_to_ymd(day, &y, &m, &d);
  if (y < 0 || y > 9999) { /* outside what parse accepts: keep the buffer sane */
    out[0] = '\0';
    return;
  }
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}

progress_day progress_day_add_months(progress_day day, int months) {
  if (day == PROGRESS_NO_DAY) return PROGRESS_NO_DAY;
  int y, m, d;
  progress_day_to_ymd(day, &y, &m, &d);
  long total = (long)y * 12 + (m - 1) + months;
  int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
  int last = date_month_days(ny, nm);
  progress_day r = progress_day_from_ymd(ny, nm, d > last ? last : d);
  return r;
}

bool progress_is_stale(progress_day day, enum progress_frequency freq, progress_day reference, int grace_days) {
  int months = progress_frequency_months(freq);
  if (months <= 0 || day == PROGRESS_NO_DAY || reference == PROGRESS_NO_DAY) return false;
  progress_day due = progress_day_add_months(day, months);
  if (due == PROGRESS_NO_DAY) return false; /* beyond year 9999 */
  if (grace_days < 0) grace_days = 0;
  return (long)reference > (long)due + grace_days;
}

static int progress_measurement_cmp(const void *pa, const void *pb) {
  const struct progress_measurement *a = pa, *b = pb;
  if (a->territory != b->territory) return a->territory < b->territory ? -1 : 1;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  if (a->id != b->id) return a->id < b->id ? -1 : 1;
  return 0;
}

void progress_measurements_sort(struct progress_measurement *rows, size_t n) {
  if (rows && n > 1) qsort(rows, n, sizeof rows[0], progress_measurement_cmp);
}
