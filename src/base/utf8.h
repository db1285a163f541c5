/* UTF-8 helpers. Limits shown to users are in characters, as SQLite's
 * length() counts them for TEXT; buffers are sized in bytes (4 per char).
 * Validation (utf8.c) is the one every layer uses: CSV and XLSX input, the
 * XLSX and IATI writers, file names and messages in app/. */
#ifndef PLAM_BASE_UTF8_H
#define PLAM_BASE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* Number of code points in a NUL-terminated UTF-8 string (continuation
 * bytes are not counted; the string is assumed valid, as jansson ensures). */
static inline size_t utf8_count(const char *s) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

/* Length (1 to 4) of the valid UTF-8 sequence at s, n >= 1 bytes left; 0 if
 * it is not one (overlong form, surrogate, above U+10FFFF, truncated). */
size_t utf8_seq(const unsigned char *s, size_t n);

/* Checks that s[0..len) is valid UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF). On failure *bad (if not NULL) is the offset of the
 * first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

#endif
