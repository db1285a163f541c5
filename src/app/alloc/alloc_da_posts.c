/* Post-proposing deferred acceptance: each post offers its free seats to
 * the next candidates of its strict ranking (acceptable ones only); each
 * candidate keeps the best offer so far and declines the others, which
 * frees the seat for the post's next offer. The outcome is the
 * post-optimal stable matching. Reserved seats are refused for this side by
 * the bundle reader (docs/ALLOCATION.md says why). */
#include "app/alloc/alloc.h"
#include <limits.h>
#include <stdlib.h>

plam_err alloc_da_posts_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m) {
  int nc = inst->ncand, np = inst->npost;
  if (alloc_instance_has_reserves(inst)) return PLAM_ERR_INVALID;
  if (!pr->post_side) return PLAM_ERR_INTERNAL; /* prefs built for another algorithm */
  int *ptr = malloc(((size_t)np + 1) * sizeof(int));
  int *out = calloc((size_t)np + 1, sizeof(int));
  int *stack = malloc(((size_t)np + 1) * sizeof(int));
  char *queued = calloc((size_t)np + 1, 1);
  int *hold = malloc(((size_t)nc + 1) * sizeof(int));
  if (!ptr || !out || !stack || !queued || !hold) {
    free(ptr);
    free(out);
    free(stack);
    free(queued);
    free(hold);
    return PLAM_ERR_NOMEM;
  }
  int top = 0;
  for (int c = 0; c < nc; c++) {
    hold[c] = INT_MAX;
    m->post[c] = m->group[c] = -1;
    m->wish[c] = 0;
  }
  for (int p = np - 1; p >= 0; p--) {
    ptr[p] = pr->pp_off[p];
    stack[top++] = p;
    queued[p] = 1;
  }
  m->proposals = 0;
  while (top > 0) {
    int p = stack[--top];
    queued[p] = 0;
    int seats = inst->post[p].seats;
    while (out[p] < seats && ptr[p] < pr->pp_off[p + 1]) {
      int i = ptr[p]++, c = pr->pp_cand[i], pos = pr->pp_pos[i];
      m->proposals++;
      if (pos >= hold[c]) continue;
      int old = m->post[c];
      if (old >= 0) {
        out[old]--;
        if (!queued[old]) {
          stack[top++] = old;
          queued[old] = 1;
        }
      }
      hold[c] = pos;
      m->post[c] = p;
      out[p]++;
    }
  }
  for (int c = 0; c < nc; c++)
    if (m->post[c] >= 0) m->wish[c] = pr->cp_wish[pr->cp_off[c] + hold[c]];
  free(ptr);
  free(out);
  free(stack);
  free(queued);
  free(hold);
  return PLAM_OK;
}
