/* Audit log endpoint (/api/audit), administrators only. */
#include "api/api.h"
#include "api/handlers.h"
#include "store/store.h"

static json_t *audit_json_text(const char *s) {
  if (!s) return json_null();
  json_t *j = json_loads(s, 0, NULL);
  return j ? j : json_string(s);
}

plam_err api_audit_list(struct http_req *req, struct http_resp *resp) {
  long limit, offset, user_id;
  plam_err e = api_page(req, &limit, &offset);
  if (!e) e = http_query_int(req, "user_id", 0, 0, 1L << 40, &user_id);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  struct list_page page = {.limit = limit, .offset = offset};
  struct audit_rec *rows;
  int n;
  e = store_audit_list(db, http_query_get(req, "entity"), user_id, &page, &rows, &n);
  if (e) return e;
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) {
    struct audit_rec *r = &rows[i];
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "at", r->at, "action", r->action,
                          "entity", r->entity, "request_id", r->request_id);
    if (!o) continue;
    json_object_set_new(o, "user_id", r->user_id ? json_integer(r->user_id) : json_null());
    json_object_set_new(o, "user_login", r->user_login[0] ? json_string(r->user_login) : json_null());
    json_object_set_new(o, "entity_id", r->entity_id[0] ? json_string(r->entity_id) : json_null());
    json_object_set_new(o, "before", audit_json_text(r->before));
    json_object_set_new(o, "after", audit_json_text(r->after));
    json_array_append_new(items, o);
  }
  store_audit_free(rows, n);
  if (!items) return PLAM_ERR_NOMEM;
  api_list(resp, items, page.total, limit, offset);
  return PLAM_OK;
}
