/* The review queue of a plan (see plan_pending_json in plan.h): the pending
 * values, each with what a reviewer needs to judge it beside it: the
 * previous validated value of the same indicator and territory, the target
 * and baseline, and the plausibility flags of meas_bounds.h. The plan's
 * indicators and targets are read once; the previous value is one indexed
 * read of validated_values per row. */
#include <stdlib.h>
#include <string.h>
#include "app/plan/meas_bounds.h"
#include "app/plan/plan.h"
#include "store/store.h"

#define ROW(R, T, i) (&((const struct T *)(R).rows)[i])

static const struct indicator_rec *find_indicator(const struct store_rows *inds, int64_t id) {
  for (int i = 0; i < inds->n; i++)
    if (ROW(*inds, indicator_rec, i)->id == id) return ROW(*inds, indicator_rec, i);
  return NULL;
}

/* The current target of `kind` ("final": the latest due; "baseline") of the
 * indicator at `territory`, else at its scope; NULL when none. */
static const struct target_rec *find_target(const struct store_rows *tg, const struct indicator_rec *ind,
                                            const char *territory, const char *kind) {
  const struct target_rec *best = NULL;
  for (int pass = 0; pass < 2 && !best; pass++) {
    const char *terr = pass ? ind->scope_id : territory;
    for (int i = 0; i < tg->n; i++) {
      const struct target_rec *t = ROW(*tg, target_rec, i);
      if (t->indicator_id != ind->id || !t->current || strcmp(t->kind, kind) || strcmp(t->territory_id, terr)) continue;
      /* the latest due date wins; no due date sorts last (a final target without a deadline) */
      if (!best || (!t->due_on[0] && best->due_on[0]) ||
          (t->due_on[0] && best->due_on[0] && strcmp(t->due_on, best->due_on) > 0))
        best = t;
    }
  }
  return best;
}

static json_t *target_json(const struct target_rec *t) {
  if (!t) return json_null();
  return json_pack("{s:f, s:s?, s:s, s:s?}", "value", t->value, "due_on", t->due_on[0] ? t->due_on : NULL,
                   "territory_id", t->territory_id, "qualifier", t->qualifier[0] ? t->qualifier : NULL);
}

/* The number a value stands for: the value, else its ratio scaled. */
static int compared(const struct indicator_rec *ind, int has_value, double value, int has_ratio, double num, double den,
                    double *out) {
  if (has_value) *out = value;
  else if (has_ratio && den > 0) *out = (ind ? ind->ratio_scale : 1) * num / den;
  else return 0;
  return 1;
}

static plam_err context_json(struct db *db, const struct actor *a, const struct measurement_rec *m,
                             const struct store_rows *inds, const struct store_rows *tg, json_t **out) {
  const struct indicator_rec *ind = find_indicator(inds, m->indicator_id);
  struct store_value_row prev;
  char day[11];
  int found = 0;
  plam_err e = store_vv_last(db, m->indicator_id, m->territory_id, m->value_on, &prev, day, &found);
  if (!e && !found) e = store_vv_last(db, m->indicator_id, m->territory_id, "9999-12-31", &prev, day, &found);
  if (e) return e;
  const struct target_rec *t = ind ? find_target(tg, ind, m->territory_id, "final") : NULL;
  const struct target_rec *b = ind ? find_target(tg, ind, m->territory_id, "baseline") : NULL;
  double v = 0, p = 0;
  int has_v = compared(ind, m->value.has, m->value.v, m->numerator.has && m->denominator.has, m->numerator.v,
                       m->denominator.v, &v);
  int has_p = found && compared(ind, prev.has_value, prev.value, prev.has_ratio, prev.numerator, prev.denominator, &p);
  unsigned f = has_v ? meas_far_flags(v, has_p, p, t != NULL, t ? t->value : 0, b != NULL, b ? b->value : 0) : 0;
  json_t *flags = json_array();
  if (flags && (f & MEAS_FAR_PREVIOUS)) json_array_append_new(flags, json_string("far_from_previous"));
  if (flags && (f & MEAS_FAR_TARGET)) json_array_append_new(flags, json_string("beyond_target"));
  json_t *pj = has_p ? json_pack("{s:f, s:s, s:o, s:o, s:o}", "value", p, "value_on", day, "raw_value",
                                 prev.has_value ? json_real(prev.value) : json_null(), "numerator",
                                 prev.has_ratio ? json_real(prev.numerator) : json_null(), "denominator",
                                 prev.has_ratio ? json_real(prev.denominator) : json_null())
                     : json_null();
  *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:b}", "previous", pj, "target", target_json(t), "baseline",
                   target_json(b), "compared", has_v ? json_real(v) : json_null(), "flags", flags ? flags : json_null(),
                   "mine", a->user_id && m->author_id == a->user_id);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_pending_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  struct store_rows rows = {0}, inds = {0}, tg = {0};
  if (!e) e = store_plan_pending(db, plan_id, &rows);
  if (!e && rows.n) e = store_plan_indicators(db, plan_id, &inds);
  if (!e && rows.n) e = store_plan_targets(db, plan_id, &tg);
  json_t *arr = e ? NULL : json_array();
  if (!e && !arr) e = PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < rows.n; i++) {
    const struct measurement_rec *m = ROW(rows, measurement_rec, i);
    json_t *o = plan_rec_json(&store_measurement_t, m), *ctx = NULL;
    e = o ? context_json(db, a, m, &inds, &tg, &ctx) : PLAM_ERR_NOMEM;
    if (!e && (json_object_set_new(o, "context", ctx) || json_array_append_new(arr, o))) e = PLAM_ERR_NOMEM;
    else if (e) json_decref(o);
  }
  free(rows.rows);
  free(inds.rows);
  free(tg.rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}
