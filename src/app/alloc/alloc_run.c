/* Pipeline of one run: see alloc_run.h. */
#include "app/alloc/alloc_run.h"
#include "app/alloc/alloc_sha256.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

plam_err alloc_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m, char *err,
                     size_t errlen) {
  plam_err e;
  if (inst->algorithm == ALLOC_SERIAL_DICTATORSHIP) e = alloc_sd_solve(inst, pr, m);
  else if (inst->proposing == ALLOC_PROPOSE_POSTS) e = alloc_da_posts_solve(inst, pr, m);
  else e = alloc_da_candidates_solve(inst, pr, m);
  if (e == PLAM_ERR_NOMEM) snprintf(err, errlen, "mémoire insuffisante pour calculer l'affectation");
  else if (e) snprintf(err, errlen, "échec du calcul de l'affectation");
  return e;
}

/* The bundle's SHA-256 (~4 ms for an EDN-sized bundle with the SHA
 * extensions, ~30 ms with libsodium's portable code: alloc_sha256.h) is
 * computed on a second thread while the bundle is read and solved; the
 * result does not depend on it until it is written. */
struct hash_job {
  const char *data;
  size_t len;
  unsigned char *out;
};

static void *hash_job_run(void *arg) {
  struct hash_job *j = arg;
  alloc_sha256(j->out, j->data, j->len);
  return NULL;
}

static plam_err alloc_run_stages(struct alloc_run *run, const char *data, size_t len, char *err, size_t errlen) {
  plam_err e = alloc_bundle_read(&run->inst, data, len, err, errlen);
  if (e) return e;
  if ((e = alloc_apportion(&run->inst, err, errlen))) return e;
  if ((e = alloc_prefs_build(&run->inst, &run->pr))) {
    snprintf(err, errlen, "mémoire insuffisante pour préparer les préférences");
    return e;
  }
  if ((e = alloc_match_init(&run->m, run->inst.ncand))) {
    snprintf(err, errlen, "mémoire insuffisante");
    return e;
  }
  if ((e = alloc_solve(&run->inst, &run->pr, &run->m, err, errlen))) return e;
  if ((e = alloc_check(&run->inst, &run->m, &run->check))) {
    snprintf(err, errlen, "mémoire insuffisante pour la vérification");
    return e;
  }
  return PLAM_OK;
}

plam_err alloc_run_bundle(struct alloc_run *run, const char *data, size_t len, char *err, size_t errlen) {
  memset(run, 0, sizeof *run);
  alloc_instance_init(&run->inst, (size_t)ALLOC_MAX_BUNDLE_BYTES * 2);
  if (errlen) err[0] = '\0';
  struct hash_job job = {data, len, run->sha256};
  pthread_t th;
  int threaded = len >= (1u << 20) && pthread_create(&th, NULL, hash_job_run, &job) == 0;
  if (!threaded) hash_job_run(&job);
  plam_err e = alloc_run_stages(run, data, len, err, errlen);
  if (threaded) pthread_join(th, NULL);
  return e;
}

void alloc_run_release(struct alloc_run *run) {
  alloc_match_release(&run->m);
  alloc_prefs_release(&run->pr);
  alloc_instance_release(&run->inst);
}

/* A run allocates and frees tens of MB of arrays in stages; by default glibc
 * maps each large block separately and gives it back on free, so every stage
 * pays its page faults again (~25% of the CPU time of an EDN-sized run was
 * measured in faults). Keep freed memory in the heap for reuse instead, and
 * grow the heap once by ALLOC_HEAP_PAD with transparent huge pages
 * requested on it (MADV_HUGEPAGE; the system default here is "madvise"): an
 * EDN-sized run then takes ~2,200 page faults instead of ~6,700, about a
 * third less CPU time. If the kernel refuses, nothing changes but speed.
 * Only for one-shot processes (plam allocate, bench_alloc): the settings
 * hold for the whole process. */
#define ALLOC_HEAP_PAD ((size_t)96 << 20)
#define ALLOC_HUGE_PAGE ((uintptr_t)2 << 20)

#ifdef __GLIBC__
static void *volatile alloc_heap_gap; /* kept (see below); volatile: the compiler may not drop the call */
#endif

void alloc_tune_malloc(void) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  /* one arena: otherwise the explanation worker's buffers come from a
   * per-thread arena outside this heap, in 4 KiB pages (~1,300 more page
   * faults for an EDN-sized run) */
  mallopt(M_ARENA_MAX, 1);
  void *grow = malloc(ALLOC_HEAP_PAD); /* from the heap (below the mmap threshold), kept after free */
  if (!grow) return;
  uintptr_t start = (uintptr_t)grow; /* only an address after the free below */
  uintptr_t lo = (start + ALLOC_HUGE_PAGE - 1) & ~(ALLOC_HUGE_PAGE - 1);
  uintptr_t hi = (start + ALLOC_HEAP_PAD) & ~(ALLOC_HUGE_PAGE - 1);
  if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
  free(grow);
  /* The heap does not start on a huge page: its first, partial 2 MiB can
   * only have 4 KiB pages, and the first arrays of the reader landed there
   * (~400 page faults). Reserve that gap, never touched nor freed, so that
   * allocations start at lo: glibc gives back the same block (grow) for a
   * request of lo - grow bytes, whose chunk ends 16 bytes past lo. Only
   * speed depends on this arithmetic. */
  if (hi > lo && lo > start) alloc_heap_gap = malloc((size_t)(lo - start));
#endif
}
