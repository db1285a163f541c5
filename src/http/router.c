/* Route matching: see router.h. Patterns are literal segments and {name}
 * captures; a capture matches one non-empty segment. Linear scan: the table is
 * small and the scan is a few string compares. */
#include "http/router.h"
#include <stdio.h>
#include <string.h>

int router_pattern_match(const char *pattern, const char *path, struct arena *a, const char **caps, int *ncaps) {
  const char *p = pattern, *s = path;
  int n = 0;
  while (*p && *s) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      if (!close) return 0;
      const char *end = strchr(s, '/');
      size_t len = end ? (size_t)(end - s) : strlen(s);
      if (len == 0 || n >= HTTP_MAX_PARAMS) return 0;
      if (caps) {
        caps[n] = arena_strndup(a, s, len);
        if (!caps[n]) return 0;
      }
      n++;
      p = close + 1;
      s += len;
      continue;
    }
    if (*p != *s) return 0;
    p++;
    s++;
  }
  if (*p || *s) return 0;
  if (ncaps) *ncaps = n;
  return 1;
}

plam_err router_match(const struct http_router *r, struct http_req *req, int *index, char *allow, size_t allow_len) {
  int path_known = 0;
  size_t used = 0;
  if (allow_len) allow[0] = '\0';
  for (int i = 0; i < r->nroutes; i++) {
    const struct http_route *rt = &r->routes[i];
    if (!router_pattern_match(rt->pattern, req->path, NULL, NULL, NULL)) continue;
    int same = rt->method == req->method || (req->method == HTTP_HEAD && rt->method == HTTP_GET);
    if (same) {
      int n = 0;
      if (!router_pattern_match(rt->pattern, req->path, &req->arena, req->params, &n)) return PLAM_ERR_NOMEM;
      req->nparams = n;
      *index = i;
      return PLAM_OK;
    }
    path_known = 1;
    if (allow_len > used) {
      int w = snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", http_method_name(rt->method));
      if (w > 0) used += (size_t)w;
    }
  }
  return path_known ? PLAM_ERR_METHOD : PLAM_ERR_NOT_FOUND;
}
