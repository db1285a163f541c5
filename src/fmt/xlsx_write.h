/* Writing XLSX workbooks: thin helpers over libxlsxwriter for exports, the
 * committee workbooks and the COPIL pack.
 *
 * A writer makes one workbook file. Sheets are added in order and the last
 * one added is the one written to; names are made valid for Excel (at most 31
 * characters, none of [ ] : * ? / \, unique ignoring case) so any action or
 * axis title can be used. Rows and columns are 0-based as in libxlsxwriter.
 * The header row is bold on a light blue-grey background with a border,
 * wraps, is frozen and gets an autofilter. Numbers take one of a few French
 * formats (integer, decimal, euros, percent where 0.25 shows as 25 %, date
 * shown dd/mm/yyyy). Text is written as text, never as a formula, so a cell
 * that starts with '=' cannot run in the reader's spreadsheet. Text must be
 * valid UTF-8 and at most 32,767 characters (Excel's limit).
 *
 * Errors are sticky: after the first failure later calls do nothing and
 * xlsx_writer_close, which writes the file and frees the writer, returns it. */
#ifndef PLAM_FMT_XLSX_WRITE_H
#define PLAM_FMT_XLSX_WRITE_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

enum xlsx_fmt {
  XLSX_FMT_GENERAL = 0,
  XLSX_FMT_INTEGER,     /* # ##0 */
  XLSX_FMT_DECIMAL,     /* # ##0,00 */
  XLSX_FMT_EUROS,       /* # ##0 € */
  XLSX_FMT_EUROS_CENTS, /* # ##0,00 € */
  XLSX_FMT_PERCENT,     /* 0,0 % of a ratio */
  XLSX_FMT_DATE,        /* dd/mm/yyyy */
  XLSX_FMT__COUNT
};

struct xlsx_writer;

/* Starts a workbook that xlsx_writer_close will write to path. */
plam_err xlsx_writer_open(const char *path, struct xlsx_writer **out);
/* Sets the document title and author shown in the file's properties. */
void xlsx_writer_properties(struct xlsx_writer *w, const char *title, const char *author);
/* Adds a sheet and makes it current. The name actually used (after making it
 * valid and unique) is copied to used (if not NULL, at least 128 bytes). */
void xlsx_writer_sheet(struct xlsx_writer *w, const char *name, char *used, size_t used_size);
/* Writes the header row at row: titles[0..n) from column 0, styled, frozen,
 * with an autofilter over those columns. */
void xlsx_writer_header(struct xlsx_writer *w, uint32_t row, const char *const *titles, size_t n);
/* Header-styled cells at row from column 0, without freezing or filtering:
 * the titles of a second table in a sheet, or a section label (n = 1). */
void xlsx_writer_titles(struct xlsx_writer *w, uint32_t row, const char *const *titles, size_t n);
/* Text cell (NULL or "" leaves the cell empty). */
void xlsx_writer_text(struct xlsx_writer *w, uint32_t row, uint16_t col, const char *s);
/* Number cell in a format (XLSX_FMT_DATE takes an Excel serial). */
void xlsx_writer_number(struct xlsx_writer *w, uint32_t row, uint16_t col, double v, enum xlsx_fmt fmt);
/* Date cell from "YYYY-MM-DD" (NULL or "" leaves the cell empty). */
void xlsx_writer_date(struct xlsx_writer *w, uint32_t row, uint16_t col, const char *iso);
/* Width of columns first..last, in characters. */
void xlsx_writer_col_width(struct xlsx_writer *w, uint16_t first, uint16_t last, double width);
/* Editable columns first..last of the current sheet (width in characters):
 * unlocked and on a light yellow background, so that once the sheet is
 * protected only they can be typed into. */
void xlsx_writer_editable_cols(struct xlsx_writer *w, uint16_t first, uint16_t last, double width);
/* Protects the current sheet without a password (sorting, filtering and
 * resizing columns stay allowed): a guide against mistakes, not a security
 * boundary, so readers must still check the protected cells. */
void xlsx_writer_protect(struct xlsx_writer *w);
/* Writes the file and frees the writer (w may be NULL). Returns the first
 * error: PLAM_ERR_INVALID (bad text, date or sheet), PLAM_ERR_TOO_LARGE
 * (text too long, row or column out of range), PLAM_ERR_IO, PLAM_ERR_NOMEM. */
plam_err xlsx_writer_close(struct xlsx_writer *w);

#endif
