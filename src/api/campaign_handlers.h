/* Handlers of the allocation campaign API (issue 4); mapped to routes in routes.c. */
#ifndef PLAM_API_CAMPAIGN_HANDLERS_H
#define PLAM_API_CAMPAIGN_HANDLERS_H
#include "http/http.h"

plam_err api_campaigns_list(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_create(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_get(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_update(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_posts(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_post_create(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_posts_update(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_candidates(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_candidate_create(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_candidates_update(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_wishes(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_wishes_put(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_posts_ranking(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_posts_ranking_put(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_run(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_runs(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_runs_get(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_runs_bundle(struct http_req *req, struct http_resp *resp);
plam_err api_campaign_runs_result(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_my_result(struct http_req *req, struct http_resp *resp);
/* CSV import and export of posts and candidates (campaign_csv_api.c). */
plam_err api_campaigns_posts_import(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_candidates_import(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_posts_csv(struct http_req *req, struct http_resp *resp);
plam_err api_campaigns_candidates_csv(struct http_req *req, struct http_resp *resp);

#endif
