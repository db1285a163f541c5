/* libFuzzer target for the signed-link token reader (src/app/mail/link.c),
 * checked against the writer: the input, cut at the first NUL, goes through
 * link_token_parse and link_token_check under a fixed key. A token accepted
 * by the parser is at most LINK_TOKEN_MAX - 1 bytes, has a purpose of [a-z_]
 * and an id >= 1; a token the check accepts must be byte for byte the one
 * link_token_make writes for its parsed fields and nonce (so no other
 * spelling of a valid link exists); any difference aborts. The input's first
 * bytes also drive link_token_make, whose output must parse and check. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app/mail/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char in[512];
  size_t n = size < sizeof in - 1 ? size : sizeof in - 1;
  memcpy(in, data, n);
  in[n] = '\0';
  struct link_parts p;
  enum link_status s = link_token_parse(in, &p);
  if (s == LINK_OK) {
    if (strlen(in) >= LINK_TOKEN_MAX || p.id < 1 || !p.purpose[0]) abort();
    for (const char *c = p.purpose; *c; c++)
      if (!((*c >= 'a' && *c <= 'z') || *c == '_')) abort();
  }
  if (link_token_check(key, in, p.purpose[0] ? p.purpose : "x", 0, &p) == LINK_OK) {
    /* rebuild it: the nonce is the fourth field */
    const char *f = in;
    for (int i = 0; i < 3; i++) f = strchr(f, '.') + 1;
    uint8_t nonce[16];
    size_t bl = 0;
    if (sodium_base642bin(nonce, sizeof nonce, f, 22, NULL, &bl, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        bl != 16)
      abort();
    char again[LINK_TOKEN_MAX];
    if (link_token_make(key, p.purpose, p.id, p.expires_at, nonce, again) || strcmp(again, in)) abort();
  }
  /* the writer's output always reads back */
  if (size >= 24) {
    uint8_t nonce[16];
    memcpy(nonce, data, 16);
    int64_t id = 1 +
                 (int64_t)(((uint64_t)data[16] << 24 | (uint64_t)data[17] << 16 | data[18] << 8 | data[19]) % 1000000);
    int64_t exp = (int64_t)((uint64_t)data[20] << 24 | (uint64_t)data[21] << 16 | data[22] << 8 | data[23]);
    char tok[LINK_TOKEN_MAX];
    if (link_token_make(key, "offer", id, exp, nonce, tok)) abort();
    if (link_token_check(key, tok, "offer", exp, &p) != LINK_OK || p.id != id || p.expires_at != exp) abort();
    if (link_token_check(key, tok, "offer", exp + 1, &p) != LINK_EXPIRED) abort();
    if (link_token_check(key, tok, "reset", 0, &p) != LINK_WRONG_PURPOSE) abort();
  }
  return 0;
}
