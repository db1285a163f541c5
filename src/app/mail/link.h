/* Signed one-click links: a token that names a purpose ("verify", "reset",
 * "offer"…), a subject id and an expiry, signed with HMAC-SHA256 under a
 * server secret kept in the database (table server_secrets, 32 random bytes
 * made by link_setup, which plam init and plam serve call; never logged nor
 * audited). The token is URL-safe text:
 *
 *     PURPOSE.ID.EXPIRY.NONCE.MAC
 *
 * PURPOSE 1 to 16 of [a-z_], ID a decimal integer >= 1, EXPIRY Unix seconds,
 * NONCE 22 base64url characters (16 random bytes: two links signed in the
 * same second differ), MAC the 43 base64url characters of
 * HMAC-SHA256(secret, "plam-link-v1\n" + everything before the last dot).
 * Nothing in it is secret but the MAC proves the server made it; a link that
 * must be followed once (a password reset, an e-mail verification, an
 * offer's acceptance) is consumed with link_consume inside the write that
 * acts on it, which stores the BLAKE2b hash of the token (table link_uses):
 * a second use is refused, on every server sharing the database. */
#ifndef PLAM_APP_MAIL_LINK_H
#define PLAM_APP_MAIL_LINK_H
#include <stdint.h>
#include "base/error.h"
#include "base/field.h"

struct db;
struct app_tx;

#define LINK_TOKEN_MAX 128 /* longest token and its NUL */
#define LINK_PURPOSE_CHARS 16

struct link_parts {
  char purpose[LINK_PURPOSE_CHARS + 1];
  int64_t id, expires_at;
};

enum link_status { LINK_OK = 0, LINK_MALFORMED, LINK_BAD_MAC, LINK_WRONG_PURPOSE, LINK_EXPIRED, LINK_USED };
/* French, for the person who followed the link: link_messages[status]. */
extern const char *const link_messages[];

/* ---- pure (no database): exposed for the unit tests and the fuzzer ---- */
/* Makes a token with the given nonce (16 bytes). PLAM_ERR_INVALID when the
 * purpose, id or expiry is outside the format. */
plam_err link_token_make(const uint8_t key[32], const char *purpose, int64_t id, int64_t expires_at,
                         const uint8_t nonce[16], char out[LINK_TOKEN_MAX]);
/* Reads the fields of a token without checking its MAC: LINK_OK or
 * LINK_MALFORMED (fuzzed: tests/fuzz/fuzz_link_token.c). */
enum link_status link_token_parse(const char *token, struct link_parts *out);
/* Parse, MAC (constant time), purpose, then expiry (a link is valid up to
 * and including its expiry second). */
enum link_status link_token_check(const uint8_t key[32], const char *token, const char *purpose, int64_t now,
                                  struct link_parts *out);

/* ---- with the server secret ---- */
/* Creates the secret when absent (audited, the secret itself is not), then
 * checks it can be read. */
plam_err link_setup(struct db *db);
/* Signs a link for purpose and id, valid until expires_at (Unix seconds). */
plam_err link_sign(struct db *db, const char *purpose, int64_t id, int64_t expires_at, char out[LINK_TOKEN_MAX]);
/* Checks a token for purpose at the current time, without consuming it:
 * PLAM_OK with *id, or PLAM_ERR_INVALID with link_messages[] in fe under
 * the field "token" (*status, may be NULL, says why). */
plam_err link_verify(struct db *db, const char *token, const char *purpose, int64_t *id, enum link_status *status,
                     struct field_error *fe);
/* link_verify, then marks the token used inside tx: a token already used is
 * refused (LINK_USED), so it acts once whatever the concurrency. */
plam_err link_consume(struct app_tx *tx, const char *token, const char *purpose, int64_t *id, enum link_status *status);

#endif
