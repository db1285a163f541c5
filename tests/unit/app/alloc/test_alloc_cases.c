/* Hand-made allocation cases through the whole pipeline (bundle -> result
 * document): priority order, ex aequo, reserved seats, apportionment,
 * eligibility, explanations' wording, determinism and hash, and the
 * checker catching violations injected into a correct matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc_run.h"
#include "app/alloc/alloc_check.h"

static json_t *run_json(const char *bundle, struct alloc_run *run) {
  char err[ALLOC_ERRLEN];
  plam_err e = alloc_run_bundle(run, bundle, strlen(bundle), err, sizeof err);
  if (e) fail_msg("run failed: %s", err);
  struct buf b;
  buf_init(&b, 1 << 26);
  assert_int_equal(alloc_result_write(run, &b, NULL, err, sizeof err), PLAM_OK);
  json_error_t je;
  json_t *doc = json_loadb(b.data, b.len, 0, &je);
  assert_non_null(doc);
  buf_release(&b);
  return doc;
}

static const char *post_of(json_t *doc, const char *cand) {
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(doc, "assignments"), i,
                     a) if (!strcmp(json_string_value(json_object_get(a, "candidate")),
                                    cand)) return json_string_value(json_object_get(a, "post"));
  return NULL;
}

/* All explanation text of a candidate, lines joined by '\n'. */
static void explanation(json_t *doc, const char *cand, char *out, size_t n) {
  size_t i, j;
  json_t *x, *d;
  out[0] = '\0';
  json_array_foreach(json_object_get(doc, "explanations"), i, x) {
    if (strcmp(json_string_value(json_object_get(x, "candidate")), cand)) continue;
    snprintf(out, n, "%s", json_string_value(json_object_get(x, "summary")));
    json_array_foreach(json_object_get(x, "details"), j, d) {
      size_t l = strlen(out);
      snprintf(out + l, n - l, "\n%s", json_string_value(d));
    }
  }
}

static void expect_text(json_t *doc, const char *cand, const char *needle) {
  char text[4096];
  explanation(doc, cand, text, sizeof text);
  if (!strstr(text, needle)) fail_msg("explanation of %s:\n%s\nlacks « %s »", cand, text, needle);
}

/* The sentence of a post in the result's "posts" (who holds its seats). */
static void expect_post_text(json_t *doc, const char *post, const char *text) {
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(doc, "posts"), i, x) {
    if (strcmp(json_string_value(json_object_get(x, "post")), post)) continue;
    const char *got = json_string_value(json_object_get(x, "explanation"));
    if (!got || strcmp(got, text)) fail_msg("post %s: « %s », expected « %s »", post, got ? got : "(none)", text);
    return;
  }
  fail_msg("post %s not in the result", post);
}

static void test_issue_example_wording(void **state) {
  (void)state;
  const char *b =
    "{\"algorithm\": \"serial-dictatorship\", \"seed\": 1, \"candidates\": ["
    "{\"id\": \"a\", \"rank\": 12, \"wishes\": [\"p1\"]}, {\"id\": \"b\", \"rank\": 40, \"wishes\": [\"p1\"]},"
    "{\"id\": \"c\", \"rank\": 41, \"wishes\": [\"p1\", \"p2\"]}, {\"id\": \"d\", \"rank\": 50, \"wishes\": [\"p3\", "
    "\"p1\", \"p2\"]}],"
    "\"posts\": [{\"id\": \"p1\", \"capacity\": 3}, {\"id\": \"p2\", \"capacity\": 1}, {\"id\": \"p3\", \"capacity\": "
    "0}]}";
  struct alloc_run run;
  json_t *doc = run_json(b, &run);
  assert_string_equal(post_of(doc, "d"), "p2");
  expect_text(doc, "d", "Vous êtes affecté(e) au poste « p2 », votre vœu 3.");
  expect_text(doc, "d", "vœu 2 (p1) : 3 places, dernier admis rang 41, vous rang 50");
  expect_text(doc, "d", "vœu 1 (p3) : aucune place ouverte à ce poste");
  /* who took them: once, in the post's record */
  expect_post_text(doc, "p1", "3 places pourvues sur 3 : rangs 12, 40, 41");
  expect_post_text(doc, "p2", "1 place pourvue sur 1 : rang 50");
  expect_post_text(doc, "p3", "aucune place ouverte à ce poste");
  /* others by rank only: no identifier of another candidate */
  char text[4096];
  explanation(doc, "d", text, sizeof text);
  assert_null(strstr(text, "« a »"));
  assert_true(json_is_true(json_object_get(json_object_get(doc, "check"), "ok")));
  json_decref(doc);
  alloc_run_release(&run);
}

static void test_sd_seniority_then_rank(void **state) {
  (void)state;
  const char *b = "{\"algorithm\": \"serial-dictatorship\", \"candidates\": ["
                  "{\"id\": \"junior\", \"rank\": 1, \"wishes\": [\"p1\", \"p2\"]},"
                  "{\"id\": \"senior\", \"rank\": 900, \"seniority\": 3, \"wishes\": [\"p1\"]}],"
                  "\"posts\": [{\"id\": \"p1\", \"capacity\": 1}, {\"id\": \"p2\", \"capacity\": 1}]}";
  struct alloc_run run;
  json_t *doc = run_json(b, &run);
  assert_string_equal(post_of(doc, "senior"), "p1");
  assert_string_equal(post_of(doc, "junior"), "p2");
  expect_text(doc, "junior",
              "vœu 1 (p1) : 1 place, admis rang 900, vous rang 1 ; 1 admis passe avant vous par l'ancienneté");
  json_decref(doc);
  alloc_run_release(&run);
}

static void test_ex_aequo_lottery_is_seeded(void **state) {
  (void)state;
  int won_by_x = 0, won_by_y = 0;
  for (int seed = 0; seed < 40; seed++) {
    char b[1024];
    snprintf(b, sizeof b,
             "{\"algorithm\": \"deferred-acceptance\", \"seed\": %d, \"candidates\": ["
             "{\"id\": \"x\", \"wishes\": [\"p1\"]}, {\"id\": \"y\", \"wishes\": [\"p1\"]}],"
             "\"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": [[\"x\", \"y\"]]}]}",
             seed);
    struct alloc_run run;
    json_t *doc = run_json(b, &run);
    const char *w = post_of(doc, "x") ? "x" : "y";
    if (*w == 'x') won_by_x++;
    else won_by_y++;
    expect_text(doc, *w == 'x' ? "y" : "x",
                "vœu 1 (p1) : 1 place, admis classé 1er, vous 1er ; 1 admis à égalité avec vous, départagé par le "
                "tirage au sort publié");
    expect_post_text(doc, "p1", "1 place pourvue sur 1 : position 1 dans le classement du poste ; admis classé 1er");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "tie_breaking"), "post_tie_groups")), 1);
    assert_true(json_is_true(json_object_get(json_object_get(doc, "check"), "weakly_stable")));
    /* the winner is the lower lottery number, recomputable from the seed */
    uint8_t key[16];
    alloc_lottery_key((uint64_t)seed, key);
    uint64_t lx = alloc_lottery(key, 'c', "x", NULL), ly = alloc_lottery(key, 'c', "y", NULL);
    assert_int_equal(*w == 'x', lx < ly);
    json_decref(doc);
    alloc_run_release(&run);
  }
  assert_true(won_by_x > 5 && won_by_y > 5);
}

static void test_reserved_seats(void **state) {
  (void)state;
  const char *b = "{\"algorithm\": \"deferred-acceptance\", \"candidates\": ["
                  "{\"id\": \"r1\", \"rank\": 1, \"wishes\": [\"p\", \"q\"]}, {\"id\": \"r2\", \"rank\": 2, "
                  "\"wishes\": [\"p\", \"q\"]},"
                  "{\"id\": \"r3\", \"rank\": 3, \"tags\": [\"subdivision\"], \"wishes\": [\"p\"]},"
                  "{\"id\": \"r4\", \"rank\": 4, \"wishes\": [\"s\"]}],"
                  "\"posts\": [{\"id\": \"p\", \"capacity\": 2, \"ranking\": [\"r1\", \"r2\", \"r3\"],"
                  "  \"reserved\": [{\"seats\": 1, \"tag\": \"subdivision\"}]},"
                  " {\"id\": \"q\", \"capacity\": 1, \"ranking\": [\"r1\", \"r2\"]},"
                  " {\"id\": \"s\", \"capacity\": 2, \"ranking\": [\"r4\"], \"reserved\": [{\"seats\": 1, \"tag\": "
                  "\"cesp\", \"strict\": true}]}]}";
  struct alloc_run run;
  json_t *doc = run_json(b, &run);
  assert_string_equal(post_of(doc, "r1"), "p");
  assert_string_equal(post_of(doc, "r3"), "p");
  assert_string_equal(post_of(doc, "r2"), "q");
  assert_string_equal(post_of(doc, "r4"), "s");
  expect_text(
    doc, "r2",
    "vœu 1 (p) : 2 places, dernier admis classé 3e, vous 2e ; 1 place réservée « subdivision » attribuée en priorité");
  expect_post_text(doc, "p", "2 places pourvues sur 2 : rangs 1, 3 ; dernier admis classé 3e");
  expect_post_text(doc, "s", "1 place pourvue sur 2 : rang 4 ; admis classé 1er");
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(doc, "assignments"), i, a) {
    const char *c = json_string_value(json_object_get(a, "candidate"));
    const char *seat = json_string_value(json_object_get(a, "seat"));
    if (!strcmp(c, "r3")) assert_string_equal(seat, "reserved:subdivision");
    if (!strcmp(c, "r1") || !strcmp(c, "r4")) assert_string_equal(seat, "open");
  }
  assert_true(json_is_true(json_object_get(json_object_get(doc, "check"), "ok")));
  json_decref(doc);
  alloc_run_release(&run);
}

static void test_largest_remainder(void **state) {
  (void)state;
  double shares[3] = {1, 1, 1}, exact[3];
  uint64_t lot[3] = {30, 10, 20};
  int quota[3];
  assert_int_equal(alloc_apportion_largest_remainder(3, shares, NULL, lot, 10, quota, exact), PLAM_OK);
  assert_int_equal(quota[0], 3);
  assert_int_equal(quota[1], 4); /* smallest lottery number wins the tie */
  assert_int_equal(quota[2], 3);
  double s2[2] = {5, 1};
  int caps[2] = {2, 100};
  assert_int_equal(alloc_apportion_largest_remainder(2, s2, caps, NULL, 10, quota, exact), PLAM_OK);
  assert_int_equal(quota[0], 2);
  assert_int_equal(quota[1], 8);
  double s3[3] = {0.5, 0.3, 0.2};
  assert_int_equal(alloc_apportion_largest_remainder(3, s3, NULL, NULL, 7, quota, exact), PLAM_OK);
  assert_int_equal(quota[0] + quota[1] + quota[2], 7);
  assert_int_equal(quota[0], 4); /* 3.5 -> 3 + remainder .5 beats .1 and .4 */
  assert_int_equal(quota[1], 2);
  assert_int_equal(quota[2], 1);
}

static void test_apportionment_in_bundle(void **state) {
  (void)state;
  const char *b = "{\"algorithm\": \"serial-dictatorship\", \"apportionment\": {\"seats\": 5},"
                  "\"territories\": [{\"id\": \"urbain\", \"base\": 10}, {\"id\": \"rural\", \"base\": 10, \"weight\": "
                  "1.5, \"fragile\": true}],"
                  "\"posts\": [{\"id\": \"u1\", \"capacity\": 4, \"territory\": \"urbain\"},"
                  "            {\"id\": \"f1\", \"capacity\": 2, \"territory\": \"rural\"}, {\"id\": \"f2\", "
                  "\"capacity\": 2, \"territory\": \"rural\"}],"
                  "\"candidates\": [{\"id\": \"a\", \"rank\": 1, \"wishes\": [\"u1\"]}, {\"id\": \"b\", \"rank\": 2, "
                  "\"wishes\": [\"u1\"]},"
                  "{\"id\": \"c\", \"rank\": 3, \"wishes\": [\"u1\", \"f1\"]}]}";
  struct alloc_run run;
  json_t *doc = run_json(b, &run);
  json_t *t = json_object_get(doc, "territories");
  assert_int_equal(json_integer_value(json_object_get(json_array_get(t, 0), "quota")), 2);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(t, 1), "quota")), 3);
  assert_true(json_is_true(json_object_get(json_array_get(t, 1), "fragile")));
  assert_int_equal(run.inst.post[0].seats, 2);
  assert_int_equal(run.inst.post[1].seats + run.inst.post[2].seats, 3);
  assert_string_equal(post_of(doc, "c"), "f1");
  expect_text(doc, "c", "vœu 1 (u1) : 2 places, dernier admis rang 2, vous rang 3");
  expect_post_text(doc, "u1", "2 places pourvues sur 2 : rangs 1, 2");
  char f2[64];
  snprintf(f2, sizeof f2, "aucune place pourvue sur %d", run.inst.post[2].seats);
  expect_post_text(doc, "f2", f2);
  json_decref(doc);
  alloc_run_release(&run);
}

static void test_eligibility_and_unranked(void **state) {
  (void)state;
  const char *b =
    "{\"algorithm\": \"deferred-acceptance\", \"round\": \"simulation\", \"candidates\": ["
    "{\"id\": \"a\", \"specialty\": \"MG\", \"wishes\": [\"cesp\", \"ped\", \"nr\", \"mg\"]}, {\"id\": \"b\"}],"
    "\"posts\": [{\"id\": \"cesp\", \"capacity\": 1, \"cesp_only\": true, \"ranking\": [\"a\"]},"
    "{\"id\": \"ped\", \"capacity\": 1, \"specialty\": \"pédiatrie\", \"ranking\": [\"a\"]},"
    "{\"id\": \"nr\", \"capacity\": 1, \"ranking\": []}, {\"id\": \"mg\", \"capacity\": 1, \"specialty\": \"MG\", "
    "\"ranking\": [\"a\"]}]}";
  struct alloc_run run;
  json_t *doc = run_json(b, &run);
  assert_string_equal(post_of(doc, "a"), "mg");
  expect_text(doc, "a", "Simulation (résultat provisoire) : vous êtes affecté(e) au poste « mg », votre vœu 4.");
  expect_text(doc, "a",
              "vœu 1 (cesp) : poste réservé aux signataires d'un contrat d'engagement de service public (CESP)");
  expect_text(doc, "a", "vœu 2 (ped) : poste réservé à la spécialité « pédiatrie »");
  expect_text(doc, "a", "vœu 3 (nr) : le poste ne vous a pas classé(e)");
  expect_text(doc, "b", "vous n'avez formulé aucun vœu.");
  assert_string_equal(json_string_value(json_object_get(doc, "round")), "simulation");
  json_decref(doc);
  alloc_run_release(&run);
}

static void test_deterministic_bytes_and_hash(void **state) {
  (void)state;
  const char *b = "{\"algorithm\": \"deferred-acceptance\", \"seed\": 9, \"candidates\": ["
                  "{\"id\": \"a\", \"wishes\": [[\"p\", \"q\"]]}, {\"id\": \"b\", \"wishes\": [\"p\", \"q\"]}],"
                  "\"posts\": [{\"id\": \"p\", \"capacity\": 1, \"ranking\": [[\"a\", \"b\"]]}, {\"id\": \"q\", "
                  "\"capacity\": 1, \"ranking\": [\"b\", \"a\"]}]}";
  char *out[2];
  size_t len[2];
  for (int i = 0; i < 2; i++) {
    struct alloc_run run;
    char err[ALLOC_ERRLEN];
    assert_int_equal(alloc_run_bundle(&run, b, strlen(b), err, sizeof err), PLAM_OK);
    struct buf r;
    buf_init(&r, 1 << 20);
    assert_int_equal(alloc_result_write(&run, &r, NULL, err, sizeof err), PLAM_OK);
    out[i] = buf_detach(&r, &len[i]);
    alloc_run_release(&run);
  }
  assert_int_equal(len[0], len[1]);
  assert_memory_equal(out[0], out[1], len[0]);
  unsigned char h[32];
  char hex[65];
  crypto_hash_sha256(h, (const unsigned char *)b, strlen(b));
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", h[i]);
  assert_non_null(strstr(out[0], hex));
  assert_non_null(strstr(out[0], "\"version\": \"" ALLOC_ENGINE_VERSION "\""));
  free(out[0]);
  free(out[1]);
}

/* Bundles over 1 MiB are hashed on a second thread: same digest. */
static void test_large_bundle_hash(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 8u << 20);
  assert_int_equal(buf_append_str(&b, "{\"algorithm\": \"deferred-acceptance\", \"candidates\": ["), PLAM_OK);
  for (int c = 0; c < 40000; c++)
    assert_int_equal(buf_printf(&b, "%s{\"id\": \"candidat-%06d\", \"wishes\": [\"p\"]}", c ? "," : "", c), PLAM_OK);
  assert_int_equal(
    buf_append_str(&b, "], \"posts\": [{\"id\": \"p\", \"capacity\": 3, \"ranking\": [\"candidat-000007\"]}]}"),
    PLAM_OK);
  assert_true(b.len > (1u << 20));
  struct alloc_run run;
  char err[ALLOC_ERRLEN];
  assert_int_equal(alloc_run_bundle(&run, b.data, b.len, err, sizeof err), PLAM_OK);
  unsigned char h[32];
  crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
  assert_memory_equal(h, run.sha256, 32);
  assert_int_equal(run.m.post[7], 0);
  assert_true(run.check.ok);
  alloc_run_release(&run);
  buf_release(&b);
}

/* Large runs write every other chunk of explanations on another thread:
 * the bytes must be those of the single-threaded writer, to a buffer and to
 * a file alike (with the early writeback of plam allocate too). ncand sets
 * which thread renders the last chunk. */
static void parallel_case(int ncand) {
  struct buf b;
  buf_init(&b, 16u << 20);
  uint64_t x = 99;
  assert_int_equal(buf_append_str(&b, "{\"algorithm\": \"deferred-acceptance\", \"seed\": 5, \"candidates\": ["),
                   PLAM_OK);
  for (int c = 0; c < ncand; c++) {
    assert_int_equal(buf_printf(&b, "%s{\"id\": \"k%d\", \"rank\": %d, \"wishes\": [", c ? "," : "", c, c + 1),
                     PLAM_OK);
    for (int k = 0; k < 6; k++) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      assert_int_equal(buf_printf(&b, "%s\"p%d\"", k ? "," : "", (int)((x >> 33) % 25) * 8 + k), PLAM_OK);
    }
    assert_int_equal(buf_append_str(&b, "]}"), PLAM_OK);
  }
  assert_int_equal(buf_append_str(&b, "], \"posts\": ["), PLAM_OK);
  for (int p = 0; p < 200; p++) {
    assert_int_equal(
      buf_printf(&b, "%s{\"id\": \"p%d\", \"capacity\": %d, \"ranking\": [", p ? "," : "", p, 1 + p % 30), PLAM_OK);
    for (int c = 0; c < ncand; c += 1 + p % 3)
      assert_int_equal(buf_printf(&b, "%s\"k%d\"", c ? "," : "", (c * 7 + p) % ncand), PLAM_OK);
    assert_int_equal(buf_append_str(&b, "]}"), PLAM_OK);
  }
  assert_int_equal(buf_append_str(&b, "]}"), PLAM_OK);
  struct alloc_run run;
  char err[ALLOC_ERRLEN];
  if (alloc_run_bundle(&run, b.data, b.len, err, sizeof err)) fail_msg("%s", err);
  assert_true(run.check.ok);
  struct buf one, two, three;
  buf_init(&one, 1u << 30);
  buf_init(&two, 1u << 30);
  buf_init(&three, 1u << 24);
  run.explain_single_thread = 1;
  assert_int_equal(alloc_result_write(&run, &one, NULL, err, sizeof err), PLAM_OK);
  run.explain_single_thread = 0;
  assert_int_equal(alloc_result_write(&run, &two, NULL, err, sizeof err), PLAM_OK);
  assert_int_equal(one.len, two.len);
  assert_memory_equal(one.data, two.data, one.len);
  FILE *f = tmpfile();
  assert_non_null(f);
  run.start_writeback = 1;
  assert_int_equal(alloc_result_write(&run, &three, f, err, sizeof err), PLAM_OK);
  assert_int_equal((size_t)ftell(f), one.len);
  rewind(f);
  char *back = malloc(one.len);
  assert_int_equal(fread(back, 1, one.len, f), one.len);
  assert_memory_equal(back, one.data, one.len);
  free(back);
  fclose(f);
  json_error_t je;
  json_t *doc = json_loadb(two.data, two.len, JSON_REJECT_DUPLICATES, &je);
  if (!doc) fail_msg("invalid JSON: %s (line %d)", je.text, je.line);
  json_t *ex = json_object_get(doc, "explanations");
  assert_int_equal(json_array_size(ex), (size_t)ncand);
  char mid[32];
  snprintf(mid, sizeof mid, "k%d", ncand / 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ex, (size_t)ncand / 2), "candidate")), mid);
  json_decref(doc);
  buf_release(&one);
  buf_release(&two);
  buf_release(&three);
  alloc_run_release(&run);
  buf_release(&b);
}

static void test_parallel_explanations_same_bytes(void **state) {
  (void)state;
  parallel_case(5000); /* 20 chunks of 256: the worker renders the last one */
  parallel_case(2200); /* 9 chunks: this thread renders the last one */
}

static void test_checker_catches_injected_violations(void **state) {
  (void)state;
  const char *b =
    "{\"algorithm\": \"deferred-acceptance\", \"candidates\": ["
    "{\"id\": \"a\", \"tags\": [\"cesp\"], \"wishes\": [\"p\", \"q\"]}, {\"id\": \"b\", \"wishes\": [\"p\", \"q\"]},"
    "{\"id\": \"c\", \"wishes\": [\"q\"]}],"
    "\"posts\": [{\"id\": \"p\", \"capacity\": 1, \"ranking\": [\"a\", \"b\"], \"reserved\": [{\"seats\": 1, \"tag\": "
    "\"cesp\", \"strict\": true}]},"
    "{\"id\": \"q\", \"capacity\": 2, \"ranking\": [\"b\", \"a\", \"c\"]}, {\"id\": \"z\", \"capacity\": 1, "
    "\"ranking\": [\"c\"]}]}";
  struct alloc_run run;
  char err[ALLOC_ERRLEN];
  assert_int_equal(alloc_run_bundle(&run, b, strlen(b), err, sizeof err), PLAM_OK);
  assert_true(run.check.ok);
  struct alloc_match *m = &run.m;
  struct alloc_check_report rep;
  int a = 0, bb = 1, c = 2, P = 0, Q = 1, Z = 2;
  assert_int_equal(m->post[a], P);
  /* c sent to z, which c never wished */
  m->post[c] = Z;
  assert_int_equal(alloc_check(&run.inst, m, &rep), PLAM_OK);
  assert_false(rep.ok);
  assert_false(rep.acceptable);
  m->post[c] = Q;
  /* b moved into the strict CESP seat instead of a */
  m->post[a] = Q;
  m->wish[a] = 2;
  m->group[a] = -1;
  m->post[bb] = P;
  m->wish[bb] = 1;
  m->group[bb] = 0;
  m->post[c] = -1;
  m->wish[c] = 0;
  assert_int_equal(alloc_check(&run.inst, m, &rep), PLAM_OK);
  assert_false(rep.reserved);
  /* c unassigned while q has a free seat: blocking pair */
  assert_false(rep.weakly_stable);
  /* wrong wish number */
  alloc_run_release(&run);
  assert_int_equal(alloc_run_bundle(&run, b, strlen(b), err, sizeof err), PLAM_OK);
  run.m.wish[c] = 3;
  assert_int_equal(alloc_check(&run.inst, &run.m, &rep), PLAM_OK);
  assert_false(rep.acceptable);
  run.m.wish[c] = 1;
  /* over capacity */
  run.m.post[a] = Q;
  run.m.wish[a] = 2;
  run.m.group[a] = -1;
  assert_int_equal(alloc_check(&run.inst, &run.m, &rep), PLAM_OK);
  assert_false(rep.capacities);
  alloc_run_release(&run);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_issue_example_wording),
    cmocka_unit_test(test_sd_seniority_then_rank),
    cmocka_unit_test(test_ex_aequo_lottery_is_seeded),
    cmocka_unit_test(test_reserved_seats),
    cmocka_unit_test(test_largest_remainder),
    cmocka_unit_test(test_apportionment_in_bundle),
    cmocka_unit_test(test_eligibility_and_unranked),
    cmocka_unit_test(test_deterministic_bytes_and_hash),
    cmocka_unit_test(test_large_bundle_hash),
    cmocka_unit_test(test_parallel_explanations_same_bytes),
    cmocka_unit_test(test_checker_catches_injected_violations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
