/* Static UI files: see static.h. */
#include "http/static.h"
#include <dirent.h>
#include "base/embed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_MAX_FILES 4096
#define STATIC_MAX_BYTES (64u << 20)

static const struct {
  const char *ext, *type;
} static_types[] = {
  {".html", "text/html; charset=utf-8"},
  {".css", "text/css; charset=utf-8"},
  {".js", "text/javascript; charset=utf-8"},
  {".mjs", "text/javascript; charset=utf-8"},
  {".json", "application/json"},
  {".svg", "image/svg+xml"},
  {".png", "image/png"},
  {".jpg", "image/jpeg"},
  {".ico", "image/x-icon"},
  {".woff2", "font/woff2"},
  {".woff", "font/woff"},
  {".txt", "text/plain; charset=utf-8"},
  {".webmanifest", "application/manifest+json"},
};

static const char *static_type(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot)
    for (size_t i = 0; i < sizeof static_types / sizeof static_types[0]; i++)
      if (!strcmp(dot, static_types[i].ext)) return static_types[i].type;
  return "application/octet-stream";
}

static int static_cmp(const void *a, const void *b) {
  return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

/* Fills a file entry; the ETag is the FNV-1a hash of the content (strong). */
static void static_file_set(struct static_file *f, const char *path, const char *data, size_t len) {
  f->path = path;
  f->data = data;
  f->len = len;
  f->type = static_type(path);
  unsigned long long h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
  snprintf(f->etag, sizeof f->etag, "\"%016llx\"", h);
}

static plam_err static_walk(const char *root, const char *rel, struct static_files *s, size_t *cap, size_t *total) {
  char dirpath[4096];
  if (snprintf(dirpath, sizeof dirpath, "%s%s", root, rel) >= (int)sizeof dirpath) return PLAM_ERR_TOO_LARGE;
  DIR *d = opendir(dirpath);
  if (!d) return PLAM_ERR_IO;
  plam_err e = PLAM_OK;
  struct dirent *de;
  while (!e && (de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    char relpath[4096], full[8192];
    if (snprintf(relpath, sizeof relpath, "%s/%s", rel, de->d_name) >= (int)sizeof relpath) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    snprintf(full, sizeof full, "%s%s", root, relpath);
    struct stat st;
    if (stat(full, &st)) continue;
    if (S_ISDIR(st.st_mode)) {
      e = static_walk(root, relpath, s, cap, total);
      continue;
    }
    if (!S_ISREG(st.st_mode)) continue;
    if (s->n >= STATIC_MAX_FILES || *total + (size_t)st.st_size > STATIC_MAX_BYTES) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    if (s->n == *cap) {
      size_t nc = *cap ? *cap * 2 : 64;
      struct static_file *nf = realloc(s->files, nc * sizeof *nf);
      if (!nf) {
        e = PLAM_ERR_NOMEM;
        break;
      }
      s->files = nf;
      *cap = nc;
    }
    struct static_file *f = &s->files[s->n];
    memset(f, 0, sizeof *f);
    char *path = strdup(relpath), *data = malloc((size_t)st.st_size + 1);
    FILE *fp = fopen(full, "rb");
    if (!path || !data || !fp || fread(data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
      if (fp) fclose(fp);
      free(path);
      free(data);
      e = PLAM_ERR_IO;
      break;
    }
    fclose(fp);
    data[st.st_size] = '\0';
    static_file_set(f, path, data, (size_t)st.st_size);
    *total += f->len;
    s->n++;
  }
  closedir(d);
  return e;
}

plam_err static_load(const char *root, struct static_files *out) {
  memset(out, 0, sizeof *out);
  out->owned = 1;
  size_t cap = 0, total = 0;
  plam_err e = static_walk(root, "", out, &cap, &total);
  if (e) {
    static_release(out);
    return e;
  }
  qsort(out->files, out->n, sizeof *out->files, static_cmp);
  return PLAM_OK;
}

plam_err static_load_embedded(struct static_files *out) {
  memset(out, 0, sizeof *out);
  size_t first, end;
  if (!embed_range("web/", &first, &end)) return PLAM_ERR_NOT_FOUND;
  out->files = calloc(end - first, sizeof *out->files);
  if (!out->files) return PLAM_ERR_NOMEM;
  /* The table is sorted by name, so the entries stay in static_cmp order. */
  for (size_t i = first; i < end; i++)
    static_file_set(&out->files[out->n++], embed_files[i].name + 3, embed_files[i].data, embed_files[i].len);
  return PLAM_OK;
}

static const struct static_file *static_lookup(const struct static_files *s, const char *path) {
  struct static_file key = {.path = path};
  return bsearch(&key, s->files, s->n, sizeof *s->files, static_cmp);
}

const struct static_file *static_find(const struct static_files *s, const char *path) {
  if (!s->n) return NULL;
  char buf[1024];
  size_t n = strlen(path);
  if (n == 0 || n > 900) return NULL;
  if (path[n - 1] == '/') {
    snprintf(buf, sizeof buf, "%sindex.html", path);
    return static_lookup(s, buf);
  }
  const struct static_file *f = static_lookup(s, path);
  if (f) return f;
  const char *slash = strrchr(path, '/');
  if (!strchr(slash ? slash : path, '.')) {
    snprintf(buf, sizeof buf, "%s.html", path);
    return static_lookup(s, buf);
  }
  return NULL;
}

void static_release(struct static_files *s) {
  for (size_t i = 0; s->owned && i < s->n; i++) {
    free((char *)s->files[i].path);
    free((char *)s->files[i].data);
  }
  free(s->files);
  s->files = NULL;
  s->n = 0;
}
