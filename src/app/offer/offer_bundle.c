/* The engine's bundle built from the stored data, and the acceptance's
 * working-time check on a one-candidate bundle: see offer_int.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/offer/offer_int.h"

#define DAY_MIN (24 * 60)
/* How far from the slots confirmed shifts matter: the 7-day window and the
 * rest rule look at most 7 days away; one more day of margin. */
#define NEAR_MIN (8 * DAY_MIN)
#define NO_EXPIRY_DAYS 376200    /* 2999-12-31: a qualification without an expiry date */
#define BAD_DATE_DAYS (-1000000) /* a stored date that does not parse: counts as expired */

static plam_err grow(void **p, int *cap, int need, size_t size) {
  if (need <= *cap) return PLAM_OK;
  int nc = *cap ? *cap : 16;
  while (nc < need) nc *= 2;
  void *q = realloc(*p, (size_t)nc * size);
  if (!q) return PLAM_ERR_NOMEM;
  *p = q;
  *cap = nc;
  return PLAM_OK;
}

static const char *keep(struct offer_bundle *ob, const char *s) {
  if (grow((void **)&ob->strs, &ob->capstr, ob->nstr + 1, sizeof *ob->strs)) return NULL;
  char *d = strdup(s);
  if (d) ob->strs[ob->nstr++] = d;
  return d;
}

static const char *keep_id(struct offer_bundle *ob, int64_t id) {
  char s[24];
  snprintf(s, sizeof s, "%012lld", (long long)id); /* byte order = numeric order */
  return keep(ob, s);
}

int offer_slot_of(const struct offer_slot_rec *s, struct recruit_slot *out) {
  int64_t st, en;
  int off0, off;
  if (recruit_time_parse(s->start_at, &st, &off0) || recruit_time_parse(s->end_at, &en, &off)) return -1;
  out->start = s->start_min;
  out->end = s->end_min;
  out->offset = off;
  int64_t local = s->end_min - 1 + off;
  out->day = (int32_t)(local >= 0 ? local / DAY_MIN : -((-local + DAY_MIN - 1) / DAY_MIN));
  return 0;
}

void offer_bundle_release(struct offer_bundle *ob) {
  for (int i = 0; i < ob->nstr; i++) free(ob->strs[i]);
  free(ob->strs);
  free(ob->cand_ids);
  free(ob->slots);
  free(ob->need_quals);
  free(ob->need_pools);
  free(ob->b.cand);
  free(ob->b.qual);
  free(ob->b.avail);
  free(ob->b.shift);
  free(ob->b.pool);
  memset(ob, 0, sizeof *ob);
}

/* index of candidate id in the sorted cand_ids, or -1 */
static int cand_index(const struct offer_bundle *ob, int64_t id) {
  int lo = 0, hi = ob->b.ncand - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (ob->cand_ids[mid] == id) return mid;
    if (ob->cand_ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

static plam_err need_qual_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  struct recruit_need *n = &ob->b.need;
  if (n->nqual >= RECRUIT_MAX_LIST) return PLAM_ERR_TOO_LARGE;
  const char *s = keep(ob, r->s);
  if (!s) return PLAM_ERR_NOMEM;
  ob->need_quals[n->nqual++] = s;
  return PLAM_OK;
}

static plam_err need_pool_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  struct recruit_need *n = &ob->b.need;
  if (n->npool >= RECRUIT_MAX_LIST) return PLAM_ERR_TOO_LARGE;
  const char *s = keep_id(ob, r->a);
  if (!s) return PLAM_ERR_NOMEM;
  ob->need_pools[n->npool++] = s;
  return PLAM_OK;
}

static plam_err qual_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  int i = cand_index(ob, r->cand);
  if (i < 0) return PLAM_OK;
  struct recruit_cand *c = &ob->b.cand[i];
  if (c->nqual >= RECRUIT_MAX_LIST) return PLAM_ERR_TOO_LARGE;
  if (grow((void **)&ob->b.qual, &ob->nqual_cap, ob->nq + 1, sizeof *ob->b.qual)) return PLAM_ERR_NOMEM;
  const char *code = keep(ob, r->s);
  if (!code) return PLAM_ERR_NOMEM;
  int32_t days = NO_EXPIRY_DAYS;
  if (r->s2 && *r->s2 && recruit_date_parse(r->s2, &days)) days = BAD_DATE_DAYS;
  if (!c->nqual) c->qual_off = ob->nq;
  ob->b.qual[ob->nq++] = (struct recruit_qual){code, days};
  c->nqual++;
  return PLAM_OK;
}

static plam_err pool_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  int i = cand_index(ob, r->cand);
  if (i < 0) return PLAM_OK;
  struct recruit_cand *c = &ob->b.cand[i];
  if (c->npool >= RECRUIT_MAX_LIST) return PLAM_ERR_TOO_LARGE;
  if (grow((void **)&ob->b.pool, &ob->npool_cap, ob->np + 1, sizeof *ob->b.pool)) return PLAM_ERR_NOMEM;
  const char *s = keep_id(ob, r->a);
  if (!s) return PLAM_ERR_NOMEM;
  if (!c->npool) c->pool_off = ob->np;
  ob->b.pool[ob->np++] = s;
  c->npool++;
  return PLAM_OK;
}

static plam_err shift_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  int i = cand_index(ob, r->cand);
  if (i < 0) return PLAM_OK;
  struct recruit_cand *c = &ob->b.cand[i];
  if (c->nshift >= RECRUIT_MAX_TIMES) return PLAM_ERR_TOO_LARGE;
  if (grow((void **)&ob->b.shift, &ob->nshift_cap, ob->ns + 1, sizeof *ob->b.shift)) return PLAM_ERR_NOMEM;
  if (!c->nshift) c->shift_off = ob->ns;
  ob->b.shift[ob->ns++] = (struct recruit_iv){r->b, r->c};
  c->nshift++;
  return PLAM_OK;
}

static plam_err count_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  int i = cand_index(ob, r->cand);
  if (i < 0) return PLAM_OK;
  struct recruit_cand *c = &ob->b.cand[i];
  c->offers_90d = r->a > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)r->a;
  c->no_shows_12m = r->b > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)r->b;
  c->past_missions = r->c > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)r->c;
  c->has_past_missions = 1;
  return PLAM_OK;
}

static int iv_cmp(const void *a, const void *b) {
  const struct recruit_iv *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start ? 1 : (x->end > y->end) - (x->end < y->end);
}

/* Appends a piece of availability of the current candidate. */
static plam_err avail_put(struct offer_bundle *ob, struct recruit_cand *c, int64_t s, int64_t e) {
  if (s >= e) return PLAM_OK;
  if (c->navail >= RECRUIT_MAX_TIMES) return PLAM_ERR_TOO_LARGE;
  if (grow((void **)&ob->b.avail, &ob->navail_cap, ob->na + 1, sizeof *ob->b.avail)) return PLAM_ERR_NOMEM;
  if (!c->navail) c->avail_off = ob->na;
  ob->b.avail[ob->na++] = (struct recruit_iv){s, e};
  c->navail++;
  return PLAM_OK;
}

/* The current candidate's availability: each available interval with the
 * unavailable ones cut out, sorted by start. */
static plam_err avail_flush(struct offer_bundle *ob) {
  int i = ob->cur ? cand_index(ob, ob->cur) : -1;
  plam_err e = PLAM_OK;
  if (i >= 0) {
    struct recruit_cand *c = &ob->b.cand[i];
    if (ob->noff > 1) qsort(ob->off, (size_t)ob->noff, sizeof *ob->off, iv_cmp);
    for (int k = 0; !e && k < ob->non; k++) {
      int64_t s = ob->on[k].start, end = ob->on[k].end;
      for (int j = 0; !e && j < ob->noff && s < end; j++) {
        const struct recruit_iv *u = &ob->off[j];
        if (u->end <= s || u->start >= end) continue;
        e = avail_put(ob, c, s, u->start < s ? s : u->start);
        s = u->end;
      }
      if (!e) e = avail_put(ob, c, s, end);
    }
    if (!e && c->navail > 1) qsort(&ob->b.avail[c->avail_off], (size_t)c->navail, sizeof *ob->b.avail, iv_cmp);
  }
  ob->non = ob->noff = 0;
  return e;
}

static plam_err avail_row(void *ud, const struct store_offer_row *r) {
  struct offer_bundle *ob = ud;
  plam_err e = PLAM_OK;
  if (r->cand != ob->cur) {
    e = avail_flush(ob);
    ob->cur = r->cand;
  }
  if (e) return e;
  struct recruit_iv iv = {r->b, r->c};
  if (r->a) {
    if (grow((void **)&ob->on, &ob->capon, ob->non + 1, sizeof *ob->on)) return PLAM_ERR_NOMEM;
    ob->on[ob->non++] = iv;
  } else {
    if (grow((void **)&ob->off, &ob->capoff, ob->noff + 1, sizeof *ob->off)) return PLAM_ERR_NOMEM;
    ob->off[ob->noff++] = iv;
  }
  return PLAM_OK;
}

static plam_err need_part(struct offer_bundle *ob, const struct offer_slot_rec *slots, int nslot) {
  if (nslot < 1 || nslot > RECRUIT_MAX_SLOTS) return PLAM_ERR_INVALID;
  ob->slots = calloc((size_t)nslot, sizeof *ob->slots);
  ob->need_quals = calloc(RECRUIT_MAX_LIST, sizeof *ob->need_quals);
  ob->need_pools = calloc(RECRUIT_MAX_LIST, sizeof *ob->need_pools);
  if (!ob->slots || !ob->need_quals || !ob->need_pools) return PLAM_ERR_NOMEM;
  for (int i = 0; i < nslot; i++)
    if (offer_slot_of(&slots[i], &ob->slots[i])) return PLAM_ERR_INVALID;
  ob->b.need.slots = ob->slots;
  ob->b.need.nslot = nslot;
  ob->b.need.quals = ob->need_quals;
  ob->b.need.pools = ob->need_pools;
  return PLAM_OK;
}

plam_err offer_bundle_build(struct db *db, const struct offer_need_rec *n, const struct offer_slot_rec *slots,
                            int nslot, int64_t now, int limit, struct offer_bundle *ob) {
  memset(ob, 0, sizeof *ob);
  recruit_bundle_defaults(&ob->b);
  ob->b.limit = limit < 1 ? 1 : limit > RECRUIT_LIMIT_MAX ? RECRUIT_LIMIT_MAX : limit;
  plam_err e = need_part(ob, slots, nslot);
  struct recruit_need *rn = &ob->b.need;
  if (!e) {
    rn->id = keep_id(ob, n->id);
    rn->profession = keep(ob, n->profession);
    if (!rn->id || !rn->profession) e = PLAM_ERR_NOMEM;
  }
  rn->lat = n->lat;
  rn->lon = n->lon;
  rn->max_km = n->max_km;
  if (!e) e = store_offer_need_quals(db, n->id, need_qual_row, ob);
  if (!e) e = store_offer_need_pools(db, n->id, need_pool_row, ob);
  struct store_offer_filter f = {n->id, n->profession, n->contract};
  struct store_offer_cand *cands = NULL;
  int nc = 0;
  if (!e) e = store_offer_cands(db, &f, &cands, &nc);
  if (!e && nc > RECRUIT_MAX_CANDIDATES) e = PLAM_ERR_TOO_LARGE;
  if (!e && nc) {
    ob->b.cand = calloc((size_t)nc, sizeof *ob->b.cand);
    ob->cand_ids = calloc((size_t)nc, sizeof *ob->cand_ids);
    if (!ob->b.cand || !ob->cand_ids) e = PLAM_ERR_NOMEM;
  }
  for (int i = 0; !e && i < nc; i++) {
    struct recruit_cand *c = &ob->b.cand[i];
    ob->cand_ids[i] = cands[i].id;
    c->id = keep_id(ob, cands[i].id);
    c->profession = rn->profession; /* the store's filter: same profession */
    if (!c->id) e = PLAM_ERR_NOMEM;
    c->lat = cands[i].lat;
    c->lon = cands[i].lon;
    c->max_km = cands[i].max_km;
  }
  free(cands);
  if (e) return e;
  ob->b.ncand = nc;
  if (!nc) return PLAM_OK;
  e = store_offer_cand_quals(db, &f, qual_row, ob);
  if (!e) e = store_offer_cand_pools(db, &f, pool_row, ob);
  if (!e) e = store_offer_cand_avail(db, &f, avail_row, ob);
  if (!e) e = avail_flush(ob);
  free(ob->on);
  free(ob->off);
  ob->on = ob->off = NULL;
  int64_t lo = ob->slots[0].start - NEAR_MIN, hi = ob->slots[nslot - 1].end + NEAR_MIN;
  if (!e) e = store_offer_cand_shifts(db, &f, lo, hi, shift_row, ob);
  if (!e) e = store_offer_cand_counts(db, &f, now, n->establishment_id, count_row, ob);
  return e;
}

/* ---- the acceptance's working-time check ---- */

struct one_shifts {
  struct recruit_iv *iv;
  int n, cap;
};

static plam_err one_shift_row(void *ud, const struct store_offer_row *r) {
  struct one_shifts *s = ud;
  if (s->n >= RECRUIT_MAX_TIMES) return PLAM_ERR_TOO_LARGE;
  if (grow((void **)&s->iv, &s->cap, s->n + 1, sizeof *s->iv)) return PLAM_ERR_NOMEM;
  s->iv[s->n++] = (struct recruit_iv){r->b, r->c};
  return PLAM_OK;
}

plam_err offer_time_check(struct db *db, const struct offer_slot_rec *slots, int nslot, int64_t cand_id,
                          enum recruit_rule *rule, char *expl, size_t n) {
  *rule = RECRUIT_OK;
  if (n) expl[0] = '\0';
  if (nslot < 1 || nslot > RECRUIT_MAX_SLOTS) return PLAM_ERR_INVALID;
  struct recruit_slot rs[RECRUIT_MAX_SLOTS];
  for (int i = 0; i < nslot; i++)
    if (offer_slot_of(&slots[i], &rs[i])) return PLAM_ERR_INVALID;
  struct one_shifts sh = {0};
  plam_err e = store_offer_shifts_of(db, cand_id, rs[0].start - NEAR_MIN, rs[nslot - 1].end + NEAR_MIN, one_shift_row,
                                     &sh);
  if (e) {
    free(sh.iv);
    return e;
  }
  /* Only the time rules can exclude: same profession, no required
   * qualification, availability covering the slots, same place, one pool. */
  static const char *const pool[] = {"p"};
  struct recruit_iv avail = {rs[0].start, rs[nslot - 1].end};
  struct recruit_cand c = {.id = "c",
                           .profession = "x",
                           .avail_off = 0,
                           .navail = 1,
                           .shift_off = 0,
                           .nshift = sh.n,
                           .pool_off = 0,
                           .npool = 1};
  struct recruit_bundle b;
  memset(&b, 0, sizeof b);
  recruit_bundle_defaults(&b);
  b.need = (struct recruit_need){.id = "n",
                                 .profession = "x",
                                 .pools = (const char **)pool,
                                 .npool = 1,
                                 .slots = rs,
                                 .nslot = nslot};
  b.ncand = 1;
  b.cand = &c;
  b.avail = &avail;
  b.shift = sh.iv;
  b.pool = (const char **)pool;
  struct recruit_scratch scratch = {0};
  struct recruit_verdict v;
  *rule = recruit_check(&b, 0, &scratch, &v);
  if (*rule != RECRUIT_OK && n) recruit_explain(&b, 0, &v, expl, n);
  recruit_scratch_release(&scratch);
  free(sh.iv);
  return PLAM_OK;
}
