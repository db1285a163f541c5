/* Handlers of the plan structure in and out (issue 3): export as XLSX or CSV,
 * import as a new draft plan, one action's detail; mapped in routes.c. */
#ifndef PLAM_API_PLAN_STRUCT_HANDLERS_H
#define PLAM_API_PLAN_STRUCT_HANDLERS_H
#include "http/http.h"

plam_err api_plans_structure_xlsx(struct http_req *req, struct http_resp *resp);
plam_err api_plans_structure_csv(struct http_req *req, struct http_resp *resp);
plam_err api_plans_structure_import(struct http_req *req, struct http_resp *resp);
plam_err api_actions_get(struct http_req *req, struct http_resp *resp);

#endif
