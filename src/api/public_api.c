/* Public endpoints: health, metrics, version, instance configuration, roles
 * and territories. */
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/call_rows.h"
#include "api/handlers.h"
#include "app/access/roles.h"
#include "db/migrate.h"
#include "app/access/orgs.h"
#include "http/server.h"

const struct api_input api_no_db_in = {.flags = API_NO_DB};

plam_err api_healthz(struct api_call *c) {
  int version = 0;
  plam_err e = db_schema_version(c->db, &version);
  if (e) return e;
  http_resp_json(c->resp, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
  return PLAM_OK;
}

plam_err api_metrics(struct api_call *c) {
  struct buf b;
  buf_init(&b, 4u << 20);
  plam_err e = http_server_metrics(api_ctx_of(c->req)->server, &b);
  if (!e) e = call_cache_metrics(&b); /* cache */
  return call_buf(c, e, &b, "text/plain; version=0.0.4; charset=utf-8");
}

plam_err api_version(struct api_call *c) {
  api_ok(c->resp, 200, json_pack("{s:s, s:i}", "version", PLAM_VERSION, "schema_version", db_schema_latest()));
  return PLAM_OK;
}

plam_err api_config(struct api_call *call) {
  struct api_ctx *c = api_ctx_of(call->req);
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
  api_ok(call->resp, 200,
         json_pack("{s:s, s:o}", "instance_name", c->instance_name ? c->instance_name : "plam", "brand", brand));
  return PLAM_OK;
}

plam_err api_roles(struct api_call *c) {
  json_t *a = json_array();
  for (int r = 1; a && r < ROLE__COUNT; r++) {
    json_t *perms = json_array();
    for (int i = 0; perms && i < perms_count; i++)
      if (roles_allows((enum role)r, perms_table[i].name))
        json_array_append_new(perms, json_string(perms_table[i].name));
    json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "code", roles_table[r].code, "label", roles_table[r].label,
                                       "permissions", perms));
  }
  return call_reply(c, a ? PLAM_OK : PLAM_ERR_NOMEM, 200, a);
}

static const char *const territory_levels[] = {"country", "region", "departement", NULL};
static const struct api_field territory_query[] = {API_E("level", territory_levels, 0), API_S("parent", 11, 11, 0),
                                                   API_END};
const struct api_input api_territories_in = {.query = territory_query};
static plam_err territories_run(struct api_call *c, call_row_fn fn, void *ctx, struct call_meta *meta) {
  (void)meta;
  return orgs_territories(c->db, call_str(c, "level"), call_str(c, "parent"), fn, ctx);
}
static const struct call_rows_view territory_rows = {territories_run, orgs_territory_row_write_json,
                                                     orgs_territory_row_to_json, 2048, 0};

plam_err api_territories(struct api_call *c) {
  plam_err e = call_rows(c, &territory_rows);
  if (!e) c->resp->cache_control = "public, max-age=3600";
  return e;
}
