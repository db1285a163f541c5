/* Handlers of the territorial committee workbooks (issue 3): list of
 * committees, workbook download and upload, an upload's diff, approval and
 * discarding; mapped to routes in routes.c. */
#ifndef PLAM_API_COMMITTEE_HANDLERS_H
#define PLAM_API_COMMITTEE_HANDLERS_H
#include "http/http.h"

plam_err api_committees_list(struct http_req *req, struct http_resp *resp);
plam_err api_gov_bodies_workbook(struct http_req *req, struct http_resp *resp);
plam_err api_gov_bodies_workbook_upload(struct http_req *req, struct http_resp *resp);
plam_err api_committee_uploads_get(struct http_req *req, struct http_resp *resp);
plam_err api_committee_uploads_approve(struct http_req *req, struct http_resp *resp);
plam_err api_committee_uploads_discard(struct http_req *req, struct http_resp *resp);

#endif
