/* CSV layouts of a campaign's posts and candidates, the pure part: reading a
 * file into typed rows with every error by row and column (French), and
 * writing the lists back in the same layout, so an export is a valid import.
 * Nothing here touches the database: app/campaign_csv_io.c resolves
 * organisations, territories and accounts, then writes everything in one
 * transaction or nothing.
 *
 * Columns are found by their header (first row, any order, case, accents and
 * punctuation ignored; see the tables in campaign_csv.c and docs/FORMATS.md).
 * Posts: code, libellé, organisation, territoire, capacité (required);
 * phase, spécialité, fragile, places réservées subdivision, réservé CESP
 * (optional). Candidates: rang (required), identifiant and/or nom (one of
 * them per row), ancienneté, phase, spécialité, CESP, subdivision (optional).
 * Phase and spécialité (eligibility, migration 0008) are at most 100
 * characters and 128 bytes; empty = no rule / no value. Yes/no cells read oui/non, 1/0,
 * vrai/faux, x; an empty cell is the default (non; subdivision: oui).
 * Within the file a post code, an account login, or the name of a candidate
 * without account may appear only once. At most CCSV_MAX_ERRORS errors are
 * kept, the rest only counted. */
#ifndef PLAM_APP_CAMPAIGN_CAMPAIGN_CSV_H
#define PLAM_APP_CAMPAIGN_CAMPAIGN_CSV_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/error.h"
#include "store/store_campaign.h"

#define CCSV_MAX_ERRORS 500

enum ccsv_kind { CCSV_POSTS = 0, CCSV_CANDIDATES };

/* One post row; strings are malloc'd, owned by the report. */
struct ccsv_post {
  uint32_t row;
  char *code, *label, *org, *phase, *specialty;
  char territory[12]; /* canonical DEP-xx (existence checked by the caller) */
  int64_t capacity, reserved;
  int fragile, cesp_only;
};

/* One candidate row; login "" = no account, name "" = the account's name. */
struct ccand_row {
  uint32_t row;
  char *login, *name, *phase, *specialty;
  int64_t rank, seniority;
  int cesp, subdivision;
};

struct ccsv_error {
  uint32_t row;      /* 0: not tied to a row */
  uint32_t col;      /* 1-based file column, 0: none */
  uint32_t seq;      /* order found */
  char column[48];   /* header name as documented, "" when none */
  char message[232]; /* French */
};

struct ccsv_report {
  enum ccsv_kind kind;
  struct ccsv_post *posts;   /* kind CCSV_POSTS */
  struct ccand_row *cands;   /* kind CCSV_CANDIDATES */
  size_t n, cap;             /* rows whose cells are all valid */
  size_t rows;               /* data rows read */
  struct ccsv_error *errors; /* malloc'd, at most CCSV_MAX_ERRORS */
  size_t nerrors, total_errors;
  int cp1252;     /* the file was Windows-1252, converted */
  int colmap[12]; /* internal: 0-based file column of each layout column, -1 absent */
};

/* Reads data[0..len). Returns PLAM_OK when the file was read, whatever
 * errors it held (check r->total_errors), PLAM_ERR_NOMEM otherwise. The
 * errors are sorted by row, then file column, then in the order found. */
plam_err ccsv_parse(enum ccsv_kind kind, const char *data, size_t len, struct ccsv_report *r);
void ccsv_report_free(struct ccsv_report *r);

/* Adds an error naming a column of the layout (col_index: ccsv column index
 * of the kind, -1 for none) at the file column where it was found. */
void ccsv_error_add(struct ccsv_report *r, uint32_t row, int col_index, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* Sorts the errors by row, file column (none first), then order found. */
void ccsv_errors_sort(struct ccsv_report *r);

/* Column indexes, for ccsv_error_add. */
enum {
  CCSV_P_CODE = 0,
  CCSV_P_LABEL,
  CCSV_P_ORG,
  CCSV_P_PHASE,
  CCSV_P_SPECIALTY,
  CCSV_P_TERRITORY,
  CCSV_P_FRAGILE,
  CCSV_P_CAPACITY,
  CCSV_P_RESERVED,
  CCSV_P_CESP,
  CCSV_P__N
};
enum {
  CCSV_C_LOGIN = 0,
  CCSV_C_NAME,
  CCSV_C_RANK,
  CCSV_C_SENIORITY,
  CCSV_C_PHASE,
  CCSV_C_SPECIALTY,
  CCSV_C_CESP,
  CCSV_C_SUBDIVISION,
  CCSV_C__N
};

/* Writes the lists in the import layout (UTF-8 with BOM, ';', CRLF, formula
 * guard). out is bounded by the caller. */
plam_err ccsv_write_posts(struct buf *out, const struct cpost_rec *p, int n);
plam_err ccsv_write_cands(struct buf *out, const struct ccand_rec *c, int n);

#endif
