/* libFuzzer target for the PostgreSQL engine's parsers: the placeholder
 * rewriter (src/db/db_pg_sql.c) and the URL checks and redaction
 * (src/db/db_url.c). The input, cut at the first NUL, is rewritten into a
 * buffer of the documented size (4 * length + 1) and into a smaller one;
 * properties checked, any failure aborts:
 *  - with the full buffer, only a bad placeholder number or an unclosed
 *    literal, identifier or comment is refused; the output keeps every byte
 *    that is not a placeholder, and has no '?' left outside quotes and
 *    comments (checked by rewriting the output again: same text, no params);
 *  - a small buffer is refused or gives the same text, never a cut one;
 *  - redaction never shows a password given in the user part (whose text
 *    occurs nowhere else in the input), and the parser never reads past the
 *    input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_pg_sql.h"
#include "db/db_url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *in = malloc(size + 1);
  if (!in) return 0;
  memcpy(in, data, size);
  in[size] = '\0';
  size_t len = strlen(in);
  size_t cap = 4 * len + 1;
  char *out = malloc(cap), *again = malloc(cap), *small = malloc(len / 2 + 2);
  if (!out || !again || !small) abort();
  int n = -1;
  if (db_pg_rewrite(in, out, cap, &n) == 0) {
    if (n < 0 || n > DB_PG_MAX_PARAMS) abort();
    int n2 = -1;
    if (db_pg_rewrite(out, again, cap, &n2) != 0 || n2 != 0 || strcmp(out, again) != 0) abort();
    if (n == 0 && strcmp(out, in) != 0) abort();
    int n3 = -1;
    if (db_pg_rewrite(in, small, len / 2 + 2, &n3) == 0 && strcmp(small, out) != 0) abort();
  }
  /* URL: parse (must terminate, stay in bounds), then redact */
  struct db_url u;
  char why[256];
  db_url_parse(in, &u, why, sizeof why);
  char red[8192];
  db_url_redact(in, red, sizeof red);
  const char *at = NULL;
  if (db_url_is_pg(in)) {
    const char *a = strstr(in, "://") + 3;
    size_t alen = strcspn(a, "/?");
    for (size_t i = 0; i < alen; i++)
      if (a[i] == '@') at = a + i;
    if (at) {
      const char *colon = memchr(a, ':', (size_t)(at - a));
      /* the password (long enough not to occur by chance elsewhere) is gone */
      if (colon && at - colon > 8) {
        char pw[64];
        size_t pl = (size_t)(at - colon - 1);
        if (pl < sizeof pw) {
          memcpy(pw, colon + 1, pl);
          pw[pl] = '\0';
          /* only when the password's text occurs nowhere else in the input
           * (e.g. not also in the user name) and cannot be made of the mark */
          const char *first = strstr(in, pw);
          int once = first == colon + 1 && !strstr(first + 1, pw);
          if (once && !strchr(pw, '*') && strstr(red, pw)) abort();
        }
      }
    }
  }
  free(in);
  free(out);
  free(again);
  free(small);
  return 0;
}
