/* Delivering the outbox (plam serve's sender): e-mails over SMTP or SMTPS
 * with libcurl, SMS as a JSON POST to a provider over HTTP(S). Each round
 * claims the due messages one by one in its own write (the claim counts the
 * attempt and leases the message for a while, so two servers sharing the
 * database never send it twice at once), tries it once, and records the
 * outcome: sent, queued again after a growing wait (mail_backoff), or failed
 * for good (refused by the server with a permanent error, or too many
 * attempts). Both writes are audited (entity "mail", the message id; the
 * address and the error, never the text nor a password). With no SMTP URL
 * (no SMS URL), e-mails (SMS) stay queued. */
#ifndef PLAM_APP_MAIL_MAIL_SEND_H
#define PLAM_APP_MAIL_MAIL_SEND_H
#include <stdint.h>
#include "base/error.h"

struct db;

struct mail_config {
  const char *smtp_url;      /* smtp://host[:port] or smtps://host[:port]; NULL: no e-mail sent */
  const char *smtp_user;     /* NULL: no authentication */
  const char *smtp_password; /* never logged */
  int smtp_starttls;         /* smtp://: 1 requires STARTTLS, 0 plain (a relay on the same host) */
  const char *mail_from;     /* sender address */
  const char *sms_url;       /* the provider's http(s) URL; NULL: no SMS sent */
  const char *sms_token;     /* Authorization: Bearer; never logged */
  int64_t retry_base;        /* first wait after a failure, seconds (default 60) */
  int64_t retry_cap;         /* longest wait (default 3600) */
  int max_attempts;          /* then failed for good (default 12) */
  long timeout_seconds;      /* per attempt (default 30) */
  volatile int *stop;        /* when set non-zero, an attempt in progress is abandoned (may be NULL) */
};

struct mail_round {
  int sent, retried, failed;
};

/* Once per process, before any thread sends. */
plam_err mail_global_init(void);
void mail_config_defaults(struct mail_config *c);
/* NULL when the URLs and the sender address are usable, else a French
 * reason naming the option. Refuses credentials written in a URL (they
 * belong in the configuration file's smtp-user / smtp-password). */
const char *mail_config_check(const struct mail_config *c);
/* One round: at most max due messages of each configured kind. */
plam_err mail_deliver_due(struct db *db, const struct mail_config *c, int max, struct mail_round *r);

#endif
