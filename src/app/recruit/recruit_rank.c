/* Ranking: every candidate goes through the hard rules once; the eligible
 * ones enter a bounded max-heap of `limit` keys whose root is the worst kept,
 * so selecting the best takes O(n log limit) comparisons and O(limit)
 * memory beyond one rule byte per candidate. The kept keys are sorted at
 * the end. recruit_cmp is a total order (the candidate id breaks every
 * tie, and ids are unique), so the result does not depend on the order of
 * the candidates in the bundle. */
#include "app/recruit/recruit.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void recruit_key_of(const struct recruit_bundle *b, int c, double distance_km, struct recruit_key *k) {
  const struct recruit_cand *x = &b->cand[c];
  k->dist_m = llround(distance_km * 1000.0);
  k->band = k->dist_m / RECRUIT_BAND_M;
  k->missions = x->past_missions;
  k->no_shows = x->no_shows_12m;
  k->offers = x->offers_90d;
  k->id = x->id;
  k->cand = c;
}

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y))

int recruit_cmp(const struct recruit_key *a, const struct recruit_key *b) {
  int r;
  if ((r = CMP(a->band, b->band))) return r;
  if ((r = CMP(b->missions, a->missions))) return r; /* more missions first */
  if ((r = CMP(a->no_shows, b->no_shows))) return r;
  if ((r = CMP(a->offers, b->offers))) return r;
  if ((r = CMP(a->dist_m, b->dist_m))) return r;
  return strcmp(a->id, b->id);
}

/* Max-heap on recruit_cmp: h[0] is the worst key kept. */
static void heap_down(struct recruit_key *h, int n, int i) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && recruit_cmp(&h[l], &h[m]) > 0) m = l;
    if (r < n && recruit_cmp(&h[r], &h[m]) > 0) m = r;
    if (m == i) return;
    struct recruit_key t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

static void heap_up(struct recruit_key *h, int i) {
  while (i > 0) {
    int p = (i - 1) / 2;
    if (recruit_cmp(&h[i], &h[p]) <= 0) return;
    struct recruit_key t = h[i];
    h[i] = h[p];
    h[p] = t;
    i = p;
  }
}

static int key_cmp(const void *a, const void *b) { return recruit_cmp(a, b); }

plam_err recruit_rank(const struct recruit_bundle *b, struct recruit_result *r) {
  memset(r, 0, sizeof *r);
  int limit = b->limit;
  if (limit < 1 || limit > RECRUIT_LIMIT_MAX || b->need.nslot < 1) return PLAM_ERR_INVALID;
  r->ranked = malloc((size_t)limit * sizeof *r->ranked);
  r->rule = malloc((size_t)b->ncand + 1);
  if (!r->ranked || !r->rule) return PLAM_ERR_NOMEM;
  struct recruit_scratch s = {0};
  struct recruit_verdict v;
  struct recruit_key k;
  plam_err e = PLAM_OK;
  for (int c = 0; c < b->ncand; c++) {
    enum recruit_rule rule = recruit_check(b, c, &s, &v);
    if (rule == RECRUIT_RULE_COUNT) {
      e = PLAM_ERR_NOMEM;
      break;
    }
    r->rule[c] = (uint8_t)rule;
    if (rule != RECRUIT_OK) {
      r->nexcluded++;
      continue;
    }
    recruit_key_of(b, c, v.distance_km, &k);
    if (r->nranked < limit) {
      r->ranked[r->nranked] = k;
      heap_up(r->ranked, r->nranked++);
    } else if (recruit_cmp(&k, &r->ranked[0]) < 0) {
      r->ranked[0] = k;
      heap_down(r->ranked, r->nranked, 0);
    }
  }
  recruit_scratch_release(&s);
  if (!e) qsort(r->ranked, (size_t)r->nranked, sizeof *r->ranked, key_cmp);
  return e;
}

void recruit_result_release(struct recruit_result *r) {
  free(r->ranked);
  free(r->rule);
  memset(r, 0, sizeof *r);
}
