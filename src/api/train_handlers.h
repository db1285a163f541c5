/* Handlers of the training API (issue 12, train_api.c); mapped to routes in routes.c. */
#ifndef PLAM_API_TRAIN_HANDLERS_H
#define PLAM_API_TRAIN_HANDLERS_H
#include "api/api.h"
#include "api/input.h"

extern const struct api_input api_train_list_in, api_train_institute_in, api_train_capacity_in, api_train_target_in,
  api_train_session_in, api_train_apprentice_in, api_train_note_in, api_train_action_in, api_train_link_in,
  api_train_import_in, api_train_dropout_in;

plam_err api_train_programmes(struct api_call *c);
plam_err api_train_institutes(struct api_call *c);
plam_err api_train_institute_create(struct api_call *c);
plam_err api_train_institute_update(struct api_call *c);
plam_err api_train_capacities(struct api_call *c);
plam_err api_train_capacity_create(struct api_call *c);
plam_err api_train_capacity_update(struct api_call *c);
plam_err api_train_capacity_summary(struct api_call *c);
plam_err api_train_targets(struct api_call *c);
plam_err api_train_target_create(struct api_call *c);
plam_err api_train_target_update(struct api_call *c);
plam_err api_train_sessions(struct api_call *c);
plam_err api_train_session_create(struct api_call *c);
plam_err api_train_session_update(struct api_call *c);
plam_err api_train_apprentices(struct api_call *c);
plam_err api_train_apprentice_get(struct api_call *c);
plam_err api_train_apprentice_create(struct api_call *c);
plam_err api_train_apprentice_update(struct api_call *c);
plam_err api_train_note_create(struct api_call *c);
plam_err api_train_dropouts(struct api_call *c);
plam_err api_train_dropouts_import(struct api_call *c);
plam_err api_train_dropout_get(struct api_call *c);
plam_err api_train_dropout_update(struct api_call *c);
plam_err api_train_actions(struct api_call *c);
plam_err api_train_action_create(struct api_call *c);
plam_err api_train_action_update(struct api_call *c);
plam_err api_train_links(struct api_call *c);
plam_err api_train_link_create(struct api_call *c);
plam_err api_train_link_delete(struct api_call *c);
plam_err api_train_measure(struct api_call *c);

#endif
