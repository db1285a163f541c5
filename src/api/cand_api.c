/* The candidate's own side (cand, issue 11): GET /api/me/offers (the offers
 * of my candidate record, with their needs and what I may do now) and POST
 * /api/me/offers/{id}/answer (accept, decline, undo, cancel, no-show: the
 * same transaction as the one-click link, app/offer/offer_answer.c). The
 * clock is the server's. */
#include <time.h>
#include "api/api.h"
#include "api/cand_handlers.h"
#include "app/offer/offer.h"

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
