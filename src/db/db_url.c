/* PostgreSQL URL checks and redaction: see db_url.h. */
#include "db/db_url.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static size_t url_scheme_len(const char *s) {
  if (!s) return 0;
  if (!strncasecmp(s, "postgresql://", 13)) return 13;
  if (!strncasecmp(s, "postgres://", 11)) return 11;
  return 0;
}

int db_url_is_pg(const char *s) { return url_scheme_len(s) != 0; }

static int url_fail(char *why, size_t n, const char *msg) {
  if (n) snprintf(why, n, "%s", msg);
  return -1;
}

/* Copies s[0..len) into out[n] decoding %XX; -1 on a bad escape, a NUL or no room. */
static int url_decode(const char *s, size_t len, char *out, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      if (i + 2 >= len) return -1;
      char hex[3] = {s[i + 1], s[i + 2], 0};
      unsigned v;
      if (!hex[0] || !hex[1] || !strchr("0123456789abcdefABCDEF", hex[0]) ||
          !strchr("0123456789abcdefABCDEF", hex[1]) || sscanf(hex, "%2x", &v) != 1 || v == 0)
        return -1;
      c = (unsigned char)v;
      i += 2;
    }
    if (o + 1 >= n) return -1;
    out[o++] = (char)c;
  }
  out[o] = '\0';
  return 0;
}

int db_url_parse(const char *s, struct db_url *u, char *why, size_t n) {
  memset(u, 0, sizeof *u);
  size_t sl = url_scheme_len(s);
  if (!sl) return url_fail(why, n, "l'adresse doit commencer par postgresql:// ou postgres://");
  size_t total = strlen(s);
  if (total > DB_URL_MAX) return url_fail(why, n, "adresse de la base trop longue (1024 caractères au plus)");
  for (size_t i = 0; i < total; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == 0x7f) return url_fail(why, n, "adresse de la base : espace ou caractère de contrôle interdit");
  }
  const char *a = s + sl;
  size_t alen = strcspn(a, "/?");
  const char *at = NULL;
  for (size_t i = 0; i < alen; i++)
    if (a[i] == '@') at = a + i;
  const char *h = a;
  if (at) {
    size_t ulen = (size_t)(at - a);
    const char *colon = memchr(a, ':', ulen);
    size_t namelen = colon ? (size_t)(colon - a) : ulen;
    if (!namelen) return url_fail(why, n, "adresse de la base : utilisateur vide avant « @ »");
    if (url_decode(a, namelen, u->user, sizeof u->user))
      return url_fail(why, n, "adresse de la base : nom d'utilisateur illisible ou trop long");
    u->has_password = colon != NULL;
    h = at + 1;
  }
  size_t hlen = (size_t)(a + alen - h);
  const char *port = NULL;
  if (hlen && h[0] == '[') {
    const char *close = memchr(h, ']', hlen);
    if (!close) return url_fail(why, n, "adresse de la base : « ] » manquant après l'adresse IPv6");
    if ((size_t)(close - h + 1) < hlen) {
      if (close[1] != ':') return url_fail(why, n, "adresse de la base : caractère inattendu après l'adresse IPv6");
      port = close + 2;
    }
    hlen = (size_t)(close - h + 1);
  } else {
    const char *colon = memchr(h, ':', hlen);
    if (colon) {
      port = colon + 1;
      hlen = (size_t)(colon - h);
    }
  }
  if (!hlen) return url_fail(why, n, "adresse de la base : serveur manquant (postgresql://utilisateur@serveur/base)");
  if (strcspn(h, ",") < hlen) return url_fail(why, n, "adresse de la base : un seul serveur est permis");
  if (url_decode(h, hlen, u->host, sizeof u->host))
    return url_fail(why, n, "adresse de la base : nom de serveur illisible ou trop long");
  if (port) {
    size_t plen = (size_t)(a + alen - port);
    long v = 0;
    if (!plen || plen > 5) return url_fail(why, n, "adresse de la base : port invalide (1 à 65535)");
    for (size_t i = 0; i < plen; i++) {
      if (port[i] < '0' || port[i] > '9') return url_fail(why, n, "adresse de la base : port invalide (1 à 65535)");
      v = v * 10 + (port[i] - '0');
    }
    if (v < 1 || v > 65535) return url_fail(why, n, "adresse de la base : port invalide (1 à 65535)");
    u->port = (int)v;
  }
  const char *p = a + alen;
  if (*p != '/') return url_fail(why, n, "adresse de la base : nom de la base manquant (…/nom_de_la_base)");
  p++;
  size_t dlen = strcspn(p, "?");
  if (!dlen) return url_fail(why, n, "adresse de la base : nom de la base manquant (…/nom_de_la_base)");
  if (url_decode(p, dlen, u->dbname, sizeof u->dbname) || strchr(u->dbname, '/'))
    return url_fail(why, n, "adresse de la base : nom de la base illisible ou trop long");
  return 0;
}

/* Appends s[0..len) to out[n] at *o, cutting at the end. */
static void put(char *out, size_t n, size_t *o, const char *s, size_t len) {
  while (len-- && *o + 1 < n) out[(*o)++] = *s++;
  out[*o < n ? *o : n - 1] = '\0';
}

void db_url_redact(const char *s, char *out, size_t n) {
  if (!n) return;
  out[0] = '\0';
  if (!s) return;
  size_t o = 0, sl = url_scheme_len(s);
  if (!sl) {
    put(out, n, &o, s, strlen(s));
    return;
  }
  put(out, n, &o, s, sl);
  const char *a = s + sl;
  size_t alen = strcspn(a, "/?");
  const char *at = NULL;
  for (size_t i = 0; i < alen; i++)
    if (a[i] == '@') at = a + i;
  if (at) {
    const char *colon = memchr(a, ':', (size_t)(at - a));
    if (colon) {
      put(out, n, &o, a, (size_t)(colon - a) + 1);
      put(out, n, &o, "***", 3);
    } else {
      put(out, n, &o, a, (size_t)(at - a));
    }
    a = at;
  }
  /* the rest, with the value of any password= parameter hidden */
  const char *q = strchr(a, '?');
  if (!q) {
    put(out, n, &o, a, strlen(a));
    return;
  }
  put(out, n, &o, a, (size_t)(q - a) + 1);
  q++;
  while (*q) {
    size_t plen = strcspn(q, "&");
    if (plen >= 9 && !strncasecmp(q, "password=", 9)) {
      put(out, n, &o, q, 9);
      put(out, n, &o, "***", 3);
    } else {
      put(out, n, &o, q, plen);
    }
    q += plen;
    if (*q == '&') put(out, n, &o, q++, 1);
  }
}
