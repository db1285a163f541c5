/* Signed one-click links: see link.h. */
#include "app/mail/link.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/access/audit.h"
#include "app/access/write.h"
#include "store/store_mail.h"

#define LINK_SECRET_NAME "links"
#define LINK_DOMAIN "plam-link-v1\n"
#define LINK_NONCE_CHARS 22
#define LINK_MAC_CHARS 43

const char *const link_messages[] = {
  [LINK_OK] = "",
  [LINK_MALFORMED] = "lien invalide ou incomplet : copiez-le en entier depuis le message reçu",
  [LINK_BAD_MAC] = "lien invalide ou incomplet : copiez-le en entier depuis le message reçu",
  [LINK_WRONG_PURPOSE] = "ce lien ne sert pas à cette opération",
  [LINK_EXPIRED] = "ce lien a expiré : demandez-en un nouveau",
  [LINK_USED] = "ce lien a déjà été utilisé : demandez-en un nouveau si besoin",
};

static int link_purpose_ok(const char *p, size_t n) {
  if (n < 1 || n > LINK_PURPOSE_CHARS) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((p[i] >= 'a' && p[i] <= 'z') || p[i] == '_')) return 0;
  return 1;
}

static int link_b64_ok(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return 0;
  }
  return 1;
}

/* A decimal integer without sign nor leading zero (except "0"), at most 18
 * digits (no overflow). */
static int link_number(const char *p, size_t n, int64_t *v) {
  if (n < 1 || n > 18 || (n > 1 && p[0] == '0')) return 0;
  int64_t x = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    x = x * 10 + (p[i] - '0');
  }
  *v = x;
  return 1;
}

static void link_mac(const uint8_t key[32], const char *payload, size_t n, char out[LINK_MAC_CHARS + 1]) {
  crypto_auth_hmacsha256_state st;
  uint8_t mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&st, key, 32);
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)LINK_DOMAIN, sizeof LINK_DOMAIN - 1);
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)payload, n);
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_bin2base64(out, LINK_MAC_CHARS + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(&st, sizeof st);
}

plam_err link_token_make(const uint8_t key[32], const char *purpose, int64_t id, int64_t expires_at,
                         const uint8_t nonce[16], char out[LINK_TOKEN_MAX]) {
  if (!purpose || !link_purpose_ok(purpose, strlen(purpose)) || id < 1 || id > 999999999999999999LL || expires_at < 0 ||
      expires_at > 999999999999999999LL)
    return PLAM_ERR_INVALID;
  char n64[LINK_NONCE_CHARS + 1];
  sodium_bin2base64(n64, sizeof n64, nonce, 16, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  int len = snprintf(out, LINK_TOKEN_MAX, "%s.%lld.%lld.%s", purpose, (long long)id, (long long)expires_at, n64);
  if (len < 0 || (size_t)len + 1 + LINK_MAC_CHARS >= LINK_TOKEN_MAX) return PLAM_ERR_INTERNAL;
  char mac[LINK_MAC_CHARS + 1];
  link_mac(key, out, (size_t)len, mac);
  out[len] = '.';
  memcpy(out + len + 1, mac, LINK_MAC_CHARS + 1);
  return PLAM_OK;
}

enum link_status link_token_parse(const char *token, struct link_parts *out) {
  memset(out, 0, sizeof *out);
  if (!token) return LINK_MALFORMED;
  size_t n = strnlen(token, LINK_TOKEN_MAX);
  if (n >= LINK_TOKEN_MAX) return LINK_MALFORMED;
  const char *f[5];
  size_t len[5];
  const char *p = token;
  for (int i = 0; i < 5; i++) {
    const char *dot = i < 4 ? memchr(p, '.', n - (size_t)(p - token)) : NULL;
    if (i < 4 && !dot) return LINK_MALFORMED;
    f[i] = p;
    len[i] = i < 4 ? (size_t)(dot - p) : n - (size_t)(p - token);
    p = i < 4 ? dot + 1 : p;
  }
  if (!link_purpose_ok(f[0], len[0])) return LINK_MALFORMED;
  if (!link_number(f[1], len[1], &out->id) || out->id < 1) return LINK_MALFORMED;
  if (!link_number(f[2], len[2], &out->expires_at)) return LINK_MALFORMED;
  if (len[3] != LINK_NONCE_CHARS || !link_b64_ok(f[3], len[3])) return LINK_MALFORMED;
  if (len[4] != LINK_MAC_CHARS || !link_b64_ok(f[4], len[4])) return LINK_MALFORMED;
  memcpy(out->purpose, f[0], len[0]);
  out->purpose[len[0]] = '\0';
  return LINK_OK;
}

enum link_status link_token_check(const uint8_t key[32], const char *token, const char *purpose, int64_t now,
                                  struct link_parts *out) {
  enum link_status s = link_token_parse(token, out);
  if (s) return s;
  size_t n = strlen(token);
  char mac[LINK_MAC_CHARS + 1];
  link_mac(key, token, n - LINK_MAC_CHARS - 1, mac);
  if (sodium_memcmp(mac, token + n - LINK_MAC_CHARS, LINK_MAC_CHARS)) return LINK_BAD_MAC;
  if (!purpose || strcmp(out->purpose, purpose)) return LINK_WRONG_PURPOSE;
  if (now > out->expires_at) return LINK_EXPIRED;
  return LINK_OK;
}

/* ---- with the server secret ---- */

static plam_err link_setup_tx(struct app_tx *tx, void *arg) {
  (void)arg;
  uint8_t secret[32];
  randombytes_buf(secret, sizeof secret);
  plam_err e = store_secret_insert(tx->db, LINK_SECRET_NAME, secret, (int64_t)time(NULL));
  sodium_memzero(secret, sizeof secret);
  if (e) return e;
  return app_audit(tx, "create", "server_secret", 0, NULL, json_pack("{s:s}", "name", LINK_SECRET_NAME));
}

plam_err link_setup(struct db *db) {
  if (sodium_init() < 0) return PLAM_ERR_INTERNAL;
  uint8_t key[32];
  plam_err e = store_secret_get(db, LINK_SECRET_NAME, key);
  if (e == PLAM_ERR_NOT_FOUND) {
    struct actor a;
    actor_cli(&a);
    e = app_write(db, &a, link_setup_tx, NULL, NULL);
    if (!e) e = store_secret_get(db, LINK_SECRET_NAME, key);
  }
  sodium_memzero(key, sizeof key);
  return e;
}

plam_err link_sign(struct db *db, const char *purpose, int64_t id, int64_t expires_at, char out[LINK_TOKEN_MAX]) {
  uint8_t key[32], nonce[16];
  plam_err e = store_secret_get(db, LINK_SECRET_NAME, key);
  if (e == PLAM_ERR_NOT_FOUND) e = PLAM_ERR_INTERNAL; /* link_setup was not run */
  if (e) return e;
  randombytes_buf(nonce, sizeof nonce);
  e = link_token_make(key, purpose, id, expires_at, nonce, out);
  sodium_memzero(key, sizeof key);
  return e;
}

static plam_err link_check_db(struct db *db, const char *token, const char *purpose, struct link_parts *parts,
                              enum link_status *status) {
  uint8_t key[32];
  plam_err e = store_secret_get(db, LINK_SECRET_NAME, key);
  if (e == PLAM_ERR_NOT_FOUND) e = PLAM_ERR_INTERNAL;
  if (e) return e;
  *status = link_token_check(key, token, purpose, (int64_t)time(NULL), parts);
  sodium_memzero(key, sizeof key);
  return PLAM_OK;
}

plam_err link_verify(struct db *db, const char *token, const char *purpose, int64_t *id, enum link_status *status,
                     struct field_error *fe) {
  struct link_parts parts;
  enum link_status s = LINK_MALFORMED;
  plam_err e = link_check_db(db, token, purpose, &parts, &s);
  if (status) *status = s;
  if (e) return e;
  if (s) return field_fail(fe, "token", link_messages[s]);
  *id = parts.id;
  return PLAM_OK;
}

plam_err link_consume(struct app_tx *tx, const char *token, const char *purpose, int64_t *id,
                      enum link_status *status) {
  struct link_parts parts;
  enum link_status s = LINK_MALFORMED;
  plam_err e = link_check_db(tx->db, token, purpose, &parts, &s);
  if (!e && !s) {
    uint8_t hash[32];
    int64_t now = (int64_t)time(NULL);
    crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
    e = store_link_use(tx->db, hash, parts.purpose, parts.id, parts.expires_at, now);
    if (e == PLAM_ERR_CONFLICT) {
      e = PLAM_OK;
      s = LINK_USED;
    }
    if (!e && !s) e = store_link_purge(tx->db, now - 86400);
  }
  if (status) *status = s;
  if (e) return e;
  if (s) return field_fail(tx->fe, "token", link_messages[s]);
  *id = parts.id;
  return PLAM_OK;
}
