/* The governance of a plan as one JSON tree: bodies with their pilots and
 * meetings, each meeting with its attendees and decisions, and the decisions
 * taken outside a meeting; each decision says whether it is overdue today.
 * The views of the rows are the plan module's (plan_rec_json). */
#include <stdio.h>
#include <stdlib.h>
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "store/store.h"

#define ROW(R, T, i) (&((const struct T *)(R).rows)[i])

plam_err gov_plan_json(struct db *db, int64_t plan_id, json_t **out) {
  struct store_rows bodies = {0}, meetings = {0}, attendees = {0}, decisions = {0}, pilots = {0};
  plam_err e = store_plan_bodies(db, plan_id, &bodies);
  if (!e) e = store_plan_body_pilots(db, plan_id, &pilots);
  if (!e) e = store_plan_meetings(db, plan_id, &meetings);
  if (!e) e = store_plan_attendees(db, plan_id, &attendees);
  if (!e) e = store_plan_decisions(db, plan_id, &decisions);
  json_t *root = NULL;
  if (!e) {
    json_t *bmap = json_object(), *mmap = json_object(), *arr = json_array();
    char k[24];
    for (int i = 0; i < bodies.n; i++) {
      json_t *o = plan_rec_json(&store_body_t, ROW(bodies, body_rec, i));
      json_object_set_new(o, "meetings", json_array());
      json_object_set_new(o, "pilots", json_array());
      plan_json_key(ROW(bodies, body_rec, i)->id, k);
      json_object_set(bmap, k, o);
      json_array_append_new(arr, o);
    }
    for (int i = 0; i < pilots.n; i++) {
      const struct body_pilot_rec *r = ROW(pilots, body_pilot_rec, i);
      plan_json_attach(plan_json_by_id(bmap, r->body_id), "pilots", plan_rec_json(&store_body_pilot_t, r));
    }
    for (int i = 0; i < meetings.n; i++) {
      const struct meeting_rec *m = ROW(meetings, meeting_rec, i);
      json_t *o = plan_rec_json(&store_meeting_t, m);
      json_object_set_new(o, "attendees", json_array());
      json_object_set_new(o, "decisions", json_array());
      plan_json_key(m->id, k);
      json_object_set(mmap, k, o);
      plan_json_attach(plan_json_by_id(bmap, m->body_id), "meetings", o);
    }
    for (int i = 0; i < attendees.n; i++) {
      const struct attendee_rec *r = ROW(attendees, attendee_rec, i);
      plan_json_attach(plan_json_by_id(mmap, r->meeting_id), "attendees", plan_rec_json(&store_attendee_t, r));
    }
    json_t *loose = json_array();
    char today[11];
    gov_today(today);
    for (int i = 0; i < decisions.n; i++) {
      const struct decision_rec *d = ROW(decisions, decision_rec, i);
      json_t *m = d->meeting_id ? plan_json_by_id(mmap, d->meeting_id) : NULL, *o = plan_rec_json(&store_decision_t, d);
      json_object_set_new(o, "overdue", json_boolean(gov_decision_overdue(d->status, d->due_on, today)));
      if (m) plan_json_attach(m, "decisions", o);
      else json_array_append_new(loose, o);
    }
    root = json_pack("{s:o, s:o}", "bodies", arr, "decisions_without_meeting", loose);
    json_decref(bmap);
    json_decref(mmap);
  }
  free(bodies.rows);
  free(pilots.rows);
  free(meetings.rows);
  free(attendees.rows);
  free(decisions.rows);
  if (!e && !root) e = PLAM_ERR_NOMEM;
  *out = root;
  return e;
}
