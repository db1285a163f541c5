/* Recruitment endpoints (/api/recruit/nomenclatures, /api/pools,
 * /api/candidates, /api/me/candidate, /api/needs): the checked input, a call
 * to app/recruit, the JSON. Who sees which row (a candidate their own record,
 * an employer their organisation's needs, never a candidate's contact details
 * in a ranking) is decided in app/recruit from the session's actor. */
#include <time.h>
#include "api/api.h"
#include "api/recruit_handlers.h"
#include "app/recruit/recruit_app.h"

/* ---- input specs ---- */
static const struct api_field pool_fields[] = {API_S("name", 200, 0, API_REQUIRED),
                                               API_E("level", recruit_pool_levels, API_REQUIRED),
                                               API_REF("parent_id", 0),
                                               API_REF("establishment_id", 0),
                                               API_S("ght", 100, 0, 0),
                                               API_S("territory_id", 11, 0, 0),
                                               API_END};
const struct api_input api_pool_in = {.body = API_BODY_JSON, .fields = pool_fields};
static const struct api_field pool_status_fields[] = {API_E("status", recruit_pool_statuses, API_REQUIRED), API_END};
const struct api_input api_pool_status_in = {.body = API_BODY_JSON, .fields = pool_status_fields};

static const struct api_field cand_qual_items[] = {API_E("code", recruit_qualification_codes, API_REQUIRED),
                                                   API_D("valid_until", 0), API_B("verified", 0), API_END};
static const struct api_field cand_avail_items[] = {API_E("kind", recruit_avail_kinds, 0),
                                                    API_S("start", 25, 0, API_REQUIRED),
                                                    API_S("end", 25, 0, API_REQUIRED), API_END};
static const struct api_field candidate_fields[] = {API_S("first_name", 100, 0, API_REQUIRED),
                                                    API_S("last_name", 100, 0, API_REQUIRED),
                                                    API_S("email", 254, 0, API_REQUIRED),
                                                    API_S("phone", 20, 0, 0),
                                                    API_E("profession", recruit_profession_codes, API_REQUIRED),
                                                    API_S("rpps", 11, 0, 0),
                                                    API_E("situation", recruit_situations, 0),
                                                    API_S("commune", 5, 0, 0),
                                                    API_S("departement", 11, 0, 0),
                                                    API_N("lat", -90, 90, 0),
                                                    API_N("lon", -180, 180, 0),
                                                    API_N("max_km", 0, 20000, API_REQUIRED),
                                                    API_B("accepts_shift", 0),
                                                    API_B("accepts_fixed_term", 0),
                                                    API_B("accepts_permanent", 0),
                                                    API_B("accepts_secondment", 0),
                                                    API_B("active", 0),
                                                    API_O("qualifications", 64, cand_qual_items, 0),
                                                    API_O("availability", 1000, cand_avail_items, 0),
                                                    API_L("pools", 64, API_UNIQUE),
                                                    API_END};
const struct api_input api_candidate_in = {.body = API_BODY_JSON, .fields = candidate_fields};

static const struct api_field need_qual_items[] = {API_E("code", recruit_qualification_codes, API_REQUIRED), API_END};
static const struct api_field need_slot_items[] = {API_S("start", 25, 0, API_REQUIRED),
                                                   API_S("end", 25, 0, API_REQUIRED), API_END};
static const struct api_field need_fields[] = {API_REF("establishment_id", API_REQUIRED),
                                               API_REF("unit_id", 0),
                                               API_E("profession", recruit_profession_codes, API_REQUIRED),
                                               API_O("qualifications", 64, need_qual_items, 0),
                                               API_O("slots", 100, need_slot_items, API_REQUIRED),
                                               API_I("headcount", 1, 1000, 0),
                                               API_E("reason", recruit_need_reasons, API_REQUIRED),
                                               API_E("contract", recruit_contracts, API_REQUIRED),
                                               API_S("pay", 200, 0, 0),
                                               API_E("urgency", recruit_urgencies, 0),
                                               API_N("max_km", 0, 20000, API_REQUIRED),
                                               API_E("fill_mode", recruit_fill_modes, 0),
                                               API_L("pools", 64, API_UNIQUE), /* required unless campaign_id */
                                               API_S("description", 2000, 0, 0),
                                               API_E("status", recruit_need_statuses, 0),
                                               API_S("expires_at", 25, 0, 0),
                                               API_REF("campaign_id", 0), /* season */
                                               API_END};
const struct api_input api_need_in = {.body = API_BODY_JSON, .fields = need_fields};
static const struct api_field need_status_fields[] = {API_E("status", recruit_need_statuses, API_REQUIRED), API_END};
const struct api_input api_need_status_in = {.body = API_BODY_JSON, .fields = need_status_fields};

static const char *const csv_media[] = {"text/csv",
                                        "text/plain",
                                        "application/octet-stream",
                                        "application/vnd.ms-excel",
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        NULL};
const struct api_input api_recruit_import_in = {
  .body = API_BODY_RAW,
  .media = csv_media,
  .media_hint = "envoyez le fichier CSV en text/csv ou le classeur XLSX en "
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};

/* ---- handlers ---- */
plam_err api_recruit_nomenclatures(struct api_call *c) {
  json_t *out = recruit_nomenclatures_json();
  return call_reply(c, out ? PLAM_OK : PLAM_ERR_NOMEM, 200, out);
}

plam_err api_pools_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_pool_list(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}
plam_err api_pools_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_pool_create(c->db, &c->actor, c->in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_pools_update(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_pool_set_status(c->db, &c->actor, c->id, call_str(c, "status"), &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_candidates_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_cand_save(c->db, &c->actor, 0, c->in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_candidates_get(struct api_call *c) { return call_view(c, recruit_cand_get); }
plam_err api_candidates_update(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_cand_save(c->db, &c->actor, c->id, c->in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_me_candidate(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_cand_me(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_needs_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_need_list(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}
plam_err api_needs_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_need_create(c->db, &c->actor, c->in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_needs_get(struct api_call *c) { return call_view(c, recruit_need_get); }
plam_err api_needs_update(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_need_set_status(c->db, &c->actor, c->id, call_str(c, "status"), &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_needs_ranking(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = recruit_need_rank(c->db, &c->actor, c->id, (int64_t)time(NULL), &out);
  return call_reply(c, e, 200, out);
}

/* CSV or XLSX imports (the file's first bytes tell which): 200 {"created": n, "ids": [new ids]}, or 400 with error.errors[] = {row, col,
 * column, message} and nothing written. */
static plam_err import(struct api_call *c, int needs) {
  const struct buf *body = &c->req->body;
  json_t *errors = NULL, *ids = NULL;
  size_t total = 0;
  int64_t created = 0;
  plam_err e = needs ? recruit_need_import(c->db, &c->actor, body->data ? body->data : "", body->len, &errors, &total,
                                           &created, &ids)
                     : recruit_cand_import(c->db, &c->actor, body->data ? body->data : "", body->len, &errors, &total,
                                           &created, &ids);
  if (e == PLAM_ERR_INVALID && total) {
    api_file_errors(c->req, c->resp, e, json_pack("{s:o, s:I}", "errors", errors, "errors_total", (json_int_t)total),
                    total, "rien n'a été importé");
    errors = NULL;
  }
  json_decref(errors);
  return call_reply(c, e, 200, e ? NULL : json_pack("{s:I, s:o}", "created", (json_int_t)created, "ids", ids));
}
plam_err api_candidates_import(struct api_call *c) { return import(c, 0); }
plam_err api_needs_import(struct api_call *c) { return import(c, 1); }
