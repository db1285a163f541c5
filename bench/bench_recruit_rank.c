/* Micro-benchmark of the recruitment engine (bench/recruit_rank.sh runs it
 * from make bench): N synthetic candidates held in memory, as the store
 * will hand them over after its pre-filtering, ranked for a need (hard
 * rules on every candidate, top-50 by the bounded heap). The generator is
 * deterministic (xorshift64, fixed seed): candidates spread over about
 * 150 x 150 km around Nantes, 85 % of the need's profession, 0 to 12
 * confirmed shifts over six weeks, one to three of eight pools, one or two
 * availability intervals, two qualifications with expiry dates. Each run
 * ranks for another need (slot day and hour, location, pools), so that the
 * figures are not one lucky case; p50 and p99 are over the runs, wall
 * clock (CLOCK_MONOTONIC) around recruit_rank only.
 * Two populations: "mélangée" as above, where most candidates fail a cheap
 * rule (profession, qualification, availability, distance), and
 * "préfiltrée", what the store will hand over after its indexed
 * pre-filtering: every candidate of the need's profession, qualified,
 * available, in a pool of the need and within 40 km, so that every one
 * goes through the working-time rules and the heap (the worst case).
 * Usage: bench_recruit_rank [--n N]... [--runs R] [--limit K] */
#include "app/recruit/recruit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static int rint_(int lo, int hi) { return lo + (int)(rnd() % (uint64_t)(hi - lo + 1)); }
static double runif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static const char *const professions[] = {"IDE", "IDE", "IDE", "IDE", "IDE", "IDE", "AS", "ASH"};
static const char *const pools[] = {"etab-chu-nantes", "ght-44",     "dept-44",    "dept-85",
                                    "dept-49",         "region-pdl", "crise-2026", "ght-85"};
static const char *const quals[] = {"AFGSU2", "DIU-REA", "PERMIS-B"};

/* 2026-03-02T00:00Z in minutes since the epoch. */
#define T0 (20514LL * 1440)

static int prefiltered; /* population: see the top of the file */

struct gen {
  struct recruit_bundle b;
  char *ids;
};

static void gen_candidates(struct gen *g, int n) {
  struct recruit_bundle *b = &g->b;
  memset(g, 0, sizeof *g);
  recruit_bundle_defaults(b);
  b->ncand = n;
  b->cand = calloc((size_t)n, sizeof *b->cand);
  b->qual = calloc((size_t)n * 2, sizeof *b->qual);
  b->avail = calloc((size_t)n * 2, sizeof *b->avail);
  b->shift = calloc((size_t)n * 12, sizeof *b->shift);
  b->pool = calloc((size_t)n * 3, sizeof *b->pool);
  g->ids = calloc((size_t)n, 16);
  if (!b->cand || !b->qual || !b->avail || !b->shift || !b->pool || !g->ids) {
    fprintf(stderr, "bench_recruit_rank: mémoire insuffisante\n");
    exit(1);
  }
  int nq = 0, na = 0, ns = 0, np = 0;
  for (int i = 0; i < n; i++) {
    struct recruit_cand *c = &b->cand[i];
    snprintf(g->ids + (size_t)i * 16, 16, "cand-%07d", i);
    c->id = g->ids + (size_t)i * 16;
    c->profession = prefiltered ? "IDE" : professions[rnd() % 8];
    double spread = prefiltered ? 0.25 : 1.0;
    c->lat = 47.2 + (runif() - 0.5) * 1.35 * spread; /* ~150 km north-south (mixed) */
    c->lon = -1.55 + (runif() - 0.5) * 2.0 * spread; /* ~150 km east-west (mixed) */
    c->max_km = prefiltered ? 100 : 10 + rint_(0, 8) * 10;
    c->offers_90d = rint_(0, 12);
    c->no_shows_12m = rnd() % 10 == 0 ? rint_(1, 3) : 0;
    c->past_missions = rnd() % 4 == 0 ? rint_(1, 20) : 0;
    c->has_past_missions = 1;
    c->qual_off = nq;
    c->nqual = prefiltered ? 2 : rint_(0, 2);
    for (int k = 0; k < c->nqual; k++) {
      b->qual[nq].code = quals[(k + (prefiltered ? 0 : rint_(0, 1))) % 3];
      b->qual[nq++].valid_until = (int32_t)(T0 / 1440 + (prefiltered ? rint_(60, 900) : rint_(-60, 900)));
    }
    if (c->nqual == 2 && !strcmp(b->qual[nq - 1].code, b->qual[nq - 2].code)) c->nqual = 1, nq--;
    c->avail_off = na;
    c->navail = rint_(1, 2);
    if (prefiltered) { /* available over the whole period, in one or two pieces */
      b->avail[na++] = (struct recruit_iv){T0 - 30 * 1440, T0 + 12 * 1440};
      b->avail[na++] = (struct recruit_iv){T0 + 10 * 1440, T0 + 40 * 1440};
      c->navail = 2;
    }
    for (int k = 0; k < c->navail && !prefiltered; k++) {
      int64_t s = T0 + (int64_t)rint_(-14, 20) * 1440 + k * 25 * 1440;
      b->avail[na].start = s;
      b->avail[na++].end = s + (int64_t)rint_(3, 30) * 1440;
    }
    c->shift_off = ns;
    int nsh = rint_(0, 12);
    int64_t t = T0 - 14 * 1440 + rint_(0, 3) * 1440;
    for (int k = 0; k < nsh; k++) {
      int64_t len = rint_(4, 12) * 60;
      t += rint_(0, 1) * 720 + 480; /* some shifts too close together for this need's slots */
      b->shift[ns].start = t;
      b->shift[ns++].end = t + len;
      t += len + (int64_t)rint_(0, 3) * 1440;
    }
    c->nshift = nsh;
    c->pool_off = np;
    c->npool = rint_(1, 3);
    int first = rint_(0, 7);
    for (int k = 0; k < c->npool; k++) b->pool[np++] = pools[(first + k * 3) % 8];
    if (prefiltered) b->pool[np - 1] = "region-pdl";
  }
}

/* Need number r: a 12 h or 8 h slot (one in four needs has two slots). */
static void gen_need(struct recruit_bundle *b, int r, struct recruit_slot *slots, const char **np, const char **nq) {
  struct recruit_need *n = &b->need;
  n->id = "need";
  n->profession = "IDE";
  n->lat = 47.2 + (runif() - 0.5) * 0.6;
  n->lon = -1.55 + (runif() - 0.5) * 0.8;
  n->max_km = 40 + rint_(0, 4) * 10;
  nq[0] = "AFGSU2";
  n->quals = nq;
  n->nqual = r % 2;
  np[0] = prefiltered ? "region-pdl" : pools[rint_(0, 7)];
  np[1] = pools[rint_(0, 7)];
  n->pools = np;
  n->npool = np[0] == np[1] ? 1 : 2;
  int64_t s = T0 + (int64_t)rint_(0, 20) * 1440 + (rnd() % 2 ? 8 * 60 : 20 * 60) - 60;
  int len = rnd() % 3 ? 12 * 60 : 8 * 60;
  slots[0] = (struct recruit_slot){s, s + len, 60, (int32_t)((s + len - 1 + 60) / 1440)};
  n->nslot = 1;
  if (r % 4 == 3) {
    s += 2 * 1440;
    slots[1] = (struct recruit_slot){s, s + len, 60, (int32_t)((s + len - 1 + 60) / 1440)};
    n->nslot = 2;
  }
  n->slots = slots;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

static void bench(int n, int runs, int limit) {
  struct gen g;
  double t0 = now_ms();
  gen_candidates(&g, n);
  double gen_ms = now_ms() - t0;
  double *ms = malloc((size_t)runs * sizeof *ms), *cpu = malloc((size_t)runs * sizeof *cpu);
  long long eligible = 0, ranked = 0;
  long long by_rule[RECRUIT_RULE_COUNT] = {0};
  struct recruit_slot slots[2];
  const char *np[2], *nq[1];
  g.b.limit = limit;
  for (int r = 0; r < runs; r++) {
    gen_need(&g.b, r, slots, np, nq);
    struct recruit_result res;
    double a = now_ms(), ca = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    if (recruit_rank(&g.b, &res)) {
      fprintf(stderr, "bench_recruit_rank: échec du classement\n");
      exit(1);
    }
    ms[r] = now_ms() - a;
    cpu[r] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - ca;
    eligible += g.b.ncand - res.nexcluded;
    ranked += res.nranked;
    for (int c = 0; c < g.b.ncand; c++) by_rule[res.rule[c]]++;
    recruit_result_release(&res);
  }
  qsort(ms, (size_t)runs, sizeof *ms, cmp_d);
  qsort(cpu, (size_t)runs, sizeof *cpu, cmp_d);
  double p50 = ms[runs / 2], p99 = ms[(int)((runs - 1) * 0.99 + 0.5)];
  printf("  %s, N = %7d candidats en mémoire, top-%d, %d besoins : p50 %.2f ms, p99 %.2f ms, max %.2f ms "
         "(%.0f ns par candidat au p50 ; temps CPU p50 %.2f ms, p99 %.2f ms) ; éligibles en moyenne %lld, classés %lld "
         "; génération %.0f ms\n",
         prefiltered ? "population préfiltrée" : "population mélangée", n, limit, runs, p50, p99, ms[runs - 1],
         p50 * 1e6 / n, cpu[runs / 2], cpu[(int)((runs - 1) * 0.99 + 0.5)], eligible / runs, ranked / runs, gen_ms);
  printf("    exclusions (moyenne par besoin) :");
  for (int k = 1; k < RECRUIT_RULE_COUNT; k++) printf(" %s %lld", recruit_rule_names[k], by_rule[k] / runs);
  printf("\n");
  free(ms);
  free(cpu);
  free(g.b.cand);
  free(g.b.qual);
  free(g.b.avail);
  free(g.b.shift);
  free(g.b.pool);
  free(g.ids);
}

int main(int argc, char **argv) {
  int ns[8], nn = 0, runs = 0, limit = 50;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--n") && i + 1 < argc && nn < 8) ns[nn++] = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage : bench_recruit_rank [--n N]... [--runs R] [--limit K]\n");
      return 2;
    }
  }
  if (!nn) {
    ns[nn++] = 10000;
    ns[nn++] = 100000;
  }
  for (int i = 0; i < nn; i++) {
    if (ns[i] < 1 || ns[i] > 10000000 || limit < 1 || limit > RECRUIT_LIMIT_MAX) {
      fprintf(stderr, "bench_recruit_rank: valeurs hors limites\n");
      return 2;
    }
    for (prefiltered = 0; prefiltered < 2; prefiltered++)
      bench(ns[i], runs > 0 ? runs : (ns[i] <= 10000 ? 201 : 51), limit);
  }
  return 0;
}
