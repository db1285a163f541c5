/* SQL of the offers: see store_offer.h. */
#include "store/store_offer.h"
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/store_plan_int.h"

#define STR_(x) #x
#define STR(x) STR_(x)

#define NEED_COLS \
  "n.id, n.establishment_id, coalesce(e.org_id, 0), n.profession, n.contract, n.fill_mode, n.status, n.reason, " \
  "n.urgency, n.headcount, n.max_km, coalesce(e.lat, c.lat, 0), coalesce(e.lon, c.lon, 0), " \
  "CASE WHEN coalesce(e.lat, c.lat) IS NULL OR coalesce(e.lon, c.lon) IS NULL THEN 0 ELSE 1 END, " \
  "n.pay, n.description, coalesce(n.expires_at, ''), e.name, e.departement, coalesce(t.name, ''), " \
  "coalesce(e.commune, ''), coalesce(c.name, ''), " \
  "coalesce(w.wave_size, " STR(OFFER_DEF_WAVE_SIZE) "), coalesce(w.interval_min, " STR( \
    OFFER_DEF_INTERVAL_MIN) "), " \
                            "coalesce(w.offer_ttl_min, " STR(OFFER_DEF_TTL_MIN) "), coalesce(w.undo_min, " STR( \
                              OFFER_DEF_UNDO_MIN) "), " \
                                                  "coalesce(w.waves_sent, 0), coalesce(w.last_wave_at, -1), " \
                                                  "coalesce(w.next_wave_at, -1), " \
                                                  "coalesce((SELECT min(s.start_min) FROM need_slots s WHERE " \
                                                  "s.need_id = n.id), 0), " \
                                                  "coalesce((SELECT max(s.end_min) FROM need_slots s WHERE s.need_id " \
                                                  "= n.id), 0), " \
                                                  "(SELECT count(*) FROM need_slots s WHERE s.need_id = n.id), " \
                                                  "coalesce((SELECT s.start_at FROM need_slots s WHERE s.need_id = " \
                                                  "n.id ORDER BY s.start_min, s.id LIMIT 1), ''), " \
                                                  "coalesce((SELECT s.end_at FROM need_slots s WHERE s.need_id = " \
                                                  "n.id ORDER BY s.end_min DESC, s.id LIMIT 1), ''), " \
                                                  "n.created_at, coalesce(n.expires_min, 0), coalesce(r.name, '') "
#define NEED_FROM \
  " FROM needs n JOIN establishments e ON e.id = n.establishment_id LEFT JOIN communes c ON c.code = e.commune " \
  "LEFT JOIN territories t ON t.id = e.departement LEFT JOIN territories r ON r.id = t.parent " \
  "LEFT JOIN need_waves w ON w.need_id = n.id "

static const char *const SQL_NEED_GET = "SELECT " NEED_COLS NEED_FROM "WHERE n.id = ?";
static const char *const SQL_NEEDS_DUE =
  "SELECT n.id FROM needs n LEFT JOIN need_waves w ON w.need_id = n.id WHERE n.status = 'open' AND "
  "(w.need_id IS NULL OR w.next_wave_at IS NULL OR w.next_wave_at <= ?1) ORDER BY n.id LIMIT ?2";
static const char *const SQL_NEEDS_STARTED =
  "SELECT n.id FROM needs n WHERE n.status = 'open' AND "
  "(n.expires_min <= ?1 OR "
  "EXISTS (SELECT 1 FROM need_slots s WHERE s.need_id = n.id AND s.start_min <= ?1)) ORDER BY n.id LIMIT ?2";
static const char *const SQL_NEED_STATUS = "UPDATE needs SET status = ?, updated_at = plam_now() WHERE id = ?";
static const char *const SQL_SLOTS =
  "SELECT s.id, s.start_min, s.end_min, s.start_at, s.end_at, (SELECT count(*) FROM assignments a WHERE "
  "a.slot_id = s.id AND a.status IN ('confirmed', 'done')) FROM need_slots s WHERE s.need_id = ? "
  "ORDER BY s.start_min, s.id";
static const char *const SQL_WAVES_PUT =
  "INSERT INTO need_waves(need_id, wave_size, interval_min, offer_ttl_min, undo_min) VALUES (?1, ?2, ?3, ?4, ?5) "
  "ON CONFLICT (need_id) DO UPDATE SET wave_size = ?2, interval_min = ?3, offer_ttl_min = ?4, undo_min = ?5";
static const char *const SQL_WAVES_MARK =
  "INSERT INTO need_waves(need_id, waves_sent, last_wave_at, next_wave_at) VALUES (?1, ?2, nullif(?3, -1), "
  "nullif(?4, -1)) ON CONFLICT (need_id) DO UPDATE SET waves_sent = ?2, last_wave_at = nullif(?3, -1), "
  "next_wave_at = nullif(?4, -1)";

/* The candidates a wave must not reach: ?1 need, ?2 profession, ?3 contract;
 * the ranking excludes those of other professions and the inactive. */
static const char *const SQL_EXCLUDED =
  "SELECT c.id FROM candidates c WHERE c.active = 1 AND c.profession = ?2 AND "
  "(CASE ?3 WHEN 'shift' THEN c.accepts_shift WHEN 'fixed_term' THEN c.accepts_fixed_term "
  "WHEN 'permanent' THEN c.accepts_permanent ELSE c.accepts_secondment END) = 0 "
  "UNION SELECT o.candidate_id FROM offers o WHERE o.need_id = ?1";
static const char *const SQL_SHIFTS_OF =
  "SELECT a.candidate_id, 0, a.start_min, a.end_min, '' FROM assignments a WHERE a.candidate_id = ?1 AND "
  "a.status IN ('confirmed', 'done') AND a.end_min > ?2 AND a.start_min < ?3 ORDER BY a.start_min, a.id";

#define OFFER_COLS \
  "o.id, o.need_id, o.candidate_id, o.wave, o.rank, o.reasons, o.status, o.sent_at, o.expires_at, " \
  "coalesce(o.accepted_at, 0), coalesce(o.confirmed_at, 0), coalesce(o.undo_until, 0), coalesce(o.closed_at, 0), " \
  "c.first_name, c.last_name, c.email, c.phone, coalesce(c.user_id, 0), coalesce(o.seen_at, 0) " \
  "FROM offers o JOIN candidates c ON c.id = o.candidate_id "
static const char *const SQL_OFFER_GET = "SELECT " OFFER_COLS "WHERE o.id = ?";
static const char *const SQL_OFFER_BY_HASH = "SELECT " OFFER_COLS "WHERE o.token_hash = ?";
static const char *const SQL_OFFER_LIST = "SELECT " OFFER_COLS "WHERE o.need_id = ? ORDER BY o.wave, o.rank, o.id";
/* cand: a candidate's own offers, newest first */
static const char *const SQL_OFFER_LIST_CAND = "SELECT " OFFER_COLS
                                               "WHERE o.candidate_id = ? ORDER BY o.sent_at DESC, o.id DESC";
static const char *const SQL_OFFER_INSERT =
  "INSERT INTO offers(need_id, candidate_id, wave, rank, reasons, token_hash, status, sent_at, expires_at) "
  "VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?) RETURNING id";
static const char *const SQL_OFFER_UPDATE =
  "UPDATE offers SET status = ?, accepted_at = nullif(?, 0), confirmed_at = nullif(?, 0), "
  "undo_until = nullif(?, 0), closed_at = nullif(?, 0) WHERE id = ?";
static const char *const SQL_OFFER_SEEN = "UPDATE offers SET seen_at = ? WHERE id = ? AND seen_at IS NULL";
static const char *const SQL_OFFER_CLOSE_NEED =
  "UPDATE offers SET status = ?3, closed_at = ?4 WHERE need_id = ?1 AND status = ?2";
static const char *const SQL_OFFER_EXPIRE =
  "UPDATE offers SET status = 'expired', closed_at = ?1 WHERE status = 'sent' AND expires_at <= ?1";

static const char *const SQL_ASSIGN =
  "INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min, status) "
  "VALUES (?, ?, ?, ?, ?, 'confirmed')";
static const char *const SQL_UNASSIGN =
  "DELETE FROM assignments WHERE candidate_id = ? AND need_id = ? AND status = 'confirmed'";
/* A no-show or a cancellation also applies to a shift already done (declared
 * after its end: the scheduler marks ended shifts done). */
static const char *const SQL_ASSIGN_STATUS =
  "UPDATE assignments SET status = ?, updated_at = plam_now() WHERE candidate_id = ? AND need_id = ? AND "
  "status IN ('confirmed', 'done')";
static const char *const SQL_ASSIGN_DONE =
  "UPDATE assignments SET status = 'done', updated_at = plam_now() WHERE id IN (SELECT id FROM assignments "
  "WHERE status = 'confirmed' AND end_min <= ? ORDER BY end_min, id LIMIT ?)";
static const char *const SQL_EVENT =
  "INSERT INTO offer_events(offer_id, candidate_id, kind, reason, late, at, by_user) "
  "VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0))";

static const char *const SQL_PUBLIC =
  "SELECT " NEED_COLS NEED_FROM
  "WHERE n.status = 'open' AND (?1 = '' OR e.departement = ?1) AND (?2 = '' OR n.profession = ?2) AND "
  "(?3 = '' OR n.contract = ?3) AND (?4 = 0 OR e.commune IN (SELECT ac.commune FROM area_communes ac WHERE "
  "ac.area_id = ?4)) ORDER BY n.id LIMIT " STR(OFFER_PUBLIC_MAX);

static void need_read(struct db_stmt *st, void *out) {
  struct offer_need_rec *n = out;
  memset(n, 0, sizeof *n);
  n->id = db_column_int64(st, 0);
  n->establishment_id = db_column_int64(st, 1);
  n->org_id = db_column_int64(st, 2);
  store_copy(n->profession, sizeof n->profession, db_column_text(st, 3));
  store_copy(n->contract, sizeof n->contract, db_column_text(st, 4));
  store_copy(n->fill_mode, sizeof n->fill_mode, db_column_text(st, 5));
  store_copy(n->status, sizeof n->status, db_column_text(st, 6));
  store_copy(n->reason, sizeof n->reason, db_column_text(st, 7));
  store_copy(n->urgency, sizeof n->urgency, db_column_text(st, 8));
  n->headcount = (int)db_column_int64(st, 9);
  n->max_km = db_column_double(st, 10);
  n->lat = db_column_double(st, 11);
  n->lon = db_column_double(st, 12);
  n->has_location = (int)db_column_int64(st, 13);
  store_copy(n->pay, sizeof n->pay, db_column_text(st, 14));
  store_copy(n->description, sizeof n->description, db_column_text(st, 15));
  store_copy(n->expires_at, sizeof n->expires_at, db_column_text(st, 16));
  store_copy(n->estab_name, sizeof n->estab_name, db_column_text(st, 17));
  store_copy(n->departement, sizeof n->departement, db_column_text(st, 18));
  store_copy(n->departement_name, sizeof n->departement_name, db_column_text(st, 19));
  store_copy(n->commune, sizeof n->commune, db_column_text(st, 20));
  store_copy(n->commune_name, sizeof n->commune_name, db_column_text(st, 21));
  n->wave_size = (int)db_column_int64(st, 22);
  n->interval_min = (int)db_column_int64(st, 23);
  n->offer_ttl_min = (int)db_column_int64(st, 24);
  n->undo_min = (int)db_column_int64(st, 25);
  n->waves_sent = (int)db_column_int64(st, 26);
  n->last_wave_at = db_column_int64(st, 27);
  n->next_wave_at = db_column_int64(st, 28);
  n->first_start_min = db_column_int64(st, 29);
  n->last_end_min = db_column_int64(st, 30);
  n->nslots = (int)db_column_int64(st, 31);
  store_copy(n->first_start_at, sizeof n->first_start_at, db_column_text(st, 32));
  store_copy(n->last_end_at, sizeof n->last_end_at, db_column_text(st, 33));
  n->expires_min = db_column_int64(st, 35);
  store_copy(n->created_at, sizeof n->created_at, db_column_text(st, 34));
  store_copy(n->region_name, sizeof n->region_name, db_column_text(st, 36));
}

static void offer_read(struct db_stmt *st, void *out) {
  struct offer_rec *o = out;
  memset(o, 0, sizeof *o);
  o->id = db_column_int64(st, 0);
  o->need_id = db_column_int64(st, 1);
  o->candidate_id = db_column_int64(st, 2);
  o->wave = (int)db_column_int64(st, 3);
  o->rank = (int)db_column_int64(st, 4);
  store_copy(o->reasons, sizeof o->reasons, db_column_text(st, 5));
  store_copy(o->status, sizeof o->status, db_column_text(st, 6));
  o->sent_at = db_column_int64(st, 7);
  o->expires_at = db_column_int64(st, 8);
  o->accepted_at = db_column_int64(st, 9);
  o->confirmed_at = db_column_int64(st, 10);
  o->undo_until = db_column_int64(st, 11);
  o->closed_at = db_column_int64(st, 12);
  store_copy(o->first_name, sizeof o->first_name, db_column_text(st, 13));
  store_copy(o->last_name, sizeof o->last_name, db_column_text(st, 14));
  store_copy(o->email, sizeof o->email, db_column_text(st, 15));
  store_copy(o->phone, sizeof o->phone, db_column_text(st, 16));
  o->user_id = db_column_int64(st, 17);
  o->seen_at = db_column_int64(st, 18);
}

/* Runs a bound statement and ends it; *changed (may be NULL) gets the rows changed. */
static plam_err run(struct db *db, struct db_stmt *st, plam_err e, int *changed) {
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && changed) *changed = db_changes(db);
  return e;
}

/* Steps a bound statement and calls fn per row (columns: cand, a, b, c, s[, s2]). */
static plam_err each(struct db_stmt *st, plam_err e, store_offer_row_fn fn, void *ud) {
  int row = 0;
  int ncol = e ? 0 : db_column_count(st);
  while (!e && !(e = db_step(st, &row)) && row) {
    struct store_offer_row r = {db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2),
                                db_column_int64(st, 3), db_column_text(st, 4),  ncol > 5 ? db_column_text(st, 5) : ""};
    e = fn(ud, &r);
  }
  db_done(st);
  return e;
}

plam_err store_offer_need_get(struct db *db, int64_t id, struct offer_need_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_NEED_GET, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) need_read(st, out);
  db_done(st);
  return e;
}

static plam_err ids_query(struct db *db, const char *sql, int64_t v, int max, int64_t *ids, int *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, v);
  if (!e) e = db_bind_int64(st, 2, max);
  int row = 0;
  while (!e && !(e = db_step(st, &row)) && row && *n < max) ids[(*n)++] = db_column_int64(st, 0);
  db_done(st);
  return e;
}

plam_err store_offer_needs_due(struct db *db, int64_t now, int max, int64_t *ids, int *n) {
  return ids_query(db, SQL_NEEDS_DUE, now, max, ids, n);
}

plam_err store_offer_needs_started(struct db *db, int64_t now_min, int max, int64_t *ids, int *n) {
  return ids_query(db, SQL_NEEDS_STARTED, now_min, max, ids, n);
}

plam_err store_offer_need_set_status(struct db *db, int64_t id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_NEED_STATUS, &st);
  if (e) return e;
  e = db_bind_text(st, 1, status);
  if (!e) e = db_bind_int64(st, 2, id);
  return run(db, st, e, NULL);
}

plam_err store_offer_slots(struct db *db, int64_t need_id, struct offer_slot_rec *out, int max, int *n) {
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SLOTS, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  int row = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (*n == max) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    struct offer_slot_rec *s = &out[(*n)++];
    memset(s, 0, sizeof *s);
    s->id = db_column_int64(st, 0);
    s->start_min = db_column_int64(st, 1);
    s->end_min = db_column_int64(st, 2);
    store_copy(s->start_at, sizeof s->start_at, db_column_text(st, 3));
    store_copy(s->end_at, sizeof s->end_at, db_column_text(st, 4));
    s->filled = (int)db_column_int64(st, 5);
  }
  db_done(st);
  return e;
}

plam_err store_offer_waves_put(struct db *db, int64_t need_id, int wave_size, int interval_min, int offer_ttl_min,
                               int undo_min) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_WAVES_PUT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  if (!e) e = db_bind_int64(st, 2, wave_size);
  if (!e) e = db_bind_int64(st, 3, interval_min);
  if (!e) e = db_bind_int64(st, 4, offer_ttl_min);
  if (!e) e = db_bind_int64(st, 5, undo_min);
  return run(db, st, e, NULL);
}

plam_err store_offer_waves_mark(struct db *db, int64_t need_id, int waves_sent, int64_t last_wave_at,
                                int64_t next_wave_at) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_WAVES_MARK, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  if (!e) e = db_bind_int64(st, 2, waves_sent);
  if (!e) e = db_bind_int64(st, 3, last_wave_at);
  if (!e) e = db_bind_int64(st, 4, next_wave_at);
  return run(db, st, e, NULL);
}

plam_err store_offer_excluded(struct db *db, int64_t need_id, const char *profession, const char *contract,
                              int64_t **ids, int *n) {
  *ids = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_EXCLUDED, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  if (!e) e = db_bind_text(st, 2, profession);
  if (!e) e = db_bind_text(st, 3, contract);
  return store_rows_collect_by(st, e, store_read_int64, sizeof **ids, 0, (void **)ids, n);
}

plam_err store_offer_shifts_of(struct db *db, int64_t cand, int64_t lo, int64_t hi, store_offer_row_fn fn, void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_SHIFTS_OF, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, cand);
  if (!e) e = db_bind_int64(st, 2, lo);
  if (!e) e = db_bind_int64(st, 3, hi);
  return each(st, e, fn, ud);
}

plam_err store_offer_insert(struct db *db, const struct offer_rec *o, const uint8_t hash[32], int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_OFFER_INSERT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, o->need_id);
  if (!e) e = db_bind_int64(st, 2, o->candidate_id);
  if (!e) e = db_bind_int64(st, 3, o->wave);
  if (!e) e = db_bind_int64(st, 4, o->rank);
  if (!e) e = db_bind_text(st, 5, o->reasons);
  if (!e) e = db_bind_blob(st, 6, hash, 32);
  if (!e) e = db_bind_int64(st, 7, o->sent_at);
  if (!e) e = db_bind_int64(st, 8, o->expires_at);
  return store_insert_id(st, e, id);
}

static plam_err offer_one(struct db *db, const char *sql, int64_t id, const uint8_t *hash, struct offer_rec *out) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  int row = 0;
  e = hash ? db_bind_blob(st, 1, hash, 32) : db_bind_int64(st, 1, id);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) offer_read(st, out);
  db_done(st);
  return e;
}

plam_err store_offer_get(struct db *db, int64_t id, struct offer_rec *out) {
  return offer_one(db, SQL_OFFER_GET, id, NULL, out);
}

plam_err store_offer_get_by_hash(struct db *db, const uint8_t hash[32], struct offer_rec *out) {
  return offer_one(db, SQL_OFFER_BY_HASH, 0, hash, out);
}

plam_err store_offer_update(struct db *db, const struct offer_rec *o) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_OFFER_UPDATE, &st);
  if (e) return e;
  e = db_bind_text(st, 1, o->status);
  if (!e) e = db_bind_int64(st, 2, o->accepted_at);
  if (!e) e = db_bind_int64(st, 3, o->confirmed_at);
  if (!e) e = db_bind_int64(st, 4, o->undo_until);
  if (!e) e = db_bind_int64(st, 5, o->closed_at);
  if (!e) e = db_bind_int64(st, 6, o->id);
  return run(db, st, e, NULL);
}

plam_err store_offer_seen(struct db *db, int64_t id, int64_t now) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_OFFER_SEEN, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, now);
  if (!e) e = db_bind_int64(st, 2, id);
  return run(db, st, e, NULL);
}

static plam_err offer_list_by(struct db *db, const char *sql, int64_t id, struct offer_rec **out, int *n);

plam_err store_offer_list_need(struct db *db, int64_t need_id, struct offer_rec **out, int *n) {
  return offer_list_by(db, SQL_OFFER_LIST, need_id, out, n);
}

plam_err store_offer_list_candidate(struct db *db, int64_t cand_id, struct offer_rec **out, int *n) {
  return offer_list_by(db, SQL_OFFER_LIST_CAND, cand_id, out, n);
}

static plam_err offer_list_by(struct db *db, const char *sql, int64_t id, struct offer_rec **out, int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  return store_rows_collect_by(st, e, offer_read, sizeof **out, OFFER_MAX_ROWS, (void **)out, n);
}

plam_err store_offer_close_need(struct db *db, int64_t need_id, const char *from, const char *to, int64_t now,
                                int *changed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_OFFER_CLOSE_NEED, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, need_id);
  if (!e) e = db_bind_text(st, 2, from);
  if (!e) e = db_bind_text(st, 3, to);
  if (!e) e = db_bind_int64(st, 4, now);
  return run(db, st, e, changed);
}

plam_err store_offer_expire_due(struct db *db, int64_t now, int *changed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_OFFER_EXPIRE, &st);
  if (e) return e;
  return run(db, st, db_bind_int64(st, 1, now), changed);
}

plam_err store_offer_assign(struct db *db, int64_t cand, int64_t need_id, const struct offer_slot_rec *slot) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, cand);
  if (!e) e = db_bind_int64(st, 2, need_id);
  if (!e) e = db_bind_int64(st, 3, slot->id);
  if (!e) e = db_bind_int64(st, 4, slot->start_min);
  if (!e) e = db_bind_int64(st, 5, slot->end_min);
  return run(db, st, e, NULL);
}

plam_err store_offer_unassign(struct db *db, int64_t cand, int64_t need_id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_UNASSIGN, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, cand);
  if (!e) e = db_bind_int64(st, 2, need_id);
  return run(db, st, e, NULL);
}

plam_err store_offer_assign_status(struct db *db, int64_t cand, int64_t need_id, const char *status) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN_STATUS, &st);
  if (e) return e;
  e = db_bind_text(st, 1, status);
  if (!e) e = db_bind_int64(st, 2, cand);
  if (!e) e = db_bind_int64(st, 3, need_id);
  return run(db, st, e, NULL);
}

plam_err store_offer_assign_done(struct db *db, int64_t now_min, int max, int *changed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_ASSIGN_DONE, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, now_min);
  if (!e) e = db_bind_int64(st, 2, max);
  return run(db, st, e, changed);
}

plam_err store_offer_event_insert(struct db *db, int64_t offer_id, int64_t cand, const char *kind, const char *reason,
                                  int late, int64_t at, int64_t by_user) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_EVENT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, offer_id);
  if (!e) e = db_bind_int64(st, 2, cand);
  if (!e) e = db_bind_text(st, 3, kind);
  if (!e) e = db_bind_text(st, 4, reason);
  if (!e) e = db_bind_int64(st, 5, late);
  if (!e) e = db_bind_int64(st, 6, at);
  if (!e) e = db_bind_int64(st, 7, by_user);
  return run(db, st, e, NULL);
}

plam_err store_offer_public_list(struct db *db, const struct store_offer_public_filter *f, struct offer_need_rec **out,
                                 int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_PUBLIC, &st);
  if (e) return e;
  e = db_bind_text(st, 1, f->departement ? f->departement : "");
  if (!e) e = db_bind_text(st, 2, f->profession ? f->profession : "");
  if (!e) e = db_bind_text(st, 3, f->contract ? f->contract : "");
  if (!e) e = db_bind_int64(st, 4, f->area_id);
  return store_rows_collect_by(st, e, need_read, sizeof **out, 0, (void **)out, n);
}
