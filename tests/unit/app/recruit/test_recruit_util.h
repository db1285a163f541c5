/* Test helpers for the recruitment engine: a small bundle built by hand
 * (one need, up to TB_MAX candidates) whose default candidate is eligible,
 * so that each test changes one thing and watches one rule. Times are
 * written in ISO 8601 and parsed by the engine's own parser (tested
 * separately in test_recruit_bundle.c). Header-only: each test file
 * includes it once. */
#ifndef TEST_RECRUIT_UTIL_H
#define TEST_RECRUIT_UTIL_H
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit.h"

#define TB_MAX 16
#define TB_TIMES 64

struct tb {
  struct recruit_bundle b;
  struct recruit_cand c[TB_MAX];
  struct recruit_slot slots[TB_TIMES];
  struct recruit_iv av[TB_MAX * TB_TIMES], sh[TB_MAX * TB_TIMES];
  struct recruit_qual q[TB_MAX * 4];
  const char *pool[TB_MAX * 4];
  const char *need_pools[4], *need_quals[4];
  char ids[TB_MAX][16];
};

__attribute__((unused)) static int64_t tb_t(const char *iso) {
  int64_t t;
  int off;
  if (recruit_time_parse(iso, &t, &off)) abort();
  return t;
}

__attribute__((unused)) static int32_t tb_d(const char *iso) {
  int32_t d;
  if (recruit_date_parse(iso, &d)) abort();
  return d;
}

__attribute__((unused)) static int slot_by_start(const void *a, const void *b) {
  const struct recruit_slot *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

__attribute__((unused)) static int iv_by_start(const void *a, const void *b) {
  const struct recruit_iv *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Adds a slot to the need (kept sorted); its day is computed as the reader does. */
__attribute__((unused)) static void tb_slot(struct tb *t, const char *s, const char *e) {
  struct recruit_slot *x = &t->slots[t->b.need.nslot++];
  int off;
  if (recruit_time_parse(s, &x->start, &off) || recruit_time_parse(e, &x->end, &x->offset)) abort();
  int64_t last = x->end - 1 + x->offset;
  x->day = (int32_t)((last >= 0 ? last : last - 1439) / 1440);
  qsort(t->slots, (size_t)t->b.need.nslot, sizeof *t->slots, slot_by_start);
}

__attribute__((unused)) static void tb_shift(struct tb *t, int c, const char *s, const char *e) {
  struct recruit_cand *x = &t->c[c];
  struct recruit_iv *v = &t->sh[x->shift_off + x->nshift++];
  v->start = tb_t(s);
  v->end = tb_t(e);
  qsort(&t->sh[x->shift_off], (size_t)x->nshift, sizeof *v, iv_by_start);
}

__attribute__((unused)) static void tb_avail(struct tb *t, int c, const char *s, const char *e) {
  struct recruit_cand *x = &t->c[c];
  struct recruit_iv *v = &t->av[x->avail_off + x->navail++];
  v->start = tb_t(s);
  v->end = tb_t(e);
  qsort(&t->av[x->avail_off], (size_t)x->navail, sizeof *v, iv_by_start);
}

__attribute__((unused)) static void tb_qual(struct tb *t, int c, const char *code, const char *until) {
  struct recruit_cand *x = &t->c[c];
  struct recruit_qual *q = &t->q[x->qual_off + x->nqual++];
  q->code = code;
  q->valid_until = tb_d(until);
}

/* Adds an eligible candidate: nurse ("IDE") at the need's location,
 * pool "ght", available 2026-02-01 to 2026-04-01, no shift. */
__attribute__((unused)) static int tb_cand(struct tb *t) {
  int i = t->b.ncand++;
  struct recruit_cand *x = &t->c[i];
  memset(x, 0, sizeof *x);
  snprintf(t->ids[i], sizeof t->ids[i], "c%02d", i);
  x->id = t->ids[i];
  x->profession = "IDE";
  x->lat = t->b.need.lat;
  x->lon = t->b.need.lon;
  x->max_km = 50;
  x->qual_off = i * 4;
  x->avail_off = x->shift_off = i * TB_TIMES;
  x->pool_off = i * 4;
  t->pool[x->pool_off] = "ght";
  x->npool = 1;
  tb_avail(t, i, "2026-02-01T00:00+01:00", "2026-04-01T00:00+02:00");
  return i;
}

/* A need for a nurse in Nantes, pool "ght", 50 km, no slot yet. */
__attribute__((unused)) static void tb_init(struct tb *t) {
  memset(t, 0, sizeof *t);
  struct recruit_bundle *b = &t->b;
  recruit_bundle_defaults(b);
  b->need.id = "n1";
  b->need.profession = "IDE";
  b->need.lat = 47.218;
  b->need.lon = -1.553;
  b->need.max_km = 50;
  b->need.slots = t->slots;
  b->need.pools = t->need_pools;
  b->need.quals = t->need_quals;
  t->need_pools[0] = "ght";
  b->need.npool = 1;
  b->cand = t->c;
  b->qual = t->q;
  b->avail = t->av;
  b->shift = t->sh;
  b->pool = t->pool;
}

/* The rule that excludes candidate c (RECRUIT_OK when eligible). */
__attribute__((unused)) static enum recruit_rule tb_check(struct tb *t, int c, struct recruit_verdict *v) {
  struct recruit_scratch s = {0};
  enum recruit_rule r = recruit_check(&t->b, c, &s, v);
  recruit_scratch_release(&s);
  return r;
}

#endif
