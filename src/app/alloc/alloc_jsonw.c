/* Streaming JSON writer: see alloc_jsonw.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sync_file_range */
#endif
#include "app/alloc/alloc_jsonw.h"
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void alloc_jw_init(struct alloc_jw *w, struct buf *b, FILE *sink) {
  memset(w, 0, sizeof *w);
  w->b = b;
  w->sink = sink;
}

void alloc_jw_start_writeback(struct alloc_jw *w) { w->writeback = 1; }

/* Counts n bytes given to the sink; starts the writeback of a full window. */
static void jw_sent(struct alloc_jw *w, size_t n) {
  w->written += (long long)n;
  if (!w->writeback || w->written - w->wb_started < ALLOC_JW_WRITEBACK) return;
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
  if (fflush(w->sink)) {
    w->err = PLAM_ERR_IO;
    return;
  }
  /* a hint: a failure (e.g. the sink is a pipe) changes nothing but speed */
  (void)sync_file_range(fileno(w->sink), w->wb_started, w->written - w->wb_started, SYNC_FILE_RANGE_WRITE);
#endif
  w->wb_started = w->written;
}

void alloc_jw_flush(struct alloc_jw *w) {
  if (!w->sink || w->err || !w->b->len) return;
  size_t n = w->b->len;
  if (fwrite(w->b->data, 1, n, w->sink) != n) w->err = PLAM_ERR_IO;
  buf_clear(w->b);
  if (!w->err) jw_sent(w, n);
}

static void jw_put(struct alloc_jw *w, const char *s, size_t n) {
  if (!w->err) w->err = buf_append(w->b, s, n);
  if (w->sink && w->b->len >= ((size_t)1 << 20)) alloc_jw_flush(w);
}

void alloc_jw_raw(struct alloc_jw *w, const char *data, size_t n) {
  if (w->sink) {
    alloc_jw_flush(w);
    if (!w->err && n && fwrite(data, 1, n, w->sink) != n) w->err = PLAM_ERR_IO;
    if (!w->err) jw_sent(w, n);
    return;
  }
  jw_put(w, data, n);
}

static void jw_indent(struct alloc_jw *w, int depth) {
  static const char spaces[] = "\n                                ";
  jw_put(w, spaces, (size_t)(1 + (depth < 32 ? depth : 32)));
}

/* Separator and layout before a value (or a key) in the current container. */
static void jw_before(struct alloc_jw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth == 0) return;
  int d = w->depth - 1;
  if (!w->first[d]) jw_put(w, ",", 1);
  if (w->multi[d] & 1) jw_indent(w, w->depth);
  else if (!w->first[d]) jw_put(w, " ", 1);
  w->first[d] = 0;
}

static void jw_open(struct alloc_jw *w, char c, int multiline) {
  jw_before(w);
  if (w->depth >= ALLOC_JW_DEPTH) {
    w->err = PLAM_ERR_INTERNAL;
    return;
  }
  jw_put(w, &c, 1);
  w->first[w->depth] = 1;
  w->multi[w->depth] = (unsigned char)((multiline != 0) | (c == '[' ? 2 : 0));
  w->depth++;
}

void alloc_jw_object(struct alloc_jw *w, int multiline) { jw_open(w, '{', multiline); }
void alloc_jw_array(struct alloc_jw *w, int multiline) { jw_open(w, '[', multiline); }

void alloc_jw_end(struct alloc_jw *w) {
  if (w->depth == 0) {
    w->err = PLAM_ERR_INTERNAL;
    return;
  }
  int d = --w->depth;
  if ((w->multi[d] & 1) && !w->first[d]) jw_indent(w, d);
  /* bit 0 of multi: multiline; bit 1: array */
  jw_put(w, (w->multi[d] & 2) ? "]" : "}", 1);
}

/* Nonzero when one of the 8 bytes of v may be a control character, '"' or
 * '\\' (false positives only: the byte loop then decides). */
static uint64_t jw_special8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t ctl = (v - 0x20 * ones) & ~v & high;
  uint64_t q = v ^ (0x22 * ones), b = v ^ (0x5C * ones);
  return ctl | ((q - ones) & ~q & high) | ((b - ones) & ~b & high);
}

size_t alloc_jw_escape(char *dst, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  char *o = dst;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') {
      *o++ = (char)c;
      continue;
    }
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    default:
      *o++ = 'u';
      *o++ = '0';
      *o++ = '0';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
    }
  }
  return (size_t)(o - dst);
}

void alloc_jw_raw_value(struct alloc_jw *w, const char *data, size_t n) {
  jw_before(w);
  jw_put(w, data, n);
}

struct buf *alloc_jw_value_begin(struct alloc_jw *w) {
  jw_before(w);
  return w->err ? NULL : w->b;
}

void alloc_jw_value_end(struct alloc_jw *w, plam_err e) {
  if (!w->err) w->err = e;
  if (w->sink && w->b->len >= ((size_t)1 << 20)) alloc_jw_flush(w);
}

static void jw_escaped(struct alloc_jw *w, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  jw_put(w, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    if (i + 8 <= n && (i & 7) == 0) {
      uint64_t v;
      memcpy(&v, s + i, 8);
      if (!jw_special8(v)) {
        i += 7;
        continue;
      }
    }
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    jw_put(w, s + run, i - run);
    run = i + 1;
    char esc[6] = {'\\', 0, 0, 0, 0, 0};
    size_t len = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    default:
      esc[1] = 'u';
      esc[2] = '0';
      esc[3] = '0';
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      len = 6;
    }
    jw_put(w, esc, len);
  }
  jw_put(w, s + run, n - run);
  jw_put(w, "\"", 1);
}

void alloc_jw_key(struct alloc_jw *w, const char *key) {
  jw_before(w);
  jw_escaped(w, key, strlen(key));
  jw_put(w, ": ", 2);
  w->after_key = 1;
}

void alloc_jw_stringn(struct alloc_jw *w, const char *s, size_t n) {
  jw_before(w);
  jw_escaped(w, s, n);
}

void alloc_jw_string(struct alloc_jw *w, const char *s) { alloc_jw_stringn(w, s, strlen(s)); }

plam_err alloc_jw_append_int(struct buf *b, long long v) {
  char tmp[24];
  int i = 24;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--i] = '-';
  return buf_append(b, tmp + i, (size_t)(24 - i));
}

void alloc_jw_int(struct alloc_jw *w, long long v) {
  jw_before(w);
  if (!w->err) w->err = alloc_jw_append_int(w->b, v);
}

void alloc_jw_real(struct alloc_jw *w, double v) {
  jw_before(w);
  char tmp[40];
  if (!isfinite(v)) v = 0; /* JSON has no infinities; inputs are bounded anyway */
  int n = snprintf(tmp, sizeof tmp, "%.15g", v);
  jw_put(w, tmp, (size_t)n);
}

void alloc_jw_bool(struct alloc_jw *w, int v) {
  jw_before(w);
  jw_put(w, v ? "true" : "false", v ? 4 : 5);
}
