/* Reading XLSX workbooks (Office Open XML spreadsheets) with libzip and
 * expat, for imports: the same struct table_row callback as the CSV reader
 * (csv.h), so import code does not care which format came in.
 *
 * xlsx_open finds the workbook through _rels/.rels, its sheets (names in
 * workbook.xml, parts through workbook.xml.rels), the shared strings and the
 * cell styles (to tell dates from numbers). xlsx_read_sheet streams a sheet:
 * one callback per row that has a non-empty cell, cells dense from column A
 * (cells[0]) to the last non-empty one. A cell's text is the shared or inline
 * string, the number as stored ("1234.5"), "1"/"0" for booleans, the error
 * ("#N/A"), or, for a number in a date format, the date as YYYY-MM-DD (with
 * THH:MM:SS when it has a time) with kind TABLE_CELL_DATE and the serial in
 * numbers[]. Formulas are not evaluated: their cached value is read.
 *
 * Everything is bounded against hostile files (zip bombs): the number of zip
 * entries, each XML part's uncompressed size (checked against the zip
 * directory and again while inflating) and compression ratio, the number of
 * shared strings and their total size, each string's length, the number of
 * cells and the column count. DTDs and entities are refused. Errors go to a
 * struct table_error in French, naming the sheet row and column when the
 * problem is a cell. Dates: Excel's 1900 system counts the nonexistent
 * 1900-02-29 (serial 60), which xlsx_serial_to_date refuses and skips over;
 * the 1904 system is read from workbook.xml. */
#ifndef PLAM_FMT_XLSX_READ_H
#define PLAM_FMT_XLSX_READ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fmt/csv.h"
#include "base/error.h"

struct xlsx_limits {
  size_t max_part;          /* uncompressed bytes of one XML part; default 128 MiB */
  size_t max_ratio;         /* uncompressed/compressed for parts over 1 MiB; default 400 */
  size_t max_entries;       /* zip entries; default 10,000 */
  size_t max_strings_bytes; /* all shared strings together; default 64 MiB */
  size_t max_string;        /* one string, bytes; default 128 KiB (32,767 chars in UTF-8) */
  size_t max_cells;         /* non-empty cells read from one sheet; default 20,000,000 */
  size_t max_cols;          /* last column; default 1024 */
  size_t max_sheets;        /* default 256 */
};

struct xlsx_book;

/* Opens a workbook held in data[0..len), which must outlive the book. lim
 * and err may be NULL. PLAM_ERR_INVALID for a file that is not a workbook,
 * PLAM_ERR_TOO_LARGE when a limit is passed. */
plam_err xlsx_open(const void *data, size_t len, const struct xlsx_limits *lim, struct xlsx_book **out,
                   struct table_error *err);
/* Reads a file of at most max_bytes and opens it (the book owns the bytes). */
plam_err xlsx_open_file(const char *path, size_t max_bytes, const struct xlsx_limits *lim, struct xlsx_book **out,
                        struct table_error *err);
void xlsx_close(struct xlsx_book *b);

size_t xlsx_sheet_count(const struct xlsx_book *b);
/* Name of sheet i (0-based, workbook order), NULL past the end. */
const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i);
/* Index of the sheet with that exact name, or -1. */
long xlsx_sheet_find(const struct xlsx_book *b, const char *name);
/* True when the workbook uses the 1904 date system. */
bool xlsx_date1904(const struct xlsx_book *b);

/* Streams sheet i to fn (see above). Returns fn's error if it stops. */
plam_err xlsx_read_sheet(struct xlsx_book *b, size_t i, table_row_fn fn, void *ctx, struct table_error *err);

/* "B12" -> row 12, col 2 (1-based); "$B$12" accepted. Column at most XFD
 * (16384), row at most 1,048,576. */
plam_err xlsx_cell_ref_parse(const char *ref, uint32_t *row, uint32_t *col);
/* 1 -> "A", 28 -> "AB"; out holds at least 4 bytes. */
void xlsx_col_name(uint32_t col, char out[4]);

/* Excel serial to "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" when the serial has
 * a time of day (rounded to the second); out holds at least 20 bytes.
 * PLAM_ERR_INVALID for serial 60 in the 1900 system (1900-02-29, which never
 * existed), before the epoch, after 9999-12-31, or not finite. */
plam_err xlsx_serial_to_date(double serial, bool date1904, char out[20]);
/* "YYYY-MM-DD" to its Excel serial in the 1900 or 1904 system. */
plam_err xlsx_date_to_serial(const char *iso, bool date1904, double *out);

#endif
