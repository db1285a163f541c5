/* Bounded growable byte buffer: see buf.h. */
#include "base/buf.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max) {
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

plam_err buf_reserve(struct buf *b, size_t extra) {
  if (extra > b->max - b->len) return PLAM_ERR_TOO_LARGE;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return PLAM_OK;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > (SIZE_MAX / 2) ? need : cap * 2;
  if (cap > b->max + 1) cap = b->max + 1;
  char *p = realloc(b->data, cap);
  if (!p) return PLAM_ERR_NOMEM;
  b->data = p;
  b->cap = cap;
  return PLAM_OK;
}

plam_err buf_append(struct buf *b, const void *p, size_t n) {
  plam_err e = buf_reserve(b, n);
  if (e) return e;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return PLAM_OK;
}

plam_err buf_append_str(struct buf *b, const char *s) { return buf_append(b, s, strlen(s)); }

plam_err buf_printf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return PLAM_ERR_INTERNAL;
  plam_err e = buf_reserve(b, (size_t)n);
  if (e) return e;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return PLAM_OK;
}

void buf_clear(struct buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void buf_release(struct buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *buf_detach(struct buf *b, size_t *len) {
  if (!b->data) {
    if (buf_reserve(b, 0) != PLAM_OK) return NULL;
    b->data[0] = '\0'; /* realloc does not zero: keep the NUL-termination promise */
  }
  char *p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
