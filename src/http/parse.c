/* Request head parsing and chunked body decoding: see parse.h. */
#include "http/parse.h"
#include <string.h>
#include <strings.h>

/* RFC 9110 5.6.2 tchar. */
static int parse_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
  return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int parse_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* At p[*i]: a line end (CRLF or LF) is consumed; 0 when there is none. */
static int parse_eol(const unsigned char *p, size_t n, size_t *i) {
  if (*i < n && p[*i] == '\n') {
    (*i)++;
    return 1;
  }
  if (*i + 1 < n && p[*i] == '\r' && p[*i + 1] == '\n') {
    *i += 2;
    return 1;
  }
  return 0;
}

plam_err parse_head(char *buf, size_t len, struct http_kv *fields, int cap, struct parse_head *out) {
  unsigned char *p = (unsigned char *)buf;
  size_t i = 0, n = len;
  memset(out, 0, sizeof *out);
  out->fields = fields;
  while (i < n && i < 8 && (p[i] == '\r' || p[i] == '\n')) i++;
  size_t m = i;
  while (i < n && parse_tchar(p[i])) i++;
  if (i == m || i == n || p[i] != ' ') return PLAM_ERR_INVALID;
  p[i++] = '\0';
  out->method = buf + m;
  size_t t = i;
  while (i < n && p[i] > 0x20 && p[i] < 0x7f) i++;
  if (i == t || i == n || p[i] != ' ') return PLAM_ERR_INVALID;
  p[i++] = '\0';
  out->target = buf + t;
  if (n - i < 8 || memcmp(p + i, "HTTP/", 5) || !parse_digit(p[i + 5]) || p[i + 6] != '.' || !parse_digit(p[i + 7]))
    return PLAM_ERR_INVALID;
  int major = p[i + 5] - '0', minor = p[i + 7] - '0';
  i += 8;
  if (!parse_eol(p, n, &i)) return PLAM_ERR_INVALID;
  if (major != 1 || minor > 1) return PLAM_ERR_HTTP_VERSION;
  out->minor = minor;
  for (;;) {
    if (i == n) return PLAM_ERR_INVALID; /* no blank line */
    if (parse_eol(p, n, &i)) break;
    size_t ns = i;
    while (i < n && parse_tchar(p[i])) i++;
    if (i == ns || i == n || p[i] != ':') return PLAM_ERR_INVALID;
    p[i++] = '\0';
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    size_t vs = i;
    while (i < n && p[i] != '\r' && p[i] != '\n') {
      if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f) return PLAM_ERR_INVALID;
      i++;
    }
    size_t ve = i;
    if (!parse_eol(p, n, &i)) return PLAM_ERR_INVALID;
    while (ve > vs && (p[ve - 1] == ' ' || p[ve - 1] == '\t')) ve--;
    p[ve] = '\0'; /* over a space, the CR or the LF: all already read */
    if (out->nfields >= cap) return PLAM_ERR_HEADERS_TOO_LARGE;
    fields[out->nfields].key = buf + ns;
    fields[out->nfields].value = buf + vs;
    out->nfields++;
  }
  return i == n ? PLAM_OK : PLAM_ERR_INVALID;
}

const char *parse_field(const struct parse_head *h, const char *name) {
  for (int i = 0; i < h->nfields; i++)
    if (!strcasecmp(h->fields[i].key, name)) return h->fields[i].value;
  return NULL;
}

enum {
  CH_SIZE,       /* hex digits of a chunk size */
  CH_EXT,        /* after the size: extensions up to the line end */
  CH_SIZE_LF,    /* CR seen at the end of the size line */
  CH_DATA,       /* chunk data */
  CH_DATA_CR,    /* after the data: CRLF */
  CH_DATA_LF,    /* CR seen after the data */
  CH_TRAILER,    /* trailer lines, then the blank line */
  CH_TRAILER_LF, /* CR seen in the trailer section */
};

static int parse_hex(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The size line ended: data follows, or the trailer section when it is 0. */
static void parse_size_done(struct parse_chunked *d) {
  d->state = d->left ? CH_DATA : CH_TRAILER;
  d->line = 0;
}

enum parse_chunk_state parse_chunked(struct parse_chunked *d, const char *in, size_t n, size_t *used, struct buf *out) {
  const unsigned char *p = (const unsigned char *)in;
  size_t i = 0;
  *used = 0;
  while (i < n) {
    unsigned char c = p[i];
    switch (d->state) {
    case CH_SIZE: {
      if (++d->line > PARSE_CHUNK_LINE_MAX) return PARSE_CHUNK_BAD;
      int v = parse_hex(c);
      i++;
      if (v >= 0) {
        if (++d->digits > 16) return PARSE_CHUNK_BAD;
        d->left = d->left * 16 + (unsigned)v;
      } else if (!d->digits) {
        return PARSE_CHUNK_BAD;
      } else if (c == ';' || c == ' ' || c == '\t') {
        d->state = CH_EXT;
      } else if (c == '\r') {
        d->state = CH_SIZE_LF;
      } else if (c == '\n') {
        parse_size_done(d);
      } else {
        return PARSE_CHUNK_BAD;
      }
      break;
    }
    case CH_EXT:
      if (++d->line > PARSE_CHUNK_LINE_MAX) return PARSE_CHUNK_BAD;
      i++;
      if (c == '\r') d->state = CH_SIZE_LF;
      else if (c == '\n') parse_size_done(d);
      else if ((c < 0x20 && c != '\t') || c == 0x7f) return PARSE_CHUNK_BAD;
      break;
    case CH_SIZE_LF:
      if (c != '\n') return PARSE_CHUNK_BAD;
      parse_size_done(d);
      i++;
      break;
    case CH_DATA: {
      if (d->left > out->max - out->len) return PARSE_CHUNK_TOO_LARGE; /* refused before its data arrives */
      size_t k = n - i;
      if ((unsigned long long)k > d->left) k = (size_t)d->left;
      if (buf_append(out, p + i, k)) return PARSE_CHUNK_TOO_LARGE;
      d->left -= k;
      i += k;
      if (!d->left) d->state = CH_DATA_CR;
      break;
    }
    case CH_DATA_CR:
    case CH_DATA_LF:
      if (c == '\r' && d->state == CH_DATA_CR) {
        d->state = CH_DATA_LF;
      } else if (c == '\n') {
        d->state = CH_SIZE;
        d->digits = 0;
        d->line = 0;
      } else {
        return PARSE_CHUNK_BAD;
      }
      i++;
      break;
    case CH_TRAILER:
      i++;
      if (c == '\r') {
        d->state = CH_TRAILER_LF;
      } else if (c == '\n') {
        if (!d->line) {
          *used = i;
          return PARSE_CHUNK_DONE;
        }
        d->line = 0;
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return PARSE_CHUNK_BAD;
      } else {
        d->line++;
        if (++d->trailer > PARSE_CHUNK_TRAILER_MAX) return PARSE_CHUNK_BAD;
      }
      break;
    case CH_TRAILER_LF:
      i++;
      if (c != '\n') return PARSE_CHUNK_BAD;
      if (!d->line) {
        *used = i;
        return PARSE_CHUNK_DONE;
      }
      d->line = 0;
      d->state = CH_TRAILER;
      break;
    default: return PARSE_CHUNK_BAD;
    }
  }
  *used = i;
  return PARSE_CHUNK_MORE;
}
