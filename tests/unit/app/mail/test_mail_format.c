/* The e-mail text (app/mail/mail_format.h): RFC 2047 subjects (plain ASCII
 * kept, UTF-8 in Q-encoded words of at most 75 characters, never a
 * character split, every line within 76 characters once "Subject: " is
 * counted, decoding back to the subject), quoted-printable bodies (CRLF line
 * endings, lines within 76 characters, leading dots and trailing spaces
 * encoded, decoding back to the text), the whole message's headers, the RFC
 * 5322 date, and the retry waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "app/mail/mail_format.h"

static char *subject(const char *s) {
  struct buf b;
  buf_init(&b, 1 << 16);
  assert_int_equal(mail_subject_encode(s, &b), PLAM_OK);
  return buf_detach(&b, NULL);
}

static int hexv(char c) { return c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10; }

/* Decodes the Q-encoded words of a folded header value. */
static void q_decode(const char *v, char *out) {
  size_t k = 0;
  const char *p = v;
  while ((p = strstr(p, "=?UTF-8?Q?"))) {
    p += 10;
    const char *end = strstr(p, "?=");
    assert_non_null(end);
    for (; p < end; p++) {
      if (*p == '_') out[k++] = ' ';
      else if (*p == '=') out[k++] = (char)(hexv(p[1]) * 16 + hexv(p[2])), p += 2;
      else out[k++] = *p;
    }
    p = end + 2;
  }
  out[k] = '\0';
}

/* Every line of text (CRLF-separated) is at most max characters, the first
 * counting first_extra more. */
static void lines_within(const char *text, size_t max, size_t first_extra) {
  size_t col = first_extra;
  for (const char *p = text; *p; p++) {
    if (p[0] == '\r' && p[1] == '\n') {
      assert_true(col <= max);
      col = 0;
      p++;
      continue;
    }
    assert_true(*p != '\n' && *p != '\r'); /* no bare line ending */
    col++;
  }
  assert_true(col <= max);
}

static void test_subject_ascii_kept(void **state) {
  (void)state;
  char *s = subject("Your mission tomorrow");
  assert_string_equal(s, "Your mission tomorrow");
  free(s);
  s = subject("a =?UTF-8?Q?x?= trap"); /* would be read as an encoded word: encoded */
  assert_non_null(strstr(s, "=?UTF-8?Q?a_=3D=3FUTF-8=3FQ=3Fx=3F=3D_trap?="));
  free(s);
}

static void test_subject_utf8_words(void **state) {
  (void)state;
  const char *in = "Confirmez votre adresse électronique – Plam Pays de la Loire, équipe régionale « été » 😀 fin";
  char *s = subject(in);
  assert_non_null(strstr(s, "=?UTF-8?Q?Confirmez_votre_adresse_=C3=A9lectronique_=E2=80=93_"));
  lines_within(s, 76, 9);
  /* every word at most 75 characters */
  for (const char *w = s; (w = strstr(w, "=?UTF-8?Q?")); w++) assert_true((size_t)(strstr(w + 10, "?=") + 2 - w) <= 75);
  char out[512];
  q_decode(s, out);
  assert_string_equal(out, in);
  free(s);
}

static void test_subject_never_splits_a_character(void **state) {
  (void)state;
  /* 60 "é": each 6 encoded characters; a word holds whole ones only */
  char in[256] = "";
  for (int i = 0; i < 60; i++) strcat(in, "é");
  char *s = subject(in);
  for (const char *w = s; (w = strstr(w, "=?UTF-8?Q?")); w++) {
    const char *end = strstr(w + 10, "?=");
    assert_int_equal((end - (w + 10)) % 6, 0);
  }
  char out[512];
  q_decode(s, out);
  assert_string_equal(out, in);
  free(s);
  struct buf b;
  buf_init(&b, 1024);
  assert_int_equal(mail_subject_encode("\xC3(", &b), PLAM_ERR_INVALID); /* not UTF-8 */
  buf_release(&b);
}

static char *qp(const char *s) {
  struct buf b;
  buf_init(&b, 1 << 20);
  assert_int_equal(mail_qp_encode(s, &b), PLAM_OK);
  return buf_detach(&b, NULL);
}

static void qp_decode(const char *in, char *out) {
  size_t k = 0;
  for (const char *p = in; *p; p++) {
    if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') p += 2;
    else if (*p == '=') out[k++] = (char)(hexv(p[1]) * 16 + hexv(p[2])), p += 2;
    else if (p[0] == '\r' && p[1] == '\n') out[k++] = '\n', p++;
    else out[k++] = *p;
  }
  out[k] = '\0';
}

static void test_qp_body(void **state) {
  (void)state;
  char *s = qp("Bonjour Léa,\n\nÀ demain = 8 h.\n.point en tête\nespace finale \r\nfin\rvraie fin");
  assert_string_equal(s, "Bonjour L=C3=A9a,\r\n\r\n=C3=80 demain =3D 8 h.\r\n=2Epoint en t=C3=AAte\r\n"
                         "espace finale=20\r\nfin\r\nvraie fin\r\n");
  free(s);
  /* a long line: soft breaks, every line within 76, decodes back */
  char in[2048] = "";
  for (int i = 0; i < 40; i++) strcat(in, "café . lien https://plam.example.fr/x#jeton=abc ");
  in[sizeof in - 1] = '\0';
  char *t = qp(in);
  lines_within(t, 76, 0);
  assert_null(strstr(t, "\r\n.")); /* no line starts with a dot */
  char out[4096];
  qp_decode(t, out);
  strcat(in, "\n");
  assert_string_equal(out, in);
  free(t);
}

static void test_message(void **state) {
  (void)state;
  struct mail_msg m = {"ne-pas-repondre@ars.example.fr",        "lea@exemple.fr", "Été", "Texte\n", 1796575505,
                       "plam.7.0011223344556677@ars.example.fr"};
  struct buf b;
  buf_init(&b, 1 << 16);
  assert_int_equal(mail_format(&m, &b), PLAM_OK);
  assert_string_equal(b.data, "Date: Sun, 06 Dec 2026 16:45:05 +0000\r\n"
                              "From: ne-pas-repondre@ars.example.fr\r\n"
                              "To: lea@exemple.fr\r\n"
                              "Subject: =?UTF-8?Q?=C3=89t=C3=A9?=\r\n"
                              "Message-ID: <plam.7.0011223344556677@ars.example.fr>\r\n"
                              "MIME-Version: 1.0\r\n"
                              "Content-Type: text/plain; charset=UTF-8\r\n"
                              "Content-Transfer-Encoding: quoted-printable\r\n"
                              "Auto-Submitted: auto-generated\r\n"
                              "\r\n"
                              "Texte\r\n");
  buf_release(&b);
  char d[40];
  mail_date(951782400, d); /* a leap day */
  assert_string_equal(d, "Tue, 29 Feb 2000 00:00:00 +0000");
}

static void test_backoff(void **state) {
  (void)state;
  assert_int_equal(mail_backoff(1, 60, 3600), 60);
  assert_int_equal(mail_backoff(2, 60, 3600), 120);
  assert_int_equal(mail_backoff(6, 60, 3600), 1920);
  assert_int_equal(mail_backoff(7, 60, 3600), 3600); /* 3840 capped */
  assert_int_equal(mail_backoff(1000, 60, 3600), 3600);
  assert_int_equal(mail_backoff(1, 0, 3600), 1); /* at least a second */
  assert_int_equal(mail_backoff(3, 1, 3600), 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_subject_ascii_kept),
    cmocka_unit_test(test_subject_utf8_words),
    cmocka_unit_test(test_subject_never_splits_a_character),
    cmocka_unit_test(test_qp_body),
    cmocka_unit_test(test_message),
    cmocka_unit_test(test_backoff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
