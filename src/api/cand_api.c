/* The candidate's own side (cand, issue 11): GET /api/me/offers (the offers
 * of my candidate record, with their needs and what I may do now) and POST
 * /api/me/offers/{id}/answer (accept, decline, undo, cancel, no-show: the
 * same transaction as the one-click link, app/offer/offer_answer.c); GET
 * /api/me/data (everything stored about me, as JSON) and POST
 * /api/me/data/erase (erase it, my password confirming; app/account/
 * account_data.c); PUT /api/me/contact (offers by e-mail, SMS or both);
 * GET /api/candidates/{id}/qualifications and POST …/qualifications/verify
 * (employers verify the qualifications of candidates who accepted).
 * The clock is the server's. */
#include <time.h>
#include "api/api.h"
#include "api/cand_handlers.h"
#include "app/access/password.h"
#include "app/account/account.h"
#include "app/offer/offer.h"
#include "app/recruit/recruit_app.h"

static int64_t now(void) { return (int64_t)time(NULL); }

plam_err api_my_offers(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_my_offers(c->db, &c->actor, now(), &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field answer_fields[] = {API_E("answer", offer_answers, API_REQUIRED),
                                                 API_E("reason", offer_reasons, 0), API_END};
const struct api_input api_my_answer_in = {.body = API_BODY_JSON, .fields = answer_fields};

plam_err api_my_offer_answer(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_my_answer(c->db, &c->actor, c->id, call_str(c, "answer"), call_str(c, "reason"), now(), &out,
                               &c->fe);
  return call_reply(c, e, 200, out);
}

static const struct api_field contact_fields[] = {API_E("contact_by", offer_contact_modes, API_REQUIRED), API_END};
const struct api_input api_my_contact_in = {.body = API_BODY_JSON, .fields = contact_fields};

plam_err api_my_contact(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_my_contact(c->db, &c->actor, call_str(c, "contact_by"), &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_my_data(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = account_data_export(c->db, &c->actor, &out);
  if (!e) http_resp_header(c->resp, c->req, "Content-Disposition", "attachment; filename=\"mes-donnees-plam.json\"");
  return call_reply(c, e, 200, out);
}

static const struct api_field erase_fields[] = {API_S("password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED),
                                                API_END};
const struct api_input api_my_erase_in = {.body = API_BODY_JSON, .fields = erase_fields};

plam_err api_my_data_erase(struct api_call *c) {
  int64_t retry_after = 0;
  json_t *out = NULL;
  plam_err e = account_data_erase(c->db, &api_ctx_of(c->req)->auth, &c->actor, c->req->client_ip,
                                  call_str(c, "password"), now(), &retry_after, &out, &c->fe);
  if (e == PLAM_ERR_THROTTLED) return api_throttled(c->req, c->resp, retry_after);
  /* the account's sessions are gone: the browser forgets its cookie too */
  if (!e)
    http_resp_header(c->resp, c->req, "Set-Cookie", "plam_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  return call_reply(c, e, 200, out);
}

/* employers verify qualifications (offer_verify.c) */
plam_err api_cand_quals(struct api_call *c) { return call_view(c, offer_cand_quals); }

static const struct api_field verify_fields[] = {API_E("code", recruit_qualification_codes, API_REQUIRED), API_END};
const struct api_input api_cand_verify_in = {.body = API_BODY_JSON, .fields = verify_fields};

plam_err api_cand_verify(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_cand_verify(c->db, &c->actor, c->id, call_str(c, "code"), &out, &c->fe);
  return call_reply(c, e, 200, out);
}
