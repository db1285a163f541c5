/* Proposing plam's own figures as measurements: see plan_feed.h. Shared by
 * app/train (train_measure.c) and app/dash (dash_measure.c). */
#include "app/plan/plan_feed.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "app/access/write.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "store/store_plan.h"
#include "store/store_plan_io.h"
#include "store/store_tx.h"

struct plan_feed_value {
  int64_t indicator_id, plan_id;
  char territory[12], date[11];
  int has_value, has_ratio;
  double value, num, den;
};

double plan_feed_rate(double num, double den) {
  if (den <= 0) return 0;
  return round(num * 1000.0 / den) / 10.0;
}

plam_err plan_feed_target_get(struct db *db, int64_t indicator_id, struct plan_feed_target *t, int *usable) {
  memset(t, 0, sizeof *t);
  *usable = 0;
  struct indicator_rec ind;
  plam_err e = store_indicator_get(db, indicator_id, &ind, &t->plan_id);
  if (e) return e;
  t->indicator_id = ind.id;
  if (meas_rule_from(ind.kind, ind.aggregation, ind.ratio_scale, &t->rule)) return PLAM_OK;
  t->ratio = !strcmp(ind.aggregation, "ratio");
  t->cumulative = !strcmp(ind.accumulation, "cumulative");
  /* where: the scope, then what plan_where gives when broken down by département (the one rule) */
  char(*pt)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  int npt = 0, nit = 0;
  int split = !strcmp(ind.breakdown, "departement");
  if (split) {
    e = store_plan_territories(db, t->plan_id, &pt, &npt);
    if (!e) e = store_plan_indicator_territories(db, t->plan_id, &it_ind, &it_terr, &nit);
  }
  t->terrs = e ? NULL : calloc(PROGRESS_MAX_TERRITORIES + 1, sizeof *t->terrs);
  if (!e && !t->terrs) e = PLAM_ERR_NOMEM;
  if (!e) {
    snprintf(t->terrs[t->nterrs++], 12, "%s", ind.scope_id);
    if (split) {
      char(*where)[12] = t->terrs + 1;
      size_t nw = plan_where(ind.breakdown, ind.id, ind.scope_id, it_ind, (const char(*)[12])it_terr, (size_t)nit,
                             (const char(*)[12])pt, (size_t)npt, where, PROGRESS_MAX_TERRITORIES);
      for (size_t i = 0; i < nw; i++)
        if (strcmp(where[i], ind.scope_id)) memmove(t->terrs[t->nterrs++], where[i], 12);
    }
  }
  free(pt);
  free(it_ind);
  free(it_terr);
  if (!e) *usable = 1;
  return e;
}

void plan_feed_target_free(struct plan_feed_target *t) {
  free(t->terrs);
  t->terrs = NULL;
  t->nterrs = 0;
}

void plan_feed_free(struct plan_feed *f) {
  free(f->p);
  f->p = NULL;
  f->n = f->cap = 0;
}

static int same(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

void plan_feed_year_dates(const struct plan_feed_target *t, int year, const char *today, char date[11],
                          char since[11]) {
  int current = atoi(today) == year && !t->cumulative;
  if (current) {
    snprintf(date, 11, "%.10s", today);
    snprintf(since, 11, "%04u-01-01", (unsigned)year % 10000u);
  } else {
    snprintf(date, 11, "%04u-12-31", (unsigned)year % 10000u);
    snprintf(since, 11, "%s", date);
  }
}

plam_err plan_feed_offer(struct db *db, struct plan_feed *f, const struct plan_feed_target *t, const char *territory,
                         const char *since, const char *date, int is_rate, double num, double den) {
  if (is_rate && den <= 0) return PLAM_OK;
  struct plan_feed_value p = {.indicator_id = t->indicator_id, .plan_id = t->plan_id};
  snprintf(p.territory, sizeof p.territory, "%s", territory);
  snprintf(p.date, sizeof p.date, "%s", date);
  if (!is_rate) {
    p.has_value = 1;
    p.value = num;
  } else if (t->ratio) {
    p.has_ratio = 1;
    p.num = num;
    p.den = den;
  } else {
    p.has_value = 1;
    p.value = plan_feed_rate(num, den);
  }
  enum meas_part part;
  char msg[200];
  if (meas_refused(&t->rule, p.has_value, p.value, p.has_ratio, p.num, p.den, &part, msg, sizeof msg)) return PLAM_OK;
  struct store_meas_prev prev;
  plam_err e = store_meas_prev(db, p.indicator_id, p.territory, since, p.date, f->source, &prev);
  if (e) return e;
  if (prev.found && prev.has_value == p.has_value && prev.has_ratio == p.has_ratio &&
      (!p.has_value || same(prev.value, p.value)) &&
      (!p.has_ratio || (same(prev.numerator, p.num) && same(prev.denominator, p.den))))
    return PLAM_OK;
  if (f->n == f->cap) {
    size_t nc = f->cap ? f->cap * 2 : 32;
    struct plan_feed_value *np = realloc(f->p, nc * sizeof *np);
    if (!np) return PLAM_ERR_NOMEM;
    f->p = np;
    f->cap = nc;
  }
  f->p[f->n++] = p;
  return PLAM_OK;
}

static void insert_row(void *ud, size_t i, struct store_meas_import *m) {
  const struct plan_feed *f = ud;
  const struct plan_feed_value *p = &f->p[i];
  m->indicator_id = p->indicator_id;
  m->territory_id = p->territory;
  m->value_on = p->date;
  m->has_value = p->has_value;
  m->has_ratio = p->has_ratio;
  m->value = p->value;
  m->numerator = p->num;
  m->denominator = p->den;
  m->source = f->source;
  m->comment = NULL;
}

plam_err plan_feed_propose(struct app_tx *tx, struct plan_feed *f, const char *prefix, int *proposed) {
  *proposed = 0;
  if (!f->n) {
    plan_feed_free(f);
    return PLAM_OK;
  }
  char name[64], ts[20];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
  unsigned char rnd[4];
  randombytes_buf(rnd, sizeof rnd);
  snprintf(name, sizeof name, "%.24s-%s-%02x%02x%02x%02x", prefix, ts, rnd[0], rnd[1], rnd[2], rnd[3]);
  int64_t batch = 0;
  plam_err e = store_meas_batch_create(tx->db, name, 0, &batch);
  if (!e) e = store_meas_import_all(tx->db, f->n, insert_row, f, 0, batch);
  json_t *inds = json_array();
  for (size_t i = 0; !e && inds && i < f->n; i++) {
    int seen = 0;
    for (size_t k = 0; k < i && !seen; k++) seen = f->p[k].plan_id == f->p[i].plan_id;
    if (!seen) e = store_plan_bump(tx->db, f->p[i].plan_id);
    json_array_append_new(inds, json_pack("{s:I, s:s, s:s}", "indicator_id", (json_int_t)f->p[i].indicator_id,
                                          "territory_id", f->p[i].territory, "value_on", f->p[i].date));
  }
  size_t n = f->n;
  const char *source = f->source;
  plan_feed_free(f);
  if (e || !inds) {
    json_decref(inds);
    return e ? e : PLAM_ERR_NOMEM;
  }
  json_t *after = json_pack("{s:s, s:s, s:I, s:o}", "batch", name, "source", source, "measurements", (json_int_t)n,
                            "values", inds);
  if (!after) return PLAM_ERR_NOMEM;
  *proposed = (int)n;
  return app_audit(tx, "propose", "measurements", batch, NULL, after);
}

plam_err plan_feed_run_tx(struct app_tx *tx, const struct plan_feeder *fd, int *proposed) {
  *proposed = 0;
  struct plan_feed f = {.source = fd->source};
  plam_err e = fd->collect(tx->db, &f);
  if (e) {
    plan_feed_free(&f);
    return e;
  }
  return plan_feed_propose(tx, &f, fd->prefix, proposed);
}

struct run_arg {
  const struct plan_feeder *fd;
  int proposed;
  int tick; /* a scheduler's step: nothing to propose rolls back instead of recording "recompute" */
};

static plam_err run_tx(struct app_tx *tx, void *arg) {
  struct run_arg *x = arg;
  plam_err e = plan_feed_run_tx(tx, x->fd, &x->proposed);
  if (e || x->proposed) return e;
  if (x->tick) return PLAM_ERR_CONFLICT; /* changed since the read: roll back, the next step retries */
  return app_audit(tx, "recompute", "measurements", 0, NULL,
                   json_pack("{s:s, s:i}", "source", x->fd->source, "measurements", 0));
}

plam_err plan_feed_now(struct db *db, const struct actor *a, const struct plan_feeder *fd, int *proposed) {
  struct run_arg x = {.fd = fd};
  plam_err e = app_write(db, a, run_tx, &x, NULL);
  *proposed = e ? 0 : x.proposed;
  return e;
}

plam_err plan_feed_tick(struct db *db, const struct plan_feeder *fd, int *proposed) {
  *proposed = 0;
  struct plan_feed f = {.source = fd->source};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = fd->collect(db, &f);
  store_read_end(db);
  size_t n = f.n;
  plan_feed_free(&f);
  if (e || !n) return e; /* nothing changed: no write, no audit entry */
  struct actor sys;
  actor_cli(&sys);
  snprintf(sys.login, sizeof sys.login, "%s", "(plam : calcul périodique des mesures)");
  struct run_arg x = {.fd = fd, .tick = 1};
  e = app_write(db, &sys, run_tx, &x, NULL);
  if (e == PLAM_ERR_CONFLICT && !x.proposed) return PLAM_OK;
  if (!e) *proposed = x.proposed;
  return e;
}
