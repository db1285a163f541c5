/* SQL of a person's own data, export and erasure: see store_cand.h. */
#include "store/store_cand.h"
#include <stdio.h>
#include <string.h>
#include "store/store.h"

#define N(a) ((int)(sizeof a / sizeof a[0]))

static const struct store_cand_col account_cols[] = {{"id", SCK_INT},
                                                     {"login", SCK_TEXT},
                                                     {"display_name", SCK_TEXT},
                                                     {"email", SCK_TEXT},
                                                     {"role", SCK_TEXT},
                                                     {"org_id", SCK_INT},
                                                     {"disabled", SCK_BOOL},
                                                     {"created_at", SCK_TEXT},
                                                     {"updated_at", SCK_TEXT},
                                                     {"pending_verification", SCK_BOOL}};
static const struct store_cand_col candidate_cols[] = {{"id", SCK_INT},
                                                       {"first_name", SCK_TEXT},
                                                       {"last_name", SCK_TEXT},
                                                       {"email", SCK_TEXT},
                                                       {"phone", SCK_TEXT},
                                                       {"profession", SCK_TEXT},
                                                       {"rpps", SCK_TEXT},
                                                       {"situation", SCK_TEXT},
                                                       {"commune", SCK_TEXT},
                                                       {"departement", SCK_TEXT},
                                                       {"lat", SCK_REAL},
                                                       {"lon", SCK_REAL},
                                                       {"max_km", SCK_REAL},
                                                       {"accepts_shift", SCK_BOOL},
                                                       {"accepts_fixed_term", SCK_BOOL},
                                                       {"accepts_permanent", SCK_BOOL},
                                                       {"accepts_secondment", SCK_BOOL},
                                                       {"active", SCK_BOOL},
                                                       {"created_at", SCK_TEXT},
                                                       {"updated_at", SCK_TEXT},
                                                       {"contact_by", SCK_TEXT}};
static const struct store_cand_col qual_cols[] = {
  {"code", SCK_TEXT}, {"valid_until", SCK_TEXT}, {"verified_by", SCK_INT}, {"verified_at", SCK_TEXT}};
static const struct store_cand_col avail_cols[] = {{"kind", SCK_TEXT}, {"start", SCK_TEXT}, {"end", SCK_TEXT}};
static const struct store_cand_col pool_cols[] = {
  {"id", SCK_INT}, {"name", SCK_TEXT}, {"level", SCK_TEXT}, {"joined_at", SCK_TEXT}};
static const struct store_cand_col season_cols[] = {/* season: applications to seasonal campaigns */
                                                    {"id", SCK_INT},         {"name", SCK_TEXT},
                                                    {"starts_on", SCK_TEXT}, {"ends_on", SCK_TEXT},
                                                    {"status", SCK_TEXT},    {"applied_at", SCK_TEXT}};
static const struct store_cand_col offer_cols[] = {
  {"id", SCK_INT},           {"need_id", SCK_INT},    {"establishment", SCK_TEXT}, {"profession", SCK_TEXT},
  {"wave", SCK_INT},         {"rank", SCK_INT},       {"reasons", SCK_JSON},       {"status", SCK_TEXT},
  {"sent_at", SCK_INT},      {"expires_at", SCK_INT}, {"seen_at", SCK_INT},        {"accepted_at", SCK_INT},
  {"confirmed_at", SCK_INT}, {"undo_until", SCK_INT}, {"closed_at", SCK_INT}};
static const struct store_cand_col shift_cols[] = {
  {"id", SCK_INT},   {"need_id", SCK_INT}, {"establishment", SCK_TEXT}, {"start", SCK_TEXT},
  {"end", SCK_TEXT}, {"status", SCK_TEXT}, {"created_at", SCK_TEXT},    {"updated_at", SCK_TEXT}};
static const struct store_cand_col event_cols[] = {{"id", SCK_INT},      {"offer_id", SCK_INT}, {"kind", SCK_TEXT},
                                                   {"reason", SCK_TEXT}, {"late", SCK_BOOL},    {"at", SCK_INT}};
static const struct store_cand_col session_cols[] = {
  {"created_at", SCK_INT}, {"last_seen_at", SCK_INT}, {"expires_at", SCK_INT}};
static const struct store_cand_col audit_cols[] = {{"id", SCK_INT},      {"at", SCK_TEXT},     {"user_login", SCK_TEXT},
                                                   {"action", SCK_TEXT}, {"entity", SCK_TEXT}, {"entity_id", SCK_TEXT},
                                                   {"before", SCK_JSON}, {"after", SCK_JSON}};

/* student (session 12): an intern's own internship data, exported with the
 * candidate's (a student's account holds both) */
static const struct store_cand_col iassign_cols[] = {
  {"site_id", SCK_INT}, {"site", SCK_TEXT}, {"establishment", SCK_TEXT}, {"semester", SCK_TEXT}};
static const struct store_cand_col ieval_cols[] = {{"id", SCK_INT},
                                                   {"site_id", SCK_INT},
                                                   {"semester", SCK_TEXT},
                                                   {"supervision", SCK_INT},
                                                   {"conditions", SCK_INT},
                                                   {"hours", SCK_INT},
                                                   {"rest_taken", SCK_INT},
                                                   {"training_half_days", SCK_INT},
                                                   {"non_medical", SCK_INT},
                                                   {"respect", SCK_INT},
                                                   {"harassment", SCK_BOOL},
                                                   {"comment", SCK_TEXT},
                                                   {"comment_status", SCK_TEXT},
                                                   {"created_at", SCK_TEXT}};
static const struct store_cand_col acand_cols[] = {{"campaign_id", SCK_INT}, {"campaign", SCK_TEXT}, {"name", SCK_TEXT},
                                                   {"rank", SCK_INT},        {"seniority", SCK_INT}, {"cesp", SCK_BOOL},
                                                   {"subdivision", SCK_BOOL}};
static const struct store_cand_col wish_cols[] = {
  {"campaign_id", SCK_INT}, {"position", SCK_INT}, {"post_id", SCK_INT}, {"post", SCK_TEXT}};

const struct store_cand_part store_cand_parts[] = {
  {"account", account_cols, N(account_cols), 1, STORE_CAND_BY_USER,
   "SELECT u.id, u.login, u.display_name, u.email, u.role, u.org_id, u.disabled, u.created_at, u.updated_at, "
   "(SELECT count(*) FROM account_pending p WHERE p.user_id = u.id) FROM users u WHERE u.id = ?1"},
  {"candidate", candidate_cols, N(candidate_cols), 1, STORE_CAND_BY_CANDIDATE,
   "SELECT id, first_name, last_name, email, phone, profession, rpps, situation, commune, departement, lat, lon, "
   "max_km, accepts_shift, accepts_fixed_term, accepts_permanent, accepts_secondment, active, created_at, updated_at, "
   "contact_by FROM candidates WHERE id = ?1"},
  {"qualifications", qual_cols, N(qual_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT code, valid_until, verified_by, verified_at FROM candidate_qualifications WHERE candidate_id = ?1 "
   "ORDER BY code"},
  {"availability", avail_cols, N(avail_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT kind, start_at, end_at FROM candidate_availability WHERE candidate_id = ?1 ORDER BY start_min, id"},
  {"pools", pool_cols, N(pool_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT p.id, p.name, p.level, cp.joined_at FROM candidate_pools cp JOIN pools p ON p.id = cp.pool_id "
   "WHERE cp.candidate_id = ?1 ORDER BY p.id"},
  {"seasonal_applications", season_cols, N(season_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT c.id, c.name, c.starts_on, c.ends_on, "
   "CASE WHEN c.ends_on < substr(plam_now(), 1, 10) THEN 'closed' ELSE c.status END, cp.joined_at "
   "FROM candidate_pools cp "
   "JOIN seasonal_campaigns c ON c.pool_id = cp.pool_id WHERE cp.candidate_id = ?1 ORDER BY c.id"},
  {"offers", offer_cols, N(offer_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT o.id, o.need_id, e.name, n.profession, o.wave, o.rank, o.reasons, o.status, o.sent_at, o.expires_at, "
   "o.seen_at, o.accepted_at, o.confirmed_at, o.undo_until, o.closed_at FROM offers o "
   "JOIN needs n ON n.id = o.need_id JOIN establishments e ON e.id = n.establishment_id "
   "WHERE o.candidate_id = ?1 ORDER BY o.id"},
  {"shifts", shift_cols, N(shift_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT a.id, a.need_id, e.name, s.start_at, s.end_at, a.status, a.created_at, a.updated_at FROM assignments a "
   "JOIN need_slots s ON s.id = a.slot_id JOIN needs n ON n.id = a.need_id "
   "JOIN establishments e ON e.id = n.establishment_id WHERE a.candidate_id = ?1 ORDER BY a.start_min, a.id"},
  {"cancellations_and_no_shows", event_cols, N(event_cols), 0, STORE_CAND_BY_CANDIDATE,
   "SELECT id, offer_id, kind, reason, late, at FROM offer_events WHERE candidate_id = ?1 ORDER BY id"},
  /* student (session 12): internship data of the same account */
  {"internships", iassign_cols, N(iassign_cols), 0, STORE_CAND_BY_USER,
   "SELECT a.site_id, s.label, e.name, a.semester FROM intern_assignments a JOIN intern_sites s ON s.id = a.site_id "
   "JOIN establishments e ON e.id = s.establishment_id WHERE a.user_id = ?1 ORDER BY a.semester, a.site_id"},
  {"internship_evaluations", ieval_cols, N(ieval_cols), 0, STORE_CAND_BY_USER,
   "SELECT id, site_id, semester, supervision, conditions, hours, rest_taken, training_half_days, non_medical, "
   "respect, harassment, comment, comment_status, created_at FROM intern_evaluations WHERE author_id = ?1 "
   "ORDER BY semester, id"},
  {"allocation_campaigns", acand_cols, N(acand_cols), 0, STORE_CAND_BY_USER,
   "SELECT c.id, c.title, k.name, k.rank, k.seniority, k.cesp, k.subdivision FROM campaign_candidates k "
   "JOIN campaigns c ON c.id = k.campaign_id WHERE k.user_id = ?1 ORDER BY c.id"},
  {"allocation_wishes", wish_cols, N(wish_cols), 0, STORE_CAND_BY_USER,
   "SELECT k.campaign_id, w.position, w.post_id, p.label FROM campaign_wishes w "
   "JOIN campaign_candidates k ON k.id = w.candidate_id JOIN campaign_posts p ON p.id = w.post_id "
   "WHERE k.user_id = ?1 ORDER BY k.campaign_id, w.position"},
  {"sessions", session_cols, N(session_cols), 0, STORE_CAND_BY_USER,
   "SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = ?1 ORDER BY created_at"},
  {"audit", audit_cols, N(audit_cols), 0, STORE_CAND_BY_BOTH,
   "SELECT id, at, user_login, action, entity, entity_id, before, after FROM audit_log WHERE user_id = ?1 "
   "OR (entity = 'user' AND entity_id = ?3) OR (entity = 'candidate' AND entity_id = ?4) "
   "OR (entity = 'offer' AND entity_id IN (SELECT CAST(o.id AS TEXT) FROM offers o WHERE o.candidate_id = ?2)) "
   "ORDER BY id"},
};
const int store_cand_nparts = N(store_cand_parts);

plam_err store_cand_part_rows(struct db *db, const struct store_cand_part *p, int64_t uid, int64_t cid,
                              store_cand_row_fn fn, void *ud) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, p->sql, &st);
  if (e) return e;
  char us[24], cs[24];
  snprintf(us, sizeof us, "%lld", (long long)uid);
  snprintf(cs, sizeof cs, "%lld", (long long)cid);
  /* each statement takes exactly the parameters it names, from ?1 (PostgreSQL types every one) */
  if (p->by == STORE_CAND_BY_USER) e = db_bind_int64(st, 1, uid);
  else if (p->by == STORE_CAND_BY_CANDIDATE) e = db_bind_int64(st, 1, cid);
  else {
    e = db_bind_int64(st, 1, uid);
    if (!e) e = db_bind_int64(st, 2, cid);
    if (!e) e = db_bind_text(st, 3, us);
    if (!e) e = db_bind_text(st, 4, cs);
  }
  struct store_cand_val v[32];
  int row = 0, nrows = 0;
  while (!e && !(e = db_step(st, &row)) && row) {
    if (++nrows > STORE_CAND_MAX_ROWS) {
      e = PLAM_ERR_TOO_LARGE;
      break;
    }
    for (int c = 0; c < p->ncols && c < 32; c++) {
      v[c].is_null = db_column_is_null(st, c);
      v[c].i = p->cols[c].kind == SCK_INT || p->cols[c].kind == SCK_BOOL ? db_column_int64(st, c) : 0;
      v[c].d = p->cols[c].kind == SCK_REAL ? db_column_double(st, c) : 0;
      v[c].s = p->cols[c].kind == SCK_TEXT || p->cols[c].kind == SCK_JSON ? db_column_text(st, c) : NULL;
    }
    e = fn(ud, p, v);
  }
  db_done(st);
  return e;
}

plam_err store_cand_upcoming(struct db *db, int64_t cid, int64_t now_min, int64_t *n) {
  struct db_stmt *st;
  *n = 0;
  plam_err e = db_prepare(db,
                          "SELECT count(*) FROM assignments WHERE candidate_id = ?1 AND status = 'confirmed' "
                          "AND end_min > ?2",
                          &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, cid);
  if (!e) e = db_bind_int64(st, 2, now_min);
  if (!e) e = db_step(st, &row);
  if (!e && row) *n = db_column_int64(st, 0);
  db_done(st);
  return e;
}

/* One statement bound with the given values (ints, then texts), *changed its row count. */
static plam_err run(struct db *db, const char *sql, const int64_t *ints, int ni, const char *const *texts, int nt,
                    int64_t *changed) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  for (int i = 0; !e && i < ni; i++) e = db_bind_int64(st, i + 1, ints[i]);
  for (int i = 0; !e && i < nt; i++)
    e = texts[i] ? db_bind_text(st, ni + i + 1, texts[i]) : db_bind_null(st, ni + i + 1);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  if (!e && changed) *changed = db_changes(db);
  return e;
}

plam_err store_cand_erase(struct db *db, int64_t uid, int64_t cid, int64_t now, const char *new_login, const char *hash,
                          struct store_cand_erased *out) {
  memset(out, 0, sizeof *out);
  plam_err e = PLAM_OK;
  const int64_t c1[] = {cid}, cn[] = {cid, now}, u1[] = {uid};
  if (cid) {
    /* the messages to the candidate's addresses, before the addresses go */
    int64_t m = 0;
    e = run(db,
            "DELETE FROM outbox WHERE recipient IN (SELECT email FROM candidates WHERE id = ?1 UNION "
            "SELECT phone FROM candidates WHERE id = ?1 AND phone <> '')",
            c1, 1, NULL, 0, &m);
    out->messages += m;
    if (!e)
      e = run(db,
              "UPDATE offers SET status = 'withdrawn', closed_at = ?2 WHERE candidate_id = ?1 "
              "AND status IN ('sent', 'accepted')",
              cn, 2, NULL, 0, &out->offers_withdrawn);
    if (!e) e = run(db, "UPDATE offers SET reasons = '[]' WHERE candidate_id = ?1", c1, 1, NULL, 0, NULL);
    if (!e)
      e = run(db, "DELETE FROM candidate_qualifications WHERE candidate_id = ?1", c1, 1, NULL, 0, &out->qualifications);
    if (!e)
      e = run(db, "DELETE FROM candidate_availability WHERE candidate_id = ?1", c1, 1, NULL, 0, &out->availability);
    if (!e) e = run(db, "DELETE FROM candidate_pools WHERE candidate_id = ?1", c1, 1, NULL, 0, &out->pools);
    if (!e)
      e = run(db,
              "UPDATE candidates SET user_id = NULL, first_name = 'Effacé', last_name = 'Effacé', "
              "email = 'efface@invalid', phone = '', rpps = NULL, situation = 'employed', commune = NULL, "
              "lat = 0, lon = 0, max_km = 0, accepts_shift = 0, accepts_fixed_term = 0, accepts_permanent = 0, "
              "accepts_secondment = 0, active = 0, contact_by = 'email' WHERE id = ?1",
              c1, 1, NULL, 0, NULL);
  }
  int64_t m = 0;
  if (!e)
    e = run(db, "DELETE FROM outbox WHERE recipient = (SELECT email FROM users WHERE id = ?1)", u1, 1, NULL, 0, &m);
  out->messages += m;
  /* student (session 12): the person's internship evaluations stay in the sites' results (anonymous sums,
   * frozen once a semester closes) but no longer point at the account */
  if (!e)
    e = run(db, "UPDATE intern_evaluations SET author_id = NULL WHERE author_id = ?1", u1, 1, NULL, 0,
            &out->evaluations);
  if (!e) e = run(db, "DELETE FROM sessions WHERE user_id = ?1", u1, 1, NULL, 0, &out->sessions);
  if (!e) e = run(db, "DELETE FROM account_pending WHERE user_id = ?1", u1, 1, NULL, 0, NULL);
  const char *texts[] = {new_login, hash};
  if (!e)
    e = run(db,
            "UPDATE users SET login = ?2, display_name = 'Compte effacé', email = NULL, password_hash = ?3, "
            "disabled = 1 WHERE id = ?1",
            u1, 1, texts, 2, NULL);
  return e;
}

plam_err store_cand_contact_get(struct db *db, int64_t cid, char by[8], char phone[81]) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, "SELECT contact_by, phone FROM candidates WHERE id = ?1", &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, cid);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) e = store_copy(by, 8, db_column_text(st, 0));
  if (!e) e = store_copy(phone, 81, db_column_text(st, 1));
  db_done(st);
  return e;
}

plam_err store_cand_contact_set(struct db *db, int64_t cid, const char *by) {
  const int64_t ids[] = {cid};
  const char *const texts[] = {by};
  return run(db, "UPDATE candidates SET contact_by = ?2 WHERE id = ?1", ids, 1, texts, 1, NULL);
}

plam_err store_cand_employer_may(struct db *db, int64_t cid, int64_t org_id, int *may) {
  struct db_stmt *st;
  *may = 0;
  plam_err e = db_prepare(db,
                          "SELECT count(*) FROM offers o JOIN needs n ON n.id = o.need_id "
                          "JOIN establishments e ON e.id = n.establishment_id WHERE o.candidate_id = ?1 "
                          "AND e.org_id = ?2 AND o.accepted_at IS NOT NULL AND o.status NOT IN ('undone', 'declined')",
                          &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, cid);
  if (!e) e = db_bind_int64(st, 2, org_id);
  if (!e) e = db_step(st, &row);
  if (!e && row) *may = db_column_int64(st, 0) > 0;
  db_done(st);
  return e;
}

plam_err store_cand_qual_get(struct db *db, int64_t cid, const char *code, char valid_until[11], int64_t *verified_by,
                             char verified_at[32]) {
  struct db_stmt *st;
  plam_err e = db_prepare(db,
                          "SELECT valid_until, verified_by, verified_at FROM candidate_qualifications "
                          "WHERE candidate_id = ?1 AND code = ?2",
                          &st);
  if (e) return e;
  int row = 0;
  e = db_bind_int64(st, 1, cid);
  if (!e) e = db_bind_text(st, 2, code);
  if (!e) e = db_step(st, &row);
  if (!e && !row) e = PLAM_ERR_NOT_FOUND;
  if (!e) e = store_copy(valid_until, 11, db_column_text(st, 0));
  if (!e) *verified_by = db_column_is_null(st, 1) ? 0 : db_column_int64(st, 1);
  if (!e) e = store_copy(verified_at, 32, db_column_text(st, 2));
  db_done(st);
  return e;
}

plam_err store_cand_qual_verify(struct db *db, int64_t cid, const char *code, int64_t by) {
  const int64_t ints[] = {cid, by};
  const char *const texts[] = {code};
  return run(db,
             "UPDATE candidate_qualifications SET verified_by = ?2, verified_at = plam_now() "
             "WHERE candidate_id = ?1 AND code = ?3",
             ints, 2, texts, 1, NULL);
}
