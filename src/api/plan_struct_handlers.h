/* Handlers of the plan structure in and out (issue 3): export as XLSX or CSV,
 * import as a new draft plan, one action's detail; mapped in routes.c. */
#ifndef PLAM_API_PLAN_STRUCT_HANDLERS_H
#define PLAM_API_PLAN_STRUCT_HANDLERS_H
#include "api/api.h"

plam_err api_plans_structure_xlsx(struct api_call *c);
plam_err api_plans_structure_csv(struct api_call *c);
plam_err api_plans_structure_import(struct api_call *c);
plam_err api_actions_get(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_structure_import_in;

#endif
