/* Unit tests for the bounded response cache (src/http/resp_cache.c): a hit
 * gives back exactly what was put (status, texts, body bytes, NUL included);
 * the key is the target and the asker together; an entry of another version
 * is a miss and is dropped; the entry bound and the byte bound evict the
 * least recently used entries first (a lookup makes an entry recent again);
 * an entry past a quarter of the byte bound, a key past RESP_CACHE_KEY_MAX
 * and a content type past RESP_CACHE_TYPE_MAX are refused without touching
 * what is kept; a put on an existing key replaces it; clear empties it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/resp_cache.h"

static const struct resp_cache_version v1 = {1, 2, 3}, v2 = {1, 2, 4};

static plam_err put(struct resp_cache *c, const char *target, int64_t asker, const char *body) {
  struct resp_cache_hit a = {200, "application/json; charset=utf-8", NULL, body, strlen(body)};
  return resp_cache_put(c, target, asker, &v1, &a);
}

static int has(struct resp_cache *c, const char *target, int64_t asker) {
  struct resp_cache_hit h;
  return resp_cache_get(c, target, asker, &v1, &h);
}

static void test_hit_is_what_was_put(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(8, 4096, &c), PLAM_OK);
  const char body[] = "{\"data\":1}\0tail";
  struct resp_cache_hit a = {200, "text/csv", "public, max-age=3600", body, sizeof body};
  assert_int_equal(resp_cache_put(c, "/api/x?a=1", 7, &v1, &a), PLAM_OK);
  struct resp_cache_hit h;
  assert_int_equal(resp_cache_get(c, "/api/x?a=1", 7, &v1, &h), 1);
  assert_int_equal(h.status, 200);
  assert_string_equal(h.content_type, "text/csv");
  assert_string_equal(h.cache_control, "public, max-age=3600");
  assert_int_equal(h.len, sizeof body);
  assert_memory_equal(h.body, body, sizeof body);
  /* another asker, another target: misses */
  assert_int_equal(resp_cache_get(c, "/api/x?a=1", 0, &v1, &h), 0);
  assert_int_equal(resp_cache_get(c, "/api/x?a=2", 7, &v1, &h), 0);
  assert_int_equal(resp_cache_get(c, "/api/x", 7, &v1, &h), 0);
  struct resp_cache_hit none = {200, NULL, NULL, "", 0};
  assert_int_equal(resp_cache_put(c, "/empty", 0, &v1, &none), PLAM_OK);
  assert_int_equal(resp_cache_get(c, "/empty", 0, &v1, &h), 1);
  assert_null(h.content_type);
  assert_null(h.cache_control);
  assert_int_equal(h.len, 0);
  resp_cache_free(c);
}

static void test_version_change_drops(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(8, 4096, &c), PLAM_OK);
  assert_int_equal(put(c, "/a", 1, "one"), PLAM_OK);
  struct resp_cache_hit h;
  assert_int_equal(resp_cache_get(c, "/a", 1, &v2, &h), 0); /* written since */
  struct resp_cache_stats st;
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 0);
  assert_int_equal(st.bytes, 0);
  assert_int_equal(st.stale, 1);
  assert_int_equal(resp_cache_get(c, "/a", 1, &v1, &h), 0); /* dropped, not kept aside */
  resp_cache_free(c);
}

static void test_entry_bound_lru(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(3, 1 << 20, &c), PLAM_OK);
  assert_int_equal(put(c, "/1", 0, "a"), PLAM_OK);
  assert_int_equal(put(c, "/2", 0, "b"), PLAM_OK);
  assert_int_equal(put(c, "/3", 0, "c"), PLAM_OK);
  assert_int_equal(has(c, "/1", 0), 1); /* /1 recent again: /2 is the oldest */
  assert_int_equal(put(c, "/4", 0, "d"), PLAM_OK);
  assert_int_equal(has(c, "/2", 0), 0);
  assert_int_equal(has(c, "/1", 0), 1);
  assert_int_equal(has(c, "/3", 0), 1);
  assert_int_equal(has(c, "/4", 0), 1);
  struct resp_cache_stats st;
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 3);
  assert_int_equal(st.evicted, 1);
  /* a put on a kept key replaces it, nothing evicted */
  assert_int_equal(put(c, "/3", 0, "C"), PLAM_OK);
  struct resp_cache_hit h;
  assert_int_equal(resp_cache_get(c, "/3", 0, &v1, &h), 1);
  assert_memory_equal(h.body, "C", 1);
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 3);
  assert_int_equal(st.evicted, 1);
  resp_cache_free(c);
}

static void test_byte_bound(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(100, 400, &c), PLAM_OK); /* an entry: 100 bytes at most */
  char body[99];
  memset(body, 'x', sizeof body - 1);
  body[sizeof body - 1] = '\0';
  /* "/N" (2) + 97 bytes = 99 each: four fit in 400, the fifth evicts the oldest */
  body[97] = '\0';
  assert_int_equal(put(c, "/1", 0, body), PLAM_OK);
  assert_int_equal(put(c, "/2", 0, body), PLAM_OK);
  assert_int_equal(put(c, "/3", 0, body), PLAM_OK);
  assert_int_equal(put(c, "/4", 0, body), PLAM_OK);
  struct resp_cache_stats st;
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 4);
  assert_int_equal(st.bytes, 396);
  assert_int_equal(put(c, "/5", 0, body), PLAM_OK);
  resp_cache_stats(c, &st);
  assert_true(st.bytes <= 400);
  assert_int_equal(st.entries, 4);
  assert_int_equal(has(c, "/1", 0), 0);
  assert_int_equal(has(c, "/5", 0), 1);
  /* too large for one entry: refused, the others stay */
  char big[200];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_int_equal(put(c, "/big", 0, big), PLAM_ERR_TOO_LARGE);
  assert_int_equal(has(c, "/big", 0), 0);
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 4);
  resp_cache_clear(c);
  resp_cache_stats(c, &st);
  assert_int_equal(st.entries, 0);
  assert_int_equal(st.bytes, 0);
  assert_int_equal(has(c, "/5", 0), 0);
  /* usable after a clear */
  assert_int_equal(put(c, "/6", 0, "z"), PLAM_OK);
  assert_int_equal(has(c, "/6", 0), 1);
  resp_cache_free(c);
}

static void test_limits(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(4, 1 << 20, &c), PLAM_OK);
  char key[RESP_CACHE_KEY_MAX + 2];
  memset(key, 'k', sizeof key - 1);
  key[0] = '/';
  key[sizeof key - 1] = '\0'; /* RESP_CACHE_KEY_MAX + 1 bytes */
  assert_int_equal(put(c, key, 0, "v"), PLAM_ERR_TOO_LARGE);
  assert_int_equal(has(c, key, 0), 0);
  key[RESP_CACHE_KEY_MAX] = '\0'; /* exactly the limit */
  assert_int_equal(put(c, key, 0, "v"), PLAM_OK);
  assert_int_equal(has(c, key, 0), 1);
  char type[RESP_CACHE_TYPE_MAX + 1];
  memset(type, 't', sizeof type - 1);
  type[sizeof type - 1] = '\0';
  struct resp_cache_hit a = {200, type, NULL, "b", 1};
  assert_int_equal(resp_cache_put(c, "/t", 0, &v1, &a), PLAM_ERR_TOO_LARGE);
  assert_int_equal(resp_cache_new(0, 10, &(struct resp_cache *){NULL}), PLAM_ERR_USAGE);
  resp_cache_free(c);
  resp_cache_free(NULL);
}

/* Many keys through a small cache: the bounds hold at every step and every
 * kept entry gives back its own body. */
static void test_churn(void **state) {
  (void)state;
  struct resp_cache *c;
  assert_int_equal(resp_cache_new(16, 2048, &c), PLAM_OK);
  char key[32], body[64];
  for (int i = 0; i < 2000; i++) {
    snprintf(key, sizeof key, "/k?i=%d", i % 37);
    snprintf(body, sizeof body, "body-%d-%.*s", i % 37, i % 37, "0123456789012345678901234567890123456789");
    struct resp_cache_hit h;
    if (resp_cache_get(c, key, i % 3, &v1, &h)) {
      assert_int_equal(h.len, strlen(body));
      assert_memory_equal(h.body, body, h.len);
    } else {
      assert_int_equal(put(c, key, i % 3, body), PLAM_OK);
    }
    struct resp_cache_stats st;
    resp_cache_stats(c, &st);
    assert_true(st.entries <= 16);
    assert_true(st.bytes <= 2048);
  }
  resp_cache_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hit_is_what_was_put),
    cmocka_unit_test(test_version_change_drops),
    cmocka_unit_test(test_entry_bound_lru),
    cmocka_unit_test(test_byte_bound),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_churn),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
