/* Handlers of the territorial committee workbooks (issue 3): list of
 * committees, workbook download and upload, an upload's diff, approval and
 * discarding; mapped to routes in routes.c. */
#ifndef PLAM_API_COMMITTEE_HANDLERS_H
#define PLAM_API_COMMITTEE_HANDLERS_H
#include "api/api.h"

plam_err api_committees_list(struct api_call *c);
plam_err api_gov_bodies_workbook(struct api_call *c);
plam_err api_gov_bodies_workbook_upload(struct api_call *c);
plam_err api_committee_uploads_get(struct api_call *c);
plam_err api_committee_uploads_approve(struct api_call *c);
plam_err api_committee_uploads_discard(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_workbook_upload_in;

#endif
