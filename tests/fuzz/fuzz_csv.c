/* libFuzzer target for the CSV reader and the number parsers (app/csv.h):
 * arbitrary bytes are read as a CSV file with small limits, every row is
 * checked (cells NUL-terminated at their length, valid UTF-8, columns within
 * the limit), and each cell goes through csv_parse_number, csv_parse_scaled
 * and csv_field_unguard. Errors are expected; crashes, leaks and undefined
 * behaviour are not. The rows are written back with the CSV writer and read
 * again: the second reading must give the same cells. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "fmt/csv.h"

struct check {
  uint64_t hash;
  size_t cells;
  struct csv_writer *w;
};

static plam_err on_row(void *ctx, const struct table_row *r) {
  struct check *c = ctx;
  if (r->ncols == 0 || r->ncols > 64) abort();
  for (size_t i = 0; i < r->ncols; i++) {
    if (strlen(r->cells[i]) != r->lens[i]) abort();
    if (!utf8_valid(r->cells[i], r->lens[i], NULL)) abort();
    for (size_t k = 0; k < r->lens[i]; k++) c->hash = c->hash * 131 + (unsigned char)r->cells[i][k];
    c->hash = c->hash * 131 + 7;
    c->cells++;
    double d;
    int64_t x;
    (void)csv_parse_number(r->cells[i], &d);
    (void)csv_parse_scaled(r->cells[i], 2, &x);
    (void)csv_field_unguard(r->cells[i]);
    if (c->w) csv_write_field(c->w, r->cells[i]);
  }
  if (c->w) csv_write_end_row(c->w);
  return PLAM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct csv_options o = {.max_field = 4096, .max_cols = 64, .max_rows = 10000};
  struct buf out;
  buf_init(&out, 1u << 22);
  struct csv_writer w;
  csv_writer_init(&w, &out, 0, false, false);
  struct check c1 = {.w = &w};
  struct csv_info info;
  struct table_error err;
  plam_err e = csv_read((const char *)data, size, &o, on_row, &c1, &info, &err);
  if (e == PLAM_OK && csv_writer_status(&w) == PLAM_OK) {
    /* only ';' round-trips exactly: a one-column file read with another
     * separator detected may hold ';' unquoted, which is fine for ';' too */
    struct csv_options o2 = o;
    o2.sep = ';';
    o2.max_field = 0;
    struct check c2 = {0};
    if (csv_read(out.data ? out.data : "", out.len, &o2, on_row, &c2, NULL, &err) != PLAM_OK) abort();
    if (c2.hash != c1.hash || c2.cells != c1.cells) abort();
  }
  buf_release(&out);
  /* the number parsers on the raw input as one string */
  char tmp[128];
  size_t n = size < sizeof tmp - 1 ? size : sizeof tmp - 1;
  memcpy(tmp, data, n);
  tmp[n] = '\0';
  double d;
  int64_t x;
  (void)csv_parse_number(tmp, &d);
  (void)csv_parse_scaled(tmp, (int)(size % 10), &x);
  return 0;
}
