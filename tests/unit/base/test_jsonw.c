/* Unit tests for the streaming JSON writer (src/base/jsonw.c), always
 * against jansson itself: the same value written with jsonw and dumped with
 * json_dumps(JSON_COMPACT) must give the same bytes (escapes, non-ASCII,
 * integers at the limits, nesting, empty containers, NUL in a string); the
 * UTF-8 that jansson refuses (overlong forms, surrogates, above U+10FFFF,
 * stray or missing continuation bytes) is refused too; random strings agree
 * both ways; misuse (unbalanced, too deep, key outside an object) and the
 * buffer limit are errors; and orgs_write_json writes what orgs_to_json
 * builds, for the organisation shapes the API serves. The one-pass copy of
 * plain keys and values (fast module): every length from 0 to 24 bytes,
 * plain or with one byte that needs a look at each position, as key and as
 * value, in a roomy buffer and in buffers that end at every byte around it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/access/orgs.h"
#include "base/jsonw.h"

/* Checks that w's buffer holds json_dumps(tree) exactly; takes tree. */
static void same_as_jansson(struct buf *b, json_t *tree) {
  assert_non_null(tree);
  char *want = json_dumps(tree, JSON_COMPACT | JSON_ENCODE_ANY);
  json_decref(tree);
  assert_non_null(want);
  if (strlen(want) != b->len || memcmp(want, b->data, b->len))
    fail_msg("jsonw: %.*s\njansson: %s", (int)b->len, b->data ? b->data : "", want);
  free(want);
}

/* {"k": s} written both ways. */
static void check_string(const char *s, size_t n) {
  struct buf b;
  buf_init(&b, 1 << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  jsonw_object(&w);
  jsonw_key(&w, "k");
  jsonw_strn(&w, s, n);
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_OK);
  json_t *o = json_object();
  json_object_set_new(o, "k", json_stringn(s, n));
  same_as_jansson(&b, o);
  buf_release(&b);
}

static void test_strings(void **state) {
  (void)state;
  static const char *const cases[] = {
    "",
    "a",
    "plain ascii text longer than eight bytes",
    "quote \" and backslash \\ inside",
    "\b\f\n\r\t",
    "\x01\x02\x1f control",
    "\x7f del stays",
    "slash / stays",
    "é à ç Œ ß",
    "Île-de-France, Provence-Alpes-Côte d'Azur",
    "\xe2\x80\xa8 U+2028 \xe2\x80\xa9",
    "emoji \xf0\x9f\x98\x80 4 bytes",
    "\xf4\x8f\xbf\xbf max code point",
    "\xef\xbf\xbf U+FFFF",
    "12345678\"",
    "1234567\\8",
    "1234567\n",
    "abcdefgh\xc3\xa9",
    "\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f",
    "<script>alert(1)</script>",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_string(cases[i], strlen(cases[i]));
  check_string("a\0b", 3); /* NUL inside: \u0000 */
  check_string("\0", 1);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  static const char *const cases[] = {
    "\x80",
    "abc\xbf",
    "\xc0\x80",
    "\xc1\xbf",
    "\xe0\x80\x80",
    "\xe0\x9f\xbf",
    "\xed\xa0\x80",
    "\xed\xbf\xbf",
    "\xf0\x80\x80\x80",
    "\xf0\x8f\xbf\xbf",
    "\xf4\x90\x80\x80",
    "\xf5\x80\x80\x80",
    "\xff",
    "\xfe",
    "\xe2\x82",
    "\xc3",
    "long prefix before it \xc3(",
    "\xe2\x28\xa1",
    "\xf0\x9f\x98",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n = strlen(cases[i]);
    json_t *j = json_stringn(cases[i], n);
    if (j) fail_msg("case %zu: jansson accepts it", i);
    assert_int_equal(jsonw_utf8_valid(cases[i], n), 0);
    struct buf b;
    buf_init(&b, 1 << 20);
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_array(&w);
    jsonw_str(&w, "ok");
    jsonw_strn(&w, cases[i], n);
    jsonw_int(&w, 1); /* ignored after the error */
    jsonw_end(&w);
    assert_int_equal(jsonw_finish(&w), PLAM_ERR_INVALID);
    buf_release(&b);
  }
}

static void test_random_strings(void **state) {
  (void)state;
  static const unsigned char pool[] = {'a',  'Z',  ' ',  '"',  '\\', '/',  0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc2,
                                       0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f};
  uint64_t x = 0x2545F4914F6CDD1DULL;
  char s[40];
  int accepted = 0, refused = 0;
  for (int iter = 0; iter < 50000; iter++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    size_t n = (size_t)(x % sizeof s);
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      s[i] = (char)pool[x % sizeof pool];
    }
    json_t *j = json_stringn(s, n);
    assert_int_equal(jsonw_utf8_valid(s, n), j != NULL);
    if (j) {
      accepted++;
      struct buf b;
      buf_init(&b, 1 << 20);
      struct jsonw w;
      jsonw_init(&w, &b);
      jsonw_strn(&w, s, n);
      assert_int_equal(jsonw_finish(&w), PLAM_OK);
      same_as_jansson(&b, j);
      buf_release(&b);
    } else {
      refused++;
    }
  }
  assert_true(accepted > 1000 && refused > 1000); /* both sides exercised */
}

static void test_values_and_nesting(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  jsonw_object(&w);
  jsonw_key(&w, "data");
  jsonw_array(&w);
  static const int64_t ints[] = {0, 1, -1, 42, INT64_MAX, INT64_MIN, 1000000000000LL};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) jsonw_int(&w, ints[i]);
  jsonw_null(&w);
  jsonw_bool(&w, 1);
  jsonw_bool(&w, 0);
  jsonw_object(&w);
  jsonw_end(&w);
  jsonw_array(&w);
  jsonw_end(&w);
  jsonw_array(&w);
  jsonw_array(&w);
  jsonw_str(&w, NULL);
  jsonw_end(&w);
  jsonw_end(&w);
  jsonw_end(&w);
  jsonw_key(&w, "meta");
  jsonw_object(&w);
  jsonw_key(&w, "total");
  jsonw_int(&w, 112);
  jsonw_key(&w, "clé \"é\"");
  jsonw_str(&w, "v");
  jsonw_end(&w);
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_OK);
  json_t *arr = json_array();
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) json_array_append_new(arr, json_integer(ints[i]));
  json_array_append_new(arr, json_null());
  json_array_append_new(arr, json_true());
  json_array_append_new(arr, json_false());
  json_array_append_new(arr, json_object());
  json_array_append_new(arr, json_array());
  json_array_append_new(arr, json_pack("[[n]]"));
  same_as_jansson(&b, json_pack("{s:o, s:{s:i, s:s}}", "data", arr, "meta", "total", 112, "clé \"é\"", "v"));
  buf_release(&b);
}

static void test_misuse_and_limits(void **state) {
  (void)state;
  struct buf b;
  struct jsonw w;
  buf_init(&b, 1 << 20);
  jsonw_init(&w, &b);
  jsonw_array(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INTERNAL); /* left open */
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_OK);
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INTERNAL); /* one end too many */
  buf_release(&b);

  buf_init(&b, 1 << 20);
  jsonw_init(&w, &b);
  jsonw_array(&w);
  jsonw_key(&w, "k"); /* key in an array */
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INTERNAL);
  buf_release(&b);

  buf_init(&b, 1 << 20);
  jsonw_init(&w, &b);
  jsonw_object(&w);
  jsonw_key(&w, "k");
  jsonw_end(&w); /* key without value */
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INTERNAL);
  buf_release(&b);

  buf_init(&b, 1 << 20);
  jsonw_init(&w, &b);
  for (int i = 0; i < JSONW_DEPTH; i++) jsonw_array(&w);
  assert_int_equal(w.err, PLAM_OK);
  jsonw_array(&w); /* one level too deep */
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INTERNAL);
  buf_release(&b);

  buf_init(&b, 16);
  jsonw_init(&w, &b);
  jsonw_array(&w);
  jsonw_str(&w, "more than sixteen bytes");
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_TOO_LARGE);
  assert_true(b.len <= 16);
  buf_release(&b);
}

static void test_orgs_writer_matches_tree(void **state) {
  (void)state;
  struct org_rec o[4];
  memset(o, 0, sizeof o);
  o[0].id = 1;
  strcpy(o[0].name, "ARS Pays de la Loire");
  strcpy(o[0].kind, "ars");
  strcpy(o[0].territory_id, "REG-52");
  strcpy(o[0].territory_name, "Pays de la Loire");
  strcpy(o[0].created_at, "2026-01-02T03:04:05Z");
  strcpy(o[0].updated_at, "2026-01-02T03:04:05Z");
  o[1] = o[0];
  o[1].id = INT64_MAX;
  strcpy(o[1].name, "CHU « Nantes » \"quoted\" \\ back\tslash\x01");
  strcpy(o[1].kind, "establishment");
  strcpy(o[1].finess, "440000289");
  strcpy(o[1].siret, "26440058900018");
  o[2] = o[0];
  strcpy(o[2].kind, "unknown-kind"); /* no label: the kind itself */
  o[2].territory_id[0] = '\0';       /* no territory: both null */
  o[3] = o[0];
  strcpy(o[3].name, "Établissement ïlien — Île-de-France 😀");
  for (int i = 0; i < 4; i++) {
    struct buf b;
    buf_init(&b, 1 << 20);
    struct jsonw w;
    jsonw_init(&w, &b);
    orgs_write_json(&w, &o[i]);
    assert_int_equal(jsonw_finish(&w), PLAM_OK);
    same_as_jansson(&b, orgs_to_json(&o[i]));
    buf_release(&b);
  }
  /* text that is not UTF-8: the writer refuses it (the API then answers
   * through jansson) */
  strcpy(o[0].name, "bad \xc3(");
  struct buf b;
  buf_init(&b, 1 << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  orgs_write_json(&w, &o[0]);
  assert_int_equal(jsonw_finish(&w), PLAM_ERR_INVALID);
  buf_release(&b);
}

/* {s: s} written both ways, the buffer reserved (so that the one-pass path
 * runs) and capped at max bytes (0: no cap). With a cap, the writer may
 * refuse (PLAM_ERR_TOO_LARGE), never write other bytes. */
static void check_key_value(const char *s, size_t n, size_t max) {
  struct buf b;
  buf_init(&b, max ? max : 1 << 20);
  buf_reserve(&b, max && max < 64 ? max : 64);
  struct jsonw w;
  jsonw_init(&w, &b);
  jsonw_object(&w);
  jsonw_keyn(&w, s, n);
  jsonw_strn(&w, s, n);
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  json_t *o = json_object();
  char key[32];
  memcpy(key, s, n);
  key[n] = '\0';
  json_object_set_new(o, key, json_stringn(s, n));
  if (e == PLAM_OK) same_as_jansson(&b, o);
  else {
    assert_int_equal(e, PLAM_ERR_TOO_LARGE);
    assert_true(max > 0);
    json_decref(o);
  }
  buf_release(&b);
}

static void test_one_pass_copy(void **state) {
  (void)state;
  static const char *const odd[] = {"\"", "\\", "\x01", "\x1f", "\xc3\xa9", "~", " "};
  char s[32] = {0};
  for (size_t n = 0; n <= 24; n++) {
    for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
    check_key_value(s, n, 0);
    for (size_t max = 2; max < 2 * n + 16; max++) check_key_value(s, n, max);
    for (size_t pos = 0; pos < n; pos++) {
      for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) {
        size_t len = strlen(odd[k]);
        if (pos + len > n) continue;
        for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
        memcpy(s + pos, odd[k], len);
        check_key_value(s, n, 0);
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_strings),           cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_random_strings),    cmocka_unit_test(test_values_and_nesting),
    cmocka_unit_test(test_misuse_and_limits), cmocka_unit_test(test_orgs_writer_matches_tree),
    cmocka_unit_test(test_one_pass_copy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
