/* What each route takes, declared once, checked once. Every route of the
 * table (routes.c) names a handler and an input spec: whether it takes a JSON
 * body (none, required, optional, raw file bytes) and, for the body and the
 * query string, each field's name, kind, limits, whether it is required and
 * its allowed values. The dispatcher (call.c) checks the request against the
 * spec before the handler runs and answers 400 with the field named in French
 * when a value is too long, out of range, of the wrong kind or outside its
 * enumeration: nothing is cut or coerced. Unknown body keys are refused;
 * unknown query keys are ignored (as before). A null body value is absent,
 * unless the field is API_NOT_NULL. Strings are counted in characters (as
 * SQLite's length() does) and, when the record holds bytes, in bytes too.
 * `plam routes` prints the specs (api_input_json), so tests and the OpenAPI
 * check derive from them. */
#ifndef PLAM_API_INPUT_H
#define PLAM_API_INPUT_H
#include <jansson.h>
#include "base/field.h"
#include "http/http.h"

enum api_kind {
  API_STR,   /* string: max characters, max_bytes bytes (0: 4 per character) */
  API_ID,    /* positive integer */
  API_INT,   /* integer in [min, max] */
  API_NUM,   /* finite number in [min, max] */
  API_MONEY, /* euros, at most two decimals, in [min, max] euros */
  API_BOOL,  /* true or false */
  API_DATE,  /* "YYYY-MM-DD", a real date */
  API_ENUM,  /* one of values (an app's list, NULL-terminated) */
  /* (a body date or enumerated value that is not required may also be "":
   * none, which the app reads as unset; never in a query) */
  API_IDS,  /* list of positive integers, at most max items */
  API_LIST, /* list of objects, each checked against items, at most max */
};

enum api_field_flags {
  API_REQUIRED = 1, /* must be present and not null */
  API_NOT_NULL = 2, /* may be absent, not null */
  API_UNIQUE = 4,   /* API_IDS: no id twice */
};

struct api_field {
  const char *name;
  enum api_kind kind;
  int flags;
  long long min, max;            /* see the kinds */
  int max_bytes;                 /* API_STR: what the record's buffer holds, without the NUL */
  const char *const *values;     /* API_ENUM */
  const struct api_field *items; /* API_LIST: the fields of each object */
};

enum api_body {
  API_BODY_NONE = 0, /* a body is ignored */
  API_BODY_JSON,     /* a JSON object is required */
  API_BODY_OPTIONAL, /* an empty body is no body */
  API_BODY_RAW,      /* file bytes, read by the handler (upload routes) */
};

enum api_input_flags {
  API_NO_DB = 1, /* the handler needs no database connection */
};

struct api_input {
  enum api_body body;
  const struct api_field *fields; /* body fields, ended by a NULL name; NULL: none */
  const struct api_field *query;  /* query fields, same */
  int flags;
  /* API_BODY_RAW: the Content-Type values accepted when one is sent (a
   * prefix, or "*text" for one containing text), NULL-terminated, and the
   * French message of a 415 that names the Content-Type. */
  const char *const *media;
  const char *media_hint;
};

/* A string bounded only by the request body limit (the handler decides). */
#define API_ANY_LENGTH (1 << 20)

/* Field table helpers. S(name, chars, bytes): a string of at most chars
 * characters and bytes bytes. */
#define API_END \
  { 0 }
/* A record member's capacity in bytes, without the NUL: the byte limit of a
 * string copied into it, so that a value at the limit is stored whole. */
#define API_BYTES(type, member) ((int)sizeof(((type *)0)->member) - 1)
/* A string of at most chars characters, stored in type's member. */
#define API_R(n, chars, type, member, fl) API_S(n, chars, API_BYTES(type, member), fl)
#define API_S(n, chars, bytes, fl) \
  { .name = (n), .kind = API_STR, .flags = (fl), .max = (chars), .max_bytes = (bytes) }
#define API_I(n, lo, hi, fl) \
  { .name = (n), .kind = API_INT, .flags = (fl), .min = (lo), .max = (hi) }
#define API_N(n, lo, hi, fl) \
  { .name = (n), .kind = API_NUM, .flags = (fl), .min = (lo), .max = (hi) }
#define API_M(n, lo, hi, fl) \
  { .name = (n), .kind = API_MONEY, .flags = (fl), .min = (lo), .max = (hi) }
#define API_REF(n, fl) \
  { .name = (n), .kind = API_ID, .flags = (fl) }
#define API_B(n, fl) \
  { .name = (n), .kind = API_BOOL, .flags = (fl) | API_NOT_NULL } /* never null */
#define API_D(n, fl) \
  { .name = (n), .kind = API_DATE, .flags = (fl) }
#define API_E(n, list, fl) \
  { .name = (n), .kind = API_ENUM, .flags = (fl), .values = (list) }
#define API_L(n, maxn, fl) \
  { .name = (n), .kind = API_IDS, .flags = (fl), .max = (maxn) }
#define API_O(n, maxn, sub, fl) \
  { .name = (n), .kind = API_LIST, .flags = (fl), .max = (maxn), .items = (sub) }

/* Checks body (a JSON object, or NULL when the route takes none) and the
 * query pairs against spec (NULL: no input). On success *out is a new object
 * holding the body's fields and the query's fields, the latter converted to
 * their kind ("12" -> 12); on PLAM_ERR_INVALID fe names the field. */
plam_err api_input_check(const struct api_input *spec, json_t *body, const struct http_kv *query, int nquery,
                         json_t **out, struct field_error *fe);
/* 1 if the Content-Type ct is one of media (see struct api_input). */
int api_media_ok(const char *const *media, const char *ct);
/* One value against one field (absent: v NULL); for the checker and its tests. */
plam_err api_field_check(const struct api_field *f, json_t *v, struct field_error *fe);
/* The spec as JSON for `plam routes`: {"body", "fields": [...], "query": [...]}. */
json_t *api_input_json(const struct api_input *spec);

#endif
