/* A plan's data in and out over HTTP: POST the file bytes of a measurement
 * import (text/csv or the XLSX MIME type; the route is an upload route, so
 * its body may reach --max-upload), GET the IATI 2.03 XML and the open-data
 * JSON. Parse, call app/plan_io.h, serialise. */
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/plan_io_handlers.h"
#include "app/plan.h"
#include "app/plan_io.h"

plam_err api_plans_measurements_import(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
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
  const char *name = http_query_get(req, "filename");
  enum meas_format fmt = plan_import_sniff(ct, req->body.data, req->body.len);
  struct meas_report rep;
  struct plan_import_result res;
  e = plan_measurements_import(db, &a, id, fmt, req->body.data ? req->body.data : "", req->body.len, name, &rep,
                               &res);
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    api_file_errors(req, resp, e, plan_import_errors_json(&rep), rep.total_errors, "rien n'a été importé");
    meas_report_free(&rep);
    return e;
  }
  meas_report_free(&rep);
  if (e) return e;
  api_ok(resp, 201, json_pack("{s:s, s:I, s:I, s:s, s:s}", "batch", res.batch, "rows", (json_int_t)res.rows,
                              "measurements", (json_int_t)res.measurements, "encoding",
                              res.cp1252 ? "windows-1252" : "utf-8", "status", "pending"));
  return PLAM_OK;
}

plam_err api_plans_iati(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  struct field_error fe = {0};
  e = plan_iati_xml(db, &a, id, &out, &fe);
  if (e) {
    buf_release(&out);
    return e == PLAM_ERR_INVALID ? api_fail(req, resp, e, &fe) : e;
  }
  resp->status = 200;
  resp->raw = buf_detach(&out, &resp->raw_len);
  resp->content_type = "application/xml; charset=utf-8";
  return PLAM_OK;
}
