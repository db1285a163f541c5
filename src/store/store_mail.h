/* Records and SQL of outgoing messages (the outbox), server secrets, used
 * signed links and accounts awaiting their e-mail verification (migration
 * 0015). Times are Unix seconds. The caller owns transactions: writes run in
 * the write bracket (app/access/write.h). */
#ifndef PLAM_STORE_STORE_MAIL_H
#define PLAM_STORE_STORE_MAIL_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

struct db;

struct outbox_rec {
  int64_t id;
  char kind[8];         /* email, sms */
  char recipient[1017]; /* 254 characters */
  char subject[801];    /* 200 characters */
  char *body;           /* malloc'd (20,000 characters at most); store_outbox_free */
  char status[8];       /* queued, sent, failed */
  int64_t attempts, next_attempt_at, created_at, sent_at;
  char last_error[1201]; /* 300 characters */
};

plam_err store_outbox_insert(struct db *db, const char *kind, const char *recipient, const char *subject,
                             const char *body, int64_t now, int64_t *id);
/* Up to max queued messages of kind due at now, oldest due first (bodies malloc'd). */
plam_err store_outbox_due(struct db *db, const char *kind, int64_t now, int max, struct outbox_rec *out, int *n);
/* Claims a due queued message for one attempt: counts the attempt and moves
 * its due time to lease_until, so no other sender takes it meanwhile.
 * *claimed = 0 when another sender was first. */
plam_err store_outbox_claim(struct db *db, int64_t id, int64_t now, int64_t lease_until, int *claimed);
/* The outcome of an attempt: status, next due time, error text ('' when
 * none), sent_at (0: none). */
plam_err store_outbox_result(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                             const char *last_error, int64_t sent_at);
plam_err store_outbox_get(struct db *db, int64_t id, struct outbox_rec *out);
/* Messages per status: queued, sent, failed. */
plam_err store_outbox_counts(struct db *db, int64_t counts[3]);
void store_outbox_free(struct outbox_rec *rows, int n);
/* The newest messages first, at most max, without their bodies (body NULL). */
plam_err store_outbox_recent(struct db *db, int max, struct outbox_rec *out, int *n);

/* Server secrets: PLAM_ERR_NOT_FOUND when absent. insert does nothing when
 * the name exists (several servers starting at once keep the first). */
plam_err store_secret_get(struct db *db, const char *name, uint8_t out[32]);
plam_err store_secret_insert(struct db *db, const char *name, const uint8_t secret[32], int64_t now);

/* Marks a link used; PLAM_ERR_CONFLICT when it was already. */
plam_err store_link_use(struct db *db, const uint8_t hash[32], const char *purpose, int64_t subject_id,
                        int64_t expires_at, int64_t now);
plam_err store_link_purge(struct db *db, int64_t now);

/* Self-registered accounts awaiting verification. delete: *found = 0 when the
 * account was not pending. */
plam_err store_pending_insert(struct db *db, int64_t user_id, int64_t now);
plam_err store_pending_delete(struct db *db, int64_t user_id, int *found);
plam_err store_pending_has(struct db *db, int64_t user_id, int *found);
/* Ids of the accounts whose e-mail is email (ASCII case ignored), at most max. */
plam_err store_user_ids_by_email(struct db *db, const char *email, int64_t *ids, int max, int *n);

#endif
