/* Trusted reverse proxies (--trusted-proxy ADDR[,ADDR]): the client address
 * of a request is the socket's peer, unless that peer is a trusted proxy;
 * then it is read from X-Forwarded-For, right to left, skipping the trusted
 * proxies (the rightmost address a trusted proxy did not add itself). With no
 * trusted proxy (the default) X-Forwarded-For is ignored: anyone can write it,
 * and login throttling by address must not be dodged that way. */
#ifndef PLAM_HTTP_PROXY_H
#define PLAM_HTTP_PROXY_H
#include "base/error.h"
#include "http/http.h"

#define HTTP_MAX_PROXIES 16

struct http_proxies {
  int n;
  char addr[HTTP_MAX_PROXIES][48]; /* normalised text (inet_ntop) */
};

/* Parses "ADDR[,ADDR...]" (IPv4 or IPv6 literals); NULL or "" gives none.
 * PLAM_ERR_USAGE on a bad address or more than HTTP_MAX_PROXIES. */
plam_err http_proxies_parse(const char *list, struct http_proxies *out);
/* When req->client_ip is a trusted proxy: replaces it with the client address
 * from X-Forwarded-For (xff, may be NULL) and sets req->via_trusted_proxy. */
void http_proxies_resolve(const struct http_proxies *p, const char *xff, struct http_req *req);

#endif
