/* libFuzzer target for the HTML escaper and writer (app/html.h): arbitrary
 * bytes are escaped; the output must hold no raw < > " ' and every & must
 * start one of the five entities html_escape writes; html_unescape must give
 * the input back byte for byte. The input is also written as the text and
 * the attribute value of an element with the writer, which must succeed and
 * keep the same property between its tags. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/html.h"

static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

/* Aborts when s[0..n) has a raw special character or a stray '&'. */
static void check_escaped(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '<' || c == '>' || c == '"' || c == '\'') abort();
    if (c != '&') continue;
    size_t k = 0;
    while (k < 5 && !(strlen(entities[k]) <= n - i && !memcmp(s + i, entities[k], strlen(entities[k])))) k++;
    if (k == 5) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  struct buf e, d;
  buf_init(&e, (size_t)1 << 22);
  buf_init(&d, (size_t)1 << 22);
  if (html_escape(&e, in, size) != PLAM_OK) abort();
  check_escaped(e.data ? e.data : "", e.len);
  if (html_unescape(e.data ? e.data : "", e.len, &d) != PLAM_OK) abort();
  if (d.len != size || (size && memcmp(d.data, in, size))) abort();
  buf_release(&e);
  buf_release(&d);

  /* through the writer: the text up to the first NUL */
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  struct buf b;
  buf_init(&b, (size_t)1 << 22);
  struct html_w w;
  html_begin(&w, &b);
  html_elem(&w, "p", text, "title", text, NULL);
  if (html_end(&w) != PLAM_OK) abort();
  const char *open = "<!doctype html>\n<p title=\"";
  if (strncmp(b.data, open, strlen(open))) abort();
  const char *attr = b.data + strlen(open), *gt = strstr(attr, "\">");
  if (!gt) abort();
  check_escaped(attr, (size_t)(gt - attr));
  const char *body = gt + 2, *end = b.data + b.len - strlen("</p>\n");
  if (end < body || strcmp(end, "</p>\n")) abort();
  check_escaped(body, (size_t)(end - body));
  buf_release(&b);
  free(text);
  return 0;
}
