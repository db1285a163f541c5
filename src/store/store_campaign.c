/* SQL for the allocation campaigns: see store_campaign.h. */
#include "store/store_campaign.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"

/* ---- campaigns ---- */

#define CAMP_COLS \
  "c.id, c.kind, c.region, coalesce(t.name, ''), c.title, c.status, c.seed, c.tie_break, " \
  "(SELECT count(*) FROM campaign_posts p WHERE p.campaign_id = c.id), " \
  "(SELECT count(*) FROM campaign_candidates k WHERE k.campaign_id = c.id), " \
  "(SELECT count(*) FROM campaign_runs r WHERE r.campaign_id = c.id), c.created_at, c.updated_at"
#define CAMP_FROM " FROM campaigns c LEFT JOIN territories t ON t.id = c.region "

static const char *const SQL_CAMP_GET = "SELECT " CAMP_COLS CAMP_FROM "WHERE c.id = ?";
static const char *const SQL_CAMP_LIST = "SELECT " CAMP_COLS CAMP_FROM "ORDER BY c.id DESC LIMIT 1000";
static const char *const SQL_CAMP_INSERT =
  "INSERT INTO campaigns(kind, region, title, status, seed, tie_break) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_CAMP_UPDATE =
  "UPDATE campaigns SET title = ?, status = ?, seed = ?, updated_at = plam_now() "
  "WHERE id = ?";
static const char *const SQL_CAMP_ORG =
  "SELECT EXISTS (SELECT 1 FROM campaign_posts WHERE campaign_id = ? AND org_id = ?)";

static void camp_read(struct db_stmt *st, void *out) {
  struct campaign_rec *c = out;
  c->id = db_column_int64(st, 0);
  store_copy(c->kind, sizeof c->kind, db_column_text(st, 1));
  store_copy(c->region, sizeof c->region, db_column_text(st, 2));
  store_copy(c->region_name, sizeof c->region_name, db_column_text(st, 3));
  store_copy(c->title, sizeof c->title, db_column_text(st, 4));
  store_copy(c->status, sizeof c->status, db_column_text(st, 5));
  c->seed = db_column_int64(st, 6);
  store_copy(c->tie_break, sizeof c->tie_break, db_column_text(st, 7));
  c->nposts = db_column_int64(st, 8);
  c->ncandidates = db_column_int64(st, 9);
  c->nruns = db_column_int64(st, 10);
  store_copy(c->created_at, sizeof c->created_at, db_column_text(st, 11));
  store_copy(c->updated_at, sizeof c->updated_at, db_column_text(st, 12));
}

/* Runs a prepared, bound statement that returns at most one row. */
#define GET_ONE(sql, bind, readfn, out) \
  do { \
    struct db_stmt *st; \
    plam_err e = db_prepare(db, sql, &st); \
    if (e) return e; \
    int row = 0; \
    e = bind; \
    if (!e) e = db_step(st, &row); \
    if (!e && !row) e = PLAM_ERR_NOT_FOUND; \
    if (!e) readfn(st, out); \
    db_done(st); \
    return e; \
  } while (0)

/* The most rows a list reads (through the store's one row collector,
 * store_rows_collect_by): more is PLAM_ERR_TOO_LARGE. */
#define LIST_MAX (CAMPAIGN_MAX_ROWS * 10)

plam_err store_campaign_get(struct db *db, int64_t id, struct campaign_rec *out) {
  GET_ONE(SQL_CAMP_GET, db_bind_int64(st, 1, id), camp_read, out);
}

plam_err store_campaign_list(struct db *db, struct campaign_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAMP_LIST, &st);
  if (e) return e;
  return store_rows_collect_by(st, e, camp_read, sizeof **out, LIST_MAX, (void **)out, n);
}

static plam_err step_done(struct db_stmt *st, plam_err e) {
  int row;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_campaign_insert(struct db *db, const struct campaign_rec *c, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAMP_INSERT, &st);
  if (e) return e;
  e = db_bind_text(st, 1, c->kind);
  if (!e) e = db_bind_text(st, 2, c->region);
  if (!e) e = db_bind_text(st, 3, c->title);
  if (!e) e = db_bind_text(st, 4, c->status);
  if (!e) e = db_bind_int64(st, 5, c->seed);
  if (!e) e = db_bind_text(st, 6, c->tie_break);
  return store_insert_id(st, e, id);
}

plam_err store_campaign_update(struct db *db, const struct campaign_rec *c) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAMP_UPDATE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, c->title);
  if (!e) e = db_bind_text(st, 2, c->status);
  if (!e) e = db_bind_int64(st, 3, c->seed);
  if (!e) e = db_bind_int64(st, 4, c->id);
  e = step_done(st, e);
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

plam_err store_campaign_org_has_posts(struct db *db, int64_t campaign_id, int64_t org_id, int *has) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAMP_ORG, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, campaign_id);
  if (!e) e = db_bind_int64(st, 2, org_id);
  if (!e) e = db_step(st, &row);
  *has = !e && row && db_column_int64(st, 0);
  db_done(st);
  return e;
}

/* ---- posts ---- */

#define POST_COLS \
  "p.id, p.campaign_id, p.code, p.label, p.org_id, coalesce(o.name, ''), p.specialty, " \
  "p.territory_id, coalesce(t.name, ''), p.fragile, p.capacity, p.reserved_seats, p.cesp_only, p.phase"
#define POST_FROM \
  " FROM campaign_posts p LEFT JOIN organisations o ON o.id = p.org_id " \
  "LEFT JOIN territories t ON t.id = p.territory_id "

static const char *const SQL_POST_GET = "SELECT " POST_COLS POST_FROM "WHERE p.id = ?";
static const char *const SQL_POST_LIST = "SELECT " POST_COLS POST_FROM "WHERE p.campaign_id = ? ORDER BY p.code, p.id";
static const char *const SQL_POST_INSERT =
  "INSERT INTO campaign_posts(campaign_id, code, label, org_id, specialty, territory_id, fragile, capacity, "
  "reserved_seats, cesp_only, phase) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_POST_UPDATE =
  "UPDATE campaign_posts SET code = ?2, label = ?3, org_id = ?4, specialty = ?5, territory_id = ?6, fragile = ?7, "
  "capacity = ?8, reserved_seats = ?9, cesp_only = ?10, phase = ?11 WHERE id = ?1";

static void post_read(struct db_stmt *st, void *out) {
  struct cpost_rec *p = out;
  p->id = db_column_int64(st, 0);
  p->campaign_id = db_column_int64(st, 1);
  store_copy(p->code, sizeof p->code, db_column_text(st, 2));
  store_copy(p->label, sizeof p->label, db_column_text(st, 3));
  p->org_id = db_column_int64(st, 4);
  store_copy(p->org_name, sizeof p->org_name, db_column_text(st, 5));
  store_copy(p->specialty, sizeof p->specialty, db_column_text(st, 6));
  store_copy(p->territory_id, sizeof p->territory_id, db_column_text(st, 7));
  store_copy(p->territory_name, sizeof p->territory_name, db_column_text(st, 8));
  p->fragile = (int)db_column_int64(st, 9);
  p->capacity = db_column_int64(st, 10);
  p->reserved_seats = db_column_int64(st, 11);
  p->cesp_only = (int)db_column_int64(st, 12);
  store_copy(p->phase, sizeof p->phase, db_column_text(st, 13));
}

plam_err store_cpost_get(struct db *db, int64_t id, struct cpost_rec *out) {
  GET_ONE(SQL_POST_GET, db_bind_int64(st, 1, id), post_read, out);
}

plam_err store_cpost_list(struct db *db, int64_t campaign_id, struct cpost_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_POST_LIST, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, campaign_id);
  return store_rows_collect_by(st, e, post_read, sizeof **out, LIST_MAX, (void **)out, n);
}

static plam_err post_bind(struct db_stmt *st, const struct cpost_rec *p, int64_t first) {
  plam_err e = db_bind_int64(st, 1, first);
  if (!e) e = db_bind_text(st, 2, p->code);
  if (!e) e = db_bind_text(st, 3, p->label);
  if (!e) e = db_bind_int64(st, 4, p->org_id);
  if (!e) e = db_bind_text(st, 5, p->specialty);
  if (!e) e = db_bind_text(st, 6, p->territory_id);
  if (!e) e = db_bind_int64(st, 7, p->fragile);
  if (!e) e = db_bind_int64(st, 8, p->capacity);
  if (!e) e = db_bind_int64(st, 9, p->reserved_seats);
  if (!e) e = db_bind_int64(st, 10, p->cesp_only);
  if (!e) e = db_bind_text(st, 11, p->phase);
  return e;
}

plam_err store_cpost_insert(struct db *db, const struct cpost_rec *p, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_POST_INSERT, &st);
  if (e) return e;
  return store_insert_id(st, post_bind(st, p, p->campaign_id), id);
}

plam_err store_cpost_update(struct db *db, const struct cpost_rec *p) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_POST_UPDATE, &st);
  if (e) return e;
  e = step_done(st, post_bind(st, p, p->id));
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

/* ---- candidates ---- */

#define CAND_COLS \
  "k.id, k.campaign_id, coalesce(k.user_id, 0), coalesce(u.login, ''), k.name, k.rank, k.seniority, " \
  "k.cesp, k.subdivision, (SELECT count(*) FROM campaign_wishes w WHERE w.candidate_id = k.id), k.phase, k.specialty"
#define CAND_FROM " FROM campaign_candidates k LEFT JOIN users u ON u.id = k.user_id "

static const char *const SQL_CAND_GET = "SELECT " CAND_COLS CAND_FROM "WHERE k.id = ?";
static const char *const SQL_CAND_USER = "SELECT " CAND_COLS CAND_FROM "WHERE k.campaign_id = ? AND k.user_id = ?";
static const char *const SQL_CAND_LIST = "SELECT " CAND_COLS CAND_FROM
                                         "WHERE k.campaign_id = ? ORDER BY k.seniority DESC, k.rank, k.id";
static const char *const SQL_CAND_APPLICANTS =
  "SELECT " CAND_COLS CAND_FROM "WHERE k.id IN (SELECT candidate_id FROM campaign_wishes WHERE post_id = ?) "
  "ORDER BY k.rank, k.id";
static const char *const SQL_CAND_INSERT =
  "INSERT INTO campaign_candidates(campaign_id, user_id, name, rank, seniority, cesp, subdivision, phase, specialty) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_CAND_UPDATE =
  "UPDATE campaign_candidates SET user_id = ?2, name = ?3, rank = ?4, seniority = ?5, cesp = ?6, subdivision = ?7, "
  "phase = ?8, specialty = ?9 WHERE id = ?1";

static void cand_read(struct db_stmt *st, void *out) {
  struct ccand_rec *c = out;
  c->id = db_column_int64(st, 0);
  c->campaign_id = db_column_int64(st, 1);
  c->user_id = db_column_int64(st, 2);
  store_copy(c->login, sizeof c->login, db_column_text(st, 3));
  store_copy(c->name, sizeof c->name, db_column_text(st, 4));
  c->rank = db_column_int64(st, 5);
  c->seniority = db_column_int64(st, 6);
  c->cesp = (int)db_column_int64(st, 7);
  c->subdivision = (int)db_column_int64(st, 8);
  c->nwishes = db_column_int64(st, 9);
  store_copy(c->phase, sizeof c->phase, db_column_text(st, 10));
  store_copy(c->specialty, sizeof c->specialty, db_column_text(st, 11));
}

plam_err store_ccand_get(struct db *db, int64_t id, struct ccand_rec *out) {
  GET_ONE(SQL_CAND_GET, db_bind_int64(st, 1, id), cand_read, out);
}

plam_err store_ccand_get_by_user(struct db *db, int64_t campaign_id, int64_t user_id, struct ccand_rec *out) {
  GET_ONE(SQL_CAND_USER, (db_bind_int64(st, 1, campaign_id) || db_bind_int64(st, 2, user_id)) ? PLAM_ERR_DB : PLAM_OK,
          cand_read, out);
}

plam_err store_ccand_list(struct db *db, int64_t campaign_id, struct ccand_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAND_LIST, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, campaign_id);
  return store_rows_collect_by(st, e, cand_read, sizeof **out, LIST_MAX, (void **)out, n);
}

plam_err store_cpost_applicants(struct db *db, int64_t post_id, struct ccand_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAND_APPLICANTS, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, post_id);
  return store_rows_collect_by(st, e, cand_read, sizeof **out, LIST_MAX, (void **)out, n);
}

static plam_err cand_bind(struct db_stmt *st, const struct ccand_rec *c, int64_t first) {
  plam_err e = db_bind_int64(st, 1, first);
  if (!e) e = c->user_id ? db_bind_int64(st, 2, c->user_id) : db_bind_null(st, 2);
  if (!e) e = db_bind_text(st, 3, c->name);
  if (!e) e = db_bind_int64(st, 4, c->rank);
  if (!e) e = db_bind_int64(st, 5, c->seniority);
  if (!e) e = db_bind_int64(st, 6, c->cesp);
  if (!e) e = db_bind_int64(st, 7, c->subdivision);
  if (!e) e = db_bind_text(st, 8, c->phase);
  if (!e) e = db_bind_text(st, 9, c->specialty);
  return e;
}

plam_err store_ccand_insert(struct db *db, const struct ccand_rec *c, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAND_INSERT, &st);
  if (e) return e;
  return store_insert_id(st, cand_bind(st, c, c->campaign_id), id);
}

plam_err store_ccand_update(struct db *db, const struct ccand_rec *c) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CAND_UPDATE, &st);
  if (e) return e;
  e = step_done(st, cand_bind(st, c, c->id));
  if (!e && db_changes(db) == 0) e = PLAM_ERR_NOT_FOUND;
  return e;
}

/* ---- wishes and rankings ---- */

static const char *const SQL_WISH_LIST =
  "SELECT candidate_id, position, post_id FROM campaign_wishes WHERE candidate_id = ? ORDER BY position";
static const char *const SQL_WISH_DEL = "DELETE FROM campaign_wishes WHERE candidate_id = ?";
static const char *const SQL_WISH_INS = "INSERT INTO campaign_wishes(candidate_id, position, post_id) VALUES (?, ?, ?)";
static const char *const SQL_WISH_ALL =
  "SELECT w.candidate_id, w.position, w.post_id FROM campaign_wishes w "
  "JOIN campaign_candidates k ON k.id = w.candidate_id WHERE k.campaign_id = ? ORDER BY w.candidate_id, w.position";
static const char *const SQL_RANK_LIST =
  "SELECT post_id, position, candidate_id FROM campaign_rankings WHERE post_id = ? ORDER BY position";
static const char *const SQL_RANK_DEL = "DELETE FROM campaign_rankings WHERE post_id = ?";
static const char *const SQL_RANK_INS =
  "INSERT INTO campaign_rankings(post_id, position, candidate_id) VALUES (?, ?, ?)";
static const char *const SQL_RANK_ALL =
  "SELECT r.post_id, r.position, r.candidate_id FROM campaign_rankings r "
  "JOIN campaign_posts p ON p.id = r.post_id WHERE p.campaign_id = ? ORDER BY r.post_id, r.position";

static void pair_read(struct db_stmt *st, void *out) {
  struct cpair *p = out;
  p->owner = db_column_int64(st, 0);
  p->position = db_column_int64(st, 1);
  p->other = db_column_int64(st, 2);
}

static plam_err pairs_list(struct db *db, const char *sql, int64_t id, struct cpair **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  return store_rows_collect_by(st, e, pair_read, sizeof **out, LIST_MAX, (void **)out, n);
}

static plam_err pairs_replace(struct db *db, const char *del, const char *ins, int64_t owner, const int64_t *v, int n) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, del, &st);
  if (e) return e;
  e = step_done(st, db_bind_int64(st, 1, owner));
  for (int i = 0; !e && i < n; i++) {
    e = db_prepare(db, ins, &st);
    if (e) break;
    e = db_bind_int64(st, 1, owner);
    if (!e) e = db_bind_int64(st, 2, i + 1);
    if (!e) e = db_bind_int64(st, 3, v[i]);
    e = step_done(st, e);
  }
  return e;
}

plam_err store_wish_list(struct db *db, int64_t candidate_id, struct cpair **out, int *n) {
  return pairs_list(db, SQL_WISH_LIST, candidate_id, out, n);
}
plam_err store_wish_replace(struct db *db, int64_t candidate_id, const int64_t *posts, int n) {
  return pairs_replace(db, SQL_WISH_DEL, SQL_WISH_INS, candidate_id, posts, n);
}
plam_err store_wish_all(struct db *db, int64_t campaign_id, struct cpair **out, int *n) {
  return pairs_list(db, SQL_WISH_ALL, campaign_id, out, n);
}
plam_err store_ranking_list(struct db *db, int64_t post_id, struct cpair **out, int *n) {
  return pairs_list(db, SQL_RANK_LIST, post_id, out, n);
}
plam_err store_ranking_replace(struct db *db, int64_t post_id, const int64_t *cands, int n) {
  return pairs_replace(db, SQL_RANK_DEL, SQL_RANK_INS, post_id, cands, n);
}
plam_err store_ranking_all(struct db *db, int64_t campaign_id, struct cpair **out, int *n) {
  return pairs_list(db, SQL_RANK_ALL, campaign_id, out, n);
}

/* ---- runs ---- */

#define RUN_COLS \
  "id, campaign_id, round, bundle_sha256, engine_version, check_ok, candidates, assigned, " \
  "coalesce(created_by, 0), created_at"

static const char *const SQL_RUN_INSERT =
  "INSERT INTO campaign_runs(campaign_id, round, bundle, bundle_sha256, engine_version, result, check_ok, "
  "candidates, assigned, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *const SQL_RUN_LIST = "SELECT " RUN_COLS
                                        " FROM campaign_runs WHERE campaign_id = ? ORDER BY id DESC LIMIT 1000";
static const char *const SQL_RUN_GET = "SELECT " RUN_COLS ", bundle, result FROM campaign_runs WHERE id = ?";
static const char *const SQL_RUN_LATEST =
  "SELECT " RUN_COLS ", bundle, result FROM campaign_runs WHERE campaign_id = ? ORDER BY id DESC LIMIT 1";

static void run_read(struct db_stmt *st, void *out) {
  struct crun_rec *r = out;
  r->id = db_column_int64(st, 0);
  r->campaign_id = db_column_int64(st, 1);
  store_copy(r->round, sizeof r->round, db_column_text(st, 2));
  store_copy(r->bundle_sha256, sizeof r->bundle_sha256, db_column_text(st, 3));
  store_copy(r->engine_version, sizeof r->engine_version, db_column_text(st, 4));
  r->check_ok = (int)db_column_int64(st, 5);
  r->candidates = db_column_int64(st, 6);
  r->assigned = db_column_int64(st, 7);
  r->created_by = db_column_int64(st, 8);
  store_copy(r->created_at, sizeof r->created_at, db_column_text(st, 9));
}

static char *dup_col(struct db_stmt *st, int col, size_t *len) {
  size_t n = 0;
  const void *p = db_column_blob(st, col, &n);
  char *d = malloc(n + 1);
  if (!d) return NULL;
  if (n) memcpy(d, p, n);
  d[n] = '\0';
  *len = n;
  return d;
}

static plam_err run_get_sql(struct db *db, const char *sql, int64_t id, struct crun_rec *out) {
  memset(out, 0, sizeof *out);
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    run_read(st, out);
    out->bundle = dup_col(st, 10, &out->bundle_len);
    out->result = dup_col(st, 11, &out->result_len);
    if (!out->bundle || !out->result) {
      free(out->bundle);
      free(out->result);
      out->bundle = out->result = NULL;
      e = PLAM_ERR_NOMEM;
    }
  }
  db_done(st);
  return e;
}

plam_err store_crun_get(struct db *db, int64_t id, struct crun_rec *out) {
  return run_get_sql(db, SQL_RUN_GET, id, out);
}
plam_err store_crun_latest(struct db *db, int64_t campaign_id, struct crun_rec *out) {
  return run_get_sql(db, SQL_RUN_LATEST, campaign_id, out);
}

plam_err store_crun_list(struct db *db, int64_t campaign_id, struct crun_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RUN_LIST, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, campaign_id);
  return store_rows_collect_by(st, e, run_read, sizeof **out, LIST_MAX, (void **)out, n);
}

plam_err store_crun_insert(struct db *db, const struct crun_rec *r, int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_RUN_INSERT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, r->campaign_id);
  if (!e) e = db_bind_text(st, 2, r->round);
  if (!e) e = db_bind_text(st, 3, r->bundle);
  if (!e) e = db_bind_text(st, 4, r->bundle_sha256);
  if (!e) e = db_bind_text(st, 5, r->engine_version);
  if (!e) e = db_bind_text(st, 6, r->result);
  if (!e) e = db_bind_int64(st, 7, r->check_ok);
  if (!e) e = db_bind_int64(st, 8, r->candidates);
  if (!e) e = db_bind_int64(st, 9, r->assigned);
  if (!e) e = r->created_by ? db_bind_int64(st, 10, r->created_by) : db_bind_null(st, 10);
  return store_insert_id(st, e, id);
}
