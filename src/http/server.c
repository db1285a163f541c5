/* HTTP server glue over libmicrohttpd: see server.h.
 *
 * Request life: the URI-log callback creates the request (arena, request id,
 * start time, raw query); the access handler is called once with the headers
 * (we only note that), then with body chunks (appended to a bounded buffer),
 * then a last time with no data, when we route, authorise, run the handler and
 * queue the response. Queuing on that later call, not the first, matters: in
 * libmicrohttpd 0.9.75 a response queued on the first call closes the
 * connection (10k instead of 50k+ requests/s). The completion callback writes
 * the access-log line, feeds the metrics and frees the request. */
#include "http/server.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include "base/log.h"
#include "http/gate.h"
#include "http/metrics.h"
#include "http/proxy.h"
#include "http/router.h"

struct http_server {
  struct http_config cfg;
  struct http_router router;
  struct MHD_Daemon *daemon;
  struct metrics *metrics;
  struct gate *gate;           /* accepts connections, checks heads: see gate.h */
  struct http_proxies proxies; /* --trusted-proxy */
  unsigned port;
};

static const struct {
  const char *key, *value;
} http_security_headers[] = {
  {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                              "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                              "form-action 'self'; object-src 'none'"},
  {"X-Content-Type-Options", "nosniff"},
  {"X-Frame-Options", "DENY"},
  {"Referrer-Policy", "same-origin"},
  {"Cross-Origin-Opener-Policy", "same-origin"},
  {"Cross-Origin-Resource-Policy", "same-origin"},
  {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
};

static int64_t http_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void http_error(struct http_req *req, struct http_resp *resp, plam_err e) {
  json_t *err = json_pack("{s:s, s:s, s:s}", "code", error_code(e), "message", error_message(e), "request_id",
                          req->request_id);
  http_resp_json(resp, error_http_status(e), json_pack("{s:o}", "error", err));
}

/* Request ids: 16 hex digits from a per-thread splitmix64 sequence seeded once
 * from the system's random source. Unique enough to correlate log lines and
 * responses, without a getrandom() system call per request; not a secret. */
static void http_request_id(char *out, size_t n) {
  static _Thread_local uint64_t state;
  static _Thread_local int seeded;
  if (!seeded) {
    randombytes_buf(&state, sizeof state);
    seeded = 1;
  }
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  static const char hex[] = "0123456789abcdef";
  if (n < 17) return;
  for (int i = 15; i >= 0; i--, z >>= 4) out[i] = hex[z & 15];
  out[16] = '\0';
}

/* Dotted IPv4 text without inet_ntop's sprintf (out holds 16 bytes). */
static void http_ipv4_text(const struct in_addr *a, char *out) {
  const unsigned char *b = (const unsigned char *)&a->s_addr;
  char *p = out;
  for (int i = 0; i < 4; i++) {
    unsigned v = b[i];
    if (v >= 100) *p++ = (char)('0' + v / 100);
    if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    *p++ = i < 3 ? '.' : '\0';
  }
}

static void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  struct http_server *s = cls;
  struct http_req *req = calloc(1, sizeof *req);
  if (!req) return NULL;
  arena_init(&req->arena, s->cfg.arena_cap);
  buf_init(&req->body, s->cfg.max_body);
  req->conn = conn;
  req->ctx = s->cfg.hook_ctx;
  req->start_ns = http_now_ns();
  req->route_index = -1;
  http_request_id(req->request_id, sizeof req->request_id);
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      http_ipv4_text(&((const struct sockaddr_in *)(const void *)sa)->sin_addr, req->client_ip);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, req->client_ip,
                sizeof req->client_ip);
  }
  const char *q = strchr(uri, '?');
  if (q && http_query_parse(req, q + 1) != PLAM_OK) req->bad_query = 1; /* reported at dispatch */
  /* libmicrohttpd decodes the path in place, so an encoded NUL would cut it
   * short ("/api/users%00/x" routed as "/api/users", "/index.html%00.js"
   * served as "/index.html"): refuse it as a bad request (400). */
  const char *path_end = q ? q : uri + strlen(uri);
  for (const char *p = uri; p + 2 < path_end; p++)
    if (p[0] == '%' && p[1] == '0' && p[2] == '0') {
      req->bad_query = 1;
      break;
    }
  return req;
}

static void http_add_headers(struct MHD_Response *r, const struct http_req *req, const struct http_resp *resp) {
  for (size_t i = 0; i < sizeof http_security_headers / sizeof http_security_headers[0]; i++)
    MHD_add_response_header(r, http_security_headers[i].key, http_security_headers[i].value);
  MHD_add_response_header(r, "X-Request-Id", req->request_id);
  MHD_add_response_header(r, "Cache-Control", resp->cache_control ? resp->cache_control : "no-store");
  for (int i = 0; i < resp->nheaders; i++) MHD_add_response_header(r, resp->headers[i].key, resp->headers[i].value);
}

static enum MHD_Result http_send(struct http_req *req, struct http_resp *resp) {
  struct MHD_Response *r;
  const char *type = resp->content_type;
  if (resp->json) {
    char *body = json_dumps(resp->json, JSON_COMPACT);
    json_decref(resp->json);
    resp->json = NULL;
    if (!body) return MHD_NO;
    req->bytes_out = strlen(body);
    r = MHD_create_response_from_buffer(req->bytes_out, body, MHD_RESPMEM_MUST_FREE);
    type = "application/json; charset=utf-8";
  } else if (resp->raw) {
    req->bytes_out = resp->raw_len;
    r = MHD_create_response_from_buffer(resp->raw_len, resp->raw, MHD_RESPMEM_MUST_FREE);
    resp->raw = NULL;
  } else {
    req->bytes_out = resp->static_len;
    r = MHD_create_response_from_buffer(resp->static_len, (void *)resp->static_body, MHD_RESPMEM_PERSISTENT);
  }
  if (!r) return MHD_NO;
  if (type) MHD_add_response_header(r, "Content-Type", type);
  http_add_headers(r, req, resp);
  req->status = resp->status ? resp->status : 200;
  req->responded = 1;
  enum MHD_Result ok = MHD_queue_response((struct MHD_Connection *)req->conn, (unsigned)req->status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result http_send_error(struct http_req *req, plam_err e) {
  struct http_resp resp = {0};
  http_error(req, &resp, e);
  return http_send(req, &resp);
}

/* Serves a static file for GET/HEAD; an unknown page gets /404.html with
 * status 404 when the UI has one. Returns 0 when nothing was served. */
static int http_serve_static(struct http_server *s, struct http_req *req, struct http_resp *resp) {
  if (!s->cfg.statics || (req->method != HTTP_GET && req->method != HTTP_HEAD)) return 0;
  const struct static_file *f = static_find(s->cfg.statics, req->path);
  if (!f) {
    f = static_find(s->cfg.statics, "/404.html");
    if (!f) return 0;
    req->route_index = METRICS_ROUTE_STATIC;
    resp->status = 404;
    resp->static_body = f->data;
    resp->static_len = f->len;
    resp->content_type = f->type;
    return 1;
  }
  req->route_index = METRICS_ROUTE_STATIC;
  resp->cache_control = "no-cache";
  if (http_resp_header(resp, req, "ETag", f->etag)) return 0;
  const char *inm = http_header_get(req, "If-None-Match");
  if (inm && !strcmp(inm, f->etag)) {
    resp->status = 304;
    return 1;
  }
  resp->status = 200;
  resp->static_body = f->data;
  resp->static_len = f->len;
  resp->content_type = f->type;
  return 1;
}

static enum MHD_Result http_dispatch(struct http_server *s, struct http_req *req) {
  struct http_resp resp = {0};
  plam_err e = PLAM_OK;
  if (req->bad_query) e = PLAM_ERR_INVALID;
  else if (req->too_large) e = PLAM_ERR_TOO_LARGE;
  if (e) return http_send_error(req, e);
  char allow[128];
  int idx = -1;
  e = router_match(&s->router, req, &idx, allow, sizeof allow);
  if (e == PLAM_ERR_NOT_FOUND && strncmp(req->path, "/api/", 5) != 0 && http_serve_static(s, req, &resp))
    return http_send(req, &resp);
  if (e == PLAM_ERR_METHOD) http_resp_header(&resp, req, "Allow", allow);
  if (!e) {
    req->route_index = idx;
    req->route = &s->router.routes[idx];
    if ((req->route->flags & ROUTE_WRITE) && s->cfg.read_only) e = PLAM_ERR_READ_ONLY;
    if (!e && s->cfg.authorize) e = s->cfg.authorize(s->cfg.hook_ctx, req, &resp);
    if (!e) e = req->route->handler(req, &resp);
    if (s->cfg.handled) s->cfg.handled(s->cfg.hook_ctx, req);
  }
  if (e && !resp.json) http_error(req, &resp, e);
  else if (e) resp.status = error_http_status(e);
  if (!resp.status) resp.status = 200;
  return http_send(req, &resp);
}

/* A route flagged ROUTE_UPLOAD matches the request: its body may reach
 * max_upload. Checked before the body arrives, without captures. */
static int http_is_upload(const struct http_server *s, const struct http_req *req) {
  for (int i = 0; i < s->router.nroutes; i++) {
    const struct http_route *rt = &s->router.routes[i];
    if ((rt->flags & ROUTE_UPLOAD) && rt->method == req->method &&
        router_pattern_match(rt->pattern, req->path, NULL, NULL, NULL))
      return 1;
  }
  return 0;
}

/* The last value of a request header (a proxy appends its own line). */
struct http_last_value {
  const char *name, *value;
};

static enum MHD_Result http_last_value_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  struct http_last_value *lv = cls;
  if (!strcasecmp(key, lv->name)) lv->value = value;
  (void)kind;
  return MHD_YES;
}

/* The gate checks the head of a connection's first request (frame.h); the
 * later requests of a kept-alive connection reach libmicrohttpd directly, so
 * what it lets through is checked here again on every request: Content-Length
 * headers that disagree (it keeps the first), Host absent or repeated in
 * HTTP/1.1, a head over the limit (its own limit is looser, see start). */
struct http_head_check {
  const char *cl;
  int cl_conflict, hosts;
  size_t bytes;
};

static enum MHD_Result http_head_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  struct http_head_check *c = cls;
  if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
    if (c->cl && strcmp(c->cl, value)) c->cl_conflict = 1;
    c->cl = value;
  } else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST)) {
    c->hosts++;
  }
  c->bytes += strlen(key) + (value ? strlen(value) : 0) + 4; /* "k: v\r\n" */
  (void)kind;
  return MHD_YES;
}

static plam_err http_head_ok(const struct http_server *s, struct MHD_Connection *conn, const char *url,
                             const char *version) {
  struct http_head_check c = {NULL, 0, 0, 0};
  MHD_get_connection_values(conn, MHD_HEADER_KIND, http_head_cb, &c);
  if (c.cl_conflict || c.hosts > 1 || (!c.hosts && !strcmp(version, MHD_HTTP_VERSION_1_1))) return PLAM_ERR_INVALID;
  if (c.bytes + strlen(url) > s->cfg.max_header_memory) return PLAM_ERR_HEADERS_TOO_LARGE;
  return PLAM_OK;
}

static enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                       const char *version, const char *upload_data, size_t *upload_data_size,
                                       void **con_cls) {
  struct http_server *s = cls;
  struct http_req *req = *con_cls;
  if (!req) return MHD_NO; /* out of memory in the URI callback */
  if (!req->started) {
    req->started = 1;
    gate_mark(s->gate, conn, 1);
    if (s->proxies.n) {
      struct http_last_value xff = {"X-Forwarded-For", NULL};
      MHD_get_connection_values(conn, MHD_HEADER_KIND, http_last_value_cb, &xff);
      http_proxies_resolve(&s->proxies, xff.value, req);
    }
    req->path = arena_strdup(&req->arena, url);
    req->method_text = method;
    req->method = http_method_parse(method);
    if (!req->path) return MHD_NO;
    if (s->cfg.max_upload > s->cfg.max_body && http_is_upload(s, req)) req->body.max = s->cfg.max_upload;
    plam_err he = http_head_ok(s, conn, url, version);
    if (he) return http_send_error(req, he); /* on the first call: closes the connection */
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > req->body.max) {
      /* Refuse now rather than read a body we will not keep; the connection
       * is closed after the 413. */
      req->too_large = 1;
      return http_send_error(req, PLAM_ERR_TOO_LARGE);
    }
    return MHD_YES;
  }
  if (req->responded) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (s->cfg.request_timeout_s && http_now_ns() - req->start_ns > (int64_t)s->cfg.request_timeout_s * 1000000000) {
      log_event(LOG_WARN, "slow request cut off", "request_id", req->request_id, "ip", req->client_ip, NULL);
      return MHD_NO; /* closes the connection */
    }
    /* libmicrohttpd 0.9.75 cannot queue a response while the body is still
     * arriving (the queue call fails and the connection is dropped without
     * an answer), so a body that outgrows the limit (chunked, or longer than
     * announced) is discarded until its end and answered 413 by
     * http_dispatch. The request timeout above bounds how long we discard. */
    if (req->too_large || buf_append(&req->body, upload_data, *upload_data_size)) req->too_large = 1;
    *upload_data_size = 0;
    return MHD_YES;
  }
  return http_dispatch(s, req);
}

static void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe) {
  struct http_server *s = cls;
  struct http_req *req = *con_cls;
  gate_mark(s->gate, conn, 0);
  if (!req) return;
  int64_t dur = http_now_ns() - req->start_ns;
  if (req->responded) metrics_observe(s->metrics, req->route_index, req->status, dur);
  struct log_access line = {
    .request_id = req->request_id,
    .ip = req->client_ip,
    .method = req->method_text ? req->method_text : "",
    .path = req->path ? req->path : "",
    .status = req->responded ? req->status : 0,
    .duration_ns = dur,
    .bytes = req->bytes_out,
    .user_id = req->user_id,
    .aborted = toe != MHD_REQUEST_TERMINATED_COMPLETED_OK,
  };
  log_access(&line);
  if (s->cfg.release) s->cfg.release(s->cfg.hook_ctx, req);
  buf_release(&req->body);
  arena_release(&req->arena);
  free(req);
  *con_cls = NULL;
}

static void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                               enum MHD_ConnectionNotificationCode toe) {
  struct http_server *s = cls;
  gate_on_connection(s->gate, conn, toe == MHD_CONNECTION_NOTIFY_CLOSED);
  (void)socket_context;
}

__attribute__((format(printf, 2, 0))) static void http_on_mhd_log(void *cls, const char *fm, va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fm, ap);
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = '\0';
  log_event(LOG_WARN, "libmicrohttpd", "detail", msg, NULL);
  (void)cls;
}

/* Parses "host:port" / "[v6]:port" into a socket address. */
static plam_err http_parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len) {
  char host[128];
  const char *colon = strrchr(listen, ':');
  if (!colon || (size_t)(colon - listen) >= sizeof host) return PLAM_ERR_USAGE;
  memcpy(host, listen, (size_t)(colon - listen));
  host[colon - listen] = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || port < 0 || port > 65535 || colon[1] == '\0') return PLAM_ERR_USAGE;
  memset(ss, 0, sizeof *ss);
  if (host[0] == '[') {
    size_t hl = strlen(host);
    if (hl < 2 || host[hl - 1] != ']') return PLAM_ERR_USAGE;
    host[hl - 1] = '\0';
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) return PLAM_ERR_USAGE;
    *len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a->sin_addr) != 1) return PLAM_ERR_USAGE;
    *len = sizeof *a;
  }
  return PLAM_OK;
}

/* libmicrohttpd's per-connection memory pool: the head the gate let through
 * plus 16 KiB, which holds a few hundred parsed header entries (56 bytes
 * each) and the response head (about 1 KiB with the security headers). */
static size_t http_pool_size(size_t max_header) { return max_header + 16384; }

plam_err http_server_start(const struct http_config *cfg, struct http_server **out) {
  struct http_server *s = calloc(1, sizeof *s);
  if (!s) return PLAM_ERR_NOMEM;
  s->cfg = *cfg;
  s->router.routes = cfg->routes;
  s->router.nroutes = cfg->nroutes;
  struct sockaddr_storage ss;
  socklen_t sl;
  plam_err e = http_parse_listen(cfg->listen, &ss, &sl);
  if (!e) e = http_proxies_parse(cfg->trusted_proxies, &s->proxies);
  if (!e) e = metrics_init(cfg->routes, cfg->nroutes, &s->metrics);
  struct gate_config gc = {cfg->max_connections, cfg->max_per_ip, cfg->header_timeout_s, cfg->idle_timeout_s,
                           cfg->max_header_memory};
  if (!e && (e = gate_create(&gc, &s->gate))) metrics_release(s->metrics);
  if (e) {
    free(s);
    return e;
  }
  /* MHD binds the listening socket and starts its thread pool; then it is
   * quiesced (MHD_USE_ITC) and the gate accepts on that socket, handing each
   * connection over with MHD_add_connection once its head is whole and valid. */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
  if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, http_on_request, s, MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_log,
                               s, /* first, so every message goes through it */
                               MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
                               (unsigned)(cfg->threads ? cfg->threads : 2),
                               /* the gate enforces both limits; this one only bounds what it hands over */
                               MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections + 64,
                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->idle_timeout_s,
                               /* room for a head the gate accepted (max_header_memory) plus the
       * pool's own use (parsed header entries, the response head). Not more:
       * libmicrohttpd 0.9.75 zeroes the whole pool after every request and
       * half of it when the response is queued, so each KiB here costs
       * 1.5 KiB of memset per request (twice the head plus 16 KiB was 18 %
       * of the one-row GET's CPU). */
                               MHD_OPTION_CONNECTION_MEMORY_LIMIT, http_pool_size(cfg->max_header_memory),
                               MHD_OPTION_URI_LOG_CALLBACK, http_on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
                               http_on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, s,
                               MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
  if (!s->daemon) {
    gate_free(s->gate);
    metrics_release(s->metrics);
    free(s);
    return PLAM_ERR_IO;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : 0;
  MHD_socket lfd = MHD_quiesce_daemon(s->daemon);
  e = lfd == MHD_INVALID_SOCKET ? PLAM_ERR_IO : gate_run(s->gate, s->daemon, lfd);
  if (e) {
    gate_stop(s->gate); /* closes lfd once gate_run had it */
    MHD_stop_daemon(s->daemon);
    gate_free(s->gate);
    metrics_release(s->metrics);
    free(s);
    return e;
  }
  *out = s;
  return PLAM_OK;
}

unsigned http_server_port(struct http_server *s) { return s->port; }

plam_err http_server_metrics(struct http_server *s, struct buf *out) { return metrics_render(s->metrics, out); }

void http_server_stop(struct http_server *s) {
  if (!s) return;
  gate_stop(s->gate); /* no new connection is handed over from here */
  MHD_stop_daemon(s->daemon);
  gate_free(s->gate);
  metrics_release(s->metrics);
  free(s);
}
