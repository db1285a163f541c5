/* The acceptance's working-time check on a one-candidate bundle, and the
 * engine's form of a stored slot: see offer_int.h. (The waves rank through
 * recruit_need_ranking, the one builder of a stored need's bundle.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/offer/offer_int.h"
#include "app/recruit/recruit_app.h"

#define DAY_MIN (24 * 60)
/* How far from the slots confirmed shifts matter: the 7-day window and the
 * rest rule look at most 7 days away; one more day of margin. */
#define NEAR_MIN (8 * DAY_MIN)

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
  b.rules = recruit_limits(); /* the deployment's working-time limits */
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
