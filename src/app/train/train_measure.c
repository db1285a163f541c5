/* Training figures as measurements of the plan's indicators (issue 12,
 * "Indicators"). Plan staff link an indicator to a figure of this module
 * (train_links: the metric, optionally a programme and a route); from then
 * on every write that changes training data (a capacity, a session, an
 * apprenticeship contract, a dropout import, a new link) recomputes, in its
 * own write transaction, each linked figure for every year with data, in the
 * indicator's scope (a région, or the national scope "FR": the sum of the
 * départements it covers, plan_where_covers) and, when the
 * indicator is broken down by département, in each of them; a value dated
 * 31 December of the year goes to the plan's one way of proposing plam's
 * figures (app/plan/plan_feed.h, shared with recruitment): only values that
 * differ from the last one this module proposed for that indicator,
 * territory and date become a measurement batch, with the source "plam —
 * formation" on every row and one audit entry for the batch. The values wait in the plan's review
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
#include "app/access/write.h"
#include "app/plan/plan_feed.h"
#include "app/plan/plan_where.h"
#include "app/train/train_int.h"
#include "store/store.h"
#include "store/store_tx.h"

static int metric_of(const char *name) {
  for (int i = 0; train_metrics[i]; i++)
    if (!strcmp(train_metrics[i], name)) return i;
  return -1;
}

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

/* Offers the figures one link would propose now. */
static plam_err link_pending(struct db *db, const struct train_link_rec *l, struct plan_feed *out) {
  int m = metric_of(l->metric);
  if (m < 0) return PLAM_OK;
  struct plan_feed_target t;
  int usable = 0;
  plam_err e = plan_feed_target_get(db, l->indicator_id, &t, &usable);
  if (e || !usable) {
    plan_feed_target_free(&t);
    return e;
  }
  int rate = m == TRAIN_M_CAPACITY_FILL || m == TRAIN_M_SESSION_FILL || m == TRAIN_M_DROPOUT_RATE;
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
    char date[24]; /* YYYY-12-31; sized for any int64 year so the compiler can tell */
    snprintf(date, sizeof date, "%04lld-12-31", (long long)years[y]);
    for (int k = 0; !e && k < t.nterrs; k++) {
      double num = 0, den = 0;
      int64_t rows = 0;
      e = figure(db, (enum train_metric)m, t.terrs[k], years[y], l, &num, &den, &rows);
      if (!e && rows) e = plan_feed_offer(db, out, &t, t.terrs[k], date, date, rate, num, den);
    }
  }
  free(years);
  plan_feed_target_free(&t);
  return e;
}

/* Every link's figures that would be proposed now. */
static plam_err pending_all(struct db *db, struct plan_feed *f) {
  struct store_rows links = {0};
  plam_err e = store_train_list(db, TRAIN_LINK, NULL, &links);
  for (int i = 0; !e && i < links.n; i++) e = link_pending(db, (const struct train_link_rec *)links.rows + i, f);
  free(links.rows);
  return e;
}

static const struct plan_feeder FEEDER = {TRAIN_SOURCE, "formation", pending_all};

plam_err train_measure_tx(struct app_tx *tx, int *proposed) { return plan_feed_run_tx(tx, &FEEDER, proposed); }

plam_err train_measure_tick(struct db *db, int *proposed) { return plan_feed_tick(db, &FEEDER, proposed); }

plam_err train_measure_now(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  int proposed = 0;
  plam_err e = plan_feed_now(db, a, &FEEDER, &proposed);
  if (!e) *out = json_pack("{s:i, s:s}", "measurements_proposed", proposed, "source", TRAIN_SOURCE);
  return !e && !*out ? PLAM_ERR_NOMEM : e;
}
