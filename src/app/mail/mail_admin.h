/* The outbox seen by administrators: counts per status and the newest
 * messages (addresses, subjects, attempts and errors; never the texts, which
 * may carry signed links), and a test message to check the SMTP server or
 * the SMS provider from the accounts page. */
#ifndef PLAM_APP_MAIL_MAIL_ADMIN_H
#define PLAM_APP_MAIL_MAIL_ADMIN_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"

struct db;

#define MAIL_OUTBOX_LIST 100

/* {"counts": {"queued", "sent", "failed"}, "messages": [{id, kind,
 * recipient, subject, status, attempts, next_attempt_at, last_error,
 * created_at, sent_at}]} (times in Unix seconds, sent_at null when not sent). */
plam_err mail_outbox_json(struct db *db, json_t **out);
/* Queues a test message to `to`: an e-mail for an address, an SMS for a
 * number starting with +. *id gets the outbox id. */
plam_err mail_send_test(struct db *db, const struct actor *a, const char *to, const char *instance_name, int64_t *id,
                        struct field_error *fe);

#endif
