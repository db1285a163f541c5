/* The dashboard's view and its CSV export (see dash.h): who sees what (plan
 * staff: every establishment; an employer: its organisation's), the query's
 * rules, one read snapshot of the rows, the pure computation, then JSON or
 * CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/dash/dash.h"
#include "app/dash/dash_int.h"
#include "app/recruit/recruit_app.h"
#include "fmt/csv.h"
#include "store/store_tx.h"

int dash_is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

plam_err dash_scope(const struct actor *a, int64_t *org_id) {
  *org_id = 0;
  if (dash_is_staff(a)) return PLAM_OK;
  if (a->role != ROLE_EMPLOYER || !a->org_id) return PLAM_ERR_FORBIDDEN;
  *org_id = a->org_id;
  return PLAM_OK;
}

plam_err dash_load(struct db *db, int64_t org_id, struct dash_rows *r) {
  memset(r, 0, sizeof *r);
  plam_err e = store_dash_needs(db, org_id, &r->needs, &r->d.nneeds);
  if (!e) e = store_dash_confirmed(db, org_id, &r->conf, &r->d.nconf);
  if (!e) e = store_dash_pool(db, org_id, &r->pool, &r->d.npool);
  if (!e) e = store_dash_areas(db, &r->areas, &r->d.nareas);
  r->d.needs = r->needs;
  r->d.conf = r->conf;
  r->d.pool = r->pool;
  r->d.areas = r->areas;
  if (e) dash_rows_free(r);
  return e;
}

void dash_rows_free(struct dash_rows *r) {
  free(r->needs);
  free(r->conf);
  free(r->pool);
  free(r->areas);
  memset(r, 0, sizeof *r);
}

/* The query's rules beyond its shape (the route spec checks kinds and
 * lengths): known dimension, département code, known profession, from <= to. */
static plam_err query_read(const struct dash_query *q, struct dash_filter *f, enum dash_by *by,
                           struct field_error *fe) {
  memset(f, 0, sizeof *f);
  *by = DASH_BY_DEPARTEMENT;
  if (q->by && q->by[0]) {
    plam_err e = text_enum("by", q->by, dash_bys, 0, fe);
    if (e) return e;
    for (int i = 0; dash_bys[i]; i++)
      if (!strcmp(dash_bys[i], q->by)) *by = (enum dash_by)i;
  }
  if (q->departement && q->departement[0]) {
    if (strncmp(q->departement, "DEP-", 4) || strlen(q->departement) > 7 || strlen(q->departement) < 6)
      return field_fail(fe, "departement", "un département s'écrit DEP- suivi de son code (DEP-44)");
    snprintf(f->departement, sizeof f->departement, "%s", q->departement);
  }
  if (q->profession && q->profession[0]) {
    if (recruit_profession_find(q->profession) < 0)
      return field_fail(fe, "profession", "profession inconnue de la nomenclature");
    snprintf(f->profession, sizeof f->profession, "%s", q->profession);
  }
  if (q->from && q->from[0]) snprintf(f->from, sizeof f->from, "%.10s", q->from);
  if (q->to && q->to[0]) snprintf(f->to, sizeof f->to, "%.10s", q->to);
  if (f->from[0] && f->to[0] && strcmp(f->from, f->to) > 0)
    return field_fail(fe, "to", "la fin de la période précède son début");
  f->area_id = q->area_id;
  return PLAM_OK;
}

static plam_err compute(struct db *db, const struct actor *a, const struct dash_query *q, struct dash_filter *f,
                        enum dash_by *by, struct dash_result *res, struct field_error *fe) {
  int64_t org_id;
  plam_err e = dash_scope(a, &org_id);
  if (!e) e = query_read(q, f, by, fe);
  if (e) return e;
  struct dash_rows rows;
  e = store_read_begin(db);
  if (e) return e;
  e = dash_load(db, org_id, &rows);
  store_read_end(db);
  if (e) return e;
  e = dash_compute(&rows.d, f, *by, res);
  dash_rows_free(&rows);
  return e;
}

static json_t *rate_json(int64_t num, int64_t den) {
  double r = dash_rate(num, den);
  return r < 0 ? json_null() : json_real(r);
}

json_t *dash_measures_json(const struct dash_measures *m) {
  json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "needs_posted", (json_int_t)m->needs_posted,
                        "needs_cancelled", (json_int_t)m->needs_cancelled, "needs_filled", (json_int_t)m->needs_filled,
                        "places_asked", (json_int_t)m->places_asked, "places_filled", (json_int_t)m->places_filled,
                        "offers_closed", (json_int_t)m->offers_closed, "offers_answered",
                        (json_int_t)m->offers_answered, "time_to_fill_needs", (json_int_t)m->ttf_needs, "deployed",
                        (json_int_t)m->deployed);
  if (!o) return NULL;
  json_object_set_new(o, "fill_rate", rate_json(m->places_filled, m->places_asked));
  json_object_set_new(o, "response_rate", rate_json(m->offers_answered, m->offers_closed));
  int is_rate;
  double num, den;
  json_object_set_new(o, "time_to_fill_hours",
                      dash_metric_figure(DASH_M_TIME_TO_FILL_HOURS, m, &is_rate, &num, &den) ? json_real(num)
                                                                                             : json_null());
  json_object_set_new(o, "pool_size", m->has_pool ? json_integer(m->pool_size) : json_null());
  return o;
}

static json_t *groups_json(const struct dash_group *g, int n) {
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) {
    json_t *o = dash_measures_json(&g[i].m);
    if (!o) {
      json_decref(arr);
      return NULL;
    }
    json_object_set_new(o, "key", json_string(g[i].key));
    json_object_set_new(o, "label", json_string(g[i].label));
    json_array_append_new(arr, o);
  }
  return arr;
}

plam_err dash_view(struct db *db, const struct actor *a, const struct dash_query *q, json_t **out,
                   struct field_error *fe) {
  *out = NULL;
  struct dash_filter f;
  enum dash_by by;
  struct dash_result res;
  plam_err e = compute(db, a, q, &f, &by, &res, fe);
  if (e) return e;
  json_t *filters = json_pack("{s:s?, s:s?, s:s?, s:s?}", "from", f.from[0] ? f.from : NULL, "to",
                              f.to[0] ? f.to : NULL, "departement", f.departement[0] ? f.departement : NULL,
                              "profession", f.profession[0] ? f.profession : NULL);
  if (filters) json_object_set_new(filters, "area_id", f.area_id ? json_integer(f.area_id) : json_null());
  *out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "by", dash_bys[by], "scope",
                   dash_is_staff(a) ? "all" : "organisation", "filters", filters, "total",
                   dash_measures_json(&res.total), "rows", groups_json(res.rows, res.nrows), "weeks",
                   groups_json(res.weeks, res.nweeks));
  dash_result_free(&res);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

/* ---- CSV ---- */

static const char *const csv_head[] = {"Clé",
                                       "Libellé",
                                       "Besoins publiés",
                                       "Besoins annulés",
                                       "Besoins pourvus",
                                       "Postes demandés",
                                       "Postes pourvus",
                                       "Taux de pourvoi (%)",
                                       "Délai médian de pourvoi (h)",
                                       "Besoins dans le délai médian",
                                       "Offres closes",
                                       "Offres répondues",
                                       "Taux de réponse (%)",
                                       "Vivier",
                                       "Personnes déployées",
                                       NULL};

static void csv_rate(struct csv_writer *w, int64_t num, int64_t den) {
  double r = dash_rate(num, den);
  if (r < 0) csv_write_field(w, "");
  else csv_write_number(w, r, 1, true);
}

static void csv_int(struct csv_writer *w, int64_t v) { csv_write_number(w, (double)v, 0, true); }

static void csv_group(struct csv_writer *w, const char *key, const char *label, const struct dash_measures *m) {
  csv_write_field(w, key);
  csv_write_field(w, label);
  csv_int(w, m->needs_posted);
  csv_int(w, m->needs_cancelled);
  csv_int(w, m->needs_filled);
  csv_int(w, m->places_asked);
  csv_int(w, m->places_filled);
  csv_rate(w, m->places_filled, m->places_asked);
  int is_rate;
  double num, den;
  if (dash_metric_figure(DASH_M_TIME_TO_FILL_HOURS, m, &is_rate, &num, &den)) csv_write_number(w, num, 1, true);
  else csv_write_field(w, "");
  csv_int(w, m->ttf_needs);
  csv_int(w, m->offers_closed);
  csv_int(w, m->offers_answered);
  csv_rate(w, m->offers_answered, m->offers_closed);
  if (m->has_pool) csv_int(w, m->pool_size);
  else csv_write_field(w, "");
  csv_int(w, m->deployed);
  csv_write_end_row(w);
}

plam_err dash_csv(struct db *db, const struct actor *a, const struct dash_query *q, struct buf *out,
                  struct field_error *fe) {
  struct dash_filter f;
  enum dash_by by;
  struct dash_result res;
  plam_err e = compute(db, a, q, &f, &by, &res, fe);
  if (e) return e;
  struct csv_writer w;
  csv_writer_init(&w, out, ';', true, true);
  for (int i = 0; csv_head[i]; i++) csv_write_field(&w, csv_head[i]);
  csv_write_end_row(&w);
  for (int i = 0; i < res.nrows; i++) csv_group(&w, res.rows[i].key, res.rows[i].label, &res.rows[i].m);
  csv_group(&w, "total", "Total", &res.total);
  dash_result_free(&res);
  return csv_writer_status(&w);
}
