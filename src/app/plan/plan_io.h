/* A plan's data in and out (issue 3, "Data in and out"): measurement import
 * (validated in full, then proposed in one transaction as one batch with one
 * audit entry) and the IATI 2.03 export.
 * Format pieces live in csv.h, xlsx_read.h, xlsx_write.h and iati.h; the
 * rules here decide what is read and written, and who may. */
#ifndef PLAM_APP_PLAN_PLAN_IO_H
#define PLAM_APP_PLAN_PLAN_IO_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "app/plan/meas_import.h"
#include "base/buf.h"

struct db;

/* ---- measurement import (plan_import.c) ---- */
struct plan_import_result {
  char batch[64];
  size_t rows, measurements;
  int cp1252;
};
/* Reads the file against the plan's indicators (a pilot: only those of the
 * actions their organisation pilots) and, if it holds no error, proposes
 * every measurement in one write transaction. PLAM_ERR_INVALID when the file
 * has errors: they are in *rep and nothing was written. The caller frees
 * *rep with meas_report_free in every case. */
plam_err plan_measurements_import(struct db *db, const struct actor *a, int64_t plan_id, enum meas_format fmt,
                                  const void *data, size_t len, const char *filename, struct meas_report *rep,
                                  struct plan_import_result *res);
/* {"errors":[{"row","column","message"}...], "errors_total": N}; when some
 * were left out, a last entry "… et N autres erreurs". */
json_t *plan_import_errors_json(const struct meas_report *rep);
/* The format of an upload from its Content-Type and first bytes. */
enum meas_format plan_import_sniff(const char *content_type, const void *data, size_t len);

/* ---- IATI (plan_iati.c) ---- */
/* The plan's results (one per action with indicators: baseline, targets and
 * latest validated values) and budgets as an IATI 2.03 document. */
plam_err plan_iati_xml(struct db *db, const struct actor *a, int64_t plan_id, struct buf *out, struct field_error *fe);

#endif
