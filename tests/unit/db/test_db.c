/* Unit tests for the database layer (src/db) on real SQLite files in a
 * temporary directory: the pragmas a connection must carry (WAL,
 * synchronous=FULL, foreign keys), opening modes, the numbered migrations
 * (idempotent, recorded, a newer schema refused), the prepared-statement
 * cache (same statement for the same SQL, the uncached overflow path), the
 * process write lock serialising two threads, the mapping of constraint
 * violations to PLAM_ERR_CONFLICT, the per-thread pool, an online backup that
 * stays consistent while another thread writes, db_check finding a broken
 * foreign key, foreign keys switched off and on outside transactions only,
 * the plam_rows table-valued function feeding one INSERT … SELECT, and
 * migration 0009 (a table rebuilt with foreign keys off) keeping every
 * measurement, review and validated value of an existing database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char tmpdir[64];

static int setup_dir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/plam-test-db-XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static void db_path(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", tmpdir, name); }

/* Opens (creating) name in the temp dir. */
static struct db *open_db(const char *name) {
  char path[128];
  db_path(path, sizeof path, name);
  struct db *db = NULL;
  assert_int_equal(db_open(path, DB_OPEN_CREATE, &db), PLAM_OK);
  assert_non_null(db);
  return db;
}

/* First column of the first row of sql (a process-lifetime string). */
static int64_t q_int(struct db *db, const char *sql) { return fixture_int(db, sql); }

static void q_text(struct db *db, const char *sql, char *out, size_t n) {
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  int row = 0;
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_true(row);
  snprintf(out, n, "%s", db_column_text(st, 0));
  db_done(st);
}

/* ---- open and pragmas ---------------------------------------------------- */

static void test_open_pragmas(void **state) {
  (void)state;
  struct db *db = open_db("pragmas.db");
  char mode[16];
  q_text(db, "PRAGMA journal_mode", mode, sizeof mode);
  assert_string_equal(mode, "wal");
  assert_int_equal(q_int(db, "PRAGMA synchronous"), 2); /* FULL */
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
  assert_true(q_int(db, "PRAGMA busy_timeout") > 0);
  db_close(db);

  /* a second connection to the same file gets the same settings */
  db = open_db("pragmas.db");
  assert_int_equal(q_int(db, "PRAGMA synchronous"), 2);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
  db_close(db);

  /* read-only connections keep foreign keys on and refuse writes */
  char path[128];
  db_path(path, sizeof path, "pragmas.db");
  assert_int_equal(db_open(path, DB_OPEN_READONLY, &db), PLAM_OK);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
  assert_int_not_equal(db_exec(db, "CREATE TABLE nope(x INTEGER)"), PLAM_OK);
  db_close(db);

  /* without DB_OPEN_CREATE a missing file is an I/O error */
  db_path(path, sizeof path, "absent.db");
  db = (struct db *)1;
  assert_int_equal(db_open(path, 0, &db), PLAM_ERR_IO);
  assert_null(db);
  assert_int_equal(access(path, F_OK), -1);
  db_close(NULL); /* harmless */
}

/* ---- migrations ---------------------------------------------------------- */

static void test_migrations(void **state) {
  (void)state;
  assert_true(db_migration_count >= 2);
  /* versions strictly increase, names and SQL present */
  for (int i = 0; i < db_migration_count; i++) {
    assert_true(db_migrations[i].version > (i ? db_migrations[i - 1].version : 0));
    assert_true(strlen(db_migrations[i].name) > 5);
    assert_true(strlen(db_migrations[i].sql) > 10);
  }
  assert_int_equal(db_schema_latest(), db_migrations[db_migration_count - 1].version);

  struct db *db = open_db("migrate.db");
  int v = -1;
  assert_int_equal(db_schema_version(db, &v), PLAM_OK);
  assert_int_equal(v, 0);
  int applied = -1;
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, db_migration_count);
  assert_int_equal(db_schema_version(db, &v), PLAM_OK);
  assert_int_equal(v, db_schema_latest());
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"), db_migration_count);
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations WHERE name = '0001_foundation'"), 1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations WHERE applied_at LIKE '2%Z'"), db_migration_count);
  /* tables from the migrations exist, are STRICT, and reference data is loaded */
  assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'users' "
                             "AND sql LIKE '%STRICT%'"),
                   1);
  assert_true(q_int(db, "SELECT count(*) FROM territories WHERE level = 'departement'") >= 100);

  /* idempotent: a second run applies nothing and changes nothing */
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"), db_migration_count);
  assert_int_equal(db_migrate(db, NULL), PLAM_OK);
  db_close(db);

  /* reopening: still current */
  db = open_db("migrate.db");
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, 0);

  /* a database written by a newer binary is refused, and left untouched */
  assert_int_equal(db_exec(db, "INSERT INTO schema_migrations(version, name) VALUES (99999, '99999_future')"), PLAM_OK);
  assert_int_equal(db_migrate(db, &applied), PLAM_ERR_CONFLICT);
  assert_int_equal(applied, 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"), db_migration_count + 1);
  db_close(db);
}

/* A database as an older binary left it: the migrations before version
 * applied and recorded by hand. Returns how many. */
static int migrate_before(struct db *db, int version) {
  assert_int_equal(db_exec(db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                               " applied_at TEXT NOT NULL DEFAULT 'x') STRICT"),
                   PLAM_OK);
  int i = 0;
  for (; i < db_migration_count && db_migrations[i].version < version; i++) {
    assert_int_equal(db_write_begin(db), PLAM_OK);
    assert_int_equal(db_write_end(db, db_exec(db, db_migrations[i].sql)), PLAM_OK);
    char rec[160];
    snprintf(rec, sizeof rec, "INSERT INTO schema_migrations(version, name) VALUES (%d, '%s')",
             db_migrations[i].version, db_migrations[i].name);
    assert_int_equal(db_exec(db, rec), PLAM_OK);
  }
  return i;
}

static void test_migration_partial(void **state) {
  (void)state;
  /* a database at version 1 gets only the later migrations */
  struct db *db = open_db("partial.db");
  assert_int_equal(migrate_before(db, 2), 1);
  int applied = -1;
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, db_migration_count - 1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations"), db_migration_count);
  db_close(db);
}

/* ---- statement cache ----------------------------------------------------- */

/* Distinct arrays so the addresses differ even though the text is equal. */
static const char sql_one_a[] = "SELECT 1";
static const char sql_one_b[] = "SELECT 1";
#define MANY 400
static char many_sql[MANY][48];

static void test_statement_cache(void **state) {
  (void)state;
  struct db *db = open_db("cache.db");
  struct db_stmt *s1, *s2, *s3;
  assert_int_equal(db_prepare(db, sql_one_a, &s1), PLAM_OK);
  db_done(s1);
  assert_int_equal(db_prepare(db, sql_one_a, &s2), PLAM_OK);
  assert_ptr_equal(s1, s2);
  /* the statement comes back reset with cleared bindings */
  int row = 0;
  assert_int_equal(db_step(s2, &row), PLAM_OK);
  assert_true(row);
  assert_int_equal(db_column_int64(s2, 0), 1);
  db_done(s2);
  assert_int_equal(db_prepare(db, sql_one_b, &s3), PLAM_OK);
  assert_ptr_not_equal(s1, s3); /* keyed by address, not text */
  db_done(s3);

  /* bindings are cleared between uses */
  static const char *const sql_bind = "SELECT ?1 IS NULL, ?1";
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql_bind, &st), PLAM_OK);
  assert_int_equal(db_bind_text(st, 1, "abc"), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_int_equal(db_column_int64(st, 0), 0);
  assert_string_equal(db_column_text(st, 1), "abc");
  db_done(st);
  assert_int_equal(db_prepare(db, sql_bind, &st), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_int_equal(db_column_int64(st, 0), 1);
  assert_string_equal(db_column_text(st, 1), ""); /* NULL reads as "" */
  assert_true(db_column_is_null(st, 1));
  db_done(st);

  /* more distinct statements than cache slots: the overflow ones are
   * prepared uncached and freed by db_done (ASan checks the leak) */
  for (int i = 0; i < MANY; i++) {
    snprintf(many_sql[i], sizeof many_sql[i], "SELECT %d + 0", i);
    assert_int_equal(db_prepare(db, many_sql[i], &st), PLAM_OK);
    assert_int_equal(db_step(st, &row), PLAM_OK);
    assert_int_equal(db_column_int64(st, 0), i);
    db_done(st);
  }
  /* and the first statement is still the cached one */
  assert_int_equal(db_prepare(db, sql_one_a, &s2), PLAM_OK);
  assert_ptr_equal(s1, s2);
  db_done(s2);

  /* bad SQL is a database error, not a crash, and is not cached */
  static const char *const sql_bad = "SELEC nonsense";
  assert_int_equal(db_prepare(db, sql_bad, &st), PLAM_ERR_DB);
  assert_null(st);
  assert_int_equal(db_prepare(db, sql_bad, &st), PLAM_ERR_DB);
  db_close(db);
}

/* ---- constraints --------------------------------------------------------- */

static void test_constraint_conflict(void **state) {
  (void)state;
  struct db *db = open_db("constraint.db");
  assert_int_equal(db_exec(db, "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;"
                               "CREATE TABLE c(id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id)) STRICT;"),
                   PLAM_OK);
  static const char *const ins = "INSERT INTO p(name) VALUES (?) RETURNING id";
  static const char *const ins_c = "INSERT INTO c(p) VALUES (?)";
  struct db_stmt *st;
  int row;
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_prepare(db, ins, &st), PLAM_OK);
  assert_int_equal(db_bind_text(st, 1, "a"), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_int_equal(row, 1);
  assert_int_equal(db_column_int64(st, 0), 1);
  db_done(st);
  assert_int_equal(db_changes(db), 1);
  assert_int_equal(db_write_end(db, PLAM_OK), PLAM_OK);

  /* unique */
  assert_int_equal(db_prepare(db, ins, &st), PLAM_OK);
  assert_int_equal(db_bind_text(st, 1, "a"), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_ERR_CONFLICT);
  db_done(st);
  /* not null */
  assert_int_equal(db_prepare(db, ins, &st), PLAM_OK);
  assert_int_equal(db_bind_text(st, 1, NULL), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_ERR_CONFLICT);
  db_done(st);
  /* STRICT type check is a constraint too */
  assert_int_equal(db_exec(db, "INSERT INTO c(p) VALUES ('pas un entier')"), PLAM_ERR_CONFLICT);
  /* foreign key (enforced because the pragma is on) */
  assert_int_equal(db_prepare(db, ins_c, &st), PLAM_OK);
  assert_int_equal(db_bind_int64(st, 1, 999), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_ERR_CONFLICT);
  db_done(st);
  assert_int_equal(q_int(db, "SELECT count(*) FROM c"), 0);

  /* a failed write transaction rolls back everything in it */
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_exec(db, "INSERT INTO p(name) VALUES ('b')"), PLAM_OK);
  plam_err e = db_exec(db, "INSERT INTO p(name) VALUES ('a')");
  assert_int_equal(e, PLAM_ERR_CONFLICT);
  assert_int_equal(db_write_end(db, e), PLAM_ERR_CONFLICT);
  assert_int_equal(q_int(db, "SELECT count(*) FROM p"), 1);
  /* ending a write that never began reports an error instead of unlocking */
  assert_int_equal(db_write_end(db, PLAM_OK), PLAM_ERR_INTERNAL);
  db_close(db);
}

/* ---- write lock ---------------------------------------------------------- */

struct writer_arg {
  const char *path;
  int iterations;
  atomic_int *inside;
  atomic_int *overlaps;
  atomic_int *errors;
};

/* Read-modify-write of a counter inside the write lock, with a pause between
 * the read and the write: any interleaving would lose increments. */
static void *writer_thread(void *p) {
  struct writer_arg *w = p;
  struct db *db = NULL;
  if (db_open(w->path, 0, &db)) {
    atomic_fetch_add(w->errors, 1);
    return NULL;
  }
  static const char *const get = "SELECT n FROM counter";
  static const char *const set = "UPDATE counter SET n = ?";
  for (int i = 0; i < w->iterations; i++) {
    plam_err e = db_write_begin(db);
    if (e) {
      atomic_fetch_add(w->errors, 1);
      continue;
    }
    if (atomic_fetch_add(w->inside, 1) != 0) atomic_fetch_add(w->overlaps, 1);
    struct db_stmt *st;
    int row = 0;
    int64_t n = -1;
    e = db_prepare(db, get, &st);
    if (!e) e = db_step(st, &row);
    if (!e && row) n = db_column_int64(st, 0);
    if (!e) db_done(st);
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
    if (!e) e = db_prepare(db, set, &st);
    if (!e) e = db_bind_int64(st, 1, n + 1);
    if (!e) e = db_step(st, &row);
    if (!e) db_done(st);
    atomic_fetch_sub(w->inside, 1);
    if (db_write_end(db, e)) atomic_fetch_add(w->errors, 1);
  }
  db_close(db);
  return NULL;
}

static void test_write_lock_serialises(void **state) {
  (void)state;
  struct db *db = open_db("lock.db");
  assert_int_equal(db_exec(db, "CREATE TABLE counter(n INTEGER NOT NULL) STRICT; INSERT INTO counter VALUES (0);"),
                   PLAM_OK);
  char path[128];
  db_path(path, sizeof path, "lock.db");
  atomic_int inside = 0, overlaps = 0, errors = 0;
  struct writer_arg arg = {path, 40, &inside, &overlaps, &errors};
  pthread_t t1, t2;
  assert_int_equal(pthread_create(&t1, NULL, writer_thread, &arg), 0);
  assert_int_equal(pthread_create(&t2, NULL, writer_thread, &arg), 0);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  assert_int_equal(atomic_load(&errors), 0);
  assert_int_equal(atomic_load(&overlaps), 0);
  assert_int_equal(q_int(db, "SELECT n FROM counter"), 80);
  db_close(db);
}

/* ---- pool ---------------------------------------------------------------- */

struct pool_arg {
  struct db_pool *pool;
  struct db *first, *second;
};

static void *pool_thread(void *p) {
  struct pool_arg *a = p;
  a->first = db_pool_conn(a->pool);
  a->second = db_pool_conn(a->pool);
  return NULL;
}

static void test_pool_per_thread(void **state) {
  (void)state;
  struct db *db = open_db("pool.db");
  db_close(db);
  char path[128];
  db_path(path, sizeof path, "pool.db");
  struct db_pool *pool = NULL;
  assert_int_equal(db_pool_init(path, 0, &pool), PLAM_OK);
  struct pool_arg a = {pool, NULL, NULL}, b = {pool, NULL, NULL};
  pthread_t t1, t2;
  assert_int_equal(pthread_create(&t1, NULL, pool_thread, &a), 0);
  pthread_join(t1, NULL);
  assert_int_equal(pthread_create(&t2, NULL, pool_thread, &b), 0);
  pthread_join(t2, NULL);
  assert_non_null(a.first);
  assert_ptr_equal(a.first, a.second); /* one connection per thread, kept */
  assert_non_null(b.first);
  assert_ptr_not_equal(a.first, b.first);
  struct db *mine = db_pool_conn(pool);
  assert_non_null(mine);
  assert_ptr_not_equal(mine, a.first);
  assert_int_equal(q_int(mine, "PRAGMA foreign_keys"), 1);
  db_pool_release(pool); /* closes all three */
  db_pool_release(NULL);

  /* the pool never creates the file */
  db_path(path, sizeof path, "pool-absent.db");
  assert_int_equal(db_pool_init(path, DB_OPEN_CREATE, &pool), PLAM_OK);
  assert_null(db_pool_conn(pool));
  assert_int_equal(access(path, F_OK), -1);
  db_pool_release(pool);
}

/* ---- backup -------------------------------------------------------------- */

struct backup_writer {
  const char *path;
  atomic_int stop;
  atomic_int done;
  atomic_int errors;
};

/* Each transaction inserts the same id into a and b, so every consistent
 * snapshot has count(a) == count(b). */
static void *backup_writer_thread(void *p) {
  struct backup_writer *w = p;
  struct db *db = NULL;
  if (db_open(w->path, 0, &db)) {
    atomic_fetch_add(&w->errors, 1);
    return NULL;
  }
  static const char *const ins_a = "INSERT INTO a(pad) VALUES (randomblob(300)) RETURNING id";
  static const char *const ins_b = "INSERT INTO b(id, pad) VALUES (?, randomblob(300))";
  while (!atomic_load(&w->stop)) {
    plam_err e = db_write_begin(db);
    if (e) {
      atomic_fetch_add(&w->errors, 1);
      break;
    }
    struct db_stmt *st;
    int row;
    e = db_prepare(db, ins_a, &st);
    if (!e) e = db_step(st, &row);
    int64_t id = !e && row ? db_column_int64(st, 0) : 0;
    if (!e) db_done(st);
    if (!e) e = db_prepare(db, ins_b, &st);
    if (!e) e = db_bind_int64(st, 1, id);
    if (!e) e = db_step(st, &row);
    if (!e) db_done(st);
    if (db_write_end(db, e)) atomic_fetch_add(&w->errors, 1);
    atomic_fetch_add(&w->done, 1);
  }
  db_close(db);
  return NULL;
}

static void test_backup_while_writing(void **state) {
  (void)state;
  struct db *db = open_db("live.db");
  assert_int_equal(db_migrate(db, NULL), PLAM_OK);
  assert_int_equal(db_exec(db, "CREATE TABLE a(id INTEGER PRIMARY KEY, pad BLOB) STRICT;"
                               "CREATE TABLE b(id INTEGER PRIMARY KEY REFERENCES a(id), pad BLOB) STRICT;"),
                   PLAM_OK);
  char path[128], to[128];
  db_path(path, sizeof path, "live.db");
  struct backup_writer w = {.path = path};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, backup_writer_thread, &w), 0);
  for (int waited = 0; atomic_load(&w.done) < 50 && !atomic_load(&w.errors) && waited < 30000; waited++) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  assert_int_equal(atomic_load(&w.errors), 0);
  int before = atomic_load(&w.done);
  for (int k = 0; k < 3; k++) {
    snprintf(to, sizeof to, "%s/copy-%d.db", tmpdir, k);
    assert_int_equal(db_backup(db, to), PLAM_OK);
  }
  int after_backup = atomic_load(&w.done);
  atomic_store(&w.stop, 1);
  pthread_join(t, NULL);
  assert_int_equal(atomic_load(&w.errors), 0);
  assert_true(after_backup > before); /* the writer kept going during the copies */

  for (int k = 0; k < 3; k++) {
    snprintf(to, sizeof to, "%s/copy-%d.db", tmpdir, k);
    struct db *copy = NULL;
    assert_int_equal(db_open(to, 0, &copy), PLAM_OK);
    int64_t na = q_int(copy, "SELECT count(*) FROM a"), nb = q_int(copy, "SELECT count(*) FROM b");
    assert_true(na >= 50);
    assert_int_equal(na, nb);
    int v = 0;
    assert_int_equal(db_schema_version(copy, &v), PLAM_OK);
    assert_int_equal(v, db_schema_latest());
    char report[512];
    assert_int_equal(db_check(copy, report, sizeof report), PLAM_OK);
    db_close(copy);
  }
  /* never overwrites an existing file */
  snprintf(to, sizeof to, "%s/copy-0.db", tmpdir);
  assert_int_equal(db_backup(db, to), PLAM_ERR_CONFLICT);
  /* an unwritable destination fails cleanly */
  snprintf(to, sizeof to, "%s/no-such-dir/copy.db", tmpdir);
  assert_int_not_equal(db_backup(db, to), PLAM_OK);
  db_close(db);
}

/* ---- check --------------------------------------------------------------- */

static void test_check_broken_foreign_key(void **state) {
  (void)state;
  struct db *db = open_db("check.db");
  assert_int_equal(db_migrate(db, NULL), PLAM_OK);
  char report[512];
  assert_int_equal(db_check(db, report, sizeof report), PLAM_OK);
  assert_string_equal(report, "");
  /* write a dangling reference behind the pragma's back */
  assert_int_equal(db_exec(db, "PRAGMA foreign_keys=OFF"), PLAM_OK);
  assert_int_equal(db_exec(db, "INSERT INTO users(login, display_name, role, org_id, password_hash) "
                               "VALUES ('orphan', 'Orphelin', 'staff', 4242, 'x')"),
                   PLAM_OK);
  assert_int_equal(db_exec(db, "PRAGMA foreign_keys=ON"), PLAM_OK);
  assert_int_equal(db_check(db, report, sizeof report), PLAM_ERR_DB);
  assert_non_null(strstr(report, "clé étrangère rompue : table users"));
  /* a tiny report buffer is truncated, not overrun */
  char tiny[8];
  assert_int_equal(db_check(db, tiny, sizeof tiny), PLAM_ERR_DB);
  assert_true(strlen(tiny) < sizeof tiny);
  db_close(db);
}


/* ---- foreign keys switch, plam_rows -------------------------------------- */

static void test_foreign_keys_switch(void **state) {
  (void)state;
  struct db *db = open_db("fk.db");
  assert_int_equal(db_foreign_keys(db, 0), PLAM_OK);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 0);
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_foreign_keys(db, 1), PLAM_ERR_CONFLICT); /* a no-op inside a transaction: refused */
  assert_int_equal(db_write_end(db, PLAM_OK), PLAM_OK);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 0);
  assert_int_equal(db_foreign_keys(db, 1), PLAM_OK);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
  int64_t n = -1;
  assert_int_equal(db_foreign_key_violations(db, &n), PLAM_OK);
  assert_int_equal(n, 0);
  db_close(db);
}

struct test_rows {
  int64_t base;
};
static const char *const row_texts[] = {"un", "deux", NULL};
static void test_row(void *ud, size_t i, struct db_value *v) {
  const struct test_rows *t = ud;
  v[0] = (struct db_value){.type = DB_VALUE_INT, .i = t->base + (int64_t)i};
  v[1] = (struct db_value){.type = DB_VALUE_REAL, .d = 0.5 * (double)i};
  v[2] = (struct db_value){.type = row_texts[i % 3] ? DB_VALUE_TEXT : DB_VALUE_NULL, .s = row_texts[i % 3]};
  /* v[3] left zeroed: NULL */
}


static void test_rows_insert_select(void **state) {
  (void)state;
  struct db *db = open_db("rows.db");
  assert_int_equal(db_exec(db, "CREATE TABLE t(a INTEGER, b REAL, c TEXT, d TEXT, e TEXT) STRICT"), PLAM_OK);
  struct test_rows ud = {.base = 100};
  struct db_rows rows = {.n = 1000, .ncols = 4, .row = test_row, .ud = &ud};
  assert_int_equal(db_bulk_insert(db, "t", "a, b, c, d", &rows), PLAM_OK);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 1000);
  /* in the order given, with each value's type */
  assert_int_equal(q_int(db, "SELECT count(*) FROM t WHERE a = rowid + 99 AND b = (a - 100) * 0.5"), 1000);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t WHERE c = 'un'"), 334);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t WHERE c = 'deux' AND (a - 100) % 3 = 1"), 333);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t WHERE c IS NULL"), 333);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t WHERE d IS NULL AND e IS NULL"), 1000); /* past ncols */
  /* no rows */
  rows.n = 0;
  assert_int_equal(db_bulk_insert(db, "t", "a, b, c, d", &rows), PLAM_OK);
  assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 1000);
  /* without the argument, or with a parameter that is not a rows pointer, the table is empty */
  assert_int_equal(q_int(db, "SELECT count(*) FROM plam_rows"), 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM plam_rows('x')"), 0);
  /* a malformed source is refused before SQLite sees it */
  struct db_rows bad = {.n = 1, .ncols = DB_ROWS_MAX_COLS + 1, .row = test_row};
  assert_int_equal(db_bulk_insert(db, "t", "a", &bad), PLAM_ERR_INVALID);
  bad.ncols = 2;
  bad.row = NULL;
  assert_int_equal(db_bulk_insert(db, "t", "a, b", &bad), PLAM_ERR_INVALID);
  /* a constraint failure rolls the whole statement back */
  assert_int_equal(db_exec(db, "CREATE TABLE u(a INTEGER PRIMARY KEY, c TEXT NOT NULL) STRICT"), PLAM_OK);
  rows.n = 10; /* row 2 has c NULL; column b goes to u.c */
  struct db_rows rows3 = {.n = 10, .ncols = 3, .row = test_row, .ud = &ud};
  assert_int_equal(db_exec(db, "CREATE TABLE u3(a INTEGER PRIMARY KEY, b REAL, c TEXT NOT NULL) STRICT"), PLAM_OK);
  assert_int_equal(db_bulk_insert(db, "u3", "a, b, c", &rows3), PLAM_ERR_CONFLICT);
  assert_int_equal(q_int(db, "SELECT count(*) FROM u3"), 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM u"), 0);
  db_close(db);
}

/* ---- migration 0010 on an existing database ----------------------------- */

static void test_migration_login_throttle(void **state) {
  (void)state;
  struct db *db = open_db("throttle.db");
  int i = migrate_before(db, 10);
  assert_true(i < db_migration_count && db_migrations[i].version == 10);
  /* a 15-minute lock as version 9 stored it */
  assert_int_equal(db_exec(db, "INSERT INTO login_throttle(key, failures, window_start, locked_until) "
                               "VALUES ('login:admin', 5, 1000, 99999999999)"),
                   PLAM_OK);
  int applied = -1;
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_true(applied >= 1);
  /* the lock is gone and the columns say what they hold now */
  assert_int_equal(q_int(db, "SELECT count(*) FROM login_throttle"), 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_table_info('login_throttle') "
                             "WHERE name IN ('last_failure_at', 'next_attempt_at')"),
                   2);
  assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_table_info('login_throttle') "
                             "WHERE name IN ('window_start', 'locked_until')"),
                   0);
  db_close(db);
}

/* A database that got 0011 before 0010 existed (main before the login
 * throttle change was merged) gets 0010 all the same. */
static void test_migration_gap(void **state) {
  (void)state;
  struct db *db = open_db("gap.db");
  int i = migrate_before(db, 10);
  assert_true(i + 1 < db_migration_count && db_migrations[i].version == 10 && db_migrations[i + 1].version == 11);
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, db_exec(db, db_migrations[i + 1].sql)), PLAM_OK);
  assert_int_equal(db_exec(db, "INSERT INTO schema_migrations(version, name) VALUES (11, '0011_read_indexes')"),
                   PLAM_OK);
  int applied = -1;
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, db_migration_count - (i + 1));
  assert_int_equal(q_int(db, "SELECT count(*) FROM schema_migrations WHERE version = 10"), 1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_table_info('login_throttle') "
                             "WHERE name IN ('last_failure_at', 'next_attempt_at')"),
                   2);
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, 0);
  db_close(db);
}

/* ---- migration 0009 on an existing database ----------------------------- */

static void test_migration_measurement_batches(void **state) {
  (void)state;
  struct db *db = open_db("batches.db");
  int i = migrate_before(db, 9);
  assert_true(i < db_migration_count && db_migrations[i].version == 9);
  /* a plan with values as version 8 stored them: two batches, one value alone, reviews */
  assert_int_equal(
    db_exec(
      db, "INSERT INTO plans(id, slug, region_id, title) VALUES (1, 'pm', 'REG-52', 'Plan');"
          "INSERT INTO plan_axes(id, plan_id, number, title, weight) VALUES (10, 1, '1', 'Axe', 1);"
          "INSERT INTO plan_actions(id, plan_id, axis_id, number, title, weight) VALUES (100, 1, 10, '1.1', 'A', 1);"
          "INSERT INTO indicators(id, action_id, code, name, kind, direction, accumulation, aggregation, ratio_scale, "
          " frequency, scope_id, breakdown, weight) VALUES (7, 100, 'i', 'I', 'count', 'higher', 'level', 'sum', 1, "
          " 'yearly', 'REG-52', 'scope', 1);"
          "INSERT INTO measurements(id, indicator_id, territory_id, value_on, value, batch, created_at) VALUES "
          " (1, 7, 'REG-52', '2022-01-31', 1, 'import-a', '2022-02-01T10:00:00.000Z'),"
          " (2, 7, 'REG-52', '2022-02-28', 2, 'import-a', '2022-02-01T10:00:00.000Z'),"
          " (3, 7, 'REG-52', '2022-03-31', 3, NULL, '2022-04-02T08:00:00.000Z'),"
          " (4, 7, 'REG-52', '2022-04-30', 4, 'comite-1-x', '2022-05-03T09:30:00.000Z');"
          "INSERT INTO measurement_reviews(measurement_id, decision) VALUES (1, 'validated'), (3, 'validated');"
          "INSERT INTO measurement_reviews(measurement_id, decision, reason) VALUES (2, 'rejected', 'faux');"),
    PLAM_OK);
  assert_int_equal(q_int(db, "SELECT count(*) FROM validated_values"), 2);
  int applied = -1;
  assert_int_equal(db_migrate(db, &applied), PLAM_OK);
  assert_int_equal(applied, db_migration_count - i);
  assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  /* nothing lost: values, their own times, batches by name, reviews, validated values */
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurements"), 4);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurement_batches"), 2);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurements m JOIN measurement_batches b ON b.id = m.batch_id "
                             "WHERE b.name = 'import-a' AND m.id IN (1, 2) AND b.created_at = m.created_at"),
                   2);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurements WHERE id = 3 AND batch_id IS NULL "
                             "AND created_at = '2022-04-02T08:00:00.000Z'"),
                   1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurements m JOIN measurement_batches b ON b.id = m.batch_id "
                             "WHERE m.id = 4 AND b.name = 'comite-1-x' AND m.created_at = '2022-05-03T09:30:00.000Z'"),
                   1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurement_reviews"), 3);
  assert_int_equal(q_int(db, "SELECT count(*) FROM validated_values"), 2);
  /* the references, the index, the triggers and the view work on the new table */
  assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_foreign_key_list('measurement_reviews') "
                             "WHERE \"table\" = 'measurements'"),
                   1);
  assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('measurements_indicator', "
                             "'measurements_no_update', 'measurement_reviews_validated', 'validated_values_source')"),
                   4);
  assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'measurements_new'"), 0);
  assert_int_not_equal(db_exec(db, "UPDATE measurements SET value = 9 WHERE id = 4"), PLAM_OK);
  assert_int_equal(db_exec(db, "INSERT INTO measurement_reviews(measurement_id, decision) VALUES (4, 'validated')"),
                   PLAM_OK);
  assert_int_equal(q_int(db, "SELECT count(*) FROM validated_values WHERE measurement_id = 4 AND value = 4"), 1);
  /* a row needs its own time or a batch's */
  assert_int_not_equal(db_exec(db, "INSERT INTO measurements(indicator_id, territory_id, value_on, value, created_at) "
                                   "VALUES (7, 'REG-52', '2022-06-30', 6, NULL)"),
                       PLAM_OK);
  /* deleting the indicator still cascades to its values and their reviews */
  assert_int_equal(db_exec(db, "DELETE FROM indicators WHERE id = 7"), PLAM_OK);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurements"), 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM measurement_reviews"), 0);
  assert_int_equal(q_int(db, "SELECT count(*) FROM validated_values"), 0);
  db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_open_pragmas),
    cmocka_unit_test(test_migrations),
    cmocka_unit_test(test_migration_partial),
    cmocka_unit_test(test_statement_cache),
    cmocka_unit_test(test_constraint_conflict),
    cmocka_unit_test(test_write_lock_serialises),
    cmocka_unit_test(test_pool_per_thread),
    cmocka_unit_test(test_backup_while_writing),
    cmocka_unit_test(test_check_broken_foreign_key),
    cmocka_unit_test(test_foreign_keys_switch),
    cmocka_unit_test(test_rows_insert_select),
    cmocka_unit_test(test_migration_measurement_batches),
    cmocka_unit_test(test_migration_login_throttle),
    cmocka_unit_test(test_migration_gap),
  };
  return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
