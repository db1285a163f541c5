/* Allocation campaigns in the platform (issue 4): staff prepare a campaign
 * (posts, candidates), candidates order their own wishes, sites rank
 * candidates for their own posts (deferred acceptance), staff run the
 * engine (src/app/alloc) as a simulation or the final run; candidates see
 * only their own result and explanation.
 *
 * Access to a campaign (campaign_access): staff/admin see everything; a
 * candidate (role intern or candidate) sees a campaign they are a candidate
 * of once it is open (not draft); a site (employer/institute) sees an open
 * campaign that holds one of its organisation's posts and ranks only those.
 * Every write is audited in its transaction (entity "campaign", or
 * "campaign_post", "campaign_candidate"). A run stores the exact bundle
 * bytes, their SHA-256, the engine version and the result, so that
 * `plam allocate` on the exported bundle gives the same result bytes. */
#ifndef PLAM_APP_CAMPAIGN_CAMPAIGN_H
#define PLAM_APP_CAMPAIGN_CAMPAIGN_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store_campaign.h"

enum campaign_access { CAMPAIGN_NONE = 0, CAMPAIGN_STAFF, CAMPAIGN_CANDIDATE, CAMPAIGN_SITE };

/* Allowed values, NULL-terminated (the API's input specs cite them). */
extern const char *const campaign_kinds[];
extern const char *const campaign_statuses[];
extern const char *const campaign_rounds[];

struct campaign_input {
  const char *kind, *region, *title, *status;
  int64_t seed;
  int has_seed;
};

/* phase, specialty: eligibility rules of a post and the matching values of a
 * candidate ("" = none; NULL = unchanged). A post with a rule admits only
 * candidates with exactly the same value (the engine's eligibility). */
struct cpost_input {
  const char *code, *label, *specialty, *territory_id, *phase;
  int64_t org_id, capacity, reserved_seats;
  int has_org, has_capacity, has_reserved;
  int fragile, cesp_only; /* -1 = unchanged / default */
};

struct ccand_input {
  const char *login, *name; /* login links the candidate's account */
  const char *phase, *specialty;
  int64_t rank, seniority;
  int has_rank, has_seniority;
  int cesp, subdivision; /* -1 = unchanged / default */
};

/* The access the actor has to a campaign; *me gets the actor's candidate
 * record when the access is CAMPAIGN_CANDIDATE (me may be NULL). */
plam_err campaign_access(struct db *db, const struct actor *a, const struct campaign_rec *c, struct ccand_rec *me,
                         enum campaign_access *acc);

json_t *campaign_to_json(const struct campaign_rec *c, enum campaign_access acc);
json_t *cpost_to_json(const struct cpost_rec *p);
json_t *ccand_to_json(const struct ccand_rec *c);

/* Campaigns the actor may see. */
plam_err campaigns_list(struct db *db, const struct actor *a, json_t **out);
plam_err campaign_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err campaign_create(struct db *db, const struct actor *a, const struct campaign_input *in, json_t **out,
                         struct field_error *fe);
plam_err campaign_update(struct db *db, const struct actor *a, int64_t id, const struct campaign_input *in,
                         json_t **out, struct field_error *fe);

plam_err campaign_posts(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);
plam_err campaign_post_create(struct db *db, const struct actor *a, int64_t campaign_id, const struct cpost_input *in,
                              json_t **out, struct field_error *fe);
/* campaign_post_create inside a running write (app/access/write.h): the same
 * checks and audit entry; the internship sites' posts (app/intern) use it so
 * that several posts are written in one transaction or none. */
struct app_tx;
plam_err campaign_post_create_tx(struct app_tx *tx, int64_t campaign_id, const struct cpost_input *in, int64_t *id);
plam_err campaign_post_update(struct db *db, const struct actor *a, int64_t post_id, const struct cpost_input *in,
                              json_t **out, struct field_error *fe);

plam_err campaign_candidates(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);
plam_err campaign_candidate_create(struct db *db, const struct actor *a, int64_t campaign_id,
                                   const struct ccand_input *in, json_t **out, struct field_error *fe);
plam_err campaign_candidate_update(struct db *db, const struct actor *a, int64_t cand_id, const struct ccand_input *in,
                                   json_t **out, struct field_error *fe);

/* Whether another candidate of the campaign than except_id holds rank
 * (*taken, and its name into name[n] when name is not NULL and it fits
 * whole, else ""): two candidates never share a rank. */
plam_err campaign_rank_holder(struct db *db, int64_t campaign_id, int64_t except_id, int64_t rank, char *name, size_t n,
                              int *taken);

/* Organisations that can host the campaign's posts: establishments,
 * training institutes and universities (organisation kinds) located in a
 * département of the campaign's région. Not collectives (kind other, a
 * région-wide "Employeurs" record) nor another région's sites. Staff only. */
plam_err campaign_sites(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);

/* The actor's own wishes (the actor must be a candidate of the campaign). */
plam_err campaign_my_wishes(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);
plam_err campaign_set_my_wishes(struct db *db, const struct actor *a, int64_t campaign_id, const int64_t *posts, int n,
                                json_t **out, struct field_error *fe);
/* A site's ranking of a post of its organisation. */
plam_err campaign_ranking(struct db *db, const struct actor *a, int64_t post_id, json_t **out);
plam_err campaign_set_ranking(struct db *db, const struct actor *a, int64_t post_id, const int64_t *cands, int n,
                              json_t **out, struct field_error *fe);

/* Runs: round is "simulation" or "final". */
plam_err campaign_run(struct db *db, const struct actor *a, int64_t campaign_id, const char *round, json_t **out,
                      struct field_error *fe);
plam_err campaign_runs(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);
/* Run summary, statistics (fill per territory, fragile territories, wish by
 * rank band) and assignments by candidate. */
plam_err campaign_run_get(struct db *db, const struct actor *a, int64_t run_id, json_t **out);
/* The stored bundle (which = 0) or result (which = 1) bytes (free *data). */
plam_err campaign_run_raw(struct db *db, const struct actor *a, int64_t run_id, int which, char **data, size_t *len);
/* The actor's own result in the newest run: assignment and explanation. */
plam_err campaign_my_result(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out);

/* Demo: one small interns' campaign in Pays de la Loire (idempotent). */
plam_err campaign_demo_load(struct db *db);

#endif
