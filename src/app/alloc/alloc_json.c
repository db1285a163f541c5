/* Strict JSON pull reader for allocation bundles: see alloc_json.h. Every
 * function validates exactly what it consumes, so a document that the
 * bundle reader walks to the end with alloc_json_finish is valid JSON. */
#include "app/alloc/alloc_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void alloc_json_init(struct alloc_json *j, const char *data, size_t len, char *err, size_t errlen) {
  j->start = data;
  j->p = data;
  j->end = data + len;
  j->depth = 0;
  j->first = 0;
  j->err = err;
  j->errlen = errlen;
  if (errlen) err[0] = '\0';
}

void alloc_json_where(const struct alloc_json *j, char *buf, size_t n) {
  long line = 1, col = 1;
  for (const char *q = j->start; q < j->p && q < j->end; q++) {
    if (*q == '\n') {
      line++;
      col = 1;
    } else if (((unsigned char)*q & 0xC0) != 0x80) col++;
  }
  snprintf(buf, n, "ligne %ld, colonne %ld", line, col);
}

static plam_err alloc_json_syntax(struct alloc_json *j, const char *what) {
  char where[64];
  alloc_json_where(j, where, sizeof where);
  snprintf(j->err, j->errlen, "JSON mal formé (%s) : %s", where, what);
  return PLAM_ERR_INVALID;
}

static void alloc_json_ws(struct alloc_json *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')) j->p++;
}

enum alloc_json_type alloc_json_peek(struct alloc_json *j) {
  alloc_json_ws(j);
  if (j->p >= j->end) return ALLOC_JSON_END;
  switch (*j->p) {
  case '{': return ALLOC_JSON_OBJECT;
  case '[': return ALLOC_JSON_ARRAY;
  case '"': return ALLOC_JSON_STRING;
  case 't': return ALLOC_JSON_TRUE;
  case 'f': return ALLOC_JSON_FALSE;
  case 'n': return ALLOC_JSON_NULL;
  default:
    if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) return ALLOC_JSON_NUMBER;
    return ALLOC_JSON_BAD;
  }
}

const char *alloc_json_type_name(enum alloc_json_type t) {
  switch (t) {
  case ALLOC_JSON_END: return "la fin du document";
  case ALLOC_JSON_OBJECT: return "un objet";
  case ALLOC_JSON_ARRAY: return "un tableau";
  case ALLOC_JSON_STRING: return "une chaîne";
  case ALLOC_JSON_NUMBER: return "un nombre";
  case ALLOC_JSON_TRUE:
  case ALLOC_JSON_FALSE: return "un booléen";
  case ALLOC_JSON_NULL: return "null";
  default: return "un caractère inattendu";
  }
}

static plam_err alloc_json_expect(struct alloc_json *j, enum alloc_json_type want, const char *wname) {
  enum alloc_json_type t = alloc_json_peek(j);
  if (t == want || (want == ALLOC_JSON_TRUE && t == ALLOC_JSON_FALSE)) return PLAM_OK;
  if (t == ALLOC_JSON_BAD || t == ALLOC_JSON_END) return alloc_json_syntax(j, "valeur attendue");
  snprintf(j->err, j->errlen, "attendu : %s, reçu : %s", wname, alloc_json_type_name(t));
  return PLAM_ERR_INVALID;
}

static plam_err alloc_json_enter(struct alloc_json *j) {
  if (++j->depth > ALLOC_JSON_MAX_DEPTH) return alloc_json_syntax(j, "imbrication trop profonde");
  j->p++;
  j->first = 1;
  return PLAM_OK;
}

plam_err alloc_json_object_begin(struct alloc_json *j) {
  plam_err e = alloc_json_expect(j, ALLOC_JSON_OBJECT, "un objet");
  return e ? e : alloc_json_enter(j);
}

plam_err alloc_json_array_begin(struct alloc_json *j) {
  plam_err e = alloc_json_expect(j, ALLOC_JSON_ARRAY, "un tableau");
  return e ? e : alloc_json_enter(j);
}

/* Handles the separator before the next element; *more = 0 on the closer. */
static plam_err alloc_json_next(struct alloc_json *j, char closer, int *more) {
  alloc_json_ws(j);
  if (j->p >= j->end) return alloc_json_syntax(j, "fin inattendue du document");
  if (*j->p == closer) {
    j->p++;
    j->depth--;
    j->first = 0;
    *more = 0;
    return PLAM_OK;
  }
  if (!j->first) {
    if (*j->p != ',') return alloc_json_syntax(j, closer == ']' ? "« , » ou « ] » attendu" : "« , » ou « } » attendu");
    j->p++;
    alloc_json_ws(j);
    if (j->p < j->end && *j->p == closer) return alloc_json_syntax(j, "virgule en trop");
  }
  j->first = 0;
  *more = 1;
  return PLAM_OK;
}

plam_err alloc_json_array_next(struct alloc_json *j, int *more) { return alloc_json_next(j, ']', more); }

plam_err alloc_json_object_next(struct alloc_json *j, int *more, const char **key, size_t *klen) {
  plam_err e = alloc_json_next(j, '}', more);
  if (e || !*more) return e;
  if (alloc_json_peek(j) != ALLOC_JSON_STRING) return alloc_json_syntax(j, "nom de champ entre guillemets attendu");
  if ((e = alloc_json_string(j, key, klen))) return e;
  alloc_json_ws(j);
  if (j->p >= j->end || *j->p != ':') return alloc_json_syntax(j, "« : » attendu après le nom de champ");
  j->p++;
  return PLAM_OK;
}

static int alloc_json_hex(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

/* Length of a valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static int alloc_json_utf8(const unsigned char *p, const unsigned char *end) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  int n;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else return 0;
  if (end - p < n) return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return n;
}

static size_t alloc_json_put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

plam_err alloc_json_string(struct alloc_json *j, const char **s, size_t *len) {
  plam_err e = alloc_json_expect(j, ALLOC_JSON_STRING, "une chaîne");
  if (e) return e;
  const char *q = ++j->p;
  /* Fast path: no escapes, the value points into the input. */
  while (q < j->end) {
    unsigned char c = (unsigned char)*q;
    if (c == '"') {
      if ((size_t)(q - j->p) > ALLOC_JSON_MAX_STRING) return alloc_json_syntax(j, "chaîne trop longue");
      *s = j->p;
      *len = (size_t)(q - j->p);
      j->p = q + 1;
      return PLAM_OK;
    }
    if (c == '\\') break;
    if (c < 0x20) {
      j->p = q;
      return alloc_json_syntax(j, "caractère de contrôle dans une chaîne");
    }
    if (c >= 0x80) {
      int n = alloc_json_utf8((const unsigned char *)q, (const unsigned char *)j->end);
      if (!n) {
        j->p = q;
        return alloc_json_syntax(j, "UTF-8 invalide");
      }
      q += n;
    } else {
      q++;
    }
  }
  if (q >= j->end) {
    j->p = q;
    return alloc_json_syntax(j, "chaîne non terminée");
  }
  /* Slow path: copy what was scanned, then unescape into the scratch. */
  size_t o = (size_t)(q - j->p);
  if (o > ALLOC_JSON_MAX_STRING) return alloc_json_syntax(j, "chaîne trop longue");
  memcpy(j->sbuf, j->p, o);
  while (q < j->end) {
    unsigned char c = (unsigned char)*q;
    if (o > ALLOC_JSON_MAX_STRING) {
      j->p = q;
      return alloc_json_syntax(j, "chaîne trop longue");
    }
    if (c == '"') {
      j->sbuf[o] = '\0';
      *s = j->sbuf;
      *len = o;
      j->p = q + 1;
      return PLAM_OK;
    }
    if (c < 0x20) {
      j->p = q;
      return alloc_json_syntax(j, "caractère de contrôle dans une chaîne");
    }
    if (c == '\\') {
      if (j->end - q < 2) break;
      char x = q[1];
      const char *map = strchr("\"\\/bfnrt", x);
      if (x && map) {
        static const char out[] = "\"\\/\b\f\n\r\t";
        j->sbuf[o++] = out[map - "\"\\/bfnrt"];
        q += 2;
        continue;
      }
      if (x != 'u') {
        j->p = q;
        return alloc_json_syntax(j, "séquence d'échappement invalide");
      }
      unsigned cp, lo;
      if (j->end - q < 6 || alloc_json_hex(q + 2, &cp)) {
        j->p = q;
        return alloc_json_syntax(j, "séquence \\u invalide");
      }
      q += 6;
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        j->p = q;
        return alloc_json_syntax(j, "demi-codet UTF-16 isolé");
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (j->end - q < 6 || q[0] != '\\' || q[1] != 'u' || alloc_json_hex(q + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
          j->p = q;
          return alloc_json_syntax(j, "demi-codet UTF-16 isolé");
        }
        q += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      if (cp == 0) {
        j->p = q;
        return alloc_json_syntax(j, "caractère NUL interdit");
      }
      o += alloc_json_put_utf8(j->sbuf + o, cp);
      continue;
    }
    int n = alloc_json_utf8((const unsigned char *)q, (const unsigned char *)j->end);
    if (!n) {
      j->p = q;
      return alloc_json_syntax(j, "UTF-8 invalide");
    }
    memcpy(j->sbuf + o, q, (size_t)n);
    o += (size_t)n;
    q += n;
  }
  j->p = q;
  return alloc_json_syntax(j, "chaîne non terminée");
}

int alloc_json_plain_string(struct alloc_json *j, const char **s, size_t *len) {
  alloc_json_ws(j);
  const char *q = j->p, *end = j->end;
  if (q >= end || *q != '"') return 0;
  const char *b = ++q;
  while (q < end) {
    unsigned char c = (unsigned char)*q;
    if (c == '"') break;
    if (c < 0x20 || c == '\\' || c >= 0x80) return 0;
    q++;
  }
  if (q >= end || (size_t)(q - b) > ALLOC_JSON_MAX_STRING) return 0;
  *s = b;
  *len = (size_t)(q - b);
  j->p = q + 1;
  return 1;
}

/* Scans a number token; sets *is_int when it has no fraction or exponent. */
static plam_err alloc_json_number_span(struct alloc_json *j, const char **b, const char **e, int *is_int) {
  plam_err err = alloc_json_expect(j, ALLOC_JSON_NUMBER, "un nombre");
  if (err) return err;
  const char *q = j->p;
  *b = q;
  *is_int = 1;
  if (*q == '-') q++;
  if (q >= j->end || *q < '0' || *q > '9') return alloc_json_syntax(j, "nombre invalide");
  if (*q == '0') q++;
  else
    while (q < j->end && *q >= '0' && *q <= '9') q++;
  if (q < j->end && *q == '.') {
    *is_int = 0;
    q++;
    if (q >= j->end || *q < '0' || *q > '9') {
      j->p = q;
      return alloc_json_syntax(j, "nombre invalide");
    }
    while (q < j->end && *q >= '0' && *q <= '9') q++;
  }
  if (q < j->end && (*q == 'e' || *q == 'E')) {
    *is_int = 0;
    q++;
    if (q < j->end && (*q == '+' || *q == '-')) q++;
    if (q >= j->end || *q < '0' || *q > '9') {
      j->p = q;
      return alloc_json_syntax(j, "nombre invalide");
    }
    while (q < j->end && *q >= '0' && *q <= '9') q++;
  }
  if (q - *b > 64) return alloc_json_syntax(j, "nombre trop long");
  *e = q;
  j->p = q;
  return PLAM_OK;
}

plam_err alloc_json_int(struct alloc_json *j, long long min, long long max, long long *out) {
  if (alloc_json_peek(j) != ALLOC_JSON_NUMBER) {
    plam_err e = alloc_json_expect(j, ALLOC_JSON_NUMBER, "un nombre entier");
    return e ? e : PLAM_ERR_INVALID;
  }
  const char *b, *e;
  int is_int;
  plam_err err = alloc_json_number_span(j, &b, &e, &is_int);
  if (err) return err;
  if (!is_int) {
    snprintf(j->err, j->errlen, "un nombre entier est attendu, reçu « %.*s »", (int)(e - b), b);
    return PLAM_ERR_INVALID;
  }
  const char *q = b;
  int neg = *q == '-';
  if (neg) q++;
  unsigned long long v = 0;
  int overflow = 0;
  for (; q < e; q++) {
    unsigned d = (unsigned)(*q - '0');
    if (v > (9223372036854775807ULL - d) / 10) overflow = 1;
    else v = v * 10 + d;
  }
  long long x = neg ? -(long long)v : (long long)v;
  if (overflow || x < min || x > max) {
    snprintf(j->err, j->errlen, "valeur hors limites « %.*s » (attendu entre %lld et %lld)", (int)(e - b), b, min, max);
    return PLAM_ERR_INVALID;
  }
  *out = x;
  return PLAM_OK;
}

plam_err alloc_json_double(struct alloc_json *j, double *out) {
  const char *b, *e;
  int is_int;
  plam_err err = alloc_json_number_span(j, &b, &e, &is_int);
  if (err) return err;
  char tmp[72];
  memcpy(tmp, b, (size_t)(e - b));
  tmp[e - b] = '\0';
  *out = strtod(tmp, NULL);
  return PLAM_OK;
}

plam_err alloc_json_bool(struct alloc_json *j, int *out) {
  plam_err e = alloc_json_expect(j, ALLOC_JSON_TRUE, "un booléen (true ou false)");
  if (e) return e;
  if (j->end - j->p >= 4 && !memcmp(j->p, "true", 4)) {
    j->p += 4;
    *out = 1;
    return PLAM_OK;
  }
  if (j->end - j->p >= 5 && !memcmp(j->p, "false", 5)) {
    j->p += 5;
    *out = 0;
    return PLAM_OK;
  }
  return alloc_json_syntax(j, "littéral invalide");
}

plam_err alloc_json_skip(struct alloc_json *j) {
  enum alloc_json_type t = alloc_json_peek(j);
  plam_err e;
  int more;
  const char *s;
  size_t n;
  switch (t) {
  case ALLOC_JSON_OBJECT:
    if ((e = alloc_json_object_begin(j))) return e;
    for (;;) {
      if ((e = alloc_json_object_next(j, &more, &s, &n))) return e;
      if (!more) return PLAM_OK;
      if ((e = alloc_json_skip(j))) return e;
    }
  case ALLOC_JSON_ARRAY:
    if ((e = alloc_json_array_begin(j))) return e;
    for (;;) {
      if ((e = alloc_json_array_next(j, &more))) return e;
      if (!more) return PLAM_OK;
      if ((e = alloc_json_skip(j))) return e;
    }
  case ALLOC_JSON_STRING: return alloc_json_string(j, &s, &n);
  case ALLOC_JSON_NUMBER: {
    double d;
    return alloc_json_double(j, &d);
  }
  case ALLOC_JSON_TRUE:
  case ALLOC_JSON_FALSE: {
    int b;
    return alloc_json_bool(j, &b);
  }
  case ALLOC_JSON_NULL:
    if (j->end - j->p >= 4 && !memcmp(j->p, "null", 4)) {
      j->p += 4;
      return PLAM_OK;
    }
    return alloc_json_syntax(j, "littéral invalide");
  case ALLOC_JSON_END: return alloc_json_syntax(j, "fin inattendue du document");
  default: return alloc_json_syntax(j, "valeur attendue");
  }
}

plam_err alloc_json_finish(struct alloc_json *j) {
  alloc_json_ws(j);
  if (j->p != j->end) return alloc_json_syntax(j, "contenu en trop après la fin du document");
  return PLAM_OK;
}
