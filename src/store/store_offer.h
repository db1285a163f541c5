/* SQL of the offers of emergency recruitment (app/offer): a need's wave
 * settings and state, the offers, the confirmed shifts they create
 * (assignments), cancellations and no-shows (offer_events), the candidates
 * a wave excludes from the ranking, and the public list of open needs. The tables of needs, slots and candidates are the candidates
 * module's (migration 0014); the few reads and status changes the offers
 * need are here, so that the integrator can merge them with that module's
 * store. Times compared by the app are seconds since the epoch; slot and
 * shift times are minutes since the epoch, as in the schema. Every value is
 * bound; the caller owns the transaction. */
#ifndef PLAM_STORE_STORE_OFFER_H
#define PLAM_STORE_STORE_OFFER_H
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

#define OFFER_MAX_SLOTS 100 /* the engine's limit on a need's slots */
#define OFFER_MAX_LIST 64   /* qualifications, pools of a need */
#define OFFER_MAX_ROWS 10000
#define OFFER_PUBLIC_MAX 1000 /* open needs in one public list or feed */
/* Wave settings of a need without a need_waves row (migration 0016's
 * defaults): candidates per wave, minutes between waves, minutes an offer
 * stays open, minutes a candidate has to undo a confirmation. */
#define OFFER_DEF_WAVE_SIZE 5
#define OFFER_DEF_INTERVAL_MIN 15
#define OFFER_DEF_TTL_MIN 60
#define OFFER_DEF_UNDO_MIN 5

struct offer_need_rec {
  int64_t id, establishment_id, org_id; /* org_id 0: none */
  char profession[129], contract[16], fill_mode[8], status[16], reason[16], urgency[16];
  int headcount;
  double max_km, lat, lon;
  int has_location;
  char pay[801];          /* 200 characters */
  char description[8001]; /* 2000 characters */
  char expires_at[32];
  char estab_name[801], departement[12], departement_name[128], commune[8], commune_name[801];
  char region_name[128]; /* the département's region ("" when none) */
  /* wave settings and state (need_waves; the defaults when the need has no row) */
  int wave_size, interval_min, offer_ttl_min, undo_min, waves_sent;
  int64_t last_wave_at, next_wave_at; /* seconds; -1: none */
  /* slots: the earliest start, the latest end (minutes), how many */
  int64_t first_start_min, last_end_min;
  int nslots;
  char first_start_at[32], last_end_at[32];
  char created_at[32];
  int64_t expires_min; /* the need's expiry (needs.expires_min, minutes); 0: at its first slot's start */
};

struct offer_slot_rec {
  int64_t id, start_min, end_min;
  char start_at[32], end_at[32];
  int filled; /* assignments confirmed or done on the slot */
};

struct offer_rec {
  int64_t id, need_id, candidate_id;
  int wave, rank;
  char reasons[2001];
  char status[16];
  int64_t sent_at, expires_at, seen_at, accepted_at, confirmed_at, undo_until, closed_at; /* seconds; 0: none */
  /* the candidate */
  char first_name[401], last_name[401], email[1017], phone[81];
  int64_t user_id; /* 0: none */
};

/* One row of a candidate's confirmed shifts (store_offer_shifts_of). */
struct store_offer_row {
  int64_t cand;
  int64_t a, b, c;    /* per query, below */
  const char *s, *s2; /* valid during the callback */
};
typedef plam_err (*store_offer_row_fn)(void *ud, const struct store_offer_row *r);

/* needs, read with their establishment, place and wave settings */
plam_err store_offer_need_get(struct db *db, int64_t id, struct offer_need_rec *out);
/* Open needs whose next wave is due at now (none sent, or next_wave_at <=
 * now), oldest first, at most max. */
plam_err store_offer_needs_due(struct db *db, int64_t now, int max, int64_t *ids, int *n);
/* Open needs whose first slot starts at or before now_min: to expire. */
plam_err store_offer_needs_started(struct db *db, int64_t now_min, int max, int64_t *ids, int *n);
plam_err store_offer_need_set_status(struct db *db, int64_t id, const char *status);
plam_err store_offer_slots(struct db *db, int64_t need_id, struct offer_slot_rec *out, int max, int *n);
/* wave settings and state */
plam_err store_offer_waves_put(struct db *db, int64_t need_id, int wave_size, int interval_min, int offer_ttl_min,
                               int undo_min);
plam_err store_offer_waves_mark(struct db *db, int64_t need_id, int waves_sent, int64_t last_wave_at,
                                int64_t next_wave_at);

/* The candidates a wave of need need_id must not reach (malloc'd ids, any
 * order): those already offered the need, and the active ones of its
 * profession who do not accept its contract. */
plam_err store_offer_excluded(struct db *db, int64_t need_id, const char *profession, const char *contract,
                              int64_t **ids, int *n);
/* One candidate's confirmed shifts (confirmed or done) within [lo, hi): b, c. */
plam_err store_offer_shifts_of(struct db *db, int64_t cand, int64_t lo, int64_t hi, store_offer_row_fn fn, void *ud);

/* offers */
plam_err store_offer_insert(struct db *db, const struct offer_rec *o, const uint8_t hash[32], int64_t *id);
plam_err store_offer_get(struct db *db, int64_t id, struct offer_rec *out);
plam_err store_offer_get_by_hash(struct db *db, const uint8_t hash[32], struct offer_rec *out);
plam_err store_offer_update(struct db *db, const struct offer_rec *o);
/* Records the first opening of the offer's link (no-op once recorded). */
plam_err store_offer_seen(struct db *db, int64_t id, int64_t now);
plam_err store_offer_list_need(struct db *db, int64_t need_id, struct offer_rec **out, int *n);
/* cand: every offer a candidate received, newest first. */
plam_err store_offer_list_candidate(struct db *db, int64_t cand_id, struct offer_rec **out, int *n);
/* Offers of a need in status from (sent, accepted…) set to status to at now;
 * *changed counts them. */
plam_err store_offer_close_need(struct db *db, int64_t need_id, const char *from, const char *to, int64_t now,
                                int *changed);
/* Offers still 'sent' whose expiry is at or before now become 'expired'. */
plam_err store_offer_expire_due(struct db *db, int64_t now, int *changed);

/* assignments (confirmed shifts) */
plam_err store_offer_assign(struct db *db, int64_t cand, int64_t need_id, const struct offer_slot_rec *slot);
plam_err store_offer_unassign(struct db *db, int64_t cand, int64_t need_id);
/* The candidate's rows on the need, confirmed or done, take status. */
plam_err store_offer_assign_status(struct db *db, int64_t cand, int64_t need_id, const char *status);
/* At most max confirmed shifts ended at or before now_min (minutes) become
 * 'done', earliest ends first (migration 0028's partial index serves it);
 * *changed says how many. */
plam_err store_offer_assign_done(struct db *db, int64_t now_min, int max, int *changed);

/* cancellations and no-shows */
plam_err store_offer_event_insert(struct db *db, int64_t offer_id, int64_t cand, const char *kind, const char *reason,
                                  int late, int64_t at, int64_t by_user);

/* the public list: open needs, filters "" / 0 = any */
struct store_offer_public_filter {
  const char *departement, *profession, *contract;
  int64_t area_id;
};
plam_err store_offer_public_list(struct db *db, const struct store_offer_public_filter *f, struct offer_need_rec **out,
                                 int *n);

#endif
