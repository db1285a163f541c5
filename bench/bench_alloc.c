/* Allocation benchmark. Generates two instances into bundle files:
 *  - EDN-like: 9,000 candidates x 40 wishes over 1,232 posts (44 specialties
 *    x 28 subdivisions, ~9,000 seats, skewed demand); each specialty ranks
 *    candidates by their exam rank plus a specialty-specific adjustment;
 *  - NRMP-like: 45,000 applicants x 12 wishes over 6,000 programs (~40,000
 *    positions); each program ranks about 90% of its applicants;
 * then times, in process, each stage on the file bytes (median of --runs):
 * bundle reading, tie-break/preference tables, the solver alone, the
 * independent checker, explanations + result writing.
 * Usage: bench_alloc [--dir DIR] [--runs N] [--malloc-commande] (the last
 * applies plam allocate's allocator settings, alloc_tune_malloc: freed
 * memory is then reused from one run to the next, so the stages show their
 * cost without first-touch page faults). End-to-end timing of
 * `plam allocate` on the same files is done by bench/alloc.sh. */
#include "app/alloc/alloc.h"
#include "app/alloc/alloc_check.h"
#include "app/alloc/alloc_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t bench_rng(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* Milliseconds of CPU time of this process: on a shared, loaded machine
 * wall-clock figures mostly measure the neighbours, so both are printed. */
static double bench_cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double bench_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

struct bench_sort {
  double v;
  int i;
};
static int bench_cmp(const void *a, const void *b) {
  const struct bench_sort *x = a, *y = b;
  if (x->v != y->v) return x->v < y->v ? -1 : 1;
  return x->i - y->i;
}

/* Writes a bundle: candidates with `wishes` wishes drawn by post
 * attractiveness + noise; posts rank wishers by score + group noise, keeping
 * each wisher with probability keep_pct. */
static int bench_write(const char *path, int ncand, int npost, int nwish, int groups, long long seats, int keep_pct,
                       uint64_t seed) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  uint64_t s = seed;
  double *attract = malloc((size_t)npost * sizeof *attract);
  int *cap = malloc((size_t)npost * sizeof *cap);
  int *wish = malloc((size_t)ncand * (size_t)nwish * sizeof *wish);
  struct bench_sort *tmp = malloc((size_t)(ncand > npost ? ncand : npost) * sizeof *tmp);
  double *gnoise = malloc((size_t)groups * (size_t)ncand * sizeof *gnoise);
  int *woff = calloc((size_t)npost + 1, sizeof *woff), *wc = malloc((size_t)ncand * (size_t)nwish * sizeof *wc);
  long long given = 0;
  for (int p = 0; p < npost; p++) {
    attract[p] = (double)(bench_rng(&s) % 1000);
    cap[p] = (int)(seats / npost);
    given += cap[p];
  }
  for (int p = 0; given < seats; p = (p + 1) % npost, given++) cap[p]++;
  for (int g = 0; g < groups; g++)
    for (int c = 0; c < ncand; c++)
      gnoise[(size_t)g * ncand + c] = (double)(bench_rng(&s) % (uint64_t)(ncand / 10 + 1));
  fprintf(
    f, "{\"algorithm\": \"deferred-acceptance\", \"proposing\": \"candidates\", \"seed\": %llu,\n\"candidates\": [\n",
    (unsigned long long)seed);
  for (int c = 0; c < ncand; c++) {
    /* Pick nwish distinct posts by attractiveness + noise: sample 4x and sort. */
    int m = 0;
    for (int t = 0; t < nwish * 4 && m < npost; t++) {
      int p = (int)(bench_rng(&s) % (uint64_t)npost);
      tmp[m].v = -(attract[p] + (double)(bench_rng(&s) % 1500));
      tmp[m].i = p;
      m++;
    }
    qsort(tmp, (size_t)m, sizeof *tmp, bench_cmp);
    fprintf(f, "{\"id\": \"c%d\", \"rank\": %d, \"wishes\": [", c, c + 1);
    int n = 0;
    for (int k = 0; k < m && n < nwish; k++) {
      int dup = 0;
      for (int j = 0; j < n; j++) dup |= wish[(size_t)c * nwish + j] == tmp[k].i;
      if (dup) continue;
      wish[(size_t)c * nwish + n] = tmp[k].i;
      fprintf(f, "%s\"p%d\"", n ? ", " : "", tmp[k].i);
      n++;
      woff[tmp[k].i + 1]++;
    }
    for (; n < nwish; n++) wish[(size_t)c * nwish + n] = -1;
    fprintf(f, "]}%s\n", c + 1 < ncand ? "," : "");
  }
  for (int p = 0; p < npost; p++) woff[p + 1] += woff[p];
  int *cur = malloc((size_t)npost * sizeof *cur);
  memcpy(cur, woff, (size_t)npost * sizeof *cur);
  for (int c = 0; c < ncand; c++)
    for (int k = 0; k < nwish; k++)
      if (wish[(size_t)c * nwish + k] >= 0) wc[cur[wish[(size_t)c * nwish + k]]++] = c;
  fprintf(f, "],\n\"posts\": [\n");
  for (int p = 0; p < npost; p++) {
    int g = p % groups, n = 0;
    for (int i = woff[p]; i < woff[p + 1]; i++) {
      int c = wc[i];
      if ((int)(bench_rng(&s) % 100) >= keep_pct) continue;
      tmp[n].v = (double)c + gnoise[(size_t)g * ncand + c];
      tmp[n].i = c;
      n++;
    }
    qsort(tmp, (size_t)n, sizeof *tmp, bench_cmp);
    fprintf(f, "{\"id\": \"p%d\", \"capacity\": %d, \"ranking\": [", p, cap[p]);
    for (int i = 0; i < n; i++) fprintf(f, "%s\"c%d\"", i ? ", " : "", tmp[i].i);
    fprintf(f, "]}%s\n", p + 1 < npost ? "," : "");
  }
  fprintf(f, "]}\n");
  free(cur);
  free(attract);
  free(cap);
  free(wish);
  free(tmp);
  free(gnoise);
  free(woff);
  free(wc);
  return fclose(f);
}

static char *bench_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *d = malloc((size_t)n + 1);
  if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
    free(d);
    d = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return d;
}

static int dbl_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, dbl_cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define STAGES 6
static const char *stage_names[STAGES] = {"lecture du lot",       "préférences + tirage",    "algorithme seul",
                                          "contrôle indépendant", "explications + écriture", "total en mémoire"};

static int bench_one(const char *name, const char *path, int runs) {
  size_t len;
  char *data = bench_slurp(path, &len);
  if (!data) {
    fprintf(stderr, "bench_alloc : lecture impossible de %s\n", path);
    return 1;
  }
  double t[STAGES][64], cpu[STAGES][64];
  long long proposals = 0;
  int assigned = 0, ncand = 0, ok = 1;
  for (int r = 0; r < runs; r++) {
    struct alloc_run run;
    char err[ALLOC_ERRLEN];
    memset(&run, 0, sizeof run);
    alloc_instance_init(&run.inst, (size_t)1 << 30);
    double c0 = bench_cpu(), t0 = bench_now();
    if (alloc_bundle_read(&run.inst, data, len, err, sizeof err)) {
      fprintf(stderr, "bench_alloc : %s\n", err);
      return 1;
    }
    double t1 = bench_now(), c1 = bench_cpu();
    alloc_apportion(&run.inst, err, sizeof err);
    alloc_prefs_build(&run.inst, &run.pr);
    alloc_match_init(&run.m, run.inst.ncand);
    double t2 = bench_now(), c2 = bench_cpu();
    alloc_solve(&run.inst, &run.pr, &run.m, err, sizeof err);
    double t3 = bench_now(), c3 = bench_cpu();
    alloc_check(&run.inst, &run.m, &run.check);
    double t4 = bench_now(), c4 = bench_cpu();
    struct buf out;
    buf_init(&out, (size_t)1 << 31);
    buf_append(&out, "", 0);
    buf_clear(&out);
    alloc_result_write(&run, &out, NULL, err, sizeof err);
    double t5 = bench_now(), c5 = bench_cpu();
    t[0][r] = t1 - t0;
    t[1][r] = t2 - t1;
    t[2][r] = t3 - t2;
    t[3][r] = t4 - t3;
    t[4][r] = t5 - t4;
    t[5][r] = t5 - t0;
    cpu[0][r] = c1 - c0;
    cpu[1][r] = c2 - c1;
    cpu[2][r] = c3 - c2;
    cpu[3][r] = c4 - c3;
    cpu[4][r] = c5 - c4;
    cpu[5][r] = c5 - c0;
    proposals = run.m.proposals;
    ncand = run.inst.ncand;
    assigned = 0;
    for (int c = 0; c < run.inst.ncand; c++) assigned += run.m.post[c] >= 0;
    ok &= run.check.ok;
    if (r == 0)
      printf("%s : %d candidats, %d postes, %d vœux, %d entrées de classement, %.1f Mo ; résultat %.1f Mo\n", name,
             run.inst.ncand, run.inst.npost, run.inst.nwish_total, run.inst.nrank_total, (double)len / 1e6,
             (double)out.len / 1e6);
    buf_release(&out);
    alloc_run_release(&run);
  }
  printf("  %d affectés sur %d, %lld propositions, contrôle : %s\n", assigned, ncand, proposals,
         ok ? "conforme" : "ÉCHEC");
  for (int s = 0; s < STAGES; s++)
    printf("  %-28s médiane %8.2f ms (temps CPU %8.2f ms), %d essais\n", stage_names[s], median(t[s], runs),
           median(cpu[s], runs), runs);
  free(data);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  const char *dir = "build/bench-data";
  int runs = 7;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--malloc-commande")) alloc_tune_malloc(); /* the allocator settings of plam allocate */
    else {
      fprintf(stderr, "usage : bench_alloc [--dir RÉPERTOIRE] [--runs N] [--malloc-commande]\n");
      return 2;
    }
  }
  if (runs < 1) runs = 1;
  if (runs > 64) runs = 64;
  char edn[512], nrmp[512];
  snprintf(edn, sizeof edn, "%s/alloc_edn.json", dir);
  snprintf(nrmp, sizeof nrmp, "%s/alloc_nrmp.json", dir);
  if (bench_write(edn, 9000, 1232, 40, 44, 9000, 100, 2025) ||
      bench_write(nrmp, 45000, 6000, 12, 6000, 40000, 90, 2026)) {
    fprintf(stderr, "bench_alloc : impossible d'écrire dans %s (le répertoire existe-t-il ?)\n", dir);
    return 1;
  }
  int rc = bench_one("EDN-like", edn, runs);
  rc |= bench_one("NRMP-like", nrmp, runs);
  return rc;
}
