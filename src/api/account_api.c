/* Public account routes: POST /api/registrations (create my account),
 * POST /api/registrations/verify (follow the e-mail link), POST
 * /api/password-resets (ask for a reset link), POST
 * /api/password-resets/confirm (set a new password with it), POST
 * /api/registrations/resend (a new verification link, cand). Requests for a
 * link answer 202 with the same message whether the address is known or not. */
#include <stdio.h>
#include "api/account_handlers.h"
#include "api/api.h"
#include "app/account/account.h"
#include "app/access/password.h"
#include "app/mail/link.h"
#include "app/mail/mail.h"

static const char sent_message[] =
  "Si cette adresse peut recevoir un message, il vient de lui être envoyé : suivez le lien qu'il contient.";

static struct account_config account_cfg(struct api_call *c) {
  struct api_ctx *ctx = api_ctx_of(c->req);
  struct account_config cfg = {ctx->public_url ? ctx->public_url : "", ctx->instance_name ? ctx->instance_name : "plam",
                               &ctx->auth};
  return cfg;
}

static struct account_origin account_origin_of(struct api_call *c) {
  struct account_origin o = {c->req->client_ip, c->req->request_id};
  return o;
}

/* Passwords past PASSWORD_MAX_BYTES: the policy refuses them, naming the field. */
static const struct api_field registration_fields[] = {
  API_S("email", MAIL_ADDRESS_CHARS, MAIL_ADDRESS_CHARS, API_REQUIRED), API_S("display_name", 200, 800, API_REQUIRED),
  API_E("role", account_self_roles, API_REQUIRED),
  API_S("password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED), API_END};
const struct api_input api_registration_in = {.body = API_BODY_JSON, .fields = registration_fields};

plam_err api_registrations_create(struct api_call *c) {
  struct account_config cfg = account_cfg(c);
  struct account_origin o = account_origin_of(c);
  struct account_registration in = {call_str(c, "email"), call_str(c, "display_name"), call_str(c, "password"),
                                    call_str(c, "role")};
  int64_t retry_after = 0;
  plam_err e = account_register(c->db, &cfg, &o, &in, &retry_after, &c->fe);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  return call_reply(c, e, 202, e ? NULL : json_pack("{s:s}", "message", sent_message));
}

static const struct api_field token_fields[] = {API_S("token", LINK_TOKEN_MAX - 1, LINK_TOKEN_MAX - 1, API_REQUIRED),
                                                API_END};
const struct api_input api_registration_verify_in = {.body = API_BODY_JSON, .fields = token_fields};

plam_err api_registrations_verify(struct api_call *c) {
  struct account_origin o = account_origin_of(c);
  char login[65];
  plam_err e = account_verify(c->db, &o, call_str(c, "token"), login, &c->fe);
  return call_reply(c, e, 200, e ? NULL : json_pack("{s:s}", "login", login));
}

static const struct api_field reset_request_fields[] = {
  API_S("email", MAIL_ADDRESS_CHARS, MAIL_ADDRESS_CHARS, API_REQUIRED), API_END};
const struct api_input api_reset_request_in = {.body = API_BODY_JSON, .fields = reset_request_fields};

plam_err api_password_resets_create(struct api_call *c) {
  struct account_config cfg = account_cfg(c);
  struct account_origin o = account_origin_of(c);
  int64_t retry_after = 0;
  plam_err e = account_reset_request(c->db, &cfg, &o, call_str(c, "email"), &retry_after, &c->fe);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  return call_reply(c, e, 202, e ? NULL : json_pack("{s:s}", "message", sent_message));
}

/* cand: a new verification link for an account that awaits it */
plam_err api_registrations_resend(struct api_call *c) {
  struct account_config cfg = account_cfg(c);
  struct account_origin o = account_origin_of(c);
  int64_t retry_after = 0;
  plam_err e = account_verify_resend(c->db, &cfg, &o, call_str(c, "email"), &retry_after, &c->fe);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  return call_reply(c, e, 202, e ? NULL : json_pack("{s:s}", "message", sent_message));
}

static const struct api_field reset_fields[] = {API_S("token", LINK_TOKEN_MAX - 1, LINK_TOKEN_MAX - 1, API_REQUIRED),
                                                API_S("password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED),
                                                API_END};
const struct api_input api_reset_confirm_in = {.body = API_BODY_JSON, .fields = reset_fields};

plam_err api_password_resets_confirm(struct api_call *c) {
  struct account_origin o = account_origin_of(c);
  plam_err e = account_reset(c->db, &o, call_str(c, "token"), call_str(c, "password"), &c->fe);
  if (e) return e;
  c->resp->status = 204;
  return PLAM_OK;
}
