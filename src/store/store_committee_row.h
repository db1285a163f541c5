/* One row of a territorial committee's workbook: the current state of an
 * (action, indicator, territory) as store_committee_rows reads it, which
 * app/committee then compares with an uploaded workbook. Defined here, below
 * both, so that store/ never includes app/ (scripts/check-layers.sh). */
#ifndef PLAM_STORE_STORE_COMMITTEE_ROW_H
#define PLAM_STORE_STORE_COMMITTEE_ROW_H
#include <stdint.h>

/* Rows of one workbook at most (read from the database or uploaded). */
#define COMMITTEE_MAX_ROWS 5000u

struct committee_row {
  int64_t action_id, indicator_id;
  char territory[12];
  char action_number[16];
  char action_title[1024];
  char indicator_code[65];
  char indicator_name[1024];
  char unit[64];
  char ref_territory[12]; /* territory of the baseline and target shown ("" when none) */
  char breakdown[16];     /* the indicator's, for where it is measured (app/plan/plan_where.h) */
  int has_baseline, has_target, has_last;
  double baseline, target, last;
  char baseline_on[11], target_on[11], last_on[11]; /* "" when not known */
  int64_t last_measurement_id;                      /* 0 when no validated value */
  int allowed;                                      /* the actor may propose values for this row */
  char kind[16], aggregation[8];                    /* the indicator's, for its bounds (filled by app/) */
  double ratio_scale;
};

#endif
