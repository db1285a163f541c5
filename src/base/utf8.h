/* UTF-8 helpers. Limits shown to users are in characters, as SQLite's
 * length() counts them for TEXT; buffers are sized in bytes (4 per char). */
#ifndef PLAM_BASE_UTF8_H
#define PLAM_BASE_UTF8_H
#include <stddef.h>

/* Number of code points in a NUL-terminated UTF-8 string (continuation
 * bytes are not counted; the string is assumed valid, as jansson ensures). */
static inline size_t utf8_count(const char *s) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

#endif
