/* Static UI files, in memory for the process lifetime (immutable), so serving
 * them is a lookup with no file system access and no path to traverse: by
 * default the files embedded in the binary (base/embed.h, names "web/…"),
 * or a web root directory read once at start-up (--web-root, for UI work). */
#ifndef PLAM_HTTP_STATIC_H
#define PLAM_HTTP_STATIC_H
#include <stddef.h>
#include "base/error.h"

struct static_file {
  const char *path; /* "/index.html" */
  const char *data;
  size_t len;
  const char *type; /* MIME type */
  char etag[24];
};

struct static_files {
  struct static_file *files;
  size_t n;
  int owned; /* path and data were read from disk (freed by static_release) */
};

/* Loads every regular file below root (bounded: 4096 files, 64 MiB). */
plam_err static_load(const char *root, struct static_files *out);
/* Serves the files embedded under "web/" (names without the prefix);
 * PLAM_ERR_NOT_FOUND when the binary carries none. */
plam_err static_load_embedded(struct static_files *out);
/* Finds "/x" ("/" -> "/index.html"; "/x" without extension also tries "/x.html"). */
const struct static_file *static_find(const struct static_files *s, const char *path);
void static_release(struct static_files *s);

#endif
