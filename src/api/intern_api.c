/* Internships endpoints (/api/intern/...): the checked input, a call to
 * app/intern, the JSON. Who sees what (aggregates only, alerts to staff,
 * an intern's own grid) is decided in app/intern from the session's actor. */
#include <stdlib.h>
#include "api/api.h"
#include "api/intern_handlers.h"
#include "app/intern/intern.h"

#define TEXT(n) API_S(n, INTERN_TEXT_MAX, INTERN_TEXT_MAX * 4, 0)
#define LABEL(n) API_S(n, INTERN_LABEL_MAX, INTERN_LABEL_MAX * 4, 0)
#define SEM(fl) API_S("semester", 7, 7, fl)

static plam_err reply(struct api_call *c, plam_err e, int status, json_t *out) { return call_reply(c, e, status, out); }

/* ---- sites ---- */
static const struct api_field site_fields[] = {API_REF("establishment_id", 0),
                                               API_REF("unit_id", 0),
                                               API_R("label", INTERN_LABEL_MAX, struct isite_rec, label, 0),
                                               API_E("programme", intern_programmes, 0),
                                               API_R("specialty", 100, struct isite_rec, specialty, 0),
                                               API_I("capacity", 0, 1000, 0),
                                               API_B("chu", 0),
                                               API_D("accredited_from", 0),
                                               API_D("accredited_to", 0),
                                               API_END};
const struct api_input api_isite_in = {.body = API_BODY_JSON, .fields = site_fields};

static struct isite_input site_read(const struct api_call *c) {
  struct isite_input in = {.label = call_str(c, "label"),
                           .programme = call_str(c, "programme"),
                           .specialty = call_str(c, "specialty"),
                           .accredited_from = call_str(c, "accredited_from"),
                           .accredited_to = call_str(c, "accredited_to")};
  in.establishment_id = call_int(c, "establishment_id", &in.has_establishment);
  in.unit_id = call_int(c, "unit_id", NULL);
  in.has_unit = call_has(c, "unit_id");
  in.capacity = call_int(c, "capacity", &in.has_capacity);
  in.chu = call_bool(c, "chu", -1);
  return in;
}

plam_err api_intern_sites(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_sites_list(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_ipa_offers(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_ipa_offers(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_ipa_map(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_ipa_map(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_site_get(struct api_call *c) { return call_view(c, intern_site_get); }
plam_err api_intern_site_results(struct api_call *c) { return call_view(c, intern_results); }
plam_err api_intern_site_create(struct api_call *c) {
  struct isite_input in = site_read(c);
  json_t *out = NULL;
  plam_err e = intern_site_create(c->db, &c->actor, &in, &out, &c->fe);
  return reply(c, e, 201, out);
}
plam_err api_intern_site_update(struct api_call *c) {
  struct isite_input in = site_read(c);
  json_t *out = NULL;
  plam_err e = intern_site_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return reply(c, e, 200, out);
}

static const struct api_field decision_fields[] = {API_E("decision", intern_decisions, API_REQUIRED),
                                                   API_D("decided_on", API_REQUIRED), TEXT("reason"), API_D("until", 0),
                                                   API_END};
const struct api_input api_idecision_in = {.body = API_BODY_JSON, .fields = decision_fields};
plam_err api_intern_site_decide(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_site_decide(c->db, &c->actor, c->id, call_str(c, "decision"), call_str(c, "decided_on"),
                                  call_str(c, "reason"), call_str(c, "until"), &out, &c->fe);
  return reply(c, e, 200, out);
}

static const struct api_field assign_fields[] = {SEM(API_REQUIRED), API_S("login", 64, 64, API_REQUIRED), API_END};
const struct api_input api_iassign_in = {.body = API_BODY_JSON, .fields = assign_fields};
plam_err api_intern_site_assign(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_assign(c->db, &c->actor, c->id, call_str(c, "semester"), call_str(c, "login"), &out, &c->fe);
  return reply(c, e, 201, out);
}

static const struct api_field posts_fields[] = {SEM(API_REQUIRED), API_END};
const struct api_input api_iposts_in = {.body = API_BODY_JSON, .fields = posts_fields};
plam_err api_intern_campaign_posts(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_campaign_posts(c->db, &c->actor, c->id, call_str(c, "semester"), &out, &c->fe);
  return reply(c, e, 201, out);
}

plam_err api_intern_results(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_results_all(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}

/* ---- evaluations ---- */
static const struct api_field eval_fields[] = {SEM(API_REQUIRED),
                                               API_I("supervision", 0, 4, API_REQUIRED),
                                               API_I("conditions", 1, 4, API_REQUIRED),
                                               API_I("hours", 0, 120, API_REQUIRED),
                                               API_I("rest_taken", 0, 2, API_REQUIRED),
                                               API_I("training_half_days", 0, 10, API_REQUIRED),
                                               API_I("non_medical", 1, 4, API_REQUIRED),
                                               API_I("respect", 1, 4, API_REQUIRED),
                                               API_B("harassment", API_REQUIRED),
                                               TEXT("comment"),
                                               API_END};
const struct api_input api_ieval_in = {.body = API_BODY_JSON, .fields = eval_fields};
plam_err api_intern_my_evaluations(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_my_evaluations(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_evaluate(struct api_call *c) {
  struct ieval_input in = {.semester = call_str(c, "semester"),
                           .comment = call_str(c, "comment"),
                           .supervision = call_int(c, "supervision", NULL),
                           .conditions = call_int(c, "conditions", NULL),
                           .hours = call_int(c, "hours", NULL),
                           .rest_taken = call_int(c, "rest_taken", NULL),
                           .training_half_days = call_int(c, "training_half_days", NULL),
                           .non_medical = call_int(c, "non_medical", NULL),
                           .respect = call_int(c, "respect", NULL),
                           .harassment = call_bool(c, "harassment", 0)};
  json_t *out = NULL;
  plam_err e = intern_evaluate(c->db, &c->actor, &in, &out, &c->fe);
  return reply(c, e, 201, out);
}
plam_err api_intern_moderation(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_moderation_list(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
static const struct api_field moderate_fields[] = {API_E("decision", intern_moderations, API_REQUIRED), API_END};
const struct api_input api_imoderate_in = {.body = API_BODY_JSON, .fields = moderate_fields};
plam_err api_intern_moderate(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_moderate(c->db, &c->actor, c->id, call_str(c, "decision"), &out, &c->fe);
  return reply(c, e, 200, out);
}
plam_err api_intern_semesters(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_semesters(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
static const struct api_field semester_fields[] = {SEM(API_REQUIRED), API_END};
const struct api_input api_isemester_in = {.body = API_BODY_JSON, .fields = semester_fields};
plam_err api_intern_semester_close(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_semester_close(c->db, &c->actor, call_str(c, "semester"), &out, &c->fe);
  return reply(c, e, 201, out);
}

static const char *const csv_media[] = {"text/csv", "text/plain", "application/octet-stream",
                                        "application/vnd.ms-excel", NULL};
const struct api_input api_ioppi_in = {
  .body = API_BODY_RAW, .media = csv_media, .media_hint = "envoyez le fichier CSV en text/csv"};
plam_err api_intern_oppi_import(struct api_call *c) {
  const struct buf *body = &c->req->body;
  json_t *out = NULL, *errors = NULL;
  plam_err e = intern_oppi_import(c->db, &c->actor, body->data ? body->data : "", body->len, &out, &errors, &c->fe);
  if (e == PLAM_ERR_INVALID && errors) {
    size_t total = json_array_size(errors);
    api_file_errors(c->req, c->resp, e, json_pack("{s:o, s:I}", "errors", errors, "errors_total", (json_int_t)total),
                    total, "rien n'a été importé");
  } else {
    json_decref(errors);
  }
  return reply(c, e, 200, out);
}

/* ---- rules and alerts ---- */
static const struct api_field rule_fields[] = {API_E("code", intern_rule_codes, API_REQUIRED),
                                               API_B("enabled", 0),
                                               API_N("threshold", 0, 1000, 0),
                                               LABEL("authority"),
                                               API_S("owner_login", 64, 64, 0),
                                               API_END};
const struct api_input api_irule_in = {.body = API_BODY_JSON, .fields = rule_fields};
plam_err api_intern_rules(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_rules_list(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_rule_update(struct api_call *c) {
  struct irule_input in = {.code = call_str(c, "code"),
                           .authority = call_str(c, "authority"),
                           .owner_login = call_str(c, "owner_login"),
                           .enabled = call_bool(c, "enabled", -1)};
  in.threshold = call_num(c, "threshold", &in.has_threshold);
  json_t *out = NULL;
  plam_err e = intern_rule_update(c->db, &c->actor, &in, &out, &c->fe);
  return reply(c, e, 200, out);
}
static const struct api_field alerts_query[] = {API_E("status", intern_alert_statuses, 0), API_END};
const struct api_input api_ialerts_in = {.query = alerts_query};
plam_err api_intern_alerts(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_alerts_list(c->db, &c->actor, call_str(c, "status"), &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_alert_get(struct api_call *c) { return call_view(c, intern_alert_get); }
static const struct api_field act_fields[] = {API_E("status", intern_alert_statuses, 0), TEXT("note"),
                                              API_S("owner_login", 64, 64, 0), API_END};
const struct api_input api_ialert_act_in = {.body = API_BODY_JSON, .fields = act_fields};
plam_err api_intern_alert_act(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_alert_act(c->db, &c->actor, c->id, call_str(c, "status"), call_str(c, "note"),
                                call_str(c, "owner_login"), &out, &c->fe);
  return reply(c, e, 200, out);
}

/* ---- reviews and actions ---- */
plam_err api_intern_reviews(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_reviews_list(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
plam_err api_intern_review_get(struct api_call *c) { return call_view(c, intern_review_get); }
static const struct api_field review_create_fields[] = {API_REF("site_id", API_REQUIRED),
                                                        API_S("year", 9, 9, API_REQUIRED), API_END};
const struct api_input api_ireview_create_in = {.body = API_BODY_JSON, .fields = review_create_fields};
plam_err api_intern_review_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_review_create(c->db, &c->actor, call_int(c, "site_id", NULL), call_str(c, "year"), &out, &c->fe);
  return reply(c, e, 201, out);
}
static const struct api_field review_fields[] = {API_E("status", intern_review_statuses, 0), TEXT("conclusion"),
                                                 API_E("decision", intern_review_decisions, 0), TEXT("reason"),
                                                 API_END};
const struct api_input api_ireview_in = {.body = API_BODY_JSON, .fields = review_fields};
plam_err api_intern_review_update(struct api_call *c) {
  struct ireview_input in = {.status = call_str(c, "status"),
                             .conclusion = call_str(c, "conclusion"),
                             .decision = call_str(c, "decision"),
                             .reason = call_str(c, "reason")};
  json_t *out = NULL;
  plam_err e = intern_review_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return reply(c, e, 200, out);
}
plam_err api_intern_programmes(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = intern_programmes_list(c->db, &c->actor, &out);
  return reply(c, e, 200, out);
}
static const struct api_field action_fields[] = {API_E("kind", intern_action_kinds, 0),
                                                 API_REF("review_id", 0),
                                                 LABEL("title"),
                                                 LABEL("owner"),
                                                 API_D("due_on", 0),
                                                 API_E("status", intern_action_statuses, 0),
                                                 TEXT("follow_up"),
                                                 TEXT("results"),
                                                 API_B("shared", 0),
                                                 API_END};
const struct api_input api_iaction_in = {.body = API_BODY_JSON, .fields = action_fields};
static struct iaction_input action_read(const struct api_call *c) {
  struct iaction_input in = {.kind = call_str(c, "kind"),
                             .title = call_str(c, "title"),
                             .owner = call_str(c, "owner"),
                             .due_on = call_str(c, "due_on"),
                             .status = call_str(c, "status"),
                             .follow_up = call_str(c, "follow_up"),
                             .results = call_str(c, "results"),
                             .review_id = call_int(c, "review_id", NULL),
                             .shared = call_bool(c, "shared", -1)};
  return in;
}
plam_err api_intern_action_create(struct api_call *c) {
  struct iaction_input in = action_read(c);
  json_t *out = NULL;
  plam_err e = intern_action_create(c->db, &c->actor, &in, &out, &c->fe);
  return reply(c, e, 201, out);
}
plam_err api_intern_action_update(struct api_call *c) {
  struct iaction_input in = action_read(c);
  json_t *out = NULL;
  plam_err e = intern_action_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return reply(c, e, 200, out);
}
