/* Records and SQL of the stored side of emergency recruitment (migration
 * 0014): candidates with their qualifications, availability and pools,
 * pools, needs with their slots, required qualifications and pools, and the
 * reads the ranking makes (the whole candidate set for the in-memory index,
 * one candidate's confirmed shifts and history from `assignments`). Writes
 * run inside the caller's write transaction (app_write); reads inside the
 * caller's read transaction. Text fields hold their limit in characters
 * (STORE_CHARS-style: N * 4 + 1 bytes). */
#ifndef PLAM_STORE_STORE_RECRUIT_H
#define PLAM_STORE_STORE_RECRUIT_H
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

struct rcand_rec {
  int64_t id, user_id; /* user_id 0: no account */
  char first_name[401], last_name[401];
  char email[1017];
  char phone[81];
  char profession[33];
  char rpps[12]; /* "" = none */
  char situation[16];
  char commune[6]; /* "" = coordinates given directly */
  char departement[12];
  double lat, lon, max_km;
  int accepts_shift, accepts_fixed_term, accepts_permanent, accepts_secondment, active;
  char created_at[32], updated_at[32];
};

struct rqual_rec {
  char code[33];
  char valid_until[11]; /* "" = no expiry */
  int64_t verified_by;  /* 0 = not verified */
  char verified_at[32];
};

struct ravail_rec {
  char kind[12]; /* available | unavailable */
  char start_at[26], end_at[26];
  int64_t start_min, end_min;
};

struct rpool_rec {
  int64_t id, parent_id, establishment_id; /* 0 = none */
  char name[801];
  char level[16];
  char ght[401];
  char territory_id[12];
  char status[8];
  int64_t members; /* candidates who joined it (lists only) */
};

struct rneed_rec {
  int64_t id, establishment_id, unit_id, created_by; /* unit_id 0 = none */
  char profession[33];
  int headcount;
  char reason[16], contract[16], urgency[16], fill_mode[8], status[12];
  char pay[801];
  char description[8001];
  double max_km;
  char created_at[32], updated_at[32];
  /* from the establishment */
  char establishment_name[801];
  int64_t org_id;
  int has_location;
  double lat, lon;
  /* the need's expiry as written (ISO 8601 with offset; "" none) and in minutes (0 none) */
  char expires_at[26];
  int64_t expires_min;
};

struct rslot_rec {
  int64_t id;
  char start_at[26], end_at[26];
  int64_t start_min, end_min;
};

/* candidates */
plam_err store_rcand_insert(struct db *db, const struct rcand_rec *c, int64_t *id);
plam_err store_rcand_update(struct db *db, const struct rcand_rec *c);
plam_err store_rcand_get(struct db *db, int64_t id, struct rcand_rec *out);
plam_err store_rcand_by_user(struct db *db, int64_t user_id, int64_t *id);
/* Candidates ordered by last name, first name, id (a page; total set). */
plam_err store_rcand_list(struct db *db, const char *profession, long limit, long offset, struct rcand_rec **out,
                          int *n, int64_t *total);
plam_err store_rcand_quals(struct db *db, int64_t id, struct rqual_rec **out, int *n);
plam_err store_rcand_avail(struct db *db, int64_t id, struct ravail_rec **out, int *n);
plam_err store_rcand_pool_ids(struct db *db, int64_t id, int64_t **out, int *n);
/* Replace the candidate's rows of each list by the given ones. */
plam_err store_rcand_set_quals(struct db *db, int64_t id, const struct rqual_rec *q, int n);
plam_err store_rcand_set_avail(struct db *db, int64_t id, const struct ravail_rec *a, int n);
plam_err store_rcand_set_pools(struct db *db, int64_t id, const int64_t *pools, int n);

/* The generation of the candidates' matching data (migration 0014). */
plam_err store_rcand_generation(struct db *db, int64_t *gen);

/* What a candidate's history row is (struct rcand_scan's hist): a row of
 * `assignments` by status (start and end in minutes, the establishment of
 * its need), an offer sent (start: its sending time, seconds) or a late
 * cancellation by the candidate (start: its time, seconds). */
enum rhist_kind { RHIST_CONFIRMED, RHIST_DONE, RHIST_NO_SHOW, RHIST_OFFER, RHIST_LATE };

/* Every active candidate's matching data, streamed in id order: called once
 * per row of each table (the callbacks receive the candidate id first).
 * Candidates, then qualifications, then availability, then pools, then the
 * history (migration 0026: assignments confirmed, done or no-show in start
 * order, then offers, then late cancellations), each sorted by candidate id. */
struct rcand_scan {
  void *ud;
  plam_err (*cand)(void *ud, int64_t id, const char *profession, double lat, double lon, double max_km);
  plam_err (*qual)(void *ud, int64_t id, const char *code, const char *valid_until);
  plam_err (*avail)(void *ud, int64_t id, int unavailable, int64_t start_min, int64_t end_min);
  plam_err (*pool)(void *ud, int64_t id, int64_t pool_id);
  plam_err (*hist)(void *ud, int64_t id, enum rhist_kind kind, int64_t start, int64_t end, int64_t establishment_id);
};
plam_err store_rcand_scan(struct db *db, const struct rcand_scan *s);
/* The same for candidate id alone (nothing when it is inactive or gone). */
plam_err store_rcand_scan_one(struct db *db, int64_t id, const struct rcand_scan *s);
/* Candidate ids of the change log rows after < gen <= upto, in gen order
 * (migration 0021; one row per generation). *ids malloc'd. */
plam_err store_rcand_changes(struct db *db, int64_t after, int64_t upto, int64_t **ids, int *n);

/* One candidate's rows of `assignments`, with the establishment of their
 * need, in start order: status is confirmed, cancelled, no_show or done. */
struct rassign_rec {
  int64_t start_min, end_min, establishment_id;
  char status[12];
};
plam_err store_rcand_assignments(struct db *db, int64_t id, struct rassign_rec **out, int *n);

/* Candidate id's offers (the offers module's table) sent in the 90 days
 * before now, and late cancellations of theirs in the 12 months before now
 * (seconds since the epoch). */
plam_err store_rcand_offer_counts(struct db *db, int64_t id, int64_t now, int64_t *offers_90d, int64_t *late_12m);
/* pools */
plam_err store_rpool_insert(struct db *db, const struct rpool_rec *p, int64_t *id);
plam_err store_rpool_set_status(struct db *db, int64_t id, const char *status);
plam_err store_rpool_get(struct db *db, int64_t id, struct rpool_rec *out);
/* Every pool, by id, with its member count. */
plam_err store_rpool_list(struct db *db, struct rpool_rec **out, int *n);
plam_err store_rpool_find_name(struct db *db, const char *name, int64_t *id);

/* needs */
plam_err store_rneed_insert(struct db *db, const struct rneed_rec *r, int64_t *id);
plam_err store_rneed_set_status(struct db *db, int64_t id, const char *status);
plam_err store_rneed_get(struct db *db, int64_t id, struct rneed_rec *out);
/* Needs of one organisation's establishments (org_id > 0) or all (0), newest first. */
plam_err store_rneed_list(struct db *db, int64_t org_id, long limit, struct rneed_rec **out, int *n);
plam_err store_rneed_slots(struct db *db, int64_t id, struct rslot_rec **out, int *n);
plam_err store_rneed_quals(struct db *db, int64_t id, char (**out)[33], int *n);
plam_err store_rneed_pool_ids(struct db *db, int64_t id, int64_t **out, int *n);
/* What a ranking reads of need id, in one statement (one snapshot; on
 * PostgreSQL one round trip instead of eight): one call of row per row, by
 * part, in this order: slots (a start_min, b end_min, c id, t start_at, u
 * end_at, by start), required qualifications (t code, by code), the need's
 * pools (a pool id, ascending), the professions its seasonal campaign
 * admits (t code), every pool of the tree (a id, b parent or 0, c 1 when
 * open, by id), the need itself (a establishment id, b 1 when the
 * establishment has coordinates, t profession, x lat, y lon, z max_km; no
 * RNEED_NEED row: no such need) and the candidates' generation in the same
 * snapshot (a: store_rcand_generation's value). */
enum rneed_part { RNEED_SLOT, RNEED_QUAL, RNEED_POOL, RNEED_ADMITTED, RNEED_TREE, RNEED_NEED, RNEED_GEN };
struct rneed_part_row {
  int64_t a, b, c;
  const char *t, *u;
  double x, y, z;
};
struct rneed_rank_scan {
  void *ud;
  plam_err (*row)(void *ud, enum rneed_part part, const struct rneed_part_row *r);
};
plam_err store_rneed_rank_scan(struct db *db, int64_t id, const struct rneed_rank_scan *s);
plam_err store_rneed_add_slot(struct db *db, int64_t id, const struct rslot_rec *s);
plam_err store_rneed_add_qual(struct db *db, int64_t id, const char *code);
plam_err store_rneed_add_pool(struct db *db, int64_t id, int64_t pool_id);

#endif
