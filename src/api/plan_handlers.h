/* Handlers of the plan API (issue 3); mapped to routes in routes.c. */
#ifndef PLAM_API_PLAN_HANDLERS_H
#define PLAM_API_PLAN_HANDLERS_H
#include "http/http.h"

plam_err api_plans_list(struct http_req *req, struct http_resp *resp);
plam_err api_plans_get(struct http_req *req, struct http_resp *resp);
plam_err api_plans_update(struct http_req *req, struct http_resp *resp);
plam_err api_plans_dashboard(struct http_req *req, struct http_resp *resp);
plam_err api_plans_governance(struct http_req *req, struct http_resp *resp);
plam_err api_plans_budget(struct http_req *req, struct http_resp *resp);
plam_err api_plans_budget_create(struct http_req *req, struct http_resp *resp);
plam_err api_budget_revise(struct http_req *req, struct http_resp *resp);
plam_err api_budget_withdraw(struct http_req *req, struct http_resp *resp);
plam_err api_plans_decision_create(struct http_req *req, struct http_resp *resp);
plam_err api_plans_contributions(struct http_req *req, struct http_resp *resp);
plam_err api_plans_contribution_create(struct http_req *req, struct http_resp *resp);
plam_err api_contribution_answer(struct http_req *req, struct http_resp *resp);
plam_err api_plans_pending(struct http_req *req, struct http_resp *resp);
plam_err api_indicators_get(struct http_req *req, struct http_resp *resp);
plam_err api_measurement_propose(struct http_req *req, struct http_resp *resp);
plam_err api_measurement_validate(struct http_req *req, struct http_resp *resp);
plam_err api_measurement_reject(struct http_req *req, struct http_resp *resp);
plam_err api_actions_update(struct http_req *req, struct http_resp *resp);
plam_err api_actions_weather(struct http_req *req, struct http_resp *resp);
plam_err api_actions_weather_post(struct http_req *req, struct http_resp *resp);

#endif
