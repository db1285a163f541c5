/* libFuzzer target for the allocation bundle reader. Any input must either
 * be refused with an error message (never a crash, leak or undefined
 * behaviour) or give an instance on which the whole pipeline runs: every
 * solver the instance allows, the independent checker (which must accept
 * the result: the solvers are correct on any valid bundle), the
 * explanations and the result writer, twice, with identical bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  char err[ALLOC_ERRLEN];
  struct alloc_run run;
  plam_err e = alloc_run_bundle(&run, (const char *)data, size, err, sizeof err);
  if (e) {
    if (!err[0]) abort(); /* every refusal explains itself */
    alloc_run_release(&run);
    return 0;
  }
  if (!run.check.ok) abort();
  struct buf a, b;
  buf_init(&a, 1u << 26);
  buf_init(&b, 1u << 26);
  if (alloc_result_write(&run, &a, NULL, err, sizeof err)) abort();
  if (alloc_result_write(&run, &b, NULL, err, sizeof err)) abort();
  if (a.len != b.len || memcmp(a.data, b.data, a.len)) abort();
  /* The other solvers on the same instance must also pass the checker. */
  if (run.inst.algorithm == ALLOC_DEFERRED_ACCEPTANCE && !alloc_instance_has_reserves(&run.inst)) {
    struct alloc_prefs pr;
    struct alloc_match m;
    struct alloc_check_report rep;
    run.inst.proposing = run.inst.proposing == ALLOC_PROPOSE_POSTS ? ALLOC_PROPOSE_CANDIDATES : ALLOC_PROPOSE_POSTS;
    if (alloc_prefs_build(&run.inst, &pr) == PLAM_OK) {
      if (alloc_match_init(&m, run.inst.ncand) == PLAM_OK) {
        if (alloc_solve(&run.inst, &pr, &m, err, sizeof err) == PLAM_OK &&
            alloc_check(&run.inst, &m, &rep) == PLAM_OK && !rep.ok)
          abort();
        alloc_match_release(&m);
      }
      alloc_prefs_release(&pr);
    }
  }
  buf_release(&a);
  buf_release(&b);
  alloc_run_release(&run);
  return 0;
}
