/* Request metrics in Prometheus text format: a counter of requests by route
 * and status, and a latency histogram per route. Lock-free (atomic adds);
 * the table is sized once for the route table at start-up. */
#ifndef PLAM_HTTP_METRICS_H
#define PLAM_HTTP_METRICS_H
#include <stdint.h>
#include "base/buf.h"
#include "base/error.h"

struct http_route;
struct metrics;

plam_err metrics_init(const struct http_route *routes, int nroutes, struct metrics **out);
/* route_index -1 counts under route "unmatched" (404, static files under "static"). */
void metrics_observe(struct metrics *m, int route_index, int status, int64_t duration_ns);
plam_err metrics_render(struct metrics *m, struct buf *out);
void metrics_release(struct metrics *m);

#define METRICS_ROUTE_STATIC (-2)

#endif
