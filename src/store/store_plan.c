/* SQL for the plan aggregate: plans and their structure (axes, actions,
 * partners, roadmap, indicators, targets, figures, texts). Column lists follow
 * the column tables of store_plan_cols.c. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan.h"
#include "store/store_plan_int.h"

#define PLAN_W \
  "slug, region_id, title, short_title, long_title, summary, axis_label, start_year, end_year, " \
  "period_source, launched_on, status, owner_org_id, source, contributions_email, contributions_source"
#define PLAN_SEL \
  "SELECT p.id, p.slug, p.region_id, p.title, p.short_title, p.long_title, p.summary, p.axis_label, " \
  "p.start_year, p.end_year, p.period_source, p.launched_on, p.status, p.owner_org_id, p.source, " \
  "p.contributions_email, p.contributions_source, p.generation, p.created_at, p.updated_at, t.name " \
  "FROM plans p LEFT JOIN territories t ON t.id = p.region_id "

static const char *const SQL_PLAN_LIST = PLAN_SEL "WHERE ?1 IS NOT NULL ORDER BY p.region_id, p.id";
static const char *const SQL_PLAN_GET = PLAN_SEL "WHERE p.id = ?1";
static const char *const SQL_PLAN_SLUG = "SELECT id FROM plans WHERE slug = ?";
static const char *const SQL_PLAN_INSERT = "INSERT INTO plans(" PLAN_W
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_PLAN_UPDATE =
  "UPDATE plans SET title = ?, short_title = ?, summary = ?, status = ?, generation = generation + 1, "
  "updated_at = plam_now() WHERE id = ?";
static const char *const SQL_PLAN_BUMP =
  "UPDATE plans SET generation = generation + 1, updated_at = plam_now() WHERE id = ?";
static const char *const SQL_PLAN_GEN = "SELECT generation FROM plans WHERE id = ?";
static const char *const SQL_PLAN_GEN_STATUS = "SELECT generation, status <> 'draft' FROM plans WHERE id = ?";
static const char *const SQL_PLAN_TERR_ADD =
  "INSERT INTO plan_territories(plan_id, territory_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_PLAN_TERRS =
  "SELECT territory_id FROM plan_territories WHERE plan_id = ? ORDER BY territory_id";

static const char *const SQL_AXES =
  "SELECT id, plan_id, number, title, description, kind, weight, position, note, source FROM plan_axes "
  "WHERE plan_id = ?1 ORDER BY position, id";
static const char *const SQL_AXIS_INSERT =
  "INSERT INTO plan_axes(plan_id, number, title, description, kind, weight, position, note, source) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

#define ACTION_SEL \
  "SELECT a.id, a.plan_id, a.axis_id, a.number, a.number_in_source, a.title, a.objective, " \
  "a.description, a.project_support, a.refs, a.status, a.status_known, a.weight, a.position, " \
  "a.note, a.source, a.updated_at FROM plan_actions a "
static const char *const SQL_ACTIONS = ACTION_SEL "WHERE a.plan_id = ?1 ORDER BY a.position, a.id";
static const char *const SQL_ACTION_GET = ACTION_SEL "WHERE a.id = ?1";
static const char *const SQL_ACTION_INSERT =
  "INSERT INTO plan_actions(plan_id, axis_id, number, number_in_source, title, objective, description, "
  "project_support, refs, status, status_known, weight, position, note, source) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_ACTION_UPDATE =
  "UPDATE plan_actions SET objective = ?, description = ?, status = ?, status_known = ?, "
  "updated_at = plam_now() WHERE id = ?";

static const char *const SQL_PARTNERS =
  "SELECT pp.id, pp.plan_id, pp.action_id, pp.axis_id, pp.org_id, pp.role, pp.person, pp.source, o.name, o.kind "
  "FROM plan_partners pp JOIN organisations o ON o.id = pp.org_id WHERE pp.plan_id = ?1 ORDER BY pp.id";
static const char *const SQL_PARTNER_INSERT =
  "INSERT INTO plan_partners(plan_id, action_id, axis_id, org_id, role, person, source) "
  "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";

static const char *const SQL_ROADMAP =
  "SELECT r.id, r.action_id, r.title, r.due_on, r.done_on, r.position, r.source FROM roadmap_items r "
  "JOIN plan_actions a ON a.id = r.action_id WHERE a.plan_id = ?1 ORDER BY r.action_id, r.position, r.id";
static const char *const SQL_ROADMAP_INSERT = "INSERT INTO roadmap_items(action_id, title, due_on, done_on, position, "
                                              "source) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

#define IND_SEL \
  "SELECT i.id, i.action_id, i.code, i.name, i.definition, i.unit, i.kind, i.direction, i.accumulation, " \
  "i.aggregation, i.ratio_scale, i.frequency, i.scope_id, i.breakdown, i.weight, i.note, i.source, " \
  "i.position"
static const char *const SQL_INDICATORS = IND_SEL
  " FROM indicators i JOIN plan_actions a ON a.id = i.action_id WHERE a.plan_id = ?1 "
  "ORDER BY a.position, a.id, i.position, i.id";
static const char *const SQL_INDICATOR_GET = IND_SEL
  ", a.plan_id FROM indicators i JOIN plan_actions a ON a.id = i.action_id WHERE i.id = ?1";
static const char *const SQL_INDICATOR_INSERT =
  "INSERT INTO indicators(action_id, code, name, definition, unit, kind, direction, accumulation, aggregation, "
  "ratio_scale, frequency, scope_id, breakdown, weight, note, source, position) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_IND_TERR_ADD =
  "INSERT INTO indicator_territories(indicator_id, territory_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char *const SQL_IND_TERRS =
  "SELECT it.indicator_id, it.territory_id FROM indicator_territories it JOIN indicators i ON i.id = it.indicator_id "
  "JOIN plan_actions a ON a.id = i.action_id WHERE a.plan_id = ? ORDER BY it.indicator_id, it.territory_id";

#define TARGET_SEL \
  "SELECT t.id, t.indicator_id, t.territory_id, t.kind, t.due_on, t.value, t.value_high, t.qualifier, " \
  "t.note, t.replaces_id, t.decision_id, t.source, t.created_by, t.created_at, " \
  "NOT EXISTS (SELECT 1 FROM indicator_targets n WHERE n.replaces_id = t.id) FROM indicator_targets t "
static const char *const SQL_PLAN_TARGETS = TARGET_SEL
  "JOIN indicators i ON i.id = t.indicator_id JOIN plan_actions a ON a.id = i.action_id "
  "WHERE a.plan_id = ?1 ORDER BY t.indicator_id, t.due_on IS NULL, t.due_on, t.id";
static const char *const SQL_IND_TARGETS = TARGET_SEL
  "WHERE t.indicator_id = ?1 ORDER BY t.due_on IS NULL, t.due_on, t.id";
static const char *const SQL_TARGET_INSERT =
  "INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value, value_high, qualifier, note, "
  "replaces_id, decision_id, source, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static const char *const SQL_FIGURES =
  "SELECT id, plan_id, axis_id, action_id, code, label, value, value_high, unit, value_on, period_from, period_to, "
  "territory_id, qualifier, note, source, position FROM plan_figures WHERE plan_id = ?1 ORDER BY position, id";
static const char *const SQL_FIGURE_INSERT =
  "INSERT INTO plan_figures(plan_id, axis_id, action_id, code, label, value, value_high, unit, value_on, "
  "period_from, period_to, territory_id, qualifier, note, source, position) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_TEXTS =
  "SELECT x.id, x.plan_id, x.axis_id, x.action_id, x.kind, x.text, x.by_org_id, x.year, x.on_date, x.position, "
  "x.source, o.name FROM plan_texts x LEFT JOIN organisations o ON o.id = x.by_org_id WHERE x.plan_id = ?1 "
  "ORDER BY x.position, x.id";
static const char *const SQL_TEXT_INSERT =
  "INSERT INTO plan_texts(plan_id, axis_id, action_id, kind, text, by_org_id, year, on_date, position, source) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static const char *const SQL_ACTION_PILOT =
  "SELECT EXISTS (SELECT 1 FROM plan_partners pp JOIN plan_actions a ON a.id = ?1 "
  "WHERE pp.org_id = ?2 AND pp.role IN ('pilot', 'copilot') "
  "AND (pp.action_id = a.id OR (pp.action_id IS NULL AND pp.axis_id = a.axis_id)))";
static const char *const SQL_PLAN_MEMBER =
  "SELECT EXISTS (SELECT 1 FROM plan_partners WHERE plan_id = ?1 AND org_id = ?2)";

plam_err store_plan_list(struct db *db, struct store_rows *out) {
  return store_rows_query(db, SQL_PLAN_LIST, &store_plan_t, 1, out);
}

plam_err store_plan_get(struct db *db, int64_t id, struct plan_rec *out) {
  return store_rec_get(db, SQL_PLAN_GET, &store_plan_t, id, out);
}

static plam_err store_one_int(struct db *db, const char *sql, int64_t a, int64_t b, const char *s, int64_t *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  if (s) e = db_bind_text(st, 1, s);
  else e = db_bind_int64(st, 1, a);
  if (!e && b >= 0 && !s) e = db_bind_int64(st, 2, b);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *out = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_plan_find_slug(struct db *db, const char *slug, int64_t *id) {
  return store_one_int(db, SQL_PLAN_SLUG, 0, -1, slug, id);
}

plam_err store_plan_insert(struct db *db, const struct plan_rec *p, int64_t *id) {
  return store_rec_insert(db, SQL_PLAN_INSERT, &store_plan_t, p, id);
}

plam_err store_plan_update(struct db *db, const struct plan_rec *p) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PLAN_UPDATE, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, p->title);
  if (!e) e = db_bind_text(st, 2, p->short_title[0] ? p->short_title : NULL);
  if (!e) e = db_bind_text(st, 3, p->summary[0] ? p->summary : NULL);
  if (!e) e = db_bind_text(st, 4, p->status);
  if (!e) e = db_bind_int64(st, 5, p->id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

static plam_err store_exec_id(struct db *db, const char *sql, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_plan_bump(struct db *db, int64_t plan_id) { return store_exec_id(db, SQL_PLAN_BUMP, plan_id); }

plam_err store_plan_generation(struct db *db, int64_t plan_id, int64_t *gen) {
  return store_one_int(db, SQL_PLAN_GEN, plan_id, -1, NULL, gen);
}

plam_err store_plan_generation_status(struct db *db, int64_t plan_id, int64_t *gen, int *is_public) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PLAN_GEN_STATUS, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, plan_id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    *gen = db_column_int64(st, 0);
    *is_public = db_column_int64(st, 1) != 0;
  }
  db_done(st);
  return e;
}

static plam_err store_id_text(struct db *db, const char *sql, int64_t id, const char *s) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_bind_text(st, 2, s);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_plan_territory_add(struct db *db, int64_t plan_id, const char *territory_id) {
  return store_id_text(db, SQL_PLAN_TERR_ADD, plan_id, territory_id);
}

plam_err store_indicator_territory_add(struct db *db, int64_t indicator_id, const char *territory_id) {
  return store_id_text(db, SQL_IND_TERR_ADD, indicator_id, territory_id);
}

static void read_terr(struct db_stmt *st, void *out) { store_copy(out, 12, db_column_text(st, 0)); }

plam_err store_plan_territories(struct db *db, int64_t plan_id, char (**out)[12], int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PLAN_TERRS, &st);
  if (e) return e;
  return store_rows_collect_by(st, db_bind_int64(st, 1, plan_id), read_terr, sizeof **out, 0, (void **)out, n);
}

plam_err store_plan_indicator_territories(struct db *db, int64_t plan_id, int64_t **ind, char (**terr)[12], int *n) {
  *ind = NULL;
  *terr = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_IND_TERRS, &st);
  if (e) return e;
  int cap = 0, row = 0;
  e = db_bind_int64(st, 1, plan_id);
  while (!e && !(e = db_step(st, &row)) && row) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *ni = realloc(*ind, (size_t)cap * sizeof **ind);
      if (ni) *ind = ni;
      char(*nt)[12] = ni ? realloc(*terr, (size_t)cap * sizeof **terr) : NULL;
      if (!ni || !nt) {
        e = PLAM_ERR_NOMEM;
        break;
      }
      *terr = nt;
    }
    (*ind)[*n] = db_column_int64(st, 0);
    store_copy((*terr)[(*n)++], 12, db_column_text(st, 1));
  }
  db_done(st);
  if (e) {
    free(*ind);
    free(*terr);
    *ind = NULL;
    *terr = NULL;
    *n = 0;
  }
  return e;
}

plam_err store_plan_axes(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_AXES, &store_axis_t, plan_id, out);
}
plam_err store_plan_actions(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_ACTIONS, &store_action_t, plan_id, out);
}
plam_err store_plan_partners(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_PARTNERS, &store_partner_t, plan_id, out);
}
plam_err store_plan_roadmap(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_ROADMAP, &store_roadmap_t, plan_id, out);
}
plam_err store_plan_indicators(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_INDICATORS, &store_indicator_t, plan_id, out);
}
plam_err store_plan_figures(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_FIGURES, &store_figure_t, plan_id, out);
}
plam_err store_plan_texts(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_TEXTS, &store_text_t, plan_id, out);
}
plam_err store_plan_targets(struct db *db, int64_t plan_id, struct store_rows *out) {
  return store_rows_query(db, SQL_PLAN_TARGETS, &store_target_t, plan_id, out);
}
plam_err store_indicator_targets(struct db *db, int64_t indicator_id, struct store_rows *out) {
  return store_rows_query(db, SQL_IND_TARGETS, &store_target_t, indicator_id, out);
}

plam_err store_axis_insert(struct db *db, const struct axis_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_AXIS_INSERT, &store_axis_t, r, id);
}
plam_err store_action_insert(struct db *db, const struct action_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_ACTION_INSERT, &store_action_t, r, id);
}
plam_err store_action_get(struct db *db, int64_t id, struct action_rec *out) {
  return store_rec_get(db, SQL_ACTION_GET, &store_action_t, id, out);
}
plam_err store_action_update(struct db *db, const struct action_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ACTION_UPDATE, &st);
  if (e) return e;
  int row;
  e = db_bind_text(st, 1, r->objective[0] ? r->objective : NULL);
  if (!e) e = db_bind_text(st, 2, r->description[0] ? r->description : NULL);
  if (!e) e = db_bind_text(st, 3, r->status);
  if (!e) e = db_bind_int64(st, 4, r->status_known);
  if (!e) e = db_bind_int64(st, 5, r->id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}
plam_err store_partner_insert(struct db *db, const struct partner_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_PARTNER_INSERT, &store_partner_t, r, id);
}
plam_err store_roadmap_insert(struct db *db, const struct roadmap_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_ROADMAP_INSERT, &store_roadmap_t, r, id);
}
plam_err store_indicator_insert(struct db *db, const struct indicator_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_INDICATOR_INSERT, &store_indicator_t, r, id);
}
plam_err store_indicator_get(struct db *db, int64_t id, struct indicator_rec *out, int64_t *plan_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_INDICATOR_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    memset(out, 0, sizeof *out);
    store_rec_read(st, &store_indicator_t, out);
    if (plan_id) *plan_id = db_column_int64(st, store_indicator_t.ncols);
  }
  db_done(st);
  return e;
}
plam_err store_target_insert(struct db *db, const struct target_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_TARGET_INSERT, &store_target_t, r, id);
}
plam_err store_figure_insert(struct db *db, const struct figure_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_FIGURE_INSERT, &store_figure_t, r, id);
}
plam_err store_text_insert(struct db *db, const struct text_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_TEXT_INSERT, &store_text_t, r, id);
}

plam_err store_action_org_pilots(struct db *db, int64_t action_id, int64_t org_id, int *yes) {
  int64_t v = 0;
  plam_err e = store_one_int(db, SQL_ACTION_PILOT, action_id, org_id, NULL, &v);
  *yes = !e && v;
  return e;
}

plam_err store_plan_org_member(struct db *db, int64_t plan_id, int64_t org_id, int *yes) {
  int64_t v = 0;
  plam_err e = store_one_int(db, SQL_PLAN_MEMBER, plan_id, org_id, NULL, &v);
  *yes = !e && v;
  return e;
}
