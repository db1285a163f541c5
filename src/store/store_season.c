/* SQL of the seasonal campaigns: see store_season.h. */
#include "store/store_season.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"

static void copy(char *dst, size_t n, const char *s) { store_copy(dst, n, s ? s : ""); }

plam_err store_season_insert(struct db *db, const struct season_rec *r, int64_t *id) {
  static const char sql[] =
    "INSERT INTO seasonal_campaigns (name, starts_on, ends_on, description, status, pool_id, "
    "created_by, departement, area_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_text(st, 1, r->name);
  if (!e) e = db_bind_text(st, 2, r->starts_on);
  if (!e) e = db_bind_text(st, 3, r->ends_on);
  if (!e) e = db_bind_text(st, 4, r->description);
  if (!e) e = db_bind_text(st, 5, r->status);
  if (!e) e = db_bind_int64(st, 6, r->pool_id);
  if (!e) e = r->created_by ? db_bind_int64(st, 7, r->created_by) : db_bind_null(st, 7);
  if (!e) e = db_bind_text(st, 8, r->departement[0] ? r->departement : NULL);
  if (!e) e = r->area_id ? db_bind_int64(st, 9, r->area_id) : db_bind_null(st, 9);
  return store_insert_id(st, e, id);
}

plam_err store_season_add_code(struct db *db, int64_t id, const char *kind, const char *code) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "INSERT INTO seasonal_campaign_codes (campaign_id, kind, code) VALUES (?1, ?2, ?3)", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_bind_text(st, 2, kind);
  if (!e) e = db_bind_text(st, 3, code);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

/* The status is read through the period: after its last day (the server's
 * UTC date, plam_now() on both engines) a campaign is closed, whatever staff
 * set; column 15 says whether the period is over. */
#define SEASON_ENDED "c.ends_on < substr(plam_now(), 1, 10)"
#define COLS \
  "c.id, c.name, c.starts_on, c.ends_on, c.description, " \
  "CASE WHEN " SEASON_ENDED " THEN 'closed' ELSE c.status END, c.pool_id, coalesce(c.created_by, 0), " \
  "c.created_at, (SELECT count(*) FROM needs n WHERE n.campaign_id = c.id AND n.status = 'open'), " \
  "(SELECT count(*) FROM needs n WHERE n.campaign_id = c.id), " \
  "(SELECT count(*) FROM candidate_pools cp WHERE cp.pool_id = c.pool_id), " \
  "(SELECT count(DISTINCT a.candidate_id) FROM assignments a JOIN needs n ON n.id = a.need_id " \
  "WHERE n.campaign_id = c.id AND a.status IN ('confirmed', 'done')), coalesce(c.departement, ''), " \
  "coalesce((SELECT t.name FROM territories t WHERE t.id = c.departement), ''), " \
  "CASE WHEN " SEASON_ENDED " THEN 1 ELSE 0 END, coalesce(c.area_id, 0), " \
  "coalesce((SELECT a.name FROM areas a WHERE a.id = c.area_id), '') "

static void read_row(struct db_stmt *st, void *out) {
  struct season_rec *r = out;
  memset(r, 0, sizeof *r);
  r->id = db_column_int64(st, 0);
  copy(r->name, sizeof r->name, db_column_text(st, 1));
  copy(r->starts_on, sizeof r->starts_on, db_column_text(st, 2));
  copy(r->ends_on, sizeof r->ends_on, db_column_text(st, 3));
  copy(r->description, sizeof r->description, db_column_text(st, 4));
  copy(r->status, sizeof r->status, db_column_text(st, 5));
  r->pool_id = db_column_int64(st, 6);
  r->created_by = db_column_int64(st, 7);
  copy(r->created_at, sizeof r->created_at, db_column_text(st, 8));
  r->open_needs = db_column_int64(st, 9);
  r->needs = db_column_int64(st, 10);
  r->applicants = db_column_int64(st, 11);
  r->placed = db_column_int64(st, 12);
  copy(r->departement, sizeof r->departement, db_column_text(st, 13));
  copy(r->departement_name, sizeof r->departement_name, db_column_text(st, 14));
  r->ended = db_column_int64(st, 15) != 0;
  r->area_id = db_column_int64(st, 16);
  copy(r->area_name, sizeof r->area_name, db_column_text(st, 17));
}

static plam_err read_codes(struct db *db, struct season_rec *r) {
  struct db_stmt *st;
  plam_err e = db_prepare(
    db, "SELECT kind, code FROM seasonal_campaign_codes WHERE campaign_id = ?1 ORDER BY kind, code", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, r->id);
  int row = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    int post = !strcmp(db_column_text(st, 0), "post");
    int *n = post ? &r->nposts : &r->nadmitted;
    if (*n >= SEASON_MAX_CODES) continue;
    copy(post ? r->posts[*n] : r->admitted[*n], 33, db_column_text(st, 1));
    (*n)++;
  }
  db_done(st);
  return e;
}

plam_err store_season_get(struct db *db, int64_t id, struct season_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " COLS "FROM seasonal_campaigns c WHERE c.id = ?1", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) read_row(st, out);
  db_done(st);
  return e ? e : read_codes(db, out);
}

plam_err store_season_list(struct db *db, struct season_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT " COLS "FROM seasonal_campaigns c ORDER BY c.id DESC LIMIT 200", &st);
  if (e) return e;
  e = store_rows_collect_by(st, PLAM_OK, read_row, sizeof **out, 0, (void **)out, n);
  for (int i = 0; !e && i < *n; i++) e = read_codes(db, &(*out)[i]);
  return e;
}

static void need_read(struct db_stmt *st, void *out) {
  struct season_need_rec *r = out;
  r->id = db_column_int64(st, 0);
  copy(r->profession, sizeof r->profession, db_column_text(st, 1));
  copy(r->contract, sizeof r->contract, db_column_text(st, 2));
  copy(r->pay, sizeof r->pay, db_column_text(st, 3));
  copy(r->estab_name, sizeof r->estab_name, db_column_text(st, 4));
  copy(r->commune_name, sizeof r->commune_name, db_column_text(st, 5));
  copy(r->departement, sizeof r->departement, db_column_text(st, 6));
  r->headcount = (int)db_column_int64(st, 7);
  copy(r->first_start, sizeof r->first_start, db_column_text(st, 8));
  copy(r->last_end, sizeof r->last_end, db_column_text(st, 9));
}

plam_err store_season_needs(struct db *db, int64_t id, struct season_need_rec **out, int *n) {
  static const char sql[] =
    "SELECT n.id, n.profession, n.contract, n.pay, e.name, coalesce(cm.name, ''), e.departement, n.headcount, "
    "(SELECT s.start_at FROM need_slots s WHERE s.need_id = n.id ORDER BY s.start_min, s.id LIMIT 1), "
    "(SELECT s.end_at FROM need_slots s WHERE s.need_id = n.id ORDER BY s.end_min DESC, s.id LIMIT 1) "
    "FROM needs n JOIN establishments e ON e.id = n.establishment_id LEFT JOIN communes cm ON cm.code = e.commune "
    "WHERE n.campaign_id = ?1 AND n.status = 'open' "
    "ORDER BY (SELECT min(s.start_min) FROM need_slots s WHERE s.need_id = n.id), n.id LIMIT 500";
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  return store_rows_collect_by(st, db_bind_int64(st, 1, id), need_read, sizeof **out, 0, (void **)out, n);
}


plam_err store_season_set_need(struct db *db, int64_t need_id, int64_t campaign_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "UPDATE needs SET campaign_id = ?1 WHERE id = ?2", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, campaign_id);
  if (!e) e = db_bind_int64(st, 2, need_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_season_need_campaign(struct db *db, int64_t need_id, int64_t *campaign_id) {
  *campaign_id = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT coalesce(campaign_id, 0) FROM needs WHERE id = ?1", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) *campaign_id = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_season_set_status(struct db *db, int64_t id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "UPDATE seasonal_campaigns SET status = ?1 WHERE id = ?2", &st);
  if (e) return e;
  e = db_bind_text(st, 1, status);
  if (!e) e = db_bind_int64(st, 2, id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}

plam_err store_season_area_has(struct db *db, int64_t area_id, const char *commune, int *yes) {
  *yes = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT 1 FROM area_communes WHERE area_id = ?1 AND commune = ?2", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, area_id);
  if (!e) e = db_bind_text(st, 2, commune);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  *yes = !e && row;
  return e;
}

plam_err store_season_by_area(struct db *db, int64_t area_id, int64_t *n, char *first, size_t size) {
  *n = 0;
  if (size) first[0] = '\0';
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT (SELECT count(*) FROM seasonal_campaigns WHERE area_id = ?1), c.name "
                          "FROM seasonal_campaigns c WHERE c.area_id = ?1 ORDER BY c.id DESC LIMIT 1",
                          &st);
  if (e) return e;
  e = db_bind_int64(st, 1, area_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *n = db_column_int64(st, 0);
    copy(first, size, db_column_text(st, 1));
  }
  db_done(st);
  return e;
}

/* student (session 12) */
plam_err store_season_by_pool(struct db *db, int64_t pool_id, int64_t *campaign_id) {
  *campaign_id = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT id FROM seasonal_campaigns WHERE pool_id = ?1", &st);
  if (e) return e;
  e = db_bind_int64(st, 1, pool_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) *campaign_id = db_column_int64(st, 0);
  db_done(st);
  return e;
}
