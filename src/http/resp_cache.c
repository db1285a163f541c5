/* A bounded LRU cache of response bodies: see resp_cache.h. Entries live in
 * one array (max_entries slots); a slot is free, or in one hash chain and in
 * the LRU list. A slot's key and body are one allocation. */
#include "http/resp_cache.h"
#include <stdlib.h>
#include <string.h>

struct rc_entry {
  int used;
  uint64_t hash;
  int64_t asker;
  struct resp_cache_version v;
  int status;
  char type[RESP_CACHE_TYPE_MAX], cc[RESP_CACHE_TYPE_MAX];
  int has_type, has_cc;
  char *mem; /* key '\0' body */
  size_t key_len, len;
  int chain;      /* next slot of the same bucket, -1: none */
  int prev, next; /* LRU list (head: most recent); next also links free slots */
};

struct resp_cache {
  unsigned max_entries;
  size_t max_bytes, bytes;
  unsigned entries;
  struct rc_entry *e;
  int *bucket; /* nbuckets heads, -1: empty */
  unsigned nbuckets;
  int head, tail, free_list;
  uint64_t hits, misses, stale, evicted;
};

static uint64_t rc_hash(const char *s, size_t n, int64_t asker) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t)asker * 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h ^ (h >> 29);
}

plam_err resp_cache_new(unsigned max_entries, size_t max_bytes, struct resp_cache **out) {
  if (!max_entries || max_entries > 1u << 20 || !max_bytes) return PLAM_ERR_USAGE;
  struct resp_cache *c = calloc(1, sizeof *c);
  if (!c) return PLAM_ERR_NOMEM;
  c->max_entries = max_entries;
  c->max_bytes = max_bytes;
  c->nbuckets = max_entries * 2;
  c->e = calloc(max_entries, sizeof *c->e);
  c->bucket = malloc(c->nbuckets * sizeof *c->bucket);
  if (!c->e || !c->bucket) {
    resp_cache_free(c);
    return PLAM_ERR_NOMEM;
  }
  c->head = c->tail = -1;
  c->free_list = -1;
  for (unsigned i = 0; i < c->nbuckets; i++) c->bucket[i] = -1;
  for (int i = (int)max_entries - 1; i >= 0; i--) {
    c->e[i].next = c->free_list;
    c->free_list = i;
  }
  *out = c;
  return PLAM_OK;
}

static void rc_unlink_lru(struct resp_cache *c, int i) {
  struct rc_entry *x = &c->e[i];
  if (x->prev >= 0) c->e[x->prev].next = x->next;
  else c->head = x->next;
  if (x->next >= 0) c->e[x->next].prev = x->prev;
  else c->tail = x->prev;
}

static void rc_push_front(struct resp_cache *c, int i) {
  struct rc_entry *x = &c->e[i];
  x->prev = -1;
  x->next = c->head;
  if (c->head >= 0) c->e[c->head].prev = i;
  c->head = i;
  if (c->tail < 0) c->tail = i;
}

/* Takes slot i out of its chain and the LRU list and frees it. */
static void rc_drop(struct resp_cache *c, int i) {
  struct rc_entry *x = &c->e[i];
  int *link = &c->bucket[x->hash % c->nbuckets];
  while (*link != i) link = &c->e[*link].chain;
  *link = x->chain;
  rc_unlink_lru(c, i);
  c->bytes -= x->key_len + x->len;
  c->entries--;
  free(x->mem);
  memset(x, 0, sizeof *x);
  x->next = c->free_list;
  c->free_list = i;
}

static int rc_find(const struct resp_cache *c, uint64_t h, const char *target, size_t n, int64_t asker) {
  for (int i = c->bucket[h % c->nbuckets]; i >= 0; i = c->e[i].chain) {
    const struct rc_entry *x = &c->e[i];
    if (x->hash == h && x->asker == asker && x->key_len == n && !memcmp(x->mem, target, n)) return i;
  }
  return -1;
}

static int rc_version_eq(const struct resp_cache_version *a, const struct resp_cache_version *b) {
  return a->a == b->a && a->b == b->b && a->c == b->c;
}

int resp_cache_get(struct resp_cache *c, const char *target, int64_t asker, const struct resp_cache_version *v,
                   struct resp_cache_hit *hit) {
  size_t n = strlen(target);
  int i = n <= RESP_CACHE_KEY_MAX ? rc_find(c, rc_hash(target, n, asker), target, n, asker) : -1;
  if (i < 0) {
    c->misses++;
    return 0;
  }
  struct rc_entry *x = &c->e[i];
  if (!rc_version_eq(&x->v, v)) {
    c->stale++;
    c->misses++;
    rc_drop(c, i);
    return 0;
  }
  rc_unlink_lru(c, i);
  rc_push_front(c, i);
  c->hits++;
  hit->status = x->status;
  hit->content_type = x->has_type ? x->type : NULL;
  hit->cache_control = x->has_cc ? x->cc : NULL;
  hit->body = x->mem + x->key_len + 1;
  hit->len = x->len;
  return 1;
}

static int rc_text_fits(const char *s) { return !s || strlen(s) < RESP_CACHE_TYPE_MAX; }

plam_err resp_cache_put(struct resp_cache *c, const char *target, int64_t asker, const struct resp_cache_version *v,
                        const struct resp_cache_hit *answer) {
  size_t n = strlen(target);
  if (n > RESP_CACHE_KEY_MAX || n + answer->len > c->max_bytes / 4 || !rc_text_fits(answer->content_type) ||
      !rc_text_fits(answer->cache_control))
    return PLAM_ERR_TOO_LARGE;
  uint64_t h = rc_hash(target, n, asker);
  int old = rc_find(c, h, target, n, asker);
  if (old >= 0) rc_drop(c, old);
  char *mem = malloc(n + 1 + answer->len + 1);
  if (!mem) return PLAM_ERR_NOMEM;
  memcpy(mem, target, n + 1);
  if (answer->len) memcpy(mem + n + 1, answer->body, answer->len);
  mem[n + 1 + answer->len] = '\0';
  while (c->tail >= 0 && (c->free_list < 0 || c->bytes + n + answer->len > c->max_bytes)) {
    rc_drop(c, c->tail);
    c->evicted++;
  }
  int i = c->free_list;
  struct rc_entry *x = &c->e[i];
  c->free_list = x->next;
  x->used = 1;
  x->hash = h;
  x->asker = asker;
  x->v = *v;
  x->status = answer->status;
  x->has_type = answer->content_type != NULL;
  x->has_cc = answer->cache_control != NULL;
  if (x->has_type) strcpy(x->type, answer->content_type);
  if (x->has_cc) strcpy(x->cc, answer->cache_control);
  x->mem = mem;
  x->key_len = n;
  x->len = answer->len;
  int *b = &c->bucket[h % c->nbuckets];
  x->chain = *b;
  *b = i;
  rc_push_front(c, i);
  c->bytes += n + answer->len;
  c->entries++;
  return PLAM_OK;
}

void resp_cache_clear(struct resp_cache *c) {
  while (c && c->tail >= 0) rc_drop(c, c->tail);
}

void resp_cache_free(struct resp_cache *c) {
  if (!c) return;
  if (c->e && c->bucket) resp_cache_clear(c);
  free(c->e);
  free(c->bucket);
  free(c);
}

void resp_cache_stats(const struct resp_cache *c, struct resp_cache_stats *out) {
  memset(out, 0, sizeof *out);
  if (!c) return;
  out->entries = c->entries;
  out->bytes = c->bytes;
  out->hits = c->hits;
  out->misses = c->misses;
  out->stale = c->stale;
  out->evicted = c->evicted;
}
