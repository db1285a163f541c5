/* Password policy and hashing: Argon2id through libsodium's crypto_pwhash_str
 * (interactive limits, ~25–90 ms and 64 MiB per hash here). The number of
 * hashes computed at once is bounded by a semaphore so a burst of logins
 * cannot exhaust memory or CPU; waiting longer than a few seconds fails with
 * PLAM_ERR_BUSY. */
#ifndef PLAM_APP_ACCESS_PASSWORD_H
#define PLAM_APP_ACCESS_PASSWORD_H
#include <stddef.h>
#include "base/error.h"

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 256
#define PASSWORD_HASH_MAX 128

/* Must be called once before hashing (idempotent); max_parallel >= 1. */
plam_err password_init(unsigned max_parallel);
/* Checks the policy; returns a French reason or NULL when acceptable. */
const char *password_policy_error(const char *pw);
plam_err password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* PLAM_OK when pw matches hash, PLAM_ERR_BAD_CREDENTIALS otherwise. */
plam_err password_verify(const char *hash, const char *pw);
/* Spends the same time as a verification, for logins of unknown accounts. */
void password_verify_dummy(const char *pw);

#endif
