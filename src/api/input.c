/* The input checker: a request's JSON body and query pairs against the
 * route's declared fields (see input.h). Pure: no database, no request
 * state, so it is unit-tested and fuzzed directly. */
#include "api/input.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan/plan.h"

__attribute__((format(printf, 3, 4))) static plam_err input_failf(struct field_error *fe, const char *field,
                                                                  const char *fmt, ...) {
  char msg[sizeof fe->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return field_fail(fe, field, msg);
}

/* Well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
static int input_utf8_valid(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n) return 0;
    unsigned cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static const unsigned min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

static long long input_chars(const char *s, size_t n) {
  long long c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static plam_err input_enum_fail(const struct api_field *f, struct field_error *fe) {
  char msg[FIELD_LIST_MESSAGE];
  size_t used = (size_t)snprintf(msg, sizeof msg, "valeur non autorisée : attendu l'une de ");
  const char *v;
  for (int i = 0; (v = f->values[i]); i++) {
    size_t n = strlen(v);
    if (used + n + 8 >= sizeof msg) { /* room for ", …" and the NUL */
      snprintf(msg + used, sizeof msg - used, "…");
      break;
    }
    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", i ? ", " : "", v);
  }
  return field_fail(fe, f->name, msg);
}

static plam_err input_str(const struct api_field *f, const char *s, size_t n, struct field_error *fe) {
  if (strlen(s) != n) return field_fail(fe, f->name, "caractère nul interdit");
  if (!input_utf8_valid((const unsigned char *)s, n)) return field_fail(fe, f->name, "texte UTF-8 invalide");
  long long chars = input_chars(s, n);
  if (f->max && chars > f->max) return input_failf(fe, f->name, "trop long : %lld caractères au plus", f->max);
  if (f->max_bytes && n > (size_t)f->max_bytes)
    return input_failf(fe, f->name, "trop long : %d octets au plus (un caractère accentué en compte plusieurs)",
                       f->max_bytes);
  return PLAM_OK;
}

static plam_err input_list(const struct api_field *f, json_t *v, struct field_error *fe) {
  int ids = f->kind == API_IDS;
  if (!json_is_array(v))
    return field_fail(fe, f->name, ids ? "une liste d'identifiants est attendue" : "une liste d'objets est attendue");
  size_t n = json_array_size(v);
  if (f->max && n > (size_t)f->max)
    return input_failf(fe, f->name, "liste trop longue : %lld éléments au plus", f->max);
  for (size_t i = 0; i < n; i++) {
    json_t *x = json_array_get(v, i);
    if (ids) {
      if (!json_is_integer(x) || json_integer_value(x) <= 0)
        return field_fail(fe, f->name, "une liste d'identifiants entiers positifs est attendue");
      for (size_t j = 0; (f->flags & API_UNIQUE) && j < i; j++)
        if (json_integer_value(json_array_get(v, j)) == json_integer_value(x))
          return field_fail(fe, f->name, "identifiant en double");
      continue;
    }
    const struct api_input item = {.body = API_BODY_JSON, .fields = f->items};
    struct field_error sub = {0};
    plam_err e = json_is_object(x) ? api_input_check(&item, x, NULL, 0, NULL, &sub)
                                   : field_fail(&sub, "", "un objet est attendu");
    if (e)
      return input_failf(fe, f->name, "élément %zu%s%.40s : %.120s", i + 1, sub.field[0] ? ", " : "", sub.field,
                         sub.message);
  }
  return PLAM_OK;
}

plam_err api_field_check(const struct api_field *f, json_t *v, struct field_error *fe) {
  if (!v || json_is_null(v)) {
    if ((f->flags & API_REQUIRED) || (v && (f->flags & API_NOT_NULL)))
      return field_fail(fe, f->name, "ce champ est obligatoire");
    return PLAM_OK;
  }
  switch (f->kind) {
  case API_STR:
  case API_DATE:
  case API_ENUM: {
    if (!json_is_string(v)) return field_fail(fe, f->name, "une chaîne de caractères est attendue");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (f->kind == API_STR) return input_str(f, s, n, fe);
    if (strlen(s) != n) return field_fail(fe, f->name, "caractère nul interdit");
    if (!*s && !(f->flags & API_REQUIRED)) return PLAM_OK; /* "": none, as the app reads it */
    if (f->kind == API_DATE)
      return plan_date_valid(s) ? PLAM_OK : field_fail(fe, f->name, "date attendue au format AAAA-MM-JJ");
    const char *x;
    for (int i = 0; (x = f->values[i]); i++)
      if (!strcmp(x, s)) return PLAM_OK;
    return input_enum_fail(f, fe);
  }
  case API_ID:
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
      return field_fail(fe, f->name, "un identifiant entier positif est attendu");
    return PLAM_OK;
  case API_INT:
    if (!json_is_integer(v)) return field_fail(fe, f->name, "un nombre entier est attendu");
    if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
      return input_failf(fe, f->name, "hors limites : un entier entre %lld et %lld est attendu", f->min, f->max);
    return PLAM_OK;
  case API_NUM:
  case API_MONEY: {
    int money = f->kind == API_MONEY;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
      return field_fail(fe, f->name, money ? "un montant en euros est attendu" : "un nombre est attendu");
    double d = json_number_value(v);
    if (d < (double)f->min || d > (double)f->max)
      return input_failf(fe, f->name,
                         money ? "hors limites : un montant entre %lld et %lld euros est attendu"
                               : "hors limites : un nombre entre %lld et %lld est attendu",
                         f->min, f->max);
    double cents = d * 100.0;
    if (money && fabs(cents - nearbyint(cents)) > 1e-9 * fmax(1.0, fabs(cents)))
      return field_fail(fe, f->name, "au plus deux décimales (centimes)");
    return PLAM_OK;
  }
  case API_BOOL: return json_is_boolean(v) ? PLAM_OK : field_fail(fe, f->name, "vrai ou faux (true/false) est attendu");
  case API_IDS:
  case API_LIST: return input_list(f, v, fe);
  }
  return PLAM_ERR_INTERNAL;
}

/* A query value as the JSON value of its kind; NULL with fe set when it is
 * not one. An empty integer is absent (*v stays NULL, PLAM_OK). */
static plam_err input_query_value(const struct api_field *f, const char *s, json_t **v, struct field_error *fe) {
  *v = NULL;
  if (f->kind == API_INT || f->kind == API_ID) {
    if (!*s) return PLAM_OK;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (*end || errno || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
      return field_fail(
        fe, f->name, f->kind == API_ID ? "un identifiant entier positif est attendu" : "un nombre entier est attendu");
    *v = json_integer(x);
  } else if (f->kind == API_STR || f->kind == API_DATE || f->kind == API_ENUM) {
    if (!input_utf8_valid((const unsigned char *)s, strlen(s))) return field_fail(fe, f->name, "texte UTF-8 invalide");
    /* an empty date or value in a query is not "none" (handlers pass values on): refused */
    if (!*s && f->kind == API_DATE) return field_fail(fe, f->name, "date attendue au format AAAA-MM-JJ");
    if (!*s && f->kind == API_ENUM) return input_enum_fail(f, fe);
    *v = json_string(s);
  } else {
    return PLAM_ERR_INTERNAL; /* a spec error: other kinds are not read from a query */
  }
  return *v ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err api_input_check(const struct api_input *spec, json_t *body, const struct http_kv *query, int nquery,
                         json_t **out, struct field_error *fe) {
  if (out) *out = NULL;
  const struct api_field *fields = spec ? spec->fields : NULL, *qf = spec ? spec->query : NULL;
  plam_err e = PLAM_OK;
  if (body) {
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
      const struct api_field *f = fields;
      while (f && f->name && strcmp(f->name, key)) f++;
      if (f && f->name) continue;
      /* a name the error cannot carry whole is reported as the body's */
      if (!*key || strlen(key) >= sizeof fe->field)
        return field_fail(fe, "body", "champ inconnu (nom vide ou trop long)");
      return field_fail(fe, key, "champ inconnu");
    }
  }
  for (const struct api_field *f = fields; !e && f && f->name; f++)
    e = api_field_check(f, body ? json_object_get(body, f->name) : NULL, fe);
  if (e || !out) return e;
  json_t *o = body ? json_incref(body) : json_object();
  if (!o) return PLAM_ERR_NOMEM;
  for (const struct api_field *f = qf; !e && f && f->name; f++) {
    const char *s = NULL;
    for (int i = 0; i < nquery && !s; i++)
      if (!strcmp(query[i].key, f->name)) s = query[i].value;
    json_t *v = NULL;
    if (s) e = input_query_value(f, s, &v, fe);
    if (!e) e = api_field_check(f, v, fe);
    if (!e && v) e = json_object_set_new(o, f->name, v) ? PLAM_ERR_NOMEM : PLAM_OK;
    else json_decref(v);
  }
  if (e) {
    json_decref(o);
    return e;
  }
  *out = o;
  return PLAM_OK;
}

int api_media_ok(const char *const *media, const char *ct) {
  for (; media && *media; media++)
    if ((*media)[0] == '*' ? strstr(ct, *media + 1) != NULL : !strncmp(ct, *media, strlen(*media))) return 1;
  return 0;
}

/* ---- description for `plam routes` ---- */
static const char *const input_kind_names[] = {"string",  "id",   "integer", "number",  "money",
                                               "boolean", "date", "enum",    "id_list", "object_list"};
static const char *const input_body_names[] = {"none", "json", "optional", "raw"};

static json_t *input_fields_json(const struct api_field *fields) {
  json_t *a = json_array();
  for (const struct api_field *f = fields; a && f && f->name; f++) {
    json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "name", f->name, "kind", input_kind_names[f->kind], "required",
                          (f->flags & API_REQUIRED) != 0, "nullable", !(f->flags & (API_REQUIRED | API_NOT_NULL)));
    if (!o) break;
    if (f->kind == API_STR) {
      json_object_set_new(o, "max_chars", json_integer(f->max));
      json_object_set_new(o, "max_bytes", json_integer(f->max_bytes ? f->max_bytes : 4 * f->max));
    } else if (f->kind == API_INT || f->kind == API_NUM || f->kind == API_MONEY) {
      json_object_set_new(o, "min", json_integer(f->min));
      json_object_set_new(o, "max", json_integer(f->max));
    } else if (f->kind == API_IDS || f->kind == API_LIST) {
      json_object_set_new(o, "max_items", json_integer(f->max));
      if (f->flags & API_UNIQUE) json_object_set_new(o, "unique", json_true());
      if (f->items) json_object_set_new(o, "items", input_fields_json(f->items));
    } else if (f->kind == API_ENUM) {
      json_t *vals = json_array();
      const char *v;
      for (int i = 0; vals && (v = f->values[i]); i++) json_array_append_new(vals, json_string(v));
      json_object_set_new(o, "values", vals);
    }
    json_array_append_new(a, o);
  }
  return a;
}

json_t *api_input_json(const struct api_input *spec) {
  json_t *o = json_pack("{s:s, s:o, s:o}", "body", input_body_names[spec ? spec->body : API_BODY_NONE], "fields",
                        input_fields_json(spec ? spec->fields : NULL), "query",
                        input_fields_json(spec ? spec->query : NULL));
  if (o && spec && spec->media) {
    json_t *m = json_array();
    for (const char *const *t = spec->media; m && *t; t++) json_array_append_new(m, json_string(*t));
    json_object_set_new(o, "media", m);
  }
  return o;
}
