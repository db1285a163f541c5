/* The authorize hook, run once per matched route before its handler: loads
 * the session from the cookie, checks the route's permission against the
 * role table, and for state-changing requests checks the Origin (and
 * Sec-Fetch-Site) and the CSRF token. Anonymous visitors have the role
 * "public". With a session cookie, the request's reads share one read scope
 * (db.h), ended when the handler returns (api_handled) or by its first write. */
#include <string.h>
#include <strings.h>
#include "api/api.h"
#include "app/access/roles.h"

static int authz_state_changing(enum http_method m) {
  return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* Origin must be our own, scheme, host and port alike: the configured public
 * origin, or the scheme this request came in with and its Host. The server
 * speaks plain HTTP; the scheme is https only when a trusted proxy says so
 * (X-Forwarded-Proto, read only from a --trusted-proxy address). */
static int authz_origin_ok(struct api_ctx *c, struct http_req *req) {
  const char *site = http_header_get(req, "Sec-Fetch-Site");
  if (site && strcmp(site, "same-origin") && strcmp(site, "none")) return 0;
  const char *origin = http_header_get(req, "Origin");
  if (!origin) return 1; /* non-browser clients; the CSRF token still applies */
  if (c->public_origin) return !strcmp(origin, c->public_origin);
  const char *host = http_header_get(req, "Host");
  if (!host) return 0;
  const char *proto = req->via_trusted_proxy ? http_header_get(req, "X-Forwarded-Proto") : NULL;
  const char *scheme = proto && !strcasecmp(proto, "https") ? "https://" : "http://";
  size_t sl = strlen(scheme);
  return !strncasecmp(origin, scheme, sl) && !strcasecmp(origin + sl, host);
}

plam_err api_authorize(void *ctx, struct http_req *req, struct http_resp *resp) {
  struct api_ctx *c = ctx;
  const struct http_route *rt = req->route;
  const char *token = http_cookie_get(req, "plam_session");
  /* No read scope of an earlier request may serve this one (they end when
   * their handler returns: this only guards against a path that missed it). */
  db_read_scope_end(db_pool_conn_if_open(c->pool));
  if (token) {
    struct db *db = db_pool_conn(c->pool);
    if (!db) return PLAM_ERR_DB;
    /* session check and handler read one snapshot (db.h, read scope) */
    db_read_scope_begin(db);
    struct http_session *s = arena_alloc(&req->arena, sizeof *s);
    if (!s) return PLAM_ERR_NOMEM;
    plam_err e = auth_session_load(db, &c->auth, token, &s->s);
    if (!e) {
      req->session = s;
      req->user_id = s->s.user_id;
    } else if (e != PLAM_ERR_UNAUTHENTICATED) {
      return e;
    } else {
      /* stale cookie: tell the browser to drop it */
      http_resp_header(resp, req, "Set-Cookie", "plam_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }
  }
  enum role role = req->session ? req->session->s.role : ROLE_PUBLIC;
  if (!(rt->flags & ROUTE_PUBLIC) && !req->session) return PLAM_ERR_UNAUTHENTICATED;
  if (rt->perm && !roles_allows(role, rt->perm)) return req->session ? PLAM_ERR_FORBIDDEN : PLAM_ERR_UNAUTHENTICATED;
  if (authz_state_changing(req->method)) {
    if (!authz_origin_ok(c, req)) return PLAM_ERR_CSRF;
    if (!(rt->flags & ROUTE_NO_CSRF) &&
        (!req->session || !auth_csrf_ok(&req->session->s, http_header_get(req, "X-CSRF-Token"))))
      return PLAM_ERR_CSRF;
  }
  return PLAM_OK;
}

void api_handled(void *ctx, struct http_req *req) {
  struct api_ctx *c = ctx;
  db_read_scope_end(db_pool_conn_if_open(c->pool));
  (void)req;
}

void api_release(void *ctx, struct http_req *req) {
  (void)ctx;
  req->session = NULL; /* arena memory, freed with the request */
}
