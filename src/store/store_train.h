/* Records and SQL of the training module (migration 0017): institutes,
 * capacities, targets, short sessions, apprenticeship contracts and their
 * notes, cohorts and dropouts, prevention actions, and the links that make a
 * training figure the measurement of a plan indicator.
 *
 * Every record type has a column table (struct store_table, store_plan.h):
 * its SELECT lists the columns in that order and its INSERT and UPDATE bind
 * the writable ones (not STORE_COL_RO) in that order, so one generic get,
 * insert, update and list serve every entity (enum train_entity). Lists take
 * one filter (struct train_filter) whose unset members match everything.
 * The caller owns transactions; writes run inside app_write. */
#ifndef PLAM_STORE_STORE_TRAIN_H
#define PLAM_STORE_STORE_TRAIN_H
#include <stdint.h>
#include "store/store_plan.h"

#define TRAIN_NAME_MAX 200
#define TRAIN_NOTE_MAX 1000
#define TRAIN_SOURCE_MAX 300
#define TRAIN_LONG_MAX 2000

struct train_institute_rec {
  int64_t id;
  char name[STORE_CHARS(TRAIN_NAME_MAX)], kind[16], uai[9];
  int64_t establishment_id;
  char departement[12];
  int64_t org_id;
  char finess[10], establishment_name[STORE_CHARS(TRAIN_NAME_MAX)], departement_name[128], region[12];
  char org_name[STORE_CHARS(TRAIN_NAME_MAX)], created_at[32], updated_at[32];
};
struct train_capacity_rec {
  int64_t id, institute_id;
  char programme[17];
  int64_t year;
  char route[16];
  int64_t places, increase;
  struct opt_i64 filled;
  char note[STORE_CHARS(TRAIN_NOTE_MAX)], source[STORE_CHARS(TRAIN_SOURCE_MAX)];
  char institute_name[STORE_CHARS(TRAIN_NAME_MAX)], departement[12];
  int64_t org_id;
  char updated_at[32];
};
struct train_target_rec {
  int64_t id;
  char kind[16], programme[17], territory_id[12];
  int64_t year;
  char route[16];
  int64_t places;
  char note[STORE_CHARS(TRAIN_NOTE_MAX)], source[STORE_CHARS(TRAIN_SOURCE_MAX)], territory_name[128];
};
struct train_session_rec {
  int64_t id;
  char title[STORE_CHARS(TRAIN_NAME_MAX)];
  int64_t hours;
  char audience[16], departement[12];
  int64_t institute_id;
  char organiser[STORE_CHARS(TRAIN_NAME_MAX)], starts_on[11], ends_on[11];
  int64_t places, enrolled;
  char source[STORE_CHARS(TRAIN_SOURCE_MAX)], institute_name[STORE_CHARS(TRAIN_NAME_MAX)];
  int64_t org_id;
};
struct train_apprentice_rec {
  int64_t id;
  char apprentice_name[STORE_CHARS(TRAIN_NAME_MAX)], programme[17];
  int64_t institute_id, employer_id;
  char employer_name[STORE_CHARS(TRAIN_NAME_MAX)], master_name[STORE_CHARS(TRAIN_NAME_MAX)];
  char starts_on[11], ends_on[11];
  struct opt_i64 master_aid_cents;
  char status[16], diploma_on[11], employment[16];
  char institute_name[STORE_CHARS(TRAIN_NAME_MAX)], departement[12];
  int64_t org_id;
  char updated_at[32];
};
struct train_note_rec {
  int64_t id, apprentice_id;
  char noted_on[11], text[STORE_CHARS(TRAIN_LONG_MAX)];
  int64_t author_id;
  char author_login[65], created_at[32];
};
struct train_action_rec {
  int64_t id;
  char kind[24], title[STORE_CHARS(TRAIN_NAME_MAX)];
  int64_t institute_id;
  char territory_id[12], status[16], starts_on[11], ends_on[11];
  struct opt_i64 participants;
  char results[STORE_CHARS(TRAIN_LONG_MAX)], source[STORE_CHARS(TRAIN_SOURCE_MAX)];
  char institute_name[STORE_CHARS(TRAIN_NAME_MAX)];
  int64_t org_id;
  char updated_at[32];
};
struct train_link_rec {
  int64_t id, indicator_id;
  char metric[24], programme[17], route[16];
  char indicator_code[65], indicator_name[STORE_CHARS(PLAN_TITLE_MAX)], indicator_kind[16];
  int64_t plan_id;
  char created_at[32];
};
/* One dropout line with its cohort, or a line without cohort (a count
 * carried over from an internship site by migration 0022, cohort_id 0 and
 * its own line_year). The writable columns are those a hand correction may
 * change (train_save): the cohort, the own year, cause, internship flag,
 * site, count and note; the rest is read. Cohorts without any dropout line
 * appear once with id 0 (their enrolled count is the rate's denominator). */
struct train_dropout_rec {
  int64_t id, cohort_id;
  struct opt_i64 line_year;
  char cause[16];
  int internship;
  int64_t site_id, dropouts;
  char note[STORE_CHARS(TRAIN_NOTE_MAX)];
  int64_t institute_id;
  char programme[17];
  int64_t year, study_year, enrolled;
  char site_label[STORE_CHARS(TRAIN_NAME_MAX)], institute_name[STORE_CHARS(TRAIN_NAME_MAX)], departement[12];
  int64_t org_id;
  char updated_at[32];
};

enum train_entity {
  TRAIN_INSTITUTE = 0,
  TRAIN_CAPACITY,
  TRAIN_TARGET,
  TRAIN_SESSION,
  TRAIN_APPRENTICE,
  TRAIN_NOTE,
  TRAIN_ACTION,
  TRAIN_LINK,
  TRAIN_DROPOUT, /* written by the import; corrected one line at a time by hand */
  TRAIN__ENTITIES
};
extern const struct store_table *const store_train_tables[TRAIN__ENTITIES];

/* Unset members (NULL, 0) match everything. */
struct train_filter {
  const char *territory; /* DEP-xx or REG-xx: rows of that département or région */
  int64_t institute_id;
  int64_t year;
  int64_t org_id; /* rows of institutes managed by that organisation */
  const char *programme;
  int64_t parent_id; /* notes: the apprentice */
};

plam_err store_train_get(struct db *db, enum train_entity e, int64_t id, void *rec);
plam_err store_train_insert(struct db *db, enum train_entity e, const void *rec, int64_t *id);
plam_err store_train_update(struct db *db, enum train_entity e, const void *rec);
plam_err store_train_delete(struct db *db, enum train_entity e, int64_t id);
plam_err store_train_list(struct db *db, enum train_entity e, const struct train_filter *f, struct store_rows *out);

/* institutes */
plam_err store_train_institute_by_uai(struct db *db, const char *uai, struct train_institute_rec *out);
/* *yes = 1 when the establishment (FINESS) exists. */
plam_err store_train_establishment_exists(struct db *db, int64_t id, int *yes);

/* dropout import: replaces the cohorts (and their dropouts) of one
 * (institute, programme, year) */
plam_err store_train_cohorts_clear(struct db *db, int64_t institute_id, const char *programme, int64_t year);
plam_err store_train_cohort_insert(struct db *db, int64_t institute_id, const char *programme, int64_t year,
                                   int64_t study_year, int64_t enrolled, int64_t *id);
plam_err store_train_dropout_insert(struct db *db, int64_t cohort_id, const char *cause, int internship,
                                    int64_t site_id, int64_t dropouts);
/* *yes = 1 when the internship site exists. */
plam_err store_train_site_exists(struct db *db, int64_t site_id, int *yes);
/* The cohort of an institute, programme, rentrée year and year of study
 * (*id 0 when none). */
plam_err store_train_cohort_find(struct db *db, int64_t institute_id, const char *programme, int64_t year,
                                 int64_t study_year, int64_t *id);
/* A cohort's institute, rentrée year and enrolled count. */
plam_err store_train_cohort_get(struct db *db, int64_t id, int64_t *institute_id, int64_t *year, int64_t *enrolled);
/* Of the cohort's dropout lines other than exclude_id: *sum their dropouts,
 * *dup 1 when one has this cause, internship flag and site. */
plam_err store_train_cohort_lines(struct db *db, int64_t cohort_id, int64_t exclude_id, const char *cause,
                                  int internship, int64_t site_id, int64_t *sum, int *dup);
/* The distinct sites named by dropout lines and their rentrée years, as
 * pairs (malloc'd): what the internships' dropouts rule judges. */
plam_err store_train_site_years(struct db *db, int64_t **sites, int64_t **years, int *n);

/* Capacity totals per (département, programme, year, route). */
struct train_capsum_rec {
  char departement[12], programme[17];
  int64_t year;
  char route[16];
  int64_t places, increase, filled, filled_places, institutes;
};
plam_err store_train_capacity_sums(struct db *db, const struct train_filter *f, struct train_capsum_rec **out, int *n);

/* Metrics of the plan's indicators (app/train/train_measure.c). */
enum train_metric {
  TRAIN_M_CAPACITY_PLACES = 0,
  TRAIN_M_CAPACITY_INCREASE,
  TRAIN_M_CAPACITY_FILL,
  TRAIN_M_SESSION_PLACES,
  TRAIN_M_SESSION_ENROLLED,
  TRAIN_M_SESSION_FILL,
  TRAIN_M_DROPOUT_RATE,
  TRAIN_M_APPRENTICES,
  TRAIN_M_SITES_UNDER_ALERT, /* internship sites with an alert not closed (a snapshot: the current year) */
  TRAIN__METRICS
};
/* The figure of one metric in a territory (DEP or REG) and year: *num and
 * *den (den 0 for counts) and *rows, the rows it was computed from.
 * programme and route NULL: all. */
plam_err store_train_metric(struct db *db, enum train_metric m, const char *territory, int64_t year,
                            const char *programme, const char *route, double *num, double *den, int64_t *rows);
/* Years with data for the metric, ascending (malloc'd). */
plam_err store_train_metric_years(struct db *db, enum train_metric m, int64_t **years, int *n);
/* The indicator of that code (*id 0 when none). */
plam_err store_train_indicator_by_code(struct db *db, const char *code, int64_t *id);

#endif
