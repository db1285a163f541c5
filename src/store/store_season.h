/* SQL of the seasonal campaigns for students (migration 0021; app in
 * app/recruit/recruit_season.c). */
#ifndef PLAM_STORE_STORE_SEASON_H
#define PLAM_STORE_STORE_SEASON_H
#include <stdint.h>
#include "db/db.h"

#define SEASON_MAX_CODES 64

struct season_rec {
  int64_t id, pool_id, created_by;
  char name[801], starts_on[11], ends_on[11], description[8001], status[8], created_at[32];
  char departement[12], departement_name[128]; /* the campaign's territory (0024); "" = the whole region */
  int64_t area_id;                             /* or an area plan staff define (0027); 0 = none */
  char area_name[801];
  char posts[SEASON_MAX_CODES][33], admitted[SEASON_MAX_CODES][33];
  int nposts, nadmitted;
  int64_t open_needs; /* open needs attached */
  int64_t needs;      /* needs attached, whatever their status */
  int64_t applicants; /* students who applied: members of the campaign's pool */
  int64_t placed;     /* students with a confirmed (or done) shift on one of its needs */
  int ended;          /* the period is over (today, UTC, after ends_on): status reads "closed" */
};

/* One open need of a campaign, for its public page. */
struct season_need_rec {
  int64_t id;
  char profession[33], contract[16], pay[801], estab_name[801], commune_name[801], departement[12];
  char first_start[32], last_end[32];
  int headcount;
};

plam_err store_season_insert(struct db *db, const struct season_rec *r, int64_t *id);
plam_err store_season_add_code(struct db *db, int64_t id, const char *kind, const char *code);
/* The campaign with its codes. Its status reads "closed" after the
 * period's last day (and ended is set), whatever staff set. */
plam_err store_season_get(struct db *db, int64_t id, struct season_rec *out);
/* The 200 newest campaigns, newest first (codes and open_needs filled), *out malloc'd (NULL when none). */
plam_err store_season_list(struct db *db, struct season_rec **out, int *n);
/* The campaign's open needs, by first slot. */
plam_err store_season_needs(struct db *db, int64_t id, struct season_need_rec **out, int *n);
/* Whether commune is one of area_id's communes (*yes 1 or 0). */
plam_err store_season_area_has(struct db *db, int64_t area_id, const char *commune, int *yes);
/* The campaigns whose territory is area_id: *n of them, the name of the
 * newest in first (size bytes). */
plam_err store_season_by_area(struct db *db, int64_t area_id, int64_t *n, char *first, size_t size);
/* Sets the campaign's status (open, closed). */
plam_err store_season_set_status(struct db *db, int64_t id, const char *status);
plam_err store_season_set_need(struct db *db, int64_t need_id, int64_t campaign_id);
/* needs.campaign_id of need_id (0: none). */
plam_err store_season_need_campaign(struct db *db, int64_t need_id, int64_t *campaign_id);
/* student (session 12): the campaign whose pool is pool_id (0: none). */
plam_err store_season_by_pool(struct db *db, int64_t pool_id, int64_t *campaign_id);

#endif
