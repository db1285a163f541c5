/* Recruitment dashboards (issue 11, "Dashboards and the plan", migration
 * 0019): the rows the measures are computed from, read from the recruitment
 * tables (needs, offers, confirmed shifts, pools, candidates, establishments,
 * areas) and scoped to an organisation's establishments when org_id is not
 * 0; and the links that make a measure the measurement of a plan indicator.
 * The computations are in app/dash (pure); every value is bound. The caller
 * owns the transaction. */
#ifndef PLAM_STORE_STORE_DASH_H
#define PLAM_STORE_STORE_DASH_H
#include <stdint.h>
#include "db/db.h"
#include "store/store.h"

/* One posted need (status other than draft). */
struct dash_need_row {
  int64_t id, establishment_id;
  char departement[12], region[12], departement_name[128];
  char commune[6]; /* "" = none */
  char profession[33], status[12];
  char created_at[32]; /* YYYY-MM-DDTHH:MM:SSZ, when it was posted */
  int headcount;
  int64_t offers_closed;   /* offers no longer waiting for an answer */
  int64_t offers_answered; /* accepted (at any time) or declined */
};
/* One person on a need's confirmed shifts, and when their offer was
 * confirmed (seconds; 0 when no offer says). */
struct dash_conf_row {
  int64_t need_id, candidate_id, confirmed_at;
};
/* One active candidate of an open pool. */
struct dash_pool_row {
  int64_t candidate_id;
  char departement[12], region[12], departement_name[128];
  char commune[6];
  char profession[33];
};
/* One commune of an area (for the communes of establishments and
 * candidates only). */
struct dash_area_row {
  char commune[6];
  int64_t area_id;
  char code[129], name[801];
};

struct dash_link_rec {
  int64_t id, indicator_id;
  char metric[24], profession[33]; /* "" = every profession */
  char indicator_code[65], indicator_name[801], action_number[33], created_at[32];
};

/* org_id 0: every establishment; else that organisation's only. */
plam_err store_dash_needs(struct db *db, int64_t org_id, struct dash_need_row **out, int *n);
plam_err store_dash_confirmed(struct db *db, int64_t org_id, struct dash_conf_row **out, int *n);
/* org_id 0: every open pool; else the open pools of its establishments. */
plam_err store_dash_pool(struct db *db, int64_t org_id, struct dash_pool_row **out, int *n);
plam_err store_dash_areas(struct db *db, struct dash_area_row **out, int *n);

plam_err store_dash_links(struct db *db, struct dash_link_rec **out, int *n);
plam_err store_dash_link_get(struct db *db, int64_t id, struct dash_link_rec *out);
/* 1 in *yes when the indicator is already linked (here or to training). */
plam_err store_dash_indicator_linked(struct db *db, int64_t indicator_id, int *yes);
plam_err store_dash_link_insert(struct db *db, int64_t indicator_id, const char *metric, const char *profession,
                                int64_t *id);
plam_err store_dash_link_delete(struct db *db, int64_t id);

#endif
