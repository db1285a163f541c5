/* The plan dashboard: progress per indicator, action, axis and plan with the
 * full explanation of each figure (the progress result structs, serialised),
 * latest weather per action, money totals per funder, axis and plan with the
 * unit x quantity check. See plan.h and progress.h.
 *
 * Cache: the serialised answer is kept per (plan, date, generation). Every
 * write to a plan bumps plans.generation in its transaction, so an entry is
 * never served after a write, whichever server made it. */
#include "app/plan/plan_where.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/plan/plan.h"
#include "app/plan/plan_progress.h"
#include "app/plan/progress.h"
#include "app/plan/progress_money.h"
#include "store/store_tx.h"

#define ROW(R, T, i) (&((const struct T *)(R).rows)[i])

struct dash_values {
  int64_t *ind; /* indicator id per row */
  struct progress_measurement *m;
  char (*terr)[12];
  size_t n, cap;
};

static plam_err dash_collect(void *ud, const struct store_value_row *r) {
  struct dash_values *v = ud;
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 256;
    int64_t *ni = realloc(v->ind, cap * sizeof *ni);
    if (!ni) return PLAM_ERR_NOMEM;
    v->ind = ni;
    struct progress_measurement *nm = realloc(v->m, cap * sizeof *nm);
    if (!nm) return PLAM_ERR_NOMEM;
    v->m = nm;
    char(*nt)[12] = realloc(v->terr, cap * sizeof *nt);
    if (!nt) return PLAM_ERR_NOMEM;
    v->terr = nt;
    v->cap = cap;
  }
  struct progress_measurement *m = &v->m[v->n];
  memset(m, 0, sizeof *m);
  m->id = r->id;
  if (progress_day_parse(r->value_on, &m->day)) return PLAM_OK; /* malformed date: ignored */
  m->has_value = r->has_value != 0;
  m->value = r->value;
  m->has_ratio = r->has_ratio != 0;
  m->numerator = r->numerator;
  m->denominator = r->denominator;
  v->ind[v->n] = r->indicator_id;
  memcpy(v->terr[v->n], r->territory_id, strnlen(r->territory_id, 11));
  v->terr[v->n][strnlen(r->territory_id, 11)] = '\0';
  v->n++;
  return PLAM_OK;
}

/* Sorts the collected rows by indicator id (stable enough: ties keep no
 * order, progress_measurements_sort orders each indicator's rows). */
static struct dash_values *dash_sort_values;
static int dash_cmp_idx(const void *x, const void *y) {
  int64_t a = dash_sort_values->ind[*(const size_t *)x], b = dash_sort_values->ind[*(const size_t *)y];
  return a < b ? -1 : a > b;
}

static plam_err dash_group(struct dash_values *v) {
  int sorted = 1;
  for (size_t i = 1; sorted && i < v->n; i++) sorted = v->ind[i - 1] <= v->ind[i];
  if (sorted) return PLAM_OK;
  size_t *idx = malloc(v->n * sizeof *idx);
  int64_t *ind = malloc(v->n * sizeof *ind);
  struct progress_measurement *m = malloc(v->n * sizeof *m);
  char(*terr)[12] = malloc(v->n * sizeof *terr);
  if (!idx || !ind || !m || !terr) {
    free(idx);
    free(ind);
    free(m);
    free(terr);
    return PLAM_ERR_NOMEM;
  }
  for (size_t i = 0; i < v->n; i++) idx[i] = i;
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* qsort has no context argument in C11 */
  pthread_mutex_lock(&lock);
  dash_sort_values = v;
  qsort(idx, v->n, sizeof *idx, dash_cmp_idx);
  pthread_mutex_unlock(&lock);
  for (size_t i = 0; i < v->n; i++) {
    ind[i] = v->ind[idx[i]];
    m[i] = v->m[idx[i]];
    memcpy(terr[i], v->terr[idx[i]], 12);
  }
  free(idx);
  free(v->ind);
  free(v->m);
  free(v->terr);
  v->ind = ind;
  v->m = m;
  v->terr = terr;
  return PLAM_OK;
}

static json_t *day_json(progress_day d) {
  if (d == PROGRESS_NO_DAY) return json_null();
  char s[11];
  progress_day_format(d, s);
  return json_string(s);
}

static json_t *num_or_null(bool has, double v) { return has ? json_real(v) : json_null(); }

static progress_day parse_day_or_none(const char *s) {
  progress_day d;
  return s && *s && progress_day_parse(s, &d) == PLAM_OK ? d : PROGRESS_NO_DAY;
}

/* An indicator result; with terr (the territory ids), its per-territory
 * detail too ("territories"), which only the indicator page carries. */
static json_t *plan_indicator_result_json(const struct progress_indicator_result *r, char (*terr)[12]) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_object_set_new(o, "has_progress", json_boolean(r->has_progress));
  json_object_set_new(o, "progress", num_or_null(r->has_progress, r->progress));
  json_object_set_new(o, "formula", json_string(progress_formula_name(r->formula)));
  json_object_set_new(o, "formula_text", json_string(progress_formula_text(r->formula)));
  json_object_set_new(o, "reason", json_string(progress_reason_name(r->reason)));
  json_object_set_new(o, "reason_text", json_string(progress_reason_text(r->reason)));
  json_object_set_new(o, "reference_date", day_json(r->reference_day));
  json_object_set_new(o, "baseline", num_or_null(r->has_baseline, r->baseline));
  json_object_set_new(o, "baseline_date", r->has_baseline ? day_json(r->baseline_day) : json_null());
  json_object_set_new(o, "target", num_or_null(r->has_target, r->target));
  json_object_set_new(o, "target_date", r->has_target ? day_json(r->target_day) : json_null());
  json_object_set_new(o, "target_is_final", json_boolean(r->target_is_final));
  json_object_set_new(o, "current", num_or_null(r->has_current, r->current));
  json_object_set_new(o, "current_date", r->has_current ? day_json(r->current_day) : json_null());
  json_object_set_new(o, "oldest_date", r->has_current ? day_json(r->oldest_day) : json_null());
  json_object_set_new(o, "numerator", num_or_null(r->has_ratio, r->numerator));
  json_object_set_new(o, "denominator", num_or_null(r->has_ratio, r->denominator));
  json_object_set_new(o, "raw", num_or_null(r->has_raw, r->raw));
  json_object_set_new(o, "clamped", json_boolean(r->clamped));
  json_object_set_new(o, "coverage",
                      json_pack("{s:i, s:i, s:i}", "territories_expected", (int)r->territories_expected,
                                "territories_with_value", (int)r->territories_with_value, "territories_stale",
                                (int)r->territories_stale));
  json_object_set_new(o, "values_used", json_integer(r->values_used));
  json_object_set_new(o, "stale", json_boolean(r->stale));
  if (!terr) return o;
  json_t *ts = json_array();
  for (uint32_t i = 0; ts && i < r->territories_expected && i < PROGRESS_MAX_TERRITORIES; i++) {
    const struct progress_territory_use *u = &r->territories[i];
    json_t *t = json_pack("{s:s, s:b, s:b}", "territory_id", terr[i], "has_value", u->has, "stale", u->stale);
    if (!t) continue;
    json_object_set_new(t, "date", u->has ? day_json(u->day) : json_null());
    json_object_set_new(t, "value", num_or_null(u->has, u->value));
    json_object_set_new(t, "numerator", num_or_null(u->has && u->has_ratio, u->numerator));
    json_object_set_new(t, "denominator", num_or_null(u->has && u->has_ratio, u->denominator));
    json_object_set_new(t, "values_used", json_integer(u->values_used));
    json_array_append_new(ts, t);
  }
  json_object_set_new(o, "territories", ts);
  return o;
}

static json_t *combined_json(const struct progress_combined_result *r, size_t n) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_object_set_new(o, "has_progress", json_boolean(r->has_progress));
  json_object_set_new(o, "progress", num_or_null(r->has_progress, r->progress));
  json_object_set_new(o, "formula", json_string(progress_formula_name(r->formula)));
  json_object_set_new(o, "formula_text", json_string(progress_formula_text(r->formula)));
  json_object_set_new(o, "reason", json_string(progress_reason_name(r->reason)));
  json_object_set_new(o, "reason_text", json_string(progress_reason_text(r->reason)));
  json_object_set_new(o, "measurable", json_boolean(r->measurable));
  json_object_set_new(o, "weight_total", json_real(r->weight_total));
  json_object_set_new(o, "coverage",
                      json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "parts_total", (int)r->parts_total,
                                "parts_counted", (int)r->parts_counted, "parts_with_value", (int)r->parts_with_value,
                                "indicators_expected", (int)r->indicators_expected, "indicators_with_value",
                                (int)r->indicators_with_value, "territories_expected", (int)r->territories_expected,
                                "territories_with_value", (int)r->territories_with_value, "stale_indicators",
                                (int)r->stale_count));
  json_object_set_new(o, "stale", json_boolean(r->stale));
  /* headline figure from the indicators that have one (progress.h) */
  json_t *hl = json_pack("{s:b, s:b, s:f}", "has_progress", r->has_headline, "complete", r->has_progress, "covered",
                         r->covered);
  if (hl) json_object_set_new(hl, "progress", num_or_null(r->has_headline, r->headline));
  json_object_set_new(o, "headline", hl ? hl : json_null());
  json_t *parts = json_array();
  for (size_t i = 0; parts && i < n && i < PROGRESS_MAX_PARTS; i++) {
    const struct progress_part_use *u = &r->parts[i];
    json_t *p = json_pack("{s:I, s:s, s:f, s:f, s:b}", "id", (json_int_t)u->id, "status",
                          progress_part_status_name(u->status), "weight_given", u->weight_given, "weight_applied",
                          u->weight_applied, "stale", u->stale);
    if (!p) continue;
    json_object_set_new(p, "progress", num_or_null(u->has, u->progress));
    json_array_append_new(parts, p);
  }
  json_object_set_new(o, "parts", parts);
  return o;
}

static plam_err indicator_def(const struct indicator_rec *r, struct progress_indicator *d) {
  memset(d, 0, sizeof *d);
  plam_err e = progress_direction_parse(r->direction, &d->direction);
  if (!e) e = progress_kind_parse(r->kind, &d->kind);
  if (!e) e = progress_accumulation_parse(r->accumulation, &d->accumulation);
  if (!e) e = progress_aggregation_parse(r->aggregation, &d->aggregation);
  if (!e) e = progress_frequency_parse(r->frequency, &d->frequency);
  d->ratio_scale = r->ratio_scale;
  if (!e) e = progress_indicator_check(d);
  return e;
}

/* Name of funder organisation id, from the budget lines (joined there). */
static const char *funder_name(const struct store_rows *budget, int64_t id) {
  for (int i = 0; id && i < budget->n; i++) {
    const struct budget_rec *b = ROW(*budget, budget_rec, i);
    if (b->funder_org_id == id && b->funder_name[0]) return b->funder_name;
  }
  return NULL;
}

static json_t *money_total_json(const struct progress_money_total *t, const struct store_rows *budget) {
  json_t *o = json_pack("{s:i, s:i, s:i}", "lines", (int)t->lines, "unit_checked", (int)t->unit_checked,
                        "unit_mismatch", (int)t->unit_mismatch);
  if (!o) return NULL;
  if (t->funder_id) {
    const char *name = funder_name(budget, t->funder_id);
    json_object_set_new(o, "funder_org_id", json_integer(t->funder_id));
    json_object_set_new(o, "funder_name", name ? json_string(name) : json_null());
  }
  if (t->axis_id) json_object_set_new(o, "axis_id", json_integer(t->axis_id));
  for (int s = 0; s < PROGRESS_MONEY_STAGE__COUNT; s++) {
    char k[40];
    snprintf(k, sizeof k, "%s_cents", progress_money_stage_name((enum progress_money_stage)s));
    json_object_set_new(o, k, json_integer(t->cents[s]));
    snprintf(k, sizeof k, "%s_known_lines", progress_money_stage_name((enum progress_money_stage)s));
    json_object_set_new(o, k, json_integer(t->known[s]));
  }
  return o;
}

static json_t *money_json(const struct store_rows *budget) {
  size_t n = 0;
  struct progress_money_line *lines = calloc((size_t)budget->n + 1, sizeof *lines);
  if (!lines) return NULL;
  json_t *checks = json_array();
  for (int i = 0; i < budget->n; i++) {
    const struct budget_rec *b = ROW(*budget, budget_rec, i);
    if (!b->current || b->withdrawn) continue;
    struct progress_money_line *l = &lines[n++];
    l->id = b->id;
    l->action_id = b->action_id;
    l->axis_id = b->axis_id;
    l->funder_id = b->funder_org_id;
    l->year = b->year_from.has ? (int32_t)b->year_from.v : 0;
    const struct opt_i64 *am[3] = {&b->planned_cents, &b->committed_cents, &b->paid_cents};
    for (int s = 0; s < 3; s++) {
      l->has_amount[s] = am[s]->has;
      l->amount_cents[s] = am[s]->v;
    }
    l->has_unit = b->unit_cents.has && b->quantity.has;
    l->unit_cents = b->unit_cents.v;
    l->quantity = b->quantity.v;
    struct progress_money_check c;
    if (progress_money_check_line(l, PROGRESS_MONEY_PLANNED, 100, &c) == PLAM_OK) {
      json_t *j = json_pack("{s:I, s:s, s:s, s:b, s:b}", "line_id", (json_int_t)b->id, "label", b->label, "status",
                            progress_money_status_name(c.status), "paid_over_committed", c.paid_over_committed,
                            "committed_over_planned", c.committed_over_planned);
      if (j && l->has_unit) {
        json_object_set_new(j, "unit_cents", json_integer(l->unit_cents));
        json_object_set_new(j, "quantity", json_real(l->quantity));
        json_object_set_new(j, "expected_cents", json_integer(c.expected_cents));
        if (c.status == PROGRESS_MONEY_MATCH || c.status == PROGRESS_MONEY_MISMATCH) {
          json_object_set_new(j, "amount_cents", json_integer(c.amount_cents));
          json_object_set_new(j, "difference_cents", json_integer(c.difference_cents));
        }
      }
      json_array_append_new(checks, j);
    }
  }
  json_t *root = json_object();
  static const struct {
    const char *name;
    unsigned group;
  } groups[] = {{"by_funder", PROGRESS_MONEY_BY_FUNDER}, {"by_axis", PROGRESS_MONEY_BY_AXIS}, {"plan", 0}};
  size_t cap = n + 1;
  struct progress_money_total *tot = calloc(cap, sizeof *tot);
  for (size_t g = 0; root && tot && g < sizeof groups / sizeof groups[0]; g++) {
    size_t nt = 0;
    if (progress_money_totals(lines, n, groups[g].group, 100, tot, cap, &nt) != PLAM_OK) continue;
    if (groups[g].group == 0) {
      json_object_set_new(root, groups[g].name, nt ? money_total_json(&tot[0], budget) : json_null());
      continue;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < nt; i++) json_array_append_new(arr, money_total_json(&tot[i], budget));
    json_object_set_new(root, groups[g].name, arr);
  }
  if (root) json_object_set_new(root, "unit_checks", checks);
  else json_decref(checks);
  free(tot);
  free(lines);
  return root;
}

static void today(char out[11]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(out, 11, "%Y-%m-%d", &tm)) out[0] = '\0';
}

/* ---- reduced reads (optimised path) ------------------------------------
 * For each indicator the engine gets a set of rows that gives exactly the
 * result the full set would (progress.h rules), read from validated_values:
 *   LEVEL       per territory, the last row dated <= the reference date;
 *   PER_PERIOD  the common period d found as the engine does (latest date of
 *               the first territory in [baseline date, reference date] that
 *               every territory reported), then per territory the last row
 *               dated <= d (the reference date when there is none: each
 *               territory's latest value, as the engine shows it);
 *   CUMULATIVE  per territory one row: the SQL sum over the dates in
 *               (baseline date, reference date] of the highest id of each
 *               date, dated by the latest; values_used per territory (the
 *               number of dates) is put back into the result afterwards.
 * Any indicator whose rows the engine would refuse or ignore (flag 4), a SUM
 * indicator with a row lacking its value (1), or a cumulative one whose values
 * a SQL sum might round differently (2) gets every row instead, as the
 * straightforward path does. tests/unit/app/plan/test_plan_dashboard.c compares both
 * paths on random plans byte for byte. */
struct mvbuf {
  struct progress_measurement *m;
  size_t n, cap;
};

static struct progress_measurement *mv_push(struct mvbuf *b) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    struct progress_measurement *nm = realloc(b->m, cap * sizeof *nm);
    if (!nm) return NULL;
    b->m = nm;
    b->cap = cap;
  }
  struct progress_measurement *m = &b->m[b->n++];
  memset(m, 0, sizeof *m);
  return m;
}

static int terr_index(char (*terr)[12], uint32_t nt, const char *id) {
  for (uint32_t t = 0; t < nt; t++)
    if (!strncmp(terr[t], id, 11) && strlen(id) <= 11) return (int)t;
  return -1;
}

/* Appends a row as the straightforward path reads it (malformed date: ignored). */
static plam_err mv_add_row(struct mvbuf *b, uint32_t t, const struct store_value_row *r) {
  progress_day day;
  if (progress_day_parse(r->value_on, &day)) return PLAM_OK;
  struct progress_measurement *m = mv_push(b);
  if (!m) return PLAM_ERR_NOMEM;
  m->id = r->id;
  m->territory = t;
  m->day = day;
  m->has_value = r->has_value != 0;
  m->value = r->value;
  m->has_ratio = r->has_ratio != 0;
  m->numerator = r->numerator;
  m->denominator = r->denominator;
  return PLAM_OK;
}

struct vv_ctx {
  struct db *db;
  int64_t ind;
  char (*terr)[12];
  uint32_t nt;
  struct mvbuf *b;
  uint32_t *counts; /* CUMULATIVE: dates per territory */
  int last_t;       /* full read: territory of the previous row */
  char last_id[12];
  int overflow;
  char found[11]; /* PER_PERIOD: common date */
};

static plam_err vv_full_row(void *ud, const struct store_value_row *r) {
  struct vv_ctx *c = ud;
  if (c->last_t == -2 || strncmp(c->last_id, r->territory_id, 11)) { /* rows come grouped by territory */
    c->last_t = terr_index(c->terr, c->nt, r->territory_id);
    snprintf(c->last_id, sizeof c->last_id, "%s", r->territory_id);
    if (strlen(r->territory_id) > 11) c->last_t = -1;
  }
  return c->last_t < 0 ? PLAM_OK : mv_add_row(c->b, (uint32_t)c->last_t, r);
}

static int vv_common_day(void *ud, const char *day) {
  struct vv_ctx *c = ud;
  for (uint32_t t = 1; t < c->nt; t++) {
    int yes = 0;
    plam_err e = store_vv_has_day(c->db, c->ind, c->terr[t], day, &yes);
    if (e) return -(int)e;
    if (!yes) return 0;
  }
  snprintf(c->found, sizeof c->found, "%s", day);
  return 1;
}

static plam_err vv_sum_row(void *ud, const char *territory_id, int64_t dates, double sum, const char *last) {
  struct vv_ctx *c = ud;
  int t = terr_index(c->terr, c->nt, territory_id);
  if (t < 0) return PLAM_OK;
  if (dates <= 0 || dates > (1 << 17)) { /* beyond what the flag-2 bound keeps exact */
    c->overflow = 1;
    return PLAM_OK;
  }
  struct store_value_row r = {.id = 1, .territory_id = territory_id, .value_on = last, .has_value = 1, .value = sum};
  size_t before = c->b->n;
  plam_err e = mv_add_row(c->b, (uint32_t)t, &r);
  if (!e && c->b->n == before) c->overflow = 1; /* cannot happen without flag 4 */
  if (!e) c->counts[t] = (uint32_t)dates;
  return e;
}

/* Rows of one indicator for the engine; *patch_counts set when the
 * CUMULATIVE values_used must be put back from counts[]. */
static plam_err dash_indicator_rows(struct db *db, int64_t ind, const struct progress_indicator_input *in,
                                    char (*terr)[12], uint32_t nt, struct mvbuf *b, uint32_t *counts,
                                    int *patch_counts) {
  struct vv_ctx c = {.db = db, .ind = ind, .terr = terr, .nt = nt, .b = b, .counts = counts, .last_t = -2};
  char until[11], from[11];
  progress_day_format(in->reference_day, until);
  progress_day_format(in->baseline.day, from); /* "" when NO_DAY: no lower bound */
  *patch_counts = 0;
  b->n = 0;
  int flags = 0;
  plam_err e = store_vv_flags(db, ind, &flags);
  if (e) return e;
  int full = (flags & 4) || (in->def.aggregation == PROGRESS_AGG_SUM && (flags & 1)) ||
             (in->def.accumulation == PROGRESS_ACC_CUMULATIVE && (flags & 2));
  if (!full && in->def.accumulation == PROGRESS_ACC_CUMULATIVE) {
    memset(counts, 0, nt * sizeof *counts);
    e = store_vv_sums(db, ind, from, until, vv_sum_row, &c);
    if (e) return e;
    if (!c.overflow) {
      progress_measurements_sort(b->m, b->n);
      *patch_counts = 1;
      return PLAM_OK;
    }
    b->n = 0;
    full = 1;
  }
  if (full) {
    e = store_vv_rows(db, ind, vv_full_row, &c);
    if (!e) progress_measurements_sort(b->m, b->n);
    return e;
  }
  const char *bound = until;
  if (in->def.accumulation == PROGRESS_ACC_PER_PERIOD) {
    e = store_vv_days_desc(db, ind, terr[0], from, until, vv_common_day, &c);
    if (e) return e;
    if (c.found[0]) bound = c.found;
  }
  for (uint32_t t = 0; t < nt; t++) {
    struct store_value_row r;
    char day[11];
    int found = 0;
    e = store_vv_last(db, ind, terr[t], bound, &r, day, &found);
    if (!e && found) e = mv_add_row(b, t, &r);
    if (e) return e;
  }
  return PLAM_OK; /* one row per territory, in territory order: sorted */
}

/* ---- one indicator -------------------------------------------------------
 * What every indicator's computation needs, loaded once per plan inside the
 * caller's read transaction, with the scratch buffers reused from one
 * indicator to the next. vals holds every validated row of the plan for the
 * straightforward path (reference), NULL for the optimised one. */
struct plan_progress {
  struct db *db;
  struct store_rows inds, targets;
  char (*pterr)[12];
  int npterr;
  int64_t *it_ind;
  char (*it_terr)[12];
  int nit;
  const struct dash_values *vals;
  struct progress_target *tg;
  char (*terr)[12];
  struct progress_measurement *mv;
  uint32_t *counts;
  struct mvbuf rb;
};

static plam_err pp_load(struct plan_progress *pp, struct db *db, int64_t plan_id, const struct dash_values *vals) {
  memset(pp, 0, sizeof *pp);
  pp->db = db;
  pp->vals = vals;
  plam_err e = store_plan_indicators(db, plan_id, &pp->inds);
  if (!e) e = store_plan_targets(db, plan_id, &pp->targets);
  if (!e) e = store_plan_territories(db, plan_id, &pp->pterr, &pp->npterr);
  if (!e) e = store_plan_indicator_territories(db, plan_id, &pp->it_ind, &pp->it_terr, &pp->nit);
  if (e) return e;
  pp->tg = calloc(PROGRESS_MAX_TARGETS, sizeof *pp->tg);
  pp->terr = calloc(PROGRESS_MAX_TERRITORIES, sizeof *pp->terr);
  pp->mv = calloc((vals ? vals->n : 0) + 1, sizeof *pp->mv);
  pp->counts = calloc(PROGRESS_MAX_TERRITORIES, sizeof *pp->counts);
  return pp->tg && pp->terr && pp->mv && pp->counts ? PLAM_OK : PLAM_ERR_NOMEM;
}

static void pp_free(struct plan_progress *pp) {
  free(pp->inds.rows);
  free(pp->targets.rows);
  free(pp->pterr);
  free(pp->it_ind);
  free(pp->it_terr);
  free(pp->tg);
  free(pp->terr);
  free(pp->mv);
  free(pp->counts);
  free(pp->rb.m);
}

/* Computes r at ref into *ir; pp->terr[0..territories_expected) names the
 * territories. *invalid when the definition or the rows are refused (ir
 * zeroed but for its reference day). Errors: database or memory only. */
static plam_err pp_indicator(struct plan_progress *pp, const struct indicator_rec *r, progress_day ref,
                             struct progress_indicator_result *ir, int *invalid) {
  struct progress_indicator_input in;
  memset(&in, 0, sizeof in);
  *invalid = 0;
  plam_err de = indicator_def(r, &in.def);
  char(*terr)[12] = pp->terr;
  /* expected territories */
  uint32_t nt = (uint32_t)plan_where(r->breakdown, r->id, r->scope_id, pp->it_ind, (const char(*)[12])pp->it_terr,
                                     (size_t)pp->nit, (const char(*)[12])pp->pterr, (size_t)pp->npterr, terr,
                                     PROGRESS_MAX_TERRITORIES);
  in.n_territories = nt;
  /* baseline and targets: current versions at the scope */
  size_t ntg = 0;
  for (int k = 0; k < pp->targets.n; k++) {
    const struct target_rec *t = ROW(pp->targets, target_rec, k);
    if (t->indicator_id != r->id || !t->current || strcmp(t->territory_id, r->scope_id)) continue;
    if (!strcmp(t->kind, "baseline")) {
      in.baseline.has = true;
      in.baseline.value = t->value;
      in.baseline.day = parse_day_or_none(t->due_on);
    } else if (ntg < PROGRESS_MAX_TARGETS) {
      pp->tg[ntg].value = t->value;
      pp->tg[ntg].day = parse_day_or_none(t->due_on);
      ntg++;
    }
  }
  in.targets = pp->tg;
  in.n_targets = ntg;
  in.reference_day = ref;
  in.target_choice = PROGRESS_TARGET_FINAL;
  in.grace_days = PROGRESS_GRACE_DAYS_DEFAULT;
  /* values of this indicator */
  int patch_counts = 0;
  const struct dash_values *vals = pp->vals;
  if (!vals) {
    if (!de) {
      plam_err e = dash_indicator_rows(pp->db, r->id, &in, terr, nt, &pp->rb, pp->counts, &patch_counts);
      if (e) return e;
    }
    in.values = pp->rb.m;
    in.n_values = de ? 0 : pp->rb.n;
  } else { /* straightforward path: rows sorted by indicator id */
    size_t nv = 0, start = 0, hi = vals->n;
    while (start < hi) {
      size_t mid = start + (hi - start) / 2;
      if (vals->ind[mid] < r->id) start = mid + 1;
      else hi = mid;
    }
    for (size_t k = start; k < vals->n && vals->ind[k] == r->id; k++) {
      for (uint32_t t = 0; t < nt; t++)
        if (!strcmp(vals->terr[k], terr[t])) {
          pp->mv[nv] = vals->m[k];
          pp->mv[nv].territory = t;
          nv++;
          break;
        }
    }
    progress_measurements_sort(pp->mv, nv);
    in.values = pp->mv;
    in.n_values = nv;
  }
  plam_err ce = de ? de : progress_indicator_compute(&in, ir);
  if (!ce && patch_counts) { /* one summed row stood for counts[t] dates */
    ir->values_used = 0;
    for (uint32_t t = 0; t < nt; t++)
      if (ir->territories[t].has) {
        ir->territories[t].values_used = pp->counts[t];
        ir->values_used += pp->counts[t];
      }
  }
  if (ce) {
    memset(ir, 0, sizeof *ir);
    ir->reference_day = ref;
    *invalid = 1;
  }
  return PLAM_OK;
}

/* Qualifier of an indicator's current value (issue 9: "plus de 20 %" must
 * not lose its "plus de"): the qualifiers of the validated rows that entered
 * it, combined as for a sum — "about" when one is approximate or when lower
 * and upper bounds mix, else "at_least" or "at_most"; NULL when none is
 * qualified. Rows per territory: LEVEL and PER_PERIOD the row of the date
 * used, CUMULATIVE every date in (baseline date, reference date]. Call right
 * after pp_indicator (pp->terr names the territories). */
static plam_err pp_current_qualifier(struct plan_progress *pp, const struct indicator_rec *r,
                                     const struct progress_indicator_result *ir, const char **out) {
  *out = NULL;
  if (!ir->has_current) return PLAM_OK;
  int all = 0;
  char after[11], until[11];
  for (uint32_t t = 0; t < ir->territories_expected && t < PROGRESS_MAX_TERRITORIES; t++) {
    const struct progress_territory_use *u = &ir->territories[t];
    if (!u->has) continue;
    if (!strcmp(r->accumulation, "cumulative")) {
      progress_day_format(ir->has_baseline ? ir->baseline_day : PROGRESS_NO_DAY, after);
      progress_day_format(ir->reference_day, until);
    } else {
      progress_day_format(u->day - 1, after);
      progress_day_format(u->day, until);
    }
    int mask = 0;
    plam_err e = store_vv_qualifiers(pp->db, r->id, pp->terr[t], after, until, &mask);
    if (e) return e;
    all |= mask;
  }
  *out = (all & 2) || (all & 5) == 5 ? "about" : (all & 1) ? "at_least" : (all & 4) ? "at_most" : NULL;
  return PLAM_OK;
}

plam_err plan_progress_open(struct db *db, int64_t plan_id, struct plan_progress **out) {
  *out = calloc(1, sizeof **out);
  if (!*out) return PLAM_ERR_NOMEM;
  plam_err e = pp_load(*out, db, plan_id, NULL);
  if (e) {
    plan_progress_close(*out);
    *out = NULL;
  }
  return e;
}

void plan_progress_close(struct plan_progress *pp) {
  if (!pp) return;
  pp_free(pp);
  free(pp);
}

plam_err plan_progress_at(struct plan_progress *pp, int64_t indicator_id, progress_day day,
                          struct progress_indicator_result *out, char (*terr)[12], int *invalid) {
  for (int i = 0; i < pp->inds.n; i++) {
    const struct indicator_rec *r = ROW(pp->inds, indicator_rec, i);
    if (r->id != indicator_id) continue;
    plam_err e = pp_indicator(pp, r, day, out, invalid);
    if (!e && terr) memcpy(terr, pp->terr, PROGRESS_MAX_TERRITORIES * sizeof *terr);
    return e;
  }
  return PLAM_ERR_NOT_FOUND;
}

/* Mode bits of dashboard_build. */
enum { DASH_REFERENCE = 1, DASH_DETAIL = 2 };

static plam_err dashboard_build(struct db *db, const struct plan_rec *p, progress_day ref, int mode, json_t **out) {
  int64_t plan_id = p->id;
  int reference = mode & DASH_REFERENCE, detail = (mode & DASH_DETAIL) != 0;
  struct store_rows axes = {0}, actions = {0}, weather = {0}, budget = {0};
  struct dash_values vals = {0};
  struct plan_progress pp;
  memset(&pp, 0, sizeof pp);
  plam_err e = store_plan_axes(db, plan_id, &axes);
  if (!e) e = store_plan_actions(db, plan_id, &actions);
  if (!e && reference) e = store_plan_values_each(db, plan_id, dash_collect, &vals);
  if (!e && reference) e = dash_group(&vals);
  if (!e) e = pp_load(&pp, db, plan_id, reference ? &vals : NULL);
  if (!e) e = store_plan_weather_latest(db, plan_id, &weather);
  if (!e) e = store_plan_budget(db, plan_id, &budget);
  const struct store_rows inds = pp.inds;

  struct progress_indicator_result *ir = e ? NULL : malloc(sizeof *ir);
  struct progress_combined_result *cr = e ? NULL : malloc(sizeof *cr);
  struct progress_part *parts = e ? NULL : calloc(PROGRESS_MAX_PARTS, sizeof *parts);
  struct progress_part *ind_parts = e ? NULL : calloc((size_t)inds.n + 1, sizeof *ind_parts);
  struct progress_part *act_parts = e ? NULL : calloc((size_t)actions.n + 1, sizeof *act_parts);
  struct progress_part *axis_parts = e ? NULL : calloc((size_t)axes.n + 1, sizeof *axis_parts);
  if (!e && (!ir || !cr || !parts || !ind_parts || !act_parts || !axis_parts)) e = PLAM_ERR_NOMEM;

  json_t *j_inds = json_array(), *j_actions = json_array(), *j_axes = json_array();
  for (int i = 0; !e && i < inds.n; i++) {
    const struct indicator_rec *r = ROW(inds, indicator_rec, i);
    json_t *jo = json_pack("{s:I, s:I, s:s, s:s, s:s, s:f}", "id", (json_int_t)r->id, "action_id",
                           (json_int_t)r->action_id, "code", r->code, "name", r->name, "unit", r->unit, "weight",
                           r->weight);
    int invalid = 0;
    e = pp_indicator(&pp, r, ref, ir, &invalid);
    if (e) {
      json_decref(jo);
      break;
    }
    const char *q = NULL;
    if (!invalid && (e = pp_current_qualifier(&pp, r, ir, &q))) {
      json_decref(jo);
      break;
    }
    if (invalid) json_object_set_new(jo, "error", json_string("définition de l'indicateur invalide"));
    json_t *res = plan_indicator_result_json(ir, detail ? pp.terr : NULL);
    if (res) json_object_set_new(res, "current_qualifier", q ? json_string(q) : json_null());
    json_object_set_new(jo, "result", res);
    json_array_append_new(j_inds, jo);
    progress_part_from_indicator(&ind_parts[i], r->id, r->weight, true, ir);
  }
  for (int i = 0; !e && i < actions.n; i++) {
    const struct action_rec *r = ROW(actions, action_rec, i);
    size_t np = 0;
    for (int k = 0; k < inds.n && np < PROGRESS_MAX_PARTS; k++)
      if (ROW(inds, indicator_rec, k)->action_id == r->id) parts[np++] = ind_parts[k];
    if (progress_combine(parts, np, cr)) memset(cr, 0, sizeof *cr);
    json_t *jo = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "number", r->number, "title", r->title,
                           "status", r->status);
    json_object_set_new(jo, "axis_id", r->axis_id ? json_integer(r->axis_id) : json_null());
    json_object_set_new(jo, "progress", combined_json(cr, np));
    json_t *w = json_null();
    for (int k = 0; k < weather.n; k++)
      if (ROW(weather, weather_rec, k)->action_id == r->id) {
        json_decref(w);
        w = plan_rec_json(&store_weather_t, ROW(weather, weather_rec, k));
      }
    json_object_set_new(jo, "weather", w);
    json_array_append_new(j_actions, jo);
    progress_part_from_combined(&act_parts[i], r->id, r->weight, true, cr);
  }
  for (int i = 0; !e && i < axes.n; i++) {
    const struct axis_rec *r = ROW(axes, axis_rec, i);
    size_t np = 0;
    for (int k = 0; k < actions.n && np < PROGRESS_MAX_PARTS; k++)
      if (ROW(actions, action_rec, k)->axis_id == r->id) parts[np++] = act_parts[k];
    if (progress_combine(parts, np, cr)) memset(cr, 0, sizeof *cr);
    json_t *jo = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->id, "number", r->number, "title", r->title);
    json_object_set_new(jo, "progress", combined_json(cr, np));
    json_array_append_new(j_axes, jo);
    progress_part_from_combined(&axis_parts[i], r->id, r->weight, true, cr);
  }
  json_t *root = NULL;
  if (!e) {
    size_t na = (size_t)axes.n < PROGRESS_MAX_PARTS ? (size_t)axes.n : PROGRESS_MAX_PARTS;
    if (progress_combine(axis_parts, na, cr)) memset(cr, 0, sizeof *cr);
    char d[11];
    progress_day_format(ref, d);
    root = json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "plan_id", (json_int_t)plan_id, "slug", p->slug,
                     "date", d, "generation", (json_int_t)p->generation, "progress", combined_json(cr, na), "axes",
                     j_axes, "actions", j_actions, "indicators", j_inds, "money", money_json(&budget));
    j_axes = j_actions = j_inds = NULL;
    if (!root) e = PLAM_ERR_NOMEM;
  }
  json_decref(j_axes);
  json_decref(j_actions);
  json_decref(j_inds);
  free(ir);
  free(cr);
  free(parts);
  free(ind_parts);
  free(act_parts);
  free(axis_parts);
  pp_free(&pp);
  free(vals.ind);
  free(vals.m);
  free(vals.terr);
  free(axes.rows);
  free(actions.rows);
  free(weather.rows);
  free(budget.rows);
  *out = root;
  return e;
}

static plam_err dash_ref(const char *date, progress_day *ref) {
  char t[11];
  if (!date || !*date) {
    today(t);
    date = t;
  }
  return progress_day_parse(date, ref);
}

static plam_err dashboard_json_mode(struct db *db, const struct actor *a, int64_t plan_id, const char *date, int mode,
                                    json_t **out) {
  progress_day ref;
  if (dash_ref(date, &ref)) return PLAM_ERR_INVALID;
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  e = store_read_begin(db);
  if (e) return e;
  e = store_plan_get(db, plan_id, &p); /* generation inside the snapshot */
  if (!e) e = dashboard_build(db, &p, ref, mode, out);
  store_read_end(db);
  return e;
}

plam_err plan_dashboard_json(struct db *db, const struct actor *a, int64_t plan_id, const char *date, json_t **out) {
  return dashboard_json_mode(db, a, plan_id, date, 0, out);
}

static char *dash_dump(json_t *data, size_t *len) {
  json_t *env = json_pack("{s:o}", "data", data);
  char *text = env ? json_dumps(env, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
  json_decref(env);
  if (text) *len = strlen(text);
  return text;
}

plam_err plan_dashboard_reference_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date,
                                       char **text, size_t *len) {
  json_t *data = NULL;
  plam_err e = dashboard_json_mode(db, a, plan_id, date, DASH_REFERENCE, &data);
  if (e) return e;
  *text = dash_dump(data, len);
  return *text ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_dashboard_detail_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date,
                                    int reference, char **text, size_t *len) {
  json_t *data = NULL;
  plam_err e = dashboard_json_mode(db, a, plan_id, date, DASH_DETAIL | (reference ? DASH_REFERENCE : 0), &data);
  if (e) return e;
  *text = dash_dump(data, len);
  return *text ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_indicator_progress_json(struct db *db, const struct actor *a, int64_t indicator_id, const char *date,
                                      json_t **out) {
  progress_day ref;
  *out = NULL;
  if (dash_ref(date, &ref)) return PLAM_ERR_INVALID;
  struct indicator_rec ind;
  int64_t plan_id = 0;
  plam_err e = store_indicator_get(db, indicator_id, &ind, &plan_id);
  struct plan_rec p;
  if (!e) e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  struct progress_indicator_result *ir = malloc(sizeof *ir);
  char(*terr)[12] = calloc(PROGRESS_MAX_TERRITORIES, sizeof *terr);
  struct plan_progress *pp = NULL;
  int invalid = 0;
  const char *qualifier = NULL;
  if (!ir || !terr) e = PLAM_ERR_NOMEM;
  if (!e) e = store_read_begin(db);
  if (!e) {
    e = plan_progress_open(db, plan_id, &pp);
    if (!e) e = plan_progress_at(pp, indicator_id, ref, ir, terr, &invalid);
    for (int i = 0; !e && !invalid && i < pp->inds.n; i++)
      if (ROW(pp->inds, indicator_rec, i)->id == indicator_id)
        e = pp_current_qualifier(pp, ROW(pp->inds, indicator_rec, i), ir, &qualifier);
    plan_progress_close(pp);
    store_read_end(db);
  }
  if (!e) {
    *out = plan_indicator_result_json(ir, terr);
    if (*out) json_object_set_new(*out, "current_qualifier", qualifier ? json_string(qualifier) : json_null());
    if (*out && invalid) json_object_set_new(*out, "error", json_string("définition de l'indicateur invalide"));
    if (!*out) e = PLAM_ERR_NOMEM;
  }
  free(ir);
  free(terr);
  return e;
}

/* ---- cache -----------------------------------------------------------------
 * A small fixed table of serialised answers keyed by (plan, date,
 * generation), least recently used slot evicted. Single flight: the first
 * request for a key marks its slot as being computed; the others wait on the
 * condition variable instead of computing it again, then copy the bytes (or
 * compute themselves if the first failed). The bytes are an immutable,
 * reference-counted buffer: a hit holds the lock only to take a reference,
 * copies outside it (the HTTP layer frees what it is given), then drops the
 * reference; an evicted buffer is freed by its last reader.
 * The generation check per request is one primary-key read of
 * (generation, status) in plans; the full readability check (drafts: the
 * reader's organisation) runs only for plans that are not public. */
#define DASH_CACHE_SLOTS 16
struct dash_buf {
  int refs; /* under dash_lock */
  size_t len;
  char text[];
};
struct dash_entry {
  int64_t plan_id, generation;
  progress_day day;
  struct dash_buf *buf; /* NULL while computing */
  int computing;
  uint64_t used;
};
static struct dash_entry dash_cache[DASH_CACHE_SLOTS];
static uint64_t dash_clock;
static pthread_mutex_t dash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dash_done = PTHREAD_COND_INITIALIZER;

static void dash_buf_drop(struct dash_buf *b) { /* dash_lock held */
  if (b && --b->refs == 0) free(b);
}

static struct dash_entry *dash_find(int64_t plan_id, int64_t gen, progress_day day) {
  for (int i = 0; i < DASH_CACHE_SLOTS; i++) {
    struct dash_entry *d = &dash_cache[i];
    if ((d->buf || d->computing) && d->plan_id == plan_id && d->generation == gen && d->day == day) return d;
  }
  return NULL;
}

/* Slot for a new key: a free one, else an older generation of the same
 * (plan, date), else the least recently used that nobody is computing. */
static struct dash_entry *dash_victim(int64_t plan_id, progress_day day) {
  struct dash_entry *v = NULL;
  for (int i = 0; i < DASH_CACHE_SLOTS; i++) {
    struct dash_entry *d = &dash_cache[i];
    if (d->computing) continue;
    if (!d->buf) return d;
    if (d->plan_id == plan_id && d->day == day) return d;
    if (!v || d->used < v->used) v = d;
  }
  return v;
}

/* Hit: a reference to the bytes (NULL on a miss). When the key is being
 * computed, waits for it. On a miss, *mine is the slot this caller must fill
 * (NULL when the table has no slot free of computations: compute uncached). */
static struct dash_buf *dash_acquire(int64_t plan_id, int64_t gen, progress_day day, struct dash_entry **mine) {
  *mine = NULL;
  pthread_mutex_lock(&dash_lock);
  struct dash_entry *d;
  while ((d = dash_find(plan_id, gen, day)) && d->computing) pthread_cond_wait(&dash_done, &dash_lock);
  struct dash_buf *b = NULL;
  if (d) {
    b = d->buf;
    b->refs++;
    d->used = ++dash_clock;
  } else if ((d = dash_victim(plan_id, day))) {
    dash_buf_drop(d->buf);
    d->buf = NULL;
    d->plan_id = plan_id;
    d->generation = gen;
    d->day = day;
    d->computing = 1;
    *mine = d;
  }
  pthread_mutex_unlock(&dash_lock);
  return b;
}

/* Fills (buf non-NULL) or frees (NULL: the computation failed) the slot and
 * wakes the waiters; returns a reference to buf for the caller. */
static void dash_publish(struct dash_entry *d, struct dash_buf *buf) {
  pthread_mutex_lock(&dash_lock);
  d->computing = 0;
  d->buf = buf;
  if (buf) {
    buf->refs = 2; /* the slot and the caller */
    d->used = ++dash_clock;
  }
  pthread_cond_broadcast(&dash_done);
  pthread_mutex_unlock(&dash_lock);
}

static void dash_release(struct dash_buf *b) {
  pthread_mutex_lock(&dash_lock);
  dash_buf_drop(b);
  pthread_mutex_unlock(&dash_lock);
}

static plam_err dash_copy(const struct dash_buf *b, char **text, size_t *len) {
  *text = malloc(b->len + 1);
  if (!*text) return PLAM_ERR_NOMEM;
  memcpy(*text, b->text, b->len + 1);
  *len = b->len;
  return PLAM_OK;
}

/* Computes the answer into a new buffer (refs set by dash_publish). */
static plam_err dash_compute(struct db *db, int64_t plan_id, progress_day ref, int64_t *gen, struct dash_buf **out) {
  json_t *data = NULL;
  struct plan_rec p;
  *out = NULL;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_plan_get(db, plan_id, &p);
  if (!e) e = dashboard_build(db, &p, ref, 0, &data);
  store_read_end(db);
  if (e) return e;
  *gen = p.generation;
  size_t len = 0;
  char *text = dash_dump(data, &len);
  if (!text) return PLAM_ERR_NOMEM;
  struct dash_buf *b = malloc(sizeof *b + len + 1);
  if (b) {
    b->refs = 1;
    b->len = len;
    memcpy(b->text, text, len + 1);
  }
  free(text);
  *out = b;
  return b ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err plan_dashboard_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date, char **text,
                             size_t *len) {
  progress_day ref;
  if (dash_ref(date, &ref)) return PLAM_ERR_INVALID;
  int64_t gen = 0;
  int is_public = 0;
  plam_err e = store_plan_generation_status(db, plan_id, &gen, &is_public);
  if (e) return e;
  if (!is_public) {
    struct plan_rec p;
    if ((e = plan_get_readable(db, a, plan_id, &p))) return e;
    gen = p.generation;
  }
  struct dash_entry *mine;
  struct dash_buf *b = dash_acquire(plan_id, gen, ref, &mine);
  if (b) {
    e = dash_copy(b, text, len);
    dash_release(b);
    return e;
  }
  /* Miss: compute. The snapshot may already hold a newer generation than
   * the one checked: the bytes are right for it, and are cached only under
   * the key they were computed for. */
  int64_t got = gen;
  e = dash_compute(db, plan_id, ref, &got, &b);
  if (mine) {
    if (!e && got != gen) { /* a write in between: answer, but do not file under the old key */
      dash_publish(mine, NULL);
      mine = NULL;
    } else {
      dash_publish(mine, e ? NULL : b);
      if (e) mine = NULL;
    }
  }
  if (e) return e;
  e = dash_copy(b, text, len);
  if (mine) dash_release(b); /* the slot keeps its reference */
  else free(b);
  return e;
}
