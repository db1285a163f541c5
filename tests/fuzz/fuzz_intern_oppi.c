/* libFuzzer target for the OPPI evaluation import (app/intern/intern_oppi.h):
 * any bytes are read as a file. Either rows or errors come out, never both
 * kept with a success; every kept row respects the grid's ranges and the
 * schema's limits (identifier 1..64 bytes, a valid semester, comment at most
 * 2000 characters); identifiers are unique; every error has a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/intern/intern_oppi.h"
#include "app/intern/intern_rules.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct oppi_report r;
  if (oppi_parse((const char *)data, size, &r) != PLAM_OK) {
    oppi_report_free(&r);
    return 0;
  }
  if (r.nerrors > r.total_errors || r.nerrors > OPPI_MAX_ERRORS) abort();
  for (size_t i = 0; i < r.nerrors; i++)
    if (!r.errors[i].message[0]) abort();
  if (!r.total_errors && !r.nrows) abort(); /* an empty file is an error */
  for (size_t i = 0; i < r.nrows; i++) {
    const struct oppi_row *o = &r.rows[i];
    size_t rl = strlen(o->ref);
    if (rl < 1 || rl > 64 || !intern_semester_valid(o->semester) || o->site_id < 1) abort();
    if (o->supervision < 0 || o->supervision > 4 || o->conditions < 1 || o->conditions > 4 || o->hours < 0 ||
        o->hours > 120 || o->rest_taken < 0 || o->rest_taken > 2 || o->training_half_days < 0 ||
        o->training_half_days > 10 || o->non_medical < 1 || o->non_medical > 4 || o->respect < 1 || o->respect > 4)
      abort();
    if (!o->comment || utf8_count(o->comment) > 2000) abort();
    if (!r.total_errors)
      for (size_t j = 0; j < i; j++)
        if (!strcmp(r.rows[j].ref, o->ref)) abort();
  }
  oppi_report_free(&r);
  return 0;
}
