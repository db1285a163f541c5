/* SQL of the plan's data in and out (issue 3, "Data in and out"): the
 * bulk insert of a batch of measurements (a file import, an approved
 * committee workbook) as one INSERT … SELECT over the caller's rows
 * (plam_rows, db.h), so a million rows cost one statement run and no copy of
 * their texts. A row names its batch by id and takes its time (the batch row
 * holds its name, author and time). Like store.h: the caller owns the
 * transaction. */
#ifndef PLAM_STORE_STORE_PLAN_IO_H
#define PLAM_STORE_STORE_PLAN_IO_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

struct store_meas_import {
  int64_t indicator_id;
  const char *territory_id, *value_on; /* YYYY-MM-DD */
  int has_value, has_ratio;
  double value, numerator, denominator;
  const char *source, *comment; /* NULL -> SQL NULL */
};

/* Page cache of this connection for a bulk write: large (on) so that the
 * b-tree and index pages of a million-row insert stay in memory and reach the
 * WAL once at commit instead of being spilled and rewritten; back to
 * SQLite's default (off). */
plam_err store_bulk_cache(struct db *db, int on);
/* Row i (0 <= i < n, asked once each, in order) of a batch insert; strings
 * must live until store_meas_import_all returns. */
typedef void (*store_meas_row_fn)(void *ud, size_t i, struct store_meas_import *out);
/* Inserts n measurements of one batch (author_id, batch_id; the rows take
 * the batch's time) in a single INSERT … SELECT over plam_rows (db.h), in the
 * order given: one statement run instead of one per row. */
plam_err store_meas_import_all(struct db *db, size_t n, store_meas_row_fn fn, void *ud, int64_t author_id,
                               int64_t batch_id);
/* A new batch named name (unique), brought now by author_id (0: nobody);
 * its id in *id. */
plam_err store_meas_batch_create(struct db *db, const char *name, int64_t author_id, int64_t *id);
/* The parents a bulk insert without per-row foreign key checks names: *ok is
 * 1 when every indicator id, territory id and the author (0: none) exist.
 * Run inside the write transaction that inserts the rows. */
plam_err store_meas_parents_exist(struct db *db, const int64_t *indicator_ids, size_t ninds,
                                  const char (*territories)[12], size_t nterrs, int64_t author_id, int *ok);

/* The latest measurement this source proposed for (indicator, territory)
 * dated from since to value_on (YYYY-MM-DD, both included; since = value_on:
 * that date only), the latest date first: *found, and its value / numerator
 * / denominator (has_* flags). Used by the modules that feed indicators
 * (app/plan/plan_feed.h). */
struct store_meas_prev {
  int found, has_value, has_ratio;
  double value, numerator, denominator;
};
plam_err store_meas_prev(struct db *db, int64_t indicator_id, const char *territory, const char *since,
                         const char *value_on, const char *source, struct store_meas_prev *out);

#endif
