/* SQL of the stored side of recruitment: see store_recruit.h. Every value is
 * bound; optional texts and ids are bound as NULL when empty or 0. */
#include "store/store_recruit.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"

#define B_TEXT(i, s) \
  if (!e) e = db_bind_text(st, i, s)
#define B_OPT(i, s) \
  if (!e) e = (s)[0] ? db_bind_text(st, i, s) : db_bind_null(st, i)
#define B_INT(i, v) \
  if (!e) e = db_bind_int64(st, i, v)
#define B_ID(i, v) \
  if (!e) e = (v) ? db_bind_int64(st, i, v) : db_bind_null(st, i)
#define B_DBL(i, v) \
  if (!e) e = db_bind_double(st, i, v)

static void col(struct db_stmt *st, int i, char *dst, size_t n) { store_copy(dst, n, db_column_text(st, i)); }

/* ---- candidates ---- */

#define CAND_COLS \
  "c.id, c.user_id, c.first_name, c.last_name, c.email, c.phone, c.profession, c.rpps, c.situation, c.commune, " \
  "c.departement, c.lat, c.lon, c.max_km, c.accepts_shift, c.accepts_fixed_term, c.accepts_permanent, " \
  "c.accepts_secondment, c.active, c.created_at, c.updated_at"

static void read_cand(struct db_stmt *st, void *out) {
  struct rcand_rec *c = out;
  memset(c, 0, sizeof *c);
  c->id = db_column_int64(st, 0);
  c->user_id = db_column_is_null(st, 1) ? 0 : db_column_int64(st, 1);
  col(st, 2, c->first_name, sizeof c->first_name);
  col(st, 3, c->last_name, sizeof c->last_name);
  col(st, 4, c->email, sizeof c->email);
  col(st, 5, c->phone, sizeof c->phone);
  col(st, 6, c->profession, sizeof c->profession);
  col(st, 7, c->rpps, sizeof c->rpps);
  col(st, 8, c->situation, sizeof c->situation);
  col(st, 9, c->commune, sizeof c->commune);
  col(st, 10, c->departement, sizeof c->departement);
  c->lat = db_column_double(st, 11);
  c->lon = db_column_double(st, 12);
  c->max_km = db_column_double(st, 13);
  c->accepts_shift = (int)db_column_int64(st, 14);
  c->accepts_fixed_term = (int)db_column_int64(st, 15);
  c->accepts_permanent = (int)db_column_int64(st, 16);
  c->accepts_secondment = (int)db_column_int64(st, 17);
  c->active = (int)db_column_int64(st, 18);
  col(st, 19, c->created_at, sizeof c->created_at);
  col(st, 20, c->updated_at, sizeof c->updated_at);
}

static plam_err bind_cand(struct db_stmt *st, const struct rcand_rec *c) {
  plam_err e = PLAM_OK;
  B_ID(1, c->user_id);
  B_TEXT(2, c->first_name);
  B_TEXT(3, c->last_name);
  B_TEXT(4, c->email);
  B_TEXT(5, c->phone);
  B_TEXT(6, c->profession);
  B_OPT(7, c->rpps);
  B_TEXT(8, c->situation);
  B_OPT(9, c->commune);
  B_TEXT(10, c->departement);
  B_DBL(11, c->lat);
  B_DBL(12, c->lon);
  B_DBL(13, c->max_km);
  B_INT(14, c->accepts_shift);
  B_INT(15, c->accepts_fixed_term);
  B_INT(16, c->accepts_permanent);
  B_INT(17, c->accepts_secondment);
  B_INT(18, c->active);
  return e;
}

plam_err store_rcand_insert(struct db *db, const struct rcand_rec *c, int64_t *id) {
  static const char sql[] =
    "INSERT INTO candidates (user_id, first_name, last_name, email, phone, profession, rpps, situation, commune, "
    "departement, lat, lon, max_km, accepts_shift, accepts_fixed_term, accepts_permanent, accepts_secondment, "
    "active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  return store_insert_id(st, bind_cand(st, c), id);
}

plam_err store_rcand_update(struct db *db, const struct rcand_rec *c) {
  static const char sql[] =
    "UPDATE candidates SET user_id = ?1, first_name = ?2, last_name = ?3, email = ?4, phone = ?5, profession = ?6, "
    "rpps = ?7, situation = ?8, commune = ?9, departement = ?10, lat = ?11, lon = ?12, max_km = ?13, "
    "accepts_shift = ?14, accepts_fixed_term = ?15, accepts_permanent = ?16, accepts_secondment = ?17, "
    "active = ?18, updated_at = plam_now() WHERE id = ?19";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = bind_cand(st, c);
  B_INT(19, c->id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && !db_changes(db)) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_rcand_get(struct db *db, int64_t id, struct rcand_rec *out) {
  return store_get_by_id(db, "SELECT " CAND_COLS " FROM candidates c WHERE c.id = ?1", id, read_cand, out);
}

plam_err store_rcand_by_user(struct db *db, int64_t user_id, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id FROM candidates WHERE user_id = ?1", &st);
  if (e) return e;
  int row = 0;
  B_INT(1, user_id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_rcand_list(struct db *db, const char *profession, long limit, long offset, struct rcand_rec **out,
                          int *n, int64_t *total) {
  static const char sql[] = "SELECT " CAND_COLS " FROM candidates c WHERE (?1 IS NULL OR c.profession = ?1) "
                            "ORDER BY c.last_name, c.first_name, c.id LIMIT ?2 OFFSET ?3";
  static const char sql_count[] = "SELECT count(*) FROM candidates c WHERE (?1 IS NULL OR c.profession = ?1)";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql_count, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, profession && profession[0] ? profession : NULL);
  if (!e) e = db_step(st, &row);
  *total = !e && row ? db_column_int64(st, 0) : 0;
  db_done(st);
  if (e || (e = db_prepare(db, sql, &st))) return e;
  e = db_bind_text(st, 1, profession && profession[0] ? profession : NULL);
  B_INT(2, limit);
  B_INT(3, offset);
  return store_rows_collect_by(st, e, read_cand, sizeof **out, 0, (void **)out, n);
}

static void read_qual(struct db_stmt *st, void *out) {
  struct rqual_rec *q = out;
  col(st, 0, q->code, sizeof q->code);
  col(st, 1, q->valid_until, sizeof q->valid_until);
  q->verified_by = db_column_is_null(st, 2) ? 0 : db_column_int64(st, 2);
  col(st, 3, q->verified_at, sizeof q->verified_at);
}

plam_err store_rcand_quals(struct db *db, int64_t id, struct rqual_rec **out, int *n) {
  static const char sql[] = "SELECT code, valid_until, verified_by, verified_at FROM candidate_qualifications "
                            "WHERE candidate_id = ?1 ORDER BY code";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, read_qual, sizeof **out, 0, (void **)out, n);
}

static void read_avail(struct db_stmt *st, void *out) {
  struct ravail_rec *a = out;
  col(st, 0, a->kind, sizeof a->kind);
  col(st, 1, a->start_at, sizeof a->start_at);
  col(st, 2, a->end_at, sizeof a->end_at);
  a->start_min = db_column_int64(st, 3);
  a->end_min = db_column_int64(st, 4);
}

plam_err store_rcand_avail(struct db *db, int64_t id, struct ravail_rec **out, int *n) {
  static const char sql[] = "SELECT kind, start_at, end_at, start_min, end_min FROM candidate_availability "
                            "WHERE candidate_id = ?1 ORDER BY start_min, end_min, kind, id";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, read_avail, sizeof **out, 0, (void **)out, n);
}

static plam_err id_list(struct db *db, const char *sql, int64_t id, int64_t **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, store_read_int64, sizeof **out, 0, (void **)out, n);
}

plam_err store_rcand_pool_ids(struct db *db, int64_t id, int64_t **out, int *n) {
  return id_list(db, "SELECT pool_id FROM candidate_pools WHERE candidate_id = ?1 ORDER BY pool_id", id, out, n);
}

static plam_err run1(struct db *db, const char *sql, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  B_INT(1, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_rcand_set_quals(struct db *db, int64_t id, const struct rqual_rec *q, int n) {
  static const char sql[] = "INSERT INTO candidate_qualifications (candidate_id, code, valid_until, verified_by, "
                            "verified_at) VALUES (?1, ?2, ?3, ?4, CASE WHEN ?6 = 1 THEN plam_now() ELSE ?5 END)";
  plam_err e = run1(db, "DELETE FROM candidate_qualifications WHERE candidate_id = ?1", id);
  for (int i = 0; !e && i < n; i++) {
    struct db_stmt *st;
    if ((e = db_prepare(db, sql, &st))) break;
    int row = 0;
    B_INT(1, id);
    B_TEXT(2, q[i].code);
    B_OPT(3, q[i].valid_until);
    B_ID(4, q[i].verified_by);
    B_OPT(5, q[i].verified_at);
    B_INT(6, q[i].verified_by && !q[i].verified_at[0]); /* verified now: the transaction's time */
    if (!e) e = db_step(st, &row);
    db_done(st);
  }
  return e;
}

plam_err store_rcand_set_avail(struct db *db, int64_t id, const struct ravail_rec *a, int n) {
  static const char sql[] = "INSERT INTO candidate_availability (candidate_id, kind, start_at, end_at, start_min, "
                            "end_min) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  plam_err e = run1(db, "DELETE FROM candidate_availability WHERE candidate_id = ?1", id);
  for (int i = 0; !e && i < n; i++) {
    struct db_stmt *st;
    if ((e = db_prepare(db, sql, &st))) break;
    int row = 0;
    B_INT(1, id);
    B_TEXT(2, a[i].kind);
    B_TEXT(3, a[i].start_at);
    B_TEXT(4, a[i].end_at);
    B_INT(5, a[i].start_min);
    B_INT(6, a[i].end_min);
    if (!e) e = db_step(st, &row);
    db_done(st);
  }
  return e;
}

plam_err store_rcand_set_pools(struct db *db, int64_t id, const int64_t *pools, int n) {
  plam_err e = run1(db, "DELETE FROM candidate_pools WHERE candidate_id = ?1", id);
  for (int i = 0; !e && i < n; i++) {
    struct db_stmt *st;
    if ((e = db_prepare(db, "INSERT INTO candidate_pools (candidate_id, pool_id) VALUES (?1, ?2)", &st))) break;
    int row = 0;
    B_INT(1, id);
    B_INT(2, pools[i]);
    if (!e) e = db_step(st, &row);
    db_done(st);
  }
  return e;
}

/* The generation: candidate_generation's row on SQLite, which its triggers
 * move; on PostgreSQL the log's highest generation, since migration 0025
 * (the row there is the lock writers take and the start of the numbering). */
plam_err store_rcand_generation(struct db *db, int64_t *gen) {
  static const char sql[] = "SELECT max(g) FROM (SELECT gen AS g FROM candidate_generation WHERE id = 1 "
                            "UNION ALL SELECT max(gen) FROM candidate_changes) t";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *gen = db_column_int64(st, 0);
  db_done(st);
  return e;
}

/* A history row's kind (column 1 of the history statements, below). */
static enum rhist_kind hist_kind(const char *k) {
  static const struct {
    const char *name;
    enum rhist_kind kind;
  } kinds[] = {{"confirmed", RHIST_CONFIRMED},
               {"done", RHIST_DONE},
               {"no_show", RHIST_NO_SHOW},
               {"offer", RHIST_OFFER}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(k, kinds[i].name)) return kinds[i].kind;
  return RHIST_LATE;
}

/* One row of the scans' k-th statement (0 candidates, 1 qualifications, 2
 * availability, 3 pools, 4 history; the candidate's id in column 0) to s's
 * callback. */
static plam_err scan_row(const struct rcand_scan *s, int k, struct db_stmt *st, int64_t id) {
  switch (k) {
  case 0:
    return s->cand(s->ud, id, db_column_text(st, 1), db_column_double(st, 2), db_column_double(st, 3),
                   db_column_double(st, 4));
  case 1: return s->qual(s->ud, id, db_column_text(st, 1), db_column_text(st, 2));
  case 2:
    return s->avail(s->ud, id, !strcmp(db_column_text(st, 1), "unavailable"), db_column_int64(st, 2),
                    db_column_int64(st, 3));
  case 3: return s->pool(s->ud, id, db_column_int64(st, 1));
  default:
    return s->hist(s->ud, id, hist_kind(db_column_text(st, 1)), db_column_int64(st, 2), db_column_int64(st, 3),
                   db_column_int64(st, 4));
  }
}

/* season: one candidate's rows, for the index's per-write updates */
plam_err store_rcand_scan_one(struct db *db, int64_t id, const struct rcand_scan *s) {
  static const char sql_c[] = "SELECT id, profession, lat, lon, max_km FROM candidates WHERE id = ?1 AND active = 1";
  static const char sql_q[] = "SELECT candidate_id, code, valid_until FROM candidate_qualifications "
                              "WHERE candidate_id = ?1 ORDER BY code";
  static const char sql_a[] = "SELECT candidate_id, kind, start_min, end_min FROM candidate_availability "
                              "WHERE candidate_id = ?1 ORDER BY start_min, end_min, id";
  static const char sql_p[] = "SELECT candidate_id, pool_id FROM candidate_pools WHERE candidate_id = ?1 "
                              "ORDER BY pool_id";
  static const char sql_h[] =
    "SELECT a.candidate_id, a.status, a.start_min, a.end_min, n.establishment_id, 0 AS g, a.id FROM assignments a "
    "JOIN needs n ON n.id = a.need_id WHERE a.candidate_id = ?1 AND a.status IN ('confirmed', 'done', 'no_show') "
    "UNION ALL SELECT candidate_id, 'offer', sent_at, sent_at, 0, 1, id FROM offers WHERE candidate_id = ?1 "
    "UNION ALL SELECT candidate_id, 'late', at, at, 0, 2, id FROM offer_events WHERE candidate_id = ?1 "
    "AND kind = 'cancel_candidate' AND late = 1 ORDER BY 6, 3, 7";
  const char *const sqls[] = {sql_c, sql_q, sql_a, sql_p, sql_h};
  plam_err e = PLAM_OK;
  int found = 0;
  for (int k = 0; k < 5 && !e && (k == 0 || found); k++) {
    struct db_stmt *st;
    if ((e = db_prepare(db, sqls[k], &st))) break;
    e = db_bind_int64(st, 1, id);
    int row = 0;
    while (!e && !(e = db_step(st, &row)) && row) {
      found |= k == 0;
      e = scan_row(s, k, st, id);
    }
    db_done(st);
  }
  return e;
}

plam_err store_rcand_changes(struct db *db, int64_t after, int64_t upto, int64_t **ids, int *n) {
  static const char sql[] = "SELECT candidate_id FROM candidate_changes WHERE gen > ?1 AND gen <= ?2 ORDER BY gen";
  *ids = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, after);
  B_INT(2, upto);
  return store_rows_collect_by(st, e, store_read_int64, sizeof **ids, 0, (void **)ids, n);
}

/* Candidate ids per round of the full scan: each table is read in ranges
 * of ids, so that PostgreSQL, whose results come whole (db_pg.c), never
 * holds a whole table in one result (1,000,000 candidates: 16 rounds). */
#define SCAN_IDS 65536

plam_err store_rcand_scan(struct db *db, const struct rcand_scan *s) {
  static const char sql_n[] = "SELECT min(id), max(id) FROM candidates WHERE active = 1";
  static const char sql_c[] = "SELECT id, profession, lat, lon, max_km FROM candidates WHERE active = 1 "
                              "AND id BETWEEN ?1 AND ?2 ORDER BY id";
  static const char sql_q[] = "SELECT q.candidate_id, q.code, q.valid_until FROM candidate_qualifications q "
                              "JOIN candidates c ON c.id = q.candidate_id WHERE c.active = 1 "
                              "AND q.candidate_id BETWEEN ?1 AND ?2 ORDER BY q.candidate_id, q.code";
  static const char sql_a[] =
    "SELECT a.candidate_id, a.kind, a.start_min, a.end_min FROM candidate_availability a "
    "JOIN candidates c ON c.id = a.candidate_id WHERE c.active = 1 "
    "AND a.candidate_id BETWEEN ?1 AND ?2 ORDER BY a.candidate_id, a.start_min, a.end_min, a.id";
  static const char sql_p[] = "SELECT p.candidate_id, p.pool_id FROM candidate_pools p "
                              "JOIN candidates c ON c.id = p.candidate_id WHERE c.active = 1 "
                              "AND p.candidate_id BETWEEN ?1 AND ?2 ORDER BY p.candidate_id, p.pool_id";
  static const char sql_h[] =
    "SELECT a.candidate_id, a.status, a.start_min, a.end_min, n.establishment_id, 0 AS g, a.id FROM assignments a "
    "JOIN needs n ON n.id = a.need_id JOIN candidates c ON c.id = a.candidate_id WHERE c.active = 1 "
    "AND a.candidate_id BETWEEN ?1 AND ?2 AND a.status IN ('confirmed', 'done', 'no_show') "
    "UNION ALL SELECT o.candidate_id, 'offer', o.sent_at, o.sent_at, 0, 1, o.id FROM offers o "
    "JOIN candidates c ON c.id = o.candidate_id WHERE c.active = 1 AND o.candidate_id BETWEEN ?1 AND ?2 "
    "UNION ALL SELECT v.candidate_id, 'late', v.at, v.at, 0, 2, v.id FROM offer_events v "
    "JOIN candidates c ON c.id = v.candidate_id WHERE c.active = 1 AND v.candidate_id BETWEEN ?1 AND ?2 "
    "AND v.kind = 'cancel_candidate' AND v.late = 1 ORDER BY 1, 6, 3, 7";
  const char *const sqls[] = {sql_c, sql_q, sql_a, sql_p, sql_h};
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql_n, &st);
  if (e) return e;
  int row = 0;
  int64_t lo = 0, hi = -1;
  if (!(e = db_step(st, &row)) && row && !db_column_is_null(st, 0)) {
    lo = db_column_int64(st, 0);
    hi = db_column_int64(st, 1);
  }
  db_done(st);
  for (int64_t from = lo; !e && from <= hi; from += SCAN_IDS) {
    int64_t to = hi - from < SCAN_IDS ? hi : from + SCAN_IDS - 1;
    for (int k = 0; k < 5 && !e; k++) {
      if ((e = db_prepare(db, sqls[k], &st))) break;
      B_INT(1, from);
      B_INT(2, to);
      while (!e && !(e = db_step(st, &row)) && row) e = scan_row(s, k, st, db_column_int64(st, 0));
      db_done(st);
    }
  }
  return e;
}

static void read_assign(struct db_stmt *st, void *out) {
  struct rassign_rec *a = out;
  a->start_min = db_column_int64(st, 0);
  a->end_min = db_column_int64(st, 1);
  a->establishment_id = db_column_int64(st, 2);
  col(st, 3, a->status, sizeof a->status);
}

plam_err store_rcand_assignments(struct db *db, int64_t id, struct rassign_rec **out, int *n) {
  static const char sql[] = "SELECT a.start_min, a.end_min, n.establishment_id, a.status FROM assignments a "
                            "JOIN needs n ON n.id = a.need_id WHERE a.candidate_id = ?1 ORDER BY a.start_min, a.id";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, read_assign, sizeof **out, 0, (void **)out, n);
}

plam_err store_rcand_offer_counts(struct db *db, int64_t id, int64_t now, int64_t *offers_90d, int64_t *late_12m) {
  static const char sql[] =
    "SELECT (SELECT count(*) FROM offers o WHERE o.candidate_id = ?1 AND o.sent_at >= ?2 - 7776000), "
    "(SELECT count(*) FROM offer_events v WHERE v.candidate_id = ?1 AND v.at >= ?2 - 31536000 AND "
    "v.kind = 'cancel_candidate' AND v.late = 1)";
  *offers_90d = *late_12m = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  B_INT(1, id);
  B_INT(2, now);
  if (!e && !(e = db_step(st, &row)) && row) {
    *offers_90d = db_column_int64(st, 0);
    *late_12m = db_column_int64(st, 1);
  }
  db_done(st);
  return e;
}

/* ---- pools ---- */

#define POOL_COLS \
  "p.id, p.parent_id, p.establishment_id, p.name, p.level, p.ght, p.territory_id, p.status, " \
  "(SELECT count(*) FROM candidate_pools cp WHERE cp.pool_id = p.id)"

static void read_pool(struct db_stmt *st, void *out) {
  struct rpool_rec *p = out;
  memset(p, 0, sizeof *p);
  p->id = db_column_int64(st, 0);
  p->parent_id = db_column_is_null(st, 1) ? 0 : db_column_int64(st, 1);
  p->establishment_id = db_column_is_null(st, 2) ? 0 : db_column_int64(st, 2);
  col(st, 3, p->name, sizeof p->name);
  col(st, 4, p->level, sizeof p->level);
  col(st, 5, p->ght, sizeof p->ght);
  col(st, 6, p->territory_id, sizeof p->territory_id);
  col(st, 7, p->status, sizeof p->status);
  p->members = db_column_int64(st, 8);
}

plam_err store_rpool_insert(struct db *db, const struct rpool_rec *p, int64_t *id) {
  static const char sql[] = "INSERT INTO pools (name, level, parent_id, establishment_id, ght, territory_id, status) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_TEXT(1, p->name);
  B_TEXT(2, p->level);
  B_ID(3, p->parent_id);
  B_ID(4, p->establishment_id);
  B_TEXT(5, p->ght);
  B_OPT(6, p->territory_id);
  B_TEXT(7, p->status);
  return store_insert_id(st, e, id);
}

plam_err store_rpool_set_status(struct db *db, int64_t id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "UPDATE pools SET status = ?1, updated_at = plam_now() WHERE id = ?2", &st);
  if (e) return e;
  int row = 0;
  B_TEXT(1, status);
  B_INT(2, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && !db_changes(db)) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_rpool_get(struct db *db, int64_t id, struct rpool_rec *out) {
  return store_get_by_id(db, "SELECT " POOL_COLS " FROM pools p WHERE p.id = ?1", id, read_pool, out);
}

plam_err store_rpool_list(struct db *db, struct rpool_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " POOL_COLS " FROM pools p ORDER BY p.id", &st);
  if (e) return e;
  return store_rows_collect_by(st, PLAM_OK, read_pool, sizeof **out, 0, (void **)out, n);
}

plam_err store_rpool_find_name(struct db *db, const char *name, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id FROM pools WHERE name = ?1 ORDER BY id LIMIT 1", &st);
  if (e) return e;
  int row = 0;
  B_TEXT(1, name);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) *id = db_column_int64(st, 0);
  db_done(st);
  return e;
}

/* ---- needs ---- */

#define NEED_COLS \
  "n.id, n.establishment_id, n.unit_id, n.created_by, n.profession, n.headcount, n.reason, n.contract, n.urgency, " \
  "n.fill_mode, n.status, n.pay, n.description, n.max_km, n.created_at, n.updated_at, e.name, e.org_id, e.lat, " \
  "e.lon, coalesce(n.expires_at, ''), coalesce(n.expires_min, 0)"

static void read_need(struct db_stmt *st, void *out) {
  struct rneed_rec *r = out;
  memset(r, 0, sizeof *r);
  r->id = db_column_int64(st, 0);
  r->establishment_id = db_column_int64(st, 1);
  r->unit_id = db_column_is_null(st, 2) ? 0 : db_column_int64(st, 2);
  r->created_by = db_column_is_null(st, 3) ? 0 : db_column_int64(st, 3);
  col(st, 4, r->profession, sizeof r->profession);
  r->headcount = (int)db_column_int64(st, 5);
  col(st, 6, r->reason, sizeof r->reason);
  col(st, 7, r->contract, sizeof r->contract);
  col(st, 8, r->urgency, sizeof r->urgency);
  col(st, 9, r->fill_mode, sizeof r->fill_mode);
  col(st, 10, r->status, sizeof r->status);
  col(st, 11, r->pay, sizeof r->pay);
  col(st, 12, r->description, sizeof r->description);
  r->max_km = db_column_double(st, 13);
  col(st, 14, r->created_at, sizeof r->created_at);
  col(st, 15, r->updated_at, sizeof r->updated_at);
  col(st, 16, r->establishment_name, sizeof r->establishment_name);
  r->org_id = db_column_is_null(st, 17) ? 0 : db_column_int64(st, 17);
  r->has_location = !db_column_is_null(st, 18) && !db_column_is_null(st, 19);
  r->lat = db_column_double(st, 18);
  r->lon = db_column_double(st, 19);
  col(st, 20, r->expires_at, sizeof r->expires_at);
  r->expires_min = db_column_int64(st, 21);
}

plam_err store_rneed_insert(struct db *db, const struct rneed_rec *r, int64_t *id) {
  static const char sql[] =
    "INSERT INTO needs (establishment_id, unit_id, profession, headcount, reason, contract, pay, urgency, max_km, "
    "fill_mode, status, description, created_by, expires_at, expires_min) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "RETURNING id";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, r->establishment_id);
  B_ID(2, r->unit_id);
  B_TEXT(3, r->profession);
  B_INT(4, r->headcount);
  B_TEXT(5, r->reason);
  B_TEXT(6, r->contract);
  B_TEXT(7, r->pay);
  B_TEXT(8, r->urgency);
  B_DBL(9, r->max_km);
  B_TEXT(10, r->fill_mode);
  B_TEXT(11, r->status);
  B_TEXT(12, r->description);
  B_ID(13, r->created_by);
  if (!e) e = db_bind_text(st, 14, r->expires_at[0] ? r->expires_at : NULL);
  B_ID(15, r->expires_min);
  return store_insert_id(st, e, id);
}

plam_err store_rneed_set_status(struct db *db, int64_t id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "UPDATE needs SET status = ?1, updated_at = plam_now() WHERE id = ?2", &st);
  if (e) return e;
  int row = 0;
  B_TEXT(1, status);
  B_INT(2, id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && !db_changes(db)) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_rneed_get(struct db *db, int64_t id, struct rneed_rec *out) {
  return store_get_by_id(db,
                         "SELECT " NEED_COLS " FROM needs n JOIN establishments e ON e.id = n.establishment_id "
                         "WHERE n.id = ?1",
                         id, read_need, out);
}

plam_err store_rneed_list(struct db *db, int64_t org_id, long limit, struct rneed_rec **out, int *n) {
  static const char sql[] = "SELECT " NEED_COLS " FROM needs n JOIN establishments e ON e.id = n.establishment_id "
                            "WHERE (?1 = 0 OR e.org_id = ?1) ORDER BY n.id DESC LIMIT ?2";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, org_id);
  B_INT(2, limit);
  return store_rows_collect_by(st, e, read_need, sizeof **out, 0, (void **)out, n);
}

static void read_slot(struct db_stmt *st, void *out) {
  struct rslot_rec *s = out;
  s->id = db_column_int64(st, 0);
  col(st, 1, s->start_at, sizeof s->start_at);
  col(st, 2, s->end_at, sizeof s->end_at);
  s->start_min = db_column_int64(st, 3);
  s->end_min = db_column_int64(st, 4);
}

plam_err store_rneed_slots(struct db *db, int64_t id, struct rslot_rec **out, int *n) {
  static const char sql[] = "SELECT id, start_at, end_at, start_min, end_min FROM need_slots WHERE need_id = ?1 "
                            "ORDER BY start_min, id";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, read_slot, sizeof **out, 0, (void **)out, n);
}

static void read_code(struct db_stmt *st, void *out) { col(st, 0, out, 33); }

plam_err store_rneed_quals(struct db *db, int64_t id, char (**out)[33], int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT code FROM need_qualifications WHERE need_id = ?1 ORDER BY code", &st);
  if (e) return e;
  B_INT(1, id);
  return store_rows_collect_by(st, e, read_code, sizeof **out, 0, (void **)out, n);
}

plam_err store_rneed_pool_ids(struct db *db, int64_t id, int64_t **out, int *n) {
  return id_list(db, "SELECT pool_id FROM need_pools WHERE need_id = ?1 ORDER BY pool_id", id, out, n);
}

plam_err store_rneed_rank_scan(struct db *db, int64_t id, const struct rneed_rank_scan *s) {
  static const char sql[] =
    "SELECT 0 AS k, start_min AS a, end_min AS b, id AS c, start_at AS t, end_at AS u, 0.0 AS x, 0.0 AS y, 0.0 AS z "
    "FROM need_slots WHERE need_id = ?1 "
    "UNION ALL SELECT 1, 0, 0, 0, code, '', 0.0, 0.0, 0.0 FROM need_qualifications WHERE need_id = ?1 "
    "UNION ALL SELECT 2, pool_id, 0, 0, '', '', 0.0, 0.0, 0.0 FROM need_pools WHERE need_id = ?1 "
    "UNION ALL SELECT 3, 0, 0, 0, k.code, '', 0.0, 0.0, 0.0 FROM needs n JOIN seasonal_campaign_codes k "
    "ON k.campaign_id = n.campaign_id WHERE n.id = ?1 AND k.kind = 'admitted' "
    "UNION ALL SELECT 4, id, coalesce(parent_id, 0), CASE WHEN status = 'open' THEN 1 ELSE 0 END, '', '', 0.0, 0.0, "
    "0.0 FROM pools "
    "UNION ALL SELECT 5, n.establishment_id, CASE WHEN e.lat IS NULL OR e.lon IS NULL THEN 0 ELSE 1 END, 0, "
    "n.profession, '', coalesce(e.lat, 0.0), coalesce(e.lon, 0.0), n.max_km FROM needs n "
    "JOIN establishments e ON e.id = n.establishment_id WHERE n.id = ?1 "
    "UNION ALL SELECT 6, max(g), 0, 0, '', '', 0.0, 0.0, 0.0 FROM (SELECT gen AS g FROM candidate_generation "
    "WHERE id = 1 UNION ALL SELECT max(gen) FROM candidate_changes) x "
    "ORDER BY 1, 2, 4, 5";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  int row = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    int64_t k = db_column_int64(st, 0);
    if (k < RNEED_SLOT || k > RNEED_GEN) continue;
    const char *t = db_column_text(st, 4), *u = db_column_text(st, 5);
    struct rneed_part_row r = {
      db_column_int64(st, 1),  db_column_int64(st, 2),  db_column_int64(st, 3), t ? t : "", u ? u : "",
      db_column_double(st, 6), db_column_double(st, 7), db_column_double(st, 8)};
    e = s->row(s->ud, (enum rneed_part)k, &r);
  }
  db_done(st);
  return e;
}

plam_err store_rneed_add_slot(struct db *db, int64_t id, const struct rslot_rec *s) {
  static const char sql[] = "INSERT INTO need_slots (need_id, start_at, end_at, start_min, end_min) "
                            "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  B_INT(1, id);
  B_TEXT(2, s->start_at);
  B_TEXT(3, s->end_at);
  B_INT(4, s->start_min);
  B_INT(5, s->end_min);
  return store_insert_id(st, e, NULL);
}

plam_err store_rneed_add_qual(struct db *db, int64_t id, const char *code) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "INSERT INTO need_qualifications (need_id, code) VALUES (?1, ?2)", &st);
  if (e) return e;
  int row = 0;
  B_INT(1, id);
  B_TEXT(2, code);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_rneed_add_pool(struct db *db, int64_t id, int64_t pool_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "INSERT INTO need_pools (need_id, pool_id) VALUES (?1, ?2)", &st);
  if (e) return e;
  int row = 0;
  B_INT(1, id);
  B_INT(2, pool_id);
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

/* ---- geo's tables, read only ---- */
