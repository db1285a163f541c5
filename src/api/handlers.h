/* Declarations of every API handler; the route table in routes.c is the only
 * place that maps them to methods, paths and permissions. */
#ifndef PLAM_API_HANDLERS_H
#define PLAM_API_HANDLERS_H
#include "api/api.h"

plam_err api_healthz(struct api_call *c);
plam_err api_metrics(struct api_call *c);
plam_err api_version(struct api_call *c);
plam_err api_config(struct api_call *c);
plam_err api_roles(struct api_call *c);
plam_err api_territories(struct api_call *c);
plam_err api_org_kinds(struct api_call *c);

plam_err api_session_create(struct api_call *c);
plam_err api_session_delete(struct api_call *c);
plam_err api_me_get(struct api_call *c);
plam_err api_me_password(struct api_call *c);

plam_err api_users_list(struct api_call *c);
plam_err api_users_create(struct api_call *c);
plam_err api_users_get(struct api_call *c);
plam_err api_users_update(struct api_call *c);
plam_err api_users_password(struct api_call *c);

plam_err api_orgs_list(struct api_call *c);
plam_err api_orgs_create(struct api_call *c);
plam_err api_orgs_get(struct api_call *c);
plam_err api_orgs_update(struct api_call *c);

plam_err api_audit_list(struct api_call *c);

/* Input specs of the routes above (see input.h). */
extern const struct api_input api_no_db_in, api_territories_in, api_session_create_in, api_me_password_in,
  api_users_list_in, api_users_create_in, api_users_update_in, api_users_password_in, api_orgs_list_in,
  api_orgs_create_in, api_orgs_update_in, api_audit_list_in;

#endif
