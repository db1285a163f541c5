/* The outbox for administrators: GET /api/outbox (counts and newest
 * messages, never their texts), POST /api/outbox/test (queue a test e-mail
 * or SMS to check the sending settings). */
#include "api/account_handlers.h"
#include "api/api.h"
#include "app/mail/mail.h"
#include "app/mail/mail_admin.h"

plam_err api_outbox_get(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = mail_outbox_json(c->db, &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field test_fields[] = {API_S("to", MAIL_ADDRESS_CHARS, MAIL_ADDRESS_CHARS, API_REQUIRED),
                                               API_END};
const struct api_input api_outbox_test_in = {.body = API_BODY_JSON, .fields = test_fields};

plam_err api_outbox_test(struct api_call *c) {
  struct api_ctx *ctx = api_ctx_of(c->req);
  int64_t id = 0;
  plam_err e = mail_send_test(c->db, &c->actor, call_str(c, "to"), ctx->instance_name, &id, &c->fe);
  return call_reply(c, e, 202, e ? NULL : json_pack("{s:I}", "id", (json_int_t)id));
}
