/* Ranking a stored need (see recruit_app.h): the engine's bundle built from
 * the store, run by recruit_rank, written by recruit_result_write.
 *
 * Prefiltered path (the routes' and the offers' waves'): the need is read
 * from the store (the need, its slots, qualifications and pools, the pool
 * tree); every candidate datum comes from the in-memory index
 * (recruit_index.c), history included, so a ranking reads nothing of the
 * candidates from the database. The index hands over the candidates of the
 * need's profession whose home may be within the need's distance limit,
 * and only those within both limits (the need's and their own, by the
 * engine's distance) are kept; every other candidate is excluded by some
 * rule, never ranked, so the ranked list is the one the engine gives on
 * every stored candidate. The rules that do not depend on confirmed shifts
 * (profession, qualification, availability, distance, pool: rules 1 to 5,
 * checked first and in that order) are applied first; only the candidates
 * that pass them get their history: confirmed and done shifts, past
 * missions with the need's establishment, no-shows in the 12 months before
 * now, offers sent in the 90 days before now, late cancellations in the 12
 * months before now (which count with the no-shows). A candidate excluded
 * by rules 1-5 has the same verdict whatever its history.
 * Reference path (prefiltered = 0): every stored candidate, every one's
 * history read from the tables (assignments, offers, offer_events), one
 * candidate at a time: the unit test checks that both give the same
 * ranking and the same verdicts. The offers' waves rank through
 * recruit_need_ranking, with the candidates they must not reach excluded.
 * Overlapping rows of `assignments` (which acceptance never writes) are
 * merged so that the engine's precondition (disjoint shifts) holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_int.h"
#include "store/store_recruit.h"
#include "store/store_season.h"
#include "store/store_tx.h"

#define IDLEN 24

struct build {
  struct recruit_bundle b;
  char (*ids)[IDLEN];
  char (*pstr)[IDLEN]; /* candidates' pool ids as text */
  char (*need_pstr)[IDLEN];
  const char **need_pools, **need_quals;
  char (*need_qbuf)[33];
  char need_id[IDLEN];
  struct recruit_slot *slots;
  int64_t *cand_ids; /* stored id of bundle candidate i */
  struct recruit_iv *shifts;
  int nshift, capshift;
  int64_t est_id;
  /* season: a seasonal campaign's need ranks the students it admits as of
   * the need's profession (indexes in recruit_professions) */
  int16_t admitted[SEASON_MAX_CODES];
  int nadmitted;
};

/* v >= 0 as decimal text into out (IDLEN bytes): snprintf was a fifth of a ranking. */
static void dec(char *out, int64_t v) {
  char tmp[24];
  int n = 0;
  uint64_t u = v < 0 ? 0 : (uint64_t)v;
  do tmp[n++] = (char)('0' + u % 10), u /= 10;
  while (u);
  for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = 0;
}

static void build_free(struct build *x) {
  free(x->b.cand);
  free(x->b.qual);
  free(x->b.avail);
  free((void *)x->b.pool);
  free(x->ids);
  free(x->pstr);
  free(x->need_pstr);
  free(x->need_pools);
  free(x->need_quals);
  free(x->need_qbuf);
  free(x->slots);
  free(x->cand_ids);
  free(x->shifts);
  memset(x, 0, sizeof *x);
}

/* What the ranking reads of the need, from one statement
 * (store_rneed_rank_scan): its row, slots, qualifications, pools, the pool
 * tree, the admitted professions (into the build) and the candidates'
 * generation (for the index). */
struct parts {
  struct build *x;
  struct rslot_rec *slots;
  char (*quals)[33];
  int64_t *pools, *tree_id, *tree_par;
  int *tree_open;
  int nslot, capslot, nqual, capqual, npool, cappool, ntree, captree;
  struct rneed_rec *need;
  int found;   /* the need's row came */
  int64_t gen; /* the candidates' generation, same snapshot */
};

static plam_err on_part(void *ud, enum rneed_part part, const struct rneed_part_row *r) {
  struct parts *p = ud;
  int64_t a = r->a, b = r->b, c = r->c;
  const char *t = r->t, *u = r->u;
  switch (part) {
  case RNEED_SLOT:
    if (rset_grow((void **)&p->slots, p->nslot, &p->capslot, sizeof *p->slots)) return PLAM_ERR_NOMEM;
    p->slots[p->nslot] = (struct rslot_rec){.id = c, .start_min = a, .end_min = b};
    snprintf(p->slots[p->nslot].start_at, sizeof p->slots[p->nslot].start_at, "%s", t);
    snprintf(p->slots[p->nslot].end_at, sizeof p->slots[p->nslot].end_at, "%s", u);
    p->nslot++;
    return PLAM_OK;
  case RNEED_QUAL:
    if (rset_grow((void **)&p->quals, p->nqual, &p->capqual, sizeof *p->quals)) return PLAM_ERR_NOMEM;
    snprintf(p->quals[p->nqual++], sizeof *p->quals, "%s", t);
    return PLAM_OK;
  case RNEED_POOL:
    if (rset_grow((void **)&p->pools, p->npool, &p->cappool, sizeof *p->pools)) return PLAM_ERR_NOMEM;
    p->pools[p->npool++] = a;
    return PLAM_OK;
  case RNEED_ADMITTED: { /* season: a campaign's need ranks the students it admits */
    int k = recruit_profession_find(t);
    if (k >= 0 && p->x->nadmitted < SEASON_MAX_CODES) p->x->admitted[p->x->nadmitted++] = (int16_t)k;
    return PLAM_OK;
  }
  case RNEED_TREE: {
    int cap = p->captree;
    if (rset_grow((void **)&p->tree_id, p->ntree, &cap, sizeof *p->tree_id)) return PLAM_ERR_NOMEM;
    cap = p->captree;
    if (rset_grow((void **)&p->tree_par, p->ntree, &cap, sizeof *p->tree_par)) return PLAM_ERR_NOMEM;
    cap = p->captree;
    if (rset_grow((void **)&p->tree_open, p->ntree, &cap, sizeof *p->tree_open)) return PLAM_ERR_NOMEM;
    p->captree = cap;
    p->tree_id[p->ntree] = a;
    p->tree_par[p->ntree] = b;
    p->tree_open[p->ntree++] = (int)c;
    return PLAM_OK;
  }
  case RNEED_GEN: p->gen = a; return PLAM_OK;
  default: { /* the need's row: what the ranking reads of it */
    struct rneed_rec *n = p->need;
    memset(n, 0, sizeof *n);
    n->establishment_id = a;
    n->has_location = (int)b;
    snprintf(n->profession, sizeof n->profession, "%s", t);
    n->lat = r->x;
    n->lon = r->y;
    n->max_km = r->z;
    p->found = 1;
    return PLAM_OK;
  }
  }
}

static void parts_free(struct parts *p) {
  free(p->slots);
  free(p->quals);
  free(p->pools);
  free(p->tree_id);
  free(p->tree_par);
  free(p->tree_open);
  memset(p, 0, sizeof *p);
}

static int admitted(const struct build *x, int16_t prof) {
  for (int i = 0; i < x->nadmitted; i++)
    if (x->admitted[i] == prof) return 1;
  return 0;
}

/* The need's part of the bundle, from its row and its parts. */
static plam_err load_need(int64_t id, struct build *x, const struct rneed_rec *need, struct parts *p) {
  plam_err e = PLAM_OK;
  if (!need->has_location) return PLAM_ERR_CONFLICT; /* an establishment without coordinates cannot be ranked */
  struct recruit_need *n = &x->b.need;
  snprintf(x->need_id, sizeof x->need_id, "%lld", (long long)id);
  n->id = x->need_id;
  n->profession = need->profession;
  n->lat = need->lat;
  n->lon = need->lon;
  n->max_km = need->max_km;
  x->est_id = need->establishment_id;
  int ns = p->nslot;
  x->slots = calloc((size_t)(ns ? ns : 1), sizeof *x->slots);
  if (!x->slots) return PLAM_ERR_NOMEM;
  for (int i = 0; i < ns; i++) {
    int64_t m;
    int off = 0;
    if (recruit_time_parse(p->slots[i].end_at, &m, &off)) off = 0;
    struct recruit_slot *s = &x->slots[i];
    s->start = p->slots[i].start_min;
    s->end = p->slots[i].end_min;
    s->offset = off;
    int64_t last = s->end - 1 + off;
    s->day = (int32_t)((last >= 0 ? last : last - 1439) / 1440);
  }
  n->slots = x->slots;
  n->nslot = ns;
  x->need_qbuf = p->quals; /* the build owns them now */
  p->quals = NULL;
  int nq = p->nqual;
  x->need_quals = calloc((size_t)(nq ? nq : 1), sizeof *x->need_quals);
  if (!x->need_quals) return PLAM_ERR_NOMEM;
  for (int i = 0; i < nq; i++) x->need_quals[i] = x->need_qbuf[i];
  n->quals = x->need_quals;
  n->nqual = nq;
  /* pools reached: the need's pools and every open pool nested inside */
  int64_t *reached = calloc((size_t)p->ntree + 1, sizeof *reached);
  if (!reached) return PLAM_ERR_NOMEM;
  int nr = recruit_pools_reached(p->tree_id, p->tree_par, p->tree_open, p->ntree, p->pools, p->npool, reached);
  x->need_pstr = calloc((size_t)nr + 1, sizeof *x->need_pstr);
  x->need_pools = calloc((size_t)nr + 1, sizeof *x->need_pools);
  if (!x->need_pstr || !x->need_pools) e = PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < nr; i++) {
    dec(x->need_pstr[i], reached[i]);
    x->need_pools[i] = x->need_pstr[i];
  }
  n->pools = x->need_pools;
  n->npool = e ? 0 : nr;
  free(reached);
  return e;
}

/* Candidates sel[0..m) of set s into the bundle, without shifts. */
static plam_err add_candidates(struct build *x, const struct rset *s, const int *sel, int m) {
  struct recruit_bundle *b = &x->b;
  int nq = 0, na = 0, np = 0;
  for (int k = 0; k < m; k++) {
    const struct rset_cand *c = &s->c[sel ? sel[k] : k];
    nq += c->nq;
    na += c->na;
    np += c->np;
  }
  b->cand = calloc((size_t)m + 1, sizeof *b->cand);
  b->qual = calloc((size_t)nq + 1, sizeof *b->qual);
  b->avail = calloc((size_t)na + 1, sizeof *b->avail);
  b->pool = calloc((size_t)np + 1, sizeof *b->pool);
  x->ids = calloc((size_t)m + 1, sizeof *x->ids);
  x->pstr = calloc((size_t)np + 1, sizeof *x->pstr);
  x->cand_ids = calloc((size_t)m + 1, sizeof *x->cand_ids);
  if (!b->cand || !b->qual || !b->avail || !b->pool || !x->ids || !x->pstr || !x->cand_ids) return PLAM_ERR_NOMEM;
  nq = na = np = 0;
  for (int k = 0; k < m; k++) {
    const struct rset_cand *c = &s->c[sel ? sel[k] : k];
    struct recruit_cand *o = &b->cand[k];
    dec(x->ids[k], c->id);
    x->cand_ids[k] = c->id;
    o->id = x->ids[k];
    o->profession = c->prof < 0 ? "?" : admitted(x, c->prof) ? x->b.need.profession : recruit_professions[c->prof].code;
    o->lat = c->lat;
    o->lon = c->lon;
    o->max_km = c->max_km;
    o->has_past_missions = 1;
    o->qual_off = nq;
    o->nqual = c->nq;
    for (int i = 0; i < c->nq; i++) {
      const struct rset_qual *q = &s->q[c->qoff + i];
      b->qual[nq++] = (struct recruit_qual){q->code >= 0 ? recruit_qualifications[q->code].code : "?", q->until};
    }
    o->avail_off = na;
    o->navail = c->na;
    memcpy(b->avail + na, s->a + c->aoff, (size_t)c->na * sizeof *b->avail);
    na += c->na;
    o->pool_off = np;
    o->npool = c->np;
    for (int i = 0; i < c->np; i++) {
      dec(x->pstr[np], s->p[c->poff + i]);
      b->pool[np] = x->pstr[np];
      np++;
    }
  }
  b->ncand = m;
  return PLAM_OK;
}

/* One history row of bundle candidate c (store_recruit.h's kinds): a
 * worked shift joins the shifts (merged with the last one when they
 * overlap, see the top), a done one with the need's establishment counts as
 * a past mission, a no-show of the 12 months before now, an offer of the 90
 * days before now and a late cancellation of the 12 months before now
 * count. Shifts arrive in start order. */
static plam_err hist_add(struct build *x, struct recruit_cand *c, int kind, int64_t start, int64_t end, int64_t est,
                         int64_t now, int *offers, int *late) {
  int64_t now_min = now / 60;
  switch (kind) {
  case RHIST_NO_SHOW:
    if (start >= now_min - 365LL * 1440 && start < now_min) c->no_shows_12m++;
    return PLAM_OK;
  case RHIST_OFFER:
    if (start >= now - 7776000) (*offers)++;
    return PLAM_OK;
  case RHIST_LATE:
    if (start >= now - 31536000) (*late)++;
    return PLAM_OK;
  case RHIST_DONE:
    if (est == x->est_id) c->past_missions++;
    break;
  default: break;
  }
  if (c->nshift && start < x->shifts[x->nshift - 1].end) { /* overlap: merge (see the top) */
    if (end > x->shifts[x->nshift - 1].end) x->shifts[x->nshift - 1].end = end;
    return PLAM_OK;
  }
  if (x->nshift >= x->capshift) {
    int nc = x->capshift ? x->capshift * 2 : 256;
    struct recruit_iv *p = realloc(x->shifts, (size_t)nc * sizeof *p);
    if (!p) return PLAM_ERR_NOMEM;
    x->shifts = p;
    x->capshift = nc;
  }
  x->shifts[x->nshift++] = (struct recruit_iv){start, end};
  c->nshift++;
  return PLAM_OK;
}

/* The counts on c, capped as the bundle reader caps them; late
 * cancellations count with the no-shows. */
static void hist_end(struct recruit_cand *c, int offers, int late) {
  c->offers_90d = offers > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : offers;
  int64_t ns = (int64_t)c->no_shows_12m + late;
  c->no_shows_12m = ns > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)ns;
  if (c->past_missions > RECRUIT_MAX_COUNT) c->past_missions = RECRUIT_MAX_COUNT;
}

/* Bundle candidate k's history from its index entry e (prefiltered path). */
static plam_err history_of_entry(struct build *x, int k, const struct rset *s, const struct rset_cand *e, int64_t now) {
  struct recruit_cand *c = &x->b.cand[k];
  int offers = 0, late = 0;
  plam_err err = PLAM_OK;
  c->shift_off = x->nshift;
  c->nshift = 0;
  for (int i = 0; !err && i < e->nh; i++) {
    const struct rset_hist *h = &s->h[e->hoff + i];
    err = hist_add(x, c, h->kind, h->start, h->end, h->est, now, &offers, &late);
  }
  hist_end(c, offers, late);
  return err;
}

/* Bundle candidate k's history read from the tables (reference path). */
static plam_err history_of_tables(struct db *db, struct build *x, int k, int64_t now) {
  struct rassign_rec *r = NULL;
  int n = 0, offers = 0, late = 0;
  plam_err e = store_rcand_assignments(db, x->cand_ids[k], &r, &n);
  if (e) return e;
  struct recruit_cand *c = &x->b.cand[k];
  c->shift_off = x->nshift;
  c->nshift = 0;
  static const struct {
    const char *status;
    int kind;
  } kinds[] = {{"confirmed", RHIST_CONFIRMED}, {"done", RHIST_DONE}, {"no_show", RHIST_NO_SHOW}};
  for (int i = 0; !e && i < n; i++)
    for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++)
      if (!strcmp(r[i].status, kinds[j].status))
        e = hist_add(x, c, kinds[j].kind, r[i].start_min, r[i].end_min, r[i].establishment_id, now, &offers, &late);
  free(r);
  int64_t o = 0, l = 0;
  if (!e) e = store_rcand_offer_counts(db, x->cand_ids[k], now, &o, &l);
  hist_end(c, o > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)o, l > RECRUIT_MAX_COUNT ? RECRUIT_MAX_COUNT : (int)l);
  return e;
}

/* Builds the bundle of need (read transaction open, the need read, its
 * admitted professions in x) from set s: the candidates sel (NULL: all of
 * s). prefiltered: the history, from the index, of those that pass rules
 * 1-5 only; otherwise every candidate's, from the tables (the reference). */
static plam_err build_bundle(struct db *db, int64_t id, int64_t now, const struct rset *s, const int *sel, int m,
                             int prefiltered, int limit, struct build *x, const struct rneed_rec *need,
                             struct parts *p) {
  if (limit > 0) x->b.limit = limit;
  plam_err e = load_need(id, x, need, p);
  if (!e) e = add_candidates(x, s, sel, m);
  if (e || !x->b.need.nslot) return e ? e : PLAM_ERR_CONFLICT; /* a need without slot cannot be ranked */
  if (!prefiltered) {
    for (int k = 0; !e && k < x->b.ncand; k++) e = history_of_tables(db, x, k, now);
    x->b.shift = x->shifts;
    return e;
  }
  struct recruit_scratch scratch = {0};
  x->b.shift = x->shifts; /* rules 1-5 read no shift */
  for (int k = 0; !e && k < x->b.ncand; k++) {
    enum recruit_rule r = recruit_check(&x->b, k, &scratch, NULL);
    if (r != RECRUIT_OK && r <= RECRUIT_POOL) continue;
    e = history_of_entry(x, k, s, &s->c[sel ? sel[k] : k], now);
  }
  recruit_scratch_release(&scratch);
  x->b.shift = x->shifts;
  return e;
}

/* The ranked part alone, in the engine's line format: {"ranked":[...],
 * "excluded_count":n} (no explanation is written for the excluded). */
static plam_err write_top(const struct recruit_bundle *b, const struct recruit_result *r, struct buf *out) {
  plam_err e = buf_append_str(out, "{\"ranked\":[\n");
  char reasons[4][128];
  for (int i = 0; !e && i < r->nranked; i++) {
    const struct recruit_key *k = &r->ranked[i];
    e = buf_printf(out, "%s{\"candidate\":\"%s\",\"rank\":%d,\"distance_km\":%.3f,\"reasons\":[", i ? ",\n" : "", k->id,
                   i + 1, (double)k->dist_m / 1000.0);
    int n = recruit_reasons(b, k, reasons, 4);
    for (int j = 0; !e && j < n; j++) e = buf_printf(out, "%s\"%s\"", j ? "," : "", reasons[j]);
    if (!e) e = buf_append_str(out, "]}");
  }
  if (!e) e = buf_printf(out, "\n],\"excluded_count\":%d}\n", r->nexcluded);
  return e;
}

static int id_cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The bundle x and the engine's result r of need id; candidates whose id is
 * in exclude (ascending, nexclude of them) are left out before ranking. */
static plam_err rank_run(struct db *db, int64_t id, int64_t now, int prefiltered, int limit, const int64_t *exclude,
                         int nexclude, struct build *x, struct recruit_result *r, struct rneed_rec *need) {
  struct rset own;
  const struct rset *s = NULL;
  int *sel = NULL, m = 0;
  plam_err e;
  memset(&own, 0, sizeof own);
  memset(x, 0, sizeof *x);
  memset(r, 0, sizeof *r);
  recruit_bundle_defaults(&x->b);
  x->b.rules = recruit_limits(); /* the deployment's working-time limits */
  /* the need, one statement (one snapshot, one round trip on PostgreSQL) */
  struct parts p = {.x = x, .need = need};
  struct rneed_rank_scan scan = {&p, on_part};
  e = store_rneed_rank_scan(db, id, &scan);
  if (!e && !p.found) e = PLAM_ERR_NOT_FOUND;
  int locked = 0;
  if (!e && prefiltered) {
    e = recruit_index_acquire(db, p.gen, &s);
    locked = !e;
    if (!e) e = rset_reach(s, recruit_profession_find(need->profession), need->lat, need->lon, need->max_km, &sel, &m);
    for (int k = 0; !e && k < x->nadmitted; k++) {
      int *more = NULL, mm = 0;
      e = rset_reach(s, x->admitted[k], need->lat, need->lon, need->max_km, &more, &mm);
      int *all = e || !mm ? NULL : realloc(sel, (size_t)(m + mm) * sizeof *all);
      if (!e && mm && !all) e = PLAM_ERR_NOMEM;
      if (all) {
        memcpy(all + m, more, (size_t)mm * sizeof *all);
        sel = all;
        m += mm;
      }
      free(more);
    }
    /* keep those within both limits (the engine's own distance): any other
     * is excluded by a rule, never ranked */
    int k = 0;
    for (int i = 0; !e && i < m; i++) {
      const struct rset_cand *c = &s->c[sel[i]];
      double d = recruit_distance_km(need->lat, need->lon, c->lat, c->lon);
      if (d > need->max_km || d > c->max_km) continue;
      if (nexclude && bsearch(&c->id, exclude, (size_t)nexclude, sizeof *exclude, id_cmp)) continue;
      sel[k++] = sel[i];
    }
    m = k;
  } else if (!e) {
    e = rset_load(db, &own);
    s = &own;
    m = own.n;
  }
  if (!e) e = build_bundle(db, id, now, s, sel, m, prefiltered, limit, x, need, &p);
  parts_free(&p);
  if (locked) recruit_index_release(); /* the bundle holds copies: the engine runs unlocked */
  if (!e) e = recruit_rank(&x->b, r);
  free(sel);
  rset_free(&own);
  return e;
}

static plam_err rank_doc(struct db *db, int64_t id, int64_t now, int prefiltered, int limit, struct buf *out,
                         int *considered, struct rneed_rec *need) {
  struct build x;
  struct recruit_result r;
  plam_err e = rank_run(db, id, now, prefiltered, limit, NULL, 0, &x, &r, need);
  if (!e) e = prefiltered == 2 ? write_top(&x.b, &r, out) : recruit_result_write(&x.b, &r, out);
  if (considered) *considered = x.b.ncand;
  recruit_result_release(&r);
  build_free(&x);
  return e;
}

plam_err recruit_need_ranking(struct db *db, int64_t id, int64_t now, int limit, const int64_t *exclude, int nexclude,
                              struct recruit_need_ranking *out) {
  memset(out, 0, sizeof *out);
  struct build *x = calloc(1, sizeof *x);
  int64_t *ex = nexclude > 0 ? malloc((size_t)nexclude * sizeof *ex) : NULL;
  if (!x || (nexclude > 0 && !ex)) {
    free(x);
    free(ex);
    return PLAM_ERR_NOMEM;
  }
  if (nexclude > 0) {
    memcpy(ex, exclude, (size_t)nexclude * sizeof *ex);
    qsort(ex, (size_t)nexclude, sizeof *ex, id_cmp);
  }
  struct rneed_rec need;
  plam_err e = rank_run(db, id, now, 1, limit, ex, nexclude > 0 ? nexclude : 0, x, &out->r, &need);
  free(ex);
  out->priv = x;
  out->b = &x->b;
  out->cand_ids = x->cand_ids;
  if (e) recruit_need_ranking_release(out);
  return e;
}

void recruit_need_ranking_release(struct recruit_need_ranking *rk) {
  recruit_result_release(&rk->r);
  if (rk->priv) build_free(rk->priv);
  free(rk->priv);
  memset(rk, 0, sizeof *rk);
}

plam_err recruit_need_rank_doc(struct db *db, int64_t id, int64_t now, int prefiltered, int limit, struct buf *out,
                               int *considered) {
  struct rneed_rec need;
  return rank_doc(db, id, now, prefiltered, limit, out, considered, &need);
}

static json_t *label_of(const char *id) {
  char s[64];
  snprintf(s, sizeof s, "Candidat n° %s", id);
  return json_string(s);
}

plam_err recruit_need_rank(struct db *db, const struct actor *a, int64_t id, int64_t now, json_t **out) {
  *out = NULL;
  int staff = a->role == ROLE_ADMIN || a->role == ROLE_STAFF;
  struct rneed_rec need;
  plam_err e = store_rneed_get(db, id, &need);
  if (e) return e;
  if (!staff && !(a->role == ROLE_EMPLOYER && a->org_id && a->org_id == need.org_id)) return PLAM_ERR_NOT_FOUND;
  struct buf doc;
  buf_init(&doc, (size_t)1 << 30);
  int considered = 0;
  e = rank_doc(db, id, now, 1, 0, &doc, &considered, &need);
  json_t *res = NULL;
  if (!e) {
    json_error_t je;
    res = json_loadb(doc.data, doc.len, 0, &je);
    if (!res) e = PLAM_ERR_INTERNAL;
  }
  buf_release(&doc);
  if (e) return e;
  json_t *ranked = json_array(), *excluded = json_array();
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(res, "ranked"), i, v) {
    const char *cid = json_string_value(json_object_get(v, "candidate"));
    json_array_append_new(
      ranked, json_pack("{s:I, s:o, s:s, s:O, s:O, s:O}", "candidate_id", (json_int_t)atoll(cid), "label",
                        label_of(cid), "profession", need.profession, "rank", json_object_get(v, "rank"), "distance_km",
                        json_object_get(v, "distance_km"), "reasons", json_object_get(v, "reasons")));
  }
  json_array_foreach(json_object_get(res, "excluded"), i, v) {
    const char *cid = json_string_value(json_object_get(v, "candidate"));
    json_array_append_new(excluded, json_pack("{s:I, s:o, s:O, s:O}", "candidate_id", (json_int_t)atoll(cid), "label",
                                              label_of(cid), "rule", json_object_get(v, "rule"), "explanation",
                                              json_object_get(v, "explanation")));
  }
  json_decref(res);
  *out = json_pack("{s:I, s:o, s:o, s:I}", "need_id", (json_int_t)id, "ranked", ranked, "excluded", excluded,
                   "considered", (json_int_t)considered);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}
