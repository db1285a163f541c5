/* The stored side of recruitment: the RPPS key at its edges, availability
 * with exceptions, pools nesting, the nomenclature files against the app's
 * tables, the write rules (who edits which candidate, an employer's
 * establishment, need status transitions), and the prefiltered ranking
 * against the engine run on every stored candidate, on random data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/audit.h"
#include "app/plan/plan.h"
#include "app/recruit/recruit_app.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "store/store_recruit.h"
#include "test_db_fixture.h"

static void rpps_edges(void **state) {
  (void)state;
  assert_true(recruit_rpps_valid("10000000009"));
  assert_true(recruit_rpps_valid("12345678903"));
  assert_true(recruit_rpps_valid("99999999990"));
  assert_true(recruit_rpps_valid("10101010105"));
  /* every other key of a valid number is refused */
  char s[12] = "12345678903";
  for (char k = '0'; k <= '9'; k++) {
    s[10] = k;
    assert_int_equal(recruit_rpps_valid(s), k == '3');
  }
  /* one digit changed anywhere is caught */
  for (int i = 0; i < 10; i++) {
    char t[12] = "12345678903";
    t[i] = t[i] == '9' ? '0' : (char)(t[i] + 1);
    assert_false(recruit_rpps_valid(t));
  }
  assert_false(recruit_rpps_valid("1000000000"));   /* 10 digits */
  assert_false(recruit_rpps_valid("100000000090")); /* 12 digits */
  assert_false(recruit_rpps_valid("1000000000a"));
  assert_false(recruit_rpps_valid(" 10000000009"));
  assert_false(recruit_rpps_valid(""));
  assert_false(recruit_rpps_valid(NULL));
}

static void avail_exceptions(void **state) {
  (void)state;
  struct recruit_iv out[8];
  /* [8, 20) minus [12, 13) */
  struct recruit_iv a1[] = {{8, 20}}, u1[] = {{12, 13}};
  assert_int_equal(recruit_avail_cut(a1, 1, u1, 1, out), 2);
  assert_true(out[0].start == 8 && out[0].end == 12 && out[1].start == 13 && out[1].end == 20);
  /* touching available intervals join; an exception at the very start and end */
  struct recruit_iv a2[] = {{14, 20}, {8, 14}}, u2[] = {{19, 25}, {0, 9}};
  assert_int_equal(recruit_avail_cut(a2, 2, u2, 2, out), 1);
  assert_true(out[0].start == 9 && out[0].end == 19);
  /* an exception covering everything */
  struct recruit_iv u3[] = {{0, 100}};
  assert_int_equal(recruit_avail_cut(a1, 1, u3, 1, out), 0);
  /* exceptions outside, and none */
  struct recruit_iv u4[] = {{0, 8}, {20, 30}};
  assert_int_equal(recruit_avail_cut(a1, 1, u4, 2, out), 1);
  assert_true(out[0].start == 8 && out[0].end == 20);
  assert_int_equal(recruit_avail_cut(a1, 1, NULL, 0, out), 1);
  /* overlapping exceptions, a one-minute piece left */
  struct recruit_iv u5[] = {{8, 12}, {10, 15}, {16, 20}};
  assert_int_equal(recruit_avail_cut(a1, 1, u5, 3, out), 1);
  assert_true(out[0].start == 15 && out[0].end == 16);
}

static void pools_nesting(void **state) {
  (void)state;
  /* 1 region > 2 département > 3 GHT > 4 establishment; 5 crisis under the
   * region; 6 another département with its establishment 7 */
  int64_t ids[] = {1, 2, 3, 4, 5, 6, 7}, par[] = {0, 1, 2, 3, 1, 1, 6};
  int open[] = {1, 1, 1, 1, 1, 1, 1};
  int64_t out[7], need[2];
  need[0] = 2;
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 3);
  assert_true(out[0] == 2 && out[1] == 3 && out[2] == 4);
  need[0] = 4; /* an establishment's pool reaches only its members */
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 1);
  assert_true(out[0] == 4);
  need[0] = 1; /* the region reaches everyone */
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 7);
  open[1] = 0; /* département 2 closed: nothing under it through it */
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 4);
  assert_true(out[0] == 1 && out[1] == 5 && out[2] == 6 && out[3] == 7);
  need[0] = 3; /* GHT 3 itself open, its parent closed: still reached as posted */
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 2);
  open[4] = 0; /* a closed crisis pool reaches no one */
  need[0] = 5;
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 1, out), 0);
  need[0] = 4, need[1] = 6;
  assert_int_equal(recruit_pools_reached(ids, par, open, 7, need, 2, out), 3);
}

/* data/ref/professions.csv and qualifications.csv list the same codes and labels as the app's tables */
static void nomenclature_files(void **state) {
  (void)state;
  const char *src = getenv("PLAM_SOURCE_DIR");
  const char *files[] = {"professions.csv", "qualifications.csv"};
  const struct recruit_code *tables[] = {recruit_professions, recruit_qualifications};
  int counts[] = {recruit_nprofessions, recruit_nqualifications};
  for (int f = 0; f < 2; f++) {
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/data/ref/%s", src ? src : PLAM_SOURCE_DIR, files[f]);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp)); /* header */
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
      line[strcspn(line, "\r\n")] = 0;
      char *code = strtok(line, ";"), *label = strtok(NULL, ";");
      assert_true(n < counts[f]);
      assert_string_equal(code, tables[f][n].code);
      assert_string_equal(label, tables[f][n].label);
      n++;
    }
    fclose(fp);
    assert_int_equal(n, counts[f]);
  }
  assert_true(recruit_profession_find("IDE") >= 0);
  assert_int_equal(recruit_profession_find("ide"), -1);
}

/* ---- on a database ---- */

static uint64_t rs = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static void exec(struct db *db, const char *sql) {
  plam_err e = db_exec(db, sql);
  if (e) fprintf(stderr, "%s\n", db_errmsg(db));
  assert_int_equal(e, PLAM_OK);
}

static int64_t mk_pool(struct db *db, const struct actor *a, const char *name, const char *level, int64_t parent,
                       int64_t est) {
  json_t *in = json_pack("{s:s, s:s}", "name", name, "level", level), *out = NULL;
  if (parent) json_object_set_new(in, "parent_id", json_integer(parent));
  if (est) json_object_set_new(in, "establishment_id", json_integer(est));
  struct field_error fe = {0};
  plam_err e = recruit_pool_create(db, a, in, &out, &fe);
  if (e) fprintf(stderr, "pool %s: %s %s (%s)\n", name, fe.field, fe.message, db_errmsg(db));
  assert_int_equal(e, PLAM_OK);
  int64_t id = json_integer_value(json_object_get(out, "id"));
  json_decref(in);
  json_decref(out);
  return id;
}

static void iso(int64_t min, char *s) { /* minutes since the epoch as +01:00 text */
  int64_t local = min + 60, days = local / 1440;
  int y, m, d;
  recruit_civil_from_days(days, &y, &m, &d);
  sprintf(s, "%04d-%02d-%02dT%02d:%02d+01:00", y, m, d, (int)(local % 1440 / 60), (int)(local % 60));
}

#define T0 (20521LL * 1440) /* 2026-03-09T00:00Z */

static int64_t mk_cand(struct db *db, const struct actor *a, int i, const int64_t *pools, int npool) {
  json_t *q = json_array(), *av = json_array(), *pl = json_array();
  if (rnd() % 4) {
    char until[16];
    int32_t day = 20521 + (int)(rnd() % 5) - 2;
    int y, m, d;
    recruit_civil_from_days(day, &y, &m, &d);
    sprintf(until, "%04d-%02d-%02d", y, m, d);
    json_array_append_new(q, json_pack("{s:s, s:s}", "code", "AFGSU2", "valid_until", until));
  }
  if (rnd() % 3) json_array_append_new(q, json_pack("{s:s, s:s}", "code", "PERMIS-B", "valid_until", ""));
  int nav = 1 + (int)(rnd() % 2);
  for (int k = 0; k < nav; k++) {
    char s[32], e[32];
    int64_t st = T0 - 1440 + (int64_t)(rnd() % 48) * 60, en = st + 600 + (int64_t)(rnd() % 60) * 60;
    iso(st, s);
    iso(en, e);
    json_array_append_new(av, json_pack("{s:s, s:s, s:s}", "kind", "available", "start", s, "end", e));
  }
  if (rnd() % 4 == 0) {
    char s[32], e[32];
    int64_t st = T0 + 7 * 60 + (int64_t)(rnd() % 16) * 60;
    iso(st, s);
    iso(st + 60, e);
    json_array_append_new(av, json_pack("{s:s, s:s, s:s}", "kind", "unavailable", "start", s, "end", e));
  }
  for (int k = 0; k < npool; k++)
    if (rnd() % 2) json_array_append_new(pl, json_integer(pools[k]));
  char first[32];
  sprintf(first, "Prénom%d", i);
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b, s:o, s:o, s:o}", "first_name", first,
                         "last_name", "Test", "email", "c@example.org", "profession", rnd() % 5 ? "IDE" : "AS",
                         "situation", "employed", "lat", 47.2 + (unif() - 0.5) * 1.6, "lon",
                         -1.55 + (unif() - 0.5) * 2.4, "departement", "DEP-44", "max_km", 5 + unif() * 60,
                         "accepts_shift", 1, "qualifications", q, "availability", av, "pools", pl);
  json_t *out = NULL;
  struct field_error fe = {0};
  plam_err e = recruit_cand_save(db, a, 0, in, &out, &fe);
  if (e) fprintf(stderr, "cand %d: %s %s\n", i, fe.field, fe.message);
  assert_int_equal(e, PLAM_OK);
  int64_t id = json_integer_value(json_object_get(out, "id"));
  json_decref(in);
  json_decref(out);
  return id;
}

static int64_t mk_need(struct db *db, const struct actor *a, int64_t est, const char *prof, double km, int64_t pool,
                       int64_t start, int hours, struct field_error *fe, plam_err *err) {
  char s[32], e[32];
  iso(start, s);
  iso(start + hours * 60, e);
  json_t *in = json_pack("{s:I, s:s, s:[{s:s}], s:[{s:s, s:s}], s:s, s:s, s:f, s:[I]}", "establishment_id",
                         (json_int_t)est, "profession", prof, "qualifications", "code", "AFGSU2", "slots", "start", s,
                         "end", e, "reason", "replacement", "contract", "shift", "max_km", km, "pools",
                         (json_int_t)pool);
  json_t *out = NULL;
  *err = recruit_need_create(db, a, in, &out, fe);
  int64_t id = *err ? 0 : json_integer_value(json_object_get(out, "id"));
  json_decref(in);
  json_decref(out);
  return id;
}

/* Parses a result document into its ranked array and an object id -> rule. */
static void parse_doc(struct buf *b, json_t **ranked, json_t **rules) {
  json_error_t je;
  json_t *d = json_loadb(b->data, b->len, 0, &je);
  assert_non_null(d);
  *ranked = json_incref(json_object_get(d, "ranked"));
  *rules = json_object();
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(d, "excluded"), i, v) {
    json_object_set(*rules, json_string_value(json_object_get(v, "candidate")), json_object_get(v, "rule"));
  }
  json_decref(d);
}

static void same_as_full(struct db *db, int64_t id);

static void stored_ranking(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("recruit", dir, path, &db), 0);
  exec(db, "INSERT INTO organisations (id, name, kind) VALUES (1, 'CHU test', 'establishment'), "
           "(2, 'Autre', 'establishment')");
  exec(db, "INSERT INTO establishments (id, name, category, departement, lat, lon, org_id) VALUES "
           "(1, 'CHU test', 'chu', 'DEP-44', 47.2123, -1.5536, 1), (2, 'Autre', 'ch', 'DEP-85', 46.67, -1.43, 2)");
  struct actor staff, employer, other;
  actor_cli(&staff);
  memset(&employer, 0, sizeof employer);
  employer.role = ROLE_EMPLOYER;
  employer.org_id = 1;
  snprintf(employer.login, sizeof employer.login, "emp");
  other = employer;
  other.org_id = 2;
  int64_t region = mk_pool(db, &staff, "Région", "region", 0, 0);
  int64_t dep = mk_pool(db, &staff, "Loire-Atlantique", "departement", region, 0);
  int64_t ght = mk_pool(db, &staff, "GHT 44", "ght", dep, 0);
  int64_t etab = mk_pool(db, &staff, "CHU test", "establishment", ght, 1);
  int64_t crisis = mk_pool(db, &staff, "Renfort RH", "crisis", region, 0);
  int64_t pools[] = {region, dep, ght, etab, crisis};
  /* a pool level that does not nest is refused */
  json_t *bad = json_pack("{s:s, s:s, s:I}", "name", "x", "level", "region", "parent_id", (json_int_t)etab), *o = NULL;
  struct field_error fe = {0};
  assert_int_equal(recruit_pool_create(db, &staff, bad, &o, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "parent_id");
  json_decref(bad);

  /* needs: the employer's own establishment only */
  plam_err err;
  memset(&fe, 0, sizeof fe);
  assert_int_equal(mk_need(db, &other, 1, "IDE", 30, dep, T0 + 8 * 60, 12, &fe, &err), 0);
  assert_int_equal(err, PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "establishment_id");
  int64_t need = mk_need(db, &employer, 1, "IDE", 30, dep, T0 + 8 * 60, 12, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  json_t *out = NULL;
  assert_int_equal(recruit_need_get(db, &other, need, &out), PLAM_ERR_NOT_FOUND);
  assert_int_equal(recruit_need_rank(db, &other, need, T0 * 60, &out), PLAM_ERR_NOT_FOUND);
  /* transitions */
  assert_true(recruit_need_transition_ok("draft", "open"));
  assert_false(recruit_need_transition_ok("cancelled", "open"));
  assert_false(recruit_need_transition_ok("expired", "open"));

  /* 400 random candidates; confirmed shifts and history for some */
  for (int i = 0; i < 400; i++) mk_cand(db, &staff, i, pools, 5);
  /* a past need at the other establishment holds the assignments */
  int64_t past = mk_need(db, &staff, 2, "IDE", 100, region, T0 - 3 * 1440, 12, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  char sql[512];
  for (int i = 0; i < 400; i += 3) {
    /* near the slots (the time rules), or days to a year and more before (history only) */
    int64_t st = i % 2 ? T0 - 2 * 1440 + (int64_t)(rnd() % 90) * 60 : T0 - (int64_t)(rnd() % 420) * 1440 - 600,
            en = st + 12 * 60;
    const char *status = (const char *[]){"confirmed", "done", "no_show", "cancelled"}[rnd() % 4];
    snprintf(sql, sizeof sql,
             "INSERT INTO need_slots (need_id, start_at, end_at, start_min, end_min) VALUES (%lld, "
             "'2026-01-01T00:00Z', '2026-01-01T00:00Z', %lld, "
             "%lld); INSERT INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) "
             "SELECT %d, %lld, max(id), %lld, %lld, '%s' FROM need_slots",
             (long long)past, (long long)st, (long long)en, i + 1, (long long)past, (long long)st, (long long)en,
             status);
    exec(db, sql);
  }
  /* past missions with the need's establishment (1), on a need of its own */
  int64_t hist = mk_need(db, &staff, 1, "IDE", 100, region, T0 - 30 * 1440, 12, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  snprintf(sql, sizeof sql,
           "INSERT INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) "
           "SELECT c.id, %lld, (SELECT max(id) FROM need_slots WHERE need_id = %lld), %lld, %lld, 'done' "
           "FROM candidates c WHERE c.id %% 7 = 0",
           (long long)hist, (long long)hist, (long long)(T0 - 30 * 1440), (long long)(T0 - 30 * 1440 + 720));
  exec(db, sql);
  /* offers sent within the 90 days or before, and cancellations, late or
   * not, within the 12 months or before: the fairness and reliability keys,
   * read from the index by the prefiltered path and from the tables, one
   * candidate at a time, by the full one */
  for (int i = 1; i <= 400; i += 2) {
    int64_t sent = T0 * 60 - (int64_t)(rnd() % 150) * 86400 - 60;
    snprintf(sql, sizeof sql,
             "INSERT INTO offers (need_id, candidate_id, wave, rank, token_hash, sent_at, expires_at, status) "
             "VALUES (%lld, %d, 1, 1, randomblob(32), %lld, %lld, 'declined')",
             (long long)past, i, (long long)sent, (long long)(sent + 3600));
    exec(db, sql);
    if (i % 3) continue;
    snprintf(sql, sizeof sql,
             "INSERT INTO offer_events (offer_id, candidate_id, kind, reason, late, at) SELECT max(id), %d, "
             "'cancel_candidate', 'illness', %d, %lld FROM offers",
             i, (int)(rnd() % 2), (long long)(T0 * 60 - (int64_t)(rnd() % 500) * 86400));
    exec(db, sql);
  }
  struct buf pre, full;
  buf_init(&pre, 1 << 26);
  buf_init(&full, 1 << 26);
  int n_pre = 0, n_full = 0, left_out = 0;
  for (int round = 0; round < 6; round++) {
    /* various reaches: small, the département, the whole set */
    double km = (double[]){5, 15, 30, 60, 200, 20000}[round];
    int64_t id = round == 0 ? need
                            : mk_need(db, &staff, 1, round % 2 ? "IDE" : "AS", km, round == 3 ? etab : dep,
                                      T0 + (int64_t)(rnd() % 20) * 60, 8 + (int)(rnd() % 6), &fe, &err);
    assert_int_equal(err, PLAM_OK);
    if (round == 3) { /* history written once the index exists: it follows through the change log (0026) */
      exec(db, "UPDATE assignments SET status = 'no_show' WHERE id % 5 = 0 AND status = 'confirmed'");
      exec(db, "UPDATE assignments SET status = 'done' WHERE id % 7 = 0 AND status = 'cancelled'");
      exec(db, "DELETE FROM assignments WHERE id % 11 = 0");
      exec(db, "DELETE FROM offer_events WHERE id % 3 = 0");
      exec(db, "UPDATE offer_events SET late = 1 - late WHERE id % 4 = 0");
      exec(db, "DELETE FROM offers WHERE id % 4 = 1 AND id NOT IN (SELECT offer_id FROM offer_events)");
      for (int i = 2; i <= 400; i += 5) {
        int64_t sent = T0 * 60 - (int64_t)(rnd() % 120) * 86400 - 60;
        snprintf(sql, sizeof sql,
                 "INSERT INTO offers (need_id, candidate_id, wave, rank, token_hash, sent_at, expires_at, status) "
                 "VALUES (%lld, %d, 1, 1, randomblob(32), %lld, %lld, 'sent'); "
                 "INSERT INTO offer_events (offer_id, candidate_id, kind, reason, late, at) SELECT max(id), %d, "
                 "'cancel_candidate', 'illness', 1, %lld FROM offers",
                 (long long)hist, i, (long long)sent, (long long)(sent + 3600), i, (long long)sent);
        exec(db, sql);
      }
    }
    buf_clear(&pre);
    buf_clear(&full);
    assert_int_equal(recruit_need_rank_doc(db, id, T0 * 60, 1, 1000, &pre, &n_pre), PLAM_OK);
    assert_int_equal(recruit_need_rank_doc(db, id, T0 * 60, 0, 1000, &full, &n_full), PLAM_OK);
    assert_int_equal(n_full, 400);
    assert_true(n_pre <= n_full);
    json_t *r1, *r2, *x1, *x2;
    parse_doc(&pre, &r1, &x1);
    parse_doc(&full, &r2, &x2);
    assert_true(json_equal(r1, r2)); /* the same ranking, reasons included */
    struct buf top;
    buf_init(&top, 1 << 26);
    int n_top = 0;
    assert_int_equal(recruit_need_rank_doc(db, id, T0 * 60, 2, 1000, &top, &n_top), PLAM_OK);
    json_error_t je;
    json_t *td = json_loadb(top.data, top.len, 0, &je);
    assert_non_null(td);
    assert_true(json_equal(json_object_get(td, "ranked"), r1)); /* the top-only answer: the same lines */
    assert_int_equal(json_integer_value(json_object_get(td, "excluded_count")), json_object_size(x1));
    json_decref(td);
    buf_release(&top);
    /* every prefiltered verdict is the full engine's; the full engine's
     * other exclusions are by profession or distance only */
    const char *k;
    json_t *v;
    json_object_foreach(x1, k, v) { assert_true(json_equal(v, json_object_get(x2, k))); }
    json_object_foreach(x2, k, v) {
      if (!json_object_get(x1, k)) { /* left out: another profession, or beyond the need's or their own limit */
        struct db_stmt *st;
        int row = 0;
        assert_int_equal(
          db_prepare(db,
                     "SELECT c.profession = n.profession, c.lat, c.lon, c.max_km FROM candidates c, needs n "
                     "WHERE c.id = ?1 AND n.id = ?2",
                     &st),
          PLAM_OK);
        db_bind_int64(st, 1, atoll(k));
        db_bind_int64(st, 2, id);
        assert_int_equal(db_step(st, &row), PLAM_OK);
        assert_true(row);
        int same = (int)db_column_int64(st, 0);
        double la = db_column_double(st, 1), lo = db_column_double(st, 2), own = db_column_double(st, 3);
        db_done(st);
        double d = recruit_distance_km(47.2123, -1.5536, la, lo);
        assert_true(!same || d > km || d > own); /* another profession, or beyond a limit */
        left_out++;
      }
    }
    if (round == 2) assert_true(json_array_size(r1) > 0); /* the département need ranks someone */
    json_decref(r1);
    json_decref(r2);
    json_decref(x1);
    json_decref(x2);
  }
  assert_true(left_out > 0); /* the prefilter did leave candidates out */
  /* the index follows writes: a new candidate next to the establishment */
  assert_int_equal(recruit_need_rank(db, &employer, need, T0 * 60, &out), PLAM_OK);
  size_t before = json_array_size(json_object_get(out, "ranked"));
  assert_null(json_object_get(json_array_get(json_object_get(out, "ranked"), 0), "email"));
  json_decref(out);
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b, s:[{s:s, s:s}], s:[{s:s, s:s}], s:[I]}",
                         "first_name", "Nouvelle", "last_name", "Voisine", "email", "n@example.org", "profession",
                         "IDE", "lat", 47.2124, "lon", -1.5537, "departement", "DEP-44", "max_km", 20.0,
                         "accepts_shift", 1, "qualifications", "code", "AFGSU2", "valid_until", "2030-01-01",
                         "availability", "start", "2026-03-08T00:00+01:00", "end", "2026-03-11T00:00+01:00", "pools",
                         (json_int_t)etab);
  assert_int_equal(recruit_cand_save(db, &staff, 0, in, &out, &fe), PLAM_OK);
  int64_t nid = json_integer_value(json_object_get(out, "id"));
  json_decref(out);
  json_decref(in);
  assert_int_equal(recruit_need_rank(db, &employer, need, T0 * 60, &out), PLAM_OK);
  json_t *first = json_array_get(json_object_get(out, "ranked"), 0);
  assert_int_equal(json_array_size(json_object_get(out, "ranked")), before + 1);
  assert_int_equal(json_integer_value(json_object_get(first, "candidate_id")), nid);
  json_decref(out);
  /* ... and follows `assignments`: a confirmed shift over the slot excludes them */
  snprintf(sql, sizeof sql,
           "INSERT INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) SELECT %lld, %lld, "
           "max(id), %lld, %lld, 'confirmed' FROM need_slots WHERE need_id = %lld",
           (long long)nid, (long long)hist, (long long)(T0 + 9 * 60), (long long)(T0 + 10 * 60), (long long)hist);
  exec(db, sql);
  assert_int_equal(recruit_need_rank(db, &employer, need, T0 * 60, &out), PLAM_OK);
  assert_int_equal(json_array_size(json_object_get(out, "ranked")), before);
  int found = 0;
  for (size_t k = 0; k < json_array_size(json_object_get(out, "excluded")); k++) {
    json_t *x = json_array_get(json_object_get(out, "excluded"), k);
    if (json_integer_value(json_object_get(x, "candidate_id")) == nid) {
      assert_string_equal(json_string_value(json_object_get(x, "rule")), "overlap");
      found = 1;
    }
  }
  assert_true(found);
  json_decref(out);
  /* ... and follows offers and late cancellations (migration 0026): the
   * first ranked is sent an offer and cancels it late, by raw SQL as
   * another process would write; the next ranking's reasons say so */
  assert_int_equal(recruit_need_rank(db, &employer, need, T0 * 60, &out), PLAM_OK);
  first = json_array_get(json_object_get(out, "ranked"), 0);
  int64_t top = json_integer_value(json_object_get(first, "candidate_id"));
  char *before_reasons = json_dumps(json_object_get(first, "reasons"), 0);
  json_decref(out);
  snprintf(
    sql, sizeof sql,
    "INSERT INTO offers (need_id, candidate_id, wave, rank, token_hash, sent_at, expires_at, status) "
    "VALUES (%lld, %lld, 1, 1, randomblob(32), %lld, %lld, 'sent'); INSERT INTO offer_events (offer_id, "
    "candidate_id, kind, reason, late, at) SELECT max(id), %lld, 'cancel_candidate', 'illness', 1, %lld FROM offers",
    (long long)hist, (long long)top, (long long)(T0 * 60 - 3600), (long long)(T0 * 60 - 1800), (long long)top,
    (long long)(T0 * 60 - 1800));
  exec(db, sql);
  int64_t want_o = 0, want_l = 0;
  assert_int_equal(store_rcand_offer_counts(db, top, T0 * 60, &want_o, &want_l), PLAM_OK);
  assert_true(want_o >= 1 && want_l >= 1);
  assert_int_equal(recruit_need_rank(db, &employer, need, T0 * 60, &out), PLAM_OK);
  json_t *again = NULL;
  for (size_t k = 0; k < json_array_size(json_object_get(out, "ranked")); k++) {
    json_t *r = json_array_get(json_object_get(out, "ranked"), k);
    if (json_integer_value(json_object_get(r, "candidate_id")) == top) again = r;
  }
  assert_non_null(again);
  char *after_reasons = json_dumps(json_object_get(again, "reasons"), 0);
  assert_string_not_equal(before_reasons, after_reasons);
  char want[64];
  snprintf(want, sizeof want, "%lld proposition%s en 90 jours", (long long)want_o, want_o > 1 ? "s" : "");
  assert_non_null(strstr(after_reasons, want));
  free(before_reasons);
  free(after_reasons);
  json_decref(out);
  same_as_full(db, need);

  /* a candidate edits only their own record; RPPS and codes are checked */
  struct user_rec u;
  memset(&u, 0, sizeof u);
  snprintf(u.login, sizeof u.login, "cand1");
  snprintf(u.display_name, sizeof u.display_name, "Cand");
  snprintf(u.email, sizeof u.email, "cand1@example.org");
  snprintf(u.role, sizeof u.role, "candidate");
  int64_t uid;
  assert_int_equal(store_user_insert(db, &u, "x", &uid), PLAM_OK);
  struct actor cand = {.user_id = uid, .role = ROLE_CANDIDATE};
  snprintf(cand.login, sizeof cand.login, "cand1");
  in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b}", "first_name", "Moi", "last_name", "Même",
                 "email", "m@example.org", "profession", "IDE", "rpps", "10000000008", "lat", 47.0, "lon", -1.0,
                 "departement", "DEP-44", "max_km", 10.0, "accepts_shift", 1);
  assert_int_equal(recruit_cand_save(db, &cand, 0, in, &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "rpps");
  json_object_set_new(in, "rpps", json_string("10000000009"));
  json_object_set_new(in, "profession", json_string("NURSE"));
  assert_int_equal(recruit_cand_save(db, &cand, 0, in, &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "profession");
  json_object_set_new(in, "profession", json_string("IDE"));
  json_object_set_new(in, "situation", json_string("public_agent"));
  assert_int_equal(recruit_cand_save(db, &cand, 0, in, &out, &fe), PLAM_OK);
  assert_non_null(json_object_get(json_object_get(out, "cumul"), "reference"));
  int64_t mine = json_integer_value(json_object_get(out, "id"));
  json_decref(out);
  assert_int_equal(recruit_cand_save(db, &cand, 0, in, &out, &fe), PLAM_ERR_CONFLICT); /* one record */
  assert_int_equal(recruit_cand_save(db, &cand, nid, in, &out, &fe), PLAM_ERR_NOT_FOUND);
  assert_int_equal(recruit_cand_get(db, &cand, nid, &out), PLAM_ERR_NOT_FOUND);
  assert_int_equal(recruit_cand_get(db, &employer, mine, &out), PLAM_ERR_NOT_FOUND);
  assert_int_equal(recruit_cand_me(db, &cand, &out), PLAM_OK);
  assert_int_equal(json_integer_value(json_object_get(out, "id")), mine);
  json_decref(out);
  json_decref(in);
  /* a closed crisis pool cannot be joined */
  assert_int_equal(recruit_pool_set_status(db, &staff, crisis, "closed", &out, &fe), PLAM_OK);
  json_decref(out);
  in = json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:f, s:b, s:[I]}", "first_name", "Moi", "last_name", "Même",
                 "email", "m@example.org", "profession", "IDE", "lat", 47.0, "lon", -1.0, "departement", "DEP-44",
                 "max_km", 10.0, "accepts_shift", 1, "pools", (json_int_t)crisis);
  assert_int_equal(recruit_cand_save(db, &cand, mine, in, &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "pools");
  json_decref(in);

  /* CSV import: everything or nothing, errors by row and column */
  int64_t before_import = fixture_int(db, "SELECT count(*) FROM candidates");
  char csv[1024];
  snprintf(csv, sizeof csv,
           "Prénom;Nom;Email;Profession;Distance max km;Contrats;Qualifications;Disponibilités;Viviers;Latitude;"
           "Longitude;Département\n"
           "Jeanne;Essai;j@example.org;AS;25;shift|fixed_term;AFGSU2:2029-12-31|PERMIS-B;"
           "2026-03-08T00:00+01:00/2026-03-12T00:00+01:00|!2026-03-09T00:00+01:00/2026-03-09T06:00+01:00;%lld;47.2;"
           "-1.55;DEP-44\n"
           "Paul;Essai;p@example.org;IDE;12,5;shift;;;;47.3;-1.5;DEP-44\n",
           (long long)dep);
  json_t *errs = NULL, *ids = NULL;
  size_t total = 0;
  int64_t created = 0;
  assert_int_equal(recruit_cand_import(db, &staff, csv, strlen(csv), &errs, &total, &created, &ids), PLAM_OK);
  assert_int_equal(created, 2);
  assert_int_equal(json_array_size(ids), 2);
  json_decref(errs);
  json_decref(ids);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM candidates"), before_import + 2);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM candidate_availability a JOIN candidates c ON "
                                   "c.id = a.candidate_id WHERE c.first_name = 'Jeanne' AND a.kind = 'unavailable'"),
                   1);
  /* a bad cell (row 3: number) and a bad rule (row 2: profession) : nothing written */
  const char *bad1 = "prenom;nom;email;profession;distance_max_km;contrats;latitude;longitude;departement\n"
                     "A;B;a@example.org;NURSE;10;shift;47;-1;DEP-44\n"
                     "C;D;c@example.org;AS;dix;shift;47;-1;DEP-44\n";
  assert_int_equal(recruit_cand_import(db, &staff, bad1, strlen(bad1), &errs, &total, &created, &ids),
                   PLAM_ERR_INVALID);
  assert_int_equal(total, 1); /* the file's cells are read first: the rules run once they all read */
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "message")),
                      "ligne 3, colonne 5 (distance_max_km) : nombre attendu, lu « dix »");
  json_decref(errs);
  const char *bad2 = "prenom;nom;email;profession;distance_max_km;contrats;latitude;longitude;departement\n"
                     "A;B;a@example.org;NURSE;10;shift;47;-1;DEP-44\n"
                     "C;D;c@example.org;AS;10;shift;47;-1;DEP-99\n"
                     "E;F;e@example.org;AS;10;shift;47;-1;DEP-44\n";
  assert_int_equal(recruit_cand_import(db, &staff, bad2, strlen(bad2), &errs, &total, &created, &ids),
                   PLAM_ERR_INVALID);
  assert_int_equal(total, 2);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(errs, 0), "row")), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "column")), "profession");
  assert_int_equal(json_integer_value(json_object_get(json_array_get(errs, 1), "row")), 3);
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 1), "column")), "departement");
  json_decref(errs);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM candidates"), before_import + 2); /* nothing written */
  /* needs: the employer's establishment only */
  snprintf(csv, sizeof csv,
           "etablissement;profession;qualifications;creneaux;motif;contrat;distance_max_km;viviers\n"
           "1;IDE;AFGSU2;2026-03-20T07:00+01:00/2026-03-20T19:00+01:00|2026-03-21T07:00+01:00/2026-03-21T19:00+01:00;"
           "replacement;shift;30;%lld\n"
           "2;AS;;2026-03-20T07:00+01:00/2026-03-20T19:00+01:00;seasonal;shift;30;%lld\n",
           (long long)dep, (long long)dep);
  assert_int_equal(recruit_need_import(db, &employer, csv, strlen(csv), &errs, &total, &created, &ids),
                   PLAM_ERR_INVALID);
  assert_int_equal(total, 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "column")), "establishment_id");
  json_decref(errs);
  assert_int_equal(recruit_need_import(db, &staff, csv, strlen(csv), &errs, &total, &created, &ids), PLAM_OK);
  assert_int_equal(created, 2);
  assert_int_equal(json_array_size(ids), 2);
  json_decref(errs);
  json_decref(ids);

  buf_release(&pre);
  buf_release(&full);
  recruit_index_reset();
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

/* The prefiltered ranking of need id equals the engine's on every stored
 * candidate: the same ranked lines, and each prefiltered exclusion is the
 * full engine's. */
static void same_as_full(struct db *db, int64_t id) {
  struct buf pre, full;
  buf_init(&pre, 1 << 24);
  buf_init(&full, 1 << 24);
  int n_pre = 0, n_full = 0;
  assert_int_equal(recruit_need_rank_doc(db, id, T0 * 60, 1, 1000, &pre, &n_pre), PLAM_OK);
  assert_int_equal(recruit_need_rank_doc(db, id, T0 * 60, 0, 1000, &full, &n_full), PLAM_OK);
  json_t *r1, *r2, *x1, *x2;
  parse_doc(&pre, &r1, &x1);
  parse_doc(&full, &r2, &x2);
  assert_true(json_equal(r1, r2));
  const char *k;
  json_t *v;
  json_object_foreach(x1, k, v) { assert_true(json_equal(v, json_object_get(x2, k))); }
  json_decref(r1);
  json_decref(r2);
  json_decref(x1);
  json_decref(x2);
  buf_release(&pre);
  buf_release(&full);
}

/* The index tests' database: an establishment in Nantes, a region pool and
 * its département pool (pools[0], pools[1]), the index empty. */
static void index_fixture(struct db *db, struct actor *staff, int64_t pools[2]) {
  recruit_index_reset();
  exec(db, "INSERT INTO organisations (id, name, kind) VALUES (1, 'CHU test', 'establishment')");
  exec(db, "INSERT INTO establishments (id, name, category, departement, lat, lon, org_id) VALUES "
           "(1, 'CHU test', 'chu', 'DEP-44', 47.2123, -1.5536, 1)");
  actor_cli(staff);
  pools[0] = mk_pool(db, staff, "Région", "region", 0, 0);
  pools[1] = mk_pool(db, staff, "Loire-Atlantique", "departement", pools[0], 0);
}

/* Per-write index updates (migration 0021's change log): writes of every
 * kind interleaved with rankings (new candidates, edits that move a
 * candidate or change their profession, qualifications, availability and
 * pools, deactivation and deletion, raw SQL as another process would write)
 * keep the prefiltered ranking equal to the full engine's, with no full
 * reload of the index; a change log with missing rows (purged) makes the
 * index load everything again, still equal. */
static void index_per_write(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("recruitw", dir, path, &db), 0);
  struct actor staff;
  int64_t pools[2];
  index_fixture(db, &staff, pools);
  int64_t region = pools[0], dep = pools[1];
  int64_t ids[400];
  int n = 0;
  for (; n < 120; n++) ids[n] = mk_cand(db, &staff, n, pools, 2);
  struct field_error fe = {0};
  plam_err err;
  int64_t need_ide = mk_need(db, &staff, 1, "IDE", 30, dep, T0 + 8 * 60, 12, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  int64_t need_as = mk_need(db, &staff, 1, "AS", 60, region, T0 + 9 * 60, 8, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  same_as_full(db, need_ide); /* the first use loads the index */
  int64_t loads0, upd0, loads, upd;
  recruit_index_stats(&loads0, &upd0);
  char sql[512];
  int64_t gen_before = fixture_int(db, "SELECT gen FROM candidate_generation");
  int changed = 0; /* rounds whose write changed a candidate's rows */
  for (int round = 0; round < 80; round++) {
    int at = (int)(rnd() % (uint64_t)n);
    int64_t id = ids[at];
    switch (round % 8) {
    case 0: ids[n] = mk_cand(db, &staff, 1000 + round, pools, 2), n++; break; /* new */
    case 1: {                                                                 /* moved, maybe another profession */
      json_t *out = NULL;
      assert_int_equal(recruit_cand_get(db, &staff, id, &out), PLAM_OK);
      json_object_set_new(out, "lat", json_real(47.2 + (unif() - 0.5) * 0.6));
      json_object_set_new(out, "lon", json_real(-1.55 + (unif() - 0.5) * 0.8));
      json_object_set_new(out, "profession", json_string(rnd() % 2 ? "IDE" : "AS"));
      /* the read shape's pools are objects: the write takes their ids */
      json_t *pl = json_array(), *p;
      size_t pi;
      json_array_foreach(json_object_get(out, "pools"), pi, p) json_array_append(pl, json_object_get(p, "id"));
      json_object_set_new(out, "pools", pl);
      json_t *res = NULL;
      plam_err se = recruit_cand_save(db, &staff, id, out, &res, &fe);
      if (se) fprintf(stderr, "save %lld: %s %s\n", (long long)id, fe.field, fe.message);
      assert_int_equal(se, PLAM_OK);
      json_decref(out);
      json_decref(res);
      break;
    }
    case 2: /* a qualification expires, by raw SQL */
      snprintf(sql, sizeof sql,
               "UPDATE candidate_qualifications SET valid_until = '2026-03-01' WHERE candidate_id = %lld",
               (long long)id);
      exec(db, sql);
      break;
    case 3: /* an unavailability over the slots, by raw SQL */
      snprintf(sql, sizeof sql,
               "INSERT INTO candidate_availability (candidate_id, kind, start_at, end_at, start_min, end_min) "
               "VALUES (%lld, 'unavailable', '2026-03-09T09:00+01:00', '2026-03-09T10:00+01:00', %lld, %lld)",
               (long long)id, (long long)(T0 + 8 * 60), (long long)(T0 + 9 * 60));
      exec(db, sql);
      break;
    case 4: /* leaves the pools, or is deactivated */
      snprintf(sql, sizeof sql,
               round % 12 == 4 ? "DELETE FROM candidate_pools WHERE candidate_id = %lld"
                               : "UPDATE candidates SET active = 0 WHERE id = %lld",
               (long long)id);
      exec(db, sql);
      break;
    case 5: /* history (0026): a confirmed shift over the IDE need's slot (rule overlap), or a done one, by raw SQL */
      snprintf(sql, sizeof sql,
               "INSERT OR IGNORE INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) "
               "SELECT %lld, need_id, id, %lld, %lld, '%s' FROM need_slots WHERE need_id = %lld",
               (long long)id, (long long)(T0 + 9 * 60), (long long)(T0 + 10 * 60),
               round % 12 == 5 ? "confirmed" : "done", (long long)need_as);
      exec(db, sql);
      break;
    case 6: /* history: an offer sent, and its late cancellation (fairness and reliability) */
      snprintf(sql, sizeof sql,
               "INSERT OR IGNORE INTO offers (need_id, candidate_id, wave, rank, token_hash, sent_at, expires_at, "
               "status) VALUES (%lld, %lld, 1, 1, randomblob(32), %lld, %lld, 'declined'); "
               "INSERT INTO offer_events (offer_id, candidate_id, kind, reason, late, at) SELECT id, candidate_id, "
               "'cancel_candidate', 'illness', 1, sent_at FROM offers WHERE need_id = %lld AND candidate_id = %lld",
               (long long)need_as, (long long)id, (long long)(T0 * 60 - 86400), (long long)(T0 * 60 - 82800),
               (long long)need_as, (long long)id);
      exec(db, sql);
      break;
    default: /* deleted */
      snprintf(sql, sizeof sql,
               "DELETE FROM candidate_pools WHERE candidate_id = %lld; DELETE FROM candidate_availability WHERE "
               "candidate_id = %lld; DELETE FROM candidate_qualifications WHERE candidate_id = %lld; DELETE FROM "
               "candidates WHERE id = %lld AND NOT EXISTS (SELECT 1 FROM assignments WHERE candidate_id = %lld) "
               "AND NOT EXISTS (SELECT 1 FROM offers WHERE candidate_id = %lld)",
               (long long)id, (long long)id, (long long)id, (long long)id, (long long)id, (long long)id);
      exec(db, sql);
      ids[at] = ids[--n]; /* gone: not picked again */
      break;
    }
    int64_t g = fixture_int(db, "SELECT gen FROM candidate_generation");
    changed += g != gen_before;
    gen_before = g;
    same_as_full(db, round % 2 ? need_ide : need_as);
  }
  recruit_index_stats(&loads, &upd);
  assert_int_equal(loads, loads0); /* never loaded whole again */
  assert_true(changed >= 55);
  assert_true(upd - upd0 >= changed); /* at least one candidate reloaded alone per changing write */
  /* a log with rows missing: a full load, still the same answer */
  ids[n] = mk_cand(db, &staff, 2000, pools, 2), n++;
  exec(db, "DELETE FROM candidate_changes"); /* the new candidate's rows, not yet read by the index */
  same_as_full(db, need_ide);
  recruit_index_stats(&loads, &upd);
  assert_int_equal(loads, loads0 + 1);
  recruit_index_reset();
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

/* The full load reads the tables in rounds of 65,536 ids
 * (store_rcand_scan): candidates whose ids span several rounds, some rounds
 * empty, loaded whole, give the ranking the per-write updates gave (each
 * candidate read alone, store_rcand_scan_one) and the unfiltered engine's. */
static void index_scan_rounds(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("recruitr", dir, path, &db), 0);
  struct actor staff;
  int64_t pools[2];
  index_fixture(db, &staff, pools);
  int64_t dep = pools[1];
  struct field_error fe = {0};
  plam_err err;
  int64_t need = mk_need(db, &staff, 1, "IDE", 60, dep, T0 + 8 * 60, 12, &fe, &err);
  assert_int_equal(err, PLAM_OK);
  same_as_full(db, need); /* the index is built now, empty: every candidate below arrives through the log */
  char sql[512];
  int64_t last = 0;
  for (int block = 0; block < 5; block++) {
    /* the next ids start past a round's end (an inactive placeholder holds the jump; blocks 2 and 4 leave a
     * whole round empty) */
    int64_t start = (int64_t)block * 65536 * (block % 2 ? 1 : 2) + 65530;
    if (start > last) {
      snprintf(sql, sizeof sql,
               "INSERT INTO candidates (id, first_name, last_name, email, profession, departement, lat, lon, max_km, "
               "active) VALUES (%lld, 'Réservé', 'Réservé', 'r@example.org', 'IDE', 'DEP-44', 47.2, -1.55, 1, 0)",
               (long long)start);
      exec(db, sql);
    }
    for (int i = 0; i < 40; i++) last = mk_cand(db, &staff, block * 100 + i, pools, 2);
  }
  assert_true(last > 4 * 65536);
  /* history for some, across the rounds */
  snprintf(sql, sizeof sql,
           "INSERT INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) SELECT c.id, %lld, "
           "(SELECT max(id) FROM need_slots WHERE need_id = %lld), %lld, %lld, 'confirmed' FROM candidates c "
           "WHERE c.active = 1 AND c.id %% 3 = 0",
           (long long)need, (long long)need, (long long)(T0 + 9 * 60), (long long)(T0 + 10 * 60));
  exec(db, sql);
  struct buf a, b;
  buf_init(&a, 1 << 24);
  buf_init(&b, 1 << 24);
  int na = 0, nb = 0;
  assert_int_equal(recruit_need_rank_doc(db, need, T0 * 60, 1, 1000, &a, &na), PLAM_OK); /* per-write updates */
  int64_t loads0, upd0, loads, upd;
  recruit_index_stats(&loads0, &upd0);
  recruit_index_reset();
  assert_int_equal(recruit_need_rank_doc(db, need, T0 * 60, 1, 1000, &b, &nb), PLAM_OK); /* one full load, in rounds */
  recruit_index_stats(&loads, &upd);
  assert_int_equal(loads, loads0 + 1);
  assert_int_equal(na, nb);
  int rounds[8] = {0}, nrounds = 0; /* the rounds the considered candidates come from */
  for (const char *at = a.data; (at = strstr(at, "\"candidate\":\"")); at++) {
    long long cid = atoll(at + 13);
    if (cid / 65536 < 8 && !rounds[cid / 65536]++) nrounds++;
  }
  assert_true(nrounds >= 3);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  assert_non_null(strstr(a.data, "\"overlap\"")); /* the history was read */
  same_as_full(db, need);
  buf_release(&a);
  buf_release(&b);
  recruit_index_reset();
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

/* A seasonal campaign's need ranks the students the campaign admits as of
 * its profession (non-health students on an ASH post), through the same
 * engine: the prefiltered ranking equals the unfiltered one, students of a
 * code not admitted and those outside the campaign's pool are not ranked. */
static void season_ranking(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("recruits", dir, path, &db), 0);
  recruit_index_reset();
  exec(db, "INSERT INTO organisations (id, name, kind) VALUES (1, 'CHU test', 'establishment')");
  exec(db, "INSERT INTO establishments (id, name, category, departement, lat, lon, org_id) VALUES "
           "(1, 'CHU test', 'chu', 'DEP-44', 47.2123, -1.5536, 1)");
  struct actor staff;
  actor_cli(&staff);
  struct field_error fe = {0};
  /* the period ends far ahead: a campaign past its last day is closed by itself and takes no need */
  json_t *in = json_pack("{s:s, s:s, s:s, s:[{s:s}], s:[{s:s}, {s:s}]}", "name", "Été", "starts_on", "2026-03-01",
                         "ends_on", "2099-12-31", "posts", "code", "ASH", "admitted", "code", "ETU-AUTRE", "code",
                         "ETU-IDE-2"),
         *out = NULL;
  assert_int_equal(recruit_season_create(db, &staff, in, &out, &fe), PLAM_OK);
  json_decref(in);
  int64_t cid = json_integer_value(json_object_get(out, "id")),
          pool = json_integer_value(json_object_get(out, "pool_id"));
  json_decref(out);
  /* candidates: 40 random ones, then professions and pools set by SQL */
  int64_t pools[] = {pool};
  int64_t first = 0;
  for (int i = 0; i < 40; i++) {
    int64_t id = mk_cand(db, &staff, i, pools, 1);
    if (!i) first = id;
  }
  char sql[512];
  snprintf(sql, sizeof sql,
           "UPDATE candidates SET profession = CASE id %% 4 WHEN 0 THEN 'ETU-AUTRE' WHEN 1 THEN 'ETU-IDE-2' WHEN 2 "
           "THEN 'ETU-MED-3' ELSE 'ASH' END WHERE id >= %lld",
           (long long)first);
  exec(db, sql);
  /* available over the slot, and in the campaign's pool, for most */
  snprintf(
    sql, sizeof sql,
    "INSERT INTO candidate_availability (candidate_id, kind, start_at, end_at, start_min, end_min) SELECT id, "
    "'available', '2026-03-08T00:00+01:00', '2026-03-11T00:00+01:00', %lld, %lld FROM candidates WHERE id %% 5 "
    "<> 0; INSERT INTO candidate_pools (candidate_id, pool_id) SELECT id, %lld FROM candidates WHERE id %% 7 <> 0 "
    "ON CONFLICT DO NOTHING",
    (long long)(T0 - 1440), (long long)(T0 + 2 * 1440), (long long)pool);
  exec(db, sql);
  char s[32], e[32];
  iso(T0 + 8 * 60, s);
  iso(T0 + 16 * 60, e);
  in = json_pack("{s:I, s:s, s:[{s:s, s:s}], s:s, s:s, s:f, s:I}", "establishment_id", (json_int_t)1, "profession",
                 "ASH", "slots", "start", s, "end", e, "reason", "seasonal", "contract", "shift", "max_km", 60.0,
                 "campaign_id", (json_int_t)cid);
  assert_int_equal(recruit_need_create(db, &staff, in, &out, &fe), PLAM_OK);
  int64_t need = json_integer_value(json_object_get(out, "id"));
  json_decref(out);
  json_decref(in);
  same_as_full(db, need);
  struct buf pre;
  buf_init(&pre, 1 << 24);
  int n_pre = 0;
  assert_int_equal(recruit_need_rank_doc(db, need, T0 * 60, 1, 1000, &pre, &n_pre), PLAM_OK);
  json_t *ranked, *rules;
  parse_doc(&pre, &ranked, &rules);
  assert_true(json_array_size(ranked) > 0);
  size_t i;
  json_t *v;
  int students = 0;
  json_array_foreach(ranked, i, v) { /* nobody of the code not admitted */
    int64_t id = atoll(json_string_value(json_object_get(v, "candidate")));
    assert_true(id % 4 != 2); /* ETU-MED-3: not admitted */
    students += (id % 4 == 0 || id % 4 == 1);
  }
  assert_true(students > 0);
  json_decref(ranked);
  json_decref(rules);
  buf_release(&pre);
  recruit_index_reset();
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(rpps_edges),         cmocka_unit_test(avail_exceptions),  cmocka_unit_test(pools_nesting),
    cmocka_unit_test(nomenclature_files), cmocka_unit_test(stored_ranking),    cmocka_unit_test(index_per_write),
    cmocka_unit_test(season_ranking),     cmocka_unit_test(index_scan_rounds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
