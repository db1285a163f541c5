/* Property tests of the allocation engine on thousands of random instances
 * of every shape in test_alloc_gen.h (seeded, deterministic):
 *  - every result passes the independent checker (stability, or weak
 *    stability with ties; capacities; reserved seats);
 *  - candidate-proposing is weakly preferred by every candidate to
 *    post-proposing;
 *  - rural hospitals: the same candidates are matched and every post has the
 *    same fill in both, and a post left with free seats holds the same
 *    candidates;
 *  - the result does not depend on the order free candidates are processed,
 *    nor on the order of candidates and posts in the bundle (ties included);
 *  - serial dictatorship equals deferred acceptance when every post ranks by
 *    the same priority order;
 *  - on tiny instances, brute force over every matching agrees with the
 *    checker and finds deferred acceptance candidate-optimal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "test_alloc_gen.h"
#include "app/alloc/alloc_check.h"

#define INSTANCES_PER_SHAPE 800

struct solved {
  struct alloc_prefs pr;
  struct alloc_match m;
  struct alloc_check_report rep;
};

static void solve(const struct alloc_instance *inst, struct solved *s) {
  assert_int_equal(alloc_prefs_build(inst, &s->pr), PLAM_OK);
  assert_int_equal(alloc_match_init(&s->m, inst->ncand), PLAM_OK);
  char err[256];
  assert_int_equal(alloc_solve(inst, &s->pr, &s->m, err, sizeof err), PLAM_OK);
  assert_int_equal(alloc_check(inst, &s->m, &s->rep), PLAM_OK);
}

static void solved_release(struct solved *s) {
  alloc_match_release(&s->m);
  alloc_prefs_release(&s->pr);
}

static void random_opts(uint64_t *s, struct gen_opts *o, enum gen_shape shape) {
  memset(o, 0, sizeof *o);
  o->shape = shape;
  o->ncand = gen_int(s, 41);
  o->npost = gen_int(s, 13);
  o->maxwish = 1 + gen_int(s, 8);
  o->unranked_pct = gen_int(s, 3) == 0 ? 20 : 0;
  o->algorithm = ALLOC_DEFERRED_ACCEPTANCE;
}

/* Position of c's post in its strict list; INT_MAX-ish when unassigned. */
static int strict_pos(const struct alloc_prefs *pr, const struct alloc_match *m, int c) {
  if (m->post[c] < 0) return 1 << 30;
  for (int k = pr->cp_off[c]; k < pr->cp_off[c + 1]; k++)
    if (pr->cp_post[k] == m->post[c]) return k - pr->cp_off[c];
  fail_msg("assigned post not in the strict list");
  return -1;
}

static void test_da_sides_stable_optimal_rural(void **state) {
  (void)state;
  uint64_t s = 1;
  long long instances = 0;
  for (int shape = 0; shape < GEN_SHAPES; shape++) {
    for (int it = 0; it < INSTANCES_PER_SHAPE; it++) {
      struct gen_opts o;
      random_opts(&s, &o, (enum gen_shape)shape);
      struct alloc_instance inst;
      gen_instance(&inst, gen_next(&s), &o);
      struct solved a, b;
      inst.proposing = ALLOC_PROPOSE_CANDIDATES;
      solve(&inst, &a);
      inst.proposing = ALLOC_PROPOSE_POSTS;
      solve(&inst, &b);
      assert_true(a.rep.ok);
      assert_true(b.rep.ok);
      int *fa = calloc((size_t)inst.npost + 1, sizeof(int)), *fb = calloc((size_t)inst.npost + 1, sizeof(int));
      for (int c = 0; c < inst.ncand; c++) {
        /* one-side optimality */
        assert_true(strict_pos(&a.pr, &a.m, c) <= strict_pos(&b.pr, &b.m, c));
        /* rural hospitals: same matched candidates */
        assert_int_equal(a.m.post[c] >= 0, b.m.post[c] >= 0);
        if (a.m.post[c] >= 0) fa[a.m.post[c]]++;
        if (b.m.post[c] >= 0) fb[b.m.post[c]]++;
      }
      for (int p = 0; p < inst.npost; p++) assert_int_equal(fa[p], fb[p]);
      for (int c = 0; c < inst.ncand; c++) {
        int p = a.m.post[c];
        if (p >= 0 && fa[p] < inst.post[p].seats) assert_int_equal(b.m.post[c], p);
      }
      free(fa);
      free(fb);
      solved_release(&a);
      solved_release(&b);
      alloc_instance_release(&inst);
      instances++;
    }
  }
  print_message("deferred acceptance, both sides: %lld instances\n", instances);
}

static void test_processing_order_independence(void **state) {
  (void)state;
  uint64_t s = 2;
  for (int shape = 0; shape < GEN_SHAPES; shape++) {
    for (int it = 0; it < INSTANCES_PER_SHAPE; it++) {
      struct gen_opts o;
      random_opts(&s, &o, (enum gen_shape)shape);
      o.reserves = it % 2;
      o.eligibility = it % 3 == 0;
      o.tie_pct = it % 4 == 0 ? 30 : 0;
      struct alloc_instance inst;
      gen_instance(&inst, gen_next(&s), &o);
      struct solved a;
      solve(&inst, &a);
      assert_true(a.rep.ok);
      int *proc = malloc(((size_t)inst.ncand + 1) * sizeof(int));
      for (int c = 0; c < inst.ncand; c++) proc[c] = c;
      gen_shuffle(&s, proc, inst.ncand);
      struct alloc_match m2;
      assert_int_equal(alloc_match_init(&m2, inst.ncand), PLAM_OK);
      assert_int_equal(alloc_da_candidates_solve_order(&inst, &a.pr, &m2, proc), PLAM_OK);
      for (int c = 0; c < inst.ncand; c++) {
        assert_int_equal(m2.post[c], a.m.post[c]);
        assert_int_equal(m2.group[c], a.m.group[c]);
      }
      alloc_match_release(&m2);
      free(proc);
      solved_release(&a);
      alloc_instance_release(&inst);
    }
  }
}

/* Copies src with candidates and posts relabelled: new index = perm[old]. */
static void permute_instance(const struct alloc_instance *src, struct alloc_instance *dst, const int *cp,
                             const int *pp) {
  alloc_instance_init(dst, 64u << 20);
  dst->algorithm = src->algorithm;
  dst->proposing = src->proposing;
  dst->seed = src->seed;
  dst->ncand = src->ncand;
  dst->npost = src->npost;
  dst->ntag = src->ntag;
  dst->cesp_tag = src->cesp_tag;
  for (int t = 0; t < src->ntag; t++) dst->tag_name[t] = src->tag_name[t];
  dst->cand = calloc((size_t)src->ncand + 1, sizeof *dst->cand);
  dst->post = calloc((size_t)src->npost + 1, sizeof *dst->post);
  dst->wish_post = malloc(((size_t)src->nwish_total + 1) * sizeof(int));
  dst->wish_group = malloc(((size_t)src->nwish_total + 1) * sizeof(int));
  dst->rank_cand = malloc(((size_t)src->nrank_total + 1) * sizeof(int));
  dst->rank_group = malloc(((size_t)src->nrank_total + 1) * sizeof(int));
  dst->res = calloc((size_t)src->nres_total + 1, sizeof *dst->res);
  int w = 0, r = 0, g = 0;
  int *inv = malloc(((size_t)(src->ncand > src->npost ? src->ncand : src->npost) + 1) * sizeof(int));
  for (int c = 0; c < src->ncand; c++) inv[cp[c]] = c;
  for (int nc = 0; nc < src->ncand; nc++) {
    const struct alloc_cand *o = &src->cand[inv[nc]];
    dst->cand[nc] = *o;
    dst->cand[nc].wish_off = w;
    for (int k = 0; k < o->nwish; k++) {
      dst->wish_post[w] = pp[src->wish_post[o->wish_off + k]];
      dst->wish_group[w++] = src->wish_group[o->wish_off + k];
    }
  }
  for (int p = 0; p < src->npost; p++) inv[pp[p]] = p;
  for (int np = 0; np < src->npost; np++) {
    const struct alloc_post *o = &src->post[inv[np]];
    dst->post[np] = *o;
    dst->post[np].rank_off = r;
    dst->post[np].res_off = g;
    for (int k = 0; k < o->nrank; k++) {
      dst->rank_cand[r] = cp[src->rank_cand[o->rank_off + k]];
      dst->rank_group[r++] = src->rank_group[o->rank_off + k];
    }
    for (int k = 0; k < o->nres; k++) dst->res[g++] = src->res[o->res_off + k];
  }
  dst->nwish_total = w;
  dst->nrank_total = r;
  dst->nres_total = g;
  free(inv);
}

static void test_bundle_order_independence(void **state) {
  (void)state;
  uint64_t s = 3;
  for (int shape = 0; shape < GEN_SHAPES; shape++) {
    for (int it = 0; it < INSTANCES_PER_SHAPE; it++) {
      struct gen_opts o;
      random_opts(&s, &o, (enum gen_shape)shape);
      o.tie_pct = 40;
      o.reserves = it % 3 == 0;
      o.algorithm = it % 2 ? ALLOC_SERIAL_DICTATORSHIP : ALLOC_DEFERRED_ACCEPTANCE;
      o.proposing = !o.reserves && it % 4 == 0 ? ALLOC_PROPOSE_POSTS : ALLOC_PROPOSE_CANDIDATES;
      struct alloc_instance a, b;
      gen_instance(&a, gen_next(&s), &o);
      int *cp = malloc(((size_t)a.ncand + 1) * sizeof(int)), *pp = malloc(((size_t)a.npost + 1) * sizeof(int));
      for (int c = 0; c < a.ncand; c++) cp[c] = c;
      for (int p = 0; p < a.npost; p++) pp[p] = p;
      gen_shuffle(&s, cp, a.ncand);
      gen_shuffle(&s, pp, a.npost);
      permute_instance(&a, &b, cp, pp);
      struct solved x, y;
      solve(&a, &x);
      solve(&b, &y);
      assert_true(x.rep.ok);
      assert_true(y.rep.ok);
      for (int c = 0; c < a.ncand; c++) {
        int px = x.m.post[c], py = y.m.post[cp[c]];
        assert_int_equal(px >= 0 ? pp[px] : -1, py);
        assert_int_equal(x.m.wish[c], y.m.wish[cp[c]]);
      }
      solved_release(&x);
      solved_release(&y);
      free(cp);
      free(pp);
      alloc_instance_release(&a);
      alloc_instance_release(&b);
    }
  }
}

static void test_sd_equals_da_with_common_order(void **state) {
  (void)state;
  uint64_t s = 4;
  for (int shape = 0; shape < GEN_SHAPES; shape++) {
    for (int it = 0; it < INSTANCES_PER_SHAPE; it++) {
      struct gen_opts o;
      random_opts(&s, &o, (enum gen_shape)shape);
      o.common_order = 1;
      o.unranked_pct = 0;
      o.eligibility = it % 2;
      o.tie_pct = 0;
      struct alloc_instance inst;
      gen_instance(&inst, gen_next(&s), &o);
      /* every wisher is ranked (common_order), so acceptability coincides */
      struct solved sd, da;
      inst.algorithm = ALLOC_SERIAL_DICTATORSHIP;
      solve(&inst, &sd);
      inst.algorithm = ALLOC_DEFERRED_ACCEPTANCE;
      solve(&inst, &da);
      assert_true(sd.rep.ok);
      assert_true(da.rep.ok);
      for (int c = 0; c < inst.ncand; c++) assert_int_equal(sd.m.post[c], da.m.post[c]);
      solved_release(&sd);
      solved_release(&da);
      alloc_instance_release(&inst);
    }
  }
}

static void test_ties_reserves_eligibility_checked(void **state) {
  (void)state;
  uint64_t s = 5;
  long long ties = 0;
  for (int shape = 0; shape < GEN_SHAPES; shape++) {
    for (int it = 0; it < INSTANCES_PER_SHAPE * 2; it++) {
      struct gen_opts o;
      random_opts(&s, &o, (enum gen_shape)shape);
      o.tie_pct = gen_int(&s, 60);
      o.reserves = it % 2;
      o.eligibility = it % 3 != 0;
      o.algorithm = it % 5 == 0 ? ALLOC_SERIAL_DICTATORSHIP : ALLOC_DEFERRED_ACCEPTANCE;
      o.proposing = !o.reserves && it % 4 == 1 ? ALLOC_PROPOSE_POSTS : ALLOC_PROPOSE_CANDIDATES;
      struct alloc_instance inst;
      gen_instance(&inst, gen_next(&s), &o);
      struct solved a;
      solve(&inst, &a);
      if (!a.rep.ok)
        fail_msg("shape %d instance %d: checker found %lld violation(s), first %s", shape, it, a.rep.violations,
                 alloc_check_kind_code(a.rep.listed[0].kind));
      ties += a.pr.ties_cand + a.pr.ties_post;
      /* reserved strict seats only hold tagged candidates */
      for (int c = 0; c < inst.ncand; c++) {
        int p = a.m.post[c], g = a.m.group[c];
        if (p >= 0 && g >= 0) {
          const struct alloc_reserve *r = &inst.res[inst.post[p].res_off + g];
          if (r->strict) assert_true(inst.cand[c].tags & (1u << r->tag));
        }
      }
      solved_release(&a);
      alloc_instance_release(&inst);
    }
  }
  assert_true(ties > 1000); /* the generator really produced ties */
}

/* Brute force on tiny instances (no ties, no reserves). */
static int bf_prefers(const struct alloc_instance *inst, int c, int p, int q) {
  /* does c strictly prefer p to q (q = -1: unassigned)? */
  const struct alloc_cand *cd = &inst->cand[c];
  int ip = -1, iq = 1 << 20;
  for (int k = 0; k < cd->nwish; k++) {
    if (inst->wish_post[cd->wish_off + k] == p) ip = k;
    if (inst->wish_post[cd->wish_off + k] == q) iq = k;
  }
  return ip >= 0 && ip < iq;
}

static int bf_post_rank(const struct alloc_instance *inst, int p, int c) {
  const struct alloc_post *po = &inst->post[p];
  for (int k = 0; k < po->nrank; k++)
    if (inst->rank_cand[po->rank_off + k] == c) return k;
  return -1;
}

static int bf_stable(const struct alloc_instance *inst, const int *mp) {
  for (int p = 0; p < inst->npost; p++) {
    int n = 0;
    for (int c = 0; c < inst->ncand; c++) n += mp[c] == p;
    if (n > inst->post[p].seats) return 0;
  }
  for (int c = 0; c < inst->ncand; c++) {
    for (int p = 0; p < inst->npost; p++) {
      if (bf_post_rank(inst, p, c) < 0 || !bf_prefers(inst, c, p, mp[c])) continue;
      int n = 0, worse = 0;
      for (int d = 0; d < inst->ncand; d++)
        if (mp[d] == p) {
          n++;
          if (bf_post_rank(inst, p, d) > bf_post_rank(inst, p, c)) worse = 1;
        }
      if (n < inst->post[p].seats || worse) return 0;
    }
  }
  return 1;
}

static void test_brute_force_tiny(void **state) {
  (void)state;
  uint64_t s = 6;
  long long stable_sets = 0;
  for (int it = 0; it < 600; it++) {
    struct gen_opts o;
    memset(&o, 0, sizeof o);
    o.shape = (enum gen_shape)(it % GEN_SHAPES);
    o.ncand = 1 + gen_int(&s, 5);
    o.npost = 1 + gen_int(&s, 3);
    o.maxwish = 3;
    o.unranked_pct = 15;
    o.algorithm = ALLOC_DEFERRED_ACCEPTANCE;
    struct alloc_instance inst;
    gen_instance(&inst, gen_next(&s), &o);
    struct solved a;
    solve(&inst, &a);
    int nc = inst.ncand, total = 1;
    for (int c = 0; c < nc; c++) total *= inst.cand[c].nwish + 1;
    struct alloc_match m;
    assert_int_equal(alloc_match_init(&m, nc), PLAM_OK);
    for (int code = 0; code < total; code++) {
      int x = code, acceptable = 1;
      for (int c = 0; c < nc; c++) {
        int choice = x % (inst.cand[c].nwish + 1);
        x /= inst.cand[c].nwish + 1;
        m.post[c] = choice ? inst.wish_post[inst.cand[c].wish_off + choice - 1] : -1;
        m.wish[c] = choice ? inst.wish_group[inst.cand[c].wish_off + choice - 1] + 1 : 0;
        m.group[c] = -1;
        if (m.post[c] >= 0 && bf_post_rank(&inst, m.post[c], c) < 0) acceptable = 0;
      }
      struct alloc_check_report rep;
      assert_int_equal(alloc_check(&inst, &m, &rep), PLAM_OK);
      int bf = acceptable && bf_stable(&inst, m.post);
      assert_int_equal(rep.ok, bf);
      if (!bf) continue;
      stable_sets++;
      for (int c = 0; c < nc; c++) assert_false(bf_prefers(&inst, c, m.post[c], a.m.post[c]));
    }
    alloc_match_release(&m);
    solved_release(&a);
    alloc_instance_release(&inst);
  }
  assert_true(stable_sets > 600);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_da_sides_stable_optimal_rural),     cmocka_unit_test(test_processing_order_independence),
    cmocka_unit_test(test_bundle_order_independence),         cmocka_unit_test(test_sd_equals_da_with_common_order),
    cmocka_unit_test(test_ties_reserves_eligibility_checked), cmocka_unit_test(test_brute_force_tiny),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
