/* Route matching over a process-lifetime table of struct http_route. A path
 * that matches no pattern is 404; a path that matches a pattern only under
 * other methods is 405 (with the allowed methods listed for the Allow header). */
#ifndef PLAM_HTTP_ROUTER_H
#define PLAM_HTTP_ROUTER_H
#include "http/http.h"

struct http_router {
  const struct http_route *routes;
  int nroutes;
};

/* Finds the route for method+path. On success *index is the route's index and
 * req->params/nparams hold the captures (pointing into arena memory).
 * PLAM_ERR_NOT_FOUND or PLAM_ERR_METHOD (allow receives "GET, POST") otherwise. */
plam_err router_match(const struct http_router *r, struct http_req *req, int *index, char *allow, size_t allow_len);
/* Matches path against one pattern, capturing {segments} into caps. Returns 1 on match. */
int router_pattern_match(const char *pattern, const char *path, struct arena *a, const char **caps, int *ncaps);

#endif
