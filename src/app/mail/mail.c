/* Queuing e-mails and SMS in the caller's write transaction: see mail.h. */
#include "app/mail/mail.h"
#include "app/mail/mail_int.h"
#include <string.h>
#include <time.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "store/store_mail.h"

const char *const mail_kinds[] = {"email", "sms", NULL};
const char *const mail_statuses[] = {"queued", "sent", "failed", NULL};

int mail_address_ok(const char *addr) {
  size_t n = addr ? strlen(addr) : 0;
  if (n < 3 || n > MAIL_ADDRESS_CHARS) return 0;
  const char *at = strchr(addr, '@');
  if (!at || at == addr || strchr(at + 1, '@')) return 0;
  const char *domain = at + 1;
  const char *dot = strrchr(domain, '.');
  if (!*domain || !dot || dot == domain || !dot[1] || domain[0] == '.' || strstr(domain, "..")) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)addr[i];
    /* printable ASCII, minus what could leave the address in a header or
     * the SMTP envelope: space, quotes, angle brackets, comma, semicolon,
     * backslash, parentheses */
    if (c <= ' ' || c >= 127 || strchr("\"<>,;\\()[]:", c)) return 0;
  }
  return 1;
}

int sms_number_ok(const char *number) {
  size_t n = number ? strlen(number) : 0;
  if (n < 4 || n > SMS_NUMBER_CHARS || number[0] != '+' || number[1] == '0') return 0;
  for (size_t i = 1; i < n; i++)
    if (number[i] < '0' || number[i] > '9') return 0;
  return 1;
}

plam_err mail_queue_id(struct app_tx *tx, const char *to, const char *subject, const char *text, int64_t *id) {
  if (!tx) return PLAM_ERR_INTERNAL;
  int64_t new_id = 0;
  plam_err e;
  if (subject) { /* an e-mail */
    if (!mail_address_ok(to)) return field_fail(tx->fe, "to", "adresse électronique invalide");
    e = text_check("subject", subject, MAIL_SUBJECT_CHARS, TEXT_REQUIRED, tx->fe);
    if (!e) e = text_check("body", text, MAIL_BODY_CHARS, TEXT_REQUIRED | TEXT_LINES, tx->fe);
  } else {
    if (!sms_number_ok(to))
      return field_fail(tx->fe, "to", "numéro de téléphone invalide (format international, ex. +33612345678)");
    e = text_check("text", text, SMS_TEXT_CHARS, TEXT_REQUIRED | TEXT_LINES, tx->fe);
  }
  if (!e)
    e = store_outbox_insert(tx->db, subject ? "email" : "sms", to, subject ? subject : "", text, (int64_t)time(NULL),
                            &new_id);
  if (!e && id) *id = new_id;
  return e;
}

plam_err mail_queue(struct app_tx *tx, const char *to, const char *subject, const char *body_text) {
  return mail_queue_id(tx, to, subject ? subject : "", body_text, NULL);
}

plam_err sms_queue(struct app_tx *tx, const char *to, const char *text) {
  return mail_queue_id(tx, to, NULL, text, NULL);
}
