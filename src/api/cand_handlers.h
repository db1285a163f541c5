/* Handlers of the candidate's own side (cand, issue 11): "Mes offres" and
 * the answers given from it, the export and erasure of one's own data (cand_api.c); mapped to routes in routes.c. */
#ifndef PLAM_API_CAND_HANDLERS_H
#define PLAM_API_CAND_HANDLERS_H
#include "api/api.h"

extern const struct api_input api_my_answer_in;
plam_err api_my_offers(struct api_call *c);
plam_err api_my_offer_answer(struct api_call *c);
extern const struct api_input api_my_erase_in, api_my_contact_in, api_cand_verify_in;
plam_err api_cand_quals(struct api_call *c);
plam_err api_cand_verify(struct api_call *c);
plam_err api_my_contact(struct api_call *c);
plam_err api_my_data(struct api_call *c);
plam_err api_my_data_erase(struct api_call *c);

#endif
