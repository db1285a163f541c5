/* Validation results: the first field that failed and why, in French. App
 * functions fill one and return PLAM_ERR_INVALID; the API turns it into the
 * error envelope's "fields" list. */
#ifndef PLAM_BASE_FIELD_H
#define PLAM_BASE_FIELD_H
#include <stdio.h>
#include "base/error.h"

/* message holds the longest message passed in whole (never cut): the
 * allocation engine's error, path and reason, up to 576 bytes
 * (campaign_run.c); a caller with a longer one checks it fits. */
struct field_error {
  char field[48];
  char message[640];
};

/* Bytes of a message that lists the allowed values (text_enum, the input
 * specs' enumerations): a longer list is shortened in the message, never in
 * the check. */
#define FIELD_LIST_MESSAGE 200

/* Records (field, message) and returns PLAM_ERR_INVALID. fe may be NULL. */
static inline plam_err field_fail(struct field_error *fe, const char *field, const char *message) {
  if (fe) {
    snprintf(fe->field, sizeof fe->field, "%s", field);
    snprintf(fe->message, sizeof fe->message, "%s", message);
  }
  return PLAM_ERR_INVALID;
}

#endif
