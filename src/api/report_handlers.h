/* Handlers of the COPIL pack, the printable report and the open data of
 * plans (issue 3); mapped to routes in routes.c. */
#ifndef PLAM_API_REPORT_HANDLERS_H
#define PLAM_API_REPORT_HANDLERS_H
#include "api/api.h"

plam_err api_plans_copil_xlsx(struct api_call *c);
plam_err api_plans_report_html(struct api_call *c);
plam_err api_open_data_plans(struct api_call *c);
plam_err api_open_data_plan(struct api_call *c);

#endif
