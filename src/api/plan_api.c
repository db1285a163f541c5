/* Plan endpoints: /api/plans, /api/indicators, /api/measurements,
 * /api/actions, /api/budget-lines, /api/contributions. Parse, call app/plan*,
 * serialise; permission scoping is in app/plan_json.c. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/plan_handlers.h"
#include "app/plan/plan.h"
#include "app/plan/plan_progress.h"
#include "store/store.h"

/* ---- input helpers ---- */
static plam_err in_num(json_t *o, const char *key, int *has, double *out, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  *has = 0;
  *out = 0;
  if (!v || json_is_null(v)) return PLAM_OK;
  if (!json_is_number(v) || !isfinite(json_number_value(v))) return field_fail(fe, key, "un nombre est attendu");
  *has = 1;
  *out = json_number_value(v);
  return PLAM_OK;
}

static plam_err in_cents(json_t *o, const char *key, struct opt_i64 *out, struct field_error *fe) {
  int has;
  double v;
  plam_err e = in_num(o, key, &has, &v, fe);
  if (!e && has && !(fabs(v) < 1e13)) e = field_fail(fe, key, "montant hors limites");
  out->has = has;
  out->v = has ? llround(v * 100.0) : 0;
  return e;
}

static plam_err in_year(json_t *o, const char *key, struct opt_i64 *out, struct field_error *fe) {
  int64_t v;
  json_t *j = json_object_get(o, key);
  out->has = 0;
  if (!j || json_is_null(j)) return PLAM_OK;
  plam_err e = api_in_id(o, key, &v, NULL, fe);
  if (!e) {
    out->has = 1;
    out->v = v;
  }
  return e;
}

static plam_err body_of(struct http_req *req, json_t **body, const char *const *allowed, struct field_error *fe) {
  plam_err e = http_body_json(req, body);
  if (!e) e = api_in_known(*body, allowed, fe);
  return e;
}

static struct db *db_or_fail(struct http_req *req, plam_err *e) {
  struct db *db = api_db(req);
  if (!db && !*e) *e = PLAM_ERR_DB;
  return db;
}

/* ---- reads ---- */
plam_err api_plans_list(struct http_req *req, struct http_resp *resp) {
  plam_err e = PLAM_OK;
  struct db *db = db_or_fail(req, &e);
  if (e) return e;
  struct actor a;
  api_actor(req, &a);
  json_t *items;
  if ((e = plan_list_json(db, &a, &items))) return e;
  api_list(resp, items, (int64_t)json_array_size(items), 500, 0);
  return PLAM_OK;
}

typedef plam_err (*plan_view_fn)(struct db *, const struct actor *, int64_t, json_t **);

static plam_err view(struct http_req *req, struct http_resp *resp, plan_view_fn fn) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db = db_or_fail(req, &e);
  if (e) return e;
  struct actor a;
  api_actor(req, &a);
  json_t *out;
  if ((e = fn(db, &a, id, &out))) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

plam_err api_plans_get(struct http_req *req, struct http_resp *resp) { return view(req, resp, plan_detail_json); }
/* The indicator with its progress at ?date= (default today) as the dashboard
 * computes it, plus the per-territory detail the dashboard leaves out.
 * Targets: the versions in force, or every version with history=1 (like
 * budget lines). */
plam_err api_indicators_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  long history = 0;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = http_query_int(req, "history", 0, 0, 1, &history);
  struct db *db = db_or_fail(req, &e);
  if (e) return e;
  const char *date = http_query_get(req, "date");
  if (date && !plan_date_valid(date)) {
    field_fail(&fe, "date", "date attendue au format AAAA-MM-JJ");
    return api_fail(req, resp, PLAM_ERR_INVALID, &fe);
  }
  struct actor a;
  api_actor(req, &a);
  json_t *out = NULL, *progress = NULL;
  if ((e = plan_indicator_json(db, &a, id, &out))) return e;
  json_t *targets = json_object_get(out, "targets");
  for (size_t i = json_array_size(targets); !history && i-- > 0;)
    if (json_is_false(json_object_get(json_array_get(targets, i), "current"))) json_array_remove(targets, i);
  if ((e = plan_indicator_progress_json(db, &a, id, date, &progress))) {
    json_decref(out);
    return e;
  }
  json_object_set_new(out, "progress", progress);
  api_ok(resp, 200, out);
  return PLAM_OK;
}
plam_err api_plans_contributions(struct http_req *req, struct http_resp *resp) {
  return view(req, resp, plan_contributions_json);
}
plam_err api_plans_pending(struct http_req *req, struct http_resp *resp) { return view(req, resp, plan_pending_json); }
plam_err api_actions_weather(struct http_req *req, struct http_resp *resp) {
  return view(req, resp, plan_action_weather_json);
}

static plam_err governance(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, id, &p);
  return e ? e : plan_governance_json(db, id, out);
}
plam_err api_plans_governance(struct http_req *req, struct http_resp *resp) { return view(req, resp, governance); }

plam_err api_plans_budget(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  long history = 0;
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = http_query_int(req, "history", 0, 0, 1, &history);
  struct db *db = db_or_fail(req, &e);
  if (e) return e;
  struct actor a;
  api_actor(req, &a);
  json_t *out;
  if ((e = plan_budget_json(db, &a, id, (int)history, &out))) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

plam_err api_plans_dashboard(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  struct db *db = db_or_fail(req, &e);
  if (e) return e;
  const char *date = http_query_get(req, "date");
  if (date && !plan_date_valid(date)) {
    field_fail(&fe, "date", "date attendue au format AAAA-MM-JJ");
    return api_fail(req, resp, PLAM_ERR_INVALID, &fe);
  }
  struct actor a;
  api_actor(req, &a);
  char *text;
  size_t len;
  if ((e = plan_dashboard_text(db, &a, id, date, &text, &len))) return e;
  resp->status = 200;
  resp->raw = text;
  resp->raw_len = len;
  resp->content_type = "application/json; charset=utf-8";
  return PLAM_OK;
}

/* ---- writes ---- */
plam_err api_plans_update(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"title", "short_title", "summary", "status", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  struct plan_patch in = {0};
  if (!e) e = api_in_str(body, "title", 0, &in.title, &fe);
  if (!e) e = api_in_str(body, "short_title", 0, &in.short_title, &fe);
  if (!e) e = api_in_str(body, "summary", 0, &in.summary, &fe);
  if (!e) e = api_in_str(body, "status", 0, &in.status, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  if (!e) e = plan_update(db, &a, id, &in, &fe);
  json_t *out = NULL;
  if (!e) e = plan_detail_json(db, &a, id, &out);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, out);
  return PLAM_OK;
}

plam_err api_actions_update(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"objective", "description", "status", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  struct action_patch in = {0};
  if (!e) e = api_in_str(body, "objective", 0, &in.objective, &fe);
  if (!e) e = api_in_str(body, "description", 0, &in.description, &fe);
  if (!e) e = api_in_str(body, "status", 0, &in.status, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct action_rec out;
  if (!e) e = plan_action_update(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, plan_rec_json(&store_action_t, &out));
  return PLAM_OK;
}

plam_err api_measurement_propose(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"territory_id", "value_on", "value", "numerator", "denominator",
                                        "source", "comment", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  struct measurement_input in = {0};
  int hn = 0, hd = 0;
  if (!e) e = api_in_str(body, "territory_id", 0, &in.territory_id, &fe);
  if (!e) e = api_in_str(body, "value_on", 1, &in.value_on, &fe);
  if (!e) e = in_num(body, "value", &in.has_value, &in.value, &fe);
  if (!e) e = in_num(body, "numerator", &hn, &in.numerator, &fe);
  if (!e) e = in_num(body, "denominator", &hd, &in.denominator, &fe);
  if (!e && hn != hd) e = field_fail(&fe, hn ? "denominator" : "numerator", "numérateur et dénominateur vont ensemble");
  in.has_ratio = hn && hd;
  if (!e) e = api_in_str(body, "source", 1, &in.source, &fe);
  if (!e) e = api_in_str(body, "comment", 0, &in.comment, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct measurement_rec out;
  if (!e) e = plan_measurement_propose(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, plan_rec_json(&store_measurement_t, &out));
  return PLAM_OK;
}

static plam_err review(struct http_req *req, struct http_resp *resp, int validate) {
  static const char *const allowed[] = {"reason", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  const char *reason = NULL;
  if (!e && req->body.len) e = body_of(req, &body, allowed, &fe);
  if (!e && body) e = api_in_str(body, "reason", 0, &reason, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct measurement_rec out;
  if (!e) e = plan_measurement_review(db, &a, id, validate, reason, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, plan_rec_json(&store_measurement_t, &out));
  return PLAM_OK;
}
plam_err api_measurement_validate(struct http_req *req, struct http_resp *resp) { return review(req, resp, 1); }
plam_err api_measurement_reject(struct http_req *req, struct http_resp *resp) { return review(req, resp, 0); }

plam_err api_actions_weather_post(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"judged_on", "level", "comment", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  const char *on = NULL, *level = NULL, *comment = NULL;
  if (!e) e = api_in_str(body, "judged_on", 1, &on, &fe);
  if (!e) e = api_in_str(body, "level", 1, &level, &fe);
  if (!e) e = api_in_str(body, "comment", 0, &comment, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct weather_rec out;
  if (!e) e = plan_weather_post(db, &a, id, on, level, comment, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, plan_rec_json(&store_weather_t, &out));
  return PLAM_OK;
}

static plam_err budget_read(json_t *body, struct budget_rec *b, struct field_error *fe) {
  static const char *const allowed[] = {"action_id", "funder_org_id", "fund", "year_from", "year_to", "label",
                                        "planned_eur", "committed_eur", "paid_eur", "unit_amount_eur", "unit",
                                        "quantity", "qualifier", "note", "decision_id", "source", NULL};
  memset(b, 0, sizeof *b);
  const char *s;
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_id(body, "action_id", &b->action_id, NULL, fe);
  if (!e) e = api_in_id(body, "funder_org_id", &b->funder_org_id, NULL, fe);
  if (!e) e = api_in_id(body, "decision_id", &b->decision_id, NULL, fe);
  if (!e) e = in_year(body, "year_from", &b->year_from, fe);
  if (!e) e = in_year(body, "year_to", &b->year_to, fe);
  if (!e) e = in_cents(body, "planned_eur", &b->planned_cents, fe);
  if (!e) e = in_cents(body, "committed_eur", &b->committed_cents, fe);
  if (!e) e = in_cents(body, "paid_eur", &b->paid_cents, fe);
  if (!e) e = in_cents(body, "unit_amount_eur", &b->unit_cents, fe);
  if (!e) e = in_num(body, "quantity", &b->quantity.has, &b->quantity.v, fe);
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
  for (size_t i = 0; !e && i < sizeof texts / sizeof texts[0]; i++) {
    e = api_in_str(body, texts[i].key, 0, &s, fe);
    if (!e && s && strlen(s) >= texts[i].size) e = field_fail(fe, texts[i].key, "ce champ est trop long");
    if (!e && s) store_copy((char *)b + texts[i].off, texts[i].size, s);
  }
  if (!e && b->qualifier[0] && strcmp(b->qualifier, "at_least") && strcmp(b->qualifier, "about") &&
      strcmp(b->qualifier, "at_most"))
    e = field_fail(fe, "qualifier", "qualificatif inconnu (at_least, about, at_most)");
  return e;
}

plam_err api_plans_budget_create(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = http_body_json(req, &body);
  struct budget_rec in, out;
  if (!e) e = budget_read(body, &in, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  if (!e) e = plan_budget_create(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, plan_rec_json(&store_budget_t, &out));
  return PLAM_OK;
}

plam_err api_budget_revise(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = http_body_json(req, &body);
  struct budget_rec in, out;
  if (!e) e = budget_read(body, &in, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  if (!e) e = plan_budget_revise(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, plan_rec_json(&store_budget_t, &out));
  return PLAM_OK;
}

plam_err api_budget_withdraw(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  long decision = 0;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = http_query_int(req, "decision_id", 0, 0, 2147483647L, &decision);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct budget_rec out;
  if (!e) e = plan_budget_withdraw(db, &a, id, decision, &out, &fe);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, plan_rec_json(&store_budget_t, &out));
  return PLAM_OK;
}

plam_err api_plans_decision_create(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"meeting_id", "text", "owner_org_id", "owner_person", "due_on", "status",
                                        "source", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  struct decision_rec in, out;
  memset(&in, 0, sizeof in);
  const char *text = NULL, *person = NULL, *due = NULL, *status = NULL, *source = NULL;
  if (!e) e = api_in_id(body, "meeting_id", &in.meeting_id, NULL, &fe);
  if (!e) e = api_in_id(body, "owner_org_id", &in.owner_org_id, NULL, &fe);
  if (!e) e = api_in_str(body, "text", 1, &text, &fe);
  if (!e) e = api_in_str(body, "owner_person", 0, &person, &fe);
  if (!e) e = api_in_str(body, "due_on", 0, &due, &fe);
  if (!e) e = api_in_str(body, "status", 0, &status, &fe);
  if (!e) e = api_in_str(body, "source", 0, &source, &fe);
  if (!e && text && strlen(text) >= sizeof in.text) e = field_fail(&fe, "text", "ce champ est trop long");
  store_copy(in.text, sizeof in.text, text);
  store_copy(in.owner_person, sizeof in.owner_person, person);
  store_copy(in.due_on, sizeof in.due_on, due);
  store_copy(in.status, sizeof in.status, status);
  store_copy(in.source, sizeof in.source, source);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  if (!e) e = plan_decision_create(db, &a, id, &in, &out, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, plan_rec_json(&store_decision_t, &out));
  return PLAM_OK;
}

plam_err api_plans_contribution_create(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"action_id", "kind", "body", NULL};
  int64_t id, action_id = 0;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  const char *kind = NULL, *text = NULL;
  if (!e) e = api_in_id(body, "action_id", &action_id, NULL, &fe);
  if (!e) e = api_in_str(body, "kind", 0, &kind, &fe);
  if (!e) e = api_in_str(body, "body", 1, &text, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct contribution_rec *out = malloc(sizeof *out);
  if (!e && !out) e = PLAM_ERR_NOMEM;
  if (!e) e = plan_contribution_create(db, &a, id, action_id, kind, text, out, &fe);
  json_decref(body);
  if (e) {
    free(out);
    return api_fail(req, resp, e, &fe);
  }
  api_ok(resp, 201, plan_rec_json(&store_contribution_t, out));
  free(out);
  return PLAM_OK;
}

plam_err api_contribution_answer(struct http_req *req, struct http_resp *resp) {
  static const char *const allowed[] = {"answer", NULL};
  int64_t id;
  json_t *body = NULL;
  struct field_error fe = {0};
  plam_err e = http_param_id(req, 0, &id);
  if (!e) e = body_of(req, &body, allowed, &fe);
  const char *answer = NULL;
  if (!e) e = api_in_str(body, "answer", 1, &answer, &fe);
  struct db *db = db_or_fail(req, &e);
  struct actor a;
  api_actor(req, &a);
  struct contribution_rec *out = malloc(sizeof *out);
  if (!e && !out) e = PLAM_ERR_NOMEM;
  if (!e) e = plan_contribution_answer(db, &a, id, answer, out, &fe);
  json_decref(body);
  if (e) {
    free(out);
    return api_fail(req, resp, e, &fe);
  }
  api_ok(resp, 200, plan_rec_json(&store_contribution_t, out));
  free(out);
  return PLAM_OK;
}
