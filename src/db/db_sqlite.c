/* SQLite engine of the neutral database API in db.h (db_engine_sqlite, see
 * db_int.h). With db_rows.c (the plam_rows table-valued function), the only
 * files that include sqlite3.h. Pragmas: WAL journal, synchronous=FULL so
 * that an acknowledged write survives a power cut, foreign_keys=ON,
 * busy_timeout. Statement cache: a small open-addressing table per
 * connection keyed by the SQL string's address. Defines the SQL function
 * plam_now() (UTC time, second precision) that the portable SQL of store/
 * uses on both engines. */
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include "db/db_sqlite_int.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One write lock per process: writers queue here instead of spinning on
 * SQLite's busy handler (which stalled seconds under contention). */
static pthread_mutex_t db_write_lock = PTHREAD_MUTEX_INITIALIZER;
/* Numbers the connections of the process (db_change_stamp). */
static atomic_uint_fast64_t db_serials;

plam_err db_sqlite_map(int rc) {
  switch (rc & 0xff) {
  case SQLITE_OK:
  case SQLITE_ROW:
  case SQLITE_DONE: return PLAM_OK;
  case SQLITE_CONSTRAINT: return PLAM_ERR_CONFLICT;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return PLAM_ERR_BUSY;
  case SQLITE_NOMEM: return PLAM_ERR_NOMEM;
  case SQLITE_TOOBIG: return PLAM_ERR_TOO_LARGE;
  case SQLITE_READONLY: return PLAM_ERR_READ_ONLY;
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
  case SQLITE_FULL: return PLAM_ERR_IO;
  default: return PLAM_ERR_DB;
  }
}

/* Process-wide SQLite settings, before its first use. Memory statistics
 * off: with them on (the default) every sqlite3_malloc and sqlite3_free
 * takes one process-wide mutex, which the server's worker threads queued
 * on (futex waits in the profile) although each has its own connection.
 * plam never reads those statistics (sqlite3_memory_used). */
static pthread_once_t db_global_once = PTHREAD_ONCE_INIT;
static void db_global_init(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* SQLITE_MISUSE if already initialised: then it stays on */
  sqlite3_initialize();
}

/* plam_now(): the current UTC time as 2026-12-06T13:45:00Z, the format of
 * every stored time (PostgreSQL has the same function, migration 0001). */
static void sq_now(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  time_t t = time(NULL);
  struct tm tm;
  char buf[32];
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static plam_err sq_exec(struct db *db, const char *sql);
static void sq_close(struct db *db);

static plam_err sq_open(const char *path, int flags, struct db **out) {
  *out = NULL;
  pthread_once(&db_global_once, db_global_init);
  struct sq_db *db = calloc(1, sizeof *db);
  if (!db) return PLAM_ERR_NOMEM;
  db->base.eng = &db_engine_sqlite;
  db->serial = atomic_fetch_add(&db_serials, 1) + 1;
  int of = SQLITE_OPEN_NOMUTEX | ((flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (flags & DB_OPEN_CREATE) of |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &db->h, of, NULL);
  if (rc != SQLITE_OK) {
    plam_err e = rc == SQLITE_CANTOPEN ? PLAM_ERR_IO : db_sqlite_map(rc);
    sqlite3_close(db->h);
    free(db);
    return e;
  }
  sqlite3_extended_result_codes(db->h, 1);
  rc = db_rows_register(db->h);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db->h, "plam_now", 0, SQLITE_UTF8, NULL, sq_now, NULL, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_close(db->h);
    free(db);
    return db_sqlite_map(rc);
  }
  sqlite3_busy_timeout(db->h, 5000);
  plam_err e = sq_exec(&db->base, (flags & DB_OPEN_READONLY)
                                    ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                      "PRAGMA temp_store=MEMORY;");
  if (e) {
    db_open_fail("le fichier « %s » n'est pas une base SQLite utilisable", path);
    sq_close(&db->base);
    return e;
  }
  *out = &db->base;
  return PLAM_OK;
}

#define SQ(db) ((struct sq_db *)(db))
#define SQS(st) ((struct sq_stmt *)(st))

static void sq_close(struct db *dbp) {
  struct sq_db *db = SQ(dbp);
  if (!db) return;
  for (int i = 0; i < DB_CACHE_SLOTS; i++) sqlite3_finalize(db->cache[i].st);
  sqlite3_close(db->h);
  free(db);
}

static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(SQ(db)->h); }

static plam_err sq_exec(struct db *db, const char *sql) {
  int rc = sqlite3_exec(SQ(db)->h, sql, NULL, NULL, NULL);
  return db_sqlite_map(rc);
}

static size_t db_cache_slot(const char *sql) {
  uintptr_t x = (uintptr_t)sql;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 40) & (DB_CACHE_SLOTS - 1);
}

static plam_err sq_prepare(struct db *dbp, const char *sql, struct db_stmt **out) {
  struct sq_db *db = SQ(dbp);
  *out = NULL;
  size_t slot = db_cache_slot(sql);
  for (size_t probe = 0; probe < 8; probe++) {
    struct sq_stmt *c = &db->cache[(slot + probe) & (DB_CACHE_SLOTS - 1)];
    if (c->sql == sql) {
      *out = &c->base;
      return PLAM_OK;
    }
    if (!c->sql) {
      int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL);
      if (rc != SQLITE_OK) return db_sqlite_map(rc);
      c->sql = sql;
      c->base.db = dbp;
      c->cached = 1;
      *out = &c->base;
      return PLAM_OK;
    }
  }
  /* Cache neighbourhood full: an uncached statement, finalised by db_done. */
  struct sq_stmt *s = calloc(1, sizeof *s);
  if (!s) return PLAM_ERR_NOMEM;
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL);
  if (rc != SQLITE_OK) {
    free(s);
    return db_sqlite_map(rc);
  }
  s->base.db = dbp;
  s->sql = sql;
  *out = &s->base;
  return PLAM_OK;
}

static plam_err sq_bind_int64(struct db_stmt *st, int idx, int64_t v) {
  return db_sqlite_map(sqlite3_bind_int64(SQS(st)->st, idx, v));
}
static plam_err sq_bind_double(struct db_stmt *st, int idx, double v) {
  return db_sqlite_map(sqlite3_bind_double(SQS(st)->st, idx, v));
}
static plam_err sq_bind_text(struct db_stmt *st, int idx, const char *s) {
  return db_sqlite_map(s ? sqlite3_bind_text(SQS(st)->st, idx, s, -1, SQLITE_TRANSIENT)
                         : sqlite3_bind_null(SQS(st)->st, idx));
}
static plam_err sq_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n) {
  return db_sqlite_map(sqlite3_bind_blob64(SQS(st)->st, idx, p, n, SQLITE_TRANSIENT));
}
static plam_err sq_bind_null(struct db_stmt *st, int idx) { return db_sqlite_map(sqlite3_bind_null(SQS(st)->st, idx)); }

static plam_err sq_step(struct db_stmt *st, int *row) {
  int rc = sqlite3_step(SQS(st)->st);
  *row = rc == SQLITE_ROW;
  return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PLAM_OK : db_sqlite_map(rc);
}

static int sq_column_count(struct db_stmt *st) { return sqlite3_column_count(SQS(st)->st); }
static int sq_column_is_null(struct db_stmt *st, int col) {
  return sqlite3_column_type(SQS(st)->st, col) == SQLITE_NULL;
}
static int64_t sq_column_int64(struct db_stmt *st, int col) { return sqlite3_column_int64(SQS(st)->st, col); }
static double sq_column_double(struct db_stmt *st, int col) { return sqlite3_column_double(SQS(st)->st, col); }
static const char *sq_column_text(struct db_stmt *st, int col) {
  const unsigned char *t = sqlite3_column_text(SQS(st)->st, col);
  return t ? (const char *)t : "";
}
static const void *sq_column_blob(struct db_stmt *st, int col, size_t *n) {
  const void *p = sqlite3_column_blob(SQS(st)->st, col);
  *n = (size_t)sqlite3_column_bytes(SQS(st)->st, col);
  return p;
}

static void sq_done(struct db_stmt *st) {
  if (!st) return;
  if (SQS(st)->cached) {
    sqlite3_reset(SQS(st)->st);
    sqlite3_clear_bindings(SQS(st)->st);
  } else {
    sqlite3_finalize(SQS(st)->st);
    free(SQS(st));
  }
}

static int sq_changes(struct db *db) { return sqlite3_changes(SQ(db)->h); }

static void db_scope_close(struct sq_db *db);

static plam_err sq_write_begin(struct db *dbp) {
  struct sq_db *db = SQ(dbp);
  db_scope_close(db);
  pthread_mutex_lock(&db_write_lock);
  plam_err e = sq_exec(dbp, "BEGIN IMMEDIATE");
  if (e) {
    pthread_mutex_unlock(&db_write_lock);
    return e;
  }
  db->in_write = 1;
  return PLAM_OK;
}

static plam_err sq_write_end(struct db *dbp, plam_err result) {
  struct sq_db *db = SQ(dbp);
  if (!db->in_write) return result ? result : PLAM_ERR_INTERNAL;
  plam_err e = result;
  if (!result) {
    e = sq_exec(dbp, "COMMIT");
    if (e) sq_exec(dbp, "ROLLBACK");
  } else {
    sq_exec(dbp, "ROLLBACK");
  }
  db->in_write = 0;
  pthread_mutex_unlock(&db_write_lock);
  return e;
}

static plam_err sq_foreign_keys(struct db *dbp, int on) {
  struct sq_db *db = SQ(dbp);
  db_scope_close(db);
  if (!sqlite3_get_autocommit(db->h)) return PLAM_ERR_CONFLICT; /* the pragma is a no-op in a transaction */
  return sq_exec(dbp, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

static plam_err sq_foreign_key_violations(struct db *dbp, int64_t *n) {
  struct sq_db *db = SQ(dbp);
  *n = 0;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
  if (rc != SQLITE_OK) return db_sqlite_map(rc);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) (*n)++;
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? PLAM_OK : db_sqlite_map(rc);
}

/* BEGIN and COMMIT of read transactions go through the statement cache:
 * they run on hot read paths, where sqlite3_exec would parse them each time. */
static const char *const DB_SQL_READ_BEGIN = "BEGIN DEFERRED";
static const char *const DB_SQL_READ_END = "COMMIT";

static plam_err db_exec_cached(struct sq_db *db, const char *sql) {
  struct db_stmt *st;
  plam_err e = sq_prepare(&db->base, sql, &st);
  if (e) return e;
  int row;
  e = sq_step(st, &row);
  sq_done(st);
  return e;
}

/* Inside an open transaction (a write, or an outer read) the reads already
 * share its snapshot: begin and end are then no-ops. */
static plam_err sq_read_begin(struct db *dbp) {
  struct sq_db *db = SQ(dbp);
  if (!sqlite3_get_autocommit(db->h)) {
    db->read_nested++;
    return PLAM_OK;
  }
  return db_exec_cached(db, DB_SQL_READ_BEGIN);
}

static void sq_read_end(struct db *dbp) {
  struct sq_db *db = SQ(dbp);
  if (db->read_nested) {
    db->read_nested--;
    return;
  }
  if (!sqlite3_get_autocommit(db->h)) db_exec_cached(db, DB_SQL_READ_END);
}

/* Ends the read scope unless a db_read_begin inside it is still open (then
 * whatever needed autocommit fails as it would in any open transaction). */
static void db_scope_close(struct sq_db *db) {
  if (!db->scope || db->read_nested) return;
  db->scope = 0;
  if (!sqlite3_get_autocommit(db->h)) db_exec_cached(db, DB_SQL_READ_END);
}

static void sq_read_scope_begin(struct db *dbp) {
  struct sq_db *db = SQ(dbp);
  if (db->scope) db->read_nested = 0; /* a new unit of work: nothing of the last one is open */
  db_scope_close(db);
  if (db->scope || !sqlite3_get_autocommit(db->h)) return;
  if (!db_exec_cached(db, DB_SQL_READ_BEGIN)) db->scope = 1;
}

static void sq_read_scope_end(struct db *dbp) { db_scope_close(SQ(dbp)); }

/* PRAGMA data_version reads the version of the snapshot the open read
 * transaction holds (it starts it when BEGIN DEFERRED has not yet). */
static const char *const DB_SQL_DATA_VERSION = "PRAGMA data_version";

static plam_err sq_change_stamp(struct db *dbp, struct db_stamp *out) {
  struct sq_db *db = SQ(dbp);
  if (sqlite3_get_autocommit(db->h)) return PLAM_ERR_INTERNAL; /* outside a transaction it means nothing */
  struct db_stmt *st;
  plam_err e = sq_prepare(dbp, DB_SQL_DATA_VERSION, &st);
  if (e) return e;
  int row = 0;
  e = sq_step(st, &row);
  if (!e && !row) e = PLAM_ERR_DB;
  if (!e) {
    out->conn = db->serial;
    out->theirs = sqlite3_column_int64(SQS(st)->st, 0);
    out->ours = sqlite3_total_changes64(db->h);
  }
  sq_done(st);
  return e;
}

static plam_err sq_backup(struct db *dbp, const char *to_path) {
  struct sq_db *db = SQ(dbp);
  db_scope_close(db);
  FILE *f = fopen(to_path, "r");
  if (f) {
    fclose(f);
    return PLAM_ERR_CONFLICT;
  }
  /* VACUUM INTO copies one read transaction's snapshot: consistent while
   * other connections keep writing. */
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?", -1, &st, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 1, to_path, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? PLAM_OK : db_sqlite_map(rc);
}

static plam_err sq_check(struct db *dbp, char *report, size_t n) {
  struct sq_db *db = SQ(dbp);
  size_t used = 0;
  int problems = 0;
  report[0] = '\0';
  static const char *const checks[] = {"PRAGMA integrity_check", "PRAGMA foreign_key_check"};
  for (size_t c = 0; c < 2; c++) {
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, checks[c], -1, &st, NULL);
    if (rc != SQLITE_OK) return db_sqlite_map(rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 0);
      if (c == 0 && t && !strcmp(t, "ok")) continue;
      problems++;
      if (used < n) {
        int w = c == 0 ? snprintf(report + used, n - used, "intégrité : %s\n", t ? t : "?")
                       : snprintf(report + used, n - used, "clé étrangère rompue : table %s, ligne %lld\n", t ? t : "?",
                                  (long long)sqlite3_column_int64(st, 1));
        if (w > 0) used += (size_t)w;
      }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_sqlite_map(rc);
  }
  return problems ? PLAM_ERR_DB : PLAM_OK;
}

/* One INSERT … SELECT over plam_rows (db_rows.c): one statement run. */
static plam_err sq_bulk_insert(struct db *dbp, const char *table, const char *columns, const struct db_rows *rows) {
  struct sq_db *db = SQ(dbp);
  char sql[1024];
  int w = snprintf(sql, sizeof sql, "INSERT INTO %s(%s) SELECT ", table, columns);
  for (int c = 0; c < rows->ncols && w > 0 && (size_t)w < sizeof sql; c++)
    w += snprintf(sql + w, sizeof sql - (size_t)w, "%sc%d", c ? ", " : "", c);
  if (w > 0 && (size_t)w < sizeof sql) w += snprintf(sql + w, sizeof sql - (size_t)w, " FROM plam_rows(?1)");
  if (w <= 0 || (size_t)w >= sizeof sql) return PLAM_ERR_TOO_LARGE;
  struct sq_stmt st = {.base = {dbp}};
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &st.st, NULL);
  if (rc != SQLITE_OK) return db_sqlite_map(rc);
  plam_err e = db_rows_bind(&st, 1, rows);
  if (!e) {
    rc = sqlite3_step(st.st);
    if (rc != SQLITE_DONE) e = db_sqlite_map(rc);
  }
  sqlite3_finalize(st.st);
  return e;
}

const struct db_engine db_engine_sqlite = {
  .kind = DB_ENGINE_SQLITE,
  .open = sq_open,
  .close = sq_close,
  .errmsg = sq_errmsg,
  .exec = sq_exec,
  .prepare = sq_prepare,
  .bind_int64 = sq_bind_int64,
  .bind_double = sq_bind_double,
  .bind_text = sq_bind_text,
  .bind_blob = sq_bind_blob,
  .bind_null = sq_bind_null,
  .step = sq_step,
  .column_count = sq_column_count,
  .column_is_null = sq_column_is_null,
  .column_int64 = sq_column_int64,
  .column_double = sq_column_double,
  .column_text = sq_column_text,
  .column_blob = sq_column_blob,
  .done = sq_done,
  .changes = sq_changes,
  .write_begin = sq_write_begin,
  .write_end = sq_write_end,
  .foreign_keys = sq_foreign_keys,
  .foreign_key_violations = sq_foreign_key_violations,
  .read_begin = sq_read_begin,
  .read_end = sq_read_end,
  .read_scope_begin = sq_read_scope_begin,
  .read_scope_end = sq_read_scope_end,
  .change_stamp = sq_change_stamp,
  .bulk_insert = sq_bulk_insert,
  .backup = sq_backup,
  .check = sq_check,
};
