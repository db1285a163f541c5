/* Open data of published plans: see open_data.h. The plan document starts
 * from the COPIL pack read by an anonymous actor (so exactly what the public
 * may read) and adds, per indicator, its validated values (the dashboard's
 * source, store_plan_values_each, which never yields a pending or rejected
 * row), keeping only the measure itself: territory, date, value, numerator,
 * denominator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan/copil.h"
#include "app/plan/open_data.h"
#include "app/plan/plan.h"
#include "store/store_tx.h"

static json_t *links(int64_t id) {
  char b[5][96];
  snprintf(b[0], sizeof b[0], "/api/open-data/plans/%lld", (long long)id);
  snprintf(b[1], sizeof b[1], "/plan.html?id=%lld", (long long)id);
  snprintf(b[2], sizeof b[2], "/api/plans/%lld/copil.xlsx", (long long)id);
  snprintf(b[3], sizeof b[3], "/api/plans/%lld/rapport.html", (long long)id);
  snprintf(b[4], sizeof b[4], "/api/plans/%lld/iati.xml", (long long)id);
  return json_pack("{s:s, s:s, s:s, s:s, s:s}", "self", b[0], "page", b[1], "copil_xlsx", b[2], "report_html", b[3],
                   "iati_xml", b[4]);
}

static json_t *opt_int(const struct opt_i64 *v) { return v->has ? json_integer(v->v) : json_null(); }

plam_err open_data_plans_json(struct db *db, json_t **out) {
  struct store_rows rows;
  plam_err e = store_plan_list(db, &rows);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < rows.n; i++) {
    const struct plan_rec *p = (const struct plan_rec *)rows.rows + i;
    if (strcmp(p->status, "published")) continue;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
                          "slug", p->slug, "region_id", p->region_id, "region_name", p->region_name, "title", p->title,
                          "start_year", opt_int(&p->start_year), "end_year", opt_int(&p->end_year), "status", p->status,
                          "licence", OPEN_DATA_LICENCE, "licence_url", OPEN_DATA_LICENCE_URL, "updated_at",
                          p->updated_at, "links", links(p->id));
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      arr = NULL;
    }
  }
  free(rows.rows);
  *out = arr;
  return arr ? PLAM_OK : PLAM_ERR_NOMEM;
}

/* Validated values of the plan, keyed by indicator id ("12" -> [...]). */
static plam_err collect(void *ud, const struct store_value_row *r) {
  json_t *by = ud;
  char k[24];
  snprintf(k, sizeof k, "%lld", (long long)r->indicator_id);
  json_t *arr = json_object_get(by, k);
  if (!arr) {
    arr = json_array();
    if (!arr || json_object_set_new(by, k, arr)) return PLAM_ERR_NOMEM;
  }
  json_t *o = json_pack("{s:s, s:s}", "territory_id", r->territory_id, "value_on", r->value_on);
  if (!o) return PLAM_ERR_NOMEM;
  json_object_set_new(o, "value", r->has_value ? json_real(r->value) : json_null());
  json_object_set_new(o, "numerator", r->has_ratio ? json_real(r->numerator) : json_null());
  json_object_set_new(o, "denominator", r->has_ratio ? json_real(r->denominator) : json_null());
  return json_array_append_new(arr, o) ? PLAM_ERR_NOMEM : PLAM_OK;
}

static int value_cmp(const void *x, const void *y) {
  json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
  int c = strcmp(json_string_value(json_object_get(a, "value_on")), json_string_value(json_object_get(b, "value_on")));
  if (c) return c;
  return strcmp(json_string_value(json_object_get(a, "territory_id")),
                json_string_value(json_object_get(b, "territory_id")));
}

/* Sorts an array of values by (date, territory): the database gives them in
 * no particular order and open data should be stable. */
static json_t *sorted(json_t *arr) {
  size_t n = json_array_size(arr);
  json_t *out = json_array();
  if (!n || !out) return out;
  json_t **v = malloc(n * sizeof *v);
  if (!v) {
    json_decref(out);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) v[i] = json_array_get(arr, i);
  qsort(v, n, sizeof *v, value_cmp);
  for (size_t i = 0; i < n; i++) json_array_append(out, v[i]);
  free(v);
  return out;
}

static void attach_values(json_t *actions, json_t *by) {
  size_t i, k;
  json_t *a, *ind;
  json_array_foreach(actions, i, a) json_array_foreach(json_object_get(a, "indicators"), k, ind) {
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(ind, "id")));
    json_t *vals = sorted(json_object_get(by, key));
    json_object_set_new(ind, "validated_values", vals ? vals : json_array());
  }
}

plam_err open_data_plan_json(struct db *db, int64_t plan_id, json_t **out) {
  *out = NULL;
  struct plan_rec p;
  plam_err e = store_read_begin(db); /* status, pack and values from one snapshot */
  if (e) return e;
  e = store_plan_get(db, plan_id, &p);
  if (!e && strcmp(p.status, "published")) e = PLAM_ERR_NOT_FOUND;
  struct actor anon;
  memset(&anon, 0, sizeof anon);
  json_t *pack = NULL, *by = json_object();
  if (!e && !by) e = PLAM_ERR_NOMEM;
  if (!e) e = copil_pack_json(db, &anon, plan_id, &pack);
  if (!e) e = store_plan_values_each(db, plan_id, collect, by);
  store_read_end(db);
  if (!e) {
    size_t i;
    json_t *ax;
    json_array_foreach(json_object_get(pack, "axes"), i, ax) attach_values(json_object_get(ax, "actions"), by);
    attach_values(json_object_get(pack, "actions_without_axis"), by);
    json_object_del(pack, "budget_without_axis"); /* the flat budget list holds every line */
    json_object_set_new(pack, "format", json_string("plam-open-data-plan/1"));
    json_object_set_new(pack, "licence", json_string(OPEN_DATA_LICENCE));
    json_object_set_new(pack, "licence_url", json_string(OPEN_DATA_LICENCE_URL));
    json_object_set_new(pack, "links", links(plan_id));
    json_array_foreach(json_object_get(pack, "axes"), i, ax) json_object_del(ax, "budget");
    *out = pack;
    pack = NULL;
  }
  json_decref(pack);
  json_decref(by);
  return e;
}
