/* Offers and acceptance (app/offer) on a real SQLite database: waves in
 * rank order and on schedule, expiry, the first-to-confirm and choose
 * modes, the headcount, the working-time rules at their edges against
 * shifts confirmed with another employer (overlap, 11 h rest exactly and
 * one minute short, 48 h in 7 days exactly and one minute over), the undo
 * window at its edge, cancellations feeding reliability, and contact
 * details hidden until the candidate accepted. The clock is passed to
 * every call: no sleep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/access/audit.h"
#include "app/plan/plan.h"
#include "app/offer/offer.h"
#include "app/recruit/recruit_app.h"
#include "app/offer/offer_int.h"
#include "app/recruit/recruit.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "store/store_plan.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The connection caches statements by the address of their text: each
 * query text gets its own lasting copy, freed after the database closes. */
static char *texts[512];
static int ntexts;
static struct db *db;
static struct actor admin, anon;
static const struct offer_mail_config mc = {"https://plam.exemple.fr", "plam (tests)"};

/* minutes since the epoch of an ISO 8601 time */
static int64_t M(const char *iso) {
  int64_t m;
  int off;
  assert_int_equal(recruit_time_parse(iso, &m, &off), 0);
  return m;
}

static void exec(const char *sql) { assert_int_equal(db_exec(db, sql), PLAM_OK); }

static void execf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void execf(const char *fmt, ...) {
  char sql[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  exec(sql);
}

/* A slot of need n. */
static void slot(int64_t id, int64_t need, const char *s, const char *e) {
  execf("INSERT INTO need_slots(id, need_id, start_at, end_at, start_min, end_min) VALUES (%lld, %lld, '%s', '%s', "
        "%lld, %lld)",
        (long long)id, (long long)need, s, e, (long long)M(s), (long long)M(e));
}

/* Candidate id at distance ~id km east of the establishment, available the
 * whole of March 2030, in pool 1. */
static void candidate(int64_t id) {
  execf("INSERT INTO candidates(id, first_name, last_name, email, profession, departement, lat, lon, max_km) "
        "VALUES (%lld, 'Prénom%lld', 'Nom%lld', 'c%lld@exemple.fr', 'IDE', 'DEP-44', 47.2, %f, 100)",
        (long long)id, (long long)id, (long long)id, (long long)id, -1.55 + 0.0133 * (double)id * 5);
  execf("INSERT INTO candidate_pools(candidate_id, pool_id) VALUES (%lld, 1)", (long long)id);
  execf("INSERT INTO candidate_availability(candidate_id, start_at, end_at, start_min, end_min) VALUES (%lld, "
        "'2030-03-01T00:00+01:00', '2030-04-01T00:00+02:00', %lld, %lld)",
        (long long)id, (long long)M("2030-03-01T00:00+01:00"), (long long)M("2030-04-01T00:00+02:00"));
}

/* need id (establishment 1, pool 1), headcount, fill mode, one slot */
static void need(int64_t id, int headcount, const char *mode, const char *s, const char *e) {
  execf("INSERT INTO needs(id, establishment_id, profession, headcount, reason, contract, max_km, fill_mode, status) "
        "VALUES (%lld, 1, 'IDE', %d, 'replacement', 'shift', 100, '%s', 'open')",
        (long long)id, headcount, mode);
  execf("INSERT INTO need_pools(need_id, pool_id) VALUES (%lld, 1)", (long long)id);
  slot(id * 10, id, s, e);
}

/* A shift confirmed with another employer (establishment 2, need 900). */
static void other_shift(int64_t cand, int64_t slot_id, const char *s, const char *e) {
  slot(slot_id, 900, s, e);
  execf("INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min) VALUES (%lld, 900, %lld, %lld, "
        "%lld)",
        (long long)cand, (long long)slot_id, (long long)M(s), (long long)M(e));
}

static int setup(void **state) {
  (void)state;
  assert_int_equal(fixture_db_open("offer", dir, path, &db), 0);
  actor_cli(&admin);
  memset(&anon, 0, sizeof anon);
  anon.role = ROLE_PUBLIC;
  exec("INSERT INTO establishments(id, name, category, departement, lat, lon) VALUES "
       "(1, 'CH Test', 'ch', 'DEP-44', 47.2, -1.55), (2, 'Clinique Autre', 'clinic', 'DEP-44', 47.2, -1.5)");
  exec("INSERT INTO pools(id, name, level, territory_id) VALUES (1, 'Région', 'region', 'REG-52')");
  exec("INSERT INTO needs(id, establishment_id, profession, headcount, reason, contract, max_km, status) "
       "VALUES (900, 2, 'IDE', 50, 'replacement', 'shift', 100, 'filled')");
  for (int i = 1; i <= 5; i++) candidate(i);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  recruit_index_reset();
  int rc = fixture_db_remove(db, dir);
  for (int i = 0; i < ntexts; i++) free(texts[i]);
  return rc;
}

static const int64_t T0 = 1893456000; /* 2030-01-01T00:00Z: well before the slots */

static struct offer_wave_result wave(int64_t need_id, int64_t now, int expect_sent) {
  struct offer_wave_result r;
  struct field_error fe = {0};
  assert_int_equal(offer_wave_send(db, &admin, &mc, need_id, now, &r, NULL, &fe), PLAM_OK);
  assert_int_equal(r.nsent, expect_sent);
  return r;
}

static plam_err answer(const char *token, const char *a, const char *reason, int64_t now, struct field_error *fe) {
  json_t *out = NULL;
  plam_err e = offer_link_answer(db, &anon, token, a, reason, now, &out, fe);
  json_decref(out);
  return e;
}

static void settings(int64_t need_id, int size, int interval, int ttl, int undo) {
  struct offer_settings s = {size, interval, ttl, undo};
  json_t *out = NULL;
  struct field_error fe = {0};
  assert_int_equal(offer_settings_put(db, &admin, need_id, &s, &out, &fe), PLAM_OK);
  json_decref(out);
}

static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t q(const char *fmt, ...) {
  char sql[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  for (int i = 0; i < ntexts; i++)
    if (!strcmp(texts[i], sql)) return fixture_int(db, texts[i]);
  assert_true(ntexts < 512);
  texts[ntexts] = strdup(sql);
  return fixture_int(db, texts[ntexts++]);
}

/* Waves go to the best-ranked first (nearest: candidate 1), wave_size at a
 * time, never twice to the same candidate; an exhausted pool gives an
 * empty wave. */
static void test_waves_in_rank_order(void **state) {
  (void)state;
  need(1, 1, "first", "2030-03-02T08:00+01:00", "2030-03-02T20:00+01:00");
  settings(1, 2, 15, 60, 5);
  struct offer_wave_result r = wave(1, T0, 2);
  assert_int_equal(r.wave, 1);
  assert_int_equal(r.sent[0].candidate_id, 1);
  assert_int_equal(r.sent[1].candidate_id, 2);
  assert_int_equal(strlen(r.sent[0].token), OFFER_TOKEN_CHARS);
  /* each offer's e-mail is queued with the offer, with its personal link */
  assert_int_equal(q("SELECT count(*) FROM outbox WHERE recipient = 'c1@exemple.fr' AND body LIKE "
                     "'%%https://plam.exemple.fr/offre.html#jeton=%s%%'",
                     r.sent[0].token),
                   1);
  free(r.sent);
  r = wave(1, T0 + 60, 2);
  assert_int_equal(r.wave, 2);
  assert_int_equal(r.sent[0].candidate_id, 3);
  assert_int_equal(r.sent[1].candidate_id, 4);
  free(r.sent);
  r = wave(1, T0 + 120, 1);
  assert_int_equal(r.sent[0].candidate_id, 5);
  free(r.sent);
  r = wave(1, T0 + 180, 0);
  assert_int_equal(r.wave, 0);
  free(r.sent);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 1), 5);
  /* the token is stored hashed only */
  assert_int_equal(q("SELECT count(*) FROM offers WHERE length(token_hash) = 32 AND need_id = %d", 1), 5);
}

/* The scheduler: the first wave at once, the next one interval minutes
 * later and not a second before; offers expire at their lifetime. */
static void test_tick_schedule_and_expiry(void **state) {
  (void)state;
  need(2, 1, "first", "2030-03-03T08:00+01:00", "2030-03-03T20:00+01:00");
  settings(2, 1, 15, 30, 5);
  struct offer_tick_report rep;
  assert_int_equal(offer_tick(db, &mc, T0, &rep), PLAM_OK);
  assert_int_equal(rep.waves, 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 2), 1);
  assert_int_equal(offer_tick(db, &mc, T0 + 15 * 60 - 1, &rep), PLAM_OK);
  assert_int_equal(rep.waves, 0);
  assert_int_equal(offer_tick(db, &mc, T0 + 15 * 60, &rep), PLAM_OK);
  assert_int_equal(rep.waves, 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 2), 2);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND status = 'expired'", 2), 0);
  assert_int_equal(offer_tick(db, &mc, T0 + 30 * 60, &rep), PLAM_OK); /* the first offer's lifetime is over */
  assert_int_equal(rep.offers_expired, 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND status = 'expired'", 2), 1);
  /* a need whose slot started expires, with its open offers */
  assert_int_equal(offer_tick(db, &mc, M("2030-03-03T08:00+01:00") * 60, &rep), PLAM_OK);
  assert_true(rep.needs_expired >= 1);
  assert_int_equal(rep.failed, 0);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'expired'", 2), 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND status = 'sent'", 2), 0);
}

/* First to confirm wins; the headcount is never exceeded; an offer cannot
 * be accepted at its expiry instant, one second before it can. */
static void test_first_mode_headcount_and_expiry(void **state) {
  (void)state;
  need(3, 2, "first", "2030-03-04T08:00+01:00", "2030-03-04T20:00+01:00");
  settings(3, 4, 15, 60, 5);
  struct offer_wave_result r = wave(3, T0, 4);
  struct field_error fe = {0};
  assert_int_equal(answer(r.sent[0].token, "accept", NULL, T0 + 3600, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "cette offre a expiré");
  assert_int_equal(answer(r.sent[0].token, "accept", NULL, T0 + 3599, &fe), PLAM_OK);
  assert_int_equal(answer(r.sent[0].token, "accept", NULL, T0 + 3599, &fe), PLAM_ERR_CONFLICT);
  assert_int_equal(answer(r.sent[1].token, "decline", NULL, T0 + 10, &fe), PLAM_OK);
  assert_int_equal(answer(r.sent[2].token, "accept", NULL, T0 + 20, &fe), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d AND status = 'confirmed'", 3), 2);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'filled'", 3), 1);
  memset(&fe, 0, sizeof fe);
  assert_int_equal(answer(r.sent[3].token, "accept", NULL, T0 + 30, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "cette offre n'est plus ouverte"); /* withdrawn when the need was filled */
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d", 3), 2);
  free(r.sent);
}

/* Working time against a shift with another employer: 11 h of rest exactly
 * is allowed, 10 h 59 is not; an overlap is refused. */
static void test_rest_and_overlap_edges(void **state) {
  (void)state;
  /* candidate 1: shift ending 2030-03-09T21:00 (+01:00); need 4 starts 11 h later, need 5 at 10 h 59 */
  other_shift(1, 9001, "2030-03-09T13:00+01:00", "2030-03-09T21:00+01:00");
  need(4, 1, "first", "2030-03-10T08:00+01:00", "2030-03-10T16:00+01:00");
  need(5, 1, "first", "2030-03-10T07:59+01:00", "2030-03-10T09:00+01:00");
  need(6, 1, "first", "2030-03-09T20:00+01:00", "2030-03-09T22:00+01:00");
  settings(4, 1, 15, 60, 5);
  settings(5, 1, 15, 60, 5);
  settings(6, 1, 15, 60, 5);
  /* candidate 1 is excluded from the waves of 5 and 6 by the engine: take
   * the offer of 4 and test the acceptance against later shifts instead */
  struct offer_wave_result r4 = wave(4, T0, 1);
  assert_int_equal(r4.sent[0].candidate_id, 1);
  struct offer_wave_result r5 = wave(5, T0, 1);
  assert_int_not_equal(r5.sent[0].candidate_id, 1);
  free(r5.sent);
  struct field_error fe = {0};
  /* a shift confirmed elsewhere after the offer was sent, leaving 10 h 59
   * of rest after it: the acceptance refuses */
  other_shift(1, 9002, "2030-03-09T21:00+01:00", "2030-03-09T21:01+01:00");
  assert_int_equal(answer(r4.sent[0].token, "accept", NULL, T0 + 60, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "cette mission ne laisserait pas le repos minimal entre deux missions");
  exec("UPDATE assignments SET status = 'cancelled' WHERE slot_id = 9002");
  assert_int_equal(answer(r4.sent[0].token, "accept", NULL, T0 + 60, &fe), PLAM_OK); /* exactly 11 h */
  free(r4.sent);
  /* overlap: candidate 2 with a shift overlapping need 7 by one minute */
  other_shift(2, 9003, "2030-03-12T06:00+01:00", "2030-03-12T08:01+01:00");
  need(7, 1, "first", "2030-03-12T20:00+01:00", "2030-03-13T08:00+01:00");
  settings(7, 5, 15, 60, 5);
  struct offer_wave_result r7 = wave(7, T0, 5);
  int k = -1;
  for (int i = 0; i < r7.nsent; i++)
    if (r7.sent[i].candidate_id == 2) k = i;
  assert_true(k >= 0);
  exec("UPDATE assignments SET start_min = start_min + 14 * 60, end_min = end_min + 14 * 60 WHERE slot_id = 9003");
  memset(&fe, 0, sizeof fe);
  assert_int_equal(answer(r7.sent[k].token, "accept", NULL, T0 + 60, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "vous avez déjà une mission confirmée qui chevauche ce créneau");
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d", 7), 0);
  free(r7.sent);
}

/* 48 h in any rolling 7 days: exactly 48 h is allowed, one minute more is not. */
static void test_hours_7d_edge(void **state) {
  (void)state;
  /* candidate 3: three 12 h shifts elsewhere (36 h) in the days before */
  other_shift(3, 9011, "2030-03-20T08:00+01:00", "2030-03-20T20:00+01:00");
  other_shift(3, 9012, "2030-03-21T08:00+01:00", "2030-03-21T20:00+01:00");
  other_shift(3, 9013, "2030-03-22T08:00+01:00", "2030-03-22T20:00+01:00");
  need(8, 1, "first", "2030-03-23T08:00+01:00", "2030-03-23T20:00+01:00"); /* 48 h exactly */
  settings(8, 5, 15, 60, 5);
  struct offer_wave_result r = wave(8, T0, 5);
  int k = -1;
  for (int i = 0; i < r.nsent; i++)
    if (r.sent[i].candidate_id == 3) k = i;
  assert_true(k >= 0);
  /* one more minute worked elsewhere in the window, confirmed after the offer */
  other_shift(3, 9014, "2030-03-19T08:00+01:00", "2030-03-19T08:01+01:00");
  struct field_error fe = {0};
  assert_int_equal(answer(r.sent[k].token, "accept", NULL, T0 + 60, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "cette mission dépasserait la durée maximale de travail sur 7 jours glissants");
  exec("DELETE FROM assignments WHERE slot_id = 9014");
  assert_int_equal(answer(r.sent[k].token, "accept", NULL, T0 + 60, &fe), PLAM_OK);
  free(r.sent);
}

/* Undo within the window (one second before its end) frees the slot and
 * reopens the need; at the end of the window it is refused. */
static void test_undo_window(void **state) {
  (void)state;
  need(10, 1, "first", "2030-03-25T08:00+01:00", "2030-03-25T20:00+01:00");
  settings(10, 2, 15, 60, 5);
  struct offer_wave_result r = wave(10, T0, 2);
  struct field_error fe = {0};
  assert_int_equal(answer(r.sent[0].token, "accept", NULL, T0 + 100, &fe), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'filled'", 10), 1);
  assert_int_equal(answer(r.sent[0].token, "undo", NULL, T0 + 100 + 5 * 60 - 1, &fe), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d", 10), 0);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'open'", 10), 1);
  /* the other offer was withdrawn when the need filled; a new wave reaches the next ones */
  struct offer_wave_result r2 = wave(10, T0 + 400, 2);
  assert_int_equal(answer(r2.sent[0].token, "accept", NULL, T0 + 500, &fe), PLAM_OK);
  memset(&fe, 0, sizeof fe);
  assert_int_equal(answer(r2.sent[0].token, "undo", NULL, T0 + 500 + 5 * 60, &fe), PLAM_ERR_CONFLICT);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d AND status = 'confirmed'", 10), 1);
  /* a late cancellation (less than 48 h before) with a reason counts against reliability */
  int64_t start = M("2030-03-25T08:00+01:00") * 60;
  memset(&fe, 0, sizeof fe);
  assert_int_equal(answer(r2.sent[0].token, "cancel", NULL, start - 3600, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "reason");
  assert_int_equal(answer(r2.sent[0].token, "cancel", "illness", start - 3600, &fe), PLAM_OK);
  assert_int_equal(q("SELECT late FROM offer_events WHERE offer_id = %lld", (long long)r2.sent[0].offer_id), 1);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d AND status = 'cancelled'", 10), 1);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'open'", 10), 1);
  free(r.sent);
  free(r2.sent);
}

/* Choose mode: accepting does not confirm; the establishment chooses; the
 * contact details appear only once the candidate accepted. */
static void test_choose_mode_and_contact(void **state) {
  (void)state;
  need(11, 1, "choose", "2030-03-27T08:00+01:00", "2030-03-27T20:00+01:00");
  settings(11, 2, 15, 60, 5);
  struct offer_wave_result r = wave(11, T0, 2);
  json_t *v = NULL;
  assert_int_equal(offer_need_offers(db, &admin, 11, T0, &v), PLAM_OK);
  json_t *offers = json_object_get(v, "offers");
  assert_int_equal(json_array_size(offers), 2);
  assert_true(json_is_null(json_object_get(json_array_get(offers, 0), "candidate")));
  json_decref(v);
  struct field_error fe = {0};
  assert_int_equal(answer(r.sent[1].token, "accept", NULL, T0 + 60, &fe), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d", 11), 0);
  assert_int_equal(offer_need_offers(db, &admin, 11, T0, &v), PLAM_OK);
  offers = json_object_get(v, "offers");
  json_t *second = json_array_get(offers, 1);
  assert_string_equal(json_string_value(json_object_get(second, "status")), "accepted");
  assert_string_equal(json_string_value(json_object_get(json_object_get(second, "candidate"), "email")),
                      "c2@exemple.fr");
  assert_true(json_is_null(json_object_get(json_array_get(offers, 0), "candidate")));
  json_decref(v);
  json_t *out = NULL;
  memset(&fe, 0, sizeof fe);
  assert_int_equal(offer_choose(db, &admin, r.sent[0].offer_id, T0 + 70, &out, &fe), PLAM_ERR_CONFLICT);
  assert_int_equal(offer_choose(db, &admin, r.sent[1].offer_id, T0 + 70, &out, &fe), PLAM_OK);
  json_decref(out);
  assert_int_equal(q("SELECT count(*) FROM assignments WHERE need_id = %d AND status = 'confirmed'", 11), 1);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'filled'", 11), 1);
  /* an employer of another organisation may not see or choose */
  struct actor emp = {.role = ROLE_EMPLOYER, .org_id = 77};
  assert_int_equal(offer_need_offers(db, &emp, 11, T0, &v), PLAM_ERR_FORBIDDEN);
  free(r.sent);
}

/* No-shows (employer side) count in the next ranking's no_shows_12m, and
 * the offers sent in its offers_90d. */
static void test_no_show_feeds_reliability(void **state) {
  (void)state;
  need(12, 1, "first", "2030-03-28T08:00+01:00", "2030-03-28T12:00+01:00");
  settings(12, 1, 15, 60, 5);
  struct offer_wave_result r = wave(12, T0, 1);
  int64_t cand = r.sent[0].candidate_id;
  struct field_error fe = {0};
  assert_int_equal(answer(r.sent[0].token, "accept", NULL, T0 + 60, &fe), PLAM_OK);
  json_t *out = NULL;
  int64_t start = M("2030-03-28T08:00+01:00") * 60;
  assert_int_equal(
    offer_employer_event(db, &admin, r.sent[0].offer_id, "no_show", "not_present", start - 60, &out, &fe),
    PLAM_ERR_CONFLICT); /* not started yet */
  assert_int_equal(offer_employer_event(db, &admin, r.sent[0].offer_id, "no_show", "illness", start + 60, &out, &fe),
                   PLAM_ERR_INVALID); /* not a no-show reason */
  assert_int_equal(
    offer_employer_event(db, &admin, r.sent[0].offer_id, "no_show", "not_present", start + 60, &out, &fe), PLAM_OK);
  json_decref(out);
  /* the next bundle of another need sees it */
  need(13, 1, "first", "2030-03-29T20:00+01:00", "2030-03-30T06:00+02:00");
  struct recruit_need_ranking rk;
  assert_int_equal(recruit_need_ranking(db, 13, start + 120, 10, NULL, 0, &rk), PLAM_OK);
  int seen = 0;
  for (int i = 0; i < rk.b->ncand; i++)
    if (rk.cand_ids[i] == cand) {
      assert_int_equal(rk.b->cand[i].no_shows_12m, 1);
      int64_t sent = q("SELECT count(*) FROM offers WHERE candidate_id = %lld AND sent_at >= %lld", (long long)cand,
                       (long long)(start + 120 - 90LL * 86400));
      assert_true(sent >= 1); /* the offer of need 12, at least */
      assert_int_equal(rk.b->cand[i].offers_90d, sent);
      seen = 1;
    }
  assert_true(seen);
  /* the slot crosses the change to summer time: 9 h, not 10 */
  assert_int_equal(rk.b->need.slots[0].end - rk.b->need.slots[0].start, 9 * 60);
  recruit_need_ranking_release(&rk);
  free(r.sent);
}

/* One need whose wave fails (its only candidate's stored e-mail address is
 * refused by the mail module) is logged and skipped: the needs after it in
 * the same step still get their waves, and the report counts the failure.
 * The failing need keeps no offer (its write was rolled back). */
static void test_tick_skips_failing_need(void **state) {
  (void)state;
  execf("INSERT INTO candidates(id, first_name, last_name, email, profession, departement, lat, lon, max_km) "
        "VALUES (60, 'Prénom60', 'Nom60', 'pas-une-adresse', 'AS', 'DEP-44', 47.2, -1.55, 100)");
  exec("INSERT INTO candidate_pools(candidate_id, pool_id) VALUES (60, 1)");
  execf("INSERT INTO candidate_availability(candidate_id, start_at, end_at, start_min, end_min) VALUES (60, "
        "'2030-03-01T00:00+01:00', '2030-04-01T00:00+02:00', %lld, %lld)",
        (long long)M("2030-03-01T00:00+01:00"), (long long)M("2030-04-01T00:00+02:00"));
  need(20, 1, "first", "2030-03-20T08:00+01:00", "2030-03-20T20:00+01:00");
  exec("UPDATE needs SET profession = 'AS' WHERE id = 20");
  need(21, 1, "first", "2030-03-21T08:00+01:00", "2030-03-21T20:00+01:00");
  settings(20, 1, 15, 60, 5);
  settings(21, 1, 15, 60, 5);
  struct offer_tick_report rep;
  assert_int_equal(offer_tick(db, &mc, T0 + 86400, &rep), PLAM_OK);
  assert_int_equal(rep.failed, 1);
  assert_true(rep.waves >= 1);
  assert_true(rep.offers_sent >= rep.waves);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 20), 0);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 21), 1);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'open'", 20), 1);
  /* the next step tries it again, and fails again without stopping the others */
  assert_int_equal(offer_tick(db, &mc, T0 + 86400 + 15 * 60, &rep), PLAM_OK);
  assert_int_equal(rep.failed, 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 21), 2);
}

/* A need's own expiry (needs.expires_at, before its first slot): one
 * second before it the need is open and a wave's offers expire at it, not
 * later; at it the scheduler expires the need and its pending offers; a
 * manual wave after it is refused. */
static void test_need_expiry_edges(void **state) {
  (void)state;
  need(22, 1, "first", "2030-03-22T08:00+01:00", "2030-03-22T20:00+01:00");
  int64_t exp_min = M("2030-03-21T20:00+01:00");
  execf("UPDATE needs SET expires_at = '2030-03-21T20:00+01:00', expires_min = %lld WHERE id = 22", (long long)exp_min);
  settings(22, 1, 15, 120, 5);
  int64_t at = exp_min * 60;
  struct offer_wave_result r = wave(22, at - 30 * 60, 1); /* 30 min before: the offer lives 30 min, not 120 */
  assert_int_equal(q("SELECT expires_at FROM offers WHERE need_id = %d", 22), at);
  free(r.sent);
  struct offer_tick_report rep;
  assert_int_equal(offer_tick(db, &mc, at - 1, &rep), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'open'", 22), 1);
  /* the step's wave (due 15 min after the first) sent a second offer, which expires at the need's expiry too */
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND status = 'sent'", 22), 2);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND expires_at <> %lld", 22, (long long)at), 0);
  /* a manual wave one second before the expiry is still allowed */
  struct field_error fe = {0};
  struct offer_wave_result r2;
  json_t *out = NULL;
  assert_int_equal(offer_wave_send(db, &admin, &mc, 22, at - 1, &r2, &out, &fe), PLAM_OK);
  json_decref(out);
  free(r2.sent);
  assert_int_equal(offer_tick(db, &mc, at, &rep), PLAM_OK);
  assert_true(rep.needs_expired >= 1);
  assert_int_equal(q("SELECT count(*) FROM needs WHERE id = %d AND status = 'expired'", 22), 1);
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d AND status = 'sent'", 22), 0);
  /* an open need past its expiry (the scheduler has not run yet): a manual wave is refused */
  need(23, 1, "first", "2030-03-23T08:00+01:00", "2030-03-23T20:00+01:00");
  execf("UPDATE needs SET expires_at = '2030-03-21T20:00+01:00', expires_min = %lld WHERE id = 23", (long long)exp_min);
  memset(&fe, 0, sizeof fe);
  assert_int_equal(offer_wave_send(db, &admin, &mc, 23, at, &r2, NULL, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.message, "ce besoin est échu (date d'échéance passée)");
  assert_int_equal(q("SELECT count(*) FROM offers WHERE need_id = %d", 23), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_waves_in_rank_order),
    cmocka_unit_test(test_tick_schedule_and_expiry),
    cmocka_unit_test(test_first_mode_headcount_and_expiry),
    cmocka_unit_test(test_rest_and_overlap_edges),
    cmocka_unit_test(test_hours_7d_edge),
    cmocka_unit_test(test_undo_window),
    cmocka_unit_test(test_choose_mode_and_contact),
    cmocka_unit_test(test_no_show_feeds_reliability),
    cmocka_unit_test(test_tick_skips_failing_need),
    cmocka_unit_test(test_need_expiry_edges),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
