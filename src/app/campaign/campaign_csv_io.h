/* CSV import and export of a campaign's posts and candidates (staff only):
 * the database side of app/campaign_csv.h. An import parses the whole file
 * first (outside the write lock), then, in one write transaction, resolves
 * every row (organisation by exact name, département, account by login),
 * matches it to an existing record (post by code; candidate by account, or
 * by name for a candidate without account) and collects every error; only
 * a file without any error is written: new rows created, changed rows
 * updated (an optional column absent from the file keeps the existing
 * value), identical rows left alone, and one audit entry (action
 * "import_posts" or "import_candidates" on the campaign) lists what was
 * created and updated. Nothing is deleted. An export writes the lists in
 * the import layout, so exporting then importing changes nothing. */
#ifndef PLAM_APP_CAMPAIGN_CAMPAIGN_CSV_IO_H
#define PLAM_APP_CAMPAIGN_CAMPAIGN_CSV_IO_H
#include <jansson.h>
#include "app/access/audit.h"
#include "app/campaign/campaign_csv.h"

struct ccsv_result {
  size_t rows, created, updated, unchanged;
  int cp1252;
};

/* Imports data[0..len) (file name for the audit, may be NULL). On
 * PLAM_ERR_INVALID with rep->total_errors > 0 the report says why and
 * nothing was written. The caller frees rep with ccsv_report_free whatever
 * the result. */
plam_err campaign_csv_import(struct db *db, const struct actor *a, int64_t campaign_id, enum ccsv_kind kind,
                             const char *data, size_t len, const char *filename, struct ccsv_report *rep,
                             struct ccsv_result *res);

/* {"errors": [{"row", "col", "column", "message"}], "errors_total": N}. */
json_t *ccsv_errors_json(const struct ccsv_report *rep);

/* Writes the list into out (bounded by the caller). */
plam_err campaign_csv_export(struct db *db, const struct actor *a, int64_t campaign_id, enum ccsv_kind kind,
                             struct buf *out);

#endif
