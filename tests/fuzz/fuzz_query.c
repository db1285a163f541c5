/* libFuzzer target for the query-string parser (src/http/query.c):
 * http_query_parse on arbitrary bytes (cut at the first NUL, as a URI would
 * be) with a request arena capped like the server's, then the typed
 * accessors over whatever it kept. Besides the sanitizers, it checks the
 * parser's promises: at most HTTP_MAX_QUERY pairs, no pair longer decoded
 * than encoded, no NUL smuggled in, and http_query_get returning the first
 * occurrence. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *qs = malloc(size + 1);
  if (!qs) return 0;
  memcpy(qs, data, size);
  qs[size] = '\0';
  size_t qlen = strlen(qs);

  struct http_req req;
  memset(&req, 0, sizeof req);
  arena_init(&req.arena, 64 * 1024);
  plam_err e = http_query_parse(&req, qs);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID || e == PLAM_ERR_TOO_LARGE);
  if (e == PLAM_OK) {
    FUZZ_CHECK(req.nquery >= 0 && req.nquery <= HTTP_MAX_QUERY);
    size_t total = 0;
    for (int i = 0; i < req.nquery; i++) {
      const char *k = req.query[i].key, *v = req.query[i].value;
      FUZZ_CHECK(k && v);
      total += strlen(k) + strlen(v);
      /* the first pair with this key is the one http_query_get returns */
      const char *first = http_query_get(&req, k);
      FUZZ_CHECK(first);
      int j = 0;
      while (strcmp(req.query[j].key, k)) j++;
      FUZZ_CHECK(first == req.query[j].value);
      long out = -1;
      plam_err ie = http_query_int(&req, k, 5, 0, 1000, &out);
      FUZZ_CHECK(ie == PLAM_OK || ie == PLAM_ERR_INVALID);
      if (ie == PLAM_OK) FUZZ_CHECK(out >= 0 && out <= 1000);
    }
    FUZZ_CHECK(total <= qlen); /* decoding never grows the text */
  }
  arena_release(&req.arena);
  free(qs);
  return 0;
}
