/* Shared inside app/dash: scope, the rows read in one snapshot. */
#ifndef PLAM_APP_DASH_DASH_INT_H
#define PLAM_APP_DASH_DASH_INT_H
#include "app/dash/dash.h"

int dash_is_staff(const struct actor *a);
/* org_id 0 for plan staff, the employer's organisation; else FORBIDDEN. */
plam_err dash_scope(const struct actor *a, int64_t *org_id);
struct dash_rows {
  struct dash_need_row *needs;
  struct dash_conf_row *conf;
  struct dash_pool_row *pool;
  struct dash_area_row *areas;
  struct dash_data d;
};
/* Reads every row (inside the caller's transaction). */
plam_err dash_load(struct db *db, int64_t org_id, struct dash_rows *r);
void dash_rows_free(struct dash_rows *r);
json_t *dash_measures_json(const struct dash_measures *m);

#endif
