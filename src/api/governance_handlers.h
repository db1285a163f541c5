/* Handlers of the governance writes (issue 3): bodies, meetings, decision
 * updates, indicator targets and their revisions; mapped in routes.c. */
#ifndef PLAM_API_GOVERNANCE_HANDLERS_H
#define PLAM_API_GOVERNANCE_HANDLERS_H
#include "http/http.h"

plam_err api_gov_body_create(struct http_req *req, struct http_resp *resp);
plam_err api_gov_body_update(struct http_req *req, struct http_resp *resp);
plam_err api_gov_meeting_create(struct http_req *req, struct http_resp *resp);
plam_err api_gov_meeting_update(struct http_req *req, struct http_resp *resp);
plam_err api_decision_update(struct http_req *req, struct http_resp *resp);
plam_err api_indicator_target_create(struct http_req *req, struct http_resp *resp);
plam_err api_indicator_target_revise(struct http_req *req, struct http_resp *resp);

#endif
