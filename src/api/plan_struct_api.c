/* A plan's structure over HTTP: GET it as an XLSX workbook or a CSV file
 * (attachment named after the plan), POST a structure file (text/csv or the
 * XLSX MIME type; an upload route, so the body may reach --max-upload) to
 * create a new draft plan; query parameters slug, code_prefix, filename.
 * A file with errors answers 400 with every error by sheet, row and column.
 * Also GET one action. Call app/plan_struct.h, serialise. */
#include <stdio.h>
#include "api/api.h"
#include "api/plan_io_handlers.h"
#include "api/plan_struct_handlers.h"
#include "app/plan/plan.h"
#include "app/plan/plan_struct.h"

static plam_err structure_get(struct api_call *c, enum ps_format fmt) {
  struct plan_rec p;
  plam_err e = plan_get_readable(c->db, &c->actor, c->id, &p);
  if (e) return e;
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  if ((e = plan_struct_export_bytes(c->db, &c->actor, c->id, fmt, &out))) {
    buf_release(&out);
    return e;
  }
  char name[160];
  snprintf(name, sizeof name, "structure-%s.%s", p.slug, fmt == PS_XLSX ? "xlsx" : "csv");
  size_t len;
  char *data = buf_detach(&out, &len);
  return api_attachment(c->req, c->resp, data, len,
                        fmt == PS_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                       : "text/csv; charset=utf-8",
                        name);
}
plam_err api_plans_structure_xlsx(struct api_call *c) { return structure_get(c, PS_XLSX); }
plam_err api_plans_structure_csv(struct api_call *c) { return structure_get(c, PS_CSV); }

static const struct api_field import_query[] = {API_S("slug", 64, 64, 0), API_S("code_prefix", 32, 32, 0),
                                                API_S("filename", 255, 255, 0), API_END};
const struct api_input api_structure_import_in = {
  .body = API_BODY_RAW, .query = import_query, .media = api_table_media, .media_hint = api_table_media_hint};
plam_err api_plans_structure_import(struct api_call *c) {
  struct ps_import_options opt = {call_str(c, "slug"), call_str(c, "code_prefix"), call_str(c, "filename")};
  const char *data = c->req->body.data ? c->req->body.data : "";
  size_t len = c->req->body.len;
  struct ps_report rep;
  struct ps_import_result res;
  plam_err e = plan_struct_import(c->db, &c->actor, ps_format_sniff(http_header_get(c->req, "Content-Type"), data, len),
                                  data, len, &opt, &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total)
    api_file_errors(c->req, c->resp, e, ps_report_json(&rep), rep.total, "aucun plan n'a été créé");
  ps_report_free(&rep);
  if (e) return e;
  json_t *counts = json_object();
  for (int t = 0; counts && t < PS__COUNT; t++)
    json_object_set_new(counts, ps_tables[t].name, json_integer((json_int_t)res.counts[t]));
  api_ok(c->resp, 201,
         json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)res.plan_id, "slug", res.slug, "status", "draft",
                   "rows", counts ? counts : json_object(), "organisations_created", (json_int_t)res.orgs_created));
  return PLAM_OK;
}

plam_err api_actions_get(struct api_call *c) { return call_view(c, plan_action_json); }
