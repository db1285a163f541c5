/* Bundle reader tests: valid bundles in every form the format allows, and
 * invalid ones, each refused with PLAM_ERR_INVALID (or TOO_LARGE) and a
 * French message naming the field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc.h"
#include "app/alloc/alloc_jsonw.h"
#include "app/alloc/alloc_symtab.h"
#include <jansson.h>

static plam_err parse(const char *json, struct alloc_instance *inst, char *err, size_t n) {
  alloc_instance_init(inst, 16u << 20);
  return alloc_bundle_read(inst, json, strlen(json), err, n);
}

static void expect_error(const char *json, plam_err want, const char *needle) {
  struct alloc_instance inst;
  char err[ALLOC_ERRLEN];
  plam_err e = parse(json, &inst, err, sizeof err);
  alloc_instance_release(&inst);
  if (e != want || !strstr(err, needle))
    fail_msg("bundle %s\n  got error %d « %s », wanted %d containing « %s »", json, e, err, want, needle);
}

#define BASE_C "\"candidates\": [{\"id\": \"c1\", \"rank\": 1, \"wishes\": [\"p1\"]}]"
#define BASE_P "\"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": [\"c1\"]}]"

static void test_valid_full(void **state) {
  (void)state;
  const char *json =
    "{\"algorithm\": \"deferred-acceptance\", \"proposing\": \"posts\", \"seed\": 7, \"round\": \"simulation\",\n"
    " \"label\": \"DJ 2025 \\u00e9t\\u00e9\",\n"
    " \"posts\": [{\"id\": \"p1\", \"capacity\": 2, \"ranking\": [[\"c2\", \"c1\"], \"c3\"], \"territory\": \"t1\","
    "   \"specialty\": \"MG\", \"site\": \"CH Guéret\"},\n"
    "  {\"id\": \"p2\", \"capacity\": 0, \"ranking\": [], \"territory\": \"t2\", \"cesp_only\": true}],\n"
    " \"candidates\": [{\"id\": \"c1\", \"rank\": 3, \"seniority\": 2, \"specialty\": \"MG\", \"tags\": [\"cesp\"],"
    "   \"wishes\": [[\"p1\", \"p2\"]]},\n"
    "  {\"id\": \"c2\", \"wishes\": [\"p2\", \"p1\"], \"specialty\": \"MG\"}, {\"id\": \"c3\"}],\n"
    " \"territories\": [{\"id\": \"t1\", \"base\": 10, \"weight\": 1.5, \"fragile\": true}, {\"id\": \"t2\", \"base\": "
    "5}],\n"
    " \"apportionment\": {\"seats\": 2}}";
  struct alloc_instance inst;
  char err[ALLOC_ERRLEN];
  assert_int_equal(parse(json, &inst, err, sizeof err), PLAM_OK);
  assert_int_equal(inst.ncand, 3);
  assert_int_equal(inst.npost, 2);
  assert_int_equal(inst.nterr, 2);
  assert_int_equal(inst.algorithm, ALLOC_DEFERRED_ACCEPTANCE);
  assert_int_equal(inst.proposing, ALLOC_PROPOSE_POSTS);
  assert_int_equal(inst.round, ALLOC_ROUND_SIMULATION);
  assert_int_equal((int)inst.seed, 7);
  assert_true(inst.apportion);
  assert_int_equal(inst.apportion_seats, 2);
  assert_int_equal(inst.cand[0].seniority, 2);
  assert_int_equal(inst.cand[0].nwish, 2);
  assert_int_equal(inst.wish_group[inst.cand[0].wish_off], 0);
  assert_int_equal(inst.wish_group[inst.cand[0].wish_off + 1], 0); /* ex aequo */
  assert_int_equal(inst.wish_post[inst.cand[1].wish_off], 1);
  assert_int_equal(inst.post[0].nrank, 3);
  assert_int_equal(inst.rank_group[inst.post[0].rank_off + 2], 1);
  assert_int_equal(inst.rank_cand[inst.post[0].rank_off], 1);
  assert_int_equal(inst.post[1].territory, 1);
  assert_true(inst.post[1].cesp_only);
  assert_int_equal(inst.cesp_tag, 0);
  assert_true(inst.cand[0].specialty == inst.post[0].specialty); /* interned */
  assert_true(inst.terr[0].weight == 1.5);
  assert_true(inst.terr[1].weight == 1.0);
  alloc_instance_release(&inst);
}

static void test_sd_without_ranking(void **state) {
  (void)state;
  struct alloc_instance inst;
  char err[ALLOC_ERRLEN];
  assert_int_equal(parse("{\"algorithm\": \"serial-dictatorship\", " BASE_C
                         ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1}]}",
                         &inst, err, sizeof err),
                   PLAM_OK);
  assert_false(inst.post[0].has_ranking);
  alloc_instance_release(&inst);
}

static void test_errors_name_the_field(void **state) {
  (void)state;
  expect_error(
    "{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\", \"wishes\": [\"p9\"]}], " BASE_P "}",
    PLAM_ERR_INVALID, "candidates[0].wishes[0] : poste inconnu « p9 »");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": [\"c1\", [\"zz\"]]}]}",
               PLAM_ERR_INVALID, "posts[0].ranking[1][0] : candidat inconnu « zz »");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\"}, {\"id\": \"c1\"}], " BASE_P
               "}",
               PLAM_ERR_INVALID, "candidates[1].id : identifiant « c1 » en double");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": []}, {\"id\": \"p1\", \"capacity\": 1, "
               "\"ranking\": []}]}",
               PLAM_ERR_INVALID, "posts[1].id : identifiant « p1 » en double");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\", \"wishes\": [\"p1\", "
               "[\"p1\"]]}], " BASE_P "}",
               PLAM_ERR_INVALID, "candidates[0].wishes[1][0] : « p1 » figure deux fois");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": -1, \"ranking\": []}]}",
               PLAM_ERR_INVALID, "posts[0].capacity : valeur hors limites « -1 » (attendu entre 0 et 1000000)");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1.5, \"ranking\": []}]}",
               PLAM_ERR_INVALID, "posts[0].capacity : un nombre entier est attendu");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": \"2\"}]}",
               PLAM_ERR_INVALID, "posts[0].capacity : attendu : un nombre entier, reçu : une chaîne");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1}]}",
               PLAM_ERR_INVALID, "posts[0].ranking : champ obligatoire pour l'algorithme « deferred-acceptance »");
  expect_error("{\"algorithm\": \"serial-dictatorship\", \"candidates\": [{\"id\": \"c1\"}], " BASE_P "}",
               PLAM_ERR_INVALID, "candidates[0].rank : champ obligatoire");
  expect_error("{\"algorithm\": \"random\", " BASE_C ", " BASE_P "}", PLAM_ERR_INVALID,
               "algorithm : valeur « random » inconnue");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"proposing\": \"hospitals\", " BASE_C ", " BASE_P "}",
               PLAM_ERR_INVALID, "proposing : valeur « hospitals » inconnue");
  expect_error("{" BASE_C ", " BASE_P "}", PLAM_ERR_INVALID, "algorithm : champ obligatoire manquant");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C "}", PLAM_ERR_INVALID,
               "posts : champ obligatoire manquant");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C ", \"posts\": [{\"id\": \"p1\", \"capcity\": 1}]}",
               PLAM_ERR_INVALID, "posts[0] : champ inconnu « capcity »");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"algorithm\": \"deferred-acceptance\", " BASE_C ", " BASE_P
               "}",
               PLAM_ERR_INVALID, "champ « algorithm » en double");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"rank\": 1}], " BASE_P "}",
               PLAM_ERR_INVALID, "candidates[0] : champ obligatoire « id » manquant");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"\"}], " BASE_P "}",
               PLAM_ERR_INVALID, "candidates[0].id : identifiant vide");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\", \"wishes\": [[]]}], " BASE_P
               "}",
               PLAM_ERR_INVALID, "candidates[0].wishes[0] : groupe ex aequo vide");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\", \"wishes\": [3]}], " BASE_P
               "}",
               PLAM_ERR_INVALID, "candidates[0].wishes[0] : attendu : un identifiant, reçu : un nombre");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"seed\": -1, " BASE_C ", " BASE_P "}", PLAM_ERR_INVALID,
               "seed : valeur hors limites");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": [\"c1\"], "
               "\"reserved\": [{\"seats\": 2, \"tag\": \"cesp\"}]}]}",
               PLAM_ERR_INVALID, "posts[0].reserved : 2 places réservées pour une capacité de 1");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"proposing\": \"posts\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1, "
               "\"ranking\": [\"c1\"], \"reserved\": [{\"seats\": 1, \"tag\": \"cesp\"}]}]}",
               PLAM_ERR_INVALID,
               "posts[0].reserved : les places réservées ne sont prises en charge que si les candidats proposent");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1, \"ranking\": [\"c1\"], "
               "\"territory\": \"t9\"}]}",
               PLAM_ERR_INVALID, "posts[0].territory : territoire inconnu « t9 »");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C ", " BASE_P ", \"apportionment\": {\"seats\": 3}}",
               PLAM_ERR_INVALID, "posts[0].territory : champ obligatoire quand « apportionment » est donné");
}

static void test_malformed_json(void **state) {
  (void)state;
  expect_error("", PLAM_ERR_INVALID, "JSON mal formé");
  expect_error("[]", PLAM_ERR_INVALID, "attendu : un objet, reçu : un tableau");
  expect_error("{\"algorithm\": \"deferred-acceptance\",}", PLAM_ERR_INVALID, "JSON mal formé (ligne 1, colonne 37)");
  expect_error("{\"algorithm\": \"deferred-acceptance\"", PLAM_ERR_INVALID, "fin inattendue");
  expect_error("{\"algorithm\": \"deferred-acceptance\"} x", PLAM_ERR_INVALID, "contenu en trop");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C ",\n " BASE_P ", \"label\": \"a\x01\"}",
               PLAM_ERR_INVALID, "caractère de contrôle");
  expect_error("{\"label\": \"\xC3\x28\"}", PLAM_ERR_INVALID, "UTF-8 invalide");
  expect_error("{\"label\": \"\\ud800\"}", PLAM_ERR_INVALID, "demi-codet");
  expect_error("{\"label\": \"\\x\"}", PLAM_ERR_INVALID, "séquence d'échappement invalide");
  expect_error("{\"seed\": 01}", PLAM_ERR_INVALID, "JSON mal formé");
  expect_error("{\"seed\": 1e}", PLAM_ERR_INVALID, "nombre invalide");
  expect_error("{\"seed\": 99999999999999999999999}", PLAM_ERR_INVALID, "hors limites");
  expect_error("{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\"},]}", PLAM_ERR_INVALID,
               "candidates : JSON mal formé (ligne 1, colonne 66) : virgule en trop");
  char deep[200];
  memset(deep, '[', 100);
  strcpy(deep + 100, "]");
  char doc[260];
  snprintf(doc, sizeof doc, "{\"label\": %s}", deep);
  expect_error(doc, PLAM_ERR_INVALID, "reçu : un tableau");
}

static void test_escapes_and_unicode_ids(void **state) {
  (void)state;
  struct alloc_instance inst;
  char err[ALLOC_ERRLEN];
  const char *json =
    "{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"\\u00e9l\\u00e8ve \\ud83d\\ude00\", "
    "\"wishes\": [\"CHU\\/Limoges\"]}], \"posts\": [{\"id\": \"CHU/Limoges\", \"capacity\": 1, "
    "\"ranking\": [\"élève 😀\"]}]}";
  assert_int_equal(parse(json, &inst, err, sizeof err), PLAM_OK);
  assert_string_equal(inst.cand[0].id, "élève 😀");
  assert_int_equal(inst.wish_post[0], 0);
  assert_int_equal(inst.rank_cand[0], 0);
  alloc_instance_release(&inst);
}

static void test_bounds(void **state) {
  (void)state;
  char id[ALLOC_MAX_ID + 40];
  memset(id, 'x', ALLOC_MAX_ID + 1);
  id[ALLOC_MAX_ID + 1] = '\0';
  char doc[512];
  snprintf(doc, sizeof doc, "{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"%s\"}], " BASE_P "}",
           id);
  expect_error(doc, PLAM_ERR_INVALID, "candidates[0].id : identifiant trop long");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 1000001}]}",
               PLAM_ERR_INVALID, "posts[0].capacity : valeur hors limites « 1000001 » (attendu entre 0 et 1000000)");
  expect_error("{\"algorithm\": \"deferred-acceptance\", " BASE_C
               ", \"posts\": [{\"id\": \"p1\", \"capacity\": 5000000000}]}",
               PLAM_ERR_INVALID, "posts[0].capacity : valeur hors limites « 5000000000 » (attendu entre 0 et 1000000)");
  /* 33 distinct tags */
  char big[4096] = "{\"algorithm\": \"deferred-acceptance\", \"candidates\": [{\"id\": \"c1\", \"tags\": [";
  for (int t = 0; t < 33; t++) {
    size_t l = strlen(big);
    snprintf(big + l, sizeof big - l, "%s\"t%d\"", t ? "," : "", t);
  }
  strcat(big, "]}], " BASE_P "}");
  expect_error(big, PLAM_ERR_TOO_LARGE, "candidates[0].tags[32] : trop d'étiquettes distinctes");
  struct alloc_instance inst;
  char err[ALLOC_ERRLEN];
  alloc_instance_init(&inst, 1 << 20);
  assert_int_equal(alloc_bundle_read(&inst, "{}", (size_t)ALLOC_MAX_BUNDLE_BYTES + 1, err, sizeof err),
                   PLAM_ERR_TOO_LARGE);
  alloc_instance_release(&inst);
}

/* The result writer's escaping: whatever an id holds comes back intact
 * through a standard JSON parser. */
static void test_writer_escaping(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 16);
  struct alloc_jw w;
  alloc_jw_init(&w, &b, NULL);
  /* specials at many offsets modulo 8, so the 8-byte fast scan is exercised */
  const char *nasty = "a\"b\\c/d\n\t\x01\x1f é 😀 </script> 0123456789abcdef\x02ghijklmn\"opqrstuv"
                      "w\\xyz01234567\x7f\x1e"
                      "89abcdefghijklmnopqrstuvwxyz\"";
  alloc_jw_object(&w, 1);
  alloc_jw_key(&w, "k\"ey");
  alloc_jw_string(&w, nasty);
  alloc_jw_key(&w, "n");
  alloc_jw_int(&w, -9007199254740991LL);
  alloc_jw_key(&w, "list");
  alloc_jw_array(&w, 0);
  alloc_jw_bool(&w, 1);
  alloc_jw_real(&w, 2.5);
  alloc_jw_array(&w, 1);
  alloc_jw_end(&w);
  alloc_jw_end(&w);
  alloc_jw_end(&w);
  assert_int_equal(w.err, PLAM_OK);
  assert_int_equal(w.depth, 0);
  json_error_t je;
  json_t *doc = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &je);
  if (!doc) fail_msg("writer produced invalid JSON: %s\n%s", je.text, b.data);
  assert_string_equal(json_string_value(json_object_get(doc, "k\"ey")), nasty);
  assert_true(json_integer_value(json_object_get(doc, "n")) == -9007199254740991LL);
  json_t *l = json_object_get(doc, "list");
  assert_true(json_is_true(json_array_get(l, 0)));
  assert_true(json_real_value(json_array_get(l, 1)) == 2.5);
  assert_int_equal(json_array_size(json_array_get(l, 2)), 0);
  json_decref(doc);
  /* random ASCII strings (every control character included) round-trip */
  uint64_t seed = 12345;
  for (int it = 0; it < 3000; it++) {
    char str[64];
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    int len = (int)((seed >> 33) % 60);
    for (int i = 0; i < len; i++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      str[i] = (char)(1 + (seed >> 33) % 127);
    }
    str[len] = '\0';
    struct buf rb;
    buf_init(&rb, 1 << 12);
    struct alloc_jw rw;
    alloc_jw_init(&rw, &rb, NULL);
    alloc_jw_array(&rw, 0);
    alloc_jw_string(&rw, str);
    alloc_jw_end(&rw);
    json_t *a = json_loadb(rb.data, rb.len, 0, &je);
    if (!a) fail_msg("invalid JSON for random string %d: %s", it, rb.data);
    assert_string_equal(json_string_value(json_array_get(a, 0)), str);
    json_decref(a);
    buf_release(&rb);
  }
  /* unbalanced use is reported, not hidden */
  alloc_jw_end(&w);
  assert_int_not_equal(w.err, PLAM_OK);
  buf_release(&b);
}

/* The interning table compares lengths and the first 8 bytes in its slots,
 * and the rest of longer strings separately: strings that share a prefix,
 * differ only after byte 8, or only in length (7, 8, 9, 255, 256, 300
 * bytes) are all told apart, and each is found again as itself. */
static void test_symtab_lengths_and_prefixes(void **state) {
  (void)state;
  struct arena a;
  arena_init(&a, 1 << 24);
  struct alloc_symtab t;
  alloc_symtab_init(&t, &a, 100000);
  static const int lens[] = {1, 2, 7, 8, 9, 15, 16, 17, 254, 255, 256, 300};
  enum { NL = sizeof lens / sizeof lens[0], NV = 300 };
  char s[320];
  int sym[NL][NV];
  for (int round = 0; round < 2; round++) {
    for (int l = 0; l < NL; l++) {
      for (int v = 0; v < NV; v++) {
        memset(s, 'a', sizeof s);
        /* variant v changes the last byte, or (v odd) a byte after the 8th */
        int at = lens[l] > 9 && v % 2 ? 8 + v % (lens[l] - 8) : lens[l] - 1;
        s[at] = (char)('A' + v % 26); /* never 'a' */
        if (v >= 26) s[0] = (char)('0' + v / 26);
        int id, added;
        assert_int_equal(alloc_symtab_intern(&t, s, (size_t)lens[l], &id, &added), PLAM_OK);
        if (round == 0) {
          sym[l][v] = id;
        } else {
          assert_int_equal(added, 0);
          assert_int_equal(id, sym[l][v]);
          assert_int_equal(alloc_symtab_find(&t, s, (size_t)lens[l]), id);
          assert_int_equal(strlen(t.str[id]), (size_t)lens[l]);
          assert_memory_equal(t.str[id], s, (size_t)lens[l]);
        }
      }
    }
  }
  /* never two symbols for one string (some variants coincide by
   * construction and share a symbol) */
  assert_true(t.n > 2000);
  for (int i = 0; i < t.n; i++)
    for (int k = i + 1; k < t.n; k++)
      if (t.len[i] == t.len[k]) assert_true(memcmp(t.str[i], t.str[k], t.len[i]) != 0);
  /* absent strings: right prefix, wrong length or tail */
  memset(s, 'a', sizeof s);
  assert_int_equal(alloc_symtab_find(&t, s, 300), -1);
  assert_int_equal(alloc_symtab_find(&t, s, 3), -1);
  s[299] = '#';
  assert_int_equal(alloc_symtab_find(&t, s, 300), -1);
  alloc_symtab_release(&t);
  arena_release(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid_full),
    cmocka_unit_test(test_sd_without_ranking),
    cmocka_unit_test(test_errors_name_the_field),
    cmocka_unit_test(test_malformed_json),
    cmocka_unit_test(test_escapes_and_unicode_ids),
    cmocka_unit_test(test_bounds),
    cmocka_unit_test(test_writer_escaping),
    cmocka_unit_test(test_symtab_lengths_and_prefixes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
