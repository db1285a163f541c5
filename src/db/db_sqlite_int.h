/* What the SQLite driver's files share (db_sqlite.c, db_rows.c): the
 * connection and statement structures and the result code mapping. Nothing
 * outside src/db includes this header. */
#ifndef PLAM_DB_DB_SQLITE_INT_H
#define PLAM_DB_DB_SQLITE_INT_H
#include <sqlite3.h>
#include "db/db_int.h"

#define DB_CACHE_SLOTS 256 /* power of two; more distinct statements are prepared uncached */

struct sq_stmt {
  struct db_stmt base; /* first: a struct db_stmt * is a struct sq_stmt * */
  sqlite3_stmt *st;
  const char *sql;
  int cached;
};

struct sq_db {
  struct db base; /* first: a struct db * is a struct sq_db * */
  sqlite3 *h;
  struct sq_stmt cache[DB_CACHE_SLOTS];
  int in_write;
  int read_nested; /* db_read_begin calls made inside an open transaction */
  int scope;       /* the open transaction is a read scope (db_read_scope_begin) */
  uint64_t serial; /* process-unique number of this connection (db_change_stamp) */
};

plam_err db_sqlite_map(int rc);
/* Registers the plam_rows table-valued function on a new connection. */
int db_rows_register(sqlite3 *h);
/* Binds rows (which must outlive the statement's run) to parameter idx, the
 * argument of plam_rows(?). */
plam_err db_rows_bind(struct sq_stmt *st, int idx, const struct db_rows *rows);

#endif
