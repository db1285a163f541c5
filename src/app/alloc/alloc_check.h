/* The independent checker. It shares no code with the solvers or the
 * preference builder: it reads only the instance as given in the bundle
 * (original lists, with their ties) and a matching, and verifies from the
 * definitions in docs/ALLOCATION.md that every assignment is acceptable,
 * that no post and no reserved group holds more than its seats, that strict
 * reserved seats hold only tagged candidates, and that no pair (candidate,
 * post) blocks: the candidate strictly prefers the post to what they got and
 * some seat of the post is free for them or held by someone it ranks
 * strictly lower (weak stability with ties). */
#ifndef PLAM_APP_ALLOC_ALLOC_CHECK_H
#define PLAM_APP_ALLOC_ALLOC_CHECK_H
#include "app/alloc/alloc.h"

enum alloc_violation_kind {
  ALLOC_VIOL_UNACCEPTABLE, /* assigned to a post they did not wish or may not take */
  ALLOC_VIOL_WISH,         /* the reported wish number is wrong */
  ALLOC_VIOL_CAPACITY,     /* a post or a group holds more than its seats */
  ALLOC_VIOL_RESERVED,     /* a strict reserved seat holds an untagged candidate */
  ALLOC_VIOL_BLOCKING      /* a blocking pair */
};

#define ALLOC_CHECK_LISTED 16

struct alloc_violation {
  enum alloc_violation_kind kind;
  int cand, post; /* -1 when not applicable */
};

struct alloc_check_report {
  int ok; /* all of the below */
  int acceptable, capacities, reserved, weakly_stable;
  long long violations; /* total found */
  long long blocking_pairs;
  long long pairs_examined;
  int nlisted;
  struct alloc_violation listed[ALLOC_CHECK_LISTED];
};

plam_err alloc_check(const struct alloc_instance *inst, const struct alloc_match *m, struct alloc_check_report *rep);
/* Stable English code of a violation kind ("blocking_pair" ...). */
const char *alloc_check_kind_code(enum alloc_violation_kind k);

#endif
