/* Offers by SMS (cand, issue 11): a candidate chooses how offers reach them
 * (candidates.contact_by: email, sms or both; "Mes offres"). A wave calls
 * offer_sms for each offer it sends, in the wave's write transaction: the
 * SMS (French, with the one-click link) is queued with sms_queue next to the
 * offer, as the e-mail is with mail_queue, so both exist exactly when the
 * offer does. A phone that does not read as a number (offer_sms_number)
 * sends the offer by e-mail instead: an offer never goes nowhere. */
#include <stdio.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/mail/mail.h"
#include "app/offer/offer_int.h"
#include "base/utf8.h"
#include "store/store_cand.h"
#include "store/store_recruit.h"
#include "store/store_tx.h"

const char *const offer_contact_modes[] = {"email", "sms", "both", NULL};

int offer_sms_number(const char *phone, char out[SMS_NUMBER_CHARS + 1]) {
  char d[32];
  size_t k = 0;
  for (const char *p = phone ? phone : ""; *p; p++) {
    if (*p == ' ' || *p == '.' || *p == '-') continue; /* 06 12 34 56 78, 06.12…, 06-12… */
    if (k + 1 >= sizeof d) return -1;
    d[k++] = *p;
  }
  d[k] = '\0';
  if (d[0] == '+') {
    if (!sms_number_ok(d)) return -1;
    memcpy(out, d, k + 1);
    return 0;
  }
  /* a French number: 0 then 9 digits, the first of them 1 to 9 */
  if (k != 10 || d[0] != '0' || d[1] < '1' || d[1] > '9') return -1;
  for (size_t i = 1; i < k; i++)
    if (d[i] < '0' || d[i] > '9') return -1;
  memcpy(out, "+33", 3); /* k == 10: +33 and the 9 digits after the 0 */
  memcpy(out + 3, d + 1, 9);
  out[12] = '\0';
  return sms_number_ok(out) ? 0 : -1;
}

/* "2030-03-02T08:00+01:00" as "02/03 08:00". */
static void short_when(const char *iso, char out[16]) {
  if (strlen(iso) >= 16) snprintf(out, 16, "%.2s/%.2s %.5s", iso + 8, iso + 5, iso + 11);
  else snprintf(out, 16, "%.15s", iso);
}

plam_err offer_sms(struct app_tx *tx, const struct offer_mail_config *mc, const struct offer_need_rec *n,
                   const struct offer_slot_rec *slots, int nslot, const struct offer_rec *o, const char *token,
                   int *by_mail) {
  *by_mail = 1;
  char by[8], phone[81], number[SMS_NUMBER_CHARS + 1];
  plam_err e = store_cand_contact_get(tx->db, o->candidate_id, by, phone);
  if (e) return e;
  if (!strcmp(by, "email") || offer_sms_number(phone, number)) return PLAM_OK; /* by e-mail */
  char start[16], end[16], text[1200];
  short_when(slots[0].start_at, start);
  short_when(slots[nslot - 1].end_at, end);
  const char *url = mc && mc->public_url ? mc->public_url : "";
  /* with the establishment's name, or without it when that is too long for one message */
  for (int with_name = 1; with_name >= 0; with_name--) {
    int len = snprintf(text, sizeof text,
                       "Mission %s %s%s%s, du %s au %s. Accepter ou refuser : %s/offre.html#jeton=%s (lien personnel)",
                       n->profession, with_name ? "- " : "", with_name ? n->estab_name : "",
                       with_name ? "" : n->departement_name, start, end, url, token);
    if (len > 0 && (size_t)len < sizeof text && utf8_count(text) <= SMS_TEXT_CHARS) {
      e = sms_queue(tx, number, text);
      if (!e) *by_mail = !strcmp(by, "both");
      return e;
    }
  }
  return PLAM_OK; /* no SMS fits: by e-mail */
}

/* ---- the candidate's choice ---- */

struct contact_arg {
  const char *by;
  json_t *out;
};

static plam_err contact_tx(struct app_tx *tx, void *arg) {
  struct contact_arg *x = arg;
  int64_t cid = 0;
  plam_err e = store_rcand_by_user(tx->db, tx->a->user_id, &cid);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "contact_by", "créez d'abord votre profil candidat");
  char before[8], phone[81], number[SMS_NUMBER_CHARS + 1];
  if (!e) e = store_cand_contact_get(tx->db, cid, before, phone);
  if (e) return e;
  if (strcmp(x->by, "email") && offer_sms_number(phone, number))
    return field_fail(tx->fe, "contact_by",
                      "pour recevoir les offres par SMS, indiquez d'abord dans votre profil un numéro de téléphone "
                      "valide (06 12 34 56 78 ou +33 6 12 34 56 78)");
  e = store_cand_contact_set(tx->db, cid, x->by);
  if (e) return e;
  x->out = json_pack("{s:s, s:b}", "contact_by", x->by, "sms_possible", offer_sms_number(phone, number) == 0);
  if (!x->out) return PLAM_ERR_NOMEM;
  return app_audit(tx, "update", "candidate", cid, json_pack("{s:s}", "contact_by", before),
                   json_pack("{s:s}", "contact_by", x->by));
}

plam_err offer_my_contact(struct db *db, const struct actor *a, const char *by, json_t **out, struct field_error *fe) {
  *out = NULL;
  plam_err e = text_enum("contact_by", by, offer_contact_modes, 1, fe);
  if (e) return e;
  if (!a->user_id) return PLAM_ERR_UNAUTHENTICATED;
  struct contact_arg x = {by, NULL};
  e = app_write(db, a, contact_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

/* How offers reach the actor's candidate record cid, for "Mes offres". */
json_t *offer_contact_json(struct db *db, int64_t cid) {
  char by[8] = "email", phone[81] = "", number[SMS_NUMBER_CHARS + 1];
  if (cid && store_cand_contact_get(db, cid, by, phone)) return NULL;
  return json_pack("{s:s, s:b}", "contact_by", by, "sms_possible", cid && offer_sms_number(phone, number) == 0);
}
