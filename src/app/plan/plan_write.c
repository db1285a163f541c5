/* Writes to a plan: see plan.h. Each validates what needs no database, then
 * runs its change inside the write bracket (app/access/write.h): the change
 * checks references, writes, re-reads, bumps the plan's generation and
 * records its audit entry (plan_audit). Texts are checked whole against
 * their limits in characters and copied whole (app/access/text.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/plan/meas_bounds.h"
#include "app/plan/plan.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "store/store_tx.h"
#include "store/store.h"

const char *const plan_statuses[] = {"draft", "published", "archived", NULL};
const char *const plan_action_statuses[] = {"a_venir", "en_cours", "realise", "en_retard", "bloque", "abandonne", NULL};
const char *const plan_weather_levels[] = {"securises", "atteignables", "appuis_necessaires", "compromis", NULL};
const char *const plan_contribution_kinds[] = {"suggestion", "comment", "question", NULL};
const char *const plan_qualifiers[] = {"at_least", "about", "at_most", NULL};

plam_err plan_audit(struct app_tx *tx, int64_t plan_id, const char *action, const char *entity, int64_t id,
                    json_t *before, json_t *after) {
  plam_err e = store_plan_bump(tx->db, plan_id);
  if (e) {
    json_decref(before);
    json_decref(after);
    return e;
  }
  return app_audit(tx, action, entity, id, before, after);
}

/* ---- plan ---- */
struct plan_update_arg {
  int64_t plan_id;
  const struct plan_patch *in;
};

static plam_err plan_update_tx(struct app_tx *tx, void *arg) {
  const struct plan_update_arg *x = arg;
  const struct plan_patch *in = x->in;
  struct plan_rec before, p;
  plam_err e = store_plan_get(tx->db, x->plan_id, &before);
  if (e) return e;
  p = before;
  if (in->title) e = text_put("title", p.title, sizeof p.title, in->title, PLAN_TITLE_MAX, TEXT_REQUIRED, tx->fe);
  if (!e && in->short_title)
    e = text_put("short_title", p.short_title, sizeof p.short_title, in->short_title, PLAN_NAME_MAX, 0, tx->fe);
  if (!e && in->summary)
    e = text_put("summary", p.summary, sizeof p.summary, in->summary, PLAN_LONG_MAX, TEXT_LINES, tx->fe);
  if (!e && in->status)
    e = text_put("status", p.status, sizeof p.status, in->status, 15, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e) e = store_plan_update(tx->db, &p);
  if (e) return e;
  return plan_audit(tx, x->plan_id, "update", "plan", x->plan_id, plan_rec_json(&store_plan_t, &before),
                    plan_rec_json(&store_plan_t, &p));
}

plam_err plan_update(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_patch *in,
                     struct field_error *fe) {
  plam_err e = in->status ? text_enum("status", in->status, plan_statuses, 1, fe) : PLAM_OK;
  if (!e && in->title) e = text_check("title", in->title, PLAN_TITLE_MAX, TEXT_REQUIRED, fe);
  if (!e && in->short_title) e = text_check("short_title", in->short_title, PLAN_NAME_MAX, 0, fe);
  if (!e && in->summary) e = text_check("summary", in->summary, PLAN_LONG_MAX, TEXT_LINES, fe);
  if (e) return e;
  struct plan_update_arg x = {plan_id, in};
  return app_write(db, a, plan_update_tx, &x, fe);
}

/* ---- action ---- */
struct action_update_arg {
  int64_t action_id;
  const struct action_patch *in;
  struct action_rec *out;
};

static plam_err action_update_tx(struct app_tx *tx, void *arg) {
  const struct action_update_arg *x = arg;
  const struct action_patch *in = x->in;
  struct action_rec *out = x->out;
  struct action_rec before;
  plam_err e = store_action_get(tx->db, x->action_id, &before);
  if (!e) e = plan_can_edit_action(tx->db, tx->a, x->action_id);
  if (e) return e;
  *out = before;
  if (in->objective)
    e = text_put("objective", out->objective, sizeof out->objective, in->objective, PLAN_LONG_MAX, TEXT_LINES, tx->fe);
  if (!e && in->description)
    e = text_put("description", out->description, sizeof out->description, in->description, PLAN_LONG_MAX, TEXT_LINES,
                 tx->fe);
  if (!e && in->status) {
    e = text_put("status", out->status, sizeof out->status, in->status, 15, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
    out->status_known = 1;
  }
  if (!e) e = store_action_update(tx->db, out);
  if (!e) e = store_action_get(tx->db, x->action_id, out);
  if (e) return e;
  return plan_audit(tx, out->plan_id, "update", "action", x->action_id, plan_rec_json(&store_action_t, &before),
                    plan_rec_json(&store_action_t, out));
}

plam_err plan_action_update(struct db *db, const struct actor *a, int64_t action_id, const struct action_patch *in,
                            struct action_rec *out, struct field_error *fe) {
  plam_err e = in->status ? text_enum("status", in->status, plan_action_statuses, 1, fe) : PLAM_OK;
  if (!e && in->objective) e = text_check("objective", in->objective, PLAN_LONG_MAX, TEXT_LINES, fe);
  if (!e && in->description) e = text_check("description", in->description, PLAN_LONG_MAX, TEXT_LINES, fe);
  if (e) return e;
  struct action_update_arg x = {action_id, in, out};
  return app_write(db, a, action_update_tx, &x, fe);
}

/* ---- measurements ---- */
struct propose_arg {
  int64_t indicator_id;
  const struct measurement_input *in;
  struct measurement_rec *out;
};

/* The territory is one the indicator is measured on (plan_where.h). */
static plam_err propose_where(struct app_tx *tx, const struct indicator_rec *ind, int64_t plan_id, const char *terr) {
  if (strcmp(ind->breakdown, "departement")) return PLAM_OK; /* its scope: checked by the caller */
  char(*pt)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  int npt = 0, nit = 0;
  char where[PROGRESS_MAX_TERRITORIES][12];
  plam_err e = store_plan_territories(tx->db, plan_id, &pt, &npt);
  if (!e) e = store_plan_indicator_territories(tx->db, plan_id, &it_ind, &it_terr, &nit);
  if (!e) {
    size_t n = plan_where(ind->breakdown, ind->id, ind->scope_id, it_ind, (const char(*)[12])it_terr, (size_t)nit,
                          (const char(*)[12])pt, (size_t)npt, where, PROGRESS_MAX_TERRITORIES);
    if (!plan_where_has((const char(*)[12])where, n, terr)) {
      char msg[200];
      plan_where_refusal((const char(*)[12])where, n, terr, msg, sizeof msg);
      e = field_fail(tx->fe, "territory_id", msg);
    }
  }
  free(pt);
  free(it_ind);
  free(it_terr);
  return e;
}

static plam_err propose_tx(struct app_tx *tx, void *arg) {
  const struct propose_arg *x = arg;
  const struct measurement_input *in = x->in;
  struct indicator_rec ind;
  int64_t plan_id = 0, id = 0;
  plam_err e = store_indicator_get(tx->db, x->indicator_id, &ind, &plan_id);
  if (!e) e = plan_can_edit_action(tx->db, tx->a, ind.action_id);
  if (e) return e;
  /* what the indicator's definition allows (meas_bounds.h) */
  struct meas_rule rule;
  enum meas_part part = MEAS_PART_VALUE;
  char why[200];
  if (meas_rule_from(ind.kind, ind.aggregation, ind.ratio_scale, &rule))
    return field_fail(tx->fe, "value",
                      "la définition de l'indicateur est invalide : aucune valeur ne peut être proposée");
  if (meas_refused(&rule, in->has_value, in->value, in->has_ratio, in->numerator, in->denominator, &part, why,
                   sizeof why))
    return field_fail(tx->fe, meas_part_field(part), why);
  struct measurement_rec m;
  memset(&m, 0, sizeof m);
  const char *terr = in->territory_id && *in->territory_id ? in->territory_id : ind.scope_id;
  if (!strcmp(ind.breakdown, "scope") && strcmp(terr, ind.scope_id))
    return field_fail(tx->fe, "territory_id", "cet indicateur se mesure au niveau de son périmètre uniquement");
  struct territory_rec t;
  e = store_territory_get(tx->db, terr, &t);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "territory_id", "territoire inconnu");
  if (!e) e = propose_where(tx, &ind, plan_id, terr);
  if (e) return e;
  m.indicator_id = x->indicator_id;
  e = text_put("territory_id", m.territory_id, sizeof m.territory_id, terr, 11, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e) e = text_put("value_on", m.value_on, sizeof m.value_on, in->value_on, 10, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e)
    e = text_put("source", m.source, sizeof m.source, in->source, PLAN_SOURCE_MAX, TEXT_REQUIRED | TEXT_LINES, tx->fe);
  if (!e) e = text_put("comment", m.comment, sizeof m.comment, in->comment, PLAN_TEXT_MAX, TEXT_LINES, tx->fe);
  if (e) return e;
  m.value.has = in->has_value;
  m.value.v = in->value;
  m.numerator.has = m.denominator.has = in->has_ratio;
  m.numerator.v = in->numerator;
  m.denominator.v = in->denominator;
  m.author_id = tx->a->user_id;
  e = store_measurement_insert(tx->db, &m, &id);
  if (!e) e = store_measurement_get(tx->db, id, x->out, NULL);
  if (e) return e;
  return plan_audit(tx, plan_id, "propose", "measurement", id, NULL, plan_rec_json(&store_measurement_t, x->out));
}

plam_err plan_measurement_propose(struct db *db, const struct actor *a, int64_t indicator_id,
                                  const struct measurement_input *in, struct measurement_rec *out,
                                  struct field_error *fe) {
  if (!plan_date_valid(in->value_on)) return field_fail(fe, "value_on", "date attendue au format AAAA-MM-JJ");
  if (!in->has_value && !in->has_ratio)
    return field_fail(fe, "value", "une valeur, ou un numérateur et un dénominateur, est attendue");
  if (in->has_value && !isfinite(in->value)) return field_fail(fe, "value", "nombre invalide");
  if (in->has_ratio && !isfinite(in->numerator)) return field_fail(fe, "numerator", "nombre invalide");
  if (in->has_ratio && !isfinite(in->denominator)) return field_fail(fe, "denominator", "nombre invalide");
  plam_err e = text_check("source", in->source, PLAN_SOURCE_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (!e) e = text_check("comment", in->comment, PLAN_TEXT_MAX, TEXT_LINES, fe);
  if (!e && in->territory_id) e = text_check("territory_id", in->territory_id, 11, TEXT_ASCII, fe);
  if (e) return e;
  struct propose_arg x = {indicator_id, in, out};
  return app_write(db, a, propose_tx, &x, fe);
}

struct review_arg {
  int64_t measurement_id;
  int validate;
  const char *reason;
  struct measurement_rec *out;
};

static plam_err review_tx(struct app_tx *tx, void *arg) {
  const struct review_arg *x = arg;
  int64_t plan_id = 0;
  struct measurement_rec before;
  plam_err e = store_measurement_get(tx->db, x->measurement_id, &before, &plan_id);
  if (e) return e;
  if (strcmp(before.status, "pending")) {
    field_fail(tx->fe, "status", "cette valeur a déjà été examinée ; proposez une nouvelle valeur pour la corriger");
    return PLAM_ERR_CONFLICT;
  }
  if (x->validate && before.author_id && before.author_id == tx->a->user_id) { /* four eyes */
    field_fail(tx->fe, "id", "vous avez proposé cette valeur : un autre membre de l'équipe du plan doit la valider");
    return PLAM_ERR_FORBIDDEN;
  }
  struct review_rec r;
  memset(&r, 0, sizeof r);
  r.measurement_id = x->measurement_id;
  strcpy(r.decision, x->validate ? "validated" : "rejected");
  r.reviewer_id = tx->a->user_id;
  e = text_put("reason", r.reason, sizeof r.reason, x->reason, PLAN_TEXT_MAX, TEXT_LINES, tx->fe);
  if (!e) e = store_review_insert(tx->db, &r, NULL);
  if (!e) e = store_measurement_get(tx->db, x->measurement_id, x->out, NULL);
  if (e) return e;
  return plan_audit(tx, plan_id, x->validate ? "validate" : "reject", "measurement", x->measurement_id,
                    plan_rec_json(&store_measurement_t, &before), plan_rec_json(&store_measurement_t, x->out));
}

plam_err plan_measurement_review(struct db *db, const struct actor *a, int64_t measurement_id, int validate,
                                 const char *reason, struct measurement_rec *out, struct field_error *fe) {
  plam_err e = text_check("reason", reason, PLAN_TEXT_MAX, validate ? TEXT_LINES : TEXT_LINES | TEXT_REQUIRED, fe);
  if (e == PLAM_ERR_INVALID && !validate && (!reason || !*reason))
    return field_fail(fe, "reason", "le motif du rejet est obligatoire");
  if (e) return e;
  if (!plan_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct review_arg x = {measurement_id, validate, reason, out};
  return app_write(db, a, review_tx, &x, fe);
}

/* ---- weather ---- */
struct weather_arg {
  int64_t action_id;
  const char *judged_on, *level, *comment;
  struct weather_rec *out;
};

static plam_err weather_tx(struct app_tx *tx, void *arg) {
  const struct weather_arg *x = arg;
  struct action_rec ac;
  plam_err e = store_action_get(tx->db, x->action_id, &ac);
  if (!e) e = plan_can_edit_action(tx->db, tx->a, x->action_id);
  if (e) return e;
  struct weather_rec w;
  memset(&w, 0, sizeof w);
  w.action_id = x->action_id;
  w.author_id = tx->a->user_id;
  e = text_put("judged_on", w.judged_on, sizeof w.judged_on, x->judged_on, 10, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e) e = text_put("level", w.level, sizeof w.level, x->level, 23, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e) e = text_put("comment", w.comment, sizeof w.comment, x->comment, PLAN_TEXT_MAX, TEXT_LINES, tx->fe);
  int64_t id = 0;
  if (!e) e = store_weather_insert(tx->db, &w, &id);
  if (!e) e = store_weather_get(tx->db, id, x->out); /* the stored row: created_at, author_login */
  if (e) return e;
  return plan_audit(tx, ac.plan_id, "create", "weather", id, NULL, plan_rec_json(&store_weather_t, x->out));
}

plam_err plan_weather_post(struct db *db, const struct actor *a, int64_t action_id, const char *judged_on,
                           const char *level, const char *comment, struct weather_rec *out, struct field_error *fe) {
  plam_err e = text_enum("level", level, plan_weather_levels, 1, fe);
  if (e) return e;
  if (!plan_date_valid(judged_on)) return field_fail(fe, "judged_on", "date attendue au format AAAA-MM-JJ");
  if ((e = text_check("comment", comment, PLAN_TEXT_MAX, TEXT_LINES, fe))) return e;
  struct weather_arg x = {action_id, judged_on, level, comment, out};
  return app_write(db, a, weather_tx, &x, fe);
}

/* ---- budget lines ---- */
/* The texts of a line as the record holds them (copied whole by the caller,
 * or the overflow mark: refused here). */
static plam_err budget_texts(const struct budget_rec *b, struct field_error *fe) {
  plam_err e = text_check("label", b->label, PLAN_LABEL_MAX, TEXT_REQUIRED, fe);
  if (!e) e = text_check("fund", b->fund, PLAN_FUND_MAX, 0, fe);
  if (!e) e = text_check("unit", b->unit, PLAN_UNIT_MAX, 0, fe);
  if (!e) e = text_enum("qualifier", b->qualifier, plan_qualifiers, 0, fe);
  if (!e) e = text_check("note", b->note, PLAN_TEXT_MAX, TEXT_LINES, fe);
  if (!e) e = text_check("source", b->source, PLAN_SOURCE_MAX, TEXT_LINES, fe);
  return e;
}

static plam_err budget_check(struct db *db, int64_t plan_id, const struct budget_rec *b, struct field_error *fe) {
  plam_err e = budget_texts(b, fe);
  const struct opt_i64 *am[] = {&b->planned_cents, &b->committed_cents, &b->paid_cents, &b->unit_cents};
  static const char *const names[] = {"planned_eur", "committed_eur", "paid_eur", "unit_amount_eur"};
  for (int i = 0; !e && i < 4; i++)
    if (am[i]->has && am[i]->v < 0) e = field_fail(fe, names[i], "montant négatif");
  if (!e && b->quantity.has && !(b->quantity.v >= 0 && b->quantity.v < 1e9))
    e = field_fail(fe, "quantity", "quantité invalide");
  if (!e && b->year_from.has && (b->year_from.v < 1990 || b->year_from.v > 2100))
    e = field_fail(fe, "year_from", "année invalide");
  if (!e && b->year_to.has && (b->year_to.v < (b->year_from.has ? b->year_from.v : 1990) || b->year_to.v > 2100))
    e = field_fail(fe, "year_to", "année invalide");
  if (!e && b->action_id) {
    struct action_rec ac;
    e = store_action_get(db, b->action_id, &ac);
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != plan_id))
      e = field_fail(fe, "action_id", "action inconnue dans ce plan");
  }
  if (!e && b->funder_org_id) {
    struct org_rec o;
    e = store_org_get(db, b->funder_org_id, &o);
    if (e == PLAM_ERR_NOT_FOUND) e = field_fail(fe, "funder_org_id", "organisation inconnue");
  }
  if (!e && b->decision_id) {
    struct decision_rec d;
    e = store_decision_get(db, b->decision_id, &d);
    if (e == PLAM_ERR_NOT_FOUND || (!e && d.plan_id != plan_id))
      e = field_fail(fe, "decision_id", "décision inconnue dans ce plan");
  }
  return e;
}

struct budget_arg {
  int64_t id; /* plan (create) or line (revise, withdraw) */
  struct budget_rec *in;
  int withdraw;
  int64_t decision_id;
  struct budget_rec *out;
};

static plam_err budget_create_tx(struct app_tx *tx, void *arg) {
  const struct budget_arg *x = arg;
  struct budget_rec *in = x->in;
  struct plan_rec p;
  plam_err e = store_plan_get(tx->db, x->id, &p);
  in->plan_id = x->id;
  in->replaces_id = 0;
  in->withdrawn = 0;
  in->created_by = tx->a->user_id;
  if (!e) e = budget_check(tx->db, x->id, in, tx->fe);
  int64_t id = 0;
  if (!e) e = store_budget_insert(tx->db, in, &id);
  if (!e) e = store_budget_get(tx->db, id, x->out);
  if (e) return e;
  return plan_audit(tx, x->id, "create", "budget_line", id, NULL, plan_rec_json(&store_budget_t, x->out));
}

plam_err plan_budget_create(struct db *db, const struct actor *a, int64_t plan_id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe) {
  plam_err e = budget_texts(in, fe);
  if (e) return e;
  struct budget_arg x = {plan_id, in, 0, 0, out};
  return app_write(db, a, budget_create_tx, &x, fe);
}

/* A successor of line id: in (revise) or a withdrawn copy (withdraw). */
static plam_err budget_successor_tx(struct app_tx *tx, void *arg) {
  const struct budget_arg *x = arg;
  struct budget_rec before, next;
  plam_err e = store_budget_get(tx->db, x->id, &before);
  if (e) return e;
  if (!before.current) {
    field_fail(tx->fe, "id", "cette ligne a déjà été révisée : révisez sa dernière version");
    return PLAM_ERR_CONFLICT;
  }
  if (before.withdrawn) {
    field_fail(tx->fe, "id", "cette ligne a été retirée");
    return PLAM_ERR_CONFLICT;
  }
  next = x->withdraw ? before : *x->in;
  next.plan_id = before.plan_id;
  next.replaces_id = x->id;
  next.withdrawn = x->withdraw;
  next.created_by = tx->a->user_id;
  if (x->withdraw) next.decision_id = x->decision_id;
  e = budget_check(tx->db, before.plan_id, &next, tx->fe);
  int64_t nid = 0;
  if (!e) e = store_budget_insert(tx->db, &next, &nid);
  if (!e) e = store_budget_get(tx->db, nid, x->out);
  if (e) return e;
  return plan_audit(tx, before.plan_id, x->withdraw ? "withdraw" : "revise", "budget_line", nid,
                    plan_rec_json(&store_budget_t, &before), plan_rec_json(&store_budget_t, x->out));
}

plam_err plan_budget_revise(struct db *db, const struct actor *a, int64_t id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe) {
  if (!in->decision_id) return field_fail(fe, "decision_id", "une révision doit citer la décision qui l'a arrêtée");
  plam_err e = budget_texts(in, fe);
  if (e) return e;
  struct budget_arg x = {id, in, 0, 0, out};
  return app_write(db, a, budget_successor_tx, &x, fe);
}

plam_err plan_budget_withdraw(struct db *db, const struct actor *a, int64_t id, int64_t decision_id,
                              struct budget_rec *out, struct field_error *fe) {
  struct budget_arg x = {id, NULL, 1, decision_id, out};
  return app_write(db, a, budget_successor_tx, &x, fe);
}

/* ---- contributions ---- */
struct contribution_arg {
  int64_t plan_id, action_id;
  const char *kind, *body;
  struct contribution_rec *out;
};

static plam_err contribution_create_tx(struct app_tx *tx, void *arg) {
  const struct contribution_arg *x = arg;
  plam_err e = PLAM_OK;
  if (x->action_id) {
    struct action_rec ac;
    e = store_action_get(tx->db, x->action_id, &ac);
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != x->plan_id))
      return field_fail(tx->fe, "action_id", "action inconnue dans ce plan");
    if (e) return e;
  }
  struct contribution_rec *c = calloc(1, sizeof *c);
  if (!c) return PLAM_ERR_NOMEM;
  c->plan_id = x->plan_id;
  c->action_id = x->action_id;
  c->author_id = tx->a->user_id;
  c->org_id = tx->a->org_id;
  e = text_put("kind", c->kind, sizeof c->kind, x->kind, 15, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e)
    e = text_put("body", c->body, sizeof c->body, x->body, PLAN_CONTRIBUTION_MAX, TEXT_REQUIRED | TEXT_LINES, tx->fe);
  int64_t id = 0;
  if (!e) e = store_contribution_insert(tx->db, c, &id);
  free(c);
  if (!e) e = store_contribution_get(tx->db, id, x->out);
  if (e) return e;
  return plan_audit(tx, x->plan_id, "create", "contribution", id, NULL, plan_rec_json(&store_contribution_t, x->out));
}

plam_err plan_contribution_create(struct db *db, const struct actor *a, int64_t plan_id, int64_t action_id,
                                  const char *kind, const char *body, struct contribution_rec *out,
                                  struct field_error *fe) {
  if (!kind) kind = "suggestion";
  plam_err e = text_enum("kind", kind, plan_contribution_kinds, 1, fe);
  if (!e) e = text_check("body", body, PLAN_CONTRIBUTION_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (e) return e;
  struct plan_rec p;
  if ((e = plan_get_readable(db, a, plan_id, &p))) return e;
  struct contribution_arg x = {plan_id, action_id, kind, body, out};
  return app_write(db, a, contribution_create_tx, &x, fe);
}

struct answer_arg {
  int64_t id;
  const char *answer;
  struct contribution_rec *out;
};

static plam_err contribution_answer_tx(struct app_tx *tx, void *arg) {
  const struct answer_arg *x = arg;
  struct contribution_rec *before = malloc(sizeof *before);
  if (!before) return PLAM_ERR_NOMEM;
  plam_err e = store_contribution_get(tx->db, x->id, before);
  if (!e) e = store_contribution_answer(tx->db, x->id, x->answer, tx->a->user_id);
  if (!e) e = store_contribution_get(tx->db, x->id, x->out);
  json_t *jb = e ? NULL : plan_rec_json(&store_contribution_t, before);
  int64_t plan_id = before->plan_id;
  free(before);
  if (e) return e;
  return plan_audit(tx, plan_id, "answer", "contribution", x->id, jb, plan_rec_json(&store_contribution_t, x->out));
}

plam_err plan_contribution_answer(struct db *db, const struct actor *a, int64_t id, const char *answer,
                                  struct contribution_rec *out, struct field_error *fe) {
  plam_err e = text_check("answer", answer, PLAN_CONTRIBUTION_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (e) return e;
  struct answer_arg x = {id, answer, out};
  return app_write(db, a, contribution_answer_tx, &x, fe);
}
