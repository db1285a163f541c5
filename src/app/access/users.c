/* Account management rules: see users.h. */
#include "app/access/users.h"
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/auth.h"
#include "app/access/password.h"
#include "app/access/roles.h"
#include "app/access/text.h"
#include "app/access/write.h"
#include "base/utf8.h"

const char *const users_roles[] = {"admin",     "staff",     "pilot",  "partner",         "employer",
                                   "candidate", "institute", "intern", "local_authority", NULL};

json_t *users_to_json(const struct user_rec *u) {
  int r = role_parse(u->role);
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)u->id, "login", u->login,
                        "display_name", u->display_name, "role", u->role, "role_label",
                        r < 0 ? u->role : role_label((enum role)r), "disabled", u->disabled, "created_at",
                        u->created_at, "updated_at", u->updated_at);
  if (!j) return NULL;
  json_object_set_new(j, "email", u->email[0] ? json_string(u->email) : json_null());
  json_object_set_new(j, "org_id", u->org_id ? json_integer(u->org_id) : json_null());
  json_object_set_new(j, "org_name", u->org_id ? json_string(u->org_name) : json_null());
  return j;
}

int users_login_check(const char *login) {
  size_t n = login ? strlen(login) : 0;
  for (size_t i = 0; i < n; i++) { /* the characters first: 64 "é" are 64 characters, but refused for the "é" */
    unsigned char c = (unsigned char)login[i];
    if (!isalnum(c) && c != '.' && c != '-' && c != '_' && c != '@') return USERS_LOGIN_CHARS;
  }
  return n < 2 || n > 64 ? USERS_LOGIN_LENGTH : USERS_LOGIN_OK;
}

const char *const users_login_rule[] = {
  [USERS_LOGIN_OK] = "",
  [USERS_LOGIN_LENGTH] = "l'identifiant doit faire de 2 à 64 caractères",
  [USERS_LOGIN_CHARS] =
    "l'identifiant ne peut contenir que des lettres sans accent, chiffres, « . », « - », « _ » et « @ »",
};

static plam_err users_check_login(const char *login, struct field_error *fe) {
  int k = users_login_check(login);
  return k == USERS_LOGIN_OK ? PLAM_OK : field_fail(fe, "login", users_login_rule[k]);
}

static plam_err users_check_text(const char *field, const char *v, size_t max, int required, struct field_error *fe) {
  return text_check(field, v, max, required ? TEXT_REQUIRED : 0, fe);
}

static plam_err users_check_email(const char *email, struct field_error *fe) {
  if (!email || !*email) return PLAM_OK;
  plam_err e = users_check_text("email", email, 254, 0, fe);
  if (e) return e;
  const char *at = strchr(email, '@');
  if (!at || at == email || !strchr(at, '.') || strchr(email, ' '))
    return field_fail(fe, "email", "adresse électronique invalide");
  return PLAM_OK;
}

static plam_err users_check_role_org(struct db *db, const char *role, int64_t org_id, struct field_error *fe) {
  plam_err e0 = text_enum("role", role, users_roles, 1, fe);
  if (e0) return e0;
  if (org_id) {
    struct org_rec o;
    plam_err e = store_org_get(db, org_id, &o);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "org_id", "organisation inconnue");
    if (e) return e;
  }
  return PLAM_OK;
}

plam_err users_check_input(const struct user_input *in, int creating, struct field_error *fe) {
  plam_err e = PLAM_OK;
  if (creating) {
    e = users_check_login(in->login, fe);
    if (!e) e = users_check_text("display_name", in->display_name, 200, 1, fe);
    if (!e) e = users_check_email(in->email, fe);
    if (!e) e = text_enum("role", in->role, users_roles, 1, fe);
    const char *why = password_policy_error(in->password);
    if (!e && why) e = field_fail(fe, "password", why);
    return e;
  }
  if (in->display_name) e = users_check_text("display_name", in->display_name, 200, 1, fe);
  if (!e && in->email) e = users_check_email(in->email, fe);
  if (!e && in->role) e = text_enum("role", in->role, users_roles, 1, fe);
  return e;
}

/* Copies the given texts whole into u (checked by users_check_input first);
 * the login only when creating (it never changes). */
static plam_err users_put(struct user_rec *u, const struct user_input *in, int creating, struct field_error *fe) {
  plam_err e = PLAM_OK;
  if (creating && in->login)
    e = text_put("login", u->login, sizeof u->login, in->login, 64, TEXT_REQUIRED | TEXT_ASCII, fe);
  if (!e && in->display_name)
    e = text_put("display_name", u->display_name, sizeof u->display_name, in->display_name, 200, TEXT_REQUIRED, fe);
  if (!e && in->email) e = text_put("email", u->email, sizeof u->email, in->email, 254, 0, fe);
  if (!e && in->role)
    e = text_put("role", u->role, sizeof u->role, in->role, sizeof u->role - 1, TEXT_REQUIRED | TEXT_ASCII, fe);
  return e;
}

struct users_arg {
  int64_t id;
  const struct user_input *in;
  struct user_rec *u, *out;
  const char *hash;
};

static plam_err users_create_tx(struct app_tx *tx, void *arg) {
  const struct users_arg *x = arg;
  plam_err e = users_check_role_org(tx->db, x->u->role, x->u->org_id, tx->fe);
  int64_t id = 0;
  if (!e) {
    e = store_user_insert(tx->db, x->u, x->hash, &id);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "login", "cet identifiant est déjà utilisé");
  }
  if (!e) e = store_user_get(tx->db, id, x->out);
  if (e) return e;
  return app_audit(tx, "create", "user", id, NULL, users_to_json(x->out));
}

plam_err users_create(struct db *db, const struct actor *a, const struct user_input *in, struct user_rec *out,
                      struct field_error *fe) {
  plam_err e = users_check_input(in, 1, fe);
  if (e) return e;
  struct user_rec u;
  memset(&u, 0, sizeof u);
  if ((e = users_put(&u, in, 1, fe))) return e;
  u.org_id = in->org_id;
  u.disabled = in->disabled > 0;
  char hash[PASSWORD_HASH_MAX];
  e = password_hash(in->password, hash); /* outside the write lock: it is slow */
  if (e) return e;
  struct users_arg x = {0, in, &u, out, hash};
  return app_write(db, a, users_create_tx, &x, fe);
}

static plam_err users_update_tx(struct app_tx *tx, void *arg) {
  const struct users_arg *x = arg;
  const struct user_input *in = x->in;
  struct user_rec before, u;
  plam_err e = store_user_get(tx->db, x->id, &before);
  if (e) return e;
  u = before;
  e = users_put(&u, in, 0, tx->fe);
  if (!e) {
    if (in->has_org) u.org_id = in->org_id;
    if (in->disabled >= 0) u.disabled = in->disabled > 0;
    if (u.id == tx->a->user_id && (u.disabled || strcmp(u.role, before.role)))
      e = field_fail(tx->fe, in->disabled > 0 ? "disabled" : "role",
                     "vous ne pouvez pas désactiver votre propre compte ni changer votre propre rôle");
  }
  if (!e) e = users_check_role_org(tx->db, u.role, u.org_id, tx->fe);
  if (!e) e = store_user_update(tx->db, &u);
  if (!e && u.disabled && !before.disabled) e = store_session_delete_user(tx->db, x->id);
  if (!e) e = store_user_get(tx->db, x->id, x->out);
  if (e) return e;
  return app_audit(tx, "update", "user", x->id, users_to_json(&before), users_to_json(x->out));
}

plam_err users_update(struct db *db, const struct actor *a, int64_t id, const struct user_input *in,
                      struct user_rec *out, struct field_error *fe) {
  plam_err e = users_check_input(in, 0, fe);
  if (e) return e;
  struct users_arg x = {id, in, NULL, out, NULL};
  return app_write(db, a, users_update_tx, &x, fe);
}

static plam_err users_password_tx(struct app_tx *tx, void *arg) {
  const struct users_arg *x = arg;
  struct user_rec u;
  plam_err e = store_user_get(tx->db, x->id, &u);
  if (!e) e = store_user_set_password(tx->db, x->id, x->hash);
  if (!e) e = store_session_delete_user(tx->db, x->id);
  if (e) return e;
  return app_audit(tx, "password", "user", x->id, NULL, json_pack("{s:b}", "password_changed", 1));
}

plam_err users_set_password(struct db *db, const struct actor *a, int64_t id, const char *password,
                            struct field_error *fe) {
  const char *why = password_policy_error(password);
  if (why) return field_fail(fe, "password", why);
  char hash[PASSWORD_HASH_MAX];
  plam_err e = password_hash(password, hash);
  if (e) return e;
  struct users_arg x = {id, NULL, NULL, NULL, hash};
  return app_write(db, a, users_password_tx, &x, fe);
}

/* The current password is a password guess: throttled like a log-in (see
 * auth.h). A wrong one is counted and audited; a right one checks the waits
 * again and clears the account's count in the bracket that sets the new one. */
struct own_password_arg {
  const struct auth_config *c;
  const char *ip;
  int64_t *retry_after;
  struct users_arg u;
};

static plam_err own_password_failed_tx(struct app_tx *tx, void *arg) {
  const struct own_password_arg *x = arg;
  plam_err e = auth_throttle_failed_tx(tx, x->c, tx->a->login, x->ip);
  if (e) return e;
  return app_audit(tx, "password_failed", "user", tx->a->user_id, NULL,
                   json_pack("{s:s, s:s}", "ip", x->ip ? x->ip : "", "outcome", error_code(PLAM_ERR_BAD_CREDENTIALS)));
}

static plam_err own_password_tx(struct app_tx *tx, void *arg) {
  struct own_password_arg *x = arg;
  plam_err e = auth_throttle_passed_tx(tx, tx->a->login, x->ip, x->retry_after);
  return e ? e : users_password_tx(tx, &x->u);
}

static plam_err own_password_checked(struct db *db, const struct auth_config *c, const struct actor *a,
                                     const char *client_ip, const char *current, const char *next, int64_t *retry_after,
                                     struct field_error *fe);

plam_err users_change_own_password(struct db *db, const struct auth_config *c, const struct actor *a,
                                   const char *client_ip, const char *current, const char *next, int64_t *retry_after,
                                   struct field_error *fe) {
  const char *why = password_policy_error(next);
  if (why) return field_fail(fe, "new_password", why);
  plam_err e = auth_throttle_begin(db, c, a->login, client_ip, retry_after); /* reserves the check */
  if (e) return e;
  e = own_password_checked(db, c, a, client_ip, current, next, retry_after, fe);
  auth_throttle_end(a->login, client_ip); /* its outcome is counted */
  return e;
}

static plam_err own_password_checked(struct db *db, const struct auth_config *c, const struct actor *a,
                                     const char *client_ip, const char *current, const char *next, int64_t *retry_after,
                                     struct field_error *fe) {
  plam_err e;
  char hash[PASSWORD_HASH_MAX];
  struct user_rec u;
  e = store_user_get_by_login(db, a->login, &u, hash, sizeof hash);
  if (!e) e = password_verify(hash, current);
  sodium_memzero(hash, sizeof hash);
  struct own_password_arg x = {c, client_ip, retry_after, {a->user_id, NULL, NULL, NULL, NULL}};
  if (e == PLAM_ERR_BAD_CREDENTIALS) {
    e = app_write(db, a, own_password_failed_tx, &x, NULL);
    return e ? e : field_fail(fe, "current_password", "mot de passe actuel incorrect");
  }
  if (e) return e;
  char next_hash[PASSWORD_HASH_MAX];
  e = password_hash(next, next_hash);
  if (e) return e;
  x.u.hash = next_hash;
  return app_write(db, a, own_password_tx, &x, fe);
}

plam_err users_get(struct db *db, int64_t id, struct user_rec *out) { return store_user_get(db, id, out); }

plam_err users_list_json(struct db *db, const char *q, struct list_page *page, json_t **items) {
  struct user_rec *rows;
  int n;
  plam_err e = store_user_list(db, q, page, &rows, &n);
  if (e) return e;
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++) json_array_append_new(a, users_to_json(&rows[i]));
  free(rows);
  *items = a;
  return a ? PLAM_OK : PLAM_ERR_NOMEM;
}
