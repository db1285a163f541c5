/* Handlers of the governance writes (issue 3): bodies, meetings, decision
 * updates, indicator targets and their revisions; mapped in routes.c. */
#ifndef PLAM_API_GOVERNANCE_HANDLERS_H
#define PLAM_API_GOVERNANCE_HANDLERS_H
#include "api/api.h"

plam_err api_gov_body_create(struct api_call *c);
plam_err api_gov_body_update(struct api_call *c);
plam_err api_gov_meeting_create(struct api_call *c);
plam_err api_gov_meeting_update(struct api_call *c);
plam_err api_decision_update(struct api_call *c);
plam_err api_indicator_target_create(struct api_call *c);
plam_err api_indicator_target_revise(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_gov_body_in, api_gov_meeting_in, api_decision_update_in, api_target_in;

#endif
