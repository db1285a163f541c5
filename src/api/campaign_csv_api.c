/* CSV import and export of a campaign's posts and candidates over HTTP:
 * POST the file bytes (text/csv; upload routes, so the body may reach
 * --max-upload) to .../posts/import or .../candidates/import; GET
 * .../posts.csv or .../candidates.csv. A file with errors gets 422 with
 * error.errors[] = {row, col, column, message} and nothing is written.
 * Call app/campaign_csv_io.h, serialise. */
#include <stdio.h>
#include "api/api.h"
#include "api/campaign_handlers.h"
#include "app/campaign/campaign_csv_io.h"

static const char *const csv_media[] = {"text/csv", "text/plain", "application/octet-stream",
                                        "application/vnd.ms-excel", NULL};
static const struct api_field import_query[] = {API_S("filename", 255, 255, 0), API_END};
const struct api_input api_ccsv_import_in = {
  .body = API_BODY_RAW, .query = import_query, .media = csv_media, .media_hint = "envoyez le fichier CSV en text/csv"};

static plam_err import(struct api_call *c, enum ccsv_kind kind) {
  const struct buf *body = &c->req->body;
  struct ccsv_report rep;
  struct ccsv_result res;
  plam_err e = campaign_csv_import(c->db, &c->actor, c->id, kind, body->data ? body->data : "", body->len,
                                   call_str(c, "filename"), &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total_errors)
    api_file_errors(c->req, c->resp, e, ccsv_errors_json(&rep), rep.total_errors, "rien n'a été importé");
  ccsv_report_free(&rep);
  return call_reply(c, e, 200,
                    e ? NULL
                      : json_pack("{s:I, s:I, s:I, s:I, s:s}", "rows", (json_int_t)res.rows, "created",
                                  (json_int_t)res.created, "updated", (json_int_t)res.updated, "unchanged",
                                  (json_int_t)res.unchanged, "encoding", res.cp1252 ? "windows-1252" : "utf-8"));
}

static plam_err export(struct api_call *c, enum ccsv_kind kind) {
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  plam_err e = campaign_csv_export(c->db, &c->actor, c->id, kind, &out);
  if (e) {
    buf_release(&out);
    return e;
  }
  char name[96];
  snprintf(name, sizeof name, "campagne-%lld-%s.csv", (long long)c->id, kind == CCSV_POSTS ? "postes" : "candidats");
  size_t len;
  char *data = buf_detach(&out, &len);
  return api_attachment(c->req, c->resp, data, len, "text/csv; charset=utf-8", name);
}

plam_err api_campaigns_posts_import(struct api_call *c) { return import(c, CCSV_POSTS); }
plam_err api_campaigns_candidates_import(struct api_call *c) { return import(c, CCSV_CANDIDATES); }
plam_err api_campaigns_posts_csv(struct api_call *c) { return export(c, CCSV_POSTS); }
plam_err api_campaigns_candidates_csv(struct api_call *c) { return export(c, CCSV_CANDIDATES); }
