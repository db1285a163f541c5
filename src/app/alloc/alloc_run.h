/* One allocation run, from bundle bytes to the result document: read and
 * validate the bundle, apportion territories, break ties, solve, check with
 * the independent checker, then (alloc_result_write) explain and serialise.
 * A run is a pure function of the bundle bytes: same bytes, same result
 * bytes. */
#ifndef PLAM_APP_ALLOC_ALLOC_RUN_H
#define PLAM_APP_ALLOC_ALLOC_RUN_H
#include "app/alloc/alloc.h"
#include "app/alloc/alloc_check.h"
#include "base/buf.h"
#include <stdio.h>

struct alloc_run {
  struct alloc_instance inst;
  struct alloc_prefs pr;
  struct alloc_match m;
  struct alloc_check_report check;
  unsigned char sha256[32];  /* of the bundle bytes */
  int no_explanations;       /* set by the caller to omit "explanations" */
  int explain_single_thread; /* set to write large explanations on one thread (tests) */
  int start_writeback;       /* the sink is a file the caller fsyncs: see alloc_jw_start_writeback */
};

/* Runs everything but the writing. On error the message (French, naming
 * the field for invalid data) is in err. Release with alloc_run_release in
 * every case. */
plam_err alloc_run_bundle(struct alloc_run *run, const char *data, size_t len, char *err, size_t errlen);
void alloc_run_release(struct alloc_run *run);

/* Allocator settings for a one-shot process that runs one large allocation
 * (plam allocate; bench_alloc --malloc-commande): freed memory stays in the
 * heap, which is grown once with transparent huge pages requested. Never
 * call it in the server. */
void alloc_tune_malloc(void);

/* Serialises the result document (docs/ALLOCATION.md) into out, which the
 * caller initialised with its maximum size; with a sink, out is only a
 * staging buffer and the bytes go to the sink as they are produced (the
 * caller checks ferror / fclose). Deterministic bytes. */
plam_err alloc_result_write(const struct alloc_run *run, struct buf *out, FILE *sink, char *err, size_t errlen);

#endif
