/* The published, seeded lottery that breaks every tie. The key of a run is
 * the first 16 bytes of SHA-256("plam-alloc-lottery-v1:" + decimal seed);
 * the lottery number of an id is SipHash-2-4 of a one-letter domain ("c"
 * candidate, "p" post, "t" territory, "w" a candidate's wish = candidate id
 * and post id), a 0x00 byte and the id(s), read big-endian. A number depends
 * only on the seed and the ids, never on the order of the bundle, so anyone
 * can recompute the draw from the published seed. */
#include "app/alloc/alloc.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void alloc_lottery_key(uint64_t seed, uint8_t key[16]) {
  char msg[64];
  int n = snprintf(msg, sizeof msg, "plam-alloc-lottery-v1:%llu", (unsigned long long)seed);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)msg, (unsigned long long)n);
  memcpy(key, h, 16);
}

uint64_t alloc_lottery(const uint8_t key[16], char domain, const char *id, const char *id2) {
  unsigned char msg[2 * ALLOC_MAX_ID + 8];
  size_t n = 0, l1 = strnlen(id, ALLOC_MAX_ID);
  msg[n++] = (unsigned char)domain;
  msg[n++] = 0;
  memcpy(msg + n, id, l1);
  n += l1;
  if (id2) {
    size_t l2 = strnlen(id2, ALLOC_MAX_ID);
    msg[n++] = 0;
    memcpy(msg + n, id2, l2);
    n += l2;
  }
  unsigned char out[crypto_shorthash_siphash24_BYTES];
  crypto_shorthash_siphash24(out, msg, n, key);
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | out[i];
  return v;
}
