/* The FINESS extract reader, the pure part (no database; fuzzed): Latin-1
 * bytes to UTF-8, the "structureet" and "geolocalisation" lines of the
 * public "extraction du fichier des établissements" into typed rows, every
 * error by line and column (docs/FORMATS.md), the FINESS category codes
 * mapped to the module's categories, and Lambert 93 coordinates converted
 * to WGS 84. estab_import.c resolves communes and writes. */
#ifndef PLAM_APP_ESTAB_ESTAB_FINESS_H
#define PLAM_APP_ESTAB_ESTAB_FINESS_H
#include <stddef.h>
#include <stdint.h>
#include "app/geo/geo_file.h"
#include "base/buf.h"
#include "store/store_estab.h"

struct finess_row {
  uint32_t line;
  char finess[10];
  char name[ESTAB_NAME_MAX * 4 + 1];
  char category[16];     /* the module's category */
  char category_code[4]; /* FINESS code (categetab) */
  char commune[6];       /* INSEE code built from département + commune */
  char departement[12];  /* DEP-xxx */
  int has_coords;        /* a Lambert 93 geolocalisation line converted */
  double lat, lon;
};

struct finess_file {
  struct finess_row *rows; /* malloc'd */
  size_t n, lines;
  size_t geo_lines, geo_other; /* geolocalisation lines; those not in Lambert 93 */
};

/* ISO-8859-1 (Latin-1) to UTF-8: every byte maps to the code point of its
 * value. Bytes 0x80-0x9F are C1 control characters in Latin-1; FINESS
 * extracts do hold Windows-1252 punctuation there (’ as 0x92), so those are
 * read as Windows-1252 where it defines them; the five bytes it leaves
 * undefined fail with *bad set to their offset. */
plam_err finess_latin1_to_utf8(const char *s, size_t len, struct buf *out, size_t *bad);

/* Lambert 93 (RGF93, EPSG:2154) metres to WGS 84 degrees (RGF93 and WGS 84
 * agree within a metre): the inverse of the Lambert conformal conic on the
 * GRS 80 ellipsoid (IGN, note NTG-71, algorithms ALG0004 and ALG0001). */
void finess_lambert93_to_wgs84(double x, double y, double *lat, double *lon);

/* The module's category of a FINESS category code ("other" when the code is
 * not in the table: docs/FORMATS.md). */
const char *finess_category(const char *code);

/* Reads the extract (already UTF-8). Returns PLAM_OK when read, whatever the
 * errors (rep->total_errors), PLAM_ERR_NOMEM otherwise. */
plam_err finess_parse(const char *data, size_t len, struct finess_file *f, struct geo_file_report *rep);
void finess_file_free(struct finess_file *f);

#endif
