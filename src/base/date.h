/* Calendar dates in the proleptic Gregorian calendar, written as ISO 8601
 * "YYYY-MM-DD": leap years, days in a month, and whether a text is a real
 * date. The one place every layer (the formats in fmt/, the plan rules in
 * app/) checks dates; each caller adds its own range of years on top. */
#ifndef PLAM_BASE_DATE_H
#define PLAM_BASE_DATE_H
#include <stdbool.h>

/* Every fourth year, except centuries not divisible by 400. */
bool date_leap(int y);
/* Days in month m (1..12) of year y: 28 to 31; 0 when m is out of range. */
int date_month_days(int y, int m);
/* Year 1 to 9999, month 1 to 12, day within the month. */
bool date_ymd_valid(int y, int m, int d);
/* s is exactly ten characters "YYYY-MM-DD" (ASCII digits, '-' at 4 and 7)
 * naming a valid date (date_ymd_valid). On success y, m and d (each may be
 * NULL) receive its parts; on failure they are left alone. */
bool date_iso_parse(const char *s, int *y, int *m, int *d);
/* date_iso_parse without the parts. */
bool date_iso_valid(const char *s);

#endif
