/* OPPI evaluation exports, the pure part (fuzzed: tests/fuzz/
 * fuzz_intern_oppi.c): reads a CSV file into typed rows, or every error by
 * row and column in French, never some of each. OPPI's real export format
 * is not public: plam defines the column layout below (docs/FORMATS.md,
 * "Évaluations OPPI"), which the region's OPPI export is mapped onto.
 *
 * Columns, found by their header (first row, any order, case ignored):
 * identifiant (the answer's id in OPPI, 1 to 64 characters, unique), terrain
 * (plam's site number), semestre (AAAA-05 or AAAA-11), encadrement (0 = no
 * supervisor .. 4), conditions (1..4), heures (per week, 0..120),
 * repos de garde (oui, non, sans objet), demi-journees (training half-days
 * per week, 0..10), taches non medicales (1 never .. 4 most of the time),
 * respect (1..4), harcelement (oui or non); commentaire optional (at most
 * 2000 characters). Every column but commentaire is required. */
#ifndef PLAM_APP_INTERN_INTERN_OPPI_H
#define PLAM_APP_INTERN_INTERN_OPPI_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define OPPI_MAX_ERRORS 200
#define OPPI_MAX_ROWS 100000

struct oppi_row {
  uint32_t row;
  char ref[65], semester[8];
  int64_t site_id, supervision, conditions, hours, rest_taken, training_half_days, non_medical, respect;
  int harassment;
  char *comment; /* malloc'd, "" when none */
};

struct oppi_error {
  uint32_t row, col; /* 0: not tied to one */
  char message[240];
};

struct oppi_report {
  struct oppi_row *rows;
  size_t nrows, caprows;
  struct oppi_error *errors;
  size_t nerrors, total_errors;
};

/* PLAM_OK when the file was read (check total_errors), PLAM_ERR_NOMEM. */
plam_err oppi_parse(const char *data, size_t len, struct oppi_report *r);
/* Adds an error (kept up to OPPI_MAX_ERRORS, then only counted). */
void oppi_error_add(struct oppi_report *r, uint32_t row, uint32_t col, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
void oppi_report_free(struct oppi_report *r);

#endif
