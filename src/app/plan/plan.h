/* Plan steering rules (issue 3): who may read and edit what, the demo
 * loader, the dashboard (progress with its explanation, weather, money) and
 * every write to a plan (measurements and their review, weather, action
 * updates, budget revisions, governance, contributions).
 *
 * Visibility: a published or archived plan is readable by everyone; a draft
 * only by staff/admin and by members of an organisation that has a role in
 * it (others get PLAM_ERR_NOT_FOUND, not FORBIDDEN: a draft's existence is
 * not disclosed).
 * Scoping: staff and admin manage everything; a pilot edits, proposes values
 * for and judges the weather of only the actions where their organisation is
 * pilot or copilot (of the action, or of its axis). The route permission
 * (roles.c) is checked first; these rules refine it.
 *
 * Every write runs inside the write bracket (app/access/write.h) with its
 * audit entry and bumps the plan's generation counter (plans.generation),
 * which keys the dashboard cache (plan_audit does both). Texts are refused,
 * never cut, past their limits in characters (PLAN_*_MAX, store_plan.h).
 * JSON builders return new references (NULL on allocation failure). */
#ifndef PLAM_APP_PLAN_PLAN_H
#define PLAM_APP_PLAN_PLAN_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store_plan.h"

struct db;
struct app_tx;

/* Allowed values, NULL-terminated (the API's input specs cite them). */
extern const char *const plan_statuses[];
extern const char *const plan_action_statuses[];
extern const char *const plan_weather_levels[];
extern const char *const plan_contribution_kinds[];
extern const char *const plan_qualifiers[]; /* targets' and budget lines' qualifier */

/* ---- JSON of records (plan_json.c) ---- */
/* Generic serialisation of a record through its column table. */
json_t *plan_rec_json(const struct store_table *t, const void *rec);
/* Array of the n records. */
json_t *plan_rows_json(const struct store_table *t, const struct store_rows *rows);

/* ---- access (plan_json.c) ---- */
int plan_is_staff(const struct actor *a);
/* Loads the plan if a may read it; PLAM_ERR_NOT_FOUND otherwise. */
plam_err plan_get_readable(struct db *db, const struct actor *a, int64_t plan_id, struct plan_rec *out);
/* PLAM_OK if a may edit the action (staff, or pilot of its organisation). */
plam_err plan_can_edit_action(struct db *db, const struct actor *a, int64_t action_id);

/* ---- reads (plan_read.c) ---- */
/* Plans a may read, with counts. */
plam_err plan_list_json(struct db *db, const struct actor *a, json_t **out);
/* Plan detail: axes with actions (partners, roadmap, indicators with their
 * targets, texts, figures), plan figures/texts/partners, governance. */
plam_err plan_detail_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out);
/* Indicator detail: definition, targets (all versions), validated values over
 * time (series), latest value per territory (map), and, for logged-in
 * readers, every proposed value with its review. */
plam_err plan_indicator_json(struct db *db, const struct actor *a, int64_t indicator_id, json_t **out);
/* Helpers of the JSON views built from rows: an id as an object key, a
 * child appended to parent[field] (an array made on demand; child consumed),
 * and the object of map under id's key (borrowed, or NULL). */
void plan_json_key(int64_t id, char out[24]);
int plan_json_attach(json_t *parent, const char *field, json_t *child);
json_t *plan_json_by_id(json_t *map, int64_t id);
/* Budget lines: current ones, or every version when history is set. */
plam_err plan_budget_json(struct db *db, const struct actor *a, int64_t plan_id, int history, json_t **out);
plam_err plan_contributions_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out);
/* The review queue (plan_review.c): pending values, each with its context
 * for the reviewer: "context": {"previous": the last validated value of the
 * same indicator and territory dated on or before it (else the latest), or
 * null; "target": the current final target (of its territory, else of the
 * indicator's scope) or null; "baseline" likewise; "compared": the number
 * compared (the value, or scale x numerator / denominator) or null;
 * "flags": "far_from_previous", "beyond_target" (meas_far_flags); "mine":
 * the actor proposed it (and may not validate it)}. */
plam_err plan_pending_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out);
plam_err plan_action_weather_json(struct db *db, const struct actor *a, int64_t action_id, json_t **out);

/* ---- dashboard (plan_dashboard.c) ---- */
/* Progress of every indicator, action, axis and the plan at `date`
 * ("YYYY-MM-DD"; NULL = today), each with its explanation; latest weather
 * per action; money totals per funder, axis and plan with the unit check.
 * Served from a per-process cache keyed by (plan, date, generation). */
plam_err plan_dashboard_json(struct db *db, const struct actor *a, int64_t plan_id, const char *date, json_t **out);
/* Same, as the serialised {"data": ...} envelope text (malloc'd), through the
 * cache. */
plam_err plan_dashboard_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date, char **text,
                             size_t *len);
/* The straightforward computation, never cached: every validated row of the
 * plan (measurements joined with their reviews) goes through the engine.
 * The optimised path must give the same bytes (tests and bench compare). */
plam_err plan_dashboard_reference_text(struct db *db, const struct actor *a, int64_t plan_id, const char *date,
                                       char **text, size_t *len);

/* ---- writes (plan_write.c) ---- */
/* Inside a change (app_write): bumps the plan's generation and records the
 * audit entry (takes ownership of before and after). */
plam_err plan_audit(struct app_tx *tx, int64_t plan_id, const char *action, const char *entity, int64_t id,
                    json_t *before, json_t *after);
struct plan_patch {
  const char *title, *short_title, *summary, *status; /* NULL: unchanged */
};
plam_err plan_update(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_patch *in,
                     struct field_error *fe);
struct action_patch {
  const char *objective, *description, *status; /* NULL: unchanged */
};
plam_err plan_action_update(struct db *db, const struct actor *a, int64_t action_id, const struct action_patch *in,
                            struct action_rec *out, struct field_error *fe);
struct measurement_input {
  const char *territory_id; /* NULL: the indicator's scope */
  const char *value_on;     /* YYYY-MM-DD */
  int has_value, has_ratio;
  double value, numerator, denominator;
  const char *source, *comment;
};
plam_err plan_measurement_propose(struct db *db, const struct actor *a, int64_t indicator_id,
                                  const struct measurement_input *in, struct measurement_rec *out,
                                  struct field_error *fe);
/* validate = 1: validated; 0: rejected, reason required. */
plam_err plan_measurement_review(struct db *db, const struct actor *a, int64_t measurement_id, int validate,
                                 const char *reason, struct measurement_rec *out, struct field_error *fe);
plam_err plan_weather_post(struct db *db, const struct actor *a, int64_t action_id, const char *judged_on,
                           const char *level, const char *comment, struct weather_rec *out, struct field_error *fe);
/* Budget lines. Create: replaces_id 0. Revise: a new version of line `id`
 * (decision_id required). Withdraw: a successor marked withdrawn. */
plam_err plan_budget_create(struct db *db, const struct actor *a, int64_t plan_id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe);
plam_err plan_budget_revise(struct db *db, const struct actor *a, int64_t id, struct budget_rec *in,
                            struct budget_rec *out, struct field_error *fe);
plam_err plan_budget_withdraw(struct db *db, const struct actor *a, int64_t id, int64_t decision_id,
                              struct budget_rec *out, struct field_error *fe);
plam_err plan_contribution_create(struct db *db, const struct actor *a, int64_t plan_id, int64_t action_id,
                                  const char *kind, const char *body, struct contribution_rec *out,
                                  struct field_error *fe);
plam_err plan_contribution_answer(struct db *db, const struct actor *a, int64_t id, const char *answer,
                                  struct contribution_rec *out, struct field_error *fe);

/* ---- validation helpers (plan_json.c) ---- */
/* Exactly YYYY-MM-DD and a real date. */
int plan_date_valid(const char *s);

/* ---- lookup (plan_find.c) ---- */
/* A plan given as its id (digits, not checked to exist) or its slug
 * (PLAM_ERR_NOT_FOUND when no plan has it). */
plam_err plan_find(struct db *db, const char *ref, int64_t *id);

/* ---- demo loader (plan_demo.c) ---- */
/* Loads every DIR/plans/NAME.json file (plans already present, by
 * slug, are skipped). *loaded = plans added. */
plam_err plan_demo_load_dir(struct db *db, const char *dir, int *loaded);
/* Loads the demo plans carried in the binary (base/embed.h, "demo/plans/"),
 * the same way. */
plam_err plan_demo_load_embedded(struct db *db, int *loaded);
/* Loads one plan file (format plam-demo-plan/1). */
plam_err plan_demo_load_file(struct db *db, const struct actor *a, const char *path, int *added);

#endif
