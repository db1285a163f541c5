/* Streaming JSON writer: see jsonw.h. Strings are scanned 8 bytes at a time:
 * a word with no byte >= 0x80, < 0x20, '"' or '\\' is copied as it is; the
 * byte loop handles the rest (escapes, and UTF-8 sequences, validated as
 * jansson's utf8_check_full does). */
#include "base/jsonw.h"
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *b) {
  memset(w, 0, sizeof *w);
  w->b = b;
}

/* Room for n more bytes and the closing NUL without growing the buffer. */
static inline int jw_room(const struct jsonw *w, size_t n) {
  const struct buf *b = w->b;
  return b->data && n < b->cap - b->len && n <= b->max - b->len;
}

/* Appends n bytes; the common case (room left) without a call. */
static inline void jw_put(struct jsonw *w, const char *s, size_t n) {
  struct buf *b = w->b;
  if (jw_room(w, n)) {
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
  } else if (!w->err) {
    w->err = buf_append(b, s, n);
  }
}

/* Comma before a value or key, unless first in its container or a value
 * right after its key. */
static inline void jw_before(struct jsonw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth == 0) return;
  unsigned char *f = &w->first[w->depth - 1];
  if (!(*f & 1)) jw_put(w, ",", 1);
  *f &= (unsigned char)~1u;
}

static void jw_open(struct jsonw *w, char c) {
  if (w->err) return;
  jw_before(w);
  if (w->depth >= JSONW_DEPTH) {
    w->err = PLAM_ERR_INTERNAL;
    return;
  }
  jw_put(w, &c, 1);
  w->first[w->depth++] = (unsigned char)(1 | (c == '[' ? 2 : 0));
}

void jsonw_object(struct jsonw *w) { jw_open(w, '{'); }
void jsonw_array(struct jsonw *w) { jw_open(w, '['); }

void jsonw_end(struct jsonw *w) {
  if (w->err) return;
  if (w->depth == 0 || w->after_key) {
    w->err = PLAM_ERR_INTERNAL;
    return;
  }
  w->depth--;
  char c = (w->first[w->depth] & 2) ? ']' : '}';
  jw_put(w, &c, 1);
}

/* Nonzero when one of the 8 bytes of v may need a look: >= 0x80, < 0x20,
 * '"' or '\\' (false positives only: the byte loop then decides). */
static inline uint64_t jw_special8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t ctl = (v - 0x20 * ones) & ~v & high;
  uint64_t q = v ^ (0x22 * ones), b = v ^ (0x5C * ones);
  return ctl | ((q - ones) & ~q & high) | ((b - ones) & ~b & high) | (v & high);
}

/* Length of the leading run of s[0..n) that is written as it is: no byte
 * >= 0x80, < 0x20, '"' or '\\'. Whole words first; the tail as one more
 * word (the last 8 bytes, or the short string padded with spaces); the byte
 * loop only finds where a run ends. */
static size_t jw_plain_prefix(const unsigned char *p, size_t n) {
  size_t i = 0;
  uint64_t v;
  if (n >= 8) {
    for (; i + 8 <= n; i += 8) {
      memcpy(&v, p + i, 8);
      if (jw_special8(v)) break;
    }
    if (i + 8 > n) { /* every whole word is plain */
      if (i == n) return n;
      memcpy(&v, p + n - 8, 8);
      if (!jw_special8(v)) return n;
      i = n - 8;
    }
  } else if (n) {
    v = 0x2020202020202020ULL;
    memcpy(&v, p, n);
    if (!jw_special8(v)) return n;
  }
  while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') i++;
  return i;
}

/* "s" with no escape needed and room for it: one copy. */
static inline void jw_put_quoted(struct jsonw *w, const char *s, size_t n, const char *tail, size_t tn) {
  char *o = w->b->data + w->b->len;
  o[0] = '"';
  memcpy(o + 1, s, n);
  o[n + 1] = '"';
  memcpy(o + n + 2, tail, tn);
  w->b->len += n + 2 + tn;
  w->b->data[w->b->len] = '\0';
}

/* Length of the valid UTF-8 sequence starting at s (first byte >= 0x80), or
 * 0 when it is not valid. */
static size_t jw_utf8_seq(const unsigned char *s, size_t n) {
  unsigned char u = s[0];
  size_t len;
  uint32_t v;
  if (u >= 0xC2 && u <= 0xDF) len = 2, v = u & 0x1F;
  else if (u >= 0xE0 && u <= 0xEF) len = 3, v = u & 0x0F;
  else if (u >= 0xF0 && u <= 0xF4) len = 4, v = u & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000)) return 0;
  return len;
}

int jsonw_utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t len = jw_utf8_seq(p + i, n - i);
    if (!len) return 0;
    i += len;
  }
  return 1;
}

/* Copies s[0..n) to o when none of its bytes needs a look (jw_special8),
 * a word at a time: 1, else 0 with o[0..n + 8) partly written. Writes up to
 * 8 bytes past o + n: the caller has room for n + 8. One pass instead of a
 * scan then a copy, and no library call for the short keys and values of a
 * row (a string under 8 bytes is gathered by overlapping loads, never read
 * past its end). Little-endian only (the gathered word is stored as
 * it is); elsewhere 0, and the caller takes the general path. */
static inline int jw_copy_plain(char *o, const char *s, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const unsigned char *p = (const unsigned char *)s;
  uint64_t v;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&v, p + i, 8);
    if (jw_special8(v)) return 0;
    memcpy(o + i, &v, 8);
  }
  if (i == n) return 1;
  if (n >= 8) { /* the last 8 bytes, overlapping the words already copied */
    memcpy(&v, p + n - 8, 8);
    if (jw_special8(v)) return 0;
    memcpy(o + n - 8, &v, 8);
    return 1;
  }
  /* under 8 bytes: two overlapping loads (or three bytes) gather it; the
   * bytes from n on are spaces (plain) */
  if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, p + n - 4, 4);
    v = a | ((uint64_t)b << (8 * (n - 4)));
  } else {
    v = n ? (uint64_t)p[0] | ((uint64_t)p[n / 2] << (8 * (n / 2))) | ((uint64_t)p[n - 1] << (8 * (n - 1))) : 0;
  }
  v |= 0x2020202020202020ULL << (8 * n);
  if (jw_special8(v)) return 0;
  memcpy(o, &v, 8);
  return 1;
#else
  (void)o, (void)s, (void)n;
  return 0;
#endif
}

static void jw_string(struct jsonw *w, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char *)s;
  if (jw_room(w, n + 10)) { /* the usual value: plain ASCII, one pass */
    char *o = w->b->data + w->b->len;
    if (jw_copy_plain(o + 1, s, n)) {
      o[0] = '"';
      o[n + 1] = '"';
      w->b->len += n + 2;
      w->b->data[w->b->len] = '\0';
      return;
    }
  }
  size_t i = jw_plain_prefix(p, n);
  if (i == n && jw_room(w, n + 2)) {
    jw_put_quoted(w, s, n, "", 0);
    return;
  }
  jw_put(w, "\"", 1);
  size_t run = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t v;
      memcpy(&v, p + i, 8);
      if (!jw_special8(v)) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c >= 0x80) {
      size_t len = jw_utf8_seq(p + i, n - i);
      if (!len) {
        if (!w->err) w->err = PLAM_ERR_INVALID;
        return;
      }
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      i++;
      continue;
    }
    jw_put(w, s + run, i - run);
    char esc[6] = {'\\', 0, 0, 0, 0, 0};
    size_t en = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default: esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15]; en = 6;
    }
    jw_put(w, esc, en);
    run = ++i;
  }
  jw_put(w, s + run, n - run);
  jw_put(w, "\"", 1);
}

void jsonw_keyn(struct jsonw *w, const char *k, size_t n) {
  if (w->err) return;
  if (w->after_key || w->depth == 0 || (w->first[w->depth - 1] & 2)) {
    w->err = PLAM_ERR_INTERNAL; /* a key outside an object, or two keys in a row */
    return;
  }
  jw_before(w);
  if (jw_room(w, n + 11)) { /* plain ASCII, the usual key: "k": in one pass */
    char *o = w->b->data + w->b->len;
    if (jw_copy_plain(o + 1, k, n)) {
      o[0] = '"';
      o[n + 1] = '"';
      o[n + 2] = ':';
      w->b->len += n + 3;
      w->b->data[w->b->len] = '\0';
      w->after_key = 1;
      return;
    }
  }
  if (jw_plain_prefix((const unsigned char *)k, n) == n && jw_room(w, n + 3)) {
    jw_put_quoted(w, k, n, ":", 1); /* plain ASCII, the usual key: "k": in one copy */
  } else {
    jw_string(w, k, n);
    jw_put(w, ":", 1);
  }
  w->after_key = 1;
}

void jsonw_key_raw(struct jsonw *w, const char *quoted, size_t n) {
  if (w->err) return;
  if (w->after_key || w->depth == 0 || (w->first[w->depth - 1] & 2)) {
    w->err = PLAM_ERR_INTERNAL; /* a key outside an object, or two keys in a row */
    return;
  }
#ifndef NDEBUG
  if (n < 3 || quoted[0] != '"' || quoted[n - 2] != '"' || quoted[n - 1] != ':' ||
      jw_plain_prefix((const unsigned char *)quoted + 1, n - 3) != n - 3) {
    w->err = PLAM_ERR_INTERNAL; /* not a plain ASCII literal: use jsonw_key */
    return;
  }
#endif
  jw_before(w);
  jw_put(w, quoted, n);
  w->after_key = 1;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n) {
  if (w->err) return;
  jw_before(w);
  jw_string(w, s, n);
}

void jsonw_str(struct jsonw *w, const char *s) {
  if (!s) jsonw_null(w);
  else jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v) {
  if (w->err) return;
  jw_before(w);
  char d[24], *p = d + sizeof d;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  jw_put(w, p, (size_t)(d + sizeof d - p));
}

void jsonw_null(struct jsonw *w) {
  if (w->err) return;
  jw_before(w);
  jw_put(w, "null", 4);
}

void jsonw_bool(struct jsonw *w, int v) {
  if (w->err) return;
  jw_before(w);
  if (v) jw_put(w, "true", 4);
  else jw_put(w, "false", 5);
}

plam_err jsonw_finish(struct jsonw *w) {
  if (w->err) return w->err;
  return w->depth || w->after_key ? PLAM_ERR_INTERNAL : PLAM_OK;
}
