/* Files carried in the binary (Fossil's model): the web UI (names "web/…":
 * pages, scripts, styles and the DSFR files the pages use) and the demo
 * plans ("demo/plans/…"). The table is generated at build time by
 * tools/embed.c (CMakeLists.txt, "Embedded files"), sorted by name; it is
 * read-only data of the process, never freed. Reference data (territories)
 * is not here: it is a migration (src/db/migrations/0002_territories.sql). */
#ifndef PLAM_BASE_EMBED_H
#define PLAM_BASE_EMBED_H
#include <stddef.h>

struct embed_file {
  const char *name; /* "web/index.html" */
  const char *data; /* len bytes, followed by a NUL */
  size_t len;
};

extern const struct embed_file embed_files[];
extern const size_t embed_files_count;

/* The file of that exact name, or NULL. */
const struct embed_file *embed_find(const char *name);
/* Index range [*first, *end) of the files whose name starts with prefix
 * (the table is sorted, so they are contiguous); returns the count. */
size_t embed_range(const char *prefix, size_t *first, size_t *end);

#endif
