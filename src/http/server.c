/* The HTTP server: plam's own HTTP/1.1 connection handling; see server.h.
 *
 * The gate (gate.h) accepts connections and holds them until a whole, valid
 * request head has arrived (checked by frame.h, for every request of a
 * connection). cfg->threads worker threads wait on the gate's connections
 * (gate_work); the one that sees a whole head serves the request at once:
 * it reads exactly the head (parse.h), then exactly the body
 * (Content-Length, or chunked decoded with its limits; "100 Continue" first
 * when the client expects it), so that the bytes of a pipelined next request
 * stay in the socket for the gate; it routes, authorises, runs the handler,
 * writes the whole response with one writev (status line, headers, body; no
 * body for HEAD), logs the access line and gives the connection back to the
 * gate: kept alive (HTTP/1.1 unless "Connection: close", HTTP/1.0 with
 * "Connection: keep-alive"), closed, or lingering after an error answered
 * before its body was read.
 *
 * Memory per request: the request arena and body buffer (as before), the
 * head read into the worker's buffer (--max-header bytes) and parsed in
 * place; the response head is formatted into a per-worker buffer. Nothing
 * per header is allocated.
 *
 * Stop: the gate stops accepting and closes the connections it holds; each
 * worker finishes the request it is serving, closes its connection and
 * exits. */
#define _GNU_SOURCE
#include "http/server.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "base/log.h"
#include "http/gate.h"
#include "http/metrics.h"
#include "http/parse.h"
#include "http/proxy.h"
#include "http/router.h"

struct http_server {
  struct http_config cfg;
  struct http_router router;
  struct metrics *metrics;
  struct gate *gate;           /* accepts connections, checks heads: see gate.h */
  struct http_proxies proxies; /* --trusted-proxy */
  unsigned port;
  pthread_t *workers; /* each runs gate_work */
  unsigned nworkers;
};

/* What req->conn points to: the connection being served and its parsed head. */
struct http_conn {
  const struct gate_conn *gc;
  struct parse_head head;
  int keep_alive;
};

/* One worker thread's buffers, reused from request to request. */
struct http_worker {
  struct http_server *s;
  char *head; /* --max-header bytes */
  struct http_kv *fields;
  int nfields_cap;
  struct buf out; /* the response head */
  char date[64];  /* "Date: ...\r\n" of the second date_at */
  time_t date_at;
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


/* Reason phrases: libmicrohttpd 0.9.75's, so that the bytes stay the same. */
static const struct {
  int status;
  const char *reason;
} http_reasons[] = {
  {100, "Continue"},
  {200, "OK"},
  {201, "Created"},
  {202, "Accepted"},
  {204, "No Content"},
  {206, "Partial Content"},
  {301, "Moved Permanently"},
  {302, "Found"},
  {303, "See Other"},
  {304, "Not Modified"},
  {307, "Temporary Redirect"},
  {308, "Permanent Redirect"},
  {400, "Bad Request"},
  {401, "Unauthorized"},
  {403, "Forbidden"},
  {404, "Not Found"},
  {405, "Method Not Allowed"},
  {406, "Not Acceptable"},
  {408, "Request Timeout"},
  {409, "Conflict"},
  {410, "Gone"},
  {411, "Length Required"},
  {412, "Precondition Failed"},
  {413, "Content Too Large"},
  {414, "URI Too Long"},
  {415, "Unsupported Media Type"},
  {416, "Range Not Satisfiable"},
  {422, "Unprocessable Content"},
  {423, "Locked"},
  {428, "Precondition Required"},
  {429, "Too Many Requests"},
  {431, "Request Header Fields Too Large"},
  {500, "Internal Server Error"},
  {501, "Not Implemented"},
  {502, "Bad Gateway"},
  {503, "Service Unavailable"},
  {504, "Gateway Timeout"},
  {505, "HTTP Version Not Supported"},
};

static const char *http_reason(int status) {
  for (size_t i = 0; i < sizeof http_reasons / sizeof http_reasons[0]; i++)
    if (http_reasons[i].status == status) return http_reasons[i].reason;
  return "Unknown";
}

/* "Date: <IMF-fixdate>\r\n", formatted once a second per worker. */
static const char *http_date(struct http_worker *w) {
  time_t now = time(NULL);
  if (now != w->date_at) {
    struct tm tm;
    gmtime_r(&now, &tm);
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(w->date, sizeof w->date, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    w->date_at = now;
  }
  return w->date;
}

/* Milliseconds left until deadline (a CLOCK_MONOTONIC ns), at least 0. */
static int http_ms_left(int64_t deadline) {
  int64_t left = (deadline - http_now_ns()) / 1000000;
  return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

/* Waits until fd is readable (POLLIN) or writable (POLLOUT) or the deadline
 * passes (0). */
static int http_wait(int fd, short ev, int64_t deadline) {
  for (;;) {
    int ms = http_ms_left(deadline);
    if (!ms) return 0;
    struct pollfd p = {.fd = fd, .events = ev};
    int r = poll(&p, 1, ms);
    if (r > 0) return 1;
    if (r < 0 && errno != EINTR) return 0;
  }
}

enum http_io { HTTP_IO_OK, HTTP_IO_CLOSED, HTTP_IO_TIMEOUT };

/* Reads exactly n bytes (flags: 0 or MSG_PEEK for at most n, at least 1). */
static enum http_io http_read(int fd, char *p, size_t n, int64_t deadline, size_t *got, int peek) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = recv(fd, p + done, n - done, MSG_DONTWAIT | (peek ? MSG_PEEK : 0));
    if (r > 0) {
      done += (size_t)r;
      if (peek) break;
      continue;
    }
    if (r == 0) return HTTP_IO_CLOSED;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return HTTP_IO_CLOSED;
    if (!http_wait(fd, POLLIN, deadline)) return HTTP_IO_TIMEOUT;
  }
  if (got) *got = done;
  return HTTP_IO_OK;
}

/* Writes iov whole; a client that reads nothing for --idle-timeout is dropped. */
static int http_write(struct http_server *s, int fd, struct iovec *iov, int niov) {
  int64_t wait_ns = (int64_t)(s->cfg.idle_timeout_s ? s->cfg.idle_timeout_s : 30) * 1000000000;
  while (niov > 0) {
    struct msghdr mh = {.msg_iov = iov, .msg_iovlen = (size_t)niov};
    ssize_t w = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && http_wait(fd, POLLOUT, http_now_ns() + wait_ns)) continue;
      return -1;
    }
    size_t left = (size_t)w;
    while (niov > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      iov++;
      niov--;
    }
    if (niov > 0) {
      iov->iov_base = (char *)iov->iov_base + left;
      iov->iov_len -= left;
    }
  }
  return 0;
}

/* v in decimal, in out (24 bytes); returns where the digits start. */
static const char *http_decimal(size_t v, char *out) {
  char *p = out + 23;
  *p = '\0';
  do *--p = (char)('0' + v % 10);
  while (v /= 10);
  return p;
}

static void http_put(struct buf *b, const char *a, const char *v) {
  buf_append_str(b, a);
  buf_append(b, ": ", 2);
  buf_append_str(b, v);
  buf_append(b, "\r\n", 2);
}

/* Formats the head and writes head and body with one writev, in
 * libmicrohttpd 0.9.75's order: status line, Date, Connection, Content-Type,
 * security headers, X-Request-Id, Cache-Control, the handler's headers,
 * Content-Length (none on 1xx and 204). */
static int http_send(struct http_worker *w, struct http_req *req, struct http_resp *resp) {
  struct http_conn *c = req->conn;
  const char *type = resp->content_type;
  char *owned = NULL;
  const char *body;
  size_t len;
  if (resp->json) {
    owned = json_dumps(resp->json, JSON_COMPACT);
    json_decref(resp->json);
    resp->json = NULL;
    if (!owned) return -1;
    body = owned;
    len = strlen(owned);
    type = "application/json; charset=utf-8";
  } else if (resp->raw) {
    owned = resp->raw;
    resp->raw = NULL;
    body = owned;
    len = resp->raw_len;
  } else {
    body = resp->static_body;
    len = resp->static_len;
  }
  req->bytes_out = len;
  req->status = resp->status ? resp->status : 200;
  req->responded = 1;
  /* counted before the bytes leave, so that a client that reads /metrics
   * after this answer, on any connection, sees it counted */
  metrics_observe(w->s->metrics, req->route_index, req->status, http_now_ns() - req->start_ns);
  struct buf *b = &w->out;
  buf_clear(b);
  char num[24];
  buf_append(b, "HTTP/1.1 ", 9);
  buf_append_str(b, http_decimal((size_t)(unsigned)req->status, num));
  buf_append(b, " ", 1);
  buf_append_str(b, http_reason(req->status));
  buf_append(b, "\r\n", 2);
  buf_append_str(b, http_date(w));
  if (!c->keep_alive) buf_append_str(b, "Connection: close\r\n");
  else if (c->head.minor == 0) buf_append_str(b, "Connection: Keep-Alive\r\n");
  if (type) http_put(b, "Content-Type", type);
  for (size_t i = 0; i < sizeof http_security_headers / sizeof http_security_headers[0]; i++)
    http_put(b, http_security_headers[i].key, http_security_headers[i].value);
  http_put(b, "X-Request-Id", req->request_id);
  http_put(b, "Cache-Control", resp->cache_control ? resp->cache_control : "no-store");
  for (int i = 0; i < resp->nheaders; i++) http_put(b, resp->headers[i].key, resp->headers[i].value);
  if (req->status >= 200 && req->status != 204) http_put(b, "Content-Length", http_decimal(len, num));
  int ok = !buf_append(b, "\r\n", 2);
  struct iovec iov[2] = {{b->data, b->len}, {(void *)body, len}};
  int niov = req->method == HTTP_HEAD || !len || req->status < 200 || req->status == 204 || req->status == 304 ? 1 : 2;
  if (ok) ok = !http_write(w->s, c->gc->fd, iov, niov);
  free(owned);
  return ok ? 0 : -1;
}

static int http_send_error(struct http_worker *w, struct http_req *req, plam_err e) {
  struct http_resp resp = {0};
  http_error(req, &resp, e);
  return http_send(w, req, &resp);
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


static void http_dispatch(struct http_server *s, struct http_req *req, struct http_resp *resp) {
  plam_err e = PLAM_OK;
  if (req->bad_query) e = PLAM_ERR_INVALID;
  else if (req->too_large) e = PLAM_ERR_TOO_LARGE;
  if (e) {
    http_error(req, resp, e);
    return;
  }
  char allow[128];
  int idx = -1;
  e = router_match(&s->router, req, &idx, allow, sizeof allow);
  if (e == PLAM_ERR_NOT_FOUND && strncmp(req->path, "/api/", 5) != 0 && http_serve_static(s, req, resp)) return;
  if (e == PLAM_ERR_METHOD) http_resp_header(resp, req, "Allow", allow);
  if (!e) {
    req->route_index = idx;
    req->route = &s->router.routes[idx];
    if ((req->route->flags & ROUTE_WRITE) && s->cfg.read_only) e = PLAM_ERR_READ_ONLY;
    if (!e && s->cfg.authorize) e = s->cfg.authorize(s->cfg.hook_ctx, req, resp);
    if (!e) e = req->route->handler(req, resp);
    if (s->cfg.handled) s->cfg.handled(s->cfg.hook_ctx, req);
  }
  if (e && !resp->json) http_error(req, resp, e);
  else if (e) resp->status = error_http_status(e);
  if (!resp->status) resp->status = 200;
}

static int http_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes the path (the target up to '?', n bytes) into the arena as
 * libmicrohttpd did: %XX becomes its byte, anything else is copied. */
static char *http_path_decode(struct arena *a, const char *t, size_t n) {
  char *out = arena_alloc(a, n + 1);
  if (!out) return NULL;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    int hi, lo;
    if (t[i] == '%' && i + 2 < n && (hi = http_hex(t[i + 1])) >= 0 && (lo = http_hex(t[i + 2])) >= 0) {
      out[j++] = (char)(hi * 16 + lo);
      i += 2;
    } else {
      out[j++] = t[i];
    }
  }
  out[j] = '\0';
  return out;
}

const char *http_header_get(const struct http_req *req, const char *name) {
  const struct http_conn *c = req->conn;
  return c ? parse_field(&c->head, name) : NULL;
}

/* The named cookie of the first Cookie header ("a=b; c=\"d\""), unquoted, in
 * the request's arena; names compare without case, as libmicrohttpd did. */
const char *http_cookie_get(const struct http_req *req, const char *name) {
  const char *h = http_header_get(req, "Cookie");
  if (!h) return NULL;
  size_t nl = strlen(name);
  const char *p = h;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ';') p++;
    const char *k = p;
    while (*p && *p != '=' && *p != ';') p++;
    const char *ke = p;
    while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t')) ke--;
    const char *v = p, *ve = p;
    if (*p == '=') {
      v = ++p;
      while (*p && *p != ';') p++;
      ve = p;
      while (v < ve && (*v == ' ' || *v == '\t')) v++;
      while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
      if (ve - v >= 2 && *v == '"' && ve[-1] == '"') v++, ve--;
    }
    if ((size_t)(ke - k) == nl && !strncasecmp(k, name, nl))
      return arena_strndup((struct arena *)&req->arena, v, (size_t)(ve - v));
  }
  return NULL;
}

/* Whether the connection stays open after this request (RFC 9112 9.3). */
static int http_keep_alive(const struct parse_head *h) {
  int close_tok = 0, keep_tok = 0;
  for (int i = 0; i < h->nfields; i++) {
    if (strcasecmp(h->fields[i].key, "Connection")) continue;
    const char *p = h->fields[i].value;
    while (*p) {
      while (*p == ' ' || *p == '\t' || *p == ',') p++;
      const char *t = p;
      while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
      size_t n = (size_t)(p - t);
      if (n == 5 && !strncasecmp(t, "close", 5)) close_tok = 1;
      if (n == 10 && !strncasecmp(t, "keep-alive", 10)) keep_tok = 1;
    }
  }
  if (close_tok) return 0;
  return h->minor >= 1 || keep_tok;
}

/* The last value of a request header (a proxy appends its own line). */
static const char *http_last_field(const struct parse_head *h, const char *name) {
  const char *v = NULL;
  for (int i = 0; i < h->nfields; i++)
    if (!strcasecmp(h->fields[i].key, name)) v = h->fields[i].value;
  return v;
}

/* Reads a chunked body into req->body, consuming exactly its bytes. */
static plam_err http_read_chunked(struct http_worker *w, struct http_req *req, int64_t deadline) {
  int fd = ((struct http_conn *)req->conn)->gc->fd;
  struct parse_chunked d = {0};
  char tmp[16384];
  for (;;) {
    size_t got = 0, used = 0;
    enum http_io io = http_read(fd, tmp, sizeof tmp, deadline, &got, 1);
    if (io == HTTP_IO_TIMEOUT) return PLAM_ERR_TIMEOUT;
    if (io != HTTP_IO_OK) return PLAM_ERR_IO;
    enum parse_chunk_state st = parse_chunked(&d, tmp, got, &used, &req->body);
    if (st == PARSE_CHUNK_BAD) return PLAM_ERR_INVALID;
    if (st == PARSE_CHUNK_TOO_LARGE) return PLAM_ERR_TOO_LARGE;
    if (used && http_read(fd, tmp, used, deadline, NULL, 0) != HTTP_IO_OK) return PLAM_ERR_IO; /* consume */
    if (st == PARSE_CHUNK_DONE) return PLAM_OK;
  }
  (void)w;
}

/* Reads a Content-Length body into req->body. */
static plam_err http_read_body(struct http_req *req, size_t n, int64_t deadline) {
  int fd = ((struct http_conn *)req->conn)->gc->fd;
  if (buf_reserve(&req->body, n)) return PLAM_ERR_TOO_LARGE;
  enum http_io io = http_read(fd, req->body.data + req->body.len, n, deadline, NULL, 0);
  if (io == HTTP_IO_TIMEOUT) return PLAM_ERR_TIMEOUT;
  if (io != HTTP_IO_OK) return PLAM_ERR_IO;
  req->body.len += n;
  return PLAM_OK;
}

/* Serves one request of the connection c; says what becomes of it. */
static enum gate_back_how http_serve(struct http_worker *w, const struct gate_conn *gc) {
  struct http_server *s = w->s;
  struct http_conn c = {.gc = gc, .keep_alive = 0};
  struct http_req *req = calloc(1, sizeof *req);
  if (!req) return GATE_CLOSE;
  arena_init(&req->arena, s->cfg.arena_cap);
  buf_init(&req->body, s->cfg.max_body);
  req->conn = &c;
  req->ctx = s->cfg.hook_ctx;
  req->start_ns = http_now_ns();
  req->route_index = -1;
  http_request_id(req->request_id, sizeof req->request_id);
  if (gc->addr.ss_family == AF_INET)
    http_ipv4_text(&((const struct sockaddr_in *)(const void *)&gc->addr)->sin_addr, req->client_ip);
  else memcpy(req->client_ip, gc->ip, sizeof req->client_ip);
  int64_t deadline = req->start_ns + (int64_t)(s->cfg.request_timeout_s ? s->cfg.request_timeout_s : 3600) * 1000000000;

  enum gate_back_how how = GATE_CLOSE;
  int aborted = 0, answered = 0;
  plam_err e = PLAM_OK;
  size_t hl = gc->head.head_len;
  /* the gate saw the whole head: these bytes are in the socket */
  if (hl > s->cfg.max_header_memory || http_read(gc->fd, w->head, hl, deadline, NULL, 0) != HTTP_IO_OK) {
    aborted = 1;
    goto done;
  }
  e = parse_head(w->head, hl, w->fields, w->nfields_cap, &c.head);
  if (e) {
    /* the gate's check and this parse agree (both fuzzed): never expected */
    c.head.minor = 1;
    goto answer;
  }
  c.keep_alive = http_keep_alive(&c.head);
  req->method_text = c.head.method;
  req->method = http_method_parse(c.head.method);
  const char *target = c.head.target;
  req->target = target;
  const char *q = strchr(target, '?');
  size_t plen = q ? (size_t)(q - target) : strlen(target);
  if (q && http_query_parse(req, q + 1) != PLAM_OK) req->bad_query = 1; /* reported at dispatch */
  /* An encoded NUL would cut the decoded path short ("/api/users%00/x"
   * routed as "/api/users"): refuse it as a bad request (400). */
  for (size_t i = 0; i + 2 < plen; i++)
    if (target[i] == '%' && target[i + 1] == '0' && target[i + 2] == '0') req->bad_query = 1;
  req->path = http_path_decode(&req->arena, target, plen);
  if (!req->path) {
    e = PLAM_ERR_NOMEM;
    goto answer;
  }
  if (s->proxies.n) http_proxies_resolve(&s->proxies, http_last_field(&c.head, "X-Forwarded-For"), req);
  if ((gc->head.chunked || gc->head.content_length) && s->cfg.max_upload > s->cfg.max_body && http_is_upload(s, req))
    req->body.max = s->cfg.max_upload; /* a request without a body needs no scan of the routes */
  if (gc->head.content_length > req->body.max) {
    /* refuse now rather than read a body we will not keep */
    e = PLAM_ERR_TOO_LARGE;
    goto answer;
  }
  if (gc->head.chunked || gc->head.content_length) {
    if (gc->head.expect_continue) {
      static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
      struct iovec iov = {(void *)cont, sizeof cont - 1};
      if (http_write(s, gc->fd, &iov, 1)) {
        aborted = 1;
        goto done;
      }
    }
    e = gc->head.chunked ? http_read_chunked(w, req, deadline)
                         : http_read_body(req, (size_t)gc->head.content_length, deadline);
    if (e == PLAM_ERR_IO) {
      aborted = 1; /* the client went away */
      goto done;
    }
    if (e == PLAM_ERR_TIMEOUT)
      log_event(LOG_WARN, "slow request cut off", "request_id", req->request_id, "ip", req->client_ip, NULL);
    if (e) goto answer;
  }
  {
    struct http_resp resp = {0};
    http_dispatch(s, req, &resp);
    answered = 1;
    if (http_send(w, req, &resp)) aborted = 1;
    else how = c.keep_alive ? GATE_KEEP : GATE_LINGER;
    if (resp.json) json_decref(resp.json);
    free(resp.raw);
  }
  goto done;
answer:
  /* an error before the body was read whole: answered, then closed */
  c.keep_alive = 0;
  answered = 1;
  if (http_send_error(w, req, e)) aborted = 1;
  else how = GATE_LINGER;
done:
  (void)answered;
  {
    int64_t dur = http_now_ns() - req->start_ns;
    struct log_access line = {
      .request_id = req->request_id,
      .ip = req->client_ip,
      .method = req->method_text ? req->method_text : "",
      .path = req->path ? req->path : "",
      .status = req->responded ? req->status : 0,
      .duration_ns = dur,
      .bytes = req->bytes_out,
      .user_id = req->user_id,
      .aborted = aborted,
    };
    if (req->method_text) log_access(&line);
  }
  if (s->cfg.release) s->cfg.release(s->cfg.hook_ctx, req);
  buf_release(&req->body);
  arena_release(&req->arena);
  free(req);
  return how;
}

static enum gate_back_how http_handoff(void *ctx, void *worker, const struct gate_conn *c) {
  (void)ctx;
  return http_serve(worker, c);
}

static void http_worker_free(struct http_worker *w) {
  if (!w) return;
  free(w->head);
  free(w->fields);
  buf_release(&w->out);
  free(w);
}

static void *http_worker_main(void *arg) {
  struct http_worker *w = arg;
  gate_work(w->s->gate, w);
  http_worker_free(w);
  return NULL;
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

/* Binds and listens on cfg->listen. */
static plam_err http_listen(const char *listen_at, int *out) {
  struct sockaddr_storage ss;
  socklen_t sl;
  plam_err e = http_parse_listen(listen_at, &ss, &sl);
  if (e) return e;
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return PLAM_ERR_IO;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (ss.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, SOMAXCONN)) {
    close(fd);
    return PLAM_ERR_IO;
  }
  *out = fd;
  return PLAM_OK;
}

static unsigned http_bound_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &sl)) return 0;
  if (ss.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return 0;
}

/* After gate_stop: each worker finishes the request it serves, then exits. */
static void http_workers_stop(struct http_server *s) {
  for (unsigned i = 0; i < s->nworkers; i++) pthread_join(s->workers[i], NULL);
  s->nworkers = 0;
}

static void http_server_free(struct http_server *s) {
  gate_free(s->gate);
  metrics_release(s->metrics);
  free(s->workers);
  free(s);
}

plam_err http_server_start(const struct http_config *cfg, struct http_server **out) {
  struct http_server *s = calloc(1, sizeof *s);
  if (!s) return PLAM_ERR_NOMEM;
  s->cfg = *cfg;
  s->router.routes = cfg->routes;
  s->router.nroutes = cfg->nroutes;
  unsigned nthreads = cfg->threads ? cfg->threads : 2;
  s->workers = calloc(nthreads, sizeof *s->workers);
  plam_err e = s->workers ? PLAM_OK : PLAM_ERR_NOMEM;
  if (!e) e = http_proxies_parse(cfg->trusted_proxies, &s->proxies);
  if (!e) e = metrics_init(cfg->routes, cfg->nroutes, &s->metrics);
  size_t body_wait = cfg->max_body < 16384 ? cfg->max_body : 16384;
  struct gate_config gc = {
    cfg->max_connections,   cfg->max_per_ip, cfg->header_timeout_s, cfg->idle_timeout_s, cfg->request_timeout_s,
    cfg->max_header_memory, body_wait};
  if (!e) e = gate_create(&gc, &s->gate);
  int lfd = -1;
  if (!e) e = http_listen(cfg->listen, &lfd);
  if (!e) s->port = http_bound_port(lfd);
  if (!e) e = gate_run(s->gate, lfd, http_handoff, s); /* owns lfd from here */
  else if (lfd >= 0) close(lfd);
  for (unsigned i = 0; !e && i < nthreads; i++) {
    struct http_worker *w = calloc(1, sizeof *w);
    if (w) {
      w->s = s;
      w->head = malloc(cfg->max_header_memory ? cfg->max_header_memory : 1);
      /* the shortest header line is "a:\n": no head holds more fields */
      w->nfields_cap = (int)(cfg->max_header_memory / 3 + 1);
      w->fields = calloc((size_t)w->nfields_cap, sizeof *w->fields);
      buf_init(&w->out, 1u << 20);
    }
    if (!w || !w->head || !w->fields || pthread_create(&s->workers[i], NULL, http_worker_main, w)) {
      http_worker_free(w);
      e = PLAM_ERR_NOMEM;
    } else {
      s->nworkers++;
    }
  }
  if (e) {
    gate_stop(s->gate); /* closes lfd once gate_run had it; the workers return */
    http_workers_stop(s);
    http_server_free(s);
    return e;
  }
  *out = s;
  return PLAM_OK;
}

unsigned http_server_port(struct http_server *s) { return s->port; }

plam_err http_server_metrics(struct http_server *s, struct buf *out) { return metrics_render(s->metrics, out); }

void http_server_stop(struct http_server *s) {
  if (!s) return;
  gate_stop(s->gate); /* no new request is handed over from here */
  http_workers_stop(s);
  http_server_free(s);
}
