/* Request accessors and response helpers used by handlers: headers, cookies,
 * query values, the JSON body, route captures. See http.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http/http.h"

static const char *const http_method_names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};

const char *http_method_name(enum http_method m) { return (unsigned)m <= HTTP_OTHER ? http_method_names[m] : "OTHER"; }

enum http_method http_method_parse(const char *s) {
  for (int m = 0; m < HTTP_OTHER; m++)
    if (!strcmp(s, http_method_names[m])) return (enum http_method)m;
  return HTTP_OTHER;
}

const char *http_query_get(const struct http_req *req, const char *key) {
  for (int i = 0; i < req->nquery; i++)
    if (!strcmp(req->query[i].key, key)) return req->query[i].value;
  return NULL;
}

plam_err http_query_int(const struct http_req *req, const char *key, long def, long min, long max, long *out) {
  const char *v = http_query_get(req, key);
  if (!v || !*v) {
    *out = def;
    return PLAM_OK;
  }
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (*end || errno || x < min || x > max) return PLAM_ERR_INVALID;
  *out = x;
  return PLAM_OK;
}

/* http_header_get and http_cookie_get read the parsed head: server.c. */

plam_err http_body_json(const struct http_req *req, json_t **out) {
  *out = NULL;
  const char *ct = http_header_get(req, "Content-Type");
  if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))
    return PLAM_ERR_MEDIA_TYPE;
  if (!req->body.len) return PLAM_ERR_INVALID;
  json_error_t jerr;
  json_t *j = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
  if (!j) return PLAM_ERR_INVALID;
  if (!json_is_object(j)) {
    json_decref(j);
    return PLAM_ERR_INVALID;
  }
  *out = j;
  return PLAM_OK;
}

plam_err http_param_id(const struct http_req *req, int i, int64_t *out) {
  if (i >= req->nparams) return PLAM_ERR_INTERNAL;
  const char *s = req->params[i];
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*end || errno || v <= 0 || s[0] == '+' || s[0] == ' ') return PLAM_ERR_NOT_FOUND;
  *out = v;
  return PLAM_OK;
}

void http_resp_json(struct http_resp *resp, int status, json_t *data) {
  if (resp->json) json_decref(resp->json);
  resp->status = status;
  resp->json = data;
}

plam_err http_resp_json_text(struct http_resp *resp, int status, struct buf *body) {
  if (resp->json) json_decref(resp->json);
  resp->json = NULL;
  free(resp->raw);
  resp->raw = buf_detach(body, &resp->raw_len);
  if (!resp->raw) return PLAM_ERR_NOMEM;
  resp->content_type = "application/json; charset=utf-8";
  resp->status = status;
  return PLAM_OK;
}

void http_json_check(const struct http_resp *resp, json_t *tree) {
  char *want = tree ? json_dumps(tree, JSON_COMPACT) : NULL;
  json_decref(tree);
  if (!want || !resp->raw || strlen(want) != resp->raw_len || memcmp(want, resp->raw, resp->raw_len)) {
    fprintf(stderr, "http_json_check: streamed JSON differs from jansson's\n  streamed: %.*s\n  jansson:  %s\n",
            (int)(resp->raw ? resp->raw_len : 0), resp->raw ? resp->raw : "", want ? want : "(null)");
    abort();
  }
  free(want);
}

plam_err http_resp_header(struct http_resp *resp, struct http_req *req, const char *key, const char *value) {
  if (resp->nheaders >= HTTP_MAX_HEADERS_OUT) return PLAM_ERR_INTERNAL;
  const char *k = arena_strdup(&req->arena, key), *v = arena_strdup(&req->arena, value);
  if (!k || !v) return PLAM_ERR_NOMEM;
  resp->headers[resp->nheaders].key = k;
  resp->headers[resp->nheaders].value = v;
  resp->nheaders++;
  return PLAM_OK;
}
