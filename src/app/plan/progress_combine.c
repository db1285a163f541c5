/* Weighted means of progress figures: an action over its indicators, an
 * axis over its actions, a plan over its axes. One function serves the three
 * levels; the parts carry their own coverage so that a plan's figure can say
 * how many indicators and (indicator, territory) pairs stand behind it.
 * Rules (also in progress.h): parts that do not apply, weigh 0 or are not
 * measurable are left out; weights are renormalised over the parts that are
 * counted; one counted part without a value empties the result. The
 * headline figure (progress.h) is the same mean over the indicators below
 * that have a figure, each by its share of the whole. */
#include "app/plan/progress.h"

#include <math.h>
#include <string.h>

plam_err progress_combine(const struct progress_part *parts, size_t n, struct progress_combined_result *out) {
  if (!out) return PLAM_ERR_INVALID;
  memset(out, 0, sizeof *out);
  if (n > PROGRESS_MAX_PARTS) return PLAM_ERR_TOO_LARGE;
  if (n && !parts) return PLAM_ERR_INVALID;
  for (size_t i = 0; i < n; i++) {
    const struct progress_part *p = &parts[i];
    if (!isfinite(p->weight) || p->weight < 0) return PLAM_ERR_INVALID;
    if (p->has && (!isfinite(p->progress) || p->progress < 0 || p->progress > 100)) return PLAM_ERR_INVALID;
  }

  out->formula = PROGRESS_FORMULA_WEIGHTED_MEAN;
  out->reason = PROGRESS_REASON_OK;
  out->parts_total = (uint32_t)n;

  double weight_total = 0, weighted = 0, cov_w = 0, cov_wp = 0;
  for (size_t i = 0; i < n; i++) {
    const struct progress_part *p = &parts[i];
    struct progress_part_use *u = &out->parts[i];
    u->id = p->id;
    u->weight_given = p->weight;
    u->has = p->has;
    u->progress = p->has ? p->progress : 0;
    u->stale = p->stale;
    if (!p->applies) {
      u->status = PROGRESS_PART_NOT_APPLICABLE;
    } else if (p->weight == 0) {
      u->status = PROGRESS_PART_ZERO_WEIGHT;
    } else if (!p->measurable) {
      u->status = PROGRESS_PART_NOT_MEASURABLE;
    } else {
      u->status = p->has ? PROGRESS_PART_INCLUDED : PROGRESS_PART_MISSING;
      out->parts_counted++;
      weight_total += p->weight;
      if (p->has) {
        out->parts_with_value++;
        weighted += p->weight * p->progress;
        cov_w += p->weight;
        cov_wp += p->weight * p->progress;
      } else if (isfinite(p->covered) && p->covered > 0 && isfinite(p->covered_progress)) {
        double c = p->covered > 1 ? 1 : p->covered;
        cov_w += p->weight * c;
        cov_wp += p->weight * p->covered_progress;
      }
      out->indicators_expected += p->indicators_expected;
      out->indicators_with_value += p->indicators_with_value;
      out->territories_expected += p->territories_expected;
      out->territories_with_value += p->territories_with_value;
      out->stale_count += p->stale_count;
    }
  }
  out->weight_total = weight_total;
  out->stale = out->stale_count > 0;
  out->measurable = out->parts_counted > 0;
  if (!out->measurable) {
    out->reason = PROGRESS_REASON_NOTHING_APPLICABLE;
    return PLAM_OK;
  }
  /* Headline: the covered shares, relative to this result's weight. */
  out->covered = cov_w / weight_total;
  out->covered_progress = cov_wp / weight_total;
  if (out->covered > 0) {
    double hv = cov_wp / cov_w;
    out->headline = hv < 0 ? 0 : hv > 100 ? 100 : hv;
    out->has_headline = true;
  }
  /* The shares that are (or would be) applied, shown even when one is missing. */
  for (size_t i = 0; i < n; i++) {
    struct progress_part_use *u = &out->parts[i];
    if (u->status == PROGRESS_PART_INCLUDED || u->status == PROGRESS_PART_MISSING)
      u->weight_applied = u->weight_given / weight_total;
  }
  if (out->parts_with_value < out->parts_counted) {
    out->reason = PROGRESS_REASON_MISSING_PART;
    return PLAM_OK;
  }
  double v = weighted / weight_total;
  out->progress = v < 0 ? 0 : v > 100 ? 100 : v; /* rounding only */
  out->has_progress = true;
  out->headline = out->progress; /* every counted part measured: the same figure */
  out->has_headline = true;
  out->covered = 1;
  out->covered_progress = out->progress;
  return PLAM_OK;
}

void progress_part_from_indicator(struct progress_part *part, int64_t id, double weight, bool applies,
                                  const struct progress_indicator_result *r) {
  memset(part, 0, sizeof *part);
  part->id = id;
  part->weight = weight;
  part->applies = applies;
  part->measurable = true;
  part->has = r->has_progress;
  part->progress = r->has_progress ? r->progress : 0;
  part->stale = r->stale;
  part->indicators_expected = 1;
  part->indicators_with_value = r->has_progress ? 1 : 0;
  part->territories_expected = r->territories_expected;
  part->territories_with_value = r->territories_with_value;
  part->stale_count = r->stale ? 1 : 0;
}

void progress_part_from_combined(struct progress_part *part, int64_t id, double weight, bool applies,
                                 const struct progress_combined_result *r) {
  memset(part, 0, sizeof *part);
  part->id = id;
  part->weight = weight;
  part->applies = applies;
  part->measurable = r->measurable;
  part->has = r->has_progress;
  part->progress = r->has_progress ? r->progress : 0;
  part->stale = r->stale;
  part->indicators_expected = r->indicators_expected;
  part->indicators_with_value = r->indicators_with_value;
  part->territories_expected = r->territories_expected;
  part->territories_with_value = r->territories_with_value;
  part->stale_count = r->stale_count;
  part->covered = r->has_headline ? r->covered : 0;
  part->covered_progress = r->has_headline ? r->covered_progress : 0;
}
