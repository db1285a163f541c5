/* Request arena: a bump allocator with a hard cap. Everything a request
 * allocates through it is freed at once by arena_release. Allocation past the
 * cap returns NULL (callers map that to PLAM_ERR_NOMEM / 413 / 503). */
#ifndef PLAM_BASE_ARENA_H
#define PLAM_BASE_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
  struct arena_block *head;
  size_t used; /* bytes handed out, all blocks */
  size_t cap;  /* hard limit */
};

void arena_init(struct arena *a, size_t cap);
/* Returns 16-byte aligned zeroed memory owned by the arena, or NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

#endif
