/* Organisation endpoints (/api/organisations, /api/organisation-kinds). */
#include <stdlib.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/orgs.h"
#include "base/jsonw.h"

/* {"data": the organisation(s)[, "meta": the page]} streamed as jansson
 * would dump the tree of api_ok / api_list (see orgs_write_json). Returns
 * PLAM_ERR_INVALID for stored text that is not UTF-8: the caller then
 * answers through jansson, whose output for it is the reference. */
static plam_err orgs_api_stream(struct http_resp *resp, const struct org_rec *rows, int n, const struct list_page *page) {
  struct buf b;
  buf_init(&b, 8u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, (size_t)n * 384 + 128); /* a guess of the size: fewer reallocations; the writer reports a failure */
  jsonw_object(&w);
  jsonw_key(&w, "data");
  if (page) jsonw_array(&w);
  for (int i = 0; i < n; i++) orgs_write_json(&w, &rows[i]);
  if (page) {
    jsonw_end(&w);
    jsonw_key(&w, "meta");
    jsonw_object(&w);
    jsonw_key(&w, "total");
    jsonw_int(&w, page->total);
    jsonw_key(&w, "limit");
    jsonw_int(&w, (int)page->limit);
    jsonw_key(&w, "offset");
    jsonw_int(&w, (int)page->offset);
    jsonw_end(&w);
  }
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  if (!e) e = http_resp_json_text(resp, 200, &b);
  buf_release(&b);
  return e;
}

static json_t *orgs_api_items(const struct org_rec *rows, int n) {
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) json_array_append_new(items, orgs_to_json(&rows[i]));
  return items;
}

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
  e = orgs_api_stream(resp, rows, n, &page);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_list(&tree, orgs_api_items(rows, n), page.total, limit, offset);
    http_json_check(resp, tree.json);
  }
#endif
  if (e == PLAM_ERR_INVALID) {
    json_t *items = orgs_api_items(rows, n);
    free(rows);
    if (!items) return PLAM_ERR_NOMEM;
    api_list(resp, items, page.total, limit, offset);
    return PLAM_OK;
  }
  free(rows);
  return e;
}

plam_err api_orgs_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct org_rec o;
  if (!e) e = store_org_get(db, id, &o);
  if (e) return e;
  e = orgs_api_stream(resp, &o, 1, NULL);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_ok(&tree, 200, orgs_to_json(&o));
    http_json_check(resp, tree.json);
  }
#endif
  if (e != PLAM_ERR_INVALID) return e;
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
