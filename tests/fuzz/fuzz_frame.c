/* libFuzzer target for the request-head check (src/http/frame.c): arbitrary
 * bytes with a small head limit. Besides the sanitizers it checks the
 * function's promises: a refusal carries an error with a 4xx/5xx status, an
 * accepted head ends with its blank line within the input and the limit, and
 * a prefix of an accepted head is never refused (the gate peeks at growing
 * prefixes: refusing one would refuse a valid request sent slowly). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const size_t max = 512;
  plam_err err = PLAM_OK;
  size_t len = 0;
  enum frame_state st = frame_check((const char *)data, size, max, &len, &err);
  if (st == FRAME_BAD) FUZZ_CHECK(err != PLAM_OK && error_http_status(err) >= 400);
  if (st == FRAME_OK) {
    FUZZ_CHECK(len >= 4 && len <= size && len <= max && data[len - 1] == '\n');
    for (size_t k = 0; k < len; k++) {
      plam_err e2 = PLAM_OK;
      FUZZ_CHECK(frame_check((const char *)data, k, max, NULL, &e2) == FRAME_MORE);
    }
  }
  return 0;
}
