/* Bundle reader tests: a valid bundle in every form the format allows, and
 * invalid ones, each refused (never coerced) with a French message naming
 * the field by its JSON path. Also the ISO 8601 parser and the result
 * writer's bytes on a small bundle, run twice and on the candidates in
 * another order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit.h"

#define RULES "\"rules\":{\"max_hours_7d\":48,\"min_rest_hours\":11,\"max_shift_hours\":12}"
#define NEED \
  "\"need\":{\"id\":\"n1\",\"profession\":\"IDE\",\"qualifications\":[\"AFGSU2\"]," \
  "\"slots\":[{\"start\":\"2026-03-02T08:00+01:00\",\"end\":\"2026-03-02T20:00+01:00\"}]," \
  "\"location\":{\"lat\":47.218,\"lon\":-1.553},\"max_km\":50,\"pools\":[\"ght44\"]}"
#define CAND(id, extra) \
  "{\"id\":\"" id \
  "\",\"profession\":\"IDE\",\"qualifications\":[{\"code\":\"AFGSU2\",\"valid_until\":\"2027-01-01\"}]," \
  "\"available\":[{\"start\":\"2026-03-01T00:00+01:00\",\"end\":\"2026-03-03T00:00+01:00\"}]," \
  "\"home\":{\"lat\":47.3,\"lon\":-1.5},\"max_km\":30,\"pools\":[\"ght44\"],\"shifts\":[]," \
  "\"offers_90d\":2,\"no_shows_12m\":0" extra "}"

static plam_err parse(const char *json, struct recruit_bundle *b, char *err, size_t n) {
  return recruit_bundle_read(b, json, strlen(json), err, n);
}

static void expect_error(const char *json, plam_err want, const char *needle) {
  struct recruit_bundle b;
  char err[RECRUIT_ERRLEN];
  plam_err e = parse(json, &b, err, sizeof err);
  recruit_bundle_release(&b);
  if (e != want || !strstr(err, needle))
    fail_msg("bundle %s\n  got error %d « %s », wanted %d containing « %s »", json, e, err, want, needle);
}

/* A bundle with one candidate whose field `field` is replaced by `value`
 * (the rest as in CAND). */
static void expect_cand_error(const char *cand, const char *needle) {
  char json[4096];
  snprintf(json, sizeof json, "{" RULES "," NEED ",\"candidates\":[" CAND("c0", "") ",%s]}", cand);
  expect_error(json, PLAM_ERR_INVALID, needle);
}

static void test_valid(void **state) {
  (void)state;
  const char *json = "{" RULES "," NEED
                     ",\"candidates\":[" CAND("c1", ",\"past_missions\":3") "," CAND("c2", "") "],"
                                                                                               "\"limit\":7}";
  struct recruit_bundle b;
  char err[RECRUIT_ERRLEN];
  assert_int_equal(parse(json, &b, err, sizeof err), PLAM_OK);
  assert_int_equal(b.ncand, 2);
  assert_int_equal(b.limit, 7);
  assert_string_equal(b.need.id, "n1");
  assert_int_equal(b.need.nslot, 1);
  assert_int_equal(b.need.slots[0].offset, 60);
  assert_int_equal(b.need.slots[0].end - b.need.slots[0].start, 12 * 60);
  assert_int_equal(b.cand[0].past_missions, 3);
  assert_true(b.cand[0].has_past_missions);
  assert_false(b.cand[1].has_past_missions);
  assert_int_equal(b.cand[1].qual_off, 1);
  assert_string_equal(b.qual[1].code, "AFGSU2");
  recruit_bundle_release(&b);
  /* rules and limit may be omitted: defaults 48 / 11 / 12 and 50 */
  json = "{" NEED ",\"candidates\":[]}";
  assert_int_equal(parse(json, &b, err, sizeof err), PLAM_OK);
  assert_int_equal(b.rules.max_hours_7d, 48);
  assert_int_equal(b.rules.min_rest_hours, 11);
  assert_int_equal(b.rules.max_shift_hours, 12);
  assert_int_equal(b.limit, 50);
  recruit_bundle_release(&b);
  json = "{\"rules\":{\"min_rest_hours\":9}," NEED ",\"candidates\":[]}";
  assert_int_equal(parse(json, &b, err, sizeof err), PLAM_OK);
  assert_int_equal(b.rules.max_hours_7d, 48);
  assert_int_equal(b.rules.min_rest_hours, 9);
  recruit_bundle_release(&b);
}

static void test_times(void **state) {
  (void)state;
  int64_t t, u;
  int off;
  assert_int_equal(recruit_time_parse("1970-01-01T00:00Z", &t, &off), 0);
  assert_int_equal(t, 0);
  assert_int_equal(recruit_time_parse("2026-03-02T08:00+01:00", &t, &off), 0);
  assert_int_equal(off, 60);
  assert_int_equal(recruit_time_parse("2026-03-02T07:00:00Z", &u, &off), 0);
  assert_int_equal(t, u);
  assert_int_equal(off, 0);
  assert_int_equal(recruit_time_parse("2026-03-01T21:30-09:30", &u, &off), 0);
  assert_int_equal(t, u);
  assert_int_equal(off, -570);
  assert_int_equal(t, recruit_days_from_civil(2026, 3, 2) * 1440 + 7 * 60);
  static const char *const bad[] = {
    "2026-03-02T08:00",         /* no offset */
    "2026-03-02T08:00+0100",    /* offset without colon */
    "2026-03-02 08:00Z",        /* space */
    "2026-02-29T08:00Z",        /* not a leap year */
    "2026-03-02T24:00Z",        /* hour 24 */
    "2026-03-02T08:60Z",        /* minute 60 */
    "2026-03-02T08:00:30Z",     /* seconds not whole minutes */
    "2026-03-02T08:00:00.000Z", /* fractions */
    "2026-03-02T08:00+24:00",   /* offset hour */
    "1899-12-31T08:00Z",        /* year range */
    "2026-03-02T08:00Zjunk",    /* trailing */
    "2026-03-02T8:00Z",         /* one-digit hour */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (recruit_time_parse(bad[i], &t, &off) == 0) fail_msg("accepted « %s »", bad[i]);
  int y, m, d;
  for (int64_t day = -800000; day <= 800000; day += 997) {
    recruit_civil_from_days(day, &y, &m, &d);
    assert_int_equal(recruit_days_from_civil(y, m, d), day);
  }
  assert_int_equal(recruit_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(recruit_days_from_civil(2000, 3, 1), 11017);
}

static void test_errors_name_the_field(void **state) {
  (void)state;
  expect_error("{", PLAM_ERR_INVALID, "JSON mal formé");
  expect_error("[]", PLAM_ERR_INVALID, "lot : attendu : un objet");
  expect_error("{" NEED "}", PLAM_ERR_INVALID, "champ obligatoire « candidates » absent");
  expect_error("{" NEED ",\"candidates\":[],\"extra\":1}", PLAM_ERR_INVALID, "lot : champ inconnu « extra »");
  expect_error("{\"rules\":{\"max_hours_week\":40}," NEED ",\"candidates\":[]}", PLAM_ERR_INVALID,
               "rules : champ inconnu « max_hours_week »");
  expect_error("{\"rules\":{\"max_hours_7d\":0}," NEED ",\"candidates\":[]}", PLAM_ERR_INVALID,
               "rules.max_hours_7d : valeur 0 hors limites");
  expect_error("{\"rules\":{\"max_shift_hours\":12.5}," NEED ",\"candidates\":[]}", PLAM_ERR_INVALID,
               "rules.max_shift_hours : attendu : un nombre entier");
  expect_error("{" NEED ",\"candidates\":[],\"limit\":0}", PLAM_ERR_INVALID, "limit : valeur 0 hors limites");
  expect_error("{" NEED ",\"candidates\":[],\"limit\":1001}", PLAM_ERR_INVALID, "limit : valeur 1001 hors limites");
  expect_error("{" NEED ",\"candidates\":[],\"limit\":\"5\"}", PLAM_ERR_INVALID, "limit : attendu : un nombre entier");
  expect_error("{" NEED ",\"candidates\":[],\"limit\":5,\"limit\":6}", PLAM_ERR_INVALID, "clé en double");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[],\"location\":{\"lat\":0,\"lon\":0},"
               "\"max_km\":5,\"pools\":[]},\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.slots : au moins un créneau");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[{\"start\":\"2026-03-02T08:00Z\",\"end\":"
               "\"2026-03-02T07:00Z\"}],\"location\":{\"lat\":0,\"lon\":0},\"max_km\":5,\"pools\":[]},"
               "\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.slots[0].end : la fin doit être postérieure au début");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[{\"start\":\"2026-03-02T08:00Z\",\"end\":"
               "\"2026-03-02T12:00Z\"},{\"start\":\"2026-03-02T11:00Z\",\"end\":\"2026-03-02T13:00Z\"}],"
               "\"location\":{\"lat\":0,\"lon\":0},\"max_km\":5,\"pools\":[]},\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.slots[1] : ce créneau chevauche need.slots[0]");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[{\"start\":\"2026-03-02T08:00Z\",\"end\":"
               "\"2026-03-02T12:00Z\"}],\"location\":{\"lat\":90.5,\"lon\":0},\"max_km\":5,\"pools\":[]},"
               "\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.location.lat : valeur 90.5 hors limites");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[{\"start\":\"2026-03-02T08:00Z\",\"end\":"
               "\"2026-03-02T12:00Z\"}],\"location\":{\"lat\":0,\"lon\":0},\"max_km\":-1,\"pools\":[]},"
               "\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.max_km : valeur -1 hors limites");
  expect_error("{\"need\":{\"id\":\"n\",\"profession\":\"IDE\",\"slots\":[{\"start\":\"2026-03-02T08:00Z\",\"end\":"
               "\"2026-03-02T12:00Z\"}],\"location\":{\"lat\":0,\"lon\":0},\"max_km\":5,\"pools\":[\"a\",\"a\"]},"
               "\"candidates\":[]}",
               PLAM_ERR_INVALID, "need.pools[1] : « a » figure deux fois");
  /* candidates */
  expect_cand_error(CAND("c0", ""), "candidates[1].id : identifiant « c0 » déjà utilisé par candidates[0]");
  expect_cand_error("{\"id\":\"c1\"}", "candidates[1] : champ obligatoire « profession » absent");
  expect_cand_error(CAND("c1", ",\"rank\":1"), "candidates[1] : champ inconnu « rank »");
  expect_cand_error(CAND("c1", ",\"past_missions\":-1"), "candidates[1].past_missions : valeur -1 hors limites");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[{\"start\":\"2026-03-"
                    "01T00:00+01:00\",\"end\":\"2026-02-28T00:00+01:00\"}],\"home\":{\"lat\":47.3,\"lon\":-1.5},"
                    "\"max_km\":30,\"pools\":[],\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].available[0].end : la fin doit être postérieure au début");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[{\"start\":\"2026-03-"
                    "01T00:00\",\"end\":\"2026-03-02T00:00+01:00\"}],\"home\":{\"lat\":47.3,\"lon\":-1.5},"
                    "\"max_km\":30,\"pools\":[],\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].available[0].start : date et heure ISO 8601 invalide");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[{\"code\":\"A\",\"valid_until\":\"2026-"
                    "02-30\"}],\"available\":[],\"home\":{\"lat\":47.3,\"lon\":-1.5},\"max_km\":30,\"pools\":[],"
                    "\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].qualifications[0].valid_until : date invalide « 2026-02-30 »");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[{\"code\":\"A\",\"valid_until\":\"2026-"
                    "02-03\"},{\"code\":\"A\",\"valid_until\":\"2026-02-04\"}],\"available\":[],\"home\":{\"lat\":47.3,"
                    "\"lon\":-1.5},\"max_km\":30,\"pools\":[],\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].qualifications[1].code : qualification « A » déjà donnée");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[],\"home\":{\"lat\":"
                    "47.3,\"lon\":-181},\"max_km\":30,\"pools\":[],\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].home.lon : valeur -181 hors limites");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[],\"home\":{\"lat\":"
                    "47.3,\"lon\":-1},\"max_km\":-0.5,\"pools\":[],\"shifts\":[],\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].max_km : valeur -0.5 hors limites");
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[],\"home\":{\"lat\":"
                    "47.3,\"lon\":-1},\"max_km\":5,\"pools\":[],\"shifts\":[{\"start\":\"2026-03-01T08:00Z\",\"end\":"
                    "\"2026-03-01T12:00Z\"},{\"start\":\"2026-03-01T11:59Z\",\"end\":\"2026-03-01T14:00Z\"}],"
                    "\"offers_90d\":0,\"no_shows_12m\":0}",
                    "candidates[1].shifts : deux missions confirmées se chevauchent");
  expect_cand_error(CAND("", ""), "candidates[1].id : identifiant vide");
  expect_cand_error(CAND("a\\u0001", ""), "candidates[1].id : caractère de contrôle");
  expect_cand_error(CAND("c\\\"1", ",\"max_km\":5"), "clé en double"); /* never "the last one wins" */
  expect_cand_error("{\"id\":\"c1\",\"profession\":\"IDE\",\"qualifications\":[],\"available\":[],\"home\":{\"lat\":"
                    "47.3,\"lon\":-1},\"max_km\":5,\"pools\":[],\"shifts\":[],\"offers_90d\":1.5,\"no_shows_12m\":0}",
                    "candidates[1].offers_90d : attendu : un nombre entier, reçu : un nombre non entier");
  expect_cand_error("7", "candidates[1] : attendu : un objet, reçu : un nombre");
}

static void test_caps(void **state) {
  (void)state;
  /* 1,001 available intervals: over the cap of 1,000 */
  size_t cap = 200000;
  char *json = malloc(cap);
  size_t n = (size_t)snprintf(json, cap, "{" NEED ",\"candidates\":[{\"id\":\"c\",\"available\":[");
  for (int i = 0; i <= RECRUIT_MAX_TIMES; i++)
    n += (size_t)snprintf(json + n, cap - n, "%s{\"start\":\"2026-03-01T00:00Z\",\"end\":\"2026-03-01T01:00Z\"}",
                          i ? "," : "");
  snprintf(json + n, cap - n, "]}]}");
  expect_error(json, PLAM_ERR_TOO_LARGE, "candidates[0].available : trop d'éléments (1000 au plus)");
  free(json);
  char id[RECRUIT_MAX_ID + 2];
  memset(id, 'x', sizeof id - 1);
  id[sizeof id - 1] = '\0';
  char buf[2048];
  snprintf(buf, sizeof buf, "{" NEED ",\"candidates\":[" CAND("%s", "") "]}", id);
  expect_error(buf, PLAM_ERR_INVALID, "candidates[0].id : identifiant trop long (128 octets au plus)");
}

static plam_err run_bytes(const char *json, struct buf *out) {
  struct recruit_bundle b;
  struct recruit_result r;
  memset(&r, 0, sizeof r);
  char err[RECRUIT_ERRLEN];
  plam_err e = parse(json, &b, err, sizeof err);
  if (!e) e = recruit_rank(&b, &r);
  if (!e) e = recruit_result_write(&b, &r, out);
  recruit_result_release(&r);
  recruit_bundle_release(&b);
  return e;
}

static void test_result_bytes(void **state) {
  (void)state;
  struct buf x, y;
  buf_init(&x, 1 << 20);
  buf_init(&y, 1 << 20);
  const char *a = "{" NEED ",\"candidates\":[" CAND("c2", "") "," CAND("c1", ",\"past_missions\":1") "]}";
  const char *b = "{" NEED ",\"candidates\":[" CAND("c1", ",\"past_missions\":1") "," CAND("c2", "") "]}";
  assert_int_equal(run_bytes(a, &x), PLAM_OK);
  assert_int_equal(run_bytes(b, &y), PLAM_OK);
  assert_int_equal(x.len, y.len);
  assert_memory_equal(x.data, y.data, x.len);
  assert_string_equal(x.data, "{\"ranked\":[\n"
                              "{\"candidate\":\"c1\",\"rank\":1,\"distance_km\":9.957,\"reasons\":[\"à 10,0 km\","
                              "\"1 mission passée dans cet établissement\",\"aucune absence en 12 mois\","
                              "\"2 propositions en 90 jours\"]},\n"
                              "{\"candidate\":\"c2\",\"rank\":2,\"distance_km\":9.957,\"reasons\":[\"à 10,0 km\","
                              "\"aucune absence en 12 mois\",\"2 propositions en 90 jours\"]}\n"
                              "],\"excluded\":[]}\n");
  buf_release(&x);
  buf_release(&y);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid), cmocka_unit_test(test_times),        cmocka_unit_test(test_errors_name_the_field),
    cmocka_unit_test(test_caps),  cmocka_unit_test(test_result_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
