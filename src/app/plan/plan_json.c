/* Record serialisation, access rules and small validators of the plan
 * module: see plan.h. */
#include <stdlib.h>
#include <string.h>
#include "app/plan/plan.h"
#include "app/plan/progress.h"
#include "store/store_tx.h"

json_t *plan_rec_json(const struct store_table *t, const void *rec) {
  json_t *o = json_object();
  if (!o) return NULL;
  const char *base = rec;
  for (int i = 0; i < t->ncols; i++) {
    const struct store_col *c = &t->cols[i];
    if (c->flags & STORE_COL_HIDDEN) continue;
    const void *p = base + c->off;
    json_t *v = NULL;
    switch (c->type) {
    case STORE_COL_ID: v = *(const int64_t *)p ? json_integer(*(const int64_t *)p) : json_null(); break;
    case STORE_COL_INT: v = json_integer(*(const int64_t *)p); break;
    case STORE_COL_BOOL: v = json_boolean(*(const int *)p); break;
    case STORE_COL_REAL: v = json_real(*(const double *)p); break;
    case STORE_COL_TEXT: v = *(const char *)p ? json_string((const char *)p) : json_null(); break;
    case STORE_COL_OPT_REAL: {
      const struct opt_dbl *d = p;
      v = d->has ? json_real(d->v) : json_null();
      break;
    }
    case STORE_COL_OPT_INT: {
      const struct opt_i64 *d = p;
      v = d->has ? json_integer(d->v) : json_null();
      break;
    }
    }
    if (!v || json_object_set_new(o, c->name, v)) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

json_t *plan_rows_json(const struct store_table *t, const struct store_rows *rows) {
  json_t *a = json_array();
  for (int i = 0; a && i < rows->n; i++)
    if (json_array_append_new(a, plan_rec_json(t, (const char *)rows->rows + (size_t)i * t->rec_size))) {
      json_decref(a);
      a = NULL;
    }
  return a;
}

int plan_is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

plam_err plan_get_readable(struct db *db, const struct actor *a, int64_t plan_id, struct plan_rec *out) {
  plam_err e = store_plan_get(db, plan_id, out);
  if (e) return e;
  if (strcmp(out->status, "draft") || plan_is_staff(a)) return PLAM_OK;
  int member = 0;
  if (a->user_id && a->org_id && (e = store_plan_org_member(db, plan_id, a->org_id, &member))) return e;
  return member ? PLAM_OK : PLAM_ERR_NOT_FOUND;
}

plam_err plan_can_edit_action(struct db *db, const struct actor *a, int64_t action_id) {
  if (plan_is_staff(a)) return PLAM_OK;
  if (a->role != ROLE_PILOT || !a->org_id) return PLAM_ERR_FORBIDDEN;
  int yes = 0;
  plam_err e = store_action_org_pilots(db, action_id, a->org_id, &yes);
  if (e) return e;
  return yes ? PLAM_OK : PLAM_ERR_FORBIDDEN;
}

int plan_date_valid(const char *s) {
  progress_day d;
  return s && progress_day_parse(s, &d) == PLAM_OK;
}
