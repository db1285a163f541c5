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

/* ---- streamed reads (see call_stream in api.h) ---- */
static const void *stream_row(const struct call_stream_view *v, const void *rows, int i) {
  return (const char *)rows + (size_t)i * v->size;
}

static plam_err stream_write(struct http_resp *resp, const struct call_stream_view *v, const void *rows, int n,
                             enum call_shape shape, const struct call_meta *page) {
  struct buf b;
  buf_init(&b, 8u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, (size_t)n * v->row_guess + 128); /* one reservation; the writer reports a failure */
  jsonw_object(&w);
  jsonw_key(&w, "data");
  if (shape != CALL_ONE) jsonw_array(&w);
  for (int i = 0; i < n; i++) v->write(&w, stream_row(v, rows, i));
  if (shape != CALL_ONE) jsonw_end(&w);
  if (shape == CALL_PAGE) {
    jsonw_key(&w, "meta");
    jsonw_object(&w);
    jsonw_key(&w, "total");
    jsonw_int(&w, page->total);
    jsonw_key(&w, "limit");
    jsonw_int(&w, (int)page->limit);
    jsonw_key(&w, "offset");
    jsonw_int(&w, (int)page->offset);
    jsonw_end(&w);
  }
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  if (!e) e = http_resp_json_text(resp, 200, &b);
  buf_release(&b);
  return e;
}

/* The same answer as a jansson tree (the reference bytes). */
static void stream_tree(struct http_resp *resp, const struct call_stream_view *v, const void *rows, int n,
                        enum call_shape shape, const struct call_meta *page) {
  if (shape == CALL_ONE) {
    api_ok(resp, 200, v->tree(rows));
    return;
  }
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) json_array_append_new(items, v->tree(stream_row(v, rows, i)));
  if (shape == CALL_PAGE) api_list(resp, items, page->total, page->limit, page->offset);
  else api_ok(resp, 200, items);
}

plam_err call_stream(struct api_call *c, const struct call_stream_view *v, const void *rows, int n,
                     enum call_shape shape, const struct call_meta *page) {
  plam_err e = stream_write(c->resp, v, rows, n, shape, page);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    stream_tree(&tree, v, rows, n, shape, page);
    http_json_check(c->resp, tree.json);
  }
#endif
  if (e != PLAM_ERR_INVALID) return e;
  stream_tree(c->resp, v, rows, n, shape, page);
  return c->resp->json ? PLAM_OK : PLAM_ERR_NOMEM;
}
