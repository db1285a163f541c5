/* E-mail text and retry waits: see mail_format.h. */
#include "app/mail/mail_format.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/utf8.h"

static const char hexd[] = "0123456789ABCDEF";

/* Characters written as themselves in a Q-encoded word (RFC 2047, 5 (3)). */
static int q_plain(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
         c == '+' || c == '-' || c == '/';
}

static int subject_plain(const char *s) {
  if (strstr(s, "=?")) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < ' ' || *p > '~') return 0;
  return 1;
}

#define Q_OPEN "=?UTF-8?Q?"
#define Q_CLOSE "?="
#define Q_WORD_MAX 75
#define MAIL_SUBJECT_HEADER "Subject: "

plam_err mail_subject_encode(const char *subject, struct buf *out) {
  if (!subject) subject = "";
  size_t n = strlen(subject);
  if (!utf8_valid(subject, n, NULL)) return PLAM_ERR_INVALID;
  if (subject_plain(subject)) return buf_append(out, subject, n);
  const unsigned char *p = (const unsigned char *)subject;
  /* characters of the current word's encoded text; the first word shares its
   * line with "Subject: ", so that every line stays within 76 characters */
  size_t word = sizeof MAIL_SUBJECT_HEADER - 1;
  const size_t room = Q_WORD_MAX - (sizeof Q_OPEN - 1) - (sizeof Q_CLOSE - 1);
  plam_err e = buf_append_str(out, Q_OPEN);
  for (size_t i = 0; !e && i < n;) {
    size_t len = utf8_seq(p + i, n - i);
    if (!len) return PLAM_ERR_INVALID;
    char enc[12];
    size_t k = 0;
    for (size_t j = 0; j < len; j++) {
      unsigned char c = p[i + j];
      if (c == ' ') enc[k++] = '_';
      else if (q_plain(c)) enc[k++] = (char)c;
      else {
        enc[k++] = '=';
        enc[k++] = hexd[c >> 4];
        enc[k++] = hexd[c & 15];
      }
    }
    if (word + k > room) { /* a new word on a folded line: the character stays whole */
      e = buf_append_str(out, Q_CLOSE "\r\n " Q_OPEN);
      word = 0;
    }
    if (!e) e = buf_append(out, enc, k);
    word += k;
    i += len;
  }
  return e ? e : buf_append_str(out, Q_CLOSE);
}

#define QP_LINE 76

plam_err mail_qp_encode(const char *text, struct buf *out) {
  if (!text) text = "";
  size_t n = strlen(text);
  if (!utf8_valid(text, n, NULL)) return PLAM_ERR_INVALID;
  const unsigned char *p = (const unsigned char *)text;
  size_t col = 0;
  plam_err e = PLAM_OK;
  for (size_t i = 0; !e && i < n; i++) {
    unsigned char c = p[i];
    if (c == '\r' || c == '\n') { /* CRLF, LF or a lone CR: one line break */
      if (c == '\r' && i + 1 < n && p[i + 1] == '\n') i++;
      e = buf_append_str(out, "\r\n");
      col = 0;
      continue;
    }
    int at_eol = i + 1 == n || p[i + 1] == '\r' || p[i + 1] == '\n';
    char enc[3];
    size_t k;
    if ((c == ' ' || c == '\t') && !at_eol) enc[0] = (char)c, k = 1;
    else if (c > ' ' && c <= '~' && c != '=' && !(c == '.' && col == 0)) enc[0] = (char)c, k = 1;
    else enc[0] = '=', enc[1] = hexd[c >> 4], enc[2] = hexd[c & 15], k = 3;
    /* a soft break keeps every line at 76 characters at most, "=" included */
    size_t need = k + (at_eol ? 0 : 1);
    if (col + need > QP_LINE) {
      e = buf_append_str(out, "=\r\n");
      col = 0;
      if (!e && k == 1 && c == '.') enc[0] = '=', enc[1] = '2', enc[2] = 'E', k = 3; /* now at the start */
    }
    if (!e) e = buf_append(out, enc, k);
    col += k;
  }
  if (!e && (n == 0 || (p[n - 1] != '\n' && p[n - 1] != '\r'))) e = buf_append_str(out, "\r\n");
  return e;
}

void mail_date(int64_t t, char out[40]) {
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
           tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

plam_err mail_format(const struct mail_msg *m, struct buf *out) {
  char date[40];
  mail_date(m->date, date);
  plam_err e = buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n" MAIL_SUBJECT_HEADER, date, m->from, m->to);
  if (!e) e = mail_subject_encode(m->subject, out);
  if (!e)
    e = buf_printf(out,
                   "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n",
                   m->message_id);
  if (!e) e = mail_qp_encode(m->body, out);
  return e;
}

int64_t mail_backoff(int64_t attempts, int64_t base, int64_t cap) {
  if (base < 1) base = 1;
  int64_t d = base;
  for (int64_t k = attempts - 1; k > 0 && d < cap; k--) d *= 2;
  return d < cap ? d : cap;
}
