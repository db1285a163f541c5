/* Envelope writers and input readers shared by the API handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "http/server.h"

struct api_ctx *api_ctx_of(struct http_req *req) {
  return req->ctx;
}

struct db *api_db(struct http_req *req) {
  return db_pool_conn(api_ctx_of(req)->pool);
}

void api_actor(struct http_req *req, struct actor *a) {
  if (req->session) auth_actor(&req->session->s, req->request_id, a);
  else {
    memset(a, 0, sizeof *a);
    a->request_id = req->request_id;
  }
}

void api_ok(struct http_resp *resp, int status, json_t *data) {
  http_resp_json(resp, status, json_pack("{s:o}", "data", data ? data : json_null()));
}

void api_list(struct http_resp *resp, json_t *items, int64_t total, long limit, long offset) {
  http_resp_json(resp, 200,
                 json_pack("{s:o, s:{s:I, s:i, s:i}}", "data", items, "meta", "total", (json_int_t)total, "limit",
                           (int)limit, "offset", (int)offset));
}

plam_err api_fail(struct http_req *req, struct http_resp *resp, plam_err e, const struct field_error *fe) {
  http_error(req, resp, e);
  if (fe && fe->field[0] && resp->json) {
    json_t *err = json_object_get(resp->json, "error");
    json_object_set_new(err, "fields", json_pack("[{s:s, s:s}]", "field", fe->field, "message", fe->message));
  }
  return e;
}

plam_err api_throttled(struct http_req *req, struct http_resp *resp, int64_t retry_after) {
  if (retry_after < 1) retry_after = 1;
  http_error(req, resp, PLAM_ERR_THROTTLED);
  char secs[24], msg[160];
  snprintf(secs, sizeof secs, "%lld", (long long)retry_after);
  error_wait_message(msg, sizeof msg, (long long)retry_after);
  json_t *err = resp->json ? json_object_get(resp->json, "error") : NULL;
  if (err) {
    json_object_set_new(err, "message", json_string(msg));
    json_object_set_new(err, "retry_after", json_integer(retry_after));
  }
  http_resp_header(resp, req, "Retry-After", secs);
  return PLAM_ERR_THROTTLED;
}

plam_err api_attachment(struct http_req *req, struct http_resp *resp, char *data, size_t len, const char *mime,
                        const char *filename) {
  char disp[256];
  int n = snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
  plam_err e = n < 0 || (size_t)n >= sizeof disp ? PLAM_ERR_INTERNAL
                                                 : http_resp_header(resp, req, "Content-Disposition", disp);
  if (e) {
    free(data);
    return e;
  }
  resp->status = 200;
  resp->raw = data;
  resp->raw_len = len;
  resp->content_type = mime;
  return PLAM_OK;
}

plam_err api_file_errors(struct http_req *req, struct http_resp *resp, plam_err e, json_t *errs, size_t total,
                         const char *not_done) {
  api_fail(req, resp, e, NULL);
  json_t *err = resp->json ? json_object_get(resp->json, "error") : NULL;
  if (errs && err) {
    json_object_set_new(err, "message",
                        json_sprintf("Le fichier contient %zu erreur%s : %s.", total, total > 1 ? "s" : "", not_done));
    json_object_set(err, "errors", json_object_get(errs, "errors"));
    json_object_set(err, "errors_total", json_object_get(errs, "errors_total"));
    json_object_set(resp->json, "errors", json_object_get(errs, "errors"));
    json_object_set(resp->json, "errors_total", json_object_get(errs, "errors_total"));
  }
  json_decref(errs);
  return e;
}
