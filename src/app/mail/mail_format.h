/* The text of an e-mail as it goes over SMTP (pure, unit-tested): RFC 5322
 * headers with CRLF line endings, the subject as RFC 2047 encoded words
 * (UTF-8, Q encoding, at most 75 characters each, never splitting a
 * character, folded) when it is not plain ASCII, Date, Message-ID, and a
 * text/plain UTF-8 body in quoted-printable (lines of at most 76
 * characters, any line ending turned into CRLF, a leading dot encoded so
 * that no line of the body can end the SMTP DATA). And the waits between
 * delivery attempts. */
#ifndef PLAM_APP_MAIL_MAIL_FORMAT_H
#define PLAM_APP_MAIL_MAIL_FORMAT_H
#include <stdint.h>
#include "base/buf.h"
#include "base/error.h"

struct mail_msg {
  const char *from, *to, *subject, *body; /* addresses checked by mail_address_ok; UTF-8 texts */
  int64_t date;                           /* Unix seconds */
  const char *message_id;                 /* without the angle brackets */
};

/* The Subject header's value (its first encoded word leaves room for
 * "Subject: " on the same line: every line within 76 characters). */
plam_err mail_subject_encode(const char *subject, struct buf *out);
/* The body in quoted-printable with CRLF line endings. */
plam_err mail_qp_encode(const char *text, struct buf *out);
/* RFC 5322 date in UTC: "Sun, 06 Dec 2026 16:45:05 +0000". */
void mail_date(int64_t t, char out[40]);
/* The whole message: headers, empty line, body. */
plam_err mail_format(const struct mail_msg *m, struct buf *out);
/* Seconds to wait after the attempts-th failed attempt (attempts >= 1):
 * base, 2 base, 4 base … at most cap. */
int64_t mail_backoff(int64_t attempts, int64_t base, int64_t cap);

#endif
