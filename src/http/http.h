/* HTTP types shared by the server glue, the router and the API handlers.
 * A struct http_req lives for one request; everything it points to is owned
 * by its arena or by the worker serving it and is freed when the request
 * completes.
 * Handlers fill a struct http_resp; the server turns it into bytes, adds the
 * security headers and logs one access line. */
#ifndef PLAM_HTTP_HTTP_H
#define PLAM_HTTP_HTTP_H
#include <jansson.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"

#define HTTP_MAX_PARAMS 4      /* {id} captures in one route pattern */
#define HTTP_MAX_QUERY 32      /* query-string pairs kept */
#define HTTP_MAX_HEADERS_OUT 8 /* extra response headers a handler may set */

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER };

struct http_kv {
  const char *key, *value;
};

struct http_session; /* opaque to http/: defined by the layer that authenticates */

struct http_req {
  struct arena arena; /* request lifetime memory, hard-capped */
  void *conn;         /* the connection being served (server.c) */
  enum http_method method;
  const char *method_text;
  const char *target; /* the request target as received (path and query) */
  const char *path;   /* decoded path, no query */
  struct http_kv query[HTTP_MAX_QUERY];
  int nquery;
  const char *params[HTTP_MAX_PARAMS]; /* route captures, in pattern order */
  int nparams;
  struct buf body; /* bounded by the server's body limit */
  char request_id[24];
  char client_ip[48];
  int64_t start_ns;
  int route_index; /* -1 when no route matched */
  const struct http_route *route;
  struct http_session *session; /* set by the authorize hook, may stay NULL */
  void *ctx;                    /* the hook context of the server config (process lifetime) */
  int64_t user_id;              /* for the access log; 0 when anonymous */
  int via_trusted_proxy;        /* peer is a --trusted-proxy: client_ip came from X-Forwarded-For */
  /* server state */
  int started, too_large, bad_query, responded, status;
  size_t bytes_out;
};

struct http_resp {
  int status;
  json_t *json;             /* owned; serialised as the body when set */
  const char *content_type; /* for raw bodies */
  char *raw;                /* owned (malloc) raw body */
  size_t raw_len;
  const void *static_body; /* process-lifetime body, not copied */
  size_t static_len;
  const char *cache_control; /* default: no-store */
  struct http_kv headers[HTTP_MAX_HEADERS_OUT];
  int nheaders;
};

/* Route handler: fills resp; a non-OK return becomes the JSON error body. */
typedef plam_err (*http_handler_fn)(struct http_req *req, struct http_resp *resp);

enum http_route_flags {
  ROUTE_PUBLIC = 1,  /* no session needed */
  ROUTE_NO_CSRF = 2, /* state-changing but exempt from the CSRF token (login) */
  ROUTE_WRITE = 4,   /* changes state: refused in read-only mode */
  ROUTE_RAW = 8,     /* not under /api: no JSON envelope (healthz, metrics) */
  ROUTE_UPLOAD = 16, /* file upload: body limit is the server's max_upload, not max_body */
  ROUTE_CACHE = 32,  /* GET whose answer depends only on the database, the target and the asker:
                        its 200 answers may be served from the response cache (api/call_cache.c) */
};

/* What a route takes and who serves it: opaque to http/, defined by the
 * layer above (api/api.h), which reads it in its handler (its dispatcher). */
struct http_input;

struct http_route {
  enum http_method method;
  const char *pattern; /* "/api/users/{id}" — {name} matches one segment */
  http_handler_fn handler;
  const char *perm; /* permission name the authorize hook checks; NULL = none */
  int flags;
  const char *summary;            /* English, for `plam routes` and the OpenAPI check */
  const struct http_input *input; /* may be NULL */
};

/* Query-string value by key (first match) or NULL. */
const char *http_query_get(const struct http_req *req, const char *key);
/* Parses a non-negative integer query value within [min, max]; def if absent. */
plam_err http_query_int(const struct http_req *req, const char *key, long def, long min, long max, long *out);
/* Request header value or NULL (case-insensitive name). */
const char *http_header_get(const struct http_req *req, const char *name);
const char *http_cookie_get(const struct http_req *req, const char *name);
/* Parses the body as a JSON object (Content-Type must be JSON; duplicate keys
 * rejected). Caller owns *out. */
plam_err http_body_json(const struct http_req *req, json_t **out);
/* Route capture i as a positive int64 id; PLAM_ERR_NOT_FOUND otherwise. */
plam_err http_param_id(const struct http_req *req, int i, int64_t *out);

/* Response helpers. resp takes ownership of data. */
void http_resp_json(struct http_resp *resp, int status, json_t *data);
/* Body already serialised as JSON (base/jsonw.h): resp takes body's data
 * (PLAM_ERR_NOMEM when there is none to take). */
plam_err http_resp_json_text(struct http_resp *resp, int status, struct buf *body);
/* Debug builds' guard for handlers that stream their JSON: aborts unless
 * resp's raw body is json_dumps(tree, JSON_COMPACT), tree being the jansson
 * answer it replaces (taken and freed). Handlers call it under #ifndef
 * NDEBUG, so that every e2e test checks the bytes did not change. */
void http_json_check(const struct http_resp *resp, json_t *tree);
plam_err http_resp_header(struct http_resp *resp, struct http_req *req, const char *key, const char *value);

const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *s);

/* Splits and percent-decodes a query string into req->query (arena memory).
 * Pairs beyond HTTP_MAX_QUERY are an error. Exposed for the fuzzer. */
plam_err http_query_parse(struct http_req *req, const char *qs);

#endif
