/* Request arena: see arena.h. Blocks are at least 8 KiB; large requests get a
 * block of their own. */
#include "base/arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
  struct arena_block *next;
  size_t size, off;
  _Alignas(16) unsigned char mem[];
};

void arena_init(struct arena *a, size_t cap) {
  a->head = NULL;
  a->used = 0;
  a->cap = cap;
}

void *arena_alloc(struct arena *a, size_t n) {
  if (n > SIZE_MAX - 15) return NULL; /* the rounding below would wrap to a tiny size */
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  if (n > a->cap - a->used) return NULL;
  struct arena_block *b = a->head;
  if (!b || b->size - b->off < n) {
    size_t size = n > 8192 ? n : 8192;
    b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->size = size;
    b->off = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->mem + b->off;
  b->off += n;
  a->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(struct arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

void arena_release(struct arena *a) {
  struct arena_block *b = a->head;
  while (b) {
    struct arena_block *n = b->next;
    free(b);
    b = n;
  }
  a->head = NULL;
  a->used = 0;
}
