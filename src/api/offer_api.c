/* Offer endpoints: the establishment's view of a need's offers, its wave
 * settings, "send the next wave now", choosing among those who accepted,
 * cancellations and no-shows (/api/needs/{id}/…, /api/offers/{id}/…); the
 * candidate's one-click link (/api/offer-link: the secret travels in the
 * body, never in a URL the server logs); the public pages and the partner
 * feed. The clock is the server's (time(NULL)); the app takes it as an
 * argument so that tests and `plam offer tick --now` can choose it. */
#include <time.h>
#include "base/buf.h"
#include "api/api.h"
#include "api/offer_handlers.h"
#include "app/offer/offer.h"

static int64_t now(void) { return (int64_t)time(NULL); }

plam_err api_needs_offers(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_need_offers(c->db, &c->actor, c->id, now(), &out);
  return call_reply(c, e, 200, out);
}

static const struct api_field settings_fields[] = {
  API_I("wave_size", 1, 200, API_REQUIRED), API_I("interval_min", 1, 1440, API_REQUIRED),
  API_I("offer_ttl_min", 5, 10080, API_REQUIRED), API_I("undo_min", 0, 60, API_REQUIRED), API_END};
const struct api_input api_offer_settings_in = {.body = API_BODY_JSON, .fields = settings_fields};

plam_err api_needs_offer_settings(struct api_call *c) {
  struct offer_settings s = {call_int(c, "wave_size", NULL), call_int(c, "interval_min", NULL),
                             call_int(c, "offer_ttl_min", NULL), call_int(c, "undo_min", NULL)};
  json_t *out = NULL;
  plam_err e = offer_settings_put(c->db, &c->actor, c->id, &s, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_needs_waves(struct api_call *c) {
  const struct api_ctx *ctx = api_ctx_of(c->req);
  struct offer_mail_config mc = {ctx->public_url ? ctx->public_url : "",
                                 ctx->instance_name ? ctx->instance_name : "plam"};
  json_t *out = NULL;
  plam_err e = offer_wave_send(c->db, &c->actor, &mc, c->id, now(), NULL, &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_offers_choose(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_choose(c->db, &c->actor, c->id, now(), &out, &c->fe);
  return call_reply(c, e, 200, out);
}

static const char *const employer_answers[] = {"cancel", "no_show", NULL};
static const struct api_field event_fields[] = {API_E("answer", employer_answers, API_REQUIRED),
                                                API_E("reason", offer_reasons, API_REQUIRED), API_END};
const struct api_input api_offer_event_in = {.body = API_BODY_JSON, .fields = event_fields};

plam_err api_offers_events(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_employer_event(c->db, &c->actor, c->id, call_str(c, "answer"), call_str(c, "reason"), now(), &out,
                                    &c->fe);
  return call_reply(c, e, 200, out);
}

#define TOKEN_FIELD API_S("token", OFFER_TOKEN_CHARS, OFFER_TOKEN_CHARS, API_REQUIRED)
static const struct api_field link_fields[] = {TOKEN_FIELD, API_END};
const struct api_input api_offer_link_in = {.body = API_BODY_JSON, .fields = link_fields};
static const struct api_field answer_fields[] = {TOKEN_FIELD, API_E("answer", offer_answers, API_REQUIRED),
                                                 API_E("reason", offer_reasons, 0), API_END};
const struct api_input api_offer_answer_in = {.body = API_BODY_JSON, .fields = answer_fields};

plam_err api_offer_link_view(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_link_view(c->db, &c->actor, call_str(c, "token"), now(), &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_offer_link_answer(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_link_answer(c->db, &c->actor, call_str(c, "token"), call_str(c, "answer"), call_str(c, "reason"),
                                 now(), &out, &c->fe);
  return call_reply(c, e, 200, out);
}

static const struct api_field public_query[] = {
  API_S("departement", 11, 11, 0), API_I("area", 1, 9007199254740991LL, 0), API_S("profession", 32, 128, 0),
  API_E("contract", offer_contracts, 0), API_END};
const struct api_input api_public_offers_in = {.query = public_query};

plam_err api_public_offers(struct api_call *c) {
  struct offer_public_filter f = {call_str(c, "departement"), call_str(c, "profession"), call_str(c, "contract"),
                                  call_int(c, "area", NULL)};
  json_t *out = NULL;
  plam_err e = offer_public_list(c->db, &f, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_public_offer(struct api_call *c) { return call_view(c, offer_public_get); }

/* The offer's page rendered on the server (HTML with its JSON-LD). */
plam_err api_public_offer_page(struct api_call *c) {
  const struct api_ctx *ctx = api_ctx_of(c->req);
  struct buf out;
  buf_init(&out, (size_t)1 << 20);
  int status = 200;
  plam_err e = offer_public_page(c->db, &c->actor, c->id, ctx->instance_name ? ctx->instance_name : "plam", &out,
                                 &status);
  e = call_buf(c, e, &out, "text/html; charset=utf-8");
  if (!e) c->resp->status = status;
  return e;
}

plam_err api_open_data_offers(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = offer_feed(c->db, &out);
  return call_reply(c, e, 200, out);
}
