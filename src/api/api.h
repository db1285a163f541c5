/* The JSON API: context, route table, authorization hook and the helpers
 * every handler uses to read input and write the envelope. Handlers parse and
 * validate input, call app/, and serialise; they hold no SQL and include
 * app/ headers only. */
#ifndef PLAM_API_API_H
#define PLAM_API_API_H
#include <jansson.h>
#include "app/access/auth.h"
#include "base/field.h"
#include "db/db.h"
#include "http/http.h"
#include "http/resp_cache.h"
#include "api/input.h"

struct http_server;

struct api_ctx {
  struct db_pool *pool;
  struct auth_config auth;
  int cookie_secure;         /* add Secure to the session cookie */
  const char *public_origin; /* "https://plam.example.fr"; NULL: derive from Host */
  const char *instance_name;
  const char *brand_lines;    /* "Agence régionale|de santé" or NULL: no State brand block */
  const char *brand_operator; /* operator name shown under the brand */
  struct http_server *server; /* for /metrics */
  const char *public_url;     /* mail: base of the links sent by e-mail (no trailing slash) */
  int response_cache;         /* cache: answer ROUTE_CACHE GETs from the response cache (SQLite only) */
};

/* What the authorize hook attaches to a request. */
struct http_session {
  struct auth_session s;
};

extern const struct http_route api_routes[];
extern const int api_routes_count;

plam_err api_authorize(void *ctx, struct http_req *req, struct http_resp *resp);
void api_release(void *ctx, struct http_req *req);
/* Server hook after the handler: ends the request's read scope (db.h). */
void api_handled(void *ctx, struct http_req *req);

/* The calling thread's connection. */
struct db *api_db(struct http_req *req);
struct api_ctx *api_ctx_of(struct http_req *req);
/* Fills an actor for the request's session (anonymous when there is none). */
void api_actor(struct http_req *req, struct actor *a);

/* One call of a handler, filled by the dispatcher (call.c) before the
 * handler runs: the worker's database connection, the actor, the path id
 * and the input, already checked against the route's spec (input.h), so the
 * accessors below cannot fail. A handler that calls app/ passes &c->fe;
 * when it returns an error with fe filled, the dispatcher writes the error
 * envelope with the field. */
struct api_call {
  struct http_req *req;
  struct http_resp *resp;
  struct db *db; /* NULL for API_NO_DB routes */
  struct actor actor;
  int64_t id; /* the {id} of the path; 0 when the pattern has none */
  json_t *in; /* checked body and query fields */
  struct field_error fe;
};
typedef plam_err (*api_handler_fn)(struct api_call *c);

/* The route's handler and input spec: what http/ calls struct http_input. */
struct http_input {
  api_handler_fn fn;
  const struct api_input *spec;
};
/* The http_handler_fn of every API route: checks, then calls input->fn. */
plam_err api_dispatch(struct http_req *req, struct http_resp *resp);

/* The response cache of ROUTE_CACHE routes (call_cache.c): api_dispatch
 * calls call_cache_lookup first (1: resp holds the cached answer) and, after
 * a successful handler, call_cache_store with the same cc. */
struct call_cache {
  struct resp_cache *cache; /* NULL: this request is not cached */
  struct resp_cache_version version;
  int64_t asker;
  int nheaders; /* resp's headers before the handler ran */
};
int call_cache_lookup(struct http_req *req, struct http_resp *resp, struct call_cache *cc);
void call_cache_store(struct http_req *req, struct http_resp *resp, const struct call_cache *cc);
/* Appends the cache's hit and miss counters (every thread) to /metrics. */
plam_err call_cache_metrics(struct buf *out);

/* Accessors over c->in. A field absent or null reads as NULL / 0 / def;
 * *has (may be NULL) says whether it holds a value. */
const char *call_str(const struct api_call *c, const char *name);
int call_has(const struct api_call *c, const char *name);     /* present, even null */
int call_is_null(const struct api_call *c, const char *name); /* present and null */
int64_t call_int(const struct api_call *c, const char *name, int *has);
double call_num(const struct api_call *c, const char *name, int *has);
int64_t call_cents(const struct api_call *c, const char *name, int *has); /* API_MONEY in cents */
int call_bool(const struct api_call *c, const char *name, int def);
json_t *call_json(const struct api_call *c, const char *name); /* borrowed */
/* API_IDS into ids[0..max) (*n of them). */
void call_ids(const struct api_call *c, const char *name, int64_t *ids, int max, int *n);
/* The handler's common tails: {"data": data} with status; or the error. */
plam_err call_reply(struct api_call *c, plam_err e, int status, json_t *data);
/* A GET by id: fn(db, actor, c->id, &out), then 200 {"data": out}. */
typedef plam_err (*call_view_fn)(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err call_view(struct api_call *c, call_view_fn fn);
/* Copies a checked string field into a record buffer ("" when absent). The
 * spec's max_bytes fits the buffer; a spec that does not is a bug, refused
 * as PLAM_ERR_INTERNAL rather than cut. */
plam_err call_copy(const struct api_call *c, const char *name, char *dst, size_t size);
/* A raw body (malloc'd text, handed to the response). */
plam_err call_raw(struct api_call *c, char *data, size_t len, const char *mime);
/* The tail of a handler that wrote into out: e, or out's bytes as the body
 * (out is released either way). */
plam_err call_buf(struct api_call *c, plam_err e, struct buf *out, const char *mime);

/* A one-row read answered by the streaming writer (base/jsonw.h) with the
 * bytes jansson would give: {"data": row}. write streams the record's view,
 * tree builds the same view with jansson. Stored text that is not UTF-8 is
 * answered through tree (jansson's bytes are the reference); debug builds
 * compare every streamed answer with tree's. Lists are streamed from their
 * statement instead (call_rows.h). */
struct jsonw;
struct call_stream_view {
  void (*write)(struct jsonw *w, const void *row);
  json_t *(*tree)(const void *row);
  size_t row_guess; /* bytes of the row's JSON, to reserve the buffer once */
};
plam_err call_stream(struct api_call *c, const struct call_stream_view *v, const void *row);
/* A list's page for its "meta" (call_rows.h). */
struct call_meta {
  int64_t total;
  long limit, offset;
};

/* Envelope: {"data": data} with status. */
void api_ok(struct http_resp *resp, int status, json_t *data);
/* {"data": items, "meta": {total, limit, offset}} */
void api_list(struct http_resp *resp, json_t *items, int64_t total, long limit, long offset);
/* Error envelope with the field detail when fe->field is set. Returns e. */
plam_err api_fail(struct http_req *req, struct http_resp *resp, plam_err e, const struct field_error *fe);
/* 429 that says how long to wait: Retry-After header, the wait in the French
 * message and as error.retry_after (seconds). Returns PLAM_ERR_THROTTLED. */
plam_err api_throttled(struct http_req *req, struct http_resp *resp, int64_t retry_after);
/* A file download: status 200, Content-Disposition attachment with
 * filename, data (malloc'd) handed to the response. data is freed on failure. */
plam_err api_attachment(struct http_req *req, struct http_resp *resp, char *data, size_t len, const char *mime,
                        const char *filename);
/* A refused upload: the error envelope of e whose message says how many
 * errors the file has and what was not done (e.g. "rien n'a été importé"),
 * with errs = {"errors": [...], "errors_total": N} (a new reference, consumed)
 * copied into error.errors/error.errors_total and at the top level. Returns e. */
plam_err api_file_errors(struct http_req *req, struct http_resp *resp, plam_err e, json_t *errs, size_t total,
                         const char *not_done);
/* The query fields of a paged list, and their values (default 50, 0). */
#define API_PAGE_QUERY API_I("limit", 1, 500, 0), API_I("offset", 0, 100000000, 0)
void call_page(const struct api_call *c, long *limit, long *offset);

#endif
