/* Which pools a need reaches (see recruit_app.h and docs/RECRUITMENT.md,
 * "Pools"): a need posted to a pool reaches that pool's members and the
 * members of every pool nested inside it, as employers expect — a
 * département pool reaches the GHT and establishment pools of the
 * département, the regional pool all of them — but not the other way: a
 * need posted to one establishment's pool does not reach the département's
 * volunteers. A closed pool (a crisis that ended) reaches no one, and
 * nothing under it is reached through it. Pure; n is small (hundreds). */
#include <stdlib.h>
#include "app/recruit/recruit_app.h"

static int find(const int64_t *ids, int n, int64_t id) {
  for (int i = 0; i < n; i++)
    if (ids[i] == id) return i;
  return -1;
}

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

int recruit_pools_reached(const int64_t *ids, const int64_t *parent, const int *open, int n, const int64_t *need,
                          int nneed, int64_t *out) {
  int m = 0;
  for (int i = 0; i < n; i++) {
    /* pool i is reached when an ancestor-or-self is a need pool and every
     * pool on the way from it down to i is open */
    int cur = i, ok = 0, depth = 0;
    while (cur >= 0 && open[cur] && depth++ <= n) {
      int hit = 0;
      for (int k = 0; k < nneed; k++)
        if (need[k] == ids[cur]) hit = 1;
      if (hit) {
        ok = 1;
        break;
      }
      cur = parent[cur] ? find(ids, n, parent[cur]) : -1;
    }
    if (ok) out[m++] = ids[i];
  }
  qsort(out, (size_t)m, sizeof *out, cmp64);
  return m;
}
