/* French explanations: see alloc_explain.h and the wording in
 * docs/ALLOCATION.md. A preferred wish is every wish of a strictly better
 * group, plus the ex aequo wishes the lottery placed before the one
 * obtained. For a post that filled its seats the candidate's line gives the
 * seats, the last admitted and the candidate's own position ("7 places,
 * dernier admis classé 120e, vous 368e"), how many holders were tied with
 * the candidate and broken by the lottery, and which seats were reserved;
 * who took the seats ("rangs 12, 40, 41") is said once per post
 * (alloc_explain_post_json, the result's "posts"). */
#include "app/alloc/alloc_explain.h"
#include "app/alloc/alloc_jsonw.h"
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_LIST_MAX 5

void alloc_explain_release(struct alloc_explain *x) {
  free(x->okey);
  free(x->occ_off);
  free(x->occ);
  free(x->grp_of_occ);
  free(x->oprio);
  free(x->head);
  free(x->head_off);
  free(x->last);
  free(x->max_sen);
  free(x->id_off);
  memset(x, 0, sizeof *x);
}

struct key_item {
  int key, c;
};

static int key_item_cmp(const void *a, const void *b) {
  const struct key_item *x = a, *y = b;
  if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
  return (x->c > y->c) - (x->c < y->c);
}

static long long orig_prio(const struct alloc_explain *x, int c, int k);
static plam_err explain_heads(struct alloc_explain *x);

plam_err alloc_explain_init(struct alloc_explain *x, const struct alloc_instance *inst, const struct alloc_prefs *pr,
                            const struct alloc_match *m) {
  memset(x, 0, sizeof *x);
  x->inst = inst;
  x->pr = pr;
  x->m = m;
  int nc = inst->ncand, np = inst->npost;
  x->okey = malloc(((size_t)nc + 1) * sizeof(int));
  x->occ_off = calloc((size_t)np + 2, sizeof(int));
  x->occ = malloc(((size_t)nc + 1) * sizeof(int));
  x->grp_of_occ = malloc(((size_t)nc + 1) * sizeof(int));
  x->oprio = malloc(((size_t)nc + 1) * sizeof(long long));
  int *cur = malloc(((size_t)np + 1) * sizeof(int));
  if (!x->okey || !x->occ_off || !x->occ || !x->grp_of_occ || !x->oprio || !cur) {
    free(cur);
    alloc_explain_release(x);
    return PLAM_ERR_NOMEM;
  }
  x->all_ranked = 1;
  for (int c = 0; c < nc; c++) {
    if (!inst->cand[c].rank) x->all_ranked = 0;
    x->okey[c] = -1;
    int p = m->post[c];
    if (p < 0) continue;
    x->occ_off[p + 1]++;
    int got = -1;
    for (int k = inst->cand[c].wish_off; k < inst->cand[c].wish_off + inst->cand[c].nwish; k++)
      if (inst->wish_post[k] == p) got = k;
    x->okey[c] = got >= 0 ? pr->wish_key[got] : -1;
    x->oprio[c] = got >= 0 ? orig_prio(x, c, got) : -1;
  }
  for (int p = 0; p < np; p++) x->occ_off[p + 1] += x->occ_off[p];
  memcpy(cur, x->occ_off, (size_t)np * sizeof(int));
  for (int c = 0; c < nc; c++)
    if (m->post[c] >= 0) x->occ[cur[m->post[c]]++] = c;
  free(cur);
  struct key_item *ki = malloc(((size_t)x->occ_off[np] + 1) * sizeof *ki);
  if (!ki) {
    alloc_explain_release(x);
    return PLAM_ERR_NOMEM;
  }
  for (int i = 0; i < x->occ_off[np]; i++) ki[i] = (struct key_item){x->okey[x->occ[i]], x->occ[i]};
  for (int p = 0; p < np; p++)
    qsort(ki + x->occ_off[p], (size_t)(x->occ_off[p + 1] - x->occ_off[p]), sizeof *ki, key_item_cmp);
  for (int i = 0; i < x->occ_off[np]; i++) x->occ[i] = ki[i].c;
  free(ki);
  for (int i = 0; i < x->occ_off[np]; i++) x->grp_of_occ[i] = m->group[x->occ[i]];
  return explain_heads(x);
}

/* Line builder: explanations are ~10^5 lines, so no printf and no
 * per-piece buffer growth on this path. A line is rendered straight into
 * the output buffer, where tx_begin has made room for the longest line
 * (ids, phases, specialties and tags are at most ALLOC_MAX_ID bytes, so a
 * line needs well under EXPLAIN_LINE_CAP), and tx_end commits it: no copy
 * of the text (rendering into a stack buffer and appending it copied the
 * 28 MB of an EDN-sized result once more). In JSON mode the bundle's
 * strings are escaped as they are copied; the engine's own words need no
 * escaping. This relies only on struct buf's documented fields (data, len,
 * cap, max; data NUL-terminated). */
#define EXPLAIN_LINE_CAP 8192

struct tx {
  char *buf;  /* out->data + out->len while a line is open */
  size_t n;   /* bytes of the open line */
  size_t cap; /* room for the line: EXPLAIN_LINE_CAP, less near out->max */
  int json;   /* escape bundle strings for a JSON string */
  int over;   /* sticky: 1 the line exceeds EXPLAIN_LINE_CAP (engine bug), 2 out->max reached */
};

static inline __attribute__((always_inline)) void tx_put(struct tx *t, const char *s, size_t n) {
  if (n > t->cap - t->n) {
    t->over |= n > EXPLAIN_LINE_CAP - t->n ? 1 : 2;
    return;
  }
  memcpy(t->buf + t->n, s, n);
  t->n += n;
}

/* inlined so that the length of a literal is known at compile time */
static inline __attribute__((always_inline)) void tx_s(struct tx *t, const char *s) { tx_put(t, s, strlen(s)); }

static void tx_i(struct tx *t, long long v) {
  char tmp[24];
  int i = 24;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--i] = '-';
  tx_put(t, tmp + i, (size_t)(24 - i));
}

/* A string from the bundle (id, phase, specialty, tag). */
static void tx_user(struct tx *t, const char *s) {
  size_t n = strlen(s);
  if (!t->json) {
    tx_put(t, s, n);
    return;
  }
  if (n > (EXPLAIN_LINE_CAP - t->n) / 6) {
    t->over |= 1;
    return;
  }
  if (6 * n <= t->cap - t->n) {
    t->n += alloc_jw_escape(t->buf + t->n, s, n);
    return;
  }
  char tmp[EXPLAIN_LINE_CAP]; /* near out->max only: escape aside, then put what fits */
  tx_put(t, tmp, alloc_jw_escape(tmp, s, n));
}

static inline __attribute__((always_inline)) void tx_plural(struct tx *t, long long n, const char *one,
                                                            const char *many) {
  tx_s(t, n > 1 ? many : one);
}

/* Appends sep to out and opens a line after it, with room for
 * EXPLAIN_LINE_CAP bytes (or what out->max still allows). */
static plam_err tx_begin(struct tx *t, struct buf *out, const char *sep, size_t seplen) {
  t->n = 0;
  t->over = 0;
  if (out->len > out->max || seplen > out->max - out->len) return PLAM_ERR_TOO_LARGE;
  size_t avail = out->max - out->len - seplen;
  t->cap = avail < EXPLAIN_LINE_CAP ? avail : EXPLAIN_LINE_CAP;
  size_t need = out->len + seplen + t->cap + 1;
  if (need > out->cap) {
    size_t cap = out->cap ? out->cap : 256;
    while (cap < need) cap *= 2;
    if (cap > out->max + 1) cap = out->max + 1;
    char *d = realloc(out->data, cap);
    if (!d) return PLAM_ERR_NOMEM;
    out->data = d;
    out->cap = cap;
  }
  memcpy(out->data + out->len, sep, seplen);
  out->len += seplen;
  out->data[out->len] = '\0';
  t->buf = out->data + out->len;
  return PLAM_OK;
}

/* Commits the open line to out. */
static plam_err tx_end(struct tx *t, struct buf *out) {
  if (t->over & 1) return PLAM_ERR_INTERNAL;
  if (t->over) return PLAM_ERR_TOO_LARGE;
  out->len += t->n;
  out->data[out->len] = '\0';
  t->n = 0;
  return PLAM_OK;
}

/* Original (untied) priority of c at the post of wish entry k, for tie
 * detection: smaller is better, equal means ex aequo before the lottery. */
static long long orig_prio(const struct alloc_explain *x, int c, int k) {
  const struct alloc_instance *inst = x->inst;
  if (inst->algorithm == ALLOC_SERIAL_DICTATORSHIP)
    return (long long)(ALLOC_MAX_SENIORITY - inst->cand[c].seniority) * (ALLOC_MAX_RANK + 2) + inst->cand[c].rank;
  return x->pr->wish_rgroup[k];
}


/* "who took the seats": ranks (or positions in the post's ranking) of the
 * occupants, all of them up to EXPLAIN_LIST_MAX, else the range. */
static void explain_who(const struct alloc_explain *x, int p, const int *occ, int n, int by_rank, struct tx *t) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_post *po = &inst->post[p];
  long long v[EXPLAIN_LIST_MAX], lo = -1, hi = -1;
  for (int i = 0; i < n; i++) {
    long long r = by_rank ? inst->cand[occ[i]].rank : inst->rank_group[po->rank_off + x->okey[occ[i]]] + 1;
    if (i < EXPLAIN_LIST_MAX) v[i] = r;
    if (lo < 0 || r < lo) lo = r;
    if (r > hi) hi = r;
  }
  tx_s(t, by_rank ? (n > 1 ? "rangs " : "rang ") : (n > 1 ? "positions " : "position "));
  if (n > EXPLAIN_LIST_MAX) {
    tx_i(t, lo);
    tx_s(t, " à ");
    tx_i(t, hi);
  } else {
    for (int i = 0; i < n; i++) {
      if (i) tx_s(t, ", ");
      tx_i(t, v[i]);
    }
  }
  if (!by_rank) tx_s(t, " dans le classement du poste");
}

/* "1er", "2e", "368e". */
static void tx_ord(struct tx *t, long long v) {
  tx_i(t, v);
  tx_s(t, v == 1 ? "er" : "e");
}

/* The holder of post p that comes last in its priority (largest original
 * priority, then largest strict key), or -1 when the post holds nobody.
 * Found once per post by explain_heads (x->last). */
static int explain_last(const struct alloc_explain *x, int p) {
  int best = -1;
  for (int i = x->occ_off[p]; i < x->occ_off[p + 1]; i++) {
    int c = x->occ[i];
    if (best < 0 || x->oprio[c] > x->oprio[best] || (x->oprio[c] == x->oprio[best] && x->okey[c] > x->okey[best]))
      best = c;
  }
  return best;
}

/* The part of a "seats taken" line that depends on the post only: its
 * seats and its last admitted ("7 places, dernier admis classé 120e"), up
 * to the candidate's own position. Rendered once per post by
 * alloc_explain_init (no bundle string in it). */
static void explain_post_head(const struct alloc_explain *x, int p, struct tx *t) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_post *po = &inst->post[p];
  int sd = inst->algorithm == ALLOC_SERIAL_DICTATORSHIP;
  int n = x->occ_off[p + 1] - x->occ_off[p];
  if (n == 0) {
    tx_s(t, "aucune place ne vous était accessible (places réservées à une autre catégorie de candidats)");
    return;
  }
  tx_i(t, n);
  if (n < po->seats) {
    tx_plural(t, n, " place pourvue sur ", " places pourvues sur ");
    tx_i(t, po->seats);
    tx_s(t, " (les autres réservées à une autre catégorie de candidats)");
  } else {
    tx_plural(t, n, " place", " places");
  }
  int last = x->last[p];
  tx_s(t, n > 1 ? ", dernier admis " : ", admis ");
  if (sd) {
    tx_s(t, "rang ");
    tx_i(t, inst->cand[last].rank);
  } else {
    tx_s(t, "classé ");
    tx_ord(t, x->oprio[last] + 1); /* the ranking group, as the post gave it */
  }
}

/* The post's own sentence for the result's "posts": how many seats were
 * filled and who holds them, by rank (or position in its ranking). */
static void explain_post_text(const struct alloc_explain *x, int p, struct tx *t) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_post *po = &inst->post[p];
  int sd = inst->algorithm == ALLOC_SERIAL_DICTATORSHIP;
  int n = x->occ_off[p + 1] - x->occ_off[p], *occ = x->occ + x->occ_off[p];
  if (po->seats == 0) {
    tx_s(t, po->capacity > 0 ? "aucune place attribuée à ce poste par la répartition territoriale"
                             : "aucune place ouverte à ce poste");
    return;
  }
  if (n == 0) {
    tx_s(t, "aucune place pourvue sur ");
    tx_i(t, po->seats);
    return;
  }
  tx_i(t, n);
  tx_plural(t, n, " place pourvue sur ", " places pourvues sur ");
  tx_i(t, po->seats);
  tx_s(t, " : ");
  explain_who(x, p, occ, n, x->all_ranked || sd, t);
  if (!sd) {
    tx_s(t, n > 1 ? " ; dernier admis classé " : " ; admis classé ");
    tx_ord(t, x->oprio[x->last[p]] + 1);
  }
}

/* One line for a wish at post p, acceptable but not obtained. */
static void explain_full(const struct alloc_explain *x, int c, int k, int p, struct tx *t) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_post *po = &inst->post[p];
  int sd = inst->algorithm == ALLOC_SERIAL_DICTATORSHIP;
  int n = x->occ_off[p + 1] - x->occ_off[p], *occ = x->occ + x->occ_off[p], *og = x->grp_of_occ + x->occ_off[p];
  tx_put(t, x->head + x->head_off[p], x->id_off[p] - x->head_off[p]);
  if (n == 0) return;
  int mykey = x->pr->wish_key[k];
  long long mine = orig_prio(x, c, k);
  int tied = 0, reserved_over = 0, senior = 0, g = -1;
  /* Usual case, no need to look at the holders: c comes strictly after all
   * of them (so none is tied with c nor holds a seat below c) and, in
   * serial dictatorship, none has more seniority. */
  int skip = mine > x->oprio[x->last[p]] && (!sd || inst->cand[c].seniority >= x->max_sen[p]);
  for (int i = 0; i < n && !skip; i++) {
    if (x->okey[occ[i]] > mykey) {
      reserved_over++;
      g = og[i];
    } /* only a reserved seat holds someone below c */
    if (x->oprio[occ[i]] == mine) tied++;
    if (sd && inst->cand[occ[i]].seniority > inst->cand[c].seniority) senior++;
  }
  if (sd) {
    tx_s(t, ", vous rang ");
    tx_i(t, inst->cand[c].rank);
  } else {
    tx_s(t, ", vous ");
    tx_ord(t, mine + 1); /* the ranking group, as the post gave it */
  }
  if (senior) {
    tx_s(t, " ; ");
    tx_i(t, senior);
    tx_plural(t, senior, " admis passe avant vous par l'ancienneté", " admis passent avant vous par l'ancienneté");
  }
  if (tied) {
    tx_s(t, " ; ");
    tx_i(t, tied);
    tx_plural(t, tied, " admis à égalité avec vous, départagé par le tirage au sort publié",
              " admis à égalité avec vous, départagés par le tirage au sort publié");
  }
  if (reserved_over) {
    tx_s(t, " ; ");
    tx_i(t, reserved_over);
    tx_plural(t, reserved_over, " place réservée « ", " places réservées « ");
    tx_user(t, g >= 0 ? inst->tag_name[inst->res[po->res_off + g].tag] : "?");
    tx_plural(t, reserved_over, " » attribuée en priorité", " » attribuées en priorité");
  }
}

static void explain_wish(const struct alloc_explain *x, int c, int k, int tie_note, struct tx *t) {
  const struct alloc_instance *inst = x->inst;
  int p = inst->wish_post[k];
  const struct alloc_post *po = &inst->post[p];
  tx_s(t, "vœu ");
  tx_i(t, inst->wish_group[k] + 1);
  tx_s(t, " (");
  if (t->json) tx_put(t, x->head + x->id_off[p], x->head_off[p + 1] - x->id_off[p]);
  else tx_user(t, po->id);
  tx_s(t, tie_note ? "), ex aequo : " : ") : ");
  switch (x->pr->wish_reason[k]) {
  case ALLOC_WHY_PHASE:
    tx_s(t, "poste réservé à la phase « ");
    tx_user(t, po->phase);
    tx_s(t, " »");
    break;
  case ALLOC_WHY_SPECIALTY:
    tx_s(t, "poste réservé à la spécialité « ");
    tx_user(t, po->specialty);
    tx_s(t, " »");
    break;
  case ALLOC_WHY_CESP:
    tx_s(t, "poste réservé aux signataires d'un contrat d'engagement de service public (CESP)");
    break;
  case ALLOC_WHY_NOT_RANKED: tx_s(t, "le poste ne vous a pas classé(e)"); break;
  case ALLOC_WHY_NO_SEAT:
    tx_s(t, po->capacity > 0 ? "aucune place attribuée à ce poste par la répartition territoriale"
                             : "aucune place ouverte à ce poste");
    break;
  default: explain_full(x, c, k, p, t);
  }
}

/* Renders candidate c's explanation into out: as text (summary line, then
 * one line per preferred wish, separated by '\n') or as the JSON record of
 * the result's "explanations" array. One code path for both, so the text
 * and the result never disagree. */
static plam_err explain_render(const struct alloc_explain *x, int c, struct buf *out, int json) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_cand *cd = &inst->cand[c];
  int p = x->m->post[c];
  struct tx t;
  t.json = json;
  plam_err e = tx_begin(&t, out, "", 0);
  if (e) return e;
  if (json) {
    tx_s(&t, "{\"candidate\": \"");
    tx_user(&t, cd->id);
    tx_s(&t, "\", \"summary\": \"");
  }
  int sim = inst->round == ALLOC_ROUND_SIMULATION;
  if (sim) tx_s(&t, "Simulation (résultat provisoire) : ");
  if (p >= 0) {
    tx_s(&t, sim ? "vous êtes affecté(e) au poste « " : "Vous êtes affecté(e) au poste « ");
    tx_user(&t, inst->post[p].id);
    tx_s(&t, " », votre vœu ");
    tx_i(&t, x->m->wish[c]);
    tx_s(&t, ".");
  } else if (cd->nwish == 0) {
    tx_s(&t, sim ? "vous n'avez formulé aucun vœu." : "Vous n'avez formulé aucun vœu.");
  } else {
    tx_s(&t, sim ? "aucun de vos vœux n'a pu être satisfait." : "Aucun de vos vœux n'a pu être satisfait.");
  }
  if (json) tx_s(&t, "\", \"details\": [");
  e = tx_end(&t, out);
  int gotg = p >= 0 ? x->m->wish[c] - 1 : 1 << 30;
  /* Position of the obtained post in c's strict list, for ex aequo wishes. */
  int gotpos = 1 << 30;
  for (int k = cd->wish_off; p >= 0 && k < cd->wish_off + cd->nwish; k++)
    if (inst->wish_post[k] == p) gotpos = x->pr->wish_pos[k];
  int lines = 0;
  for (int k = cd->wish_off; k < cd->wish_off + cd->nwish && !e; k++) {
    int g = inst->wish_group[k], q = inst->wish_post[k], tie_note = 0;
    if (g > gotg || q == p) continue;
    if (g == gotg) {
      /* ex aequo with the obtained post: explained only if the lottery put it first */
      int pos = x->pr->wish_pos[k];
      if (pos < 0 || pos > gotpos) continue;
      tie_note = 1;
    }
    if ((e = json ? tx_begin(&t, out, ", ", lines ? 2 : 0) : tx_begin(&t, out, "\n", 1))) break;
    if (json) tx_put(&t, "\"", 1);
    explain_wish(x, c, k, tie_note, &t);
    if (json) tx_put(&t, "\"", 1);
    e = tx_end(&t, out);
    lines++;
  }
  if (!e && json) e = buf_append(out, "]}", 2);
  return e;
}

plam_err alloc_explain_candidate(const struct alloc_explain *x, int c, struct buf *out) {
  buf_clear(out);
  return explain_render(x, c, out, 0);
}

plam_err alloc_explain_record_json(const struct alloc_explain *x, int c, struct buf *out) {
  return explain_render(x, c, out, 1);
}

plam_err alloc_explain_post_json(const struct alloc_explain *x, int p, struct buf *out) {
  struct tx t;
  t.json = 1;
  plam_err e = tx_begin(&t, out, "\"", 1);
  if (e) return e;
  explain_post_text(x, p, &t);
  tx_put(&t, "\"", 1);
  return tx_end(&t, out);
}

/* Renders every post's head (explain_post_head) once, into one pool. */
static plam_err explain_heads(struct alloc_explain *x) {
  int np = x->inst->npost;
  struct buf pool;
  buf_init(&pool, (size_t)1 << 30);
  x->head_off = malloc(((size_t)np + 1) * sizeof *x->head_off);
  x->last = malloc(((size_t)np + 1) * sizeof *x->last);
  x->max_sen = malloc(((size_t)np + 1) * sizeof *x->max_sen);
  x->id_off = malloc(((size_t)np + 1) * sizeof *x->id_off);
  struct tx t;
  t.json = 0;
  plam_err e = x->head_off && x->last && x->max_sen && x->id_off ? PLAM_OK : PLAM_ERR_NOMEM;
  for (int p = 0; p < np && !e; p++) {
    x->last[p] = explain_last(x, p);
    x->max_sen[p] = 0;
    for (int i = x->occ_off[p]; i < x->occ_off[p + 1]; i++)
      if (x->inst->cand[x->occ[i]].seniority > x->max_sen[p]) x->max_sen[p] = x->inst->cand[x->occ[i]].seniority;
    x->head_off[p] = pool.len;
    if (!(e = tx_begin(&t, &pool, "", 0))) {
      explain_post_head(x, p, &t);
      e = tx_end(&t, &pool);
    }
    x->id_off[p] = pool.len;
    t.json = 1; /* then the post's id, escaped once for every JSON line that names it */
    if (!e && !(e = tx_begin(&t, &pool, "", 0))) {
      tx_user(&t, x->inst->post[p].id);
      e = tx_end(&t, &pool);
    }
    t.json = 0;
  }
  if (!e && !pool.data) e = buf_append(&pool, "", 0);
  if (e) {
    buf_release(&pool);
    alloc_explain_release(x);
    return e;
  }
  x->head_off[np] = pool.len;
  x->head = buf_detach(&pool, NULL);
  return PLAM_OK;
}
