/* Recruitment dashboards (issue 11, "Dashboards and the plan"): needs
 * posted, fill rate, time to fill, response rate and pool size against the
 * people deployed, by département, area, profession or ISO week, with
 * filters, a weekly series and a CSV export; and the feed of those measures
 * into the plan's indicators (sheet 1.6) through the plan's one way of
 * proposing plam's figures (app/plan/plan_feed.h), source DASH_SOURCE.
 * Each measure is defined in docs/RECRUITMENT.md ("Tableaux de bord").
 *
 * The computation (dash_compute) is pure: it takes the rows the store read
 * (store/store_dash.h) and the filters. Plan staff see every establishment;
 * an employer sees the needs of its organisation's establishments and the
 * candidates of the open pools attached to them. */
#ifndef PLAM_APP_DASH_DASH_H
#define PLAM_APP_DASH_DASH_H
#include <jansson.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/field.h"
#include "store/store_dash.h"

#define DASH_SOURCE "plam — recrutement"

enum dash_by { DASH_BY_DEPARTEMENT, DASH_BY_AREA, DASH_BY_PROFESSION, DASH_BY_WEEK, DASH_BY__COUNT };
/* "departement", "area", "profession", "week"; NULL-terminated. */
extern const char *const dash_bys[];
/* The measures a plan indicator can be linked to; NULL-terminated. */
enum dash_metric {
  DASH_M_NEEDS_POSTED,
  DASH_M_PLACES_ASKED,
  DASH_M_PLACES_FILLED,
  DASH_M_FILL_RATE,
  DASH_M_RESPONSE_RATE,
  DASH_M_DEPLOYED,
  DASH_M_TIME_TO_FILL_HOURS,
  DASH_M__COUNT
};
extern const char *const dash_metrics[];

/* Filters: "" / 0 = any. from/to: inclusive dates (YYYY-MM-DD) of posting. */
struct dash_filter {
  char from[11], to[11], departement[12], region[12], profession[33];
  int64_t area_id;
};

struct dash_data {
  const struct dash_need_row *needs; /* by id */
  int nneeds;
  const struct dash_conf_row *conf; /* by need id */
  int nconf;
  const struct dash_pool_row *pool;
  int npool;
  const struct dash_area_row *areas;
  int nareas;
};

struct dash_measures {
  int64_t needs_posted, needs_cancelled, needs_filled;
  int64_t places_asked, places_filled; /* needs not cancelled */
  int64_t offers_closed, offers_answered;
  int64_t ttf_needs; /* filled needs whose time to fill is known */
  double ttf_median_s;
  int has_pool; /* 0 for weeks: a pool is not dated */
  int64_t pool_size, deployed;
};
struct dash_group {
  char key[130];
  char label[801];
  struct dash_measures m;
};
struct dash_result {
  struct dash_measures total;
  struct dash_group *rows; /* by key */
  int nrows;
  struct dash_group *weeks; /* the weekly series, by week */
  int nweeks;
};

/* Pure. PLAM_OK or PLAM_ERR_NOMEM. */
plam_err dash_compute(const struct dash_data *d, const struct dash_filter *f, enum dash_by by, struct dash_result *out);
void dash_result_free(struct dash_result *r);
/* "YYYY-MM-DDTHH:MM:SSZ" (or with fractions / "+00:00") to seconds; -1 if not. */
int dash_parse_utc(const char *s, int64_t *epoch);
/* The ISO 8601 week of a UTC time: "2027-W03". */
void dash_iso_week(int64_t epoch, char out[9]);
/* The median of n values (sorted in place); 0 when n is 0. */
double dash_median(double *v, int n);
/* fill rate, response rate: 100 x num / den to one decimal; -1 when den is 0. */
double dash_rate(int64_t num, int64_t den);
/* The figure of one metric over m (is_rate: num / den, else num); 0 when the
 * metric has no figure (no filled need for the time to fill). */
int dash_metric_figure(enum dash_metric k, const struct dash_measures *m, int *is_rate, double *num, double *den);

/* GET /api/recruit-dashboard: query from, to, departement, area_id,
 * profession, by. */
struct dash_query {
  const char *from, *to, *departement, *profession, *by;
  int64_t area_id;
};
plam_err dash_view(struct db *db, const struct actor *a, const struct dash_query *q, json_t **out,
                   struct field_error *fe);
/* The table of the same view as CSV (';', BOM, CRLF) into out. */
plam_err dash_csv(struct db *db, const struct actor *a, const struct dash_query *q, struct buf *out,
                  struct field_error *fe);

/* Links of plan indicators to measures (plan staff). */
plam_err dash_links_list(struct db *db, const struct actor *a, json_t **out);
plam_err dash_link_create(struct db *db, const struct actor *a, int64_t indicator_id, const char *metric,
                          const char *profession, json_t **out, struct field_error *fe);
plam_err dash_link_delete(struct db *db, const struct actor *a, int64_t id, json_t **out);
/* Recomputes every link now and proposes what changed ("Recalculer"). */
plam_err dash_measure_now(struct db *db, const struct actor *a, json_t **out);
/* The scheduler's step (plam serve): proposes what changed, writing
 * nothing when nothing did. *proposed: how many. */
plam_err dash_measure_tick(struct db *db, int *proposed);
/* Demo (plam init --demo, after the plans): links the two indicators the demo
 * plan adds to sheet 1.6 to the measures and validates their first values. */
plam_err dash_demo_load(struct db *db);

#endif
