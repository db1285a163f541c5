/* libFuzzer target for the recruitment bundle reader. Any input must either
 * be refused with a French message (never a crash, leak or undefined
 * behaviour) or give a bundle on which the engine runs: at most `limit`
 * ranked, in strictly increasing order of recruit_cmp, every candidate
 * either eligible or excluded, each exclusion reproducible by recruit_check,
 * and the result written twice with identical bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  char err[RECRUIT_ERRLEN];
  struct recruit_bundle b;
  plam_err e = recruit_bundle_read(&b, (const char *)data, size, err, sizeof err);
  if (e) {
    if (!err[0]) abort(); /* every refusal explains itself */
    recruit_bundle_release(&b);
    return 0;
  }
  struct recruit_result r;
  if (recruit_rank(&b, &r)) abort();
  if (r.nranked > b.limit || r.nranked + r.nexcluded > b.ncand) abort();
  for (int i = 1; i < r.nranked; i++)
    if (recruit_cmp(&r.ranked[i - 1], &r.ranked[i]) >= 0) abort();
  int eligible = 0;
  struct recruit_scratch s = {0};
  for (int c = 0; c < b.ncand; c++) {
    if (r.rule[c] >= RECRUIT_RULE_COUNT) abort();
    if (recruit_check(&b, c, &s, NULL) != r.rule[c]) abort();
    eligible += r.rule[c] == RECRUIT_OK;
  }
  recruit_scratch_release(&s);
  if (eligible + r.nexcluded != b.ncand || r.nranked != (eligible < b.limit ? eligible : b.limit)) abort();
  struct buf x, y;
  buf_init(&x, 1u << 26);
  buf_init(&y, 1u << 26);
  if (recruit_result_write(&b, &r, &x) || recruit_result_write(&b, &r, &y)) abort();
  if (x.len != y.len || memcmp(x.data, y.data, x.len)) abort();
  buf_release(&x);
  buf_release(&y);
  recruit_result_release(&r);
  recruit_bundle_release(&b);
  return 0;
}
