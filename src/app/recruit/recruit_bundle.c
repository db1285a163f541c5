/* Bundle reader: turns the JSON bundle of docs/RECRUITMENT.md into a
 * recruit_bundle. The document is parsed by jansson (duplicate keys
 * refused), then walked field by field; every value is checked and refused,
 * never coerced, with a French message naming the field by its JSON path
 * ("candidates[3].available[0].end : ..."). Unknown fields are refused so
 * that a typo cannot silently change a ranking. Strings stay in the jansson
 * tree, which the bundle owns until recruit_bundle_release. */
#include "app/recruit/recruit.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rd {
  struct recruit_bundle *b;
  char *err;
  size_t errlen;
};

__attribute__((format(printf, 4, 5))) static plam_err rd_fail(struct rd *r, plam_err e, const char *path,
                                                              const char *fmt, ...) {
  char msg[RECRUIT_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(r->err, r->errlen, "%s : %s", path, msg);
  return e;
}

static const char *rd_type(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "un objet";
  case JSON_ARRAY: return "un tableau";
  case JSON_STRING: return "une chaîne";
  case JSON_INTEGER:
  case JSON_REAL: return "un nombre";
  case JSON_TRUE:
  case JSON_FALSE: return "un booléen";
  default: return "null";
  }
}

/* Checks that obj holds only the given keys (NULL-terminated) and those
 * marked required. */
static plam_err rd_keys(struct rd *r, const json_t *obj, const char *path, const char *const *keys,
                        const char *const *required) {
  if (!json_is_object(obj)) return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : un objet, reçu : %s", rd_type(obj));
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)obj, k, v) {
    int known = 0;
    for (int i = 0; keys[i]; i++) known |= !strcmp(keys[i], k);
    if (!known) {
      char allowed[256] = "";
      for (int i = 0; keys[i]; i++) {
        size_t l = strlen(allowed);
        snprintf(allowed + l, sizeof allowed - l, "%s%s", i ? ", " : "", keys[i]);
      }
      return rd_fail(r, PLAM_ERR_INVALID, path, "champ inconnu « %.64s » (champs permis : %s)", k, allowed);
    }
  }
  for (int i = 0; required && required[i]; i++)
    if (!json_object_get(obj, required[i]))
      return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « %s » absent", required[i]);
  return PLAM_OK;
}

static void rd_path(char *dst, size_t n, const char *base, const char *field) {
  snprintf(dst, n, "%s%s%s", base, *base ? "." : "", field);
}

static void rd_index(char *dst, size_t n, const char *base, int i) { snprintf(dst, n, "%s[%d]", base, i); }

/* An identifier or code: 1..RECRUIT_MAX_ID bytes, no control character. */
static plam_err rd_id(struct rd *r, const json_t *v, const char *path, const char **out) {
  if (!json_is_string(v)) return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : une chaîne, reçu : %s", rd_type(v));
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (n == 0) return rd_fail(r, PLAM_ERR_INVALID, path, "identifiant vide");
  if (n > RECRUIT_MAX_ID)
    return rd_fail(r, PLAM_ERR_INVALID, path, "identifiant trop long (%d octets au plus)", RECRUIT_MAX_ID);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      return rd_fail(r, PLAM_ERR_INVALID, path, "caractère de contrôle dans l'identifiant");
  *out = s;
  return PLAM_OK;
}

static plam_err rd_int(struct rd *r, const json_t *v, const char *path, long long min, long long max, int *out) {
  if (!json_is_integer(v))
    return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : un nombre entier, reçu : %s",
                   json_is_real(v) ? "un nombre non entier" : rd_type(v));
  long long x = json_integer_value(v);
  if (x < min || x > max)
    return rd_fail(r, PLAM_ERR_INVALID, path, "valeur %lld hors limites (attendu entre %lld et %lld)", x, min, max);
  *out = (int)x;
  return PLAM_OK;
}

static plam_err rd_num(struct rd *r, const json_t *v, const char *path, double min, double max, double *out) {
  if (!json_is_number(v)) return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : un nombre, reçu : %s", rd_type(v));
  double x = json_number_value(v);
  if (!(x >= min && x <= max))
    return rd_fail(r, PLAM_ERR_INVALID, path, "valeur %.10g hors limites (attendu entre %g et %g)", x, min, max);
  *out = x;
  return PLAM_OK;
}

static plam_err rd_time(struct rd *r, const json_t *v, const char *path, int64_t *t, int *off) {
  if (!json_is_string(v)) return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : une chaîne, reçu : %s", rd_type(v));
  if (recruit_time_parse(json_string_value(v), t, off))
    return rd_fail(r, PLAM_ERR_INVALID, path,
                   "date et heure ISO 8601 invalide « %.40s » (attendu AAAA-MM-JJThh:mm avec son décalage, "
                   "par ex. 2026-03-02T08:00+01:00 ou 2026-03-02T07:00Z ; secondes nulles ; années %d à %d)",
                   json_string_value(v), RECRUIT_YEAR_MIN, RECRUIT_YEAR_MAX);
  return PLAM_OK;
}

/* An interval {"start","end"} with start < end. */
static plam_err rd_interval(struct rd *r, const json_t *v, const char *path, int64_t *s, int64_t *e, int *end_off) {
  static const char *const keys[] = {"start", "end", NULL};
  char p[160];
  plam_err err = rd_keys(r, v, path, keys, keys);
  int off;
  if (err) return err;
  rd_path(p, sizeof p, path, "start");
  if ((err = rd_time(r, json_object_get(v, "start"), p, s, &off))) return err;
  rd_path(p, sizeof p, path, "end");
  if ((err = rd_time(r, json_object_get(v, "end"), p, e, end_off))) return err;
  if (*e <= *s) return rd_fail(r, PLAM_ERR_INVALID, p, "la fin doit être postérieure au début");
  return PLAM_OK;
}

/* An array of at most max elements; *n gets its size. */
static plam_err rd_array(struct rd *r, const json_t *v, const char *path, int max, int *n) {
  if (!json_is_array(v)) return rd_fail(r, PLAM_ERR_INVALID, path, "attendu : un tableau, reçu : %s", rd_type(v));
  size_t k = json_array_size(v);
  if (k > (size_t)max) return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "trop d'éléments (%d au plus)", max);
  *n = (int)k;
  return PLAM_OK;
}

/* A list of distinct codes (pools, required qualifications). */
static plam_err rd_codes(struct rd *r, const json_t *v, const char *path, const char **out, int *n) {
  plam_err e = rd_array(r, v, path, RECRUIT_MAX_LIST, n);
  char p[160];
  for (int i = 0; !e && i < *n; i++) {
    rd_index(p, sizeof p, path, i);
    if ((e = rd_id(r, json_array_get(v, (size_t)i), p, &out[i]))) break;
    for (int k = 0; k < i; k++)
      if (!strcmp(out[k], out[i]))
        return rd_fail(r, PLAM_ERR_INVALID, p, "« %s » figure deux fois dans la liste", out[i]);
  }
  return e;
}

static plam_err rd_point(struct rd *r, const json_t *v, const char *path, double *lat, double *lon) {
  static const char *const keys[] = {"lat", "lon", NULL};
  char p[160];
  plam_err e = rd_keys(r, v, path, keys, keys);
  if (e) return e;
  rd_path(p, sizeof p, path, "lat");
  if ((e = rd_num(r, json_object_get(v, "lat"), p, -90, 90, lat))) return e;
  rd_path(p, sizeof p, path, "lon");
  return rd_num(r, json_object_get(v, "lon"), p, -180, 180, lon);
}

static plam_err rd_rules(struct rd *r, const json_t *v) {
  static const char *const keys[] = {"max_hours_7d", "min_rest_hours", "max_shift_hours", NULL};
  plam_err e = rd_keys(r, v, "rules", keys, NULL);
  if (e) return e;
  struct {
    const char *name;
    int min, max, *out;
  } t[] = {{"max_hours_7d", 1, 168, &r->b->rules.max_hours_7d},
           {"min_rest_hours", 0, 48, &r->b->rules.min_rest_hours},
           {"max_shift_hours", 1, 24, &r->b->rules.max_shift_hours}};
  char p[64];
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    json_t *x = json_object_get(v, t[i].name);
    if (!x) continue;
    snprintf(p, sizeof p, "rules.%s", t[i].name);
    if ((e = rd_int(r, x, p, t[i].min, t[i].max, t[i].out))) return e;
  }
  return PLAM_OK;
}

static int iv_cmp(const void *a, const void *b) {
  const struct recruit_iv *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static int slot_cmp(const void *a, const void *b) {
  const struct recruit_slot *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static plam_err rd_need(struct rd *r, const json_t *v) {
  static const char *const keys[] = {"id",       "profession", "qualifications", "slots",
                                     "location", "max_km",     "pools",          NULL};
  static const char *const req[] = {"id", "profession", "slots", "location", "max_km", "pools", NULL};
  struct recruit_need *n = &r->b->need;
  plam_err e = rd_keys(r, v, "need", keys, req);
  if (e) return e;
  if ((e = rd_id(r, json_object_get(v, "id"), "need.id", &n->id))) return e;
  if ((e = rd_id(r, json_object_get(v, "profession"), "need.profession", &n->profession))) return e;
  if ((e = rd_point(r, json_object_get(v, "location"), "need.location", &n->lat, &n->lon))) return e;
  if ((e = rd_num(r, json_object_get(v, "max_km"), "need.max_km", 0, RECRUIT_MAX_KM, &n->max_km))) return e;
  n->quals = calloc(RECRUIT_MAX_LIST, sizeof *n->quals);
  n->pools = calloc(RECRUIT_MAX_LIST, sizeof *n->pools);
  n->slots = calloc(RECRUIT_MAX_SLOTS, sizeof *n->slots);
  if (!n->quals || !n->pools || !n->slots) return PLAM_ERR_NOMEM;
  json_t *q = json_object_get(v, "qualifications");
  if (q && (e = rd_codes(r, q, "need.qualifications", n->quals, &n->nqual))) return e;
  if ((e = rd_codes(r, json_object_get(v, "pools"), "need.pools", n->pools, &n->npool))) return e;
  json_t *sl = json_object_get(v, "slots");
  if ((e = rd_array(r, sl, "need.slots", RECRUIT_MAX_SLOTS, &n->nslot))) return e;
  if (n->nslot == 0) return rd_fail(r, PLAM_ERR_INVALID, "need.slots", "au moins un créneau est attendu");
  char p[64];
  for (int i = 0; i < n->nslot; i++) {
    struct recruit_slot *s = &n->slots[i];
    rd_index(p, sizeof p, "need.slots", i);
    if ((e = rd_interval(r, json_array_get(sl, (size_t)i), p, &s->start, &s->end, &s->offset))) return e;
    int64_t last = s->end - 1 + s->offset; /* local minutes of the last minute worked */
    s->day = (int32_t)((last >= 0 ? last : last - 1439) / 1440);
    for (int k = 0; k < i; k++)
      if (n->slots[k].start < s->end && s->start < n->slots[k].end)
        return rd_fail(r, PLAM_ERR_INVALID, p, "ce créneau chevauche need.slots[%d]", k);
  }
  qsort(n->slots, (size_t)n->nslot, sizeof *n->slots, slot_cmp);
  return PLAM_OK;
}

/* Counts what the candidates need in the flat arrays (bounds first). */
static plam_err rd_count(struct rd *r, const json_t *cands, size_t *nq, size_t *na, size_t *ns, size_t *np) {
  char p[64], f[96];
  *nq = *na = *ns = *np = 0;
  for (size_t i = 0; i < json_array_size(cands); i++) {
    json_t *c = json_array_get(cands, i);
    rd_index(p, sizeof p, "candidates", (int)i);
    if (!json_is_object(c)) return rd_fail(r, PLAM_ERR_INVALID, p, "attendu : un objet, reçu : %s", rd_type(c));
    struct {
      const char *name;
      int max;
      size_t *sum;
    } t[] = {{"qualifications", RECRUIT_MAX_LIST, nq},
             {"available", RECRUIT_MAX_TIMES, na},
             {"shifts", RECRUIT_MAX_TIMES, ns},
             {"pools", RECRUIT_MAX_LIST, np}};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
      json_t *a = json_object_get(c, t[k].name);
      int n = 0;
      rd_path(f, sizeof f, p, t[k].name);
      if (a) {
        plam_err e = rd_array(r, a, f, t[k].max, &n);
        if (e) return e;
      }
      *t[k].sum += (size_t)n;
    }
  }
  return PLAM_OK;
}

static plam_err rd_cand(struct rd *r, const json_t *v, int i, size_t *oq, size_t *oa, size_t *os, size_t *op) {
  static const char *const keys[] = {"id",    "profession", "qualifications", "available",    "home",          "max_km",
                                     "pools", "shifts",     "offers_90d",     "no_shows_12m", "past_missions", NULL};
  static const char *const req[] = {"id",    "profession", "qualifications", "available",    "home", "max_km",
                                    "pools", "shifts",     "offers_90d",     "no_shows_12m", NULL};
  struct recruit_bundle *b = r->b;
  struct recruit_cand *c = &b->cand[i];
  char p[64], f[128], g[160];
  rd_index(p, sizeof p, "candidates", i);
  plam_err e = rd_keys(r, v, p, keys, req);
  if (e) return e;
  rd_path(f, sizeof f, p, "id");
  if ((e = rd_id(r, json_object_get(v, "id"), f, &c->id))) return e;
  rd_path(f, sizeof f, p, "profession");
  if ((e = rd_id(r, json_object_get(v, "profession"), f, &c->profession))) return e;
  rd_path(f, sizeof f, p, "home");
  if ((e = rd_point(r, json_object_get(v, "home"), f, &c->lat, &c->lon))) return e;
  rd_path(f, sizeof f, p, "max_km");
  if ((e = rd_num(r, json_object_get(v, "max_km"), f, 0, RECRUIT_MAX_KM, &c->max_km))) return e;
  rd_path(f, sizeof f, p, "offers_90d");
  if ((e = rd_int(r, json_object_get(v, "offers_90d"), f, 0, RECRUIT_MAX_COUNT, &c->offers_90d))) return e;
  rd_path(f, sizeof f, p, "no_shows_12m");
  if ((e = rd_int(r, json_object_get(v, "no_shows_12m"), f, 0, RECRUIT_MAX_COUNT, &c->no_shows_12m))) return e;
  json_t *pm = json_object_get(v, "past_missions");
  if (pm) {
    rd_path(f, sizeof f, p, "past_missions");
    if ((e = rd_int(r, pm, f, 0, RECRUIT_MAX_COUNT, &c->past_missions))) return e;
    c->has_past_missions = 1;
  }
  char qpath[96], apath[96], spath[96];
  rd_path(qpath, sizeof qpath, p, "qualifications");
  rd_path(apath, sizeof apath, p, "available");
  rd_path(spath, sizeof spath, p, "shifts");
  /* qualifications: [{"code","valid_until"}], codes distinct */
  json_t *qs = json_object_get(v, "qualifications");
  c->qual_off = (int)*oq;
  c->nqual = (int)json_array_size(qs);
  for (int k = 0; k < c->nqual; k++) {
    static const char *const qk[] = {"code", "valid_until", NULL};
    struct recruit_qual *q = &b->qual[*oq + (size_t)k];
    json_t *x = json_array_get(qs, (size_t)k);
    rd_index(f, sizeof f, qpath, k);
    if ((e = rd_keys(r, x, f, qk, qk))) return e;
    rd_path(g, sizeof g, f, "code");
    if ((e = rd_id(r, json_object_get(x, "code"), g, &q->code))) return e;
    for (int m = 0; m < k; m++)
      if (!strcmp(b->qual[*oq + (size_t)m].code, q->code))
        return rd_fail(r, PLAM_ERR_INVALID, g, "qualification « %s » déjà donnée", q->code);
    rd_path(g, sizeof g, f, "valid_until");
    json_t *d = json_object_get(x, "valid_until");
    if (!json_is_string(d)) return rd_fail(r, PLAM_ERR_INVALID, g, "attendu : une chaîne, reçu : %s", rd_type(d));
    if (recruit_date_parse(json_string_value(d), &q->valid_until))
      return rd_fail(r, PLAM_ERR_INVALID, g, "date invalide « %.40s » (attendu AAAA-MM-JJ, années %d à %d)",
                     json_string_value(d), RECRUIT_YEAR_MIN, RECRUIT_YEAR_MAX);
  }
  *oq += (size_t)c->nqual;
  /* available: any intervals; their union counts */
  json_t *av = json_object_get(v, "available");
  c->avail_off = (int)*oa;
  c->navail = (int)json_array_size(av);
  for (int k = 0; k < c->navail; k++) {
    struct recruit_iv *x = &b->avail[*oa + (size_t)k];
    int off;
    rd_index(f, sizeof f, apath, k);
    if ((e = rd_interval(r, json_array_get(av, (size_t)k), f, &x->start, &x->end, &off))) return e;
  }
  qsort(&b->avail[*oa], (size_t)c->navail, sizeof *b->avail, iv_cmp); /* the union counts: order is free */
  *oa += (size_t)c->navail;
  /* shifts: confirmed, pairwise disjoint; kept sorted */
  json_t *sh = json_object_get(v, "shifts");
  c->shift_off = (int)*os;
  c->nshift = (int)json_array_size(sh);
  struct recruit_iv *s0 = &b->shift[*os];
  for (int k = 0; k < c->nshift; k++) {
    int off;
    rd_index(f, sizeof f, spath, k);
    if ((e = rd_interval(r, json_array_get(sh, (size_t)k), f, &s0[k].start, &s0[k].end, &off))) return e;
  }
  qsort(s0, (size_t)c->nshift, sizeof *s0, iv_cmp);
  for (int k = 1; k < c->nshift; k++)
    if (s0[k].start < s0[k - 1].end) {
      rd_path(f, sizeof f, p, "shifts");
      return rd_fail(r, PLAM_ERR_INVALID, f, "deux missions confirmées se chevauchent");
    }
  *os += (size_t)c->nshift;
  rd_path(f, sizeof f, p, "pools");
  c->pool_off = (int)*op;
  if ((e = rd_codes(r, json_object_get(v, "pools"), f, &b->pool[*op], &c->npool))) return e;
  *op += (size_t)c->npool;
  return PLAM_OK;
}

static int id_cmp(const void *a, const void *b) {
  return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

static plam_err rd_unique_ids(struct rd *r) {
  struct recruit_bundle *b = r->b;
  const char **ids = malloc((size_t)b->ncand * sizeof *ids + 1);
  const char ***ptr = malloc((size_t)b->ncand * sizeof *ptr + 1);
  if (!ids || !ptr) {
    free(ids);
    free(ptr);
    return PLAM_ERR_NOMEM;
  }
  for (int i = 0; i < b->ncand; i++) {
    ids[i] = b->cand[i].id;
    ptr[i] = &ids[i];
  }
  qsort(ptr, (size_t)b->ncand, sizeof *ptr, id_cmp);
  plam_err e = PLAM_OK;
  for (int i = 1; i < b->ncand && !e; i++)
    if (!strcmp(*ptr[i], *ptr[i - 1])) {
      int a = (int)(ptr[i - 1] - ids), c = (int)(ptr[i] - ids);
      char p[64], q[80];
      rd_index(p, sizeof p, "candidates", a > c ? a : c);
      rd_path(q, sizeof q, p, "id");
      e = rd_fail(r, PLAM_ERR_INVALID, q, "identifiant « %s » déjà utilisé par candidates[%d]", *ptr[i], a < c ? a : c);
    }
  free(ids);
  free(ptr);
  return e;
}

void recruit_bundle_defaults(struct recruit_bundle *b) {
  b->rules.max_hours_7d = RECRUIT_DEF_MAX_HOURS_7D;
  b->rules.min_rest_hours = RECRUIT_DEF_MIN_REST_HOURS;
  b->rules.max_shift_hours = RECRUIT_DEF_MAX_SHIFT_HOURS;
  b->limit = RECRUIT_LIMIT_DEFAULT;
}

static plam_err rd_all(struct rd *r, const char *data, size_t len) {
  struct recruit_bundle *b = r->b;
  if (len > RECRUIT_MAX_BUNDLE_BYTES)
    return rd_fail(r, PLAM_ERR_TOO_LARGE, "lot", "trop volumineux (%u octets au plus)", RECRUIT_MAX_BUNDLE_BYTES);
  json_error_t je;
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
  if (!root) {
    snprintf(r->err, r->errlen, "JSON mal formé ou clé en double (ligne %d, colonne %d)", je.line, je.column);
    return PLAM_ERR_INVALID;
  }
  b->owner = root;
  static const char *const keys[] = {"rules", "need", "candidates", "limit", NULL};
  static const char *const req[] = {"need", "candidates", NULL};
  plam_err e = rd_keys(r, root, "lot", keys, req);
  if (e) return e;
  json_t *v = json_object_get(root, "rules");
  if (v && (e = rd_rules(r, v))) return e;
  v = json_object_get(root, "limit");
  if (v && (e = rd_int(r, v, "limit", 1, RECRUIT_LIMIT_MAX, &b->limit))) return e;
  if ((e = rd_need(r, json_object_get(root, "need")))) return e;
  json_t *cands = json_object_get(root, "candidates");
  if ((e = rd_array(r, cands, "candidates", RECRUIT_MAX_CANDIDATES, &b->ncand))) return e;
  size_t nq, na, ns, np;
  if ((e = rd_count(r, cands, &nq, &na, &ns, &np))) return e;
  b->cand = calloc((size_t)b->ncand + 1, sizeof *b->cand);
  b->qual = calloc(nq + 1, sizeof *b->qual);
  b->avail = calloc(na + 1, sizeof *b->avail);
  b->shift = calloc(ns + 1, sizeof *b->shift);
  b->pool = calloc(np + 1, sizeof *b->pool);
  if (!b->cand || !b->qual || !b->avail || !b->shift || !b->pool) return PLAM_ERR_NOMEM;
  size_t oq = 0, oa = 0, os = 0, op = 0;
  for (int i = 0; i < b->ncand; i++)
    if ((e = rd_cand(r, json_array_get(cands, (size_t)i), i, &oq, &oa, &os, &op))) return e;
  return rd_unique_ids(r);
}

plam_err recruit_bundle_read(struct recruit_bundle *b, const char *data, size_t len, char *err, size_t errlen) {
  memset(b, 0, sizeof *b);
  recruit_bundle_defaults(b);
  struct rd r = {b, err, errlen};
  if (errlen) err[0] = '\0';
  plam_err e = rd_all(&r, data, len);
  if (e == PLAM_ERR_NOMEM) snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
  return e;
}

void recruit_bundle_release(struct recruit_bundle *b) {
  if (b->owner) {
    json_decref(b->owner);
    free(b->need.quals);
    free(b->need.pools);
    free(b->need.slots);
    free(b->cand);
    free(b->qual);
    free(b->avail);
    free(b->shift);
    free(b->pool);
  }
  memset(b, 0, sizeof *b);
}
