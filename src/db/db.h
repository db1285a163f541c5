/* Neutral database API. Everything above store/ sees only this header, never
 * sqlite3.h nor libpq-fe.h. Two engines implement it (db_int.h: one table of
 * functions per engine, chosen once at open from the database value): SQLite
 * (db_sqlite.c, a file path such as var/plam.db) and PostgreSQL 15 (db_pg.c,
 * a postgresql:// or postgres:// URL). SQL text is written in the common
 * subset of both (docs/ARCHITECTURE.md, Storage) with '?' and '?N'
 * placeholders, which the PostgreSQL driver rewrites to $n.
 *
 * Lifetimes: a struct db_pool lives for the process and knows where the
 * database is; each thread gets its own connection from db_pool_conn() (one
 * connection per worker), opened lazily and closed by db_pool_release().
 * Prepared statements are cached per connection, keyed by the SQL string's
 * address: pass string literals or other process-lifetime strings.
 *
 * Writes are serialised: db_write_begin() takes the process write lock and
 * opens the write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and
 * the transaction-scoped advisory lock every writer of every process takes);
 * db_write_end() commits (or rolls back on error) and releases both. On
 * PostgreSQL a failed statement aborts the transaction: db_write_end then
 * rolls back even when told PLAM_OK, and says PLAM_ERR_DB.
 *
 * Engine-specific SQL in store/ (rare): an array indexed by
 * db_engine_of(db), in the store file. */
#ifndef PLAM_DB_DB_H
#define PLAM_DB_DB_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

struct db;
struct db_stmt;
struct db_pool;

enum db_open_flags { DB_OPEN_CREATE = 1, DB_OPEN_READONLY = 2 };
enum db_engine_kind { DB_ENGINE_SQLITE = 0, DB_ENGINE_PG = 1 };

/* Opens a single connection. target is a SQLite file path (opened with the
 * project's pragmas: WAL, synchronous=FULL, foreign_keys=ON, busy_timeout)
 * or a PostgreSQL URL (postgresql://user[:password]@host[:port]/dbname, also
 * postgres://; DB_OPEN_CREATE does not create a PostgreSQL database: it must
 * exist). Caller owns it: db_close(). On failure db_open_error() says why in
 * French, without the URL's password. */
plam_err db_open(const char *target, int flags, struct db **out);
/* French reason of the calling thread's last failed db_open ("" if none). */
const char *db_open_error(void);
/* Engine a target names (a URL: PostgreSQL; anything else: SQLite). */
enum db_engine_kind db_target_engine(const char *target);
enum db_engine_kind db_engine_of(struct db *db);
/* target fit for logs and messages: a URL's password replaced by "***". */
void db_target_redact(const char *target, char *out, size_t n);
void db_close(struct db *db);
const char *db_errmsg(struct db *db);

/* Pool of per-thread connections to one database (file or URL). */
plam_err db_pool_init(const char *path, int flags, struct db_pool **out);
/* Connection of the calling thread (opened on first use), or NULL on error. */
struct db *db_pool_conn(struct db_pool *p);
void db_pool_release(struct db_pool *p);

/* Runs SQL with no parameters and no result rows (may hold several statements). */
plam_err db_exec(struct db *db, const char *sql);

/* Returns the cached prepared statement for sql, reset and with cleared
 * bindings. The statement belongs to the connection; call db_done() after use. */
plam_err db_prepare(struct db *db, const char *sql, struct db_stmt **out);
plam_err db_bind_int64(struct db_stmt *st, int idx, int64_t v);
plam_err db_bind_double(struct db_stmt *st, int idx, double v);
/* Text is copied by the driver; NULL binds SQL NULL. */
plam_err db_bind_text(struct db_stmt *st, int idx, const char *s);
plam_err db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
plam_err db_bind_null(struct db_stmt *st, int idx);
/* Steps: *row = 1 when a row is available, 0 when done. Constraint
 * violations map to PLAM_ERR_CONFLICT, lock timeouts to PLAM_ERR_BUSY. */
plam_err db_step(struct db_stmt *st, int *row);
int db_column_count(struct db_stmt *st);
int db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
/* Text valid until the next step/done on this statement; "" for NULL. */
const char *db_column_text(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col, size_t *n);
void db_done(struct db_stmt *st);
/* Ids of new rows come back with INSERT … RETURNING id (store_insert_id), on
 * both engines. Rows changed by the last statement run on this connection. */
int db_changes(struct db *db);

/* Serialised write transaction (see top of file). On PostgreSQL it also
 * takes a transaction-scoped advisory lock (pg_advisory_xact_lock), so that
 * writers of several processes on one database run one at a time too. */
plam_err db_write_begin(struct db *db);
plam_err db_write_end(struct db *db, plam_err result);
/* Foreign key enforcement on this connection (on by default). Changes only
 * outside a transaction (PLAM_ERR_CONFLICT inside one). A bulk writer that
 * turns it off checks the parents its rows name itself, inside its write
 * transaction, and turns it back on after db_write_end. On PostgreSQL
 * foreign keys are always enforced: this is a no-op there. */
plam_err db_foreign_keys(struct db *db, int on);
/* Number of rows PRAGMA foreign_key_check reports (the whole database). */
plam_err db_foreign_key_violations(struct db *db, int64_t *n);
/* Read transaction for a consistent multi-statement read: every
 * db_read_begin that returned PLAM_OK is paired with one db_read_end. Inside
 * an open transaction both are no-ops (the reads use that transaction). */
plam_err db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* Read scope: one read transaction shared by every read of a unit of work
 * (the server's request: session check and handler), so that the unit
 * takes one snapshot and one WAL read lock instead of one per statement or
 * per db_read_begin. db_read_scope_begin ends a scope left open on this
 * connection, then opens one (no-op inside another transaction). Inside it
 * db_read_begin/end nest as in any open transaction. It ends at
 * db_read_scope_end, or earlier, before anything that needs no open
 * transaction: db_write_begin (the write then reads the latest data),
 * db_foreign_keys, db_backup. Never call db_read_scope_begin while a
 * db_read_begin of this connection is open. */
void db_read_scope_begin(struct db *db);
void db_read_scope_end(struct db *db);
/* Change stamp (fast module, issue 8 item 7): inside a read transaction,
 * what identifies the state of the database that transaction reads, for a
 * per-connection cache of rows (the session check). Two stamps of the same
 * connection are equal only if no connection of any process committed a
 * change in between (SQLite: PRAGMA data_version, which counts the other
 * connections' commits, and sqlite3_total_changes64, which counts this
 * connection's own row changes; conn tells connections apart, also a new one
 * opened at a freed one's address). Any change to any table changes it: a
 * coarse but safe signal. PostgreSQL has no such cheap signal:
 * PLAM_ERR_DB there, and callers must not cache. */
struct db_stamp {
  uint64_t conn;
  int64_t theirs, ours;
};
plam_err db_change_stamp(struct db *db, struct db_stamp *out);

/* The calling thread's pool connection if it was opened, else NULL. */
struct db *db_pool_conn_if_open(struct db_pool *p);

/* Rows the caller holds in memory, written by db_bulk_insert as one batch:
 * on SQLite one INSERT … SELECT over the table-valued function plam_rows
 * (one statement run instead of one per row: a million-row import spent
 * more time starting and ending statements and copying bound texts than
 * writing), on PostgreSQL one COPY … FROM STDIN. Texts are borrowed: they
 * must live until the call returns. */
enum db_value_type { DB_VALUE_NULL = 0, DB_VALUE_INT, DB_VALUE_REAL, DB_VALUE_TEXT };
struct db_value {
  enum db_value_type type;
  int64_t i;
  double d;
  const char *s;
};
#define DB_ROWS_MAX_COLS 32 /* plam_rows declares c0 … c31 (db_rows.c) */
struct db_rows {
  size_t n;  /* rows */
  int ncols; /* <= DB_ROWS_MAX_COLS; further columns read NULL */
  /* fills out[0..ncols) with row i; called once per row, i ascending */
  void (*row)(void *ud, size_t i, struct db_value *out);
  void *ud;
};
/* Inserts rows into table(columns) ("a, b, c": rows->ncols names, in the
 * order of the row's values), inside the caller's write transaction: all or
 * nothing with it. Constraint violations map to PLAM_ERR_CONFLICT. */
plam_err db_bulk_insert(struct db *db, const char *table, const char *columns, const struct db_rows *rows);

/* Consistent online copy to a new file (fails if it exists). SQLite only:
 * PostgreSQL refuses (PLAM_ERR_USAGE; back it up with pg_dump). */
plam_err db_backup(struct db *db, const char *to_path);
/* Integrity check; appends French findings to report. SQLite: pages,
 * indexes and foreign keys. PostgreSQL: constraints not validated and
 * indexes not valid (the server keeps pages and foreign keys itself). */
plam_err db_check(struct db *db, char *report, size_t n);

#endif
