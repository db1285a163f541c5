/* Audit log endpoint (/api/audit), administrators only. */
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/audit.h"

static const struct api_field audit_query[] = {API_PAGE_QUERY, API_I("user_id", 0, 1LL << 40, 0),
                                               API_S("entity", 31, 31, 0), API_END};
const struct api_input api_audit_list_in = {.query = audit_query};
plam_err api_audit_list(struct api_call *c) {
  long limit, offset;
  int64_t total = 0;
  json_t *items = NULL;
  call_page(c, &limit, &offset);
  plam_err e = audit_list_json(c->db, call_str(c, "entity"), call_int(c, "user_id", NULL), limit, offset, &total,
                               &items);
  if (!e) api_list(c->resp, items, total, limit, offset);
  return e;
}
