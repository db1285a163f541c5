/* Placeholder rewriting: see db_pg_sql.h. */
#include "db/db_pg_sql.h"
#include <stdio.h>
#include <string.h>

static int put(char *out, size_t n, size_t *o, char c) {
  if (*o + 1 >= n) return -1;
  out[(*o)++] = c;
  return 0;
}

int db_pg_rewrite(const char *sql, char *out, size_t n, int *nparams) {
  size_t o = 0;
  int maxp = 0;
  *nparams = 0;
  if (!n) return -1;
  out[0] = '\0';
  for (const char *p = sql; *p;) {
    char c = *p;
    if (c == '\'' || c == '"') { /* literal or quoted identifier, doubled quote inside */
      if (put(out, n, &o, *p++)) return -1;
      for (;;) {
        if (!*p) return -1;
        if (*p == c) {
          if (put(out, n, &o, *p++)) return -1;
          if (*p != c) break;
        }
        if (put(out, n, &o, *p++)) return -1;
      }
      continue;
    }
    if (c == '-' && p[1] == '-') {
      while (*p && *p != '\n')
        if (put(out, n, &o, *p++)) return -1;
      continue;
    }
    if (c == '/' && p[1] == '*') {
      const char *end = strstr(p + 2, "*/");
      if (!end) return -1;
      while (p < end + 2)
        if (put(out, n, &o, *p++)) return -1;
      continue;
    }
    if (c != '?') {
      if (put(out, n, &o, *p++)) return -1;
      continue;
    }
    p++;
    int num = 0, digits = 0;
    while (*p >= '0' && *p <= '9') {
      num = num * 10 + (*p++ - '0');
      if (++digits > 3) return -1;
    }
    if (!digits) num = maxp + 1;
    if (num < 1 || num > DB_PG_MAX_PARAMS) return -1;
    if (num > maxp) maxp = num;
    char buf[8];
    int w = snprintf(buf, sizeof buf, "$%d", num);
    for (int i = 0; i < w; i++)
      if (put(out, n, &o, buf[i])) return -1;
  }
  out[o] = '\0';
  *nparams = maxp;
  return 0;
}
