/* Plan structure in and out (issue 3): a plan's organisations, axes,
 * actions, partners, roadmap, indicators, targets, figures and texts as
 * tables with French headers, written as an XLSX workbook (one sheet per
 * table) or as one CSV file (each table a block under its own header row,
 * first column "type de ligne"), and read back from either to create a new
 * draft plan. The export is a valid import: exporting, importing and
 * exporting again gives the same tables. Layout: docs/FORMATS.md.
 *
 * The pipeline has one model, struct ps_book (rows of text cells per table,
 * in the schema's column order, with the row the user sees):
 *   export  database -> book (plan_struct_export.c) -> CSV or XLSX bytes
 *   import  bytes -> book (plan_struct_read.c, pure, fuzzed) -> checks and
 *           records -> one write transaction with one audit entry
 *           (plan_struct_import.c). Any error: nothing is written and the
 *           report lists each error by sheet, row and column in French.
 * Not part of the structure: measurements, weather, budget lines,
 * governance and contributions (the plan's life, not its shape); target
 * revisions (only current targets are exported); the plan's status (an
 * import always creates a draft). */
#ifndef PLAM_APP_PLAN_PLAN_STRUCT_H
#define PLAM_APP_PLAN_PLAN_STRUCT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "base/buf.h"
#include "base/error.h"

struct db;

/* ---- schema (plan_struct_schema.c) --------------------------------------- */

enum ps_table_id {
  PS_PLAN = 0,
  PS_ORGS,
  PS_AXES,
  PS_ACTIONS,
  PS_PARTNERS,
  PS_ROADMAP,
  PS_INDICATORS,
  PS_TARGETS,
  PS_FIGURES,
  PS_TEXTS,
  PS__COUNT
};
enum ps_kind { PS_TEXT = 0, PS_NUM, PS_INT, PS_DATE, PS_BOOL, PS_ENUM, PS_LIST /* space-separated ids */ };

/* A code stored in the database and its French label (what files show). */
struct ps_enum {
  const char *code, *label;
};

struct ps_col {
  const char *header; /* French, as in the file */
  enum ps_kind kind;
  const struct ps_enum *en; /* PS_ENUM: {NULL, NULL}-terminated */
  int required;
  size_t max; /* bytes */
};

#define PS_MAX_COLS 20
struct ps_table {
  const char *name; /* sheet name, CSV "type de ligne" */
  const struct ps_col *cols;
  int ncols;
};
extern const struct ps_table ps_tables[PS__COUNT];

/* Label of a code ("" when code is ""; the code itself when unknown). */
const char *ps_enum_label(const struct ps_enum *en, const char *code);
/* Code of a label or code, compared ignoring case, accents and spaces; NULL
 * when unknown. */
const char *ps_enum_code(const struct ps_enum *en, const char *text);
/* Folds s into out: ASCII lower case, common French accents removed,
 * spaces, '-', '_' and '\'' dropped ("Type d'organisation" -> "typedorganisation"). */
void ps_fold(const char *s, char *out, size_t n);

/* ---- the model ------------------------------------------------------------ */

#define PS_MAX_ROWS 50000u /* all tables together */

struct ps_row {
  uint32_t line;            /* row the user sees (sheet row, CSV line) */
  char *cells[PS_MAX_COLS]; /* schema order; NULL = empty */
};
struct ps_book {
  struct ps_row *rows[PS__COUNT];
  size_t n[PS__COUNT], cap[PS__COUNT];
  size_t total;
};
void ps_book_free(struct ps_book *b);
/* Appends an empty row (cells NULL) to table t. NULL on allocation failure. */
struct ps_row *ps_book_add(struct ps_book *b, enum ps_table_id t, uint32_t line);
/* Sets a cell to a copy of s (NULL or "" leaves it empty). */
plam_err ps_cell_set(struct ps_row *r, int col, const char *s);
static inline const char *ps_cell(const struct ps_row *r, int col) { return r->cells[col] ? r->cells[col] : ""; }

/* ---- errors --------------------------------------------------------------- */

#define PS_MAX_ERRORS 200
struct ps_error {
  char sheet[32];    /* "" when not tied to a table */
  uint32_t row;      /* 0 when not tied to a row */
  char column[48];   /* "" when not tied to a column */
  char message[240]; /* French */
  int table;         /* enum ps_table_id, -1 when none: sort key */
  uint32_t seq;      /* order found: sort key */
};
struct ps_report {
  struct ps_error *errors; /* malloc'd, at most PS_MAX_ERRORS */
  size_t nerrors, total;
};
void ps_report_add(struct ps_report *r, enum ps_table_id t, uint32_t row, const char *column, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
void ps_report_free(struct ps_report *r);
/* Sorts the kept errors by table (file order), row, then order found. */
void ps_report_sort(struct ps_report *r);
/* {"errors":[{"sheet","row","column","message"}], "errors_total": N} */
json_t *ps_report_json(const struct ps_report *r);

/* ---- formats -------------------------------------------------------------- */

enum ps_format { PS_CSV = 0, PS_XLSX };
/* "csv", "xlsx" -> format; -1 when unknown. */
int ps_format_parse(const char *s);
/* The format of an upload from its Content-Type and first bytes. */
enum ps_format ps_format_sniff(const char *content_type, const void *data, size_t len);

/* Reads a CSV or XLSX file into b (plan_struct_read.c). Every problem of
 * layout or cell kind goes to rep; PLAM_OK means the file was read (check
 * rep->total), PLAM_ERR_NOMEM on allocation failure. Nothing here touches
 * the database. */
plam_err ps_read(enum ps_format fmt, const void *data, size_t len, struct ps_book *b, struct ps_report *rep);

/* Writes b as CSV (';', UTF-8 with BOM, formula guard) into out. */
plam_err ps_write_csv(const struct ps_book *b, struct buf *out);
/* Writes b as an XLSX workbook into out (through a temporary file). */
plam_err ps_write_xlsx(const struct ps_book *b, struct buf *out);

/* ---- export and import (plan_struct_export.c, plan_struct_import.c) ------- */

/* The plan's structure as a book, if a may read the plan (a draft is
 * PLAM_ERR_NOT_FOUND for those who may not). */
plam_err plan_struct_export(struct db *db, const struct actor *a, int64_t plan_id, struct ps_book *out);
/* Export straight to bytes in a format. */
plam_err plan_struct_export_bytes(struct db *db, const struct actor *a, int64_t plan_id, enum ps_format fmt,
                                  struct buf *out);

struct ps_import_options {
  const char *slug;        /* new plan's identifier; NULL: the file's */
  const char *code_prefix; /* prepended to every indicator code; NULL: none */
  const char *filename;    /* for the audit entry; may be NULL */
};
struct ps_import_result {
  int64_t plan_id;
  char slug[65];
  size_t counts[PS__COUNT]; /* rows created per table */
  size_t orgs_created;
};
/* Reads the file, checks it in full against the database (references,
 * uniqueness, territories, organisations) and, when it holds no error,
 * creates a draft plan with everything in it in one write transaction
 * (missing organisations of the Organisations sheet created too), with one
 * audit entry. Only holders of plan.write (staff, admin). PLAM_ERR_INVALID
 * with the errors in rep when the file has any (nothing written). The caller
 * frees rep with ps_report_free in every case. */
plam_err plan_struct_import(struct db *db, const struct actor *a, enum ps_format fmt, const void *data, size_t len,
                            const struct ps_import_options *opt, struct ps_report *rep, struct ps_import_result *res);

/* ---- one action (plan_struct_action.c) ------------------------------------ */

/* One action as in the plan detail (indicators with their current targets,
 * partners, roadmap, texts, figures) plus "plan" {id, slug, title, status}
 * and "axis" {id, number, title} (null without axis), if a may read its
 * plan; PLAM_ERR_NOT_FOUND otherwise. */
plam_err plan_action_json(struct db *db, const struct actor *a, int64_t action_id, json_t **out);

#endif
