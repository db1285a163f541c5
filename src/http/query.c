/* Query-string parsing (application/x-www-form-urlencoded rules: '+' is a
 * space, %XX escapes) into the request's bounded key/value array. Invalid
 * escapes, NUL bytes and too many pairs are rejected. */
#include <string.h>
#include "http/http.h"

static int query_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes s[0..n) into arena memory; NULL on an invalid escape or NUL. */
static char *query_decode(struct arena *a, const char *s, size_t n, plam_err *err) {
  char *out = arena_alloc(a, n + 1);
  if (!out) {
    *err = PLAM_ERR_TOO_LARGE;
    return NULL;
  }
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '+') c = ' ';
    else if (c == '%') {
      int h, l;
      if (i + 2 >= n || (h = query_hex(s[i + 1])) < 0 || (l = query_hex(s[i + 2])) < 0) {
        *err = PLAM_ERR_INVALID;
        return NULL;
      }
      c = (char)(h * 16 + l);
      i += 2;
    }
    if (c == '\0') {
      *err = PLAM_ERR_INVALID;
      return NULL;
    }
    out[j++] = c;
  }
  out[j] = '\0';
  return out;
}

plam_err http_query_parse(struct http_req *req, const char *qs) {
  req->nquery = 0;
  if (!qs) return PLAM_OK;
  const char *p = qs;
  while (*p) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    if (len) {
      if (req->nquery >= HTTP_MAX_QUERY) return PLAM_ERR_INVALID;
      const char *eq = memchr(p, '=', len);
      size_t klen = eq ? (size_t)(eq - p) : len;
      plam_err e = PLAM_OK;
      char *k = query_decode(&req->arena, p, klen, &e);
      if (!k) return e;
      char *v = eq ? query_decode(&req->arena, eq + 1, len - klen - 1, &e) : arena_strdup(&req->arena, "");
      if (!v) return e ? e : PLAM_ERR_TOO_LARGE;
      req->query[req->nquery].key = k;
      req->query[req->nquery].value = v;
      req->nquery++;
    }
    if (!amp) break;
    p = amp + 1;
  }
  return PLAM_OK;
}
