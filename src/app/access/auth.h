/* Authentication: login with throttling, sessions and CSRF tokens.
 * The session token (32 random bytes, base64url) is given to the browser in
 * an HttpOnly cookie; the database keeps only its BLAKE2b hash. A session
 * expires after an idle period or an absolute lifetime, whichever is first.
 * Throttling of password checks (login, password change): per account and per
 * client address, growing delays after a few free failures (never a lock
 * anyone could keep on an account), counted in the database so several
 * servers share the counts; see auth.c. */
#ifndef PLAM_APP_ACCESS_AUTH_H
#define PLAM_APP_ACCESS_AUTH_H
#include <stdint.h>
#include "app/access/audit.h"
#include "app/access/roles.h"
#include "base/error.h"

struct db;

#define AUTH_TOKEN_CHARS 44 /* base64url of 32 bytes, no padding, + NUL */

struct auth_config {
  int64_t idle_seconds;       /* default 7200 */
  int64_t max_seconds;        /* default 43200 */
  int account_free_failures;  /* failures before waits start, per account: default 5 */
  int address_free_failures;  /* per client address: default 50 */
  int64_t delay_base_seconds; /* first wait, doubled at each further failure: default 1 */
  int64_t account_max_delay;  /* cap of an account's wait: default 60 */
  int64_t address_max_delay;  /* cap of an address's wait: default 900 */
  int64_t forget_seconds;     /* a key without failure this long starts over: default 3600 */
};

struct auth_session {
  uint8_t token_hash[32];
  int64_t user_id;
  char login[65];
  char display_name[801];
  enum role role;
  int64_t org_id;
  char org_name[801];
  char csrf_token[48];
  int64_t expires_at;
};

void auth_config_defaults(struct auth_config *c);
/* Checks throttling, the password and the account; on success creates a
 * session and writes the new token (for the cookie) into token. When
 * throttled (PLAM_ERR_THROTTLED), *retry_after (may be NULL) gets the wait in
 * seconds. The right password of a disabled account gives PLAM_ERR_DISABLED,
 * or PLAM_ERR_UNVERIFIED when it is a self-registered account whose e-mail
 * address is not verified yet (only its owner learns it: after the password). */
plam_err auth_login(struct db *db, const struct auth_config *c, const char *login, const char *password,
                    const char *client_ip, const char *request_id, struct auth_session *out,
                    char token[AUTH_TOKEN_CHARS], int64_t *retry_after);
/* For another password check (the current password of a password change):
 * auth_throttle_begin before the check (PLAM_ERR_THROTTLED with
 * *retry_after, may be NULL, while login or client_ip must wait, the checks
 * of the same keys still running in this process counted as failures); on
 * PLAM_OK the check is reserved, and auth_throttle_end releases it once its
 * outcome is counted. Inside the write bracket that audits the outcome,
 * auth_throttle_failed_tx counts a wrong password, auth_throttle_passed_tx
 * checks the waits again (a concurrent guess may have started one) and
 * clears the account's count. auth_login does the same for a log-in. */
struct app_tx;
plam_err auth_throttle_begin(struct db *db, const struct auth_config *c, const char *login, const char *client_ip,
                             int64_t *retry_after);
void auth_throttle_end(const char *login, const char *client_ip);
plam_err auth_throttle_failed_tx(struct app_tx *tx, const struct auth_config *c, const char *login,
                                 const char *client_ip);
plam_err auth_throttle_passed_tx(struct app_tx *tx, const char *login, const char *client_ip, int64_t *retry_after);
/* The wait after `failures` failures of a key with free_failures free ones
 * and a cap (0 while failures <= free_failures). */
int64_t auth_throttle_delay(const struct auth_config *c, int64_t failures, int free_failures, int64_t cap);
/* Loads the live session for a cookie token (sliding the idle expiry).
 * PLAM_ERR_UNAUTHENTICATED when absent, expired or the account is disabled. */
plam_err auth_session_load(struct db *db, const struct auth_config *c, const char *token, struct auth_session *out);
plam_err auth_logout(struct db *db, const struct auth_session *s, const char *request_id);
/* Constant-time comparison of the CSRF header with the session's token. */
int auth_csrf_ok(const struct auth_session *s, const char *header);
/* Fills an actor from a session. */
void auth_actor(const struct auth_session *s, const char *request_id, struct actor *a);

#endif
