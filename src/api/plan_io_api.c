/* A plan's data in and out over HTTP: POST the file bytes of a measurement
 * import (text/csv or the XLSX MIME type; the route is an upload route, so
 * its body may reach --max-upload), GET the IATI 2.03 XML. Call
 * app/plan_io.h, serialise. */
#include "api/api.h"
#include "api/plan_io_handlers.h"
#include "app/plan/plan.h"
#include "app/plan/plan_io.h"

const char *const api_table_media[] = {"text/csv", "text/plain", "*spreadsheetml", "application/octet-stream", NULL};
const char api_table_media_hint[] = "envoyez le fichier en text/csv ou en XLSX "
                                    "(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)";
static const struct api_field import_query[] = {API_S("filename", 255, 255, 0), API_END};
const struct api_input api_measurements_import_in = {
  .body = API_BODY_RAW, .query = import_query, .media = api_table_media, .media_hint = api_table_media_hint};

plam_err api_plans_measurements_import(struct api_call *c) {
  const struct buf *body = &c->req->body;
  enum meas_format fmt = plan_import_sniff(http_header_get(c->req, "Content-Type"), body->data, body->len);
  struct meas_report rep;
  struct plan_import_result res;
  plam_err e = plan_measurements_import(c->db, &c->actor, c->id, fmt, body->data ? body->data : "", body->len,
                                        call_str(c, "filename"), &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total_errors)
    api_file_errors(c->req, c->resp, e, plan_import_errors_json(&rep), rep.total_errors, "rien n'a été importé");
  meas_report_free(&rep);
  return call_reply(c, e, 201,
                    e ? NULL
                      : json_pack("{s:s, s:I, s:I, s:s, s:s}", "batch", res.batch, "rows", (json_int_t)res.rows,
                                  "measurements", (json_int_t)res.measurements, "encoding",
                                  res.cp1252 ? "windows-1252" : "utf-8", "status", "pending"));
}

plam_err api_plans_iati(struct api_call *c) {
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  plam_err e = plan_iati_xml(c->db, &c->actor, c->id, &out, &c->fe);
  return call_buf(c, e, &out, "application/xml; charset=utf-8");
}
