/* SQL of the territorial committee workbooks (issue 3): the committee (a
 * gov_bodies row of kind 'territorial'), the (action, indicator) rows that
 * apply to its territory with their current targets and last validated
 * value, and the committee_uploads table (migration 0006). Like store.h:
 * the caller owns the transaction. */
#ifndef PLAM_STORE_STORE_COMMITTEE_H
#define PLAM_STORE_STORE_COMMITTEE_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"
#include "store/store_committee_row.h"

struct committee_body_rec {
  int64_t id, plan_id;
  char kind[16];
  char name[1201];       /* 300 characters */
  char territory_id[12]; /* "" when none */
  char territory_name[128];
  char plan_title[1201]; /* 300 characters */
  char plan_status[16];
};

/* One current (not replaced) baseline or target of an indicator. */
struct committee_target_rec {
  char kind[16]; /* baseline, intermediate, final */
  char territory_id[12];
  char due_on[11]; /* "" when not stated */
  double value;
};

struct committee_upload_rec {
  int64_t id, body_id, plan_id;
  char territory_id[12];
  int64_t uploaded_by;
  char uploader[65];
  char uploaded_at[32];
  char file_name[256]; /* "" when not given */
  char file_sha256[65];
  int64_t file_size, rows_read, changes, errors;
  char status[12];
  int64_t decided_by; /* 0 when pending */
  char decider[65];
  char decided_at[32];
  char batch[64];
};

plam_err store_committee_body_get(struct db *db, int64_t id, struct committee_body_rec *out);
/* Territorial bodies with a territory, by plan then name (malloc'd array). */
plam_err store_committee_bodies(struct db *db, struct committee_body_rec **out, size_t *n);
/* The (action, indicator) rows of the plan that may apply to territory: the
 * indicator's scope is that territory, or it is measured by département
 * (which of those apply is app/plan/plan_where.h's rule, applied by the
 * caller on breakdown). Fills ids, territory, numbers, titles, code, name,
 * unit and breakdown; the indicator's scope goes to ref_territory. Display
 * order. */
plam_err store_committee_rows(struct db *db, int64_t plan_id, const char *territory, struct committee_row **out,
                              size_t *n);
/* Current baselines and targets of the indicator for the two territories. */
plam_err store_committee_targets(struct db *db, int64_t indicator_id, const char *t1, const char *t2,
                                 struct committee_target_rec *out, size_t max, size_t *n);
/* Last validated value of (indicator, territory) by date then id. *has is 0
 * when there is none; *has_value 0 when it is a ratio without value. */
plam_err store_committee_last(struct db *db, int64_t indicator_id, const char *territory, int *has, int *has_value,
                              double *value, char on[11], int64_t *measurement_id);

plam_err store_committee_upload_insert(struct db *db, const struct committee_upload_rec *in, const char *diff,
                                       int64_t *id);
/* *diff (malloc'd) may be NULL when not wanted. */
plam_err store_committee_upload_get(struct db *db, int64_t id, struct committee_upload_rec *out, char **diff);
/* The newest uploads of a body (at most max), newest first, without diff. */
plam_err store_committee_uploads_of_body(struct db *db, int64_t body_id, struct committee_upload_rec *out, size_t max,
                                         size_t *n);
/* pending -> status (approved with batch, or discarded); PLAM_ERR_CONFLICT
 * when the upload was no longer pending. */
plam_err store_committee_upload_decide(struct db *db, int64_t id, const char *status, int64_t by, const char *batch);

#endif
