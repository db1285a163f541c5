/* CSV import and export of a campaign's posts and candidates over HTTP:
 * POST the file bytes (text/csv; upload routes, so the body may reach
 * --max-upload) to .../posts/import or .../candidates/import; GET
 * .../posts.csv or .../candidates.csv. A file with errors gets 422 with
 * error.errors[] = {row, col, column, message} and nothing is written.
 * Parse, call app/campaign_csv_io.h, serialise. */
#include <stdio.h>
#include <string.h>
#include "api/api.h"
#include "api/campaign_handlers.h"
#include "app/campaign_csv_io.h"

static plam_err import(struct http_req *req, struct http_resp *resp, enum ccsv_kind kind) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  const char *ct = http_header_get(req, "Content-Type");
  if (ct && strncmp(ct, "text/csv", 8) && strncmp(ct, "text/plain", 10) &&
      strncmp(ct, "application/octet-stream", 24) && strncmp(ct, "application/vnd.ms-excel", 24)) {
    struct field_error fe = {0};
    field_fail(&fe, "Content-Type", "envoyez le fichier CSV en text/csv");
    return api_fail(req, resp, PLAM_ERR_FILE_TYPE, &fe);
  }
  struct actor a;
  api_actor(req, &a);
  struct ccsv_report rep;
  struct ccsv_result res;
  e = campaign_csv_import(db, &a, id, kind, req->body.data ? req->body.data : "", req->body.len,
                          http_query_get(req, "filename"), &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    api_file_errors(req, resp, e, ccsv_errors_json(&rep), rep.total_errors, "rien n'a été importé");
    ccsv_report_free(&rep);
    return e;
  }
  ccsv_report_free(&rep);
  if (e) return e;
  api_ok(resp, 200, json_pack("{s:I, s:I, s:I, s:I, s:s}", "rows", (json_int_t)res.rows, "created",
                              (json_int_t)res.created, "updated", (json_int_t)res.updated, "unchanged",
                              (json_int_t)res.unchanged, "encoding", res.cp1252 ? "windows-1252" : "utf-8"));
  return PLAM_OK;
}

static plam_err export(struct http_req *req, struct http_resp *resp, enum ccsv_kind kind) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  e = campaign_csv_export(db, &a, id, kind, &out);
  if (e) {
    buf_release(&out);
    return e;
  }
  char name[96];
  snprintf(name, sizeof name, "campagne-%lld-%s.csv", (long long)id, kind == CCSV_POSTS ? "postes" : "candidats");
  size_t len;
  char *data = buf_detach(&out, &len);
  return api_attachment(req, resp, data, len, "text/csv; charset=utf-8", name);
}

plam_err api_campaigns_posts_import(struct http_req *req, struct http_resp *resp) {
  return import(req, resp, CCSV_POSTS);
}
plam_err api_campaigns_candidates_import(struct http_req *req, struct http_resp *resp) {
  return import(req, resp, CCSV_CANDIDATES);
}
plam_err api_campaigns_posts_csv(struct http_req *req, struct http_resp *resp) { return export(req, resp, CCSV_POSTS); }
plam_err api_campaigns_candidates_csv(struct http_req *req, struct http_resp *resp) {
  return export(req, resp, CCSV_CANDIDATES);
}
