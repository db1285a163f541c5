/* Recruitment measures as measurements of the plan's indicators (issue 11,
 * "These feed the indicators of sheet 1.6 as measurements, automatically,
 * with their source"). Plan staff link an indicator to a measure
 * (dash_links: the metric, optionally one profession). Every link is
 * recomputed when it is made, when staff ask ("Recalculer") and at each
 * step of the offers' scheduler in plam serve (dash_measure_tick, which
 * writes nothing when nothing changed): for every year in which needs were
 * posted (up to this one), in the indicator's territories (its scope — a
 * région is the sum of its départements, "FR" every establishment — and,
 * when it is broken down by département, the territories plan_where gives), the
 * measure of the needs posted that year is handed to the plan's one way of
 * proposing plam's figures (app/plan/plan_feed.h, shared with training),
 * source DASH_SOURCE: a past year's dated 31 December, the current year's a
 * year-to-date figure (needs posted from 1 January to today) dated today, so
 * that sheet 1.6 shows it now; a re-run proposes it again only when it
 * changed since the source's last value of the year (plan_feed_year_dates;
 * a cumulative indicator keeps 31 December). The values wait in the plan's
 * review queue like any other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/dash/dash_int.h"
#include "app/plan/plan_feed.h"
#include "app/recruit/recruit_app.h"
#include "store/store_tx.h"

static int metric_of(const char *name) {
  for (int i = 0; dash_metrics[i]; i++)
    if (!strcmp(dash_metrics[i], name)) return i;
  return -1;
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* The years in which the rows' needs were posted, up to this_year. */
static int years_of(const struct dash_data *d, int this_year, int *years, int max) {
  int n = 0;
  for (int i = 0; i < d->nneeds; i++) {
    int y = atoi(d->needs[i].created_at);
    if (y < 2000 || y > this_year) continue;
    int seen = 0;
    for (int k = 0; k < n && !seen; k++) seen = years[k] == y;
    if (!seen && n < max) years[n++] = y;
  }
  qsort(years, (size_t)n, sizeof *years, cmp_int);
  return n;
}

static plam_err link_offer(struct db *db, const struct dash_data *d, const struct dash_link_rec *l,
                           struct plan_feed *f) {
  int m = metric_of(l->metric);
  if (m < 0) return PLAM_OK;
  struct plan_feed_target t;
  int usable = 0;
  plam_err e = plan_feed_target_get(db, l->indicator_id, &t, &usable);
  if (e || !usable) {
    plan_feed_target_free(&t);
    return e;
  }
  char today[11], date[11], since[11];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  int years[64];
  int ny = years_of(d, tm.tm_year + 1900, years, 64);
  for (int y = 0; !e && y < ny; y++) {
    plan_feed_year_dates(&t, years[y], today, date, since);
    for (int k = 0; !e && k < t.nterrs; k++) {
      struct dash_filter flt = {0};
      snprintf(flt.from, sizeof flt.from, "%04d-01-01", years[y]);
      snprintf(flt.to, sizeof flt.to, "%s", date); /* needs posted up to the figure's date */
      if (!strncmp(t.terrs[k], "DEP-", 4)) snprintf(flt.departement, sizeof flt.departement, "%s", t.terrs[k]);
      else if (!strncmp(t.terrs[k], "REG-", 4)) snprintf(flt.region, sizeof flt.region, "%s", t.terrs[k]);
      /* the national scope "FR": every establishment */
      snprintf(flt.profession, sizeof flt.profession, "%s", l->profession);
      struct dash_result res;
      e = dash_compute(d, &flt, DASH_BY_DEPARTEMENT, &res);
      if (e) break;
      int is_rate;
      double num, den;
      int has = res.total.needs_posted > 0 && dash_metric_figure((enum dash_metric)m, &res.total, &is_rate, &num, &den);
      dash_result_free(&res);
      if (has) e = plan_feed_offer(db, f, &t, t.terrs[k], since, date, is_rate, num, den);
    }
  }
  plan_feed_target_free(&t);
  return e;
}

/* Offers every link's figures (inside a transaction). */
static plam_err offer_all(struct db *db, struct plan_feed *f) {
  struct dash_link_rec *links = NULL;
  int nl = 0;
  plam_err e = store_dash_links(db, &links, &nl);
  if (e || !nl) {
    free(links);
    return e;
  }
  struct dash_rows rows;
  e = dash_load(db, 0, &rows);
  for (int i = 0; !e && i < nl; i++) e = link_offer(db, &rows.d, &links[i], f);
  if (rows.needs || rows.conf || rows.pool || rows.areas) dash_rows_free(&rows);
  free(links);
  return e;
}

static const struct plan_feeder FEEDER = {DASH_SOURCE, "recrutement", offer_all};

plam_err dash_measure_now(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!dash_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  int proposed = 0;
  plam_err e = plan_feed_now(db, a, &FEEDER, &proposed);
  if (!e) *out = json_pack("{s:i, s:s}", "measurements_proposed", proposed, "source", DASH_SOURCE);
  return !e && !*out ? PLAM_ERR_NOMEM : e;
}

plam_err dash_measure_tick(struct db *db, int *proposed) { return plan_feed_tick(db, &FEEDER, proposed); }

/* ---- links ---- */

static json_t *link_json(const struct dash_link_rec *l) {
  return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)l->id, "indicator_id",
                   (json_int_t)l->indicator_id, "metric", l->metric, "profession",
                   l->profession[0] ? l->profession : NULL, "indicator_code", l->indicator_code, "indicator_name",
                   l->indicator_name, "action_number", l->action_number, "source", DASH_SOURCE, "created_at",
                   l->created_at);
}

plam_err dash_links_list(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!dash_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct dash_link_rec *links = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_dash_links(db, &links, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, link_json(&links[i]));
  free(links);
  *out = arr;
  return arr ? PLAM_OK : PLAM_ERR_NOMEM;
}

struct create_arg {
  int64_t indicator_id, id;
  const char *metric, *profession;
  int proposed;
};
static plam_err create_tx(struct app_tx *tx, void *arg) {
  struct create_arg *x = arg;
  struct plan_feed_target t;
  int usable = 0, linked = 0;
  plam_err e = plan_feed_target_get(tx->db, x->indicator_id, &t, &usable);
  plan_feed_target_free(&t);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "indicator_id", "indicateur introuvable");
  if (e) return e;
  if (!usable) return field_fail(tx->fe, "indicator_id", "la définition de cet indicateur ne permet aucune valeur");
  int m = metric_of(x->metric);
  enum progress_kind want = m == DASH_M_FILL_RATE || m == DASH_M_RESPONSE_RATE ? PROGRESS_KIND_PERCENT
                            : m == DASH_M_TIME_TO_FILL_HOURS                   ? PROGRESS_KIND_RATIO
                                                                               : PROGRESS_KIND_COUNT;
  if (t.rule.kind != want)
    return field_fail(tx->fe, "metric",
                      want == PROGRESS_KIND_PERCENT ? "cette mesure est un taux : l'indicateur doit être un pourcentage"
                      : want == PROGRESS_KIND_RATIO
                        ? "cette mesure est une durée en heures : l'indicateur doit être un ratio (nombre décimal)"
                        : "cette mesure est un nombre : l'indicateur doit être un dénombrement");
  if ((e = store_dash_indicator_linked(tx->db, x->indicator_id, &linked))) return e;
  if (linked)
    return field_fail(tx->fe, "indicator_id", "cet indicateur est déjà alimenté par plam (recrutement ou formation)");
  if ((e = store_dash_link_insert(tx->db, x->indicator_id, x->metric, x->profession, &x->id))) return e;
  struct dash_link_rec l;
  if ((e = store_dash_link_get(tx->db, x->id, &l))) return e;
  if ((e = app_audit(tx, "create", "dash_link", x->id, NULL, link_json(&l)))) return e;
  return plan_feed_run_tx(tx, &FEEDER, &x->proposed);
}

plam_err dash_link_create(struct db *db, const struct actor *a, int64_t indicator_id, const char *metric,
                          const char *profession, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!dash_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("metric", metric, dash_metrics, 1, fe);
  if (e) return e;
  if (profession && profession[0] && recruit_profession_find(profession) < 0)
    return field_fail(fe, "profession", "profession inconnue de la nomenclature");
  struct create_arg x = {.indicator_id = indicator_id, .metric = metric, .profession = profession};
  e = app_write(db, a, create_tx, &x, fe);
  if (e) return e;
  struct dash_link_rec l;
  e = store_read_begin(db);
  if (e) return e;
  e = store_dash_link_get(db, x.id, &l);
  store_read_end(db);
  if (e) return e;
  *out = link_json(&l);
  if (*out) json_object_set_new(*out, "measurements_proposed", json_integer(x.proposed));
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

struct delete_arg {
  int64_t id;
};
static plam_err delete_tx(struct app_tx *tx, void *arg) {
  struct delete_arg *x = arg;
  struct dash_link_rec l;
  plam_err e = store_dash_link_get(tx->db, x->id, &l);
  if (!e) e = store_dash_link_delete(tx->db, x->id);
  if (!e) e = app_audit(tx, "delete", "dash_link", x->id, link_json(&l), NULL);
  return e;
}

plam_err dash_link_delete(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  *out = NULL;
  if (!dash_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct delete_arg x = {id};
  plam_err e = app_write(db, a, delete_tx, &x, NULL);
  if (!e) *out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1);
  return !e && !*out ? PLAM_ERR_NOMEM : e;
}
