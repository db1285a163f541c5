/* The time rules checked against a second, independent implementation: a
 * minute-by-minute simulation on random small instances. The simulation
 * marks every minute available, worked on a confirmed shift or worked on a
 * slot, then tests each rule by its definition (docs/RECRUITMENT.md):
 * every slot minute available; no minute both slot and shift; for every
 * start t of a 7-day window touching a slot (t from slot start - 7 days to
 * slot end, both included) the minutes worked in [t, t + 7 days); no minute
 * of another shift within min_rest hours before a slot's start or after its
 * end; slot length. It knows nothing of the engine's sorted cursors,
 * candidate points or merged lists. Times are drawn on a 30-minute grid
 * shifted by -1, 0 or +1 minute so that the boundaries (exactly 48 h,
 * exactly 11 h, windows ending where a shift starts) occur often. The
 * ranking's bounded heap is checked against a full sort the same way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "test_recruit_util.h"

#define H 60
#define DAYS 18
#define SPAN (DAYS * 1440)
#define MARGIN RECRUIT_WEEK_MIN
#define N (SPAN + 2 * MARGIN + 2)

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static int64_t rint_(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }
static int64_t grid(int64_t lo, int64_t hi) { return rint_(lo / 30, hi / 30) * 30 + rint_(-1, 1); }

static uint8_t avail[N], shift[N], slot[N];
static int64_t pre[N + 1];
static const int64_t base = 29500000; /* minutes since the epoch, early 2026 */

/* Minute index of an instant (the arrays start MARGIN before the span). */
static int64_t ix(int64_t t) { return t - base + MARGIN; }

static void mark(uint8_t *a, int64_t s, int64_t e) {
  for (int64_t m = ix(s); m < ix(e); m++) a[m] = 1;
}

/* Disjoint random intervals (sorted), gaps possibly 0. */
static int gen_disjoint(struct recruit_iv *out, int max, int64_t lo, int64_t hi) {
  int n = 0;
  int64_t t = grid(lo, lo + 3 * 1440);
  while (n < max) {
    int64_t len = grid(30, 14 * H);
    if (len < 1) len = 1;
    if (t + len > hi) break;
    out[n].start = t;
    out[n].end = t + len;
    n++;
    int64_t gap = rnd() % 4 == 0 ? 0 : grid(0, 2 * 1440);
    if (rnd() % 3 == 0) gap += grid(0, 12 * H);
    t += len + (gap < 0 ? 0 : gap); /* disjoint, as the reader requires */
  }
  return n;
}

struct expect {
  enum recruit_rule rule;
  int64_t worked; /* hours_7d: the maximum found */
};

static struct expect brute(const struct tb *t) {
  const struct recruit_bundle *b = &t->b;
  const struct recruit_cand *c = &b->cand[0];
  memset(avail, 0, sizeof avail);
  memset(shift, 0, sizeof shift);
  memset(slot, 0, sizeof slot);
  for (int i = 0; i < c->navail; i++) mark(avail, b->avail[c->avail_off + i].start, b->avail[c->avail_off + i].end);
  for (int i = 0; i < c->nshift; i++) mark(shift, b->shift[c->shift_off + i].start, b->shift[c->shift_off + i].end);
  for (int i = 0; i < b->need.nslot; i++) mark(slot, b->need.slots[i].start, b->need.slots[i].end);
  struct expect x = {RECRUIT_OK, 0};
  for (int i = 0; i < b->need.nslot; i++)
    for (int64_t m = ix(b->need.slots[i].start); m < ix(b->need.slots[i].end); m++)
      if (!avail[m]) return (struct expect){RECRUIT_AVAILABILITY, 0};
  for (int64_t m = 0; m < N; m++)
    if (slot[m] && shift[m]) return (struct expect){RECRUIT_OVERLAP, 0};
  pre[0] = 0;
  for (int64_t m = 0; m < N; m++) pre[m + 1] = pre[m] + (slot[m] | shift[m]);
  int64_t best = 0;
  for (int i = 0; i < b->need.nslot; i++)
    for (int64_t s = ix(b->need.slots[i].start) - RECRUIT_WEEK_MIN; s <= ix(b->need.slots[i].end); s++) {
      int64_t f = pre[s + RECRUIT_WEEK_MIN] - pre[s];
      if (f > best) best = f;
    }
  if (best > b->rules.max_hours_7d * H) return (struct expect){RECRUIT_HOURS_7D, best};
  int64_t rest = b->rules.min_rest_hours * H;
  for (int i = 0; i < b->need.nslot; i++) {
    int64_t s = ix(b->need.slots[i].start), e = ix(b->need.slots[i].end);
    /* minutes worked on anything but this slot near it */
    for (int64_t m = s - rest; m < s; m++)
      if (shift[m] || slot[m]) return (struct expect){RECRUIT_REST, 0};
    for (int64_t m = e; m < e + rest; m++)
      if (shift[m] || slot[m]) return (struct expect){RECRUIT_REST, 0};
  }
  for (int i = 0; i < b->need.nslot; i++)
    if (b->need.slots[i].end - b->need.slots[i].start > b->rules.max_shift_hours * H)
      return (struct expect){RECRUIT_SHIFT_LENGTH, 0};
  return x;
}

static void random_instance(struct tb *t) {
  tb_init(t);
  t->b.rules.max_hours_7d = (int)rint_(8, 60);
  t->b.rules.min_rest_hours = (int)rint_(0, 14);
  t->b.rules.max_shift_hours = (int)rint_(6, 14);
  struct recruit_iv sl[8];
  int ns = gen_disjoint(sl, 1 + (int)(rnd() % 3), base + 5 * 1440, base + SPAN - 5 * 1440);
  if (ns == 0) {
    sl[0].start = base + 8 * 1440;
    sl[0].end = sl[0].start + 8 * H;
    ns = 1;
  }
  for (int i = 0; i < ns; i++) {
    t->slots[i].start = sl[i].start;
    t->slots[i].end = sl[i].end;
    t->slots[i].offset = 60;
    t->slots[i].day = (int32_t)((sl[i].end - 1 + 60) / 1440);
  }
  t->b.need.nslot = ns;
  int c = tb_cand(t);
  struct recruit_cand *x = &t->c[c];
  /* shifts: disjoint among themselves, anywhere in the span */
  x->nshift = gen_disjoint(&t->sh[x->shift_off], (int)(rnd() % 12), base, base + SPAN);
  /* availability: mostly the whole span, sometimes random overlapping pieces */
  if (rnd() % 3) {
    x->navail = 0;
    int k = (int)(rnd() % 5);
    for (int i = 0; i < k; i++) {
      int64_t s = grid(base, base + SPAN - 1440);
      t->av[x->avail_off + i].start = s;
      t->av[x->avail_off + i].end = s + grid(60, 6 * 1440) + 2;
      x->navail++;
    }
    /* often cover the slots, in pieces that touch or overlap */
    if (rnd() % 2)
      for (int i = 0; i < ns && x->navail < TB_TIMES - 2; i++) {
        int64_t mid = (sl[i].start + sl[i].end) / 2;
        t->av[x->avail_off + x->navail++] = (struct recruit_iv){sl[i].start - (int64_t)(rnd() % 3), mid};
        t->av[x->avail_off + x->navail++] = (struct recruit_iv){mid - (int64_t)(rnd() % 2), sl[i].end};
      }
    qsort(&t->av[x->avail_off], (size_t)x->navail, sizeof t->av[0], iv_by_start);
  } else {
    x->navail = 0;
    t->av[x->avail_off] = (struct recruit_iv){base - MARGIN, base + SPAN + MARGIN};
    x->navail = 1;
  }
}

static void test_time_rules_against_simulation(void **state) {
  (void)state;
  static struct tb t;
  int seen[RECRUIT_RULE_COUNT] = {0};
  for (int iter = 0; iter < 3000; iter++) {
    random_instance(&t);
    struct expect want = brute(&t);
    struct recruit_verdict v;
    enum recruit_rule got = tb_check(&t, 0, &v);
    if (got != want.rule || (got == RECRUIT_HOURS_7D && v.worked != want.worked)) {
      fail_msg("instance %d: engine %s (worked %lld), simulation %s (worked %lld)", iter, recruit_rule_names[got],
               (long long)v.worked, recruit_rule_names[want.rule], (long long)want.worked);
    }
    seen[got]++;
  }
  /* the instances exercise every time rule and eligibility */
  assert_true(seen[RECRUIT_OK] > 50);
  assert_true(seen[RECRUIT_AVAILABILITY] > 50);
  assert_true(seen[RECRUIT_OVERLAP] > 50);
  assert_true(seen[RECRUIT_HOURS_7D] > 50);
  assert_true(seen[RECRUIT_REST] > 50);
  assert_true(seen[RECRUIT_SHIFT_LENGTH] > 20);
}

/* The reported window really holds the minutes it claims. */
static void test_hours_window_is_real(void **state) {
  (void)state;
  static struct tb t;
  int checked = 0;
  for (int iter = 0; iter < 2000 && checked < 200; iter++) {
    random_instance(&t);
    t.c[0].navail = 1;
    t.av[t.c[0].avail_off] = (struct recruit_iv){base - MARGIN, base + SPAN + MARGIN};
    struct recruit_verdict v;
    if (tb_check(&t, 0, &v) != RECRUIT_HOURS_7D) continue;
    brute(&t);
    assert_int_equal(v.b - v.a, RECRUIT_WEEK_MIN);
    assert_int_equal(pre[ix(v.b)] - pre[ix(v.a)], v.worked);
    checked++;
  }
  assert_true(checked >= 100);
}

/* The bounded heap gives the same top-k as sorting every eligible key. */
static int cmp_keys(const void *a, const void *b) { return recruit_cmp(a, b); }

static void test_topk_against_full_sort(void **state) {
  (void)state;
  static struct tb t;
  for (int iter = 0; iter < 300; iter++) {
    tb_init(&t);
    tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
    int n = 1 + (int)(rnd() % TB_MAX);
    for (int i = 0; i < n; i++) {
      int c = tb_cand(&t);
      t.c[c].lat += (double)(rnd() % 5) * 0.03; /* few distances: many ties on the band */
      t.c[c].offers_90d = (int)(rnd() % 3);
      t.c[c].no_shows_12m = (int)(rnd() % 2);
      t.c[c].past_missions = (int)(rnd() % 2);
      t.c[c].has_past_missions = 1;
      if (rnd() % 4 == 0) t.c[c].profession = "AS";
    }
    t.b.limit = 1 + (int)(rnd() % 6);
    struct recruit_result r;
    assert_int_equal(recruit_rank(&t.b, &r), PLAM_OK);
    struct recruit_key all[TB_MAX];
    int ne = 0, nx = 0;
    for (int c = 0; c < n; c++) {
      struct recruit_verdict v;
      if (tb_check(&t, c, &v) == RECRUIT_OK) recruit_key_of(&t.b, c, v.distance_km, &all[ne++]);
      else nx++;
    }
    qsort(all, (size_t)ne, sizeof all[0], cmp_keys);
    int want = ne < t.b.limit ? ne : t.b.limit;
    assert_int_equal(r.nranked, want);
    assert_int_equal(r.nexcluded, nx);
    for (int i = 0; i < want; i++) assert_int_equal(r.ranked[i].cand, all[i].cand);
    for (int i = 1; i < ne; i++) assert_true(recruit_cmp(&all[i - 1], &all[i]) < 0); /* a strict total order */
    recruit_result_release(&r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_time_rules_against_simulation),
    cmocka_unit_test(test_hours_window_is_real),
    cmocka_unit_test(test_topk_against_full_sort),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
