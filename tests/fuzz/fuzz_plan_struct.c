/* libFuzzer target for the plan structure reader (app/plan_struct_read.c):
 * the first byte picks CSV or XLSX, the rest is the file. Every stored cell
 * must be canonical for its column kind; a file read without error, written
 * back as CSV and read again, must give the same model without error (the
 * export is a valid import). Errors are expected; crashes, leaks, undefined
 * behaviour and unbounded memory are not. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan/plan_struct.h"

static void check_canonical(const struct ps_book *b) {
  for (int t = 0; t < PS__COUNT; t++)
    for (size_t i = 0; i < b->n[t]; i++)
      for (int c = 0; c < ps_tables[t].ncols; c++) {
        const char *s = b->rows[t][i].cells[c];
        if (!s) continue;
        if (!*s) abort(); /* empty cells are NULL */
        const struct ps_col *col = &ps_tables[t].cols[c];
        char *end;
        switch (col->kind) {
        case PS_NUM:
        case PS_INT:
          if (!isfinite(strtod(s, &end)) || *end) abort();
          break;
        case PS_DATE:
          if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') abort();
          break;
        case PS_BOOL:
          if (strcmp(s, "1") && strcmp(s, "0")) abort();
          break;
        case PS_ENUM:
          if (!ps_enum_code(col->en, s) || strcmp(ps_enum_code(col->en, s), s)) abort();
          break;
        case PS_TEXT:
        case PS_LIST:
          if (strlen(s) > col->max) abort();
          break;
        }
      }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  enum ps_format fmt = data[0] & 1 ? PS_XLSX : PS_CSV;
  struct ps_book b;
  struct ps_report rep = {0};
  if (ps_read(fmt, data + 1, size - 1, &b, &rep) != PLAM_OK) abort(); /* only NOMEM may fail */
  check_canonical(&b);
  ps_report_sort(&rep);
  json_t *j = ps_report_json(&rep);
  if (!j) abort();
  json_decref(j);
  if (!rep.total) {
    struct buf out;
    buf_init(&out, (size_t)16 << 20);
    if (ps_write_csv(&b, &out) != PLAM_OK) abort();
    struct ps_book b2;
    struct ps_report rep2 = {0};
    if (ps_read(PS_CSV, out.data, out.len, &b2, &rep2) != PLAM_OK || rep2.total) abort();
    for (int t = 0; t < PS__COUNT; t++) {
      if (b2.n[t] != b.n[t]) abort();
      for (size_t i = 0; i < b.n[t]; i++)
        for (int c = 0; c < ps_tables[t].ncols; c++)
          if (strcmp(ps_cell(&b.rows[t][i], c), ps_cell(&b2.rows[t][i], c))) abort();
    }
    ps_book_free(&b2);
    ps_report_free(&rep2);
    buf_release(&out);
  }
  ps_book_free(&b);
  ps_report_free(&rep);
  return 0;
}
