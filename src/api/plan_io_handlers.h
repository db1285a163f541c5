/* Handlers of a plan's data in and out (issue 3): imports, exports, IATI,
 * open data, COPIL pack; mapped to routes in routes.c. */
#ifndef PLAM_API_PLAN_IO_HANDLERS_H
#define PLAM_API_PLAN_IO_HANDLERS_H
#include "http/http.h"

plam_err api_plans_measurements_import(struct http_req *req, struct http_resp *resp);
plam_err api_plans_iati(struct http_req *req, struct http_resp *resp);
plam_err api_opendata_plans(struct http_req *req, struct http_resp *resp);
plam_err api_opendata_plan(struct http_req *req, struct http_resp *resp);

#endif
