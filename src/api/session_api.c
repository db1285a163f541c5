/* Session endpoints: log in (POST /api/session), who am I (GET /api/me),
 * log out (DELETE /api/session), change my password (POST /api/me/password). */
#include <stdio.h>
#include <string.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/password.h"
#include "app/access/users.h"

static json_t *session_user_json(const struct auth_session *s) {
  json_t *u = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)s->user_id, "login", s->login, "display_name",
                        s->display_name, "role", role_code(s->role), "role_label", role_label(s->role));
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

/* Credentials of any length (the body limit bounds them): a login over 64
 * or a password over PASSWORD_MAX_BYTES bytes is a wrong credential (401),
 * like any other, not a 400 that would describe the rule to a guesser. */
static const struct api_field login_fields[] = {API_S("login", API_ANY_LENGTH, API_ANY_LENGTH, API_REQUIRED),
                                                API_S("password", API_ANY_LENGTH, API_ANY_LENGTH, API_REQUIRED),
                                                API_END};
const struct api_input api_session_create_in = {.body = API_BODY_JSON, .fields = login_fields};
plam_err api_session_create(struct api_call *c) {
  struct api_ctx *ctx = api_ctx_of(c->req);
  struct auth_session s;
  char token[AUTH_TOKEN_CHARS];
  if (strlen(call_str(c, "login")) > 64 || strlen(call_str(c, "password")) > PASSWORD_MAX_BYTES)
    return PLAM_ERR_BAD_CREDENTIALS;
  int64_t retry_after = 0;
  plam_err e = auth_login(c->db, &ctx->auth, call_str(c, "login"), call_str(c, "password"), c->req->client_ip,
                          c->req->request_id, &s, token, &retry_after);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  if (e) return e;
  c->req->user_id = s.user_id;
  char cookie[256];
  snprintf(cookie, sizeof cookie, "plam_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", token,
           (long long)ctx->auth.max_seconds, ctx->cookie_secure ? "; Secure" : "");
  e = http_resp_header(c->resp, c->req, "Set-Cookie", cookie);
  if (e) return e;
  api_ok(c->resp, 200,
         json_pack("{s:o, s:o, s:s, s:I}", "user", session_user_json(&s), "permissions", session_permissions(s.role),
                   "csrf_token", s.csrf_token, "expires_at", (json_int_t)s.expires_at));
  return PLAM_OK;
}

plam_err api_me_get(struct api_call *c) {
  const struct auth_session *s = &c->req->session->s;
  api_ok(c->resp, 200,
         json_pack("{s:o, s:o, s:s, s:I}", "user", session_user_json(s), "permissions", session_permissions(s->role),
                   "csrf_token", s->csrf_token, "expires_at", (json_int_t)s->expires_at));
  return PLAM_OK;
}

static const char cookie_clear[] = "plam_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";

plam_err api_session_delete(struct api_call *c) {
  plam_err e = auth_logout(c->db, &c->req->session->s, c->req->request_id);
  if (e) return e;
  e = http_resp_header(c->resp, c->req, "Set-Cookie", cookie_clear);
  c->resp->status = 204;
  return e;
}

static const struct api_field password_fields[] = {
  API_S("current_password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED),
  API_S("new_password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED), API_END};
const struct api_input api_me_password_in = {.body = API_BODY_JSON, .fields = password_fields};
plam_err api_me_password(struct api_call *c) {
  int64_t retry_after = 0;
  plam_err e = users_change_own_password(c->db, &api_ctx_of(c->req)->auth, &c->actor, c->req->client_ip,
                                         call_str(c, "current_password"), call_str(c, "new_password"), &retry_after,
                                         &c->fe);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  if (e) return e;
  http_resp_header(c->resp, c->req, "Set-Cookie", cookie_clear);
  c->resp->status = 204;
  return PLAM_OK;
}
