/* Records and SQL of the allocation campaigns (migration 0005): campaigns,
 * their posts and candidates, candidates' wishes, posts' rankings and the
 * engine runs. Like store.h: the caller owns transactions; writes run
 * inside app_write (app/access/write.h). Lists are malloc'd arrays (free()), NULL when empty. */
#ifndef PLAM_STORE_STORE_CAMPAIGN_H
#define PLAM_STORE_STORE_CAMPAIGN_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

#define CAMPAIGN_MAX_ROWS 20000 /* posts or candidates of one campaign */
#define CAMPAIGN_MAX_LIST 200   /* wishes of one candidate, ranking of one post */

struct campaign_rec {
  int64_t id;
  char kind[16];
  char region[12];
  char region_name[128];
  char title[801];
  char status[12];
  int64_t seed;
  char tie_break[32];
  int64_t nposts, ncandidates, nruns;
  char created_at[32];
  char updated_at[32];
};

struct cpost_rec {
  int64_t id, campaign_id;
  char code[33];
  char label[801];
  int64_t org_id;
  char org_name[801];
  char phase[401];     /* "" = no phase rule (migration 0008) */
  char specialty[401]; /* "" = no specialty rule */
  char territory_id[12];
  char territory_name[128];
  int fragile;
  int64_t capacity, reserved_seats;
  int cesp_only;
};

struct ccand_rec {
  int64_t id, campaign_id;
  int64_t user_id; /* 0 = no account */
  char login[65];
  char name[801];
  int64_t rank, seniority;
  int cesp, subdivision;
  char phase[401]; /* "" = none (migration 0008) */
  char specialty[401];
  int64_t nwishes;
};

struct crun_rec {
  int64_t id, campaign_id;
  char round[12];
  char bundle_sha256[65];
  char engine_version[32];
  int check_ok;
  int64_t candidates, assigned;
  int64_t created_by;
  char created_at[32];
  char *bundle, *result; /* malloc'd by store_crun_get only (free both) */
  size_t bundle_len, result_len;
};

/* (owner, position, other) rows: wishes (candidate, position, post) or
 * rankings (post, position, candidate). */
struct cpair {
  int64_t owner, position, other;
};

plam_err store_campaign_get(struct db *db, int64_t id, struct campaign_rec *out);
plam_err store_campaign_list(struct db *db, struct campaign_rec **out, int *n);
plam_err store_campaign_insert(struct db *db, const struct campaign_rec *c, int64_t *id);
plam_err store_campaign_update(struct db *db, const struct campaign_rec *c);
/* Whether organisation org_id has a post in the campaign. */
plam_err store_campaign_org_has_posts(struct db *db, int64_t campaign_id, int64_t org_id, int *has);

plam_err store_cpost_get(struct db *db, int64_t id, struct cpost_rec *out);
plam_err store_cpost_list(struct db *db, int64_t campaign_id, struct cpost_rec **out, int *n);
plam_err store_cpost_insert(struct db *db, const struct cpost_rec *p, int64_t *id);
plam_err store_cpost_update(struct db *db, const struct cpost_rec *p);

plam_err store_ccand_get(struct db *db, int64_t id, struct ccand_rec *out);
plam_err store_ccand_get_by_user(struct db *db, int64_t campaign_id, int64_t user_id, struct ccand_rec *out);
plam_err store_ccand_list(struct db *db, int64_t campaign_id, struct ccand_rec **out, int *n);
plam_err store_ccand_insert(struct db *db, const struct ccand_rec *c, int64_t *id);
plam_err store_ccand_update(struct db *db, const struct ccand_rec *c);
/* Candidates who wished a post, by rank. */
plam_err store_cpost_applicants(struct db *db, int64_t post_id, struct ccand_rec **out, int *n);

/* Wishes of one candidate (other = post id) in order; replace writes a new list. */
plam_err store_wish_list(struct db *db, int64_t candidate_id, struct cpair **out, int *n);
plam_err store_wish_replace(struct db *db, int64_t candidate_id, const int64_t *posts, int n);
/* Every wish of a campaign, by candidate id then position. */
plam_err store_wish_all(struct db *db, int64_t campaign_id, struct cpair **out, int *n);
plam_err store_ranking_list(struct db *db, int64_t post_id, struct cpair **out, int *n);
plam_err store_ranking_replace(struct db *db, int64_t post_id, const int64_t *cands, int n);
plam_err store_ranking_all(struct db *db, int64_t campaign_id, struct cpair **out, int *n);

plam_err store_crun_insert(struct db *db, const struct crun_rec *r, int64_t *id);
/* Metadata of the runs of a campaign, newest first (bundle/result NULL). */
plam_err store_crun_list(struct db *db, int64_t campaign_id, struct crun_rec **out, int *n);
/* One run with its bundle and result (caller frees out->bundle, out->result). */
plam_err store_crun_get(struct db *db, int64_t id, struct crun_rec *out);
/* Newest run of a campaign (any round) or PLAM_ERR_NOT_FOUND; with blobs. */
plam_err store_crun_latest(struct db *db, int64_t campaign_id, struct crun_rec *out);

#endif
