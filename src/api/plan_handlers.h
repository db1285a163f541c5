/* Handlers of the plan API (issue 3); mapped to routes in routes.c. */
#ifndef PLAM_API_PLAN_HANDLERS_H
#define PLAM_API_PLAN_HANDLERS_H
#include "api/api.h"

plam_err api_plans_list(struct api_call *c);
plam_err api_plans_get(struct api_call *c);
plam_err api_plans_update(struct api_call *c);
plam_err api_plans_dashboard(struct api_call *c);
plam_err api_plans_governance(struct api_call *c);
plam_err api_plans_budget(struct api_call *c);
plam_err api_plans_budget_create(struct api_call *c);
plam_err api_budget_revise(struct api_call *c);
plam_err api_budget_withdraw(struct api_call *c);
plam_err api_plans_decision_create(struct api_call *c);
plam_err api_plans_contributions(struct api_call *c);
plam_err api_plans_contribution_create(struct api_call *c);
plam_err api_contribution_answer(struct api_call *c);
plam_err api_plans_pending(struct api_call *c);
plam_err api_indicators_get(struct api_call *c);
plam_err api_measurement_propose(struct api_call *c);
plam_err api_measurement_validate(struct api_call *c);
plam_err api_measurement_reject(struct api_call *c);
plam_err api_actions_update(struct api_call *c);
plam_err api_actions_weather(struct api_call *c);
plam_err api_actions_weather_post(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_indicators_get_in, api_plans_budget_in, api_plans_dashboard_in, api_plans_update_in,
  api_actions_update_in, api_measurement_propose_in, api_measurement_review_in, api_actions_weather_post_in,
  api_budget_write_in, api_budget_withdraw_in, api_plans_decision_create_in, api_plans_contribution_create_in,
  api_contribution_answer_in;

#endif
