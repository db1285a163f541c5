/* libFuzzer target for the FINESS extract reader (app/estab/estab_finess.h):
 * the bytes go through the Latin-1 conversion, then the reader. Every kept
 * row must carry a FINESS number that passes the check, a name, a category
 * of the module, a five-character commune code and a DEP-xx département;
 * converted coordinates must be finite; every error has a message and a row
 * the file can hold. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/estab/estab.h"
#include "app/estab/estab_finess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct buf utf8;
  buf_init(&utf8, size * 3 + 16);
  size_t bad = 0;
  if (finess_latin1_to_utf8((const char *)data, size, &utf8, &bad)) {
    if (bad >= size) abort();
    buf_release(&utf8);
    return 0;
  }
  struct finess_file f;
  struct geo_file_report rep;
  geo_file_report_init(&rep);
  if (finess_parse(utf8.data ? utf8.data : "", utf8.len, &f, &rep) == PLAM_OK) {
    size_t lines = 1;
    for (size_t i = 0; i < utf8.len; i++) lines += utf8.data[i] == '\n';
    for (size_t i = 0; i < rep.nerrors; i++)
      if (!rep.errors[i].message[0] || rep.errors[i].row > lines) abort();
    for (size_t i = 0; i < f.n; i++) {
      const struct finess_row *r = &f.rows[i];
      if (estab_finess_check(r->finess) || !r->name[0] || strlen(r->commune) != 5) abort();
      if (strncmp(r->departement, "DEP-", 4)) abort();
      int known = 0;
      for (int k = 0; estab_categories[k]; k++) known |= !strcmp(estab_categories[k], r->category);
      if (!known) abort();
      if (r->has_coords && (!isfinite(r->lat) || !isfinite(r->lon))) abort();
    }
    finess_file_free(&f);
  }
  geo_file_report_free(&rep);
  buf_release(&utf8);
  return 0;
}
