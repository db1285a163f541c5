/* One action with everything attached to it (GET /api/actions/{id}): the
 * action's object is taken from the plan detail (plan_read.c), so the
 * visibility rule and the JSON shape are the plan's own. */
#include <string.h>
#include "app/plan/plan.h"
#include "app/plan/plan_struct.h"
#include "store/store_tx.h"

static json_t *find_action(json_t *list, int64_t id) {
  size_t i;
  json_t *o;
  json_array_foreach(list, i, o) {
    if (json_integer_value(json_object_get(o, "id")) == id) return o;
  }
  return NULL;
}

plam_err plan_action_json(struct db *db, const struct actor *a, int64_t action_id, json_t **out) {
  struct action_rec r;
  plam_err e = store_action_get(db, action_id, &r);
  if (e) return e;
  json_t *plan;
  if ((e = plan_detail_json(db, a, r.plan_id, &plan))) return e;
  json_t *found = NULL, *axis = NULL, *ax;
  size_t i;
  json_array_foreach(json_object_get(plan, "axes"), i, ax) {
    if ((found = find_action(json_object_get(ax, "actions"), action_id))) {
      axis = ax;
      break;
    }
  }
  if (!found) found = find_action(json_object_get(plan, "actions_without_axis"), action_id);
  if (!found) {
    json_decref(plan);
    return PLAM_ERR_NOT_FOUND;
  }
  json_incref(found);
  json_object_set_new(found, "plan",
                      json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(plan, "id"), "slug",
                                json_object_get(plan, "slug"), "title", json_object_get(plan, "title"), "status",
                                json_object_get(plan, "status")));
  json_object_set_new(found, "axis",
                      axis ? json_pack("{s:O, s:O, s:O}", "id", json_object_get(axis, "id"), "number",
                                       json_object_get(axis, "number"), "title", json_object_get(axis, "title"))
                           : json_null());
  json_decref(plan);
  *out = found;
  return PLAM_OK;
}
