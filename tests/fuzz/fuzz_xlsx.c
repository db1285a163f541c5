/* libFuzzer target for the XLSX reader (app/xlsx_read.h): arbitrary bytes
 * are opened as a zip with small limits and every sheet is read. Rows must
 * be well formed (cells NUL-terminated at their length, kinds in range,
 * columns within the limit). Errors are expected; crashes, leaks, undefined
 * behaviour and unbounded memory are not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/xlsx_read.h"

static plam_err on_row(void *ctx, const struct table_row *r) {
  size_t *cells = ctx;
  if (r->ncols == 0 || r->ncols > 64 || r->row == 0) abort();
  for (size_t i = 0; i < r->ncols; i++) {
    if (strlen(r->cells[i]) != r->lens[i]) abort();
    if ((unsigned)r->kinds[i] > TABLE_CELL_ERROR) abort();
    (*cells)++;
  }
  return PLAM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct xlsx_limits lim = {.max_part = 1u << 22,
                            .max_entries = 64,
                            .max_strings_bytes = 1u << 20,
                            .max_string = 4096,
                            .max_cells = 100000,
                            .max_cols = 64,
                            .max_sheets = 8};
  struct xlsx_book *b;
  struct table_error err;
  if (xlsx_open(data, size, &lim, &b, &err) != PLAM_OK) return 0;
  size_t cells = 0;
  for (size_t i = 0; i < xlsx_sheet_count(b); i++) {
    if (!xlsx_sheet_name(b, i)) abort();
    (void)xlsx_read_sheet(b, i, on_row, &cells, &err);
  }
  xlsx_close(b);
  char d[20];
  double s = 0;
  memcpy(&s, data, size < sizeof s ? size : sizeof s);
  (void)xlsx_serial_to_date(s, size & 1, d);
  return 0;
}
