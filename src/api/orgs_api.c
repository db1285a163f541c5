/* Organisation endpoints (/api/organisations, /api/organisation-kinds). */
#include "api/api.h"
#include "api/call_rows.h"
#include "api/handlers.h"
#include "app/access/orgs.h"

static void org_stream(struct jsonw *w, const void *row) { orgs_write_json(w, row); }
static json_t *org_tree(const void *row) { return orgs_to_json(row); }
static const struct call_stream_view org_view = {org_stream, org_tree, 384};

static const struct api_field list_query[] = {API_PAGE_QUERY, API_S("q", 200, 800, 0),
                                              API_E("kind", orgs_kind_codes, 0), API_END};
const struct api_input api_orgs_list_in = {.query = list_query};
static plam_err orgs_run(struct api_call *c, call_row_fn fn, void *ctx, struct call_meta *meta) {
  struct list_page page;
  call_page(c, &page.limit, &page.offset);
  plam_err e = orgs_list(c->db, call_str(c, "q"), call_str(c, "kind"), &page, fn, ctx);
  *meta = (struct call_meta){page.total, page.limit, page.offset};
  return e;
}
static const struct call_rows_view orgs_rows = {orgs_run, orgs_row_write_json, orgs_row_to_json, 8192, 1};
plam_err api_orgs_list(struct api_call *c) { return call_rows(c, &orgs_rows); }

plam_err api_orgs_get(struct api_call *c) {
  struct org_rec o;
  plam_err e = orgs_get(c->db, c->id, &o);
  if (e) return e;
  return call_stream(c, &org_view, &o);
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
