/* Governance writes and reads: see store_governance.h. SELECTs list the
 * columns in the order of the record's column table (store_plan_cols.c). */
#include <stddef.h>
#include <string.h>
#include "store/store.h"
#include "store/store_governance.h"
#include "store/store_plan_int.h"

static const struct store_col body_pilot_cols[] = {
  {"body_id", STORE_COL_ID, offsetof(struct body_pilot_rec, body_id), sizeof(int64_t), 0},
  {"org_id", STORE_COL_ID, offsetof(struct body_pilot_rec, org_id), sizeof(int64_t), 0},
  {"org_name", STORE_COL_TEXT, offsetof(struct body_pilot_rec, org_name),
   sizeof(((struct body_pilot_rec *)0)->org_name), STORE_COL_RO},
};
const struct store_table store_body_pilot_t = {body_pilot_cols, 3, sizeof(struct body_pilot_rec)};

static const char *const SQL_BODY_UPDATE =
  "UPDATE gov_bodies SET plan_id = ?, kind = ?, name = ?, axis_id = ?, action_id = ?, territory_id = ?, "
  "frequency = ?, meetings_per_year = ?, established = ?, planned = ?, note = ?, source = ? WHERE id = ?";
static const char *const SQL_PILOTS_CLEAR = "DELETE FROM gov_body_pilots WHERE body_id = ?1";
static const char *const SQL_PLAN_PILOTS =
  "SELECT p.body_id, p.org_id, o.name FROM gov_body_pilots p JOIN gov_bodies b ON b.id = p.body_id "
  "JOIN organisations o ON o.id = p.org_id WHERE b.plan_id = ?1 ORDER BY p.body_id, o.name";
static const char *const SQL_MEETING_GET =
  "SELECT id, body_id, held_on, title, place, minutes, attendees_text, source, status FROM gov_meetings WHERE id = ?1";
static const char *const SQL_MEETING_UPDATE =
  "UPDATE gov_meetings SET body_id = ?, held_on = ?, title = ?, place = ?, minutes = ?, attendees_text = ?, "
  "source = ?, status = coalesce(?, status) WHERE id = ?";
static const char *const SQL_ATTENDEES_CLEAR = "DELETE FROM gov_attendees WHERE meeting_id = ?1";
static const char *const SQL_MEETING_ATTENDEES =
  "SELECT g.meeting_id, g.org_id, g.person, o.name FROM gov_attendees g JOIN organisations o ON o.id = g.org_id "
  "WHERE g.meeting_id = ?1 ORDER BY o.name";
static const char *const SQL_DECISION_LINK = "UPDATE decisions SET meeting_id = ? WHERE id = ?";
static const char *const SQL_TARGET_GET =
  "SELECT t.id, t.indicator_id, t.territory_id, t.kind, t.due_on, t.value, t.value_high, t.qualifier, t.note, "
  "t.replaces_id, t.decision_id, t.source, t.created_by, t.created_at, "
  "NOT EXISTS (SELECT 1 FROM indicator_targets n WHERE n.replaces_id = t.id) FROM indicator_targets t WHERE t.id = ?1";
static const char *const SQL_TARGET_PLAN =
  "SELECT a.plan_id FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id "
  "JOIN plan_actions a ON a.id = i.action_id WHERE t.id = ?1";

/* Binds the writable columns of rec then id; runs; NOT_FOUND if no row changed. */
static plam_err update_rec(struct db *db, const char *sql, const struct store_table *t, const void *rec, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int next = 0, row;
  e = store_rec_bind(st, t, rec, &next);
  if (!e) e = db_bind_int64(st, next, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

static plam_err exec_id(struct db *db, const char *sql, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

static plam_err int_of(struct db *db, const char *sql, int64_t id, int64_t *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *out = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_body_update(struct db *db, const struct body_rec *r) {
  return update_rec(db, SQL_BODY_UPDATE, &store_body_t, r, r->id);
}
plam_err store_body_pilots_clear(struct db *db, int64_t body_id) { return exec_id(db, SQL_PILOTS_CLEAR, body_id); }
plam_err store_plan_body_pilots(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_PLAN_PILOTS, &store_body_pilot_t, plan_id, out);
}

plam_err store_meeting_get(struct db *db, int64_t id, struct meeting_rec *out, int64_t *plan_id) {
  plam_err e = store_rec_get(db, SQL_MEETING_GET, &store_meeting_t, id, out);
  if (!e && plan_id) {
    struct body_rec b;
    e = store_body_get(db, out->body_id, &b);
    if (!e) *plan_id = b.plan_id;
  }
  return e;
}
plam_err store_meeting_update(struct db *db, const struct meeting_rec *r) {
  return update_rec(db, SQL_MEETING_UPDATE, &store_meeting_t, r, r->id);
}
plam_err store_meeting_attendees_clear(struct db *db, int64_t meeting_id) {
  return exec_id(db, SQL_ATTENDEES_CLEAR, meeting_id);
}
plam_err store_meeting_attendees(struct db *db, int64_t meeting_id, struct store_rows *out) {
  return store_rows_query(db, SQL_MEETING_ATTENDEES, &store_attendee_t, meeting_id, out);
}

plam_err store_decision_link(struct db *db, int64_t decision_id, int64_t meeting_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_DECISION_LINK, &st);
  if (e) return e;
  int row;
  e = meeting_id ? db_bind_int64(st, 1, meeting_id) : db_bind_null(st, 1);
  if (!e) e = db_bind_int64(st, 2, decision_id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_target_get(struct db *db, int64_t id, struct target_rec *out, int64_t *plan_id) {
  plam_err e = store_rec_get(db, SQL_TARGET_GET, &store_target_t, id, out);
  if (!e && plan_id) e = int_of(db, SQL_TARGET_PLAN, id, plan_id);
  return e;
}
