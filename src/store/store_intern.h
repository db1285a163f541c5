/* Records and SQL of the internships module (issue 12, migration 0018):
 * sites and their accreditation decisions, assignments of interns to a site
 * for a semester, evaluations and their per-(site, semester) sums, alert
 * rules, alerts and their actions, yearly reviews and tracked actions.
 *
 * Records are described by column tables (struct store_table, as the plan
 * records are: store/store_plan.h), so one reader and one binder serve every
 * record and app/ serialises them without repeating their fields. SELECTs
 * list the columns in table order; INSERTs the writable ones. Optional
 * texts are "" here and SQL NULL in the tables. The caller owns the
 * transaction (writes: app_write). */
#ifndef PLAM_STORE_STORE_INTERN_H
#define PLAM_STORE_STORE_INTERN_H
#include <stdint.h>
#include "store/store_plan.h"

#define INTERN_LABEL_MAX 200
#define INTERN_TEXT_MAX 2000

struct isite_rec {
  int64_t id, establishment_id, unit_id;
  char label[STORE_CHARS(INTERN_LABEL_MAX)], programme[16], specialty[STORE_CHARS(100)];
  int64_t capacity;
  int chu;
  char accredited_from[11], accredited_to[11], status[16];
  char created_at[32], updated_at[32];
  /* read only, joined */
  char establishment_name[STORE_CHARS(200)], unit_name[STORE_CHARS(200)], departement[12],
    departement_name[STORE_CHARS(100)];
  int64_t org_id, open_alerts;
  /* the site's dropouts (training's lines naming it, view
   * train_site_dropouts) of the latest rentrée year that has any */
  int64_t dropouts, dropouts_year;
};

struct idecision_rec {
  int64_t id, site_id;
  char decision[16], decided_on[11], reason[STORE_CHARS(INTERN_TEXT_MAX)];
  int64_t review_id, decided_by;
  char created_at[32], decided_by_login[65];
};

struct ieval_rec {
  int64_t id, site_id;
  char semester[8], source[8];
  int64_t author_id;
  char oppi_ref[65];
  int64_t supervision, conditions, hours, rest_taken, training_half_days, non_medical, respect, harassment;
  char comment[STORE_CHARS(INTERN_TEXT_MAX)], comment_status[16], created_at[32];
};

/* Sums of the answers of one site for one semester (never single answers). */
struct icell {
  int64_t site_id;
  char semester[8];
  int64_t n, sum_supervision, no_supervisor, sum_conditions, sum_hours, nights, rest_not_taken, sum_training,
    sum_non_medical, sum_respect, harassment;
};

struct irule_rec {
  char code[16];
  int enabled;
  double threshold;
  char authority[STORE_CHARS(INTERN_LABEL_MAX)];
  int64_t owner_id;
  char updated_at[32], owner_login[65];
};

struct ialert_rec {
  int64_t id, site_id;
  char rule[16], period[10];
  double value;
  int64_t respondents;
  char authority[STORE_CHARS(INTERN_LABEL_MAX)];
  int64_t owner_id;
  char status[16], created_at[32], updated_at[32];
  /* read only */
  char site_label[STORE_CHARS(INTERN_LABEL_MAX)], establishment_name[STORE_CHARS(200)], departement[12],
    owner_login[65];
};

struct ialert_action_rec {
  int64_t id, alert_id;
  char status[16], note[STORE_CHARS(INTERN_TEXT_MAX)];
  int64_t author_id;
  char created_at[32], author_login[65];
};

struct ireview_rec {
  int64_t id, site_id;
  char year[10], status[8], conclusion[STORE_CHARS(INTERN_TEXT_MAX)], decision[16], created_at[32], updated_at[32];
};

struct iaction_rec {
  int64_t id;
  char kind[16];
  int64_t review_id;
  char title[STORE_CHARS(INTERN_LABEL_MAX)], owner[STORE_CHARS(INTERN_LABEL_MAX)], due_on[11], status[16],
    follow_up[STORE_CHARS(INTERN_TEXT_MAX)], results[STORE_CHARS(INTERN_TEXT_MAX)];
  int shared;
  char created_at[32], updated_at[32];
};

extern const struct store_table store_isite_t, store_idecision_t, store_ieval_t, store_irule_t, store_ialert_t,
  store_ialert_action_t, store_ireview_t, store_iaction_t;

/* Establishment facts a site needs: name, département, category, org. */
struct iestab {
  int64_t id, org_id;
  char name[STORE_CHARS(200)], departement[12], category[16];
};
plam_err store_intern_establishment(struct db *db, int64_t id, struct iestab *out);
/* *unit_estab: the establishment of unit id (PLAM_ERR_NOT_FOUND if none). */
plam_err store_intern_unit(struct db *db, int64_t id, int64_t *unit_estab, char *name, size_t n);
/* Demo only: the establishment named name in departement, created when absent. */
plam_err store_intern_establishment_ensure(struct db *db, const char *name, const char *category,
                                           const char *departement, int64_t org_id, int64_t *id);

/* sites */
plam_err store_isite_list(struct db *db, struct store_rows *out);
plam_err store_isite_get(struct db *db, int64_t id, struct isite_rec *out);
plam_err store_isite_insert(struct db *db, const struct isite_rec *r, int64_t *id);
plam_err store_isite_update(struct db *db, const struct isite_rec *r);
/* The site's dropouts of one rentrée year (training's lines naming it:
 * view train_site_dropouts, migration 0022). */
plam_err store_isite_dropouts(struct db *db, int64_t site_id, int64_t year, int64_t *n);
/* The commune centroids (communes, data/ref/communes.csv) of a région's
 * départements, by département then code: (*deps)[i] the département of
 * point i, (*lonlat)[2i], (*lonlat)[2i+1] its longitude and latitude. */
plam_err store_intern_region_points(struct db *db, const char *region, char (**deps)[12], double **lonlat, int *n);
plam_err store_idecision_list(struct db *db, int64_t site_id, struct store_rows *out);
plam_err store_idecision_insert(struct db *db, const struct idecision_rec *r, int64_t *id);

/* assignments */
plam_err store_iassign_put(struct db *db, int64_t site_id, const char *semester, int64_t user_id);
/* *site_id of the user's assignment in semester (0: none). */
plam_err store_iassign_get(struct db *db, int64_t user_id, const char *semester, int64_t *site_id);
/* The user's assignments as (site_id, semester) pairs; semesters char[8]. */
plam_err store_iassign_list(struct db *db, int64_t user_id, int64_t **sites, char (**semesters)[8], int *n);

/* semesters: *closed = 1 when the semester's collection is closed */
plam_err store_isem_closed(struct db *db, const char *semester, int *closed);
plam_err store_isem_close(struct db *db, const char *semester, int64_t user_id);
/* Closed semesters, newest first (char[8] each, at most 200). */
plam_err store_isem_list(struct db *db, char (**out)[8], int *n);

/* evaluations */
plam_err store_ieval_insert(struct db *db, const struct ieval_rec *r, int64_t *id);
plam_err store_ieval_get(struct db *db, int64_t id, struct ieval_rec *out);
/* The author's own evaluations. */
plam_err store_ieval_mine(struct db *db, int64_t author_id, struct store_rows *out);
/* Comments waiting for moderation (oldest first). */
plam_err store_ieval_pending(struct db *db, struct store_rows *out);
plam_err store_ieval_set_comment_status(struct db *db, int64_t id, const char *status);
/* Approved comments of a site for the semesters first..last (inclusive). */
plam_err store_ieval_comments(struct db *db, int64_t site_id, const char *first, const char *last,
                              struct store_rows *out);
plam_err store_ieval_oppi_exists(struct db *db, const char *ref, int *exists);
/* Live sums per semester of one site, from the answers (the alert rules). */
plam_err store_icells(struct db *db, int64_t site_id, struct icell **out, int *n);
/* The frozen sums of closed semesters (intern_cells): site_id 0 = every
 * site; ordered by site, semester. */
plam_err store_icells_frozen(struct db *db, int64_t site_id, struct icell **out, int *n);
/* Freezes the sums of every site for semester (when its collection closes). */
plam_err store_icells_freeze(struct db *db, const char *semester);

/* rules and alerts */
plam_err store_irule_list(struct db *db, struct store_rows *out);
plam_err store_irule_get(struct db *db, const char *code, struct irule_rec *out);
plam_err store_irule_update(struct db *db, const struct irule_rec *r);
/* status NULL: any; site_id 0: any. */
plam_err store_ialert_list(struct db *db, const char *status, int64_t site_id, struct store_rows *out);
plam_err store_ialert_get(struct db *db, int64_t id, struct ialert_rec *out);
/* The alert of (site, rule, period): PLAM_ERR_NOT_FOUND when none. */
plam_err store_ialert_find(struct db *db, int64_t site_id, const char *rule, const char *period,
                           struct ialert_rec *out);
plam_err store_ialert_insert(struct db *db, const struct ialert_rec *r, int64_t *id);
/* value, respondents, owner_id, status, updated_at. */
plam_err store_ialert_update(struct db *db, const struct ialert_rec *r);
plam_err store_ialert_action_list(struct db *db, int64_t alert_id, struct store_rows *out);
plam_err store_ialert_action_insert(struct db *db, const struct ialert_action_rec *r, int64_t *id);
/* Sites with at least one alert not closed, per département: deps char[12]. */
plam_err store_ialert_sites_by_dep(struct db *db, char (**deps)[12], int64_t **counts, int *n);

/* reviews and actions */
plam_err store_ireview_list(struct db *db, int64_t site_id, struct store_rows *out);
plam_err store_ireview_get(struct db *db, int64_t id, struct ireview_rec *out);
plam_err store_ireview_insert(struct db *db, const struct ireview_rec *r, int64_t *id);
plam_err store_ireview_update(struct db *db, const struct ireview_rec *r);
/* review_id 0: the programmes (kind 'programme'). */
plam_err store_iaction_list(struct db *db, int64_t review_id, struct store_rows *out);
plam_err store_iaction_get(struct db *db, int64_t id, struct iaction_rec *out);
plam_err store_iaction_insert(struct db *db, const struct iaction_rec *r, int64_t *id);
plam_err store_iaction_update(struct db *db, const struct iaction_rec *r);

#endif
