/* Interning table: see alloc_symtab.h. */
#include "app/alloc/alloc_symtab.h"
#include <stdlib.h>
#include <string.h>

void alloc_symtab_init(struct alloc_symtab *t, struct arena *arena, int max) {
  memset(t, 0, sizeof *t);
  t->arena = arena;
  t->max = max;
}

void alloc_symtab_release(struct alloc_symtab *t) {
  free(t->slots);
  free(t->str);
  free(t->len);
  free(t->hash);
  t->slots = NULL;
  t->str = NULL;
  t->len = t->hash = NULL;
  t->n = t->cap = 0;
  t->nslots = 0;
}

static uint32_t alloc_symtab_hash(const char *s, size_t len) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001B3ULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return (uint32_t)h;
}

static int alloc_symtab_probe(const struct alloc_symtab *t, const char *s, size_t len, uint32_t h, size_t *slot) {
  size_t mask = t->nslots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t v = t->slots[i];
    if (!v) { *slot = i; return -1; }
    if ((uint32_t)(v >> 32) != h) continue;
    int sym = (int)(uint32_t)v - 1;
    if (t->len[sym] == len && !memcmp(t->str[sym], s, len)) return sym;
  }
}

static plam_err alloc_symtab_grow(struct alloc_symtab *t) {
  if (t->n >= t->cap) {
    int cap = t->cap ? t->cap * 2 : 1024;
    const char **str = realloc(t->str, (size_t)cap * sizeof *str);
    if (!str) return PLAM_ERR_NOMEM;
    t->str = str;
    uint32_t *len = realloc(t->len, (size_t)cap * sizeof *len);
    if (!len) return PLAM_ERR_NOMEM;
    t->len = len;
    uint32_t *hash = realloc(t->hash, (size_t)cap * sizeof *hash);
    if (!hash) return PLAM_ERR_NOMEM;
    t->hash = hash;
    t->cap = cap;
  }
  if ((size_t)(t->n + 1) * 2 > t->nslots) {
    size_t nslots = t->nslots ? t->nslots * 2 : 2048;
    uint64_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) return PLAM_ERR_NOMEM;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    for (int sym = 0; sym < t->n; sym++) {
      size_t slot;
      alloc_symtab_probe(t, t->str[sym], t->len[sym], t->hash[sym], &slot);
      t->slots[slot] = ((uint64_t)t->hash[sym] << 32) | ((uint32_t)sym + 1);
    }
  }
  return PLAM_OK;
}

int alloc_symtab_find(const struct alloc_symtab *t, const char *s, size_t len) {
  if (!t->nslots) return -1;
  size_t slot;
  return alloc_symtab_probe(t, s, len, alloc_symtab_hash(s, len), &slot);
}

plam_err alloc_symtab_intern(struct alloc_symtab *t, const char *s, size_t len, int *sym, int *added) {
  uint32_t h = alloc_symtab_hash(s, len);
  size_t slot = 0;
  int found = t->nslots ? alloc_symtab_probe(t, s, len, h, &slot) : -1;
  if (added) *added = found < 0;
  if (found >= 0) { *sym = found; return PLAM_OK; }
  if (t->n >= t->max) return PLAM_ERR_TOO_LARGE;
  size_t old = t->nslots;
  plam_err e = alloc_symtab_grow(t);
  if (e) return e;
  if (t->nslots != old) alloc_symtab_probe(t, s, len, h, &slot);
  char *copy = arena_strndup(t->arena, s, len);
  if (!copy) return PLAM_ERR_NOMEM;
  t->str[t->n] = copy;
  t->len[t->n] = (uint32_t)len;
  t->hash[t->n] = h;
  t->slots[slot] = ((uint64_t)h << 32) | ((uint32_t)t->n + 1);
  *sym = t->n++;
  return PLAM_OK;
}
