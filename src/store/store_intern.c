/* SQL of the internships module: see store_intern.h. */
#include "store/store_intern.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"

#define C(S, F, T, FL) \
  { #F, T, offsetof(struct S, F), sizeof(((struct S *)0)->F), FL }
#define TBL(name, S, arr) const struct store_table name = {arr, (int)(sizeof arr / sizeof arr[0]), sizeof(struct S)}
#define RO STORE_COL_RO

static const struct store_col isite_cols[] = {
  C(isite_rec, id, STORE_COL_ID, RO),
  C(isite_rec, establishment_id, STORE_COL_ID, 0),
  C(isite_rec, unit_id, STORE_COL_ID, 0),
  C(isite_rec, label, STORE_COL_TEXT, 0),
  C(isite_rec, programme, STORE_COL_TEXT, 0),
  C(isite_rec, specialty, STORE_COL_TEXT, 0),
  C(isite_rec, capacity, STORE_COL_INT, 0),
  C(isite_rec, chu, STORE_COL_BOOL, 0),
  C(isite_rec, accredited_from, STORE_COL_TEXT, 0),
  C(isite_rec, accredited_to, STORE_COL_TEXT, 0),
  C(isite_rec, status, STORE_COL_TEXT, 0),
  C(isite_rec, created_at, STORE_COL_TEXT, RO),
  C(isite_rec, updated_at, STORE_COL_TEXT, RO),
  C(isite_rec, establishment_name, STORE_COL_TEXT, RO),
  C(isite_rec, unit_name, STORE_COL_TEXT, RO),
  C(isite_rec, departement, STORE_COL_TEXT, RO),
  C(isite_rec, departement_name, STORE_COL_TEXT, RO),
  C(isite_rec, org_id, STORE_COL_ID, RO),
  C(isite_rec, open_alerts, STORE_COL_INT, RO),
  C(isite_rec, dropouts, STORE_COL_INT, RO),
  C(isite_rec, dropouts_year, STORE_COL_INT, RO),
};
TBL(store_isite_t, isite_rec, isite_cols);

static const struct store_col idecision_cols[] = {
  C(idecision_rec, id, STORE_COL_ID, RO),
  C(idecision_rec, site_id, STORE_COL_ID, 0),
  C(idecision_rec, decision, STORE_COL_TEXT, 0),
  C(idecision_rec, decided_on, STORE_COL_TEXT, 0),
  C(idecision_rec, reason, STORE_COL_TEXT, 0),
  C(idecision_rec, review_id, STORE_COL_ID, 0),
  C(idecision_rec, decided_by, STORE_COL_ID, 0),
  C(idecision_rec, created_at, STORE_COL_TEXT, RO),
  C(idecision_rec, decided_by_login, STORE_COL_TEXT, RO),
};
TBL(store_idecision_t, idecision_rec, idecision_cols);

static const struct store_col ieval_cols[] = {
  C(ieval_rec, id, STORE_COL_ID, RO),
  C(ieval_rec, site_id, STORE_COL_ID, 0),
  C(ieval_rec, semester, STORE_COL_TEXT, 0),
  C(ieval_rec, source, STORE_COL_TEXT, 0),
  C(ieval_rec, author_id, STORE_COL_ID, STORE_COL_HIDDEN),
  C(ieval_rec, oppi_ref, STORE_COL_TEXT, 0),
  C(ieval_rec, supervision, STORE_COL_INT, 0),
  C(ieval_rec, conditions, STORE_COL_INT, 0),
  C(ieval_rec, hours, STORE_COL_INT, 0),
  C(ieval_rec, rest_taken, STORE_COL_INT, 0),
  C(ieval_rec, training_half_days, STORE_COL_INT, 0),
  C(ieval_rec, non_medical, STORE_COL_INT, 0),
  C(ieval_rec, respect, STORE_COL_INT, 0),
  C(ieval_rec, harassment, STORE_COL_INT, 0),
  C(ieval_rec, comment, STORE_COL_TEXT, 0),
  C(ieval_rec, comment_status, STORE_COL_TEXT, 0),
  C(ieval_rec, created_at, STORE_COL_TEXT, RO),
};
TBL(store_ieval_t, ieval_rec, ieval_cols);

static const struct store_col irule_cols[] = {
  C(irule_rec, code, STORE_COL_TEXT, RO),        C(irule_rec, enabled, STORE_COL_BOOL, 0),
  C(irule_rec, threshold, STORE_COL_REAL, 0),    C(irule_rec, authority, STORE_COL_TEXT, 0),
  C(irule_rec, owner_id, STORE_COL_ID, 0),       C(irule_rec, updated_at, STORE_COL_TEXT, RO),
  C(irule_rec, owner_login, STORE_COL_TEXT, RO),
};
TBL(store_irule_t, irule_rec, irule_cols);

static const struct store_col ialert_cols[] = {
  C(ialert_rec, id, STORE_COL_ID, RO),
  C(ialert_rec, site_id, STORE_COL_ID, 0),
  C(ialert_rec, rule, STORE_COL_TEXT, 0),
  C(ialert_rec, period, STORE_COL_TEXT, 0),
  C(ialert_rec, value, STORE_COL_REAL, 0),
  C(ialert_rec, respondents, STORE_COL_INT, 0),
  C(ialert_rec, authority, STORE_COL_TEXT, 0),
  C(ialert_rec, owner_id, STORE_COL_ID, 0),
  C(ialert_rec, status, STORE_COL_TEXT, 0),
  C(ialert_rec, created_at, STORE_COL_TEXT, RO),
  C(ialert_rec, updated_at, STORE_COL_TEXT, RO),
  C(ialert_rec, site_label, STORE_COL_TEXT, RO),
  C(ialert_rec, establishment_name, STORE_COL_TEXT, RO),
  C(ialert_rec, departement, STORE_COL_TEXT, RO),
  C(ialert_rec, owner_login, STORE_COL_TEXT, RO),
};
TBL(store_ialert_t, ialert_rec, ialert_cols);

static const struct store_col ialert_action_cols[] = {
  C(ialert_action_rec, id, STORE_COL_ID, RO),
  C(ialert_action_rec, alert_id, STORE_COL_ID, 0),
  C(ialert_action_rec, status, STORE_COL_TEXT, 0),
  C(ialert_action_rec, note, STORE_COL_TEXT, 0),
  C(ialert_action_rec, author_id, STORE_COL_ID, 0),
  C(ialert_action_rec, created_at, STORE_COL_TEXT, RO),
  C(ialert_action_rec, author_login, STORE_COL_TEXT, RO),
};
TBL(store_ialert_action_t, ialert_action_rec, ialert_action_cols);

static const struct store_col ireview_cols[] = {
  C(ireview_rec, id, STORE_COL_ID, RO),           C(ireview_rec, site_id, STORE_COL_ID, 0),
  C(ireview_rec, year, STORE_COL_TEXT, 0),        C(ireview_rec, status, STORE_COL_TEXT, 0),
  C(ireview_rec, conclusion, STORE_COL_TEXT, 0),  C(ireview_rec, decision, STORE_COL_TEXT, 0),
  C(ireview_rec, created_at, STORE_COL_TEXT, RO), C(ireview_rec, updated_at, STORE_COL_TEXT, RO),
};
TBL(store_ireview_t, ireview_rec, ireview_cols);

static const struct store_col iaction_cols[] = {
  C(iaction_rec, id, STORE_COL_ID, RO),           C(iaction_rec, kind, STORE_COL_TEXT, 0),
  C(iaction_rec, review_id, STORE_COL_ID, 0),     C(iaction_rec, title, STORE_COL_TEXT, 0),
  C(iaction_rec, owner, STORE_COL_TEXT, 0),       C(iaction_rec, due_on, STORE_COL_TEXT, 0),
  C(iaction_rec, status, STORE_COL_TEXT, 0),      C(iaction_rec, follow_up, STORE_COL_TEXT, 0),
  C(iaction_rec, results, STORE_COL_TEXT, 0),     C(iaction_rec, shared, STORE_COL_BOOL, 0),
  C(iaction_rec, created_at, STORE_COL_TEXT, RO), C(iaction_rec, updated_at, STORE_COL_TEXT, RO),
};
TBL(store_iaction_t, iaction_rec, iaction_cols);

/* ---- SQL ---- */

#define SITE_SELECT \
  "SELECT s.id, s.establishment_id, s.unit_id, s.label, s.programme, s.specialty, s.capacity, s.chu, " \
  "s.accredited_from, s.accredited_to, s.status, s.created_at, s.updated_at, e.name, " \
  "coalesce(u.name, ''), e.departement, coalesce(t.name, ''), e.org_id, " \
  "(SELECT count(*) FROM intern_alerts a WHERE a.site_id = s.id AND a.status <> 'closed'), " \
  "coalesce((SELECT v.dropouts FROM train_site_dropouts v WHERE v.site_id = s.id ORDER BY v.year DESC LIMIT 1), 0), " \
  "coalesce((SELECT max(v.year) FROM train_site_dropouts v WHERE v.site_id = s.id), 0) " \
  "FROM intern_sites s JOIN establishments e ON e.id = s.establishment_id " \
  "LEFT JOIN establishment_units u ON u.id = s.unit_id LEFT JOIN territories t ON t.id = e.departement "
static const char *const SQL_SITE_LIST = SITE_SELECT "WHERE ?1 = ?1 ORDER BY e.departement, e.name, s.label, s.id";
static const char *const SQL_SITE_GET = SITE_SELECT "WHERE s.id = ?1";
static const char *const SQL_SITE_INSERT =
  "INSERT INTO intern_sites(establishment_id, unit_id, label, programme, specialty, capacity, chu, accredited_from, "
  "accredited_to, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_SITE_UPDATE =
  "UPDATE intern_sites SET establishment_id = ?1, unit_id = ?2, label = ?3, programme = ?4, specialty = ?5, "
  "capacity = ?6, chu = ?7, accredited_from = ?8, accredited_to = ?9, status = ?10, "
  "updated_at = plam_now() WHERE id = ?11";

#define DEC_SELECT \
  "SELECT d.id, d.site_id, d.decision, d.decided_on, d.reason, d.review_id, d.decided_by, d.created_at, " \
  "coalesce(u.login, '') FROM intern_site_decisions d LEFT JOIN users u ON u.id = d.decided_by "
static const char *const SQL_DEC_LIST = DEC_SELECT "WHERE d.site_id = ?1 ORDER BY d.id";
static const char *const SQL_DEC_INSERT =
  "INSERT INTO intern_site_decisions(site_id, decision, decided_on, reason, review_id, decided_by) "
  "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

static const char *const SQL_ESTAB =
  "SELECT id, coalesce(org_id, 0), name, departement, category FROM establishments WHERE id = ?";
static const char *const SQL_UNIT = "SELECT establishment_id, name FROM establishment_units WHERE id = ?";
static const char *const SQL_ESTAB_FIND = "SELECT id FROM establishments WHERE name = ? AND departement = ?";
static const char *const SQL_ESTAB_INSERT =
  "INSERT INTO establishments(name, category, departement, org_id) VALUES (?, ?, ?, ?) RETURNING id";

static const char *const SQL_ASSIGN_PUT = "INSERT INTO intern_assignments(site_id, semester, user_id) VALUES (?, ?, ?) "
                                          "ON CONFLICT (user_id, semester) DO UPDATE SET site_id = excluded.site_id";
static const char *const SQL_ASSIGN_GET = "SELECT site_id FROM intern_assignments WHERE user_id = ? AND semester = ?";
static const char *const SQL_ASSIGN_LIST =
  "SELECT site_id, semester FROM intern_assignments WHERE user_id = ? ORDER BY semester DESC LIMIT 100";

#define EVAL_SELECT \
  "SELECT id, site_id, semester, source, author_id, oppi_ref, supervision, conditions, hours, rest_taken, " \
  "training_half_days, non_medical, respect, harassment, comment, comment_status, created_at FROM intern_evaluations "
static const char *const SQL_EVAL_INSERT =
  "INSERT INTO intern_evaluations(site_id, semester, source, author_id, oppi_ref, supervision, conditions, hours, "
  "rest_taken, training_half_days, non_medical, respect, harassment, comment, comment_status) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_EVAL_GET = EVAL_SELECT "WHERE id = ?1";
static const char *const SQL_EVAL_MINE = EVAL_SELECT "WHERE author_id = ?1 ORDER BY semester DESC, id DESC";
static const char *const SQL_EVAL_PENDING = EVAL_SELECT
  "WHERE comment_status = 'pending' AND ?1 = ?1 ORDER BY id LIMIT 500";
static const char *const SQL_EVAL_STATUS = "UPDATE intern_evaluations SET comment_status = ? WHERE id = ?";
/* comments come out in text order, not answer order: nothing ties them to a row */
static const char *const SQL_EVAL_COMMENTS = EVAL_SELECT
  "WHERE site_id = ?1 AND semester >= ?2 AND semester <= ?3 AND comment_status = 'approved' "
  "ORDER BY comment, id";
static const char *const SQL_EVAL_OPPI = "SELECT count(*) FROM intern_evaluations WHERE oppi_ref = ?";
#define CELL_COLS \
  "SELECT site_id, semester, count(*), sum(supervision), sum(CASE WHEN supervision = 0 THEN 1 ELSE 0 END), " \
  "sum(conditions), sum(hours), sum(CASE WHEN rest_taken = 2 THEN 0 ELSE 1 END), " \
  "sum(CASE WHEN rest_taken = 0 THEN 1 ELSE 0 END), sum(training_half_days), sum(non_medical), sum(respect), " \
  "sum(harassment) FROM intern_evaluations "
#define FROZEN_COLS \
  "SELECT site_id, semester, n, sum_supervision, no_supervisor, sum_conditions, sum_hours, nights, rest_not_taken, " \
  "sum_training, sum_non_medical, sum_respect, harassment FROM intern_cells "
static const char *const SQL_FROZEN_ALL = FROZEN_COLS "ORDER BY site_id, semester";
static const char *const SQL_FROZEN_SITE = FROZEN_COLS "WHERE site_id = ? ORDER BY semester";
static const char *const SQL_FREEZE =
  "INSERT INTO intern_cells(site_id, semester, n, sum_supervision, no_supervisor, sum_conditions, sum_hours, nights, "
  "rest_not_taken, sum_training, sum_non_medical, sum_respect, harassment) " CELL_COLS
  "WHERE semester = ? GROUP BY site_id, semester";
static const char *const SQL_CELLS_SITE = CELL_COLS
  "WHERE site_id = ? GROUP BY site_id, semester ORDER BY site_id, semester";

#define RULE_SELECT \
  "SELECT r.code, r.enabled, r.threshold, r.authority, r.owner_id, r.updated_at, coalesce(u.login, '') " \
  "FROM intern_alert_rules r LEFT JOIN users u ON u.id = r.owner_id "
static const char *const SQL_RULE_LIST = RULE_SELECT "WHERE ?1 = ?1 ORDER BY r.code";
static const char *const SQL_RULE_GET = RULE_SELECT "WHERE r.code = ?";
static const char *const SQL_RULE_UPDATE =
  "UPDATE intern_alert_rules SET enabled = ?1, threshold = ?2, authority = ?3, owner_id = ?4, "
  "updated_at = plam_now() WHERE code = ?5";

#define ALERT_SELECT \
  "SELECT a.id, a.site_id, a.rule, a.period, a.value, a.respondents, a.authority, a.owner_id, a.status, " \
  "a.created_at, a.updated_at, s.label, e.name, e.departement, coalesce(u.login, '') FROM intern_alerts a " \
  "JOIN intern_sites s ON s.id = a.site_id JOIN establishments e ON e.id = s.establishment_id " \
  "LEFT JOIN users u ON u.id = a.owner_id "
static const char *const SQL_ALERT_LIST = ALERT_SELECT
  "WHERE (?1 IS NULL OR a.status = ?1) AND (?2 = 0 OR a.site_id = ?2) "
  "ORDER BY a.status = 'closed', a.id DESC LIMIT 1000";
static const char *const SQL_ALERT_GET = ALERT_SELECT "WHERE a.id = ?1";
static const char *const SQL_ALERT_FIND = ALERT_SELECT "WHERE a.site_id = ?1 AND a.rule = ?2 AND a.period = ?3";
static const char *const SQL_ALERT_INSERT =
  "INSERT INTO intern_alerts(site_id, rule, period, value, respondents, authority, owner_id, status) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_ALERT_UPDATE =
  "UPDATE intern_alerts SET value = ?1, respondents = ?2, owner_id = ?3, status = ?4, updated_at = plam_now() "
  "WHERE id = ?5";
#define AACT_SELECT \
  "SELECT x.id, x.alert_id, x.status, x.note, x.author_id, x.created_at, coalesce(u.login, '') " \
  "FROM intern_alert_actions x LEFT JOIN users u ON u.id = x.author_id "
static const char *const SQL_AACT_LIST = AACT_SELECT "WHERE x.alert_id = ?1 ORDER BY x.id";
static const char *const SQL_AACT_INSERT =
  "INSERT INTO intern_alert_actions(alert_id, status, note, author_id) VALUES (?, ?, ?, ?) RETURNING id";
static const char *const SQL_ALERT_DEPS =
  "SELECT e.departement, count(DISTINCT s.id) FROM intern_alerts a JOIN intern_sites s ON s.id = a.site_id "
  "JOIN establishments e ON e.id = s.establishment_id WHERE a.status <> 'closed' GROUP BY e.departement "
  "ORDER BY e.departement";

#define REVIEW_SELECT \
  "SELECT id, site_id, year, status, conclusion, decision, created_at, updated_at FROM intern_reviews "
static const char *const SQL_REVIEW_LIST = REVIEW_SELECT "WHERE (?1 = 0 OR site_id = ?1) ORDER BY year DESC, id DESC";
static const char *const SQL_REVIEW_GET = REVIEW_SELECT "WHERE id = ?1";
static const char *const SQL_REVIEW_INSERT =
  "INSERT INTO intern_reviews(site_id, year, status, conclusion, decision) VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_REVIEW_UPDATE =
  "UPDATE intern_reviews SET status = ?1, conclusion = ?2, decision = ?3, updated_at = plam_now() WHERE id = ?4";

#define IACT_SELECT \
  "SELECT id, kind, review_id, title, owner, due_on, status, follow_up, results, shared, created_at, updated_at " \
  "FROM intern_actions "
static const char *const SQL_IACT_REVIEW = IACT_SELECT "WHERE review_id = ?1 ORDER BY id";
static const char *const SQL_IACT_PROGRAMMES = IACT_SELECT "WHERE kind = 'programme' AND ?1 = 0 ORDER BY id";
static const char *const SQL_IACT_GET = IACT_SELECT "WHERE id = ?1";
static const char *const SQL_IACT_INSERT =
  "INSERT INTO intern_actions(kind, review_id, title, owner, due_on, status, follow_up, results, shared) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_IACT_UPDATE =
  "UPDATE intern_actions SET title = ?1, owner = ?2, due_on = ?3, status = ?4, follow_up = ?5, results = ?6, "
  "shared = ?7, updated_at = plam_now() WHERE id = ?8";

/* ---- helpers ---- */

static plam_err run(struct db_stmt *st, plam_err e) {
  int row;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

static plam_err run_changed(struct db *db, struct db_stmt *st, plam_err e) {
  e = run(st, e);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

static plam_err bind_opt_text(struct db_stmt *st, int i, const char *s) { return db_bind_text(st, i, *s ? s : NULL); }
static plam_err bind_opt_id(struct db_stmt *st, int i, int64_t v) {
  return v ? db_bind_int64(st, i, v) : db_bind_null(st, i);
}

/* Rows of a statement with ?1 = a text (or NULL) and ?2 = an integer. */
static plam_err rows_text_int(struct db *db, const char *sql, const struct store_table *t, const char *s, int64_t v,
                              struct store_rows *out) {
  out->rows = NULL;
  out->n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_text(st, 1, s);
  if (!e) e = db_bind_int64(st, 2, v);
  if (e) {
    db_done(st);
    return e;
  }
  return store_rows_collect(st, t, out);
}

/* ---- establishments (read; the demo may add one) ---- */

plam_err store_intern_establishment(struct db *db, int64_t id, struct iestab *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ESTAB, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    out->id = db_column_int64(st, 0);
    out->org_id = db_column_int64(st, 1);
    store_copy(out->name, sizeof out->name, db_column_text(st, 2));
    store_copy(out->departement, sizeof out->departement, db_column_text(st, 3));
    store_copy(out->category, sizeof out->category, db_column_text(st, 4));
  }
  db_done(st);
  return e;
}

plam_err store_intern_unit(struct db *db, int64_t id, int64_t *unit_estab, char *name, size_t n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UNIT, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    *unit_estab = db_column_int64(st, 0);
    store_copy(name, n, db_column_text(st, 1));
  }
  db_done(st);
  return e;
}

plam_err store_intern_establishment_ensure(struct db *db, const char *name, const char *category,
                                           const char *departement, int64_t org_id, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ESTAB_FIND, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, name);
  if (!e) e = db_bind_text(st, 2, departement);
  if (!e) e = db_step(st, &row);
  if (!e && row) *id = db_column_int64(st, 0);
  db_done(st);
  if (e || row) return e;
  if ((e = db_prepare(db, SQL_ESTAB_INSERT, &st))) return e;
  e = db_bind_text(st, 1, name);
  if (!e) e = db_bind_text(st, 2, category);
  if (!e) e = db_bind_text(st, 3, departement);
  if (!e) e = bind_opt_id(st, 4, org_id);
  return store_insert_id(st, e, id);
}

/* ---- sites ---- */

plam_err store_isite_list(struct db *db, struct store_rows *out) {
  return store_rows_query(db, SQL_SITE_LIST, &store_isite_t, 0, out);
}
plam_err store_isite_get(struct db *db, int64_t id, struct isite_rec *out) {
  return store_rec_get(db, SQL_SITE_GET, &store_isite_t, id, out);
}
plam_err store_isite_insert(struct db *db, const struct isite_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_SITE_INSERT, &store_isite_t, r, id);
}
plam_err store_intern_region_points(struct db *db, const char *region, char (**deps)[12], double **lonlat, int *n) {
  *deps = NULL;
  *lonlat = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT c.departement, c.lon, c.lat FROM communes c JOIN territories d ON d.id = "
                          "c.departement WHERE d.parent = ?1 ORDER BY c.departement, c.code",
                          &st);
  if (e) return e;
  e = db_bind_text(st, 1, region);
  int row = 0, cap = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 1024;
      char(*nd)[12] = realloc(*deps, (size_t)cap * sizeof *nd);
      if (nd) *deps = nd;
      double *nl = nd ? realloc(*lonlat, (size_t)cap * 2 * sizeof *nl) : NULL;
      if (nl) *lonlat = nl;
      if (!nd || !nl) {
        e = PLAM_ERR_NOMEM;
        break;
      }
    }
    store_copy((*deps)[*n], 12, db_column_text(st, 0));
    (*lonlat)[2 * *n] = db_column_double(st, 1);
    (*lonlat)[2 * *n + 1] = db_column_double(st, 2);
    (*n)++;
  }
  db_done(st);
  if (e) {
    free(*deps);
    free(*lonlat);
    *deps = NULL;
    *lonlat = NULL;
    *n = 0;
  }
  return e;
}

plam_err store_isite_dropouts(struct db *db, int64_t site_id, int64_t year, int64_t *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT dropouts FROM train_site_dropouts WHERE site_id = ?1 AND year = ?2", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, site_id);
  if (!e) e = db_bind_int64(st, 2, year);
  if (!e) e = db_step(st, &row);
  if (!e && row) *n = db_column_int64(st, 0);
  db_done(st);
  return e;
}
plam_err store_isite_update(struct db *db, const struct isite_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SITE_UPDATE, &st);
  if (e) return e;
  int next = 0;
  e = store_rec_bind(st, &store_isite_t, r, &next);
  if (!e) e = db_bind_int64(st, next, r->id);
  return run_changed(db, st, e);
}
plam_err store_idecision_list(struct db *db, int64_t site_id, struct store_rows *out) {
  return store_rows_query(db, SQL_DEC_LIST, &store_idecision_t, site_id, out);
}
plam_err store_idecision_insert(struct db *db, const struct idecision_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_DEC_INSERT, &store_idecision_t, r, id);
}

/* ---- assignments ---- */

plam_err store_iassign_put(struct db *db, int64_t site_id, const char *semester, int64_t user_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN_PUT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, site_id);
  if (!e) e = db_bind_text(st, 2, semester);
  if (!e) e = db_bind_int64(st, 3, user_id);
  return run(st, e);
}

plam_err store_iassign_get(struct db *db, int64_t user_id, const char *semester, int64_t *site_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN_GET, &st);
  if (e) return e;
  int row = 0;
  *site_id = 0;
  e = db_bind_int64(st, 1, user_id);
  if (!e) e = db_bind_text(st, 2, semester);
  if (!e) e = db_step(st, &row);
  if (!e && row) *site_id = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_iassign_list(struct db *db, int64_t user_id, int64_t **sites, char (**semesters)[8], int *n) {
  *sites = NULL;
  *semesters = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN_LIST, &st);
  if (e) return e;
  int64_t *s = malloc(100 * sizeof *s);
  char(*m)[8] = malloc(100 * sizeof *m);
  if (!s || !m) e = PLAM_ERR_NOMEM;
  if (!e) e = db_bind_int64(st, 1, user_id);
  int row = 0;
  while (!e && *n < 100 && !(e = db_step(st, &row)) && row) {
    s[*n] = db_column_int64(st, 0);
    store_copy(m[*n], sizeof m[*n], db_column_text(st, 1));
    (*n)++;
  }
  db_done(st);
  if (e) {
    free(s);
    free(m);
    *n = 0;
    return e;
  }
  *sites = s;
  *semesters = m;
  return PLAM_OK;
}

/* ---- semesters ---- */

static const char *const SQL_SEM_CLOSED = "SELECT count(*) FROM intern_semesters WHERE semester = ?";
static const char *const SQL_SEM_CLOSE = "INSERT INTO intern_semesters(semester, closed_by) VALUES (?, ?)";
static const char *const SQL_SEM_LIST = "SELECT semester FROM intern_semesters ORDER BY semester DESC LIMIT 200";

plam_err store_isem_closed(struct db *db, const char *semester, int *closed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SEM_CLOSED, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, semester);
  if (!e) e = db_step(st, &row);
  *closed = !e && row && db_column_int64(st, 0) > 0;
  db_done(st);
  return e;
}

plam_err store_isem_close(struct db *db, const char *semester, int64_t user_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SEM_CLOSE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, semester);
  if (!e) e = bind_opt_id(st, 2, user_id);
  return run(st, e);
}

plam_err store_isem_list(struct db *db, char (**out)[8], int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SEM_LIST, &st);
  if (e) return e;
  char(*m)[8] = malloc(200 * sizeof *m);
  if (!m) e = PLAM_ERR_NOMEM;
  int row = 0;
  while (!e && *n < 200 && !(e = db_step(st, &row)) && row) {
    store_copy(m[*n], sizeof m[*n], db_column_text(st, 0));
    (*n)++;
  }
  db_done(st);
  if (e) {
    free(m);
    *n = 0;
    return e;
  }
  *out = m;
  return PLAM_OK;
}

/* ---- evaluations ---- */

plam_err store_ieval_insert(struct db *db, const struct ieval_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_EVAL_INSERT, &store_ieval_t, r, id);
}
plam_err store_ieval_get(struct db *db, int64_t id, struct ieval_rec *out) {
  return store_rec_get(db, SQL_EVAL_GET, &store_ieval_t, id, out);
}
plam_err store_ieval_mine(struct db *db, int64_t author_id, struct store_rows *out) {
  return store_rows_query(db, SQL_EVAL_MINE, &store_ieval_t, author_id, out);
}
plam_err store_ieval_pending(struct db *db, struct store_rows *out) {
  return store_rows_query(db, SQL_EVAL_PENDING, &store_ieval_t, 0, out);
}
plam_err store_ieval_set_comment_status(struct db *db, int64_t id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_EVAL_STATUS, &st);
  if (e) return e;
  e = db_bind_text(st, 1, status);
  if (!e) e = db_bind_int64(st, 2, id);
  return run_changed(db, st, e);
}
plam_err store_ieval_comments(struct db *db, int64_t site_id, const char *first, const char *last,
                              struct store_rows *out) {
  out->rows = NULL;
  out->n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_EVAL_COMMENTS, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, site_id);
  if (!e) e = db_bind_text(st, 2, first);
  if (!e) e = db_bind_text(st, 3, last);
  const struct store_table *t = &store_ieval_t;
  if (e) {
    db_done(st);
    return e;
  }
  return store_rows_collect(st, t, out);
}
plam_err store_ieval_oppi_exists(struct db *db, const char *ref, int *exists) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_EVAL_OPPI, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, ref);
  if (!e) e = db_step(st, &row);
  *exists = !e && row && db_column_int64(st, 0) > 0;
  db_done(st);
  return e;
}

static void cell_read(struct db_stmt *st, void *out) {
  struct icell *c = out;
  c->site_id = db_column_int64(st, 0);
  store_copy(c->semester, sizeof c->semester, db_column_text(st, 1));
  int64_t *v[] = {&c->n,         &c->sum_supervision, &c->no_supervisor, &c->sum_conditions,  &c->sum_hours,
                  &c->nights,    &c->rest_not_taken,  &c->sum_training,  &c->sum_non_medical, &c->sum_respect,
                  &c->harassment};
  for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++) *v[i] = db_column_int64(st, 2 + i);
}

static plam_err cells_read(struct db *db, const char *sql, int64_t site_id, struct icell **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  if (site_id) e = db_bind_int64(st, 1, site_id);
  return store_rows_collect_by(st, e, cell_read, sizeof **out, 0, (void **)out, n);
}

plam_err store_icells(struct db *db, int64_t site_id, struct icell **out, int *n) {
  return cells_read(db, SQL_CELLS_SITE, site_id, out, n);
}
plam_err store_icells_frozen(struct db *db, int64_t site_id, struct icell **out, int *n) {
  return cells_read(db, site_id ? SQL_FROZEN_SITE : SQL_FROZEN_ALL, site_id, out, n);
}
plam_err store_icells_freeze(struct db *db, const char *semester) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_FREEZE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, semester);
  return run(st, e);
}

/* ---- rules and alerts ---- */

plam_err store_irule_list(struct db *db, struct store_rows *out) {
  return store_rows_query(db, SQL_RULE_LIST, &store_irule_t, 0, out);
}
plam_err store_irule_get(struct db *db, const char *code, struct irule_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RULE_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, code);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    memset(out, 0, sizeof *out);
    store_rec_read(st, &store_irule_t, out);
  }
  db_done(st);
  return e;
}
plam_err store_irule_update(struct db *db, const struct irule_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RULE_UPDATE, &st);
  if (e) return e;
  int next = 0;
  e = store_rec_bind(st, &store_irule_t, r, &next);
  if (!e) e = db_bind_text(st, next, r->code);
  return run_changed(db, st, e);
}
plam_err store_ialert_list(struct db *db, const char *status, int64_t site_id, struct store_rows *out) {
  return rows_text_int(db, SQL_ALERT_LIST, &store_ialert_t, status, site_id, out);
}
plam_err store_ialert_get(struct db *db, int64_t id, struct ialert_rec *out) {
  return store_rec_get(db, SQL_ALERT_GET, &store_ialert_t, id, out);
}
plam_err store_ialert_find(struct db *db, int64_t site_id, const char *rule, const char *period,
                           struct ialert_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ALERT_FIND, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, site_id);
  if (!e) e = db_bind_text(st, 2, rule);
  if (!e) e = db_bind_text(st, 3, period);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    memset(out, 0, sizeof *out);
    store_rec_read(st, &store_ialert_t, out);
  }
  db_done(st);
  return e;
}
plam_err store_ialert_insert(struct db *db, const struct ialert_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_ALERT_INSERT, &store_ialert_t, r, id);
}
plam_err store_ialert_update(struct db *db, const struct ialert_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ALERT_UPDATE, &st);
  if (e) return e;
  e = db_bind_double(st, 1, r->value);
  if (!e) e = db_bind_int64(st, 2, r->respondents);
  if (!e) e = bind_opt_id(st, 3, r->owner_id);
  if (!e) e = db_bind_text(st, 4, r->status);
  if (!e) e = db_bind_int64(st, 5, r->id);
  return run_changed(db, st, e);
}
plam_err store_ialert_action_list(struct db *db, int64_t alert_id, struct store_rows *out) {
  return store_rows_query(db, SQL_AACT_LIST, &store_ialert_action_t, alert_id, out);
}
plam_err store_ialert_action_insert(struct db *db, const struct ialert_action_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_AACT_INSERT, &store_ialert_action_t, r, id);
}
plam_err store_ialert_sites_by_dep(struct db *db, char (**deps)[12], int64_t **counts, int *n) {
  *deps = NULL;
  *counts = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ALERT_DEPS, &st);
  if (e) return e;
  char(*d)[12] = malloc(200 * sizeof *d);
  int64_t *c = malloc(200 * sizeof *c);
  if (!d || !c) e = PLAM_ERR_NOMEM;
  int row = 0;
  while (!e && *n < 200 && !(e = db_step(st, &row)) && row) {
    store_copy(d[*n], sizeof d[*n], db_column_text(st, 0));
    c[*n] = db_column_int64(st, 1);
    (*n)++;
  }
  db_done(st);
  if (e) {
    free(d);
    free(c);
    *n = 0;
    return e;
  }
  *deps = d;
  *counts = c;
  return PLAM_OK;
}

/* ---- reviews and actions ---- */

plam_err store_ireview_list(struct db *db, int64_t site_id, struct store_rows *out) {
  return store_rows_query(db, SQL_REVIEW_LIST, &store_ireview_t, site_id, out);
}
plam_err store_ireview_get(struct db *db, int64_t id, struct ireview_rec *out) {
  return store_rec_get(db, SQL_REVIEW_GET, &store_ireview_t, id, out);
}
plam_err store_ireview_insert(struct db *db, const struct ireview_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_REVIEW_INSERT, &store_ireview_t, r, id);
}
plam_err store_ireview_update(struct db *db, const struct ireview_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_REVIEW_UPDATE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, r->status);
  if (!e) e = bind_opt_text(st, 2, r->conclusion);
  if (!e) e = db_bind_text(st, 3, r->decision);
  if (!e) e = db_bind_int64(st, 4, r->id);
  return run_changed(db, st, e);
}
plam_err store_iaction_list(struct db *db, int64_t review_id, struct store_rows *out) {
  return store_rows_query(db, review_id ? SQL_IACT_REVIEW : SQL_IACT_PROGRAMMES, &store_iaction_t, review_id, out);
}
plam_err store_iaction_get(struct db *db, int64_t id, struct iaction_rec *out) {
  return store_rec_get(db, SQL_IACT_GET, &store_iaction_t, id, out);
}
plam_err store_iaction_insert(struct db *db, const struct iaction_rec *r, int64_t *id) {
  return store_rec_insert(db, SQL_IACT_INSERT, &store_iaction_t, r, id);
}
plam_err store_iaction_update(struct db *db, const struct iaction_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_IACT_UPDATE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, r->title);
  if (!e) e = bind_opt_text(st, 2, r->owner);
  if (!e) e = bind_opt_text(st, 3, r->due_on);
  if (!e) e = db_bind_text(st, 4, r->status);
  if (!e) e = bind_opt_text(st, 5, r->follow_up);
  if (!e) e = bind_opt_text(st, 6, r->results);
  if (!e) e = db_bind_int64(st, 7, r->shared);
  if (!e) e = db_bind_int64(st, 8, r->id);
  return run_changed(db, st, e);
}
