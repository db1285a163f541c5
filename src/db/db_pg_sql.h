/* Placeholder rewriting for the PostgreSQL engine: the SQL of store/ uses
 * SQLite's '?' and '?N'; PostgreSQL wants $N. Pure function (no libpq),
 * unit-tested and fuzzed (tests/fuzz/fuzz_db_pg_sql.c). */
#ifndef PLAM_DB_DB_PG_SQL_H
#define PLAM_DB_DB_PG_SQL_H
#include <stddef.h>

#define DB_PG_MAX_PARAMS 99

/* Writes sql into out[n] with every placeholder outside string literals,
 * quoted identifiers and comments rewritten: '?N' to '$N', a bare '?' to
 * the number one above the largest given so far (SQLite's rule). Sets
 * *nparams to the largest number. Returns 0, or -1 when out is too small
 * (4 * strlen(sql) + 1 bytes always suffice), a number is 0 or above
 * DB_PG_MAX_PARAMS, or a literal, identifier or comment is not closed. */
int db_pg_rewrite(const char *sql, char *out, size_t n, int *nparams);

#endif
