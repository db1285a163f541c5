/* The areas CSV file, the pure part (no database; fuzzed): one row per
 * commune, "code zone;nom zone;type;code commune" (docs/FORMATS.md), a header
 * line first. Separator ';' (or ',' or tab, detected), UTF-8 or
 * Windows-1252 (converted). Every cell is checked and every error recorded by
 * row and column; within the file an area code keeps one name and one kind,
 * and a commune is in at most one area of each kind. Kinds read as the
 * module's codes (employment, ars, other) or in French (emploi, ars, autre). */
#ifndef PLAM_APP_GEO_GEO_CSV_H
#define PLAM_APP_GEO_GEO_CSV_H
#include <stddef.h>
#include <stdint.h>
#include "app/geo/geo_file.h"
#include "store/store_geo.h"

struct geo_area_row {
  uint32_t row;
  char code[GEO_AREA_CODE_MAX + 1]; /* ASCII */
  char name[GEO_NAME_MAX * 4 + 1];
  char kind[16];
  char commune[6];
};

/* Reads data[0..len) into *rows (malloc'd, *n of them; free with free()).
 * Returns PLAM_OK when the file was read, whatever errors it held (see
 * rep->total_errors), PLAM_ERR_NOMEM otherwise. */
plam_err geo_areas_csv_parse(const char *data, size_t len, struct geo_area_row **rows, size_t *n,
                             struct geo_file_report *rep);

#endif
