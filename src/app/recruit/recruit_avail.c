/* Availability with exceptions: `available` intervals minus `unavailable`
 * ones (see recruit_app.h). Both lists are sorted and merged into unions
 * first (touching or overlapping intervals join), then the exceptions are
 * cut out with one sweep. Intervals are half-open [start, end). Pure. */
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_app.h"

static int iv_cmp(const void *a, const void *b) {
  const struct recruit_iv *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

/* Sorts v in place and merges it into its union; returns the count. */
static int merge(struct recruit_iv *v, int n) {
  if (n <= 0) return 0;
  qsort(v, (size_t)n, sizeof *v, iv_cmp);
  int m = 0;
  for (int i = 1; i < n; i++) {
    if (v[i].start <= v[m].end) {
      if (v[i].end > v[m].end) v[m].end = v[i].end;
    } else v[++m] = v[i];
  }
  return m + 1;
}

int recruit_avail_cut(const struct recruit_iv *avail, int navail, const struct recruit_iv *unavail, int nunavail,
                      struct recruit_iv *out) {
  if (navail <= 0) return 0;
  struct recruit_iv *a = malloc((size_t)navail * sizeof *a);
  struct recruit_iv *u = nunavail > 0 ? malloc((size_t)nunavail * sizeof *u) : NULL;
  if (!a || (nunavail > 0 && !u)) {
    free(a);
    free(u);
    return -1;
  }
  memcpy(a, avail, (size_t)navail * sizeof *a);
  if (nunavail > 0) memcpy(u, unavail, (size_t)nunavail * sizeof *u);
  int na = merge(a, navail), nu = merge(u, nunavail > 0 ? nunavail : 0), n = 0, j = 0;
  for (int i = 0; i < na; i++) {
    int64_t s = a[i].start, e = a[i].end;
    while (j < nu && u[j].end <= s) j++;
    for (int k = j; k < nu && u[k].start < e; k++) {
      if (u[k].start > s) out[n++] = (struct recruit_iv){s, u[k].start};
      if (u[k].end > s) s = u[k].end;
      if (s >= e) break;
    }
    if (s < e) out[n++] = (struct recruit_iv){s, e};
  }
  free(a);
  free(u);
  return n;
}
