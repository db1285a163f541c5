/* Unit tests for the HTTP layer pieces that need no socket (src/http): the
 * router (404 versus 405 with the Allow list, HEAD served by GET routes,
 * {captures}, limits on captures) on a local table and on the real API
 * table; query-string parsing (pairs, '+', %XX, invalid escapes, NUL, the
 * pair limit, the arena cap) and the typed accessors; route ids; the
 * Prometheus rendering of the metrics; and the static-file lookup rules over
 * a temporary web root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/api.h"
#include "http/frame.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/proxy.h"
#include "http/router.h"
#include "http/static.h"

/* ---- helpers ------------------------------------------------------------- */

static void req_init(struct http_req *req, enum http_method m, const char *path, size_t arena_cap) {
  memset(req, 0, sizeof *req);
  arena_init(&req->arena, arena_cap);
  req->method = m;
  req->path = path;
  req->route_index = -1;
}

static const struct http_route local_routes[] = {
  {HTTP_GET, "/a", NULL, "public.read", ROUTE_PUBLIC, "a", NULL},
  {HTTP_POST, "/a", NULL, "public.read", ROUTE_PUBLIC, "a", NULL},
  {HTTP_DELETE, "/a", NULL, "public.read", ROUTE_PUBLIC, "a", NULL},
  {HTTP_GET, "/a/{x}", NULL, "public.read", ROUTE_PUBLIC, "a/x", NULL},
  {HTTP_PATCH, "/a/{x}/b/{y}", NULL, "public.read", ROUTE_PUBLIC, "a/x/b/y", NULL},
  {HTTP_GET, "/a/fixe", NULL, "public.read", ROUTE_PUBLIC, "literal after a capture route", NULL},
  {HTTP_GET, "/p/{a}/{b}/{c}/{d}/{e}", NULL, "public.read", ROUTE_PUBLIC, "too many captures", NULL},
};
static const struct http_router local_router = {local_routes, (int)(sizeof local_routes / sizeof local_routes[0])};

/* Matches method+path; returns the error and fills index / allow. */
static plam_err match(const struct http_router *r, enum http_method m, const char *path, int *index, char *allow,
                      size_t allow_len, struct http_req *req) {
  req_init(req, m, path, 4096);
  *index = -1;
  return router_match(r, req, index, allow, allow_len);
}

/* ---- router -------------------------------------------------------------- */

static void test_router_404_405(void **state) {
  (void)state;
  struct http_req req;
  char allow[64];
  int idx;
  assert_int_equal(match(&local_router, HTTP_GET, "/a", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 0);
  arena_release(&req.arena);
  assert_int_equal(match(&local_router, HTTP_DELETE, "/a", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 2);
  arena_release(&req.arena);
  /* HEAD is answered by the GET route */
  assert_int_equal(match(&local_router, HTTP_HEAD, "/a", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 0);
  arena_release(&req.arena);
  /* known path, other method: 405 with every allowed method */
  assert_int_equal(match(&local_router, HTTP_PUT, "/a", &idx, allow, sizeof allow, &req), PLAM_ERR_METHOD);
  assert_string_equal(allow, "GET, POST, DELETE");
  assert_int_equal(idx, -1);
  arena_release(&req.arena);
  assert_int_equal(match(&local_router, HTTP_POST, "/a/1", &idx, allow, sizeof allow, &req), PLAM_ERR_METHOD);
  assert_string_equal(allow, "GET");
  arena_release(&req.arena);
  /* unknown paths: 404, and the Allow list is empty */
  static const char *const missing[] = {"/",      "",        "/b",        "/a/",    "/a//b/c", "/A",
                                        "/a/1/b", "/a/1/b/", "/a/1/b/2/", "/a/1/2", "//a",     "/a?x=1"};
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
    plam_err e = match(&local_router, HTTP_GET, missing[i], &idx, allow, sizeof allow, &req);
    if (e != PLAM_ERR_NOT_FOUND) fail_msg("path \"%s\": got %s", missing[i], error_code(e));
    assert_string_equal(allow, "");
    arena_release(&req.arena);
  }
  /* a tiny Allow buffer truncates without overflowing */
  char small[6];
  assert_int_equal(match(&local_router, HTTP_PUT, "/a", &idx, small, sizeof small, &req), PLAM_ERR_METHOD);
  assert_true(strlen(small) < sizeof small);
  arena_release(&req.arena);
}

static void test_router_captures(void **state) {
  (void)state;
  struct http_req req;
  char allow[64];
  int idx;
  assert_int_equal(match(&local_router, HTTP_GET, "/a/42", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 3);
  assert_int_equal(req.nparams, 1);
  assert_string_equal(req.params[0], "42");
  arena_release(&req.arena);
  /* the literal route is matched too (table order decides: capture first) */
  assert_int_equal(match(&local_router, HTTP_GET, "/a/fixe", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 3);
  assert_string_equal(req.params[0], "fixe");
  arena_release(&req.arena);
  assert_int_equal(match(&local_router, HTTP_PATCH, "/a/x%20y/b/été", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_int_equal(idx, 4);
  assert_int_equal(req.nparams, 2);
  assert_string_equal(req.params[0], "x%20y");
  assert_string_equal(req.params[1], "été");
  arena_release(&req.arena);
  /* more captures than HTTP_MAX_PARAMS never match */
  assert_int_equal(match(&local_router, HTTP_GET, "/p/1/2/3/4/5", &idx, allow, sizeof allow, &req), PLAM_ERR_NOT_FOUND);
  arena_release(&req.arena);

  /* router_pattern_match directly */
  const char *caps[HTTP_MAX_PARAMS];
  int n = -1;
  struct arena a;
  arena_init(&a, 4096);
  assert_int_equal(router_pattern_match("/x/{id}/y", "/x/7/y", &a, caps, &n), 1);
  assert_int_equal(n, 1);
  assert_string_equal(caps[0], "7");
  assert_int_equal(router_pattern_match("/x/{id}/y", "/x//y", &a, caps, &n), 0);
  assert_int_equal(router_pattern_match("/x/{id}/y", "/x/7/y/", &a, caps, &n), 0);
  assert_int_equal(router_pattern_match("/x/{id}", "/x/7/8", &a, caps, &n), 0);
  assert_int_equal(router_pattern_match("/x/{id", "/x/7", &a, caps, &n), 0); /* unclosed pattern */
  assert_int_equal(router_pattern_match("/x", "/x", NULL, NULL, NULL), 1);
  /* a full arena makes a capturing match fail rather than crash */
  struct arena tiny;
  arena_init(&tiny, 0);
  assert_int_equal(router_pattern_match("/x/{id}", "/x/7", &tiny, caps, &n), 0);
  arena_release(&tiny);
  arena_release(&a);
}

static void test_router_api_table(void **state) {
  (void)state;
  struct http_router r = {api_routes, api_routes_count};
  struct http_req req;
  char allow[128];
  int idx;
  assert_int_equal(match(&r, HTTP_GET, "/api/users", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_string_equal(api_routes[idx].pattern, "/api/users");
  assert_int_equal(api_routes[idx].method, HTTP_GET);
  arena_release(&req.arena);
  assert_int_equal(match(&r, HTTP_PUT, "/api/users", &idx, allow, sizeof allow, &req), PLAM_ERR_METHOD);
  assert_string_equal(allow, "GET, POST");
  arena_release(&req.arena);
  assert_int_equal(match(&r, HTTP_POST, "/api/users/12/password", &idx, allow, sizeof allow, &req), PLAM_OK);
  assert_string_equal(api_routes[idx].pattern, "/api/users/{id}/password");
  assert_string_equal(req.params[0], "12");
  arena_release(&req.arena);
  assert_int_equal(match(&r, HTTP_GET, "/api/session", &idx, allow, sizeof allow, &req), PLAM_ERR_METHOD);
  assert_string_equal(allow, "POST, DELETE");
  arena_release(&req.arena);
  assert_int_equal(match(&r, HTTP_GET, "/api/nothing", &idx, allow, sizeof allow, &req), PLAM_ERR_NOT_FOUND);
  arena_release(&req.arena);
  /* every route matches its own pattern (with captures filled) under its method */
  for (int i = 0; i < api_routes_count; i++) {
    char path[256];
    size_t j = 0;
    for (const char *p = api_routes[i].pattern; *p && j < sizeof path - 4;) {
      if (*p == '{') {
        path[j++] = '9';
        p = strchr(p, '}') + 1;
      } else {
        path[j++] = *p++;
      }
    }
    path[j] = '\0';
    plam_err e = match(&r, api_routes[i].method, path, &idx, allow, sizeof allow, &req);
    if (e || strcmp(api_routes[idx].pattern, api_routes[i].pattern) || api_routes[idx].method != api_routes[i].method)
      fail_msg("route %s %s not reachable (%s)", http_method_name(api_routes[i].method), api_routes[i].pattern,
               error_code(e));
    arena_release(&req.arena);
  }
}

static void test_method_names(void **state) {
  (void)state;
  for (int m = 0; m < HTTP_OTHER; m++) assert_int_equal(http_method_parse(http_method_name((enum http_method)m)), m);
  assert_int_equal(http_method_parse("get"), HTTP_OTHER); /* methods are case-sensitive */
  assert_int_equal(http_method_parse("BREW"), HTTP_OTHER);
  assert_string_equal(http_method_name((enum http_method)99), "OTHER");
}

/* ---- query string -------------------------------------------------------- */

static void test_query_parse(void **state) {
  (void)state;
  struct http_req req;
  req_init(&req, HTTP_GET, "/", 1 << 16);
  assert_int_equal(http_query_parse(&req, "a=1&b=deux"), PLAM_OK);
  assert_int_equal(req.nquery, 2);
  assert_string_equal(http_query_get(&req, "a"), "1");
  assert_string_equal(http_query_get(&req, "b"), "deux");
  assert_null(http_query_get(&req, "c"));

  assert_int_equal(http_query_parse(&req, "q=%C3%A9t%c3%a9+2024&x+y=a%2Bb%26c%3Dd"), PLAM_OK);
  assert_int_equal(req.nquery, 2);
  assert_string_equal(http_query_get(&req, "q"), "été 2024");
  assert_string_equal(http_query_get(&req, "x y"), "a+b&c=d");

  /* empty pairs are skipped; a key without '=' has an empty value; '=' in a value stays */
  assert_int_equal(http_query_parse(&req, "&&flag&&k=v=w&=anon&"), PLAM_OK);
  assert_int_equal(req.nquery, 3);
  assert_string_equal(http_query_get(&req, "flag"), "");
  assert_string_equal(http_query_get(&req, "k"), "v=w");
  assert_string_equal(http_query_get(&req, ""), "anon");

  /* the first occurrence wins */
  assert_int_equal(http_query_parse(&req, "k=1&k=2"), PLAM_OK);
  assert_string_equal(http_query_get(&req, "k"), "1");

  assert_int_equal(http_query_parse(&req, ""), PLAM_OK);
  assert_int_equal(req.nquery, 0);
  assert_int_equal(http_query_parse(&req, NULL), PLAM_OK);
  assert_int_equal(req.nquery, 0);
  arena_release(&req.arena);
}

static void test_query_invalid(void **state) {
  (void)state;
  struct http_req req;
  req_init(&req, HTTP_GET, "/", 1 << 16);
  static const char *const bad[] = {"a=%",     "a=%4",  "a=%4g", "a=%g4", "%zz=1",
                                    "a=1&b=%", "a=%00", "%00",   "k=%2",  "a=x%"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    plam_err e = http_query_parse(&req, bad[i]);
    if (e != PLAM_ERR_INVALID) fail_msg("\"%s\": got %s", bad[i], error_code(e));
  }
  /* exactly HTTP_MAX_QUERY pairs pass, one more fails */
  char qs[1024];
  size_t j = 0;
  for (int i = 0; i < HTTP_MAX_QUERY; i++) j += (size_t)snprintf(qs + j, sizeof qs - j, "%sk%d=%d", i ? "&" : "", i, i);
  assert_int_equal(http_query_parse(&req, qs), PLAM_OK);
  assert_int_equal(req.nquery, HTTP_MAX_QUERY);
  assert_string_equal(http_query_get(&req, "k31"), "31");
  snprintf(qs + j, sizeof qs - j, "&extra=1");
  assert_int_equal(http_query_parse(&req, qs), PLAM_ERR_INVALID);
  arena_release(&req.arena);

  /* the request arena's cap bounds what a query can allocate */
  req_init(&req, HTTP_GET, "/", 64);
  char big[200];
  memset(big, 'v', sizeof big);
  memcpy(big, "k=", 2);
  big[sizeof big - 1] = '\0';
  assert_int_equal(http_query_parse(&req, big), PLAM_ERR_TOO_LARGE);
  arena_release(&req.arena);
}

static void test_query_int_and_params(void **state) {
  (void)state;
  struct http_req req;
  req_init(&req, HTTP_GET, "/", 1 << 16);
  assert_int_equal(http_query_parse(&req, "limit=20&offset=-1&big=99999999999999999999999&txt=12a&empty="), PLAM_OK);
  long v = 0;
  assert_int_equal(http_query_int(&req, "limit", 50, 1, 500, &v), PLAM_OK);
  assert_int_equal(v, 20);
  assert_int_equal(http_query_int(&req, "absent", 50, 1, 500, &v), PLAM_OK);
  assert_int_equal(v, 50);
  assert_int_equal(http_query_int(&req, "empty", 7, 1, 500, &v), PLAM_OK);
  assert_int_equal(v, 7);
  assert_int_equal(http_query_int(&req, "offset", 0, 0, 10, &v), PLAM_ERR_INVALID);
  assert_int_equal(http_query_int(&req, "big", 0, 0, 10, &v), PLAM_ERR_INVALID);
  assert_int_equal(http_query_int(&req, "txt", 0, 0, 1000, &v), PLAM_ERR_INVALID);
  assert_int_equal(http_query_int(&req, "limit", 0, 1, 19, &v), PLAM_ERR_INVALID);

  /* route ids: positive decimal integers only */
  static const struct {
    const char *s;
    plam_err e;
    int64_t v;
  } ids[] = {{"1", PLAM_OK, 1},
             {"9223372036854775807", PLAM_OK, INT64_MAX},
             {"0", PLAM_ERR_NOT_FOUND, 0},
             {"-4", PLAM_ERR_NOT_FOUND, 0},
             {"+4", PLAM_ERR_NOT_FOUND, 0},
             {" 4", PLAM_ERR_NOT_FOUND, 0},
             {"4x", PLAM_ERR_NOT_FOUND, 0},
             {"9223372036854775808", PLAM_ERR_NOT_FOUND, 0},
             {"abc", PLAM_ERR_NOT_FOUND, 0}};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    req.params[0] = ids[i].s;
    req.nparams = 1;
    int64_t id = 0;
    plam_err e = http_param_id(&req, 0, &id);
    if (e != ids[i].e) fail_msg("id \"%s\": got %s", ids[i].s, error_code(e));
    if (!e) assert_int_equal(id, ids[i].v);
  }
  int64_t id;
  assert_int_equal(http_param_id(&req, 1, &id), PLAM_ERR_INTERNAL); /* no such capture */

  /* response headers are bounded */
  struct http_resp resp;
  memset(&resp, 0, sizeof resp);
  for (int i = 0; i < HTTP_MAX_HEADERS_OUT; i++) assert_int_equal(http_resp_header(&resp, &req, "X-A", "b"), PLAM_OK);
  assert_int_equal(http_resp_header(&resp, &req, "X-A", "b"), PLAM_ERR_INTERNAL);
  assert_int_equal(resp.nheaders, HTTP_MAX_HEADERS_OUT);
  arena_release(&req.arena);
}

/* ---- metrics ------------------------------------------------------------- */

static void test_metrics_render(void **state) {
  (void)state;
  static const struct http_route routes[] = {
    {HTTP_GET, "/api/users", NULL, NULL, 0, "", NULL},
    {HTTP_POST, "/api/session", NULL, NULL, 0, "", NULL},
    {HTTP_GET, "/api/idle", NULL, NULL, 0, "", NULL},
  };
  struct metrics *m = NULL;
  assert_int_equal(metrics_init(routes, 3, &m), PLAM_OK);
  metrics_observe(m, 0, 200, 3000000);    /* 3 ms */
  metrics_observe(m, 0, 200, 4000000);    /* 4 ms */
  metrics_observe(m, 0, 404, 200000);     /* 0.2 ms */
  metrics_observe(m, 1, 418, 9000000000); /* other status, 9 s: +Inf bucket only */
  metrics_observe(m, -1, 404, 1000000);
  metrics_observe(m, METRICS_ROUTE_STATIC, 304, 100000);
  metrics_observe(NULL, 0, 200, 1); /* no metrics: ignored */

  struct buf b;
  buf_init(&b, 1 << 20);
  assert_int_equal(metrics_render(m, &b), PLAM_OK);
  const char *t = b.data;
  assert_non_null(strstr(t, "# TYPE plam_http_requests_total counter\n"));
  assert_non_null(strstr(t, "plam_http_requests_total{route=\"GET /api/users\",status=\"200\"} 2\n"));
  assert_non_null(strstr(t, "plam_http_requests_total{route=\"GET /api/users\",status=\"404\"} 1\n"));
  assert_non_null(strstr(t, "plam_http_requests_total{route=\"POST /api/session\",status=\"other\"} 1\n"));
  assert_non_null(strstr(t, "plam_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  assert_non_null(strstr(t, "plam_http_requests_total{route=\"static\",status=\"304\"} 1\n"));
  assert_null(strstr(t, "/api/idle")); /* routes never hit are not listed */
  assert_null(strstr(t, "status=\"500\""));
  /* cumulative histogram */
  assert_non_null(strstr(t, "# TYPE plam_http_request_duration_seconds histogram\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"GET /api/users\",le=\"0.0005\"} 1\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"GET /api/users\",le=\"0.0025\"} 1\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"GET /api/users\",le=\"0.005\"} 3\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"GET /api/users\",le=\"+Inf\"} 3\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_sum{route=\"GET /api/users\"} 0.007200\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_count{route=\"GET /api/users\"} 3\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"POST /api/session\",le=\"2.5\"} 0\n"));
  assert_non_null(strstr(t, "plam_http_request_duration_seconds_bucket{route=\"POST /api/session\",le=\"+Inf\"} 1\n"));
  /* every line is a comment or "name{labels} value" */
  for (const char *line = t; *line;) {
    const char *nl = strchr(line, '\n');
    assert_non_null(nl);
    if (line[0] != '#') {
      const char *brace = memchr(line, '}', (size_t)(nl - line));
      assert_non_null(brace);
      assert_int_equal(brace[1], ' ');
    }
    line = nl + 1;
  }
  /* a bounded output buffer reports the overflow */
  struct buf small;
  buf_init(&small, 100);
  assert_int_equal(metrics_render(m, &small), PLAM_ERR_TOO_LARGE);
  buf_release(&small);
  buf_release(&b);
  metrics_release(m);
  metrics_release(NULL);
}

/* ---- static files -------------------------------------------------------- */

static char web_root[64];

static void put_file(const char *rel, const char *content) {
  char path[256];
  snprintf(path, sizeof path, "%s%s", web_root, rel);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(content, f);
  fclose(f);
}

static void remove_tree(const char *dir) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_static_lookup(void **state) {
  (void)state;
  snprintf(web_root, sizeof web_root, "/tmp/plam-test-web-XXXXXX");
  assert_non_null(mkdtemp(web_root));
  char sub[128];
  snprintf(sub, sizeof sub, "%s/admin", web_root);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(sub, sizeof sub, "%s/.git", web_root);
  assert_int_equal(mkdir(sub, 0700), 0);
  put_file("/index.html", "<!doctype html><title>Accueil</title>");
  put_file("/app.js", "export const x = 1;\n");
  put_file("/connexion.html", "<!doctype html><title>Connexion</title>");
  put_file("/admin/index.html", "<!doctype html><title>Admin</title>");
  put_file("/admin/users.html", "<!doctype html><title>Comptes</title>");
  put_file("/style.css", "body{}");
  put_file("/logo.svg", "<svg/>");
  put_file("/data.bin", "\x01\x02");
  put_file("/copy.js", "export const x = 1;\n");
  put_file("/.env", "SECRET=1");
  put_file("/.git/config", "[core]");

  struct static_files s;
  assert_int_equal(static_load(web_root, &s), PLAM_OK);
  assert_int_equal(s.n, 9); /* dot files and dot directories are not served */
  const struct static_file *f;

  f = static_find(&s, "/");
  assert_non_null(f);
  assert_string_equal(f->path, "/index.html");
  assert_string_equal(f->type, "text/html; charset=utf-8");
  assert_int_equal(f->len, strlen("<!doctype html><title>Accueil</title>"));
  assert_memory_equal(f->data, "<!doctype html><title>Accueil</title>", f->len);

  f = static_find(&s, "/app.js");
  assert_non_null(f);
  assert_string_equal(f->type, "text/javascript; charset=utf-8");
  /* a strong ETag from the content: equal content, equal tag; different, different */
  const struct static_file *g = static_find(&s, "/copy.js");
  assert_non_null(g);
  assert_string_equal(f->etag, g->etag);
  assert_int_equal(f->etag[0], '"');
  assert_int_equal(strlen(f->etag), 18);
  assert_string_not_equal(f->etag, static_find(&s, "/")->etag);

  /* extension-less paths fall back to .html; directories to index.html */
  f = static_find(&s, "/connexion");
  assert_non_null(f);
  assert_string_equal(f->path, "/connexion.html");
  f = static_find(&s, "/admin/");
  assert_non_null(f);
  assert_string_equal(f->path, "/admin/index.html");
  f = static_find(&s, "/admin/users");
  assert_non_null(f);
  assert_string_equal(f->path, "/admin/users.html");
  assert_string_equal(static_find(&s, "/style.css")->type, "text/css; charset=utf-8");
  assert_string_equal(static_find(&s, "/logo.svg")->type, "image/svg+xml");
  assert_string_equal(static_find(&s, "/data.bin")->type, "application/octet-stream");

  /* what must not be found */
  static const char *const missing[] = {"/admin",         "/missing.js",          "/missing",   "/.env", "/.git/config",
                                        "/../index.html", "/admin/../index.html", "index.html", "",      "/index.html/",
                                        "/app.js.html",   "/INDEX.HTML"};
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
    if (static_find(&s, missing[i])) fail_msg("\"%s\" should not be served", missing[i]);
  char longp[1000];
  memset(longp, 'a', sizeof longp);
  longp[0] = '/';
  longp[sizeof longp - 1] = '\0';
  assert_null(static_find(&s, longp));

  static_release(&s);
  assert_int_equal(s.n, 0);
  /* an empty table finds nothing */
  assert_null(static_find(&s, "/"));

  remove_tree(web_root);
  /* a missing root is an I/O error and leaves nothing allocated */
  assert_int_equal(static_load(web_root, &s), PLAM_ERR_IO);
  assert_int_equal(s.n, 0);
  assert_null(s.files);
}

/* frame_check: one table row per head, its verdict and error. */
static void test_frame_check(void **state) {
  (void)state;
  static const struct {
    const char *head;
    enum frame_state want;
    plam_err err;
  } rows[] = {
    {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", FRAME_OK, PLAM_OK},
    {"\r\nGET / HTTP/1.0\n\n", FRAME_OK, PLAM_OK},
    {"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nContent-Length:12 \r\n\r\n", FRAME_OK, PLAM_OK},
    {"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n", FRAME_OK, PLAM_OK},
    {"GET / HTTP/1.1\r\nHost: a\r\n", FRAME_MORE, PLAM_OK},
    {"GET / HTTP/1.", FRAME_MORE, PLAM_OK},
    {"GE", FRAME_MORE, PLAM_OK},
    {"", FRAME_MORE, PLAM_OK},
    {"GET / HTTP/1.1\r\nHost: a\r\n\r", FRAME_MORE, PLAM_OK},
    {"GARBAGE\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"\x16\x03\x01", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET  / HTTP/1.1\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTQ", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/x", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1 \r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", FRAME_BAD, PLAM_ERR_HTTP_VERSION},
    {"GET / HTTP/1.2\r\nHost: a\r\n\r\n", FRAME_BAD, PLAM_ERR_HTTP_VERSION},
    {"GET / HTTP/1.1\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", FRAME_BAD,
     PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", FRAME_BAD, PLAM_ERR_INVALID},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", FRAME_BAD, PLAM_ERR_TOO_LARGE},
    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\nContent-Length: 1\r\n\r\n", FRAME_BAD,
     PLAM_ERR_INVALID},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    plam_err err = PLAM_OK;
    size_t len = 0;
    enum frame_state st = frame_check(rows[i].head, strlen(rows[i].head), 8192, &len, &err);
    if (st != rows[i].want || (st == FRAME_BAD && err != rows[i].err))
      fail_msg("row %zu (%s): state %d err %d", i, rows[i].head, st, err);
    if (st == FRAME_OK) assert_int_equal(len, strlen(rows[i].head));
  }
  /* limits: the request line or the head reaching max_head */
  char big[300];
  memset(big, 'a', sizeof big);
  memcpy(big, "GET /", 5);
  plam_err err = PLAM_OK;
  assert_int_equal(frame_check(big, 64, 64, NULL, &err), FRAME_BAD);
  assert_int_equal(err, PLAM_ERR_URI_TOO_LONG);
  assert_int_equal(frame_check(big, 63, 64, NULL, &err), FRAME_MORE);
  const char *h =
    "GET / HTTP/1.1\r\nHost: a\r\nX-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  assert_int_equal(frame_check(h, 64, 64, NULL, &err), FRAME_BAD);
  assert_int_equal(err, PLAM_ERR_HEADERS_TOO_LARGE);
  const char *whole = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  assert_int_equal(frame_check(whole, strlen(whole), strlen(whole) - 1, NULL, &err), FRAME_BAD);
  assert_int_equal(err, PLAM_ERR_HEADERS_TOO_LARGE);
}

/* --trusted-proxy: X-Forwarded-For believed only from a trusted peer. */
static void test_trusted_proxy(void **state) {
  (void)state;
  struct http_proxies p;
  assert_int_equal(http_proxies_parse(NULL, &p), PLAM_OK);
  assert_int_equal(p.n, 0);
  assert_int_equal(http_proxies_parse("10.0.0.1, ::1", &p), PLAM_OK);
  assert_int_equal(p.n, 2);
  assert_int_equal(http_proxies_parse("10.0.0.1,nope", &p), PLAM_ERR_USAGE);
  assert_int_equal(http_proxies_parse("10.0.0.1,", &p), PLAM_ERR_USAGE);
  assert_int_equal(http_proxies_parse("10.0.0.1,10.0.0.2", &p), PLAM_OK);
  struct http_req req;
  memset(&req, 0, sizeof req);
  strcpy(req.client_ip, "192.0.2.7"); /* not a proxy: the header is ignored */
  http_proxies_resolve(&p, "203.0.113.9", &req);
  assert_string_equal(req.client_ip, "192.0.2.7");
  assert_int_equal(req.via_trusted_proxy, 0);
  strcpy(req.client_ip, "10.0.0.1"); /* rightmost untrusted hop wins over a forged left part */
  http_proxies_resolve(&p, "1.1.1.1, 203.0.113.9, 10.0.0.2", &req);
  assert_string_equal(req.client_ip, "203.0.113.9");
  assert_int_equal(req.via_trusted_proxy, 1);
  strcpy(req.client_ip, "10.0.0.1");
  http_proxies_resolve(&p, "garbage", &req);
  assert_string_equal(req.client_ip, "10.0.0.1");
  strcpy(req.client_ip, "10.0.0.1");
  http_proxies_resolve(&p, NULL, &req);
  assert_string_equal(req.client_ip, "10.0.0.1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_router_404_405),       cmocka_unit_test(test_router_captures),
    cmocka_unit_test(test_router_api_table),     cmocka_unit_test(test_method_names),
    cmocka_unit_test(test_query_parse),          cmocka_unit_test(test_query_invalid),
    cmocka_unit_test(test_query_int_and_params), cmocka_unit_test(test_metrics_render),
    cmocka_unit_test(test_static_lookup),        cmocka_unit_test(test_frame_check),
    cmocka_unit_test(test_trusted_proxy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
