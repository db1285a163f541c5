/* Validation results: the first field that failed and why, in French. App
 * functions fill one and return PLAM_ERR_INVALID; the API turns it into the
 * error envelope's "fields" list. */
#ifndef PLAM_BASE_FIELD_H
#define PLAM_BASE_FIELD_H
#include <stdio.h>
#include "base/error.h"

struct field_error {
  char field[48];
  char message[200];
};

/* Records (field, message) and returns PLAM_ERR_INVALID. fe may be NULL. */
static inline plam_err field_fail(struct field_error *fe, const char *field, const char *message) {
  if (fe) {
    snprintf(fe->field, sizeof fe->field, "%s", field);
    snprintf(fe->message, sizeof fe->message, "%s", message);
  }
  return PLAM_ERR_INVALID;
}

#endif
