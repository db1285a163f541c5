/* The candidate set in memory and the process-wide index over it (see
 * recruit_int.h). Loading streams the four candidate tables in id order
 * (store_rcand_scan) into flat arrays; availability rows are cut into the
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
 * Freshness: migration 0014's triggers bump candidate_generation on every
 * write to a candidate table, from any process; each acquisition compares
 * it with the index's and reloads when it moved (a reload of 1,000,000
 * candidates takes seconds: see bench/recruit_store.sh). The index also
 * keeps the ids of the candidates that have any row in `assignments`,
 * reloaded when assignment_generation moves (a writer of any process bumps
 * it), so that a ranking queries the assignments of those only. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_int.h"
#include "store/store_recruit.h"
#include "store/store_tx.h"

#define CELL_DEG 0.1
#define MARGIN_DEG 0.01
#define CELLS_X 3600 /* 360 / CELL_DEG */
#define RAW_MAX 4096 /* availability rows of one candidate held while cutting */

static int grow(void **arr, int n, int *cap, size_t sz) {
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

/* Index of candidate id in s->c (sorted by id), moving forward from *cur. */
static int seek(struct rset *s, int *cur, int64_t id) {
  if (*cur < 0) *cur = 0;
  if (*cur < s->n && s->c[*cur].id > id) *cur = 0;
  while (*cur < s->n && s->c[*cur].id < id) (*cur)++;
  return *cur < s->n && s->c[*cur].id == id ? *cur : -1;
}

static plam_err on_cand(void *ud, int64_t id, const char *prof, double lat, double lon, double max_km) {
  struct loader *l = ud;
  struct rset *s = l->s;
  if (grow((void **)&s->c, s->n, &s->cap, sizeof *s->c)) return PLAM_ERR_NOMEM;
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
  if (grow((void **)&s->q, s->nq, &s->capq, sizeof *s->q)) return PLAM_ERR_NOMEM;
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
    if (grow((void **)&s->a, s->capa, &s->capa, sizeof *s->a)) return PLAM_ERR_NOMEM;
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

static plam_err on_pool(void *ud, int64_t id, int64_t pool) {
  struct loader *l = ud;
  struct rset *s = l->s;
  if (l->avail_id) { /* the availability stream ended */
    plam_err e = flush_avail(l);
    if (e) return e;
  }
  int i = seek(s, &l->cur, id);
  if (i < 0 || s->c[i].np >= RECRUIT_MAX_LIST) return PLAM_OK;
  if (grow((void **)&s->p, s->np, &s->capp, sizeof *s->p)) return PLAM_ERR_NOMEM;
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
  struct rcand_scan scan = {l, on_cand, on_qual, on_avail, on_pool};
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
  free(s->assigned);
  free(s->c);
  free(s->q);
  free(s->a);
  free(s->p);
  free(s->prof_start);
  memset(s, 0, sizeof *s);
}

static int cand_order(const void *a, const void *b) {
  const struct rset_cand *x = a, *y = b;
  if (x->prof != y->prof) return x->prof < y->prof ? -1 : 1;
  if (x->cell != y->cell) return x->cell < y->cell ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

plam_err rset_order(struct rset *s) {
  qsort(s->c, (size_t)s->n, sizeof *s->c, cand_order);
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
  return PLAM_OK;
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
    for (int i = a; i < b; i++) v[m++] = i;
  }
  *out = v;
  *n = m;
  return PLAM_OK;
}

int rset_assigned(const struct rset *s, int64_t id) {
  int lo = 0, hi = s->nassigned;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (s->assigned[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->nassigned && s->assigned[lo] == id;
}

/* ---- the process-wide index ---- */

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rset index_set;
static int index_built;

static plam_err index_rebuild(struct db *db) {
  struct rset s;
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

/* Reloads the set of candidates with assignments when their generation moved. */
static plam_err assigned_refresh(struct db *db) {
  int64_t agen = -1;
  plam_err e = store_rassign_generation(db, &agen);
  if (e || (index_set.assigned && agen == index_set.agen)) return e;
  int64_t *ids = NULL;
  int n = 0;
  if ((e = store_rassign_candidates(db, &ids, &n))) return e;
  free(index_set.assigned);
  index_set.assigned = ids ? ids : calloc(1, sizeof *ids);
  index_set.nassigned = n;
  index_set.agen = agen;
  return index_set.assigned ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err recruit_index_acquire(struct db *db, const struct rset **out) {
  pthread_mutex_lock(&index_lock);
  int64_t gen = -1;
  /* one read transaction: the generations, a reload and the set agree */
  plam_err e = store_read_begin(db);
  if (!e) {
    e = store_rcand_generation(db, &gen);
    if (!e && (!index_built || gen != index_set.gen)) e = index_rebuild(db);
    if (!e) e = assigned_refresh(db);
    store_read_end(db);
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
  if (!e && ncand) *ncand = index_set.n;
  pthread_mutex_unlock(&index_lock);
  return e;
}

void recruit_index_reset(void) {
  pthread_mutex_lock(&index_lock);
  rset_free(&index_set);
  index_built = 0;
  pthread_mutex_unlock(&index_lock);
}
