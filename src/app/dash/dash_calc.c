/* The dashboard's measures, pure (see dash.h and docs/RECRUITMENT.md,
 * "Tableaux de bord"). For each posted need that passes the filters: its
 * places (the headcount: one confirmed person holds a place on every slot),
 * the places filled (people on its confirmed shifts, at most the headcount),
 * filled when they reach the headcount, its time to fill (from posting to
 * the confirmation that filled the last place: the headcount-th confirmation
 * in time), its offers closed and answered; then sums per group and for the
 * total, medians of the times to fill, distinct people deployed, and the
 * pool (candidates of open pools that pass the filters other than the
 * dates). A need belongs to the group of its establishment's département,
 * of each area holding its establishment's commune, of its profession and
 * of the ISO week of its posting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/dash/dash.h"
#include "app/recruit/recruit_app.h"

const char *const dash_bys[] = {"departement", "area", "profession", "week", NULL};
const char *const dash_metrics[] = {"needs_posted",  "places_asked", "places_filled",      "fill_rate",
                                    "response_rate", "deployed",     "time_to_fill_hours", NULL};

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

int dash_parse_utc(const char *s, int64_t *epoch) {
  int y, mo, d, h, mi, se;
  char c = 0;
  if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &c) < 6) return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return -1;
  if (c && c != 'Z' && c != '.' && c != '+') return -1;
  *epoch = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
  return 0;
}

void dash_iso_week(int64_t epoch, char out[9]) {
  int64_t days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
  int wd = (int)(((days % 7) + 7 + 3) % 7); /* 0 = Monday (1970-01-01 was a Thursday) */
  int64_t thursday = days - wd + 3;         /* the week's Thursday gives its year */
  /* civil year of thursday */
  int64_t z = thursday + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  unsigned week = (unsigned)((thursday - days_from_civil(y, 1, 1)) / 7) + 1; /* 1..53 */
  unsigned yy = (unsigned)(y % 10000 + 10000) % 10000;
  snprintf(out, 9, "%04u-W%02u", yy % 10000u, week % 100u);
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double dash_median(double *v, int n) {
  if (n <= 0) return 0;
  qsort(v, (size_t)n, sizeof *v, cmp_dbl);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double dash_rate(int64_t num, int64_t den) {
  if (den <= 0) return -1;
  double r = (double)num * 1000.0 / (double)den;
  return (double)(int64_t)(r + 0.5) / 10.0;
}

int dash_metric_figure(enum dash_metric k, const struct dash_measures *m, int *is_rate, double *num, double *den) {
  *is_rate = 0;
  *den = 0;
  switch (k) {
  case DASH_M_NEEDS_POSTED: *num = (double)m->needs_posted; return 1;
  case DASH_M_PLACES_ASKED: *num = (double)m->places_asked; return 1;
  case DASH_M_PLACES_FILLED: *num = (double)m->places_filled; return 1;
  case DASH_M_DEPLOYED: *num = (double)m->deployed; return 1;
  case DASH_M_FILL_RATE:
    *is_rate = 1;
    *num = (double)m->places_filled;
    *den = (double)m->places_asked;
    return m->places_asked > 0;
  case DASH_M_RESPONSE_RATE:
    *is_rate = 1;
    *num = (double)m->offers_answered;
    *den = (double)m->offers_closed;
    return m->offers_closed > 0;
  case DASH_M_TIME_TO_FILL_HOURS:
    *num = (double)(int64_t)(m->ttf_median_s / 360.0 + 0.5) / 10.0;
    return m->ttf_needs > 0;
  default: return 0;
  }
}

/* ---- groups being summed ---- */

struct acc {
  struct dash_group g;
  double *ttf;
  int nttf, capttf;
  int64_t *people;
  int npeople, cappeople;
};
struct accs {
  struct acc *a;
  int n, cap;
};

static struct acc *acc_get(struct accs *s, const char *key, const char *label) {
  for (int i = s->n - 1; i >= 0; i--)
    if (!strcmp(s->a[i].g.key, key)) return &s->a[i];
  if (s->n == s->cap) {
    int nc = s->cap ? s->cap * 2 : 16;
    struct acc *na = realloc(s->a, (size_t)nc * sizeof *na);
    if (!na) return NULL;
    s->a = na;
    s->cap = nc;
  }
  struct acc *x = &s->a[s->n++];
  memset(x, 0, sizeof *x);
  snprintf(x->g.key, sizeof x->g.key, "%s", key);
  snprintf(x->g.label, sizeof x->g.label, "%s", label);
  return x;
}

static int grow(void **p, int *cap, int need, size_t size) {
  if (need <= *cap) return 0;
  int nc = *cap ? *cap * 2 : 16;
  while (nc < need) nc *= 2;
  void *q = realloc(*p, (size_t)nc * size);
  if (!q) return -1;
  *p = q;
  *cap = nc;
  return 0;
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* What one need adds. */
struct need_sum {
  int cancelled, filled, has_ttf;
  int64_t places, places_filled;
  double ttf;
  const struct dash_conf_row *conf;
  int nconf;
};

static plam_err acc_add_need(struct acc *x, const struct dash_need_row *r, const struct need_sum *s) {
  struct dash_measures *m = &x->g.m;
  m->needs_posted++;
  m->needs_cancelled += s->cancelled;
  m->needs_filled += s->filled;
  m->places_asked += s->places;
  m->places_filled += s->places_filled;
  m->offers_closed += r->offers_closed;
  m->offers_answered += r->offers_answered;
  if (s->has_ttf) {
    if (grow((void **)&x->ttf, &x->capttf, x->nttf + 1, sizeof *x->ttf)) return PLAM_ERR_NOMEM;
    x->ttf[x->nttf++] = s->ttf;
  }
  if (grow((void **)&x->people, &x->cappeople, x->npeople + s->nconf, sizeof *x->people)) return PLAM_ERR_NOMEM;
  for (int i = 0; i < s->nconf; i++) x->people[x->npeople++] = s->conf[i].candidate_id;
  return PLAM_OK;
}

static void acc_close(struct acc *x) {
  struct dash_measures *m = &x->g.m;
  m->ttf_needs = x->nttf;
  m->ttf_median_s = dash_median(x->ttf, x->nttf);
  if (x->npeople) qsort(x->people, (size_t)x->npeople, sizeof *x->people, cmp_i64);
  int64_t distinct = 0;
  for (int i = 0; i < x->npeople; i++)
    if (!i || x->people[i] != x->people[i - 1]) distinct++;
  m->deployed = distinct;
  free(x->ttf);
  free(x->people);
  x->ttf = NULL;
  x->people = NULL;
}

static int cmp_group(const void *a, const void *b) {
  return strcmp(((const struct dash_group *)a)->key, ((const struct dash_group *)b)->key);
}

/* Closes every group into a sorted array of dash_group. */
static plam_err accs_finish(struct accs *s, struct dash_group **out, int *n) {
  *out = NULL;
  *n = 0;
  struct dash_group *g = s->n ? malloc((size_t)s->n * sizeof *g) : NULL;
  if (s->n && !g) return PLAM_ERR_NOMEM;
  for (int i = 0; i < s->n; i++) {
    acc_close(&s->a[i]);
    g[i] = s->a[i].g;
  }
  if (s->n) qsort(g, (size_t)s->n, sizeof *g, cmp_group);
  *out = g;
  *n = s->n;
  free(s->a);
  s->a = NULL;
  s->n = s->cap = 0;
  return PLAM_OK;
}

static void accs_drop(struct accs *s) {
  for (int i = 0; i < s->n; i++) {
    free(s->a[i].ttf);
    free(s->a[i].people);
  }
  free(s->a);
  memset(s, 0, sizeof *s);
}

/* ---- filters ---- */

static int in_area(const struct dash_data *d, const char *commune, int64_t area_id) {
  if (!commune[0]) return 0;
  for (int i = 0; i < d->nareas; i++)
    if (d->areas[i].area_id == area_id && !strcmp(d->areas[i].commune, commune)) return 1;
  return 0;
}

static int place_ok(const struct dash_data *d, const struct dash_filter *f, const char *dep, const char *region,
                    const char *commune, const char *profession) {
  if (f->departement[0] && strcmp(f->departement, dep)) return 0;
  if (f->region[0] && strcmp(f->region, region)) return 0;
  if (f->profession[0] && strcmp(f->profession, profession)) return 0;
  if (f->area_id && !in_area(d, commune, f->area_id)) return 0;
  return 1;
}

static int need_ok(const struct dash_data *d, const struct dash_filter *f, const struct dash_need_row *r) {
  if (f->from[0] && strncmp(r->created_at, f->from, 10) < 0) return 0;
  if (f->to[0] && strncmp(r->created_at, f->to, 10) > 0) return 0;
  return place_ok(d, f, r->departement, r->region, r->commune, r->profession);
}

static const char *profession_label(const char *code) {
  int i = recruit_profession_find(code);
  return i >= 0 ? recruit_professions[i].label : code;
}


static plam_err need_group_add(struct accs *s, enum dash_by by, const struct dash_data *d,
                               const struct dash_need_row *r, const char *week, const struct need_sum *ns) {
  struct acc *x;
  switch (by) {
  case DASH_BY_DEPARTEMENT:
    x = acc_get(s, r->departement, r->departement_name);
    return x ? acc_add_need(x, r, ns) : PLAM_ERR_NOMEM;
  case DASH_BY_PROFESSION:
    x = acc_get(s, r->profession, profession_label(r->profession));
    return x ? acc_add_need(x, r, ns) : PLAM_ERR_NOMEM;
  case DASH_BY_WEEK:
    x = acc_get(s, week, week);
    if (!x) return PLAM_ERR_NOMEM;
    x->g.m.has_pool = 0;
    return acc_add_need(x, r, ns);
  case DASH_BY_AREA:
    for (int i = 0; r->commune[0] && i < d->nareas; i++) {
      if (strcmp(d->areas[i].commune, r->commune)) continue;
      x = acc_get(s, d->areas[i].code, d->areas[i].name);
      plam_err e = x ? acc_add_need(x, r, ns) : PLAM_ERR_NOMEM;
      if (e) return e;
    }
    return PLAM_OK;
  default: return PLAM_OK;
  }
}

static plam_err pool_group_add(struct accs *s, enum dash_by by, const struct dash_data *d,
                               const struct dash_pool_row *p) {
  struct acc *x = NULL;
  switch (by) {
  case DASH_BY_DEPARTEMENT: x = acc_get(s, p->departement, p->departement_name); break;
  case DASH_BY_PROFESSION: x = acc_get(s, p->profession, profession_label(p->profession)); break;
  case DASH_BY_AREA:
    for (int i = 0; p->commune[0] && i < d->nareas; i++) {
      if (strcmp(d->areas[i].commune, p->commune)) continue;
      struct acc *y = acc_get(s, d->areas[i].code, d->areas[i].name);
      if (!y) return PLAM_ERR_NOMEM;
      y->g.m.pool_size++;
    }
    return PLAM_OK;
  default: return PLAM_OK; /* a week has no pool */
  }
  if (!x) return PLAM_ERR_NOMEM;
  x->g.m.pool_size++;
  return PLAM_OK;
}

/* The need's own sums; conf: its confirmed people (sorted by need id). */
static void need_sum_of(const struct dash_need_row *r, const struct dash_conf_row *conf, int nconf,
                        struct need_sum *s) {
  memset(s, 0, sizeof *s);
  s->conf = conf;
  s->nconf = nconf;
  s->cancelled = !strcmp(r->status, "cancelled");
  int64_t held = nconf < r->headcount ? nconf : r->headcount;
  if (!s->cancelled) {
    s->places = r->headcount;
    s->places_filled = held;
  }
  s->filled = nconf >= r->headcount && r->headcount > 0;
  int64_t posted;
  if (!s->filled || dash_parse_utc(r->created_at, &posted)) return;
  /* the headcount-th confirmation in time filled the last place */
  int64_t t[1024];
  int n = 0, known = 1;
  for (int i = 0; i < nconf && n < 1024; i++) {
    if (conf[i].confirmed_at <= 0) known = 0;
    t[n++] = conf[i].confirmed_at;
  }
  if (!known || n < r->headcount) return;
  qsort(t, (size_t)n, sizeof *t, cmp_i64);
  int64_t at = t[r->headcount - 1];
  s->has_ttf = 1;
  s->ttf = at > posted ? (double)(at - posted) : 0;
}

plam_err dash_compute(const struct dash_data *d, const struct dash_filter *f, enum dash_by by,
                      struct dash_result *out) {
  memset(out, 0, sizeof *out);
  struct accs rows = {0}, weeks = {0}, total = {0};
  plam_err e = PLAM_OK;
  struct acc *all = acc_get(&total, "", "");
  if (!all) return PLAM_ERR_NOMEM;
  int c = 0; /* conf cursor: both sorted by need id */
  for (int i = 0; !e && i < d->nneeds; i++) {
    const struct dash_need_row *r = &d->needs[i];
    while (c < d->nconf && d->conf[c].need_id < r->id) c++;
    int c0 = c;
    while (c < d->nconf && d->conf[c].need_id == r->id) c++;
    if (!need_ok(d, f, r)) continue;
    struct need_sum ns;
    need_sum_of(r, d->conf + c0, c - c0, &ns);
    int64_t posted = 0;
    char week[9] = "";
    if (!dash_parse_utc(r->created_at, &posted)) dash_iso_week(posted, week);
    e = acc_add_need(all, r, &ns);
    if (!e) e = need_group_add(&rows, by, d, r, week, &ns);
    if (!e) e = need_group_add(&weeks, DASH_BY_WEEK, d, r, week, &ns);
  }
  for (int i = 0; !e && i < d->npool; i++) {
    const struct dash_pool_row *p = &d->pool[i];
    if (!place_ok(d, f, p->departement, p->region, p->commune, p->profession)) continue;
    all->g.m.pool_size++;
    e = pool_group_add(&rows, by, d, p);
  }
  if (e) {
    accs_drop(&rows);
    accs_drop(&weeks);
    accs_drop(&total);
    return e;
  }
  for (int i = 0; by != DASH_BY_WEEK && i < rows.n; i++) rows.a[i].g.m.has_pool = 1;
  struct dash_group *tg = NULL;
  int nt = 0;
  e = accs_finish(&total, &tg, &nt);
  if (!e) {
    out->total = tg[0].m;
    out->total.has_pool = 1;
  }
  free(tg);
  if (!e) e = accs_finish(&rows, &out->rows, &out->nrows);
  if (!e) e = accs_finish(&weeks, &out->weeks, &out->nweeks);
  accs_drop(&rows);
  accs_drop(&weeks);
  if (e) dash_result_free(out);
  return e;
}

void dash_result_free(struct dash_result *r) {
  free(r->rows);
  free(r->weeks);
  r->rows = r->weeks = NULL;
  r->nrows = r->nweeks = 0;
}
