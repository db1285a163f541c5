/* Budget checks and totals (contract in progress_money.h): exact integer
 * arithmetic in cents with overflow checks, unit x quantity with quantities
 * in thousandths, and grouped totals kept in a caller-owned array sorted by
 * key (binary search + insertion; plans have few funders, axes and years). */
#include "app/plan/progress_money.h"

#include <math.h>
#include <string.h>

static const char *const stage_names[] = {"planned", "committed", "paid"};
static const char *const status_names[] = {"no_unit", "match", "mismatch", "no_amount"};
_Static_assert(sizeof stage_names / sizeof stage_names[0] == PROGRESS_MONEY_STAGE__COUNT, "stages");
_Static_assert(sizeof status_names / sizeof status_names[0] == PROGRESS_MONEY_STATUS__COUNT, "statuses");

const char *progress_money_stage_name(enum progress_money_stage v) {
  return (unsigned)v < PROGRESS_MONEY_STAGE__COUNT ? stage_names[v] : "";
}

const char *progress_money_status_name(enum progress_money_status v) {
  return (unsigned)v < PROGRESS_MONEY_STATUS__COUNT ? status_names[v] : "";
}

static plam_err progress_money_line_valid(const struct progress_money_line *l) {
  for (int s = 0; s < PROGRESS_MONEY_STAGE__COUNT; s++)
    if (l->has_amount[s] && l->amount_cents[s] < 0) return PLAM_ERR_INVALID;
  if (l->has_unit) {
    if (l->unit_cents < 0 || !isfinite(l->quantity) || l->quantity < 0 || l->quantity > PROGRESS_MONEY_MAX_QUANTITY)
      return PLAM_ERR_INVALID;
  }
  return PLAM_OK;
}

/* quantity x 1000 as an integer; PLAM_ERR_INVALID beyond three decimals. */
static plam_err progress_money_milli(double q, int64_t *out) {
  double scaled = q * 1000.0;
  double r = round(scaled);
  if (fabs(scaled - r) > 1e-6 * (r > 1.0 ? r : 1.0)) return PLAM_ERR_INVALID;
  *out = (int64_t)r;
  return PLAM_OK;
}

/* unit x milli / 1000, rounded half away from zero (both factors >= 0). */
static plam_err progress_money_expected(int64_t unit_cents, int64_t milli, int64_t *out) {
  int64_t p;
  if (__builtin_mul_overflow(unit_cents, milli, &p)) return PLAM_ERR_INVALID;
  int64_t q = p / 1000, rem = p % 1000;
  *out = q + (rem >= 500 ? 1 : 0);
  return PLAM_OK;
}

plam_err progress_money_check_line(const struct progress_money_line *line, enum progress_money_stage stage,
                                   int64_t tolerance_cents, struct progress_money_check *out) {
  if (!out) return PLAM_ERR_INVALID;
  memset(out, 0, sizeof *out);
  if (!line || (unsigned)stage >= PROGRESS_MONEY_STAGE__COUNT || tolerance_cents < 0) return PLAM_ERR_INVALID;
  plam_err e = progress_money_line_valid(line);
  if (e) return e;

  out->stage = stage;
  const bool *has = line->has_amount;
  const int64_t *a = line->amount_cents;
  out->paid_over_committed = has[PROGRESS_MONEY_PAID] && has[PROGRESS_MONEY_COMMITTED] &&
                             a[PROGRESS_MONEY_PAID] > a[PROGRESS_MONEY_COMMITTED];
  out->committed_over_planned = has[PROGRESS_MONEY_COMMITTED] && has[PROGRESS_MONEY_PLANNED] &&
                                a[PROGRESS_MONEY_COMMITTED] > a[PROGRESS_MONEY_PLANNED];
  if (has[stage]) out->amount_cents = a[stage];
  if (!line->has_unit) {
    out->status = PROGRESS_MONEY_NO_UNIT;
    return PLAM_OK;
  }
  e = progress_money_milli(line->quantity, &out->quantity_milli);
  if (!e) e = progress_money_expected(line->unit_cents, out->quantity_milli, &out->expected_cents);
  if (e) {
    memset(out, 0, sizeof *out);
    return e;
  }
  if (!has[stage]) {
    out->status = PROGRESS_MONEY_NO_AMOUNT;
    return PLAM_OK;
  }
  /* both are in [0, INT64_MAX]: the difference cannot overflow */
  out->difference_cents = out->amount_cents - out->expected_cents;
  int64_t gap = out->difference_cents < 0 ? -out->difference_cents : out->difference_cents;
  out->status = gap <= tolerance_cents ? PROGRESS_MONEY_MATCH : PROGRESS_MONEY_MISMATCH;
  return PLAM_OK;
}

static void progress_money_key(const struct progress_money_line *l, unsigned group, struct progress_money_total *k) {
  memset(k, 0, sizeof *k);
  if (group & PROGRESS_MONEY_BY_FUNDER) k->funder_id = l->funder_id;
  if (group & PROGRESS_MONEY_BY_AXIS) k->axis_id = l->axis_id;
  if (group & PROGRESS_MONEY_BY_ACTION) k->action_id = l->action_id;
  if (group & PROGRESS_MONEY_BY_YEAR) k->year = l->year;
}

static int progress_money_key_cmp(const struct progress_money_total *a, const struct progress_money_total *b) {
  if (a->funder_id != b->funder_id) return a->funder_id < b->funder_id ? -1 : 1;
  if (a->axis_id != b->axis_id) return a->axis_id < b->axis_id ? -1 : 1;
  if (a->action_id != b->action_id) return a->action_id < b->action_id ? -1 : 1;
  if (a->year != b->year) return a->year < b->year ? -1 : 1;
  return 0;
}

plam_err progress_money_totals(const struct progress_money_line *lines, size_t n, unsigned group,
                               int64_t tolerance_cents, struct progress_money_total *out, size_t cap, size_t *n_out) {
  if (!n_out) return PLAM_ERR_INVALID;
  *n_out = 0;
  if ((n && !lines) || (cap && !out) || (group & ~(unsigned)PROGRESS_MONEY_BY__ALL) || tolerance_cents < 0)
    return PLAM_ERR_INVALID;
  if (n > PROGRESS_MONEY_MAX_LINES) return PLAM_ERR_TOO_LARGE;

  size_t used = 0;
  plam_err e = PLAM_OK;
  for (size_t i = 0; i < n; i++) {
    const struct progress_money_line *l = &lines[i];
    struct progress_money_check chk;
    e = progress_money_check_line(l, PROGRESS_MONEY_PLANNED, tolerance_cents, &chk);
    if (e) goto fail;

    struct progress_money_total key;
    progress_money_key(l, group, &key);
    size_t lo = 0, hi = used;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (progress_money_key_cmp(&out[mid], &key) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo == used || progress_money_key_cmp(&out[lo], &key) != 0) {
      if (used == cap) {
        e = PLAM_ERR_TOO_LARGE;
        goto fail;
      }
      memmove(&out[lo + 1], &out[lo], (used - lo) * sizeof out[0]);
      out[lo] = key;
      used++;
    }
    struct progress_money_total *t = &out[lo];
    t->lines++;
    for (int s = 0; s < PROGRESS_MONEY_STAGE__COUNT; s++) {
      if (!l->has_amount[s]) continue;
      if (__builtin_add_overflow(t->cents[s], l->amount_cents[s], &t->cents[s])) {
        e = PLAM_ERR_INVALID;
        goto fail;
      }
      t->known[s]++;
    }
    if (chk.status == PROGRESS_MONEY_MATCH || chk.status == PROGRESS_MONEY_MISMATCH) {
      t->unit_checked++;
      if (chk.status == PROGRESS_MONEY_MISMATCH) t->unit_mismatch++;
    }
  }
  *n_out = used;
  return PLAM_OK;
fail:
  if (used) memset(out, 0, used * sizeof out[0]);
  return e;
}
