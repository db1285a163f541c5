/* Governance writes (issue 3): bodies (COPIL, technical committee per axis,
 * territorial committee per département, follow-up committee, partners'
 * conference), their meetings with attendees and minutes, decisions (owner,
 * due date, status), and indicator targets with versioned revisions.
 *
 * Every write runs in one write transaction with its audit entry (before and
 * after) and bumps the plan's generation (dashboard cache key). Routes ask
 * for plan.write (staff, admin); these functions check the data.
 *
 * Patch inputs: a field whose `set` is 0 is left unchanged; set with a NULL
 * text (or a 0 id) clears it. Create uses the same inputs, unset = empty.
 *
 * Decision statuses: open (à faire), in_progress (en cours), done (faite),
 * dropped (abandonnée); the allowed changes are the table in
 * governance_rules.c. Each change is audited with before and after, which is
 * the status history.
 *
 * Targets are versioned (migration 0003): a revision is a new row that
 * replaces the current version and cites the decision that made it; the old
 * row stays. The version in force is the one no row replaces, which is what
 * the dashboard's progress uses. */
#ifndef PLAM_APP_GOVERNANCE_GOVERNANCE_H
#define PLAM_APP_GOVERNANCE_GOVERNANCE_H
#include <stdint.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store_governance.h"

#define GOV_MAX_PILOTS 20
#define GOV_MAX_ATTENDEES 100

struct gov_text {
  int set;
  const char *v;
};
struct gov_id {
  int set;
  int64_t v;
};

struct gov_body_input {
  struct gov_text kind, name, territory_id, frequency, established, note;
  struct gov_id axis_id, action_id;
  int meetings_per_year_set;
  struct opt_i64 meetings_per_year;
  int planned_set, planned;
  int pilots_set, n_pilots;
  int64_t pilots[GOV_MAX_PILOTS];
};

struct gov_attendee {
  int64_t org_id;
  const char *person; /* may be NULL */
};
struct gov_meeting_input {
  struct gov_text held_on, title, place, status, minutes, attendees_text;
  int attendees_set, n_attendees;
  struct gov_attendee attendees[GOV_MAX_ATTENDEES];
};

struct gov_decision_input {
  struct gov_text text, owner_person, due_on, status;
  struct gov_id owner_org_id, meeting_id;
};

/* A target: kind, territory (NULL: the indicator's scope), due date, value
 * (and optional range high end), qualifier, note, source, decision. */
struct gov_target_input {
  const char *kind, *territory_id, *due_on, *qualifier, *note, *source;
  double value;
  int has_value;
  struct opt_dbl value_high;
  int64_t decision_id;
};

/* ---- pure rules (governance_rules.c) ---- */
/* Allowed values, NULL-terminated (the API's input specs cite them). The
 * decision statuses are the rows of the status table (a unit test checks). */
extern const char *const gov_body_kinds[];
extern const char *const gov_meeting_statuses[];
extern const char *const gov_decision_statuses[];
extern const char *const gov_target_kinds[];

/* Records a decision of the plan (in->status "" -> open). in's texts are
 * checked as the record holds them: a caller's store_copy that did not fit
 * left the overflow mark, refused here (never cut). */
plam_err gov_decision_create(struct db *db, const struct actor *a, int64_t plan_id, struct decision_rec *in,
                             struct decision_rec *out, struct field_error *fe);

/* The plan's governance tree (bodies, meetings, attendees, decisions). */
plam_err gov_plan_json(struct db *db, int64_t plan_id, json_t **out);

/* 1 if code is a body kind (copil, technical, territorial, followup, conference, other). */
int gov_body_kind_valid(const char *kind);
/* 1 if status is a meeting status (planned, held, cancelled). */
int gov_meeting_status_valid(const char *status);
/* Status of a meeting created without one: "planned" when held_on (YYYY-MM-DD)
 * is after today (YYYY-MM-DD), "held" otherwise. */
const char *gov_meeting_default_status(const char *held_on, const char *today);
/* 1 if status is a decision status. */
int gov_decision_status_valid(const char *status);
/* 1 if a decision may go from one status to the other (same status: yes). */
int gov_decision_transition_ok(const char *from, const char *to);
/* The French label of a decision status ("à faire"...), NULL if unknown. */
const char *gov_decision_status_label(const char *status);
/* Today's date (UTC) as YYYY-MM-DD. */
void gov_today(char out[11]);
/* 1 if the decision is overdue on `today`: a due date before today and a
 * status still open or in progress. */
int gov_decision_overdue(const char *status, const char *due_on, const char *today);

/* ---- writes (governance.c) ---- */
plam_err gov_body_create(struct db *db, const struct actor *a, int64_t plan_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe);
plam_err gov_body_update(struct db *db, const struct actor *a, int64_t body_id, const struct gov_body_input *in,
                         struct body_rec *out, struct field_error *fe);
plam_err gov_meeting_create(struct db *db, const struct actor *a, int64_t body_id, const struct gov_meeting_input *in,
                            struct meeting_rec *out, struct field_error *fe);
plam_err gov_meeting_update(struct db *db, const struct actor *a, int64_t meeting_id,
                            const struct gov_meeting_input *in, struct meeting_rec *out, struct field_error *fe);
plam_err gov_decision_update(struct db *db, const struct actor *a, int64_t decision_id,
                             const struct gov_decision_input *in, struct decision_rec *out, struct field_error *fe);
/* A new target of the indicator (no predecessor). */
plam_err gov_target_create(struct db *db, const struct actor *a, int64_t indicator_id,
                           const struct gov_target_input *in, struct target_rec *out, struct field_error *fe);
/* A new version of target id (which must be in force), citing a decision
 * of the same plan; kind defaults to the old version's. */
plam_err gov_target_revise(struct db *db, const struct actor *a, int64_t target_id, const struct gov_target_input *in,
                           struct target_rec *out, struct field_error *fe);

/* ---- JSON (governance.c) ---- */
/* A body with its pilots [{org_id, org_name}]. */
plam_err gov_body_json(struct db *db, const struct body_rec *b, json_t **out);
/* A meeting with its attendees. */
plam_err gov_meeting_json(struct db *db, const struct meeting_rec *m, json_t **out);

#endif
