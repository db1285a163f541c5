/* libFuzzer target for the measurement import's validation and merge
 * (meas_import_parse, app/meas_import.h) over arbitrary bytes read as CSV,
 * or as XLSX when they start like a zip, against a fixed catalog. Checks
 * what the importer promises: errors or measurements, never both; at most
 * MEAS_IMPORT_MAX_ERRORS kept and sorted by row; measurements strictly in
 * index order (indicator id, territory id, day), each with a value or a
 * complete ratio, its date text matching its day, catalog indexes in range.
 * Any breach aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan/meas_import.h"

static struct meas_ind inds[4];
static char terrs[7][12] = {"FR", "REG-52", "DEP-44", "DEP-49", "DEP-2A", "REG-27", "DEP-974"};
static struct meas_catalog cat;
/* bounds (meas_bounds.h): 12,5 is a fine percentage or amount, not a count */
#define PERCENT \
  { PROGRESS_KIND_PERCENT, PROGRESS_AGG_RATIO, 100 }
#define AMOUNT \
  { PROGRESS_KIND_AMOUNT, PROGRESS_AGG_SUM, 1 }
#define RATIO \
  { PROGRESS_KIND_RATIO, PROGRESS_AGG_RATIO, 1 }
static int ready;

static void setup(void) {
  /* ids not in code order: the merge must sort by id */
  inds[0] = (struct meas_ind){.id = 30,
                              .code = "pdl-1.1",
                              .scope_id = "REG-52",
                              .allowed = 1,
                              .action_number = "1.1",
                              .rule = PERCENT};
  inds[1] = (struct meas_ind){.id = 11,
                              .code = "pdl-1.5",
                              .scope_id = "REG-52",
                              .by_departement = 1,
                              .allowed = 1,
                              .action_number = "1.5",
                              .rule = AMOUNT};
  inds[2] = (struct meas_ind){.id = 20,
                              .code = "a-ratio",
                              .scope_id = "REG-52",
                              .by_departement = 1,
                              .allowed = 1,
                              .action_number = "2.1",
                              .rule = RATIO};
  inds[3] = (struct meas_ind){.id = 5, .code = "interdit", .scope_id = "FR", .allowed = 0, .action_number = "3.1"};
  cat = (struct meas_catalog){.inds = inds, .ninds = 4, .terrs = terrs, .nterrs = 7};
  meas_catalog_sort(&cat);
  ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready) setup();
  enum meas_format fmt = size >= 4 && !memcmp(data, "PK\3\4", 4) ? MEAS_XLSX : MEAS_CSV;
  struct meas_report r;
  plam_err e = meas_import_parse(&cat, fmt, data, size, &r);
  if (e == PLAM_ERR_NOMEM) {
    meas_report_free(&r);
    return 0;
  }
  if (e != PLAM_OK) abort();
  if (r.nerrors > MEAS_IMPORT_MAX_ERRORS || r.nerrors > r.total_errors) abort();
  for (size_t i = 1; i < r.nerrors; i++)
    if (r.errors[i].row < r.errors[i - 1].row) abort();
  for (size_t i = 0; i < r.nmeas; i++) {
    const struct meas_out *m = &r.meas[i];
    if (m->ind >= cat.ninds || m->terr >= cat.nterrs || !cat.inds[m->ind].allowed) abort();
    int ratio = (m->has & (MEAS_HAS_NUM | MEAS_HAS_DEN)) == (MEAS_HAS_NUM | MEAS_HAS_DEN);
    if (!r.total_errors && !(m->has & MEAS_HAS_VALUE) && !ratio) abort();
    char day[11];
    snprintf(day, sizeof day, "%04u-%02u-%02u", m->day / 10000, m->day / 100 % 100, m->day % 100);
    if (strcmp(day, m->date)) abort();
    if (i) {
      const struct meas_out *p = &r.meas[i - 1];
      int64_t a = cat.inds[p->ind].id, b = cat.inds[m->ind].id;
      int k = a != b ? (a < b ? -1 : 1) : strcmp(cat.terrs[p->terr], cat.terrs[m->terr]);
      if (k > 0 || (k == 0 && p->day >= m->day)) abort();
    }
  }
  meas_report_free(&r);
  return 0;
}
