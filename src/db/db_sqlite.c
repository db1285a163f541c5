/* SQLite driver for the neutral database API in db.h. With db_rows.c (the
 * plam_rows table-valued function), the only files that include sqlite3.h. Pragmas: WAL journal, synchronous=FULL so that an
 * acknowledged write survives a power cut, foreign_keys=ON, busy_timeout.
 * Statement cache: a small open-addressing table per connection keyed by the
 * SQL string's address. */
#include "db/db.h"
#include <pthread.h>
#include <sqlite3.h>
#include "db/db_sqlite_int.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One write lock per process: writers queue here instead of spinning on
 * SQLite's busy handler (which stalled seconds under contention). */
static pthread_mutex_t db_write_lock = PTHREAD_MUTEX_INITIALIZER;

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

plam_err db_open(const char *path, int flags, struct db **out) {
  *out = NULL;
  pthread_once(&db_global_once, db_global_init);
  struct db *db = calloc(1, sizeof *db);
  if (!db) return PLAM_ERR_NOMEM;
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
  if (rc != SQLITE_OK) {
    sqlite3_close(db->h);
    free(db);
    return db_sqlite_map(rc);
  }
  sqlite3_busy_timeout(db->h, 5000);
  plam_err e = db_exec(db, (flags & DB_OPEN_READONLY)
                             ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                               "PRAGMA temp_store=MEMORY;");
  if (e) {
    db_close(db);
    return e;
  }
  *out = db;
  return PLAM_OK;
}

void db_close(struct db *db) {
  if (!db) return;
  for (int i = 0; i < DB_CACHE_SLOTS; i++) sqlite3_finalize(db->cache[i].st);
  sqlite3_close(db->h);
  free(db);
}

const char *db_errmsg(struct db *db) { return db ? sqlite3_errmsg(db->h) : "pas de connexion"; }

plam_err db_exec(struct db *db, const char *sql) {
  int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
  return db_sqlite_map(rc);
}

static size_t db_cache_slot(const char *sql) {
  uintptr_t x = (uintptr_t)sql;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 40) & (DB_CACHE_SLOTS - 1);
}

plam_err db_prepare(struct db *db, const char *sql, struct db_stmt **out) {
  *out = NULL;
  size_t slot = db_cache_slot(sql);
  for (size_t probe = 0; probe < 8; probe++) {
    struct db_stmt *c = &db->cache[(slot + probe) & (DB_CACHE_SLOTS - 1)];
    if (c->sql == sql) {
      *out = c;
      return PLAM_OK;
    }
    if (!c->sql) {
      int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL);
      if (rc != SQLITE_OK) return db_sqlite_map(rc);
      c->sql = sql;
      c->db = db;
      c->cached = 1;
      *out = c;
      return PLAM_OK;
    }
  }
  /* Cache neighbourhood full: an uncached statement, finalised by db_done. */
  struct db_stmt *s = calloc(1, sizeof *s);
  if (!s) return PLAM_ERR_NOMEM;
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL);
  if (rc != SQLITE_OK) {
    free(s);
    return db_sqlite_map(rc);
  }
  s->db = db;
  s->sql = sql;
  *out = s;
  return PLAM_OK;
}

plam_err db_bind_int64(struct db_stmt *st, int idx, int64_t v) {
  return db_sqlite_map(sqlite3_bind_int64(st->st, idx, v));
}
plam_err db_bind_double(struct db_stmt *st, int idx, double v) {
  return db_sqlite_map(sqlite3_bind_double(st->st, idx, v));
}
plam_err db_bind_text(struct db_stmt *st, int idx, const char *s) {
  return db_sqlite_map(s ? sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st->st, idx));
}
plam_err db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n) {
  return db_sqlite_map(sqlite3_bind_blob64(st->st, idx, p, n, SQLITE_TRANSIENT));
}
plam_err db_bind_null(struct db_stmt *st, int idx) { return db_sqlite_map(sqlite3_bind_null(st->st, idx)); }

plam_err db_step(struct db_stmt *st, int *row) {
  int rc = sqlite3_step(st->st);
  *row = rc == SQLITE_ROW;
  return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PLAM_OK : db_sqlite_map(rc);
}

int db_column_count(struct db_stmt *st) { return sqlite3_column_count(st->st); }
int db_column_is_null(struct db_stmt *st, int col) { return sqlite3_column_type(st->st, col) == SQLITE_NULL; }
int64_t db_column_int64(struct db_stmt *st, int col) { return sqlite3_column_int64(st->st, col); }
double db_column_double(struct db_stmt *st, int col) { return sqlite3_column_double(st->st, col); }
const char *db_column_text(struct db_stmt *st, int col) {
  const unsigned char *t = sqlite3_column_text(st->st, col);
  return t ? (const char *)t : "";
}
const void *db_column_blob(struct db_stmt *st, int col, size_t *n) {
  const void *p = sqlite3_column_blob(st->st, col);
  *n = (size_t)sqlite3_column_bytes(st->st, col);
  return p;
}

void db_done(struct db_stmt *st) {
  if (!st) return;
  if (st->cached) {
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
  } else {
    sqlite3_finalize(st->st);
    free(st);
  }
}

int64_t db_last_insert_id(struct db *db) { return sqlite3_last_insert_rowid(db->h); }
int db_changes(struct db *db) { return sqlite3_changes(db->h); }

static void db_scope_close(struct db *db);

plam_err db_write_begin(struct db *db) {
  db_scope_close(db);
  pthread_mutex_lock(&db_write_lock);
  plam_err e = db_exec(db, "BEGIN IMMEDIATE");
  if (e) {
    pthread_mutex_unlock(&db_write_lock);
    return e;
  }
  db->in_write = 1;
  return PLAM_OK;
}

plam_err db_write_end(struct db *db, plam_err result) {
  if (!db->in_write) return result ? result : PLAM_ERR_INTERNAL;
  plam_err e = result;
  if (!result) {
    e = db_exec(db, "COMMIT");
    if (e) db_exec(db, "ROLLBACK");
  } else {
    db_exec(db, "ROLLBACK");
  }
  db->in_write = 0;
  pthread_mutex_unlock(&db_write_lock);
  return e;
}

plam_err db_foreign_keys(struct db *db, int on) {
  db_scope_close(db);
  if (!sqlite3_get_autocommit(db->h)) return PLAM_ERR_CONFLICT; /* the pragma is a no-op in a transaction */
  return db_exec(db, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

plam_err db_foreign_key_violations(struct db *db, int64_t *n) {
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

static plam_err db_exec_cached(struct db *db, const char *sql) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_step(st, &row);
  db_done(st);
  return e;
}

/* Inside an open transaction (a write, or an outer read) the reads already
 * share its snapshot: begin and end are then no-ops. */
plam_err db_read_begin(struct db *db) {
  if (!sqlite3_get_autocommit(db->h)) {
    db->read_nested++;
    return PLAM_OK;
  }
  return db_exec_cached(db, DB_SQL_READ_BEGIN);
}

void db_read_end(struct db *db) {
  if (db->read_nested) {
    db->read_nested--;
    return;
  }
  if (!sqlite3_get_autocommit(db->h)) db_exec_cached(db, DB_SQL_READ_END);
}

/* Ends the read scope unless a db_read_begin inside it is still open (then
 * whatever needed autocommit fails as it would in any open transaction). */
static void db_scope_close(struct db *db) {
  if (!db->scope || db->read_nested) return;
  db->scope = 0;
  if (!sqlite3_get_autocommit(db->h)) db_exec_cached(db, DB_SQL_READ_END);
}

void db_read_scope_begin(struct db *db) {
  if (db->scope) db->read_nested = 0; /* a new unit of work: nothing of the last one is open */
  db_scope_close(db);
  if (db->scope || !sqlite3_get_autocommit(db->h)) return;
  if (!db_exec_cached(db, DB_SQL_READ_BEGIN)) db->scope = 1;
}

void db_read_scope_end(struct db *db) {
  if (db) db_scope_close(db);
}

plam_err db_backup(struct db *db, const char *to_path) {
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

plam_err db_check(struct db *db, char *report, size_t n) {
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
