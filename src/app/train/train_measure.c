/* Training figures as measurements of the plan's indicators (issue 12,
 * "Indicators"). Plan staff link an indicator to a figure of this module
 * (train_links: the metric, optionally a programme and a route); from then
 * on every write that changes training data (a capacity, a session, an
 * apprenticeship contract, a dropout import, a new link) recomputes, in its
 * own write transaction, each linked figure for every year with data, in the
 * indicator's scope (a région: the sum of its départements) and, when the
 * indicator is broken down by département, in each of them; a value dated
 * 31 December of the year that differs from the last one this module
 * proposed for that indicator, territory and date is proposed through the
 * plan's one bulk path (store_meas_import_all: a measurement batch, the
 * plan's generation bumped), with the source "plam — formation" on every row
 * and one audit entry for the batch. The values wait in the plan's review
 * queue like any other: plam computes them, the staff validate them. They
 * carry no author (the figure is plam's; the audit entry names who made the
 * change), so any reviewer may validate them. Counts go to "count"
 * indicators; rates (fill of places and of sessions, dropout rate) to
 * "percent" ones, as a numerator and a denominator when the indicator
 * aggregates ratios, else as the rate to one decimal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "app/access/write.h"
#include "app/plan/meas_bounds.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "app/train/train_int.h"
#include "store/store.h"
#include "store/store_plan_io.h"
#include "store/store_tx.h"

struct pending {
  int64_t indicator_id, plan_id;
  char territory[12], date[11];
  int has_value, has_ratio;
  double value, num, den;
};

struct plist {
  struct pending *p;
  size_t n, cap;
};

static plam_err plist_add(struct plist *l, const struct pending *x) {
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 32;
    struct pending *np = realloc(l->p, nc * sizeof *np);
    if (!np) return PLAM_ERR_NOMEM;
    l->p = np;
    l->cap = nc;
  }
  l->p[l->n++] = *x;
  return PLAM_OK;
}

static int metric_of(const char *name) {
  for (int i = 0; train_metrics[i]; i++)
    if (!strcmp(train_metrics[i], name)) return i;
  return -1;
}

static int same(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

/* The figure of a metric at one territory: a département or a région in one
 * query (the SQL counts a département and the départements of a région, as
 * plan_where_covers does); any other territory (the national scope "FR") as
 * the sum over the départements plan_where_covers says it covers. */
static plam_err figure(struct db *db, enum train_metric m, const char *terr, int64_t year,
                       const struct train_link_rec *l, double *num, double *den, int64_t *rows) {
  if (!strncmp(terr, "DEP-", 4) || !strncmp(terr, "REG-", 4))
    return store_train_metric(db, m, terr, year, l->programme, l->route, num, den, rows);
  *num = *den = 0;
  *rows = 0;
  struct territory_rec *deps = NULL;
  int ndeps = 0;
  plam_err e = store_territory_list(db, "departement", NULL, &deps, &ndeps);
  for (int i = 0; !e && i < ndeps; i++) {
    if (!plan_where_covers(terr, deps[i].id, deps[i].parent)) continue;
    double n = 0, d = 0;
    int64_t r = 0;
    e = store_train_metric(db, m, deps[i].id, year, l->programme, l->route, &n, &d, &r);
    *num += n;
    *den += d;
    *rows += r;
  }
  free(deps);
  return e;
}

/* The territories a link's indicator is measured on: its scope and, when it
 * is broken down by département, those plan_where gives (the one rule). */
static plam_err link_where(struct db *db, const struct indicator_rec *ind, int64_t plan_id, char (**out)[12], int *n) {
  *out = NULL;
  *n = 0;
  char(*pt)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  int npt = 0, nit = 0;
  plam_err e = PLAM_OK;
  if (!strcmp(ind->breakdown, "departement")) {
    e = store_plan_territories(db, plan_id, &pt, &npt);
    if (!e) e = store_plan_indicator_territories(db, plan_id, &it_ind, &it_terr, &nit);
  }
  char(*w)[12] = e ? NULL : calloc(PROGRESS_MAX_TERRITORIES + 1, sizeof *w);
  if (!e && !w) e = PLAM_ERR_NOMEM;
  if (!e) {
    snprintf(w[0], 12, "%s", ind->scope_id);
    size_t k = 1;
    if (!strcmp(ind->breakdown, "departement")) {
      char(*where)[12] = w + 1;
      size_t nw = plan_where(ind->breakdown, ind->id, ind->scope_id, it_ind, (const char(*)[12])it_terr, (size_t)nit,
                             (const char(*)[12])pt, (size_t)npt, where, PROGRESS_MAX_TERRITORIES);
      for (size_t i = 0; i < nw; i++)
        if (strcmp(where[i], ind->scope_id)) memmove(w[k++], where[i], 12);
    }
    *out = w;
    *n = (int)k;
  }
  free(pt);
  free(it_ind);
  free(it_terr);
  return e;
}

/* The measurements one link would propose now. */
static plam_err link_pending(struct db *db, const struct train_link_rec *l, struct plist *out) {
  struct indicator_rec ind;
  int64_t plan_id = 0;
  plam_err e = store_indicator_get(db, l->indicator_id, &ind, &plan_id);
  if (e) return e;
  struct meas_rule rule;
  int m = metric_of(l->metric);
  if (m < 0 || meas_rule_from(ind.kind, ind.aggregation, ind.ratio_scale, &rule)) return PLAM_OK;
  int rate = m == TRAIN_M_CAPACITY_FILL || m == TRAIN_M_SESSION_FILL || m == TRAIN_M_DROPOUT_RATE;
  char(*terrs)[12] = NULL;
  int nterrs = 0;
  if ((e = link_where(db, &ind, plan_id, &terrs, &nterrs))) return e;
  int64_t *years = NULL;
  int nyears = 0;
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  int64_t this_year = tm.tm_year + 1900;
  if (m == TRAIN_M_SITES_UNDER_ALERT) { /* a snapshot: the current year only, its value as it is now */
    if (!(years = malloc(sizeof *years))) e = PLAM_ERR_NOMEM;
    else years[nyears++] = this_year;
  } else e = store_train_metric_years(db, (enum train_metric)m, &years, &nyears);
  for (int y = 0; !e && y < nyears; y++) {
    if (years[y] < 2000 || years[y] > this_year) continue; /* apprentices: no count for years still to come */
    for (int t = 0; !e && t < nterrs; t++) {
      const char *terr = terrs[t];
      double num = 0, den = 0;
      int64_t rows = 0;
      e = figure(db, (enum train_metric)m, terr, years[y], l, &num, &den, &rows);
      if (e || !rows || (rate && den <= 0)) continue;
      struct pending p = {.indicator_id = ind.id, .plan_id = plan_id};
      snprintf(p.territory, sizeof p.territory, "%s", terr);
      snprintf(p.date, sizeof p.date, "%04lld-12-31", (long long)years[y]);
      if (!rate) {
        p.has_value = 1;
        p.value = num;
      } else if (!strcmp(ind.aggregation, "ratio")) {
        p.has_ratio = 1;
        p.num = num;
        p.den = den;
      } else {
        p.has_value = 1;
        p.value = train_rate(num, den);
      }
      enum meas_part part;
      char msg[200];
      if (meas_refused(&rule, p.has_value, p.value, p.has_ratio, p.num, p.den, &part, msg, sizeof msg)) continue;
      struct train_meas_prev prev;
      if ((e = store_train_meas_prev(db, ind.id, terr, p.date, TRAIN_SOURCE, &prev))) break;
      if (prev.found && prev.has_value == p.has_value && prev.has_ratio == p.has_ratio &&
          (!p.has_value || same(prev.value, p.value)) &&
          (!p.has_ratio || (same(prev.numerator, p.num) && same(prev.denominator, p.den))))
        continue;
      e = plist_add(out, &p);
    }
  }
  free(years);
  free(terrs);
  return e;
}

static void insert_row(void *ud, size_t i, struct store_meas_import *m) {
  const struct pending *p = &((const struct plist *)ud)->p[i];
  m->indicator_id = p->indicator_id;
  m->territory_id = p->territory;
  m->value_on = p->date;
  m->has_value = p->has_value;
  m->has_ratio = p->has_ratio;
  m->value = p->value;
  m->numerator = p->num;
  m->denominator = p->den;
  m->source = TRAIN_SOURCE;
  m->comment = NULL;
}

/* Every link's pending measurements. */
static plam_err pending_all(struct db *db, struct plist *l) {
  struct store_rows links = {0};
  plam_err e = store_train_list(db, TRAIN_LINK, NULL, &links);
  for (int i = 0; !e && i < links.n; i++) e = link_pending(db, (const struct train_link_rec *)links.rows + i, l);
  free(links.rows);
  return e;
}

plam_err train_measure_tx(struct app_tx *tx, int *proposed) {
  *proposed = 0;
  struct plist l = {0};
  plam_err e = pending_all(tx->db, &l);
  if (e || !l.n) {
    free(l.p);
    return e;
  }
  char name[64], ts[20];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
  unsigned char rnd[4];
  randombytes_buf(rnd, sizeof rnd);
  snprintf(name, sizeof name, "formation-%s-%02x%02x%02x%02x", ts, rnd[0], rnd[1], rnd[2], rnd[3]);
  int64_t batch = 0;
  e = store_meas_batch_create(tx->db, name, 0, &batch);
  if (!e) e = store_meas_import_all(tx->db, l.n, insert_row, &l, 0, batch);
  json_t *inds = json_array();
  for (size_t i = 0; !e && i < l.n; i++) {
    int seen = 0;
    for (size_t k = 0; k < i && !seen; k++) seen = l.p[k].plan_id == l.p[i].plan_id;
    if (!seen) e = store_plan_bump(tx->db, l.p[i].plan_id);
    json_array_append_new(inds, json_pack("{s:I, s:s, s:s}", "indicator_id", (json_int_t)l.p[i].indicator_id,
                                          "territory_id", l.p[i].territory, "value_on", l.p[i].date));
  }
  size_t n = l.n;
  free(l.p);
  if (e || !inds) {
    json_decref(inds);
    return e ? e : PLAM_ERR_NOMEM;
  }
  json_t *after = json_pack("{s:s, s:s, s:I, s:o}", "batch", name, "source", TRAIN_SOURCE, "measurements",
                            (json_int_t)n, "values", inds);
  if (!after) return PLAM_ERR_NOMEM;
  *proposed = (int)n;
  return app_audit(tx, "propose", "measurements", batch, NULL, after);
}

struct now_arg {
  int proposed;
};

static plam_err now_tx(struct app_tx *tx, void *arg) {
  struct now_arg *x = arg;
  plam_err e = train_measure_tx(tx, &x->proposed);
  if (!e && !x->proposed) /* nothing changed: the recomputation itself is recorded */
    e = app_audit(tx, "recompute", "measurements", 0, NULL,
                  json_pack("{s:s, s:i}", "source", TRAIN_SOURCE, "measurements", 0));
  return e;
}


plam_err train_measure_tick(struct db *db, int *proposed) {
  *proposed = 0;
  struct plist l = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = pending_all(db, &l);
  store_read_end(db);
  size_t n = l.n;
  free(l.p);
  if (e || !n) return e; /* nothing changed: no write, no audit entry */
  struct actor sys;
  actor_cli(&sys);
  snprintf(sys.login, sizeof sys.login, "%s", "(plam : calcul périodique des mesures)");
  struct now_arg x = {0};
  e = app_write(db, &sys, now_tx, &x, NULL); /* another server may have proposed it meanwhile: "recompute" */
  if (!e) *proposed = x.proposed;
  return e;
}

plam_err train_measure_now(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct now_arg x = {0};
  plam_err e = app_write(db, a, now_tx, &x, NULL);
  if (!e) *out = json_pack("{s:i, s:s}", "measurements_proposed", x.proposed, "source", TRAIN_SOURCE);
  return !e && !*out ? PLAM_ERR_NOMEM : e;
}
