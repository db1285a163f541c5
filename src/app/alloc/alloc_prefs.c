/* Builds the strict preference tables the solvers work on. Acceptability:
 * a wish (c, p) is acceptable when the candidate is eligible for the post,
 * the post has at least one seat and, for deferred acceptance, the post
 * ranks the candidate. Ties are broken with the seeded lottery
 * (alloc_lottery.c): inside a post's ex aequo group, by the candidates'
 * lottery numbers (one number per candidate for every post: single tie
 * breaking); inside a candidate's ex aequo wishes, by the pair numbers
 * ("w", candidate, post). The serial-dictatorship order is seniority
 * (descending), rank (ascending), lottery number (ascending). */
#include "app/alloc/alloc.h"
#include <stdlib.h>
#include <string.h>

struct lot_item {
  uint64_t lot;
  int idx; /* candidate (rankings) or entry (wishes) */
  int val;
};

static int lot_item_cmp(const void *a, const void *b) {
  const struct lot_item *x = a, *y = b;
  if (x->lot != y->lot) return x->lot < y->lot ? -1 : 1;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

static void lot_sort(struct lot_item *it, int n) {
  if (n <= 24) {
    for (int i = 1; i < n; i++) {
      struct lot_item v = it[i];
      int j = i;
      while (j > 0 && lot_item_cmp(&it[j - 1], &v) > 0) {
        it[j] = it[j - 1];
        j--;
      }
      it[j] = v;
    }
  } else {
    qsort(it, (size_t)n, sizeof *it, lot_item_cmp);
  }
}

struct sd_item {
  int seniority;
  long long rank;
  uint64_t lot;
  int c;
};

static int sd_cmp(const void *a, const void *b) {
  const struct sd_item *x = a, *y = b;
  if (x->seniority != y->seniority) return x->seniority > y->seniority ? -1 : 1;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  if (x->lot != y->lot) return x->lot < y->lot ? -1 : 1;
  return (x->c > y->c) - (x->c < y->c);
}

void alloc_prefs_release(struct alloc_prefs *pr) {
  free(pr->cand_lot);
  free(pr->post_lot);
  free(pr->order);
  free(pr->gpos);
  free(pr->cp_off);
  free(pr->cp_post);
  free(pr->cp_key);
  free(pr->cp_wish);
  free(pr->pp_off);
  free(pr->pp_cand);
  free(pr->pp_pos);
  free(pr->wish_reason);
  free(pr->wish_key);
  free(pr->wish_pos);
  free(pr->wish_rgroup);
  memset(pr, 0, sizeof *pr);
}

plam_err alloc_prefs_build(const struct alloc_instance *inst, struct alloc_prefs *pr) {
  memset(pr, 0, sizeof *pr);
  int nc = inst->ncand, np = inst->npost, nw = inst->nwish_total, nr = inst->nrank_total;
  int da = inst->algorithm == ALLOC_DEFERRED_ACCEPTANCE;
  int post_side = da && inst->proposing == ALLOC_PROPOSE_POSTS; /* pp tables only serve post-proposing */
  size_t ncz = (size_t)nc + 1, npz = (size_t)np + 1, nwz = (size_t)nw + 1, nrz = (size_t)nr + 1;
  pr->ncand = nc;
  pr->npost = np;
  pr->reserves = alloc_instance_has_reserves(inst);
  pr->post_side = post_side;
  alloc_lottery_key(inst->seed, pr->lot_key);
  pr->cand_lot = malloc(ncz * sizeof(uint64_t));
  pr->post_lot = malloc(npz * sizeof(uint64_t));
  pr->order = malloc(ncz * sizeof(int));
  pr->gpos = malloc(ncz * sizeof(int));
  pr->cp_off = calloc(ncz, sizeof(int));
  pr->cp_post = malloc(nwz * sizeof(int));
  pr->cp_key = malloc(nwz * sizeof(int));
  pr->cp_wish = malloc(nwz * sizeof(int));
  pr->pp_off = calloc(npz, sizeof(int));
  pr->pp_cand = malloc((post_side ? nrz : 1) * sizeof(int));
  pr->pp_pos = malloc((post_side ? nrz : 1) * sizeof(int));
  pr->wish_reason = calloc(nwz, 1);
  int *key = malloc(nwz * sizeof(int));              /* per wish entry: post's strict rank of c */
  int *wpos = malloc(nwz * sizeof(int));             /* per wish entry: position in c's strict list */
  int *rgrp = da ? malloc(nwz * sizeof(int)) : NULL; /* per wish entry: ranking group at the post */
  int *scratch = malloc(ncz * sizeof(int));
  int *woff = calloc(npz + 1, sizeof(int)); /* wishers of each post (CSR) */
  int *went = malloc(nwz * sizeof(int));    /* wish entries of each post, in candidate order */
  int *wcand = malloc(nwz * sizeof(int));   /* parallel to went: the candidate (no lookup per entry) */
  int maxlist = 1;
  for (int p = 0; p < np; p++) maxlist = inst->post[p].nrank > maxlist ? inst->post[p].nrank : maxlist;
  for (int c = 0; c < nc; c++) maxlist = inst->cand[c].nwish > maxlist ? inst->cand[c].nwish : maxlist;
  struct lot_item *it = malloc((size_t)maxlist * sizeof *it);
  int *strict = malloc((size_t)maxlist * sizeof(int));
  plam_err e = PLAM_ERR_NOMEM;
  if (!pr->cand_lot || !pr->post_lot || !pr->order || !pr->gpos || !pr->cp_off || !pr->cp_post || !pr->cp_key ||
      !pr->cp_wish || !pr->pp_off || !pr->pp_cand || !pr->pp_pos || !pr->wish_reason || !key || !wpos ||
      (da && !rgrp) || !scratch || !woff || !went || !wcand || !it || !strict)
    goto out;

  for (int c = 0; c < nc; c++) pr->cand_lot[c] = alloc_lottery(pr->lot_key, 'c', inst->cand[c].id, NULL);
  for (int p = 0; p < np; p++) pr->post_lot[p] = alloc_lottery(pr->lot_key, 'p', inst->post[p].id, NULL);

  /* Serial-dictatorship priority order. */
  {
    struct sd_item *sd = malloc(ncz * sizeof *sd);
    if (!sd) goto out;
    for (int c = 0; c < nc; c++) {
      const struct alloc_cand *cd = &inst->cand[c];
      sd[c] = (struct sd_item){cd->seniority, cd->rank ? cd->rank : ALLOC_MAX_RANK + 1, pr->cand_lot[c], c};
    }
    qsort(sd, (size_t)nc, sizeof *sd, sd_cmp);
    for (int i = 0; i < nc; i++) {
      pr->order[i] = sd[i].c;
      pr->gpos[sd[i].c] = i;
    }
    free(sd);
  }

  /* Wishers of each post, and the post's strict rank of each of them. */
  for (int k = 0; k < nw; k++) woff[inst->wish_post[k] + 1]++;
  for (int p = 0; p < np; p++) woff[p + 1] += woff[p];
  {
    int *cur = malloc(npz * sizeof(int));
    if (!cur) goto out;
    memcpy(cur, woff, (size_t)np * sizeof(int));
    for (int c = 0; c < nc; c++)
      for (int k = inst->cand[c].wish_off; k < inst->cand[c].wish_off + inst->cand[c].nwish; k++) {
        int w = cur[inst->wish_post[k]]++;
        went[w] = k;
        wcand[w] = c;
      }
    free(cur);
  }
  for (int c = 0; c < nc; c++) scratch[c] = -1;

  /* Post rankings made strict; strict order kept per post in pp_cand
   * temporarily (all ranked candidates), then filtered below. */
  for (int p = 0; p < np; p++) {
    const struct alloc_post *po = &inst->post[p];
    int n = 0;
    for (int i = 0; i < po->nrank;) {
      int j = i, g = inst->rank_group[po->rank_off + i];
      while (j < po->nrank && inst->rank_group[po->rank_off + j] == g) j++;
      if (j - i > 1) pr->ties_post++;
      for (int t = i; t < j; t++) {
        int c = inst->rank_cand[po->rank_off + t];
        it[t - i].lot = j - i > 1 ? pr->cand_lot[c] : 0;
        it[t - i].idx = c;
      }
      if (j - i > 1) lot_sort(it, j - i);
      for (int t = 0; t < j - i; t++) strict[n++] = it[t].idx;
      i = j;
    }
    if (da)
      for (int i = 0; i < n; i++) scratch[strict[i]] = i;
    for (int w = woff[p]; w < woff[p + 1]; w++) {
      int k = went[w], c = wcand[w], why;
      if (!alloc_instance_eligible(inst, c, p, &why)) pr->wish_reason[k] = (uint8_t)why;
      else if (po->seats <= 0) pr->wish_reason[k] = ALLOC_WHY_NO_SEAT;
      else if (da && scratch[c] < 0) pr->wish_reason[k] = ALLOC_WHY_NOT_RANKED;
      key[k] = da ? scratch[c] : pr->gpos[c];
      if (da) rgrp[k] = scratch[c] >= 0 ? inst->rank_group[po->rank_off + scratch[c]] : -1;
    }
    if (da)
      for (int i = 0; i < n; i++) scratch[strict[i]] = -1;
    /* remember the strict ranking for the post side */
    if (post_side) memcpy(pr->pp_cand + po->rank_off, strict, (size_t)n * sizeof(int));
  }

  /* Candidate strict lists. */
  int pos = 0;
  for (int c = 0; c < nc; c++) {
    const struct alloc_cand *cd = &inst->cand[c];
    pr->cp_off[c] = pos;
    for (int i = 0; i < cd->nwish;) {
      int j = i, g = inst->wish_group[cd->wish_off + i], n = 0;
      while (j < cd->nwish && inst->wish_group[cd->wish_off + j] == g) j++;
      if (j - i > 1) pr->ties_cand++;
      for (int t = i; t < j; t++) {
        int k = cd->wish_off + t;
        wpos[k] = -1;
        if (pr->wish_reason[k] != ALLOC_OK) continue;
        it[n].lot = j - i > 1 ? alloc_lottery(pr->lot_key, 'w', cd->id, inst->post[inst->wish_post[k]].id) : 0;
        it[n].idx = k;
        n++;
      }
      if (n > 1) lot_sort(it, n);
      for (int t = 0; t < n; t++) {
        int k = it[t].idx;
        wpos[k] = pos - pr->cp_off[c];
        pr->cp_post[pos] = inst->wish_post[k];
        pr->cp_key[pos] = key[k];
        pr->cp_wish[pos] = g + 1;
        pos++;
      }
      i = j;
    }
  }
  pr->cp_off[nc] = pos;

  /* Post side: acceptable candidates in strict order with the post's
   * position in each candidate's strict list. */
  if (post_side) {
    for (int c = 0; c < nc; c++) scratch[c] = -1;
    int q = 0;
    for (int p = 0; p < np; p++) {
      const struct alloc_post *po = &inst->post[p];
      for (int w = woff[p]; w < woff[p + 1]; w++) scratch[wcand[w]] = wpos[went[w]];
      int start = q;
      pr->pp_off[p] = start;
      for (int i = 0; i < po->nrank; i++) {
        int c = pr->pp_cand[po->rank_off + i];
        /* rank_off >= start always: entries are compacted in place */
        if (scratch[c] >= 0) {
          pr->pp_cand[q] = c;
          pr->pp_pos[q] = scratch[c];
          q++;
        }
      }
      for (int w = woff[p]; w < woff[p + 1]; w++) scratch[wcand[w]] = -1;
    }
    pr->pp_off[np] = q;
  }
  e = PLAM_OK;
out:
  if (!e) {
    pr->wish_key = key;
    pr->wish_pos = wpos;
    pr->wish_rgroup = rgrp;
    key = wpos = rgrp = NULL;
  }
  free(key);
  free(wpos);
  free(rgrp);
  free(scratch);
  free(woff);
  free(went);
  free(wcand);
  free(it);
  free(strict);
  if (e) alloc_prefs_release(pr);
  return e;
}
