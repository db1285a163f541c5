/* Bundle reader: turns the JSON bundle of docs/ALLOCATION.md into an
 * alloc_instance. One pass over the bytes with the strict pull reader
 * (alloc_json.h); identifiers are interned so that wishes may name posts
 * defined later in the file; references are resolved and cross-field rules
 * checked at the end. Every error names the field, e.g.
 * "candidates[3].wishes[1] : poste inconnu « p99 »". Unknown fields are
 * refused so that a typo cannot silently change an allocation. */
#include "app/alloc/alloc.h"
#include "app/alloc/alloc_json.h"
#include "app/alloc/alloc_symtab.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rd {
  struct alloc_instance *inst;
  struct alloc_json j;
  struct alloc_symtab sy;
  char *err;
  size_t errlen;
  int *cand_of, *post_of, *terr_of, *tag_of; /* per symbol, -1 when undefined */
  uint32_t *stamp;                           /* per symbol: last list seen in */
  int symcap;
  uint32_t cur_stamp;
  int candcap, postcap, terrcap, rescap;
  int *wsym, wcap; /* wish symbols (resolved in place into post indices) */
  uint8_t *wsub;   /* 1 when the entry sat in an ex aequo group (error paths) */
  int *rsym, rcap;
  uint8_t *rsub;
  int *post_terr; /* per post: territory symbol or -1 */
  int list_hint;  /* first size of the list arrays: bundle bytes / 8 */
};

__attribute__((format(printf, 4, 5))) static plam_err rd_fail(struct rd *r, plam_err e, const char *path,
                                                              const char *fmt, ...) {
  char msg[ALLOC_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(r->err, r->errlen, "%s : %s", path, msg);
  return e;
}

/* Prefixes the pull reader's message with the field path. */
static plam_err rd_json(struct rd *r, plam_err e, const char *path) {
  char msg[ALLOC_ERRLEN];
  snprintf(msg, sizeof msg, "%s", r->err);
  snprintf(r->err, r->errlen, "%s : %s", path, msg);
  return e;
}

/* Field paths ("candidates[12].wishes") are built for every object and
 * field read, and only used in error messages: built without printf, and
 * truncated like snprintf would. */
static void rd_join(char *dst, size_t n, const char *a, const char *b) {
  size_t i = 0;
  for (; *a && i + 1 < n; a++) dst[i++] = *a;
  if (i + 1 < n) dst[i++] = '.';
  for (; *b && i + 1 < n; b++) dst[i++] = *b;
  dst[i] = '\0';
}

static void rd_indexed(char *dst, size_t n, const char *name, int idx) {
  char num[16];
  int k = 16;
  unsigned u = (unsigned)idx;
  do {
    num[--k] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  size_t i = 0;
  for (; *name && i + 1 < n; name++) dst[i++] = *name;
  if (i + 1 < n) dst[i++] = '[';
  for (; k < 16 && i + 1 < n; k++) dst[i++] = num[k];
  if (i + 1 < n) dst[i++] = ']';
  dst[i] = '\0';
}

static int rd_grow(void **p, int *cap, int need, size_t elem, int max) {
  if (need <= *cap) return 0;
  if (need > max) return -1;
  long long n = *cap ? *cap : 256;
  while (n < need) n *= 2;
  if (n > max) n = max;
  void *q = realloc(*p, (size_t)n * elem);
  if (!q) return -2;
  *p = q;
  *cap = (int)n;
  return 0;
}

static plam_err rd_grow_err(struct rd *r, int rc, const char *path, const char *what, int max) {
  if (rc == -1) return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "trop de %s (%d au plus)", what, max);
  if (rc == -2) {
    snprintf(r->err, r->errlen, "mémoire insuffisante pour lire le lot");
    return PLAM_ERR_NOMEM;
  }
  return PLAM_OK;
}

/* Keeps the per-symbol maps as large as the symbol table. */
static plam_err rd_sym_maps(struct rd *r) {
  if (r->symcap >= r->sy.cap) return PLAM_OK;
  int old = r->symcap, cap = r->sy.cap;
  int **maps[] = {&r->cand_of, &r->post_of, &r->terr_of, &r->tag_of};
  for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
    int *q = realloc(*maps[m], (size_t)cap * sizeof(int));
    if (!q) return PLAM_ERR_NOMEM;
    for (int i = old; i < cap; i++) q[i] = -1;
    *maps[m] = q;
  }
  uint32_t *st = realloc(r->stamp, (size_t)cap * sizeof *st);
  if (!st) return PLAM_ERR_NOMEM;
  for (int i = old; i < cap; i++) st[i] = 0;
  r->stamp = st;
  r->symcap = cap;
  return PLAM_OK;
}

/* Reads a string and interns it. ids are 1..ALLOC_MAX_ID bytes without
 * control characters. */
static plam_err rd_sym(struct rd *r, const char *path, int *sym) {
  const char *s;
  size_t n;
  plam_err e = alloc_json_string(&r->j, &s, &n);
  if (e) return rd_json(r, e, path);
  if (n == 0) return rd_fail(r, PLAM_ERR_INVALID, path, "identifiant vide");
  if (n > ALLOC_MAX_ID)
    return rd_fail(r, PLAM_ERR_INVALID, path, "identifiant trop long (%d octets au plus)", ALLOC_MAX_ID);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      return rd_fail(r, PLAM_ERR_INVALID, path, "caractère de contrôle dans l'identifiant");
  e = alloc_symtab_intern(&r->sy, s, n, sym, NULL);
  if (e == PLAM_ERR_TOO_LARGE) return rd_fail(r, e, path, "trop d'identifiants distincts");
  if (e) {
    snprintf(r->err, r->errlen, "mémoire insuffisante pour lire le lot");
    return e;
  }
  return rd_sym_maps(r);
}

/* Interns a tag and gives it a tag index. */
static plam_err rd_tag(struct rd *r, const char *path, int *tag) {
  int sym;
  plam_err e = rd_sym(r, path, &sym);
  if (e) return e;
  if (r->tag_of[sym] < 0) {
    if (r->inst->ntag >= ALLOC_MAX_TAGS)
      return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "trop d'étiquettes distinctes (%d au plus)", ALLOC_MAX_TAGS);
    r->tag_of[sym] = r->inst->ntag;
    r->inst->tag_name[r->inst->ntag++] = r->sy.str[sym];
  }
  *tag = r->tag_of[sym];
  return PLAM_OK;
}

static plam_err rd_int(struct rd *r, const char *path, long long min, long long max, long long *out) {
  plam_err e = alloc_json_int(&r->j, min, max, out);
  return e ? rd_json(r, e, path) : PLAM_OK;
}

static plam_err rd_bool(struct rd *r, const char *path, int *out) {
  plam_err e = alloc_json_bool(&r->j, out);
  return e ? rd_json(r, e, path) : PLAM_OK;
}

/* Reads one of the words in `words` (NULL-terminated); *out = its index. */
static plam_err rd_word(struct rd *r, const char *path, const char *const *words, int *out) {
  const char *s;
  size_t n;
  plam_err e = alloc_json_string(&r->j, &s, &n);
  if (e) return rd_json(r, e, path);
  for (int i = 0; words[i]; i++)
    if (strlen(words[i]) == n && !memcmp(words[i], s, n)) {
      *out = i;
      return PLAM_OK;
    }
  char allowed[256] = "";
  for (int i = 0; words[i]; i++) {
    size_t l = strlen(allowed);
    snprintf(allowed + l, sizeof allowed - l, "%s« %s »", i ? ", " : "", words[i]);
  }
  return rd_fail(r, PLAM_ERR_INVALID, path, "valeur « %.*s » inconnue (valeurs possibles : %s)", (int)(n > 64 ? 64 : n),
                 s, allowed);
}

/* Interned text attribute (phase, specialty). */
static plam_err rd_attr(struct rd *r, const char *path, const char **out) {
  int sym;
  plam_err e = rd_sym(r, path, &sym);
  if (!e) *out = r->sy.str[sym];
  return e;
}

/* Key dispatch: returns the index of key in names, or -1. Duplicate keys
 * are caught with the seen bitmask. */
static int rd_key(struct rd *r, const char *path, const char *key, size_t klen, const char *const *names,
                  unsigned *seen, plam_err *e) {
  for (int i = 0; names[i]; i++) {
    if (strlen(names[i]) == klen && !memcmp(names[i], key, klen)) {
      if (*seen & (1u << i)) {
        *e = rd_fail(r, PLAM_ERR_INVALID, path, "champ « %s » en double", names[i]);
        return -1;
      }
      *seen |= 1u << i;
      return i;
    }
  }
  *e = rd_fail(r, PLAM_ERR_INVALID, path, "champ inconnu « %.*s »", (int)(klen > 64 ? 64 : klen), key);
  return -1;
}

/* A preference list: ["a", ["b", "c"], "d"] — an inner array is a group of
 * ex aequo entries. Appends symbols, groups and inner indices; fills
 * *group_count. which: 0 = wishes, 1 = ranking. */
static plam_err rd_list(struct rd *r, const char *path, int which, int *count) {
  struct alloc_instance *inst = r->inst;
  int **sym = which ? &r->rsym : &r->wsym;
  uint8_t **sub = which ? &r->rsub : &r->wsub;
  int **grp = which ? &inst->rank_group : &inst->wish_group;
  int *cap = which ? &r->rcap : &r->wcap;
  int *n = which ? &inst->nrank_total : &inst->nwish_total;
  int start = *n, more, outer = 0;
  char p[160];
  plam_err e = alloc_json_array_begin(&r->j);
  if (e) return rd_json(r, e, path);
  r->cur_stamp++;
  for (;;) {
    if ((e = alloc_json_array_next(&r->j, &more))) return rd_json(r, e, path);
    if (!more) break;
    int nested = alloc_json_peek(&r->j) == ALLOC_JSON_ARRAY, inner = 0, imore = 1;
    /* element paths are only formatted when an error needs them */
#define RD_PATH() \
  (nested && inner >= 0 ? snprintf(p, sizeof p, "%s[%d][%d]", path, outer, inner) \
                        : snprintf(p, sizeof p, "%s[%d]", path, outer), \
   p)
    if (nested) {
      inner = -1;
      if ((e = alloc_json_array_begin(&r->j))) return rd_json(r, e, RD_PATH());
      inner = 0;
    }
    for (;;) {
      if (nested) {
        if ((e = alloc_json_array_next(&r->j, &imore))) {
          inner = -1;
          return rd_json(r, e, RD_PATH());
        }
        if (!imore) break;
      }
      int s, tot = inst->nwish_total + inst->nrank_total;
      if (*n - start >= ALLOC_MAX_LIST)
        return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "liste trop longue (%d au plus)", ALLOC_MAX_LIST);
      if (tot >= ALLOC_MAX_ENTRIES)
        return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "trop de vœux et de classements au total (%d au plus)",
                       ALLOC_MAX_ENTRIES);
      {
        const char *str;
        size_t sl;
        if (!alloc_json_plain_string(&r->j, &str, &sl)) {
          if (alloc_json_peek(&r->j) != ALLOC_JSON_STRING)
            return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "attendu : un identifiant, reçu : %s%s",
                           alloc_json_type_name(alloc_json_peek(&r->j)),
                           nested ? " (un groupe ex aequo ne contient que des identifiants)" : "");
          if ((e = alloc_json_string(&r->j, &str, &sl))) return rd_json(r, e, RD_PATH());
        }
        /* fast path: an id already known and valid needs no further checks */
        s = alloc_symtab_find(&r->sy, str, sl);
        if (s < 0) {
          /* re-validate through rd_sym semantics on a copy */
          char idbuf[ALLOC_MAX_ID + 1];
          if (sl == 0) return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "identifiant vide");
          if (sl > ALLOC_MAX_ID)
            return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "identifiant trop long (%d octets au plus)", ALLOC_MAX_ID);
          memcpy(idbuf, str, sl);
          for (size_t i = 0; i < sl; i++)
            if ((unsigned char)idbuf[i] < 0x20 || idbuf[i] == 0x7f)
              return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "caractère de contrôle dans l'identifiant");
          e = alloc_symtab_intern(&r->sy, idbuf, sl, &s, NULL);
          if (e == PLAM_ERR_TOO_LARGE) return rd_fail(r, e, RD_PATH(), "trop d'identifiants distincts");
          if (e || (e = rd_sym_maps(r))) {
            snprintf(r->err, r->errlen, "mémoire insuffisante pour lire le lot");
            return e;
          }
        }
      }
      if (r->stamp[s] == r->cur_stamp)
        return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "« %s » figure deux fois dans la liste", r->sy.str[s]);
      r->stamp[s] = r->cur_stamp;
      if (*n >= *cap) {
        /* sized once from the bundle length (an entry takes at least 4 bytes,
         * ~9 in practice, and wishes and rankings share the file): no
         * copies while reading a bundle of usual shape */
        int c1 = *cap, c2 = *cap, c3 = *cap, rc, need = *cap == 0 && r->list_hint > *n + 1 ? r->list_hint : *n + 1;
        if ((rc = rd_grow((void **)sym, &c1, need, sizeof(int), ALLOC_MAX_ENTRIES)) ||
            (rc = rd_grow((void **)sub, &c2, need, 1, ALLOC_MAX_ENTRIES)) ||
            (rc = rd_grow((void **)grp, &c3, need, sizeof(int), ALLOC_MAX_ENTRIES)))
          return rd_grow_err(r, rc, path, "entrées", ALLOC_MAX_ENTRIES);
        *cap = c1;
      }
      (*sym)[*n] = s;
      (*sub)[*n] = (uint8_t)nested;
      (*grp)[*n] = outer;
      (*n)++;
      if (!nested) break;
      inner++;
    }
    if (nested && inner == 0) {
      inner = -1;
      return rd_fail(r, PLAM_ERR_INVALID, RD_PATH(), "groupe ex aequo vide");
    }
#undef RD_PATH
    outer++;
  }
  *count = *n - start;
  return PLAM_OK;
}

static plam_err rd_candidate(struct rd *r, int idx) {
  static const char *const keys[] = {"id", "rank", "seniority", "phase", "specialty", "tags", "wishes", "name", NULL};
  struct alloc_instance *inst = r->inst;
  char path[64], p[96];
  rd_indexed(path, sizeof path, "candidates", idx);
  int rc = rd_grow((void **)&inst->cand, &r->candcap, idx + 1, sizeof *inst->cand, ALLOC_MAX_CANDIDATES);
  if (rc) return rd_grow_err(r, rc, "candidates", "candidats", ALLOC_MAX_CANDIDATES);
  struct alloc_cand *c = &inst->cand[idx];
  memset(c, 0, sizeof *c);
  c->wish_off = inst->nwish_total;
  unsigned seen = 0;
  int more;
  const char *key;
  size_t klen;
  plam_err e = alloc_json_object_begin(&r->j);
  if (e) return rd_json(r, e, path);
  for (;;) {
    if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) return rd_json(r, e, path);
    if (!more) break;
    int k = rd_key(r, path, key, klen, keys, &seen, &e);
    if (k < 0) return e;
    rd_join(p, sizeof p, path, keys[k]);
    long long v;
    int sym;
    switch (k) {
    case 0:
      if ((e = rd_sym(r, p, &sym))) return e;
      if (r->cand_of[sym] >= 0)
        return rd_fail(r, PLAM_ERR_INVALID, p, "identifiant « %s » en double (déjà utilisé par candidates[%d])",
                       r->sy.str[sym], r->cand_of[sym]);
      r->cand_of[sym] = idx;
      c->id = r->sy.str[sym];
      break;
    case 1:
      if ((e = rd_int(r, p, 1, ALLOC_MAX_RANK, &v))) return e;
      c->rank = v;
      break;
    case 2:
      if ((e = rd_int(r, p, 0, ALLOC_MAX_SENIORITY, &v))) return e;
      c->seniority = (int)v;
      break;
    case 3:
      if ((e = rd_attr(r, p, &c->phase))) return e;
      break;
    case 4:
      if ((e = rd_attr(r, p, &c->specialty))) return e;
      break;
    case 5: {
      if ((e = alloc_json_array_begin(&r->j))) return rd_json(r, e, p);
      for (int t = 0;; t++) {
        if ((e = alloc_json_array_next(&r->j, &more))) return rd_json(r, e, p);
        if (!more) break;
        char tp[112];
        int tag;
        snprintf(tp, sizeof tp, "%s[%d]", p, t);
        if ((e = rd_tag(r, tp, &tag))) return e;
        c->tags |= 1u << tag;
      }
      break;
    }
    case 6:
      if ((e = rd_list(r, p, 0, &c->nwish))) return e;
      break;
    case 7: { /* display name: accepted, never copied into results */
      const char *s;
      size_t n;
      if ((e = alloc_json_string(&r->j, &s, &n))) return rd_json(r, e, p);
      break;
    }
    }
  }
  if (!c->id) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « id » manquant");
  return PLAM_OK;
}

static plam_err rd_reserved(struct rd *r, const char *path, struct alloc_post *post) {
  static const char *const keys[] = {"seats", "tag", "strict", NULL};
  struct alloc_instance *inst = r->inst;
  char gp[128], p[160];
  int more, gmore;
  plam_err e = alloc_json_array_begin(&r->j);
  if (e) return rd_json(r, e, path);
  post->res_off = inst->nres_total;
  for (int g = 0;; g++) {
    if ((e = alloc_json_array_next(&r->j, &gmore))) return rd_json(r, e, path);
    if (!gmore) break;
    snprintf(gp, sizeof gp, "%s[%d]", path, g);
    if (g >= ALLOC_MAX_RESERVES)
      return rd_fail(r, PLAM_ERR_TOO_LARGE, path, "trop de groupes de places réservées (%d au plus)",
                     ALLOC_MAX_RESERVES);
    int rc = rd_grow((void **)&inst->res, &r->rescap, inst->nres_total + 1, sizeof *inst->res,
                     ALLOC_MAX_POSTS * ALLOC_MAX_RESERVES);
    if (rc) return rd_grow_err(r, rc, path, "groupes", ALLOC_MAX_POSTS * ALLOC_MAX_RESERVES);
    struct alloc_reserve *res = &inst->res[inst->nres_total];
    res->tag = -1;
    res->seats = 0;
    res->strict = 0;
    unsigned seen = 0;
    const char *key;
    size_t klen;
    if ((e = alloc_json_object_begin(&r->j))) return rd_json(r, e, gp);
    for (;;) {
      if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) return rd_json(r, e, gp);
      if (!more) break;
      int k = rd_key(r, gp, key, klen, keys, &seen, &e);
      if (k < 0) return e;
      rd_join(p, sizeof p, gp, keys[k]);
      long long v;
      if (k == 0) {
        if ((e = rd_int(r, p, 1, ALLOC_MAX_CAPACITY, &v))) return e;
        res->seats = (int)v;
      } else if (k == 1) {
        if ((e = rd_tag(r, p, &res->tag))) return e;
      } else {
        if ((e = rd_bool(r, p, &res->strict))) return e;
      }
    }
    if (!(seen & 1)) return rd_fail(r, PLAM_ERR_INVALID, gp, "champ obligatoire « seats » manquant");
    if (!(seen & 2)) return rd_fail(r, PLAM_ERR_INVALID, gp, "champ obligatoire « tag » manquant");
    inst->nres_total++;
    post->nres++;
  }
  return PLAM_OK;
}

static plam_err rd_post(struct rd *r, int idx) {
  static const char *const keys[] = {"id",        "capacity", "ranking", "territory", "phase", "specialty",
                                     "cesp_only", "reserved", "name",    "site",      NULL};
  struct alloc_instance *inst = r->inst;
  char path[64], p[96];
  rd_indexed(path, sizeof path, "posts", idx);
  int pc = r->postcap;
  int rc = rd_grow((void **)&inst->post, &r->postcap, idx + 1, sizeof *inst->post, ALLOC_MAX_POSTS);
  if (!rc) rc = rd_grow((void **)&r->post_terr, &pc, idx + 1, sizeof(int), ALLOC_MAX_POSTS);
  if (rc) return rd_grow_err(r, rc, "posts", "postes", ALLOC_MAX_POSTS);
  struct alloc_post *post = &inst->post[idx];
  memset(post, 0, sizeof *post);
  post->territory = -1;
  post->rank_off = inst->nrank_total;
  post->res_off = inst->nres_total;
  r->post_terr[idx] = -1;
  unsigned seen = 0;
  int more;
  const char *key;
  size_t klen;
  plam_err e = alloc_json_object_begin(&r->j);
  if (e) return rd_json(r, e, path);
  for (;;) {
    if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) return rd_json(r, e, path);
    if (!more) break;
    int k = rd_key(r, path, key, klen, keys, &seen, &e);
    if (k < 0) return e;
    rd_join(p, sizeof p, path, keys[k]);
    long long v;
    int sym;
    switch (k) {
    case 0:
      if ((e = rd_sym(r, p, &sym))) return e;
      if (r->post_of[sym] >= 0)
        return rd_fail(r, PLAM_ERR_INVALID, p, "identifiant « %s » en double (déjà utilisé par posts[%d])",
                       r->sy.str[sym], r->post_of[sym]);
      r->post_of[sym] = idx;
      post->id = r->sy.str[sym];
      break;
    case 1:
      /* 0 … ALLOC_MAX_CAPACITY, the range docs/ALLOCATION.md gives; the
       * message of any other value states that range. */
      if ((e = rd_int(r, p, 0, ALLOC_MAX_CAPACITY, &v))) return e;
      post->capacity = (int)v;
      break;
    case 2:
      if ((e = rd_list(r, p, 1, &post->nrank))) return e;
      post->has_ranking = 1;
      break;
    case 3:
      if ((e = rd_sym(r, p, &sym))) return e;
      r->post_terr[idx] = sym;
      break;
    case 4:
      if ((e = rd_attr(r, p, &post->phase))) return e;
      break;
    case 5:
      if ((e = rd_attr(r, p, &post->specialty))) return e;
      break;
    case 6:
      if ((e = rd_bool(r, p, &post->cesp_only))) return e;
      break;
    case 7:
      if ((e = rd_reserved(r, p, post))) return e;
      break;
    default: { /* name, site: descriptive text */
      const char *s;
      size_t n;
      if ((e = alloc_json_string(&r->j, &s, &n))) return rd_json(r, e, p);
    }
    }
  }
  if (!post->id) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « id » manquant");
  if (!(seen & 2)) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « capacity » manquant");
  post->seats = post->capacity;
  return PLAM_OK;
}

static plam_err rd_territory(struct rd *r, int idx) {
  static const char *const keys[] = {"id", "base", "weight", "fragile", "name", NULL};
  struct alloc_instance *inst = r->inst;
  char path[64], p[96];
  rd_indexed(path, sizeof path, "territories", idx);
  int rc = rd_grow((void **)&inst->terr, &r->terrcap, idx + 1, sizeof *inst->terr, ALLOC_MAX_TERRITORIES);
  if (rc) return rd_grow_err(r, rc, "territories", "territoires", ALLOC_MAX_TERRITORIES);
  struct alloc_territory *t = &inst->terr[idx];
  memset(t, 0, sizeof *t);
  t->weight = 1.0;
  unsigned seen = 0;
  int more, sym;
  const char *key;
  size_t klen;
  plam_err e = alloc_json_object_begin(&r->j);
  if (e) return rd_json(r, e, path);
  for (;;) {
    if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) return rd_json(r, e, path);
    if (!more) break;
    int k = rd_key(r, path, key, klen, keys, &seen, &e);
    if (k < 0) return e;
    rd_join(p, sizeof p, path, keys[k]);
    double d;
    switch (k) {
    case 0:
      if ((e = rd_sym(r, p, &sym))) return e;
      if (r->terr_of[sym] >= 0)
        return rd_fail(r, PLAM_ERR_INVALID, p, "identifiant « %s » en double (déjà utilisé par territories[%d])",
                       r->sy.str[sym], r->terr_of[sym]);
      r->terr_of[sym] = idx;
      t->id = r->sy.str[sym];
      break;
    case 1:
    case 2:
      if ((e = alloc_json_double(&r->j, &d))) return rd_json(r, e, p);
      if (!(d >= 0 && d <= 1e12))
        return rd_fail(r, PLAM_ERR_INVALID, p, "nombre positif ou nul attendu (1e12 au plus)");
      if (k == 1) t->base = d;
      else t->weight = d;
      break;
    case 3:
      if ((e = rd_bool(r, p, &t->fragile))) return e;
      break;
    default: {
      const char *s;
      size_t n;
      if ((e = alloc_json_string(&r->j, &s, &n))) return rd_json(r, e, p);
    }
    }
  }
  if (!t->id) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « id » manquant");
  if (!(seen & 2)) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « base » manquant");
  return PLAM_OK;
}

/* Reads an array of objects with fn(r, index). */
static plam_err rd_array(struct rd *r, const char *path, plam_err (*fn)(struct rd *, int), int *count) {
  int more;
  plam_err e = alloc_json_array_begin(&r->j);
  if (e) return rd_json(r, e, path);
  for (int i = 0;; i++) {
    if ((e = alloc_json_array_next(&r->j, &more))) return rd_json(r, e, path);
    if (!more) {
      *count = i;
      return PLAM_OK;
    }
    if ((e = fn(r, i))) return e;
    *count = i + 1;
  }
}

static plam_err rd_apportionment(struct rd *r, const char *path) {
  static const char *const keys[] = {"seats", NULL};
  unsigned seen = 0;
  int more;
  const char *key;
  size_t klen;
  char p[96];
  plam_err e = alloc_json_object_begin(&r->j);
  if (e) return rd_json(r, e, path);
  for (;;) {
    if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) return rd_json(r, e, path);
    if (!more) break;
    if (rd_key(r, path, key, klen, keys, &seen, &e) < 0) return e;
    snprintf(p, sizeof p, "%s.seats", path);
    if ((e = rd_int(r, p, 0, ALLOC_MAX_SEATS, &r->inst->apportion_seats))) return e;
  }
  if (!seen) return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire « seats » manquant");
  r->inst->apportion = 1;
  return PLAM_OK;
}

/* Resolves a list's symbols into indices through map; names the first
 * unknown entry with its path. */
static plam_err rd_resolve(struct rd *r, const char *owner, int idx, const char *field, int *sym, const uint8_t *sub,
                           const int *grp, int off, int n, const int *map, const char *kind) {
  for (int k = off; k < off + n; k++) {
    int v = map[sym[k]];
    if (v < 0) {
      char p[160];
      if (sub[k]) {
        int inner = 0;
        while (k - inner - 1 >= off && grp[k - inner - 1] == grp[k]) inner++;
        snprintf(p, sizeof p, "%s[%d].%s[%d][%d]", owner, idx, field, grp[k], inner);
      } else {
        snprintf(p, sizeof p, "%s[%d].%s[%d]", owner, idx, field, grp[k]);
      }
      return rd_fail(r, PLAM_ERR_INVALID, p, "%s inconnu « %s »", kind, r->sy.str[sym[k]]);
    }
    sym[k] = v; /* resolved in place: the array becomes the index list */
  }
  return PLAM_OK;
}

static plam_err rd_finish(struct rd *r, unsigned seen) {
  struct alloc_instance *inst = r->inst;
  static const char *const req[] = {"algorithm", "candidates", "posts"};
  static const unsigned reqbit[] = {1u << 0, 1u << 4, 1u << 5};
  for (int i = 0; i < 3; i++)
    if (!(seen & reqbit[i])) return rd_fail(r, PLAM_ERR_INVALID, req[i], "champ obligatoire manquant");
  plam_err e;
  /* The symbol arrays become the index arrays (resolved in place). */
  if (!r->wsym && !(r->wsym = malloc(sizeof(int)))) return PLAM_ERR_NOMEM;
  if (!r->rsym && !(r->rsym = malloc(sizeof(int)))) return PLAM_ERR_NOMEM;
  if (!inst->wish_group && !(inst->wish_group = malloc(sizeof(int)))) return PLAM_ERR_NOMEM;
  if (!inst->rank_group && !(inst->rank_group = malloc(sizeof(int)))) return PLAM_ERR_NOMEM;
  inst->wish_post = r->wsym;
  inst->rank_cand = r->rsym;
  r->wsym = r->rsym = NULL;
  for (int c = 0; c < inst->ncand; c++) {
    const struct alloc_cand *cd = &inst->cand[c];
    if ((e = rd_resolve(r, "candidates", c, "wishes", inst->wish_post, r->wsub, inst->wish_group, cd->wish_off,
                        cd->nwish, r->post_of, "poste")))
      return e;
    if (inst->algorithm == ALLOC_SERIAL_DICTATORSHIP && cd->rank == 0) {
      char p[64];
      snprintf(p, sizeof p, "candidates[%d].rank", c);
      return rd_fail(r, PLAM_ERR_INVALID, p, "champ obligatoire pour l'algorithme « serial-dictatorship »");
    }
  }
  long long seats = 0;
  for (int p = 0; p < inst->npost; p++) {
    struct alloc_post *po = &inst->post[p];
    char path[64];
    if ((e = rd_resolve(r, "posts", p, "ranking", inst->rank_cand, r->rsub, inst->rank_group, po->rank_off, po->nrank,
                        r->cand_of, "candidat")))
      return e;
    if (inst->algorithm == ALLOC_DEFERRED_ACCEPTANCE && !po->has_ranking) {
      snprintf(path, sizeof path, "posts[%d].ranking", p);
      return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire pour l'algorithme « deferred-acceptance »");
    }
    if (r->post_terr[p] >= 0) {
      po->territory = r->terr_of[r->post_terr[p]];
      if (po->territory < 0) {
        snprintf(path, sizeof path, "posts[%d].territory", p);
        return rd_fail(r, PLAM_ERR_INVALID, path, "territoire inconnu « %s » (absent de territories)",
                       r->sy.str[r->post_terr[p]]);
      }
    } else if (inst->apportion) {
      snprintf(path, sizeof path, "posts[%d].territory", p);
      return rd_fail(r, PLAM_ERR_INVALID, path, "champ obligatoire quand « apportionment » est donné");
    }
    int reserved = 0;
    for (int g = 0; g < po->nres; g++) reserved += inst->res[po->res_off + g].seats;
    if (reserved > po->capacity) {
      snprintf(path, sizeof path, "posts[%d].reserved", p);
      return rd_fail(r, PLAM_ERR_INVALID, path, "%d places réservées pour une capacité de %d", reserved, po->capacity);
    }
    if (po->nres && inst->algorithm == ALLOC_DEFERRED_ACCEPTANCE && inst->proposing == ALLOC_PROPOSE_POSTS) {
      snprintf(path, sizeof path, "posts[%d].reserved", p);
      return rd_fail(
        r, PLAM_ERR_INVALID, path,
        "les places réservées ne sont prises en charge que si les candidats proposent (proposing = « candidates »)");
    }
    seats += po->capacity;
  }
  if (seats > ALLOC_MAX_SEATS)
    return rd_fail(r, PLAM_ERR_TOO_LARGE, "posts", "trop de places au total (%d au plus)", ALLOC_MAX_SEATS);
  if (inst->apportion && inst->nterr == 0)
    return rd_fail(r, PLAM_ERR_INVALID, "territories", "obligatoire quand « apportionment » est donné");
  int cesp = alloc_symtab_find(&r->sy, "cesp", 4);
  inst->cesp_tag = cesp >= 0 ? r->tag_of[cesp] : -1;
  return PLAM_OK;
}

plam_err alloc_bundle_read(struct alloc_instance *inst, const char *data, size_t len, char *err, size_t errlen) {
  static const char *const keys[] = {"algorithm", "proposing",   "seed",          "round", "candidates",
                                     "posts",     "territories", "apportionment", "label", NULL};
  static const char *const algos[] = {"serial-dictatorship", "deferred-acceptance", NULL};
  static const char *const sides[] = {"candidates", "posts", NULL};
  static const char *const rounds[] = {"final", "simulation", NULL};
  if (len > ALLOC_MAX_BUNDLE_BYTES) {
    snprintf(err, errlen, "lot trop volumineux (%u octets au plus)", ALLOC_MAX_BUNDLE_BYTES);
    return PLAM_ERR_TOO_LARGE;
  }
  struct rd *r = calloc(1, sizeof *r);
  if (!r) return PLAM_ERR_NOMEM;
  r->inst = inst;
  r->err = err;
  r->errlen = errlen;
  r->list_hint = (int)(len / 8 < ALLOC_MAX_ENTRIES ? len / 8 : ALLOC_MAX_ENTRIES);
  alloc_json_init(&r->j, data, len, err, errlen);
  alloc_symtab_init(&r->sy, &inst->arena, 2 * ALLOC_MAX_CANDIDATES + ALLOC_MAX_POSTS + ALLOC_MAX_TERRITORIES);
  unsigned seen = 0;
  int more, v;
  const char *key;
  size_t klen;
  long long seed;
  plam_err e = alloc_json_object_begin(&r->j);
  if (e) {
    rd_json(r, e, "(document)");
    goto done;
  }
  for (;;) {
    if ((e = alloc_json_object_next(&r->j, &more, &key, &klen))) {
      rd_json(r, e, "(document)");
      goto done;
    }
    if (!more) break;
    int k = rd_key(r, "(document)", key, klen, keys, &seen, &e);
    if (k < 0) goto done;
    switch (k) {
    case 0:
      if (!(e = rd_word(r, "algorithm", algos, &v))) inst->algorithm = (enum alloc_algorithm)v;
      break;
    case 1:
      if (!(e = rd_word(r, "proposing", sides, &v))) inst->proposing = (enum alloc_proposing)v;
      break;
    case 2:
      if (!(e = rd_int(r, "seed", 0, 9007199254740991LL, &seed))) inst->seed = (uint64_t)seed;
      break;
    case 3:
      if (!(e = rd_word(r, "round", rounds, &v))) inst->round = (enum alloc_round)v;
      break;
    case 4: e = rd_array(r, "candidates", rd_candidate, &inst->ncand); break;
    case 5: e = rd_array(r, "posts", rd_post, &inst->npost); break;
    case 6: e = rd_array(r, "territories", rd_territory, &inst->nterr); break;
    case 7: e = rd_apportionment(r, "apportionment"); break;
    default: {
      const char *s;
      size_t n;
      if ((e = alloc_json_string(&r->j, &s, &n))) rd_json(r, e, "label");
    }
    }
    if (e) goto done;
  }
  if ((e = alloc_json_finish(&r->j))) {
    rd_json(r, e, "(document)");
    goto done;
  }
  e = rd_finish(r, seen);
done:
  free(r->cand_of);
  free(r->post_of);
  free(r->terr_of);
  free(r->tag_of);
  free(r->stamp);
  free(r->wsym);
  free(r->wsub);
  free(r->rsym);
  free(r->rsub);
  free(r->post_terr);
  alloc_symtab_release(&r->sy);
  free(r);
  if (e == PLAM_ERR_NOMEM && !err[0]) snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
  return e;
}
