/* Authentication, sessions and throttling: see auth.h. */
#include "app/auth.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/password.h"
#include "db/db.h"
#include "store/store.h"

void auth_config_defaults(struct auth_config *c) {
  c->idle_seconds = 7200;
  c->max_seconds = 43200;
  c->account_free_failures = 5;
  c->address_free_failures = 50;
  c->delay_base_seconds = 1;
  c->account_max_delay = 60;
  c->address_max_delay = 900;
  c->forget_seconds = 3600;
}

static int64_t auth_now(void) { return (int64_t)time(NULL); }

static void auth_hash_token(const char *token, uint8_t out[32]) {
  crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void auth_random_b64(char *out, size_t outlen) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, outlen, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
}

/* ---- throttling ------------------------------------------------------------
 * Two keys per attempt: 'login:<name in lower case>' and 'ip:<address>'. Each
 * holds its failure count, its last failure and the earliest time of its next
 * attempt. The first `free` failures cost nothing; each further one makes the
 * next attempt wait base, 2 base, 4 base ... seconds, up to the key's cap; a
 * key without failure for forget_seconds starts over. An attempt refused
 * because of a wait is not counted and does not lengthen it, so no one can
 * lock an account out for longer than the cap, and the right password works
 * once the wait is over. The attempt is counted as a failure before the
 * password is checked, in the same write transaction as the check of the
 * waits (so concurrent guesses cannot all slip through), and undone on
 * success. */

struct auth_keys {
  char account[96], address[80];
};

static void auth_keys_make(const char *login, const char *ip, struct auth_keys *k) {
  char lower[65];
  size_t i = 0;
  for (; login[i] && i < sizeof lower - 1; i++) lower[i] = (char)((login[i] >= 'A' && login[i] <= 'Z') ? login[i] + 32 : login[i]);
  lower[i] = '\0';
  snprintf(k->account, sizeof k->account, "login:%s", lower);
  snprintf(k->address, sizeof k->address, "ip:%s", ip ? ip : "");
}

int64_t auth_throttle_delay(const struct auth_config *c, int64_t failures, int free_failures, int64_t cap) {
  if (failures <= free_failures) return 0;
  int64_t d = c->delay_base_seconds > 0 ? c->delay_base_seconds : 1;
  for (int64_t k = failures - free_failures - 1; k > 0 && d < cap; k--) d *= 2;
  return d < cap ? d : cap;
}

/* Seconds before key may be tried again (0: now). */
static plam_err auth_wait(struct db *db, const char *key, int64_t now, int64_t *wait) {
  int64_t failures, last, next;
  plam_err e = store_throttle_get(db, key, &failures, &last, &next);
  *wait = !e && next > now ? next - now : 0;
  return e;
}

static plam_err auth_count(struct db *db, const struct auth_config *c, const char *key, int free_failures, int64_t cap,
                           int64_t now) {
  int64_t failures, last, next;
  plam_err e = store_throttle_get(db, key, &failures, &last, &next);
  if (e) return e;
  failures = now - last > c->forget_seconds ? 1 : failures + 1;
  int64_t d = auth_throttle_delay(c, failures, free_failures, cap);
  return store_throttle_put(db, key, failures, now, d ? now + d : 0);
}

plam_err auth_throttle_begin(struct db *db, const struct auth_config *c, const char *login, const char *client_ip,
                             int64_t *retry_after) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  if (retry_after) *retry_after = 0;
  int64_t now = auth_now(), wa = 0, wi = 0;
  plam_err e = db_write_begin(db);
  if (e) return e;
  e = auth_wait(db, k.account, now, &wa);
  if (!e) e = auth_wait(db, k.address, now, &wi);
  if (!e && (wa || wi)) {
    if (retry_after) *retry_after = wa > wi ? wa : wi;
    e = PLAM_ERR_THROTTLED;
  }
  if (!e) e = auth_count(db, c, k.account, c->account_free_failures, c->account_max_delay, now);
  if (!e) e = auth_count(db, c, k.address, c->address_free_failures, c->address_max_delay, now);
  return db_write_end(db, e); /* rolls back when throttled: nothing was written */
}

/* The password was right: the account starts over, the address gets back the
 * failure counted in advance. Inside the caller's write transaction. */
static plam_err auth_throttle_success(struct db *db, const struct auth_config *c, const struct auth_keys *k) {
  plam_err e = store_throttle_clear(db, k->account);
  int64_t failures, last, next;
  if (!e) e = store_throttle_get(db, k->address, &failures, &last, &next);
  if (e || failures <= 0) return e;
  if (failures == 1) return store_throttle_clear(db, k->address);
  int64_t now = auth_now();
  int64_t d = auth_throttle_delay(c, failures - 1, c->address_free_failures, c->address_max_delay);
  return store_throttle_put(db, k->address, failures - 1, last, d ? now + d : 0);
}

plam_err auth_throttle_passed(struct db *db, const struct auth_config *c, const char *login, const char *client_ip) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  plam_err e = db_write_begin(db);
  if (e) return e;
  return db_write_end(db, auth_throttle_success(db, c, &k));
}

static json_t *auth_login_json(const char *login, const char *ip, const char *outcome) {
  return json_pack("{s:s, s:s, s:s}", "login", login, "ip", ip ? ip : "", "outcome", outcome);
}

/* A failed login: already counted by auth_throttle_begin; audited here. */
static plam_err auth_fail(struct db *db, const char *login, const char *ip, const char *request_id, plam_err result) {
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct actor a;
  memset(&a, 0, sizeof a);
  store_copy(a.login, sizeof a.login, login);
  a.request_id = request_id;
  json_t *after = auth_login_json(login, ip, error_code(result));
  e = audit_write(db, &a, "login_failed", "session", 0, NULL, after);
  json_decref(after);
  e = db_write_end(db, e);
  return e ? e : result;
}

plam_err auth_login(struct db *db, const struct auth_config *c, const char *login, const char *password,
                    const char *client_ip, const char *request_id, struct auth_session *out,
                    char token[AUTH_TOKEN_CHARS], int64_t *retry_after) {
  plam_err e = auth_throttle_begin(db, c, login, client_ip, retry_after);
  if (e) return e;
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);

  struct user_rec u;
  char hash[PASSWORD_HASH_MAX];
  e = store_user_get_by_login(db, login, &u, hash, sizeof hash);
  if (e == PLAM_ERR_NOT_FOUND) {
    password_verify_dummy(password); /* same cost: no account enumeration by timing */
    return auth_fail(db, login, client_ip, request_id, PLAM_ERR_BAD_CREDENTIALS);
  }
  if (e) return e;
  e = password_verify(hash, password);
  sodium_memzero(hash, sizeof hash);
  if (e == PLAM_ERR_BAD_CREDENTIALS) return auth_fail(db, login, client_ip, request_id, e);
  if (e) return e;
  if (u.disabled) return auth_fail(db, login, client_ip, request_id, PLAM_ERR_DISABLED);

  /* The session's clock starts now, after the (slow, possibly queued) hash check. */
  int64_t now = auth_now();
  struct session_rec s;
  memset(&s, 0, sizeof s);
  auth_random_b64(token, AUTH_TOKEN_CHARS);
  auth_hash_token(token, s.token_hash);
  auth_random_b64(s.csrf_token, sizeof s.csrf_token);
  s.user_id = u.id;
  s.created_at = s.last_seen_at = now;
  s.expires_at = now + (c->idle_seconds < c->max_seconds ? c->idle_seconds : c->max_seconds);

  struct actor a;
  memset(&a, 0, sizeof a);
  a.user_id = u.id;
  store_copy(a.login, sizeof a.login, u.login);
  a.request_id = request_id;
  json_t *after = auth_login_json(u.login, client_ip, "ok");
  e = db_write_begin(db);
  if (!e) {
    e = store_session_insert(db, &s);
    if (!e) e = auth_throttle_success(db, c, &k);
    if (!e) e = store_session_purge(db, now);
    if (!e) e = audit_write(db, &a, "login", "session", 0, NULL, after);
    e = db_write_end(db, e);
  }
  json_decref(after);
  if (e) return e;
  memset(out, 0, sizeof *out);
  memcpy(out->token_hash, s.token_hash, 32);
  out->user_id = u.id;
  store_copy(out->login, sizeof out->login, u.login);
  store_copy(out->display_name, sizeof out->display_name, u.display_name);
  int r = role_parse(u.role);
  out->role = r < 0 ? ROLE_PUBLIC : (enum role)r;
  out->org_id = u.org_id;
  store_copy(out->org_name, sizeof out->org_name, u.org_name);
  store_copy(out->csrf_token, sizeof out->csrf_token, s.csrf_token);
  out->expires_at = s.expires_at;
  return PLAM_OK;
}

plam_err auth_session_load(struct db *db, const struct auth_config *c, const char *token, struct auth_session *out) {
  if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1) return PLAM_ERR_UNAUTHENTICATED;
  struct session_rec s;
  uint8_t hash[32];
  auth_hash_token(token, hash);
  /* The session and its user are read in one read transaction: one snapshot
   * for both, and one lock round trip instead of two. */
  plam_err e = db_read_begin(db);
  if (e) return e;
  int64_t now = auth_now();
  struct user_rec u;
  e = store_session_get(db, hash, &s);
  if (!e && s.expires_at <= now) e = PLAM_ERR_UNAUTHENTICATED;
  if (!e) e = store_user_get(db, s.user_id, &u);
  db_read_end(db);
  if (e == PLAM_ERR_NOT_FOUND) return PLAM_ERR_UNAUTHENTICATED;
  if (e) return e;
  if (u.disabled) return PLAM_ERR_UNAUTHENTICATED;
  int r = role_parse(u.role);
  if (r < 0) return PLAM_ERR_UNAUTHENTICATED;
  /* Slide the idle expiry. To keep reads reads, the new expiry is written
   * only when the last write is older than min(idle / 4, 60 s). */
  int64_t step = c->idle_seconds / 4 < 60 ? c->idle_seconds / 4 : 60;
  int64_t expires = now + c->idle_seconds;
  if (expires > s.created_at + c->max_seconds) expires = s.created_at + c->max_seconds;
  if (now - s.last_seen_at >= step && expires > s.expires_at) {
    e = db_write_begin(db);
    if (!e) e = db_write_end(db, store_session_touch(db, hash, now, expires));
    if (e) return e;
    s.expires_at = expires;
  }
  memset(out, 0, sizeof *out);
  memcpy(out->token_hash, hash, 32);
  out->user_id = u.id;
  store_copy(out->login, sizeof out->login, u.login);
  store_copy(out->display_name, sizeof out->display_name, u.display_name);
  out->role = (enum role)r;
  out->org_id = u.org_id;
  store_copy(out->org_name, sizeof out->org_name, u.org_name);
  store_copy(out->csrf_token, sizeof out->csrf_token, s.csrf_token);
  out->expires_at = s.expires_at;
  return PLAM_OK;
}

plam_err auth_logout(struct db *db, const struct auth_session *s, const char *request_id) {
  struct actor a;
  auth_actor(s, request_id, &a);
  plam_err e = db_write_begin(db);
  if (e) return e;
  e = store_session_delete(db, s->token_hash);
  if (!e) e = audit_write(db, &a, "logout", "session", 0, NULL, NULL);
  return db_write_end(db, e);
}

int auth_csrf_ok(const struct auth_session *s, const char *header) {
  if (!header) return 0;
  size_t n = strlen(s->csrf_token);
  if (!n || strlen(header) != n) return 0;
  return sodium_memcmp(s->csrf_token, header, n) == 0;
}

void auth_actor(const struct auth_session *s, const char *request_id, struct actor *a) {
  memset(a, 0, sizeof *a);
  a->user_id = s->user_id;
  store_copy(a->login, sizeof a->login, s->login);
  a->role = s->role;
  a->org_id = s->org_id;
  a->request_id = request_id;
}
