/* Measurement import, the pure part: reads a long-format CSV or XLSX file
 * (one value per row) against a catalog of the plan's indicators and of the
 * known territories, and either returns every measurement it would propose
 * or every error it found, never some of each. Nothing here touches the
 * database: app/plan_import.c loads the catalog, calls meas_import_parse and
 * only writes when the report holds no error.
 *
 * Columns, found by their header (first row, any order, case and accents
 * ignored): indicateur (indicator code), territoire (FR, REG-52, DEP-44 or
 * a bare département code 44 / 2A / 974), date (AAAA-MM-JJ, JJ/MM/AAAA or an
 * Excel date), type (valeur, numerateur or denominateur; empty means
 * valeur), valeur (French or English number); optional source and
 * commentaire. Rows of one (indicator, territory, date) are merged into one
 * measurement: a numerator needs its denominator; a type given twice for the
 * same key is an error naming the first row. Each number is checked against
 * its indicator's bounds (meas_bounds.h) on its own row, and a merged
 * measurement across its parts (a percentage's numerator at most its
 * denominator) on its first row. The measurements come out in
 * the order of the measurements index (indicator id, territory id, date),
 * the order they are best inserted in: the valid rows are collected as they
 * are read, then sorted (radix, stable: a key's rows stay in file order) and
 * merged, which also finds the duplicates, instead of a hash probe per row.
 *
 * Errors carry the row the user sees (CSV line, sheet row), the column name
 * and a French message; at most MEAS_IMPORT_MAX_ERRORS are kept, the rest
 * only counted. */
#ifndef PLAM_APP_PLAN_MEAS_IMPORT_H
#define PLAM_APP_PLAN_MEAS_IMPORT_H
#include <stddef.h>
#include <stdint.h>
#include "app/plan/meas_bounds.h"
#include "base/error.h"

#define MEAS_IMPORT_MAX_ERRORS 1000
#define MEAS_IMPORT_MAX_ROWS 5000000u

/* An indicator of the plan, as the importer sees it. */
struct meas_ind {
  int64_t id;
  char code[65];
  char scope_id[12];  /* territory targets apply to */
  int by_departement; /* breakdown 'departement': one of where[] */
  char (*where)[12];  /* by_departement: where it is measured (plan_where.h); NULL: any territory */
  size_t nwhere;
  int allowed;            /* the importing user may propose values for it */
  char action_number[16]; /* for the scoping message */
  struct meas_rule rule;  /* what its definition allows (meas_bounds.h) */
};

/* Indicators sorted by code and territory ids sorted (strcmp), as
 * meas_catalog_sort leaves them. */
struct meas_catalog {
  struct meas_ind *inds;
  size_t ninds;
  char (*terrs)[12];
  size_t nterrs;
};
void meas_catalog_sort(struct meas_catalog *c);

struct meas_error {
  uint32_t row;    /* 0: not tied to a row */
  uint32_t seq;    /* order found, to keep one row's errors in column order */
  char column[16]; /* "" when not tied to a column */
  char message[232];
};

/* One measurement to propose. Strings point into the report's own storage.
 * In the report, sorted by indicator id, territory id (strcmp), date. */
struct meas_out {
  uint32_t ind;  /* index in the catalog */
  uint32_t terr; /* index in the catalog */
  uint32_t row;  /* first row that gave it */
  uint32_t day;  /* YYYYMMDD */
  uint8_t has;   /* MEAS_HAS_* bits */
  double value, numerator, denominator;
  char date[11];
  const char *source, *comment; /* NULL when not given */
};
enum { MEAS_HAS_VALUE = 1, MEAS_HAS_NUM = 2, MEAS_HAS_DEN = 4 };

struct meas_report {
  struct meas_out *meas; /* malloc'd */
  size_t nmeas;
  size_t rows;               /* data rows read (header excluded) */
  struct meas_error *errors; /* malloc'd, at most MEAS_IMPORT_MAX_ERRORS */
  size_t nerrors;            /* kept */
  size_t total_errors;       /* kept + only counted */
  int cp1252;                /* the CSV was Windows-1252, converted */
  /* internal */
  char **strings;
  size_t nstrings, capstrings;
};

enum meas_format { MEAS_CSV = 0, MEAS_XLSX };

/* Reads data[0..len) in the given format against the catalog. Returns
 * PLAM_OK when the file was read, whatever errors it held (check
 * r->total_errors), PLAM_ERR_NOMEM on allocation failure. */
plam_err meas_import_parse(const struct meas_catalog *c, enum meas_format fmt, const void *data, size_t len,
                           struct meas_report *r);
void meas_report_free(struct meas_report *r);

/* "DEP-44", "44", "2a", "REG-52", "fr" -> canonical id into out (12 bytes);
 * checked against the catalog. 0 when unknown. Index in *idx. */
int meas_territory_resolve(const struct meas_catalog *c, const char *s, char out[12], uint32_t *idx);
/* A number cell as csv_parse_number reads it (same double), with a fast path
 * for plain decimals. */
plam_err meas_parse_number(const char *s, double *out);

#endif
