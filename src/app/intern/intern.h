/* Internship sites, interns' evaluations, alerts and the yearly review
 * (issue 12). Public header of src/app/intern/.
 *
 * Sites (intern_sites.c): a unit or service of an establishment (tables
 * establishments and establishment_units) with its programme, specialty,
 * capacity per semester, accreditation dates and status. The status changes
 * only through reasoned decisions (suspend, withdraw, reinstate, accredit:
 * who, when, why), kept as the site's history. Staff create a campaign's
 * posts from the accredited sites of a semester (intern_campaign_posts): one
 * post per site through the campaign module's own rules, none for a
 * suspended or withdrawn site.
 *
 * Evaluations (intern_eval.c, intern_oppi*.c): an intern fills the grid for
 * the site and semester staff recorded them on (intern_assignments); an OPPI
 * export is imported whole or not at all. Free text waits for moderation.
 * Results are aggregates under the disclosure rule of intern_rules.h, over
 * closed semesters; identities are never shown.
 *
 * Alerts (intern_alerts.c) are raised in the write that brings the answers
 * (or training's dropout lines naming the site: app/train) that make a rule
 * fire; each has an owner, a status and
 * its actions. The number of sites under alert becomes a measurement of a
 * plan indicator through the training module's linked indicators (metric
 * sites_under_alert: after each training write and every --measure-tick).
 *
 * Reviews (intern_review.c): per site and university year, the year's
 * aggregates, alerts, dropouts, corrective actions and, if it comes to that,
 * a suspension or withdrawal. Programmes (the interns' working-life pilot)
 * are tracked actions whose results are shown to the interns'
 * representatives (role partner) once shared.
 *
 * Who sees what (roles.c): intern.read (sites, IPA offers), intern.results
 * (aggregates, reviews, shared programme results: staff, institutes for
 * faculties and coordinators, partners for the interns' representatives),
 * intern.evaluate (an intern's own grid), intern.manage and intern.alerts
 * (staff). */
#ifndef PLAM_APP_INTERN_INTERN_H
#define PLAM_APP_INTERN_INTERN_H
#include <jansson.h>
#include <stddef.h>
#include "app/access/audit.h"
#include "app/intern/intern_rules.h"
#include "base/field.h"
#include "store/store_intern.h"

extern const char *const intern_programmes[];
extern const char *const intern_site_statuses[];
extern const char *const intern_decisions[];
extern const char *const intern_moderations[];
extern const char *const intern_alert_statuses[];
extern const char *const intern_review_statuses[];
extern const char *const intern_review_decisions[];
extern const char *const intern_action_kinds[];
extern const char *const intern_action_statuses[];

struct isite_input {
  int64_t establishment_id, unit_id, capacity;
  int has_establishment, has_unit, has_capacity;
  const char *label, *programme, *specialty, *accredited_from, *accredited_to; /* NULL: unchanged */
  int chu;                                                                     /* -1: unchanged */
};

/* sites */
plam_err intern_sites_list(struct db *db, const struct actor *a, json_t **out);
/* IPA offers grouped by département: [{departement, name, sites: [...]}]. */
plam_err intern_ipa_offers(struct db *db, const struct actor *a, json_t **out);
/* The same offers on a map (intern_map.c): {offers, regions: [{id, name,
 * departements: [{id, code, name, offers, places, centroid: [lon, lat],
 * points: [[lon, lat], ...]}]}]}: every département of each région that has
 * an accredited IPA site, drawn from the shipped commune centroids. */
plam_err intern_ipa_map(struct db *db, const struct actor *a, json_t **out);
plam_err intern_site_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err intern_site_create(struct db *db, const struct actor *a, const struct isite_input *in, json_t **out,
                            struct field_error *fe);
plam_err intern_site_update(struct db *db, const struct actor *a, int64_t id, const struct isite_input *in,
                            json_t **out, struct field_error *fe);
/* decision: suspend, withdraw, reinstate, accredit (accredit may move the
 * accreditation's end: until, "" = unchanged). */
plam_err intern_site_decide(struct db *db, const struct actor *a, int64_t id, const char *decision,
                            const char *decided_on, const char *reason, const char *until, json_t **out,
                            struct field_error *fe);
/* Staff record that the account login was on site_id in semester. */
plam_err intern_assign(struct db *db, const struct actor *a, int64_t site_id, const char *semester, const char *login,
                       json_t **out, struct field_error *fe);
/* Posts of campaign_id from the sites accredited for the whole semester:
 * {created: [...], skipped: [{site_id, reason}]}. */
plam_err intern_campaign_posts(struct db *db, const struct actor *a, int64_t campaign_id, const char *semester,
                               json_t **out, struct field_error *fe);

/* evaluations */
struct ieval_input {
  const char *semester, *comment;
  int64_t supervision, conditions, hours, rest_taken, training_half_days, non_medical, respect;
  int harassment;
};
/* The actor's assignments with whether each is evaluated and still open. */
plam_err intern_my_evaluations(struct db *db, const struct actor *a, json_t **out);
plam_err intern_evaluate(struct db *db, const struct actor *a, const struct ieval_input *in, json_t **out,
                         struct field_error *fe);
plam_err intern_moderation_list(struct db *db, const struct actor *a, json_t **out);
plam_err intern_moderate(struct db *db, const struct actor *a, int64_t eval_id, const char *decision, json_t **out,
                         struct field_error *fe);
plam_err intern_semesters(struct db *db, const struct actor *a, json_t **out);
plam_err intern_semester_close(struct db *db, const struct actor *a, const char *semester, json_t **out,
                               struct field_error *fe);
/* A site's published results: years and semesters under the disclosure rule. */
plam_err intern_results(struct db *db, const struct actor *a, int64_t site_id, json_t **out);
/* Every site's published results (the benchmark's read). */
plam_err intern_results_all(struct db *db, const struct actor *a, json_t **out);

/* OPPI import: PLAM_ERR_INVALID with *errors (French, by row and column)
 * when any row is wrong, nothing written. */
plam_err intern_oppi_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **out,
                            json_t **errors, struct field_error *fe);

/* rules and alerts */
plam_err intern_rules_list(struct db *db, const struct actor *a, json_t **out);
struct irule_input {
  const char *code, *authority, *owner_login; /* NULL: unchanged; owner "" = none */
  double threshold;
  int has_threshold, enabled; /* enabled -1: unchanged */
};
plam_err intern_rule_update(struct db *db, const struct actor *a, const struct irule_input *in, json_t **out,
                            struct field_error *fe);
plam_err intern_alerts_list(struct db *db, const struct actor *a, const char *status, json_t **out);
plam_err intern_alert_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
/* An action on an alert: a note, optionally a new status and owner. */
plam_err intern_alert_act(struct db *db, const struct actor *a, int64_t id, const char *status, const char *note,
                          const char *owner_login, json_t **out, struct field_error *fe);
/* Inside a write: judges the dropouts rule for every site and rentrée year
 * that training's dropout lines name (a site's dropouts are those lines;
 * app/train calls it after each write of dropouts). */
struct app_tx;
plam_err intern_dropouts_check_tx(struct app_tx *tx);

/* reviews and actions */
plam_err intern_reviews_list(struct db *db, const struct actor *a, json_t **out);
plam_err intern_review_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err intern_review_create(struct db *db, const struct actor *a, int64_t site_id, const char *year, json_t **out,
                              struct field_error *fe);
struct ireview_input {
  const char *status, *conclusion, *decision, *reason; /* NULL: unchanged; reason for a decision */
};
plam_err intern_review_update(struct db *db, const struct actor *a, int64_t id, const struct ireview_input *in,
                              json_t **out, struct field_error *fe);
struct iaction_input {
  const char *kind, *title, *owner, *due_on, *status, *follow_up, *results;
  int64_t review_id;
  int shared; /* -1: unchanged */
};
plam_err intern_programmes_list(struct db *db, const struct actor *a, json_t **out);
plam_err intern_action_create(struct db *db, const struct actor *a, const struct iaction_input *in, json_t **out,
                              struct field_error *fe);
plam_err intern_action_update(struct db *db, const struct actor *a, int64_t id, const struct iaction_input *in,
                              json_t **out, struct field_error *fe);

/* Demo: sites in Pays de la Loire, a closed year of answers, an alert, a
 * review and the pilot programme (idempotent). */
plam_err intern_demo_load(struct db *db);

#endif
