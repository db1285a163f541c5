/* Handlers of the geography API (communes, areas, establishments and their
 * units, FINESS import; issue 11); mapped to routes in routes.c. */
#ifndef PLAM_API_GEO_HANDLERS_H
#define PLAM_API_GEO_HANDLERS_H
#include "api/api.h"

extern const struct api_input api_communes_in, api_areas_list_in, api_area_in, api_geo_upload_in, api_estab_list_in,
  api_estab_in, api_unit_in;

plam_err api_communes(struct api_call *c);
plam_err api_areas_list(struct api_call *c);
plam_err api_public_areas(struct api_call *c);
plam_err api_areas_create(struct api_call *c);
plam_err api_areas_get(struct api_call *c);
plam_err api_areas_update(struct api_call *c);
plam_err api_areas_delete(struct api_call *c);
plam_err api_areas_communes(struct api_call *c);
plam_err api_areas_import(struct api_call *c);

plam_err api_estab_categories(struct api_call *c);
plam_err api_estab_list(struct api_call *c);
plam_err api_estab_create(struct api_call *c);
plam_err api_estab_get(struct api_call *c);
plam_err api_estab_update(struct api_call *c);
plam_err api_estab_delete(struct api_call *c);
plam_err api_estab_units(struct api_call *c);
plam_err api_estab_unit_create(struct api_call *c);
plam_err api_units_update(struct api_call *c);
plam_err api_units_delete(struct api_call *c);
plam_err api_estab_import(struct api_call *c);

#endif
