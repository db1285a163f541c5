/* The response cache of the dispatcher (issue 8 item 7, cache module): a GET
 * of a route flagged ROUTE_CACHE is answered from the worker thread's cache
 * (http/resp_cache.h) when the same asker asked for the same target and
 * nothing was written to the database since.
 *
 *   - Key: the request's whole target as received (path and query) and the
 *     asker, the session's account id (0 for the public). The answer of a
 *     flagged route depends on nothing else: the database's content, the
 *     target, and the asker's account (its role and organisation are rows).
 *   - Version: the change stamp (db.h, db_change_stamp) of the read
 *     transaction the handler reads in (the request's read scope, opened
 *     here when the authorize hook did not open one), taken before the
 *     handler runs. Any commit by any connection of any process, or a row
 *     changed by this thread's own connection, changes it, so the next
 *     request misses and is computed again. Routes that need no database
 *     (API_NO_DB: the nomenclatures) answer from process-lifetime tables:
 *     their version is constant.
 *   - Only a 200 answer to which the handler added no header is kept: its
 *     status, content type, Cache-Control and body. The status line, Date,
 *     X-Request-Id, cookies and every other header are written per request
 *     by the server, as for an answer computed now.
 *   - SQLite only: PostgreSQL has no cheap stamp (db.h); `plam serve` leaves
 *     the cache off there, and with --no-response-cache.
 * One cache per worker thread (no lock), freed when the thread exits. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"

#define CALL_CACHE_ENTRIES 512
#define CALL_CACHE_BYTES (8u << 20)

/* Counters of every thread's cache, for /metrics (call_cache_metrics). */
static atomic_uint_fast64_t call_cache_hits, call_cache_misses;

static pthread_key_t call_cache_key;
static pthread_once_t call_cache_once = PTHREAD_ONCE_INIT;
static int call_cache_key_ok;

static void call_cache_destroy(void *p) { resp_cache_free(p); }
static void call_cache_key_init(void) { call_cache_key_ok = !pthread_key_create(&call_cache_key, call_cache_destroy); }

/* The calling thread's cache, made on first use; NULL when it cannot be. */
static struct resp_cache *call_cache_mine(void) {
  pthread_once(&call_cache_once, call_cache_key_init);
  if (!call_cache_key_ok) return NULL;
  struct resp_cache *c = pthread_getspecific(call_cache_key);
  if (c) return c;
  if (resp_cache_new(CALL_CACHE_ENTRIES, CALL_CACHE_BYTES, &c)) return NULL;
  if (pthread_setspecific(call_cache_key, c)) {
    resp_cache_free(c);
    return NULL;
  }
  return c;
}

/* The version of what the handler will read: see top. */
static int call_cache_version(struct http_req *req, struct resp_cache_version *v) {
  const struct api_input *spec = req->route->input->spec;
  if (spec && (spec->flags & API_NO_DB)) {
    memset(v, 0, sizeof *v);
    return 1;
  }
  struct db *db = api_db(req);
  if (!db) return 0;
  struct db_stamp st;
  if (db_change_stamp(db, &st)) {
    /* no read transaction yet (a public request): open the request's read
     * scope, which the handler's reads join and api_handled ends */
    db_read_scope_begin(db);
    if (db_change_stamp(db, &st)) return 0;
  }
  v->a = st.conn + 1;
  v->b = (uint64_t)st.theirs;
  v->c = (uint64_t)st.ours;
  return 1;
}

int call_cache_lookup(struct http_req *req, struct http_resp *resp, struct call_cache *cc) {
  memset(cc, 0, sizeof *cc);
  const struct http_route *rt = req->route;
  if (!(rt->flags & ROUTE_CACHE) || (req->method != HTTP_GET && req->method != HTTP_HEAD) || !req->target ||
      !api_ctx_of(req)->response_cache)
    return 0;
  struct resp_cache *c = call_cache_mine();
  if (!c || !call_cache_version(req, &cc->version)) return 0;
  cc->cache = c;
  cc->asker = req->session ? req->session->s.user_id : 0;
  cc->nheaders = resp->nheaders;
  struct resp_cache_hit hit;
  if (!resp_cache_get(c, req->target, cc->asker, &cc->version, &hit)) {
    atomic_fetch_add_explicit(&call_cache_misses, 1, memory_order_relaxed);
    return 0;
  }
  atomic_fetch_add_explicit(&call_cache_hits, 1, memory_order_relaxed);
  resp->status = hit.status;
  resp->content_type = hit.content_type;
  resp->cache_control = hit.cache_control;
  resp->static_body = hit.body;
  resp->static_len = hit.len;
  return 1;
}

void call_cache_store(struct http_req *req, struct http_resp *resp, const struct call_cache *cc) {
  if (!cc->cache || resp->status != 200 || resp->nheaders != cc->nheaders) return;
  if (resp->json) {
    /* the bytes the server would send (http_send): serialised once here */
    char *s = json_dumps(resp->json, JSON_COMPACT);
    if (!s) return;
    json_decref(resp->json);
    resp->json = NULL;
    free(resp->raw);
    resp->raw = s;
    resp->raw_len = strlen(s);
    resp->content_type = "application/json; charset=utf-8";
  }
  if (!resp->raw) return;
  struct resp_cache_hit a = {200, resp->content_type, resp->cache_control, resp->raw, resp->raw_len};
  resp_cache_put(cc->cache, req->target, cc->asker, &cc->version, &a); /* too large: simply not kept */
}

plam_err call_cache_metrics(struct buf *out) {
  return buf_printf(out,
                    "# HELP plam_response_cache_total Lookups of the response cache (ROUTE_CACHE GETs) by result.\n"
                    "# TYPE plam_response_cache_total counter\n"
                    "plam_response_cache_total{result=\"hit\"} %llu\n"
                    "plam_response_cache_total{result=\"miss\"} %llu\n",
                    (unsigned long long)atomic_load_explicit(&call_cache_hits, memory_order_relaxed),
                    (unsigned long long)atomic_load_explicit(&call_cache_misses, memory_order_relaxed));
}
