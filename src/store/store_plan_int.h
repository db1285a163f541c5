/* Generic helpers of the plan store files (internal to store/). */
#ifndef PLAM_STORE_STORE_PLAN_INT_H
#define PLAM_STORE_STORE_PLAN_INT_H
#include "store/store_plan.h"

/* Reads the current row of st into rec, columns in table order. */
void store_rec_read(struct db_stmt *st, const struct store_table *t, void *rec);
/* Binds the writable columns of rec from index 1; *next = next free index. */
plam_err store_rec_bind(struct db_stmt *st, const struct store_table *t, const void *rec, int *next);
/* Steps the prepared and bound st to its end, every row read into a malloc'd
 * array; finalises st in every case. */
plam_err store_rows_collect(struct db_stmt *st, const struct store_table *t, struct store_rows *out);
/* Runs sql with ?1 = id, every row read into a malloc'd array. */
plam_err store_rows_query(struct db *db, const char *sql, const struct store_table *t, int64_t id,
                          struct store_rows *out);
/* One row with ?1 = id, PLAM_ERR_NOT_FOUND when none. */
plam_err store_rec_get(struct db *db, const char *sql, const struct store_table *t, int64_t id, void *rec);
/* Insert with the writable columns bound in order. */
plam_err store_rec_insert(struct db *db, const char *sql, const struct store_table *t, const void *rec, int64_t *id);

#endif
