/* The hard rules of the recruitment engine, checked in the order of enum
 * recruit_rule; the first that excludes a candidate is the one reported.
 * Every rule is linear in the candidate's data once the reader has sorted
 * the slots, the available intervals and the shifts: the time rules walk
 * sorted lists with moving cursors, never pairs of lists. The working-time
 * rule computes the exact maximum of hours worked over every 7-day window
 * that touches a slot (docs/RECRUITMENT.md, "hours_7d"). */
#include "app/recruit/recruit.h"
#include <stdlib.h>
#include <string.h>

const char *const recruit_rule_names[RECRUIT_RULE_COUNT] = {
  "", "profession", "qualification", "availability", "distance", "pool", "overlap", "hours_7d", "rest", "shift_length"};

void recruit_scratch_release(struct recruit_scratch *s) {
  free(s->iv);
  free(s->is_slot);
  free(s->pre);
  memset(s, 0, sizeof *s);
}

static int scratch_grow(struct recruit_scratch *s, int n) {
  if (n <= s->cap) return 0;
  int cap = s->cap ? s->cap : 64;
  while (cap < n) cap *= 2;
  struct recruit_iv *iv = realloc(s->iv, (size_t)cap * sizeof *iv);
  if (iv) s->iv = iv;
  uint8_t *f = realloc(s->is_slot, (size_t)cap);
  if (f) s->is_slot = f;
  int64_t *p = realloc(s->pre, ((size_t)cap + 1) * sizeof *p);
  if (p) s->pre = p;
  if (!iv || !f || !p) return -1;
  s->cap = cap;
  return 0;
}

static enum recruit_rule rule_qualification(const struct recruit_bundle *b, const struct recruit_cand *c,
                                            struct recruit_verdict *v) {
  const struct recruit_need *n = &b->need;
  for (int k = 0; k < n->nqual; k++) {
    const struct recruit_qual *q = NULL;
    for (int i = 0; i < c->nqual && !q; i++)
      if (!strcmp(b->qual[c->qual_off + i].code, n->quals[k])) q = &b->qual[c->qual_off + i];
    for (int s = 0; s < n->nslot; s++)
      if (!q || q->valid_until < n->slots[s].day) {
        v->which = k;
        v->a = q ? q->valid_until : -1;
        v->b = s;
        return RECRUIT_QUALIFICATION;
      }
  }
  return RECRUIT_OK;
}

/* The union of the available intervals (sorted by start; they may overlap
 * or touch) must contain every slot. Merged blocks are built on the fly. */
static enum recruit_rule rule_availability(const struct recruit_bundle *b, const struct recruit_cand *c,
                                           struct recruit_verdict *v) {
  const struct recruit_iv *av = b->avail + c->avail_off;
  int j = 0, n = c->navail;
  int64_t cs = 0, ce = INT64_MIN;
  for (int s = 0; s < b->need.nslot; s++) {
    const struct recruit_slot *sl = &b->need.slots[s];
    while (ce < sl->end && j < n) { /* next merged block */
      cs = av[j].start;
      ce = av[j].end;
      for (j++; j < n && av[j].start <= ce; j++)
        if (av[j].end > ce) ce = av[j].end;
    }
    if (!(cs <= sl->start && sl->end <= ce)) {
      v->which = s;
      return RECRUIT_AVAILABILITY;
    }
  }
  return RECRUIT_OK;
}

static enum recruit_rule rule_pool(const struct recruit_bundle *b, const struct recruit_cand *c) {
  for (int i = 0; i < c->npool; i++)
    for (int k = 0; k < b->need.npool; k++)
      if (!strcmp(b->pool[c->pool_off + i], b->need.pools[k])) return RECRUIT_OK;
  return RECRUIT_POOL;
}

static enum recruit_rule rule_overlap(const struct recruit_bundle *b, const struct recruit_cand *c,
                                      struct recruit_verdict *v) {
  const struct recruit_iv *sh = b->shift + c->shift_off;
  int j = 0;
  for (int s = 0; s < b->need.nslot; s++) {
    const struct recruit_slot *sl = &b->need.slots[s];
    while (j < c->nshift && sh[j].end <= sl->start) j++;
    if (j < c->nshift && sh[j].start < sl->end) {
      v->which = s;
      v->a = sh[j].start;
      v->b = sh[j].end;
      return RECRUIT_OVERLAP;
    }
  }
  return RECRUIT_OK;
}

/* Merges the slots and the shifts that can share a 7-day window with one
 * of them (sorted, disjoint once the overlap rule passed) into s->iv;
 * returns their count or -1 when out of memory. */
static int merge_times(const struct recruit_bundle *b, const struct recruit_cand *c, struct recruit_scratch *s) {
  const struct recruit_need *n = &b->need;
  const struct recruit_iv *sh = b->shift + c->shift_off;
  int64_t lo = n->slots[0].start - RECRUIT_WEEK_MIN, hi = n->slots[n->nslot - 1].end + RECRUIT_WEEK_MIN;
  int a = 0, z = c->nshift; /* first shift ending after lo (binary search), then up to the first starting at hi */
  for (int l = 0, h = c->nshift; l < h;) {
    int m = l + (h - l) / 2;
    if (sh[m].end <= lo) l = a = m + 1;
    else h = m;
  }
  for (z = a; z < c->nshift && sh[z].start < hi; z++) {}
  if (scratch_grow(s, (z - a) + n->nslot)) return -1;
  int k = 0, i = a, j = 0;
  while (i < z || j < n->nslot) {
    if (j >= n->nslot || (i < z && sh[i].start < n->slots[j].start)) {
      s->iv[k] = sh[i++];
      s->is_slot[k++] = 0;
    } else {
      s->iv[k].start = n->slots[j].start;
      s->iv[k].end = n->slots[j++].end;
      s->is_slot[k++] = 1;
    }
  }
  s->pre[0] = 0;
  for (int m = 0; m < k; m++) s->pre[m + 1] = s->pre[m] + (s->iv[m].end - s->iv[m].start);
  return k;
}

/* Minutes worked before x (x non-decreasing from one call to the next). */
struct wcur {
  const struct recruit_iv *m;
  const int64_t *pre;
  int n, j;
};

static int64_t worked_before(struct wcur *w, int64_t x) {
  while (w->j < w->n && w->m[w->j].end <= x) w->j++;
  int64_t r = w->pre[w->j];
  if (w->j < w->n && x > w->m[w->j].start) r += x - w->m[w->j].start;
  return r;
}

/* The worked time f(t) in the window [t, t + 7 days) is continuous and
 * piecewise linear in t, of slope (t + 7 days inside an interval) - (t
 * inside an interval). The windows that touch slot k start in the closed
 * range [start_k - 7 days, end_k]; f's slope is >= 0 just after the left
 * end (t + 7 days enters the slot) and <= 0 just before the right end (t
 * leaves it), so its maximum over the range is reached where the slope
 * drops: at a window starting at an interval's start or ending at an
 * interval's end (both families include the slot's own start and end - 7
 * days, which lie in the range). Two sorted families of starts, each walked
 * once with two moving cursors; the earliest start wins a tie.
 * tests/unit/app/recruit/test_recruit_brute.c checks this against a
 * minute-by-minute simulation. */
static enum recruit_rule rule_hours(const struct recruit_bundle *b, const struct recruit_scratch *s, int n,
                                    struct recruit_verdict *v) {
  const struct recruit_need *nd = &b->need;
  int64_t best = -1, best_t = 0;
  for (int kind = 0; kind < 2; kind++) {
    struct wcur lo = {s->iv, s->pre, n, 0}, hi = {s->iv, s->pre, n, 0};
    int k = 0;
    for (int i = 0; i < n; i++) {
      int64_t t = kind == 0 ? s->iv[i].start : s->iv[i].end - RECRUIT_WEEK_MIN;
      while (k < nd->nslot && nd->slots[k].end < t) k++;
      if (k >= nd->nslot || nd->slots[k].start - RECRUIT_WEEK_MIN > t) continue;
      int64_t f = worked_before(&hi, t + RECRUIT_WEEK_MIN) - worked_before(&lo, t);
      if (f > best || (f == best && t < best_t)) {
        best = f;
        best_t = t;
      }
    }
  }
  if (best > (int64_t)b->rules.max_hours_7d * 60) {
    v->worked = best;
    v->limit = (int64_t)b->rules.max_hours_7d * 60;
    v->a = best_t;
    v->b = best_t + RECRUIT_WEEK_MIN;
    return RECRUIT_HOURS_7D;
  }
  return RECRUIT_OK;
}

static enum recruit_rule rule_rest(const struct recruit_bundle *b, const struct recruit_scratch *s, int n,
                                   struct recruit_verdict *v) {
  int64_t need = (int64_t)b->rules.min_rest_hours * 60;
  for (int i = 0; i + 1 < n; i++)
    if ((s->is_slot[i] || s->is_slot[i + 1]) && s->iv[i + 1].start - s->iv[i].end < need) {
      v->a = s->iv[i].end;
      v->b = s->iv[i + 1].start;
      v->worked = s->iv[i + 1].start - s->iv[i].end;
      v->limit = need;
      return RECRUIT_REST;
    }
  return RECRUIT_OK;
}

enum recruit_rule recruit_check(const struct recruit_bundle *b, int ci, struct recruit_scratch *s,
                                struct recruit_verdict *v) {
  struct recruit_verdict dummy;
  if (!v) v = &dummy;
  memset(v, 0, sizeof *v);
  const struct recruit_cand *c = &b->cand[ci];
  const struct recruit_need *n = &b->need;
  enum recruit_rule r;
  if (strcmp(c->profession, n->profession)) return v->rule = RECRUIT_PROFESSION;
  if ((r = rule_qualification(b, c, v))) return v->rule = r;
  if ((r = rule_availability(b, c, v))) return v->rule = r;
  v->distance_km = recruit_distance_km(n->lat, n->lon, c->lat, c->lon);
  if (v->distance_km > c->max_km || v->distance_km > n->max_km) {
    v->which = (v->distance_km > c->max_km) | (v->distance_km > n->max_km) << 1;
    return v->rule = RECRUIT_DISTANCE;
  }
  if ((r = rule_pool(b, c))) return v->rule = r;
  if ((r = rule_overlap(b, c, v))) return v->rule = r;
  int m = merge_times(b, c, s);
  if (m < 0) return v->rule = RECRUIT_RULE_COUNT; /* out of memory: the caller fails */
  if ((r = rule_hours(b, s, m, v))) return v->rule = r;
  if ((r = rule_rest(b, s, m, v))) return v->rule = r;
  for (int i = 0; i < n->nslot; i++)
    if (n->slots[i].end - n->slots[i].start > (int64_t)b->rules.max_shift_hours * 60) {
      v->which = i;
      return v->rule = RECRUIT_SHIFT_LENGTH;
    }
  return v->rule = RECRUIT_OK;
}
