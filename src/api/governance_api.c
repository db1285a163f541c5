/* Governance endpoints: POST /api/plans/{id}/gov-bodies, PATCH
 * /api/gov-bodies/{id}, POST /api/gov-bodies/{id}/meetings, PATCH
 * /api/gov-meetings/{id}, PATCH /api/decisions/{id}, POST
 * /api/indicators/{id}/targets, PUT /api/indicator-targets/{id}. The
 * checked body becomes the app/governance.h inputs (absent key: unchanged;
 * null: cleared), then app, then the JSON. */
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/governance_handlers.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"

/* Text limits in characters are the app's (PLAN_*_MAX, store/store_plan.h);
 * the byte limits are the records' (API_R). */
#define BIG 999999999999999LL /* target values: |v| < 1e15 */

/* absent: unset; null: set and cleared; value: set */
static struct gov_text text_of(const struct api_call *c, const char *name) {
  return (struct gov_text){call_has(c, name), call_str(c, name)};
}
static struct gov_id id_of(const struct api_call *c, const char *name) {
  return (struct gov_id){call_has(c, name), call_int(c, name, NULL)};
}

/* ---- bodies ---- */
static const struct api_field body_fields[] = {API_E("kind", gov_body_kinds, API_NOT_NULL),
                                               API_R("name", PLAN_TITLE_MAX, struct body_rec, name, API_NOT_NULL),
                                               API_R("territory_id", 11, struct body_rec, territory_id, 0),
                                               API_R("frequency", PLAN_FUND_MAX, struct body_rec, frequency, 0),
                                               API_D("established", 0),
                                               API_R("note", PLAN_TEXT_MAX, struct body_rec, note, 0),
                                               API_REF("axis_id", 0),
                                               API_REF("action_id", 0),
                                               API_I("meetings_per_year", 0, 366, 0),
                                               API_B("planned", 0),
                                               API_L("pilots", GOV_MAX_PILOTS, API_UNIQUE),
                                               API_END};
const struct api_input api_gov_body_in = {.body = API_BODY_JSON, .fields = body_fields};

static plam_err body_write(struct api_call *c, int create) {
  struct gov_body_input in = {.kind = text_of(c, "kind"),
                              .name = text_of(c, "name"),
                              .territory_id = text_of(c, "territory_id"),
                              .frequency = text_of(c, "frequency"),
                              .established = text_of(c, "established"),
                              .note = text_of(c, "note"),
                              .axis_id = id_of(c, "axis_id"),
                              .action_id = id_of(c, "action_id"),
                              .meetings_per_year_set = call_has(c, "meetings_per_year"),
                              .planned_set = call_has(c, "planned"),
                              .pilots_set = call_has(c, "pilots")};
  in.meetings_per_year.v = call_int(c, "meetings_per_year", &in.meetings_per_year.has);
  in.planned = call_bool(c, "planned", 0);
  call_ids(c, "pilots", in.pilots, GOV_MAX_PILOTS, &in.n_pilots);
  struct body_rec r;
  json_t *out = NULL;
  plam_err e = create ? gov_body_create(c->db, &c->actor, c->id, &in, &r, &c->fe)
                      : gov_body_update(c->db, &c->actor, c->id, &in, &r, &c->fe);
  if (!e) e = gov_body_json(c->db, &r, &out);
  return call_reply(c, e, create ? 201 : 200, out);
}
plam_err api_gov_body_create(struct api_call *c) { return body_write(c, 1); }
plam_err api_gov_body_update(struct api_call *c) { return body_write(c, 0); }

/* ---- meetings ---- */
static const struct api_field attendee_fields[] = {
  API_REF("org_id", API_REQUIRED), API_R("person", PLAN_NAME_MAX, struct attendee_rec, person, 0), API_END};
static const struct api_field meeting_fields[] = {
  API_D("held_on", 0),
  API_R("title", PLAN_TITLE_MAX, struct meeting_rec, title, 0),
  API_R("place", PLAN_NAME_MAX, struct meeting_rec, place, 0),
  API_E("status", gov_meeting_statuses, 0),
  API_R("minutes", PLAN_LONG_MAX, struct meeting_rec, minutes, 0),
  API_R("attendees_text", PLAN_TEXT_MAX, struct meeting_rec, attendees_text, 0),
  API_O("attendees", GOV_MAX_ATTENDEES, attendee_fields, 0),
  API_END};
const struct api_input api_gov_meeting_in = {.body = API_BODY_JSON, .fields = meeting_fields};

static plam_err meeting_write(struct api_call *c, int create) {
  struct gov_meeting_input *in = calloc(1, sizeof *in);
  struct meeting_rec *r = malloc(sizeof *r);
  json_t *out = NULL, *list = call_json(c, "attendees");
  plam_err e = in && r ? PLAM_OK : PLAM_ERR_NOMEM;
  if (!e) {
    in->held_on = text_of(c, "held_on");
    in->title = text_of(c, "title");
    in->place = text_of(c, "place");
    in->status = text_of(c, "status");
    in->minutes = text_of(c, "minutes");
    in->attendees_text = text_of(c, "attendees_text");
    in->attendees_set = list != NULL;
    for (size_t i = 0; i < json_array_size(list); i++) {
      json_t *x = json_array_get(list, i);
      in->attendees[in->n_attendees++] = (struct gov_attendee){json_integer_value(json_object_get(x, "org_id")),
                                                               json_string_value(json_object_get(x, "person"))};
    }
    e = create ? gov_meeting_create(c->db, &c->actor, c->id, in, r, &c->fe)
               : gov_meeting_update(c->db, &c->actor, c->id, in, r, &c->fe);
  }
  if (!e) e = gov_meeting_json(c->db, r, &out);
  free(in);
  free(r);
  return call_reply(c, e, create ? 201 : 200, out);
}
plam_err api_gov_meeting_create(struct api_call *c) { return meeting_write(c, 1); }
plam_err api_gov_meeting_update(struct api_call *c) { return meeting_write(c, 0); }

/* ---- decisions ---- */
static const struct api_field decision_fields[] = {
  API_R("text", PLAN_TEXT_MAX, struct decision_rec, text, 0),
  API_REF("owner_org_id", 0),
  API_R("owner_person", PLAN_NAME_MAX, struct decision_rec, owner_person, 0),
  API_D("due_on", 0),
  API_E("status", gov_decision_statuses, API_NOT_NULL),
  API_REF("meeting_id", 0),
  API_END};
const struct api_input api_decision_update_in = {.body = API_BODY_JSON, .fields = decision_fields};
plam_err api_decision_update(struct api_call *c) {
  struct gov_decision_input in = {text_of(c, "text"),   text_of(c, "owner_person"), text_of(c, "due_on"),
                                  text_of(c, "status"), id_of(c, "owner_org_id"),   id_of(c, "meeting_id")};
  struct decision_rec out;
  plam_err e = gov_decision_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, e ? NULL : plan_rec_json(&store_decision_t, &out));
}

/* ---- targets ---- */
static const struct api_field target_fields[] = {API_E("kind", gov_target_kinds, 0),
                                                 API_R("territory_id", 11, struct target_rec, territory_id, 0),
                                                 API_D("due_on", 0),
                                                 API_N("value", -BIG, BIG, 0),
                                                 API_N("value_high", -BIG, BIG, 0),
                                                 API_E("qualifier", plan_qualifiers, 0),
                                                 API_R("note", PLAN_TEXT_MAX, struct target_rec, note, 0),
                                                 API_R("source", PLAN_SOURCE_MAX, struct target_rec, source, 0),
                                                 API_REF("decision_id", 0),
                                                 API_END};
const struct api_input api_target_in = {.body = API_BODY_JSON, .fields = target_fields};

static plam_err target_write(struct api_call *c, int create) {
  struct gov_target_input in = {.kind = call_str(c, "kind"),
                                .territory_id = call_str(c, "territory_id"),
                                .due_on = call_str(c, "due_on"),
                                .qualifier = call_str(c, "qualifier"),
                                .note = call_str(c, "note"),
                                .source = call_str(c, "source")};
  in.value = call_num(c, "value", &in.has_value);
  in.value_high.v = call_num(c, "value_high", &in.value_high.has);
  in.decision_id = call_int(c, "decision_id", NULL);
  struct target_rec out;
  plam_err e = create ? gov_target_create(c->db, &c->actor, c->id, &in, &out, &c->fe)
                      : gov_target_revise(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, create ? 201 : 200, e ? NULL : plan_rec_json(&store_target_t, &out));
}
plam_err api_indicator_target_create(struct api_call *c) { return target_write(c, 1); }
plam_err api_indicator_target_revise(struct api_call *c) { return target_write(c, 0); }
