/* SQL of the training module: see store_train.h. One row of ents[] per
 * entity holds its column table and its statements; the generic functions
 * below run them. List statements use the filter parameters ?1 territory,
 * ?2 institute, ?3 year, ?4 organisation, ?5 programme, ?6 parent; each
 * statement binds only those it names. */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"
#include "store/store_train.h"

#define C(S, F, T, FL) \
  { #F, T, offsetof(struct S, F), sizeof(((struct S *)0)->F), FL }
#define TBL(name, S, arr) \
  static const struct store_table name = {arr, (int)(sizeof arr / sizeof arr[0]), sizeof(struct S)}
#define RO STORE_COL_RO
#define ID STORE_COL_ID
#define INT STORE_COL_INT
#define TXT STORE_COL_TEXT
#define OPT STORE_COL_OPT_INT

static const struct store_col inst_cols[] = {
  C(train_institute_rec, id, ID, RO),
  C(train_institute_rec, name, TXT, 0),
  C(train_institute_rec, kind, TXT, 0),
  C(train_institute_rec, uai, TXT, 0),
  C(train_institute_rec, establishment_id, ID, 0),
  C(train_institute_rec, departement, TXT, 0),
  C(train_institute_rec, org_id, ID, 0),
  C(train_institute_rec, finess, TXT, RO),
  C(train_institute_rec, establishment_name, TXT, RO),
  C(train_institute_rec, departement_name, TXT, RO),
  C(train_institute_rec, region, TXT, RO),
  C(train_institute_rec, org_name, TXT, RO),
  C(train_institute_rec, created_at, TXT, RO),
  C(train_institute_rec, updated_at, TXT, RO),
};
TBL(inst_t, train_institute_rec, inst_cols);

static const struct store_col cap_cols[] = {
  C(train_capacity_rec, id, ID, RO),
  C(train_capacity_rec, institute_id, ID, 0),
  C(train_capacity_rec, programme, TXT, 0),
  C(train_capacity_rec, year, INT, 0),
  C(train_capacity_rec, route, TXT, 0),
  C(train_capacity_rec, places, INT, 0),
  C(train_capacity_rec, increase, INT, 0),
  C(train_capacity_rec, filled, OPT, 0),
  C(train_capacity_rec, note, TXT, 0),
  C(train_capacity_rec, source, TXT, 0),
  C(train_capacity_rec, institute_name, TXT, RO),
  C(train_capacity_rec, departement, TXT, RO),
  C(train_capacity_rec, org_id, ID, RO | STORE_COL_HIDDEN),
  C(train_capacity_rec, updated_at, TXT, RO),
};
TBL(cap_t, train_capacity_rec, cap_cols);

static const struct store_col target_cols[] = {
  C(train_target_rec, id, ID, RO),        C(train_target_rec, kind, TXT, 0),
  C(train_target_rec, programme, TXT, 0), C(train_target_rec, territory_id, TXT, 0),
  C(train_target_rec, year, INT, 0),      C(train_target_rec, route, TXT, 0),
  C(train_target_rec, places, INT, 0),    C(train_target_rec, note, TXT, 0),
  C(train_target_rec, source, TXT, 0),    C(train_target_rec, territory_name, TXT, RO),
};
TBL(target_t, train_target_rec, target_cols);

static const struct store_col session_cols[] = {
  C(train_session_rec, id, ID, RO),
  C(train_session_rec, title, TXT, 0),
  C(train_session_rec, hours, INT, 0),
  C(train_session_rec, audience, TXT, 0),
  C(train_session_rec, departement, TXT, 0),
  C(train_session_rec, institute_id, ID, 0),
  C(train_session_rec, organiser, TXT, 0),
  C(train_session_rec, starts_on, TXT, 0),
  C(train_session_rec, ends_on, TXT, 0),
  C(train_session_rec, places, INT, 0),
  C(train_session_rec, enrolled, INT, 0),
  C(train_session_rec, source, TXT, 0),
  C(train_session_rec, institute_name, TXT, RO),
  C(train_session_rec, org_id, ID, RO | STORE_COL_HIDDEN),
};
TBL(session_t, train_session_rec, session_cols);

static const struct store_col appr_cols[] = {
  C(train_apprentice_rec, id, ID, RO),           C(train_apprentice_rec, apprentice_name, TXT, 0),
  C(train_apprentice_rec, programme, TXT, 0),    C(train_apprentice_rec, institute_id, ID, 0),
  C(train_apprentice_rec, employer_id, ID, 0),   C(train_apprentice_rec, employer_name, TXT, 0),
  C(train_apprentice_rec, master_name, TXT, 0),  C(train_apprentice_rec, starts_on, TXT, 0),
  C(train_apprentice_rec, ends_on, TXT, 0),      C(train_apprentice_rec, master_aid_cents, OPT, 0),
  C(train_apprentice_rec, status, TXT, 0),       C(train_apprentice_rec, diploma_on, TXT, 0),
  C(train_apprentice_rec, employment, TXT, 0),   C(train_apprentice_rec, institute_name, TXT, RO),
  C(train_apprentice_rec, departement, TXT, RO), C(train_apprentice_rec, org_id, ID, RO | STORE_COL_HIDDEN),
  C(train_apprentice_rec, updated_at, TXT, RO),
};
TBL(appr_t, train_apprentice_rec, appr_cols);

static const struct store_col note_cols[] = {
  C(train_note_rec, id, ID, RO),          C(train_note_rec, apprentice_id, ID, 0),
  C(train_note_rec, noted_on, TXT, 0),    C(train_note_rec, text, TXT, 0),
  C(train_note_rec, author_id, ID, 0),    C(train_note_rec, author_login, TXT, RO),
  C(train_note_rec, created_at, TXT, RO),
};
TBL(note_t, train_note_rec, note_cols);

static const struct store_col action_cols[] = {
  C(train_action_rec, id, ID, RO),
  C(train_action_rec, kind, TXT, 0),
  C(train_action_rec, title, TXT, 0),
  C(train_action_rec, institute_id, ID, 0),
  C(train_action_rec, territory_id, TXT, 0),
  C(train_action_rec, status, TXT, 0),
  C(train_action_rec, starts_on, TXT, 0),
  C(train_action_rec, ends_on, TXT, 0),
  C(train_action_rec, participants, OPT, 0),
  C(train_action_rec, results, TXT, 0),
  C(train_action_rec, source, TXT, 0),
  C(train_action_rec, institute_name, TXT, RO),
  C(train_action_rec, org_id, ID, RO | STORE_COL_HIDDEN),
  C(train_action_rec, updated_at, TXT, RO),
};
TBL(action_t, train_action_rec, action_cols);

static const struct store_col link_cols[] = {
  C(train_link_rec, id, ID, RO),
  C(train_link_rec, indicator_id, ID, 0),
  C(train_link_rec, metric, TXT, 0),
  C(train_link_rec, programme, TXT, 0),
  C(train_link_rec, route, TXT, 0),
  C(train_link_rec, indicator_code, TXT, RO),
  C(train_link_rec, indicator_name, TXT, RO),
  C(train_link_rec, indicator_kind, TXT, RO),
  C(train_link_rec, plan_id, ID, RO),
  C(train_link_rec, created_at, TXT, RO),
};
TBL(link_t, train_link_rec, link_cols);

static const struct store_col drop_cols[] = {
  C(train_dropout_rec, id, ID, RO),
  C(train_dropout_rec, cohort_id, ID, 0),
  C(train_dropout_rec, line_year, OPT, 0),
  C(train_dropout_rec, cause, TXT, 0),
  C(train_dropout_rec, internship, STORE_COL_BOOL, 0),
  C(train_dropout_rec, site_id, ID, 0),
  C(train_dropout_rec, dropouts, INT, 0),
  C(train_dropout_rec, note, TXT, 0),
  C(train_dropout_rec, institute_id, ID, RO),
  C(train_dropout_rec, programme, TXT, RO),
  C(train_dropout_rec, year, INT, RO),
  C(train_dropout_rec, study_year, INT, RO),
  C(train_dropout_rec, enrolled, INT, RO),
  C(train_dropout_rec, site_label, TXT, RO),
  C(train_dropout_rec, institute_name, TXT, RO),
  C(train_dropout_rec, departement, TXT, RO),
  C(train_dropout_rec, org_id, ID, RO | STORE_COL_HIDDEN),
  C(train_dropout_rec, updated_at, TXT, RO),
};
TBL(drop_t, train_dropout_rec, drop_cols);

const struct store_table *const store_train_tables[TRAIN__ENTITIES] = {
  &inst_t, &cap_t, &target_t, &session_t, &appr_t, &note_t, &action_t, &link_t, &drop_t};

/* rows of an institute in a territory (département or région) */
#define IN_TERR(dep) "(?1 IS NULL OR " dep " = ?1 OR d.parent = ?1)"

struct ent_sql {
  const char *select;                /* SELECT … FROM … (no WHERE) */
  const char *by_id;                 /* the row's id column, for get */
  const char *insert, *update, *del; /* NULL: not allowed */
  const char *where, *order;         /* list */
};
static const struct ent_sql ents[TRAIN__ENTITIES] = {
  [TRAIN_INSTITUTE] =
    {"SELECT i.id, i.name, i.kind, i.uai, i.establishment_id, i.departement, i.org_id, e.finess, e.name, d.name, "
     "d.parent, o.name, i.created_at, i.updated_at FROM train_institutes i JOIN territories d ON d.id = i.departement "
     "LEFT JOIN establishments e ON e.id = i.establishment_id LEFT JOIN organisations o ON o.id = i.org_id",
     "i.id",
     "INSERT INTO train_institutes(name, kind, uai, establishment_id, departement, org_id) VALUES (?, ?, ?, ?, ?, ?) "
     "RETURNING id",
     "UPDATE train_institutes SET name = ?, kind = ?, uai = ?, establishment_id = ?, departement = ?, org_id = ?, "
     "updated_at = plam_now() WHERE id = ?",
     NULL, IN_TERR("i.departement") " AND (?2 = 0 OR i.id = ?2) AND (?4 = 0 OR i.org_id = ?4)", "d.id, i.name, i.id"},
  [TRAIN_CAPACITY] =
    {"SELECT c.id, c.institute_id, c.programme, c.year, c.route, c.places, c.increase, c.filled, c.note, c.source, "
     "i.name, i.departement, i.org_id, c.updated_at FROM train_capacities c JOIN train_institutes i ON i.id = "
     "c.institute_id JOIN territories d ON d.id = i.departement",
     "c.id",
     "INSERT INTO train_capacities(institute_id, programme, year, route, places, increase, filled, note, source) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
     "UPDATE train_capacities SET institute_id = ?, programme = ?, year = ?, route = ?, places = ?, increase = ?, "
     "filled = ?, note = ?, source = ?, updated_at = plam_now() WHERE id = ?",
     NULL,
     IN_TERR("i.departement") " AND (?2 = 0 OR c.institute_id = ?2) AND (?3 = 0 OR c.year = ?3) AND (?4 = 0 OR "
                              "i.org_id = ?4) AND (?5 IS NULL OR c.programme = ?5)",
     "c.year DESC, i.departement, i.name, c.programme, c.route, c.id"},
  [TRAIN_TARGET] = {"SELECT t.id, t.kind, t.programme, t.territory_id, t.year, t.route, t.places, t.note, t.source, "
                    "d.name FROM train_targets t JOIN territories d ON d.id = t.territory_id",
                    "t.id",
                    "INSERT INTO train_targets(kind, programme, territory_id, year, route, places, note, source) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    "UPDATE train_targets SET kind = ?, programme = ?, territory_id = ?, year = ?, route = ?, "
                    "places = ?, note = ?, source = ? WHERE id = ?",
                    NULL, IN_TERR("t.territory_id") " AND (?3 = 0 OR t.year = ?3) AND (?5 IS NULL OR t.programme = ?5)",
                    "t.year DESC, t.programme, t.kind, t.territory_id, t.route, t.id"},
  [TRAIN_SESSION] =
    {"SELECT s.id, s.title, s.hours, s.audience, s.departement, s.institute_id, s.organiser, s.starts_on, s.ends_on, "
     "s.places, s.enrolled, s.source, i.name, i.org_id FROM train_sessions s JOIN territories d ON d.id = "
     "s.departement LEFT JOIN train_institutes i ON i.id = s.institute_id",
     "s.id",
     "INSERT INTO train_sessions(title, hours, audience, departement, institute_id, organiser, starts_on, ends_on, "
     "places, enrolled, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
     "UPDATE train_sessions SET title = ?, hours = ?, audience = ?, departement = ?, institute_id = ?, organiser = ?, "
     "starts_on = ?, ends_on = ?, places = ?, enrolled = ?, source = ? WHERE id = ?",
     NULL,
     IN_TERR("s.departement") " AND (?2 = 0 OR s.institute_id = ?2) AND (?3 = 0 OR CAST(substr(s.starts_on, 1, 4) AS "
                              "INTEGER) = ?3) AND (?4 = 0 OR i.org_id = ?4)",
     "s.starts_on, s.departement, s.id"},
  [TRAIN_APPRENTICE] =
    {"SELECT a.id, a.apprentice_name, a.programme, a.institute_id, a.employer_id, a.employer_name, a.master_name, "
     "a.starts_on, a.ends_on, a.master_aid_cents, a.status, a.diploma_on, a.employment, i.name, i.departement, "
     "i.org_id, a.updated_at FROM train_apprentices a JOIN train_institutes i ON i.id = a.institute_id JOIN "
     "territories d ON d.id = i.departement",
     "a.id",
     "INSERT INTO train_apprentices(apprentice_name, programme, institute_id, employer_id, employer_name, "
     "master_name, starts_on, ends_on, master_aid_cents, status, diploma_on, employment) VALUES (?, ?, ?, ?, ?, ?, "
     "?, ?, ?, ?, ?, ?) RETURNING id",
     "UPDATE train_apprentices SET apprentice_name = ?, programme = ?, institute_id = ?, employer_id = ?, "
     "employer_name = ?, master_name = ?, starts_on = ?, ends_on = ?, master_aid_cents = ?, status = ?, diploma_on = "
     "?, employment = ?, updated_at = plam_now() WHERE id = ?",
     NULL,
     IN_TERR("i.departement") " AND (?2 = 0 OR a.institute_id = ?2) AND (?3 = 0 OR (CAST(substr(a.starts_on, 1, 4) "
                              "AS INTEGER) <= ?3 AND CAST(substr(a.ends_on, 1, 4) AS INTEGER) >= ?3)) AND (?4 = 0 OR "
                              "i.org_id = ?4) AND (?5 IS NULL OR a.programme = ?5)",
     "a.starts_on DESC, a.id"},
  [TRAIN_NOTE] = {"SELECT n.id, n.apprentice_id, n.noted_on, n.text, n.author_id, u.login, n.created_at FROM "
                  "train_apprentice_notes n LEFT JOIN users u ON u.id = n.author_id",
                  "n.id",
                  "INSERT INTO train_apprentice_notes(apprentice_id, noted_on, text, author_id) VALUES (?, ?, ?, ?) "
                  "RETURNING id",
                  NULL, NULL, "(?6 = 0 OR n.apprentice_id = ?6)", "n.noted_on, n.id"},
  [TRAIN_ACTION] =
    {"SELECT a.id, a.kind, a.title, a.institute_id, a.territory_id, a.status, a.starts_on, a.ends_on, a.participants, "
     "a.results, a.source, i.name, i.org_id, a.updated_at FROM train_actions a LEFT JOIN train_institutes i ON i.id = "
     "a.institute_id LEFT JOIN territories d ON d.id = coalesce(a.territory_id, i.departement)",
     "a.id",
     "INSERT INTO train_actions(kind, title, institute_id, territory_id, status, starts_on, ends_on, participants, "
     "results, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
     "UPDATE train_actions SET kind = ?, title = ?, institute_id = ?, territory_id = ?, status = ?, starts_on = ?, "
     "ends_on = ?, participants = ?, results = ?, source = ?, updated_at = plam_now() WHERE id = ?",
     NULL,
     "(?1 IS NULL OR a.territory_id IS NULL AND a.institute_id IS NULL OR d.id = ?1 OR d.parent = ?1) AND (?2 = 0 OR "
     "a.institute_id = ?2) AND (?4 = 0 OR a.institute_id IS NULL OR i.org_id = ?4)",
     "a.id"},
  [TRAIN_LINK] = {"SELECT l.id, l.indicator_id, l.metric, l.programme, l.route, n.code, n.name, n.kind, p.plan_id, "
                  "l.created_at FROM train_links l JOIN indicators n ON n.id = l.indicator_id JOIN plan_actions p ON "
                  "p.id = n.action_id",
                  "l.id",
                  "INSERT INTO train_links(indicator_id, metric, programme, route) VALUES (?, ?, ?, ?) "
                  "RETURNING id",
                  NULL, "DELETE FROM train_links WHERE id = ?1", NULL, "n.code, l.id"},
  /* dropout lines with their cohort, cohorts without any line (id 0), and
   * lines without cohort (carried over from a site: their département is
   * the site's, their organisation none, so only staff see them) */
  [TRAIN_DROPOUT] =
    {"SELECT v.id, v.cohort_id, v.line_year, v.cause, v.internship, v.site_id, v.dropouts, v.note, v.institute_id, "
     "v.programme, v.year, v.study_year, v.enrolled, v.site_label, v.institute_name, v.departement, v.org_id, "
     "v.updated_at FROM (SELECT coalesce(x.id, 0) AS id, c.id AS cohort_id, x.year AS line_year, coalesce(x.cause, "
     "'') AS cause, coalesce(x.internship, 0) AS internship, x.site_id AS site_id, coalesce(x.dropouts, 0) AS "
     "dropouts, x.note AS note, c.institute_id AS institute_id, c.programme AS programme, c.year AS year, "
     "c.study_year AS study_year, c.enrolled AS enrolled, coalesce(s.label, '') AS site_label, i.name AS "
     "institute_name, i.departement AS departement, i.org_id AS org_id, coalesce(x.updated_at, '') AS updated_at "
     "FROM train_cohorts c LEFT JOIN train_dropouts x ON x.cohort_id = c.id JOIN train_institutes i ON i.id = "
     "c.institute_id LEFT JOIN intern_sites s ON s.id = x.site_id UNION ALL SELECT x.id, NULL, x.year, x.cause, "
     "x.internship, x.site_id, x.dropouts, x.note, 0, '', x.year, 0, 0, coalesce(s.label, ''), '', e.departement, "
     "NULL, x.updated_at FROM train_dropouts x LEFT JOIN intern_sites s ON s.id = x.site_id LEFT JOIN establishments "
     "e ON e.id = s.establishment_id WHERE x.cohort_id IS NULL) v LEFT JOIN territories d ON d.id = v.departement",
     "v.id", NULL,
     "UPDATE train_dropouts SET cohort_id = ?, year = ?, cause = ?, internship = ?, site_id = ?, dropouts = ?, "
     "note = ?, updated_at = plam_now() WHERE id = ?",
     NULL,
     IN_TERR("v.departement") " AND (?2 = 0 OR v.institute_id = ?2) AND (?3 = 0 OR v.year = ?3) AND (?4 = 0 OR "
                              "v.org_id = ?4) AND (?5 IS NULL OR v.programme = ?5)",
     "v.year DESC, v.institute_name, v.institute_id, v.programme, v.study_year, coalesce(v.cohort_id, 0), v.cause, "
     "v.internship, coalesce(v.site_id, 0), v.id"},
};

/* The statement cache (db.h) is keyed by the SQL text's address: the texts
 * composed from ents[] are built once, at first use, and live as long as the
 * process. */
static char *get_sql[TRAIN__ENTITIES], *list_sql[TRAIN__ENTITIES], *uai_sql;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;
static int sql_ok;

static char *compose(const char *a, const char *b, const char *c, const char *d, const char *e) {
  size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + strlen(e) + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%s%s%s%s%s", a, b, c, d, e);
  return s;
}

static void sql_build(void) {
  sql_ok = 1;
  for (int e = 0; e < TRAIN__ENTITIES; e++) {
    get_sql[e] = compose(ents[e].select, " WHERE ", ents[e].by_id, " = ?1", "");
    /* PostgreSQL must see every parameter up to the last one bound: a filter
     * parameter the entity does not use is named by a clause that is always
     * true (bind_filter binds what the text names) */
    char where[1200] = "";
    snprintf(where, sizeof where, "%s", ents[e].where ? ents[e].where : "1 = 1");
    for (int k = 1; k <= 6; k++) {
      char p[4];
      snprintf(p, sizeof p, "?%d", k);
      if (strstr(where, p)) continue;
      size_t n = strlen(where);
      snprintf(where + n, sizeof where - n, " AND (%s IS NULL OR 1 = 1)", p);
    }
    list_sql[e] = compose(ents[e].select, " WHERE ", where, " ORDER BY ", ents[e].order);
    if (!get_sql[e] || !list_sql[e]) sql_ok = 0;
  }
  uai_sql = compose(ents[TRAIN_INSTITUTE].select, " WHERE i.uai = ?1", "", "", "");
  if (!uai_sql) sql_ok = 0;
}

static plam_err sql_ready(void) {
  pthread_once(&sql_once, sql_build);
  return sql_ok ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err store_train_get(struct db *db, enum train_entity e, int64_t id, void *rec) {
  plam_err err = sql_ready();
  if (err) return err;
  return store_rec_get(db, get_sql[e], store_train_tables[e], id, rec);
}

plam_err store_train_insert(struct db *db, enum train_entity e, const void *rec, int64_t *id) {
  if (!ents[e].insert) return PLAM_ERR_INTERNAL;
  return store_rec_insert(db, ents[e].insert, store_train_tables[e], rec, id);
}

plam_err store_train_update(struct db *db, enum train_entity e, const void *rec) {
  if (!ents[e].update) return PLAM_ERR_INTERNAL;
  struct db_stmt *st;
  plam_err err = db_prepare(db, ents[e].update, &st);
  if (err) return err;
  int next = 0;
  err = store_rec_bind(st, store_train_tables[e], rec, &next);
  if (!err) err = db_bind_int64(st, next, *(const int64_t *)rec); /* every record starts with its id */
  int row = 0;
  if (!err) err = db_step(st, &row);
  db_done(st);
  if (!err && db_changes(db) != 1) err = PLAM_ERR_NOT_FOUND;
  return err;
}

plam_err store_train_delete(struct db *db, enum train_entity e, int64_t id) {
  if (!ents[e].del) return PLAM_ERR_INTERNAL;
  struct db_stmt *st;
  plam_err err = db_prepare(db, ents[e].del, &st);
  if (err) return err;
  int row = 0;
  err = db_bind_int64(st, 1, id);
  if (!err) err = db_step(st, &row);
  db_done(st);
  if (!err && db_changes(db) != 1) err = PLAM_ERR_NOT_FOUND;
  return err;
}

/* Binds the filter parameters the statement names. */
static plam_err bind_filter(struct db_stmt *st, const char *sql, const struct train_filter *f) {
  static const struct train_filter none = {0};
  if (!f) f = &none;
  plam_err e = PLAM_OK;
  if (!e && strstr(sql, "?1")) e = db_bind_text(st, 1, f->territory && *f->territory ? f->territory : NULL);
  if (!e && strstr(sql, "?2")) e = db_bind_int64(st, 2, f->institute_id);
  if (!e && strstr(sql, "?3")) e = db_bind_int64(st, 3, f->year);
  if (!e && strstr(sql, "?4")) e = db_bind_int64(st, 4, f->org_id);
  if (!e && strstr(sql, "?5")) e = db_bind_text(st, 5, f->programme && *f->programme ? f->programme : NULL);
  if (!e && strstr(sql, "?6")) e = db_bind_int64(st, 6, f->parent_id);
  return e;
}

static plam_err rows_run(struct db *db, const char *sql, const struct store_table *t, const struct train_filter *f,
                         struct store_rows *out) {
  out->rows = NULL;
  out->n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = bind_filter(st, sql, f);
  if (e) {
    db_done(st);
    return e;
  }
  return store_rows_collect(st, t, out);
}

plam_err store_train_list(struct db *db, enum train_entity e, const struct train_filter *f, struct store_rows *out) {
  plam_err err = sql_ready();
  if (err) return err;
  return rows_run(db, list_sql[e], store_train_tables[e], f, out);
}

plam_err store_train_institute_by_uai(struct db *db, const char *uai, struct train_institute_rec *out) {
  plam_err e = sql_ready();
  if (e) return e;
  const char *sql = uai_sql;
  struct db_stmt *st;
  e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, uai);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    memset(out, 0, sizeof *out);
    store_rec_read(st, &inst_t, out);
  }
  db_done(st);
  return e;
}

/* Runs sql binding the int64 values (n of them, from ?1) and reads one
 * int64 per row into a malloc'd array, or one row's columns into one. */
static plam_err exec_ids(struct db *db, const char *sql, const int64_t *v, int nv, const char *text1) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int i = 0;
  if (text1) e = db_bind_text(st, ++i, text1);
  for (int k = 0; !e && k < nv; k++) e = db_bind_int64(st, ++i, v[k]);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_train_establishment_exists(struct db *db, int64_t id, int *yes) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT 1 FROM establishments WHERE id = ?1", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  *yes = !e && row;
  db_done(st);
  return e;
}

plam_err store_train_cohorts_clear(struct db *db, int64_t institute_id, const char *programme, int64_t year) {
  int64_t v[2] = {institute_id, year};
  plam_err e = exec_ids(db,
                        "DELETE FROM train_dropouts WHERE cohort_id IN (SELECT id FROM train_cohorts WHERE programme "
                        "= ?1 AND institute_id = ?2 AND year = ?3)",
                        v, 2, programme);
  if (!e)
    e = exec_ids(db, "DELETE FROM train_cohorts WHERE programme = ?1 AND institute_id = ?2 AND year = ?3", v, 2,
                 programme);
  return e;
}

plam_err store_train_cohort_insert(struct db *db, int64_t institute_id, const char *programme, int64_t year,
                                   int64_t study_year, int64_t enrolled, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "INSERT INTO train_cohorts(institute_id, programme, year, study_year, enrolled) VALUES "
                          "(?, ?, ?, ?, ?) RETURNING id",
                          &st);
  if (e) return e;
  e = db_bind_int64(st, 1, institute_id);
  if (!e) e = db_bind_text(st, 2, programme);
  if (!e) e = db_bind_int64(st, 3, year);
  if (!e) e = db_bind_int64(st, 4, study_year);
  if (!e) e = db_bind_int64(st, 5, enrolled);
  return store_insert_id(st, e, id);
}

plam_err store_train_dropout_insert(struct db *db, int64_t cohort_id, const char *cause, int internship,
                                    int64_t site_id, int64_t dropouts) {
  struct db_stmt *st;
  plam_err e = db_prepare(
    db,
    "INSERT INTO train_dropouts(cohort_id, cause, internship, site_id, dropouts) VALUES (?, ?, ?, "
    "?, ?) RETURNING id",
    &st);
  if (e) return e;
  e = db_bind_int64(st, 1, cohort_id);
  if (!e) e = db_bind_text(st, 2, cause);
  if (!e) e = db_bind_int64(st, 3, internship ? 1 : 0);
  if (!e) e = site_id ? db_bind_int64(st, 4, site_id) : db_bind_null(st, 4);
  if (!e) e = db_bind_int64(st, 5, dropouts);
  return store_insert_id(st, e, NULL);
}

plam_err store_train_site_exists(struct db *db, int64_t site_id, int *yes) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT 1 FROM intern_sites WHERE id = ?1", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, site_id);
  if (!e) e = db_step(st, &row);
  *yes = !e && row;
  db_done(st);
  return e;
}

plam_err store_train_cohort_find(struct db *db, int64_t institute_id, const char *programme, int64_t year,
                                 int64_t study_year, int64_t *id) {
  *id = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT id FROM train_cohorts WHERE institute_id = ?1 AND programme = ?2 AND year = ?3 AND "
                          "study_year = ?4",
                          &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, institute_id);
  if (!e) e = db_bind_text(st, 2, programme);
  if (!e) e = db_bind_int64(st, 3, year);
  if (!e) e = db_bind_int64(st, 4, study_year);
  if (!e) e = db_step(st, &row);
  if (!e && row) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_train_cohort_get(struct db *db, int64_t id, int64_t *institute_id, int64_t *year, int64_t *enrolled) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT institute_id, year, enrolled FROM train_cohorts WHERE id = ?1", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    *institute_id = db_column_int64(st, 0);
    *year = db_column_int64(st, 1);
    *enrolled = db_column_int64(st, 2);
  }
  db_done(st);
  return e;
}

plam_err store_train_cohort_lines(struct db *db, int64_t cohort_id, int64_t exclude_id, const char *cause,
                                  int internship, int64_t site_id, int64_t *sum, int *dup) {
  *sum = 0;
  *dup = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT coalesce(sum(dropouts), 0), coalesce(sum(CASE WHEN cause = ?3 AND internship = ?4 "
                          "AND coalesce(site_id, 0) = ?5 THEN 1 ELSE 0 END), 0) FROM train_dropouts WHERE cohort_id = "
                          "?1 AND id <> ?2",
                          &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, cohort_id);
  if (!e) e = db_bind_int64(st, 2, exclude_id);
  if (!e) e = db_bind_text(st, 3, cause);
  if (!e) e = db_bind_int64(st, 4, internship ? 1 : 0);
  if (!e) e = db_bind_int64(st, 5, site_id);
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *sum = db_column_int64(st, 0);
    *dup = db_column_int64(st, 1) > 0;
  }
  db_done(st);
  return e;
}

plam_err store_train_site_years(struct db *db, int64_t **sites, int64_t **years, int *n) {
  *sites = *years = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT site_id, year FROM train_site_dropouts ORDER BY site_id, year", &st);
  if (e) return e;
  int row = 0, cap = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *ns = realloc(*sites, (size_t)cap * sizeof *ns),
              *ny = ns ? realloc(*years, (size_t)cap * sizeof *ny) : NULL;
      if (ns) *sites = ns;
      if (ny) *years = ny;
      if (!ns || !ny) {
        e = PLAM_ERR_NOMEM;
        break;
      }
    }
    (*sites)[*n] = db_column_int64(st, 0);
    (*years)[(*n)++] = db_column_int64(st, 1);
  }
  db_done(st);
  if (e) {
    free(*sites);
    free(*years);
    *sites = *years = NULL;
    *n = 0;
  }
  return e;
}

static void capsum_read(struct db_stmt *st, void *out) {
  struct train_capsum_rec *r = out;
  store_copy(r->departement, sizeof r->departement, db_column_text(st, 0));
  store_copy(r->programme, sizeof r->programme, db_column_text(st, 1));
  r->year = db_column_int64(st, 2);
  store_copy(r->route, sizeof r->route, db_column_text(st, 3));
  r->places = db_column_int64(st, 4);
  r->increase = db_column_int64(st, 5);
  r->filled = db_column_int64(st, 6);
  r->filled_places = db_column_int64(st, 7);
  r->institutes = db_column_int64(st, 8);
}

plam_err store_train_capacity_sums(struct db *db, const struct train_filter *f, struct train_capsum_rec **out, int *n) {
  static const char sql[] =
    "SELECT i.departement, c.programme, c.year, c.route, sum(c.places), sum(c.increase), coalesce(sum(c.filled), 0), "
    "coalesce(sum(CASE WHEN c.filled IS NULL THEN 0 ELSE c.places END), 0), count(DISTINCT c.institute_id) FROM "
    "train_capacities c JOIN train_institutes i ON i.id = c.institute_id JOIN territories d ON d.id = i.departement "
    "WHERE " IN_TERR("i.departement") " AND (?2 = 0 OR c.institute_id = ?2) AND (?3 = 0 OR c.year = ?3) AND (?4 = 0 OR "
                                      "i.org_id = ?4) AND (?5 IS NULL OR "
                                      "c.programme = ?5) GROUP BY "
                                      "i.departement, c.programme, c.year, c.route ORDER BY c.year DESC, c.programme, "
                                      "i.departement, c.route";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  return store_rows_collect_by(st, bind_filter(st, sql, f), capsum_read, sizeof **out, 0, (void **)out, n);
}

/* ---- metrics: ?1 territory, ?2 year, ?3 programme, ?4 route ---- */
#define CAP_FROM \
  " FROM train_capacities c JOIN train_institutes i ON i.id = c.institute_id JOIN territories d ON d.id = " \
  "i.departement WHERE (i.departement = ?1 OR d.parent = ?1) AND c.year = ?2 AND (?3 IS NULL OR c.programme = ?3) " \
  "AND (?4 IS NULL OR c.route = ?4)"
#define SES_FROM \
  " FROM train_sessions s JOIN territories d ON d.id = s.departement WHERE (s.departement = ?1 OR d.parent = ?1) " \
  "AND CAST(substr(s.starts_on, 1, 4) AS INTEGER) = ?2"
static const char *const metric_sql[TRAIN__METRICS] = {
  [TRAIN_M_CAPACITY_PLACES] = "SELECT coalesce(sum(c.places), 0), 0, count(*)" CAP_FROM,
  [TRAIN_M_CAPACITY_INCREASE] = "SELECT coalesce(sum(c.increase), 0), 0, count(*)" CAP_FROM,
  [TRAIN_M_CAPACITY_FILL] = "SELECT coalesce(sum(c.filled), 0), coalesce(sum(c.places), 0), count(*)" CAP_FROM
                            " AND c.filled IS NOT NULL",
  [TRAIN_M_SESSION_PLACES] = "SELECT coalesce(sum(s.places), 0), 0, count(*)" SES_FROM,
  [TRAIN_M_SESSION_ENROLLED] = "SELECT coalesce(sum(s.enrolled), 0), 0, count(*)" SES_FROM,
  [TRAIN_M_SESSION_FILL] = "SELECT coalesce(sum(s.enrolled), 0), coalesce(sum(s.places), 0), count(*)" SES_FROM,
  [TRAIN_M_DROPOUT_RATE] =
    "SELECT coalesce(sum((SELECT coalesce(sum(x.dropouts), 0) FROM train_dropouts x WHERE x.cohort_id = c.id)), 0), "
    "coalesce(sum(c.enrolled), 0), count(*) FROM train_cohorts c JOIN train_institutes i ON i.id = c.institute_id "
    "JOIN territories d ON d.id = i.departement WHERE (i.departement = ?1 OR d.parent = ?1) AND c.year = ?2 AND (?3 "
    "IS NULL OR c.programme = ?3)",
  [TRAIN_M_APPRENTICES] =
    "SELECT count(*), 0, count(*) FROM train_apprentices a JOIN train_institutes i ON i.id = a.institute_id JOIN "
    "territories d ON d.id = i.departement WHERE (i.departement = ?1 OR d.parent = ?1) AND CAST(substr(a.starts_on, "
    "1, 4) AS INTEGER) <= ?2 AND CAST(substr(a.ends_on, 1, 4) AS INTEGER) >= ?2 AND (?3 IS NULL OR a.programme = ?3)",
  /* a snapshot: the year is the caller's (the current one), not a filter */
  [TRAIN_M_SITES_UNDER_ALERT] =
    "SELECT coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM intern_alerts a WHERE a.site_id = s.id AND a.status <> "
    "'closed') THEN 1 ELSE 0 END), 0), 0, count(*) FROM intern_sites s JOIN establishments e ON e.id = "
    "s.establishment_id JOIN territories d ON d.id = e.departement WHERE (e.departement = ?1 OR d.parent = ?1) AND "
    "?2 = ?2",
};

plam_err store_train_metric(struct db *db, enum train_metric m, const char *territory, int64_t year,
                            const char *programme, const char *route, double *num, double *den, int64_t *rows) {
  const char *sql = metric_sql[m];
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_text(st, 1, territory);
  if (!e) e = db_bind_int64(st, 2, year);
  if (!e && strstr(sql, "?3")) e = db_bind_text(st, 3, programme && *programme ? programme : NULL);
  if (!e && strstr(sql, "?4")) e = db_bind_text(st, 4, route && *route ? route : NULL);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *num = db_column_double(st, 0);
    *den = db_column_double(st, 1);
    *rows = db_column_int64(st, 2);
  } else if (!e) {
    *num = *den = 0;
    *rows = 0;
  }
  db_done(st);
  return e;
}

static const char *const years_sql[TRAIN__METRICS] = {
  [TRAIN_M_CAPACITY_PLACES] = "SELECT DISTINCT year FROM train_capacities ORDER BY 1",
  [TRAIN_M_CAPACITY_INCREASE] = "SELECT DISTINCT year FROM train_capacities ORDER BY 1",
  [TRAIN_M_CAPACITY_FILL] = "SELECT DISTINCT year FROM train_capacities WHERE filled IS NOT NULL ORDER BY 1",
  [TRAIN_M_SESSION_PLACES] = "SELECT DISTINCT CAST(substr(starts_on, 1, 4) AS INTEGER) FROM train_sessions ORDER BY 1",
  [TRAIN_M_SESSION_ENROLLED] =
    "SELECT DISTINCT CAST(substr(starts_on, 1, 4) AS INTEGER) FROM train_sessions ORDER BY 1",
  [TRAIN_M_SESSION_FILL] = "SELECT DISTINCT CAST(substr(starts_on, 1, 4) AS INTEGER) FROM train_sessions ORDER BY 1",
  [TRAIN_M_DROPOUT_RATE] = "SELECT DISTINCT year FROM train_cohorts ORDER BY 1",
  [TRAIN_M_APPRENTICES] = ("SELECT DISTINCT CAST(substr(starts_on, 1, 4) AS INTEGER) FROM train_apprentices UNION "
                           "SELECT DISTINCT CAST(substr(ends_on, 1, 4) AS INTEGER) FROM train_apprentices ORDER BY 1"),
  [TRAIN_M_SITES_UNDER_ALERT] = NULL, /* the current year only (train_measure.c) */
};

plam_err store_train_metric_years(struct db *db, enum train_metric m, int64_t **years, int *n) {
  *years = NULL;
  *n = 0;
  if (!years_sql[m]) return PLAM_ERR_INTERNAL;
  struct db_stmt *st;
  plam_err e = db_prepare(db, years_sql[m], &st);
  if (e) return e;
  return store_rows_collect_by(st, PLAM_OK, store_read_int64, sizeof **years, 0, (void **)years, n);
}


plam_err store_train_indicator_by_code(struct db *db, const char *code, int64_t *id) {
  *id = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id FROM indicators WHERE code = ?1", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, code);
  if (!e) e = db_step(st, &row);
  if (!e && row) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}
