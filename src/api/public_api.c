/* Public endpoints: health, metrics, version, instance configuration, roles
 * and territories. */
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/roles.h"
#include "base/jsonw.h"
#include "db/migrate.h"
#include "http/server.h"
#include "store/store.h"

plam_err api_healthz(struct http_req *req, struct http_resp *resp) {
  struct db *db = api_db(req);
  int version = 0;
  plam_err e = db ? db_schema_version(db, &version) : PLAM_ERR_DB;
  if (e) return e;
  http_resp_json(resp, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
  return PLAM_OK;
}

plam_err api_metrics(struct http_req *req, struct http_resp *resp) {
  struct buf b;
  buf_init(&b, 4u << 20);
  plam_err e = http_server_metrics(api_ctx_of(req)->server, &b);
  if (e) {
    buf_release(&b);
    return e;
  }
  resp->raw = buf_detach(&b, &resp->raw_len);
  if (!resp->raw) return PLAM_ERR_NOMEM;
  resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
  resp->status = 200;
  return PLAM_OK;
}

plam_err api_version(struct http_req *req, struct http_resp *resp) {
  (void)req;
  api_ok(resp, 200, json_pack("{s:s, s:i}", "version", PLAM_VERSION, "schema_version", db_schema_latest()));
  return PLAM_OK;
}

plam_err api_config(struct http_req *req, struct http_resp *resp) {
  struct api_ctx *c = api_ctx_of(req);
  json_t *brand = json_null();
  if (c->brand_lines && *c->brand_lines) {
    json_t *lines = json_array();
    const char *p = c->brand_lines;
    while (lines && *p) {
      const char *bar = strchr(p, '|');
      size_t n = bar ? (size_t)(bar - p) : strlen(p);
      json_array_append_new(lines, json_stringn(p, n));
      if (!bar) break;
      p = bar + 1;
    }
    brand = json_pack("{s:o, s:s}", "lines", lines, "operator", c->brand_operator ? c->brand_operator : "");
  }
  api_ok(resp, 200, json_pack("{s:s, s:o}", "instance_name", c->instance_name ? c->instance_name : "plam", "brand", brand));
  return PLAM_OK;
}

plam_err api_roles(struct http_req *req, struct http_resp *resp) {
  (void)req;
  json_t *a = json_array();
  for (int r = 1; a && r < ROLE__COUNT; r++) {
    json_t *perms = json_array();
    for (int i = 0; perms && i < perms_count; i++)
      if (roles_allows((enum role)r, perms_table[i].name)) json_array_append_new(perms, json_string(perms_table[i].name));
    json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "code", roles_table[r].code, "label", roles_table[r].label,
                                       "permissions", perms));
  }
  if (!a) return PLAM_ERR_NOMEM;
  api_ok(resp, 200, a);
  return PLAM_OK;
}

static json_t *territories_tree(const struct territory_rec *rows, int n) {
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++) {
    json_t *t = json_pack("{s:s, s:s, s:s, s:s}", "id", rows[i].id, "code", rows[i].insee_code, "name", rows[i].name,
                          "level", rows[i].level);
    if (t) json_object_set_new(t, "parent", rows[i].parent[0] ? json_string(rows[i].parent) : json_null());
    json_array_append_new(a, t);
  }
  return a;
}

/* {"data": territories_tree(rows)} streamed, as jansson would dump it;
 * PLAM_ERR_INVALID for text that is not UTF-8 (then answered by jansson). */
static plam_err territories_stream(struct http_resp *resp, const struct territory_rec *rows, int n) {
  struct buf b;
  buf_init(&b, 4u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, (size_t)n * 96 + 64); /* a guess of the size: fewer reallocations; the writer reports a failure */
  jsonw_object(&w);
  jsonw_key(&w, "data");
  jsonw_array(&w);
  for (int i = 0; i < n; i++) {
    jsonw_object(&w);
    jsonw_key(&w, "id");
    jsonw_str(&w, rows[i].id);
    jsonw_key(&w, "code");
    jsonw_str(&w, rows[i].insee_code);
    jsonw_key(&w, "name");
    jsonw_str(&w, rows[i].name);
    jsonw_key(&w, "level");
    jsonw_str(&w, rows[i].level);
    jsonw_key(&w, "parent");
    jsonw_str(&w, rows[i].parent[0] ? rows[i].parent : NULL);
    jsonw_end(&w);
  }
  jsonw_end(&w);
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  if (!e) e = http_resp_json_text(resp, 200, &b);
  buf_release(&b);
  return e;
}

plam_err api_territories(struct http_req *req, struct http_resp *resp) {
  const char *level = http_query_get(req, "level");
  if (level && strcmp(level, "country") && strcmp(level, "region") && strcmp(level, "departement"))
    return PLAM_ERR_INVALID;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  struct territory_rec *rows;
  int n;
  plam_err e = store_territory_list(db, level, http_query_get(req, "parent"), &rows, &n);
  if (e) return e;
  e = territories_stream(resp, rows, n);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_ok(&tree, 200, territories_tree(rows, n));
    http_json_check(resp, tree.json);
  }
#endif
  if (e == PLAM_ERR_INVALID) {
    json_t *a = territories_tree(rows, n);
    e = a ? PLAM_OK : PLAM_ERR_NOMEM;
    if (a) api_ok(resp, 200, a);
  }
  free(rows);
  if (!e) resp->cache_control = "public, max-age=3600";
  return e;
}
