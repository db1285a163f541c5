/* Checked text input: the one way app/ copies a text it was given into a
 * fixed-size record field. A text is never cut: one longer than its limit is
 * refused with the field named ("trop long : N caractères au plus"); a value
 * outside its allowed list is refused against the whole input, before any
 * copy. Limits are in characters (utf8_count, as SQLite's length() counts
 * them); a record field holding a limit of N characters is N * 4 + 1 bytes
 * (TEXT_BYTES), so that the copy of an accepted value is whole. */
#ifndef PLAM_APP_ACCESS_TEXT_H
#define PLAM_APP_ACCESS_TEXT_H
#include <stddef.h>
#include "base/field.h"

/* Bytes of a field that holds n characters of UTF-8 and its NUL. */
#define TEXT_BYTES(n) ((n)*4 + 1)

enum text_flags {
  TEXT_REQUIRED = 1, /* NULL or "" is refused */
  TEXT_LINES = 2,    /* line breaks and tabs allowed (other control characters never are) */
  TEXT_ASCII = 4,    /* codes, dates, identifiers: ASCII only (one byte per character) */
};

/* Checks src (NULL: empty) against its rule: required, at most max
 * characters, no control character. */
plam_err text_check(const char *field, const char *src, size_t max, int flags, struct field_error *fe);

/* text_check, then copies src whole into dst[size] (NULL: ""). A value the
 * buffer cannot hold whole is refused too (PLAM_ERR_INTERNAL: a field smaller
 * than its limit is a bug), never cut. */
plam_err text_put(const char *field, char *dst, size_t size, const char *src, size_t max, int flags,
                  struct field_error *fe);

/* 1 if v is one of list (NULL-terminated). */
int text_in(const char *v, const char *const *list);

/* Refuses v (whole, as given) unless it is one of list: "valeur inconnue
 * (a, b, c)" naming the field. NULL or "" passes unless required. */
plam_err text_enum(const char *field, const char *v, const char *const *list, int required, struct field_error *fe);

#endif
