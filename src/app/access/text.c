/* Checked text input: see text.h. */
#include "app/access/text.h"
#include <stdio.h>
#include <string.h>
#include "base/utf8.h"
#include "store/store.h"

plam_err text_check(const char *field, const char *src, size_t max, int flags, struct field_error *fe) {
  if (!src || !*src) return (flags & TEXT_REQUIRED) ? field_fail(fe, field, "ce champ est obligatoire") : PLAM_OK;
  size_t n = utf8_count(src);
  if (n > max || !strcmp(src, STORE_OVERFLOW)) { /* the overflow mark: a value too long for its record */
    char msg[64];
    snprintf(msg, sizeof msg, "trop long : %zu caractères au plus", max);
    return field_fail(fe, field, msg);
  }
  for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
    if ((flags & TEXT_ASCII) && *p >= 0x80)
      return field_fail(fe, field, "lettres sans accent, chiffres et signes seulement");
    if ((*p < 0x20 || *p == 0x7f) && !((flags & TEXT_LINES) && (*p == '\n' || *p == '\r' || *p == '\t')))
      return field_fail(fe, field, "caractère de contrôle interdit");
  }
  return PLAM_OK;
}

plam_err text_put(const char *field, char *dst, size_t size, const char *src, size_t max, int flags,
                  struct field_error *fe) {
  plam_err e = text_check(field, src, max, flags, fe);
  if (e) return e;
  size_t len = src ? strlen(src) : 0;
  if (len >= size) return PLAM_ERR_INTERNAL;
  if (len) memcpy(dst, src, len);
  dst[len] = '\0';
  return PLAM_OK;
}

int text_in(const char *v, const char *const *list) {
  for (; v && *list; list++)
    if (!strcmp(v, *list)) return 1;
  return 0;
}

plam_err text_enum(const char *field, const char *v, const char *const *list, int required, struct field_error *fe) {
  if (!v || !*v) return required ? field_fail(fe, field, "ce champ est obligatoire") : PLAM_OK;
  if (text_in(v, list)) return PLAM_OK; /* the whole input, as given: never a cut or coerced one */
  char msg[FIELD_LIST_MESSAGE];
  size_t n = (size_t)snprintf(msg, sizeof msg, "valeur inconnue (");
  for (const char *const *p = list; *p && n < sizeof msg; p++)
    n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s", p == list ? "" : ", ", *p);
  if (n < sizeof msg) snprintf(msg + n, sizeof msg - n, ")");
  return field_fail(fe, field, msg);
}
