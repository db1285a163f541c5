/* Semesters, the disclosure rule and the alert rules: see intern_rules.h. */
#include "app/intern/intern_rules.h"
#include <stdio.h>
#include <string.h>

const char *const intern_rule_codes[] = {"harassment", "hours", "rest", "supervision", "dropouts", NULL};

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static unsigned year_of(const char *s) {
  return (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0') % 10000u;
}

int intern_semester_valid(const char *s) {
  if (!s || strlen(s) != 7 || !digits(s, 4) || s[4] != '-') return 0;
  unsigned y = year_of(s);
  return y >= 2000 && y <= 2099 && (!strcmp(s + 5, "05") || !strcmp(s + 5, "11"));
}

int intern_year_valid(const char *y) {
  if (!y || strlen(y) != 9 || !digits(y, 4) || y[4] != '-' || !digits(y + 5, 4)) return 0;
  unsigned a = year_of(y), b = year_of(y + 5);
  return a >= 2000 && a <= 2098 && b == a + 1;
}

void intern_semester_year(const char *sem, char year[10]) {
  unsigned y = year_of(sem);
  if (!strcmp(sem + 5, "05")) y--;
  snprintf(year, 10, "%04u-%04u", y, (y + 1) % 10000u);
}

void intern_year_semesters(const char *year, char winter[8], char summer[8]) {
  unsigned y = year_of(year);
  snprintf(winter, 8, "%04u-11", y);
  snprintf(summer, 8, "%04u-05", (y + 1) % 10000u);
}

void intern_semester_days(const char *sem, char first[11], char last[11]) {
  unsigned y = year_of(sem);
  if (!strcmp(sem + 5, "05")) {
    snprintf(first, 11, "%04u-05-01", y);
    snprintf(last, 11, "%04u-10-31", y);
  } else {
    snprintf(first, 11, "%04u-11-01", y);
    snprintf(last, 11, "%04u-04-30", (y + 1) % 10000u);
  }
}

void intern_disclose(const int64_t n[2], const int closed[2], int64_t min, struct intern_disclosure *d) {
  memset(d, 0, sizeof *d);
  if (min < 1) min = 1;
  if (!closed[0] || !closed[1]) return; /* a year still collecting shows nothing */
  if (n[0] + n[1] < min) return;
  d->year = 1;
  int each = (n[0] == 0 || n[0] >= min) && (n[1] == 0 || n[1] >= min);
  for (int i = 0; i < 2; i++) d->sem[i] = each && n[i] >= min;
}

int intern_rule_fires(enum intern_rule r, const struct intern_rule_cfg *cfg, const struct intern_sums *s,
                      int64_t dropouts, double *value) {
  *value = 0;
  if (!cfg->enabled) return 0;
  switch (r) {
  case IRULE_HARASSMENT: *value = (double)s->harassment; return s->harassment > 0 && *value > cfg->threshold;
  case IRULE_HOURS:
    if (s->n <= 0) return 0;
    *value = (double)s->sum_hours / (double)s->n;
    return *value > cfg->threshold;
  case IRULE_REST:
    if (s->nights <= 0) return 0;
    *value = 100.0 * (double)s->rest_not_taken / (double)s->nights;
    return s->rest_not_taken > 0 && *value > cfg->threshold;
  case IRULE_SUPERVISION:
    if (s->n <= 0) return 0;
    *value = 100.0 * (double)s->no_supervisor / (double)s->n;
    return s->no_supervisor > 0 && *value > cfg->threshold;
  case IRULE_DROPOUTS: *value = (double)dropouts; return *value > cfg->threshold;
  default: return 0;
  }
}
