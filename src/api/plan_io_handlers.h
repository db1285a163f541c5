/* Handlers of a plan's data in and out (issue 3): measurement import and
 * IATI export; mapped to routes in routes.c. */
#ifndef PLAM_API_PLAN_IO_HANDLERS_H
#define PLAM_API_PLAN_IO_HANDLERS_H
#include "api/api.h"

plam_err api_plans_measurements_import(struct api_call *c);
plam_err api_plans_iati(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_measurements_import_in;
/* The file types a table upload accepts (CSV or XLSX) and the 415 message. */
extern const char *const api_table_media[];
extern const char api_table_media_hint[];

#endif
