/* Compact streaming JSON writer into a bounded buffer, for hot read paths
 * where building a jansson tree and dumping it cost more than the query.
 * Its output is byte for byte what json_dumps(tree, JSON_COMPACT) gives for
 * the same tree (jansson 2.14: objects keep insertion order; '"', '\\' and
 * control characters escaped, \b \f \n \r \t by name, others as \u00XX with
 * upper-case hex; everything else, non-ASCII included, as it is; integers
 * as %lld), which tests/unit/test_jsonw.c and tests/fuzz/fuzz_jsonw.c check
 * against jansson itself.
 *
 * Errors are sticky: the first one (string not valid UTF-8, which jansson
 * refuses too: PLAM_ERR_INVALID; buffer limit: PLAM_ERR_TOO_LARGE; nesting
 * deeper than JSONW_DEPTH or unbalanced: PLAM_ERR_INTERNAL) is kept and
 * returned by jsonw_finish; later calls do nothing. A caller that must
 * answer like jansson whatever the data falls back to jansson on
 * PLAM_ERR_INVALID. The writer does not check that keys and values
 * alternate in objects: callers write key then value. */
#ifndef PLAM_BASE_JSONW_H
#define PLAM_BASE_JSONW_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "base/buf.h"
#include "base/error.h"

#define JSONW_DEPTH 32

struct jsonw {
  struct buf *b;
  plam_err err;
  int depth;
  int after_key;
  unsigned char first[JSONW_DEPTH]; /* per open container: bit 0 no element yet, bit 1 array */
};

void jsonw_init(struct jsonw *w, struct buf *b);
void jsonw_object(struct jsonw *w); /* { */
void jsonw_array(struct jsonw *w);  /* [ */
void jsonw_end(struct jsonw *w);    /* closes the innermost container */
/* Object key of n bytes (UTF-8). */
void jsonw_keyn(struct jsonw *w, const char *k, size_t n);
/* Object key (NUL-terminated, UTF-8); the length of a literal is known at
 * compile time. */
static inline void jsonw_key(struct jsonw *w, const char *k) { jsonw_keyn(w, k, strlen(k)); }
/* Object key written as it is given, quotes and colon included: for keys
 * that are string literals of plain ASCII (no '"', '\\', control or
 * non-ASCII byte), which need no scan: jsonw_key_lit(w, "name") writes
 * "name": as jsonw_key does. Debug builds check the key is plain (an
 * internal error otherwise). */
void jsonw_key_raw(struct jsonw *w, const char *quoted, size_t n);
#define jsonw_key_lit(w, lit) jsonw_key_raw((w), "\"" lit "\":", sizeof(lit) + 2)
/* String value; NULL writes null. */
void jsonw_str(struct jsonw *w, const char *s);
/* String value of n bytes (may hold NUL, written \u0000). */
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_null(struct jsonw *w);
void jsonw_bool(struct jsonw *w, int v);
/* The sticky error, or PLAM_ERR_INTERNAL when containers are left open. */
plam_err jsonw_finish(struct jsonw *w);

/* 1 when s[0..n) is UTF-8 as jansson accepts it (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
int jsonw_utf8_valid(const char *s, size_t n);

#endif
