/* Governance writes: see governance.h. Each function validates what needs no
 * database, then runs its change inside the write bracket
 * (app/access/write.h): the change checks references against the plan,
 * writes, re-reads, and ends with plan_audit (the audit entry and the plan's
 * generation bump). Texts are refused past their limits, never cut
 * (app/access/text.h); allowed values are checked as given. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "store/store_tx.h"
#include "store/store.h"

/* Copies a set text whole into dst (NULL clears); checks it against max
 * characters; required refuses an empty result. */
static plam_err put_text(const char *field, const struct gov_text *t, char *dst, size_t size, size_t max, int flags,
                         struct field_error *fe) {
  if (t->set) return text_put(field, dst, size, t->v, max, flags, fe);
  if ((flags & TEXT_REQUIRED) && !dst[0]) return field_fail(fe, field, "ce champ est obligatoire");
  return PLAM_OK;
}

static plam_err put_date(const char *field, const struct gov_text *t, char *dst, size_t size, int required,
                         struct field_error *fe) {
  if (t->set && t->v && *t->v && !plan_date_valid(t->v))
    return field_fail(fe, field, "date attendue au format AAAA-MM-JJ");
  return put_text(field, t, dst, size, 10, (required ? TEXT_REQUIRED : 0) | TEXT_ASCII, fe);
}

/* An allowed value: checked whole, as given, before it is copied. */
static plam_err put_enum(const char *field, const struct gov_text *t, const char *const *list, char *dst, size_t size,
                         int required, struct field_error *fe) {
  if (t->set) {
    plam_err e = text_enum(field, t->v, list, required, fe);
    if (e) return e;
  }
  return put_text(field, t, dst, size, size - 1, (required ? TEXT_REQUIRED : 0) | TEXT_ASCII, fe);
}

static plam_err check_org(struct db *db, int64_t org_id, const char *field, struct field_error *fe) {
  struct org_rec o;
  plam_err e = store_org_get(db, org_id, &o);
  return e == PLAM_ERR_NOT_FOUND ? field_fail(fe, field, "organisation inconnue") : e;
}

/* ---- bodies ---- */
static plam_err body_apply(struct db *db, const struct gov_body_input *in, struct body_rec *b, struct field_error *fe) {
  plam_err e = put_enum("kind", &in->kind, gov_body_kinds, b->kind, sizeof b->kind, 1, fe);
  if (!e) e = put_text("name", &in->name, b->name, sizeof b->name, PLAN_TITLE_MAX, TEXT_REQUIRED, fe);
  if (!e) e = put_text("territory_id", &in->territory_id, b->territory_id, sizeof b->territory_id, 11, TEXT_ASCII, fe);
  if (!e) e = put_text("frequency", &in->frequency, b->frequency, sizeof b->frequency, PLAN_FUND_MAX, 0, fe);
  if (!e) e = put_date("established", &in->established, b->established, sizeof b->established, 0, fe);
  if (!e) e = put_text("note", &in->note, b->note, sizeof b->note, PLAN_TEXT_MAX, TEXT_LINES, fe);
  if (e) return e;
  if (in->axis_id.set) b->axis_id = in->axis_id.v;
  if (in->action_id.set) b->action_id = in->action_id.v;
  if (in->meetings_per_year_set) b->meetings_per_year = in->meetings_per_year;
  if (in->planned_set) b->planned = in->planned != 0;
  if (b->meetings_per_year.has && (b->meetings_per_year.v < 0 || b->meetings_per_year.v > 366))
    return field_fail(fe, "meetings_per_year", "nombre de réunions par an invalide (0 à 366)");
  /* what each kind needs: a département for a territorial committee, an axis for a technical one */
  if (!strcmp(b->kind, "territorial") && !b->territory_id[0])
    return field_fail(fe, "territory_id", "un comité territorial est rattaché à un département");
  if (!strcmp(b->kind, "technical") && !b->axis_id)
    return field_fail(fe, "axis_id", "un comité technique est rattaché à un axe du plan");
  if (b->territory_id[0]) {
    struct territory_rec t;
    e = store_territory_get(db, b->territory_id, &t);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "territory_id", "territoire inconnu");
    if (e) return e;
    if (!strcmp(b->kind, "territorial") && strcmp(t.level, "departement"))
      return field_fail(fe, "territory_id", "un comité territorial est rattaché à un département");
  }
  if (b->axis_id) {
    struct store_rows axes = {0};
    int found = 0;
    e = store_plan_axes(db, b->plan_id, &axes);
    for (int i = 0; !e && i < axes.n; i++) found |= ((struct axis_rec *)axes.rows)[i].id == b->axis_id;
    free(axes.rows);
    if (!e && !found) return field_fail(fe, "axis_id", "axe inconnu dans ce plan");
  }
  if (!e && b->action_id) {
    struct action_rec ac;
    e = store_action_get(db, b->action_id, &ac);
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != b->plan_id))
      return field_fail(fe, "action_id", "action inconnue dans ce plan");
  }
  for (int i = 0; !e && in->pilots_set && i < in->n_pilots; i++) e = check_org(db, in->pilots[i], "pilots", fe);
  return e;
}

static plam_err pilots_write(struct db *db, int64_t body_id, const struct gov_body_input *in) {
  if (!in->pilots_set) return PLAM_OK;
  plam_err e = store_body_pilots_clear(db, body_id);
  for (int i = 0; !e && i < in->n_pilots; i++) e = store_body_pilot_add(db, body_id, in->pilots[i]);
  return e;
}

plam_err gov_body_json(struct db *db, const struct body_rec *b, json_t **out) {
  struct store_rows pilots = {0};
  plam_err e = store_plan_body_pilots(db, b->plan_id, &pilots);
  json_t *o = e ? NULL : plan_rec_json(&store_body_t, b), *arr = e ? NULL : json_array();
  for (int i = 0; arr && i < pilots.n; i++) {
    const struct body_pilot_rec *p = (const struct body_pilot_rec *)pilots.rows + i;
    if (p->body_id == b->id) json_array_append_new(arr, plan_rec_json(&store_body_pilot_t, p));
  }
  free(pilots.rows);
  if (o && arr) json_object_set_new(o, "pilots", arr);
  else json_decref(arr);
  if (!e && !o) e = PLAM_ERR_NOMEM;
  *out = o;
  return e;
}

struct gov_arg {
  int64_t id; /* the parent (create) or the row (update) */
  const void *in;
  void *out;
};

static plam_err body_create_tx(struct app_tx *tx, void *arg) {
  const struct gov_arg *x = arg;
  const struct gov_body_input *in = x->in;
  struct body_rec *out = x->out;
  struct plan_rec p;
  plam_err e = store_plan_get(tx->db, x->id, &p);
  struct body_rec b;
  memset(&b, 0, sizeof b);
  b.plan_id = x->id;
  if (!e) e = body_apply(tx->db, in, &b, tx->fe);
  int64_t id = 0;
  if (!e) e = store_body_insert(tx->db, &b, &id);
  if (!e) e = pilots_write(tx->db, id, in);
  if (!e) e = store_body_get(tx->db, id, out);
  json_t *ja = NULL;
  if (!e) e = gov_body_json(tx->db, out, &ja);
  if (e) return e;
  return plan_audit(tx, x->id, "create", "gov_body", id, NULL, ja);
}

plam_err gov_body_create(struct db *db, const struct actor *a, int64_t plan_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe) {
  struct gov_arg x = {plan_id, in, out};
  return app_write(db, a, body_create_tx, &x, fe);
}

static plam_err body_update_tx(struct app_tx *tx, void *arg) {
  const struct gov_arg *x = arg;
  const struct gov_body_input *in = x->in;
  struct body_rec *out = x->out;
  struct body_rec before, b;
  json_t *jb = NULL, *ja = NULL;
  plam_err e = store_body_get(tx->db, x->id, &before);
  if (!e) e = gov_body_json(tx->db, &before, &jb);
  b = before;
  if (!e) e = body_apply(tx->db, in, &b, tx->fe);
  if (!e) e = store_body_update(tx->db, &b);
  if (!e) e = pilots_write(tx->db, x->id, in);
  if (!e) e = store_body_get(tx->db, x->id, out);
  if (!e) e = gov_body_json(tx->db, out, &ja);
  if (e) {
    json_decref(jb);
    json_decref(ja);
    return e;
  }
  return plan_audit(tx, before.plan_id, "update", "gov_body", x->id, jb, ja);
}

plam_err gov_body_update(struct db *db, const struct actor *a, int64_t body_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe) {
  struct gov_arg x = {body_id, in, out};
  return app_write(db, a, body_update_tx, &x, fe);
}

/* ---- meetings ---- */
static plam_err meeting_apply(struct db *db, const struct gov_meeting_input *in, struct meeting_rec *m,
                              struct field_error *fe) {
  plam_err e = put_date("held_on", &in->held_on, m->held_on, sizeof m->held_on, 1, fe);
  if (!e) e = put_text("title", &in->title, m->title, sizeof m->title, PLAN_TITLE_MAX, TEXT_REQUIRED, fe);
  if (!e) e = put_text("place", &in->place, m->place, sizeof m->place, PLAN_NAME_MAX, 0, fe);
  if (!e) e = put_text("minutes", &in->minutes, m->minutes, sizeof m->minutes, PLAN_LONG_MAX, TEXT_LINES, fe);
  if (!e)
    e = put_text("attendees_text", &in->attendees_text, m->attendees_text, sizeof m->attendees_text, PLAN_TEXT_MAX,
                 TEXT_LINES, fe);
  if (!e) e = put_enum("status", &in->status, gov_meeting_statuses, m->status, sizeof m->status, 0, fe);
  if (!e && !m->status[0]) {
    char d[11];
    gov_today(d);
    strcpy(m->status, gov_meeting_default_status(m->held_on, d));
  }
  for (int i = 0; !e && in->attendees_set && i < in->n_attendees; i++) {
    e = check_org(db, in->attendees[i].org_id, "attendees", fe);
    if (!e) e = text_check("attendees", in->attendees[i].person, PLAN_NAME_MAX, 0, fe);
    for (int j = 0; !e && j < i; j++)
      if (in->attendees[j].org_id == in->attendees[i].org_id)
        e = field_fail(fe, "attendees", "une organisation n'apparaît qu'une fois parmi les participants");
  }
  return e;
}

static plam_err attendees_write(struct db *db, int64_t meeting_id, const struct gov_meeting_input *in) {
  if (!in->attendees_set) return PLAM_OK;
  plam_err e = store_meeting_attendees_clear(db, meeting_id);
  for (int i = 0; !e && i < in->n_attendees; i++)
    e = store_attendee_insert(db, meeting_id, in->attendees[i].org_id, in->attendees[i].person);
  return e;
}

plam_err gov_meeting_json(struct db *db, const struct meeting_rec *m, json_t **out) {
  struct store_rows att = {0};
  plam_err e = store_meeting_attendees(db, m->id, &att);
  json_t *o = e ? NULL : plan_rec_json(&store_meeting_t, m);
  if (o) json_object_set_new(o, "attendees", plan_rows_json(&store_attendee_t, &att));
  free(att.rows);
  if (!e && !o) e = PLAM_ERR_NOMEM;
  *out = o;
  return e;
}

static plam_err meeting_create_tx(struct app_tx *tx, void *arg) {
  const struct gov_arg *x = arg;
  const struct gov_meeting_input *in = x->in;
  struct meeting_rec *out = x->out;
  struct body_rec b;
  plam_err e = store_body_get(tx->db, x->id, &b);
  struct meeting_rec m;
  memset(&m, 0, sizeof m);
  m.body_id = x->id;
  if (!e) e = meeting_apply(tx->db, in, &m, tx->fe);
  int64_t id = 0;
  if (!e) e = store_meeting_insert(tx->db, &m, &id);
  if (!e) e = attendees_write(tx->db, id, in);
  if (!e) e = store_meeting_get(tx->db, id, out, NULL);
  json_t *ja = NULL;
  if (!e) e = gov_meeting_json(tx->db, out, &ja);
  if (e) return e;
  return plan_audit(tx, b.plan_id, "create", "gov_meeting", id, NULL, ja);
}

plam_err gov_meeting_create(struct db *db, const struct actor *a, int64_t body_id, const struct gov_meeting_input *in,
                            struct meeting_rec *out, struct field_error *fe) {
  struct gov_arg x = {body_id, in, out};
  return app_write(db, a, meeting_create_tx, &x, fe);
}

static plam_err meeting_update_tx(struct app_tx *tx, void *arg) {
  const struct gov_arg *x = arg;
  const struct gov_meeting_input *in = x->in;
  struct meeting_rec *out = x->out;
  int64_t plan_id = 0;
  struct meeting_rec before, m;
  json_t *jb = NULL, *ja = NULL;
  plam_err e = store_meeting_get(tx->db, x->id, &before, &plan_id);
  if (!e) e = gov_meeting_json(tx->db, &before, &jb);
  m = before;
  if (!e) e = meeting_apply(tx->db, in, &m, tx->fe);
  if (!e) e = store_meeting_update(tx->db, &m);
  if (!e) e = attendees_write(tx->db, x->id, in);
  if (!e) e = store_meeting_get(tx->db, x->id, out, NULL);
  if (!e) e = gov_meeting_json(tx->db, out, &ja);
  if (e) {
    json_decref(jb);
    json_decref(ja);
    return e;
  }
  return plan_audit(tx, plan_id, "update", "gov_meeting", x->id, jb, ja);
}

plam_err gov_meeting_update(struct db *db, const struct actor *a, int64_t meeting_id,
                            const struct gov_meeting_input *in, struct meeting_rec *out, struct field_error *fe) {
  struct gov_arg x = {meeting_id, in, out};
  return app_write(db, a, meeting_update_tx, &x, fe);
}

/* ---- decisions ---- */
static plam_err decision_update_tx(struct app_tx *tx, void *arg) {
  const struct gov_arg *x = arg;
  const struct gov_decision_input *in = x->in;
  struct decision_rec *out = x->out;
  struct db *db = tx->db;
  struct field_error *fe = tx->fe;
  int64_t decision_id = x->id;
  struct decision_rec before, d;
  plam_err e = store_decision_get(db, decision_id, &before);
  d = before;
  if (!e) e = put_text("text", &in->text, d.text, sizeof d.text, PLAN_TEXT_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (!e) e = put_text("owner_person", &in->owner_person, d.owner_person, sizeof d.owner_person, PLAN_NAME_MAX, 0, fe);
  if (!e) e = put_date("due_on", &in->due_on, d.due_on, sizeof d.due_on, 0, fe);
  if (!e && in->status.set) e = text_enum("status", in->status.v, gov_decision_statuses, 1, fe);
  if (!e && in->status.set) {
    if (!gov_decision_transition_ok(before.status, in->status.v)) {
      char msg[160];
      snprintf(msg, sizeof msg, "une décision « %s » ne peut pas passer à « %s »",
               gov_decision_status_label(before.status), gov_decision_status_label(in->status.v));
      e = field_fail(fe, "status", msg);
    } else
      e = text_put("status", d.status, sizeof d.status, in->status.v, sizeof d.status - 1, TEXT_REQUIRED | TEXT_ASCII,
                   fe);
  }
  if (!e && in->owner_org_id.set) {
    d.owner_org_id = in->owner_org_id.v;
    if (d.owner_org_id) e = check_org(db, d.owner_org_id, "owner_org_id", fe);
  }
  if (!e && in->meeting_id.set) {
    d.meeting_id = in->meeting_id.v;
    int64_t mplan = 0;
    struct meeting_rec m;
    if (d.meeting_id) {
      e = store_meeting_get(db, d.meeting_id, &m, &mplan);
      if (e == PLAM_ERR_NOT_FOUND || (!e && mplan != before.plan_id))
        e = field_fail(fe, "meeting_id", "réunion inconnue dans ce plan");
    }
  }
  if (!e) e = store_decision_update(db, &d);
  /* store_decision_update does not write meeting_id: the link has its own statement */
  if (!e && in->meeting_id.set && d.meeting_id != before.meeting_id)
    e = store_decision_link(db, decision_id, d.meeting_id);
  if (!e) e = store_decision_get(db, decision_id, out);
  if (e) return e;
  return plan_audit(tx, before.plan_id, strcmp(before.status, out->status) ? "status" : "update", "decision",
                    decision_id, plan_rec_json(&store_decision_t, &before), plan_rec_json(&store_decision_t, out));
}

plam_err gov_decision_update(struct db *db, const struct actor *a, int64_t decision_id,
                             const struct gov_decision_input *in, struct decision_rec *out, struct field_error *fe) {
  plam_err e = in->status.set ? text_enum("status", in->status.v, gov_decision_statuses, 1, fe) : PLAM_OK;
  if (!e && in->text.set) e = text_check("text", in->text.v, PLAN_TEXT_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (!e && in->owner_person.set) e = text_check("owner_person", in->owner_person.v, PLAN_NAME_MAX, 0, fe);
  if (e) return e;
  struct gov_arg x = {decision_id, in, out};
  return app_write(db, a, decision_update_tx, &x, fe);
}

/* ---- targets ---- */
static plam_err target_check(struct db *db, int64_t plan_id, const struct indicator_rec *ind, struct target_rec *t,
                             struct field_error *fe) {
  plam_err e = text_enum("kind", t->kind, gov_target_kinds, 1, fe);
  if (e) return e;
  if (t->due_on[0] && !plan_date_valid(t->due_on))
    return field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
  if (!isfinite(t->value) || fabs(t->value) >= 1e15) return field_fail(fe, "value", "nombre invalide");
  if (t->value_high.has && (!isfinite(t->value_high.v) || t->value_high.v < t->value))
    return field_fail(fe, "value_high", "le haut de la fourchette doit être supérieur ou égal à la valeur");
  if ((e = text_enum("qualifier", t->qualifier, plan_qualifiers, 0, fe))) return e;
  if (strcmp(t->territory_id, ind->scope_id)) {
    struct territory_rec tr;
    e = store_territory_get(db, t->territory_id, &tr);
    if (e == PLAM_ERR_NOT_FOUND || (!e && (strcmp(ind->breakdown, "departement") || strcmp(tr.level, "departement"))))
      return field_fail(fe, "territory_id", "territoire hors du périmètre de cet indicateur");
    if (e) return e;
  }
  if (t->decision_id) {
    struct decision_rec d;
    e = store_decision_get(db, t->decision_id, &d);
    if (e == PLAM_ERR_NOT_FOUND || (!e && d.plan_id != plan_id))
      return field_fail(fe, "decision_id", "décision inconnue dans ce plan");
    if (e) return e;
  }
  return PLAM_OK;
}

static plam_err target_fill(struct target_rec *t, const struct gov_target_input *in, const char *scope,
                            struct field_error *fe) {
  plam_err e = in->kind ? text_put("kind", t->kind, sizeof t->kind, in->kind, sizeof t->kind - 1, TEXT_ASCII, fe)
                        : PLAM_OK;
  if (!e)
    e = text_put("territory_id", t->territory_id, sizeof t->territory_id,
                 in->territory_id && *in->territory_id ? in->territory_id : scope, 11, TEXT_ASCII, fe);
  if (!e) e = text_put("due_on", t->due_on, sizeof t->due_on, in->due_on, 10, TEXT_ASCII, fe);
  if (!e)
    e = text_put("qualifier", t->qualifier, sizeof t->qualifier, in->qualifier, sizeof t->qualifier - 1, TEXT_ASCII,
                 fe);
  if (!e) e = text_put("note", t->note, sizeof t->note, in->note, PLAN_TEXT_MAX, TEXT_LINES, fe);
  if (!e) e = text_put("source", t->source, sizeof t->source, in->source, PLAN_SOURCE_MAX, TEXT_LINES, fe);
  t->value = in->value;
  t->value_high = in->value_high;
  t->decision_id = in->decision_id;
  return e;
}

/* Everything of a target input that needs no database, checked whole. */
static plam_err target_texts(const struct gov_target_input *in, struct field_error *fe) {
  if (!in->has_value) return field_fail(fe, "value", "ce champ est obligatoire");
  plam_err e = text_enum("kind", in->kind, gov_target_kinds, 0, fe);
  if (!e) e = text_check("territory_id", in->territory_id, 11, TEXT_ASCII, fe);
  if (!e && in->due_on && *in->due_on && !plan_date_valid(in->due_on))
    e = field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
  if (!e) e = text_enum("qualifier", in->qualifier, plan_qualifiers, 0, fe);
  if (!e) e = text_check("note", in->note, PLAN_TEXT_MAX, TEXT_LINES, fe);
  if (!e) e = text_check("source", in->source, PLAN_SOURCE_MAX, TEXT_LINES, fe);
  return e;
}

struct target_arg {
  int64_t id; /* indicator (create) or target (revise) */
  const struct gov_target_input *in;
  struct target_rec *out;
};

static plam_err target_create_tx(struct app_tx *tx, void *arg) {
  const struct target_arg *x = arg;
  struct indicator_rec ind;
  memset(&ind, 0, sizeof ind);
  int64_t plan_id = 0, id = 0;
  plam_err e = store_indicator_get(tx->db, x->id, &ind, &plan_id);
  if (e) return e;
  struct target_rec t;
  memset(&t, 0, sizeof t);
  t.indicator_id = x->id;
  t.created_by = tx->a->user_id;
  e = target_fill(&t, x->in, ind.scope_id, tx->fe);
  if (!e) e = target_check(tx->db, plan_id, &ind, &t, tx->fe);
  if (!e) e = store_target_insert(tx->db, &t, &id);
  if (!e) e = store_target_get(tx->db, id, x->out, NULL);
  if (e) return e;
  return plan_audit(tx, plan_id, "create", "indicator_target", id, NULL, plan_rec_json(&store_target_t, x->out));
}

plam_err gov_target_create(struct db *db, const struct actor *a, int64_t indicator_id,
                           const struct gov_target_input *in, struct target_rec *out, struct field_error *fe) {
  plam_err e = target_texts(in, fe);
  if (!e && !in->kind) e = field_fail(fe, "kind", "ce champ est obligatoire");
  if (e) return e;
  struct target_arg x = {indicator_id, in, out};
  return app_write(db, a, target_create_tx, &x, fe);
}

static plam_err target_revise_tx(struct app_tx *tx, void *arg) {
  const struct target_arg *x = arg;
  const struct gov_target_input *in = x->in;
  struct target_rec before, t;
  struct indicator_rec ind;
  int64_t plan_id = 0, id = 0;
  plam_err e = store_target_get(tx->db, x->id, &before, &plan_id);
  if (e) return e;
  if (!before.current) {
    field_fail(tx->fe, "id", "cette cible a déjà été révisée : révisez sa dernière version");
    return PLAM_ERR_CONFLICT;
  }
  if ((e = store_indicator_get(tx->db, before.indicator_id, &ind, NULL))) return e;
  memset(&t, 0, sizeof t);
  t.indicator_id = before.indicator_id;
  memcpy(t.kind, before.kind, sizeof t.kind);
  t.replaces_id = x->id;
  t.created_by = tx->a->user_id;
  e = target_fill(&t, in, ind.scope_id, tx->fe);
  if (!e && (!in->territory_id || !*in->territory_id))
    memcpy(t.territory_id, before.territory_id, sizeof t.territory_id);
  if (!e && !in->due_on) memcpy(t.due_on, before.due_on, sizeof t.due_on);
  if (!e) e = target_check(tx->db, plan_id, &ind, &t, tx->fe);
  if (!e) e = store_target_insert(tx->db, &t, &id);
  if (!e) e = store_target_get(tx->db, id, x->out, NULL);
  if (e) return e;
  return plan_audit(tx, plan_id, "revise", "indicator_target", id, plan_rec_json(&store_target_t, &before),
                    plan_rec_json(&store_target_t, x->out));
}

plam_err gov_target_revise(struct db *db, const struct actor *a, int64_t target_id, const struct gov_target_input *in,
                           struct target_rec *out, struct field_error *fe) {
  plam_err e = target_texts(in, fe);
  if (!e && !in->decision_id) e = field_fail(fe, "decision_id", "une révision doit citer la décision qui l'a arrêtée");
  if (e) return e;
  struct target_arg x = {target_id, in, out};
  return app_write(db, a, target_revise_tx, &x, fe);
}

/* ---- decisions ---- */
/* The texts of a decision as the record holds them: whole, or the overflow
 * mark (refused here); the status is checked against the list as given. */
static plam_err decision_texts(const struct decision_rec *in, struct field_error *fe) {
  plam_err e = text_check("text", in->text, PLAN_TEXT_MAX, TEXT_REQUIRED | TEXT_LINES, fe);
  if (!e) e = text_check("owner_person", in->owner_person, PLAN_NAME_MAX, 0, fe);
  if (!e && in->due_on[0] && !plan_date_valid(in->due_on))
    e = field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
  if (!e) e = text_enum("status", in->status, gov_decision_statuses, 0, fe);
  if (!e) e = text_check("source", in->source, PLAN_SOURCE_MAX, TEXT_LINES, fe);
  return e;
}

struct decision_arg {
  int64_t plan_id;
  struct decision_rec *in, *out;
};

static plam_err decision_create_tx(struct app_tx *tx, void *arg) {
  const struct decision_arg *x = arg;
  struct plan_rec p;
  plam_err e = store_plan_get(tx->db, x->plan_id, &p);
  if (e) return e;
  x->in->plan_id = x->plan_id;
  if (x->in->meeting_id) {
    struct store_rows ms = {0};
    e = store_plan_meetings(tx->db, x->plan_id, &ms);
    int found = 0;
    for (int i = 0; !e && i < ms.n; i++) found |= ((struct meeting_rec *)ms.rows)[i].id == x->in->meeting_id;
    free(ms.rows);
    if (!e && !found) e = field_fail(tx->fe, "meeting_id", "réunion inconnue dans ce plan");
  }
  if (!e && x->in->owner_org_id) {
    struct org_rec o;
    e = store_org_get(tx->db, x->in->owner_org_id, &o);
    if (e == PLAM_ERR_NOT_FOUND) e = field_fail(tx->fe, "owner_org_id", "organisation inconnue");
  }
  int64_t id = 0;
  if (!e) e = store_decision_insert(tx->db, x->in, &id);
  if (!e) e = store_decision_get(tx->db, id, x->out);
  if (e) return e;
  return plan_audit(tx, x->plan_id, "create", "decision", id, NULL, plan_rec_json(&store_decision_t, x->out));
}

plam_err gov_decision_create(struct db *db, const struct actor *a, int64_t plan_id, struct decision_rec *in,
                             struct decision_rec *out, struct field_error *fe) {
  plam_err e = decision_texts(in, fe);
  if (e) return e;
  if (!in->status[0]) strcpy(in->status, "open");
  struct decision_arg x = {plan_id, in, out};
  return app_write(db, a, decision_create_tx, &x, fe);
}
