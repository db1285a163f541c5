/* Recruitment feed of the demo plan (plam init --demo), loaded after the
 * plans and the recruitment demo. Sheet 1.6 of the PDL plan (« développer et
 * promouvoir les plateformes d'emplois ») gives no indicator in its source;
 * the demo plan adds two, marked as added by plam's demo in their source
 * (data/demo/plans, "added"): needs posted on the platform and their fill
 * rate. This links them to the recruitment measures (dash_link_create, the
 * plan staff's own path, which proposes the measured values with the
 * source DASH_SOURCE) and validates those proposals as the demo's plan staff
 * account would on the review page, so that the plan view shows them. No
 * figure is written here: every value is the feed's, computed over the
 * demo's recruitment data. Loading twice adds nothing (a linked indicator
 * is skipped). */
#include <stdlib.h>
#include <string.h>
#include "app/access/users.h"
#include "app/dash/dash_int.h"
#include "app/plan/plan.h"
#include "store/store.h"
#include "store/store_dash.h"
#include "store/store_plan.h"
#include "store/store_train.h"
#include "store/store_tx.h"

static const struct {
  const char *code, *metric;
} demo_links[] = {{"pdl-1.6-besoins-publies", "needs_posted"}, {"pdl-1.6-taux-pourvoi", "fill_rate"}};
#define N_LINKS (sizeof demo_links / sizeof demo_links[0])

/* The indicator of code (0: not loaded) and whether it is linked already. */
static plam_err find(struct db *db, const char *code, int64_t *id, int *linked) {
  plam_err e = store_read_begin(db);
  if (e) return e;
  *linked = 0;
  e = store_train_indicator_by_code(db, code, id);
  if (!e && *id) e = store_dash_indicator_linked(db, *id, linked);
  store_read_end(db);
  return e;
}

/* Validates the pending values this feed proposed for indicator id. */
static plam_err validate(struct db *db, const struct actor *a, int64_t id) {
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_indicator_measurements(db, id, &rows);
  store_read_end(db);
  const struct measurement_rec *m = rows.rows;
  for (int i = 0; !e && i < rows.n; i++) {
    if (strcmp(m[i].status, "pending") || strcmp(m[i].source, DASH_SOURCE)) continue;
    struct measurement_rec out;
    struct field_error fe = {0};
    e = plan_measurement_review(db, a, m[i].id, 1,
                                "Valeur calculée par plam, validée au chargement de la démonstration.", &out, &fe);
  }
  free(rows.rows);
  return e;
}

plam_err dash_demo_load(struct db *db) {
  struct actor staff;
  plam_err e = users_actor(db, "staff", &staff);
  if (e) return e == PLAM_ERR_NOT_FOUND ? PLAM_OK : e; /* no demo accounts */
  for (size_t i = 0; !e && i < N_LINKS; i++) {
    int64_t id = 0;
    int linked = 0;
    if ((e = find(db, demo_links[i].code, &id, &linked)) || !id || linked) continue;
    json_t *out = NULL;
    struct field_error fe = {0};
    e = dash_link_create(db, &staff, id, demo_links[i].metric, NULL, &out, &fe);
    json_decref(out);
    if (!e) e = validate(db, &staff, id);
  }
  return e;
}
