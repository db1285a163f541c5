/* The optimised dashboard (reduced reads from validated_values, cache with
 * single flight) gives the same bytes as the straightforward computation
 * (every validated measurement joined with its review, through the engine),
 * on random plans: every accumulation, aggregation, direction and frequency;
 * baselines with and without a date or missing; expected territories listed
 * per indicator, taken from the plan, or the scope; revisions (same date,
 * higher id), pending and rejected values; rows the engine refuses (a SUM
 * indicator's row without a value, a negative numerator), cumulative values
 * with cents; several reference dates; the same with every indicator's
 * per-territory detail (which the served dashboard leaves out), and the
 * indicator page's result equal to the detailed one. Then the cache:
 * concurrent first requests on their own connections all get the same
 * bytes, and a write
 * (new generation) is seen at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include "app/plan/plan.h"
#include "app/plan/plan_progress.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return (uint32_t)((z ^ (z >> 31)) % n);
}

__attribute__((format(printf, 1, 2))) static void sql(const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (db_exec(db, buf)) fail_msg("%s: %s", db_errmsg(db), buf);
}

static int setup(void **state) {
  (void)state;
  return fixture_db_open("dash", dir, path, &db);
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

static void staff(struct actor *a) {
  memset(a, 0, sizeof *a);
  a->role = ROLE_STAFF;
}

static const char *const DEPS[] = {"DEP-44", "DEP-49", "DEP-53", "DEP-72", "DEP-85", "DEP-21"};

static void month_end(int m, char out[16]) { /* m months after 2021-01 */
  static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = 2021 + m / 12, mo = m % 12;
  int d = len[mo] + (mo == 1 && y % 4 == 0);
  snprintf(out, 16, "%04d-%02d-%02d", y % 10000, (mo + 1) % 100, d % 100);
}

/* One random plan, id pid, published. */
static void random_plan(int64_t pid) {
  char d[16];
  sql("BEGIN");
  sql("INSERT INTO plans(id, slug, region_id, title, status) VALUES (%lld, 'rnd%lld', 'REG-52', 'Plan %lld', "
      "'published')",
      (long long)pid, (long long)pid, (long long)pid);
  int nterr = 1 + (int)rnd(6);
  for (int t = 0; t < nterr; t++)
    sql("INSERT INTO plan_territories(plan_id, territory_id) VALUES (%lld, '%s')", (long long)pid, DEPS[t]);
  int naxes = 1 + (int)rnd(2), nact = 1 + (int)rnd(3);
  for (int x = 0; x < naxes; x++)
    sql("INSERT INTO plan_axes(id, plan_id, number, title, weight) VALUES (%lld, %lld, '%d', 'Axe', %d)",
        (long long)(pid * 10 + x), (long long)pid, x + 1, (int)rnd(3));
  static const char *const acc[] = {"level", "per_period", "cumulative"};
  static const char *const freq[] = {"none", "monthly", "quarterly", "half_yearly", "yearly"};
  for (int a = 0; a < nact; a++) {
    int64_t aid = pid * 100 + a;
    sql("INSERT INTO plan_actions(id, plan_id, axis_id, number, title, weight) VALUES (%lld, %lld, %lld, '%d', "
        "'Action', %d)",
        (long long)aid, (long long)pid, (long long)(pid * 10 + (int)rnd((uint32_t)naxes)), a + 1, 1 + (int)rnd(2));
    int nind = 1 + (int)rnd(4);
    for (int i = 0; i < nind; i++) {
      int64_t iid = aid * 10 + i;
      int ac = (int)rnd(3), ratio = ac != 2 && rnd(2);
      int breakdown = rnd(4) != 0; /* mostly by département */
      sql("INSERT INTO indicators(id, action_id, code, name, kind, direction, accumulation, aggregation, "
          "ratio_scale, frequency, scope_id, breakdown, weight) VALUES (%lld, %lld, 'I%lld', 'Ind', '%s', '%s', '%s', "
          "'%s', %d, '%s', 'REG-52', '%s', %d)",
          (long long)iid, (long long)aid, (long long)iid, ratio ? "percent" : "count", rnd(2) ? "higher" : "lower",
          acc[ac], ratio ? "ratio" : "sum", ratio ? 100 : 1, freq[rnd(5)], breakdown ? "departement" : "scope",
          (int)rnd(3));
      int nexp = 0;
      const char *exp[6];
      if (!breakdown) {
        exp[nexp++] = "REG-52";
      } else if (rnd(2)) { /* its own list, a subset of the plan's */
        for (int t = 0; t < nterr; t++)
          if (rnd(3)) {
            sql("INSERT INTO indicator_territories(indicator_id, territory_id) VALUES (%lld, '%s')", (long long)iid,
                DEPS[t]);
            exp[nexp++] = DEPS[t];
          }
      }
      if (breakdown && nexp == 0)
        for (int t = 0; t < nterr; t++) exp[nexp++] = DEPS[t];
      /* baseline: none, undated, or dated; targets */
      int b = (int)rnd(4);
      if (b) {
        month_end((int)rnd(12), d);
        sql("INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) VALUES (%lld, 'REG-52', "
            "'baseline', %s%s%s, %d)",
            (long long)iid, b == 1 ? "" : "'", b == 1 ? "NULL" : d, b == 1 ? "" : "'", (int)rnd(200));
      }
      if (rnd(5)) {
        month_end(36 + (int)rnd(24), d);
        sql("INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) VALUES (%lld, 'REG-52', "
            "'final', '%s', %d)",
            (long long)iid, d, (int)rnd(400));
      }
      /* values: every expected territory (and sometimes another one), random months */
      int odd = rnd(8) == 0; /* rows the engine refuses */
      int cents = rnd(3) == 0;
      for (int t = 0; t < nexp + 1; t++) {
        const char *terr = t < nexp ? exp[t] : DEPS[rnd(6)];
        int months = (int)rnd(30);
        for (int k = 0; k < months; k++) {
          int m = (int)rnd(48);
          month_end(m, d);
          double v = cents ? (double)rnd(100000) / 100.0 : (double)rnd(500);
          int num = (int)rnd(300), den = 300 + (int)rnd(300);
          int kind = (int)rnd(10);
          const char *val = "NULL";
          char vb[40];
          if (!ratio || rnd(2) || (odd && kind == 0)) {
            snprintf(vb, sizeof vb, "%.2f", v);
            val = vb;
          }
          if (ratio && !strcmp(val, "NULL")) { /* numerator and denominator only */
          } else if (!ratio && odd && kind == 0) {
            val = "NULL"; /* a count without its value: the engine refuses the indicator */
          }
          if (odd && kind == 1) num = -num;
          if (odd && kind == 2) snprintf(d, sizeof d, "%s", rnd(2) ? "2023-02-30" : "2023-1-31"); /* ignored */
          const char *v2 = strcmp(val, "NULL") ? val : "NULL";
          int with_ratio = ratio || !strcmp(v2, "NULL");
          sql("INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, "
              "source) VALUES (%lld, '%s', '%s', %s, %s%d%s, %s%d%s, 's')",
              (long long)iid, terr, d, v2, with_ratio ? "" : "NULL+", num, "", with_ratio ? "" : "NULL+", den, "");
          int r = (int)rnd(10);
          if (r < 8)
            sql("INSERT INTO measurement_reviews(measurement_id, decision) VALUES (last_insert_rowid(), "
                "'validated')");
          else if (r == 8)
            sql("INSERT INTO measurement_reviews(measurement_id, decision, reason) VALUES (last_insert_rowid(), "
                "'rejected', 'non')");
        }
      }
    }
  }
  sql("COMMIT");
}

static char *text_of(int64_t pid, const char *date, int reference, size_t *len) {
  struct actor a;
  staff(&a);
  char *t = NULL;
  plam_err e = reference ? plan_dashboard_reference_text(db, &a, pid, date, &t, len)
                         : plan_dashboard_text(db, &a, pid, date, &t, len);
  assert_int_equal(e, PLAM_OK);
  assert_non_null(t);
  return t;
}

static char *detail_of(int64_t pid, const char *date, int reference, size_t *len) {
  struct actor a;
  staff(&a);
  char *t = NULL;
  assert_int_equal(plan_dashboard_detail_text(db, &a, pid, date, reference, &t, len), PLAM_OK);
  assert_non_null(t);
  return t;
}

/* The served dashboard carries no per-territory detail; the detailed one
 * does, and each indicator's result there is what the indicator page gets
 * (plan_indicator_progress_json). */
static void check_detail(int64_t pid, const char *date, const char *compact, const char *detail) {
  json_error_t err;
  json_t *c = json_loads(compact, 0, &err), *d = json_loads(detail, 0, &err);
  assert_non_null(c);
  assert_non_null(d);
  json_t *ci = json_object_get(json_object_get(c, "data"), "indicators");
  json_t *di = json_object_get(json_object_get(d, "data"), "indicators");
  assert_int_equal(json_array_size(ci), json_array_size(di));
  struct actor a;
  staff(&a);
  for (size_t i = 0; i < json_array_size(di); i++) {
    json_t *cr = json_object_get(json_array_get(ci, i), "result");
    json_t *dr = json_object_get(json_array_get(di, i), "result");
    assert_null(json_object_get(cr, "territories"));
    json_t *ts = json_object_get(dr, "territories");
    assert_true(json_is_array(ts));
    assert_int_equal(json_array_size(ts),
                     json_integer_value(json_object_get(json_object_get(dr, "coverage"), "territories_expected")));
    json_t *copy = json_deep_copy(dr);
    json_object_del(copy, "territories");
    assert_true(json_equal(copy, cr)); /* same figures but the detail */
    json_decref(copy);
    if (i % 3) continue; /* the indicator page, on a third of them (cost) */
    json_t *page = NULL;
    int64_t iid = json_integer_value(json_object_get(json_array_get(di, i), "id"));
    assert_int_equal(plan_indicator_progress_json(db, &a, iid, date, &page), PLAM_OK);
    char *pt = json_dumps(page, JSON_COMPACT | JSON_REAL_PRECISION(10)); /* as the API writes it */
    json_decref(page);
    assert_non_null(pt);
    page = json_loads(pt, 0, &err);
    free(pt);
    json_t *want = json_deep_copy(dr);
    json_t *ierr = json_object_get(json_array_get(di, i), "error");
    if (ierr) json_object_set(want, "error", ierr);
    if (!json_equal(page, want))
      fail_msg("plan %lld indicator %lld at %s: indicator page differs", (long long)pid, (long long)iid,
               date ? date : "today");
    json_decref(want);
    json_decref(page);
  }
  json_decref(c);
  json_decref(d);
}

static void same_bytes(int64_t pid, const char *date) {
  size_t l1, l2, l3, l4;
  char *opt = text_of(pid, date, 0, &l1);
  char *ref = text_of(pid, date, 1, &l2);
  char *dopt = detail_of(pid, date, 0, &l3);
  char *dref = detail_of(pid, date, 1, &l4);
  if (l3 != l4 || memcmp(dopt, dref, l3)) {
    FILE *f = fopen("/tmp/plam-dash-opt.json", "w");
    if (f) fputs(dopt, f), fclose(f);
    f = fopen("/tmp/plam-dash-ref.json", "w");
    if (f) fputs(dref, f), fclose(f);
    fail_msg("plan %lld at %s: optimised and straightforward detailed dashboards differ "
             "(/tmp/plam-dash-opt.json, /tmp/plam-dash-ref.json)",
             (long long)pid, date ? date : "today");
  }
  check_detail(pid, date, opt, dopt);
  free(dopt);
  free(dref);
  if (l1 != l2 || memcmp(opt, ref, l1)) {
    FILE *f = fopen("/tmp/plam-dash-opt.json", "w");
    if (f) fputs(opt, f), fclose(f);
    f = fopen("/tmp/plam-dash-ref.json", "w");
    if (f) fputs(ref, f), fclose(f);
    fail_msg("plan %lld at %s: optimised and straightforward dashboards differ "
             "(/tmp/plam-dash-opt.json, /tmp/plam-dash-ref.json)",
             (long long)pid, date ? date : "today");
  }
  free(opt);
  free(ref);
}

static void test_identity_random_plans(void **state) {
  (void)state;
  static const char *const dates[] = {NULL,         "2020-06-30", "2021-01-31", "2022-02-28",
                                      "2022-07-15", "2023-12-31", "2024-03-31", "2025-01-01"};
  const char *seed_env = getenv("PLAM_TEST_SEED");
  rng_state = seed_env ? strtoull(seed_env, NULL, 10) : 20261123;
  int plans = 40;
  for (int64_t pid = 1; pid <= plans; pid++) {
    random_plan(pid);
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) same_bytes(pid, dates[k]);
  }
}

/* ---- cache ---- */
struct worker {
  int64_t pid;
  char *text;
  size_t len;
  plam_err e;
};

static void *fetch(void *p) {
  struct worker *w = p;
  struct db *mine = NULL;
  w->e = db_open(path, 0, &mine);
  struct actor a;
  staff(&a);
  if (!w->e) w->e = plan_dashboard_text(mine, &a, w->pid, "2023-12-31", &w->text, &w->len);
  db_close(mine);
  return NULL;
}

static void test_cache_concurrent_and_fresh(void **state) {
  (void)state;
  int64_t pid = 1;
  for (int round = 0; round < 3; round++) {
    assert_int_equal(db_write_begin(db), PLAM_OK);
    assert_int_equal(db_write_end(db, store_plan_bump(db, pid)), PLAM_OK);
    struct worker w[8];
    pthread_t th[8];
    for (int i = 0; i < 8; i++) {
      memset(&w[i], 0, sizeof w[i]);
      w[i].pid = pid;
      assert_int_equal(pthread_create(&th[i], NULL, fetch, &w[i]), 0);
    }
    for (int i = 0; i < 8; i++) pthread_join(th[i], NULL);
    size_t lr;
    char *ref = text_of(pid, "2023-12-31", 1, &lr);
    for (int i = 0; i < 8; i++) {
      assert_int_equal(w[i].e, PLAM_OK);
      assert_int_equal(w[i].len, lr);
      assert_memory_equal(w[i].text, ref, lr);
      free(w[i].text);
    }
    free(ref);
  }
  /* a new validated value is seen at once (new generation, new key) */
  size_t l0, l1;
  char *before = text_of(pid, "2023-12-31", 0, &l0);
  sql("INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source) "
      "SELECT i.id, 'REG-52', '2023-12-30', 7, 7, 10, 's' FROM indicators i JOIN plan_actions a ON a.id = i.action_id "
      "WHERE a.plan_id = 1 AND i.breakdown = 'scope'");
  sql("INSERT INTO measurement_reviews(measurement_id, decision) SELECT id, 'validated' FROM measurements "
      "WHERE value_on = '2023-12-30'");
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, store_plan_bump(db, pid)), PLAM_OK);
  char *after = text_of(pid, "2023-12-31", 0, &l1);
  assert_false(l0 == l1 && !memcmp(before, after, l0)); /* at least the generation changed */
  free(before);
  free(after);
  same_bytes(pid, "2023-12-31");
  /* many dates: more keys than slots, every answer still right */
  char d[16];
  for (int m = 0; m < 40; m++) {
    month_end(m, d);
    same_bytes(pid, d);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_identity_random_plans),
    cmocka_unit_test(test_cache_concurrent_and_fresh),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
