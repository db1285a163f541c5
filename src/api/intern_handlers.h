/* Handlers of the internships API (issue 12, /api/intern/...); mapped to
 * routes in routes.c. */
#ifndef PLAM_API_INTERN_HANDLERS_H
#define PLAM_API_INTERN_HANDLERS_H
#include "api/api.h"

extern const struct api_input api_isite_in, api_idecision_in, api_iassign_in, api_iposts_in, api_ieval_in,
  api_imoderate_in, api_isemester_in, api_ioppi_in, api_irule_in, api_ialerts_in, api_ialert_act_in,
  api_ireview_create_in, api_ireview_in, api_iaction_in;

plam_err api_intern_sites(struct api_call *c);
plam_err api_intern_site_create(struct api_call *c);
plam_err api_intern_site_get(struct api_call *c);
plam_err api_intern_site_update(struct api_call *c);
plam_err api_intern_site_decide(struct api_call *c);
plam_err api_intern_site_results(struct api_call *c);
plam_err api_intern_site_assign(struct api_call *c);
plam_err api_intern_ipa_offers(struct api_call *c);
plam_err api_intern_ipa_map(struct api_call *c);
plam_err api_intern_campaign_posts(struct api_call *c);
plam_err api_intern_results(struct api_call *c);
plam_err api_intern_my_evaluations(struct api_call *c);
plam_err api_intern_evaluate(struct api_call *c);
plam_err api_intern_moderation(struct api_call *c);
plam_err api_intern_moderate(struct api_call *c);
plam_err api_intern_semesters(struct api_call *c);
plam_err api_intern_semester_close(struct api_call *c);
plam_err api_intern_oppi_import(struct api_call *c);
plam_err api_intern_rules(struct api_call *c);
plam_err api_intern_rule_update(struct api_call *c);
plam_err api_intern_alerts(struct api_call *c);
plam_err api_intern_alert_get(struct api_call *c);
plam_err api_intern_alert_act(struct api_call *c);
plam_err api_intern_reviews(struct api_call *c);
plam_err api_intern_review_create(struct api_call *c);
plam_err api_intern_review_get(struct api_call *c);
plam_err api_intern_review_update(struct api_call *c);
plam_err api_intern_programmes(struct api_call *c);
plam_err api_intern_action_create(struct api_call *c);
plam_err api_intern_action_update(struct api_call *c);

#endif
