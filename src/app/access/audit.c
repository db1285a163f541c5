/* Audit trail writer: see audit.h. */
#include "app/access/audit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

void actor_cli(struct actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->login, sizeof a->login, "%s", "(ligne de commande)");
  a->role = ROLE_ADMIN;
}

plam_err audit_write(struct db *db, const struct actor *a, const char *action, const char *entity, int64_t entity_id,
                     json_t *before, json_t *after) {
  struct audit_rec r;
  memset(&r, 0, sizeof r);
  r.user_id = a->user_id;
  store_copy(r.user_login, sizeof r.user_login, a->login);
  store_copy(r.action, sizeof r.action, action);
  store_copy(r.entity, sizeof r.entity, entity);
  if (entity_id) snprintf(r.entity_id, sizeof r.entity_id, "%lld", (long long)entity_id);
  store_copy(r.request_id, sizeof r.request_id, a->request_id ? a->request_id : "");
  r.before = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  r.after = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  plam_err e = ((before && !r.before) || (after && !r.after)) ? PLAM_ERR_NOMEM : store_audit_append(db, &r);
  free(r.before);
  free(r.after);
  return e;
}

static json_t *audit_json_text(const char *s) {
  if (!s) return json_null();
  json_t *j = json_loads(s, 0, NULL);
  return j ? j : json_string(s);
}

plam_err audit_list_json(struct db *db, const char *entity, int64_t user_id, long limit, long offset, int64_t *total,
                         json_t **items) {
  struct audit_rec *rows;
  int n;
  struct list_page page = {.limit = limit, .offset = offset};
  plam_err e = store_audit_list(db, entity, user_id, &page, &rows, &n);
  if (e) return e;
  *total = page.total;
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++) {
    struct audit_rec *r = &rows[i];
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "at", r->at, "action", r->action,
                          "entity", r->entity, "request_id", r->request_id);
    if (!o) continue;
    json_object_set_new(o, "user_id", r->user_id ? json_integer(r->user_id) : json_null());
    json_object_set_new(o, "user_login", r->user_login[0] ? json_string(r->user_login) : json_null());
    json_object_set_new(o, "entity_id", r->entity_id[0] ? json_string(r->entity_id) : json_null());
    json_object_set_new(o, "before", audit_json_text(r->before));
    json_object_set_new(o, "after", audit_json_text(r->after));
    json_array_append_new(a, o);
  }
  store_audit_free(rows, n);
  *items = a;
  return a ? PLAM_OK : PLAM_ERR_NOMEM;
}
