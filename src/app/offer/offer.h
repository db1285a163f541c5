/* Offers of emergency recruitment (issue 11, "Offers and acceptance"). An
 * open need sends offers in waves: the best-ranked candidates the matching
 * engine (app/recruit) finds in the stored data first, the next ones every
 * interval_min minutes until the need is filled or expires; each offer
 * expires after offer_ttl_min minutes. The candidate answers through the
 * one-click link of the offer (a secret token, stored hashed): accept,
 * decline, undo a confirmation within undo_min minutes, cancel later with a
 * standard reason. Per need, either the first to confirm wins (fill_mode
 * first) or the establishment chooses among those who accepted (choose).
 *
 * Acceptance is atomic: the confirmation runs in one write transaction
 * (app_write, one writer at a time on both engines and across processes)
 * that re-reads the slots and the candidate's confirmed shifts with every
 * employer, refuses when a slot already holds the need's headcount or when
 * the engine's own rules (recruit_check on a one-candidate bundle: overlap,
 * 48 h in any 7 days, 11 h rest, 12 h shifts) exclude the candidate, and
 * writes the assignments. docs/RECRUITMENT.md describes it.
 *
 * Clock: every function that depends on time takes now (seconds since the
 * epoch) from its caller, so tests and `plam offer tick --now` choose it. */
#ifndef PLAM_APP_OFFER_OFFER_H
#define PLAM_APP_OFFER_OFFER_H
#include <jansson.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "base/field.h"

#define OFFER_TOKEN_CHARS 43     /* 32 random bytes, base64url without padding */
#define OFFER_TICK_MAX_NEEDS 50  /* needs one tick sends waves for */
#define OFFER_TICK_MAX_DONE 1000 /* ended shifts one tick marks done */
#define OFFER_LATE_HOURS 48      /* a cancellation later than this before the first shift is late */

/* Allowed values, NULL-terminated (the API's input specs cite them). */
extern const char *const offer_answers[];   /* accept, decline, undo, cancel, no_show */
extern const char *const offer_reasons[];   /* every reason code (migration 0016's CHECK) */
extern const char *const offer_statuses[];  /* the offer's statuses */
extern const char *const offer_contracts[]; /* public list filter: shift, fixed_term, permanent, secondment */
/* French label of a reason code ("" when unknown). */
const char *offer_reason_label(const char *code);

struct offer_settings {
  int64_t wave_size, interval_min, offer_ttl_min, undo_min;
};

/* One offer a wave sent, with the secret of its link (tests and the mail
 * queue read it; it is stored only hashed). */
struct offer_sent {
  int64_t offer_id, candidate_id;
  char token[OFFER_TOKEN_CHARS + 1];
};

struct offer_wave_result {
  int wave;                /* number of the wave sent (0: none) */
  int nsent;               /* offers sent */
  struct offer_sent *sent; /* malloc'd, nsent items; free() */
};

/* What the offers' e-mails need: the base of the links (no trailing slash)
 * and the instance's name. */
struct offer_mail_config {
  const char *public_url, *instance_name;
};

/* Sends the next wave of a need now (an employer's "send now", or the
 * scheduler). The need must be open. Each offer's e-mail (French, with the
 * one-click link PUBLIC_URL/offre.html#jeton=SECRET) is queued with
 * mail_queue in the same write transaction as the offer. */
plam_err offer_wave_send(struct db *db, const struct actor *a, const struct offer_mail_config *mc, int64_t need_id,
                         int64_t now, struct offer_wave_result *res, json_t **out, struct field_error *fe);
/* What one scheduler step did. */
struct offer_tick_report {
  int offers_expired; /* offers past their expiry, and open offers of expired needs */
  int needs_expired;  /* open needs whose first slot started */
  int waves;          /* waves sent (with at least one offer) */
  int offers_sent;    /* offers those waves sent */
  int failed;         /* writes that failed, logged (French, with the need's id) and skipped */
  int shifts_done;    /* confirmed shifts that ended, now done (past missions) */
};
/* One scheduler step at now: confirmed shifts that ended (at most
 * OFFER_TICK_MAX_DONE) become done, what the ranking counts as past
 * missions with the establishment (a no-show declared later still turns
 * them to no_show); offers past their expiry expire, open needs
 * whose first slot started expire, and every open need whose next wave is
 * due (at most OFFER_TICK_MAX_NEEDS) gets its wave. Each need is its own
 * write transaction: one that fails is logged and skipped, the others go
 * on. Fails only when the step cannot list the needs (rep may be NULL). */
plam_err offer_tick(struct db *db, const struct offer_mail_config *mc, int64_t now, struct offer_tick_report *rep);

/* Wave settings of a need (employer of the need's establishment, or staff). */
plam_err offer_settings_put(struct db *db, const struct actor *a, int64_t need_id, const struct offer_settings *s,
                            json_t **out, struct field_error *fe);

/* The offer a link's token names, as its candidate sees it; records the
 * first opening (seen_at), an audited write. */
plam_err offer_link_view(struct db *db, const struct actor *a, const char *token, int64_t now, json_t **out,
                         struct field_error *fe);
/* The candidate's answer through the link: accept, decline, undo, cancel
 * (reason required) or no_show (the shift was not there: reason). */
plam_err offer_link_answer(struct db *db, const struct actor *a, const char *token, const char *answer,
                           const char *reason, int64_t now, json_t **out, struct field_error *fe);

/* cand: the candidate's own side ("Mes offres", offer_mine.c). Every offer
 * the actor's candidate record received, newest first, with its need (as
 * the public sees it, plus its slots) and what may be done now ("can");
 * the confirmed ones are the candidate's shifts; plus the standard reasons
 * a candidate may give. {candidate_id (null: no record), offers: [...],
 * reasons: {cancel: [{code,label}], no_show: [...]}}. */
plam_err offer_my_offers(struct db *db, const struct actor *a, int64_t now, json_t **out);
/* The answer offer_link_answer gives, to an offer of the actor's own
 * candidate record named by id (another's is PLAM_ERR_NOT_FOUND): the same
 * transaction, rules and audit entry as the link's. */
plam_err offer_my_answer(struct db *db, const struct actor *a, int64_t offer_id, const char *answer, const char *reason,
                         int64_t now, json_t **out, struct field_error *fe);

/* cand: how offers reach the actor's candidate record: "email", "sms" or
 * "both" (offer_contact_modes); SMS needs a phone that reads as a number
 * (else PLAM_ERR_INVALID on "contact_by"). Audited. *out: {contact_by,
 * sms_possible}. */
extern const char *const offer_contact_modes[];
plam_err offer_my_contact(struct db *db, const struct actor *a, const char *by, json_t **out, struct field_error *fe);

/* cand (offer_verify.c): a candidate's qualifications with who verified
 * them, for plan staff and for an employer whose organisation's offer the
 * candidate accepted (anyone else: PLAM_ERR_NOT_FOUND); and verifying one
 * (code: a declared qualification, else PLAM_ERR_INVALID on "code"):
 * verified_by the actor, verified_at now, audited "verify". */
plam_err offer_cand_quals(struct db *db, const struct actor *a, int64_t cid, json_t **out);
plam_err offer_cand_verify(struct db *db, const struct actor *a, int64_t cid, const char *code, json_t **out,
                           struct field_error *fe);

/* The establishment's side: the need's offers (contact details only of
 * those who accepted), choose one who accepted (fill_mode choose), cancel a
 * confirmed shift or record a no-show (answer cancel / no_show, reason). */
plam_err offer_need_offers(struct db *db, const struct actor *a, int64_t need_id, int64_t now, json_t **out);
plam_err offer_choose(struct db *db, const struct actor *a, int64_t offer_id, int64_t now, json_t **out,
                      struct field_error *fe);
plam_err offer_employer_event(struct db *db, const struct actor *a, int64_t offer_id, const char *answer,
                              const char *reason, int64_t now, json_t **out, struct field_error *fe);

/* Public pages: open needs, filters NULL / "" / 0 = any. */
struct offer_public_filter {
  const char *departement, *profession, *contract;
  int64_t area_id;
};
plam_err offer_public_list(struct db *db, const struct offer_public_filter *f, json_t **out);
/* One open need, with its schema.org JobPosting (fixed-term and permanent). */
plam_err offer_public_get(struct db *db, const struct actor *a, int64_t need_id, json_t **out);
/* The server-rendered public page of an open offer (offer_page.c): HTML in
 * out, *status 200, or a French "not found" page and *status 404 when the
 * need is not open (and the actor may not manage it); site ends the title. */
struct buf;
plam_err offer_public_page(struct db *db, const struct actor *a, int64_t need_id, const char *site, struct buf *out,
                           int *status);
/* The partner feed: every open need, ordered by id (docs/FORMATS.md). */
plam_err offer_feed(struct db *db, json_t **out);

#endif
