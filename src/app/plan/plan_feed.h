/* The one way a module proposes plam's own figures as measurements of the
 * plan's indicators (training's "plam — formation", recruitment's "plam —
 * recrutement"): the module says, for each indicator it feeds, which
 * territories and dates it has a figure for; this file turns each figure
 * into the form the indicator's definition takes (a count as its value, a
 * rate as numerator and denominator when the indicator aggregates ratios,
 * else as the rate to one decimal), drops those the indicator's bounds
 * refuse (meas_bounds.h) and those equal to the last value the same source
 * proposed for that indicator, territory and date, then proposes the rest
 * through the plan's one bulk path (store_meas_import_all: one measurement
 * batch, each plan's generation bumped, one audit entry "propose
 * measurements"). The values wait in the plan's review queue like any
 * other; they carry no author (the figure is plam's; the audit entry names
 * who made the change). */
#ifndef PLAM_APP_PLAN_PLAN_FEED_H
#define PLAM_APP_PLAN_PLAN_FEED_H
#include <stddef.h>
#include <stdint.h>
#include "app/plan/meas_bounds.h"
#include "base/error.h"

struct db;
struct app_tx;
struct actor;

/* An indicator a module feeds: its rule, its plan and where it is measured:
 * its scope first (which may be the national "FR": the module decides how
 * to count it), then, when it is broken down by département, the other
 * territories plan_where gives (plan_where.h, the one rule). */
struct plan_feed_target {
  int64_t indicator_id, plan_id;
  struct meas_rule rule;
  int ratio;      /* aggregation "ratio": rates go as numerator and denominator */
  int cumulative; /* accumulation "cumulative": the plan adds up the values of different days */
  char (*terrs)[12];
  int nterrs;
};
/* Reads the indicator (inside a transaction). *usable is 0 when its
 * definition has no valid rule (nothing can be proposed to it). */
plam_err plan_feed_target_get(struct db *db, int64_t indicator_id, struct plan_feed_target *t, int *usable);
void plan_feed_target_free(struct plan_feed_target *t);

struct plan_feed_value;
/* The values to propose, for one source. */
struct plan_feed {
  const char *source; /* "plam — formation" … */
  struct plan_feed_value *p;
  size_t n, cap;
};
/* The rate plam shows: 100 x num / den to one decimal (0 when den <= 0). */
double plan_feed_rate(double num, double den);
/* The dates of a figure of one calendar year, today being today
 * (YYYY-MM-DD). A past year's figure is the whole year's, dated 31 December
 * (since = date). The current year's is a year-to-date figure dated today,
 * compared with what the source proposed since 1 January (since), so that
 * the plan shows it now (its progress ignores values dated after the day)
 * and a re-run on another day proposes nothing when the figure did not
 * change; a later figure of the year supersedes it (the latest value of an
 * indicator measured as a level or per period counts). Not for a cumulative
 * indicator, which would add the year-to-date values of different days:
 * its current year stays dated 31 December. */
void plan_feed_year_dates(const struct plan_feed_target *t, int year, const char *today, char date[11], char since[11]);
/* Adds one figure of territory and date (YYYY-MM-DD): a count or another
 * number (is_rate 0: value num) or a rate (num / den, skipped when den <= 0),
 * unless the indicator's bounds refuse it or it equals the last value of
 * this source for that indicator and territory dated from since to date
 * (since = date: that date only). */
plam_err plan_feed_offer(struct db *db, struct plan_feed *f, const struct plan_feed_target *t, const char *territory,
                         const char *since, const char *date, int is_rate, double num, double den);
/* Inside a write transaction: proposes every value offered as one batch
 * named "<prefix>-<time>-<random>", bumps each plan, records the audit
 * entry; *proposed: how many (0: nothing written, no entry). Frees f. */
plam_err plan_feed_propose(struct app_tx *tx, struct plan_feed *f, const char *prefix, int *proposed);
void plan_feed_free(struct plan_feed *f);

/* A module that feeds indicators: its source, the prefix of its batches'
 * names and how it offers every figure it has now (collect, inside a
 * transaction, calls plan_feed_offer). The three ways a feed runs: */
struct plan_feeder {
  const char *source; /* "plam — formation" */
  const char *prefix; /* "formation" */
  plam_err (*collect)(struct db *db, struct plan_feed *f);
};
/* inside a write of the module (a training write, a new link): proposes what changed */
plam_err plan_feed_run_tx(struct app_tx *tx, const struct plan_feeder *fd, int *proposed);
/* staff's "recompute now": one write; when nothing changed, the recomputation
 * itself is recorded ("recompute" audit entry) */
plam_err plan_feed_now(struct db *db, const struct actor *a, const struct plan_feeder *fd, int *proposed);
/* a scheduler's step: reads first and writes only when something changed
 * (no write and no audit entry otherwise; when another server proposed the
 * same values meanwhile, the write is rolled back) */
plam_err plan_feed_tick(struct db *db, const struct plan_feeder *fd, int *proposed);

#endif
