/* Outgoing mail and SMS that are never lost: a message is queued in the
 * outbox inside the caller's write transaction (the struct app_tx of
 * app_write), so it exists exactly when the change that sends it commits,
 * and not at all when that change rolls back. plam serve's sender
 * (mail_sender.h) delivers the outbox over SMTP (libcurl) and to the SMS
 * provider over HTTP, with retries and growing waits. The change's own audit
 * entry covers the queuing (the message text, which may carry a signed link,
 * is never copied into the audit log); each delivery attempt is audited by
 * the sender.
 *
 * Addresses are checked (ASCII, one @, a dot in the domain, no space, no
 * line break: nothing can be injected into the SMTP envelope or headers),
 * subject and texts are refused past their limits, never cut. */
#ifndef PLAM_APP_MAIL_MAIL_H
#define PLAM_APP_MAIL_MAIL_H
#include "base/error.h"

struct app_tx;

#define MAIL_ADDRESS_CHARS 254
#define MAIL_SUBJECT_CHARS 200
#define MAIL_BODY_CHARS 20000
#define SMS_NUMBER_CHARS 16 /* E.164: + then up to 15 digits */
#define SMS_TEXT_CHARS 480

/* The kinds and statuses of outbox messages (NULL-terminated; the
 * migration's CHECKs list the same values). */
extern const char *const mail_kinds[];
extern const char *const mail_statuses[];

/* Queues an e-mail to `to` (one address) with a UTF-8 subject (one line) and
 * a UTF-8 text body (line breaks allowed), inside tx. PLAM_ERR_INVALID naming
 * the field ("to", "subject", "body") in tx->fe when a value is refused. */
plam_err mail_queue(struct app_tx *tx, const char *to, const char *subject, const char *body_text);
/* Queues an SMS to an E.164 number (+33612345678) inside tx. */
plam_err sms_queue(struct app_tx *tx, const char *to, const char *text);

/* 1 if addr is an address mail_queue accepts. */
int mail_address_ok(const char *addr);
/* 1 if number is an E.164 number sms_queue accepts. */
int sms_number_ok(const char *number);

#endif
