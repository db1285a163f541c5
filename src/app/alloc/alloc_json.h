/* A small strict JSON pull reader used by the allocation bundle reader.
 * Why not jansson's DOM: a 9,000-candidate bundle holds ~700,000 strings and
 * jansson spends ~300 ms building a tree for it, three times the whole
 * end-to-end budget. This reader walks the buffer once, validates the full
 * RFC 8259 grammar (UTF-8, escapes, no control characters, nesting depth),
 * and hands strings and numbers straight to the schema reader. Errors are
 * written in French with line and column. The buffer is not modified. */
#ifndef PLAM_APP_ALLOC_ALLOC_JSON_H
#define PLAM_APP_ALLOC_ALLOC_JSON_H
#include <stddef.h>
#include "base/error.h"

#define ALLOC_JSON_MAX_DEPTH 16
#define ALLOC_JSON_MAX_STRING 4096

enum alloc_json_type {
  ALLOC_JSON_END,
  ALLOC_JSON_OBJECT,
  ALLOC_JSON_ARRAY,
  ALLOC_JSON_STRING,
  ALLOC_JSON_NUMBER,
  ALLOC_JSON_TRUE,
  ALLOC_JSON_FALSE,
  ALLOC_JSON_NULL,
  ALLOC_JSON_BAD
};

struct alloc_json {
  const char *start, *p, *end;
  int depth;
  int first; /* next element is the first of its container */
  char *err; /* caller's buffer for a French message */
  size_t errlen;
  char sbuf[ALLOC_JSON_MAX_STRING + 8]; /* unescaped string scratch */
};

void alloc_json_init(struct alloc_json *j, const char *data, size_t len, char *err, size_t errlen);
/* Type of the next value without consuming it (skips whitespace). */
enum alloc_json_type alloc_json_peek(struct alloc_json *j);
/* Human name of a type, in French ("une chaîne", "un nombre" ...). */
const char *alloc_json_type_name(enum alloc_json_type t);
/* Enters an object / array; the next value must be of that type. */
plam_err alloc_json_object_begin(struct alloc_json *j);
plam_err alloc_json_array_begin(struct alloc_json *j);
/* Next member of the current object: *more = 1 and the key (pointing into
 * the reader's scratch or the input; valid until the next call) when there
 * is one, *more = 0 after the closing brace. */
plam_err alloc_json_object_next(struct alloc_json *j, int *more, const char **key, size_t *klen);
/* Next element of the current array: *more = 1 if there is one, 0 after ']'. */
plam_err alloc_json_array_next(struct alloc_json *j, int *more);
/* Reads a string value. *s is valid until the next call (not NUL-terminated
 * when it points into the input). */
plam_err alloc_json_string(struct alloc_json *j, const char **s, size_t *len);
/* Fast path for the common case of a string of printable ASCII without
 * escapes: when the next value is one, reads it like alloc_json_string and
 * returns 1; otherwise consumes nothing but whitespace and returns 0 (the
 * caller then uses the general functions, which report errors). */
int alloc_json_plain_string(struct alloc_json *j, const char **s, size_t *len);
/* Reads an integer value in [min, max]; fractions and exponents are refused. */
plam_err alloc_json_int(struct alloc_json *j, long long min, long long max, long long *out);
/* Reads any number as a double. */
plam_err alloc_json_double(struct alloc_json *j, double *out);
plam_err alloc_json_bool(struct alloc_json *j, int *out);
/* Skips one value of any type. */
plam_err alloc_json_skip(struct alloc_json *j);
/* Succeeds when only whitespace remains. */
plam_err alloc_json_finish(struct alloc_json *j);
/* Writes "ligne L, colonne C" for the current position into buf. */
void alloc_json_where(const struct alloc_json *j, char *buf, size_t n);

#endif
