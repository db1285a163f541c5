/* Trusted reverse proxies and X-Forwarded-For: see proxy.h. */
#include "http/proxy.h"
#include <arpa/inet.h>
#include <string.h>

/* Normalises an address literal into out[48]; 0 when it is not one. */
static int proxy_norm(const char *s, size_t n, char out[48]) {
  char tmp[64];
  unsigned char bin[16];
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  if (!n || n >= sizeof tmp) return 0;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  if (inet_pton(AF_INET, tmp, bin) == 1) return inet_ntop(AF_INET, bin, out, 48) != NULL;
  if (inet_pton(AF_INET6, tmp, bin) == 1) return inet_ntop(AF_INET6, bin, out, 48) != NULL;
  return 0;
}

static int proxy_trusted(const struct http_proxies *p, const char *ip) {
  for (int i = 0; i < p->n; i++)
    if (!strcmp(p->addr[i], ip)) return 1;
  return 0;
}

plam_err http_proxies_parse(const char *list, struct http_proxies *out) {
  memset(out, 0, sizeof *out);
  if (!list || !*list) return PLAM_OK;
  const char *s = list;
  for (;;) {
    const char *c = strchr(s, ',');
    size_t n = c ? (size_t)(c - s) : strlen(s);
    if (out->n == HTTP_MAX_PROXIES || !proxy_norm(s, n, out->addr[out->n])) return PLAM_ERR_USAGE;
    out->n++;
    if (!c) return PLAM_OK;
    s = c + 1;
  }
}

void http_proxies_resolve(const struct http_proxies *p, const char *xff, struct http_req *req) {
  if (!p->n || !proxy_trusted(p, req->client_ip)) return;
  req->via_trusted_proxy = 1;
  if (!xff) return;
  /* right to left: the last hop was added by the proxy we trust */
  const char *end = xff + strlen(xff);
  while (end > xff) {
    const char *start = end;
    while (start > xff && start[-1] != ',') start--;
    char ip[48];
    if (!proxy_norm(start, (size_t)(end - start), ip)) return; /* garbage: keep the last trusted hop */
    memcpy(req->client_ip, ip, sizeof ip);
    if (!proxy_trusted(p, ip)) return;
    end = start > xff ? start - 1 : xff;
  }
}
