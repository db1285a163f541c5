/* Organisation endpoints (/api/organisations, /api/organisation-kinds). */
#include <stdlib.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/orgs.h"

plam_err api_orgs_list(struct http_req *req, struct http_resp *resp) {
  long limit, offset;
  plam_err e = api_page(req, &limit, &offset);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  struct list_page page = {.limit = limit, .offset = offset};
  struct org_rec *rows;
  int n;
  /* count and page from one snapshot (and one read transaction, not two) */
  e = db_read_begin(db);
  if (e) return e;
  e = store_org_list(db, http_query_get(req, "q"), http_query_get(req, "kind"), &page, &rows, &n);
  db_read_end(db);
  if (e) return e;
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) json_array_append_new(items, orgs_to_json(&rows[i]));
  free(rows);
  if (!items) return PLAM_ERR_NOMEM;
  api_list(resp, items, page.total, limit, offset);
  return PLAM_OK;
}

plam_err api_orgs_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct org_rec o;
  if (!e) e = store_org_get(db, id, &o);
  if (e) return e;
  api_ok(resp, 200, orgs_to_json(&o));
  return PLAM_OK;
}

static plam_err orgs_api_read(json_t *body, struct org_input *in, struct field_error *fe) {
  static const char *const allowed[] = {"name", "kind", "finess", "siret", "territory_id", NULL};
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "name", 0, &in->name, fe);
  if (!e) e = api_in_str(body, "kind", 0, &in->kind, fe);
  if (!e) e = api_in_str(body, "finess", 0, &in->finess, fe);
  if (!e) e = api_in_str(body, "siret", 0, &in->siret, fe);
  if (!e) e = api_in_str(body, "territory_id", 0, &in->territory_id, fe);
  /* an explicit null clears an optional field */
  if (!e && json_is_null(json_object_get(body, "finess"))) in->finess = "";
  if (!e && json_is_null(json_object_get(body, "siret"))) in->siret = "";
  if (!e && json_is_null(json_object_get(body, "territory_id"))) in->territory_id = "";
  return e;
}

plam_err api_orgs_create(struct http_req *req, struct http_resp *resp) {
  json_t *body;
  struct field_error fe = {0};
  plam_err e = http_body_json(req, &body);
  if (e) return e;
  struct org_input in = {0};
  e = orgs_api_read(body, &in, &fe);
  if (!e && !in.name) e = field_fail(&fe, "name", "ce champ est obligatoire");
  if (!e && !in.kind) e = field_fail(&fe, "kind", "ce champ est obligatoire");
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  struct org_rec o;
  if (!e) e = orgs_create(db, &a, &in, &o, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, orgs_to_json(&o));
  return PLAM_OK;
}

plam_err api_orgs_update(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  json_t *body;
  struct field_error fe = {0};
  e = http_body_json(req, &body);
  if (e) return e;
  struct org_input in = {0};
  e = orgs_api_read(body, &in, &fe);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  struct org_rec o;
  if (!e) e = orgs_update(db, &a, id, &in, &o, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, orgs_to_json(&o));
  return PLAM_OK;
}

plam_err api_org_kinds(struct http_req *req, struct http_resp *resp) {
  json_t *a = json_array();
  for (int i = 0; a && i < org_kinds_count; i++)
    json_array_append_new(a, json_pack("{s:s, s:s}", "code", org_kinds[i].code, "label", org_kinds[i].label));
  if (!a) return PLAM_ERR_NOMEM;
  api_ok(resp, 200, a);
  (void)req;
  return PLAM_OK;
}
