/* Account management rules: validation (login syntax, role, organisation,
 * password policy), creation, update, password change, enabling/disabling.
 * Every write runs in the write bracket (app/access/write.h) with its audit
 * entry; disabling an account or changing its password ends its sessions.
 * Texts are refused past their limits, never cut. */
#ifndef PLAM_APP_ACCESS_USERS_H
#define PLAM_APP_ACCESS_USERS_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store.h"

struct auth_config;

struct db;

/* The roles an account may have (NULL-terminated; not "public"). */
extern const char *const users_roles[];

struct user_input {
  const char *login, *display_name, *email, *role, *password;
  int64_t org_id; /* 0 = none */
  int disabled;   /* -1 = unchanged (update) */
  int has_org;    /* update: org_id given */
};

/* JSON of a user for the API and the audit log (never the password hash). */
json_t *users_to_json(const struct user_rec *u);
/* The checks that need no database (login syntax, display name, e-mail,
 * password policy when creating; the given fields when updating). Exposed
 * for the unit tests and the fuzzer. */
/* The login rule (2 to 64 ASCII letters, digits, '.', '-', '_', '@'):
 * USERS_LOGIN_OK or why not; users_login_rule[that] says it in French. Shared
 * by every place a login comes in (forms, campaign CSV). */
enum { USERS_LOGIN_OK = 0, USERS_LOGIN_LENGTH, USERS_LOGIN_CHARS };
int users_login_check(const char *login);
extern const char *const users_login_rule[];
plam_err users_check_input(const struct user_input *in, int creating, struct field_error *fe);
plam_err users_create(struct db *db, const struct actor *a, const struct user_input *in, struct user_rec *out,
                      struct field_error *fe);
/* Fields left NULL (or disabled = -1) are unchanged. */
plam_err users_update(struct db *db, const struct actor *a, int64_t id, const struct user_input *in,
                      struct user_rec *out, struct field_error *fe);
plam_err users_set_password(struct db *db, const struct actor *a, int64_t id, const char *password,
                            struct field_error *fe);
/* The actor's own password: new_password must meet the policy, current
 * must be right (else current_password is refused), then as
 * users_set_password. The check of current is throttled like a log-in from
 * client_ip (c's waits): PLAM_ERR_THROTTLED with *retry_after (may be NULL). */
plam_err users_change_own_password(struct db *db, const struct auth_config *c, const struct actor *a,
                                   const char *client_ip, const char *current, const char *next, int64_t *retry_after,
                                   struct field_error *fe);
/* One account; a page of accounts whose login or name holds q (NULL: all)
 * as a JSON array, page->total set. */
plam_err users_get(struct db *db, int64_t id, struct user_rec *out);
plam_err users_list_json(struct db *db, const char *q, struct list_page *page, json_t **items);

/* ---- reads (users_read.c) ---- */
plam_err users_list(struct db *db, const char *q, struct list_page *page, struct user_rec **out, int *n);
/* PLAM_ERR_NOT_FOUND when there is no such login. */
plam_err users_get_by_login(struct db *db, const char *login, struct user_rec *out);
/* The actor of the account login (its id, role and organisation), to act in
 * its name from the command line: PLAM_ERR_NOT_FOUND, or PLAM_ERR_FORBIDDEN
 * when the account is disabled. */
plam_err users_actor(struct db *db, const char *login, struct actor *a);

#endif
