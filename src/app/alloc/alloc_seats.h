/* Seat filling inside one post, used by the solvers (never by the checker).
 * A post's seats are its reserved groups, in the order given, then its open
 * seats. Each group picks, among the candidates not picked yet and in the
 * post's priority order, first the candidates carrying its tag, then (unless
 * strict) anyone; the open seats then pick the best remaining. When the
 * apportionment leaves a post fewer seats than its reserved groups hold,
 * groups keep their seats in order and the open seats shrink first. */
#ifndef PLAM_APP_ALLOC_ALLOC_SEATS_H
#define PLAM_APP_ALLOC_ALLOC_SEATS_H
#include "app/alloc/alloc.h"

#define ALLOC_SEAT_OPEN (-1)
#define ALLOC_SEAT_NONE (-2)

/* cands[0..n) are sorted best first for post p. Writes grp[i]: reserved
 * group index (0-based within the post), ALLOC_SEAT_OPEN or ALLOC_SEAT_NONE
 * (not chosen). Returns the number chosen. */
int alloc_seats_fill(const struct alloc_instance *inst, int p, const int *cands, int n, int *grp);

#endif
