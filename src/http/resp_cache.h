/* A bounded cache of response bodies (issue 8 item 7, cache module).
 *
 * An entry is the answer to one GET: status, content type, Cache-Control
 * and body, under a key made of the request's whole target (path and query,
 * as received) and the asker (an account id, 0 for the public), together
 * with the version of the data it was computed from (an opaque triple: the
 * database change stamp, filled by the layer above). A lookup finds an
 * entry only when its key and its version are the caller's; an entry whose
 * version differs is dropped on sight. Nothing here knows about databases,
 * sessions or routes: the dispatcher (api/call_cache.c) decides what may be
 * cached and what the version is.
 *
 * Bounds: at most max_entries entries and max_bytes bytes of keys and
 * bodies; an entry (key and body) larger than a quarter of max_bytes is
 * never kept. Past a
 * bound the least recently used entries go first (a doubly linked list;
 * lookups move an entry to its head). Keys are found through a hash table
 * of 2 * max_entries buckets. Not thread-safe: one cache per thread. */
#ifndef PLAM_HTTP_RESP_CACHE_H
#define PLAM_HTTP_RESP_CACHE_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define RESP_CACHE_KEY_MAX 1024 /* longer targets are not cached */
#define RESP_CACHE_TYPE_MAX 64  /* content type and Cache-Control, each */

struct resp_cache;

/* The version an entry was computed from (see top). */
struct resp_cache_version {
  uint64_t a, b, c;
};

/* What a hit gives: pointers into the entry, valid until the next put or
 * clear on the same cache (the server sends them before its next request). */
struct resp_cache_hit {
  int status;
  const char *content_type;  /* NULL: none */
  const char *cache_control; /* NULL: the server's default */
  const char *body;
  size_t len;
};

struct resp_cache_stats {
  unsigned entries;
  size_t bytes;
  uint64_t hits, misses, stale, evicted;
};

plam_err resp_cache_new(unsigned max_entries, size_t max_bytes, struct resp_cache **out);
void resp_cache_free(struct resp_cache *c);
/* 1 and *hit when (target, asker) has an entry of version v; else 0 (an
 * entry of another version is dropped). */
int resp_cache_get(struct resp_cache *c, const char *target, int64_t asker, const struct resp_cache_version *v,
                   struct resp_cache_hit *hit);
/* Keeps a copy of the answer (replacing the key's entry), evicting the
 * least recently used entries past a bound. PLAM_ERR_TOO_LARGE when the key,
 * a text or the body is past its limit (nothing kept), PLAM_ERR_NOMEM. */
plam_err resp_cache_put(struct resp_cache *c, const char *target, int64_t asker, const struct resp_cache_version *v,
                        const struct resp_cache_hit *answer);
/* Drops every entry. */
void resp_cache_clear(struct resp_cache *c);
void resp_cache_stats(const struct resp_cache *c, struct resp_cache_stats *out);

#endif
