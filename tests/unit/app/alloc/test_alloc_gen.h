/* Random instance generator shared by the allocation tests (header-only:
 * each test_*.c is its own executable). Seeded and deterministic. Shapes:
 * uniform wishes and rankings, popular posts (skewed demand), exam-rank-like
 * (posts rank by a common score with noise, candidates share a taste for
 * good posts), varied capacities (0..5), and sparse/empty lists. */
#ifndef TEST_ALLOC_GEN_H
#define TEST_ALLOC_GEN_H
#include "app/alloc/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum gen_shape { GEN_UNIFORM, GEN_POPULAR, GEN_EXAM, GEN_VARIED, GEN_SPARSE, GEN_SHAPES };

struct gen_opts {
  enum gen_shape shape;
  int ncand, npost;
  int maxwish;
  int tie_pct;      /* chance (percent) that an entry is ex aequo with the previous */
  int reserves;     /* add reserved groups and tags */
  int eligibility;  /* add specialties and CESP-only posts */
  int common_order; /* every post ranks by (seniority desc, rank asc) */
  int unranked_pct; /* chance a post leaves out one of its wishers */
  enum alloc_algorithm algorithm;
  enum alloc_proposing proposing;
};

static uint64_t gen_next(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static int gen_int(uint64_t *s, int n) { return n <= 0 ? 0 : (int)(gen_next(s) % (uint64_t)n); }

static void gen_shuffle(uint64_t *s, int *a, int n) {
  for (int i = n - 1; i > 0; i--) {
    int j = gen_int(s, i + 1), t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

struct gen_sort {
  double v;
  int i;
};
static int gen_sort_cmp(const void *a, const void *b) {
  const struct gen_sort *x = a, *y = b;
  if (x->v != y->v) return x->v < y->v ? -1 : 1;
  return x->i - y->i;
}

/* Builds a fresh instance (initialised here; release with
 * alloc_instance_release). */
static void gen_instance(struct alloc_instance *inst, uint64_t seed, const struct gen_opts *o) {
  uint64_t s = seed;
  alloc_instance_init(inst, 64u << 20);
  inst->algorithm = o->algorithm;
  inst->proposing = o->proposing;
  inst->seed = seed & 0xFFFFFFFFu;
  int nc = o->ncand, np = o->npost;
  inst->ncand = nc;
  inst->npost = np;
  inst->cand = calloc((size_t)nc + 1, sizeof *inst->cand);
  inst->post = calloc((size_t)np + 1, sizeof *inst->post);
  size_t maxw = (size_t)nc * (size_t)(o->maxwish + 1) + 1;
  inst->wish_post = malloc(maxw * sizeof(int));
  inst->wish_group = malloc(maxw * sizeof(int));
  size_t maxr = (size_t)nc * (size_t)np + 1;
  inst->rank_cand = malloc(maxr * sizeof(int));
  inst->rank_group = malloc(maxr * sizeof(int));
  inst->res = calloc((size_t)np * 2 + 1, sizeof *inst->res);
  static const char *specs[] = {"A", "B"};
  if (o->reserves || o->eligibility) {
    inst->tag_name[0] = "cesp";
    inst->tag_name[1] = "subdivision";
    inst->ntag = 2;
    inst->cesp_tag = 0;
  }
  int *ranks = malloc(((size_t)nc + 1) * sizeof(int));
  for (int c = 0; c < nc; c++) ranks[c] = c + 1;
  gen_shuffle(&s, ranks, nc);
  double *quality = malloc(((size_t)np + 1) * sizeof(double));
  for (int p = 0; p < np; p++) quality[p] = (double)gen_int(&s, 1000);
  for (int c = 0; c < nc; c++) {
    char id[32];
    snprintf(id, sizeof id, "c%d", c);
    struct alloc_cand *cd = &inst->cand[c];
    cd->id = arena_strdup(&inst->arena, id);
    cd->rank = ranks[c];
    cd->seniority = o->shape == GEN_EXAM ? gen_int(&s, 3) : 0;
    if (o->eligibility) cd->specialty = specs[gen_int(&s, 2)];
    if (o->reserves || o->eligibility) cd->tags = (uint32_t)gen_int(&s, 4);
  }
  for (int p = 0; p < np; p++) {
    char id[32];
    snprintf(id, sizeof id, "p%d", p);
    struct alloc_post *po = &inst->post[p];
    po->id = arena_strdup(&inst->arena, id);
    po->territory = -1;
    po->capacity = o->shape == GEN_VARIED ? gen_int(&s, 6) : 1 + gen_int(&s, 3);
    po->seats = po->capacity;
    po->has_ranking = 1;
    if (o->eligibility) {
      int r = gen_int(&s, 6);
      if (r == 0) po->specialty = specs[gen_int(&s, 2)];
      else if (r == 1) po->cesp_only = 1;
    }
    po->res_off = inst->nres_total;
    if (o->reserves && po->capacity >= 1 && gen_int(&s, 3) == 0) {
      int ng = po->capacity >= 3 ? 1 + gen_int(&s, 2) : 1, left = po->capacity;
      for (int g = 0; g < ng && left > 0; g++) {
        struct alloc_reserve *r = &inst->res[inst->nres_total++];
        r->tag = gen_int(&s, 2);
        r->seats = 1 + gen_int(&s, left);
        r->strict = gen_int(&s, 2);
        left -= r->seats;
        po->nres++;
      }
    }
  }
  /* Wishes. */
  int *perm = malloc(((size_t)np + 1) * sizeof(int));
  struct gen_sort *gs = malloc(((size_t)(nc > np ? nc : np) + 1) * sizeof *gs);
  int w = 0;
  for (int c = 0; c < nc; c++) {
    struct alloc_cand *cd = &inst->cand[c];
    int len = gen_int(&s, (o->maxwish < np ? o->maxwish : np) + 1);
    if (o->shape == GEN_SPARSE && gen_int(&s, 3) == 0) len = 0;
    for (int p = 0; p < np; p++) {
      double v;
      switch (o->shape) {
      case GEN_POPULAR: v = (double)gen_int(&s, 1000) / (1.0 + 4.0 * (np - p) / np); break;
      case GEN_EXAM: v = quality[p] + gen_int(&s, 300); break;
      default: v = (double)gen_int(&s, 1 << 20); break;
      }
      gs[p].v = v;
      gs[p].i = p;
    }
    qsort(gs, (size_t)np, sizeof *gs, gen_sort_cmp);
    cd->wish_off = w;
    cd->nwish = len;
    int g = -1;
    for (int k = 0; k < len; k++) {
      if (k == 0 || gen_int(&s, 100) >= o->tie_pct) g++;
      inst->wish_post[w] = gs[k].i;
      inst->wish_group[w] = g;
      w++;
    }
  }
  inst->nwish_total = w;
  /* Rankings: wishers (minus a few), plus a few non-wishers. */
  int r = 0;
  char *wishes = calloc((size_t)nc + 1, 1);
  for (int p = 0; p < np; p++) {
    struct alloc_post *po = &inst->post[p];
    memset(wishes, 0, (size_t)nc);
    for (int c = 0; c < nc; c++)
      for (int k = inst->cand[c].wish_off; k < inst->cand[c].wish_off + inst->cand[c].nwish; k++)
        if (inst->wish_post[k] == p) wishes[c] = 1;
    int n = 0;
    for (int c = 0; c < nc; c++) {
      int in = wishes[c] ? gen_int(&s, 100) >= o->unranked_pct : gen_int(&s, 10) == 0;
      if (o->shape == GEN_SPARSE && !o->common_order && gen_int(&s, 8) == 0) in = 0;
      if (!in) continue;
      double v;
      if (o->common_order)
        v = (double)(ALLOC_MAX_SENIORITY - inst->cand[c].seniority) * 1e7 + (double)inst->cand[c].rank;
      else if (o->shape == GEN_EXAM) v = (double)inst->cand[c].rank + gen_int(&s, nc / 4 + 1);
      else v = (double)gen_int(&s, 1 << 20);
      gs[n].v = v;
      gs[n].i = c;
      n++;
    }
    qsort(gs, (size_t)n, sizeof *gs, gen_sort_cmp);
    po->rank_off = r;
    po->nrank = n;
    int g = -1;
    for (int k = 0; k < n; k++) {
      if (k == 0 || gen_int(&s, 100) >= o->tie_pct) g++;
      inst->rank_cand[r] = gs[k].i;
      inst->rank_group[r] = g;
      r++;
    }
  }
  inst->nrank_total = r;
  free(wishes);
  free(perm);
  free(gs);
  free(ranks);
  free(quality);
}

#endif
