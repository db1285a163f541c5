/* Territorial apportionment. The seats to share are split among
 * territories in proportion to base * weight (the weight is the explicit
 * bonus of a fragile territory) by the largest-remainder (Hamilton) method:
 * each gets the floor of its exact quota, then the seats left go one by one
 * to the largest fractional parts, ties broken by the territories' lottery
 * numbers. A territory cannot get more seats than its posts offer: when an
 * exact quota reaches that supply, the territory is fixed at its supply and
 * the rest is shared again among the others. Inside a territory the quota is
 * spread over its posts the same way, in proportion to their capacities;
 * the posts' effective seats are then what the allocation fills. */
#include "app/alloc/alloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct rem_item {
  double rem;
  uint64_t lot;
  int i;
};

static int rem_cmp(const void *a, const void *b) {
  const struct rem_item *x = a, *y = b;
  if (x->rem != y->rem) return x->rem > y->rem ? -1 : 1;
  if (x->lot != y->lot) return x->lot < y->lot ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i);
}

plam_err alloc_apportion_largest_remainder(int n, const double *shares, const int *caps, const uint64_t *lot,
                                           long long total, int *quota, double *exact) {
  char *fixed = calloc((size_t)n + 1, 1);
  struct rem_item *it = malloc(((size_t)n + 1) * sizeof *it);
  if (!fixed || !it) {
    free(fixed);
    free(it);
    return PLAM_ERR_NOMEM;
  }
  long long supply = 0;
  for (int i = 0; i < n; i++) {
    quota[i] = 0;
    exact[i] = 0;
    supply += caps ? caps[i] : total;
  }
  long long left = total < supply ? total : supply;
  for (;;) {
    double sum = 0;
    for (int i = 0; i < n; i++)
      if (!fixed[i]) sum += shares[i];
    if (sum <= 0 || left <= 0) break;
    int capped = 0;
    for (int i = 0; i < n; i++) {
      if (fixed[i]) continue;
      exact[i] = (double)left * shares[i] / sum;
      if (caps && exact[i] >= caps[i]) {
        quota[i] = caps[i];
        fixed[i] = 1;
        capped = 1;
      }
    }
    if (capped) {
      left = total < supply ? total : supply;
      for (int i = 0; i < n; i++)
        if (fixed[i]) left -= quota[i];
      continue;
    }
    long long given = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (fixed[i]) continue;
      quota[i] = (int)floor(exact[i]);
      given += quota[i];
      it[m++] = (struct rem_item){exact[i] - floor(exact[i]), lot ? lot[i] : 0, i};
    }
    qsort(it, (size_t)m, sizeof *it, rem_cmp);
    for (int k = 0; k < m && given < left; k++) {
      if (caps && quota[it[k].i] >= caps[it[k].i]) continue;
      quota[it[k].i]++;
      given++;
    }
    break;
  }
  free(fixed);
  free(it);
  return PLAM_OK;
}

plam_err alloc_apportion(struct alloc_instance *inst, char *err, size_t errlen) {
  int nt = inst->nterr, np = inst->npost;
  for (int t = 0; t < nt; t++) inst->terr[t].supply = 0;
  for (int p = 0; p < np; p++) {
    inst->post[p].seats = inst->post[p].capacity;
    if (inst->post[p].territory >= 0) inst->terr[inst->post[p].territory].supply += inst->post[p].capacity;
  }
  if (!inst->apportion) return PLAM_OK;
  uint8_t key[16];
  alloc_lottery_key(inst->seed, key);
  size_t big = (size_t)(nt > np ? nt : np) + 1;
  double *shares = malloc(big * sizeof *shares), *exact = malloc(big * sizeof *exact);
  int *caps = malloc(big * sizeof *caps), *quota = malloc(big * sizeof *quota);
  uint64_t *lot = malloc(big * sizeof *lot);
  int *members = malloc(big * sizeof *members), *moff = calloc((size_t)nt + 2, sizeof *moff);
  plam_err e = PLAM_ERR_NOMEM;
  if (!shares || !exact || !caps || !quota || !lot || !members || !moff) goto out;
  double sum = 0;
  for (int t = 0; t < nt; t++) {
    shares[t] = inst->terr[t].base * inst->terr[t].weight;
    sum += shares[t];
    caps[t] = inst->terr[t].supply;
    lot[t] = alloc_lottery(key, 't', inst->terr[t].id, NULL);
  }
  if (sum <= 0 && inst->apportion_seats > 0) {
    snprintf(err, errlen,
             "territories : aucun territoire n'a de poids positif (base × weight), impossible de répartir les places");
    e = PLAM_ERR_INVALID;
    goto out;
  }
  if ((e = alloc_apportion_largest_remainder(nt, shares, caps, lot, inst->apportion_seats, quota, exact))) goto out;
  for (int t = 0; t < nt; t++) {
    inst->terr[t].quota = quota[t];
    inst->terr[t].exact = exact[t];
  }
  /* Spread each territory's quota over its posts by capacity. */
  for (int p = 0; p < np; p++) moff[inst->post[p].territory + 1]++;
  for (int t = 0; t < nt; t++) moff[t + 1] += moff[t];
  {
    int *cur = malloc(((size_t)nt + 1) * sizeof *cur);
    if (!cur) {
      e = PLAM_ERR_NOMEM;
      goto out;
    }
    for (int t = 0; t < nt; t++) cur[t] = moff[t];
    for (int p = 0; p < np; p++) members[cur[inst->post[p].territory]++] = p;
    free(cur);
  }
  for (int t = 0; t < nt; t++) {
    int n = moff[t + 1] - moff[t];
    for (int i = 0; i < n; i++) {
      const struct alloc_post *po = &inst->post[members[moff[t] + i]];
      shares[i] = po->capacity;
      caps[i] = po->capacity;
      lot[i] = alloc_lottery(key, 'p', po->id, NULL);
    }
    if ((e = alloc_apportion_largest_remainder(n, shares, caps, lot, inst->terr[t].quota, quota, exact))) goto out;
    for (int i = 0; i < n; i++) inst->post[members[moff[t] + i]].seats = quota[i];
  }
  e = PLAM_OK;
out:
  free(shares);
  free(exact);
  free(caps);
  free(quota);
  free(lot);
  free(members);
  free(moff);
  return e;
}
