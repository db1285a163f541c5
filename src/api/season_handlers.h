/* Handlers of the seasonal campaigns for students (season_api.c); mapped to
 * routes in routes.c. */
#ifndef PLAM_API_SEASON_HANDLERS_H
#define PLAM_API_SEASON_HANDLERS_H
#include "api/api.h"

plam_err api_seasons_list(struct api_call *c);
plam_err api_seasons_get(struct api_call *c);
plam_err api_seasons_create(struct api_call *c);
plam_err api_seasons_apply(struct api_call *c);
plam_err api_seasons_update(struct api_call *c);
extern const struct api_input api_season_in;
extern const struct api_input api_season_status_in;

#endif
