/* libFuzzer target for the public offer page's two readers of free text
 * (app/offer): the pay text read as a number of euros per unit (baseSalary
 * of the JobPosting) and the JSON-LD escaping for a <script> element. Any
 * pay text is either refused or gives a finite, non-negative number and a
 * schema.org unit; any string, put in JSON and escaped, leaves no "<", ">"
 * or "&" and parses back to the same value. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app/offer/offer_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  double v = -1;
  const char *unit = NULL;
  if (offer_pay_amount(s, &v, &unit) == 0) {
    if (!unit || !isfinite(v) || v < 0) abort();
    static const char *const units[] = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"};
    int known = 0;
    for (int i = 0; i < 5; i++) known |= !strcmp(unit, units[i]);
    if (!known) abort();
  }
  json_t *in = json_pack("{s:s%}", "v", (const char *)data, size); /* NULL for invalid UTF-8 */
  char *text = in ? json_dumps(in, JSON_COMPACT) : NULL;
  if (text) {
    struct buf b;
    buf_init(&b, 1u << 20);
    if (offer_jsonld_escape(&b, text) != PLAM_OK) abort();
    if (b.data && (memchr(b.data, '<', b.len) || memchr(b.data, '>', b.len) || memchr(b.data, '&', b.len))) abort();
    json_t *back = json_loadb(b.data ? b.data : "", b.len, JSON_ALLOW_NUL, NULL);
    if (!back || !json_equal(in, back)) abort();
    json_decref(back);
    buf_release(&b);
  }
  free(text);
  json_decref(in);
  free(s);
  return 0;
}
