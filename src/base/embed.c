/* Lookups in the embedded files table: see embed.h. */
#include "base/embed.h"
#include <string.h>

const struct embed_file *embed_find(const char *name) {
  size_t lo = 0, hi = embed_files_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(embed_files[mid].name, name);
    if (!c) return &embed_files[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

size_t embed_range(const char *prefix, size_t *first, size_t *end) {
  size_t n = strlen(prefix), lo = 0, hi = embed_files_count;
  while (lo < hi) { /* first name >= prefix */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(embed_files[mid].name, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  size_t e = lo;
  while (e < embed_files_count && !strncmp(embed_files[e].name, prefix, n)) e++;
  *first = lo;
  *end = e;
  return e - lo;
}
