/* Handlers and input specs of the mail module's routes: the public account
 * routes (account_api.c: self-registration, e-mail verification, password
 * reset) and the outbox for administrators (mail_api.c). */
#ifndef PLAM_API_ACCOUNT_HANDLERS_H
#define PLAM_API_ACCOUNT_HANDLERS_H
#include "api/api.h"

extern const struct api_input api_registration_in, api_registration_verify_in, api_reset_request_in,
  api_reset_confirm_in;
plam_err api_registrations_create(struct api_call *c);
plam_err api_registrations_verify(struct api_call *c);
plam_err api_password_resets_create(struct api_call *c);
plam_err api_password_resets_confirm(struct api_call *c);
plam_err api_registrations_resend(struct api_call *c); /* cand; input spec api_reset_request_in */
/* mail_api.c: the outbox for administrators */
extern const struct api_input api_outbox_test_in;
plam_err api_outbox_get(struct api_call *c);
plam_err api_outbox_test(struct api_call *c);

#endif
