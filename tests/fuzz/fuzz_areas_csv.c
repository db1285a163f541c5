/* libFuzzer target for the areas CSV reader (app/geo/geo_csv.h): every kept
 * row has a code of the allowed shape, a name within its limit, a kind of the
 * module and a commune code of the INSEE shape; within the kept rows a
 * commune is in at most one area of each kind only when the reader reported
 * no error; errors carry a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/geo/geo.h"
#include "app/geo/geo_csv.h"
#include "base/utf8.h"

static int text_in_kind(const char *k) {
  for (int i = 0; geo_area_kinds[i]; i++)
    if (!strcmp(geo_area_kinds[i], k)) return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct geo_area_row *rows = NULL;
  size_t n = 0;
  struct geo_file_report rep;
  geo_file_report_init(&rep);
  if (geo_areas_csv_parse((const char *)data, size, &rows, &n, &rep) == PLAM_OK) {
    for (size_t i = 0; i < rep.nerrors; i++)
      if (!rep.errors[i].message[0]) abort();
    for (size_t i = 0; i < n; i++) {
      const struct geo_area_row *r = &rows[i];
      if (!r->code[0] || strlen(r->code) > GEO_AREA_CODE_MAX || !r->name[0] || utf8_count(r->name) > 200) abort();
      if (!text_in_kind(r->kind) || !geo_code_shape(r->commune)) abort();
    }
    if (!rep.total_errors)
      for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && j < i + 64; j++)
          if (!strcmp(rows[i].commune, rows[j].commune) && !strcmp(rows[i].kind, rows[j].kind)) abort();
  }
  free(rows);
  geo_file_report_free(&rep);
  return 0;
}
