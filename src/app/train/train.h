/* Training (issue 12, "Places and sessions", "Apprenticeship", "Dropouts"):
 * institutes with their UAI and FINESS, capacity per programme, institute,
 * year and route with the announced increases, targets (increases split by
 * département, medicine intake), short qualifying sessions for job seekers,
 * apprenticeship contracts and their follow-up, dropouts by cause (CSV
 * import) and the prevention actions of sheet 2.4; and the training figures
 * that become measurements of the plan's indicators (train_measure.c).
 *
 * Every entity is read and written by the same table-driven functions: a
 * field table per entity (train_fields.c) says which JSON keys a write takes,
 * their kind, limits and allowed values; train_save checks the input against
 * it, applies the entity's rules (who may touch which row, cross-field rules)
 * and writes through the write bracket with its audit entry. Institute
 * accounts act on the institutes their organisation manages; plan staff on
 * everything. Lists of allowed values are defined here once and cited by the
 * route specs and the migration's CHECKs. */
#ifndef PLAM_APP_TRAIN_TRAIN_H
#define PLAM_APP_TRAIN_TRAIN_H
#include <jansson.h>
#include <stddef.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store_train.h"

struct db;

extern const char *const train_institute_kinds[],
  *const train_routes[], *const train_target_kinds[],
                           *const train_target_routes[],
                             *const train_audiences[], *const train_apprentice_statuses[],
                                                         *const train_employments[], *const train_causes[],
                                                                                       *const train_action_kinds[],
                                                                                         *const train_action_statuses[],
                                                                                           *const train_metrics[];

/* The programme nomenclature (data/ref/programmes.csv): code, French label,
 * kind of diploma, the text that defines it and how that citation was
 * checked (verified where, corrected, partly verified, or not applicable). */
struct train_programme {
  const char *code, *label, *diploma, *source, *verification;
};
extern const struct train_programme train_programmes[];
extern const int train_programmes_count;
extern const char *const train_programme_codes[]; /* NULL-terminated, for the route specs */

/* The source every measurement this module proposes carries. */
#define TRAIN_SOURCE "plam — formation"

/* UAI (ex-RNE): 7 digits and a check letter, the remainder of the 7-digit
 * number divided by 23 as a letter of ABCDEFGHJKLMNPRSTUVWXYZ (no I, O, Q).
 * train_uai_key returns the letter of 7 digits ('\0' when they are not 7
 * digits); train_uai_valid says whether s is such a code (upper case). */
char train_uai_key(const char *digits7);
int train_uai_valid(const char *s);

/* Dropout rate in percent of dropouts over enrolled (0 when enrolled is 0),
 * to one decimal. */
double train_rate(double dropouts, double enrolled);

/* List filters from the query: every member optional. */
struct train_query {
  const char *territory, *programme;
  int64_t institute_id, year;
};

/* A list of one entity as the actor may see it (institutes: their own
 * organisation's rows only). */
plam_err train_list(struct db *db, const struct actor *a, enum train_entity e, const struct train_query *q,
                    json_t **out);
/* One row, with, for an apprentice, its notes. */
plam_err train_get(struct db *db, const struct actor *a, enum train_entity e, int64_t id, json_t **out);
/* Creates (id 0) or updates the row from in, a JSON object whose keys are
 * those of the entity's field table (absent on update: unchanged; null:
 * cleared). parent_id: the apprentice of a note. */
plam_err train_save(struct db *db, const struct actor *a, enum train_entity e, int64_t id, int64_t parent_id,
                    json_t *in, json_t **out, struct field_error *fe);
/* One dropout line with its history: the audit entries of its hand
 * corrections, newest first (among the module's latest 1,000 dropout
 * entries), and the import that wrote it is the audit's "import" entry. */
plam_err train_dropout_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
/* Deletes a row (links only). */
plam_err train_delete(struct db *db, const struct actor *a, enum train_entity e, int64_t id);

/* Capacity against targets per (département or région, programme, year,
 * route): places, increase, filled and fill rate beside the targets. */
plam_err train_capacity_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out);
/* Sessions with their fill, and totals per year. */
plam_err train_session_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out);
/* Dropout lines and, per (institute, programme, year), enrolled, dropouts,
 * rate, counts by cause and those with an internship involved. */
plam_err train_dropout_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out);

/* ---- dropout import (train_dropout_csv.c pure, train_dropout_import.c) ---- */
#define TRAIN_CSV_MAX_ERRORS 200
struct train_csv_error {
  uint32_t row;
  char column[64]; /* a header as read (up to 63 bytes) */
  char message[240];
};
struct train_csv_row {
  uint32_t row;
  char uai[9], programme[17], cause[16];
  int64_t year, study_year, enrolled, dropouts;
  int internship;
  int64_t site_id; /* the internship site involved, 0: none named */
};
struct train_csv_report {
  struct train_csv_row *rows; /* malloc'd */
  size_t nrows;
  struct train_csv_error *errors; /* malloc'd, at most TRAIN_CSV_MAX_ERRORS */
  size_t nerrors, total_errors;
};
/* Reads the CSV (docs/FORMATS.md, "Ruptures de formation") into rows, or
 * every error by row and column; pure. PLAM_OK when the file was read
 * (check total_errors), PLAM_ERR_NOMEM. */
plam_err train_csv_parse(const char *data, size_t len, struct train_csv_report *r);
void train_csv_free(struct train_csv_report *r);
/* Adds an error (row, column, French message), counted past the cap. */
void train_csv_error(struct train_csv_report *r, uint32_t row, const char *column, const char *message);
json_t *train_csv_errors_json(const struct train_csv_report *r);
/* Parses, resolves every UAI (an institute the actor may act for) and, when
 * nothing is wrong, replaces the cohorts and dropouts of each (institute,
 * programme, year) the file names, in one write transaction with one audit
 * entry; otherwise PLAM_ERR_INVALID with the errors in *rep and nothing
 * written. The caller frees *rep. */
plam_err train_dropouts_import(struct db *db, const struct actor *a, const char *data, size_t len, const char *filename,
                               struct train_csv_report *rep, json_t **out);

/* ---- measurements of the plan's indicators (train_measure.c) ---- */
/* Inside a write transaction: for every link, computes its figure for every
 * year with data and every territory (the indicator's scope, and its
 * départements when it is broken down by département), and proposes, as one
 * batch with the source TRAIN_SOURCE, each value that differs from the last
 * one this module proposed for the same indicator, territory and date; one
 * audit entry for the batch. *proposed: how many. */
struct app_tx;
plam_err train_measure_tx(struct app_tx *tx, int *proposed);
/* The scheduler's step (plam serve --measure-tick): computes, in a read,
 * what the links would propose and, only when something changed (alerts
 * raised or closed on internship sites, for sites_under_alert), proposes it
 * in its own write as the system ("plam : calcul périodique des mesures");
 * nothing changed: no write. *proposed: how many. */
plam_err train_measure_tick(struct db *db, int *proposed);
/* The same in its own write transaction (plam staff: "Recalculer"). */
plam_err train_measure_now(struct db *db, const struct actor *a, json_t **out);

/* Demo data for Pays de la Loire (plam init --demo). */
plam_err train_demo_load(struct db *db);

#endif
