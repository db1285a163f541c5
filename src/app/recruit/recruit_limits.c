/* The deployment's legal working-time limits (issue 11: "each limit
 * configurable per deployment"): at most max_hours_7d hours worked in any
 * rolling 7 days, at least min_rest_hours between two shifts, no shift over
 * max_shift_hours. One process-wide value, set once at start-up by the
 * command (plam serve, plam offer tick, plam import: options --max-hours-7d,
 * --min-rest-hours, --max-shift-hours, or the same keys in the configuration
 * file) before any thread runs, then only read: by the stored ranking, the
 * offers' waves (which rank through it), the acceptance's working-time check
 * and the need's validation (a slot longer than the shift limit could never
 * be filled). A bundle file (plam recruit rank) carries its own rules. The
 * bounds are the bundle reader's (recruit_bundle.c, rd_rules). */
#include <stdio.h>
#include "app/recruit/recruit_app.h"

static struct recruit_rules limits = {RECRUIT_DEF_MAX_HOURS_7D, RECRUIT_DEF_MIN_REST_HOURS,
                                      RECRUIT_DEF_MAX_SHIFT_HOURS};

const struct recruit_limit_def recruit_limit_defs[3] = {
  {"max-hours-7d", "durée de travail maximale sur 7 jours glissants", RECRUIT_LIMIT_MAX_HOURS_7D_LO,
   RECRUIT_LIMIT_MAX_HOURS_7D_HI},
  {"min-rest-hours", "repos minimal entre deux missions", RECRUIT_LIMIT_MIN_REST_LO, RECRUIT_LIMIT_MIN_REST_HI},
  {"max-shift-hours", "durée maximale d'un créneau", RECRUIT_LIMIT_MAX_SHIFT_LO, RECRUIT_LIMIT_MAX_SHIFT_HI},
};

static int *field(struct recruit_rules *r, int i) {
  return i == 0 ? &r->max_hours_7d : i == 1 ? &r->min_rest_hours : &r->max_shift_hours;
}

int recruit_limits_set(const long v[3], char *err, size_t n) {
  struct recruit_rules r;
  for (int i = 0; i < 3; i++) {
    const struct recruit_limit_def *d = &recruit_limit_defs[i];
    if (v[i] < d->lo || v[i] > d->hi) {
      snprintf(err, n, "--%s attend un nombre d'heures entre %d et %d (%s)", d->option, d->lo, d->hi, d->what);
      return -1;
    }
    *field(&r, i) = (int)v[i];
  }
  limits = r;
  return 0;
}

struct recruit_rules recruit_limits(void) {
  return limits;
}
