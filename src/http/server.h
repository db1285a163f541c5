/* The HTTP server: plam's own HTTP/1.1 connection handling (server.c:
 * worker threads reading each request, writing each response with one
 * writev) behind plam's own accept loop (gate.h: every request head checked
 * and timed, connection caps), hard limits (connections, per-address connections,
 * header memory, body size -> 413, head, idle and total request time -> slow
 * clients cut off), the
 * route table dispatch (404 vs 405), security headers on every response, the
 * JSON error envelope, static files, metrics and one access-log line per
 * request with its request id.
 *
 * Layering: http/ knows nothing of sessions or the database. The layer above
 * passes an authorize hook, called once per matched route before the handler,
 * which checks the route's flags (auth, permission, CSRF) and may attach a
 * session to the request; and a release hook to free it. */
#ifndef PLAM_HTTP_SERVER_H
#define PLAM_HTTP_SERVER_H
#include <stddef.h>
#include "base/error.h"
#include "http/http.h"
#include "http/static.h"

struct http_config {
  const char *listen; /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080" */
  unsigned threads;   /* worker threads */
  unsigned max_connections;
  unsigned max_per_ip;
  unsigned idle_timeout_s;     /* inactivity on a connection */
  unsigned request_timeout_s;  /* whole body upload */
  unsigned header_timeout_s;   /* a request head must be whole this long after the accept (0: no limit) */
  const char *trusted_proxies; /* "ADDR[,ADDR]": peers whose X-Forwarded-For is believed; NULL: none */
  size_t max_body;             /* bytes; larger -> 413 */
  size_t max_upload;           /* bytes, for ROUTE_UPLOAD routes (file imports); 0 = max_body */
  size_t max_header_memory;    /* largest request head (bytes): 414 / 431 past it */
  size_t arena_cap;            /* per-request arena */
  int read_only;
  const struct http_route *routes;
  int nroutes;
  const struct static_files *statics; /* may be NULL */
  plam_err (*authorize)(void *ctx, struct http_req *req, struct http_resp *resp);
  void (*release)(void *ctx, struct http_req *req);
  /* After the handler of a matched route returned, before its response is
   * sent (may be NULL): the layer above ends what only the handler needed. */
  void (*handled)(void *ctx, struct http_req *req);
  void *hook_ctx;
};

struct http_server;

plam_err http_server_start(const struct http_config *cfg, struct http_server **out);
/* Port actually bound (useful with port 0). */
unsigned http_server_port(struct http_server *s);
/* Prometheus text for /metrics. */
plam_err http_server_metrics(struct http_server *s, struct buf *out);
void http_server_stop(struct http_server *s);

/* Fills resp with the standard JSON error envelope for e. */
void http_error(struct http_req *req, struct http_resp *resp, plam_err e);

#endif
