/* Governance endpoints: POST /api/plans/{id}/gov-bodies, PATCH
 * /api/gov-bodies/{id}, POST /api/gov-bodies/{id}/meetings, PATCH
 * /api/gov-meetings/{id}, PATCH /api/decisions/{id}, POST
 * /api/indicators/{id}/targets, PUT /api/indicator-targets/{id}. Parse the
 * JSON body into app/governance.h inputs (absent key: unchanged; null:
 * cleared), call app, serialise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/governance_handlers.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"

/* absent: unset; null: set and cleared; string: set */
static plam_err in_text(json_t *o, const char *key, struct gov_text *out, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  out->set = v != NULL;
  return api_in_str(o, key, 0, &out->v, fe);
}

static plam_err in_ref(json_t *o, const char *key, struct gov_id *out, struct field_error *fe) {
  return api_in_id(o, key, &out->v, &out->set, fe);
}

static plam_err in_ids(json_t *o, const char *key, int64_t *ids, int max, int *n, int *set, struct field_error *fe) {
  json_t *v = json_object_get(o, key), *x;
  size_t i;
  *set = v != NULL;
  *n = 0;
  if (!v || json_is_null(v)) return PLAM_OK;
  if (!json_is_array(v)) return field_fail(fe, key, "une liste d'identifiants est attendue");
  if (json_array_size(v) > (size_t)max) return field_fail(fe, key, "liste trop longue");
  json_array_foreach(v, i, x) {
    if (!json_is_integer(x) || json_integer_value(x) <= 0) return field_fail(fe, key, "un identifiant entier positif est attendu");
    for (int j = 0; j < *n; j++)
      if (ids[j] == json_integer_value(x)) return field_fail(fe, key, "identifiant en double");
    ids[(*n)++] = json_integer_value(x);
  }
  return PLAM_OK;
}

static plam_err parse_body_json(struct http_req *req, json_t **body, const char *const *allowed, struct field_error *fe) {
  plam_err e = http_body_json(req, body);
  if (!e && !json_is_object(*body)) e = field_fail(fe, "body", "un objet JSON est attendu");
  if (!e) e = api_in_known(*body, allowed, fe);
  return e;
}

static struct db *db_or_fail(struct http_req *req, plam_err *e) {
  struct db *db = api_db(req);
  if (!db && !*e) *e = PLAM_ERR_DB;
  return db;
}

/* ---- bodies ---- */
static plam_err body_input(json_t *b, struct gov_body_input *in, struct field_error *fe) {
  memset(in, 0, sizeof *in);
  plam_err e = in_text(b, "kind", &in->kind, fe);
  if (!e) e = in_text(b, "name", &in->name, fe);
  if (!e) e = in_text(b, "territory_id", &in->territory_id, fe);
  if (!e) e = in_text(b, "frequency", &in->frequency, fe);
  if (!e) e = in_text(b, "established", &in->established, fe);
  if (!e) e = in_text(b, "note", &in->note, fe);
  if (!e) e = in_ref(b, "axis_id", &in->axis_id, fe);
  if (!e) e = in_ref(b, "action_id", &in->action_id, fe);
  json_t *m = json_object_get(b, "meetings_per_year");
  in->meetings_per_year_set = m != NULL;
  if (!e && m && !json_is_null(m)) {
    if (!json_is_integer(m)) e = field_fail(fe, "meetings_per_year", "un nombre entier est attendu");
    in->meetings_per_year.has = 1;
    in->meetings_per_year.v = json_integer_value(m);
  }
  if (!e && json_object_get(b, "planned")) {
    in->planned_set = 1;
    e = api_in_bool(b, "planned", &in->planned, fe);
  }
  if (!e) e = in_ids(b, "pilots", in->pilots, GOV_MAX_PILOTS, &in->n_pilots, &in->pilots_set, fe);
  return e;
}

static const char *const body_keys[] = {"kind", "name", "territory_id", "frequency", "established", "note", "axis_id",
                                        "action_id", "meetings_per_year", "planned", "pilots", NULL};

static plam_err body_write(struct http_req *req, struct http_resp *resp, int create) {
  int64_t id;
  json_t *body = NULL, *out = NULL;
  struct field_error fe = {0};
  struct gov_body_input in;
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = parse_body_json(req, &body, body_keys, &fe);
  if (!e) e = body_input(body, &in, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct body_rec r;
  if (!e) e = create ? gov_body_create(db, &a, id, &in, &r, &fe) : gov_body_update(db, &a, id, &in, &r, &fe);
  if (!e) e = gov_body_json(db, &r, &out);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, create ? 201 : 200, out);
  return PLAM_OK;
}
plam_err api_gov_body_create(struct http_req *req, struct http_resp *resp) { return body_write(req, resp, 1); }
plam_err api_gov_body_update(struct http_req *req, struct http_resp *resp) { return body_write(req, resp, 0); }

/* ---- meetings ---- */
static plam_err meeting_input(json_t *b, struct gov_meeting_input *in, struct field_error *fe) {
  memset(in, 0, sizeof *in);
  plam_err e = in_text(b, "held_on", &in->held_on, fe);
  if (!e) e = in_text(b, "title", &in->title, fe);
  if (!e) e = in_text(b, "place", &in->place, fe);
  if (!e) e = in_text(b, "status", &in->status, fe);
  if (!e) e = in_text(b, "minutes", &in->minutes, fe);
  if (!e) e = in_text(b, "attendees_text", &in->attendees_text, fe);
  json_t *v = json_object_get(b, "attendees"), *x;
  size_t i;
  in->attendees_set = v != NULL;
  if (e || !v || json_is_null(v)) return e;
  if (!json_is_array(v)) return field_fail(fe, "attendees", "une liste de participants est attendue");
  if (json_array_size(v) > GOV_MAX_ATTENDEES) return field_fail(fe, "attendees", "liste trop longue");
  json_array_foreach(v, i, x) {
    static const char *const keys[] = {"org_id", "person", NULL};
    struct gov_attendee *t = &in->attendees[in->n_attendees++];
    if (!json_is_object(x)) return field_fail(fe, "attendees", "chaque participant est un objet {org_id, person}");
    e = api_in_known(x, keys, fe);
    if (!e) e = api_in_id(x, "org_id", &t->org_id, NULL, fe);
    if (!e && !t->org_id) e = field_fail(fe, "attendees", "l'organisation du participant est obligatoire");
    if (!e) e = api_in_str(x, "person", 0, &t->person, fe);
    if (e) {
      if (strcmp(fe->field, "attendees")) snprintf(fe->field, sizeof fe->field, "attendees");
      return e;
    }
  }
  return PLAM_OK;
}

static const char *const meeting_keys[] = {"held_on", "title", "place", "status", "minutes", "attendees_text",
                                           "attendees", NULL};

static plam_err meeting_write(struct http_req *req, struct http_resp *resp, int create) {
  int64_t id;
  json_t *body = NULL, *out = NULL;
  struct field_error fe = {0};
  struct gov_meeting_input *in = malloc(sizeof *in);
  plam_err e = in ? http_param_id(req, 0, &id) : PLAM_ERR_NOMEM;
  if (!e) e = parse_body_json(req, &body, meeting_keys, &fe);
  if (!e) e = meeting_input(body, in, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct meeting_rec *r = malloc(sizeof *r);
  if (!e && !r) e = PLAM_ERR_NOMEM;
  if (!e) e = create ? gov_meeting_create(db, &a, id, in, r, &fe) : gov_meeting_update(db, &a, id, in, r, &fe);
  if (!e) e = gov_meeting_json(db, r, &out);
  json_decref(body);
  free(in);
  free(r);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, create ? 201 : 200, out);
  return PLAM_OK;
}
plam_err api_gov_meeting_create(struct http_req *req, struct http_resp *resp) { return meeting_write(req, resp, 1); }
plam_err api_gov_meeting_update(struct http_req *req, struct http_resp *resp) { return meeting_write(req, resp, 0); }

/* ---- decisions ---- */
plam_err api_decision_update(struct http_req *req, struct http_resp *resp) {
  static const char *const keys[] = {"text", "owner_org_id", "owner_person", "due_on", "status", "meeting_id", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  struct gov_decision_input in;
  memset(&in, 0, sizeof in);
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = parse_body_json(req, &body, keys, &fe);
  if (!e) e = in_text(body, "text", &in.text, &fe);
  if (!e) e = in_text(body, "owner_person", &in.owner_person, &fe);
  if (!e) e = in_text(body, "due_on", &in.due_on, &fe);
  if (!e) e = in_text(body, "status", &in.status, &fe);
  if (!e && in.status.set && !in.status.v) e = field_fail(&fe, "status", "ce champ est obligatoire");
  if (!e) e = in_ref(body, "owner_org_id", &in.owner_org_id, &fe);
  if (!e) e = in_ref(body, "meeting_id", &in.meeting_id, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct decision_rec out;
  if (!e) e = gov_decision_update(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, plan_rec_json(&store_decision_t, &out));
  return PLAM_OK;
}

/* ---- targets ---- */
static plam_err target_input(json_t *b, struct gov_target_input *in, struct field_error *fe) {
  memset(in, 0, sizeof *in);
  plam_err e = api_in_str(b, "kind", 0, &in->kind, fe);
  if (!e) e = api_in_str(b, "territory_id", 0, &in->territory_id, fe);
  if (!e) e = api_in_str(b, "due_on", 0, &in->due_on, fe);
  if (!e) e = api_in_str(b, "qualifier", 0, &in->qualifier, fe);
  if (!e) e = api_in_str(b, "note", 0, &in->note, fe);
  if (!e) e = api_in_str(b, "source", 0, &in->source, fe);
  if (!e) e = api_in_id(b, "decision_id", &in->decision_id, NULL, fe);
  json_t *v = json_object_get(b, "value"), *h = json_object_get(b, "value_high");
  if (!e && v && !json_is_null(v)) {
    if (!json_is_number(v) || !isfinite(json_number_value(v))) return field_fail(fe, "value", "un nombre est attendu");
    in->has_value = 1;
    in->value = json_number_value(v);
  }
  if (!e && h && !json_is_null(h)) {
    if (!json_is_number(h) || !isfinite(json_number_value(h))) return field_fail(fe, "value_high", "un nombre est attendu");
    in->value_high.has = 1;
    in->value_high.v = json_number_value(h);
  }
  return e;
}

static plam_err target_write(struct http_req *req, struct http_resp *resp, int create) {
  static const char *const keys[] = {"kind", "territory_id", "due_on", "value", "value_high", "qualifier", "note",
                                     "source", "decision_id", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  struct gov_target_input in;
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = parse_body_json(req, &body, keys, &fe);
  if (!e) e = target_input(body, &in, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct target_rec out;
  if (!e) e = create ? gov_target_create(db, &a, id, &in, &out, &fe) : gov_target_revise(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, create ? 201 : 200, plan_rec_json(&store_target_t, &out));
  return PLAM_OK;
}
plam_err api_indicator_target_create(struct http_req *req, struct http_resp *resp) { return target_write(req, resp, 1); }
plam_err api_indicator_target_revise(struct http_req *req, struct http_resp *resp) { return target_write(req, resp, 0); }
