/* SHA-256 of a bundle (the result's "bundle_sha256"). On x86-64 processors
 * with the SHA extensions (SHA-NI) the blocks are compressed with those
 * instructions, about 8 times faster than libsodium's portable code (which
 * cost ~30 ms of CPU, 15% of an EDN-sized run); elsewhere it is libsodium's
 * crypto_hash_sha256. Both give the same digest (tests/unit/app/alloc/test_alloc_sha256.c). */
#ifndef PLAM_APP_ALLOC_ALLOC_SHA256_H
#define PLAM_APP_ALLOC_ALLOC_SHA256_H
#include <stddef.h>

/* Writes the 32-byte digest of data[0..len) to out. */
void alloc_sha256(unsigned char out[32], const void *data, size_t len);
/* Whether alloc_sha256 uses the SHA extensions on this machine. */
int alloc_sha256_accelerated(void);
/* The accelerated path alone; only call when alloc_sha256_accelerated(). */
void alloc_sha256_shani(unsigned char out[32], const void *data, size_t len);

#endif
