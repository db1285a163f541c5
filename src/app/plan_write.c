/* Writes to a plan: see plan.h. Each runs in one write transaction with its
 * audit entry and bumps the plan's generation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan.h"
#include "db/db.h"
#include "store/store.h"

static plam_err finish(struct db *db, const struct actor *a, plam_err e, int64_t plan_id, const char *action,
                       const char *entity, int64_t id, json_t *before, json_t *after) {
  if (!e) e = store_plan_bump(db, plan_id);
  if (!e) e = audit_write(db, a, action, entity, id, before, after);
  json_decref(before);
  json_decref(after);
  return db_write_end(db, e);
}

static int in_list(const char *v, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(v, *list)) return 1;
  return 0;
}

plam_err plan_update(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_patch *in,
                     struct field_error *fe) {
  static const char *const statuses[] = {"draft", "published", "archived", NULL};
  plam_err e = PLAM_OK;
  if (in->status && !in_list(in->status, statuses)) return field_fail(fe, "status", "statut inconnu (draft, published, archived)");
  if (in->title) e = plan_check_text("title", in->title, 300, 1, fe);
  if (!e && in->short_title) e = plan_check_text("short_title", in->short_title, 200, 0, fe);
  if (!e && in->summary) e = plan_check_text("summary", in->summary, PLAN_LONG - 1, 0, fe);
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct plan_rec before, p;
  e = store_plan_get(db, plan_id, &before);
  if (!e) {
    p = before;
    if (in->title) store_copy(p.title, sizeof p.title, in->title);
    if (in->short_title) store_copy(p.short_title, sizeof p.short_title, in->short_title);
    if (in->summary) store_copy(p.summary, sizeof p.summary, in->summary);
    if (in->status) store_copy(p.status, sizeof p.status, in->status);
    e = store_plan_update(db, &p);
  }
  json_t *jb = e ? NULL : plan_rec_json(&store_plan_t, &before), *ja = e ? NULL : plan_rec_json(&store_plan_t, &p);
  return finish(db, a, e, plan_id, "update", "plan", plan_id, jb, ja);
}

plam_err plan_action_update(struct db *db, const struct actor *a, int64_t action_id, const struct action_patch *in,
                            struct action_rec *out, struct field_error *fe) {
  static const char *const statuses[] = {"a_venir", "en_cours", "realise", "en_retard", "bloque", "abandonne", NULL};
  plam_err e = PLAM_OK;
  if (in->status && !in_list(in->status, statuses))
    return field_fail(fe, "status", "statut inconnu (a_venir, en_cours, realise, en_retard, bloque, abandonne)");
  if (in->objective) e = plan_check_text("objective", in->objective, PLAN_LONG - 1, 0, fe);
  if (!e && in->description) e = plan_check_text("description", in->description, PLAN_LONG - 1, 0, fe);
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct action_rec before;
  e = store_action_get(db, action_id, &before);
  if (!e) e = plan_can_edit_action(db, a, action_id);
  if (!e) {
    *out = before;
    if (in->objective) store_copy(out->objective, sizeof out->objective, in->objective);
    if (in->description) store_copy(out->description, sizeof out->description, in->description);
    if (in->status) {
      store_copy(out->status, sizeof out->status, in->status);
      out->status_known = 1;
    }
    e = store_action_update(db, out);
  }
  if (!e) e = store_action_get(db, action_id, out);
  json_t *jb = e ? NULL : plan_rec_json(&store_action_t, &before), *ja = e ? NULL : plan_rec_json(&store_action_t, out);
  return finish(db, a, e, e ? 0 : out->plan_id, "update", "action", action_id, jb, ja);
}

plam_err plan_measurement_propose(struct db *db, const struct actor *a, int64_t indicator_id,
                                  const struct measurement_input *in, struct measurement_rec *out,
                                  struct field_error *fe) {
  if (!plan_date_valid(in->value_on)) return field_fail(fe, "value_on", "date attendue au format AAAA-MM-JJ");
  if (!in->has_value && !in->has_ratio)
    return field_fail(fe, "value", "une valeur, ou un numérateur et un dénominateur, est attendue");
  if ((in->has_value && !isfinite(in->value)) ||
      (in->has_ratio && (!isfinite(in->numerator) || !isfinite(in->denominator) || in->denominator < 0)))
    return field_fail(fe, "value", "nombre invalide");
  plam_err e = plan_check_text("source", in->source, PLAN_SOURCE - 1, 1, fe);
  if (!e) e = plan_check_text("comment", in->comment, PLAN_TEXT - 1, 0, fe);
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct indicator_rec ind;
  int64_t plan_id = 0, id = 0;
  e = store_indicator_get(db, indicator_id, &ind, &plan_id);
  if (!e) e = plan_can_edit_action(db, a, ind.action_id);
  struct measurement_rec m;
  memset(&m, 0, sizeof m);
  if (!e) {
    const char *terr = in->territory_id && *in->territory_id ? in->territory_id : ind.scope_id;
    if (!strcmp(ind.breakdown, "scope") && strcmp(terr, ind.scope_id))
      e = field_fail(fe, "territory_id", "cet indicateur se mesure au niveau de son périmètre uniquement");
    struct territory_rec t;
    if (!e && store_territory_get(db, terr, &t) == PLAM_ERR_NOT_FOUND)
      e = field_fail(fe, "territory_id", "territoire inconnu");
    m.indicator_id = indicator_id;
    store_copy(m.territory_id, sizeof m.territory_id, terr);
    store_copy(m.value_on, sizeof m.value_on, in->value_on);
    m.value.has = in->has_value;
    m.value.v = in->value;
    m.numerator.has = m.denominator.has = in->has_ratio;
    m.numerator.v = in->numerator;
    m.denominator.v = in->denominator;
    store_copy(m.source, sizeof m.source, in->source);
    store_copy(m.comment, sizeof m.comment, in->comment ? in->comment : "");
    m.author_id = a->user_id;
  }
  if (!e) e = store_measurement_insert(db, &m, &id);
  if (!e) e = store_measurement_get(db, id, out, NULL);
  json_t *ja = e ? NULL : plan_rec_json(&store_measurement_t, out);
  return finish(db, a, e, plan_id, "propose", "measurement", id, NULL, ja);
}

plam_err plan_measurement_review(struct db *db, const struct actor *a, int64_t measurement_id, int validate,
                                 const char *reason, struct measurement_rec *out, struct field_error *fe) {
  plam_err e = PLAM_OK;
  if (!validate && (!reason || !*reason)) return field_fail(fe, "reason", "le motif du rejet est obligatoire");
  if (reason) e = plan_check_text("reason", reason, PLAN_TEXT - 1, 0, fe);
  if (e) return e;
  if (!plan_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if ((e = db_write_begin(db))) return e;
  int64_t plan_id = 0;
  struct measurement_rec before;
  e = store_measurement_get(db, measurement_id, &before, &plan_id);
  if (!e && strcmp(before.status, "pending")) {
    e = PLAM_ERR_CONFLICT;
    field_fail(fe, "status", "cette valeur a déjà été examinée ; proposez une nouvelle valeur pour la corriger");
  }
  struct review_rec r;
  memset(&r, 0, sizeof r);
  r.measurement_id = measurement_id;
  store_copy(r.decision, sizeof r.decision, validate ? "validated" : "rejected");
  store_copy(r.reason, sizeof r.reason, reason ? reason : "");
  r.reviewer_id = a->user_id;
  if (!e) e = store_review_insert(db, &r, NULL);
  if (!e) e = store_measurement_get(db, measurement_id, out, NULL);
  json_t *jb = e ? NULL : plan_rec_json(&store_measurement_t, &before);
  json_t *ja = e ? NULL : plan_rec_json(&store_measurement_t, out);
  return finish(db, a, e, plan_id, validate ? "validate" : "reject", "measurement", measurement_id, jb, ja);
}

plam_err plan_weather_post(struct db *db, const struct actor *a, int64_t action_id, const char *judged_on,
                           const char *level, const char *comment, struct weather_rec *out, struct field_error *fe) {
  static const char *const levels[] = {"securises", "atteignables", "appuis_necessaires", "compromis", NULL};
  if (!level || !in_list(level, levels))
    return field_fail(fe, "level", "météo inconnue (securises, atteignables, appuis_necessaires, compromis)");
  if (!plan_date_valid(judged_on)) return field_fail(fe, "judged_on", "date attendue au format AAAA-MM-JJ");
  plam_err e = plan_check_text("comment", comment, PLAN_TEXT - 1, 0, fe);
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct action_rec ac;
  e = store_action_get(db, action_id, &ac);
  if (!e) e = plan_can_edit_action(db, a, action_id);
  struct weather_rec w;
  memset(&w, 0, sizeof w);
  w.action_id = action_id;
  store_copy(w.judged_on, sizeof w.judged_on, judged_on);
  store_copy(w.level, sizeof w.level, level);
  store_copy(w.comment, sizeof w.comment, comment ? comment : "");
  w.author_id = a->user_id;
  int64_t id = 0;
  if (!e) e = store_weather_insert(db, &w, &id);
  if (!e) e = store_weather_get(db, id, out); /* the stored row: created_at, author_login */
  json_t *ja = e ? NULL : plan_rec_json(&store_weather_t, out);
  return finish(db, a, e, e ? 0 : ac.plan_id, "create", "weather", id, NULL, ja);
}

static plam_err budget_check(struct db *db, int64_t plan_id, const struct budget_rec *b, struct field_error *fe) {
  plam_err e = plan_check_text("label", b->label, 500, 1, fe);
  if (!e) e = plan_check_text("source", b->source, PLAN_SOURCE - 1, 0, fe);
  const struct opt_i64 *am[] = {&b->planned_cents, &b->committed_cents, &b->paid_cents, &b->unit_cents};
  static const char *const names[] = {"planned_eur", "committed_eur", "paid_eur", "unit_amount_eur"};
  for (int i = 0; !e && i < 4; i++)
    if (am[i]->has && am[i]->v < 0) e = field_fail(fe, names[i], "montant négatif");
  if (!e && b->quantity.has && !(b->quantity.v >= 0 && b->quantity.v < 1e9)) e = field_fail(fe, "quantity", "quantité invalide");
  if (!e && b->year_from.has && (b->year_from.v < 1990 || b->year_from.v > 2100)) e = field_fail(fe, "year_from", "année invalide");
  if (!e && b->year_to.has && (b->year_to.v < (b->year_from.has ? b->year_from.v : 1990) || b->year_to.v > 2100))
    e = field_fail(fe, "year_to", "année invalide");
  if (!e && b->action_id) {
    struct action_rec ac;
    e = store_action_get(db, b->action_id, &ac);
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != plan_id)) e = field_fail(fe, "action_id", "action inconnue dans ce plan");
  }
  if (!e && b->funder_org_id) {
    struct org_rec o;
    e = store_org_get(db, b->funder_org_id, &o);
    if (e == PLAM_ERR_NOT_FOUND) e = field_fail(fe, "funder_org_id", "organisation inconnue");
  }
  if (!e && b->decision_id) {
    struct decision_rec d;
    e = store_decision_get(db, b->decision_id, &d);
    if (e == PLAM_ERR_NOT_FOUND || (!e && d.plan_id != plan_id)) e = field_fail(fe, "decision_id", "décision inconnue dans ce plan");
  }
  return e;
}

plam_err plan_budget_create(struct db *db, const struct actor *a, int64_t plan_id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct plan_rec p;
  e = store_plan_get(db, plan_id, &p);
  in->plan_id = plan_id;
  in->replaces_id = 0;
  in->withdrawn = 0;
  in->created_by = a->user_id;
  if (!e) e = budget_check(db, plan_id, in, fe);
  int64_t id = 0;
  if (!e) e = store_budget_insert(db, in, &id);
  if (!e) e = store_budget_get(db, id, out);
  json_t *ja = e ? NULL : plan_rec_json(&store_budget_t, out);
  return finish(db, a, e, plan_id, "create", "budget_line", id, NULL, ja);
}

/* A successor of line id: in (revise) or a withdrawn copy (withdraw). */
static plam_err budget_successor(struct db *db, const struct actor *a, int64_t id, struct budget_rec *in,
                                 int withdraw, int64_t decision_id, struct budget_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct budget_rec before, next;
  e = store_budget_get(db, id, &before);
  if (!e && !before.current) {
    e = PLAM_ERR_CONFLICT;
    field_fail(fe, "id", "cette ligne a déjà été révisée : révisez sa dernière version");
  }
  if (!e && before.withdrawn) {
    e = PLAM_ERR_CONFLICT;
    field_fail(fe, "id", "cette ligne a été retirée");
  }
  if (!e) {
    next = withdraw ? before : *in;
    next.plan_id = before.plan_id;
    next.replaces_id = id;
    next.withdrawn = withdraw;
    next.created_by = a->user_id;
    if (withdraw) next.decision_id = decision_id;
    e = budget_check(db, before.plan_id, &next, fe);
  }
  int64_t nid = 0;
  if (!e) e = store_budget_insert(db, &next, &nid);
  if (!e) e = store_budget_get(db, nid, out);
  json_t *jb = e ? NULL : plan_rec_json(&store_budget_t, &before), *ja = e ? NULL : plan_rec_json(&store_budget_t, out);
  return finish(db, a, e, e ? 0 : before.plan_id, withdraw ? "withdraw" : "revise", "budget_line", nid, jb, ja);
}

plam_err plan_budget_revise(struct db *db, const struct actor *a, int64_t id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe) {
  if (!in->decision_id)
    return field_fail(fe, "decision_id", "une révision doit citer la décision qui l'a arrêtée");
  return budget_successor(db, a, id, in, 0, 0, out, fe);
}

plam_err plan_budget_withdraw(struct db *db, const struct actor *a, int64_t id, int64_t decision_id,
                              struct budget_rec *out, struct field_error *fe) {
  return budget_successor(db, a, id, NULL, 1, decision_id, out, fe);
}

plam_err plan_decision_create(struct db *db, const struct actor *a, int64_t plan_id, struct decision_rec *in,
                              struct decision_rec *out, struct field_error *fe) {
  static const char *const statuses[] = {"open", "in_progress", "done", "dropped", NULL};
  plam_err e = plan_check_text("text", in->text, PLAN_TEXT - 1, 1, fe);
  if (!e && in->due_on[0] && !plan_date_valid(in->due_on)) e = field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
  if (!in->status[0]) store_copy(in->status, sizeof in->status, "open");
  if (!e && !in_list(in->status, statuses)) e = field_fail(fe, "status", "statut inconnu (open, in_progress, done, dropped)");
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct plan_rec p;
  e = store_plan_get(db, plan_id, &p);
  in->plan_id = plan_id;
  if (!e && in->meeting_id) {
    struct store_rows ms = {0};
    e = store_plan_meetings(db, plan_id, &ms);
    int found = 0;
    for (int i = 0; !e && i < ms.n; i++) found |= ((struct meeting_rec *)ms.rows)[i].id == in->meeting_id;
    free(ms.rows);
    if (!e && !found) e = field_fail(fe, "meeting_id", "réunion inconnue dans ce plan");
  }
  int64_t id = 0;
  if (!e) e = store_decision_insert(db, in, &id);
  if (!e) e = store_decision_get(db, id, out);
  json_t *ja = e ? NULL : plan_rec_json(&store_decision_t, out);
  return finish(db, a, e, plan_id, "create", "decision", id, NULL, ja);
}

plam_err plan_contribution_create(struct db *db, const struct actor *a, int64_t plan_id, int64_t action_id,
                                  const char *kind, const char *body, struct contribution_rec *out,
                                  struct field_error *fe) {
  static const char *const kinds[] = {"suggestion", "comment", "question", NULL};
  if (!kind) kind = "suggestion";
  if (!in_list(kind, kinds)) return field_fail(fe, "kind", "type inconnu (suggestion, comment, question)");
  plam_err e = plan_check_text("body", body, 10000, 1, fe);
  if (e) return e;
  struct plan_rec p;
  if ((e = plan_get_readable(db, a, plan_id, &p))) return e;
  if ((e = db_write_begin(db))) return e;
  if (action_id) {
    struct action_rec ac;
    e = store_action_get(db, action_id, &ac);
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != plan_id)) e = field_fail(fe, "action_id", "action inconnue dans ce plan");
  }
  struct contribution_rec c;
  memset(&c, 0, sizeof c);
  c.plan_id = plan_id;
  c.action_id = action_id;
  c.author_id = a->user_id;
  c.org_id = a->org_id;
  store_copy(c.kind, sizeof c.kind, kind);
  store_copy(c.body, sizeof c.body, body);
  int64_t id = 0;
  if (!e) e = store_contribution_insert(db, &c, &id);
  if (!e) e = store_contribution_get(db, id, out);
  json_t *ja = e ? NULL : plan_rec_json(&store_contribution_t, out);
  return finish(db, a, e, plan_id, "create", "contribution", id, NULL, ja);
}

plam_err plan_contribution_answer(struct db *db, const struct actor *a, int64_t id, const char *answer,
                                  struct contribution_rec *out, struct field_error *fe) {
  plam_err e = plan_check_text("answer", answer, 10000, 1, fe);
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct contribution_rec before;
  e = store_contribution_get(db, id, &before);
  if (!e) e = store_contribution_answer(db, id, answer, a->user_id);
  if (!e) e = store_contribution_get(db, id, out);
  json_t *jb = e ? NULL : plan_rec_json(&store_contribution_t, &before);
  json_t *ja = e ? NULL : plan_rec_json(&store_contribution_t, out);
  return finish(db, a, e, e ? 0 : before.plan_id, "answer", "contribution", id, jb, ja);
}
