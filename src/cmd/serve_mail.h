/* plam serve's message sender: one thread with its own database connection
 * that delivers the outbox (app/mail/mail_send.h) every second, at most 20
 * messages of each kind per round, and stops within the attempt in
 * progress when the server stops. */
#ifndef PLAM_CMD_SERVE_MAIL_H
#define PLAM_CMD_SERVE_MAIL_H
#include "app/mail/mail_send.h"
#include "base/error.h"

struct serve_mail;

/* Starts the thread on the database target with c (copied; its strings must
 * outlive the thread). */
plam_err serve_mail_start(const char *target, const struct mail_config *c, struct serve_mail **out);
/* Stops and joins the thread (NULL: nothing). */
void serve_mail_stop(struct serve_mail *m);

#endif
