/* Records and store functions of the plan aggregate (migration 0003): plans,
 * axes, actions, partners, roadmap, indicators, targets, measurements and
 * their reviews, weather, governance, budget lines, figures, texts and
 * contributions.
 *
 * Records are fixed-size structs. Each record type has a column table
 * (struct store_table): the SELECTs of this aggregate list their columns in
 * that order, and the INSERTs list the writable ones (those not flagged
 * STORE_COL_RO) in that order too, so one generic reader and one generic
 * binder serve every record. The tables also carry the JSON names, which lets
 * app/ serialise a record without repeating its fields. Text "" and optional
 * numbers without `has` are SQL NULL; ids 0 are NULL.
 *
 * Like store.h: the caller owns transactions; writes run inside app_write
 * (app/access/write.h). Every write to anything inside a plan must also call
 * store_plan_bump (done by plan_audit, app/plan/plan_write.c). */
#ifndef PLAM_STORE_STORE_PLAN_H
#define PLAM_STORE_STORE_PLAN_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

struct opt_dbl {
  int has;
  double v;
};
struct opt_i64 {
  int has;
  int64_t v;
};

enum store_col_type {
  STORE_COL_ID = 0,   /* int64_t, 0 <-> NULL */
  STORE_COL_INT,      /* int64_t */
  STORE_COL_BOOL,     /* int */
  STORE_COL_REAL,     /* double */
  STORE_COL_TEXT,     /* char[size], "" <-> NULL */
  STORE_COL_OPT_REAL, /* struct opt_dbl */
  STORE_COL_OPT_INT,  /* struct opt_i64 */
};
enum { STORE_COL_RO = 1, STORE_COL_HIDDEN = 2 /* not serialised */ };

struct store_col {
  const char *name; /* JSON name */
  enum store_col_type type;
  size_t off, size;
  int flags;
};
struct store_table {
  const struct store_col *cols;
  int ncols;
  size_t rec_size;
};

/* Text limits in characters (as SQLite's length() counts them); a field
 * holding n characters is STORE_CHARS(n) bytes, so an accepted value is never
 * cut (app/access/text.h). */
#define STORE_CHARS(n) ((n)*4 + 1)
#define PLAN_TEXT_MAX 1000
#define PLAN_LONG_MAX 2000
#define PLAN_SOURCE_MAX 500
#define PLAN_TEXT STORE_CHARS(PLAN_TEXT_MAX)
#define PLAN_LONG STORE_CHARS(PLAN_LONG_MAX)
#define PLAN_SOURCE STORE_CHARS(PLAN_SOURCE_MAX)
#define PLAN_TITLE_MAX 300         /* titles and names */
#define PLAN_NAME_MAX 200          /* people, places, short titles, organisation names */
#define PLAN_LABEL_MAX 500         /* budget line labels */
#define PLAN_CONTRIBUTION_MAX 4000 /* contribution bodies and answers */
#define PLAN_FUND_MAX 60           /* budget line fund, body frequency */
#define PLAN_UNIT_MAX 100          /* budget line unit */

struct plan_rec {
  int64_t id;
  char slug[65], region_id[12], title[STORE_CHARS(PLAN_TITLE_MAX)], short_title[STORE_CHARS(PLAN_NAME_MAX)],
    long_title[STORE_CHARS(600)], summary[PLAN_LONG], axis_label[32];
  struct opt_i64 start_year, end_year;
  char period_source[PLAN_SOURCE], launched_on[16], status[16];
  int64_t owner_org_id;
  char source[PLAN_SOURCE], contributions_email[255], contributions_source[PLAN_SOURCE];
  int64_t generation;
  char created_at[32], updated_at[32], region_name[128];
};
struct axis_rec {
  int64_t id, plan_id;
  char number[16], title[STORE_CHARS(PLAN_TITLE_MAX)], description[PLAN_LONG], kind[8];
  double weight;
  int64_t position;
  char note[PLAN_TEXT], source[PLAN_SOURCE];
};
struct action_rec {
  int64_t id, plan_id, axis_id;
  char number[16];
  int number_in_source;
  char title[STORE_CHARS(PLAN_TITLE_MAX)], objective[PLAN_LONG], description[PLAN_LONG], project_support[PLAN_TEXT],
    refs[PLAN_LONG], status[16];
  int status_known;
  double weight;
  int64_t position;
  char note[PLAN_TEXT], source[PLAN_SOURCE], updated_at[32];
};
struct partner_rec {
  int64_t id, plan_id, action_id, axis_id, org_id;
  char role[16], person[STORE_CHARS(PLAN_NAME_MAX)], source[PLAN_SOURCE], org_name[STORE_CHARS(PLAN_NAME_MAX)],
    org_kind[32];
};
struct roadmap_rec {
  int64_t id, action_id;
  char title[PLAN_TEXT], due_on[16], done_on[16];
  int64_t position;
  char source[PLAN_SOURCE];
};
struct indicator_rec {
  int64_t id, action_id;
  char code[65], name[STORE_CHARS(PLAN_TITLE_MAX)], definition[PLAN_TEXT], unit[64], kind[16], direction[8],
    accumulation[16], aggregation[8];
  double ratio_scale;
  char frequency[16], scope_id[12], breakdown[16];
  double weight;
  char note[PLAN_TEXT], source[PLAN_SOURCE];
  int64_t position;
};
struct target_rec {
  int64_t id, indicator_id;
  char territory_id[12], kind[16], due_on[16];
  double value;
  struct opt_dbl value_high;
  char qualifier[12], note[PLAN_TEXT];
  int64_t replaces_id, decision_id;
  char source[PLAN_SOURCE];
  int64_t created_by;
  char created_at[32];
  int current; /* no revision replaces it */
};
struct measurement_rec {
  int64_t id, indicator_id;
  char territory_id[12], value_on[16];
  struct opt_dbl value, numerator, denominator;
  char source[PLAN_SOURCE], comment[PLAN_TEXT], qualifier[12];
  int64_t author_id;
  char batch[64], created_at[32];
  char status[12]; /* pending, validated, rejected */
  char reason[PLAN_TEXT];
  int64_t reviewer_id;
  char reviewed_at[32], author_login[65], reviewer_login[65];
};
struct review_rec {
  int64_t id, measurement_id;
  char decision[12], reason[PLAN_TEXT];
  int64_t reviewer_id;
};
struct weather_rec {
  int64_t id, action_id;
  char judged_on[16], level[24], comment[PLAN_TEXT];
  int64_t author_id;
  char created_at[32], author_login[65];
};
struct body_rec {
  int64_t id, plan_id;
  char kind[16], name[STORE_CHARS(PLAN_TITLE_MAX)];
  int64_t axis_id, action_id;
  char territory_id[12], frequency[STORE_CHARS(60)];
  struct opt_i64 meetings_per_year;
  char established[16];
  int planned;
  char note[PLAN_TEXT], source[PLAN_SOURCE];
};
struct meeting_rec {
  int64_t id, body_id;
  char held_on[16], title[STORE_CHARS(PLAN_TITLE_MAX)], place[STORE_CHARS(PLAN_NAME_MAX)], minutes[PLAN_LONG],
    attendees_text[PLAN_TEXT], source[PLAN_SOURCE];
  char status[12]; /* planned, held, cancelled (migration 0007); "" on insert: held */
};
struct attendee_rec {
  int64_t meeting_id, org_id;
  char person[STORE_CHARS(PLAN_NAME_MAX)], org_name[STORE_CHARS(PLAN_NAME_MAX)];
};
struct decision_rec {
  int64_t id, plan_id, meeting_id;
  char text[PLAN_TEXT];
  int64_t owner_org_id;
  char owner_person[STORE_CHARS(PLAN_NAME_MAX)], due_on[16], status[12], source[PLAN_SOURCE], created_at[32],
    owner_name[STORE_CHARS(PLAN_NAME_MAX)];
};
struct budget_rec {
  int64_t id, plan_id, action_id, funder_org_id;
  char fund[STORE_CHARS(60)];
  struct opt_i64 year_from, year_to;
  char label[STORE_CHARS(PLAN_LABEL_MAX)];
  struct opt_i64 planned_cents, committed_cents, paid_cents, unit_cents;
  char unit[STORE_CHARS(100)];
  struct opt_dbl quantity;
  char qualifier[12], note[PLAN_TEXT];
  int withdrawn;
  int64_t replaces_id, decision_id;
  char source[PLAN_SOURCE];
  int64_t created_by;
  char created_at[32], funder_name[STORE_CHARS(PLAN_NAME_MAX)];
  int64_t axis_id;
  int current; /* no revision replaces it */
};
struct figure_rec {
  int64_t id, plan_id, axis_id, action_id;
  char code[65], label[PLAN_TEXT];
  double value;
  struct opt_dbl value_high;
  char unit[64], value_on[16], period_from[16], period_to[16], territory_id[12], qualifier[12], note[PLAN_TEXT];
  char source[PLAN_SOURCE];
  int64_t position;
};
struct text_rec {
  int64_t id, plan_id, axis_id, action_id;
  char kind[16], text[PLAN_TEXT];
  int64_t by_org_id;
  struct opt_i64 year;
  char on_date[16];
  int64_t position;
  char source[PLAN_SOURCE], by_org_name[STORE_CHARS(PLAN_NAME_MAX)];
};
struct contribution_rec {
  int64_t id, plan_id, action_id, author_id, org_id;
  char kind[16], body[STORE_CHARS(PLAN_CONTRIBUTION_MAX)], answer[STORE_CHARS(PLAN_CONTRIBUTION_MAX)];
  int64_t answered_by;
  char answered_at[32], created_at[32], author_login[65], org_name[STORE_CHARS(PLAN_NAME_MAX)], answered_by_login[65];
};

extern const struct store_table store_plan_t, store_axis_t, store_action_t, store_partner_t, store_roadmap_t,
  store_indicator_t, store_target_t, store_measurement_t, store_weather_t, store_body_t, store_meeting_t,
  store_attendee_t, store_decision_t, store_budget_t, store_figure_t, store_text_t, store_contribution_t;

/* A list of records of one table: malloc'd, free with free(). */
struct store_rows {
  void *rows;
  int n;
};

/* plans */
plam_err store_plan_list(struct db *db, struct store_rows *out);
plam_err store_plan_get(struct db *db, int64_t id, struct plan_rec *out);
plam_err store_plan_find_slug(struct db *db, const char *slug, int64_t *id);
plam_err store_plan_insert(struct db *db, const struct plan_rec *p, int64_t *id);
plam_err store_plan_update(struct db *db, const struct plan_rec *p);
/* generation += 1 and updated_at = now, for the plan that owns what changed. */
plam_err store_plan_bump(struct db *db, int64_t plan_id);
plam_err store_plan_generation(struct db *db, int64_t plan_id, int64_t *gen);
/* generation and whether the plan is public (not a draft), one key read. */
plam_err store_plan_generation_status(struct db *db, int64_t plan_id, int64_t *gen, int *is_public);
plam_err store_plan_territory_add(struct db *db, int64_t plan_id, const char *territory_id);
/* Territory ids of the plan (char[12] each, malloc'd). */
plam_err store_plan_territories(struct db *db, int64_t plan_id, char (**out)[12], int *n);

/* structure: lists of one plan, in display order */
plam_err store_plan_axes(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_actions(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_partners(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_roadmap(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_indicators(struct db *db, int64_t plan_id, struct store_rows *out);
/* (indicator_id, territory_id) pairs of indicator_territories in a plan */
plam_err store_plan_indicator_territories(struct db *db, int64_t plan_id, int64_t **ind, char (**terr)[12], int *n);
plam_err store_plan_figures(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_texts(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_axis_insert(struct db *db, const struct axis_rec *r, int64_t *id);
plam_err store_action_insert(struct db *db, const struct action_rec *r, int64_t *id);
plam_err store_action_get(struct db *db, int64_t id, struct action_rec *out);
plam_err store_action_update(struct db *db, const struct action_rec *r);
plam_err store_partner_insert(struct db *db, const struct partner_rec *r, int64_t *id);
plam_err store_roadmap_insert(struct db *db, const struct roadmap_rec *r, int64_t *id);
plam_err store_indicator_insert(struct db *db, const struct indicator_rec *r, int64_t *id);
plam_err store_indicator_get(struct db *db, int64_t id, struct indicator_rec *out, int64_t *plan_id);
plam_err store_indicator_territory_add(struct db *db, int64_t indicator_id, const char *territory_id);
plam_err store_figure_insert(struct db *db, const struct figure_rec *r, int64_t *id);
plam_err store_text_insert(struct db *db, const struct text_rec *r, int64_t *id);
/* 1 in *yes when org_id is pilot or copilot of the action or of its axis. */
plam_err store_action_org_pilots(struct db *db, int64_t action_id, int64_t org_id, int *yes);
/* 1 in *yes when org_id has any role in the plan. */
plam_err store_plan_org_member(struct db *db, int64_t plan_id, int64_t org_id, int *yes);

/* targets: every version (current flag set) of a plan or of an indicator */
plam_err store_plan_targets(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_indicator_targets(struct db *db, int64_t indicator_id, struct store_rows *out);
plam_err store_target_insert(struct db *db, const struct target_rec *r, int64_t *id);

/* measurements: every row of an indicator with its review status */
plam_err store_indicator_measurements(struct db *db, int64_t indicator_id, struct store_rows *out);
/* Pending rows of a plan (review queue). */
plam_err store_plan_pending(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_measurement_get(struct db *db, int64_t id, struct measurement_rec *out, int64_t *plan_id);
plam_err store_measurement_insert(struct db *db, const struct measurement_rec *r, int64_t *id);
plam_err store_review_insert(struct db *db, const struct review_rec *r, int64_t *id);

/* Validated values of a plan, lean, for the dashboard, in no particular
 * order. The strings are valid during the call only. */
struct store_value_row {
  int64_t id, indicator_id;
  const char *territory_id, *value_on;
  int has_value, has_ratio;
  double value, numerator, denominator;
};
typedef plam_err (*store_value_fn)(void *ud, const struct store_value_row *row);
plam_err store_plan_values_each(struct db *db, int64_t plan_id, store_value_fn fn, void *ud);

/* Validated values of one indicator from validated_values (migration 0004,
 * clustered by indicator, territory, date, id), for the dashboard's reduced
 * reads. Dates are compared as "YYYY-MM-DD" text, which is only right for
 * strict dates: callers first check store_vv_flags (no flag 4).
 * Flags present among the indicator's rows (see the migration): 1 a row has
 * no value, 2 a value is not a small integer, 4 a row the engine would refuse
 * or ignore. */
plam_err store_vv_flags(struct db *db, int64_t indicator_id, int *flags);
/* Every row of the indicator, ordered by (territory, date, id). */
plam_err store_vv_rows(struct db *db, int64_t indicator_id, store_value_fn fn, void *ud);
/* The last row (latest date, then highest id) of (indicator, territory)
 * dated <= until; *found = 0 when there is none. out->territory_id and
 * out->value_on point to day[11] (copied) and the caller's territory. */
plam_err store_vv_last(struct db *db, int64_t indicator_id, const char *territory_id, const char *until,
                       struct store_value_row *out, char day[11], int *found);
/* Distinct dates of (indicator, territory) in [from, until], latest first,
 * until fn returns non-zero (1: stop, PLAM_ERR_*: error, returned). */
typedef int (*store_vv_day_fn)(void *ud, const char *value_on);
plam_err store_vv_days_desc(struct db *db, int64_t indicator_id, const char *territory_id, const char *from,
                            const char *until, store_vv_day_fn fn, void *ud);
/* *yes = 1 when (indicator, territory) has a row dated exactly day. */
plam_err store_vv_has_day(struct db *db, int64_t indicator_id, const char *territory_id, const char *day, int *yes);
/* Per territory: over the dates in (after, until] (after "" = no lower
 * bound), the number of distinct dates, the sum of the value of the highest
 * id of each date, and the latest date. Territories without a row in the
 * range are not reported. Exact only without flag 1 or 2. */
typedef plam_err (*store_vv_sum_fn)(void *ud, const char *territory_id, int64_t dates, double sum,
                                    const char *last_value_on);
plam_err store_vv_sums(struct db *db, int64_t indicator_id, const char *after, const char *until, store_vv_sum_fn fn,
                       void *ud);
/* Qualifiers of the values the engine uses for (indicator, territory) dated
 * in (after, until]: for each date the row of the highest id, when its
 * measurement has a qualifier. *mask gets 1 "at_least", 2 "about", 4
 * "at_most" (0: none). */
plam_err store_vv_qualifiers(struct db *db, int64_t indicator_id, const char *territory_id, const char *after,
                             const char *until, int *mask);

/* weather */
plam_err store_weather_insert(struct db *db, const struct weather_rec *r, int64_t *id);
/* One judgement with its stored created_at and author_login. */
plam_err store_weather_get(struct db *db, int64_t id, struct weather_rec *out);
/* Latest judgement of each action of the plan. */
plam_err store_plan_weather_latest(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_action_weather(struct db *db, int64_t action_id, struct store_rows *out);

/* governance */
plam_err store_body_insert(struct db *db, const struct body_rec *r, int64_t *id);
plam_err store_body_get(struct db *db, int64_t id, struct body_rec *out);
plam_err store_body_pilot_add(struct db *db, int64_t body_id, int64_t org_id);
plam_err store_meeting_insert(struct db *db, const struct meeting_rec *r, int64_t *id);
plam_err store_attendee_insert(struct db *db, int64_t meeting_id, int64_t org_id, const char *person);
plam_err store_decision_insert(struct db *db, const struct decision_rec *r, int64_t *id);
plam_err store_decision_get(struct db *db, int64_t id, struct decision_rec *out);
plam_err store_decision_update(struct db *db, const struct decision_rec *r);
plam_err store_plan_bodies(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_meetings(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_attendees(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_plan_decisions(struct db *db, int64_t plan_id, struct store_rows *out);

/* money: all versions of a plan's lines (current flag set), by id */
plam_err store_plan_budget(struct db *db, int64_t plan_id, struct store_rows *out);
plam_err store_budget_get(struct db *db, int64_t id, struct budget_rec *out);
plam_err store_budget_insert(struct db *db, const struct budget_rec *r, int64_t *id);

/* contributions */
plam_err store_contribution_insert(struct db *db, const struct contribution_rec *r, int64_t *id);
plam_err store_contribution_get(struct db *db, int64_t id, struct contribution_rec *out);
plam_err store_contribution_answer(struct db *db, int64_t id, const char *answer, int64_t by);
plam_err store_plan_contributions(struct db *db, int64_t plan_id, struct store_rows *out);

#endif
