/* The one way a handler is called. api_dispatch, the http handler of every
 * route, parses the path id (404 unless a positive integer), reads the body
 * the route's spec asks for (415 / 400 as http_body_json decides; an
 * upload's Content-Type against the spec's list: 415 unsupported_file_type), checks body and query
 * against the spec (400 naming the field), takes the worker's database
 * connection and the actor, then calls the route's handler with a struct
 * api_call. A ROUTE_CACHE GET is first looked up in the response cache
 * (call_cache.c), and its answer kept there. Also the accessors handlers
 * read their checked input with, and the common tails of a handler. */
#include <math.h>
#include <string.h>
#include "api/api.h"
#include "base/jsonw.h"

plam_err api_dispatch(struct http_req *req, struct http_resp *resp) {
  const struct http_input *in = req->route->input;
  const struct api_input *spec = in->spec;
  struct api_call c = {.req = req, .resp = resp};
  struct call_cache cc;
  if (call_cache_lookup(req, resp, &cc)) return PLAM_OK;
  plam_err e = req->nparams ? http_param_id(req, 0, &c.id) : PLAM_OK;
  enum api_body mode = spec ? spec->body : API_BODY_NONE;
  json_t *body = NULL;
  if (!e && (mode == API_BODY_JSON || (mode == API_BODY_OPTIONAL && req->body.len))) e = http_body_json(req, &body);
  const char *ct = mode == API_BODY_RAW && spec->media ? http_header_get(req, "Content-Type") : NULL;
  if (!e && ct && !api_media_ok(spec->media, ct)) {
    field_fail(&c.fe, "Content-Type", spec->media_hint);
    e = PLAM_ERR_FILE_TYPE; /* an upload asks for its file format, not for JSON */
  }
  if (!e) e = api_input_check(spec, body, req->query, req->nquery, &c.in, &c.fe);
  json_decref(body);
  if (!e && !(spec && (spec->flags & API_NO_DB)) && !(c.db = api_db(req))) e = PLAM_ERR_DB;
  if (!e) {
    api_actor(req, &c.actor);
    e = in->fn(&c);
    if (!e) call_cache_store(req, resp, &cc);
  }
  json_decref(c.in);
  if (e && !resp->json && c.fe.field[0]) api_fail(req, resp, e, &c.fe);
  return e;
}

json_t *call_json(const struct api_call *c, const char *name) { return json_object_get(c->in, name); }

const char *call_str(const struct api_call *c, const char *name) { return json_string_value(call_json(c, name)); }

int call_has(const struct api_call *c, const char *name) { return call_json(c, name) != NULL; }

int call_is_null(const struct api_call *c, const char *name) { return json_is_null(call_json(c, name)); }

int64_t call_int(const struct api_call *c, const char *name, int *has) {
  json_t *v = call_json(c, name);
  if (has) *has = json_is_integer(v);
  return json_integer_value(v);
}

double call_num(const struct api_call *c, const char *name, int *has) {
  json_t *v = call_json(c, name);
  if (has) *has = json_is_number(v);
  return json_number_value(v);
}

int64_t call_cents(const struct api_call *c, const char *name, int *has) {
  return llround(call_num(c, name, has) * 100.0);
}

int call_bool(const struct api_call *c, const char *name, int def) {
  json_t *v = call_json(c, name);
  return json_is_boolean(v) ? json_is_true(v) : def;
}

void call_ids(const struct api_call *c, const char *name, int64_t *ids, int max, int *n) {
  json_t *v = call_json(c, name);
  *n = 0;
  for (size_t i = 0; i < json_array_size(v) && *n < max; i++) ids[(*n)++] = json_integer_value(json_array_get(v, i));
}

void call_page(const struct api_call *c, long *limit, long *offset) {
  int has;
  *limit = (long)call_int(c, "limit", &has);
  if (!has) *limit = 50;
  *offset = (long)call_int(c, "offset", NULL);
}

plam_err call_reply(struct api_call *c, plam_err e, int status, json_t *data) {
  if (e) {
    json_decref(data);
    return e;
  }
  api_ok(c->resp, status, data);
  return PLAM_OK;
}

plam_err call_raw(struct api_call *c, char *data, size_t len, const char *mime) {
  c->resp->status = 200;
  c->resp->raw = data;
  c->resp->raw_len = len;
  c->resp->content_type = mime;
  return data ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err call_buf(struct api_call *c, plam_err e, struct buf *out, const char *mime) {
  if (e) {
    buf_release(out);
    return e;
  }
  size_t len;
  char *data = buf_detach(out, &len);
  return call_raw(c, data, len, mime);
}

plam_err call_view(struct api_call *c, call_view_fn fn) {
  json_t *out = NULL;
  plam_err e = fn(c->db, &c->actor, c->id, &out);
  return call_reply(c, e, 200, out);
}

plam_err call_copy(const struct api_call *c, const char *name, char *dst, size_t size) {
  const char *s = call_str(c, name);
  size_t n = s ? strlen(s) : 0;
  if (n >= size) return PLAM_ERR_INTERNAL;
  if (n) memcpy(dst, s, n);
  dst[n] = '\0';
  return PLAM_OK;
}

/* ---- streamed one-row reads (see call_stream in api.h) ---- */
static plam_err stream_write(struct http_resp *resp, const struct call_stream_view *v, const void *row) {
  struct buf b;
  buf_init(&b, 8u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, v->row_guess + 128); /* one reservation; the writer reports a failure */
  jsonw_object(&w);
  jsonw_key(&w, "data");
  v->write(&w, row);
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  if (!e) e = http_resp_json_text(resp, 200, &b);
  buf_release(&b);
  return e;
}

plam_err call_stream(struct api_call *c, const struct call_stream_view *v, const void *row) {
  plam_err e = stream_write(c->resp, v, row);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_ok(&tree, 200, v->tree(row)); /* the same answer as a jansson tree: the reference bytes */
    http_json_check(c->resp, tree.json);
  }
#endif
  if (e != PLAM_ERR_INVALID) return e;
  api_ok(c->resp, 200, v->tree(row));
  return c->resp->json ? PLAM_OK : PLAM_ERR_NOMEM;
}
