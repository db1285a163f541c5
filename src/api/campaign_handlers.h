/* Handlers of the allocation campaign API (issue 4); mapped to routes in routes.c. */
#ifndef PLAM_API_CAMPAIGN_HANDLERS_H
#define PLAM_API_CAMPAIGN_HANDLERS_H
#include "api/api.h"

plam_err api_campaigns_list(struct api_call *c);
plam_err api_campaigns_create(struct api_call *c);
plam_err api_campaigns_get(struct api_call *c);
plam_err api_campaigns_update(struct api_call *c);
plam_err api_campaigns_posts(struct api_call *c);
plam_err api_campaigns_sites(struct api_call *c);
plam_err api_campaigns_post_create(struct api_call *c);
plam_err api_campaign_posts_update(struct api_call *c);
plam_err api_campaigns_candidates(struct api_call *c);
plam_err api_campaigns_candidate_create(struct api_call *c);
plam_err api_campaign_candidates_update(struct api_call *c);
plam_err api_campaigns_wishes(struct api_call *c);
plam_err api_campaigns_wishes_put(struct api_call *c);
plam_err api_campaign_posts_ranking(struct api_call *c);
plam_err api_campaign_posts_ranking_put(struct api_call *c);
plam_err api_campaigns_run(struct api_call *c);
plam_err api_campaigns_runs(struct api_call *c);
plam_err api_campaign_runs_get(struct api_call *c);
plam_err api_campaign_runs_bundle(struct api_call *c);
plam_err api_campaign_runs_result(struct api_call *c);
plam_err api_campaigns_my_result(struct api_call *c);
/* CSV import and export of posts and candidates (campaign_csv_api.c). */
plam_err api_campaigns_posts_import(struct api_call *c);
plam_err api_campaigns_candidates_import(struct api_call *c);
plam_err api_campaigns_posts_csv(struct api_call *c);
plam_err api_campaigns_candidates_csv(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_campaign_in, api_cpost_in, api_ccand_in, api_wishes_in, api_ranking_in, api_run_in,
  api_ccsv_import_in;

#endif
