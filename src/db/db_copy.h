/* Copy of a whole SQLite database into an empty PostgreSQL database, in one
 * write transaction on the target, verified by row counts and per-table
 * checksums read back: see db_copy.c. Lives in db/ because it opens its own
 * write transaction on a database no server uses yet (like the migrations);
 * the command (src/cmd/cmd_db_copy.c) prepares the source and says the rest. */
#ifndef PLAM_DB_DB_COPY_H
#define PLAM_DB_DB_COPY_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/error.h"

struct db;

/* Objects (relations, functions, types) in the target's current schema, and
 * the schema's name: 0 means empty, the only target db_copy_run accepts. */
plam_err db_copy_target_objects(struct db *dst, int64_t *objects, char *schema, size_t n);

struct db_copy_result {
  int tables;
  int64_t rows;
  int began;  /* the target's write transaction was opened (then rolled back on failure) */
  void *keep; /* statement texts: db_copy_release after closing both connections */
};
/* Copies src (a SQLite database at this binary's schema version) into the
 * empty PostgreSQL database dst: schema, every table, identities, then the
 * verification; commits only when everything matches. Writes French progress
 * lines and findings to log (tty: a line per table updated in place). */
plam_err db_copy_run(struct db *src, struct db *dst, FILE *log, int tty, struct db_copy_result *out);
void db_copy_release(struct db_copy_result *r);

#endif
