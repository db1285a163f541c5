/* Governance rules and writes: body kinds and meeting statuses, the decision
 * status transitions (table in governance_rules.c), a meeting's default
 * status, the overdue flag; on a real database with the demo plans: a target
 * revision keeps the old version, only the new one is in force and the
 * dashboard uses it; a refused status change writes nothing; each write
 * appends one audit row in its transaction; migration 0007 rebuilds
 * decisions without losing a row or a reference to one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;
static int64_t pdl;

/* ---- pure rules ---- */
static void test_kinds_and_statuses(void **state) {
  (void)state;
  const char *kinds[] = {"copil", "technical", "territorial", "followup", "conference", "other"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) assert_true(gov_body_kind_valid(kinds[i]));
  assert_false(gov_body_kind_valid("COPIL"));
  assert_false(gov_body_kind_valid(""));
  assert_false(gov_body_kind_valid(NULL));
  assert_true(gov_meeting_status_valid("planned"));
  assert_true(gov_meeting_status_valid("held"));
  assert_true(gov_meeting_status_valid("cancelled"));
  assert_false(gov_meeting_status_valid("postponed"));
  assert_string_equal(gov_decision_status_label("open"), "à faire");
  assert_string_equal(gov_decision_status_label("in_progress"), "en cours");
  assert_string_equal(gov_decision_status_label("done"), "faite");
  assert_string_equal(gov_decision_status_label("dropped"), "abandonnée");
  assert_null(gov_decision_status_label("closed"));
}

static void test_transitions(void **state) {
  (void)state;
  static const char *const st[] = {"open", "in_progress", "done", "dropped"};
  /* expected[from][to] */
  static const int expected[4][4] = {
    {1, 1, 1, 1}, /* open: anywhere */
    {1, 1, 1, 1}, /* in progress: anywhere */
    {0, 1, 1, 0}, /* done: reopened as in progress only */
    {1, 0, 0, 1}, /* dropped: taken up again as open only */
  };
  for (int f = 0; f < 4; f++)
    for (int t = 0; t < 4; t++) assert_int_equal(gov_decision_transition_ok(st[f], st[t]), expected[f][t]);
  assert_false(gov_decision_transition_ok("open", "closed"));
  assert_false(gov_decision_transition_ok("closed", "open"));
  assert_false(gov_decision_transition_ok(NULL, "open"));
}

static void test_dates(void **state) {
  (void)state;
  assert_string_equal(gov_meeting_default_status("2026-12-01", "2026-11-23"), "planned");
  assert_string_equal(gov_meeting_default_status("2026-11-23", "2026-11-23"), "held");
  assert_string_equal(gov_meeting_default_status("2025-01-01", "2026-11-23"), "held");
  assert_true(gov_decision_overdue("open", "2026-11-22", "2026-11-23"));
  assert_true(gov_decision_overdue("in_progress", "2020-01-01", "2026-11-23"));
  assert_false(gov_decision_overdue("open", "2026-11-23", "2026-11-23"));
  assert_false(gov_decision_overdue("done", "2020-01-01", "2026-11-23"));
  assert_false(gov_decision_overdue("dropped", "2020-01-01", "2026-11-23"));
  assert_false(gov_decision_overdue("open", "", "2026-11-23"));
  assert_false(gov_decision_overdue("open", NULL, "2026-11-23"));
}

/* ---- on a database ---- */
static int setup(void **state) {
  (void)state;
  return fixture_db_open("gov", dir, path, &db) || fixture_seed_plans(db, &pdl) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

static void staff(struct actor *a) {
  memset(a, 0, sizeof *a);
  a->role = ROLE_STAFF;
}

static int64_t q_int(const char *sql) { return fixture_int(db, sql); }

static int64_t indicator_id(const char *code) {
  struct store_rows rows;
  assert_int_equal(store_plan_indicators(db, pdl, &rows), PLAM_OK);
  int64_t id = 0;
  for (int i = 0; i < rows.n; i++)
    if (!strcmp(((struct indicator_rec *)rows.rows)[i].code, code)) id = ((struct indicator_rec *)rows.rows)[i].id;
  free(rows.rows);
  assert_true(id > 0);
  return id;
}

/* The dashboard's target for the indicator on 15 March 2022. */
static double dash_target(int64_t ind) {
  struct actor a;
  staff(&a);
  json_t *d, *o;
  size_t i;
  double t = -1;
  assert_int_equal(plan_dashboard_json(db, &a, pdl, "2022-03-15", &d), PLAM_OK);
  json_array_foreach(json_object_get(d, "indicators"), i, o) if (json_integer_value(json_object_get(o, "id")) == ind)
    t = json_number_value(json_object_get(json_object_get(o, "result"), "target"));
  json_decref(d);
  return t;
}

static int64_t new_decision(const char *text) {
  struct actor a;
  staff(&a);
  struct decision_rec in, out;
  memset(&in, 0, sizeof in);
  store_copy(in.text, sizeof in.text, text);
  struct field_error fe = {0};
  assert_int_equal(gov_decision_create(db, &a, pdl, &in, &out, &fe), PLAM_OK);
  return out.id;
}

static void test_target_revision(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  int64_t ind = indicator_id("pdl-1.1-parcours");
  struct store_rows rows;
  assert_int_equal(store_indicator_targets(db, ind, &rows), PLAM_OK);
  int64_t final_id = 0;
  for (int i = 0; i < rows.n; i++) {
    const struct target_rec *t = (const struct target_rec *)rows.rows + i;
    if (!strcmp(t->kind, "final") && t->current) final_id = t->id;
  }
  int n_before = rows.n;
  free(rows.rows);
  assert_true(final_id > 0);
  assert_true(dash_target(ind) == 500);

  struct gov_target_input in;
  memset(&in, 0, sizeof in);
  in.has_value = 1;
  in.value = 450;
  struct target_rec out;
  struct field_error fe = {0};
  /* no decision: refused before any write */
  int64_t audits = q_int("SELECT count(*) FROM audit_log");
  assert_int_equal(gov_target_revise(db, &a, final_id, &in, &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "decision_id");
  assert_int_equal(q_int("SELECT count(*) FROM audit_log"), audits);

  in.decision_id = new_decision("Cible révisée (test unitaire)");
  audits = q_int("SELECT count(*) FROM audit_log");
  assert_int_equal(gov_target_revise(db, &a, final_id, &in, &out, &fe), PLAM_OK);
  assert_int_equal(out.replaces_id, final_id);
  assert_true(out.current);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log"), audits + 1);

  /* both versions kept; exactly one final target in force: the new one */
  assert_int_equal(store_indicator_targets(db, ind, &rows), PLAM_OK);
  assert_int_equal(rows.n, n_before + 1);
  int in_force = 0;
  for (int i = 0; i < rows.n; i++) {
    const struct target_rec *t = (const struct target_rec *)rows.rows + i;
    if (t->id == final_id) {
      assert_false(t->current);
      assert_true(t->value == 500);
    }
    if (!strcmp(t->kind, "final") && t->current) {
      in_force++;
      assert_int_equal(t->id, out.id);
    }
  }
  free(rows.rows);
  assert_int_equal(in_force, 1);
  assert_true(dash_target(ind) == 450);

  /* the old version cannot be revised again */
  assert_int_equal(gov_target_revise(db, &a, final_id, &in, &out, &fe), PLAM_ERR_CONFLICT);
}

static void test_decision_status(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  int64_t id = new_decision("Décision (test unitaire)");
  struct gov_decision_input in;
  memset(&in, 0, sizeof in);
  in.status.set = 1;
  in.status.v = "done";
  struct decision_rec out;
  struct field_error fe = {0};
  assert_int_equal(gov_decision_update(db, &a, id, &in, &out, &fe), PLAM_OK);
  assert_string_equal(out.status, "done");
  int64_t audits = q_int("SELECT count(*) FROM audit_log");
  in.status.v = "dropped";
  assert_int_equal(gov_decision_update(db, &a, id, &in, &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "status");
  assert_int_equal(q_int("SELECT count(*) FROM audit_log"), audits);
  struct decision_rec d;
  assert_int_equal(store_decision_get(db, id, &d), PLAM_OK);
  assert_string_equal(d.status, "done");
  /* the change is audited as a status change with before and after */
  in.status.v = "in_progress";
  assert_int_equal(gov_decision_update(db, &a, id, &in, &out, &fe), PLAM_OK);
  assert_int_equal(
    q_int("SELECT count(*) FROM audit_log WHERE entity = 'decision' AND action = 'status' "
          "AND json_extract(before, '$.status') = 'done' AND json_extract(after, '$.status') = 'in_progress'"),
    1);
}

/* Migration 0007 on a database holding a decision cited by a budget line:
 * applied like db_migrate does (one write transaction), the row keeps its id
 * and status, the budget line still cites it, the foreign key still holds,
 * and the new status in_progress is accepted. */
static void test_migration_0007(void **state) {
  (void)state;
  char p[160];
  snprintf(p, sizeof p, "%s/m7.db", dir);
  struct db *m = NULL;
  assert_int_equal(db_open(p, DB_OPEN_CREATE, &m), PLAM_OK);
  int i = 0;
  for (; i < db_migration_count && db_migrations[i].version < 7; i++) {
    assert_int_equal(db_write_begin(m), PLAM_OK);
    assert_int_equal(db_write_end(m, db_exec(m, db_migrations[i].sql)), PLAM_OK);
  }
  assert_true(i < db_migration_count && db_migrations[i].version == 7);
  assert_int_equal(db_exec(m, "INSERT INTO plans(id, slug, region_id, title) VALUES (1, 'pm', 'REG-52', 'Plan');"
                              "INSERT INTO decisions(id, plan_id, text, status) VALUES (41, 1, 'Avant 0007', 'done');"
                              "INSERT INTO budget_lines(plan_id, label, decision_id) VALUES (1, 'Ligne', 41);"),
                   PLAM_OK);
  assert_int_equal(db_write_begin(m), PLAM_OK);
  assert_int_equal(db_write_end(m, db_exec(m, db_migrations[i].sql)), PLAM_OK);
  struct db *keep = db;
  db = m;
  assert_int_equal(q_int("SELECT count(*) FROM decisions WHERE id = 41 AND status = 'done' AND text = 'Avant 0007'"),
                   1);
  assert_int_equal(q_int("SELECT count(*) FROM budget_lines WHERE decision_id = 41"), 1);
  assert_int_equal(q_int("SELECT count(*) FROM pragma_foreign_key_check"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM pragma_foreign_key_list('budget_lines') WHERE \"table\" = 'decisions'"),
                   1);
  assert_int_equal(q_int("SELECT count(*) FROM sqlite_schema WHERE name = 'decisions_0007'"), 0);
  db = keep;
  assert_int_not_equal(db_exec(m, "DELETE FROM decisions WHERE id = 41"), PLAM_OK);
  assert_int_equal(db_exec(m, "UPDATE decisions SET status = 'in_progress' WHERE id = 41"), PLAM_OK);
  assert_int_not_equal(db_exec(m, "UPDATE decisions SET status = 'later' WHERE id = 41"), PLAM_OK);
  assert_int_equal(db_exec(m, "INSERT INTO gov_bodies(id, plan_id, kind, name) VALUES (1, 1, 'copil', 'COPIL');"
                              "INSERT INTO gov_meetings(body_id, held_on, title) VALUES (1, '2022-01-01', 'R')"),
                   PLAM_OK);
  db = m;
  assert_int_equal(q_int("SELECT count(*) FROM gov_meetings WHERE status = 'held'"), 1);
  db = keep;
  db_close(m);
}

int main(void) {
  const struct CMUnitTest pure[] = {
    cmocka_unit_test(test_kinds_and_statuses),
    cmocka_unit_test(test_transitions),
    cmocka_unit_test(test_dates),
  };
  const struct CMUnitTest on_db[] = {
    cmocka_unit_test(test_target_revision),
    cmocka_unit_test(test_decision_status),
    cmocka_unit_test(test_migration_0007),
  };
  int r = cmocka_run_group_tests_name("governance rules", pure, NULL, NULL);
  return r + cmocka_run_group_tests_name("governance writes", on_db, setup, teardown);
}
