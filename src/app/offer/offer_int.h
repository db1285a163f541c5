/* Inside the offers module: the acceptance's working-time check, tokens, access and JSON views. */
#ifndef PLAM_APP_OFFER_OFFER_INT_H
#define PLAM_APP_OFFER_OFFER_INT_H
#include "app/offer/offer.h"
#include "app/recruit/recruit.h"
#include "base/buf.h"
#include "store/store_offer.h"

/* The working-time rules of the engine for one candidate against the
 * need's slots and every confirmed shift of theirs (recruit_check on a
 * one-candidate bundle whose other rules pass by construction). *rule is
 * RECRUIT_OK or the first rule that excludes; expl gets the French
 * explanation. */
plam_err offer_time_check(struct db *db, const struct offer_slot_rec *slots, int nslot, int64_t cand_id,
                          enum recruit_rule *rule, char *expl, size_t n);

/* Slot (engine form) from the stored one; -1 when a stored time does not parse. */
int offer_slot_of(const struct offer_slot_rec *s, struct recruit_slot *out);

/* A new link secret (32 random bytes, base64url) and its SHA-256, the only
 * form stored; the hash of a given token (-1: malformed). */
void offer_token_new(char token[OFFER_TOKEN_CHARS + 1], uint8_t hash[32]);
int offer_token_hash(const char *token, uint8_t hash[32]);

/* The actor may manage the need (staff, admin, or an employer of the
 * establishment's organisation). */
int offer_may_manage(const struct actor *a, const struct offer_need_rec *n);

/* JSON views. */
json_t *offer_need_json(const struct offer_need_rec *n);
json_t *offer_json(const struct offer_rec *o, int with_contact);
/* The need as the public sees it; with_posting adds "job_posting", the
 * schema.org JobPosting of a fixed-term or permanent post (null otherwise). */
json_t *offer_public_json(const struct offer_need_rec *n, int with_posting);
/* The profession's French label (the code when not in the nomenclature). */
const char *offer_profession_label(const char *code);
/* A pay text that reads "N[,N] [€|euros] [brut] (/|par) UNIT [brut]" (UNIT:
 * heure, h, jour, journée, semaine, mois, an, année): 0 with the number and
 * the schema.org unitText (HOUR, DAY, WEEK, MONTH, YEAR); -1 otherwise. */
int offer_pay_amount(const char *pay, double *value, const char **unit);
/* Appends JSON text for a <script> element: <, > and & as \u003c, \u003e, \u0026. */
plam_err offer_jsonld_escape(struct buf *b, const char *json);
/* What the candidate may do with an offer at now: {accept, decline, undo,
 * cancel, no_show} booleans (offer_answer.c). */
json_t *offer_can_json(const struct offer_rec *o, const struct offer_need_rec *n, int64_t now);
/* The standard reasons a candidate may give: {cancel: [{code, label}], no_show: [...]}. */
json_t *offer_cand_reasons_json(void);
/* cand (offer_sms.c): the E.164 form of a phone as a candidate writes it
 * (+33…, or a French 0X XX XX XX XX with spaces, dots or dashes): 0, or -1
 * when it does not read as a number. */
int offer_sms_number(const char *phone, char out[17]);
/* Queues the offer's SMS in tx when the candidate chose SMS (or both) and
 * their phone reads as a number; *by_mail says whether the e-mail is to be
 * queued too (e-mail only, both, or an SMS that could not be sent). */
struct app_tx;
plam_err offer_sms(struct app_tx *tx, const struct offer_mail_config *mc, const struct offer_need_rec *n,
                   const struct offer_slot_rec *slots, int nslot, const struct offer_rec *o, const char *token,
                   int *by_mail);
/* {contact_by, sms_possible} of candidate cid (0: none; NULL on a read error). */
json_t *offer_contact_json(struct db *db, int64_t cid);
/* ISO 8601 UTC text of seconds since the epoch ("" for 0). */
void offer_time_text(int64_t t, char out[32]);

#endif
