/* Seat filling with reserved groups: see alloc_seats.h. O(groups * n). */
#include "app/alloc/alloc_seats.h"

int alloc_seats_fill(const struct alloc_instance *inst, int p, const int *cands, int n, int *grp) {
  const struct alloc_post *po = &inst->post[p];
  int left = po->seats, chosen = 0;
  for (int i = 0; i < n; i++) grp[i] = ALLOC_SEAT_NONE;
  for (int g = 0; g < po->nres && left > 0; g++) {
    const struct alloc_reserve *r = &inst->res[po->res_off + g];
    int need = r->seats < left ? r->seats : left;
    left -= need;
    uint32_t bit = 1u << r->tag;
    for (int i = 0; i < n && need > 0; i++)
      if (grp[i] == ALLOC_SEAT_NONE && (inst->cand[cands[i]].tags & bit)) {
        grp[i] = g;
        need--;
        chosen++;
      }
    if (!r->strict)
      for (int i = 0; i < n && need > 0; i++)
        if (grp[i] == ALLOC_SEAT_NONE) {
          grp[i] = g;
          need--;
          chosen++;
        }
  }
  for (int i = 0; i < n && left > 0; i++)
    if (grp[i] == ALLOC_SEAT_NONE) {
      grp[i] = ALLOC_SEAT_OPEN;
      left--;
      chosen++;
    }
  return chosen;
}
