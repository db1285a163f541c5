/* CSV in and out, and the row type shared with the XLSX reader.
 *
 * Import code sees every tabular file as a stream of struct table_row given
 * to a callback, whatever the format: csv_read here, xlsx_read_sheet in
 * xlsx_read.h. A row carries its number as the user sees it (the line of a
 * CSV file where the record starts, the row of a sheet), its cells as
 * NUL-terminated UTF-8 strings (column 1 is cells[0]), and for each cell a
 * kind (text, number, date...) that the XLSX reader knows and CSV does not.
 * Errors found while reading are written to a struct table_error in French,
 * naming the row and the column ("ligne 12, colonne 3 : ...").
 *
 * The CSV reader follows RFC 4180 (quoted fields, doubled quotes, CRLF, LF or
 * CR line ends, a field may hold line breaks) and what French spreadsheet
 * exports do: a UTF-8 byte order mark is skipped, the separator (';', ',' or
 * tab) is detected from the header line when not given, and a file that is
 * not valid UTF-8 is read as Windows-1252 and converted (reported in
 * csv_info.encoding) unless it also holds valid multi-byte UTF-8, in which
 * case it is a damaged UTF-8 file and the first bad byte is an error. Blank
 * lines are skipped. Field size, column count and row count are bounded.
 *
 * csv_parse_number reads a French or English number ("1 234,5", "1234.5",
 * "-3", "2,5E-3"); csv_parse_scaled reads one exactly as an integer scaled
 * by 10^decimals (euros to cents). The writer quotes only when needed,
 * separates with ';' by default, ends lines with CRLF and may start with a
 * byte order mark so that Excel opens it as UTF-8; its formula guard
 * prefixes text starting with = + - @ with an apostrophe, which
 * csv_field_unguard removes on the way back in. */
#ifndef PLAM_FMT_CSV_H
#define PLAM_FMT_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/error.h"

/* ---- rows shared by the CSV and XLSX readers ----------------------------- */

enum table_cell_kind {
  TABLE_CELL_EMPTY = 0,
  TABLE_CELL_TEXT,   /* CSV cells that are not empty are all text */
  TABLE_CELL_NUMBER, /* text is the number as stored ("1234.5") */
  TABLE_CELL_DATE,   /* date-formatted number: text is YYYY-MM-DD[THH:MM:SS] */
  TABLE_CELL_BOOL,   /* text is "1" or "0" */
  TABLE_CELL_ERROR,  /* spreadsheet error such as "#DIV/0!" */
};

struct table_row {
  size_t row;                        /* 1-based line (CSV) or sheet row (XLSX) */
  size_t ncols;                      /* cells[0..ncols-1]; trailing empties kept in CSV */
  const char *const *cells;          /* NUL-terminated UTF-8, never NULL */
  const size_t *lens;                /* byte length of each cell */
  const enum table_cell_kind *kinds; /* kind of each cell */
  const double *numbers;             /* numeric value when kind is NUMBER or DATE (XLSX), else 0 */
};

/* Called once per non-blank row. Returning anything but PLAM_OK stops the
 * reading and that code is returned by the reader. */
typedef plam_err (*table_row_fn)(void *ctx, const struct table_row *row);

struct table_error {
  size_t row;        /* 0 when the error is not tied to a row */
  size_t col;        /* 1-based, 0 when not tied to a column */
  char message[240]; /* French, names the row and column */
};

/* Fills e (if not NULL) with "ligne R, colonne C : what" and returns err. */
plam_err table_error_set(struct table_error *e, plam_err err, size_t row, size_t col, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));

/* ---- reader -------------------------------------------------------------- */

#define CSV_DEFAULT_MAX_FIELD (64u * 1024u)
#define CSV_DEFAULT_MAX_COLS 256u
#define CSV_DEFAULT_MAX_ROWS 5000000u

enum csv_encoding { CSV_ENC_UTF8 = 0, CSV_ENC_CP1252 };

struct csv_options {
  char sep;         /* ';', ',' or '\t'; 0 = detect from the first line */
  size_t max_field; /* bytes per field after unquoting; 0 = default */
  size_t max_cols;  /* 0 = default */
  size_t max_rows;  /* non-blank rows, header included; 0 = default */
};

struct csv_info {
  char sep;                   /* separator used */
  bool bom;                   /* a UTF-8 byte order mark was skipped */
  enum csv_encoding encoding; /* CP1252 when the file was converted */
  size_t rows;                /* rows given to the callback */
};

/* Reads data[0..len) and calls fn for each non-blank row. opt, info and err
 * may be NULL. Returns PLAM_ERR_INVALID (malformed file), PLAM_ERR_TOO_LARGE
 * (a limit was passed), PLAM_ERR_NOMEM, or the callback's error. */
plam_err csv_read(const char *data, size_t len, const struct csv_options *opt, table_row_fn fn, void *ctx,
                  struct csv_info *info, struct table_error *err);

/* Reads a whole file of at most max_bytes and parses it with csv_read. */
plam_err csv_read_file(const char *path, size_t max_bytes, const struct csv_options *opt, table_row_fn fn, void *ctx,
                       struct csv_info *info, struct table_error *err);

/* Converts Windows-1252 to UTF-8 into out (reset first). Bytes that
 * Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) fail with
 * PLAM_ERR_INVALID and *bad set to their offset. */
plam_err csv_cp1252_to_utf8(const char *s, size_t len, struct buf *out, size_t *bad);

/* ---- numbers ------------------------------------------------------------- */

/* Parses a number: optional sign, digits with optional thousands groups
 * separated by a space, a no-break space or a narrow no-break space, one
 * decimal separator ',' or '.', an optional exponent. Leading and trailing
 * spaces are ignored. "1,234.5" and "1.234,5" are refused (ambiguous), as are
 * empty strings, inf and nan. Returns PLAM_ERR_INVALID on anything else. */
plam_err csv_parse_number(const char *s, double *out);

/* Same grammar without exponent, returned exactly as value x 10^decimals in
 * an int64 (decimals 0..9). More fractional digits than decimals are refused
 * rather than rounded ("12,345" with decimals 2). */
plam_err csv_parse_scaled(const char *s, int decimals, int64_t *out);

/* ---- writer -------------------------------------------------------------- */

struct csv_writer {
  struct buf *out; /* bounded by the caller */
  char sep;
  bool guard_formulas; /* prefix ' to text starting with = + - @ TAB CR */
  size_t col;          /* fields written on the current row */
  bool last_empty;     /* the last field written was empty */
  plam_err err;        /* first error; later calls do nothing */
};

/* sep 0 means ';'. With bom, writes EF BB BF first. */
void csv_writer_init(struct csv_writer *w, struct buf *out, char sep, bool bom, bool guard_formulas);
/* Writes one text field (NULL is an empty field), quoted when needed. */
void csv_write_field(struct csv_writer *w, const char *s);
/* Writes a number with the given decimals (0..9), decimal comma when
 * decimal_comma, no thousands separator ("1234,50"): csv_parse_number reads it. */
void csv_write_number(struct csv_writer *w, double v, int decimals, bool decimal_comma);
/* Ends the row with CRLF. */
void csv_write_end_row(struct csv_writer *w);
/* PLAM_OK or the first error met (PLAM_ERR_TOO_LARGE when out is full). */
plam_err csv_writer_status(const struct csv_writer *w);

/* Returns s without the apostrophe the formula guard added, else s. */
const char *csv_field_unguard(const char *s);

#endif
