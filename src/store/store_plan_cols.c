/* Column tables of the plan records (see store_plan.h) and the generic
 * reader and binder that use them. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan.h"
#include "store/store_plan_int.h"

#define C(S, F, T, FL) \
  { #F, T, offsetof(struct S, F), sizeof(((struct S *)0)->F), FL }
#define TBL(name, S, arr) const struct store_table name = {arr, (int)(sizeof arr / sizeof arr[0]), sizeof(struct S)}

static const struct store_col plan_cols[] = {
  C(plan_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(plan_rec, slug, STORE_COL_TEXT, 0),
  C(plan_rec, region_id, STORE_COL_TEXT, 0),
  C(plan_rec, title, STORE_COL_TEXT, 0),
  C(plan_rec, short_title, STORE_COL_TEXT, 0),
  C(plan_rec, long_title, STORE_COL_TEXT, 0),
  C(plan_rec, summary, STORE_COL_TEXT, 0),
  C(plan_rec, axis_label, STORE_COL_TEXT, 0),
  C(plan_rec, start_year, STORE_COL_OPT_INT, 0),
  C(plan_rec, end_year, STORE_COL_OPT_INT, 0),
  C(plan_rec, period_source, STORE_COL_TEXT, 0),
  C(plan_rec, launched_on, STORE_COL_TEXT, 0),
  C(plan_rec, status, STORE_COL_TEXT, 0),
  C(plan_rec, owner_org_id, STORE_COL_ID, 0),
  C(plan_rec, source, STORE_COL_TEXT, 0),
  C(plan_rec, contributions_email, STORE_COL_TEXT, 0),
  C(plan_rec, contributions_source, STORE_COL_TEXT, 0),
  C(plan_rec, generation, STORE_COL_INT, STORE_COL_RO),
  C(plan_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(plan_rec, updated_at, STORE_COL_TEXT, STORE_COL_RO),
  C(plan_rec, region_name, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_plan_t, plan_rec, plan_cols);

static const struct store_col axis_cols[] = {
  C(axis_rec, id, STORE_COL_ID, STORE_COL_RO), C(axis_rec, plan_id, STORE_COL_ID, 0),
  C(axis_rec, number, STORE_COL_TEXT, 0),      C(axis_rec, title, STORE_COL_TEXT, 0),
  C(axis_rec, description, STORE_COL_TEXT, 0), C(axis_rec, kind, STORE_COL_TEXT, 0),
  C(axis_rec, weight, STORE_COL_REAL, 0),      C(axis_rec, position, STORE_COL_INT, 0),
  C(axis_rec, note, STORE_COL_TEXT, 0),        C(axis_rec, source, STORE_COL_TEXT, 0),
};
TBL(store_axis_t, axis_rec, axis_cols);

static const struct store_col action_cols[] = {
  C(action_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(action_rec, plan_id, STORE_COL_ID, 0),
  C(action_rec, axis_id, STORE_COL_ID, 0),
  C(action_rec, number, STORE_COL_TEXT, 0),
  C(action_rec, number_in_source, STORE_COL_BOOL, 0),
  C(action_rec, title, STORE_COL_TEXT, 0),
  C(action_rec, objective, STORE_COL_TEXT, 0),
  C(action_rec, description, STORE_COL_TEXT, 0),
  C(action_rec, project_support, STORE_COL_TEXT, 0),
  C(action_rec, refs, STORE_COL_TEXT, 0),
  C(action_rec, status, STORE_COL_TEXT, 0),
  C(action_rec, status_known, STORE_COL_BOOL, 0),
  C(action_rec, weight, STORE_COL_REAL, 0),
  C(action_rec, position, STORE_COL_INT, 0),
  C(action_rec, note, STORE_COL_TEXT, 0),
  C(action_rec, source, STORE_COL_TEXT, 0),
  C(action_rec, updated_at, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_action_t, action_rec, action_cols);

static const struct store_col partner_cols[] = {
  C(partner_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(partner_rec, plan_id, STORE_COL_ID, 0),
  C(partner_rec, action_id, STORE_COL_ID, 0),
  C(partner_rec, axis_id, STORE_COL_ID, 0),
  C(partner_rec, org_id, STORE_COL_ID, 0),
  C(partner_rec, role, STORE_COL_TEXT, 0),
  C(partner_rec, person, STORE_COL_TEXT, 0),
  C(partner_rec, source, STORE_COL_TEXT, 0),
  C(partner_rec, org_name, STORE_COL_TEXT, STORE_COL_RO),
  C(partner_rec, org_kind, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_partner_t, partner_rec, partner_cols);

static const struct store_col roadmap_cols[] = {
  C(roadmap_rec, id, STORE_COL_ID, STORE_COL_RO), C(roadmap_rec, action_id, STORE_COL_ID, 0),
  C(roadmap_rec, title, STORE_COL_TEXT, 0),       C(roadmap_rec, due_on, STORE_COL_TEXT, 0),
  C(roadmap_rec, done_on, STORE_COL_TEXT, 0),     C(roadmap_rec, position, STORE_COL_INT, 0),
  C(roadmap_rec, source, STORE_COL_TEXT, 0),
};
TBL(store_roadmap_t, roadmap_rec, roadmap_cols);

static const struct store_col indicator_cols[] = {
  C(indicator_rec, id, STORE_COL_ID, STORE_COL_RO),  C(indicator_rec, action_id, STORE_COL_ID, 0),
  C(indicator_rec, code, STORE_COL_TEXT, 0),         C(indicator_rec, name, STORE_COL_TEXT, 0),
  C(indicator_rec, definition, STORE_COL_TEXT, 0),   C(indicator_rec, unit, STORE_COL_TEXT, 0),
  C(indicator_rec, kind, STORE_COL_TEXT, 0),         C(indicator_rec, direction, STORE_COL_TEXT, 0),
  C(indicator_rec, accumulation, STORE_COL_TEXT, 0), C(indicator_rec, aggregation, STORE_COL_TEXT, 0),
  C(indicator_rec, ratio_scale, STORE_COL_REAL, 0),  C(indicator_rec, frequency, STORE_COL_TEXT, 0),
  C(indicator_rec, scope_id, STORE_COL_TEXT, 0),     C(indicator_rec, breakdown, STORE_COL_TEXT, 0),
  C(indicator_rec, weight, STORE_COL_REAL, 0),       C(indicator_rec, note, STORE_COL_TEXT, 0),
  C(indicator_rec, source, STORE_COL_TEXT, 0),       C(indicator_rec, position, STORE_COL_INT, 0),
};
TBL(store_indicator_t, indicator_rec, indicator_cols);

static const struct store_col target_cols[] = {
  C(target_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(target_rec, indicator_id, STORE_COL_ID, 0),
  C(target_rec, territory_id, STORE_COL_TEXT, 0),
  C(target_rec, kind, STORE_COL_TEXT, 0),
  C(target_rec, due_on, STORE_COL_TEXT, 0),
  C(target_rec, value, STORE_COL_REAL, 0),
  C(target_rec, value_high, STORE_COL_OPT_REAL, 0),
  C(target_rec, qualifier, STORE_COL_TEXT, 0),
  C(target_rec, note, STORE_COL_TEXT, 0),
  C(target_rec, replaces_id, STORE_COL_ID, 0),
  C(target_rec, decision_id, STORE_COL_ID, 0),
  C(target_rec, source, STORE_COL_TEXT, 0),
  C(target_rec, created_by, STORE_COL_ID, 0),
  C(target_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(target_rec, current, STORE_COL_BOOL, STORE_COL_RO),
};
TBL(store_target_t, target_rec, target_cols);

static const struct store_col measurement_cols[] = {
  C(measurement_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(measurement_rec, indicator_id, STORE_COL_ID, 0),
  C(measurement_rec, territory_id, STORE_COL_TEXT, 0),
  C(measurement_rec, value_on, STORE_COL_TEXT, 0),
  C(measurement_rec, value, STORE_COL_OPT_REAL, 0),
  C(measurement_rec, numerator, STORE_COL_OPT_REAL, 0),
  C(measurement_rec, denominator, STORE_COL_OPT_REAL, 0),
  C(measurement_rec, source, STORE_COL_TEXT, 0),
  C(measurement_rec, comment, STORE_COL_TEXT, 0),
  C(measurement_rec, qualifier, STORE_COL_TEXT, 0),
  C(measurement_rec, author_id, STORE_COL_ID, 0),
  C(measurement_rec, batch, STORE_COL_TEXT, 0),
  C(measurement_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(measurement_rec, status, STORE_COL_TEXT, STORE_COL_RO),
  C(measurement_rec, reason, STORE_COL_TEXT, STORE_COL_RO),
  C(measurement_rec, reviewer_id, STORE_COL_ID, STORE_COL_RO),
  C(measurement_rec, reviewed_at, STORE_COL_TEXT, STORE_COL_RO),
  C(measurement_rec, author_login, STORE_COL_TEXT, STORE_COL_RO),
  C(measurement_rec, reviewer_login, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_measurement_t, measurement_rec, measurement_cols);

static const struct store_col weather_cols[] = {
  C(weather_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(weather_rec, action_id, STORE_COL_ID, 0),
  C(weather_rec, judged_on, STORE_COL_TEXT, 0),
  C(weather_rec, level, STORE_COL_TEXT, 0),
  C(weather_rec, comment, STORE_COL_TEXT, 0),
  C(weather_rec, author_id, STORE_COL_ID, 0),
  C(weather_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(weather_rec, author_login, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_weather_t, weather_rec, weather_cols);

static const struct store_col body_cols[] = {
  C(body_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(body_rec, plan_id, STORE_COL_ID, 0),
  C(body_rec, kind, STORE_COL_TEXT, 0),
  C(body_rec, name, STORE_COL_TEXT, 0),
  C(body_rec, axis_id, STORE_COL_ID, 0),
  C(body_rec, action_id, STORE_COL_ID, 0),
  C(body_rec, territory_id, STORE_COL_TEXT, 0),
  C(body_rec, frequency, STORE_COL_TEXT, 0),
  C(body_rec, meetings_per_year, STORE_COL_OPT_INT, 0),
  C(body_rec, established, STORE_COL_TEXT, 0),
  C(body_rec, planned, STORE_COL_BOOL, 0),
  C(body_rec, note, STORE_COL_TEXT, 0),
  C(body_rec, source, STORE_COL_TEXT, 0),
};
TBL(store_body_t, body_rec, body_cols);

static const struct store_col meeting_cols[] = {
  C(meeting_rec, id, STORE_COL_ID, STORE_COL_RO),    C(meeting_rec, body_id, STORE_COL_ID, 0),
  C(meeting_rec, held_on, STORE_COL_TEXT, 0),        C(meeting_rec, title, STORE_COL_TEXT, 0),
  C(meeting_rec, place, STORE_COL_TEXT, 0),          C(meeting_rec, minutes, STORE_COL_TEXT, 0),
  C(meeting_rec, attendees_text, STORE_COL_TEXT, 0), C(meeting_rec, source, STORE_COL_TEXT, 0),
  C(meeting_rec, status, STORE_COL_TEXT, 0),
};
TBL(store_meeting_t, meeting_rec, meeting_cols);

static const struct store_col attendee_cols[] = {
  C(attendee_rec, meeting_id, STORE_COL_ID, 0),
  C(attendee_rec, org_id, STORE_COL_ID, 0),
  C(attendee_rec, person, STORE_COL_TEXT, 0),
  C(attendee_rec, org_name, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_attendee_t, attendee_rec, attendee_cols);

static const struct store_col decision_cols[] = {
  C(decision_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(decision_rec, plan_id, STORE_COL_ID, 0),
  C(decision_rec, meeting_id, STORE_COL_ID, 0),
  C(decision_rec, text, STORE_COL_TEXT, 0),
  C(decision_rec, owner_org_id, STORE_COL_ID, 0),
  C(decision_rec, owner_person, STORE_COL_TEXT, 0),
  C(decision_rec, due_on, STORE_COL_TEXT, 0),
  C(decision_rec, status, STORE_COL_TEXT, 0),
  C(decision_rec, source, STORE_COL_TEXT, 0),
  C(decision_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(decision_rec, owner_name, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_decision_t, decision_rec, decision_cols);

static const struct store_col budget_cols[] = {
  C(budget_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(budget_rec, plan_id, STORE_COL_ID, 0),
  C(budget_rec, action_id, STORE_COL_ID, 0),
  C(budget_rec, funder_org_id, STORE_COL_ID, 0),
  C(budget_rec, fund, STORE_COL_TEXT, 0),
  C(budget_rec, year_from, STORE_COL_OPT_INT, 0),
  C(budget_rec, year_to, STORE_COL_OPT_INT, 0),
  C(budget_rec, label, STORE_COL_TEXT, 0),
  C(budget_rec, planned_cents, STORE_COL_OPT_INT, 0),
  C(budget_rec, committed_cents, STORE_COL_OPT_INT, 0),
  C(budget_rec, paid_cents, STORE_COL_OPT_INT, 0),
  C(budget_rec, unit_cents, STORE_COL_OPT_INT, 0),
  C(budget_rec, unit, STORE_COL_TEXT, 0),
  C(budget_rec, quantity, STORE_COL_OPT_REAL, 0),
  C(budget_rec, qualifier, STORE_COL_TEXT, 0),
  C(budget_rec, note, STORE_COL_TEXT, 0),
  C(budget_rec, withdrawn, STORE_COL_BOOL, 0),
  C(budget_rec, replaces_id, STORE_COL_ID, 0),
  C(budget_rec, decision_id, STORE_COL_ID, 0),
  C(budget_rec, source, STORE_COL_TEXT, 0),
  C(budget_rec, created_by, STORE_COL_ID, 0),
  C(budget_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(budget_rec, funder_name, STORE_COL_TEXT, STORE_COL_RO),
  C(budget_rec, axis_id, STORE_COL_ID, STORE_COL_RO),
  C(budget_rec, current, STORE_COL_BOOL, STORE_COL_RO),
};
TBL(store_budget_t, budget_rec, budget_cols);

static const struct store_col figure_cols[] = {
  C(figure_rec, id, STORE_COL_ID, STORE_COL_RO),  C(figure_rec, plan_id, STORE_COL_ID, 0),
  C(figure_rec, axis_id, STORE_COL_ID, 0),        C(figure_rec, action_id, STORE_COL_ID, 0),
  C(figure_rec, code, STORE_COL_TEXT, 0),         C(figure_rec, label, STORE_COL_TEXT, 0),
  C(figure_rec, value, STORE_COL_REAL, 0),        C(figure_rec, value_high, STORE_COL_OPT_REAL, 0),
  C(figure_rec, unit, STORE_COL_TEXT, 0),         C(figure_rec, value_on, STORE_COL_TEXT, 0),
  C(figure_rec, period_from, STORE_COL_TEXT, 0),  C(figure_rec, period_to, STORE_COL_TEXT, 0),
  C(figure_rec, territory_id, STORE_COL_TEXT, 0), C(figure_rec, qualifier, STORE_COL_TEXT, 0),
  C(figure_rec, note, STORE_COL_TEXT, 0),         C(figure_rec, source, STORE_COL_TEXT, 0),
  C(figure_rec, position, STORE_COL_INT, 0),
};
TBL(store_figure_t, figure_rec, figure_cols);

static const struct store_col text_cols[] = {
  C(text_rec, id, STORE_COL_ID, STORE_COL_RO), C(text_rec, plan_id, STORE_COL_ID, 0),
  C(text_rec, axis_id, STORE_COL_ID, 0),       C(text_rec, action_id, STORE_COL_ID, 0),
  C(text_rec, kind, STORE_COL_TEXT, 0),        C(text_rec, text, STORE_COL_TEXT, 0),
  C(text_rec, by_org_id, STORE_COL_ID, 0),     C(text_rec, year, STORE_COL_OPT_INT, 0),
  C(text_rec, on_date, STORE_COL_TEXT, 0),     C(text_rec, position, STORE_COL_INT, 0),
  C(text_rec, source, STORE_COL_TEXT, 0),      C(text_rec, by_org_name, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_text_t, text_rec, text_cols);

static const struct store_col contribution_cols[] = {
  C(contribution_rec, id, STORE_COL_ID, STORE_COL_RO),
  C(contribution_rec, plan_id, STORE_COL_ID, 0),
  C(contribution_rec, action_id, STORE_COL_ID, 0),
  C(contribution_rec, author_id, STORE_COL_ID, 0),
  C(contribution_rec, org_id, STORE_COL_ID, 0),
  C(contribution_rec, kind, STORE_COL_TEXT, 0),
  C(contribution_rec, body, STORE_COL_TEXT, 0),
  C(contribution_rec, answer, STORE_COL_TEXT, 0),
  C(contribution_rec, answered_by, STORE_COL_ID, 0),
  C(contribution_rec, answered_at, STORE_COL_TEXT, 0),
  C(contribution_rec, created_at, STORE_COL_TEXT, STORE_COL_RO),
  C(contribution_rec, author_login, STORE_COL_TEXT, STORE_COL_RO),
  C(contribution_rec, org_name, STORE_COL_TEXT, STORE_COL_RO),
  C(contribution_rec, answered_by_login, STORE_COL_TEXT, STORE_COL_RO),
};
TBL(store_contribution_t, contribution_rec, contribution_cols);

void store_rec_read(struct db_stmt *st, const struct store_table *t, void *rec) {
  char *base = rec;
  for (int i = 0; i < t->ncols; i++) {
    const struct store_col *c = &t->cols[i];
    void *p = base + c->off;
    int null = db_column_is_null(st, i);
    switch (c->type) {
    case STORE_COL_ID:
    case STORE_COL_INT: *(int64_t *)p = null ? 0 : db_column_int64(st, i); break;
    case STORE_COL_BOOL: *(int *)p = null ? 0 : db_column_int64(st, i) != 0; break;
    case STORE_COL_REAL: *(double *)p = null ? 0 : db_column_double(st, i); break;
    case STORE_COL_TEXT: store_copy(p, c->size, null ? "" : db_column_text(st, i)); break;
    case STORE_COL_OPT_REAL:
      ((struct opt_dbl *)p)->has = !null;
      ((struct opt_dbl *)p)->v = null ? 0 : db_column_double(st, i);
      break;
    case STORE_COL_OPT_INT:
      ((struct opt_i64 *)p)->has = !null;
      ((struct opt_i64 *)p)->v = null ? 0 : db_column_int64(st, i);
      break;
    }
  }
}

plam_err store_rec_bind(struct db_stmt *st, const struct store_table *t, const void *rec, int *next) {
  const char *base = rec;
  int idx = 1;
  plam_err e = PLAM_OK;
  for (int i = 0; !e && i < t->ncols; i++) {
    const struct store_col *c = &t->cols[i];
    if (c->flags & STORE_COL_RO) continue;
    const void *p = base + c->off;
    switch (c->type) {
    case STORE_COL_ID: {
      int64_t v = *(const int64_t *)p;
      e = v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
      break;
    }
    case STORE_COL_INT: e = db_bind_int64(st, idx, *(const int64_t *)p); break;
    case STORE_COL_BOOL: e = db_bind_int64(st, idx, *(const int *)p != 0); break;
    case STORE_COL_REAL: e = db_bind_double(st, idx, *(const double *)p); break;
    case STORE_COL_TEXT: e = db_bind_text(st, idx, *(const char *)p ? (const char *)p : NULL); break;
    case STORE_COL_OPT_REAL: {
      const struct opt_dbl *o = p;
      e = o->has ? db_bind_double(st, idx, o->v) : db_bind_null(st, idx);
      break;
    }
    case STORE_COL_OPT_INT: {
      const struct opt_i64 *o = p;
      e = o->has ? db_bind_int64(st, idx, o->v) : db_bind_null(st, idx);
      break;
    }
    }
    idx++;
  }
  if (next) *next = idx;
  return e;
}

/* The one step-and-grow loop of the store: rows read by read(st, ctx, rec),
 * more than max rows (0: no limit) refused with PLAM_ERR_TOO_LARGE. */
typedef void (*rows_read_fn)(struct db_stmt *st, const void *ctx, void *rec);

static plam_err rows_collect(struct db_stmt *st, plam_err bind, rows_read_fn read, const void *ctx, size_t size,
                             int max, void **out, int *n) {
  *out = NULL;
  *n = 0;
  size_t cap = 0;
  char *rows = NULL;
  int row = 0;
  plam_err e = bind;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (max && *n >= max) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    if ((size_t)*n == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      char *nr = realloc(rows, ncap * size);
      if (!nr) {
        e = PLAM_ERR_NOMEM;
        break;
      }
      rows = nr;
      cap = ncap;
    }
    memset(rows + (size_t)*n * size, 0, size);
    read(st, ctx, rows + (size_t)*n * size);
    (*n)++;
  }
  db_done(st);
  if (e) {
    free(rows);
    *n = 0;
    return e;
  }
  *out = rows;
  return PLAM_OK;
}

static void table_read(struct db_stmt *st, const void *ctx, void *rec) { store_rec_read(st, ctx, rec); }

plam_err store_rows_collect(struct db_stmt *st, const struct store_table *t, struct store_rows *out) {
  return rows_collect(st, PLAM_OK, table_read, t, t->rec_size, 0, &out->rows, &out->n);
}

struct fn_ctx {
  store_read_fn read;
};

static void fn_read(struct db_stmt *st, const void *ctx, void *rec) { ((const struct fn_ctx *)ctx)->read(st, rec); }

plam_err store_rows_collect_by(struct db_stmt *st, plam_err bind, store_read_fn read, size_t size, int max, void **out,
                               int *n) {
  const struct fn_ctx c = {read};
  return rows_collect(st, bind, fn_read, &c, size, max, out, n);
}

void store_read_int64(struct db_stmt *st, void *out) { *(int64_t *)out = db_column_int64(st, 0); }

plam_err store_rows_query(struct db *db, const char *sql, const struct store_table *t, int64_t id,
                          struct store_rows *out) {
  out->rows = NULL;
  out->n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  if (e) {
    db_done(st);
    return e;
  }
  return store_rows_collect(st, t, out);
}

plam_err store_rec_get(struct db *db, const char *sql, const struct store_table *t, int64_t id, void *rec) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    memset(rec, 0, t->rec_size);
    store_rec_read(st, t, rec);
  }
  db_done(st);
  return e;
}

plam_err store_rec_insert(struct db *db, const char *sql, const struct store_table *t, const void *rec, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  return store_insert_id(st, store_rec_bind(st, t, rec, NULL), id);
}
