/* libFuzzer target for the dropout CSV (app/train/train.h,
 * train_csv_parse): any bytes are read as a file. Either errors (each with a
 * message, a row the file can hold, at most the cap kept) or rows that obey
 * every rule the import relies on: a valid UAI, a known programme, years and
 * counts in their ranges, a cause when there are dropouts, one enrolled
 * count per cohort, no line twice, no more dropouts than enrolled. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/access/text.h"
#include "app/train/train.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 256 * 1024) return 0;
  struct train_csv_report r;
  if (train_csv_parse((const char *)data, size, &r) != PLAM_OK) {
    train_csv_free(&r);
    return 0;
  }
  if (r.nerrors > TRAIN_CSV_MAX_ERRORS || r.nerrors > r.total_errors) abort();
  for (size_t i = 0; i < r.nerrors; i++)
    if (!r.errors[i].message[0]) abort();
  if (!r.total_errors && !r.nrows) abort(); /* an empty file is an error */
  for (size_t i = 0; !r.total_errors && i < r.nrows; i++) {
    const struct train_csv_row *x = &r.rows[i];
    if (!train_uai_valid(x->uai) || !text_in(x->programme, train_programme_codes)) abort();
    if (x->year < 2000 || x->year > 2100 || x->study_year < 1 || x->study_year > 9) abort();
    if (x->enrolled < 0 || x->enrolled > 100000 || x->dropouts < 0 || x->dropouts > x->enrolled) abort();
    if (x->dropouts > 0 && !text_in(x->cause, train_causes)) abort();
    int64_t total = x->dropouts;
    for (size_t k = 0; k < i; k++) {
      const struct train_csv_row *p = &r.rows[k];
      if (strcmp(p->uai, x->uai) || strcmp(p->programme, x->programme) || p->year != x->year ||
          p->study_year != x->study_year)
        continue;
      if (p->enrolled != x->enrolled) abort();
      if (!strcmp(p->cause, x->cause) && p->internship == x->internship) abort();
      total += p->dropouts;
    }
    if (total > x->enrolled) abort();
  }
  train_csv_free(&r);
  return 0;
}
