/* SQL for the living parts of a plan: measurements and their reviews,
 * weather, governance, budget lines and contributions. */
#include <string.h>
#include "store/store.h"
#include "store/store_plan.h"
#include "store/store_plan_int.h"

#define MEAS_SEL \
  "SELECT m.id, m.indicator_id, m.territory_id, m.value_on, m.value, m.numerator, m.denominator, " \
  "m.source, m.comment, m.qualifier, m.author_id, b.name, coalesce(m.created_at, b.created_at), " \
  "coalesce(r.decision, 'pending'), r.reason, r.reviewer_id, r.created_at, ua.login, ur.login " \
  "FROM measurements m LEFT JOIN measurement_reviews r ON r.measurement_id = m.id " \
  "LEFT JOIN users ua ON ua.id = m.author_id LEFT JOIN users ur ON ur.id = r.reviewer_id " \
  "LEFT JOIN measurement_batches b ON b.id = m.batch_id "
static const char *const SQL_IND_MEAS = MEAS_SEL "WHERE m.indicator_id = ?1 ORDER BY m.value_on, m.territory_id, m.id";
static const char *const SQL_PENDING = MEAS_SEL
  "JOIN indicators i ON i.id = m.indicator_id JOIN plan_actions a ON a.id = i.action_id "
  "WHERE a.plan_id = ?1 AND r.id IS NULL ORDER BY m.id";
static const char *const SQL_MEAS_GET = MEAS_SEL
  "JOIN indicators i ON i.id = m.indicator_id JOIN plan_actions a ON a.id = i.action_id WHERE m.id = ?1";
static const char *const SQL_MEAS_PLAN =
  "SELECT a.plan_id FROM measurements m JOIN indicators i ON i.id = m.indicator_id "
  "JOIN plan_actions a ON a.id = i.action_id WHERE m.id = ?";
static const char *const SQL_MEAS_INSERT =
  "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source, comment, "
  "qualifier, author_id, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
  "(SELECT id FROM measurement_batches WHERE name = ?)) RETURNING id";
/* A measurement inserted alone that names a batch (the demo loader's "demo")
 * creates it the first time. */
static const char *const SQL_MEAS_BATCH =
  "INSERT INTO measurement_batches(name, author_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_REVIEW_INSERT =
  "INSERT INTO measurement_reviews(measurement_id, decision, reason, reviewer_id) VALUES (?, ?, ?, ?) RETURNING id";
static const char *const SQL_VALUES =
  "SELECT m.id, m.indicator_id, m.territory_id, m.value_on, m.value, m.numerator, m.denominator "
  "FROM measurements m JOIN measurement_reviews r ON r.measurement_id = m.id AND r.decision = 'validated' "
  "JOIN indicators i ON i.id = m.indicator_id JOIN plan_actions a ON a.id = i.action_id "
  "WHERE a.plan_id = ?"; /* no ORDER BY: the caller groups by indicator (a 600k-row sort costs seconds) */

#define WEATHER_SEL \
  "SELECT w.id, w.action_id, w.judged_on, w.level, w.comment, w.author_id, w.created_at, u.login " \
  "FROM action_weather w LEFT JOIN users u ON u.id = w.author_id "
static const char *const SQL_WEATHER_LATEST = WEATHER_SEL
  "JOIN plan_actions a ON a.id = w.action_id WHERE a.plan_id = ?1 AND w.id = "
  "(SELECT w2.id FROM action_weather w2 WHERE w2.action_id = w.action_id "
  "ORDER BY w2.judged_on DESC, w2.id DESC LIMIT 1) ORDER BY w.action_id";
static const char *const SQL_WEATHER_ACTION = WEATHER_SEL "WHERE w.action_id = ?1 ORDER BY w.judged_on DESC, w.id DESC";
static const char *const SQL_WEATHER_GET = WEATHER_SEL "WHERE w.id = ?1";
static const char *const SQL_WEATHER_INSERT =
  "INSERT INTO action_weather(action_id, judged_on, level, comment, author_id) VALUES (?, ?, ?, ?, ?) RETURNING id";

#define BODY_SEL \
  "SELECT id, plan_id, kind, name, axis_id, action_id, territory_id, frequency, meetings_per_year, " \
  "established, planned, note, source FROM gov_bodies "
static const char *const SQL_BODIES = BODY_SEL "WHERE plan_id = ?1 ORDER BY id";
static const char *const SQL_BODY_GET = BODY_SEL "WHERE id = ?1";
static const char *const SQL_BODY_INSERT =
  "INSERT INTO gov_bodies(plan_id, kind, name, axis_id, action_id, territory_id, frequency, meetings_per_year, "
  "established, planned, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_BODY_PILOT =
  "INSERT INTO gov_body_pilots(body_id, org_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_MEETINGS =
  "SELECT m.id, m.body_id, m.held_on, m.title, m.place, m.minutes, m.attendees_text, m.source, m.status "
  "FROM gov_meetings m "
  "JOIN gov_bodies b ON b.id = m.body_id WHERE b.plan_id = ?1 ORDER BY m.held_on, m.id";
static const char *const SQL_MEETING_INSERT =
  "INSERT INTO gov_meetings(body_id, held_on, title, place, minutes, attendees_text, source, status) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, 'held')) RETURNING id";
static const char *const SQL_ATTENDEES =
  "SELECT g.meeting_id, g.org_id, g.person, o.name FROM gov_attendees g JOIN organisations o ON o.id = g.org_id "
  "JOIN gov_meetings m ON m.id = g.meeting_id JOIN gov_bodies b ON b.id = m.body_id WHERE b.plan_id = ?1 "
  "ORDER BY g.meeting_id, o.name";
static const char *const SQL_ATTENDEE_INSERT =
  "INSERT INTO gov_attendees(meeting_id, org_id, person) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
#define DECISION_SEL \
  "SELECT d.id, d.plan_id, d.meeting_id, d.text, d.owner_org_id, d.owner_person, d.due_on, " \
  "d.status, d.source, d.created_at, o.name FROM decisions d " \
  "LEFT JOIN organisations o ON o.id = d.owner_org_id "
static const char *const SQL_DECISIONS = DECISION_SEL "WHERE d.plan_id = ?1 ORDER BY d.id";
static const char *const SQL_DECISION_GET = DECISION_SEL "WHERE d.id = ?1";
static const char *const SQL_DECISION_INSERT =
  "INSERT INTO decisions(plan_id, meeting_id, text, owner_org_id, owner_person, due_on, status, source) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_DECISION_UPDATE =
  "UPDATE decisions SET text = ?, owner_org_id = ?, owner_person = ?, due_on = ?, status = ? WHERE id = ?";

#define BUDGET_SEL \
  "SELECT b.id, b.plan_id, b.action_id, b.funder_org_id, b.fund, b.year_from, b.year_to, b.label, " \
  "b.planned_cents, b.committed_cents, b.paid_cents, b.unit_cents, b.unit, b.quantity, b.qualifier, " \
  "b.note, b.withdrawn, b.replaces_id, b.decision_id, b.source, b.created_by, b.created_at, o.name, " \
  "a.axis_id, NOT EXISTS (SELECT 1 FROM budget_lines n WHERE n.replaces_id = b.id) " \
  "FROM budget_lines b LEFT JOIN organisations o ON o.id = b.funder_org_id " \
  "LEFT JOIN plan_actions a ON a.id = b.action_id "
static const char *const SQL_BUDGET = BUDGET_SEL "WHERE b.plan_id = ?1 ORDER BY b.id";
static const char *const SQL_BUDGET_GET = BUDGET_SEL "WHERE b.id = ?1";
static const char *const SQL_BUDGET_INSERT =
  "INSERT INTO budget_lines(plan_id, action_id, funder_org_id, fund, year_from, year_to, label, planned_cents, "
  "committed_cents, paid_cents, unit_cents, unit, quantity, qualifier, note, withdrawn, replaces_id, decision_id, "
  "source, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

#define CONTRIB_SEL \
  "SELECT c.id, c.plan_id, c.action_id, c.author_id, c.org_id, c.kind, c.body, c.answer, " \
  "c.answered_by, c.answered_at, c.created_at, ua.login, o.name, ub.login FROM contributions c " \
  "LEFT JOIN users ua ON ua.id = c.author_id LEFT JOIN organisations o ON o.id = c.org_id " \
  "LEFT JOIN users ub ON ub.id = c.answered_by "
static const char *const SQL_CONTRIBS = CONTRIB_SEL "WHERE c.plan_id = ?1 ORDER BY c.id DESC";
static const char *const SQL_CONTRIB_GET = CONTRIB_SEL "WHERE c.id = ?1";
static const char *const SQL_CONTRIB_INSERT =
  "INSERT INTO contributions(plan_id, action_id, author_id, org_id, kind, body, answer, answered_by, answered_at) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_CONTRIB_ANSWER =
  "UPDATE contributions SET answer = ?, answered_by = ?, answered_at = plam_now() "
  "WHERE id = ?";

plam_err store_indicator_measurements(struct db *db, int64_t indicator_id, struct store_rows *out) {
  return store_rows_query(db, SQL_IND_MEAS, &store_measurement_t, indicator_id, out);
}
plam_err store_plan_pending(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_PENDING, &store_measurement_t, plan_id, out);
}
plam_err store_measurement_get(struct db *db, int64_t id, struct measurement_rec *out, int64_t *plan_id) {
  plam_err e = store_rec_get(db, SQL_MEAS_GET, &store_measurement_t, id, out);
  if (e || !plan_id) return e;
  struct db_stmt *st;
  e = db_prepare(db, SQL_MEAS_PLAN, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *plan_id = db_column_int64(st, 0);
  db_done(st);
  return e;
}
plam_err store_measurement_insert(struct db *db, const struct measurement_rec *r, int64_t *id) {
  if (r->batch[0]) {
    struct db_stmt *st;
    plam_err e = db_prepare(db, SQL_MEAS_BATCH, &st);
    if (e) return e;
    int row;
    e = db_bind_text(st, 1, r->batch);
    if (!e) e = r->author_id ? db_bind_int64(st, 2, r->author_id) : db_bind_null(st, 2);
    if (!e) e = db_step(st, &row);
    db_done(st);
    if (e) return e;
  }
  return store_rec_insert(db, SQL_MEAS_INSERT, &store_measurement_t, r, id);
}
plam_err store_review_insert(struct db *db, const struct review_rec *r, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_REVIEW_INSERT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, r->measurement_id);
  if (!e) e = db_bind_text(st, 2, r->decision);
  if (!e) e = db_bind_text(st, 3, r->reason[0] ? r->reason : NULL);
  if (!e) e = r->reviewer_id ? db_bind_int64(st, 4, r->reviewer_id) : db_bind_null(st, 4);
  return store_insert_id(st, e, id);
}

plam_err store_plan_values_each(struct db *db, int64_t plan_id, store_value_fn fn, void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VALUES, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, plan_id);
  while (!e && !(e = db_step(st, &row)) && row) {
    struct store_value_row v = {
      .id = db_column_int64(st, 0),
      .indicator_id = db_column_int64(st, 1),
      .territory_id = db_column_text(st, 2),
      .value_on = db_column_text(st, 3),
      .has_value = !db_column_is_null(st, 4),
      .has_ratio = !db_column_is_null(st, 5) && !db_column_is_null(st, 6),
    };
    v.value = v.has_value ? db_column_double(st, 4) : 0;
    if (v.has_ratio) {
      v.numerator = db_column_double(st, 5);
      v.denominator = db_column_double(st, 6);
    }
    e = fn(ud, &v);
  }
  db_done(st);
  return e;
}

plam_err store_weather_insert(struct db *db, const struct weather_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_WEATHER_INSERT, &store_weather_t, r, id);
}
plam_err store_weather_get(struct db *db, int64_t id, struct weather_rec *out) {
  return store_rec_get(db, SQL_WEATHER_GET, &store_weather_t, id, out);
}
plam_err store_plan_weather_latest(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_WEATHER_LATEST, &store_weather_t, plan_id, out);
}
plam_err store_action_weather(struct db *db, int64_t action_id, struct store_rows *out) {
  return store_rows_query(db, SQL_WEATHER_ACTION, &store_weather_t, action_id, out);
}

plam_err store_body_insert(struct db *db, const struct body_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_BODY_INSERT, &store_body_t, r, id);
}
plam_err store_body_get(struct db *db, int64_t id, struct body_rec *out) {
  return store_rec_get(db, SQL_BODY_GET, &store_body_t, id, out);
}
plam_err store_body_pilot_add(struct db *db, int64_t body_id, int64_t org_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_BODY_PILOT, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, body_id);
  if (!e) e = db_bind_int64(st, 2, org_id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}
plam_err store_meeting_insert(struct db *db, const struct meeting_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_MEETING_INSERT, &store_meeting_t, r, id);
}
plam_err store_attendee_insert(struct db *db, int64_t meeting_id, int64_t org_id, const char *person) {
  struct attendee_rec r;
  memset(&r, 0, sizeof r);
  r.meeting_id = meeting_id;
  r.org_id = org_id;
  store_copy(r.person, sizeof r.person, person);
  return store_rec_insert(db, SQL_ATTENDEE_INSERT, &store_attendee_t, &r, NULL);
}
plam_err store_decision_insert(struct db *db, const struct decision_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_DECISION_INSERT, &store_decision_t, r, id);
}
plam_err store_decision_get(struct db *db, int64_t id, struct decision_rec *out) {
  return store_rec_get(db, SQL_DECISION_GET, &store_decision_t, id, out);
}
plam_err store_decision_update(struct db *db, const struct decision_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_DECISION_UPDATE, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, r->text);
  if (!e) e = r->owner_org_id ? db_bind_int64(st, 2, r->owner_org_id) : db_bind_null(st, 2);
  if (!e) e = db_bind_text(st, 3, r->owner_person[0] ? r->owner_person : NULL);
  if (!e) e = db_bind_text(st, 4, r->due_on[0] ? r->due_on : NULL);
  if (!e) e = db_bind_text(st, 5, r->status);
  if (!e) e = db_bind_int64(st, 6, r->id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}
plam_err store_plan_bodies(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_BODIES, &store_body_t, plan_id, out);
}
plam_err store_plan_meetings(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_MEETINGS, &store_meeting_t, plan_id, out);
}
plam_err store_plan_attendees(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_ATTENDEES, &store_attendee_t, plan_id, out);
}
plam_err store_plan_decisions(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_DECISIONS, &store_decision_t, plan_id, out);
}

plam_err store_plan_budget(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_BUDGET, &store_budget_t, plan_id, out);
}
plam_err store_budget_get(struct db *db, int64_t id, struct budget_rec *out) {
  return store_rec_get(db, SQL_BUDGET_GET, &store_budget_t, id, out);
}
plam_err store_budget_insert(struct db *db, const struct budget_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_BUDGET_INSERT, &store_budget_t, r, id);
}

plam_err store_contribution_insert(struct db *db, const struct contribution_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_CONTRIB_INSERT, &store_contribution_t, r, id);
}
plam_err store_contribution_get(struct db *db, int64_t id, struct contribution_rec *out) {
  return store_rec_get(db, SQL_CONTRIB_GET, &store_contribution_t, id, out);
}
plam_err store_contribution_answer(struct db *db, int64_t id, const char *answer, int64_t by) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CONTRIB_ANSWER, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, answer);
  if (!e) e = by ? db_bind_int64(st, 2, by) : db_bind_null(st, 2);
  if (!e) e = db_bind_int64(st, 3, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}
plam_err store_plan_contributions(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_CONTRIBS, &store_contribution_t, plan_id, out);
}

/* ---- validated_values (migration 0004): the dashboard's reduced reads ---- */
static const char *const SQL_VV_FLAGS =
  "SELECT EXISTS (SELECT 1 FROM validated_values WHERE indicator_id = ?1 AND flags = 1), "
  "EXISTS (SELECT 1 FROM validated_values WHERE indicator_id = ?1 AND flags IN (2, 3)), "
  "EXISTS (SELECT 1 FROM validated_values WHERE indicator_id = ?1 AND flags >= 4)";
static const char *const SQL_VV_ROWS =
  "SELECT measurement_id, territory_id, value_on, value, numerator, denominator FROM validated_values "
  "WHERE indicator_id = ?1 ORDER BY territory_id, value_on, measurement_id";
static const char *const SQL_VV_LAST =
  "SELECT measurement_id, value_on, value, numerator, denominator FROM validated_values "
  "WHERE indicator_id = ?1 AND territory_id = ?2 AND value_on <= ?3 "
  "ORDER BY value_on DESC, measurement_id DESC LIMIT 1";
static const char *const SQL_VV_DAYS =
  "SELECT DISTINCT value_on FROM validated_values "
  "WHERE indicator_id = ?1 AND territory_id = ?2 AND value_on >= ?3 AND value_on <= ?4 ORDER BY value_on DESC";
static const char *const SQL_VV_HAS_DAY =
  "SELECT EXISTS (SELECT 1 FROM validated_values WHERE indicator_id = ?1 AND territory_id = ?2 AND value_on = ?3)";
/* The value of the highest measurement id of each date, summed per
 * territory. Per engine (enum db_engine_kind): SQLite takes it with its
 * documented min/max bare-column rule (max(measurement_id) makes the bare
 * column value that of the highest id), PostgreSQL with DISTINCT ON. */
static const char *const SQL_VV_SUMS[] = {
  "SELECT territory_id, count(*), sum(value), max(value_on) FROM ("
  "SELECT territory_id, value_on, max(measurement_id), value FROM validated_values "
  "WHERE indicator_id = ?1 AND value_on > ?2 AND value_on <= ?3 GROUP BY territory_id, value_on) "
  "GROUP BY territory_id ORDER BY territory_id",
  "SELECT territory_id, count(*), sum(value), max(value_on) FROM ("
  "SELECT DISTINCT ON (territory_id, value_on) territory_id, value_on, value FROM validated_values "
  "WHERE indicator_id = ?1 AND value_on > ?2 AND value_on <= ?3 "
  "ORDER BY territory_id, value_on, measurement_id DESC) x GROUP BY territory_id ORDER BY territory_id",
};

static void vv_read(struct db_stmt *st, int c, struct store_value_row *v) {
  v->has_value = !db_column_is_null(st, c);
  v->has_ratio = !db_column_is_null(st, c + 1) && !db_column_is_null(st, c + 2);
  v->value = v->has_value ? db_column_double(st, c) : 0;
  v->numerator = v->has_ratio ? db_column_double(st, c + 1) : 0;
  v->denominator = v->has_ratio ? db_column_double(st, c + 2) : 0;
}

plam_err store_vv_flags(struct db *db, int64_t indicator_id, int *flags) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_FLAGS, &st);
  if (e) return e;
  int row = 0;
  *flags = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_step(st, &row);
  if (!e && row)
    *flags = (db_column_int64(st, 0) ? 1 : 0) | (db_column_int64(st, 1) ? 2 : 0) | (db_column_int64(st, 2) ? 4 : 0);
  db_done(st);
  return e;
}

plam_err store_vv_rows(struct db *db, int64_t indicator_id, store_value_fn fn, void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_ROWS, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, indicator_id);
  while (!e && !(e = db_step(st, &row)) && row) {
    struct store_value_row v = {.id = db_column_int64(st, 0),
                                .indicator_id = indicator_id,
                                .territory_id = db_column_text(st, 1),
                                .value_on = db_column_text(st, 2)};
    vv_read(st, 3, &v);
    e = fn(ud, &v);
  }
  db_done(st);
  return e;
}

plam_err store_vv_last(struct db *db, int64_t indicator_id, const char *territory_id, const char *until,
                       struct store_value_row *out, char day[11], int *found) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_LAST, &st);
  if (e) return e;
  int row = 0;
  *found = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory_id);
  if (!e) e = db_bind_text(st, 3, until);
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    memset(out, 0, sizeof *out);
    out->id = db_column_int64(st, 0);
    out->indicator_id = indicator_id;
    out->territory_id = territory_id;
    store_copy(day, 11, db_column_text(st, 1));
    out->value_on = day;
    vv_read(st, 2, out);
    *found = 1;
  }
  db_done(st);
  return e;
}

plam_err store_vv_days_desc(struct db *db, int64_t indicator_id, const char *territory_id, const char *from,
                            const char *until, store_vv_day_fn fn, void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_DAYS, &st);
  if (e) return e;
  int row = 0, r = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory_id);
  if (!e) e = db_bind_text(st, 3, from);
  if (!e) e = db_bind_text(st, 4, until);
  while (!e && !r && !(e = db_step(st, &row)) && row) {
    r = fn(ud, db_column_text(st, 0));
    if (r < 0) e = (plam_err)-r;
  }
  db_done(st);
  return e;
}

plam_err store_vv_has_day(struct db *db, int64_t indicator_id, const char *territory_id, const char *day, int *yes) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_HAS_DAY, &st);
  if (e) return e;
  int row = 0;
  *yes = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory_id);
  if (!e) e = db_bind_text(st, 3, day);
  if (!e) e = db_step(st, &row);
  if (!e && row) *yes = db_column_int64(st, 0) != 0;
  db_done(st);
  return e;
}

plam_err store_vv_sums(struct db *db, int64_t indicator_id, const char *after, const char *until, store_vv_sum_fn fn,
                       void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_VV_SUMS[db_engine_of(db)], &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, after);
  if (!e) e = db_bind_text(st, 3, until);
  while (!e && !(e = db_step(st, &row)) && row)
    e = fn(ud, db_column_text(st, 0), db_column_int64(st, 1), db_column_double(st, 2), db_column_text(st, 3));
  db_done(st);
  return e;
}

static const char *const SQL_VV_QUALIFIERS =
  "SELECT DISTINCT m.qualifier FROM validated_values v JOIN measurements m ON m.id = v.measurement_id "
  "WHERE v.indicator_id = ? AND v.territory_id = ? AND v.value_on > ? AND v.value_on <= ? "
  "AND m.qualifier IS NOT NULL AND v.measurement_id = (SELECT max(w.measurement_id) FROM validated_values w "
  "WHERE w.indicator_id = v.indicator_id AND w.territory_id = v.territory_id AND w.value_on = v.value_on)";

plam_err store_vv_qualifiers(struct db *db, int64_t indicator_id, const char *territory_id, const char *after,
                             const char *until, int *mask) {
  static const char *const names[] = {"at_least", "about", "at_most"};
  struct db_stmt *st;
  *mask = 0;
  plam_err e = db_prepare(db, SQL_VV_QUALIFIERS, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, territory_id);
  if (!e) e = db_bind_text(st, 3, after);
  if (!e) e = db_bind_text(st, 4, until);
  while (!e && !(e = db_step(st, &row)) && row) {
    const char *q = db_column_text(st, 0);
    for (int i = 0; q && i < 3; i++)
      if (!strcmp(q, names[i])) *mask |= 1 << i;
  }
  db_done(st);
  return e;
}
