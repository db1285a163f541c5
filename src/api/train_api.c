/* Training endpoints under /api/training (issue 12): institutes,
 * capacities and their summary against targets, targets, short sessions,
 * apprenticeship contracts and notes, dropouts (list, CSV import, one
 * line with its history and its hand correction),
 * prevention actions, links to plan indicators and their recomputation.
 * The specs below are the shape (limits from the records, lists from
 * app/train/train.h); the checked body goes whole to train_save, which
 * applies the entity's field table and rules. */
#include <stdio.h>
#include "api/api.h"
#include "api/train_handlers.h"
#include "app/train/train.h"

#define ID_MAX 9007199254740991LL

static const struct api_field list_query[] = {API_S("territory", 11, 11, 0), API_I("institute_id", 1, ID_MAX, 0),
                                              API_I("year", 2000, 2100, 0),
                                              API_E("programme", train_programme_codes, 0), API_END};
const struct api_input api_train_list_in = {.query = list_query};

static const struct api_field inst_fields[] = {API_R("name", TRAIN_NAME_MAX, struct train_institute_rec, name, 0),
                                               API_E("kind", train_institute_kinds, 0),
                                               API_R("uai", 8, struct train_institute_rec, uai, 0),
                                               API_REF("establishment_id", 0),
                                               API_R("departement", 11, struct train_institute_rec, departement, 0),
                                               API_REF("org_id", 0),
                                               API_END};
const struct api_input api_train_institute_in = {.body = API_BODY_JSON, .fields = inst_fields};

static const struct api_field cap_fields[] = {API_REF("institute_id", 0),
                                              API_E("programme", train_programme_codes, 0),
                                              API_I("year", 2000, 2100, 0),
                                              API_E("route", train_routes, 0),
                                              API_I("places", 0, 100000, 0),
                                              API_I("increase", -100000, 100000, 0),
                                              API_I("filled", 0, 100000, 0),
                                              API_R("note", TRAIN_NOTE_MAX, struct train_capacity_rec, note, 0),
                                              API_R("source", TRAIN_SOURCE_MAX, struct train_capacity_rec, source, 0),
                                              API_END};
const struct api_input api_train_capacity_in = {.body = API_BODY_JSON, .fields = cap_fields};

static const struct api_field target_fields[] = {API_E("kind", train_target_kinds, 0),
                                                 API_E("programme", train_programme_codes, 0),
                                                 API_R("territory_id", 11, struct train_target_rec, territory_id, 0),
                                                 API_I("year", 2000, 2100, 0),
                                                 API_E("route", train_target_routes, 0),
                                                 API_I("places", 0, 100000, 0),
                                                 API_R("note", TRAIN_NOTE_MAX, struct train_target_rec, note, 0),
                                                 API_R("source", TRAIN_SOURCE_MAX, struct train_target_rec, source, 0),
                                                 API_END};
const struct api_input api_train_target_in = {.body = API_BODY_JSON, .fields = target_fields};

static const struct api_field session_fields[] = {
  API_R("title", TRAIN_NAME_MAX, struct train_session_rec, title, 0),
  API_I("hours", 1, 3000, 0),
  API_E("audience", train_audiences, 0),
  API_R("departement", 11, struct train_session_rec, departement, 0),
  API_REF("institute_id", 0),
  API_R("organiser", TRAIN_NAME_MAX, struct train_session_rec, organiser, 0),
  API_D("starts_on", 0),
  API_D("ends_on", 0),
  API_I("places", 0, 100000, 0),
  API_I("enrolled", 0, 100000, 0),
  API_R("source", TRAIN_SOURCE_MAX, struct train_session_rec, source, 0),
  API_END};
const struct api_input api_train_session_in = {.body = API_BODY_JSON, .fields = session_fields};

static const struct api_field appr_fields[] = {
  API_R("apprentice_name", TRAIN_NAME_MAX, struct train_apprentice_rec, apprentice_name, 0),
  API_E("programme", train_programme_codes, 0),
  API_REF("institute_id", 0),
  API_REF("employer_id", 0),
  API_R("employer_name", TRAIN_NAME_MAX, struct train_apprentice_rec, employer_name, 0),
  API_R("master_name", TRAIN_NAME_MAX, struct train_apprentice_rec, master_name, 0),
  API_D("starts_on", 0),
  API_D("ends_on", 0),
  API_I("master_aid_cents", 0, 100000000, 0),
  API_E("status", train_apprentice_statuses, 0),
  API_D("diploma_on", 0),
  API_E("employment", train_employments, 0),
  API_END};
const struct api_input api_train_apprentice_in = {.body = API_BODY_JSON, .fields = appr_fields};

static const struct api_field note_fields[] = {API_D("noted_on", 0),
                                               API_R("text", TRAIN_LONG_MAX, struct train_note_rec, text, 0), API_END};
const struct api_input api_train_note_in = {.body = API_BODY_JSON, .fields = note_fields};

static const struct api_field action_fields[] = {API_E("kind", train_action_kinds, 0),
                                                 API_R("title", TRAIN_NAME_MAX, struct train_action_rec, title, 0),
                                                 API_REF("institute_id", 0),
                                                 API_R("territory_id", 11, struct train_action_rec, territory_id, 0),
                                                 API_E("status", train_action_statuses, 0),
                                                 API_D("starts_on", 0),
                                                 API_D("ends_on", 0),
                                                 API_I("participants", 0, 1000000, 0),
                                                 API_R("results", TRAIN_LONG_MAX, struct train_action_rec, results, 0),
                                                 API_R("source", TRAIN_SOURCE_MAX, struct train_action_rec, source, 0),
                                                 API_END};
const struct api_input api_train_action_in = {.body = API_BODY_JSON, .fields = action_fields};

static const struct api_field link_fields[] = {API_REF("indicator_id", 0), API_E("metric", train_metrics, 0),
                                               API_E("programme", train_programme_codes, 0),
                                               API_E("route", train_routes, 0), API_END};
const struct api_input api_train_link_in = {.body = API_BODY_JSON, .fields = link_fields};

/* a hand correction of one dropout line */
static const struct api_field dropout_fields[] = {API_REF("cohort_id", 0),
                                                  API_E("cause", train_causes, 0),
                                                  API_B("internship", 0),
                                                  API_REF("site_id", 0),
                                                  API_I("dropouts", 0, 100000, 0),
                                                  API_R("note", TRAIN_NOTE_MAX, struct train_dropout_rec, note, 0),
                                                  API_END};
const struct api_input api_train_dropout_in = {.body = API_BODY_JSON, .fields = dropout_fields};

static const char *const csv_media[] = {"text/csv", "text/plain", "application/octet-stream",
                                        "application/vnd.ms-excel", NULL};
static const struct api_field import_query[] = {API_S("filename", 255, 255, 0), API_END};
const struct api_input api_train_import_in = {
  .body = API_BODY_RAW, .query = import_query, .media = csv_media, .media_hint = "envoyez le fichier CSV en text/csv"};

static struct train_query query_of(const struct api_call *c) {
  return (struct train_query){call_str(c, "territory"), call_str(c, "programme"), call_int(c, "institute_id", NULL),
                              call_int(c, "year", NULL)};
}

static plam_err list(struct api_call *c, enum train_entity e) {
  struct train_query q = query_of(c);
  json_t *out = NULL;
  plam_err err = train_list(c->db, &c->actor, e, &q, &out);
  return call_reply(c, err, 200, out);
}

static plam_err save(struct api_call *c, enum train_entity e, int create) {
  json_t *out = NULL;
  plam_err err = train_save(c->db, &c->actor, e, create ? 0 : c->id, 0, c->in, &out, &c->fe);
  return call_reply(c, err, create ? 201 : 200, out);
}

plam_err api_train_programmes(struct api_call *c) {
  json_t *arr = json_array();
  for (int i = 0; arr && i < train_programmes_count; i++)
    json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", train_programmes[i].code, "label",
                                         train_programmes[i].label, "diploma", train_programmes[i].diploma, "source",
                                         train_programmes[i].source, "verification", train_programmes[i].verification));
  return call_reply(c, arr ? PLAM_OK : PLAM_ERR_NOMEM, 200, arr);
}

plam_err api_train_institutes(struct api_call *c) { return list(c, TRAIN_INSTITUTE); }
plam_err api_train_institute_create(struct api_call *c) { return save(c, TRAIN_INSTITUTE, 1); }
plam_err api_train_institute_update(struct api_call *c) { return save(c, TRAIN_INSTITUTE, 0); }
plam_err api_train_capacities(struct api_call *c) { return list(c, TRAIN_CAPACITY); }
plam_err api_train_capacity_create(struct api_call *c) { return save(c, TRAIN_CAPACITY, 1); }
plam_err api_train_capacity_update(struct api_call *c) { return save(c, TRAIN_CAPACITY, 0); }
plam_err api_train_targets(struct api_call *c) { return list(c, TRAIN_TARGET); }
plam_err api_train_target_create(struct api_call *c) { return save(c, TRAIN_TARGET, 1); }
plam_err api_train_target_update(struct api_call *c) { return save(c, TRAIN_TARGET, 0); }
plam_err api_train_session_create(struct api_call *c) { return save(c, TRAIN_SESSION, 1); }
plam_err api_train_session_update(struct api_call *c) { return save(c, TRAIN_SESSION, 0); }
plam_err api_train_apprentices(struct api_call *c) { return list(c, TRAIN_APPRENTICE); }
plam_err api_train_apprentice_create(struct api_call *c) { return save(c, TRAIN_APPRENTICE, 1); }
plam_err api_train_apprentice_update(struct api_call *c) { return save(c, TRAIN_APPRENTICE, 0); }
plam_err api_train_actions(struct api_call *c) { return list(c, TRAIN_ACTION); }
plam_err api_train_action_create(struct api_call *c) { return save(c, TRAIN_ACTION, 1); }
plam_err api_train_action_update(struct api_call *c) { return save(c, TRAIN_ACTION, 0); }
plam_err api_train_links(struct api_call *c) { return list(c, TRAIN_LINK); }
plam_err api_train_link_create(struct api_call *c) { return save(c, TRAIN_LINK, 1); }

static plam_err apprentice_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  return train_get(db, a, TRAIN_APPRENTICE, id, out);
}
plam_err api_train_apprentice_get(struct api_call *c) { return call_view(c, apprentice_get); }

plam_err api_train_note_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = train_save(c->db, &c->actor, TRAIN_NOTE, 0, c->id, c->in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_train_link_delete(struct api_call *c) {
  plam_err e = train_delete(c->db, &c->actor, TRAIN_LINK, c->id);
  return call_reply(c, e, 200, e ? NULL : json_pack("{s:I}", "id", (json_int_t)c->id));
}

plam_err api_train_capacity_summary(struct api_call *c) {
  struct train_query q = query_of(c);
  json_t *out = NULL;
  plam_err e = train_capacity_summary(c->db, &c->actor, &q, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_train_sessions(struct api_call *c) {
  struct train_query q = query_of(c);
  json_t *out = NULL;
  plam_err e = train_session_summary(c->db, &c->actor, &q, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_train_dropouts(struct api_call *c) {
  struct train_query q = query_of(c);
  json_t *out = NULL;
  plam_err e = train_dropout_summary(c->db, &c->actor, &q, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_train_dropout_update(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = train_save(c->db, &c->actor, TRAIN_DROPOUT, c->id, 0, c->in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_train_dropout_get(struct api_call *c) { return call_view(c, train_dropout_get); }

plam_err api_train_dropouts_import(struct api_call *c) {
  const struct buf *body = &c->req->body;
  struct train_csv_report rep;
  json_t *out = NULL;
  plam_err e = train_dropouts_import(c->db, &c->actor, body->data ? body->data : "", body->len, call_str(c, "filename"),
                                     &rep, &out);
  if (e == PLAM_ERR_INVALID && rep.total_errors)
    api_file_errors(c->req, c->resp, e, train_csv_errors_json(&rep), rep.total_errors, "rien n'a été importé");
  train_csv_free(&rep);
  return call_reply(c, e, 200, out);
}

plam_err api_train_measure(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = train_measure_now(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}
