/* Organisation endpoints (/api/organisations, /api/organisation-kinds). */
#include <stdlib.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/orgs.h"
#include "base/jsonw.h"

/* {"data": the organisation(s)[, "meta": the page]} streamed as jansson
 * would dump the tree of api_ok / api_list (the view is orgs_write_json).
 * Returns PLAM_ERR_INVALID for stored text that is not UTF-8: the caller
 * then answers through jansson, whose output for it is the reference. */
static plam_err orgs_api_stream(struct http_resp *resp, const struct org_rec *rows, int n,
                                const struct list_page *page) {
  struct buf b;
  buf_init(&b, 8u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  buf_reserve(&b, (size_t)n * 384 + 128); /* a guess of the size: fewer reallocations; the writer reports a failure */
  jsonw_object(&w);
  jsonw_key(&w, "data");
  if (page) jsonw_array(&w);
  for (int i = 0; i < n; i++) orgs_write_json(&w, &rows[i]);
  if (page) {
    jsonw_end(&w);
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

static json_t *orgs_api_items(const struct org_rec *rows, int n) {
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) json_array_append_new(items, orgs_to_json(&rows[i]));
  return items;
}

static const struct api_field list_query[] = {API_PAGE_QUERY, API_S("q", 200, 800, 0),
                                              API_E("kind", orgs_kind_codes, 0), API_END};
const struct api_input api_orgs_list_in = {.query = list_query};
plam_err api_orgs_list(struct api_call *c) {
  struct list_page page;
  call_page(c, &page.limit, &page.offset);
  struct org_rec *rows;
  int n;
  plam_err e = orgs_list(c->db, call_str(c, "q"), call_str(c, "kind"), &page, &rows, &n);
  if (e) return e;
  e = orgs_api_stream(c->resp, rows, n, &page);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_list(&tree, orgs_api_items(rows, n), page.total, page.limit, page.offset);
    http_json_check(c->resp, tree.json);
  }
#endif
  if (e == PLAM_ERR_INVALID) {
    json_t *items = orgs_api_items(rows, n);
    e = items ? PLAM_OK : PLAM_ERR_NOMEM;
    if (items) api_list(c->resp, items, page.total, page.limit, page.offset);
  }
  free(rows);
  return e;
}

plam_err api_orgs_get(struct api_call *c) {
  struct org_rec o;
  plam_err e = orgs_get(c->db, c->id, &o);
  if (e) return e;
  e = orgs_api_stream(c->resp, &o, 1, NULL);
#ifndef NDEBUG
  if (!e) {
    struct http_resp tree = {0};
    api_ok(&tree, 200, orgs_to_json(&o));
    http_json_check(c->resp, tree.json);
  }
#endif
  if (e != PLAM_ERR_INVALID) return e;
  return call_reply(c, PLAM_OK, 200, orgs_to_json(&o));
}

#define ORG_FIELDS(req) \
  API_R("name", 200, struct org_rec, name, req), API_E("kind", orgs_kind_codes, req), \
    API_R("finess", 9, struct org_rec, finess, 0), API_R("siret", 14, struct org_rec, siret, 0), \
    API_R("territory_id", 11, struct org_rec, territory_id, 0), API_END
static const struct api_field create_fields[] = {ORG_FIELDS(API_REQUIRED)};
static const struct api_field update_fields[] = {ORG_FIELDS(0)};
const struct api_input api_orgs_create_in = {.body = API_BODY_JSON, .fields = create_fields};
const struct api_input api_orgs_update_in = {.body = API_BODY_JSON, .fields = update_fields};

/* an explicit null clears an optional field */
static const char *clearable(const struct api_call *c, const char *name) {
  return call_is_null(c, name) ? "" : call_str(c, name);
}

static plam_err org_write(struct api_call *c, int create) {
  struct org_input in = {call_str(c, "name"), call_str(c, "kind"), clearable(c, "finess"), clearable(c, "siret"),
                         clearable(c, "territory_id")};
  struct org_rec o;
  plam_err e = create ? orgs_create(c->db, &c->actor, &in, &o, &c->fe)
                      : orgs_update(c->db, &c->actor, c->id, &in, &o, &c->fe);
  return call_reply(c, e, create ? 201 : 200, e ? NULL : orgs_to_json(&o));
}
plam_err api_orgs_create(struct api_call *c) { return org_write(c, 1); }
plam_err api_orgs_update(struct api_call *c) { return org_write(c, 0); }

plam_err api_org_kinds(struct api_call *c) {
  json_t *a = json_array();
  for (int i = 0; a && i < org_kinds_count; i++)
    json_array_append_new(a, json_pack("{s:s, s:s}", "code", org_kinds[i].code, "label", org_kinds[i].label));
  return call_reply(c, a ? PLAM_OK : PLAM_ERR_NOMEM, 200, a);
}
