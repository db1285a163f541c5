/* Helpers shared inside the internships module (not for other layers). */
#ifndef PLAM_APP_INTERN_INTERN_INT_H
#define PLAM_APP_INTERN_INTERN_INT_H
#include "app/access/write.h"
#include "app/intern/intern.h"
#include "store/store_intern.h"

int intern_is_staff(const struct actor *a);
/* Roles that read aggregates and reviews (intern.results). */
int intern_reads_results(const struct actor *a);
/* A record as JSON through its column table (plan_rec_json), NULL on ENOMEM. */
json_t *intern_rec_json(const struct store_table *t, const void *rec);
json_t *intern_rows_json(const struct store_table *t, const struct store_rows *rows);
json_t *intern_site_json(const struct isite_rec *s);
/* "YYYY-MM-DD" and a real date. */
int intern_date_ok(const char *s);
/* Checks that a site's status may take a decision, and applies it. */
plam_err intern_decide_tx(struct app_tx *tx, int64_t site_id, const char *decision, const char *decided_on,
                          const char *reason, const char *until, int64_t review_id);
/* Re-evaluates the alert rules of site_id for semester (and its year's
 * dropouts when semester is NULL and year is given), raising or updating
 * alerts in the running write. */
plam_err intern_alerts_check_tx(struct app_tx *tx, int64_t site_id, const char *semester, const char *year);
/* One site's view of cells (sorted by semester) under the disclosure rule:
 * {years: [...]} with closed[] semesters. */
json_t *intern_site_results_json(const struct icell *cells, int n, char (*closed)[8], int nclosed);
/* The aggregate of one cell (or of a sum of cells) as JSON. */
json_t *intern_cell_json(const struct icell *c);

/* The grid's checks and copy into r (comment_status from the comment),
 * shared by the intern's grid and the OPPI import. */
plam_err intern_eval_fill(struct ieval_rec *r, const struct ieval_input *in, struct field_error *fe);

#endif
