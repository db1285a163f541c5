/* Request arena: see arena.h. Blocks are at least 8 KiB; large requests get a
 * block of their own.
 *
 * Each thread keeps one spare 8 KiB block: arena_release gives a block of
 * that size back to it instead of freeing it, and the next arena of the
 * thread starts with it. A request on a server thread therefore allocates no
 * block in the steady state (the malloc of an 8 KiB chunk made glibc
 * consolidate its fast bins on every request). The spare is freed when the
 * thread exits (the key's destructor). */
#include "base/arena.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
  struct arena_block *next;
  size_t size, off;
  _Alignas(16) unsigned char mem[];
};

#define ARENA_BLOCK 8192

static pthread_once_t arena_once = PTHREAD_ONCE_INIT;
static pthread_key_t arena_key; /* the thread's spare block */
static int arena_key_ok;

static void arena_key_init(void) { arena_key_ok = pthread_key_create(&arena_key, free) == 0; }

static struct arena_block *arena_spare_take(void) {
  pthread_once(&arena_once, arena_key_init);
  if (!arena_key_ok) return NULL;
  struct arena_block *b = pthread_getspecific(arena_key);
  if (b) pthread_setspecific(arena_key, NULL);
  return b;
}

/* Keeps b as the thread's spare; 0 when there is one already. */
static int arena_spare_give(struct arena_block *b) {
  pthread_once(&arena_once, arena_key_init);
  if (!arena_key_ok || pthread_getspecific(arena_key)) return 0;
  return pthread_setspecific(arena_key, b) == 0;
}

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
    size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    b = size == ARENA_BLOCK ? arena_spare_take() : NULL;
    if (!b) b = malloc(sizeof *b + size);
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
    if (b->size != ARENA_BLOCK || !arena_spare_give(b)) free(b);
    b = n;
  }
  a->head = NULL;
  a->used = 0;
}
