/* The route table: method, path pattern, handler, input spec, permission,
 * flags. Every route goes through api_dispatch, which checks the input
 * against the spec before the handler runs (call.c, input.h); the
 * authorize hook enforces perm and flags; `plam routes` prints this table
 * with the specs, the end-to-end tests derive their permission and input
 * checks from it, and the OpenAPI file is checked against it. */
#include "api/api.h"
#include "api/handlers.h"
#include "api/campaign_handlers.h"
#include "api/plan_handlers.h"
#include "api/plan_io_handlers.h"
#include "api/committee_handlers.h"
#include "api/report_handlers.h"
#include "api/governance_handlers.h"
#include "api/plan_struct_handlers.h"

#define PUB ROUTE_PUBLIC
#define W ROUTE_WRITE
/* method, pattern, handler, input spec (NULL: none), permission, flags, summary */
#define R(m, pattern, fn, in, perm, flags, summary) \
  {m, pattern, api_dispatch, perm, flags, summary, &(const struct http_input){fn, in}}

const struct http_route api_routes[] = {
  R(HTTP_GET, "/healthz", api_healthz, NULL, "public.read", PUB | ROUTE_RAW, "Liveness and database check"),
  R(HTTP_GET, "/metrics", api_metrics, &api_no_db_in, "public.read", PUB | ROUTE_RAW, "Prometheus metrics"),
  R(HTTP_GET, "/api/version", api_version, &api_no_db_in, "public.read", PUB, "Program and schema version"),
  R(HTTP_GET, "/api/config", api_config, &api_no_db_in, "public.read", PUB, "Public instance configuration (name, brand block)"),
  R(HTTP_GET, "/api/roles", api_roles, &api_no_db_in, "public.read", PUB, "Roles with labels and permissions"),
  R(HTTP_GET, "/api/territories", api_territories, &api_territories_in, "public.read", PUB, "Régions and départements"),
  R(HTTP_GET, "/api/organisation-kinds", api_org_kinds, &api_no_db_in, "public.read", PUB, "Kinds of organisation"),
  R(HTTP_POST, "/api/session", api_session_create, &api_session_create_in, "public.read", PUB | ROUTE_NO_CSRF | W, "Log in"),
  R(HTTP_DELETE, "/api/session", api_session_delete, NULL, "me.write", W, "Log out"),
  R(HTTP_GET, "/api/me", api_me_get, &api_no_db_in, "me.read", 0, "Current user, permissions and CSRF token"),
  R(HTTP_POST, "/api/me/password", api_me_password, &api_me_password_in, "me.write", W, "Change my password"),
  R(HTTP_GET, "/api/users", api_users_list, &api_users_list_in, "user.read", 0, "List accounts"),
  R(HTTP_POST, "/api/users", api_users_create, &api_users_create_in, "user.write", W, "Create an account"),
  R(HTTP_GET, "/api/users/{id}", api_users_get, NULL, "user.read", 0, "Get an account"),
  R(HTTP_PATCH, "/api/users/{id}", api_users_update, &api_users_update_in, "user.write", W, "Update, disable or enable an account"),
  R(HTTP_POST, "/api/users/{id}/password", api_users_password, &api_users_password_in, "user.write", W, "Set an account's password"),
  R(HTTP_GET, "/api/organisations", api_orgs_list, &api_orgs_list_in, "org.read", 0, "List organisations"),
  R(HTTP_POST, "/api/organisations", api_orgs_create, &api_orgs_create_in, "org.write", W, "Create an organisation"),
  R(HTTP_GET, "/api/organisations/{id}", api_orgs_get, NULL, "org.read", 0, "Get an organisation"),
  R(HTTP_PATCH, "/api/organisations/{id}", api_orgs_update, &api_orgs_update_in, "org.write_own", W, "Update an organisation (own one unless org.write)"),
  R(HTTP_GET, "/api/audit", api_audit_list, &api_audit_list_in, "audit.read", 0, "Audit log"),
  R(HTTP_GET, "/api/plans", api_plans_list, NULL, "plan.read", PUB, "List plans (public: published ones)"),
  R(HTTP_GET, "/api/plans/{id}", api_plans_get, NULL, "plan.read", PUB, "Plan detail: axes, actions, partners, roadmap, indicators, targets"),
  R(HTTP_PATCH, "/api/plans/{id}", api_plans_update, &api_plans_update_in, "plan.write", W, "Update a plan (title, summary, status)"),
  R(HTTP_GET, "/api/plans/{id}/dashboard", api_plans_dashboard, &api_plans_dashboard_in, "plan.read", PUB, "Plan dashboard: explained progress, weather, money"),
  R(HTTP_GET, "/api/plans/{id}/governance", api_plans_governance, NULL, "plan.read", PUB, "Governance bodies, meetings, decisions"),
  R(HTTP_POST, "/api/plans/{id}/decisions", api_plans_decision_create, &api_plans_decision_create_in, "plan.write", W, "Record a decision"),
  R(HTTP_GET, "/api/plans/{id}/budget-lines", api_plans_budget, &api_plans_budget_in, "plan.read", PUB, "Budget lines (history=1: every version)"),
  R(HTTP_POST, "/api/plans/{id}/budget-lines", api_plans_budget_create, &api_budget_write_in, "plan.write", W, "Create a budget line"),
  R(HTTP_PUT, "/api/budget-lines/{id}", api_budget_revise, &api_budget_write_in, "plan.write", W, "Revise a budget line (new version citing a decision)"),
  R(HTTP_DELETE, "/api/budget-lines/{id}", api_budget_withdraw, &api_budget_withdraw_in, "plan.write", W, "Withdraw a budget line (kept in history)"),
  R(HTTP_GET, "/api/plans/{id}/contributions", api_plans_contributions, NULL, "contribution.read", 0, "Contributions and answers"),
  R(HTTP_POST, "/api/plans/{id}/contributions", api_plans_contribution_create, &api_plans_contribution_create_in, "contribution.write", W, "Send a contribution"),
  R(HTTP_POST, "/api/contributions/{id}/answer", api_contribution_answer, &api_contribution_answer_in, "plan.write", W, "Answer a contribution"),
  R(HTTP_GET, "/api/plans/{id}/measurements/pending", api_plans_pending, NULL, "measurement.review", 0, "Proposed values awaiting review"),
  R(HTTP_GET, "/api/indicators/{id}", api_indicators_get, &api_indicators_get_in, "plan.read", PUB, "Indicator: targets, values over time, latest per territory"),
  R(HTTP_POST, "/api/indicators/{id}/measurements", api_measurement_propose, &api_measurement_propose_in, "measurement.propose", W, "Propose a value"),
  R(HTTP_POST, "/api/measurements/{id}/validate", api_measurement_validate, &api_measurement_review_in, "measurement.review", W, "Validate a proposed value"),
  R(HTTP_POST, "/api/measurements/{id}/reject", api_measurement_reject, &api_measurement_review_in, "measurement.review", W, "Reject a proposed value with a reason"),
  R(HTTP_PATCH, "/api/actions/{id}", api_actions_update, &api_actions_update_in, "action.update", W, "Update an action (status, objective, description)"),
  R(HTTP_GET, "/api/actions/{id}/weather", api_actions_weather, NULL, "plan.read", PUB, "Weather history of an action"),
  R(HTTP_POST, "/api/actions/{id}/weather", api_actions_weather_post, &api_actions_weather_post_in, "action.update", W, "Record the weather of an action"),
  R(HTTP_POST, "/api/plans/{id}/measurements/import", api_plans_measurements_import, &api_measurements_import_in, "measurement.propose", W | ROUTE_UPLOAD, "Import values from a CSV or XLSX file (validated in full; proposed as one batch)"),
  R(HTTP_GET, "/api/plans/{id}/iati.xml", api_plans_iati, NULL, "plan.read", PUB, "IATI 2.03 XML of the plan's results and budgets"),
  R(HTTP_GET, "/api/plans/{id}/copil.xlsx", api_plans_copil_xlsx, NULL, "plan.read", PUB, "COPIL workbook: summary, then one sheet per axis (actions, indicators, budget lines)"),
  R(HTTP_GET, "/api/plans/{id}/rapport.html", api_plans_report_html, NULL, "plan.read", PUB, "Printable HTML report of the plan, every figure explained"),
  R(HTTP_GET, "/api/open-data/plans", api_open_data_plans, NULL, "public.read", PUB, "Open data: published plans"),
  R(HTTP_GET, "/api/open-data/plans/{id}", api_open_data_plan, NULL, "public.read", PUB, "Open data: a published plan with validated values only"),
  R(HTTP_POST, "/api/plans/{id}/gov-bodies", api_gov_body_create, &api_gov_body_in, "plan.write", W, "Create a governance body (COPIL, committee, conference)"),
  R(HTTP_PATCH, "/api/gov-bodies/{id}", api_gov_body_update, &api_gov_body_in, "plan.write", W, "Update a governance body and its pilot organisations"),
  R(HTTP_POST, "/api/gov-bodies/{id}/meetings", api_gov_meeting_create, &api_gov_meeting_in, "plan.write", W, "Record a meeting of a body"),
  R(HTTP_PATCH, "/api/gov-meetings/{id}", api_gov_meeting_update, &api_gov_meeting_in, "plan.write", W, "Update a meeting: date, place, status, minutes, attendees"),
  R(HTTP_PATCH, "/api/decisions/{id}", api_decision_update, &api_decision_update_in, "plan.write", W, "Update a decision: owner, due date, status, meeting"),
  R(HTTP_POST, "/api/indicators/{id}/targets", api_indicator_target_create, &api_target_in, "plan.write", W, "Add a baseline or target to an indicator"),
  R(HTTP_PUT, "/api/indicator-targets/{id}", api_indicator_target_revise, &api_target_in, "plan.write", W, "Revise a target (new version citing a decision; the old one is kept)"),
  R(HTTP_GET, "/api/plans/{id}/structure.xlsx", api_plans_structure_xlsx, NULL, "plan.read", PUB, "Plan structure as an XLSX workbook (one sheet per table; a valid import)"),
  R(HTTP_GET, "/api/plans/{id}/structure.csv", api_plans_structure_csv, NULL, "plan.read", PUB, "Plan structure as one CSV file (a valid import)"),
  R(HTTP_POST, "/api/plan-imports", api_plans_structure_import, &api_structure_import_in, "plan.write", W | ROUTE_UPLOAD, "Create a draft plan from a structure file (CSV or XLSX, validated in full)"),
  R(HTTP_GET, "/api/actions/{id}", api_actions_get, NULL, "plan.read", PUB, "Action: indicators and targets, partners, roadmap, texts, figures"),
  R(HTTP_GET, "/api/campaigns", api_campaigns_list, NULL, "campaign.read", 0, "Allocation campaigns the user may see"),
  R(HTTP_POST, "/api/campaigns", api_campaigns_create, &api_campaign_in, "campaign.manage", W, "Create an allocation campaign"),
  R(HTTP_GET, "/api/campaigns/{id}", api_campaigns_get, NULL, "campaign.read", 0, "Campaign detail and the user's access"),
  R(HTTP_PATCH, "/api/campaigns/{id}", api_campaigns_update, &api_campaign_in, "campaign.manage", W, "Update a campaign (title, seed, status)"),
  R(HTTP_GET, "/api/campaigns/{id}/posts", api_campaigns_posts, NULL, "campaign.read", 0, "Posts of a campaign"),
  R(HTTP_POST, "/api/campaigns/{id}/posts", api_campaigns_post_create, &api_cpost_in, "campaign.manage", W, "Add a post"),
  R(HTTP_PATCH, "/api/campaign-posts/{id}", api_campaign_posts_update, &api_cpost_in, "campaign.manage", W, "Update a post"),
  R(HTTP_GET, "/api/campaigns/{id}/candidates", api_campaigns_candidates, NULL, "campaign.manage", 0, "Candidates of a campaign"),
  R(HTTP_POST, "/api/campaigns/{id}/candidates", api_campaigns_candidate_create, &api_ccand_in, "campaign.manage", W, "Add a candidate"),
  R(HTTP_PATCH, "/api/campaign-candidates/{id}", api_campaign_candidates_update, &api_ccand_in, "campaign.manage", W, "Update a candidate"),
  R(HTTP_GET, "/api/campaigns/{id}/wishes", api_campaigns_wishes, NULL, "campaign.wish", 0, "My ordered wishes"),
  R(HTTP_PUT, "/api/campaigns/{id}/wishes", api_campaigns_wishes_put, &api_wishes_in, "campaign.wish", W, "Replace my ordered wishes"),
  R(HTTP_GET, "/api/campaign-posts/{id}/ranking", api_campaign_posts_ranking, NULL, "campaign.rank", 0, "A site's ranking of candidates for its post"),
  R(HTTP_PUT, "/api/campaign-posts/{id}/ranking", api_campaign_posts_ranking_put, &api_ranking_in, "campaign.rank", W, "Replace a site's ranking for its post"),
  R(HTTP_POST, "/api/campaigns/{id}/runs", api_campaigns_run, &api_run_in, "campaign.manage", W, "Run the engine (simulation or final)"),
  R(HTTP_GET, "/api/campaigns/{id}/runs", api_campaigns_runs, NULL, "campaign.manage", 0, "Runs of a campaign"),
  R(HTTP_GET, "/api/campaign-runs/{id}", api_campaign_runs_get, NULL, "campaign.manage", 0, "Run detail: statistics and assignments"),
  R(HTTP_GET, "/api/campaign-runs/{id}/bundle", api_campaign_runs_bundle, NULL, "campaign.manage", 0, "The exact engine bundle of a run"),
  R(HTTP_GET, "/api/campaign-runs/{id}/result", api_campaign_runs_result, NULL, "campaign.manage", 0, "The engine result document of a run"),
  R(HTTP_GET, "/api/campaigns/{id}/result", api_campaigns_my_result, NULL, "campaign.wish", 0, "My assignment and explanation in the newest run"),
  R(HTTP_GET, "/api/committees", api_committees_list, NULL, "measurement.propose", 0, "Territorial committees with their rows and latest uploads"),
  R(HTTP_GET, "/api/gov-bodies/{id}/workbook.xlsx", api_gov_bodies_workbook, NULL, "measurement.propose", 0, "Pre-filled XLSX workbook of a territorial committee"),
  R(HTTP_POST, "/api/gov-bodies/{id}/workbook", api_gov_bodies_workbook_upload, &api_workbook_upload_in, "measurement.propose", W | ROUTE_UPLOAD, "Upload a filled committee workbook: stored with its cell-level diff"),
  R(HTTP_GET, "/api/committee-uploads/{id}", api_committee_uploads_get, NULL, "measurement.propose", 0, "A committee upload: cell-level diff and errors"),
  R(HTTP_POST, "/api/committee-uploads/{id}/approve", api_committee_uploads_approve, NULL, "measurement.propose", W, "Approve a committee upload: propose its values as one batch"),
  R(HTTP_POST, "/api/committee-uploads/{id}/discard", api_committee_uploads_discard, NULL, "measurement.propose", W, "Discard a committee upload"),
  R(HTTP_POST, "/api/campaigns/{id}/posts/import", api_campaigns_posts_import, &api_ccsv_import_in, "campaign.manage", W | ROUTE_UPLOAD, "Import posts from a CSV file (validated in full; one transaction)"),
  R(HTTP_POST, "/api/campaigns/{id}/candidates/import", api_campaigns_candidates_import, &api_ccsv_import_in, "campaign.manage", W | ROUTE_UPLOAD, "Import candidates from a CSV file (validated in full; one transaction)"),
  R(HTTP_GET, "/api/campaigns/{id}/posts.csv", api_campaigns_posts_csv, NULL, "campaign.manage", 0, "Posts of a campaign as CSV (the import layout)"),
  R(HTTP_GET, "/api/campaigns/{id}/candidates.csv", api_campaigns_candidates_csv, NULL, "campaign.manage", 0, "Candidates of a campaign as CSV (the import layout)"),
};
const int api_routes_count = (int)(sizeof api_routes / sizeof api_routes[0]);
