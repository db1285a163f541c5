/* Bounded growable byte buffer. Every buffer has a hard maximum fixed at
 * init; appends past it fail with PLAM_ERR_TOO_LARGE and leave the buffer
 * unchanged. The data is always NUL-terminated (not counted in len). */
#ifndef PLAM_BASE_BUF_H
#define PLAM_BASE_BUF_H
#include <stddef.h>
#include "base/error.h"

struct buf {
  char *data; /* owned, NUL-terminated; NULL until first append */
  size_t len;
  size_t cap;
  size_t max; /* hard limit on len */
};

void buf_init(struct buf *b, size_t max);
plam_err buf_append(struct buf *b, const void *p, size_t n);
/* Room for extra more bytes (and the NUL) without reallocating. */
plam_err buf_reserve(struct buf *b, size_t extra);
plam_err buf_append_str(struct buf *b, const char *s);
plam_err buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(struct buf *b);   /* len = 0, keeps memory */
void buf_release(struct buf *b); /* frees memory */
/* Hands the data to the caller (free() it) and resets the buffer. */
char *buf_detach(struct buf *b, size_t *len);

#endif
