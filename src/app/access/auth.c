/* Authentication, sessions and throttling: see auth.h. */
#include "app/access/auth.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/access/password.h"
#include "app/access/session_cache.h"
#include "app/access/write.h"
#include "store/store.h"
#include "store/store_mail.h"

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
 * once the wait is over. The waits are checked before the (slow) password
 * check; a failure is counted in the write bracket that audits it; a success
 * checks the waits again in its own bracket (a guess counted meanwhile by a
 * concurrent attempt makes it wait too) and clears the account's count. */

struct auth_keys {
  char account[96], address[80];
};

static void auth_keys_make(const char *login, const char *ip, struct auth_keys *k) {
  char lower[65];
  size_t n = strlen(login);
  /* no account has a login over 64 bytes: such attempts share one key (never a cut one that could be a real login) */
  int too_long = n >= sizeof lower;
  if (too_long) n = 0;
  for (size_t i = 0; i < n; i++) lower[i] = (char)((login[i] >= 'A' && login[i] <= 'Z') ? login[i] + 32 : login[i]);
  lower[n] = '\0';
  snprintf(k->account, sizeof k->account, "login:%s", too_long ? "(trop long)" : lower);
  snprintf(k->address, sizeof k->address, "ip:%s", ip ? ip : "");
}

int64_t auth_throttle_delay(const struct auth_config *c, int64_t failures, int free_failures, int64_t cap) {
  if (failures <= free_failures) return 0;
  int64_t d = c->delay_base_seconds > 0 ? c->delay_base_seconds : 1;
  for (int64_t k = failures - free_failures - 1; k > 0 && d < cap; k--) d *= 2;
  return d < cap ? d : cap;
}

/* Seconds before key may be tried again (0: now). */
static plam_err auth_wait_key(struct db *db, const char *key, int64_t now, int64_t *wait) {
  int64_t failures, last, next;
  plam_err e = store_throttle_get(db, key, &failures, &last, &next);
  *wait = !e && next > now ? next - now : 0;
  return e;
}

/* PLAM_ERR_THROTTLED with *retry_after (may be NULL) while either key waits. */
static plam_err auth_waits(struct db *db, const struct auth_keys *k, int64_t *retry_after) {
  int64_t now = auth_now(), wa = 0, wi = 0;
  if (retry_after) *retry_after = 0;
  plam_err e = auth_wait_key(db, k->account, now, &wa);
  if (!e) e = auth_wait_key(db, k->address, now, &wi);
  if (e || (!wa && !wi)) return e;
  if (retry_after) *retry_after = wa > wi ? wa : wi;
  return PLAM_ERR_THROTTLED;
}

/* One more failure of key; inside a write bracket. */
static plam_err auth_count(struct db *db, const struct auth_config *c, const char *key, int free_failures, int64_t cap,
                           int64_t now) {
  int64_t failures, last, next;
  plam_err e = store_throttle_get(db, key, &failures, &last, &next);
  if (e) return e;
  failures = now - last > c->forget_seconds ? 1 : failures + 1;
  int64_t d = auth_throttle_delay(c, failures, free_failures, cap);
  return store_throttle_put(db, key, failures, now, d ? now + d : 0);
}

static plam_err auth_count_failure(struct db *db, const struct auth_config *c, const struct auth_keys *k) {
  int64_t now = auth_now();
  plam_err e = auth_count(db, c, k->account, c->account_free_failures, c->account_max_delay, now);
  if (!e) e = auth_count(db, c, k->address, c->address_free_failures, c->address_max_delay, now);
  return e;
}

/* Password checks running in this process, by throttle key. A check is
 * reserved before the (slow) password check and released once its outcome is
 * counted: until then it counts as a failure for the next attempt of the
 * same key, so N guesses sent at once get no more checks than N sent one
 * after the other (issue 9: with only the stored count, every guess that
 * arrived before the first failure was counted passed the wait check).
 * In-flight checks are bounded by the server's threads; a full table refuses
 * (429). Per process: several servers on one database each allow theirs. */
#define AUTH_FLIGHTS 256
static pthread_mutex_t auth_flight_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char key[96];
  int n;
} auth_flights[AUTH_FLIGHTS];

/* Under auth_flight_mu. The slot of key, or a free one when add; -1 if none. */
static int auth_flight_slot(const char *key, int add) {
  int free_slot = -1;
  for (int i = 0; i < AUTH_FLIGHTS; i++) {
    if (auth_flights[i].n && !strcmp(auth_flights[i].key, key)) return i;
    if (!auth_flights[i].n && free_slot < 0) free_slot = i;
  }
  return add ? free_slot : -1;
}

/* Under auth_flight_mu: the wait of key counting its running checks as failures. */
static plam_err auth_flight_wait(struct db *db, const struct auth_config *c, const char *key, int free_failures,
                                 int64_t cap, int64_t now, int64_t *wait) {
  int64_t failures, last, next;
  plam_err e = store_throttle_get(db, key, &failures, &last, &next);
  if (e) return e;
  if (now - last > c->forget_seconds) failures = 0;
  int i = auth_flight_slot(key, 0);
  int running = i < 0 ? 0 : auth_flights[i].n;
  int64_t stored = next > now ? next - now : 0;
  int64_t pending = running ? auth_throttle_delay(c, failures + running, free_failures, cap) : 0;
  *wait = stored > pending ? stored : pending;
  return PLAM_OK;
}

static plam_err auth_flight_begin(struct db *db, const struct auth_config *c, const struct auth_keys *k,
                                  int64_t *retry_after) {
  int64_t now = auth_now(), wa = 0, wi = 0;
  if (retry_after) *retry_after = 0;
  pthread_mutex_lock(&auth_flight_mu);
  plam_err e = auth_flight_wait(db, c, k->account, c->account_free_failures, c->account_max_delay, now, &wa);
  if (!e) e = auth_flight_wait(db, c, k->address, c->address_free_failures, c->address_max_delay, now, &wi);
  int sa = -1, si = -1;
  if (!e && !wa && !wi) {
    sa = auth_flight_slot(k->account, 1);
    if (sa >= 0 && !auth_flights[sa].n) snprintf(auth_flights[sa].key, sizeof auth_flights[sa].key, "%s", k->account);
    if (sa >= 0) auth_flights[sa].n++;
    si = sa < 0 ? -1 : auth_flight_slot(k->address, 1);
    if (si >= 0 && !auth_flights[si].n) snprintf(auth_flights[si].key, sizeof auth_flights[si].key, "%s", k->address);
    if (si >= 0) auth_flights[si].n++;
    else if (sa >= 0) auth_flights[sa].n--; /* table full: refuse, keep nothing */
  }
  pthread_mutex_unlock(&auth_flight_mu);
  if (e) return e;
  if (!wa && !wi && (sa < 0 || si < 0)) wa = 1;
  if (!wa && !wi) return PLAM_OK;
  if (retry_after) *retry_after = wa > wi ? wa : wi;
  return PLAM_ERR_THROTTLED;
}

static void auth_flight_end(const struct auth_keys *k) {
  pthread_mutex_lock(&auth_flight_mu);
  const char *keys[2] = {k->account, k->address};
  for (int j = 0; j < 2; j++) {
    int i = auth_flight_slot(keys[j], 0);
    if (i >= 0) auth_flights[i].n--;
  }
  pthread_mutex_unlock(&auth_flight_mu);
}

plam_err auth_throttle_begin(struct db *db, const struct auth_config *c, const char *login, const char *client_ip,
                             int64_t *retry_after) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  return auth_flight_begin(db, c, &k, retry_after);
}

void auth_throttle_end(const char *login, const char *client_ip) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  auth_flight_end(&k);
}

plam_err auth_throttle_failed_tx(struct app_tx *tx, const struct auth_config *c, const char *login,
                                 const char *client_ip) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  return auth_count_failure(tx->db, c, &k);
}

plam_err auth_throttle_passed_tx(struct app_tx *tx, const char *login, const char *client_ip, int64_t *retry_after) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  plam_err e = auth_waits(tx->db, &k, retry_after);
  return e ? e : store_throttle_clear(tx->db, k.account);
}

static json_t *auth_login_json(const char *login, const char *ip, const char *outcome) {
  return json_pack("{s:s, s:s, s:s}", "login", login, "ip", ip ? ip : "", "outcome", outcome);
}

struct auth_fail_arg {
  const struct auth_config *c;
  const struct auth_keys *k;
  const char *login, *ip;
  plam_err result;
};

/* A failed log-in: its throttling counters and its audit entry. */
static plam_err auth_fail_tx(struct app_tx *tx, void *arg) {
  const struct auth_fail_arg *x = arg;
  plam_err e = auth_count_failure(tx->db, x->c, x->k);
  if (e) return e;
  return app_audit(tx, "login_failed", "session", 0, NULL, auth_login_json(x->login, x->ip, error_code(x->result)));
}

static plam_err auth_fail(struct db *db, const struct auth_config *c, const struct auth_keys *k, const char *login,
                          const char *ip, const char *request_id, plam_err result) {
  struct actor a;
  memset(&a, 0, sizeof a);
  if (strlen(login) < sizeof a.login) memcpy(a.login, login, strlen(login) + 1); /* else: in the entry's after only */
  a.request_id = request_id;
  struct auth_fail_arg x = {c, k, login, ip, result};
  plam_err e = app_write(db, &a, auth_fail_tx, &x, NULL);
  return e ? e : result;
}

struct auth_login_arg {
  const struct session_rec *s;
  const struct auth_keys *k;
  const char *login, *ip;
  int64_t now;
  int64_t *retry_after;
};

static plam_err auth_login_tx(struct app_tx *tx, void *arg) {
  const struct auth_login_arg *x = arg;
  /* a failure counted meanwhile by a concurrent guess makes this one wait too */
  plam_err e = auth_waits(tx->db, x->k, x->retry_after);
  if (!e) e = store_session_insert(tx->db, x->s);
  if (!e) e = store_throttle_clear(tx->db, x->k->account);
  if (!e) e = store_session_purge(tx->db, x->now);
  if (e) return e;
  return app_audit(tx, "login", "session", 0, NULL, auth_login_json(x->login, x->ip, "ok"));
}

static plam_err auth_login_checked(struct db *db, const struct auth_config *c, const struct auth_keys *kp,
                                   const char *login, const char *password, const char *client_ip,
                                   const char *request_id, struct auth_session *out, char token[AUTH_TOKEN_CHARS],
                                   int64_t *retry_after);

plam_err auth_login(struct db *db, const struct auth_config *c, const char *login, const char *password,
                    const char *client_ip, const char *request_id, struct auth_session *out,
                    char token[AUTH_TOKEN_CHARS], int64_t *retry_after) {
  struct auth_keys k;
  auth_keys_make(login, client_ip, &k);
  plam_err e = auth_flight_begin(db, c, &k, retry_after); /* reserves the check */
  if (e) return e;
  e = auth_login_checked(db, c, &k, login, password, client_ip, request_id, out, token, retry_after);
  auth_flight_end(&k); /* its outcome is counted (or it succeeded) */
  return e;
}

/* auth_login once its check is reserved. */
static plam_err auth_login_checked(struct db *db, const struct auth_config *c, const struct auth_keys *kp,
                                   const char *login, const char *password, const char *client_ip,
                                   const char *request_id, struct auth_session *out, char token[AUTH_TOKEN_CHARS],
                                   int64_t *retry_after) {
  const struct auth_keys k = *kp;
  plam_err e;
  struct user_rec u;
  char hash[PASSWORD_HASH_MAX];
  e = store_user_get_by_login(db, login, &u, hash, sizeof hash);
  if (e == PLAM_ERR_NOT_FOUND) {
    password_verify_dummy(password); /* same cost: no account enumeration by timing */
    return auth_fail(db, c, &k, login, client_ip, request_id, PLAM_ERR_BAD_CREDENTIALS);
  }
  if (e) return e;
  e = password_verify(hash, password);
  sodium_memzero(hash, sizeof hash);
  if (e == PLAM_ERR_BAD_CREDENTIALS) return auth_fail(db, c, &k, login, client_ip, request_id, e);
  if (e) return e;
  if (u.disabled) { /* an account created on the public site whose address is not verified yet says so */
    int pending = 0;
    e = store_pending_has(db, u.id, &pending);
    if (e) return e;
    return auth_fail(db, c, &k, login, client_ip, request_id, pending ? PLAM_ERR_UNVERIFIED : PLAM_ERR_DISABLED);
  }

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
  struct auth_login_arg x = {&s, &k, u.login, client_ip, now, retry_after};
  e = app_write(db, &a, auth_login_tx, &x, NULL);
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

/* Slides the idle expiry. To keep reads reads, the new expiry is written
 * only when the last write is older than min(idle / 4, 60 s). */
static plam_err auth_session_slide(struct db *db, const struct auth_config *c, const struct session_rec *s, int64_t now,
                                   struct auth_session *out) {
  int64_t step = c->idle_seconds / 4 < 60 ? c->idle_seconds / 4 : 60;
  int64_t expires = now + c->idle_seconds;
  if (expires > s->created_at + c->max_seconds) expires = s->created_at + c->max_seconds;
  if (now - s->last_seen_at >= step && expires > s->expires_at) {
    plam_err e = app_bookkeep_session_touch(db, s->token_hash, now, expires);
    if (e) return e;
    out->expires_at = expires;
  }
  return PLAM_OK;
}

plam_err auth_session_load(struct db *db, const struct auth_config *c, const char *token, struct auth_session *out) {
  if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1) return PLAM_ERR_UNAUTHENTICATED;
  struct session_rec s;
  uint8_t hash[32];
  auth_hash_token(token, hash);
  /* The session and its user are read in one statement of one read
   * transaction: one snapshot, one round trip. */
  plam_err e = db_read_begin(db);
  if (e) return e;
  int64_t now = auth_now();
  /* A check read under the same change stamp is still true (session_cache.h) */
  struct db_stamp stamp;
  int stamped = db_change_stamp(db, &stamp) == PLAM_OK;
  if (stamped && session_cache_get(&stamp, hash, &s, out)) {
    db_read_end(db);
    if (s.expires_at <= now) return PLAM_ERR_UNAUTHENTICATED;
    return auth_session_slide(db, c, &s, now, out);
  }
  struct user_rec u;
  e = store_session_user_get(db, hash, &s, &u);
  if (!e && s.expires_at <= now) e = PLAM_ERR_UNAUTHENTICATED;
  db_read_end(db);
  if (e == PLAM_ERR_NOT_FOUND) return PLAM_ERR_UNAUTHENTICATED;
  if (e) return e;
  if (u.disabled) return PLAM_ERR_UNAUTHENTICATED;
  int r = role_parse(u.role);
  if (r < 0) return PLAM_ERR_UNAUTHENTICATED;
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
  if (stamped) session_cache_put(&stamp, &s, out);
  return auth_session_slide(db, c, &s, now, out);
}

static plam_err auth_logout_tx(struct app_tx *tx, void *arg) {
  const struct auth_session *s = arg;
  plam_err e = store_session_delete(tx->db, s->token_hash);
  if (e) return e;
  return app_audit(tx, "logout", "session", 0, NULL, NULL);
}

plam_err auth_logout(struct db *db, const struct auth_session *s, const char *request_id) {
  struct actor a;
  auth_actor(s, request_id, &a);
  return app_write(db, &a, auth_logout_tx, (void *)s, NULL);
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
