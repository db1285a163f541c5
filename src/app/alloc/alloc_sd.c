/* Serial dictatorship: candidates choose one after the other in the
 * priority order of alloc_prefs (seniority, rank, lottery); each takes the
 * first acceptable wish that still has a free seat. With reserved seats a
 * seat has its own priority, which a plain sequence of choices cannot honour;
 * the run is then candidate-proposing deferred acceptance in which every
 * seat ranks candidates by that same priority order (tagged candidates first
 * for reserved seats). Without reserved seats both give the same matching. */
#include "app/alloc/alloc.h"
#include <stdlib.h>

plam_err alloc_sd_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m) {
  if (pr->reserves) return alloc_da_candidates_solve(inst, pr, m);
  int *left = malloc(((size_t)inst->npost + 1) * sizeof(int));
  if (!left) return PLAM_ERR_NOMEM;
  for (int p = 0; p < inst->npost; p++) left[p] = inst->post[p].seats;
  m->proposals = 0;
  for (int i = 0; i < inst->ncand; i++) {
    int c = pr->order[i];
    m->post[c] = m->group[c] = -1;
    m->wish[c] = 0;
    for (int k = pr->cp_off[c]; k < pr->cp_off[c + 1]; k++) {
      int p = pr->cp_post[k];
      m->proposals++;
      if (left[p] > 0) {
        left[p]--;
        m->post[c] = p;
        m->wish[c] = pr->cp_wish[k];
        break;
      }
    }
  }
  free(left);
  return PLAM_OK;
}
