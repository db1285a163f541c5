/* The bundle digest: the SHA-NI path gives libsodium's SHA-256 for every
 * length around the block and padding boundaries and for a few megabytes,
 * and matches the FIPS 180-4 examples ("abc", the empty string). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc_sha256.h"

static void hex(const unsigned char d[32], char out[65]) {
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_known_vectors(void **state) {
  (void)state;
  unsigned char d[32];
  char h[65];
  alloc_sha256(d, "abc", 3);
  hex(d, h);
  assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  alloc_sha256(d, "", 0);
  hex(d, h);
  assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  alloc_sha256(d, two, strlen(two));
  hex(d, h);
  assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_same_digest_as_libsodium(void **state) {
  (void)state;
  size_t max = (size_t)3 << 20;
  unsigned char *buf = malloc(max + 1);
  assert_non_null(buf);
  uint64_t s = 12345;
  for (size_t i = 0; i < max; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    buf[i] = (unsigned char)(s >> 56);
  }
  unsigned char a[32], b[32];
  /* every length up to 300 bytes (block and padding boundaries), at odd offsets too */
  for (size_t n = 0; n <= 300; n++) {
    for (size_t off = 0; off < 3; off++) {
      crypto_hash_sha256(a, buf + off, n);
      alloc_sha256(b, buf + off, n);
      assert_memory_equal(a, b, 32);
      if (alloc_sha256_accelerated()) {
        alloc_sha256_shani(b, buf + off, n);
        assert_memory_equal(a, b, 32);
      }
    }
  }
  size_t big[] = {4095, 65536, 1000003, max};
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    crypto_hash_sha256(a, buf, big[i]);
    alloc_sha256(b, buf, big[i]);
    assert_memory_equal(a, b, 32);
  }
  free(buf);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  printf("alloc_sha256: SHA extensions %s\n", alloc_sha256_accelerated() ? "used" : "absent (libsodium)");
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_known_vectors),
    cmocka_unit_test(test_same_digest_as_libsodium),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
