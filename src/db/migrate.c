/* Applies the embedded numbered migrations (see migrate.h), the engine's
 * own list: db_migrations (SQLite) or db_migrations_pg (PostgreSQL), same
 * numbers and names, so the schema version is the same on both. */
#include "db/migrate.h"
#include <string.h>
#include "db/db.h"

/* Per engine (enum db_engine_kind): the bookkeeping table and how to know it exists. */
static const char *const SQL_CREATE[] = {
  "CREATE TABLE IF NOT EXISTS schema_migrations ("
  " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))) STRICT",
  "CREATE TABLE IF NOT EXISTS schema_migrations ("
  " version bigint PRIMARY KEY, name text NOT NULL,"
  " applied_at text NOT NULL DEFAULT to_char(statement_timestamp() AT TIME ZONE 'UTC', "
  "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
};
static const char *const SQL_EXISTS[] = {
  "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'",
  "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'",
};
static const char *const SQL_VERSION = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char *const SQL_RECORD = "INSERT INTO schema_migrations(version, name) VALUES (?, ?)";
static const char *const SQL_RECORDED = "SELECT count(*) FROM schema_migrations WHERE version = ?";

int db_schema_latest(void) { return db_migration_count ? db_migrations[db_migration_count - 1].version : 0; }

static const struct db_migration *migrations_of(struct db *db) {
  return db_engine_of(db) == DB_ENGINE_PG ? db_migrations_pg : db_migrations;
}

plam_err db_schema_version(struct db *db, int *version) {
  struct db_stmt *st;
  *version = 0;
  plam_err e = db_prepare(db, SQL_EXISTS[db_engine_of(db)], &st);
  int row = 0;
  if (!e) e = db_step(st, &row);
  int exists = row && db_column_int64(st, 0) > 0;
  db_done(st);
  if (e || !exists) return e;
  e = db_prepare(db, SQL_VERSION, &st);
  if (!e) e = db_step(st, &row);
  if (!e && row) *version = (int)db_column_int64(st, 0);
  db_done(st);
  return e;
}

/* A migration that rebuilds a table (SQLite cannot alter a column) starts
 * with this line: it runs with foreign keys off, so that dropping the old
 * table does not cascade to its children, and commits only if
 * PRAGMA foreign_key_check then finds nothing. */
static const char FK_OFF_MARK[] = "-- plam: foreign_keys=OFF\n";

static plam_err migrate_recorded(struct db *db, int version, int *recorded);

static plam_err migrate_one(struct db *db, const struct db_migration *m, int *ran) {
  *ran = 0;
  int fk_off = !strncmp(m->sql, FK_OFF_MARK, sizeof FK_OFF_MARK - 1);
  plam_err e = fk_off ? db_foreign_keys(db, 0) : PLAM_OK;
  if (e) return e;
  e = db_write_begin(db);
  if (e) {
    if (fk_off) db_foreign_keys(db, 1);
    return e;
  }
  /* another process may have applied it meanwhile (it waited on the same write lock) */
  int done = 0;
  e = migrate_recorded(db, m->version, &done);
  if (!e && done) {
    e = db_write_end(db, PLAM_OK);
    if (fk_off) db_foreign_keys(db, 1);
    return e;
  }
  *ran = 1;
  if (!e) e = db_exec(db, m->sql);
  if (!e && fk_off) {
    int64_t broken = 0;
    e = db_foreign_key_violations(db, &broken);
    if (!e && broken) e = PLAM_ERR_DB;
  }
  struct db_stmt *st = NULL;
  if (!e) e = db_prepare(db, SQL_RECORD, &st);
  if (!e) e = db_bind_int64(st, 1, m->version);
  if (!e) e = db_bind_text(st, 2, m->name);
  int row;
  if (!e) e = db_step(st, &row);
  db_done(st);
  e = db_write_end(db, e);
  if (fk_off) {
    plam_err e2 = db_foreign_keys(db, 1);
    if (!e) e = e2;
  }
  return e;
}

static plam_err migrate_recorded(struct db *db, int version, int *recorded) {
  struct db_stmt *st;
  int row = 0;
  *recorded = 0;
  plam_err e = db_prepare(db, SQL_RECORDED, &st);
  if (!e) e = db_bind_int64(st, 1, version);
  if (!e) e = db_step(st, &row);
  if (!e && row) *recorded = db_column_int64(st, 0) > 0;
  db_done(st);
  return e;
}

plam_err db_migrate(struct db *db, int *applied) {
  if (applied) *applied = 0;
  plam_err e = db_exec(db, SQL_CREATE[db_engine_of(db)]);
  const struct db_migration *list = migrations_of(db);
  int current = 0;
  if (!e) e = db_schema_version(db, &current);
  if (e) return e;
  if (current > db_schema_latest()) return PLAM_ERR_CONFLICT;
  for (int i = 0; i < db_migration_count; i++) {
    const struct db_migration *m = &list[i];
    int done = m->version <= current;
    /* A version below the current one may still be missing: two branches
     * took numbers in turn (0011 merged before 0010), so a database that got
     * 0011 first gets 0010 now. */
    if (done) e = migrate_recorded(db, m->version, &done);
    if (e) return e;
    if (done) continue;
    int ran = 0;
    e = migrate_one(db, m, &ran);
    if (e) return e;
    if (applied) *applied += ran;
  }
  return PLAM_OK;
}

plam_err db_migrate_in_tx(struct db *db) {
  plam_err e = db_exec(db, SQL_CREATE[db_engine_of(db)]);
  const struct db_migration *list = migrations_of(db);
  for (int i = 0; !e && i < db_migration_count; i++) {
    struct db_stmt *st = NULL;
    int row;
    e = db_exec(db, list[i].sql);
    if (!e) e = db_prepare(db, SQL_RECORD, &st);
    if (!e) e = db_bind_int64(st, 1, list[i].version);
    if (!e) e = db_bind_text(st, 2, list[i].name);
    if (!e) e = db_step(st, &row);
    if (st) db_done(st);
  }
  return e;
}
