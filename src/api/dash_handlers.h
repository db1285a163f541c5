/* Handlers of the recruitment dashboards (issue 11, dash_api.c); mapped to routes in routes.c. */
#ifndef PLAM_API_DASH_HANDLERS_H
#define PLAM_API_DASH_HANDLERS_H
#include "api/api.h"
#include "api/input.h"

extern const struct api_input api_dash_query_in, api_dash_link_in;

plam_err api_dash_view(struct api_call *c);
plam_err api_dash_csv(struct api_call *c);
plam_err api_dash_links(struct api_call *c);
plam_err api_dash_link_create(struct api_call *c);
plam_err api_dash_link_delete(struct api_call *c);
plam_err api_dash_measure(struct api_call *c);

#endif
