/* libFuzzer target for the recruitment CSV layouts (app/recruit/recruit_csv.c):
 * the first byte picks candidates or needs, the rest is read as a file
 * (CSV, or an XLSX workbook when it starts with the zip signature).
 * Any input either gives errors, each with its French message naming a
 * row and a column, or rows that are JSON objects carrying their line
 * number, in increasing order; never both nothing and no error past a
 * header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int needs = data[0] & 1;
  json_t *rows = NULL, *errors = NULL;
  size_t total = 0;
  plam_err e = recruit_csv_parse(needs, (const char *)data + 1, size - 1, &rows, &errors, &total);
  if (!rows || !errors) abort();
  if ((e == PLAM_OK) != (total == 0)) abort();
  if (json_array_size(errors) > total || json_array_size(errors) > RECRUIT_CSV_MAX_ERRORS) abort();
  size_t i;
  json_t *v;
  json_array_foreach(errors, i, v) {
    const char *m = json_string_value(json_object_get(v, "message"));
    /* a cell or a row names its line; an XLSX file refused as a whole says so */
    if (!m || (strncmp(m, "ligne ", 6) &&
               !(recruit_is_xlsx((const char *)data + 1, size - 1) && !strncmp(m, "fichier XLSX : ", 15))))
      abort();
  }
  json_int_t last = 0;
  json_array_foreach(rows, i, v) {
    json_int_t r = json_integer_value(json_object_get(v, "_row"));
    if (!json_is_object(v) || r <= last) abort();
    last = r;
  }
  json_decref(rows);
  json_decref(errors);
  return 0;
}
