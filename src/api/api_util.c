/* Envelope writers and input readers shared by the API handlers. */
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
