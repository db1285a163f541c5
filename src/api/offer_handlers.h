/* Handlers of the offers API (issue 11, offers and acceptance); mapped to
 * routes in routes.c. */
#ifndef PLAM_API_OFFER_HANDLERS_H
#define PLAM_API_OFFER_HANDLERS_H
#include "api/api.h"

plam_err api_needs_offers(struct api_call *c);
plam_err api_needs_offer_settings(struct api_call *c);
plam_err api_needs_waves(struct api_call *c);
plam_err api_offers_choose(struct api_call *c);
plam_err api_offers_events(struct api_call *c);
plam_err api_offer_link_view(struct api_call *c);
plam_err api_offer_link_answer(struct api_call *c);
plam_err api_public_offers(struct api_call *c);
plam_err api_public_offer(struct api_call *c);
plam_err api_public_offer_page(struct api_call *c);
plam_err api_open_data_offers(struct api_call *c);

extern const struct api_input api_offer_settings_in, api_offer_event_in, api_offer_link_in, api_offer_answer_in,
  api_public_offers_in;

#endif
