/* Establishments endpoints (/api/establishments, /api/units): the checked
 * input, a call to app/estab, the JSON. Staff manage establishments
 * (estab.manage); employers see their organisation's and manage their units
 * (estab.units, scoped in app/estab). */
#include "api/api.h"
#include "api/geo_handlers.h"
#include "app/estab/estab.h"

static const struct api_field list_query[] = {API_S("departement", 11, 11, 0),
                                              API_E("category", estab_categories, 0),
                                              API_S("q", 200, 800, 0),
                                              API_I("area_id", 1, 9007199254740991LL, 0),
                                              API_I("org_id", 1, 9007199254740991LL, 0),
                                              API_PAGE_QUERY,
                                              API_END};
const struct api_input api_estab_list_in = {.query = list_query};

plam_err api_estab_list(struct api_call *c) {
  long limit, offset;
  call_page(c, &limit, &offset);
  struct estab_filter f = {.departement = call_str(c, "departement"),
                           .category = call_str(c, "category"),
                           .q = call_str(c, "q"),
                           .area_id = call_int(c, "area_id", NULL),
                           .org_id = call_int(c, "org_id", NULL),
                           .limit = limit,
                           .offset = offset};
  json_t *items = NULL;
  int64_t total = 0;
  plam_err e = estab_list(c->db, &c->actor, &f, &items, &total);
  if (!e) api_list(c->resp, items, total, limit, offset);
  return e;
}

plam_err api_estab_categories(struct api_call *c) {
  json_t *arr = json_array();
  for (int i = 0; arr && estab_categories[i]; i++)
    json_array_append_new(arr, json_pack("{s:s, s:s}", "code", estab_categories[i], "label", estab_category_labels[i]));
  return call_reply(c, arr ? PLAM_OK : PLAM_ERR_NOMEM, 200, arr);
}

static const struct api_field estab_fields[] = {API_S("finess", 9, 9, 0),
                                                API_R("name", 200, struct estab_rec, name, 0),
                                                API_E("category", estab_categories, 0),
                                                API_R("ght", 100, struct estab_rec, ght, 0),
                                                API_S("commune", 5, 5, 0),
                                                API_N("lat", -90, 90, 0),
                                                API_N("lon", -180, 180, 0),
                                                API_I("org_id", 1, 9007199254740991LL, 0),
                                                API_END};
const struct api_input api_estab_in = {.body = API_BODY_JSON, .fields = estab_fields};

static struct estab_input estab_read(const struct api_call *c) {
  struct estab_input in = {.finess = call_str(c, "finess"),
                           .name = call_str(c, "name"),
                           .category = call_str(c, "category"),
                           .ght = call_str(c, "ght"),
                           .commune = call_str(c, "commune")};
  if (!in.finess && call_is_null(c, "finess")) in.finess = ""; /* null: none */
  in.lat = call_num(c, "lat", &in.has_lat);
  in.lon = call_num(c, "lon", &in.has_lon);
  in.org_id = call_int(c, "org_id", NULL);
  in.has_org = call_has(c, "org_id"); /* null: detach */
  return in;
}

plam_err api_estab_create(struct api_call *c) {
  struct estab_input in = estab_read(c);
  json_t *out = NULL;
  plam_err e = estab_create(c->db, &c->actor, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_estab_update(struct api_call *c) {
  struct estab_input in = estab_read(c);
  json_t *out = NULL;
  plam_err e = estab_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_estab_get(struct api_call *c) { return call_view(c, estab_get); }
plam_err api_estab_delete(struct api_call *c) { return call_view(c, estab_delete); }
plam_err api_estab_units(struct api_call *c) { return call_view(c, estab_units); }
plam_err api_units_delete(struct api_call *c) { return call_view(c, estab_unit_delete); }

static const struct api_field unit_fields[] = {API_R("name", 200, struct unit_rec, name, 0),
                                               API_R("specialty", 100, struct unit_rec, specialty, 0), API_END};
const struct api_input api_unit_in = {.body = API_BODY_JSON, .fields = unit_fields};

plam_err api_estab_unit_create(struct api_call *c) {
  struct unit_input in = {.name = call_str(c, "name"), .specialty = call_str(c, "specialty")};
  if (!in.specialty) in.specialty = "";
  json_t *out = NULL;
  plam_err e = estab_unit_create(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_units_update(struct api_call *c) {
  struct unit_input in = {.name = call_str(c, "name"), .specialty = call_str(c, "specialty")};
  json_t *out = NULL;
  plam_err e = estab_unit_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_estab_import(struct api_call *c) {
  const struct buf *body = &c->req->body;
  struct geo_file_report rep;
  json_t *out = NULL;
  plam_err e = estab_finess_import(c->db, &c->actor, body->data ? body->data : "", body->len, NULL, NULL, &rep, &out);
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    json_t *errs = json_pack("{s:o, s:I}", "errors", geo_file_msgs_json(rep.errors, rep.nerrors), "errors_total",
                             (json_int_t)rep.total_errors);
    api_file_errors(c->req, c->resp, e, errs, rep.total_errors, "rien n'a été importé");
    geo_file_report_free(&rep);
    return e;
  }
  geo_file_report_free(&rep);
  return call_reply(c, e, 200, out);
}
