/* Plan dashboard benchmark driver (issue 3, "Tests and benchmark").
 *
 *   bench_plan_gen DB [--seed N] [--actions 20] [--indicators 5]
 *                  [--territories 100] [--months 60]
 *       creates DB (migrated) holding one published plan "bench-plan": 4 axes,
 *       actions x indicators indicators broken down by département over the
 *       first `territories` départements, one validated value per (indicator,
 *       territory, month) over `months` month-ends ending 2025-12-31, plus
 *       about 1 % revisions (a second validated value for the same date, the
 *       higher id wins), some pending and rejected values, weather and budget
 *       lines. Indicators cycle through the rules: level counts, level
 *       percentages from numerator/denominator only, per-period counts,
 *       cumulative integer counts, lower-is-better rates, cumulative amounts
 *       with cents (these take the engine's row-by-row path).
 *   bench_plan_gen DB --time RUNS [--date YYYY-MM-DD]
 *       times, in process, the cold dashboard (serialised JSON) RUNS times:
 *       the plan's generation is bumped, then the optimised path (through
 *       the cache, which misses) and the straightforward one (every validated
 *       row through the engine) run one after the other; prints the medians
 *       (wall and CPU) and checks that both give the same bytes.
 * Prints one "GEN ..." or "COLD ..." line that bench/dashboard.sh reads. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"

static double now_ms(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_d);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int exec(struct db *db, const char *sql) {
  if (db_exec(db, sql)) {
    fprintf(stderr, "bench_plan_gen: %s\n  in: %.200s\n", db_errmsg(db), sql);
    return 1;
  }
  return 0;
}

static int generate(struct db *db, unsigned seed, int nact, int nind, int nterr, int months) {
  char sql[4096];
  if (exec(db, "BEGIN")) return 1;
  snprintf(sql, sizeof sql,
           "INSERT INTO organisations(id, name, kind) VALUES (9001, 'ARS bench', 'ars'), (9002, 'Région bench', "
           "'region');"
           "INSERT INTO plans(id, slug, region_id, title, start_year, end_year, status, owner_org_id) VALUES "
           "(1, 'bench-plan', 'REG-52', 'Plan de mobilisation synthétique', 2021, 2027, 'published', 9001);"
           "INSERT INTO plan_territories(plan_id, territory_id) SELECT 1, id FROM territories "
           "WHERE level = 'departement' ORDER BY id LIMIT %d;"
           "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 4) "
           "INSERT INTO plan_axes(id, plan_id, number, title, weight, position) "
           "SELECT k, 1, k, 'Axe ' || k, 1 + (k %% 2), k FROM n;"
           "WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < %d - 1) "
           "INSERT INTO plan_actions(id, plan_id, axis_id, number, title, status, weight, position) "
           "SELECT k + 1, 1, 1 + k %% 4, (1 + k %% 4) || '.' || (1 + k / 4), 'Action ' || (k + 1), 'en_cours', "
           "1 + (k %% 3), k FROM n;"
           "INSERT INTO plan_partners(plan_id, action_id, org_id, role) SELECT 1, id, 9001, 'pilot' FROM plan_actions;",
           nterr, nact);
  if (exec(db, sql)) return 1;
  /* indicators: kind cycles over six rule sets (see the top comment) */
  snprintf(sql, sizeof sql,
           "WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < %d - 1) "
           "INSERT INTO indicators(id, action_id, code, name, unit, kind, direction, accumulation, aggregation, "
           "ratio_scale, frequency, scope_id, breakdown, weight, position) "
           "SELECT k + 1, 1 + k / %d, 'B' || (k + 1), 'Indicateur ' || (k + 1), '', "
           "CASE k %% 6 WHEN 1 THEN 'percent' WHEN 4 THEN 'ratio' WHEN 5 THEN 'amount' ELSE 'count' END, "
           "CASE k %% 6 WHEN 4 THEN 'lower' ELSE 'higher' END, "
           "CASE k %% 6 WHEN 2 THEN 'per_period' WHEN 3 THEN 'cumulative' WHEN 5 THEN 'cumulative' ELSE 'level' END, "
           "CASE k %% 6 WHEN 1 THEN 'ratio' WHEN 4 THEN 'ratio' ELSE 'sum' END, "
           "CASE k %% 6 WHEN 1 THEN 100 WHEN 4 THEN 100000 ELSE 1 END, "
           "CASE k %% 4 WHEN 0 THEN 'monthly' WHEN 1 THEN 'quarterly' WHEN 2 THEN 'yearly' ELSE 'monthly' END, "
           "'REG-52', 'departement', 1 + (k %% 2), k FROM n",
           nact * nind, nind);
  if (exec(db, sql)) return 1;
  /* even indicators list their départements; odd ones use the plan's */
  if (exec(db, "INSERT INTO indicator_territories(indicator_id, territory_id) SELECT i.id, t.territory_id "
               "FROM indicators i, plan_territories t WHERE i.id % 2 = 0 AND t.plan_id = 1"))
    return 1;
  /* baseline (2020-12-31) and an intermediate and a final target at the scope */
  if (exec(db, "INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) "
               "SELECT id, 'REG-52', 'baseline', '2020-12-31', CASE (id - 1) % 6 WHEN 1 THEN 40 WHEN 4 THEN 900 "
               "WHEN 3 THEN 0 WHEN 5 THEN 0 ELSE 20000 END FROM indicators;"
               "INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) "
               "SELECT id, 'REG-52', 'intermediate', '2024-12-31', CASE (id - 1) % 6 WHEN 1 THEN 50 WHEN 4 THEN 800 "
               "WHEN 3 THEN 2000000 WHEN 5 THEN 50000000 ELSE 35000 END FROM indicators;"
               "INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) "
               "SELECT id, 'REG-52', 'final', '2027-12-31', CASE (id - 1) % 6 WHEN 1 THEN 60 WHEN 4 THEN 700 "
               "WHEN 3 THEN 4000000 WHEN 5 THEN 90000000 ELSE 50000 END FROM indicators"))
    return 1;
  /* values: one per (indicator, territory, month), months in arrival order */
  snprintf(sql, sizeof sql,
           "CREATE TEMP TABLE bm(m INTEGER PRIMARY KEY, d TEXT);"
           "WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < %d - 1) "
           "INSERT INTO bm SELECT k, date('2025-12-01', '-' || (%d - 1 - k) || ' months', '+1 month', '-1 day') "
           "FROM n;"
           "CREATE TEMP TABLE bt(t INTEGER PRIMARY KEY, id TEXT);"
           "INSERT INTO bt(id) SELECT territory_id FROM plan_territories WHERE plan_id = 1 ORDER BY territory_id;"
           "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source, "
           "author_id) SELECT i.id, bt.id, bm.d, "
           "CASE (i.id - 1) %% 6 "
           "  WHEN 1 THEN NULL "
           "  WHEN 4 THEN 100000.0 * (8000 - bm.m * 20 + (i.id * 7 + bt.t * 13) %% 400) / 1000000 "
           "  WHEN 3 THEN 100 + (i.id * 31 + bt.t * 17 + bm.m * 7 + %u) %% 300 "
           "  WHEN 5 THEN (1000 + (i.id * 131 + bt.t * 71 + bm.m * 37 + %u) %% 90000) / 100.0 "
           "  ELSE 150 + bm.m * 2 + (i.id * 11 + bt.t * 3 + bm.m * 5 + %u) %% 100 END, "
           "CASE WHEN (i.id - 1) %% 6 IN (1, 4) THEN 400 + bm.m * 3 + (i.id * 13 + bt.t * 7 + bm.m) %% 200 END, "
           "CASE (i.id - 1) %% 6 WHEN 1 THEN 1000 + (i.id + bt.t * 3) %% 50 WHEN 4 THEN 1000000 END, "
           "'bench', NULL FROM bm, bt, indicators i ORDER BY bm.m, bt.t, i.id;",
           months, months, seed % 1000, seed % 997, seed % 991);
  if (exec(db, sql)) return 1;
  /* revisions: ~1 % of the values get a corrected second value, validated */
  snprintf(sql, sizeof sql,
           "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source, "
           "comment) SELECT indicator_id, territory_id, value_on, CASE WHEN value IS NOT NULL THEN value + 1 END, "
           "CASE WHEN numerator IS NOT NULL THEN numerator + 1 END, denominator, 'bench', 'correction' "
           "FROM measurements WHERE (id * 2654435761 + %u) %% 100 = 0 ORDER BY id;"
           "INSERT INTO measurement_reviews(measurement_id, decision) SELECT id, 'validated' FROM measurements "
           "ORDER BY id;",
           seed);
  if (exec(db, sql)) return 1;
  /* pending and rejected values (must not count) */
  if (exec(db, "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source) "
               "SELECT indicator_id, territory_id, value_on, 999999, 1, 1, 'bench' FROM measurements "
               "WHERE id % 997 = 0 ORDER BY id;"
               "INSERT INTO measurement_reviews(measurement_id, decision, reason) SELECT id, 'rejected', 'erreur' "
               "FROM measurements WHERE value = 999999 AND id % 2 = 0;"))
    return 1;
  /* weather and budget lines */
  if (exec(db, "INSERT INTO action_weather(action_id, judged_on, level, comment) SELECT id, '2025-06-30', "
               "CASE id % 4 WHEN 0 THEN 'securises' WHEN 1 THEN 'atteignables' WHEN 2 THEN 'appuis_necessaires' "
               "ELSE 'compromis' END, 'Point COPIL' FROM plan_actions;"
               "INSERT INTO budget_lines(plan_id, action_id, funder_org_id, year_from, year_to, label, planned_cents, "
               "committed_cents, paid_cents, unit_cents, unit, quantity) SELECT 1, id, 9001 + id % 2, 2023, 2023, "
               "'Ligne ' || id, 250000 * (10 + id), 250000 * (8 + id), 250000 * (5 + id), 250000, 'contrat PEC', "
               "10 + id FROM plan_actions;"
               "DROP TABLE bm; DROP TABLE bt;"))
    return 1;
  if (exec(db, "COMMIT")) return 1;
  return exec(db, "ANALYZE");
}

static int timing(struct db *db, int runs, const char *date) {
  struct actor a;
  memset(&a, 0, sizeof a);
  a.role = ROLE_STAFF;
  int64_t plan_id = 0;
  if (store_plan_find_slug(db, "bench-plan", &plan_id)) {
    fprintf(stderr, "bench_plan_gen: no bench-plan in the database\n");
    return 1;
  }
  double *w[2], *c[2];
  for (int k = 0; k < 2; k++) {
    w[k] = calloc((size_t)runs, sizeof(double));
    c[k] = calloc((size_t)runs, sizeof(double));
  }
  size_t len[2] = {0, 0};
  int same = 1;
  for (int r = 0; r < runs; r++) {
    char *text[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) { /* 0: optimised (through the cache, cold), 1: straightforward */
      if (k == 0 && (db_write_begin(db) || db_write_end(db, store_plan_bump(db, plan_id)))) return 1;
      double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
      plam_err e = k == 0 ? plan_dashboard_text(db, &a, plan_id, date, &text[k], &len[k])
                          : plan_dashboard_reference_text(db, &a, plan_id, date, &text[k], &len[k]);
      w[k][r] = now_ms(CLOCK_MONOTONIC) - w0;
      c[k][r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
      if (e) {
        fprintf(stderr, "bench_plan_gen: dashboard failed (%d)\n", (int)e);
        return 1;
      }
    }
    int eq = len[0] == len[1] && !memcmp(text[0], text[1], len[0]);
    const char *dump = getenv("BENCH_DUMP_PREFIX"); /* on a difference: PREFIX.opt.json and PREFIX.ref.json */
    for (int k = 0; !eq && dump && k < 2; k++) {
      char fn[512];
      snprintf(fn, sizeof fn, "%s.%s.json", dump, k ? "ref" : "opt");
      FILE *f = fopen(fn, "w");
      if (f) {
        fwrite(text[k], 1, len[k], f);
        fclose(f);
      }
    }
    same = same && eq;
    free(text[0]);
    free(text[1]);
  }
  printf("COLD runs=%d bytes=%zu opt_wall_ms=%.1f opt_cpu_ms=%.1f ref_wall_ms=%.1f ref_cpu_ms=%.1f identical=%s\n",
         runs, len[0], median(w[0], runs), median(c[0], runs), median(w[1], runs), median(c[1], runs),
         same ? "yes" : "NO");
  for (int k = 0; k < 2; k++) {
    free(w[k]);
    free(c[k]);
  }
  return same ? 0 : 2;
}

int main(int argc, char **argv) {
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: bench_plan_gen DB [--seed N] [--actions N] [--indicators N] [--territories N] "
                    "[--months N] | DB --time RUNS [--date YYYY-MM-DD]\n");
    return 64;
  }
  const char *path = argv[1], *date = NULL;
  unsigned seed = 1;
  int nact = 20, nind = 5, nterr = 100, months = 60, runs = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    long v = strtol(argv[i + 1], NULL, 10);
    if (!strcmp(argv[i], "--seed")) seed = (unsigned)v;
    else if (!strcmp(argv[i], "--actions")) nact = (int)v;
    else if (!strcmp(argv[i], "--indicators")) nind = (int)v;
    else if (!strcmp(argv[i], "--territories")) nterr = (int)v;
    else if (!strcmp(argv[i], "--months")) months = (int)v;
    else if (!strcmp(argv[i], "--time")) runs = (int)v;
    else if (!strcmp(argv[i], "--date")) date = argv[i + 1];
    else {
      fprintf(stderr, "bench_plan_gen: unknown option %s\n", argv[i]);
      return 64;
    }
  }
  if (nact < 1 || nact > 200 || nind < 1 || nind > 50 || nterr < 1 || nterr > 101 || months < 1 || months > 600 ||
      runs < 0) {
    fprintf(stderr, "bench_plan_gen: sizes out of range\n");
    return 64;
  }
  struct db *db;
  int applied = 0;
  if (db_open(path, runs ? 0 : DB_OPEN_CREATE, &db) || db_migrate(db, &applied)) {
    fprintf(stderr, "bench_plan_gen: cannot open %s\n", path);
    return 1;
  }
  int rc;
  if (runs) {
    rc = timing(db, runs, date);
  } else {
    double t0 = now_ms(CLOCK_MONOTONIC);
    rc = generate(db, seed, nact, nind, nterr, months);
    if (!rc) {
      struct db_stmt *st;
      int row = 0;
      long long nv = 0;
      if (!db_prepare(db, "SELECT count(*) FROM measurement_reviews WHERE decision = 'validated'", &st)) {
        if (!db_step(st, &row) && row) nv = db_column_int64(st, 0);
        db_done(st);
      }
      printf("GEN actions=%d indicators=%d territories=%d months=%d validated=%lld ms=%.0f\n", nact, nact * nind, nterr,
             months, nv, now_ms(CLOCK_MONOTONIC) - t0);
    }
  }
  db_close(db);
  return rc;
}
