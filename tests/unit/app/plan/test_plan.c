/* Plan store and rules on a real database: the demo loader (sources kept,
 * idempotent), the explained dashboard (indicator 1.1 of Pays de la Loire is
 * 76.8 % on 15 March 2022), pilot scoping, the measurement workflow
 * (pending values do not count, a value is reviewed once, rejection needs a
 * reason), budget revisions (decision required, both versions kept), the
 * generation counter and the dashboard cache; a measurement import as one
 * batch (one batch row whose time the rows take, foreign keys back on
 * after the bulk insert, nothing written for a file with an error). */
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
#include "app/plan/plan_io.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;
static int64_t pdl;

static int setup(void **state) {
  (void)state;
  return fixture_db_open("plan", dir, path, &db) || fixture_seed_plans(db, &pdl) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

static void staff(struct actor *a) {
  memset(a, 0, sizeof *a);
  a->user_id = 0;
  a->role = ROLE_STAFF;
}

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

static double dash_progress(int64_t ind, double *current) {
  struct actor a;
  staff(&a);
  json_t *d;
  assert_int_equal(plan_dashboard_json(db, &a, pdl, "2022-03-15", &d), PLAM_OK);
  double p = -1;
  size_t i;
  json_t *o;
  json_array_foreach(json_object_get(d, "indicators"), i, o) {
    if (json_integer_value(json_object_get(o, "id")) != ind) continue;
    json_t *r = json_object_get(o, "result");
    p = json_is_true(json_object_get(r, "has_progress")) ? json_number_value(json_object_get(r, "progress")) : -1;
    if (current) *current = json_number_value(json_object_get(r, "current"));
  }
  json_decref(d);
  return p;
}

static void test_loader_keeps_sources_and_is_idempotent(void **state) {
  (void)state;
  struct store_rows rows;
  assert_int_equal(store_plan_targets(db, pdl, &rows), PLAM_OK);
  assert_true(rows.n > 0);
  for (int i = 0; i < rows.n; i++) assert_true(((struct target_rec *)rows.rows)[i].source[0] != '\0');
  free(rows.rows);
  char demo[512];
  const char *src = getenv("PLAM_SOURCE_DIR");
  snprintf(demo, sizeof demo, "%s/data/demo", src ? src : PLAM_SOURCE_DIR);
  int loaded = -1;
  assert_int_equal(plan_demo_load_dir(db, demo, &loaded), PLAM_OK);
  assert_int_equal(loaded, 0);
}

static void test_dashboard_explained(void **state) {
  (void)state;
  double cur = 0;
  assert_float_equal(dash_progress(indicator_id("pdl-1.1-parcours"), &cur), 76.8, 1e-9);
  assert_float_equal(cur, 384, 1e-9);
}

static void test_measurement_workflow(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  int64_t ind = indicator_id("pdl-1.1-parcours");
  struct measurement_input in = {.value_on = "2022-03-14", .has_value = 1, .value = 16, .source = "test"};
  struct measurement_rec m;
  struct field_error fe = {0};
  assert_int_equal(plan_measurement_propose(db, &a, ind, &in, &m, &fe), PLAM_OK);
  assert_string_equal(m.status, "pending");
  assert_float_equal(dash_progress(ind, NULL), 76.8, 1e-9); /* pending values do not count */
  assert_int_equal(plan_measurement_review(db, &a, m.id, 0, NULL, &m, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "reason");
  assert_int_equal(plan_measurement_review(db, &a, m.id, 1, NULL, &m, &fe), PLAM_OK);
  assert_float_equal(dash_progress(ind, NULL), 80, 1e-9);
  assert_int_equal(plan_measurement_review(db, &a, m.id, 0, "non", &m, &fe), PLAM_ERR_CONFLICT);
  /* a pilot without an organisation piloting the action is refused */
  struct actor p = {.user_id = 0, .role = ROLE_PILOT, .org_id = 999999};
  assert_int_equal(plan_measurement_propose(db, &p, ind, &in, &m, &fe), PLAM_ERR_FORBIDDEN);
  in.value_on = "2022-02-30";
  assert_int_equal(plan_measurement_propose(db, &a, ind, &in, &m, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "value_on");
}


static int64_t q1(const char *sql) { return fixture_int(db, sql); }

static void test_import_batch(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  int64_t ind = indicator_id("pdl-1.1-parcours");
  int64_t batches = q1("SELECT count(*) FROM measurement_batches");
  int64_t before = q1("SELECT count(*) FROM measurements");
  static const char csv[] = "indicateur;territoire;date;type;valeur\n"
                            "pdl-1.1-parcours;REG-52;2023-01-31;valeur;21\n"
                            "pdl-1.1-parcours;REG-52;2023-02-28;valeur;22\n";
  struct meas_report rep;
  struct plan_import_result res;
  assert_int_equal(plan_measurements_import(db, &a, pdl, MEAS_CSV, csv, sizeof csv - 1, "t.csv", &rep, &res), PLAM_OK);
  meas_report_free(&rep);
  assert_int_equal(res.measurements, 2);
  assert_int_equal(q1("PRAGMA foreign_keys"), 1); /* back on after the bulk insert */
  assert_int_equal(q1("SELECT count(*) FROM measurement_batches"), batches + 1);
  assert_int_equal(q1("SELECT count(*) FROM measurements"), before + 2);
  /* the rows name the batch and take its time */
  assert_int_equal(q1("SELECT count(*) FROM measurements m JOIN measurement_batches b ON b.id = m.batch_id "
                      "WHERE m.created_at IS NULL AND b.name LIKE 'import-%' AND m.value_on LIKE '2023-0%'"),
                   2);
  assert_int_equal(q1("SELECT count(*) FROM pragma_foreign_key_check"), 0);
  struct store_rows rows;
  assert_int_equal(store_indicator_measurements(db, ind, &rows), PLAM_OK);
  int seen = 0;
  for (int i = 0; i < rows.n; i++) {
    const struct measurement_rec *m = (const struct measurement_rec *)rows.rows + i;
    if (strcmp(m->batch, res.batch)) continue;
    seen++;
    assert_int_equal(strlen(m->created_at), 24); /* the batch's time: 2026-12-06T01:02:03.000Z */
    assert_string_equal(m->status, "pending");
  }
  free(rows.rows);
  assert_int_equal(seen, 2);

  /* a file with an error writes nothing, not even a batch */
  static const char bad[] = "indicateur;territoire;date;type;valeur\n"
                            "pdl-1.1-parcours;REG-52;2023-03-31;valeur;23\n"
                            "inconnu;REG-52;2023-03-31;valeur;1\n";
  assert_int_equal(plan_measurements_import(db, &a, pdl, MEAS_CSV, bad, sizeof bad - 1, "b.csv", &rep, &res),
                   PLAM_ERR_INVALID);
  assert_int_equal(rep.total_errors, 1);
  meas_report_free(&rep);
  assert_int_equal(q1("SELECT count(*) FROM measurement_batches"), batches + 1);
  assert_int_equal(q1("SELECT count(*) FROM measurements"), before + 2);
  assert_int_equal(q1("PRAGMA foreign_keys"), 1);
}

static void test_budget_revision_and_generation(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  struct plan_rec before, after;
  assert_int_equal(store_plan_get(db, pdl, &before), PLAM_OK);
  struct budget_rec *in = calloc(1, sizeof *in), *out = calloc(1, sizeof *out), *rev = calloc(1, sizeof *rev);
  assert_non_null(in);
  strcpy(in->label, "Ligne de test");
  in->planned_cents = (struct opt_i64){1, 250000};
  struct field_error fe = {0};
  assert_int_equal(plan_budget_create(db, &a, pdl, in, out, &fe), PLAM_OK);
  in->planned_cents.v = 300000;
  assert_int_equal(plan_budget_revise(db, &a, out->id, in, rev, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "decision_id");
  struct decision_rec d = {0}, dout;
  strcpy(d.text, "Augmenter la ligne");
  assert_int_equal(gov_decision_create(db, &a, pdl, &d, &dout, &fe), PLAM_OK);
  in->decision_id = dout.id;
  assert_int_equal(plan_budget_revise(db, &a, out->id, in, rev, &fe), PLAM_OK);
  assert_int_equal(rev->replaces_id, out->id);
  struct budget_rec old;
  assert_int_equal(store_budget_get(db, out->id, &old), PLAM_OK);
  assert_int_equal(old.current, 0);
  assert_int_equal(old.planned_cents.v, 250000);
  assert_int_equal(plan_budget_revise(db, &a, out->id, in, rev, &fe), PLAM_ERR_CONFLICT);
  assert_int_equal(store_plan_get(db, pdl, &after), PLAM_OK);
  assert_true(after.generation >= before.generation + 3);
  /* the cache answers with the same text until the next write */
  char *t1, *t2, *t3;
  size_t l1, l2, l3;
  assert_int_equal(plan_dashboard_text(db, &a, pdl, "2022-03-15", &t1, &l1), PLAM_OK);
  assert_int_equal(plan_dashboard_text(db, &a, pdl, "2022-03-15", &t2, &l2), PLAM_OK);
  assert_int_equal(l1, l2);
  assert_memory_equal(t1, t2, l1);
  assert_int_equal(plan_budget_withdraw(db, &a, rev->id, 0, out, &fe), PLAM_OK);
  assert_int_equal(plan_dashboard_text(db, &a, pdl, "2022-03-15", &t3, &l3), PLAM_OK);
  assert_true(l3 != l1 || memcmp(t1, t3, l1) != 0);
  free(t1);
  free(t2);
  free(t3);
  free(in);
  free(out);
  free(rev);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_loader_keeps_sources_and_is_idempotent),
    cmocka_unit_test(test_dashboard_explained),
    cmocka_unit_test(test_measurement_workflow),
    cmocka_unit_test(test_import_batch),
    cmocka_unit_test(test_budget_revision_and_generation),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
