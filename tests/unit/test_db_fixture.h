/* Shared by the unit tests that work on a real database: a migrated SQLite
 * file in a fresh temporary directory, optionally holding the three seed
 * plans of data/demo (PLAM_SOURCE_DIR, overridable by the environment), and
 * its removal. Header-only (static inline functions): each test is one executable.
 * Include after cmocka.h, app/plan.h, db/db.h, db/migrate.h and store/store.h. */
#ifndef PLAM_TEST_DB_FIXTURE_H
#define PLAM_TEST_DB_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>

/* mkdtemp /tmp/plam-test-TAG-XXXXXX into dir (64 bytes), path = dir/t.db
 * (128 bytes), then open and migrate it. 0 on success, -1 otherwise. */
static inline int fixture_db_open(const char *tag, char *dir, char *path, struct db **db) {
  snprintf(dir, 64, "/tmp/plam-test-%s-XXXXXX", tag);
  if (!mkdtemp(dir)) return -1;
  snprintf(path, 128, "%s/t.db", dir);
  int applied = 0;
  return db_open(path, DB_OPEN_CREATE, db) || db_migrate(*db, &applied) ? -1 : 0;
}

/* Loads the three seed plans and finds Pays de la Loire's id. */
static inline int fixture_seed_plans(struct db *db, int64_t *pdl) {
  const char *src = getenv("PLAM_SOURCE_DIR");
  char demo[512];
  snprintf(demo, sizeof demo, "%s/data/demo", src ? src : PLAM_SOURCE_DIR);
  int loaded = 0;
  if (plan_demo_load_dir(db, demo, &loaded) || loaded != 3) return -1;
  return pdl && store_plan_find_slug(db, "pdl-plam-2022", pdl) ? -1 : 0;
}

/* First column of the first row of sql, as an integer; the query must
 * return a row. */
static inline int64_t fixture_int(struct db *db, const char *sql) {
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  int row = 0;
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_true(row);
  int64_t v = db_column_int64(st, 0);
  db_done(st);
  return v;
}

/* Closes db and removes dir with everything in it. */
static inline int fixture_db_remove(struct db *db, const char *dir) {
  db_close(db);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}
#endif
