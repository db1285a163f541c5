/* A plan's structure over HTTP: GET it as an XLSX workbook or a CSV file
 * (attachment named after the plan), POST a structure file (text/csv or the
 * XLSX MIME type; an upload route, so the body may reach --max-upload) to
 * create a new draft plan; query parameters slug, code_prefix, filename.
 * A file with errors answers 400 with every error by sheet, row and column.
 * Also GET one action. Parse, call app/plan_struct.h, serialise. */
#include <stdio.h>
#include <string.h>
#include "api/api.h"
#include "api/plan_struct_handlers.h"
#include "app/plan.h"
#include "app/plan_struct.h"

static plam_err structure_get(struct http_req *req, struct http_resp *resp, enum ps_format fmt) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  struct plan_rec p;
  if ((e = plan_get_readable(db, &a, id, &p))) return e;
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  if ((e = plan_struct_export_bytes(db, &a, id, fmt, &out))) {
    buf_release(&out);
    return e;
  }
  char name[160];
  snprintf(name, sizeof name, "structure-%s.%s", p.slug, fmt == PS_XLSX ? "xlsx" : "csv");
  size_t len;
  char *data = buf_detach(&out, &len);
  return api_attachment(req, resp, data, len,
                        fmt == PS_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                       : "text/csv; charset=utf-8",
                        name);
}

plam_err api_plans_structure_xlsx(struct http_req *req, struct http_resp *resp) {
  return structure_get(req, resp, PS_XLSX);
}
plam_err api_plans_structure_csv(struct http_req *req, struct http_resp *resp) {
  return structure_get(req, resp, PS_CSV);
}

plam_err api_plans_structure_import(struct http_req *req, struct http_resp *resp) {
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  const char *ct = http_header_get(req, "Content-Type");
  if (ct && strncmp(ct, "text/csv", 8) && strncmp(ct, "text/plain", 10) && !strstr(ct, "spreadsheetml") &&
      strncmp(ct, "application/octet-stream", 24)) {
    struct field_error fe = {0};
    field_fail(&fe, "Content-Type", "envoyez le fichier en text/csv ou en XLSX "
               "(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)");
    return api_fail(req, resp, PLAM_ERR_FILE_TYPE, &fe);
  }
  struct actor a;
  api_actor(req, &a);
  struct ps_import_options opt = {.slug = http_query_get(req, "slug"),
                                  .code_prefix = http_query_get(req, "code_prefix"),
                                  .filename = http_query_get(req, "filename")};
  const char *data = req->body.data ? req->body.data : "";
  struct ps_report rep;
  struct ps_import_result res;
  plam_err e = plan_struct_import(db, &a, ps_format_sniff(ct, data, req->body.len), data, req->body.len, &opt, &rep,
                                  &res);
  if (e == PLAM_ERR_INVALID && rep.total) {
    api_file_errors(req, resp, e, ps_report_json(&rep), rep.total, "aucun plan n'a été créé");
    ps_report_free(&rep);
    return e;
  }
  ps_report_free(&rep);
  if (e) return e;
  json_t *counts = json_object();
  for (int t = 0; counts && t < PS__COUNT; t++)
    json_object_set_new(counts, ps_tables[t].name, json_integer((json_int_t)res.counts[t]));
  api_ok(resp, 201, json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)res.plan_id, "slug", res.slug, "status",
                              "draft", "rows", counts ? counts : json_object(), "organisations_created",
                              (json_int_t)res.orgs_created));
  return PLAM_OK;
}

plam_err api_actions_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  json_t *out;
  if ((e = plan_action_json(db, &a, id, &out))) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}
