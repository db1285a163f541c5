/* A plan named on the command line: its numeric id, or its slug looked up
 * in the database. See plan.h. */
#include <stdlib.h>
#include "app/plan/plan.h"

plam_err plan_find(struct db *db, const char *ref, int64_t *id) {
  if (!ref || !*ref) return PLAM_ERR_NOT_FOUND;
  char *end;
  long long v = strtoll(ref, &end, 10);
  if (!*end && v > 0) {
    *id = v;
    return PLAM_OK;
  }
  return store_plan_find_slug(db, ref, id);
}
