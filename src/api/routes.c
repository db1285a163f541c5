/* The route table: method, path pattern, handler, permission, flags. The
 * authorize hook enforces perm and flags for every route, `plam routes`
 * prints this table, the end-to-end tests derive their permission checks
 * from it, and the OpenAPI file is checked against it. */
#include "api/api.h"
#include "api/handlers.h"
#include "api/campaign_handlers.h"
#include "api/plan_handlers.h"
#include "api/plan_io_handlers.h"
#include "api/plan_struct_handlers.h"

#define PUB ROUTE_PUBLIC
#define W ROUTE_WRITE

const struct http_route api_routes[] = {
  {HTTP_GET, "/healthz", api_healthz, "public.read", PUB | ROUTE_RAW, "Liveness and database check"},
  {HTTP_GET, "/metrics", api_metrics, "public.read", PUB | ROUTE_RAW, "Prometheus metrics"},
  {HTTP_GET, "/api/version", api_version, "public.read", PUB, "Program and schema version"},
  {HTTP_GET, "/api/config", api_config, "public.read", PUB, "Public instance configuration (name, brand block)"},
  {HTTP_GET, "/api/roles", api_roles, "public.read", PUB, "Roles with labels and permissions"},
  {HTTP_GET, "/api/territories", api_territories, "public.read", PUB, "Régions and départements"},
  {HTTP_GET, "/api/organisation-kinds", api_org_kinds, "public.read", PUB, "Kinds of organisation"},
  {HTTP_POST, "/api/session", api_session_create, "public.read", PUB | ROUTE_NO_CSRF | W, "Log in"},
  {HTTP_DELETE, "/api/session", api_session_delete, "me.write", W, "Log out"},
  {HTTP_GET, "/api/me", api_me_get, "me.read", 0, "Current user, permissions and CSRF token"},
  {HTTP_POST, "/api/me/password", api_me_password, "me.write", W, "Change my password"},
  {HTTP_GET, "/api/users", api_users_list, "user.read", 0, "List accounts"},
  {HTTP_POST, "/api/users", api_users_create, "user.write", W, "Create an account"},
  {HTTP_GET, "/api/users/{id}", api_users_get, "user.read", 0, "Get an account"},
  {HTTP_PATCH, "/api/users/{id}", api_users_update, "user.write", W, "Update, disable or enable an account"},
  {HTTP_POST, "/api/users/{id}/password", api_users_password, "user.write", W, "Set an account's password"},
  {HTTP_GET, "/api/organisations", api_orgs_list, "org.read", 0, "List organisations"},
  {HTTP_POST, "/api/organisations", api_orgs_create, "org.write", W, "Create an organisation"},
  {HTTP_GET, "/api/organisations/{id}", api_orgs_get, "org.read", 0, "Get an organisation"},
  {HTTP_PATCH, "/api/organisations/{id}", api_orgs_update, "org.write_own", W, "Update an organisation (own one unless org.write)"},
  {HTTP_GET, "/api/audit", api_audit_list, "audit.read", 0, "Audit log"},
  {HTTP_GET, "/api/plans", api_plans_list, "plan.read", PUB, "List plans (public: published ones)"},
  {HTTP_GET, "/api/plans/{id}", api_plans_get, "plan.read", PUB, "Plan detail: axes, actions, partners, roadmap, indicators, targets"},
  {HTTP_PATCH, "/api/plans/{id}", api_plans_update, "plan.write", W, "Update a plan (title, summary, status)"},
  {HTTP_GET, "/api/plans/{id}/dashboard", api_plans_dashboard, "plan.read", PUB, "Plan dashboard: explained progress, weather, money"},
  {HTTP_GET, "/api/plans/{id}/governance", api_plans_governance, "plan.read", PUB, "Governance bodies, meetings, decisions"},
  {HTTP_POST, "/api/plans/{id}/decisions", api_plans_decision_create, "plan.write", W, "Record a decision"},
  {HTTP_GET, "/api/plans/{id}/budget-lines", api_plans_budget, "plan.read", PUB, "Budget lines (history=1: every version)"},
  {HTTP_POST, "/api/plans/{id}/budget-lines", api_plans_budget_create, "plan.write", W, "Create a budget line"},
  {HTTP_PUT, "/api/budget-lines/{id}", api_budget_revise, "plan.write", W, "Revise a budget line (new version citing a decision)"},
  {HTTP_DELETE, "/api/budget-lines/{id}", api_budget_withdraw, "plan.write", W, "Withdraw a budget line (kept in history)"},
  {HTTP_GET, "/api/plans/{id}/contributions", api_plans_contributions, "contribution.read", 0, "Contributions and answers"},
  {HTTP_POST, "/api/plans/{id}/contributions", api_plans_contribution_create, "contribution.write", W, "Send a contribution"},
  {HTTP_POST, "/api/contributions/{id}/answer", api_contribution_answer, "plan.write", W, "Answer a contribution"},
  {HTTP_GET, "/api/plans/{id}/measurements/pending", api_plans_pending, "measurement.review", 0, "Proposed values awaiting review"},
  {HTTP_GET, "/api/indicators/{id}", api_indicators_get, "plan.read", PUB, "Indicator: targets, values over time, latest per territory"},
  {HTTP_POST, "/api/indicators/{id}/measurements", api_measurement_propose, "measurement.propose", W, "Propose a value"},
  {HTTP_POST, "/api/measurements/{id}/validate", api_measurement_validate, "measurement.review", W, "Validate a proposed value"},
  {HTTP_POST, "/api/measurements/{id}/reject", api_measurement_reject, "measurement.review", W, "Reject a proposed value with a reason"},
  {HTTP_PATCH, "/api/actions/{id}", api_actions_update, "action.update", W, "Update an action (status, objective, description)"},
  {HTTP_GET, "/api/actions/{id}/weather", api_actions_weather, "plan.read", PUB, "Weather history of an action"},
  {HTTP_POST, "/api/actions/{id}/weather", api_actions_weather_post, "action.update", W, "Record the weather of an action"},
  {HTTP_POST, "/api/plans/{id}/measurements/import", api_plans_measurements_import, "measurement.propose", W | ROUTE_UPLOAD, "Import values from a CSV or XLSX file (validated in full; proposed as one batch)"},
  {HTTP_GET, "/api/plans/{id}/iati.xml", api_plans_iati, "plan.read", PUB, "IATI 2.03 XML of the plan's results and budgets"},
  {HTTP_GET, "/api/plans/{id}/structure.xlsx", api_plans_structure_xlsx, "plan.read", PUB, "Plan structure as an XLSX workbook (one sheet per table; a valid import)"},
  {HTTP_GET, "/api/plans/{id}/structure.csv", api_plans_structure_csv, "plan.read", PUB, "Plan structure as one CSV file (a valid import)"},
  {HTTP_POST, "/api/plans/import", api_plans_structure_import, "plan.write", W | ROUTE_UPLOAD, "Create a draft plan from a structure file (CSV or XLSX, validated in full)"},
  {HTTP_GET, "/api/actions/{id}", api_actions_get, "plan.read", PUB, "Action: indicators and targets, partners, roadmap, texts, figures"},
  {HTTP_GET, "/api/campaigns", api_campaigns_list, "campaign.read", 0, "Allocation campaigns the user may see"},
  {HTTP_POST, "/api/campaigns", api_campaigns_create, "campaign.manage", W, "Create an allocation campaign"},
  {HTTP_GET, "/api/campaigns/{id}", api_campaigns_get, "campaign.read", 0, "Campaign detail and the user's access"},
  {HTTP_PATCH, "/api/campaigns/{id}", api_campaigns_update, "campaign.manage", W, "Update a campaign (title, seed, status)"},
  {HTTP_GET, "/api/campaigns/{id}/posts", api_campaigns_posts, "campaign.read", 0, "Posts of a campaign"},
  {HTTP_POST, "/api/campaigns/{id}/posts", api_campaigns_post_create, "campaign.manage", W, "Add a post"},
  {HTTP_PATCH, "/api/campaign-posts/{id}", api_campaign_posts_update, "campaign.manage", W, "Update a post"},
  {HTTP_GET, "/api/campaigns/{id}/candidates", api_campaigns_candidates, "campaign.manage", 0, "Candidates of a campaign"},
  {HTTP_POST, "/api/campaigns/{id}/candidates", api_campaigns_candidate_create, "campaign.manage", W, "Add a candidate"},
  {HTTP_PATCH, "/api/campaign-candidates/{id}", api_campaign_candidates_update, "campaign.manage", W, "Update a candidate"},
  {HTTP_GET, "/api/campaigns/{id}/wishes", api_campaigns_wishes, "campaign.wish", 0, "My ordered wishes"},
  {HTTP_PUT, "/api/campaigns/{id}/wishes", api_campaigns_wishes_put, "campaign.wish", W, "Replace my ordered wishes"},
  {HTTP_GET, "/api/campaign-posts/{id}/ranking", api_campaign_posts_ranking, "campaign.rank", 0, "A site's ranking of candidates for its post"},
  {HTTP_PUT, "/api/campaign-posts/{id}/ranking", api_campaign_posts_ranking_put, "campaign.rank", W, "Replace a site's ranking for its post"},
  {HTTP_POST, "/api/campaigns/{id}/runs", api_campaigns_run, "campaign.manage", W, "Run the engine (simulation or final)"},
  {HTTP_GET, "/api/campaigns/{id}/runs", api_campaigns_runs, "campaign.manage", 0, "Runs of a campaign"},
  {HTTP_GET, "/api/campaign-runs/{id}", api_campaign_runs_get, "campaign.manage", 0, "Run detail: statistics and assignments"},
  {HTTP_GET, "/api/campaign-runs/{id}/bundle", api_campaign_runs_bundle, "campaign.manage", 0, "The exact engine bundle of a run"},
  {HTTP_GET, "/api/campaign-runs/{id}/result", api_campaign_runs_result, "campaign.manage", 0, "The engine result document of a run"},
  {HTTP_GET, "/api/campaigns/{id}/result", api_campaigns_my_result, "campaign.wish", 0, "My assignment and explanation in the newest run"},
};
const int api_routes_count = (int)(sizeof api_routes / sizeof api_routes[0]);
