/* libFuzzer target for route matching (src/http/router.c) against the real
 * API route table (src/api/routes.c). The first input byte picks the method,
 * the rest (cut at the first NUL) is the path. Besides the sanitizers, it
 * checks the router's contract: a match names a route of that method (or GET
 * for HEAD) whose pattern matches the path, with non-empty captures holding
 * no '/'; a 405 comes with a non-empty Allow list; and router_match agrees
 * with router_pattern_match over the whole table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "http/http.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  enum http_method m = (enum http_method)(data[0] % (HTTP_OTHER + 1));
  char *path = malloc(size);
  if (!path) return 0;
  memcpy(path, data + 1, size - 1);
  path[size - 1] = '\0';

  struct http_router r = {api_routes, api_routes_count};
  struct http_req req;
  memset(&req, 0, sizeof req);
  arena_init(&req.arena, 1 << 20);
  req.method = m;
  req.path = path;
  int index = -1;
  char allow[128];
  plam_err e = router_match(&r, &req, &index, allow, sizeof allow);

  /* what the whole table says about this path */
  int any = 0, same = 0;
  for (int i = 0; i < api_routes_count; i++) {
    struct arena a;
    arena_init(&a, 1 << 20);
    const char *caps[HTTP_MAX_PARAMS];
    int n = -1;
    if (router_pattern_match(api_routes[i].pattern, path, &a, caps, &n)) {
      FUZZ_CHECK(n >= 0 && n <= HTTP_MAX_PARAMS);
      any = 1;
      if (api_routes[i].method == m || (m == HTTP_HEAD && api_routes[i].method == HTTP_GET)) same = 1;
    }
    arena_release(&a);
  }

  if (e == PLAM_OK) {
    FUZZ_CHECK(same);
    FUZZ_CHECK(index >= 0 && index < api_routes_count);
    const struct http_route *rt = &api_routes[index];
    FUZZ_CHECK(rt->method == m || (m == HTTP_HEAD && rt->method == HTTP_GET));
    FUZZ_CHECK(req.nparams >= 0 && req.nparams <= HTTP_MAX_PARAMS);
    int braces = 0;
    for (const char *p = rt->pattern; *p; p++) braces += *p == '{';
    FUZZ_CHECK(req.nparams == braces);
    for (int i = 0; i < req.nparams; i++) {
      FUZZ_CHECK(req.params[i] && req.params[i][0]);
      FUZZ_CHECK(!strchr(req.params[i], '/'));
      int64_t id;
      plam_err pe = http_param_id(&req, i, &id);
      FUZZ_CHECK(pe == PLAM_OK || pe == PLAM_ERR_NOT_FOUND);
      if (pe == PLAM_OK) FUZZ_CHECK(id > 0);
    }
  } else if (e == PLAM_ERR_METHOD) {
    FUZZ_CHECK(any && !same);
    FUZZ_CHECK(allow[0] != '\0');
  } else {
    FUZZ_CHECK(e == PLAM_ERR_NOT_FOUND);
    FUZZ_CHECK(!any);
    FUZZ_CHECK(allow[0] == '\0');
  }
  arena_release(&req.arena);
  free(path);
  return 0;
}
