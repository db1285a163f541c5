/* Routes of the seasonal campaigns for students (issue 11; app in
 * app/recruit/recruit_season.c): the public list and page of a campaign with
 * its open offers, plan staff opening, closing and reopening a campaign, a
 * student applying. */
#include "api/season_handlers.h"
#include "app/recruit/recruit_app.h"

static const struct api_field code_items[] = {API_E("code", recruit_profession_codes, API_REQUIRED), API_END};
static const struct api_field season_fields[] = {API_S("name", 200, 800, API_REQUIRED),
                                                 API_D("starts_on", API_REQUIRED),
                                                 API_D("ends_on", API_REQUIRED),
                                                 API_S("description", 2000, 8000, 0),
                                                 API_S("departement", 11, 11, 0),
                                                 API_REF("area_id", 0), /* season, session 12 (0027) */
                                                 API_O("posts", 64, code_items, API_REQUIRED),
                                                 API_O("admitted", 64, code_items, API_REQUIRED),
                                                 API_END};
const struct api_input api_season_in = {.body = API_BODY_JSON, .fields = season_fields};
static const struct api_field season_status_fields[] = {API_E("status", recruit_season_statuses, API_REQUIRED),
                                                        API_END};
const struct api_input api_season_status_in = {.body = API_BODY_JSON, .fields = season_status_fields};

plam_err api_seasons_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_season_list(c->db, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_seasons_get(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_season_get(c->db, c->id, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_seasons_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_season_create(c->db, &c->actor, c->in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_seasons_apply(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_season_apply(c->db, &c->actor, c->id, &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_seasons_update(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_season_set_status(c->db, &c->actor, c->id, call_str(c, "status"), &out, &c->fe);
  return call_reply(c, e, 200, out);
}
