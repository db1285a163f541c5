/* Delivering the outbox over SMTP and HTTP with libcurl: see mail_send.h. */
#include "app/mail/mail_send.h"
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/access/write.h"
#include "app/mail/mail.h"
#include "app/mail/mail_format.h"
#include "base/buf.h"
#include "store/store_mail.h"

plam_err mail_global_init(void) {
  if (sodium_init() < 0) return PLAM_ERR_INTERNAL;
  return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? PLAM_OK : PLAM_ERR_INTERNAL;
}

void mail_config_defaults(struct mail_config *c) {
  memset(c, 0, sizeof *c);
  c->smtp_starttls = 1;
  c->retry_base = 60;
  c->retry_cap = 3600;
  c->max_attempts = 12;
  c->timeout_seconds = 30;
}

/* 1 if url starts with one of the schemes and has a host without user info. */
static int mail_url_ok(const char *url, const char *const *schemes) {
  for (int i = 0; schemes[i]; i++) {
    size_t n = strlen(schemes[i]);
    if (strncmp(url, schemes[i], n)) continue;
    const char *host = url + n;
    size_t hl = strcspn(host, "/?#");
    return hl > 0 && !memchr(host, '@', hl) && !strpbrk(url, " \r\n\t");
  }
  return 0;
}

const char *mail_config_check(const struct mail_config *c) {
  static const char *const smtp[] = {"smtp://", "smtps://", NULL};
  static const char *const http[] = {"http://", "https://", NULL};
  if (c->smtp_url) {
    if (!mail_url_ok(c->smtp_url, smtp))
      return "--smtp-url attend smtp://serveur[:port] ou smtps://serveur[:port], sans identifiant ni mot de passe "
             "(smtp-user et smtp-password vont dans le fichier de configuration)";
    if (!c->mail_from || !mail_address_ok(c->mail_from))
      return "--mail-from attend l'adresse d'expédition des messages (ex. ne-pas-repondre@ars.sante.fr)";
  }
  if (c->sms_url && !mail_url_ok(c->sms_url, http))
    return "--sms-url attend l'adresse http:// ou https:// du fournisseur d'envoi de SMS, sans identifiant";
  if (!!c->smtp_user != !!c->smtp_password) return "smtp-user et smtp-password vont ensemble";
  return NULL;
}

/* ---- one attempt ---- */

struct mail_upload {
  const char *p;
  size_t left;
};

static size_t mail_read(char *dst, size_t size, size_t nitems, void *arg) {
  struct mail_upload *u = arg;
  size_t n = size * nitems < u->left ? size * nitems : u->left;
  memcpy(dst, u->p, n);
  u->p += n;
  u->left -= n;
  return n;
}

static size_t mail_discard(char *p, size_t size, size_t n, void *arg) {
  (void)p;
  (void)arg;
  return size * n;
}

static int mail_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
  (void)a, (void)b, (void)c, (void)d;
  const struct mail_config *cfg = arg;
  return cfg->stop && *cfg->stop; /* non-zero aborts the transfer */
}

enum mail_outcome { MAIL_SENT, MAIL_RETRY, MAIL_REFUSED };

static void mail_common(CURL *h, const struct mail_config *c) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout_seconds < 10 ? c->timeout_seconds : 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_seconds);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, mail_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)c);
}

/* The outcome and, when not sent, an error text without any secret. */
static enum mail_outcome mail_outcome_of(CURL *h, CURLcode rc, int smtp, char *err, size_t errlen) {
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK && (smtp || (code >= 200 && code < 300))) return MAIL_SENT;
  if (rc == CURLE_OK) snprintf(err, errlen, "réponse HTTP %ld du fournisseur", code);
  else if (code) snprintf(err, errlen, "%s (code %ld)", curl_easy_strerror(rc), code);
  else snprintf(err, errlen, "%s", curl_easy_strerror(rc));
  /* permanent: an SMTP 5xx (address refused…), an HTTP 4xx other than 408 and 429 */
  if (smtp && code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED) return MAIL_REFUSED;
  if (!smtp && rc == CURLE_OK && code >= 400 && code < 500 && code != 408 && code != 429) return MAIL_REFUSED;
  return MAIL_RETRY;
}

static enum mail_outcome mail_smtp_send(const struct mail_config *c, const struct outbox_rec *o, char *err,
                                        size_t errlen) {
  char mid[400], rnd[17], from[1100], to[1100];
  uint8_t raw[8];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(rnd, sizeof rnd, raw, sizeof raw);
  const char *domain = strchr(c->mail_from, '@');
  snprintf(mid, sizeof mid, "plam.%lld.%s@%s", (long long)o->id, rnd, domain ? domain + 1 : "localhost");
  struct mail_msg m = {c->mail_from, o->recipient, o->subject, o->body, (int64_t)time(NULL), mid};
  struct buf msg;
  buf_init(&msg, 256 * 1024);
  if (mail_format(&m, &msg)) {
    buf_release(&msg);
    snprintf(err, errlen, "message impossible à mettre en forme");
    return MAIL_REFUSED;
  }
  CURL *h = curl_easy_init();
  if (!h) {
    buf_release(&msg);
    snprintf(err, errlen, "libcurl indisponible");
    return MAIL_RETRY;
  }
  snprintf(from, sizeof from, "<%s>", c->mail_from);
  snprintf(to, sizeof to, "<%s>", o->recipient);
  struct curl_slist *rcpt = curl_slist_append(NULL, to);
  struct mail_upload up = {msg.data, msg.len};
  mail_common(h, c);
  curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!strncmp(c->smtp_url, "smtp://", 7))
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)(c->smtp_starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (c->smtp_user) {
    curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
    curl_easy_setopt(h, CURLOPT_PASSWORD, c->smtp_password);
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, mail_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &up);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  CURLcode rc = rcpt ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
  enum mail_outcome out = mail_outcome_of(h, rc, 1, err, errlen);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(h);
  buf_release(&msg);
  return out;
}

static enum mail_outcome mail_sms_send(const struct mail_config *c, const struct outbox_rec *o, char *err,
                                       size_t errlen) {
  char ref[32], auth[600];
  snprintf(ref, sizeof ref, "plam-%lld", (long long)o->id);
  json_t *j = json_pack("{s:s, s:s, s:s}", "to", o->recipient, "text", o->body, "reference", ref);
  char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  CURL *h = body ? curl_easy_init() : NULL;
  if (!h) {
    free(body);
    snprintf(err, errlen, "mémoire insuffisante");
    return MAIL_RETRY;
  }
  struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
  if (c->sms_token && hd) {
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->sms_token);
    hd = curl_slist_append(hd, auth);
    sodium_memzero(auth, sizeof auth);
  }
  mail_common(h, c);
  curl_easy_setopt(h, CURLOPT_URL, c->sms_url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, mail_discard);
  CURLcode rc = hd ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
  enum mail_outcome out = mail_outcome_of(h, rc, 0, err, errlen);
  curl_slist_free_all(hd);
  curl_easy_cleanup(h);
  free(body);
  return out;
}

/* ---- the writes around an attempt ---- */

struct mail_claim_arg {
  const struct outbox_rec *o;
  int64_t now, lease_until;
  int claimed;
};

static plam_err mail_claim_tx(struct app_tx *tx, void *arg) {
  struct mail_claim_arg *x = arg;
  plam_err e = store_outbox_claim(tx->db, x->o->id, x->now, x->lease_until, &x->claimed);
  if (e) return e;
  if (!x->claimed) return PLAM_ERR_CONFLICT; /* another sender took it: nothing to commit */
  return app_audit(tx, "send", "mail", x->o->id, NULL,
                   json_pack("{s:s, s:s, s:I}", "kind", x->o->kind, "to", x->o->recipient, "attempt",
                             (json_int_t)(x->o->attempts + 1)));
}

struct mail_result_arg {
  const struct outbox_rec *o;
  const char *status, *error;
  int64_t next, sent_at, attempts;
};

static plam_err mail_result_tx(struct app_tx *tx, void *arg) {
  const struct mail_result_arg *x = arg;
  plam_err e = store_outbox_result(tx->db, x->o->id, x->status, x->next, x->error, x->sent_at);
  if (e) return e;
  json_t *after = json_pack("{s:s, s:I}", "status", x->status, "attempts", (json_int_t)x->attempts);
  if (after && x->error[0]) json_object_set_new(after, "error", json_string(x->error));
  return app_audit(tx,
                   !strcmp(x->status, "sent")     ? "sent"
                   : !strcmp(x->status, "failed") ? "failed"
                                                  : "retry",
                   "mail", x->o->id, NULL, after);
}

static void mail_actor(struct actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->login, sizeof a->login, "%s", "(envoi des messages)");
  a->role = ROLE_ADMIN;
}

static plam_err mail_attempt(struct db *db, const struct mail_config *c, const struct outbox_rec *o,
                             struct mail_round *r) {
  struct actor a;
  mail_actor(&a);
  int64_t now = (int64_t)time(NULL);
  struct mail_claim_arg claim = {o, now, now + c->timeout_seconds * 4 + 60, 0};
  plam_err e = app_write(db, &a, mail_claim_tx, &claim, NULL);
  if (e == PLAM_ERR_CONFLICT && !claim.claimed) return PLAM_OK;
  if (e) return e;
  char err[300] = "";
  int sms = !strcmp(o->kind, "sms");
  enum mail_outcome out = sms ? mail_sms_send(c, o, err, sizeof err) : mail_smtp_send(c, o, err, sizeof err);
  int64_t attempts = o->attempts + 1;
  if (out == MAIL_RETRY && attempts >= c->max_attempts) out = MAIL_REFUSED;
  now = (int64_t)time(NULL);
  struct mail_result_arg res = {o, "sent", err, now, now, attempts};
  if (out == MAIL_RETRY) {
    res.status = "queued";
    res.next = now + mail_backoff(attempts, c->retry_base, c->retry_cap);
    res.sent_at = 0;
    r->retried++;
  } else if (out == MAIL_REFUSED) {
    res.status = "failed";
    res.sent_at = 0;
    r->failed++;
  } else {
    r->sent++;
  }
  return app_write(db, &a, mail_result_tx, &res, NULL);
}

static plam_err mail_deliver_kind(struct db *db, const struct mail_config *c, const char *kind, int max,
                                  struct mail_round *r) {
  struct outbox_rec *rows = calloc((size_t)max, sizeof *rows);
  if (!rows) return PLAM_ERR_NOMEM;
  int n = 0;
  plam_err e = store_outbox_due(db, kind, (int64_t)time(NULL), max, rows, &n);
  for (int i = 0; !e && i < n; i++)
    if (!(c->stop && *c->stop)) e = mail_attempt(db, c, &rows[i], r);
  store_outbox_free(rows, n);
  free(rows);
  return e;
}

plam_err mail_deliver_due(struct db *db, const struct mail_config *c, int max, struct mail_round *r) {
  memset(r, 0, sizeof *r);
  plam_err e = PLAM_OK;
  if (c->smtp_url) e = mail_deliver_kind(db, c, "email", max, r);
  if (!e && c->sms_url) e = mail_deliver_kind(db, c, "sms", max, r);
  return e;
}
