/* Errors and notices of a file import (areas CSV, FINESS extract), by row
 * and column, in French: the report both readers fill and the API and the
 * command line print. At most GEO_FILE_MAX_ERRORS errors and notices are
 * kept; the rest are only counted. */
#ifndef PLAM_APP_GEO_GEO_FILE_H
#define PLAM_APP_GEO_GEO_FILE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define GEO_FILE_MAX_ERRORS 500

struct geo_file_msg {
  uint32_t row;      /* 0: the whole file */
  uint32_t col;      /* 1-based, 0: none */
  char column[48];   /* the column's documented name, "" when none */
  char message[232]; /* French */
};

struct geo_file_report {
  struct geo_file_msg *errors, *notices; /* malloc'd */
  size_t nerrors, total_errors, nnotices, total_notices;
  int nomem;
};

void geo_file_report_init(struct geo_file_report *r);
void geo_file_report_free(struct geo_file_report *r);
void geo_file_error(struct geo_file_report *r, uint32_t row, uint32_t col, const char *column, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
void geo_file_notice(struct geo_file_report *r, uint32_t row, uint32_t col, const char *column, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
/* Sorts the errors and the notices by row, then column (stable). */
void geo_file_report_sort(struct geo_file_report *r);
/* [{row, col, column, message}] of the errors or notices. */
json_t *geo_file_msgs_json(const struct geo_file_msg *m, size_t n);
/* "ligne R, colonne C (nom) : message" into out[n]. */
void geo_file_msg_text(const struct geo_file_msg *m, char *out, size_t n);

#endif
