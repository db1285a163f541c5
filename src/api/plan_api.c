/* Plan endpoints: /api/plans, /api/indicators, /api/measurements,
 * /api/actions, /api/budget-lines, /api/contributions. Each input spec sits
 * above its handler; the handler reads the checked fields, calls app/plan*,
 * serialises. Permission scoping is in app/plan_json.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/plan_handlers.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "app/plan/plan_progress.h"

/* Text limits in characters are the app's (PLAN_*_MAX, store/store_plan.h);
 * the byte limits are the records' (API_R). */
#define BIG 1000000000000000LL /* measured values: |v| < 1e15 */

/* ---- reads ---- */
plam_err api_plans_list(struct api_call *c) {
  json_t *items = NULL;
  plam_err e = plan_list_json(c->db, &c->actor, &items);
  if (!e) api_list(c->resp, items, (int64_t)json_array_size(items), 500, 0);
  return e;
}

plam_err api_plans_get(struct api_call *c) { return call_view(c, plan_detail_json); }
plam_err api_plans_contributions(struct api_call *c) { return call_view(c, plan_contributions_json); }
plam_err api_plans_pending(struct api_call *c) { return call_view(c, plan_pending_json); }
plam_err api_actions_weather(struct api_call *c) { return call_view(c, plan_action_weather_json); }

static plam_err governance(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, id, &p);
  return e ? e : gov_plan_json(db, id, out);
}
plam_err api_plans_governance(struct api_call *c) { return call_view(c, governance); }

/* The indicator with its progress at ?date= (default today) as the dashboard
 * computes it, plus the per-territory detail the dashboard leaves out.
 * Targets: the versions in force, or every version with history=1 (like
 * budget lines). */
static const struct api_field indicator_query[] = {API_I("history", 0, 1, 0), API_D("date", 0), API_END};
const struct api_input api_indicators_get_in = {.query = indicator_query};
plam_err api_indicators_get(struct api_call *c) {
  json_t *out = NULL, *progress = NULL;
  plam_err e = plan_indicator_json(c->db, &c->actor, c->id, &out);
  if (e) return e;
  json_t *targets = json_object_get(out, "targets");
  for (size_t i = json_array_size(targets); !call_int(c, "history", NULL) && i-- > 0;)
    if (json_is_false(json_object_get(json_array_get(targets, i), "current"))) json_array_remove(targets, i);
  if (!(e = plan_indicator_progress_json(c->db, &c->actor, c->id, call_str(c, "date"), &progress)))
    json_object_set_new(out, "progress", progress);
  return call_reply(c, e, 200, out);
}

static const struct api_field budget_query[] = {API_I("history", 0, 1, 0), API_END};
const struct api_input api_plans_budget_in = {.query = budget_query};
plam_err api_plans_budget(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = plan_budget_json(c->db, &c->actor, c->id, (int)call_int(c, "history", NULL), &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field dashboard_query[] = {API_D("date", 0), API_END};
const struct api_input api_plans_dashboard_in = {.query = dashboard_query};
plam_err api_plans_dashboard(struct api_call *c) {
  char *text = NULL;
  size_t len = 0;
  plam_err e = plan_dashboard_text(c->db, &c->actor, c->id, call_str(c, "date"), &text, &len);
  return e ? e : call_raw(c, text, len, "application/json; charset=utf-8");
}

/* ---- writes ---- */
static const struct api_field plan_fields[] = {API_R("title", PLAN_TITLE_MAX, struct plan_rec, title, 0),
                                               API_R("short_title", PLAN_NAME_MAX, struct plan_rec, short_title, 0),
                                               API_R("summary", PLAN_LONG_MAX, struct plan_rec, summary, 0),
                                               API_E("status", plan_statuses, 0), API_END};
const struct api_input api_plans_update_in = {.body = API_BODY_JSON, .fields = plan_fields};
plam_err api_plans_update(struct api_call *c) {
  struct plan_patch in = {call_str(c, "title"), call_str(c, "short_title"), call_str(c, "summary"),
                          call_str(c, "status")};
  json_t *out = NULL;
  plam_err e = plan_update(c->db, &c->actor, c->id, &in, &c->fe);
  if (!e) e = plan_detail_json(c->db, &c->actor, c->id, &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field action_fields[] = {API_R("objective", PLAN_LONG_MAX, struct action_rec, objective, 0),
                                                 API_R("description", PLAN_LONG_MAX, struct action_rec, description, 0),
                                                 API_E("status", plan_action_statuses, 0), API_END};
const struct api_input api_actions_update_in = {.body = API_BODY_JSON, .fields = action_fields};
plam_err api_actions_update(struct api_call *c) {
  struct action_patch in = {call_str(c, "objective"), call_str(c, "description"), call_str(c, "status")};
  struct action_rec out;
  plam_err e = plan_action_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, e ? NULL : plan_rec_json(&store_action_t, &out));
}

static const struct api_field measurement_fields[] = {
  API_R("territory_id", 11, struct measurement_rec, territory_id, 0),
  API_D("value_on", API_REQUIRED),
  API_N("value", -BIG, BIG, 0),
  API_N("numerator", -BIG, BIG, 0),
  API_N("denominator", -BIG, BIG, 0),
  API_R("source", PLAN_SOURCE_MAX, struct measurement_rec, source, API_REQUIRED),
  API_R("comment", PLAN_TEXT_MAX, struct measurement_rec, comment, 0),
  API_END};
const struct api_input api_measurement_propose_in = {.body = API_BODY_JSON, .fields = measurement_fields};
plam_err api_measurement_propose(struct api_call *c) {
  struct measurement_input in = {.territory_id = call_str(c, "territory_id"),
                                 .value_on = call_str(c, "value_on"),
                                 .source = call_str(c, "source"),
                                 .comment = call_str(c, "comment")};
  int hn, hd;
  in.value = call_num(c, "value", &in.has_value);
  in.numerator = call_num(c, "numerator", &hn);
  in.denominator = call_num(c, "denominator", &hd);
  in.has_ratio = hn && hd;
  struct measurement_rec out;
  plam_err e = hn != hd
                 ? field_fail(&c->fe, hn ? "denominator" : "numerator", "numérateur et dénominateur vont ensemble")
                 : plan_measurement_propose(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, e ? NULL : plan_rec_json(&store_measurement_t, &out));
}

static const struct api_field review_fields[] = {API_R("reason", PLAN_TEXT_MAX, struct measurement_rec, reason, 0),
                                                 API_END};
const struct api_input api_measurement_review_in = {.body = API_BODY_OPTIONAL, .fields = review_fields};
static plam_err review(struct api_call *c, int validate) {
  struct measurement_rec out;
  plam_err e = plan_measurement_review(c->db, &c->actor, c->id, validate, call_str(c, "reason"), &out, &c->fe);
  return call_reply(c, e, 200, e ? NULL : plan_rec_json(&store_measurement_t, &out));
}
plam_err api_measurement_validate(struct api_call *c) { return review(c, 1); }
plam_err api_measurement_reject(struct api_call *c) { return review(c, 0); }

static const struct api_field weather_fields[] = {
  API_D("judged_on", API_REQUIRED), API_E("level", plan_weather_levels, API_REQUIRED),
  API_R("comment", PLAN_TEXT_MAX, struct weather_rec, comment, 0), API_END};
const struct api_input api_actions_weather_post_in = {.body = API_BODY_JSON, .fields = weather_fields};
plam_err api_actions_weather_post(struct api_call *c) {
  struct weather_rec out;
  plam_err e = plan_weather_post(c->db, &c->actor, c->id, call_str(c, "judged_on"), call_str(c, "level"),
                                 call_str(c, "comment"), &out, &c->fe);
  return call_reply(c, e, 201, e ? NULL : plan_rec_json(&store_weather_t, &out));
}

/* ---- budget lines ---- */
#define EUR(n) API_M(n, 0, 9999999999999LL, 0)
static const struct api_field budget_fields[] = {API_REF("action_id", 0),
                                                 API_REF("funder_org_id", 0),
                                                 API_R("fund", PLAN_FUND_MAX, struct budget_rec, fund, 0),
                                                 API_I("year_from", 1990, 2100, 0),
                                                 API_I("year_to", 1990, 2100, 0),
                                                 API_R("label", PLAN_LABEL_MAX, struct budget_rec, label, API_REQUIRED),
                                                 EUR("planned_eur"),
                                                 EUR("committed_eur"),
                                                 EUR("paid_eur"),
                                                 EUR("unit_amount_eur"),
                                                 API_R("unit", PLAN_UNIT_MAX, struct budget_rec, unit, 0),
                                                 API_N("quantity", 0, 999999999, 0),
                                                 API_E("qualifier", plan_qualifiers, 0),
                                                 API_R("note", PLAN_TEXT_MAX, struct budget_rec, note, 0),
                                                 API_REF("decision_id", 0),
                                                 API_R("source", PLAN_SOURCE_MAX, struct budget_rec, source, 0),
                                                 API_END};
const struct api_input api_budget_write_in = {.body = API_BODY_JSON, .fields = budget_fields};

static plam_err budget_read(const struct api_call *c, struct budget_rec *b) {
  memset(b, 0, sizeof *b);
  b->action_id = call_int(c, "action_id", NULL);
  b->funder_org_id = call_int(c, "funder_org_id", NULL);
  b->decision_id = call_int(c, "decision_id", NULL);
  b->year_from.v = call_int(c, "year_from", &b->year_from.has);
  b->year_to.v = call_int(c, "year_to", &b->year_to.has);
  b->planned_cents.v = call_cents(c, "planned_eur", &b->planned_cents.has);
  b->committed_cents.v = call_cents(c, "committed_eur", &b->committed_cents.has);
  b->paid_cents.v = call_cents(c, "paid_eur", &b->paid_cents.has);
  b->unit_cents.v = call_cents(c, "unit_amount_eur", &b->unit_cents.has);
  b->quantity.v = call_num(c, "quantity", &b->quantity.has);
  static const struct {
    const char *key;
    size_t off, size;
  } texts[] = {
    {"fund", offsetof(struct budget_rec, fund), sizeof b->fund},
    {"label", offsetof(struct budget_rec, label), sizeof b->label},
    {"unit", offsetof(struct budget_rec, unit), sizeof b->unit},
    {"qualifier", offsetof(struct budget_rec, qualifier), sizeof b->qualifier},
    {"note", offsetof(struct budget_rec, note), sizeof b->note},
    {"source", offsetof(struct budget_rec, source), sizeof b->source},
  };
  plam_err e = PLAM_OK;
  for (size_t i = 0; !e && i < sizeof texts / sizeof texts[0]; i++)
    e = call_copy(c, texts[i].key, (char *)b + texts[i].off, texts[i].size);
  return e;
}

plam_err api_plans_budget_create(struct api_call *c) {
  struct budget_rec in, out;
  plam_err e = budget_read(c, &in);
  if (!e) e = plan_budget_create(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, e ? NULL : plan_rec_json(&store_budget_t, &out));
}

plam_err api_budget_revise(struct api_call *c) {
  struct budget_rec in, out;
  plam_err e = budget_read(c, &in);
  if (!e) e = plan_budget_revise(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, e ? NULL : plan_rec_json(&store_budget_t, &out));
}

static const struct api_field withdraw_query[] = {API_I("decision_id", 0, 2147483647LL, 0), API_END};
const struct api_input api_budget_withdraw_in = {.query = withdraw_query};
plam_err api_budget_withdraw(struct api_call *c) {
  struct budget_rec out;
  plam_err e = plan_budget_withdraw(c->db, &c->actor, c->id, call_int(c, "decision_id", NULL), &out, &c->fe);
  return call_reply(c, e, 200, e ? NULL : plan_rec_json(&store_budget_t, &out));
}

/* ---- decisions, contributions ---- */
static const struct api_field decision_fields[] = {
  API_REF("meeting_id", 0),
  API_R("text", PLAN_TEXT_MAX, struct decision_rec, text, API_REQUIRED),
  API_REF("owner_org_id", 0),
  API_R("owner_person", PLAN_NAME_MAX, struct decision_rec, owner_person, 0),
  API_D("due_on", 0),
  API_E("status", gov_decision_statuses, 0),
  API_R("source", PLAN_SOURCE_MAX, struct decision_rec, source, 0),
  API_END};
const struct api_input api_plans_decision_create_in = {.body = API_BODY_JSON, .fields = decision_fields};
plam_err api_plans_decision_create(struct api_call *c) {
  struct decision_rec in, out;
  memset(&in, 0, sizeof in);
  in.meeting_id = call_int(c, "meeting_id", NULL);
  in.owner_org_id = call_int(c, "owner_org_id", NULL);
  plam_err e = call_copy(c, "text", in.text, sizeof in.text);
  if (!e) e = call_copy(c, "owner_person", in.owner_person, sizeof in.owner_person);
  if (!e) e = call_copy(c, "due_on", in.due_on, sizeof in.due_on);
  if (!e) e = call_copy(c, "status", in.status, sizeof in.status);
  if (!e) e = call_copy(c, "source", in.source, sizeof in.source);
  if (!e) e = gov_decision_create(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, e ? NULL : plan_rec_json(&store_decision_t, &out));
}

static const struct api_field contribution_fields[] = {
  API_REF("action_id", 0), API_E("kind", plan_contribution_kinds, 0),
  API_R("body", PLAN_CONTRIBUTION_MAX, struct contribution_rec, body, API_REQUIRED), API_END};
const struct api_input api_plans_contribution_create_in = {.body = API_BODY_JSON, .fields = contribution_fields};
static const struct api_field answer_fields[] = {
  API_R("answer", PLAN_CONTRIBUTION_MAX, struct contribution_rec, answer, API_REQUIRED), API_END};
const struct api_input api_contribution_answer_in = {.body = API_BODY_JSON, .fields = answer_fields};

/* create (answer NULL) or answer a contribution; the record is large, so on the heap */
static plam_err contribution(struct api_call *c, const char *answer) {
  struct contribution_rec *out = malloc(sizeof *out);
  plam_err e = !out     ? PLAM_ERR_NOMEM
               : answer ? plan_contribution_answer(c->db, &c->actor, c->id, answer, out, &c->fe)
                        : plan_contribution_create(c->db, &c->actor, c->id, call_int(c, "action_id", NULL),
                                                   call_str(c, "kind"), call_str(c, "body"), out, &c->fe);
  e = call_reply(c, e, answer ? 200 : 201, e ? NULL : plan_rec_json(&store_contribution_t, out));
  free(out);
  return e;
}
plam_err api_plans_contribution_create(struct api_call *c) { return contribution(c, NULL); }
plam_err api_contribution_answer(struct api_call *c) { return contribution(c, call_str(c, "answer")); }
