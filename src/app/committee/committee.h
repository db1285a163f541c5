/* Territorial committee workbooks (issue 3): one pre-filled XLSX workbook per
 * territorial committee (gov_bodies of kind 'territorial' with a
 * département), one row per (action, indicator) that applies to that
 * territory, that comes back filled and is turned into a cell-level diff to
 * review, then approved (its new values proposed as one batch of
 * measurements, like an import) or discarded.
 *
 * The pure part (committee_diff.c) knows the workbook's columns and
 * compares an uploaded sheet with the current rows; committee_book.c writes
 * the workbook; committee.c holds the rules that touch the database (who may,
 * stale check, audit). A pilot sees and changes only the rows of actions
 * their organisation pilots; staff and admin every row. */
#ifndef PLAM_APP_COMMITTEE_COMMITTEE_H
#define PLAM_APP_COMMITTEE_COMMITTEE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "base/error.h"
#include "store/store_committee_row.h"

#define COMMITTEE_MAX_ERRORS 500u
#define COMMITTEE_MAX_COMMENT 1000u
#define COMMITTEE_SHEET "Valeurs"

/* Columns of the data sheet, in order: identification and known values
 * (protected) first, then the three editable columns. */
enum committee_col {
  CC_ACTION_ID = 0,
  CC_INDICATOR_ID,
  CC_TERRITORY,
  CC_ACTION_NUMBER,
  CC_ACTION_TITLE,
  CC_INDICATOR_CODE,
  CC_INDICATOR_NAME,
  CC_UNIT,
  CC_REF_TERRITORY,
  CC_BASELINE,
  CC_BASELINE_ON,
  CC_TARGET,
  CC_TARGET_ON,
  CC_LAST,
  CC_LAST_ON,
  CC_NEW_VALUE,
  CC_NEW_ON,
  CC_COMMENT,
  CC__N
};
#define COMMITTEE_FIRST_EDITABLE CC_NEW_VALUE
/* French header of each column. */
extern const char *const committee_headers[CC__N];

/* struct committee_row, one row of a committee's workbook (the current
 * state), and COMMITTEE_MAX_ROWS are in store/store_committee_row.h: the
 * store fills the rows. */

/* Canonical text of a protected cell of row r ("" for an empty cell). */
void committee_cell_text(const struct committee_row *r, int col, char *out, size_t n);
/* What an approval checks has not changed since the upload: the known
 * values of the row (baseline, target, last validated value and its id). */
void committee_row_fingerprint(const struct committee_row *r, char *out, size_t n);

struct committee_error {
  uint32_t row; /* sheet row (1 = header), 0 when not tied to a row */
  int col;      /* enum committee_col, -1 when not tied to a column */
  char message[320];
};

/* A new value to propose: row index in the current rows, sheet row. */
struct committee_change {
  uint32_t row;
  size_t idx;
  double value;
  char value_on[11];
  char *comment; /* malloc'd, NULL when empty */
};

struct committee_diff {
  size_t rows; /* data rows read */
  struct committee_change *changes;
  size_t nchanges, capchanges;
  struct committee_error *errors; /* at most COMMITTEE_MAX_ERRORS */
  size_t nerrors, total_errors;
};

/* Compares the uploaded workbook (XLSX bytes) with the current rows
 * rows[0..n) (sorted by committee_rows_sort). Every problem becomes an
 * error with its row and column; changes are the rows whose editable cells
 * hold a new value. Returns PLAM_OK when the file was read, whatever errors
 * it held; PLAM_ERR_NOMEM on allocation failure. */
plam_err committee_diff_compute(const struct committee_row *rows, size_t n, const void *data, size_t len,
                                struct committee_diff *d);
void committee_diff_free(struct committee_diff *d);
/* Sorts rows by (indicator id, territory) for the lookups of the diff. */
void committee_rows_sort(struct committee_row *rows, size_t n);
/* {"cells":[{row, column, column_name, old, new, indicator_id, indicator_code, indicator, territory_id,
 * action_id, action_number}], "errors":[{row, column, message}], "errors_total": N,
 * "changes":[{row, action_id, indicator_id, territory_id, value, value_on, comment, fingerprint}]} */
json_t *committee_diff_json(const struct committee_row *rows, const struct committee_diff *d);

/* ---- workbook (committee_book.c) ---- */
/* Writes the workbook of rows[0..n) (in display order) to a malloc'd buffer. */
plam_err committee_book_write(const char *title, const struct committee_row *rows, size_t n, char **out,
                              size_t *out_len);

/* ---- rules over the database (committee.c) ---- */
struct db;
/* The workbook of a territorial committee for a (staff: every row; pilot:
 * the rows of their actions). *name receives a file name (128 bytes). */
plam_err committee_workbook(struct db *db, const struct actor *a, int64_t body_id, char **out, size_t *out_len,
                            char name[128], struct field_error *fe);
/* Stores an upload with its diff; *out is the upload's JSON. */
plam_err committee_upload(struct db *db, const struct actor *a, int64_t body_id, const void *data, size_t len,
                          const char *file_name, json_t **out, struct field_error *fe);
plam_err committee_upload_json(struct db *db, const struct actor *a, int64_t upload_id, json_t **out);
/* Proposes the upload's new values in one transaction (one batch, one audit
 * entry); PLAM_ERR_CONFLICT when a row's known values changed since upload,
 * PLAM_ERR_FORBIDDEN when a row belongs to an action the actor does not pilot. */
plam_err committee_approve(struct db *db, const struct actor *a, int64_t upload_id, json_t **out,
                           struct field_error *fe);
plam_err committee_discard(struct db *db, const struct actor *a, int64_t upload_id, json_t **out,
                           struct field_error *fe);
/* Territorial committees the actor may use, with their plan and territory. */
plam_err committee_list_json(struct db *db, const struct actor *a, json_t **out);

#endif
