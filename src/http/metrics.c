/* Prometheus metrics: see metrics.h. Statuses are folded into a fixed list of
 * slots so the table never grows at run time. */
#include "http/metrics.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include "http/http.h"

static const int metrics_statuses[] = {200, 201, 204, 301, 302, 304, 400, 401, 403, 404,
                                       405, 408, 409, 413, 415, 422, 429, 500, 503, 0 /* other */};
#define METRICS_NSTATUS ((int)(sizeof metrics_statuses / sizeof metrics_statuses[0]))
static const double metrics_buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define METRICS_NBUCKETS ((int)(sizeof metrics_buckets / sizeof metrics_buckets[0]))

struct metrics_row {
  _Atomic uint64_t by_status[METRICS_NSTATUS];
  _Atomic uint64_t buckets[METRICS_NBUCKETS + 1]; /* last = +Inf */
  _Atomic uint64_t sum_us;
};

struct metrics {
  const struct http_route *routes;
  int nroutes;
  struct metrics_row *rows; /* nroutes + 2: unmatched, static */
};

plam_err metrics_init(const struct http_route *routes, int nroutes, struct metrics **out) {
  struct metrics *m = calloc(1, sizeof *m);
  if (!m) return PLAM_ERR_NOMEM;
  m->rows = calloc((size_t)nroutes + 2, sizeof *m->rows);
  if (!m->rows) {
    free(m);
    return PLAM_ERR_NOMEM;
  }
  m->routes = routes;
  m->nroutes = nroutes;
  *out = m;
  return PLAM_OK;
}

static struct metrics_row *metrics_row(struct metrics *m, int route_index) {
  if (route_index >= 0 && route_index < m->nroutes) return &m->rows[route_index];
  return &m->rows[m->nroutes + (route_index == METRICS_ROUTE_STATIC ? 1 : 0)];
}

void metrics_observe(struct metrics *m, int route_index, int status, int64_t duration_ns) {
  if (!m) return;
  struct metrics_row *r = metrics_row(m, route_index);
  int s = METRICS_NSTATUS - 1;
  for (int i = 0; i < METRICS_NSTATUS - 1; i++)
    if (metrics_statuses[i] == status) {
      s = i;
      break;
    }
  atomic_fetch_add_explicit(&r->by_status[s], 1, memory_order_relaxed);
  double secs = (double)duration_ns / 1e9;
  int b = METRICS_NBUCKETS;
  for (int i = 0; i < METRICS_NBUCKETS; i++)
    if (secs <= metrics_buckets[i]) {
      b = i;
      break;
    }
  atomic_fetch_add_explicit(&r->buckets[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&r->sum_us, (uint64_t)(duration_ns / 1000), memory_order_relaxed);
}

static void metrics_route_label(struct metrics *m, int i, char *out, size_t n) {
  if (i < m->nroutes) snprintf(out, n, "%s %s", http_method_name(m->routes[i].method), m->routes[i].pattern);
  else snprintf(out, n, "%s", i == m->nroutes ? "unmatched" : "static");
}

plam_err metrics_render(struct metrics *m, struct buf *out) {
  plam_err e = buf_append_str(out, "# HELP plam_http_requests_total HTTP requests by route and status.\n"
                                   "# TYPE plam_http_requests_total counter\n");
  char label[256];
  for (int i = 0; !e && i < m->nroutes + 2; i++) {
    metrics_route_label(m, i, label, sizeof label);
    for (int s = 0; !e && s < METRICS_NSTATUS; s++) {
      uint64_t v = atomic_load_explicit(&m->rows[i].by_status[s], memory_order_relaxed);
      if (!v) continue;
      if (metrics_statuses[s])
        e = buf_printf(out, "plam_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n", label, metrics_statuses[s],
                       (unsigned long long)v);
      else
        e = buf_printf(out, "plam_http_requests_total{route=\"%s\",status=\"other\"} %llu\n", label,
                       (unsigned long long)v);
    }
  }
  if (!e)
    e = buf_append_str(out, "# HELP plam_http_request_duration_seconds Request latency by route.\n"
                            "# TYPE plam_http_request_duration_seconds histogram\n");
  for (int i = 0; !e && i < m->nroutes + 2; i++) {
    uint64_t cum = 0, count = 0;
    for (int b = 0; b <= METRICS_NBUCKETS; b++)
      count += atomic_load_explicit(&m->rows[i].buckets[b], memory_order_relaxed);
    if (!count) continue;
    metrics_route_label(m, i, label, sizeof label);
    for (int b = 0; !e && b < METRICS_NBUCKETS; b++) {
      cum += atomic_load_explicit(&m->rows[i].buckets[b], memory_order_relaxed);
      e = buf_printf(out, "plam_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", label,
                     metrics_buckets[b], (unsigned long long)cum);
    }
    if (!e)
      e = buf_printf(out, "plam_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", label,
                     (unsigned long long)count);
    if (!e)
      e = buf_printf(out, "plam_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", label,
                     (double)atomic_load_explicit(&m->rows[i].sum_us, memory_order_relaxed) / 1e6);
    if (!e)
      e = buf_printf(out, "plam_http_request_duration_seconds_count{route=\"%s\"} %llu\n", label,
                     (unsigned long long)count);
  }
  return e;
}

void metrics_release(struct metrics *m) {
  if (!m) return;
  free(m->rows);
  free(m);
}
