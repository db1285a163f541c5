/* SQL of the plan's data in and out (issue 3, "Data in and out"): the lean
 * bulk insert of imported measurements. The import runs it once per
 * measurement inside one write transaction, on the connection's cached
 * prepared statement, so a million rows cost a million steps and no parse.
 * Like store.h: the caller owns the transaction. */
#ifndef PLAM_STORE_STORE_PLAN_IO_H
#define PLAM_STORE_STORE_PLAN_IO_H
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

struct store_meas_import {
  int64_t indicator_id;
  const char *territory_id, *value_on;       /* YYYY-MM-DD */
  int has_value, has_ratio;
  double value, numerator, denominator;
  const char *source, *comment;              /* NULL -> SQL NULL */
  int64_t author_id;                         /* 0 -> NULL */
  const char *batch;
  const char *created_at;                    /* one time for the batch; NULL: now */
};

/* Page cache of this connection for a bulk write: large (on) so that the
 * b-tree and index pages of a million-row insert stay in memory and reach the
 * WAL once at commit instead of being spilled and rewritten; back to
 * SQLite's default (off). */
plam_err store_bulk_cache(struct db *db, int on);
plam_err store_meas_import_insert(struct db *db, const struct store_meas_import *m);
/* Number of measurements of a batch (tests, reports). */
plam_err store_meas_batch_count(struct db *db, const char *batch, int64_t *n);

#endif
