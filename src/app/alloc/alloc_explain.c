/* French explanations: see alloc_explain.h and the wording in
 * docs/ALLOCATION.md. A preferred wish is every wish of a strictly better
 * group, plus the ex aequo wishes the lottery placed before the one
 * obtained. For a post that filled its seats the line lists who took them
 * by rank ("rangs 12, 40, 41"), says how many were tied with the candidate
 * and broken by the lottery, and which seats were reserved. */
#include "app/alloc/alloc_explain.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_LIST_MAX 10

void alloc_explain_release(struct alloc_explain *x) {
  free(x->okey);
  free(x->occ_off);
  free(x->occ);
  free(x->grp_of_occ);
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
  int *cur = malloc(((size_t)np + 1) * sizeof(int));
  if (!x->okey || !x->occ_off || !x->occ || !x->grp_of_occ || !cur) {
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
    for (int k = pr->cp_off[c]; k < pr->cp_off[c + 1]; k++)
      if (pr->cp_post[k] == p) { x->okey[c] = pr->cp_key[k]; break; }
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
  return PLAM_OK;
}

static const char *ord(long long n, char *b, size_t len) {
  snprintf(b, len, n == 1 ? "%llder" : "%llde", n);
  return b;
}

/* Original (untied) priority of c at post p, for tie detection: smaller is
 * better, equal means ex aequo before the lottery. */
static long long orig_prio(const struct alloc_explain *x, int c, int p, int key) {
  const struct alloc_instance *inst = x->inst;
  if (inst->algorithm == ALLOC_SERIAL_DICTATORSHIP)
    return (long long)(ALLOC_MAX_SENIORITY - inst->cand[c].seniority) * (ALLOC_MAX_RANK + 2) + inst->cand[c].rank;
  return inst->rank_group[inst->post[p].rank_off + key];
}

/* Key of c at post p in the strict tables (-1 if not acceptable). */
static int key_at(const struct alloc_explain *x, int c, int p) {
  for (int k = x->pr->cp_off[c]; k < x->pr->cp_off[c + 1]; k++)
    if (x->pr->cp_post[k] == p) return x->pr->cp_key[k];
  return -1;
}

/* One line for a wish at post p that c did not get. */
static plam_err explain_full(const struct alloc_explain *x, int c, int p, struct buf *out) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_post *po = &inst->post[p];
  int sd = inst->algorithm == ALLOC_SERIAL_DICTATORSHIP;
  int n = x->occ_off[p + 1] - x->occ_off[p], *occ = x->occ + x->occ_off[p], *og = x->grp_of_occ + x->occ_off[p];
  int mykey = key_at(x, c, p);
  long long mine = orig_prio(x, c, p, mykey);
  int better = 0, tied = 0, reserved_over = 0, senior = 0;
  plam_err e;
  char o1[24];
  for (int i = 0; i < n; i++) {
    long long theirs = orig_prio(x, occ[i], p, x->okey[occ[i]]);
    if (x->okey[occ[i]] < mykey) better++;
    else reserved_over++; /* only a reserved seat can hold someone ranked below c */
    if (theirs == mine) tied++;
    if (sd && inst->cand[occ[i]].seniority > inst->cand[c].seniority) senior++;
  }
  if (n == 0) return buf_printf(out, "aucune place ne vous était accessible (places réservées)");
  if (n < po->seats) {
    e = buf_printf(out, "%d place%s sur %d pourvue%s ; les autres sont réservées à des candidats d'une autre catégorie",
                   n, n > 1 ? "s" : "", po->seats, n > 1 ? "s" : "");
    if (e) return e;
  } else if (n == 1) {
    e = buf_printf(out, "la place est allée à un candidat %s", sd ? "prioritaire" : "mieux classé par le poste");
    if (e) return e;
  } else {
    e = buf_printf(out, "les %d places sont allées à des candidats %s", n, sd ? "prioritaires" : "mieux classés par le poste");
    if (e) return e;
  }
  /* Who, by rank or by position in the post's ranking. */
  int by_rank = x->all_ranked || sd;
  if ((e = buf_append_str(out, " ("))) return e;
  if (n > EXPLAIN_LIST_MAX) {
    int last = occ[n - 1];
    if (by_rank) e = buf_printf(out, "dernier admis : rang %lld", inst->cand[last].rank);
    else e = buf_printf(out, "dernier admis : %s dans le classement du poste", ord(inst->rank_group[po->rank_off + x->okey[last]] + 1, o1, sizeof o1));
  } else {
    e = buf_append_str(out, by_rank ? (n > 1 ? "rangs " : "rang ") : (n > 1 ? "positions " : "position "));
    for (int i = 0; i < n && !e; i++) {
      if (by_rank) e = buf_printf(out, "%s%lld", i ? ", " : "", inst->cand[occ[i]].rank);
      else e = buf_printf(out, "%s%d", i ? ", " : "", inst->rank_group[po->rank_off + x->okey[occ[i]]] + 1);
    }
    if (!e && !by_rank) e = buf_append_str(out, " dans le classement du poste");
  }
  if (e) return e;
  if (!sd && (e = buf_printf(out, " ; vous étiez en position %d dans son classement", inst->rank_group[po->rank_off + mykey] + 1))) return e;
  if ((e = buf_append_str(out, ")"))) return e;
  if (senior && (e = buf_printf(out, " ; %d d'entre eux passent avant vous par l'ancienneté", senior))) return e;
  if (tied && (e = buf_printf(out, " ; %d à égalité avec vous, départagé%s par le tirage au sort publié", tied, tied > 1 ? "s" : ""))) return e;
  if (reserved_over) {
    int g = -1;
    for (int i = 0; i < n; i++)
      if (x->okey[occ[i]] > mykey) g = og[i];
    const char *tag = g >= 0 ? inst->tag_name[inst->res[po->res_off + g].tag] : "?";
    e = buf_printf(out, " ; %d place%s réservée%s « %s » attribuée%s en priorité", reserved_over, reserved_over > 1 ? "s" : "",
                   reserved_over > 1 ? "s" : "", tag, reserved_over > 1 ? "s" : "");
    if (e) return e;
  }
  return PLAM_OK;
}

static plam_err explain_wish(const struct alloc_explain *x, int c, int k, int tie_note, struct buf *out) {
  const struct alloc_instance *inst = x->inst;
  int p = inst->wish_post[k];
  const struct alloc_post *po = &inst->post[p];
  plam_err e = buf_printf(out, "\nvœu %d (%s)%s : ", inst->wish_group[k] + 1, po->id, tie_note ? ", ex aequo" : "");
  if (e) return e;
  switch (x->pr->wish_reason[k]) {
  case ALLOC_WHY_PHASE: return buf_printf(out, "poste réservé à la phase « %s »", po->phase);
  case ALLOC_WHY_SPECIALTY: return buf_printf(out, "poste réservé à la spécialité « %s »", po->specialty);
  case ALLOC_WHY_CESP: return buf_append_str(out, "poste réservé aux signataires d'un contrat d'engagement de service public (CESP)");
  case ALLOC_WHY_NOT_RANKED: return buf_append_str(out, "le poste ne vous a pas classé(e)");
  case ALLOC_WHY_NO_SEAT:
    if (po->capacity > 0) return buf_append_str(out, "aucune place attribuée à ce poste par la répartition territoriale");
    return buf_append_str(out, "aucune place ouverte à ce poste");
  default: return explain_full(x, c, p, out);
  }
}

plam_err alloc_explain_candidate(const struct alloc_explain *x, int c, struct buf *out) {
  const struct alloc_instance *inst = x->inst;
  const struct alloc_cand *cd = &inst->cand[c];
  int p = x->m->post[c];
  buf_clear(out);
  plam_err e = buf_append_str(out, inst->round == ALLOC_ROUND_SIMULATION ? "Simulation (résultat provisoire) : " : "");
  if (e) return e;
  if (p >= 0) e = buf_printf(out, "vous êtes affecté(e) au poste « %s », votre vœu %d.", inst->post[p].id, x->m->wish[c]);
  else if (cd->nwish == 0) e = buf_append_str(out, "vous n'avez formulé aucun vœu.");
  else e = buf_append_str(out, "aucun de vos vœux n'a pu être satisfait.");
  if (e) return e;
  if (out->len && out->data[0] >= 'a' && out->data[0] <= 'z') out->data[0] = (char)(out->data[0] - 'a' + 'A');
  int gotg = p >= 0 ? x->m->wish[c] - 1 : 1 << 30;
  /* Position of the obtained post in c's strict list, for ex aequo wishes. */
  int gotpos = 1 << 30;
  if (p >= 0)
    for (int k = x->pr->cp_off[c]; k < x->pr->cp_off[c + 1]; k++)
      if (x->pr->cp_post[k] == p) { gotpos = k; break; }
  for (int k = cd->wish_off; k < cd->wish_off + cd->nwish && !e; k++) {
    int g = inst->wish_group[k], q = inst->wish_post[k];
    if (g > gotg || q == p) continue;
    if (g == gotg) {
      /* ex aequo with the obtained post: explain only if proposed before it */
      int pos = -1;
      for (int t = x->pr->cp_off[c]; t < x->pr->cp_off[c + 1]; t++)
        if (x->pr->cp_post[t] == q) { pos = t; break; }
      if (pos < 0 || pos > gotpos) continue;
      e = explain_wish(x, c, k, 1, out);
      continue;
    }
    e = explain_wish(x, c, k, 0, out);
  }
  return e;
}
