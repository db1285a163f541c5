/* Interning table for the bundle reader: maps identifier strings to small
 * integers (symbols) so that references can be resolved after the whole
 * bundle is read, whatever the order of its sections. Strings are copied,
 * NUL-terminated, into the caller's arena. Open addressing, power-of-two
 * size, bounded by max symbols. */
#ifndef PLAM_APP_ALLOC_ALLOC_SYMTAB_H
#define PLAM_APP_ALLOC_ALLOC_SYMTAB_H
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/error.h"

/* A slot holds what a probe compares, so that a lookup of an id of at most
 * 8 bytes (most ids) touches nothing else: the hash with its low byte
 * replaced by min(length, 255), and the first 8 bytes of the string
 * (zero-padded). sym1 = symbol + 1, 0 for an empty slot. */
struct alloc_symtab_slot {
  uint32_t hl, sym1;
  uint64_t head;
};

struct alloc_symtab {
  struct arena *arena;
  struct alloc_symtab_slot *slots;
  size_t nslots;
  const char **str; /* symbol -> string */
  uint32_t *len, *hash;
  int n, cap, max;
};

void alloc_symtab_init(struct alloc_symtab *t, struct arena *arena, int max);
void alloc_symtab_release(struct alloc_symtab *t);
/* Finds or adds s[0..len); *sym gets its symbol; *added is set to 1 when new
 * (added may be NULL). PLAM_ERR_TOO_LARGE past max, PLAM_ERR_NOMEM. */
plam_err alloc_symtab_intern(struct alloc_symtab *t, const char *s, size_t len, int *sym, int *added);
/* Symbol of s, or -1. */
int alloc_symtab_find(const struct alloc_symtab *t, const char *s, size_t len);

#endif
