/* Progress of one indicator: validates the definition and the rows, picks
 * the target, finds each expected territory's current value according to
 * the accumulation (level, per period, cumulative), aggregates territories
 * (sum, or ratio recomputed from numerators and denominators), applies the
 * formula and records every value, date and flag it used in the result.
 * The rules themselves are stated once, in progress.h. Rows are read in
 * place (sorted by territory, day, id); nothing is allocated. */
#include "app/plan/progress.h"

#include <float.h>
#include <math.h>
#include <string.h>

plam_err progress_indicator_check(const struct progress_indicator *def) {
  if (!def) return PLAM_ERR_INVALID;
  if ((unsigned)def->direction >= PROGRESS_DIRECTION__COUNT || (unsigned)def->kind >= PROGRESS_KIND__COUNT ||
      (unsigned)def->accumulation >= PROGRESS_ACC__COUNT || (unsigned)def->aggregation >= PROGRESS_AGG__COUNT ||
      (unsigned)def->frequency >= PROGRESS_FREQ__COUNT)
    return PLAM_ERR_INVALID;
  /* A running total of rates means nothing: cumulative values must add up. */
  if (def->accumulation == PROGRESS_ACC_CUMULATIVE && def->aggregation != PROGRESS_AGG_SUM) return PLAM_ERR_INVALID;
  /* Summing rates across territories is the classic mistake this forbids. */
  if ((def->kind == PROGRESS_KIND_PERCENT || def->kind == PROGRESS_KIND_RATIO) &&
      def->aggregation != PROGRESS_AGG_RATIO)
    return PLAM_ERR_INVALID;
  if (def->aggregation == PROGRESS_AGG_RATIO && (!isfinite(def->ratio_scale) || def->ratio_scale <= 0))
    return PLAM_ERR_INVALID;
  if (def->kind == PROGRESS_KIND_PERCENT && def->ratio_scale != 100.0) return PLAM_ERR_INVALID;
  return PLAM_OK;
}

static plam_err progress_rows_check(const struct progress_indicator_input *in) {
  const struct progress_measurement *rows = in->values;
  for (size_t i = 0; i < in->n_values; i++) {
    const struct progress_measurement *r = &rows[i];
    if (r->territory >= in->n_territories || r->day == PROGRESS_NO_DAY) return PLAM_ERR_INVALID;
    if (!r->has_value && !r->has_ratio) return PLAM_ERR_INVALID;
    if (r->has_value && !isfinite(r->value)) return PLAM_ERR_INVALID;
    if (r->has_ratio &&
        (!isfinite(r->numerator) || !isfinite(r->denominator) || r->numerator < 0 || r->denominator < 0))
      return PLAM_ERR_INVALID;
    /* A count or an amount is carried by its value. */
    if (in->def.aggregation == PROGRESS_AGG_SUM && !r->has_value) return PLAM_ERR_INVALID;
    if (i > 0) {
      const struct progress_measurement *p = &rows[i - 1];
      if (p->territory > r->territory) return PLAM_ERR_INVALID;
      if (p->territory == r->territory && (p->day > r->day || (p->day == r->day && p->id >= r->id)))
        return PLAM_ERR_INVALID;
    }
  }
  return PLAM_OK;
}

static plam_err progress_input_check(const struct progress_indicator_input *in) {
  plam_err e = progress_indicator_check(&in->def);
  if (e) return e;
  if (in->n_territories == 0) return PLAM_ERR_INVALID;
  if (in->n_territories > PROGRESS_MAX_TERRITORIES || in->n_targets > PROGRESS_MAX_TARGETS ||
      in->n_values > PROGRESS_MAX_VALUES)
    return PLAM_ERR_TOO_LARGE;
  if ((in->n_targets && !in->targets) || (in->n_values && !in->values)) return PLAM_ERR_INVALID;
  if (in->reference_day == PROGRESS_NO_DAY || in->grace_days < 0 ||
      (unsigned)in->target_choice >= PROGRESS_TARGET_CHOICE__COUNT)
    return PLAM_ERR_INVALID;
  if (in->baseline.has && !isfinite(in->baseline.value)) return PLAM_ERR_INVALID;
  for (size_t i = 0; i < in->n_targets; i++)
    if (!isfinite(in->targets[i].value)) return PLAM_ERR_INVALID;
  return progress_rows_check(in);
}

/* A target without a deadline sorts after every dated one. */
static int64_t progress_target_key(progress_day d) { return d == PROGRESS_NO_DAY ? INT64_MAX : (int64_t)d; }

/* Index of the chosen target, or -1 when there is none. */
static long progress_target_pick(const struct progress_indicator_input *in, bool *is_final) {
  long final = -1, next = -1;
  for (size_t i = 0; i < in->n_targets; i++) {
    int64_t k = progress_target_key(in->targets[i].day);
    if (final < 0 || k >= progress_target_key(in->targets[final].day)) final = (long)i;
    if (k >= (int64_t)in->reference_day && (next < 0 || k < progress_target_key(in->targets[next].day))) next = (long)i;
  }
  long pick = final;
  if (in->target_choice == PROGRESS_TARGET_NEXT && next >= 0) pick = next;
  *is_final = pick >= 0 && progress_target_key(in->targets[pick].day) == progress_target_key(in->targets[final].day);
  return pick;
}

bool progress_formula_apply(enum progress_direction dir, double baseline, double target, double current, double *raw,
                            enum progress_formula *formula, enum progress_reason *reason) {
  bool lower = dir == PROGRESS_LOWER_IS_BETTER;
  *reason = PROGRESS_REASON_OK;
  if (target == baseline) {
    *formula = PROGRESS_FORMULA_MAINTAIN;
    bool met = lower ? current <= target : current >= target;
    *raw = met ? 100.0 : 0.0;
    return true;
  }
  *formula = lower ? PROGRESS_FORMULA_LINEAR_LOWER : PROGRESS_FORMULA_LINEAR;
  if (lower ? target > baseline : target < baseline) {
    *reason = PROGRESS_REASON_TARGET_CONTRADICTS_DIRECTION;
    return false;
  }
  double r = lower ? 100.0 * (baseline - current) / (baseline - target)
                   : 100.0 * (current - baseline) / (target - baseline);
  if (isnan(r)) r = 0.0; /* cannot happen with finite inputs; stay defined */
  if (!isfinite(r)) r = r > 0 ? DBL_MAX : -DBL_MAX;
  *raw = r;
  return true;
}

/* Index of the last row of [lo, hi) with day <= day_max, or hi when none. */
static size_t progress_last_at_or_before(const struct progress_measurement *rows, size_t lo, size_t hi,
                                         progress_day day_max) {
  size_t a = lo, b = hi; /* first index with day > day_max */
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (rows[mid].day <= day_max) a = mid + 1;
    else b = mid;
  }
  return a == lo ? hi : a - 1;
}

/* Index of the last row of [lo, hi) dated exactly `day`, or hi. */
static size_t progress_last_on(const struct progress_measurement *rows, size_t lo, size_t hi, progress_day day) {
  size_t i = progress_last_at_or_before(rows, lo, hi, day);
  return i < hi && rows[i].day == day ? i : hi;
}

/* Records one row as a territory's value. */
static void progress_use_row(const struct progress_indicator_input *in, const struct progress_measurement *r,
                             struct progress_territory_use *u) {
  u->has = true;
  u->day = r->day;
  u->values_used = 1;
  u->has_ratio = r->has_ratio;
  u->numerator = r->has_ratio ? r->numerator : 0;
  u->denominator = r->has_ratio ? r->denominator : 0;
  if (in->def.aggregation == PROGRESS_AGG_RATIO && r->has_ratio && r->denominator > 0)
    u->value = in->def.ratio_scale * r->numerator / r->denominator;
  else u->value = r->has_value ? r->value : 0;
}

static int64_t progress_lower_key(progress_day d) { return d == PROGRESS_NO_DAY ? INT64_MIN : (int64_t)d; }

/* LEVEL (and the explanation of an incomplete PER_PERIOD): latest value in
 * [baseline day, reference day]. */
static void progress_level_value(const struct progress_indicator_input *in, size_t lo, size_t hi,
                                 struct progress_territory_use *u) {
  size_t i = progress_last_at_or_before(in->values, lo, hi, in->reference_day);
  if (i == hi) return;
  if ((int64_t)in->values[i].day < progress_lower_key(in->baseline.day)) return;
  progress_use_row(in, &in->values[i], u);
}

/* CUMULATIVE: sum of the periods in (baseline day, reference day], the
 * highest id of each day only. */
static void progress_cumulative_value(const struct progress_indicator_input *in, size_t lo, size_t hi,
                                      struct progress_territory_use *u) {
  const struct progress_measurement *rows = in->values;
  int64_t after = progress_lower_key(in->baseline.day);
  double sum = 0;
  uint32_t used = 0;
  progress_day last = PROGRESS_NO_DAY;
  for (size_t i = lo; i < hi; i++) {
    if (rows[i].day > in->reference_day) break;
    if ((int64_t)rows[i].day <= after) continue;
    if (i + 1 < hi && rows[i + 1].day == rows[i].day) continue; /* superseded */
    sum += rows[i].value;
    used++;
    last = rows[i].day;
  }
  if (!used) return;
  u->has = true;
  u->day = last;
  u->value = sum;
  u->values_used = used;
}

/* PER_PERIOD over several territories: the latest day in [baseline day,
 * reference day] that every territory reported, or PROGRESS_NO_DAY. */
static progress_day progress_common_day(const struct progress_indicator_input *in, const size_t *start) {
  const struct progress_measurement *rows = in->values;
  int64_t floor_key = progress_lower_key(in->baseline.day);
  size_t i = progress_last_at_or_before(rows, start[0], start[1], in->reference_day);
  while (i != start[1] && (int64_t)rows[i].day >= floor_key) {
    progress_day d = rows[i].day;
    bool all = true;
    for (uint32_t t = 1; t < in->n_territories && all; t++)
      all = progress_last_on(rows, start[t], start[t + 1], d) != start[t + 1];
    if (all) return d;
    /* step to the previous distinct day of territory 0 */
    while (i > start[0] && rows[i].day == d) i--;
    if (rows[i].day == d) break;
  }
  return PROGRESS_NO_DAY;
}

/* Sums the territories into out->current; sets out->reason when it cannot. */
static void progress_aggregate(const struct progress_indicator_input *in, struct progress_indicator_result *out) {
  uint32_t z = in->n_territories;
  double sum = 0, num = 0, den = 0;
  bool all_ratio = true;
  for (uint32_t t = 0; t < z; t++) {
    const struct progress_territory_use *u = &out->territories[t];
    if (!u->has) continue;
    out->territories_with_value++;
    out->values_used += u->values_used;
    if (u->stale) out->territories_stale++;
    if (out->current_day == PROGRESS_NO_DAY || u->day > out->current_day) out->current_day = u->day;
    if (out->oldest_day == PROGRESS_NO_DAY || u->day < out->oldest_day) out->oldest_day = u->day;
    sum += u->value;
    if (u->has_ratio) {
      num += u->numerator;
      den += u->denominator;
    } else {
      all_ratio = false;
    }
  }
  out->stale = out->territories_stale > 0;
  if (out->territories_with_value == 0) {
    out->reason = PROGRESS_REASON_NO_VALUE;
    return;
  }
  if (out->territories_with_value < z) {
    out->reason = PROGRESS_REASON_MISSING_TERRITORY;
    return;
  }
  if (in->def.aggregation == PROGRESS_AGG_SUM) {
    out->current = sum;
    if (in->def.accumulation == PROGRESS_ACC_CUMULATIVE && in->baseline.has) out->current += in->baseline.value;
    out->has_current = isfinite(out->current);
    if (!out->has_current) out->current = 0;
    return;
  }
  /* RATIO: one territory may carry its rate alone; several need num/den. */
  if (!all_ratio) {
    if (z == 1) {
      out->current = out->territories[0].value;
      out->has_current = true;
    } else {
      out->reason = PROGRESS_REASON_MISSING_RATIO;
    }
    return;
  }
  out->has_ratio = true;
  out->numerator = num;
  out->denominator = den;
  if (!(den > 0)) {
    out->reason = PROGRESS_REASON_ZERO_DENOMINATOR;
    return;
  }
  out->current = in->def.ratio_scale * num / den;
  out->has_current = isfinite(out->current);
  if (!out->has_current) out->current = 0;
}

plam_err progress_indicator_compute(const struct progress_indicator_input *in, struct progress_indicator_result *out) {
  if (!out) return PLAM_ERR_INVALID;
  memset(out, 0, sizeof *out);
  if (!in) return PLAM_ERR_INVALID;
  plam_err e = progress_input_check(in);
  if (e) return e;

  out->formula = PROGRESS_FORMULA_NONE;
  out->reason = PROGRESS_REASON_OK;
  out->reference_day = in->reference_day;
  out->baseline_day = out->target_day = PROGRESS_NO_DAY;
  out->current_day = out->oldest_day = PROGRESS_NO_DAY;
  out->territories_expected = in->n_territories;

  out->has_baseline = in->baseline.has;
  if (in->baseline.has) {
    out->baseline = in->baseline.value;
    out->baseline_day = in->baseline.day;
  }
  bool is_final = false;
  long ti = progress_target_pick(in, &is_final);
  if (ti >= 0) {
    out->has_target = true;
    out->target = in->targets[ti].value;
    out->target_day = in->targets[ti].day;
    out->target_index = (uint32_t)ti;
    out->target_is_final = is_final;
  }

  /* Runs of rows per territory (rows are sorted by territory). */
  size_t start[PROGRESS_MAX_TERRITORIES + 1];
  size_t i = 0;
  for (uint32_t t = 0; t < in->n_territories; t++) {
    start[t] = i;
    while (i < in->n_values && in->values[i].territory == t) i++;
  }
  start[in->n_territories] = in->n_values;

  for (uint32_t t = 0; t < in->n_territories; t++) out->territories[t].day = PROGRESS_NO_DAY;
  bool no_common_period = false;
  switch (in->def.accumulation) {
  case PROGRESS_ACC_CUMULATIVE:
    for (uint32_t t = 0; t < in->n_territories; t++)
      progress_cumulative_value(in, start[t], start[t + 1], &out->territories[t]);
    break;
  case PROGRESS_ACC_PER_PERIOD: {
    progress_day d = progress_common_day(in, start);
    for (uint32_t t = 0; t < in->n_territories; t++) {
      if (d != PROGRESS_NO_DAY) {
        size_t k = progress_last_on(in->values, start[t], start[t + 1], d);
        progress_use_row(in, &in->values[k], &out->territories[t]);
      } else {
        /* No complete period: show what each territory last reported. */
        progress_level_value(in, start[t], start[t + 1], &out->territories[t]);
      }
    }
    no_common_period = d == PROGRESS_NO_DAY;
    break;
  }
  case PROGRESS_ACC_LEVEL:
  default:
    for (uint32_t t = 0; t < in->n_territories; t++)
      progress_level_value(in, start[t], start[t + 1], &out->territories[t]);
    break;
  }
  for (uint32_t t = 0; t < in->n_territories; t++) {
    struct progress_territory_use *u = &out->territories[t];
    if (u->has) u->stale = progress_is_stale(u->day, in->def.frequency, in->reference_day, in->grace_days);
  }

  progress_aggregate(in, out);
  if (no_common_period && out->reason == PROGRESS_REASON_MISSING_TERRITORY)
    out->reason = PROGRESS_REASON_NO_COMMON_PERIOD;
  if (no_common_period && out->reason == PROGRESS_REASON_OK) {
    /* every territory has a value but not for the same period */
    out->reason = PROGRESS_REASON_NO_COMMON_PERIOD;
    out->has_current = false;
    out->current = 0;
  }

  enum progress_reason current_reason = out->reason;
  if (!out->has_baseline) {
    out->reason = PROGRESS_REASON_NO_BASELINE;
  } else if (!out->has_target) {
    out->reason = PROGRESS_REASON_NO_TARGET;
  } else if (current_reason == PROGRESS_REASON_OK && out->has_current) {
    double raw;
    enum progress_formula f;
    enum progress_reason r;
    bool ok = progress_formula_apply(in->def.direction, out->baseline, out->target, out->current, &raw, &f, &r);
    out->formula = f;
    out->reason = r;
    if (ok) {
      out->has_raw = true;
      out->raw = raw;
      out->clamped = raw < 0.0 || raw > 100.0;
      out->progress = raw < 0.0 ? 0.0 : raw > 100.0 ? 100.0 : raw;
      out->has_progress = true;
    }
  }
  return PLAM_OK;
}
