/* Governance writes: see governance.h. Each function validates what needs no
 * database, opens one write transaction, checks references against the
 * plan, writes, re-reads, and ends with the audit entry and the plan's
 * generation bump (finish). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/governance/governance.h"
#include "app/plan/plan.h"
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

/* Copies a set text into dst (NULL clears); validates length and control
 * characters; required refuses an empty result. */
static plam_err put_text(const char *field, const struct gov_text *t, char *dst, size_t size, int required,
                         struct field_error *fe) {
  if (t->set) {
    plam_err e = plan_check_text(field, t->v, size - 1, required, fe);
    if (e) return e;
    store_copy(dst, size, t->v ? t->v : "");
  } else if (required && !dst[0])
    return field_fail(fe, field, "ce champ est obligatoire");
  return PLAM_OK;
}

static plam_err put_date(const char *field, const struct gov_text *t, char *dst, size_t size, int required,
                         struct field_error *fe) {
  if (t->set && t->v && *t->v && !plan_date_valid(t->v)) return field_fail(fe, field, "date attendue au format AAAA-MM-JJ");
  return put_text(field, t, dst, size, required, fe);
}

static plam_err check_org(struct db *db, int64_t org_id, const char *field, struct field_error *fe) {
  struct org_rec o;
  plam_err e = store_org_get(db, org_id, &o);
  return e == PLAM_ERR_NOT_FOUND ? field_fail(fe, field, "organisation inconnue") : e;
}

/* ---- bodies ---- */
static plam_err body_apply(struct db *db, const struct gov_body_input *in, struct body_rec *b, struct field_error *fe) {
  plam_err e = put_text("kind", &in->kind, b->kind, sizeof b->kind, 1, fe);
  if (!e && !gov_body_kind_valid(b->kind))
    e = field_fail(fe, "kind", "type d'instance inconnu (copil, technical, territorial, followup, conference, other)");
  if (!e) e = put_text("name", &in->name, b->name, sizeof b->name, 1, fe);
  if (!e) e = put_text("territory_id", &in->territory_id, b->territory_id, sizeof b->territory_id, 0, fe);
  if (!e) e = put_text("frequency", &in->frequency, b->frequency, sizeof b->frequency, 0, fe);
  if (!e) e = put_date("established", &in->established, b->established, sizeof b->established, 0, fe);
  if (!e) e = put_text("note", &in->note, b->note, sizeof b->note, 0, fe);
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
    if (e == PLAM_ERR_NOT_FOUND || (!e && ac.plan_id != b->plan_id)) return field_fail(fe, "action_id", "action inconnue dans ce plan");
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

plam_err gov_body_create(struct db *db, const struct actor *a, int64_t plan_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct plan_rec p;
  e = store_plan_get(db, plan_id, &p);
  struct body_rec b;
  memset(&b, 0, sizeof b);
  b.plan_id = plan_id;
  if (!e) e = body_apply(db, in, &b, fe);
  int64_t id = 0;
  if (!e) e = store_body_insert(db, &b, &id);
  if (!e) e = pilots_write(db, id, in);
  if (!e) e = store_body_get(db, id, out);
  json_t *ja = NULL;
  if (!e) e = gov_body_json(db, out, &ja);
  return finish(db, a, e, plan_id, "create", "gov_body", id, NULL, ja);
}

plam_err gov_body_update(struct db *db, const struct actor *a, int64_t body_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct body_rec before, b;
  json_t *jb = NULL, *ja = NULL;
  e = store_body_get(db, body_id, &before);
  if (!e) e = gov_body_json(db, &before, &jb);
  b = before;
  if (!e) e = body_apply(db, in, &b, fe);
  if (!e) e = store_body_update(db, &b);
  if (!e) e = pilots_write(db, body_id, in);
  if (!e) e = store_body_get(db, body_id, out);
  if (!e) e = gov_body_json(db, out, &ja);
  return finish(db, a, e, e ? 0 : before.plan_id, "update", "gov_body", body_id, jb, ja);
}

/* ---- meetings ---- */
static plam_err meeting_apply(struct db *db, const struct gov_meeting_input *in, struct meeting_rec *m,
                              struct field_error *fe) {
  plam_err e = put_date("held_on", &in->held_on, m->held_on, sizeof m->held_on, 1, fe);
  if (!e) e = put_text("title", &in->title, m->title, sizeof m->title, 1, fe);
  if (!e) e = put_text("place", &in->place, m->place, sizeof m->place, 0, fe);
  if (!e) e = put_text("minutes", &in->minutes, m->minutes, sizeof m->minutes, 0, fe);
  if (!e) e = put_text("attendees_text", &in->attendees_text, m->attendees_text, sizeof m->attendees_text, 0, fe);
  if (!e) e = put_text("status", &in->status, m->status, sizeof m->status, 0, fe);
  if (!e && !m->status[0]) {
    char d[11];
    gov_today(d);
    store_copy(m->status, sizeof m->status, gov_meeting_default_status(m->held_on, d));
  }
  if (!e && !gov_meeting_status_valid(m->status)) e = field_fail(fe, "status", "statut inconnu (planned, held, cancelled)");
  for (int i = 0; !e && in->attendees_set && i < in->n_attendees; i++) {
    e = check_org(db, in->attendees[i].org_id, "attendees", fe);
    if (!e) e = plan_check_text("attendees", in->attendees[i].person, 200, 0, fe);
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

plam_err gov_meeting_create(struct db *db, const struct actor *a, int64_t body_id, const struct gov_meeting_input *in,
                            struct meeting_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct body_rec b;
  e = store_body_get(db, body_id, &b);
  struct meeting_rec m;
  memset(&m, 0, sizeof m);
  m.body_id = body_id;
  if (!e) e = meeting_apply(db, in, &m, fe);
  int64_t id = 0;
  if (!e) e = store_meeting_insert(db, &m, &id);
  if (!e) e = attendees_write(db, id, in);
  if (!e) e = store_meeting_get(db, id, out, NULL);
  json_t *ja = NULL;
  if (!e) e = gov_meeting_json(db, out, &ja);
  return finish(db, a, e, e ? 0 : b.plan_id, "create", "gov_meeting", id, NULL, ja);
}

plam_err gov_meeting_update(struct db *db, const struct actor *a, int64_t meeting_id,
                            const struct gov_meeting_input *in, struct meeting_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  int64_t plan_id = 0;
  struct meeting_rec before, m;
  json_t *jb = NULL, *ja = NULL;
  e = store_meeting_get(db, meeting_id, &before, &plan_id);
  if (!e) e = gov_meeting_json(db, &before, &jb);
  m = before;
  if (!e) e = meeting_apply(db, in, &m, fe);
  if (!e) e = store_meeting_update(db, &m);
  if (!e) e = attendees_write(db, meeting_id, in);
  if (!e) e = store_meeting_get(db, meeting_id, out, NULL);
  if (!e) e = gov_meeting_json(db, out, &ja);
  return finish(db, a, e, plan_id, "update", "gov_meeting", meeting_id, jb, ja);
}

/* ---- decisions ---- */
plam_err gov_decision_update(struct db *db, const struct actor *a, int64_t decision_id,
                             const struct gov_decision_input *in, struct decision_rec *out, struct field_error *fe) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct decision_rec before, d;
  e = store_decision_get(db, decision_id, &before);
  d = before;
  if (!e) e = put_text("text", &in->text, d.text, sizeof d.text, 1, fe);
  if (!e) e = put_text("owner_person", &in->owner_person, d.owner_person, sizeof d.owner_person, 0, fe);
  if (!e) e = put_date("due_on", &in->due_on, d.due_on, sizeof d.due_on, 0, fe);
  if (!e && in->status.set) {
    if (!gov_decision_status_valid(in->status.v))
      e = field_fail(fe, "status", "statut inconnu (open, in_progress, done, dropped)");
    else if (!gov_decision_transition_ok(before.status, in->status.v)) {
      char msg[160];
      snprintf(msg, sizeof msg, "une décision « %s » ne peut pas passer à « %s »", gov_decision_status_label(before.status),
               gov_decision_status_label(in->status.v));
      e = field_fail(fe, "status", msg);
    } else
      store_copy(d.status, sizeof d.status, in->status.v);
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
      if (e == PLAM_ERR_NOT_FOUND || (!e && mplan != before.plan_id)) e = field_fail(fe, "meeting_id", "réunion inconnue dans ce plan");
    }
  }
  if (!e) e = store_decision_update(db, &d);
  /* store_decision_update does not write meeting_id: the link has its own statement */
  if (!e && in->meeting_id.set && d.meeting_id != before.meeting_id) e = store_decision_link(db, decision_id, d.meeting_id);
  if (!e) e = store_decision_get(db, decision_id, out);
  json_t *jb = e ? NULL : plan_rec_json(&store_decision_t, &before), *ja = e ? NULL : plan_rec_json(&store_decision_t, out);
  const char *action = !e && strcmp(before.status, out->status) ? "status" : "update";
  return finish(db, a, e, e ? 0 : before.plan_id, action, "decision", decision_id, jb, ja);
}

/* ---- targets ---- */
static plam_err target_check(struct db *db, int64_t plan_id, const struct indicator_rec *ind, struct target_rec *t,
                             struct field_error *fe) {
  static const char *const kinds[] = {"baseline", "intermediate", "final", NULL};
  int ok = 0;
  for (int i = 0; kinds[i]; i++) ok |= !strcmp(t->kind, kinds[i]);
  if (!ok) return field_fail(fe, "kind", "type de cible inconnu (baseline, intermediate, final)");
  if (t->due_on[0] && !plan_date_valid(t->due_on)) return field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
  if (!isfinite(t->value) || fabs(t->value) >= 1e15) return field_fail(fe, "value", "nombre invalide");
  if (t->value_high.has && (!isfinite(t->value_high.v) || t->value_high.v < t->value))
    return field_fail(fe, "value_high", "le haut de la fourchette doit être supérieur ou égal à la valeur");
  if (t->qualifier[0] && strcmp(t->qualifier, "at_least") && strcmp(t->qualifier, "about") && strcmp(t->qualifier, "at_most"))
    return field_fail(fe, "qualifier", "qualificatif inconnu (at_least, about, at_most)");
  if (strcmp(t->territory_id, ind->scope_id)) {
    struct territory_rec tr;
    plam_err e = store_territory_get(db, t->territory_id, &tr);
    if (e == PLAM_ERR_NOT_FOUND || (!e && (strcmp(ind->breakdown, "departement") || strcmp(tr.level, "departement"))))
      return field_fail(fe, "territory_id", "territoire hors du périmètre de cet indicateur");
    if (e) return e;
  }
  if (t->decision_id) {
    struct decision_rec d;
    plam_err e = store_decision_get(db, t->decision_id, &d);
    if (e == PLAM_ERR_NOT_FOUND || (!e && d.plan_id != plan_id)) return field_fail(fe, "decision_id", "décision inconnue dans ce plan");
    if (e) return e;
  }
  return PLAM_OK;
}

static void target_fill(struct target_rec *t, const struct gov_target_input *in, const char *scope) {
  if (in->kind) store_copy(t->kind, sizeof t->kind, in->kind);
  store_copy(t->territory_id, sizeof t->territory_id, in->territory_id && *in->territory_id ? in->territory_id : scope);
  store_copy(t->due_on, sizeof t->due_on, in->due_on ? in->due_on : "");
  store_copy(t->qualifier, sizeof t->qualifier, in->qualifier ? in->qualifier : "");
  store_copy(t->note, sizeof t->note, in->note ? in->note : "");
  store_copy(t->source, sizeof t->source, in->source ? in->source : "");
  t->value = in->value;
  t->value_high = in->value_high;
  t->decision_id = in->decision_id;
}

static plam_err target_texts(const struct gov_target_input *in, struct field_error *fe) {
  if (!in->has_value) return field_fail(fe, "value", "ce champ est obligatoire");
  plam_err e = plan_check_text("kind", in->kind, 15, 0, fe);
  if (!e) e = plan_check_text("territory_id", in->territory_id, 11, 0, fe);
  if (!e) e = plan_check_text("due_on", in->due_on, 15, 0, fe);
  if (!e) e = plan_check_text("qualifier", in->qualifier, 11, 0, fe);
  if (!e) e = plan_check_text("note", in->note, PLAN_TEXT - 1, 0, fe);
  if (!e) e = plan_check_text("source", in->source, PLAN_SOURCE - 1, 0, fe);
  return e;
}

plam_err gov_target_create(struct db *db, const struct actor *a, int64_t indicator_id,
                           const struct gov_target_input *in, struct target_rec *out, struct field_error *fe) {
  plam_err e = target_texts(in, fe);
  if (!e && !in->kind) e = field_fail(fe, "kind", "ce champ est obligatoire");
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct indicator_rec ind;
  memset(&ind, 0, sizeof ind);
  int64_t plan_id = 0, id = 0;
  e = store_indicator_get(db, indicator_id, &ind, &plan_id);
  struct target_rec t;
  memset(&t, 0, sizeof t);
  t.indicator_id = indicator_id;
  t.created_by = a->user_id;
  target_fill(&t, in, ind.scope_id);
  if (!e) e = target_check(db, plan_id, &ind, &t, fe);
  if (!e) e = store_target_insert(db, &t, &id);
  if (!e) e = store_target_get(db, id, out, NULL);
  json_t *ja = e ? NULL : plan_rec_json(&store_target_t, out);
  return finish(db, a, e, plan_id, "create", "indicator_target", id, NULL, ja);
}

plam_err gov_target_revise(struct db *db, const struct actor *a, int64_t target_id, const struct gov_target_input *in,
                           struct target_rec *out, struct field_error *fe) {
  plam_err e = target_texts(in, fe);
  if (!e && !in->decision_id) e = field_fail(fe, "decision_id", "une révision doit citer la décision qui l'a arrêtée");
  if (e) return e;
  if ((e = db_write_begin(db))) return e;
  struct target_rec before, t;
  struct indicator_rec ind;
  int64_t plan_id = 0, id = 0;
  e = store_target_get(db, target_id, &before, &plan_id);
  if (!e && !before.current) {
    e = PLAM_ERR_CONFLICT;
    field_fail(fe, "id", "cette cible a déjà été révisée : révisez sa dernière version");
  }
  if (!e) e = store_indicator_get(db, before.indicator_id, &ind, NULL);
  if (!e) {
    memset(&t, 0, sizeof t);
    t.indicator_id = before.indicator_id;
    store_copy(t.kind, sizeof t.kind, before.kind);
    t.replaces_id = target_id;
    t.created_by = a->user_id;
    target_fill(&t, in, ind.scope_id);
    if (!in->territory_id || !*in->territory_id) store_copy(t.territory_id, sizeof t.territory_id, before.territory_id);
    if (!in->due_on) store_copy(t.due_on, sizeof t.due_on, before.due_on);
    e = target_check(db, plan_id, &ind, &t, fe);
  }
  if (!e) e = store_target_insert(db, &t, &id);
  if (!e) e = store_target_get(db, id, out, NULL);
  json_t *jb = e ? NULL : plan_rec_json(&store_target_t, &before), *ja = e ? NULL : plan_rec_json(&store_target_t, out);
  return finish(db, a, e, plan_id, "revise", "indicator_target", id, jb, ja);
}
