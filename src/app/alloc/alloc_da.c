/* Candidate-proposing deferred acceptance (Gale–Shapley) with capacities
 * and reserved seats. Each free candidate proposes to the next post of its
 * strict list; the post keeps the best applicants its seats can take and
 * rejects the rest, who propose further. A post without reserved groups
 * keeps its holders in a max-heap on its strict key (O(log seats) per
 * proposal); a post with reserved groups keeps them sorted and re-runs the
 * seat filling of alloc_seats.c (sequential seat filling is substitutable,
 * so holding only the current applicants gives the cumulative result). The
 * outcome is the candidate-optimal stable matching, whatever the order in
 * which free candidates are processed. */
#include "app/alloc/alloc.h"
#include "app/alloc/alloc_seats.h"
#include <stdlib.h>
#include <string.h>

static void heap_down(int *hc, int *hk, int n, int i) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && hk[l] > hk[m]) m = l;
    if (r < n && hk[r] > hk[m]) m = r;
    if (m == i) return;
    int tc = hc[i], tk = hk[i];
    hc[i] = hc[m];
    hk[i] = hk[m];
    hc[m] = tc;
    hk[m] = tk;
    i = m;
  }
}

static void heap_up(int *hc, int *hk, int i) {
  while (i > 0) {
    int par = (i - 1) / 2;
    if (hk[par] >= hk[i]) return;
    int tc = hc[i], tk = hk[i];
    hc[i] = hc[par];
    hk[i] = hk[par];
    hc[par] = tc;
    hk[par] = tk;
    i = par;
  }
}

plam_err alloc_da_candidates_solve_order(const struct alloc_instance *inst, const struct alloc_prefs *pr,
                                         struct alloc_match *m, const int *proc) {
  int nc = inst->ncand, np = inst->npost, maxseats = 1;
  size_t total = 0;
  size_t *off = malloc(((size_t)np + 1) * sizeof *off);
  int *hn = calloc((size_t)np + 1, sizeof(int));
  int *next = malloc(((size_t)nc + 1) * sizeof(int));
  int *stack = malloc(((size_t)nc + 1) * sizeof(int));
  if (!off || !hn || !next || !stack) goto nomem;
  for (int p = 0; p < np; p++) {
    off[p] = total;
    total += (size_t)inst->post[p].seats + 1;
    if (inst->post[p].seats + 1 > maxseats) maxseats = inst->post[p].seats + 1;
  }
  off[np] = total;
  int *hc = malloc((total + 1) * sizeof(int)), *hk = malloc((total + 1) * sizeof(int));
  int *grp = malloc((size_t)maxseats * sizeof(int));
  if (!hc || !hk || !grp) {
    free(hc);
    free(hk);
    free(grp);
    goto nomem;
  }
  for (int c = 0; c < nc; c++) next[c] = pr->cp_off[c];
  m->proposals = 0;
  int top = 0;
  for (int i = 0; i < nc; i++) {
    stack[top++] = proc ? proc[i] : i;
    while (top > 0) {
      int c = stack[--top];
      while (c >= 0 && next[c] < pr->cp_off[c + 1]) {
        int k = next[c]++, p = pr->cp_post[k], key = pr->cp_key[k];
        const struct alloc_post *po = &inst->post[p];
        int *pc = hc + off[p], *pk = hk + off[p];
        m->proposals++;
        if (!po->nres) {
          if (hn[p] < po->seats) {
            pc[hn[p]] = c;
            pk[hn[p]] = key;
            heap_up(pc, pk, hn[p]++);
            c = -1;
          } else if (key < pk[0]) {
            int r = pc[0];
            pc[0] = c;
            pk[0] = key;
            heap_down(pc, pk, hn[p], 0);
            c = r;
          }
          continue;
        }
        /* Reserved groups: sorted insert, then seat filling. */
        int n = hn[p], j = n;
        while (j > 0 && pk[j - 1] > key) {
          pc[j] = pc[j - 1];
          pk[j] = pk[j - 1];
          j--;
        }
        pc[j] = c;
        pk[j] = key;
        n++;
        int chosen = alloc_seats_fill(inst, p, pc, n, grp);
        c = -1;
        if (chosen < n) {
          int w = 0;
          for (int t = 0; t < n; t++) {
            if (grp[t] != ALLOC_SEAT_NONE) {
              pc[w] = pc[t];
              pk[w] = pk[t];
              w++;
            } else if (c < 0) c = pc[t];
            else stack[top++] = pc[t];
          }
          n = w;
        }
        hn[p] = n;
      }
    }
  }
  for (int c = 0; c < nc; c++) {
    m->post[c] = m->group[c] = -1;
    m->wish[c] = 0;
  }
  for (int p = 0; p < np; p++) {
    const struct alloc_post *po = &inst->post[p];
    int *pc = hc + off[p];
    if (po->nres) alloc_seats_fill(inst, p, pc, hn[p], grp);
    for (int t = 0; t < hn[p]; t++) {
      int c = pc[t];
      m->post[c] = p;
      m->group[c] = po->nres ? grp[t] : -1;
      m->wish[c] = pr->cp_wish[next[c] - 1];
    }
  }
  free(hc);
  free(hk);
  free(grp);
  free(off);
  free(hn);
  free(next);
  free(stack);
  return PLAM_OK;
nomem:
  free(off);
  free(hn);
  free(next);
  free(stack);
  return PLAM_ERR_NOMEM;
}

plam_err alloc_da_candidates_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr,
                                   struct alloc_match *m) {
  return alloc_da_candidates_solve_order(inst, pr, m, NULL);
}
