/* The candidate set in memory and the process-wide index over it (see
 * recruit_int.h). Loading streams the candidate tables and the history in
 * id order, in rounds of ids (store_rcand_scan), into flat arrays; availability rows are cut into the
 * candidate's available intervals minus their exceptions as each candidate
 * ends. The index orders the candidates by profession, then by grid cell
 * (CELL_DEG degrees of latitude and longitude, about 11 km by 7.5 km in
 * France), then by id; a need reads, for each row of cells crossed by the
 * bounding box of its distance limit, one contiguous range found by binary
 * search. The bounding box is exact for a sphere (latitude: km / 111.195;
 * longitude: asin(sin(r) / cos(lat)), r = km / 6371 — the box of a spherical
 * cap), widened by MARGIN_DEG for the metre rounding; when it reaches a pole
 * or the antimeridian, every longitude is read. The engine then applies the
 * exact distance rule, so the reach only has to be a superset.
 * Freshness: migration 0021's triggers bump candidate_generation on every
 * row written to a candidate table, from any process, and log the
 * generation reached with the candidate's id (candidate_changes). Each
 * acquisition compares the generation with the index's; when it moved, the
 * index reads the log rows in between and reloads those candidates only
 * (per-write updates): an old entry is marked dead, the candidate's current
 * rows are appended after the ordered part, and rset_reach reads that tail
 * linearly. When the tail grows past TAIL_MAX (+ n/64) the set is ordered
 * again in memory, and each candidate's rows are laid out in that order
 * (relocate: the rows of replaced entries are dropped there); the whole set
 * is loaded from the database only at first use or when the log misses rows
 * (purged, or more than UPDATE_MAX changes): a full load of 1,000,000
 * candidates takes seconds (bench/recruit_store.sh).
 * The history of a candidate (rows of `assignments`, offers, late
 * cancellations) is part of its entry: migration 0026 logs the writes to
 * those tables in the same change log, so an acceptance or an offer sent
 * reloads that one candidate. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_int.h"
#include "store/store_recruit.h"
#include "store/store_tx.h"

#define CELL_DEG 0.1
#define MARGIN_DEG 0.01
#define CELLS_X 3600      /* 360 / CELL_DEG */
#define RAW_MAX 4096      /* availability rows of one candidate held while cutting */
#define TAIL_MAX 4096     /* candidates written since the last ordering, before ordering again (+ n/64) */
#define UPDATE_MAX 200000 /* log rows read at once; more: a full load */

int rset_grow(void **arr, int n, int *cap, size_t sz) {
  if (n < *cap) return 0;
  int nc = *cap ? *cap * 2 : 1024;
  void *p = realloc(*arr, (size_t)nc * sz);
  if (!p) return -1;
  *arr = p;
  *cap = nc;
  return 0;
}

static int32_t cell_y(double lat) {
  int y = (int)floor((lat + 90.0) / CELL_DEG);
  return y < 0 ? 0 : y > 1800 ? 1800 : y;
}
static int32_t cell_x(double lon) {
  int x = (int)floor((lon + 180.0) / CELL_DEG);
  return x < 0 ? 0 : x >= CELLS_X ? CELLS_X - 1 : x;
}

struct loader {
  struct rset *s;
  int cur; /* candidate whose rows arrive (index in s->c) */
  struct recruit_iv av[RAW_MAX], un[RAW_MAX];
  int nav, nun;
  int64_t avail_id;
  plam_err err;
};

/* Index of candidate id in s->c (sorted by id), moving forward from *cur;
 * behind *cur (each table of a round of the scan starts again at the
 * round's first candidate), by binary search. */
static int seek(struct rset *s, int *cur, int64_t id) {
  if (*cur < 0) *cur = 0;
  if (*cur < s->n && s->c[*cur].id > id) {
    int lo = 0, hi = *cur;
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (s->c[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    *cur = lo;
  }
  while (*cur < s->n && s->c[*cur].id < id) (*cur)++;
  return *cur < s->n && s->c[*cur].id == id ? *cur : -1;
}

static plam_err on_cand(void *ud, int64_t id, const char *prof, double lat, double lon, double max_km) {
  struct loader *l = ud;
  struct rset *s = l->s;
  if (rset_grow((void **)&s->c, s->n, &s->cap, sizeof *s->c)) return PLAM_ERR_NOMEM;
  struct rset_cand *c = &s->c[s->n++];
  memset(c, 0, sizeof *c);
  c->id = id;
  c->lat = lat;
  c->lon = lon;
  c->max_km = max_km;
  c->prof = (int16_t)recruit_profession_find(prof);
  c->cell = cell_y(lat) * CELLS_X + cell_x(lon);
  return PLAM_OK;
}

static plam_err on_qual(void *ud, int64_t id, const char *code, const char *until) {
  struct loader *l = ud;
  struct rset *s = l->s;
  int i = seek(s, &l->cur, id);
  if (i < 0) return PLAM_OK;
  if (rset_grow((void **)&s->q, s->nq, &s->capq, sizeof *s->q)) return PLAM_ERR_NOMEM;
  if (!s->c[i].nq) s->c[i].qoff = s->nq;
  if (s->c[i].nq == UINT16_MAX) return PLAM_OK;
  int32_t d = RECRUIT_NO_EXPIRY;
  if (until && until[0] && recruit_date_parse(until, &d)) d = -1; /* unreadable: expired */
  s->q[s->nq++] = (struct rset_qual){(int16_t)recruit_qualification_find(code), d};
  s->c[i].nq++;
  return PLAM_OK;
}

/* Ends the availability rows of the candidate l->avail_id: cuts and appends. */
static plam_err flush_avail(struct loader *l) {
  struct rset *s = l->s;
  if (!l->avail_id) return PLAM_OK;
  int i = seek(s, &l->cur, l->avail_id);
  l->avail_id = 0;
  if (i < 0 || !l->nav) {
    l->nav = l->nun = 0;
    return PLAM_OK;
  }
  while (s->na + l->nav + l->nun >= s->capa)
    if (rset_grow((void **)&s->a, s->capa, &s->capa, sizeof *s->a)) return PLAM_ERR_NOMEM;
  int n = recruit_avail_cut(l->av, l->nav, l->un, l->nun, s->a + s->na);
  if (n < 0) return PLAM_ERR_NOMEM;
  s->c[i].aoff = s->na;
  s->c[i].na = (uint16_t)(n > RECRUIT_MAX_TIMES ? RECRUIT_MAX_TIMES : n);
  s->na += s->c[i].na;
  l->nav = l->nun = 0;
  return PLAM_OK;
}

static plam_err on_avail(void *ud, int64_t id, int unavailable, int64_t start, int64_t end) {
  struct loader *l = ud;
  if (id != l->avail_id) {
    plam_err e = flush_avail(l);
    if (e) return e;
    l->avail_id = id;
  }
  if (unavailable) {
    if (l->nun < RAW_MAX) l->un[l->nun++] = (struct recruit_iv){start, end};
  } else if (l->nav < RAW_MAX) l->av[l->nav++] = (struct recruit_iv){start, end};
  return PLAM_OK;
}

static plam_err on_hist(void *ud, int64_t id, enum rhist_kind kind, int64_t start, int64_t end, int64_t est) {
  struct loader *l = ud;
  struct rset *s = l->s;
  if (l->avail_id) { /* the availability stream ended (a candidate without pools) */
    plam_err e = flush_avail(l);
    if (e) return e;
  }
  int i = seek(s, &l->cur, id);
  if (i < 0) return PLAM_OK;
  if (rset_grow((void **)&s->h, s->nh, &s->caph, sizeof *s->h)) return PLAM_ERR_NOMEM;
  if (!s->c[i].nh) s->c[i].hoff = s->nh;
  s->h[s->nh++] = (struct rset_hist){start, end, est, (int32_t)kind};
  s->c[i].nh++;
  return PLAM_OK;
}

static plam_err on_pool(void *ud, int64_t id, int64_t pool) {
  struct loader *l = ud;
  struct rset *s = l->s;
  if (l->avail_id) { /* the availability stream ended */
    plam_err e = flush_avail(l);
    if (e) return e;
  }
  int i = seek(s, &l->cur, id);
  if (i < 0 || s->c[i].np >= RECRUIT_MAX_LIST) return PLAM_OK;
  if (rset_grow((void **)&s->p, s->np, &s->capp, sizeof *s->p)) return PLAM_ERR_NOMEM;
  if (!s->c[i].np) s->c[i].poff = s->np;
  s->p[s->np++] = pool;
  s->c[i].np++;
  return PLAM_OK;
}

plam_err rset_load(struct db *db, struct rset *s) {
  memset(s, 0, sizeof *s);
  struct loader *l = calloc(1, sizeof *l);
  if (!l) return PLAM_ERR_NOMEM;
  l->s = s;
  struct rcand_scan scan = {l, on_cand, on_qual, on_avail, on_pool, on_hist};
  plam_err e = store_read_begin(db);
  if (e) {
    free(l);
    return e;
  }
  e = store_rcand_generation(db, &s->gen);
  if (!e) e = store_rcand_scan(db, &scan);
  if (!e) e = flush_avail(l);
  store_read_end(db);
  free(l);
  if (e) rset_free(s);
  return e;
}

void rset_free(struct rset *s) {
  free(s->h);
  free(s->c);
  free(s->q);
  free(s->a);
  free(s->p);
  free(s->prof_start);
  free(s->hkeys);
  free(s->hvals);
  memset(s, 0, sizeof *s);
}

/* ---- id -> entry map of the index (open addressing, linear probing) ---- */

static uint32_t hslot(const struct rset *s, int64_t id) {
  uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
  return (uint32_t)(h >> 32) & (uint32_t)(s->hcap - 1);
}

/* Entry of live candidate id, or -1. */
static int hget(const struct rset *s, int64_t id) {
  if (!s->hcap) return -1;
  for (uint32_t i = hslot(s, id);; i = (i + 1) & (uint32_t)(s->hcap - 1)) {
    if (s->hvals[i] == -1) return -1; /* never used: not there */
    if (s->hkeys[i] == id) return s->hvals[i];
  }
}

/* Sets id -> v (v = -2: removed, a tombstone that keeps probing chains). */
static void hput(struct rset *s, int64_t id, int32_t v) {
  uint32_t i = hslot(s, id);
  while (s->hvals[i] != -1 && s->hkeys[i] != id) i = (i + 1) & (uint32_t)(s->hcap - 1);
  s->hkeys[i] = id;
  s->hvals[i] = v;
}

/* Room for the live candidates and a full tail at most half full. */
static plam_err hbuild(struct rset *s) {
  free(s->hkeys);
  free(s->hvals);
  int need = 2 * (s->n + TAIL_MAX + s->n / 64) + 16, cap = 16;
  while (cap < need) cap *= 2;
  s->hkeys = malloc((size_t)cap * sizeof *s->hkeys);
  s->hvals = malloc((size_t)cap * sizeof *s->hvals);
  s->hcap = cap;
  if (!s->hkeys || !s->hvals) return PLAM_ERR_NOMEM;
  memset(s->hvals, 0xff, (size_t)cap * sizeof *s->hvals); /* -1 everywhere */
  for (int i = 0; i < s->n; i++) hput(s, s->c[i].id, i);
  return PLAM_OK;
}

static int cand_order(const void *a, const void *b) {
  const struct rset_cand *x = a, *y = b;
  if (x->prof != y->prof) return x->prof < y->prof ? -1 : 1;
  if (x->cell != y->cell) return x->cell < y->cell ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* Copies n items of size sz from old[off] to the end of the new array at
 * *at, and makes off point there. */
static void move_slice(void *dst, const void *src, int32_t *off, int n, int *at, size_t sz) {
  if (n) memcpy((char *)dst + (size_t)*at * sz, (const char *)src + (size_t)*off * sz, (size_t)n * sz);
  *off = *at;
  *at += n;
}

/* Lays the qualifications, availability, pools and history out in the
 * candidates' order, so that a need's candidates (neighbours in c) have
 * their rows side by side (a ranking read them at random places, one cache
 * miss each, before), and drops the rows of replaced candidates. */
static plam_err relocate(struct rset *s) {
  int nq = 0, na = 0, np = 0, nh = 0;
  for (int i = 0; i < s->n; i++) nq += s->c[i].nq, na += s->c[i].na, np += s->c[i].np, nh += s->c[i].nh;
  struct rset_qual *q = malloc((size_t)(nq ? nq : 1) * sizeof *q);
  struct recruit_iv *a = malloc((size_t)(na ? na : 1) * sizeof *a);
  int64_t *p = malloc((size_t)(np ? np : 1) * sizeof *p);
  struct rset_hist *h = malloc((size_t)(nh ? nh : 1) * sizeof *h);
  if (!q || !a || !p || !h) {
    free(q), free(a), free(p), free(h);
    return PLAM_ERR_NOMEM;
  }
  int iq = 0, ia = 0, ip = 0, ih = 0;
  for (int i = 0; i < s->n; i++) {
    struct rset_cand *c = &s->c[i];
    move_slice(q, s->q, &c->qoff, c->nq, &iq, sizeof *q);
    move_slice(a, s->a, &c->aoff, c->na, &ia, sizeof *a);
    move_slice(p, s->p, &c->poff, c->np, &ip, sizeof *p);
    move_slice(h, s->h, &c->hoff, c->nh, &ih, sizeof *h);
  }
  free(s->q), free(s->a), free(s->p), free(s->h);
  s->q = q, s->nq = nq, s->capq = nq ? nq : 1;
  s->a = a, s->na = na, s->capa = na ? na : 1;
  s->p = p, s->np = np, s->capp = np ? np : 1;
  s->h = h, s->nh = nh, s->caph = nh ? nh : 1;
  return PLAM_OK;
}

plam_err rset_order(struct rset *s) {
  if (s->ndead) { /* drop the entries replaced or gone since the last ordering */
    int k = 0;
    for (int i = 0; i < s->n; i++)
      if (!s->c[i].dead) s->c[k++] = s->c[i];
    s->n = k;
    s->ndead = 0;
  }
  if (s->n > 1) qsort(s->c, (size_t)s->n, sizeof *s->c, cand_order); /* an empty set has no array */
  s->nsorted = s->n;
  plam_err e = relocate(s);
  if (e) return e;
  free(s->prof_start);
  s->prof_start = calloc((size_t)recruit_nprofessions + 2, sizeof *s->prof_start);
  if (!s->prof_start) return PLAM_ERR_NOMEM;
  /* slot k + 1 for profession k; -1 (unknown) sorts first, in slot 0 */
  int k = 0;
  for (int p = -1; p < recruit_nprofessions; p++) {
    s->prof_start[p + 1] = k;
    while (k < s->n && s->c[k].prof == p) k++;
  }
  s->prof_start[recruit_nprofessions + 1] = s->n;
  return hbuild(s);
}

/* First index in [lo, hi) whose cell is >= key. */
static int lower_cell(const struct rset *s, int lo, int hi, int32_t key) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (s->c[mid].cell < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

plam_err rset_reach(const struct rset *s, int prof, double lat, double lon, double km, int **out, int *n) {
  *out = NULL;
  *n = 0;
  if (prof < 0 || prof >= recruit_nprofessions || !s->prof_start) return PLAM_OK;
  int lo = s->prof_start[prof + 1], hi = s->prof_start[prof + 2];
  double r = km / RECRUIT_EARTH_KM, dlat = r * 180.0 / M_PI + MARGIN_DEG;
  double lat0 = lat - dlat, lat1 = lat + dlat, lon0 = -180.0, lon1 = 180.0;
  int all_lon = lat0 <= -90.0 || lat1 >= 90.0 || r >= M_PI / 2;
  if (!all_lon) {
    double sr = sin(r), cl = cos(lat * M_PI / 180.0);
    if (sr >= cl) all_lon = 1;
    else {
      double dlon = asin(sr / cl) * 180.0 / M_PI + MARGIN_DEG;
      lon0 = lon - dlon;
      lon1 = lon + dlon;
      if (lon0 < -180.0 || lon1 > 180.0) all_lon = 1, lon0 = -180.0, lon1 = 180.0;
    }
  }
  if (all_lon) lon0 = -180.0, lon1 = 180.0;
  int y0 = cell_y(lat0), y1 = cell_y(lat1), x0 = cell_x(lon0), x1 = cell_x(lon1);
  int cap = 0;
  int *v = NULL, m = 0;
  for (int y = y0; y <= y1; y++) {
    int a = lower_cell(s, lo, hi, y * CELLS_X + x0), b = lower_cell(s, a, hi, y * CELLS_X + x1 + 1);
    if (b <= a) continue;
    while (m + (b - a) > cap) {
      int nc = cap ? cap * 2 : 1024;
      int *p = realloc(v, (size_t)nc * sizeof *v);
      if (!p) {
        free(v);
        return PLAM_ERR_NOMEM;
      }
      v = p;
      cap = nc;
    }
    for (int i = a; i < b; i++)
      if (!s->c[i].dead) v[m++] = i;
  }
  /* the tail: candidates written since the last ordering, same cells */
  for (int i = s->nsorted; i < s->n; i++) {
    const struct rset_cand *c = &s->c[i];
    int32_t y = c->cell / CELLS_X, x = c->cell % CELLS_X;
    if (c->dead || c->prof != prof || y < y0 || y > y1 || x < x0 || x > x1) continue;
    if (m == cap) {
      int nc = cap ? cap * 2 : 1024;
      int *p = realloc(v, (size_t)nc * sizeof *v);
      if (!p) {
        free(v);
        return PLAM_ERR_NOMEM;
      }
      v = p;
      cap = nc;
    }
    v[m++] = i;
  }
  *out = v;
  *n = m;
  return PLAM_OK;
}

/* ---- the process-wide index ---- */

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rset index_set;
static int index_built;
static int64_t stat_full_loads, stat_updates;

static plam_err index_rebuild(struct db *db) {
  struct rset s;
  stat_full_loads++;
  plam_err e = rset_load(db, &s);
  if (!e) e = rset_order(&s);
  if (e) {
    rset_free(&s);
    return e;
  }
  rset_free(&index_set);
  index_set = s;
  index_built = 1;
  return PLAM_OK;
}

/* The candidate callback of a one-candidate load: appended at the end,
 * where the other callbacks' seek finds it. */
static plam_err on_cand_one(void *ud, int64_t id, const char *prof, double lat, double lon, double max_km) {
  struct loader *l = ud;
  plam_err e = on_cand(ud, id, prof, lat, lon, max_km);
  l->cur = l->s->n - 1;
  return e;
}

/* Candidate id as the database holds it now: its old entry dead, its
 * current rows (if active) appended to the tail. */
static plam_err index_apply_one(struct db *db, struct loader *l, int64_t id) {
  struct rset *s = &index_set;
  int old = hget(s, id);
  if (old >= 0) {
    s->c[old].dead = 1;
    s->ndead++;
    hput(s, id, -2);
  }
  memset(l, 0, sizeof *l);
  l->s = s;
  l->cur = -1;
  int before = s->n;
  struct rcand_scan scan = {l, on_cand_one, on_qual, on_avail, on_pool, on_hist};
  plam_err e = store_rcand_scan_one(db, id, &scan);
  if (!e) e = flush_avail(l);
  if (!e && s->n > before) hput(s, id, s->n - 1);
  stat_updates++;
  return e;
}

static int id_order(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Catches up from the index's generation to gen through the change log;
 * falls back to a full load when the log cannot tell (see the top). */
static plam_err index_update(struct db *db, int64_t gen) {
  if (gen < index_set.gen || gen - index_set.gen > UPDATE_MAX) return index_rebuild(db);
  int64_t *ids = NULL;
  int n = 0;
  plam_err e = store_rcand_changes(db, index_set.gen, gen, &ids, &n);
  if (e) return e;
  if (n != gen - index_set.gen) { /* rows purged: the log cannot tell */
    free(ids);
    return index_rebuild(db);
  }
  qsort(ids, (size_t)n, sizeof *ids, id_order);
  struct loader *l = malloc(sizeof *l);
  if (!l) e = PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < n; i++) {
    if (i && ids[i] == ids[i - 1]) continue;
    if (index_set.n - index_set.nsorted >= TAIL_MAX + index_set.nsorted / 64)
      e = rset_order(&index_set); /* the tail is full: order again, in memory */
    if (!e) e = index_apply_one(db, l, ids[i]);
  }
  free(l);
  free(ids);
  if (e) return index_rebuild(db); /* the set may be half updated: start again */
  index_set.gen = gen;
  return PLAM_OK;
}

void recruit_index_stats(int64_t *full_loads, int64_t *cand_updates) {
  pthread_mutex_lock(&index_lock);
  if (full_loads) *full_loads = stat_full_loads;
  if (cand_updates) *cand_updates = stat_updates;
  pthread_mutex_unlock(&index_lock);
}

plam_err recruit_index_acquire(struct db *db, int64_t seen, const struct rset **out) {
  pthread_mutex_lock(&index_lock);
  /* the common case, nothing written since: the caller's generation is the
   * index's, nothing to read. Otherwise read it under the lock (another
   * thread may have caught up past the caller's snapshot), one statement */
  int64_t gen = seen;
  plam_err e = PLAM_OK;
  if (!index_built || seen < 0 || seen != index_set.gen) e = store_rcand_generation(db, &gen);
  if (!e && (!index_built || gen != index_set.gen)) {
    /* one read transaction: the generation, a reload and the set agree */
    e = store_read_begin(db);
    if (!e) {
      e = store_rcand_generation(db, &gen);
      if (!e && !index_built) e = index_rebuild(db);
      else if (!e && gen != index_set.gen) e = index_update(db, gen);
      store_read_end(db);
    }
  }
  if (e) {
    pthread_mutex_unlock(&index_lock);
    return e;
  }
  *out = &index_set;
  return PLAM_OK;
}

void recruit_index_release(void) { pthread_mutex_unlock(&index_lock); }

plam_err recruit_index_refresh(struct db *db, int64_t *ncand) {
  pthread_mutex_lock(&index_lock);
  plam_err e = index_rebuild(db);
  if (!e && ncand) *ncand = index_set.n - index_set.ndead;
  pthread_mutex_unlock(&index_lock);
  return e;
}

void recruit_index_reset(void) {
  pthread_mutex_lock(&index_lock);
  rset_free(&index_set);
  index_built = 0;
  pthread_mutex_unlock(&index_lock);
}
