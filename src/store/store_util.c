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

void store_copy(char *dst, size_t n, const char *src) {
  if (!n) return;
  size_t len = src ? strlen(src) : 0;
  if (len >= n) {
    len = n - 1;
    /* do not cut a UTF-8 sequence in half */
    while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80) len--;
  }
  if (len) memcpy(dst, src, len);
  dst[len] = '\0';
}
