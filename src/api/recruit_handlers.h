/* Handlers of the recruitment API (issue 11: candidates, pools, needs and the
 * ranking of a stored need); mapped to routes in routes.c. */
#ifndef PLAM_API_RECRUIT_HANDLERS_H
#define PLAM_API_RECRUIT_HANDLERS_H
#include "api/api.h"

plam_err api_recruit_nomenclatures(struct api_call *c);
plam_err api_pools_list(struct api_call *c);
plam_err api_pools_create(struct api_call *c);
plam_err api_pools_update(struct api_call *c);
plam_err api_candidates_create(struct api_call *c);
plam_err api_candidates_get(struct api_call *c);
plam_err api_candidates_update(struct api_call *c);
plam_err api_me_candidate(struct api_call *c);
plam_err api_needs_list(struct api_call *c);
plam_err api_needs_create(struct api_call *c);
plam_err api_needs_get(struct api_call *c);
plam_err api_needs_update(struct api_call *c);
plam_err api_needs_ranking(struct api_call *c);
plam_err api_candidates_import(struct api_call *c);
plam_err api_needs_import(struct api_call *c);

extern const struct api_input api_pool_in, api_pool_status_in, api_candidate_in, api_need_in, api_need_status_in,
  api_recruit_import_in;

#endif
