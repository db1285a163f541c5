/* Progress of single indicators of a plan, computed exactly as the plan
 * dashboard computes them (plan_dashboard.c: reduced reads from
 * validated_values, then the progress engine). Used by the indicator page
 * (GET /api/indicators/{id}: the indicator's result with its per-territory
 * detail, which the dashboard leaves out to stay small) and by the IATI
 * export (actual values aggregated to the indicator's scope at each period
 * end: counts summed over territories, ratios recomputed from numerators and
 * denominators, never averaged). */
#ifndef PLAM_APP_PLAN_PLAN_PROGRESS_H
#define PLAM_APP_PLAN_PLAN_PROGRESS_H
#include <jansson.h>
#include "app/plan/plan.h"
#include "app/plan/progress.h"

struct plan_progress;

/* Loads what the computation needs for plan_id (indicators, targets,
 * expected territories). Call inside a read transaction and keep it open
 * for every plan_progress_at on the handle. */
plam_err plan_progress_open(struct db *db, int64_t plan_id, struct plan_progress **out);
/* Result of indicator_id at day into *out. *invalid is set (and *out zeroed
 * but for its reference day) when the indicator's definition is invalid.
 * PLAM_ERR_NOT_FOUND when the indicator is not in the plan. The territory
 * ids of out->territories[i] are written to terr[i] when terr is not NULL
 * (PROGRESS_MAX_TERRITORIES entries). */
plam_err plan_progress_at(struct plan_progress *pp, int64_t indicator_id, progress_day day,
                          struct progress_indicator_result *out, char (*terr)[12], int *invalid);
void plan_progress_close(struct plan_progress *pp);

/* The indicator's result at date ("YYYY-MM-DD", NULL: today) as the
 * dashboard gives it, plus its per-territory detail ("territories"), for
 * readers of its plan. */
plam_err plan_indicator_progress_json(struct db *db, const struct actor *a, int64_t indicator_id, const char *date,
                                      json_t **out);

/* The dashboard with every indicator's per-territory detail, uncached:
 * optimised path, or the straightforward one when reference is set. Tests
 * and the benchmark compare both byte for byte. */
plam_err plan_dashboard_detail_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date,
                                    int reference, char **text, size_t *len);

#endif
