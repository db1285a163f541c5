/* Authentication: login with throttling, sessions and CSRF tokens.
 * The session token (32 random bytes, base64url) is given to the browser in
 * an HttpOnly cookie; the database keeps only its BLAKE2b hash. A session
 * expires after an idle period or an absolute lifetime, whichever is first.
 * Throttling: per account and per client address, counted in the database so
 * several servers share the counts. */
#ifndef PLAM_APP_ACCESS_AUTH_H
#define PLAM_APP_ACCESS_AUTH_H
#include <stdint.h>
#include "app/access/audit.h"
#include "app/access/roles.h"
#include "base/error.h"

struct db;

#define AUTH_TOKEN_CHARS 44 /* base64url of 32 bytes, no padding, + NUL */

struct auth_config {
  int64_t idle_seconds;        /* default 7200 */
  int64_t max_seconds;         /* default 43200 */
  int account_max_failures;    /* per window, default 5 */
  int address_max_failures;    /* per window, default 50 */
  int64_t window_seconds;      /* default 900 */
  int64_t lock_seconds;        /* default 900 */
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
 * session and writes the new token (for the cookie) into token. */
plam_err auth_login(struct db *db, const struct auth_config *c, const char *login, const char *password,
                    const char *client_ip, const char *request_id, struct auth_session *out,
                    char token[AUTH_TOKEN_CHARS]);
/* Loads the live session for a cookie token (sliding the idle expiry).
 * PLAM_ERR_UNAUTHENTICATED when absent, expired or the account is disabled. */
plam_err auth_session_load(struct db *db, const struct auth_config *c, const char *token, struct auth_session *out);
plam_err auth_logout(struct db *db, const struct auth_session *s, const char *request_id);
/* Constant-time comparison of the CSRF header with the session's token. */
int auth_csrf_ok(const struct auth_session *s, const char *header);
/* Fills an actor from a session. */
void auth_actor(const struct auth_session *s, const char *request_id, struct actor *a);

#endif
