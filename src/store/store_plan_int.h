/* Generic helpers of the store files (internal to store/): the column-table
 * reader and binder of the plan records, and the row collector every list
 * query of the store runs through (plan, training, internships, recruitment,
 * offers…): one step-and-grow loop, in store_plan_cols.c. */
#ifndef PLAM_STORE_STORE_PLAN_INT_H
#define PLAM_STORE_STORE_PLAN_INT_H
#include "store/store.h"
#include "store/store_plan.h"

/* Reads the current row of st into rec, columns in table order. */
void store_rec_read(struct db_stmt *st, const struct store_table *t, void *rec);
/* Binds the writable columns of rec from index 1; *next = next free index. */
plam_err store_rec_bind(struct db_stmt *st, const struct store_table *t, const void *rec, int *next);
/* Steps the prepared and bound st to its end, every row read into a malloc'd
 * array; finalises st in every case. */
plam_err store_rows_collect(struct db_stmt *st, const struct store_table *t, struct store_rows *out);
/* The same for records read by read(st, rec) (a zeroed record of size bytes
 * each): *out malloc'd (NULL when no row), *n rows; more than max rows (0: no
 * limit) is PLAM_ERR_TOO_LARGE. bind is the result of binding st's values: an
 * error is returned as it is, nothing stepped. On any error *out is NULL and
 * *n 0. */
plam_err store_rows_collect_by(struct db_stmt *st, plam_err bind, store_read_fn read, size_t size, int max, void **out,
                               int *n);
/* A store_read_fn for a list of ids: column 0 into an int64_t. */
void store_read_int64(struct db_stmt *st, void *out);
/* Runs sql with ?1 = id, every row read into a malloc'd array. */
plam_err store_rows_query(struct db *db, const char *sql, const struct store_table *t, int64_t id,
                          struct store_rows *out);
/* One row with ?1 = id, PLAM_ERR_NOT_FOUND when none. */
plam_err store_rec_get(struct db *db, const char *sql, const struct store_table *t, int64_t id, void *rec);
/* Insert with the writable columns bound in order. */
plam_err store_rec_insert(struct db *db, const char *sql, const struct store_table *t, const void *rec, int64_t *id);

#endif
