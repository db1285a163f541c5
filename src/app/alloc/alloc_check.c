/* Independent checker: see alloc_check.h. Deliberately written from the
 * definitions, not from the solvers: its own eligibility test, its own
 * priority function (the post's ranking groups, or seniority then rank for
 * serial dictatorship, with ties kept as ties), its own count of reserved
 * seats. O(wishes + rankings + seats). */
#include "app/alloc/alloc_check.h"
#include <stdlib.h>
#include <string.h>

#define CHK_INF (1LL << 62)

const char *alloc_check_kind_code(enum alloc_violation_kind k) {
  switch (k) {
  case ALLOC_VIOL_UNACCEPTABLE: return "unacceptable_assignment";
  case ALLOC_VIOL_WISH: return "wrong_wish_number";
  case ALLOC_VIOL_CAPACITY: return "over_capacity";
  case ALLOC_VIOL_RESERVED: return "reserved_seat_misused";
  case ALLOC_VIOL_BLOCKING: return "blocking_pair";
  }
  return "unknown";
}

static void chk_add(struct alloc_check_report *rep, enum alloc_violation_kind k, int c, int p) {
  rep->violations++;
  if (rep->nlisted < ALLOC_CHECK_LISTED) rep->listed[rep->nlisted++] = (struct alloc_violation){k, c, p};
  switch (k) {
  case ALLOC_VIOL_UNACCEPTABLE:
  case ALLOC_VIOL_WISH: rep->acceptable = 0; break;
  case ALLOC_VIOL_CAPACITY: rep->capacities = 0; break;
  case ALLOC_VIOL_RESERVED: rep->reserved = 0; break;
  case ALLOC_VIOL_BLOCKING:
    rep->weakly_stable = 0;
    rep->blocking_pairs++;
    break;
  }
}

static int chk_eligible(const struct alloc_instance *inst, int c, int p) {
  const struct alloc_cand *cd = &inst->cand[c];
  const struct alloc_post *po = &inst->post[p];
  if (po->phase && (!cd->phase || strcmp(po->phase, cd->phase))) return 0;
  if (po->specialty && (!cd->specialty || strcmp(po->specialty, cd->specialty))) return 0;
  if (po->cesp_only) {
    int ok = 0;
    for (int t = 0; t < inst->ntag; t++)
      if (!strcmp(inst->tag_name[t], "cesp") && (cd->tags & (1u << t))) ok = 1;
    if (!ok) return 0;
  }
  return 1;
}

/* Effective seats of each reserved group of p (groups keep theirs in order,
 * open seats get the rest); returns the open seats. */
static int chk_group_seats(const struct alloc_instance *inst, int p, int *gseats) {
  const struct alloc_post *po = &inst->post[p];
  int left = po->seats;
  for (int g = 0; g < po->nres; g++) {
    int s = inst->res[po->res_off + g].seats;
    gseats[g] = s < left ? s : left;
    left -= gseats[g];
  }
  return left;
}

plam_err alloc_check(const struct alloc_instance *inst, const struct alloc_match *m, struct alloc_check_report *rep) {
  memset(rep, 0, sizeof *rep);
  rep->acceptable = rep->capacities = rep->reserved = rep->weakly_stable = 1;
  int nc = inst->ncand, np = inst->npost, sd = inst->algorithm == ALLOC_SERIAL_DICTATORSHIP;
  long long *prio = malloc(((size_t)nc + 1) * sizeof *prio); /* base priority at the current post */
  int *gotgrp = malloc(((size_t)nc + 1) * sizeof(int));      /* wish group obtained, INT_MAX-ish if none */
  int *inv_off = calloc((size_t)np + 2, sizeof(int));
  int *inv_c = malloc(((size_t)inst->nwish_total + 1) * sizeof(int));
  int *inv_g = malloc(((size_t)inst->nwish_total + 1) * sizeof(int));
  int *occ_off = calloc((size_t)np + 2, sizeof(int));
  int *occ = malloc(((size_t)nc + 1) * sizeof(int));
  if (!prio || !gotgrp || !inv_off || !inv_c || !inv_g || !occ_off || !occ) {
    free(prio);
    free(gotgrp);
    free(inv_off);
    free(inv_c);
    free(inv_g);
    free(occ_off);
    free(occ);
    return PLAM_ERR_NOMEM;
  }
  /* Assignments: acceptable for the candidate, wish number right. */
  for (int c = 0; c < nc; c++) {
    const struct alloc_cand *cd = &inst->cand[c];
    int p = m->post[c];
    gotgrp[c] = 1 << 30;
    prio[c] = CHK_INF;
    if (p < 0) {
      if (m->wish[c] != 0) chk_add(rep, ALLOC_VIOL_WISH, c, -1);
      continue;
    }
    if (p >= np) {
      chk_add(rep, ALLOC_VIOL_UNACCEPTABLE, c, -1);
      continue;
    }
    int found = -1;
    for (int k = cd->wish_off; k < cd->wish_off + cd->nwish; k++)
      if (inst->wish_post[k] == p) found = inst->wish_group[k];
    if (found < 0 || !chk_eligible(inst, c, p)) chk_add(rep, ALLOC_VIOL_UNACCEPTABLE, c, p);
    else {
      gotgrp[c] = found;
      if (m->wish[c] != found + 1) chk_add(rep, ALLOC_VIOL_WISH, c, p);
    }
    occ_off[p + 1]++;
  }
  for (int p = 0; p < np; p++) occ_off[p + 1] += occ_off[p];
  {
    int *cur = malloc(((size_t)np + 1) * sizeof(int));
    if (!cur) {
      free(prio);
      free(gotgrp);
      free(inv_off);
      free(inv_c);
      free(inv_g);
      free(occ_off);
      free(occ);
      return PLAM_ERR_NOMEM;
    }
    memcpy(cur, occ_off, (size_t)np * sizeof(int));
    for (int c = 0; c < nc; c++)
      if (m->post[c] >= 0 && m->post[c] < np) occ[cur[m->post[c]]++] = c;
    /* Who wishes each post, with the wish group. */
    for (int k = 0; k < inst->nwish_total; k++) inv_off[inst->wish_post[k] + 1]++;
    for (int p = 0; p < np; p++) inv_off[p + 1] += inv_off[p];
    memcpy(cur, inv_off, (size_t)np * sizeof(int));
    for (int c = 0; c < nc; c++) {
      const struct alloc_cand *cd = &inst->cand[c];
      for (int k = cd->wish_off; k < cd->wish_off + cd->nwish; k++) {
        int i = cur[inst->wish_post[k]]++;
        inv_c[i] = c;
        inv_g[i] = inst->wish_group[k];
      }
    }
    free(cur);
  }
  long long sd_step = ALLOC_MAX_RANK + 2;
  for (int p = 0; p < np; p++) {
    const struct alloc_post *po = &inst->post[p];
    /* Base priority of p over candidates: smaller is better, equal is a tie. */
    if (sd) {
      for (int i = inv_off[p]; i < inv_off[p + 1]; i++) {
        const struct alloc_cand *cd = &inst->cand[inv_c[i]];
        prio[inv_c[i]] = (long long)(ALLOC_MAX_SENIORITY - cd->seniority) * sd_step +
                         (cd->rank ? cd->rank : sd_step - 1);
      }
      for (int i = occ_off[p]; i < occ_off[p + 1]; i++) {
        const struct alloc_cand *cd = &inst->cand[occ[i]];
        prio[occ[i]] = (long long)(ALLOC_MAX_SENIORITY - cd->seniority) * sd_step + (cd->rank ? cd->rank : sd_step - 1);
      }
    } else {
      for (int i = 0; i < po->nrank; i++) prio[inst->rank_cand[po->rank_off + i]] = inst->rank_group[po->rank_off + i];
    }
    int gseats[ALLOC_MAX_RESERVES + 1], gcount[ALLOC_MAX_RESERVES + 1];
    long long gworst[ALLOC_MAX_RESERVES + 1];
    int open = chk_group_seats(inst, p, gseats), ng = po->nres;
    gseats[ng] = open; /* index ng = open seats */
    for (int g = 0; g <= ng; g++) {
      gcount[g] = 0;
      gworst[g] = -1;
    }
    int held = occ_off[p + 1] - occ_off[p];
    if (held > po->seats) chk_add(rep, ALLOC_VIOL_CAPACITY, -1, p);
    for (int i = occ_off[p]; i < occ_off[p + 1]; i++) {
      int c = occ[i], g = m->group[c];
      if (!sd && prio[c] >= CHK_INF) chk_add(rep, ALLOC_VIOL_UNACCEPTABLE, c, p); /* post did not rank c */
      if (g < -1 || g >= ng) {
        chk_add(rep, ALLOC_VIOL_RESERVED, c, p);
        continue;
      }
      int gi = g < 0 ? ng : g;
      long long v = prio[c];
      if (g >= 0) {
        const struct alloc_reserve *r = &inst->res[po->res_off + g];
        int tagged = (inst->cand[c].tags >> r->tag) & 1;
        if (r->strict && !tagged) chk_add(rep, ALLOC_VIOL_RESERVED, c, p);
        if (!r->strict && !tagged) v += CHK_INF / 4;
      }
      gcount[gi]++;
      if (v > gworst[gi]) gworst[gi] = v;
    }
    for (int g = 0; g <= ng; g++)
      if (gcount[g] > gseats[g]) chk_add(rep, ALLOC_VIOL_CAPACITY, -1, p);
    /* Blocking pairs: c strictly prefers p and some seat would take c. */
    for (int i = inv_off[p]; i < inv_off[p + 1]; i++) {
      int c = inv_c[i];
      if (inv_g[i] >= gotgrp[c] || m->post[c] == p) continue;
      rep->pairs_examined++;
      if (po->seats <= 0 || !chk_eligible(inst, c, p)) continue;
      if (!sd && prio[c] >= CHK_INF) continue;
      int blocks = 0;
      for (int g = 0; g <= ng && !blocks; g++) {
        long long v = prio[c];
        if (g < ng) {
          const struct alloc_reserve *r = &inst->res[po->res_off + g];
          int tagged = (inst->cand[c].tags >> r->tag) & 1;
          if (r->strict && !tagged) continue;
          if (!r->strict && !tagged) v += CHK_INF / 4;
        }
        if (gseats[g] <= 0) continue;
        if (gcount[g] < gseats[g] || v < gworst[g]) blocks = 1;
      }
      if (blocks) chk_add(rep, ALLOC_VIOL_BLOCKING, c, p);
    }
    if (!sd)
      for (int i = 0; i < po->nrank; i++) prio[inst->rank_cand[po->rank_off + i]] = CHK_INF;
  }
  rep->ok = rep->violations == 0;
  free(prio);
  free(gotgrp);
  free(inv_off);
  free(inv_c);
  free(inv_g);
  free(occ_off);
  free(occ);
  return PLAM_OK;
}
