/* Unit tests of the internships module on a real database: the published
 * results of a site never isolate an answer (a year of 6 with semesters of
 * 5 and 1 shows the year only, in the site's view, in every site's view and
 * in the yearly review), nothing is shown before both semesters are closed,
 * and answers are refused once a semester is closed; the OPPI import writes
 * nothing on error and raises the harassment alert at once; a staff edit of
 * a threshold changes which alerts are raised; a suspended site gives no
 * campaign post; and the number of sites under alert becomes a pending
 * measurement of a plan indicator with its source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/access/write.h"
#include "app/intern/intern.h"
#include "app/plan/plan.h"
#include "app/train/train.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static struct db *db;
static char dir[64], path[128];
static int64_t pdl;
static struct actor admin;
static int64_t site_a, site_b;
#define SITE_B "(SELECT max(id) FROM intern_sites)"

static plam_err estab_tx(struct app_tx *tx, void *arg) {
  int64_t *id = arg;
  plam_err e = store_intern_establishment_ensure(tx->db, "CH test", "ch", "DEP-44", 0, id);
  if (e) return e;
  return app_audit(tx, "create", "establishment", *id, NULL, NULL);
}

static int64_t make_site(int64_t est, const char *label) {
  struct isite_input in = {.establishment_id = est,
                           .has_establishment = 1,
                           .label = label,
                           .programme = "medicine",
                           .capacity = 2,
                           .has_capacity = 1,
                           .accredited_from = "2020-11-01",
                           .accredited_to = "2030-10-31",
                           .chu = -1};
  json_t *out = NULL;
  struct field_error fe = {0};
  assert_int_equal(intern_site_create(db, &admin, &in, &out, &fe), PLAM_OK);
  int64_t id = json_integer_value(json_object_get(out, "id"));
  json_decref(out);
  return id;
}

static int setup(void **state) {
  (void)state;
  if (fixture_db_open("intern", dir, path, &db) || fixture_seed_plans(db, &pdl)) return -1;
  actor_cli(&admin);
  int64_t est = 0;
  if (app_write(db, &admin, estab_tx, &est, NULL)) return -1;
  site_a = make_site(est, "Site A");
  site_b = make_site(est, "Site B");
  return 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

/* count answers of site on semester, ids prefix-k, hours h, harassment on the first when harass */
static void add_rows(char *buf, size_t n, size_t *len, const char *prefix, int64_t site, const char *sem, int count,
                     int hours, int harass) {
  for (int k = 0; k < count; k++)
    *len += (size_t)snprintf(buf + *len, n - *len, "%s-%d;%lld;%s;3;3;%d;oui;1;2;3;%s;\n", prefix, k, (long long)site,
                             sem, hours, harass && k == 0 ? "oui" : "non");
}

static const char HEADER[] =
  "identifiant;terrain;semestre;encadrement;conditions;heures;repos de garde;demi-journées;tâches non médicales;"
  "respect;harcèlement;commentaire\n";

static plam_err import(const char *csv, json_t **errors) {
  json_t *out = NULL;
  struct field_error fe = {0};
  *errors = NULL;
  plam_err e = intern_oppi_import(db, &admin, csv, strlen(csv), &out, errors, &fe);
  json_decref(out);
  return e;
}

static json_t *results(int64_t site) {
  json_t *out = NULL;
  assert_int_equal(intern_results(db, &admin, site, &out), PLAM_OK);
  return out;
}

static void test_year_only_and_closing(void **state) {
  (void)state;
  char csv[8192];
  size_t len = (size_t)snprintf(csv, sizeof csv, "%s", HEADER);
  add_rows(csv, sizeof csv, &len, "A24W", site_a, "2024-11", 5, 40, 0);
  add_rows(csv, sizeof csv, &len, "A24S", site_a, "2025-05", 1, 60, 0);
  json_t *errors = NULL;
  assert_int_equal(import(csv, &errors), PLAM_OK);
  /* nothing shown while a semester is still collecting */
  json_t *r = results(site_a);
  assert_int_equal(json_array_size(json_object_get(r, "years")), 0);
  json_decref(r);
  json_t *out = NULL;
  struct field_error fe = {0};
  /* one semester closed: its year is still not shown */
  assert_int_equal(intern_semester_close(db, &admin, "2024-11", &out, &fe), PLAM_OK);
  json_decref(out);
  r = results(site_a);
  json_t *y = json_array_get(json_object_get(r, "years"), 0);
  assert_true(json_is_null(json_object_get(y, "aggregate")));
  assert_true(json_is_null(json_object_get(json_array_get(json_object_get(y, "semesters"), 0), "aggregate")));
  json_decref(r);
  assert_int_equal(intern_semester_close(db, &admin, "2025-05", &out, &fe), PLAM_OK);
  json_decref(out);
  /* the year (6) is shown; no semester is (5 and 1: 6 - 5 would give the lone answer) */
  r = results(site_a);
  y = json_array_get(json_object_get(r, "years"), 0);
  assert_string_equal(json_string_value(json_object_get(y, "year")), "2024-2025");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(y, "aggregate"), "respondents")), 6);
  json_t *sems = json_object_get(y, "semesters");
  assert_true(json_is_null(json_object_get(json_array_get(sems, 0), "aggregate")));
  assert_true(json_is_null(json_object_get(json_array_get(sems, 1), "aggregate")));
  /* no respondent's identity nor single answer in the view */
  char *dump = json_dumps(r, 0);
  assert_null(strstr(dump, "author"));
  assert_null(strstr(dump, "\"hours\""));
  free(dump);
  json_decref(r);
  /* the all-sites view gives the same cells, nothing more */
  json_t *all = NULL;
  assert_int_equal(intern_results_all(db, &admin, &all), PLAM_OK);
  int seen = 0;
  for (size_t i = 0; i < json_array_size(all); i++) {
    json_t *s = json_array_get(all, i);
    if (json_integer_value(json_object_get(s, "site_id")) != site_a) continue;
    seen = 1;
    json_t *yy = json_array_get(json_object_get(s, "years"), 0);
    json_t *ss = json_object_get(yy, "semesters");
    assert_true(json_is_null(json_object_get(json_array_get(ss, 0), "aggregate")));
    assert_true(json_is_null(json_object_get(json_array_get(ss, 1), "aggregate")));
  }
  assert_true(seen);
  json_decref(all);
  /* a closed semester takes no more answers: the published year cannot move */
  len = (size_t)snprintf(csv, sizeof csv, "%s", HEADER);
  add_rows(csv, sizeof csv, &len, "A24late", site_a, "2025-05", 1, 35, 0);
  assert_int_equal(import(csv, &errors), PLAM_ERR_INVALID);
  assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 0), "message")), "close"));
  json_decref(errors);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM intern_evaluations WHERE site_id = (SELECT min(id) FROM "
                                   "intern_sites) AND semester = '2025-05'"),
                   1);
}

static void test_import_errors_write_nothing(void **state) {
  (void)state;
  int64_t before = fixture_int(db, "SELECT count(*) FROM intern_evaluations");
  char csv[4096];
  size_t len = (size_t)snprintf(csv, sizeof csv, "%s", HEADER);
  add_rows(csv, sizeof csv, &len, "OK", site_b, "2025-11", 2, 40, 0);
  len += (size_t)snprintf(csv + len, sizeof csv - len, "BAD-1;%lld;2025-11;9;3;40;peut-être;1;2;3;non;\n",
                          (long long)site_b);
  json_t *errors = NULL;
  assert_int_equal(import(csv, &errors), PLAM_ERR_INVALID);
  assert_true(json_array_size(errors) >= 2);
  json_t *e0 = json_array_get(errors, 0);
  assert_int_equal(json_integer_value(json_object_get(e0, "row")), 4);
  assert_int_equal(json_integer_value(json_object_get(e0, "column")), 4);
  json_decref(errors);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM intern_evaluations"), before);
}

static void test_alerts(void **state) {
  (void)state;
  char csv[4096];
  size_t len = (size_t)snprintf(csv, sizeof csv, "%s", HEADER);
  add_rows(csv, sizeof csv, &len, "B25W", site_b, "2025-11", 1, 50, 1); /* one answer is enough for harassment */
  json_t *errors = NULL;
  assert_int_equal(import(csv, &errors), PLAM_OK);
  /* (statements are cached by their text's address: one literal per query) */
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM intern_alerts WHERE site_id = " SITE_B " AND rule = "
                                   "'harassment'"),
                   1);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM intern_alerts WHERE site_id = " SITE_B " AND rule = 'hours'"),
                   1);
  /* staff raise the hours threshold: the next answers judged against 55 */
  struct irule_input in = {.code = "hours", .threshold = 55, .has_threshold = 1, .enabled = -1};
  json_t *out = NULL;
  struct field_error fe = {0};
  assert_int_equal(intern_rule_update(db, &admin, &in, &out, &fe), PLAM_OK);
  json_decref(out);
  len = (size_t)snprintf(csv, sizeof csv, "%s", HEADER);
  add_rows(csv, sizeof csv, &len, "B26S", site_b, "2026-05", 2, 52, 0);
  assert_int_equal(import(csv, &errors), PLAM_OK);
  assert_int_equal(
    fixture_int(db, "SELECT count(*) FROM intern_alerts WHERE site_id = " SITE_B " AND period = '2026-05'"), 0);
  /* an action with a new status is kept in the alert's history */
  int64_t alert = fixture_int(db, "SELECT min(id) FROM intern_alerts WHERE rule = 'harassment'");
  assert_int_equal(intern_alert_act(db, &admin, alert, "in_progress", "Signalé à la cellule", NULL, &out, &fe),
                   PLAM_OK);
  assert_string_equal(json_string_value(json_object_get(out, "status")), "in_progress");
  assert_int_equal(json_array_size(json_object_get(out, "actions")), 1);
  json_decref(out);
}

static void test_decisions_and_indicator(void **state) {
  (void)state;
  json_t *out = NULL;
  struct field_error fe = {0};
  assert_int_equal(intern_site_decide(db, &admin, site_b, "suspend", "2026-01-15", "", NULL, &out, &fe),
                   PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "reason");
  assert_int_equal(
    intern_site_decide(db, &admin, site_b, "suspend", "2026-01-15", "Harcèlement signalé", NULL, &out, &fe), PLAM_OK);
  assert_string_equal(json_string_value(json_object_get(out, "status")), "suspended");
  assert_int_equal(json_array_size(json_object_get(out, "decisions")), 1);
  json_decref(out);
  /* a second suspension is refused */
  assert_int_equal(intern_site_decide(db, &admin, site_b, "suspend", "2026-01-16", "encore", NULL, &out, &fe),
                   PLAM_ERR_CONFLICT);
  /* sites under alert as a measurement of a plan indicator (scope: the région), through the training
   * module's links: proposed when linked, then by the scheduler's step only when the figure changed */
  int64_t ind = fixture_int(db, "SELECT id FROM indicators WHERE code = 'pdl-3.5-defi-ehpad'");
  int64_t before = fixture_int(db, "SELECT count(*) FROM measurements");
  json_t *link = json_pack("{s:I, s:s}", "indicator_id", (json_int_t)ind, "metric", "sites_under_alert");
  assert_int_equal(train_save(db, &admin, TRAIN_LINK, 0, 0, link, &out, &fe), PLAM_OK);
  json_decref(link);
  json_decref(out);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM measurements"), before + 1);
  assert_int_equal(fixture_int(db, "SELECT value FROM measurements ORDER BY id DESC LIMIT 1"),
                   2); /* A: 60 h on 2025-05; B: harassment */
  int proposed = -1;
  assert_int_equal(train_measure_tick(db, &proposed), PLAM_OK);
  assert_int_equal(proposed, 0); /* nothing changed: nothing written */
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM measurements"), before + 1);
  /* closing B's alerts changes the figure: the next step proposes 1 */
  assert_int_equal(db_exec(db, "UPDATE intern_alerts SET status = 'closed' WHERE site_id = "
                               "(SELECT id FROM intern_sites WHERE status = 'suspended')"),
                   PLAM_OK);
  assert_int_equal(train_measure_tick(db, &proposed), PLAM_OK);
  assert_int_equal(proposed, 1);
  assert_int_equal(fixture_int(db, "SELECT value FROM measurements ORDER BY id DESC LIMIT 1"), 1);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM measurements WHERE source = 'plam — formation'"), 2);
  /* a national scope (FR): the sum over every département (plan_where_covers) */
  char sql[160];
  snprintf(sql, sizeof sql, "UPDATE indicators SET scope_id = 'FR' WHERE id = %lld", (long long)ind);
  assert_int_equal(db_exec(db, sql), PLAM_OK);
  assert_int_equal(train_measure_tick(db, &proposed), PLAM_OK);
  assert_int_equal(proposed, 1);
  assert_int_equal(
    fixture_int(db, "SELECT territory_id = 'FR' AND value = 1 FROM measurements ORDER BY id DESC LIMIT 1"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_year_only_and_closing),
    cmocka_unit_test(test_import_errors_write_nothing),
    cmocka_unit_test(test_alerts),
    cmocka_unit_test(test_decisions_and_indicator),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
