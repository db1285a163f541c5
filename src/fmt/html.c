/* HTML escaping and writer: see html.h. */
#include "fmt/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *entity_of(unsigned char c) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\'': return "&#39;";
  default: return NULL;
  }
}

plam_err html_escape(struct buf *b, const char *s, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *ent = entity_of((unsigned char)s[i]);
    if (!ent) continue;
    plam_err e = buf_append(b, s + start, i - start);
    if (!e) e = buf_append_str(b, ent);
    if (e) return e;
    start = i + 1;
  }
  return buf_append(b, s + start, n - start);
}

plam_err html_unescape(const char *s, size_t n, struct buf *out) {
  static const struct {
    const char *ent;
    char c;
  } table[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  size_t i = 0;
  while (i < n) {
    if (s[i] != '&') {
      plam_err e = buf_append(out, s + i, 1);
      if (e) return e;
      i++;
      continue;
    }
    size_t k = 0, count = sizeof table / sizeof table[0];
    while (k < count) {
      size_t l = strlen(table[k].ent);
      if (l <= n - i && !memcmp(s + i, table[k].ent, l)) break;
      k++;
    }
    if (k == count) return PLAM_ERR_INVALID;
    plam_err e = buf_append(out, &table[k].c, 1);
    if (e) return e;
    i += strlen(table[k].ent);
  }
  return PLAM_OK;
}

static int name_ok(const char *n) {
  if (!n || !*n) return 0;
  for (const char *p = n; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
  return 1;
}

static void put(struct html_w *w, const char *s) {
  if (!w->err) w->err = buf_append_str(w->b, s);
}

static void put_escaped(struct html_w *w, const char *s) {
  if (!w->err && s) w->err = html_escape(w->b, s, strlen(s));
}

static int is_void(const char *tag) {
  static const char *const voids[] = {"meta", "link", "br", "hr", "img", "col", "wbr"};
  for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
    if (!strcmp(tag, voids[i])) return 1;
  return 0;
}

void html_begin(struct html_w *w, struct buf *b) {
  memset(w, 0, sizeof *w);
  w->b = b;
  put(w, "<!doctype html>\n");
}

static void open_v(struct html_w *w, const char *tag, va_list ap) {
  if (w->err) return;
  if (!name_ok(tag)) {
    w->err = PLAM_ERR_INVALID;
    return;
  }
  put(w, "<");
  put(w, tag);
  for (;;) {
    const char *name = va_arg(ap, const char *);
    if (!name) break;
    const char *value = va_arg(ap, const char *);
    if (!value) continue;
    if (!name_ok(name)) {
      if (!w->err) w->err = PLAM_ERR_INVALID;
      return;
    }
    put(w, " ");
    put(w, name);
    put(w, "=\"");
    put_escaped(w, value);
    put(w, "\"");
  }
  put(w, ">");
  if (w->err || is_void(tag)) return;
  if (w->depth == HTML_MAX_DEPTH) {
    w->err = PLAM_ERR_TOO_LARGE;
    return;
  }
  w->open[w->depth++] = tag;
}

void html_open(struct html_w *w, const char *tag, ...) {
  va_list ap;
  va_start(ap, tag);
  open_v(w, tag, ap);
  va_end(ap);
}

void html_close(struct html_w *w) {
  if (w->err) return;
  if (w->depth == 0) {
    w->err = PLAM_ERR_INVALID;
    return;
  }
  const char *tag = w->open[--w->depth];
  put(w, "</");
  put(w, tag);
  put(w, ">");
  /* block elements end their line: the source stays readable */
  if (strcmp(tag, "span") && strcmp(tag, "a") && strcmp(tag, "strong") && strcmp(tag, "abbr") && strcmp(tag, "time"))
    put(w, "\n");
}

void html_text(struct html_w *w, const char *s) { put_escaped(w, s); }

void html_textf(struct html_w *w, const char *fmt, ...) {
  if (w->err) return;
  char tmp[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    w->err = PLAM_ERR_TOO_LARGE;
    return;
  }
  put_escaped(w, tmp);
}

void html_elem(struct html_w *w, const char *tag, const char *text, ...) {
  va_list ap;
  va_start(ap, text);
  int depth = w->depth;
  open_v(w, tag, ap);
  va_end(ap);
  if (w->err || is_void(tag)) return;
  put_escaped(w, text);
  if (w->depth > depth) html_close(w);
}

plam_err html_end(struct html_w *w) {
  while (!w->err && w->depth > 0) html_close(w);
  return w->err;
}
