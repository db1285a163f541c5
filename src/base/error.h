/* One error enum for the whole program. Every function that can fail returns
 * a plam_err; PLAM_OK is 0. error.c holds the single table that maps each code
 * to an HTTP status, a stable machine code for the JSON API and a French
 * message for users. Adding an error means adding one row there. */
#ifndef PLAM_BASE_ERROR_H
#define PLAM_BASE_ERROR_H
#include <stddef.h>

typedef enum plam_err {
  PLAM_OK = 0,
  PLAM_ERR_NOMEM,             /* allocation failed or a hard memory cap was hit */
  PLAM_ERR_INVALID,           /* input is malformed or fails validation */
  PLAM_ERR_NOT_FOUND,         /* no such resource */
  PLAM_ERR_CONFLICT,          /* unique constraint, stale version, duplicate */
  PLAM_ERR_UNAUTHENTICATED,   /* no valid session */
  PLAM_ERR_BAD_CREDENTIALS,   /* login or password wrong */
  PLAM_ERR_FORBIDDEN,         /* authenticated but not allowed */
  PLAM_ERR_CSRF,              /* missing or wrong CSRF token / Origin */
  PLAM_ERR_TOO_LARGE,         /* body or field over its limit */
  PLAM_ERR_METHOD,            /* route exists, method does not */
  PLAM_ERR_MEDIA_TYPE,        /* unsupported Content-Type */
  PLAM_ERR_THROTTLED,         /* too many attempts */
  PLAM_ERR_DISABLED,          /* account disabled */
  PLAM_ERR_READ_ONLY,         /* server is in read-only mode */
  PLAM_ERR_BUSY,              /* database locked or capacity exhausted */
  PLAM_ERR_DB,                /* database error */
  PLAM_ERR_IO,                /* file or socket error */
  PLAM_ERR_USAGE,             /* command-line usage error */
  PLAM_ERR_INTERNAL,          /* bug: should not happen */
  PLAM_ERR_FILE_TYPE,         /* upload whose Content-Type is not the expected file format */
  PLAM_ERR_TIMEOUT,           /* the request did not arrive whole in time */
  PLAM_ERR_URI_TOO_LONG,      /* request line over the header limit */
  PLAM_ERR_HEADERS_TOO_LARGE, /* request head over the header limit */
  PLAM_ERR_HTTP_VERSION,      /* HTTP version other than 1.0 and 1.1 */
  PLAM_ERR_UNVERIFIED,        /* account whose e-mail address is not verified yet (cand) */
  PLAM_ERR__COUNT
} plam_err;

/* HTTP status for an error (200 for PLAM_OK). */
int error_http_status(plam_err e);
/* Stable snake_case code used in the JSON API ("not_found"). Static string. */
const char *error_code(plam_err e);
/* French message for users. Static string. */
const char *error_message(plam_err e);
/* French message of a 429 that says how long to wait (seconds, rounded up to
 * minutes from two minutes on) into out[n]. */
void error_wait_message(char *out, size_t n, long long seconds);
/* Process exit code for the CLI (0 ok, 1 runtime failure, 2 usage, 3 data). */
int error_exit_code(plam_err e);

#endif
