/* Money of a mobilisation plan, as pure functions over budget lines.
 *
 * A budget line belongs to an action (hence an axis), a funder and a year and
 * carries up to three amounts: planned ("prévu"), committed ("engagé") and
 * paid ("payé"), in euro cents as 64-bit integers so that totals are exact.
 * A line may also be priced as unit amount x quantity (2,500 € per PEC
 * contract, 6,000 € per apprenticeship master): progress_money_check_line
 * says whether unit x quantity matches the line's amount at a given stage,
 * within a tolerance in cents. Quantities may have up to three decimals
 * (0.5 FTE); the expected amount is rounded half away from zero to the cent.
 * It also flags paid > committed and committed > planned, which plan staff
 * should look at but which are not errors (a revision may be pending).
 *
 * progress_money_totals groups lines by any combination of funder, axis,
 * action and year (no flag: one plan total) and sums each stage exactly.
 * Every total says how many lines it covers and how many had each amount, so
 * a total built on incomplete lines explains itself. Overflow, negative
 * amounts and non-finite quantities are PLAM_ERR_INVALID; more groups than
 * the caller's array holds is PLAM_ERR_TOO_LARGE. Nothing is allocated. */
#ifndef PLAM_APP_PLAN_PROGRESS_MONEY_H
#define PLAM_APP_PLAN_PROGRESS_MONEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define PROGRESS_MONEY_MAX_LINES 1000000u
#define PROGRESS_MONEY_MAX_QUANTITY 1e9

enum progress_money_stage {
  PROGRESS_MONEY_PLANNED = 0,
  PROGRESS_MONEY_COMMITTED,
  PROGRESS_MONEY_PAID,
  PROGRESS_MONEY_STAGE__COUNT
};

struct progress_money_line {
  int64_t id;
  int64_t action_id;
  int64_t axis_id;
  int64_t funder_id;
  int32_t year;
  bool has_amount[PROGRESS_MONEY_STAGE__COUNT];
  int64_t amount_cents[PROGRESS_MONEY_STAGE__COUNT];
  bool has_unit; /* unit_cents and quantity given */
  int64_t unit_cents;
  double quantity;
};

enum progress_money_status {
  PROGRESS_MONEY_NO_UNIT = 0, /* not priced per unit: nothing to check */
  PROGRESS_MONEY_MATCH,
  PROGRESS_MONEY_MISMATCH,
  PROGRESS_MONEY_NO_AMOUNT, /* priced per unit but no amount at that stage */
  PROGRESS_MONEY_STATUS__COUNT
};

struct progress_money_check {
  enum progress_money_status status;
  enum progress_money_stage stage;
  int64_t quantity_milli;   /* quantity x 1000 */
  int64_t expected_cents;   /* unit x quantity, when priced per unit */
  int64_t amount_cents;     /* the line's amount at that stage, when known */
  int64_t difference_cents; /* amount - expected, when both are known */
  bool paid_over_committed;
  bool committed_over_planned;
};

/* Checks one line at `stage`. tolerance_cents >= 0. */
plam_err progress_money_check_line(const struct progress_money_line *line, enum progress_money_stage stage,
                                   int64_t tolerance_cents, struct progress_money_check *out);

enum progress_money_group {
  PROGRESS_MONEY_BY_FUNDER = 1u << 0,
  PROGRESS_MONEY_BY_AXIS = 1u << 1,
  PROGRESS_MONEY_BY_ACTION = 1u << 2,
  PROGRESS_MONEY_BY_YEAR = 1u << 3,
  PROGRESS_MONEY_BY__ALL = (1u << 4) - 1
};

struct progress_money_total {
  /* the group's key; 0 for a dimension not grouped on */
  int64_t funder_id;
  int64_t axis_id;
  int64_t action_id;
  int32_t year;
  uint32_t lines;
  int64_t cents[PROGRESS_MONEY_STAGE__COUNT];
  uint32_t known[PROGRESS_MONEY_STAGE__COUNT]; /* lines with that amount */
  uint32_t unit_checked;                       /* lines priced per unit, checked on planned */
  uint32_t unit_mismatch;
};

/* Totals of lines[0..n) grouped by `group` (an OR of PROGRESS_MONEY_BY_*),
 * written to out[0..*n_out) sorted by key (funder, axis, action, year).
 * The unit check uses the planned stage and tolerance_cents. */
plam_err progress_money_totals(const struct progress_money_line *lines, size_t n, unsigned group,
                               int64_t tolerance_cents, struct progress_money_total *out, size_t cap, size_t *n_out);

const char *progress_money_stage_name(enum progress_money_stage v);
const char *progress_money_status_name(enum progress_money_status v);

#endif
