/* Inside the recruitment module's stored side: the candidate set held in
 * memory (recruit_index.c) that the ranking (recruit_store_rank.c) reads.
 * A set holds, for every active candidate, everything the engine reads:
 * profession, home, distance limit, qualifications with their expiry,
 * availability with the exceptions already cut out, joined pools, and the
 * history (confirmed, done and no-show shifts with their establishment,
 * offers sent, late cancellations), so that a ranking reads nothing of the
 * candidates from the database. The process-wide index is one such set
 * ordered by profession and grid cell, so that a need reads only the cells
 * within its distance limit. */
#ifndef PLAM_APP_RECRUIT_RECRUIT_INT_H
#define PLAM_APP_RECRUIT_RECRUIT_INT_H
#include <stdint.h>
#include "app/recruit/recruit_app.h"

#define RECRUIT_NO_EXPIRY 376199 /* 2999-12-31 in days since 1970-01-01: a qualification without expiry */

struct rset_cand {
  int64_t id;
  double lat, lon, max_km;
  int32_t qoff, aoff, poff;
  uint16_t nq, na, np;
  int16_t prof;     /* index in recruit_professions, -1 when not in the nomenclature */
  int32_t cell;     /* grid key (recruit_index.c) */
  int32_t hoff, nh; /* history rows h[hoff .. hoff + nh) */
  uint8_t dead;     /* index: replaced or gone since the last ordering (per-write updates) */
};

struct rset_qual {
  int16_t code; /* index in recruit_qualifications, -1 when unknown */
  int32_t until;
};

/* A history row (store_recruit.h's enum rhist_kind): a shift (start and end
 * in minutes, est the establishment of its need) or an event (start: its
 * time in seconds). A candidate's shifts come first, in start order. */
struct rset_hist {
  int64_t start, end, est;
  int32_t kind;
};

struct rset {
  int64_t gen;
  int n, cap;
  struct rset_cand *c; /* sorted by id after a scan; by (prof, cell, id) in the index */
  struct rset_qual *q;
  int nq, capq;
  struct recruit_iv *a;
  int na, capa;
  int64_t *p;
  int np, capp;
  /* index only: candidates of profession k are c[prof_start[k] .. prof_start[k + 1]) */
  int *prof_start;
  struct rset_hist *h;
  int nh, caph;
  /* index only, per-write updates: c[0 .. nsorted) is ordered as above,
   * c[nsorted .. n) holds the candidates written since (in write order);
   * ndead entries are marked dead; hkeys/hvals map a live id to its entry */
  int nsorted, ndead;
  int64_t *hkeys;
  int32_t *hvals;
  int hcap;
};

/* Room for one more item in the array *arr of n items (capacity *cap,
 * items of sz bytes): doubled when full (1,024 at first); -1 when out of
 * memory (*arr unchanged). */
int rset_grow(void **arr, int n, int *cap, size_t sz);

/* Fills s with every active candidate (in id order) and the generation, in
 * one read transaction. */
plam_err rset_load(struct db *db, struct rset *s);
void rset_free(struct rset *s);

/* The candidates of profession prof whose home may be within km of
 * (lat, lon): a superset of those within km by the haversine distance.
 * Writes indexes into s->c into *out (malloc'd), their count into *n. The
 * set must be ordered as the index orders it (rset_order). */
plam_err rset_reach(const struct rset *s, int prof, double lat, double lon, double km, int **out, int *n);
/* Orders the set for rset_reach (profession, cell, id). */
plam_err rset_order(struct rset *s);

/* Inside a need's creation: campaign_id must be an open campaign with the
 * need's profession among its posts, the slots (dates as written) inside
 * its period and, when the campaign has a département, the establishment's
 * département (DEP-xx) that one; *pool_id is the campaign's pool
 * (recruit_season.c). */
struct app_tx;
plam_err recruit_season_attach(struct app_tx *tx, int64_t campaign_id, const char *profession, const char *first_start,
                               const char *last_end, const char *departement, const char *commune, int64_t *pool_id);
/* The demo seasonal campaign with its needs and students (recruit_season_demo.c). */
plam_err recruit_season_demo_load(struct db *db, const struct actor *staff, const struct actor *employer, int64_t est);

/* A refused row of a CSV import as a file error (recruit_cand.c). */
void recruit_row_error(json_t *errors, size_t *total, json_int_t row, const struct field_error *fe, plam_err e);

/* The process-wide index, locked for the caller: refreshed first when the
 * database's generation moved. seen: the generation the caller read just
 * before (or -1); when it equals the index's, nothing is read; otherwise
 * the generation is read again under the lock, and a catch-up reads in one
 * read transaction. Release with recruit_index_release. */
plam_err recruit_index_acquire(struct db *db, int64_t seen, const struct rset **out);
void recruit_index_release(void);

#endif
