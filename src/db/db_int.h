/* What the engines behind db.h share (db.c, db_sqlite.c, db_rows.c, db_pg.c):
 * the engine table and the common heads of a connection and a statement.
 * Each engine's connection starts with a struct db and each statement with a
 * struct db_stmt, so that db.c dispatches every call of db.h through the
 * connection's engine, chosen once at open from the database value (a file
 * path: SQLite; a postgresql:// or postgres:// URL: PostgreSQL). Nothing
 * outside src/db includes this header. */
#ifndef PLAM_DB_DB_INT_H
#define PLAM_DB_DB_INT_H
#include "db/db.h"

struct db_engine;

struct db {
  const struct db_engine *eng;
};

struct db_stmt {
  struct db *db;
};

/* One struct of function pointers per engine: the db.h calls that differ. */
struct db_engine {
  enum db_engine_kind kind;
  plam_err (*open)(const char *target, int flags, struct db **out);
  void (*close)(struct db *db);
  const char *(*errmsg)(struct db *db);
  plam_err (*exec)(struct db *db, const char *sql);
  plam_err (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
  plam_err (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
  plam_err (*bind_double)(struct db_stmt *st, int idx, double v);
  plam_err (*bind_text)(struct db_stmt *st, int idx, const char *s);
  plam_err (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
  plam_err (*bind_null)(struct db_stmt *st, int idx);
  plam_err (*step)(struct db_stmt *st, int *row);
  int (*column_count)(struct db_stmt *st);
  int (*column_is_null)(struct db_stmt *st, int col);
  int64_t (*column_int64)(struct db_stmt *st, int col);
  double (*column_double)(struct db_stmt *st, int col);
  const char *(*column_text)(struct db_stmt *st, int col);
  const void *(*column_blob)(struct db_stmt *st, int col, size_t *n);
  void (*done)(struct db_stmt *st);
  int (*changes)(struct db *db);
  plam_err (*write_begin)(struct db *db);
  plam_err (*write_end)(struct db *db, plam_err result);
  plam_err (*foreign_keys)(struct db *db, int on);
  plam_err (*foreign_key_violations)(struct db *db, int64_t *n);
  plam_err (*read_begin)(struct db *db);
  void (*read_end)(struct db *db);
  void (*read_scope_begin)(struct db *db);
  void (*read_scope_end)(struct db *db);
  plam_err (*change_stamp)(struct db *db, struct db_stamp *out);
  plam_err (*bulk_insert)(struct db *db, const char *table, const char *columns, const struct db_rows *rows);
  plam_err (*backup)(struct db *db, const char *to_path);
  plam_err (*check)(struct db *db, char *report, size_t n);
};

extern const struct db_engine db_engine_sqlite;
extern const struct db_engine db_engine_pg;

/* Records the French reason of the calling thread's last failed db_open
 * (db_open_error); printf-style. */
void db_open_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
