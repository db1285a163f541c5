/* Unit tests for authentication (src/app/access/password.c, src/app/access/auth.c) over a
 * migrated SQLite database in a temporary directory: the password policy
 * (at least 12 characters counted as UTF-8 characters, not bytes; 256 bytes
 * at most), Argon2id hashing and verification, login success and failure
 * (with their audit entries), throttling per account (locked after 5
 * failures, case-insensitive, window and lock expiry) and per address,
 * disabled accounts, session loading (unknown, expired, idle sliding capped
 * by the absolute lifetime, disabled user), logout, the CSRF comparison, and
 * that only a hash of the session token reaches the database.
 *
 * Argon2id costs tens of milliseconds per call, so the password is hashed
 * once in the group setup and sessions for the loading tests are inserted
 * directly; about fifteen verifications remain, all on the login paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/access/auth.h"
#include "app/access/password.h"
#include "app/access/users.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"

#define PASSWORD "correct horse battery"

static char tmpdir[64];
static struct db *db;
static char good_hash[PASSWORD_HASH_MAX];
static int64_t id_alice, id_bob, id_carol, id_dave;

/* ---- fixtures ------------------------------------------------------------ */

static int64_t add_user(const char *login, const char *role, int disabled) {
  struct user_rec u;
  memset(&u, 0, sizeof u);
  store_copy(u.login, sizeof u.login, login);
  store_copy(u.display_name, sizeof u.display_name, login);
  store_copy(u.role, sizeof u.role, role);
  u.disabled = disabled;
  int64_t id = 0;
  if (db_write_begin(db)) return 0;
  plam_err e = store_user_insert(db, &u, good_hash, &id);
  return db_write_end(db, e) ? 0 : id;
}

static int group_setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/plam-test-auth-XXXXXX");
  if (!mkdtemp(tmpdir)) return -1;
  char path[128];
  snprintf(path, sizeof path, "%s/auth.db", tmpdir);
  if (db_open(path, DB_OPEN_CREATE, &db) || db_migrate(db, NULL)) return -1;
  if (password_init(2) || password_hash(PASSWORD, good_hash)) return -1;
  id_alice = add_user("alice", "staff", 0);
  id_bob = add_user("bob", "pilot", 1);
  id_carol = add_user("carol", "partner", 0);
  id_dave = add_user("dave", "employer", 0);
  return id_alice && id_bob && id_carol && id_dave ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  db_close(db);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static int64_t q_int_text(const char *sql, const char *arg) {
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  if (arg) assert_int_equal(db_bind_text(st, 1, arg), PLAM_OK);
  int row = 0;
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_true(row);
  int64_t v = db_column_int64(st, 0);
  db_done(st);
  return v;
}

static int64_t q_int_blob(const char *sql, const void *p, size_t n) {
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  assert_int_equal(db_bind_blob(st, 1, p, n), PLAM_OK);
  int row = 0;
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_true(row);
  int64_t v = db_column_int64(st, 0);
  db_done(st);
  return v;
}

static void exec_ok(const char *sql) { assert_int_equal(db_exec(db, sql), PLAM_OK); }

/* Inserts a session for user with the given token and times; the stored hash
 * is BLAKE2b-256 of the token, the scheme auth.c documents. */
static void make_session(int64_t user, const char *token, int64_t created, int64_t last_seen, int64_t expires) {
  struct session_rec s;
  memset(&s, 0, sizeof s);
  crypto_generichash(s.token_hash, 32, (const unsigned char *)token, strlen(token), NULL, 0);
  s.user_id = user;
  snprintf(s.csrf_token, sizeof s.csrf_token, "csrf-%s", token + 30);
  s.created_at = created;
  s.last_seen_at = last_seen;
  s.expires_at = expires;
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, store_session_insert(db, &s)), PLAM_OK);
}

/* A 43-character token (the length auth_session_load accepts). */
static void token_of(char out[AUTH_TOKEN_CHARS], char c) {
  memset(out, c, AUTH_TOKEN_CHARS - 1);
  out[AUTH_TOKEN_CHARS - 1] = '\0';
}

static int64_t session_expiry(const char *token) {
  uint8_t h[32];
  crypto_generichash(h, 32, (const unsigned char *)token, strlen(token), NULL, 0);
  return q_int_blob("SELECT expires_at FROM sessions WHERE token_hash = ?", h, 32);
}

static int64_t audit_count(const char *action) {
  return q_int_text("SELECT count(*) FROM audit_log WHERE action = ?", action);
}

/* ---- password policy and hashing ----------------------------------------- */

static void test_password_policy(void **state) {
  (void)state;
  assert_non_null(password_policy_error(NULL));
  assert_non_null(password_policy_error(""));
  assert_non_null(password_policy_error("short"));
  assert_non_null(password_policy_error("abcdefghijk")); /* 11 */
  assert_null(password_policy_error("abcdefghijkl"));    /* 12 */
  /* characters, not bytes: 11 two-byte letters (22 bytes) are too short */
  assert_non_null(password_policy_error("ééééééééééé"));
  assert_null(password_policy_error("éééééééééééé"));
  /* 11 four-byte emoji (44 bytes) too short, 12 fine */
  assert_non_null(password_policy_error("😀😀😀😀😀😀😀😀😀😀😀"));
  assert_null(password_policy_error("😀😀😀😀😀😀😀😀😀😀😀😀"));
  assert_non_null(strstr(password_policy_error("ééé"), "12"));
  /* upper bound in bytes */
  char pw[300];
  memset(pw, 'a', sizeof pw);
  pw[256] = '\0';
  assert_null(password_policy_error(pw));
  pw[256] = 'a';
  pw[257] = '\0';
  assert_non_null(strstr(password_policy_error(pw), "256"));
}

static void test_password_hash_verify(void **state) {
  (void)state;
  assert_int_equal(strncmp(good_hash, "$argon2id$", 10), 0);
  assert_null(strstr(good_hash, PASSWORD));
  assert_int_equal(password_verify(good_hash, PASSWORD), PLAM_OK);
  assert_int_equal(password_verify(good_hash, PASSWORD " "), PLAM_ERR_BAD_CREDENTIALS);
  /* a garbage hash never verifies */
  assert_int_equal(password_verify("$argon2id$v=19$garbage", PASSWORD), PLAM_ERR_BAD_CREDENTIALS);
}

/* ---- login --------------------------------------------------------------- */

static void test_login_success(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  int64_t logins = audit_count("login");
  time_t now = time(NULL);
  /* logins are case-insensitive */
  assert_int_equal(auth_login(db, &c, "Alice", PASSWORD, "192.0.2.1", "req-1", &s, token, NULL), PLAM_OK);
  assert_int_equal(strlen(token), AUTH_TOKEN_CHARS - 1);
  assert_int_equal(s.user_id, id_alice);
  assert_string_equal(s.login, "alice");
  assert_int_equal(s.role, ROLE_STAFF);
  assert_int_equal(strlen(s.csrf_token), 43);
  assert_string_not_equal(s.csrf_token, token);
  assert_true(s.expires_at >= now + c.idle_seconds && s.expires_at <= now + c.idle_seconds + 5);
  assert_int_equal(audit_count("login"), logins + 1);
  assert_int_equal(q_int_text("SELECT count(*) FROM audit_log WHERE action = 'login' AND request_id = ?", "req-1"), 1);

  /* only the token's hash is stored: found by its BLAKE2b hash, never as text */
  uint8_t h[32];
  crypto_generichash(h, 32, (const unsigned char *)token, strlen(token), NULL, 0);
  assert_memory_equal(s.token_hash, h, 32);
  assert_int_equal(q_int_blob("SELECT count(*) FROM sessions WHERE token_hash = ?", h, 32), 1);
  assert_int_equal(q_int_blob("SELECT count(*) FROM sessions WHERE token_hash = ?", token, strlen(token)), 0);
  assert_int_equal(
    q_int_text("SELECT count(*) FROM sessions WHERE csrf_token = ?1 OR instr(token_hash, ?1) > 0", token), 0);
  assert_int_equal(q_int_text("SELECT count(*) FROM sessions WHERE length(token_hash) <> 32", NULL), 0);
  /* nor does the token or the password appear in the audit log */
  assert_int_equal(
    q_int_text("SELECT count(*) FROM audit_log WHERE instr(coalesce(after, '') || coalesce(before, ''), ?) > 0", token),
    0);
  assert_int_equal(
    q_int_text("SELECT count(*) FROM audit_log WHERE instr(coalesce(after, '') || coalesce(before, ''), ?) > 0",
               PASSWORD),
    0);

  /* the session loads with the token from the cookie */
  struct auth_session s2;
  assert_int_equal(auth_session_load(db, &c, token, &s2), PLAM_OK);
  assert_int_equal(s2.user_id, id_alice);
  assert_string_equal(s2.csrf_token, s.csrf_token);
  assert_int_equal(s2.role, ROLE_STAFF);
}

static void test_login_failure(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  int64_t failed = audit_count("login_failed");
  int64_t sessions = q_int_text("SELECT count(*) FROM sessions", NULL);
  assert_int_equal(auth_login(db, &c, "alice", "wrong password!", "192.0.2.2", NULL, &s, token, NULL),
                   PLAM_ERR_BAD_CREDENTIALS);
  /* an unknown account answers the same */
  assert_int_equal(auth_login(db, &c, "nobody", PASSWORD, "192.0.2.2", NULL, &s, token, NULL),
                   PLAM_ERR_BAD_CREDENTIALS);
  assert_int_equal(audit_count("login_failed"), failed + 2);
  assert_int_equal(q_int_text("SELECT count(*) FROM sessions", NULL), sessions);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:alice"), 1);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "ip:192.0.2.2"), 2);
  /* the failed password is not written anywhere */
  assert_int_equal(
    q_int_text("SELECT count(*) FROM audit_log WHERE instr(coalesce(after, ''), ?) > 0", "wrong password!"), 0);
}

static void set_throttle(const char *key, int64_t failures, int64_t last, int64_t next) {
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, store_throttle_put(db, key, failures, last, next)), PLAM_OK);
}

/* Waits grow after the free failures, doubling up to the cap. */
static void test_throttle_delays(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  static const struct {
    int64_t failures, account, address;
  } rows[] = {
    {1, 0, 0},   {5, 0, 0},   {6, 1, 0},   {7, 2, 0},   {8, 4, 0},     {11, 32, 0},   {12, 60, 0},
    {49, 60, 0}, {50, 60, 0}, {51, 60, 1}, {52, 60, 2}, {60, 60, 512}, {61, 60, 900}, {100000, 60, 900},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    assert_int_equal(auth_throttle_delay(&c, rows[i].failures, c.account_free_failures, c.account_max_delay),
                     rows[i].account);
    assert_int_equal(auth_throttle_delay(&c, rows[i].failures, c.address_free_failures, c.address_max_delay),
                     rows[i].address);
  }
}

static void test_throttle_account(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  /* five free failures, and the sixth is still checked (it starts the waits) */
  for (int i = 0; i < 6; i++)
    assert_int_equal(auth_login(db, &c, "carol", "not her password", "192.0.2.3", NULL, &s, token, NULL),
                     PLAM_ERR_BAD_CREDENTIALS);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:carol"), 6);
  int64_t next = q_int_text("SELECT next_attempt_at FROM login_throttle WHERE key = ?", "login:carol");
  assert_true(next >= time(NULL) && next <= time(NULL) + 1);
  /* while a wait runs: refused in any case and from any address, with the wait */
  int64_t now = time(NULL);
  set_throttle("login:carol", 8, now, now + 4);
  int64_t retry = 0;
  assert_int_equal(auth_login(db, &c, "carol", PASSWORD, "192.0.2.3", NULL, &s, token, &retry), PLAM_ERR_THROTTLED);
  assert_true(retry >= 3 && retry <= 4);
  assert_int_equal(auth_login(db, &c, "CAROL", PASSWORD, "198.51.100.7", NULL, &s, token, &retry), PLAM_ERR_THROTTLED);
  /* a refused attempt is not counted and does not lengthen the wait */
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:carol"), 8);
  assert_int_equal(q_int_text("SELECT next_attempt_at FROM login_throttle WHERE key = ?", "login:carol"), now + 4);
  /* the address is below its own limit: other accounts still log in from it */
  assert_int_equal(auth_login(db, &c, "alice", PASSWORD, "192.0.2.3", NULL, &s, token, NULL), PLAM_OK);
  /* a wrong guess once the wait is over doubles it */
  set_throttle("login:carol", 8, now - 10, now - 1);
  assert_int_equal(auth_login(db, &c, "carol", "still not it", "192.0.2.3", NULL, &s, token, NULL),
                   PLAM_ERR_BAD_CREDENTIALS);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:carol"), 9);
  next = q_int_text("SELECT next_attempt_at FROM login_throttle WHERE key = ?", "login:carol");
  assert_true(next >= time(NULL) + 7 && next <= time(NULL) + 8);
  /* the right password once the wait is over works, and the account starts over */
  set_throttle("login:carol", 9, now - 10, now - 1);
  assert_int_equal(auth_login(db, &c, "carol", PASSWORD, "192.0.2.3", NULL, &s, token, NULL), PLAM_OK);
  assert_int_equal(q_int_text("SELECT count(*) FROM login_throttle WHERE key = ?", "login:carol"), 0);
}

static void test_throttle_expiry(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  int64_t now = time(NULL);
  /* a wait in the past no longer applies, and a success clears the counter */
  set_throttle("login:dave", 5, now - 1000, now - 1);
  assert_int_equal(auth_login(db, &c, "dave", PASSWORD, "192.0.2.4", NULL, &s, token, NULL), PLAM_OK);
  assert_int_equal(q_int_text("SELECT count(*) FROM login_throttle WHERE key = ?", "login:dave"), 0);
  /* the address got back the failure counted in advance: no row left */
  assert_int_equal(q_int_text("SELECT count(*) FROM login_throttle WHERE key = ?", "ip:192.0.2.4"), 0);
  /* failures older than forget_seconds start a new count */
  set_throttle("login:dave", 9, now - c.forget_seconds - 100, 0);
  assert_int_equal(auth_login(db, &c, "dave", "nope nope nope", "192.0.2.4", NULL, &s, token, NULL),
                   PLAM_ERR_BAD_CREDENTIALS);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:dave"), 1);
  assert_int_equal(q_int_text("SELECT next_attempt_at FROM login_throttle WHERE key = ?", "login:dave"), 0);
}

static void test_throttle_address(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  c.address_free_failures = 3;
  c.delay_base_seconds = 100; /* long enough that no second boundary frees the next attempt */
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  static const char *const guesses[] = {"x1", "x2", "x3", "x4"};
  for (int i = 0; i < 4; i++)
    assert_int_equal(auth_login(db, &c, guesses[i], PASSWORD, "203.0.113.9", NULL, &s, token, NULL),
                     PLAM_ERR_BAD_CREDENTIALS);
  /* the address waits for every account, even with a good password */
  int64_t retry = 0;
  assert_int_equal(auth_login(db, &c, "alice", PASSWORD, "203.0.113.9", NULL, &s, token, &retry), PLAM_ERR_THROTTLED);
  assert_true(retry >= 99 && retry <= 100);
  /* the accounts themselves do not */
  assert_int_equal(
    q_int_text("SELECT count(*) FROM login_throttle WHERE key LIKE 'login:x%' AND next_attempt_at > 0", NULL), 0);
  assert_int_equal(auth_login(db, &c, "alice", PASSWORD, "203.0.113.10", NULL, &s, token, NULL), PLAM_OK);
}

/* The current password of a password change is a guess, throttled like a
 * log-in: each wrong one is counted and audited in one bracket; once a wait
 * runs, even the right one waits; after it, the right one changes the
 * password and the account starts over. */
static void test_throttle_password_change(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  c.delay_base_seconds = 100;
  c.account_max_delay = 1000;
  int64_t id_erin = add_user("erin", "staff", 0);
  assert_true(id_erin > 0);
  struct actor a;
  memset(&a, 0, sizeof a);
  a.user_id = id_erin;
  store_copy(a.login, sizeof a.login, "erin");
  struct field_error fe;
  int64_t retry = 0, failed = audit_count("password_failed");
  const char *next = "a brand new password";
  /* the new password's policy is checked first, and named */
  memset(&fe, 0, sizeof fe);
  assert_int_equal(users_change_own_password(db, &c, &a, "192.0.2.60", PASSWORD, "short", &retry, &fe),
                   PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "new_password");
  for (int i = 0; i < 6; i++) {
    memset(&fe, 0, sizeof fe);
    assert_int_equal(users_change_own_password(db, &c, &a, "192.0.2.60", "not it at all", next, &retry, &fe),
                     PLAM_ERR_INVALID);
    assert_string_equal(fe.field, "current_password");
  }
  assert_int_equal(audit_count("password_failed"), failed + 6);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:erin"), 6);
  /* the sixth started a wait: refused even with the right password, from any address */
  assert_int_equal(users_change_own_password(db, &c, &a, "192.0.2.61", PASSWORD, next, &retry, &fe),
                   PLAM_ERR_THROTTLED);
  assert_true(retry >= 99 && retry <= 100);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:erin"), 6);
  /* after the wait the right password changes it, and the account starts over */
  int64_t now = time(NULL);
  set_throttle("login:erin", 6, now - 10, now - 1);
  memset(&fe, 0, sizeof fe);
  assert_int_equal(users_change_own_password(db, &c, &a, "192.0.2.60", PASSWORD, next, &retry, &fe), PLAM_OK);
  assert_int_equal(q_int_text("SELECT count(*) FROM login_throttle WHERE key = ?", "login:erin"), 0);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "ip:192.0.2.60"), 6);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  assert_int_equal(auth_login(db, &c, "erin", next, "192.0.2.62", NULL, &s, token, NULL), PLAM_OK);
}

static void test_login_disabled(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  int64_t sessions = q_int_text("SELECT count(*) FROM sessions", NULL);
  assert_int_equal(auth_login(db, &c, "bob", PASSWORD, "192.0.2.5", NULL, &s, token, NULL), PLAM_ERR_DISABLED);
  assert_int_equal(q_int_text("SELECT count(*) FROM sessions", NULL), sessions);
  assert_int_equal(q_int_text("SELECT failures FROM login_throttle WHERE key = ?", "login:bob"), 1);
  assert_int_equal(
    q_int_text("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND after LIKE ?", "%account_disabled%"),
    1);
}

/* ---- sessions ------------------------------------------------------------ */

static void test_session_load_rules(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  int64_t now = time(NULL);
  char t[AUTH_TOKEN_CHARS];

  /* absent, malformed, unknown */
  assert_int_equal(auth_session_load(db, &c, NULL, &s), PLAM_ERR_UNAUTHENTICATED);
  assert_int_equal(auth_session_load(db, &c, "", &s), PLAM_ERR_UNAUTHENTICATED);
  assert_int_equal(auth_session_load(db, &c, "short", &s), PLAM_ERR_UNAUTHENTICATED);
  token_of(t, 'u');
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);

  /* valid and recently seen: loaded without sliding */
  token_of(t, 'a');
  make_session(id_carol, t, now - 100, now - 5, now + 30);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
  assert_int_equal(s.user_id, id_carol);
  assert_int_equal(s.role, ROLE_PARTNER);
  assert_string_equal(s.csrf_token, "csrf-aaaaaaaaaaaaa");
  assert_int_equal(s.expires_at, now + 30);
  assert_int_equal(session_expiry(t), now + 30);
  /* a longer token with the same prefix is a different token */
  char longer[AUTH_TOKEN_CHARS + 1];
  snprintf(longer, sizeof longer, "%sa", t);
  assert_int_equal(auth_session_load(db, &c, longer, &s), PLAM_ERR_UNAUTHENTICATED);

  /* expired */
  token_of(t, 'b');
  make_session(id_carol, t, now - 100, now - 100, now - 1);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);
  token_of(t, 'B');
  make_session(id_carol, t, now - 100, now - 100, now);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);

  /* idle sliding: seen two minutes ago, so the expiry moves to now + idle */
  token_of(t, 'c');
  make_session(id_carol, t, now - 600, now - 120, now + 30);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
  assert_true(s.expires_at >= now + c.idle_seconds && s.expires_at <= now + c.idle_seconds + 5);
  assert_int_equal(session_expiry(t), s.expires_at);

  /* ... but never past the absolute lifetime */
  token_of(t, 'd');
  int64_t created = now - c.max_seconds + 100;
  make_session(id_carol, t, created, now - 120, now + 30);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
  assert_int_equal(s.expires_at, created + c.max_seconds);
  assert_int_equal(session_expiry(t), created + c.max_seconds);

  /* disabling the account ends its live sessions */
  token_of(t, 'e');
  make_session(id_dave, t, now, now, now + 600);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
  exec_ok("UPDATE users SET disabled = 1 WHERE login = 'dave'");
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);
  exec_ok("UPDATE users SET disabled = 0 WHERE login = 'dave'");
  /* so does an unknown role in the row */
  exec_ok("UPDATE users SET role = 'wizard' WHERE login = 'dave'");
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);
  exec_ok("UPDATE users SET role = 'employer' WHERE login = 'dave'");
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
}

static void test_logout(void **state) {
  (void)state;
  struct auth_config c;
  auth_config_defaults(&c);
  struct auth_session s;
  int64_t now = time(NULL);
  char t[AUTH_TOKEN_CHARS], other[AUTH_TOKEN_CHARS];
  token_of(t, 'L');
  token_of(other, 'M');
  make_session(id_alice, t, now, now, now + 600);
  make_session(id_alice, other, now, now, now + 600);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_OK);
  int64_t logouts = audit_count("logout");
  assert_int_equal(auth_logout(db, &s, "req-out"), PLAM_OK);
  assert_int_equal(auth_session_load(db, &c, t, &s), PLAM_ERR_UNAUTHENTICATED);
  /* only that session ends */
  assert_int_equal(auth_session_load(db, &c, other, &s), PLAM_OK);
  assert_int_equal(audit_count("logout"), logouts + 1);
  assert_int_equal(q_int_text("SELECT user_id FROM audit_log WHERE action = 'logout' AND request_id = ?", "req-out"),
                   id_alice);
}

static void test_csrf_compare(void **state) {
  (void)state;
  struct auth_session s;
  memset(&s, 0, sizeof s);
  snprintf(s.csrf_token, sizeof s.csrf_token, "%s", "Zm9vYmFyYmF6cXV4");
  assert_true(auth_csrf_ok(&s, "Zm9vYmFyYmF6cXV4"));
  assert_false(auth_csrf_ok(&s, NULL));
  assert_false(auth_csrf_ok(&s, ""));
  assert_false(auth_csrf_ok(&s, "Zm9vYmFyYmF6cXV"));   /* prefix */
  assert_false(auth_csrf_ok(&s, "Zm9vYmFyYmF6cXV4x")); /* longer */
  assert_false(auth_csrf_ok(&s, "Zm9vYmFyYmF6cXV5"));  /* last char differs */
  assert_false(auth_csrf_ok(&s, "zm9vYmFyYmF6cXV4"));  /* case matters */
  /* a session without a token accepts nothing, not even an empty header */
  s.csrf_token[0] = '\0';
  assert_false(auth_csrf_ok(&s, ""));
}

static void test_actor_from_session(void **state) {
  (void)state;
  struct auth_session s;
  memset(&s, 0, sizeof s);
  s.user_id = 7;
  snprintf(s.login, sizeof s.login, "%s", "zoe");
  s.role = ROLE_INSTITUTE;
  s.org_id = 3;
  struct actor a;
  auth_actor(&s, "rid", &a);
  assert_int_equal(a.user_id, 7);
  assert_string_equal(a.login, "zoe");
  assert_int_equal(a.role, ROLE_INSTITUTE);
  assert_int_equal(a.org_id, 3);
  assert_string_equal(a.request_id, "rid");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_password_policy),
    cmocka_unit_test(test_password_hash_verify),
    cmocka_unit_test(test_login_success),
    cmocka_unit_test(test_login_failure),
    cmocka_unit_test(test_throttle_delays),
    cmocka_unit_test(test_throttle_account),
    cmocka_unit_test(test_throttle_password_change),
    cmocka_unit_test(test_throttle_expiry),
    cmocka_unit_test(test_throttle_address),
    cmocka_unit_test(test_login_disabled),
    cmocka_unit_test(test_session_load_rules),
    cmocka_unit_test(test_logout),
    cmocka_unit_test(test_csrf_compare),
    cmocka_unit_test(test_actor_from_session),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
