/* Static UI files, loaded into memory once at start-up from the web root
 * (process lifetime, immutable), so serving them is a lookup with no file
 * system access and no path to traverse. */
#ifndef PLAM_HTTP_STATIC_H
#define PLAM_HTTP_STATIC_H
#include <stddef.h>
#include "base/error.h"

struct static_file {
  char *path; /* "/index.html" */
  char *data;
  size_t len;
  const char *type; /* MIME type */
  char etag[24];
};

struct static_files {
  struct static_file *files;
  size_t n;
};

/* Loads every regular file below root (bounded: 4096 files, 64 MiB). */
plam_err static_load(const char *root, struct static_files *out);
/* Finds "/x" ("/" -> "/index.html"; "/x" without extension also tries "/x.html"). */
const struct static_file *static_find(const struct static_files *s, const char *path);
void static_release(struct static_files *s);

#endif
