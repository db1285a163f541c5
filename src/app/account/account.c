/* Self-registration and password reset by e-mail: see account.h. */
#include "app/account/account.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/access/auth.h"
#include "app/access/password.h"
#include "app/access/text.h"
#include "app/access/users.h"
#include "app/access/write.h"
#include "app/mail/link.h"
#include "app/mail/mail.h"
#include "base/buf.h"
#include "store/store.h"
#include "store/store_mail.h"

const char *const account_self_roles[] = {"candidate", "intern", NULL};

#define ACCOUNT_MAX_SAME_EMAIL 5 /* accounts mailed for one address */

void account_login_for(const char *email, unsigned suffix, char out[65]) {
  char lower[255];
  size_t n = strlen(email);
  if (n >= sizeof lower) n = sizeof lower - 1;
  for (size_t i = 0; i < n; i++) lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
  lower[n] = '\0';
  if (!suffix && users_login_check(lower) == USERS_LOGIN_OK) {
    memcpy(out, lower, n + 1);
    return;
  }
  size_t k = 0;
  for (size_t i = 0; i < n && lower[i] != '@' && k < 50; i++) {
    unsigned char ch = (unsigned char)lower[i];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    out[k++] = ok ? (char)ch : '-';
  }
  if (k < 2) k = (size_t)snprintf(out, 65, "compte");
  snprintf(out + k, 65 - k, "-%04u", suffix % 10000);
}

/* Throttling key of an address: its BLAKE2b, so any length fits (auth.h). */
static void account_key(const char *email, char out[48]) {
  char lower[1024];
  size_t n = strlen(email);
  if (n >= sizeof lower) n = sizeof lower - 1;
  for (size_t i = 0; i < n; i++) lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
  uint8_t h[16];
  crypto_generichash(h, sizeof h, (const unsigned char *)lower, n, NULL, 0);
  memcpy(out, "mail-", 5);
  sodium_bin2hex(out + 5, 33, h, sizeof h);
}

/* The client address as a throttling key of its own ("ip:mail:…"), apart
 * from the log-ins' ("ip:…"): many people registering from one network
 * (a school, a hospital) never slow down that network's log-ins. */
static void account_ip(const struct account_origin *o, char out[80]) {
  snprintf(out, 80, "mail:%s", o->client_ip ? o->client_ip : "");
}

static void account_actor(const struct account_origin *o, struct actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->login, sizeof a->login, "%s", "(site public)");
  a->role = ROLE_PUBLIC;
  a->request_id = o->request_id;
}

/* Queues one message whose body is built by printf. */
static plam_err account_mail(struct app_tx *tx, const char *to, const char *subject, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static plam_err account_mail(struct app_tx *tx, const char *to, const char *subject, const char *fmt, ...) {
  char body[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof body) return PLAM_ERR_INTERNAL;
  plam_err e = mail_queue(tx, to, subject, body);
  sodium_memzero(body, sizeof body); /* it held a link */
  return e;
}

static plam_err account_link(struct app_tx *tx, const char *purpose, int64_t id, int64_t seconds,
                             char token[LINK_TOKEN_MAX]) {
  return link_sign(tx->db, purpose, id, (int64_t)time(NULL) + seconds, token);
}

/* ---- registration ---- */

struct register_arg {
  const struct account_config *c;
  const struct account_origin *o;
  const struct account_registration *in;
  const char *key, *hash;
};

static plam_err register_verify_mail(struct app_tx *tx, const struct register_arg *x, const struct user_rec *u) {
  char token[LINK_TOKEN_MAX], subject[300];
  plam_err e = account_link(tx, "verify", u->id, ACCOUNT_VERIFY_SECONDS, token);
  if (e) return e;
  snprintf(subject, sizeof subject, "Confirmez votre adresse électronique – %s", x->c->instance_name);
  e = account_mail(tx, u->email, subject,
                   "Bonjour %s,\n\n"
                   "Vous avez créé un compte sur %s (%s).\n"
                   "Pour l'activer, confirmez votre adresse électronique en suivant ce lien (valable 48 heures) :\n\n"
                   "%s/inscription.html#jeton=%s\n\n"
                   "Votre identifiant de connexion : %s\n\n"
                   "Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message : le compte ne sera pas "
                   "activé.\n",
                   u->display_name, x->c->instance_name, x->c->public_url, x->c->public_url, token, u->login);
  sodium_memzero(token, sizeof token);
  return e;
}

static plam_err register_known(struct app_tx *tx, const struct register_arg *x, const int64_t *ids, int n) {
  char subject[300];
  snprintf(subject, sizeof subject, "Votre compte sur %s", x->c->instance_name);
  for (int i = 0; i < n; i++) {
    struct user_rec u;
    int pending = 0;
    plam_err e = store_user_get(tx->db, ids[i], &u);
    if (!e) e = store_pending_has(tx->db, u.id, &pending);
    if (e) return e;
    if (pending) e = register_verify_mail(tx, x, &u); /* the first message was lost: a fresh link */
    else
      e = account_mail(tx, x->in->email, subject,
                       "Bonjour,\n\n"
                       "Une inscription vient d'être demandée avec cette adresse sur %s, mais un compte l'utilise "
                       "déjà (identifiant : %s).\n\n"
                       "Mot de passe oublié ? Choisissez-en un nouveau ici : %s/mot-de-passe-oublie.html\n\n"
                       "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n",
                       x->c->instance_name, u.login, x->c->public_url);
    if (!e)
      e = app_audit(tx, "register_existing", "user", u.id, NULL,
                    json_pack("{s:s, s:b}", "ip", x->o->client_ip ? x->o->client_ip : "", "pending", pending));
    if (e) return e;
  }
  return PLAM_OK;
}

static plam_err register_tx(struct app_tx *tx, void *arg) {
  const struct register_arg *x = arg;
  char ip[80];
  account_ip(x->o, ip);
  plam_err e = auth_throttle_failed_tx(tx, x->c->auth, x->key, ip); /* every request counts */
  if (e) return e;
  int64_t ids[ACCOUNT_MAX_SAME_EMAIL];
  int n = 0;
  e = store_user_ids_by_email(tx->db, x->in->email, ids, ACCOUNT_MAX_SAME_EMAIL, &n);
  struct user_rec u;
  char login[65];
  account_login_for(x->in->email, 0, login);
  if (!e && !n) { /* a login equal to the address names the same person */
    e = store_user_get_by_login(tx->db, login, &u, NULL, 0);
    if (!e) ids[n++] = u.id;
    else if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK;
  }
  if (e) return e;
  if (n) return register_known(tx, x, ids, n);
  /* a free login: the address, else a made-up one */
  for (unsigned attempt = 0; attempt < 8; attempt++) {
    if (attempt) account_login_for(x->in->email, 1000 + randombytes_uniform(9000), login);
    e = store_user_get_by_login(tx->db, login, &u, NULL, 0);
    if (e != PLAM_OK) break;
  }
  if (e != PLAM_ERR_NOT_FOUND) return e ? e : PLAM_ERR_BUSY;
  memset(&u, 0, sizeof u);
  int64_t id = 0;
  e = text_put("login", u.login, sizeof u.login, login, 64, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  if (!e)
    e = text_put("display_name", u.display_name, sizeof u.display_name, x->in->display_name, 200, TEXT_REQUIRED,
                 tx->fe);
  if (!e) e = text_put("email", u.email, sizeof u.email, x->in->email, 254, TEXT_REQUIRED, tx->fe);
  if (!e) e = store_copy(u.role, sizeof u.role, x->in->role);
  u.disabled = 1; /* until the address is verified */
  if (!e) e = store_user_insert(tx->db, &u, x->hash, &id);
  if (!e) e = store_pending_insert(tx->db, id, (int64_t)time(NULL));
  if (!e) e = store_user_get(tx->db, id, &u);
  if (!e) e = register_verify_mail(tx, x, &u);
  if (e) return e;
  json_t *after = users_to_json(&u);
  if (after) json_object_set_new(after, "ip", json_string(x->o->client_ip ? x->o->client_ip : ""));
  return app_audit(tx, "register", "user", id, NULL, after);
}

static plam_err account_check_email(const char *email, struct field_error *fe) {
  plam_err e = text_check("email", email, MAIL_ADDRESS_CHARS, TEXT_REQUIRED | TEXT_ASCII, fe);
  if (!e && !mail_address_ok(email))
    e = field_fail(fe, "email", "adresse électronique invalide (exemple : prenom.nom@exemple.fr)");
  return e;
}

plam_err account_register(struct db *db, const struct account_config *c, const struct account_origin *o,
                          const struct account_registration *in, int64_t *retry_after, struct field_error *fe) {
  plam_err e = account_check_email(in->email, fe);
  if (!e) e = text_check("display_name", in->display_name, 200, TEXT_REQUIRED, fe);
  if (!e) e = text_enum("role", in->role, account_self_roles, 1, fe);
  const char *why = password_policy_error(in->password);
  if (!e && why) e = field_fail(fe, "password", why);
  if (e) return e;
  char key[48];
  account_key(in->email, key);
  char ip[80];
  account_ip(o, ip);
  /* reserved like a password check, so requests sent at once are counted as if one after the other */
  e = auth_throttle_begin(db, c->auth, key, ip, retry_after);
  if (e) return e;
  char hash[PASSWORD_HASH_MAX];
  e = password_hash(in->password, hash); /* always, known address or not: the same time */
  struct actor a;
  account_actor(o, &a);
  struct register_arg x = {c, o, in, key, hash};
  if (!e) e = app_write(db, &a, register_tx, &x, fe);
  sodium_memzero(hash, sizeof hash);
  auth_throttle_end(key, ip);
  return e;
}

/* ---- verification ---- */

struct verify_arg {
  const char *token;
  char *login;
};

static plam_err verify_tx(struct app_tx *tx, void *arg) {
  struct verify_arg *x = arg;
  int64_t id = 0;
  enum link_status s;
  plam_err e = link_consume(tx, x->token, "verify", &id, &s);
  if (e) return e;
  int found = 0;
  struct user_rec before, after;
  e = store_pending_delete(tx->db, id, &found);
  if (!e && !found) return field_fail(tx->fe, "token", "ce compte est déjà activé : connectez-vous");
  if (!e) e = store_user_get(tx->db, id, &before);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "token", link_messages[LINK_BAD_MAC]);
  after = before;
  after.disabled = 0;
  if (!e) e = store_user_update(tx->db, &after);
  if (!e) e = store_user_get(tx->db, id, &after);
  if (e) return e;
  snprintf(x->login, 65, "%s", after.login);
  return app_audit(tx, "verify_email", "user", id, users_to_json(&before), users_to_json(&after));
}

plam_err account_verify(struct db *db, const struct account_origin *o, const char *token, char login[65],
                        struct field_error *fe) {
  struct actor a;
  account_actor(o, &a);
  struct verify_arg x = {token, login};
  login[0] = '\0';
  return app_write(db, &a, verify_tx, &x, fe);
}

/* ---- password reset ---- */

struct reset_request_arg {
  const struct account_config *c;
  const struct account_origin *o;
  const char *email, *key;
};

static plam_err reset_request_tx(struct app_tx *tx, void *arg) {
  const struct reset_request_arg *x = arg;
  char ip[80];
  account_ip(x->o, ip);
  plam_err e = auth_throttle_failed_tx(tx, x->c->auth, x->key, ip);
  int64_t ids[ACCOUNT_MAX_SAME_EMAIL];
  int n = 0, mailed = 0;
  if (!e) e = store_user_ids_by_email(tx->db, x->email, ids, ACCOUNT_MAX_SAME_EMAIL, &n);
  char subject[300];
  snprintf(subject, sizeof subject, "Réinitialisation de votre mot de passe – %s", x->c->instance_name);
  for (int i = 0; !e && i < n; i++) {
    struct user_rec u;
    e = store_user_get(tx->db, ids[i], &u);
    if (e || u.disabled) continue; /* disabled and not yet verified accounts get nothing */
    char token[LINK_TOKEN_MAX];
    e = account_link(tx, "reset", u.id, ACCOUNT_RESET_SECONDS, token);
    if (!e)
      e = account_mail(tx, u.email, subject,
                       "Bonjour %s,\n\n"
                       "Une réinitialisation du mot de passe du compte « %s » a été demandée sur %s.\n"
                       "Pour choisir un nouveau mot de passe, suivez ce lien (valable 1 heure, une seule fois) :\n\n"
                       "%s/reinitialiser.html#jeton=%s\n\n"
                       "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe "
                       "actuel reste valable.\n",
                       u.display_name, u.login, x->c->instance_name, x->c->public_url, token);
    sodium_memzero(token, sizeof token);
    if (!e)
      e = app_audit(tx, "password_reset_request", "user", u.id, NULL,
                    json_pack("{s:s}", "ip", x->o->client_ip ? x->o->client_ip : ""));
    mailed++;
  }
  if (e) return e;
  if (!mailed) /* unknown address: recorded too, so that the write is audited */
    e = app_audit(tx, "password_reset_request", "user", 0, NULL,
                  json_pack("{s:s, s:b}", "ip", x->o->client_ip ? x->o->client_ip : "", "known", 0));
  return e;
}

/* ---- a new verification link (cand) ---- */

static plam_err resend_tx(struct app_tx *tx, void *arg) {
  const struct reset_request_arg *x = arg;
  char ip[80];
  account_ip(x->o, ip);
  plam_err e = auth_throttle_failed_tx(tx, x->c->auth, x->key, ip); /* every request counts */
  int64_t ids[ACCOUNT_MAX_SAME_EMAIL];
  int n = 0, mailed = 0;
  if (!e) e = store_user_ids_by_email(tx->db, x->email, ids, ACCOUNT_MAX_SAME_EMAIL, &n);
  struct register_arg r = {x->c, x->o, NULL, x->key, NULL};
  for (int i = 0; !e && i < n; i++) {
    struct user_rec u;
    int pending = 0;
    e = store_user_get(tx->db, ids[i], &u);
    if (!e) e = store_pending_has(tx->db, u.id, &pending);
    if (e || !pending) continue; /* verified or disabled by an administrator: nothing */
    e = register_verify_mail(tx, &r, &u);
    if (!e)
      e = app_audit(tx, "verify_resend", "user", u.id, NULL,
                    json_pack("{s:s}", "ip", x->o->client_ip ? x->o->client_ip : ""));
    mailed++;
  }
  if (e) return e;
  if (!mailed) /* nothing to send: recorded too, so that the write is audited */
    e = app_audit(tx, "verify_resend", "user", 0, NULL,
                  json_pack("{s:s, s:b}", "ip", x->o->client_ip ? x->o->client_ip : "", "pending", 0));
  return e;
}

static plam_err account_request(struct db *db, const struct account_config *c, const struct account_origin *o,
                                const char *email, app_change_fn change, int64_t *retry_after, struct field_error *fe);

plam_err account_verify_resend(struct db *db, const struct account_config *c, const struct account_origin *o,
                               const char *email, int64_t *retry_after, struct field_error *fe) {
  return account_request(db, c, o, email, resend_tx, retry_after, fe);
}

plam_err account_reset_request(struct db *db, const struct account_config *c, const struct account_origin *o,
                               const char *email, int64_t *retry_after, struct field_error *fe) {
  return account_request(db, c, o, email, reset_request_tx, retry_after, fe);
}

/* A request for a link sent to an address (reset, new verification link):
 * checked, throttled per address and per client, then change in app_write. */
static plam_err account_request(struct db *db, const struct account_config *c, const struct account_origin *o,
                                const char *email, app_change_fn change, int64_t *retry_after, struct field_error *fe) {
  plam_err e = account_check_email(email, fe);
  if (e) return e;
  char key[48];
  account_key(email, key);
  char ip[80];
  account_ip(o, ip);
  e = auth_throttle_begin(db, c->auth, key, ip, retry_after);
  if (e) return e;
  struct actor a;
  account_actor(o, &a);
  struct reset_request_arg x = {c, o, email, key};
  e = app_write(db, &a, change, &x, fe);
  auth_throttle_end(key, ip);
  return e;
}

struct reset_arg {
  const char *token, *hash;
};

static plam_err reset_tx(struct app_tx *tx, void *arg) {
  const struct reset_arg *x = arg;
  int64_t id = 0;
  enum link_status s;
  plam_err e = link_consume(tx, x->token, "reset", &id, &s);
  if (e) return e;
  struct user_rec u;
  e = store_user_get(tx->db, id, &u);
  if (e == PLAM_ERR_NOT_FOUND || (!e && u.disabled))
    return field_fail(tx->fe, "token", "ce compte n'existe plus ou est désactivé");
  if (!e) e = store_user_set_password(tx->db, id, x->hash);
  if (!e) e = store_session_delete_user(tx->db, id); /* every other session ends */
  if (e) return e;
  return app_audit(tx, "password_reset", "user", id, NULL,
                   json_pack("{s:b, s:b}", "password_changed", 1, "sessions_ended", 1));
}

plam_err account_reset(struct db *db, const struct account_origin *o, const char *token, const char *password,
                       struct field_error *fe) {
  const char *why = password_policy_error(password);
  if (why) return field_fail(fe, "password", why);
  int64_t id = 0;
  plam_err e = link_verify(db, token, "reset", &id, NULL, fe); /* before the slow hash */
  if (e) return e;
  char hash[PASSWORD_HASH_MAX];
  e = password_hash(password, hash);
  if (e) return e;
  struct actor a;
  account_actor(o, &a);
  struct reset_arg x = {token, hash};
  e = app_write(db, &a, reset_tx, &x, fe);
  sodium_memzero(hash, sizeof hash);
  return e;
}
