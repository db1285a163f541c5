/* Read views of a plan as JSON: list, detail, indicator (chart and map),
 * governance, budget lines, contributions (the review queue: plan_review.c).
 * See plan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan/plan.h"
#include "app/plan/progress.h"
#include "app/plan/plan_where.h"
#include "store/store_tx.h"

#define ROW(R, T, i) (&((const struct T *)(R).rows)[i])

void plan_json_key(int64_t id, char out[24]) { snprintf(out, 24, "%lld", (long long)id); }

/* Appends child to parent[field] (an array created on demand). */
int plan_json_attach(json_t *parent, const char *field, json_t *child) {
  if (!parent || !child) {
    json_decref(child);
    return parent ? -1 : 0;
  }
  json_t *arr = json_object_get(parent, field);
  if (!arr) {
    arr = json_array();
    if (!arr || json_object_set_new(parent, field, arr)) return -1;
  }
  return json_array_append_new(arr, child);
}

json_t *plan_json_by_id(json_t *map, int64_t id) {
  char k[24];
  plan_json_key(id, k);
  return json_object_get(map, k);
}

plam_err plan_list_json(struct db *db, const struct actor *a, json_t **out) {
  struct store_rows rows;
  plam_err e = store_plan_list(db, &rows);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < rows.n; i++) {
    const struct plan_rec *p = ROW(rows, plan_rec, i);
    struct plan_rec tmp;
    if (plan_get_readable(db, a, p->id, &tmp) != PLAM_OK) continue;
    json_array_append_new(arr, plan_rec_json(&store_plan_t, p));
  }
  free(rows.rows);
  *out = arr;
  return arr ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_detail_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  struct store_rows axes = {0}, actions = {0}, partners = {0}, roadmap = {0}, inds = {0}, targets = {0}, figures = {0},
                    texts = {0};
  char(*terrs)[12] = NULL;
  int nterr = 0;
  e = store_read_begin(db);
  if (e) return e;
  if (!e) e = store_plan_axes(db, plan_id, &axes);
  if (!e) e = store_plan_actions(db, plan_id, &actions);
  if (!e) e = store_plan_partners(db, plan_id, &partners);
  if (!e) e = store_plan_roadmap(db, plan_id, &roadmap);
  if (!e) e = store_plan_indicators(db, plan_id, &inds);
  if (!e) e = store_plan_targets(db, plan_id, &targets);
  if (!e) e = store_plan_figures(db, plan_id, &figures);
  if (!e) e = store_plan_texts(db, plan_id, &texts);
  if (!e) e = store_plan_territories(db, plan_id, &terrs, &nterr);
  int64_t *it_ind = NULL;
  char(*it_terr)[12] = NULL;
  int nit = 0;
  if (!e) e = store_plan_indicator_territories(db, plan_id, &it_ind, &it_terr, &nit);
  store_read_end(db);
  json_t *root = NULL, *axmap = json_object(), *acmap = json_object(), *inmap = json_object();
  if (!e) {
    root = plan_rec_json(&store_plan_t, &p);
    json_t *t = json_array();
    for (int i = 0; t && i < nterr; i++) json_array_append_new(t, json_string(terrs[i]));
    json_object_set_new(root, "territories", t);
    json_object_set_new(root, "axes", json_array());
    json_object_set_new(root, "partners", json_array());
    json_object_set_new(root, "figures", json_array());
    json_object_set_new(root, "texts", json_array());
    char k[24];
    for (int i = 0; i < axes.n; i++) {
      json_t *o = plan_rec_json(&store_axis_t, ROW(axes, axis_rec, i));
      plan_json_key(ROW(axes, axis_rec, i)->id, k);
      json_object_set(axmap, k, o);
      json_object_set_new(o, "actions", json_array());
      json_object_set_new(o, "partners", json_array());
      json_object_set_new(o, "texts", json_array());
      json_object_set_new(o, "figures", json_array());
      plan_json_attach(root, "axes", o);
    }
    for (int i = 0; i < actions.n; i++) {
      const struct action_rec *r = ROW(actions, action_rec, i);
      json_t *o = plan_rec_json(&store_action_t, r);
      plan_json_key(r->id, k);
      json_object_set(acmap, k, o);
      static const char *const lists[] = {"partners", "roadmap", "indicators", "texts", "figures"};
      for (size_t j = 0; j < sizeof lists / sizeof lists[0]; j++) json_object_set_new(o, lists[j], json_array());
      json_t *ax = plan_json_by_id(axmap, r->axis_id);
      plan_json_attach(ax ? ax : root, ax ? "actions" : "actions_without_axis", o);
    }
    for (int i = 0; i < partners.n; i++) {
      const struct partner_rec *r = ROW(partners, partner_rec, i);
      json_t *parent = r->action_id ? plan_json_by_id(acmap, r->action_id)
                       : r->axis_id ? plan_json_by_id(axmap, r->axis_id)
                                    : root;
      plan_json_attach(parent, "partners", plan_rec_json(&store_partner_t, r));
    }
    for (int i = 0; i < roadmap.n; i++) {
      const struct roadmap_rec *r = ROW(roadmap, roadmap_rec, i);
      plan_json_attach(plan_json_by_id(acmap, r->action_id), "roadmap", plan_rec_json(&store_roadmap_t, r));
    }
    for (int i = 0; i < inds.n; i++) {
      const struct indicator_rec *r = ROW(inds, indicator_rec, i);
      json_t *o = plan_rec_json(&store_indicator_t, r);
      plan_json_key(r->id, k);
      json_object_set(inmap, k, o);
      json_object_set_new(o, "targets", json_array());
      /* where its values are measured (plan_where.h: what its progress
       * expects, the proposal form offers and every write path accepts) */
      json_t *where = json_array();
      char w[PROGRESS_MAX_TERRITORIES][12];
      size_t nw = plan_where(r->breakdown, r->id, r->scope_id, it_ind, (const char(*)[12])it_terr, (size_t)nit,
                             (const char(*)[12])terrs, (size_t)nterr, w, PROGRESS_MAX_TERRITORIES);
      for (size_t k2 = 0; where && k2 < nw; k2++) json_array_append_new(where, json_string(w[k2]));
      json_object_set_new(o, "measured_territories", where);
      plan_json_attach(plan_json_by_id(acmap, r->action_id), "indicators", o);
    }
    for (int i = 0; i < targets.n; i++) {
      const struct target_rec *r = ROW(targets, target_rec, i);
      if (r->current)
        plan_json_attach(plan_json_by_id(inmap, r->indicator_id), "targets", plan_rec_json(&store_target_t, r));
    }
    for (int i = 0; i < figures.n; i++) {
      const struct figure_rec *r = ROW(figures, figure_rec, i);
      json_t *parent = r->action_id ? plan_json_by_id(acmap, r->action_id)
                       : r->axis_id ? plan_json_by_id(axmap, r->axis_id)
                                    : root;
      plan_json_attach(parent, "figures", plan_rec_json(&store_figure_t, r));
    }
    for (int i = 0; i < texts.n; i++) {
      const struct text_rec *r = ROW(texts, text_rec, i);
      json_t *parent = r->action_id ? plan_json_by_id(acmap, r->action_id)
                       : r->axis_id ? plan_json_by_id(axmap, r->axis_id)
                                    : root;
      plan_json_attach(parent, "texts", plan_rec_json(&store_text_t, r));
    }
  }
  json_decref(axmap);
  json_decref(acmap);
  json_decref(inmap);
  free(axes.rows);
  free(actions.rows);
  free(partners.rows);
  free(roadmap.rows);
  free(inds.rows);
  free(targets.rows);
  free(figures.rows);
  free(texts.rows);
  free(terrs);
  free(it_ind);
  free(it_terr);
  if (!e && !root) e = PLAM_ERR_NOMEM;
  *out = root;
  return e;
}

plam_err plan_indicator_json(struct db *db, const struct actor *a, int64_t indicator_id, json_t **out) {
  struct indicator_rec ind;
  int64_t plan_id = 0;
  plam_err e = store_indicator_get(db, indicator_id, &ind, &plan_id);
  struct plan_rec p;
  if (!e) e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  struct store_rows targets = {0}, meas = {0};
  e = store_indicator_targets(db, indicator_id, &targets);
  if (!e) e = store_indicator_measurements(db, indicator_id, &meas);
  json_t *root = NULL;
  if (!e) {
    root = plan_rec_json(&store_indicator_t, &ind);
    json_object_set_new(root, "plan_id", json_integer(plan_id));
    json_object_set_new(root, "targets", plan_rows_json(&store_target_t, &targets));
    /* series: validated values by date (chart), latest per territory (map) */
    json_t *series = json_array(), *latest = json_object(), *history = json_array();
    for (int i = 0; i < meas.n; i++) {
      const struct measurement_rec *m = ROW(meas, measurement_rec, i);
      json_t *o = plan_rec_json(&store_measurement_t, m);
      if (!strcmp(m->status, "validated")) {
        json_array_append(series, o);
        json_t *prev = json_object_get(latest, m->territory_id);
        const char *pd = prev ? json_string_value(json_object_get(prev, "value_on")) : NULL;
        if (!prev || strcmp(pd ? pd : "", m->value_on) <= 0) json_object_set(latest, m->territory_id, o);
      }
      if (a->user_id) json_array_append(history, o);
      json_decref(o);
    }
    json_object_set_new(root, "series", series);
    json_t *map = json_array();
    const char *tk;
    json_t *tv;
    json_object_foreach(latest, tk, tv) json_array_append(map, tv);
    json_decref(latest);
    json_object_set_new(root, "latest_by_territory", map);
    json_object_set_new(root, "measurements", history); /* every proposal and review, logged-in readers only */
  }
  free(targets.rows);
  free(meas.rows);
  if (!e && !root) e = PLAM_ERR_NOMEM;
  *out = root;
  return e;
}

plam_err plan_budget_json(struct db *db, const struct actor *a, int64_t plan_id, int history, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  struct store_rows rows = {0};
  if (!e) e = store_plan_budget(db, plan_id, &rows);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < rows.n; i++) {
    const struct budget_rec *b = ROW(rows, budget_rec, i);
    if (history || (b->current && !b->withdrawn)) json_array_append_new(arr, plan_rec_json(&store_budget_t, b));
  }
  free(rows.rows);
  *out = arr;
  return arr ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_contributions_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  struct store_rows rows = {0};
  if (!e) e = store_plan_contributions(db, plan_id, &rows);
  if (e) return e;
  *out = plan_rows_json(&store_contribution_t, &rows);
  free(rows.rows);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_action_weather_json(struct db *db, const struct actor *a, int64_t action_id, json_t **out) {
  struct action_rec ac;
  struct plan_rec p;
  plam_err e = store_action_get(db, action_id, &ac);
  if (!e) e = plan_get_readable(db, a, ac.plan_id, &p);
  struct store_rows rows = {0};
  if (!e) e = store_action_weather(db, action_id, &rows);
  if (e) return e;
  *out = plan_rows_json(&store_weather_t, &rows);
  free(rows.rows);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}
