/* HTML escaping and a small writer for the pages plam generates on the server
 * (the printable plan report). Every text and attribute value goes through
 * html_escape, which replaces the five characters that matter in HTML text
 * and in double-quoted attributes: & < > " ' become &amp; &lt; &gt; &quot;
 * &#39;. Nothing else is changed, so html_unescape gives back the input.
 *
 * The writer appends to a bounded struct buf and keeps a stack of open
 * elements, so html_close always closes the right one. Tag and attribute
 * names are checked (lowercase letters, digits and '-' only): they are
 * literals of the code, never user data. Errors are sticky: after the first
 * failure (buffer full, bad name, stack overflow) later calls do nothing and
 * html_end returns it. */
#ifndef PLAM_FMT_HTML_H
#define PLAM_FMT_HTML_H
#include <stddef.h>
#include "base/buf.h"
#include "base/error.h"

/* Appends s[0..n) escaped. */
plam_err html_escape(struct buf *b, const char *s, size_t n);
/* Decodes s[0..n) produced by html_escape: only the five entities above;
 * any other '&' sequence is PLAM_ERR_INVALID. */
plam_err html_unescape(const char *s, size_t n, struct buf *out);

#define HTML_MAX_DEPTH 32

struct html_w {
  struct buf *b;
  const char *open[HTML_MAX_DEPTH];
  int depth;
  plam_err err;
};

/* Starts writing to b (appends "<!doctype html>\n"). */
void html_begin(struct html_w *w, struct buf *b);
/* <tag a1="v1" a2="v2">: attrs are name/value pairs ending with NULL; a NULL
 * value skips its attribute. Void elements (meta, link, br) are not pushed. */
void html_open(struct html_w *w, const char *tag, ...) __attribute__((sentinel));
/* Closes the innermost open element. */
void html_close(struct html_w *w);
/* Escaped text (NULL writes nothing). */
void html_text(struct html_w *w, const char *s);
/* Escaped formatted text. */
void html_textf(struct html_w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <tag attrs...>text</tag> in one call; text may be NULL. */
void html_elem(struct html_w *w, const char *tag, const char *text, ...) __attribute__((sentinel));
/* Closes every open element; returns the first error (PLAM_OK if none). */
plam_err html_end(struct html_w *w);

#endif
