/* Lists streamed from their statement: see call_rows.h. */
#include "api/call_rows.h"
#include "base/jsonw.h"

struct rows_sink {
  const struct call_rows_view *v;
  struct jsonw *w;
  json_t *items;
};

static plam_err rows_write(const struct store_row *r, void *ctx) {
  struct rows_sink *s = ctx;
  s->v->write(s->w, r);
  return s->w->err; /* sticky: a failed writer stops the list */
}

static plam_err rows_tree(const struct store_row *r, void *ctx) {
  struct rows_sink *s = ctx;
  json_array_append_new(s->items, s->v->tree(r));
  return PLAM_OK;
}

static plam_err rows_stream(struct api_call *c, const struct call_rows_view *v, struct http_resp *resp) {
  struct buf b;
  buf_init(&b, 8u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, v->reserve); /* one reservation; the writer reports a failure */
  struct rows_sink s = {v, &w, NULL};
  struct call_meta m = {0, 0, 0};
  jsonw_object(&w);
  jsonw_key_lit(&w, "data");
  jsonw_array(&w);
  plam_err e = v->run(c, rows_write, &s, &m);
  jsonw_end(&w);
  if (v->page) {
    jsonw_key_lit(&w, "meta");
    jsonw_object(&w);
    jsonw_key_lit(&w, "total");
    jsonw_int(&w, m.total);
    jsonw_key_lit(&w, "limit");
    jsonw_int(&w, (int)m.limit);
    jsonw_key_lit(&w, "offset");
    jsonw_int(&w, (int)m.offset);
    jsonw_end(&w);
  }
  jsonw_end(&w);
  if (w.err) e = w.err; /* the writer's error first: PLAM_ERR_INVALID means "answer with jansson" */
  if (!e) e = jsonw_finish(&w);
  if (!e) e = http_resp_json_text(resp, 200, &b);
  buf_release(&b);
  return e;
}

static plam_err rows_tree_answer(struct api_call *c, const struct call_rows_view *v, struct http_resp *resp) {
  struct rows_sink s = {v, NULL, json_array()};
  if (!s.items) return PLAM_ERR_NOMEM;
  struct call_meta m = {0, 0, 0};
  plam_err e = v->run(c, rows_tree, &s, &m);
  if (e) {
    json_decref(s.items);
    return e;
  }
  if (v->page) api_list(resp, s.items, m.total, m.limit, m.offset);
  else api_ok(resp, 200, s.items);
  return resp->json ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err call_rows(struct api_call *c, const struct call_rows_view *v) {
  plam_err e = rows_stream(c, v, c->resp);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    if (rows_tree_answer(c, v, &tree) == PLAM_OK) http_json_check(c->resp, tree.json);
  }
#endif
  if (e != PLAM_ERR_INVALID) return e;
  return rows_tree_answer(c, v, c->resp);
}
