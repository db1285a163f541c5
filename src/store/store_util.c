/* Small helpers shared by the store files. */
#include <string.h>
#include "store/store.h"

plam_err store_get_by_id(struct db *db, const char *sql, int64_t id, store_read_fn read, void *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) read(st, out);
  db_done(st);
  return e;
}

plam_err store_insert_id(struct db_stmt *st, plam_err e, int64_t *id) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && id) *id = row ? db_column_int64(st, 0) : 0;
  db_done(st);
  return e;
}

plam_err store_copy(char *dst, size_t n, const char *src) {
  if (!n) return PLAM_ERR_TOO_LARGE;
  size_t len = src ? strlen(src) : 0;
  if (len >= n) { /* never cut: a value that does not fit becomes the overflow mark, which no check accepts */
    size_t m = sizeof STORE_OVERFLOW <= n ? sizeof STORE_OVERFLOW - 1 : 0;
    memcpy(dst, STORE_OVERFLOW, m);
    dst[m] = '\0';
    return PLAM_ERR_TOO_LARGE;
  }
  if (len) memcpy(dst, src, len);
  dst[len] = '\0';
  return PLAM_OK;
}

plam_err store_rows_each(struct db_stmt *st, plam_err e, int max, store_row_fn fn, void *ctx, int *n) {
  struct store_row r = {st};
  int row = 0;
  *n = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (*n >= max) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    e = fn(&r, ctx);
    ++*n;
  }
  db_done(st);
  return e;
}
