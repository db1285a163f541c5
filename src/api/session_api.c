/* Session endpoints: log in (POST /api/session), who am I (GET /api/me),
 * log out (DELETE /api/session), change my password (POST /api/me/password). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/password.h"
#include "app/users.h"

static json_t *session_user_json(const struct auth_session *s) {
  json_t *u = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)s->user_id, "login", s->login,
                        "display_name", s->display_name, "role", role_code(s->role), "role_label", role_label(s->role));
  if (!u) return NULL;
  json_object_set_new(u, "org_id", s->org_id ? json_integer(s->org_id) : json_null());
  json_object_set_new(u, "org_name", s->org_id ? json_string(s->org_name) : json_null());
  return u;
}

static json_t *session_permissions(enum role r) {
  json_t *a = json_array();
  for (int i = 0; a && i < perms_count; i++)
    if (roles_allows(r, perms_table[i].name)) json_array_append_new(a, json_string(perms_table[i].name));
  return a;
}

plam_err api_session_create(struct http_req *req, struct http_resp *resp) {
  struct api_ctx *c = api_ctx_of(req);
  json_t *body;
  struct field_error fe = {0};
  plam_err e = http_body_json(req, &body);
  if (e) return e;
  static const char *const allowed[] = {"login", "password", NULL};
  const char *login = NULL, *password = NULL;
  e = api_in_known(body, allowed, &fe);
  if (!e) e = api_in_str(body, "login", 1, &login, &fe);
  if (!e) e = api_in_str(body, "password", 1, &password, &fe);
  if (!e && (strlen(login) > 64 || strlen(password) > 256)) e = PLAM_ERR_BAD_CREDENTIALS;
  if (e) {
    json_decref(body);
    return api_fail(req, resp, e, &fe);
  }
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  struct db *db = api_db(req);
  int64_t retry_after = 0;
  e = db ? auth_login(db, &c->auth, login, password, req->client_ip, req->request_id, &s, token, &retry_after)
         : PLAM_ERR_DB;
  json_decref(body);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(req, resp, retry_after);
  if (e) return e;
  req->user_id = s.user_id;
  char cookie[256];
  snprintf(cookie, sizeof cookie, "plam_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", token,
           (long long)c->auth.max_seconds, c->cookie_secure ? "; Secure" : "");
  e = http_resp_header(resp, req, "Set-Cookie", cookie);
  if (e) return e;
  api_ok(resp, 200, json_pack("{s:o, s:o, s:s, s:I}", "user", session_user_json(&s), "permissions",
                              session_permissions(s.role), "csrf_token", s.csrf_token, "expires_at",
                              (json_int_t)s.expires_at));
  return PLAM_OK;
}

plam_err api_me_get(struct http_req *req, struct http_resp *resp) {
  const struct auth_session *s = &req->session->s;
  api_ok(resp, 200, json_pack("{s:o, s:o, s:s, s:I}", "user", session_user_json(s), "permissions",
                              session_permissions(s->role), "csrf_token", s->csrf_token, "expires_at",
                              (json_int_t)s->expires_at));
  return PLAM_OK;
}

plam_err api_session_delete(struct http_req *req, struct http_resp *resp) {
  struct db *db = api_db(req);
  plam_err e = db ? auth_logout(db, &req->session->s, req->request_id) : PLAM_ERR_DB;
  if (e) return e;
  e = http_resp_header(resp, req, "Set-Cookie", "plam_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  resp->status = 204;
  return e;
}

plam_err api_me_password(struct http_req *req, struct http_resp *resp) {
  json_t *body;
  struct field_error fe = {0};
  plam_err e = http_body_json(req, &body);
  if (e) return e;
  static const char *const allowed[] = {"current_password", "new_password", NULL};
  const char *current = NULL, *next = NULL;
  e = api_in_known(body, allowed, &fe);
  if (!e) e = api_in_str(body, "current_password", 1, &current, &fe);
  if (!e) e = api_in_str(body, "new_password", 1, &next, &fe);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  const char *why = e ? NULL : password_policy_error(next);
  if (why) e = field_fail(&fe, "new_password", why);
  /* the current password is a password guess: throttled like a login */
  const char *login = req->session->s.login;
  int64_t retry_after = 0;
  if (!e) e = auth_throttle_begin(db, &api_ctx_of(req)->auth, login, req->client_ip, &retry_after);
  if (e == PLAM_ERR_THROTTLED) {
    json_decref(body);
    return api_throttled(req, resp, retry_after);
  }
  if (!e) {
    char hash[PASSWORD_HASH_MAX];
    struct user_rec u;
    e = store_user_get_by_login(db, login, &u, hash, sizeof hash);
    if (!e && password_verify(hash, current)) e = field_fail(&fe, "current_password", "mot de passe actuel incorrect");
    else if (!e) e = auth_throttle_passed(db, &api_ctx_of(req)->auth, login, req->client_ip);
    sodium_memzero(hash, sizeof hash);
  }
  struct actor a;
  api_actor(req, &a);
  if (!e) e = users_set_password(db, &a, req->session->s.user_id, next, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  http_resp_header(resp, req, "Set-Cookie", "plam_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  resp->status = 204;
  return PLAM_OK;
}
