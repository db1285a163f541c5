/* Signed links (app/mail/link.h) at their edges: a token reads back its
 * fields; valid up to and including its expiry second, expired one second
 * later; a changed character anywhere (purpose, id, expiry, nonce, MAC), a
 * truncation, another key or another purpose is refused for its reason;
 * malformed spellings (leading zeros, signs, missing or extra fields, bad
 * characters, too long) are refused by the parser. With a database:
 * link_setup makes one secret (audited without it), link_sign/link_verify
 * round-trip, and link_consume lets a token act once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "app/access/write.h"
#include "app/mail/link.h"
#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "store/store_plan.h"
#include "test_db_fixture.h"

static const uint8_t key[32] = {7};
static const uint8_t nonce[16] = {1, 2, 3};
static char dir[64], path[128];
static struct db *db;

static void make(const char *purpose, int64_t id, int64_t exp, char out[LINK_TOKEN_MAX]) {
  assert_int_equal(link_token_make(key, purpose, id, exp, nonce, out), PLAM_OK);
}

static void test_round_trip_and_expiry(void **state) {
  (void)state;
  char t[LINK_TOKEN_MAX];
  make("reset", 42, 1796575505, t);
  assert_true(strncmp(t, "reset.42.1796575505.", 20) == 0);
  struct link_parts p;
  assert_int_equal(link_token_check(key, t, "reset", 1796575505, &p), LINK_OK); /* at its expiry second */
  assert_string_equal(p.purpose, "reset");
  assert_int_equal(p.id, 42);
  assert_int_equal(p.expires_at, 1796575505);
  assert_int_equal(link_token_check(key, t, "reset", 1796575506, &p), LINK_EXPIRED);
  assert_int_equal(link_token_check(key, t, "verify", 0, &p), LINK_WRONG_PURPOSE);
  static const uint8_t other[32] = {8};
  assert_int_equal(link_token_check(other, t, "reset", 0, &p), LINK_BAD_MAC);
  /* the longest token fits */
  char big[LINK_TOKEN_MAX];
  assert_int_equal(link_token_make(key, "abcdefghijklmnop", 999999999999999999LL, 999999999999999999LL, nonce, big),
                   PLAM_OK);
  assert_int_equal(link_token_check(key, big, "abcdefghijklmnop", 0, &p), LINK_OK);
  assert_int_equal(link_token_make(key, "abcdefghijklmnopq", 1, 1, nonce, big), PLAM_ERR_INVALID);
  assert_int_equal(link_token_make(key, "Reset", 1, 1, nonce, big), PLAM_ERR_INVALID);
  assert_int_equal(link_token_make(key, "reset", 0, 1, nonce, big), PLAM_ERR_INVALID);
  assert_int_equal(link_token_make(key, "reset", 1, -1, nonce, big), PLAM_ERR_INVALID);
}

static void test_every_character_is_signed(void **state) {
  (void)state;
  char t[LINK_TOKEN_MAX], u[LINK_TOKEN_MAX];
  make("verify", 7, 2000000000, t);
  size_t n = strlen(t);
  struct link_parts p;
  for (size_t i = 0; i < n; i++) {
    if (t[i] == '.') continue;
    memcpy(u, t, n + 1);
    u[i] = t[i] == '1' ? '2' : t[i] == 'a' ? 'b' : (t[i] >= '0' && t[i] <= '9') ? '1' : 'a';
    enum link_status s = link_token_check(key, u, "verify", 0, &p);
    assert_true(s == LINK_BAD_MAC || s == LINK_MALFORMED);
  }
  for (size_t cut = 0; cut < n; cut++) {
    memcpy(u, t, cut);
    u[cut] = '\0';
    assert_int_not_equal(link_token_check(key, u, "verify", 0, &p), LINK_OK);
  }
}

static void test_malformed(void **state) {
  (void)state;
  static const char *const bad[] = {
    "",
    "verify",
    "verify.1.2.AAAAAAAAAAAAAAAAAAAAAA",
    "verify.01.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.0.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.-1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.+1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.1.02.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.1.1234567890123456789.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "Verify.1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.1.2.AAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify.1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "verify.1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x",
    "verify.1.2.AAAAAAAAAAAAAAAAAAAA+A.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "verify..2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    NULL,
  };
  struct link_parts p;
  for (int i = 0; bad[i]; i++) assert_int_equal(link_token_parse(bad[i], &p), LINK_MALFORMED);
  assert_int_equal(link_token_parse(NULL, &p), LINK_MALFORMED);
  assert_int_equal(
    link_token_parse("verify.1.2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &p), LINK_OK);
  char longer[300];
  memset(longer, 'a', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  assert_int_equal(link_token_parse(longer, &p), LINK_MALFORMED);
}

struct consume {
  const char *token;
  int64_t id;
  enum link_status s;
};

static plam_err consume_tx(struct app_tx *tx, void *arg) {
  struct consume *x = arg;
  plam_err e = link_consume(tx, x->token, "verify", &x->id, &x->s);
  return e ? e : app_audit(tx, "test", "link", x->id, NULL, NULL);
}

static void test_with_database(void **state) {
  (void)state;
  assert_int_equal(link_setup(db), PLAM_OK);
  assert_int_equal(link_setup(db), PLAM_OK); /* once */
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM server_secrets"), 1);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'server_secret'"), 1);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM audit_log WHERE after LIKE '%secret\":%'"), 0);
  char t[LINK_TOKEN_MAX], t2[LINK_TOKEN_MAX];
  assert_int_equal(link_sign(db, "verify", 5, 4000000000LL, t), PLAM_OK);
  assert_int_equal(link_sign(db, "verify", 5, 4000000000LL, t2), PLAM_OK);
  assert_string_not_equal(t, t2); /* the nonce */
  int64_t id = 0;
  enum link_status s;
  struct field_error fe = {{0}, {0}};
  assert_int_equal(link_verify(db, t, "verify", &id, &s, &fe), PLAM_OK);
  assert_int_equal(id, 5);
  assert_int_equal(link_verify(db, t, "reset", &id, &s, &fe), PLAM_ERR_INVALID);
  assert_int_equal(s, LINK_WRONG_PURPOSE);
  assert_string_equal(fe.field, "token");
  char old[LINK_TOKEN_MAX];
  assert_int_equal(link_sign(db, "verify", 5, 1000, old), PLAM_OK);
  assert_int_equal(link_verify(db, old, "verify", &id, &s, &fe), PLAM_ERR_INVALID);
  assert_int_equal(s, LINK_EXPIRED);

  struct actor a;
  actor_cli(&a);
  struct consume x = {t, 0, LINK_OK};
  assert_int_equal(app_write(db, &a, consume_tx, &x, &fe), PLAM_OK);
  assert_int_equal(x.id, 5);
  struct consume y = {t, 0, LINK_OK};
  assert_int_equal(app_write(db, &a, consume_tx, &y, &fe), PLAM_ERR_INVALID);
  assert_int_equal(y.s, LINK_USED);
  struct consume z = {t2, 0, LINK_OK}; /* another link for the same subject still works */
  assert_int_equal(app_write(db, &a, consume_tx, &z, &fe), PLAM_OK);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM link_uses"), 2);
}

static int setup(void **state) {
  (void)state;
  return fixture_db_open("link", dir, path, &db);
}
static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip_and_expiry),
    cmocka_unit_test(test_every_character_is_signed),
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_with_database),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
