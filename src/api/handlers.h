/* Declarations of every API handler; the route table in routes.c is the only
 * place that maps them to methods, paths and permissions. */
#ifndef PLAM_API_HANDLERS_H
#define PLAM_API_HANDLERS_H
#include "http/http.h"

plam_err api_healthz(struct http_req *req, struct http_resp *resp);
plam_err api_metrics(struct http_req *req, struct http_resp *resp);
plam_err api_version(struct http_req *req, struct http_resp *resp);
plam_err api_config(struct http_req *req, struct http_resp *resp);
plam_err api_roles(struct http_req *req, struct http_resp *resp);
plam_err api_territories(struct http_req *req, struct http_resp *resp);
plam_err api_org_kinds(struct http_req *req, struct http_resp *resp);

plam_err api_session_create(struct http_req *req, struct http_resp *resp);
plam_err api_session_delete(struct http_req *req, struct http_resp *resp);
plam_err api_me_get(struct http_req *req, struct http_resp *resp);
plam_err api_me_password(struct http_req *req, struct http_resp *resp);

plam_err api_users_list(struct http_req *req, struct http_resp *resp);
plam_err api_users_create(struct http_req *req, struct http_resp *resp);
plam_err api_users_get(struct http_req *req, struct http_resp *resp);
plam_err api_users_update(struct http_req *req, struct http_resp *resp);
plam_err api_users_password(struct http_req *req, struct http_resp *resp);

plam_err api_orgs_list(struct http_req *req, struct http_resp *resp);
plam_err api_orgs_create(struct http_req *req, struct http_resp *resp);
plam_err api_orgs_get(struct http_req *req, struct http_resp *resp);
plam_err api_orgs_update(struct http_req *req, struct http_resp *resp);

plam_err api_audit_list(struct http_req *req, struct http_resp *resp);

#endif
