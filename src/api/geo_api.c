/* Communes and areas endpoints (/api/communes, /api/areas): the checked
 * input, a call to app/geo, the JSON. Area writes are staff's (geo.manage);
 * reading is for every signed-in role (geo.read). */
#include "api/api.h"
#include "api/geo_handlers.h"
#include "app/geo/geo.h"

static const struct api_field communes_query[] = {API_S("code", 5, 5, 0), API_S("departement", 11, 11, 0),
                                                  API_S("q", 100, 400, 0), API_END};
const struct api_input api_communes_in = {.query = communes_query};

plam_err api_communes(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = geo_communes_json(c->db, call_str(c, "code"), call_str(c, "departement"), call_str(c, "q"), &out,
                                 &c->fe);
  return call_reply(c, e, 200, out);
}

static const struct api_field areas_query[] = {API_E("kind", geo_area_kinds, 0), API_S("region", 11, 11, 0), API_END};
const struct api_input api_areas_list_in = {.query = areas_query};

plam_err api_areas_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = geo_areas_list(c->db, &c->actor, call_str(c, "kind"), call_str(c, "region"), &out);
  return call_reply(c, e, 200, out);
}

/* offerspub: what a visitor needs to filter the public offers, no more. */
plam_err api_public_areas(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = geo_areas_public(c->db, &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field area_fields[] = {API_S("code", 32, 32, 0), API_R("name", 200, struct area_rec, name, 0),
                                               API_E("kind", geo_area_kinds, 0),
                                               API_R("region", 11, struct area_rec, region, 0), API_END};
const struct api_input api_area_in = {.body = API_BODY_JSON, .fields = area_fields};

static struct area_input area_read(const struct api_call *c) {
  struct area_input in = {.code = call_str(c, "code"),
                          .name = call_str(c, "name"),
                          .kind = call_str(c, "kind"),
                          .region = call_str(c, "region")};
  if (!in.region && call_is_null(c, "region")) in.region = ""; /* null: national */
  return in;
}

plam_err api_areas_create(struct api_call *c) {
  struct area_input in = area_read(c);
  json_t *out = NULL;
  plam_err e = geo_area_create(c->db, &c->actor, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_areas_update(struct api_call *c) {
  struct area_input in = area_read(c);
  json_t *out = NULL;
  plam_err e = geo_area_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_areas_get(struct api_call *c) { return call_view(c, geo_area_get); }
plam_err api_areas_delete(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = geo_area_delete(c->db, &c->actor, c->id, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_areas_communes(struct api_call *c) { return call_view(c, geo_area_communes); }

static const char *const upload_media[] = {"text/csv", "text/plain", "application/octet-stream",
                                           "application/vnd.ms-excel", NULL};
const struct api_input api_geo_upload_in = {
  .body = API_BODY_RAW, .media = upload_media, .media_hint = "envoyez le fichier CSV en text/csv"};

plam_err api_areas_import(struct api_call *c) {
  const struct buf *body = &c->req->body;
  struct geo_file_report rep;
  json_t *out = NULL;
  plam_err e = geo_areas_import(c->db, &c->actor, body->data ? body->data : "", body->len, &rep, &out);
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
