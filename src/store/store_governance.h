/* Governance writes (issue 3, migration 0007): updates of bodies, their
 * pilot organisations, meetings and their attendees, and reads the plan
 * store does not have (one meeting, one target, the pilots of a plan's
 * bodies). Records are those of store_plan.h. Like store.h: the caller owns
 * transactions; writes run inside app_write (app/access/write.h). */
#ifndef PLAM_STORE_STORE_GOVERNANCE_H
#define PLAM_STORE_STORE_GOVERNANCE_H
#include <stdint.h>
#include "store/store_plan.h"

/* A pilot organisation of a body, with the organisation's name. */
struct body_pilot_rec {
  int64_t body_id, org_id;
  char org_name[801]; /* 200 characters */
};
extern const struct store_table store_body_pilot_t;

/* Every writable column of r (plan_id included) where id = r->id;
 * PLAM_ERR_NOT_FOUND when no row has that id. */
plam_err store_body_update(struct db *db, const struct body_rec *r);
plam_err store_body_pilots_clear(struct db *db, int64_t body_id);
/* Pilots of every body of a plan, by body then organisation name. */
plam_err store_plan_body_pilots(struct db *db, int64_t plan_id, struct store_rows *out);

/* One meeting; *plan_id (may be NULL) is its body's plan. */
plam_err store_meeting_get(struct db *db, int64_t id, struct meeting_rec *out, int64_t *plan_id);
plam_err store_meeting_update(struct db *db, const struct meeting_rec *r);
plam_err store_meeting_attendees_clear(struct db *db, int64_t meeting_id);
/* Attendees of one meeting, by organisation name. */
plam_err store_meeting_attendees(struct db *db, int64_t meeting_id, struct store_rows *out);

/* Links a decision to a meeting (0: unlinks). */
plam_err store_decision_link(struct db *db, int64_t decision_id, int64_t meeting_id);

/* One target version (current flag set); *plan_id (may be NULL) is its
 * indicator's plan. */
plam_err store_target_get(struct db *db, int64_t id, struct target_rec *out, int64_t *plan_id);

#endif
