/* Envelope writers and input readers shared by the API handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "http/server.h"

struct api_ctx *api_ctx_of(struct http_req *req) { return req->ctx; }

struct db *api_db(struct http_req *req) { return db_pool_conn(api_ctx_of(req)->pool); }

void api_actor(struct http_req *req, struct actor *a) {
  if (req->session) auth_actor(&req->session->s, req->request_id, a);
  else {
    memset(a, 0, sizeof *a);
    a->request_id = req->request_id;
  }
}

plam_err api_start_id(struct http_req *req, int64_t *id, struct db **db, struct actor *a) {
  plam_err e = http_param_id(req, 0, id);
  if (e) return e;
  if (!(*db = api_db(req))) return PLAM_ERR_DB;
  api_actor(req, a);
  return PLAM_OK;
}

void api_ok(struct http_resp *resp, int status, json_t *data) {
  http_resp_json(resp, status, json_pack("{s:o}", "data", data ? data : json_null()));
}

void api_list(struct http_resp *resp, json_t *items, int64_t total, long limit, long offset) {
  http_resp_json(resp, 200, json_pack("{s:o, s:{s:I, s:i, s:i}}", "data", items, "meta", "total", (json_int_t)total,
                                      "limit", (int)limit, "offset", (int)offset));
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

plam_err api_page(struct http_req *req, long *limit, long *offset) {
  plam_err e = http_query_int(req, "limit", 50, 1, 500, limit);
  if (!e) e = http_query_int(req, "offset", 0, 0, 100000000, offset);
  return e;
}

plam_err api_in_str(json_t *o, const char *key, int required, const char **out, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v || json_is_null(v)) return required ? field_fail(fe, key, "ce champ est obligatoire") : PLAM_OK;
  if (!json_is_string(v)) return field_fail(fe, key, "une chaîne de caractères est attendue");
  if (strlen(json_string_value(v)) != json_string_length(v)) return field_fail(fe, key, "caractère nul interdit");
  *out = json_string_value(v);
  return PLAM_OK;
}

plam_err api_in_id(json_t *o, const char *key, int64_t *out, int *present, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  *out = 0;
  if (present) *present = v != NULL;
  if (!v || json_is_null(v)) return PLAM_OK;
  if (!json_is_integer(v) || json_integer_value(v) <= 0) return field_fail(fe, key, "un identifiant entier positif est attendu");
  *out = json_integer_value(v);
  return PLAM_OK;
}

plam_err api_in_bool(json_t *o, const char *key, int *out, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  if (!v) return PLAM_OK;
  if (!json_is_boolean(v)) return field_fail(fe, key, "vrai ou faux (true/false) est attendu");
  *out = json_is_true(v);
  return PLAM_OK;
}

plam_err api_in_known(json_t *o, const char *const *allowed, struct field_error *fe) {
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    int ok = 0;
    for (const char *const *a = allowed; *a; a++)
      if (!strcmp(*a, key)) { ok = 1; break; }
    if (!ok) return field_fail(fe, key, "champ inconnu");
  }
  return PLAM_OK;
}

plam_err api_attachment(struct http_req *req, struct http_resp *resp, char *data, size_t len, const char *mime,
                        const char *filename) {
  char disp[256];
  int n = snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
  plam_err e = n < 0 || (size_t)n >= sizeof disp ? PLAM_ERR_INTERNAL : http_resp_header(resp, req, "Content-Disposition", disp);
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
