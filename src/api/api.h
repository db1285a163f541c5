/* The JSON API: context, route table, authorization hook and the helpers
 * every handler uses to read input and write the envelope. Handlers parse and
 * validate input, call app/, and serialise; they hold no SQL. */
#ifndef PLAM_API_API_H
#define PLAM_API_API_H
#include <jansson.h>
#include "app/auth.h"
#include "app/field.h"
#include "db/db.h"
#include "http/http.h"

struct http_server;

struct api_ctx {
  struct db_pool *pool;
  struct auth_config auth;
  int cookie_secure;          /* add Secure to the session cookie */
  const char *public_origin;  /* "https://plam.example.fr"; NULL: derive from Host */
  const char *instance_name;
  const char *brand_lines;    /* "Agence régionale|de santé" or NULL: no State brand block */
  const char *brand_operator; /* operator name shown under the brand */
  struct http_server *server; /* for /metrics */
};

/* What the authorize hook attaches to a request. */
struct http_session {
  struct auth_session s;
};

extern const struct http_route api_routes[];
extern const int api_routes_count;

plam_err api_authorize(void *ctx, struct http_req *req, struct http_resp *resp);
void api_release(void *ctx, struct http_req *req);

/* The calling thread's connection. */
struct db *api_db(struct http_req *req);
struct api_ctx *api_ctx_of(struct http_req *req);
/* Fills an actor for the request's session (must exist). */
void api_actor(struct http_req *req, struct actor *a);

/* The common start of a handler on a path ending in {id}: the id, the
 * worker's database connection and the actor. */
plam_err api_start_id(struct http_req *req, int64_t *id, struct db **db, struct actor *a);

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
/* Reads limit/offset query parameters (default 50, max 500). */
plam_err api_page(struct http_req *req, long *limit, long *offset);

/* Input readers over a JSON object. Absent -> *out NULL / *present 0.
 * Present with the wrong type -> PLAM_ERR_INVALID with fe filled. */
plam_err api_in_str(json_t *o, const char *key, int required, const char **out, struct field_error *fe);
plam_err api_in_id(json_t *o, const char *key, int64_t *out, int *present, struct field_error *fe);
plam_err api_in_bool(json_t *o, const char *key, int *out, struct field_error *fe);
/* Refuses keys not listed in allowed (NULL-terminated). */
plam_err api_in_known(json_t *o, const char *const *allowed, struct field_error *fe);

#endif
