/* SHA-256 with the x86 SHA extensions when the processor has them, else
 * libsodium: see alloc_sha256.h. The block function follows the standard
 * SHA-NI schedule (FIPS 180-4 rounds, four per step, two sha256rnds2 per
 * step; message words 16..63 from sha256msg1/msg2); padding and length are
 * those of FIPS 180-4 section 5.1.1. */
#include "app/alloc/alloc_sha256.h"
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define ALLOC_SHA_X86 1

static const uint32_t sha_k[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Compresses nblocks 64-byte blocks into state (a..h). */
SHA_TARGET static void sha_blocks(uint32_t state[8], const unsigned char *p, size_t nblocks) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i st1 = _mm_loadu_si128((const __m128i *)&state[4]);
  tmp = _mm_shuffle_epi32(tmp, 0xB1);         /* CDAB */
  st1 = _mm_shuffle_epi32(st1, 0x1B);         /* EFGH */
  __m128i st0 = _mm_alignr_epi8(tmp, st1, 8); /* ABEF */
  st1 = _mm_blend_epi16(st1, tmp, 0xF0);      /* CDGH */
  for (; nblocks; nblocks--, p += 64) {
    __m128i abef = st0, cdgh = st1, w[4], msg;
    for (int q = 0; q < 16; q++) {
      if (q < 4) w[q] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * q)), mask);
      msg = _mm_add_epi32(w[q & 3], _mm_load_si128((const __m128i *)&sha_k[4 * q]));
      st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
      if (q >= 3 && q <= 14) {
        /* completes the words of step q + 1 */
        __m128i t = _mm_alignr_epi8(w[q & 3], w[(q - 1) & 3], 4);
        w[(q + 1) & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(w[(q + 1) & 3], t), w[q & 3]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
      if (q >= 1 && q <= 12) w[(q - 1) & 3] = _mm_sha256msg1_epu32(w[(q - 1) & 3], w[q & 3]);
    }
    st0 = _mm_add_epi32(st0, abef);
    st1 = _mm_add_epi32(st1, cdgh);
  }
  tmp = _mm_shuffle_epi32(st0, 0x1B);    /* FEBA */
  st1 = _mm_shuffle_epi32(st1, 0xB1);    /* DCHG */
  st0 = _mm_blend_epi16(tmp, st1, 0xF0); /* DCBA */
  st1 = _mm_alignr_epi8(st1, tmp, 8);    /* HGFE */
  _mm_storeu_si128((__m128i *)&state[0], st0);
  _mm_storeu_si128((__m128i *)&state[4], st1);
}

void alloc_sha256_shani(unsigned char out[32], const void *data, size_t len) {
  uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const unsigned char *p = data;
  size_t full = len / 64;
  sha_blocks(st, p, full);
  unsigned char tail[128];
  size_t rest = len - full * 64, n = rest + 9 <= 64 ? 64 : 128;
  memset(tail, 0, sizeof tail);
  if (rest) memcpy(tail, p + full * 64, rest);
  tail[rest] = 0x80;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++) tail[n - 1 - i] = (unsigned char)(bits >> (8 * i));
  sha_blocks(st, tail, n / 64);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(st[i] >> 24);
    out[4 * i + 1] = (unsigned char)(st[i] >> 16);
    out[4 * i + 2] = (unsigned char)(st[i] >> 8);
    out[4 * i + 3] = (unsigned char)st[i];
  }
}

/* CPUID: SHA is leaf 7 EBX bit 29; SSSE3 and SSE4.1 are leaf 1 ECX bits 9
 * and 19 (gcc and clang do not agree on __builtin_cpu_supports names). */
int alloc_sha256_accelerated(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b >> 29) & 1;
}
#else
int alloc_sha256_accelerated(void) { return 0; }
void alloc_sha256_shani(unsigned char out[32], const void *data, size_t len) {
  crypto_hash_sha256(out, (const unsigned char *)data, (unsigned long long)len);
}
#endif

void alloc_sha256(unsigned char out[32], const void *data, size_t len) {
#ifdef ALLOC_SHA_X86
  if (alloc_sha256_accelerated()) {
    alloc_sha256_shani(out, data, len);
    return;
  }
#endif
  crypto_hash_sha256(out, (const unsigned char *)data, (unsigned long long)len);
}
