/* libFuzzer target for the measurement import's number fast path
 * (meas_parse_number, app/meas_import.h): arbitrary bytes, cut at the first
 * NUL, must be accepted or refused exactly as csv_parse_number does, and
 * when accepted give the very same double (bit for bit). Any difference
 * aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/csv.h"
#include "app/plan/meas_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char s[128];
  size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
  memcpy(s, data, n);
  s[n] = '\0';
  double a = 0, b = 0;
  plam_err ea = meas_parse_number(s, &a), eb = csv_parse_number(s, &b);
  if (ea != eb) abort();
  if (!ea && memcmp(&a, &b, sizeof a)) abort();
  return 0;
}
