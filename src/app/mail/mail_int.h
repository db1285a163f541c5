/* Inside the mail module: queuing that also gives the message's id. */
#ifndef PLAM_APP_MAIL_MAIL_INT_H
#define PLAM_APP_MAIL_MAIL_INT_H
#include <stdint.h>
#include "base/error.h"

struct app_tx;

/* mail_queue (subject given) or sms_queue (subject NULL), *id (may be NULL)
 * the new message's id. */
plam_err mail_queue_id(struct app_tx *tx, const char *to, const char *subject, const char *text, int64_t *id);

#endif
