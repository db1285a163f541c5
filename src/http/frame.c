/* Strict check of an HTTP/1.x request head: see frame.h. */
#include "http/frame.h"
#include <string.h>
#include <strings.h>

#define FRAME_MAX_METHOD 32
#define FRAME_CL_MAX (1ull << 62) /* past this a Content-Length is refused as too large */

/* RFC 9110 5.6.2 tchar. */
static int frame_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
  return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int frame_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static enum frame_state frame_bad(plam_err *err, plam_err e) {
  if (err) *err = e;
  return FRAME_BAD;
}

/* Out of bytes: wait for more, unless the limit is reached. */
static enum frame_state frame_more(size_t n, size_t max_head, int in_request_line, plam_err *err) {
  if (n < max_head) return FRAME_MORE;
  return frame_bad(err, in_request_line ? PLAM_ERR_URI_TOO_LONG : PLAM_ERR_HEADERS_TOO_LARGE);
}

static int frame_name_is(const unsigned char *p, size_t n, const char *name) {
  return strlen(name) == n && !strncasecmp((const char *)p, name, n);
}

struct frame_fields {
  int ncl, cl_bad, cl_conflict, cl_huge, nte, te_bad, nhost, expect;
  unsigned long long cl;
};

static void frame_field(struct frame_fields *f, const unsigned char *name, size_t nl, const unsigned char *v,
                        size_t vl) {
  if (frame_name_is(name, nl, "content-length")) {
    unsigned long long x = 0;
    int huge = 0;
    if (!vl) f->cl_bad = 1;
    for (size_t k = 0; k < vl; k++) {
      if (!frame_digit(v[k])) {
        f->cl_bad = 1;
        break;
      }
      if (x > FRAME_CL_MAX) huge = 1;
      else x = x * 10 + (unsigned)(v[k] - '0');
    }
    if (x > FRAME_CL_MAX) huge = 1;
    if (f->ncl && (huge != f->cl_huge || x != f->cl)) f->cl_conflict = 1;
    f->cl = x;
    f->cl_huge |= huge;
    f->ncl++;
  } else if (frame_name_is(name, nl, "transfer-encoding")) {
    f->nte++;
    if (vl != 7 || strncasecmp((const char *)v, "chunked", 7)) f->te_bad = 1;
  } else if (frame_name_is(name, nl, "host")) {
    f->nhost++;
  } else if (frame_name_is(name, nl, "expect")) {
    f->expect = vl == 12 && !strncasecmp((const char *)v, "100-continue", 12);
  }
}

enum frame_state frame_check(const char *buf, size_t n, size_t max_head, size_t *head_len, plam_err *err) {
  struct frame_info info;
  enum frame_state st = frame_check_info(buf, n, max_head, &info, err);
  if (st == FRAME_OK && head_len) *head_len = info.head_len;
  return st;
}

enum frame_state frame_check_info(const char *buf, size_t n, size_t max_head, struct frame_info *info, plam_err *err) {
  const unsigned char *p = (const unsigned char *)buf;
  size_t i = 0;
  /* RFC 9112 2.2: a server should ignore empty lines before the request line. */
  while (i < n && i < 8 && (p[i] == '\r' || p[i] == '\n')) i++;
  size_t m = i;
  while (i < n && frame_tchar(p[i])) i++;
  if (i - m > FRAME_MAX_METHOD) return frame_bad(err, PLAM_ERR_INVALID);
  if (i == n) return frame_more(n, max_head, 1, err);
  if (p[i] != ' ' || i == m) return frame_bad(err, PLAM_ERR_INVALID);
  size_t t = ++i;
  while (i < n && p[i] > 0x20 && p[i] < 0x7f) i++;
  if (i == n) return frame_more(n, max_head, 1, err);
  if (p[i] != ' ' || i == t) return frame_bad(err, PLAM_ERR_INVALID);
  i++;
  static const char proto[] = "HTTP/";
  for (size_t k = 0; k < 5; k++, i++) {
    if (i == n) return frame_more(n, max_head, 1, err);
    if (p[i] != (unsigned char)proto[k]) return frame_bad(err, PLAM_ERR_INVALID);
  }
  if (n - i < 4) {
    /* check what is there: a digit, a dot, a digit, then the line end */
    if ((i < n && !frame_digit(p[i])) || (i + 1 < n && p[i + 1] != '.') || (i + 2 < n && !frame_digit(p[i + 2])))
      return frame_bad(err, PLAM_ERR_INVALID);
    if (n - i < 3) return frame_more(n, max_head, 1, err);
  }
  if (!frame_digit(p[i]) || p[i + 1] != '.' || !frame_digit(p[i + 2])) return frame_bad(err, PLAM_ERR_INVALID);
  int major = p[i] - '0', minor = p[i + 2] - '0';
  i += 3;
  if (i == n) return frame_more(n, max_head, 1, err);
  if (p[i] == '\r') {
    if (++i == n) return frame_more(n, max_head, 1, err);
  }
  if (p[i] != '\n') return frame_bad(err, PLAM_ERR_INVALID);
  i++;
  if (major != 1 || minor > 1) return frame_bad(err, PLAM_ERR_HTTP_VERSION);

  struct frame_fields f;
  memset(&f, 0, sizeof f);
  for (;;) {
    if (i == n) return frame_more(n, max_head, 0, err);
    if (p[i] == '\r' || p[i] == '\n') {
      if (p[i] == '\r') {
        if (i + 1 == n) return frame_more(n, max_head, 0, err);
        if (p[i + 1] != '\n') return frame_bad(err, PLAM_ERR_INVALID);
        i++;
      }
      i++;
      break;
    }
    if (p[i] == ' ' || p[i] == '\t') return frame_bad(err, PLAM_ERR_INVALID); /* obs-fold */
    size_t ns = i;
    while (i < n && frame_tchar(p[i])) i++;
    if (i == n) return frame_more(n, max_head, 0, err);
    if (p[i] != ':' || i == ns) return frame_bad(err, PLAM_ERR_INVALID);
    size_t nl = i - ns;
    size_t vs = ++i;
    while (i < n && p[i] != '\n') {
      unsigned char c = p[i];
      if (c == '\r') {
        if (i + 1 == n) return frame_more(n, max_head, 0, err);
        if (p[i + 1] != '\n') return frame_bad(err, PLAM_ERR_INVALID);
        break;
      }
      if ((c < 0x20 && c != '\t') || c == 0x7f) return frame_bad(err, PLAM_ERR_INVALID);
      i++;
    }
    if (i == n) return frame_more(n, max_head, 0, err);
    size_t ve = i;
    i += p[i] == '\r' ? 2 : 1;
    while (vs < ve && (p[vs] == ' ' || p[vs] == '\t')) vs++;
    while (ve > vs && (p[ve - 1] == ' ' || p[ve - 1] == '\t')) ve--;
    frame_field(&f, p + ns, nl, p + vs, ve - vs);
  }
  if (i > max_head) return frame_bad(err, PLAM_ERR_HEADERS_TOO_LARGE);
  if (f.cl_bad || f.cl_conflict || f.nte > 1 || f.te_bad || (f.nte && f.ncl)) return frame_bad(err, PLAM_ERR_INVALID);
  if (f.nhost > 1 || (minor == 1 && f.nhost != 1)) return frame_bad(err, PLAM_ERR_INVALID);
  if (f.cl_huge) return frame_bad(err, PLAM_ERR_TOO_LARGE);
  info->head_len = i;
  info->content_length = f.cl;
  info->chunked = f.nte > 0;
  info->expect_continue = f.expect && minor == 1;
  info->minor = minor;
  return FRAME_OK;
}
