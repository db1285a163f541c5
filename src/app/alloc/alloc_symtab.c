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

static uint32_t alloc_symtab_hl(uint32_t h, size_t len) {
  return (h & 0xFFFFFF00u) | (uint32_t)(len < 255 ? len : 255);
}

static uint64_t alloc_symtab_head(const char *s, size_t len) {
  uint64_t v = 0;
  memcpy(&v, s, len < 8 ? len : 8);
  return v;
}

/* Equal hl and head mean equal strings when len <= 8 (the length is in hl);
 * longer ones compare the rest. */
static int alloc_symtab_probe(const struct alloc_symtab *t, const char *s, size_t len, uint32_t h, size_t *slot) {
  size_t mask = t->nslots - 1;
  uint32_t hl = alloc_symtab_hl(h, len);
  uint64_t head = alloc_symtab_head(s, len);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const struct alloc_symtab_slot *v = &t->slots[i];
    if (!v->sym1) {
      *slot = i;
      return -1;
    }
    if (v->hl != hl || v->head != head) continue;
    int sym = (int)v->sym1 - 1;
    if (len <= 8 || (t->len[sym] == len && !memcmp(t->str[sym] + 8, s + 8, len - 8))) return sym;
  }
}

static void alloc_symtab_fill(struct alloc_symtab *t, size_t slot, int sym) {
  t->slots[slot].hl = alloc_symtab_hl(t->hash[sym], t->len[sym]);
  t->slots[slot].sym1 = (uint32_t)sym + 1;
  t->slots[slot].head = alloc_symtab_head(t->str[sym], t->len[sym]);
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
    struct alloc_symtab_slot *slots = calloc(nslots, sizeof *slots);
    if (!slots) return PLAM_ERR_NOMEM;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    for (int sym = 0; sym < t->n; sym++) {
      size_t slot;
      alloc_symtab_probe(t, t->str[sym], t->len[sym], t->hash[sym], &slot);
      alloc_symtab_fill(t, slot, sym);
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
  if (found >= 0) {
    *sym = found;
    return PLAM_OK;
  }
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
  alloc_symtab_fill(t, slot, t->n);
  *sym = t->n++;
  return PLAM_OK;
}
