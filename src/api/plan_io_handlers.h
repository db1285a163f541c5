/* Handlers of a plan's data in and out (issue 3): measurement import and
 * IATI export; mapped to routes in routes.c. */
#ifndef PLAM_API_PLAN_IO_HANDLERS_H
#define PLAM_API_PLAN_IO_HANDLERS_H
#include "http/http.h"

plam_err api_plans_measurements_import(struct http_req *req, struct http_resp *resp);
plam_err api_plans_iati(struct http_req *req, struct http_resp *resp);

#endif
