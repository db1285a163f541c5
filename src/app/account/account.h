/* Accounts on the public site: self-registration with e-mail verification,
 * and password reset by e-mail.
 *
 * - A candidate or a student (role candidate or intern) creates an account
 *   with an e-mail address, a name and a password; the account stays
 *   disabled (a row of account_pending) until the signed link sent to the
 *   address is followed (48 h, once). The login is the address when it fits
 *   the login rule, else a login made from it, given in the message.
 * - Anyone can ask for a password reset for an address: every enabled
 *   account with that address gets a signed link (1 h, once); following it
 *   sets a new password and ends all the account's sessions.
 * - No enumeration: both requests give the same answer whether the address
 *   is known or not (a registration with a known address mails its owner
 *   instead of creating anything; the password is hashed either way).
 * - Both requests are throttled like log-ins, per address (keyed by a hash
 *   of it) and per client address (auth.h); every write is audited; links,
 *   passwords and their hashes never reach the audit log nor the logs.
 * Messages are queued in the same write (app/mail/mail.h). */
#ifndef PLAM_APP_ACCOUNT_ACCOUNT_H
#define PLAM_APP_ACCOUNT_ACCOUNT_H
#include <stdint.h>
#include <jansson.h>
#include "app/access/audit.h"
#include "base/error.h"
#include "base/field.h"

struct db;
struct auth_config;

#define ACCOUNT_VERIFY_SECONDS (48 * 3600)
#define ACCOUNT_RESET_SECONDS 3600

/* Roles a person may take on the public site (NULL-terminated). */
extern const char *const account_self_roles[];

struct account_config {
  const char *public_url;         /* base of the links, no trailing slash */
  const char *instance_name;      /* named in the messages */
  const struct auth_config *auth; /* throttling */
};

/* Who asks, for the audit log and the throttling. */
struct account_origin {
  const char *client_ip, *request_id;
};

struct account_registration {
  const char *email, *display_name, *password, *role;
};

/* PLAM_OK (the same whether the address was known or not), PLAM_ERR_INVALID
 * naming the field, or PLAM_ERR_THROTTLED with *retry_after. */
plam_err account_register(struct db *db, const struct account_config *c, const struct account_origin *o,
                          const struct account_registration *in, int64_t *retry_after, struct field_error *fe);
/* Follows a verification link: the account is enabled; login gets its
 * login. PLAM_ERR_INVALID with the reason under "token". */
plam_err account_verify(struct db *db, const struct account_origin *o, const char *token, char login[65],
                        struct field_error *fe);
/* A new verification link for the accounts of email that still await
 * their verification (cand): throttled like the other requests, the same
 * answer for any address (PLAM_OK), audited either way. */
plam_err account_verify_resend(struct db *db, const struct account_config *c, const struct account_origin *o,
                               const char *email, int64_t *retry_after, struct field_error *fe);
plam_err account_reset_request(struct db *db, const struct account_config *c, const struct account_origin *o,
                               const char *email, int64_t *retry_after, struct field_error *fe);
/* Follows a reset link with the new password (policy of password.h). */
plam_err account_reset(struct db *db, const struct account_origin *o, const char *token, const char *password,
                       struct field_error *fe);

/* ---- a person's own data (cand; account_data.c, docs/RECRUITMENT.md "Données personnelles") ---- */

/* Everything stored about the actor's account and candidate record, as one
 * JSON document {format, exported_at, account, candidate, qualifications,
 * availability, pools, offers, shifts, cancellations_and_no_shows,
 * sessions, audit}; audited ("export"). */
plam_err account_data_export(struct db *db, const struct actor *a, json_t **out);
/* Erases the actor's personal data once password is right (throttled like
 * a log-in; a wrong one is PLAM_ERR_INVALID on "password", counted and
 * audited). PLAM_ERR_CONFLICT ("confirm") while a confirmed shift is still
 * to come. *out: what was erased (counts). Every session of the account
 * ends: the person is logged out. */
plam_err account_data_erase(struct db *db, const struct auth_config *c, const struct actor *a, const char *client_ip,
                            const char *password, int64_t now, int64_t *retry_after, json_t **out,
                            struct field_error *fe);

/* The login a registration with email gets when free (for the tests): the
 * address in lower case when it fits the login rule, else its local part
 * with other characters as '-', cut to 50, then "-" and 4 digits (suffix,
 * 0 when none). */
void account_login_for(const char *email, unsigned suffix, char out[65]);

#endif
