/* Handlers of the COPIL pack, the printable report and the open data of
 * plans (issue 3); mapped to routes in routes.c. */
#ifndef PLAM_API_REPORT_HANDLERS_H
#define PLAM_API_REPORT_HANDLERS_H
#include "http/http.h"

plam_err api_plans_copil_xlsx(struct http_req *req, struct http_resp *resp);
plam_err api_plans_report_html(struct http_req *req, struct http_resp *resp);
plam_err api_open_data_plans(struct http_req *req, struct http_resp *resp);
plam_err api_open_data_plan(struct http_req *req, struct http_resp *resp);

#endif
