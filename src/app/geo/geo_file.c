/* Errors and notices of file imports: see geo_file.h. */
#include "app/geo/geo_file.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void geo_file_report_init(struct geo_file_report *r) { memset(r, 0, sizeof *r); }

void geo_file_report_free(struct geo_file_report *r) {
  free(r->errors);
  free(r->notices);
  memset(r, 0, sizeof *r);
}

__attribute__((format(printf, 6, 0))) static void add(struct geo_file_report *r, int notice, uint32_t row, uint32_t col,
                                                      const char *column, const char *fmt, va_list ap) {
  struct geo_file_msg **list = notice ? &r->notices : &r->errors;
  size_t *n = notice ? &r->nnotices : &r->nerrors, *total = notice ? &r->total_notices : &r->total_errors;
  (*total)++;
  if (*n >= GEO_FILE_MAX_ERRORS) return;
  if (!*list && !(*list = calloc(GEO_FILE_MAX_ERRORS, sizeof **list))) {
    r->nomem = 1;
    return;
  }
  struct geo_file_msg *m = &(*list)[(*n)++];
  m->row = row;
  m->col = col;
  snprintf(m->column, sizeof m->column, "%s", column ? column : "");
  vsnprintf(m->message, sizeof m->message, fmt, ap);
}

void geo_file_error(struct geo_file_report *r, uint32_t row, uint32_t col, const char *column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(r, 0, row, col, column, fmt, ap);
  va_end(ap);
}

void geo_file_notice(struct geo_file_report *r, uint32_t row, uint32_t col, const char *column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(r, 1, row, col, column, fmt, ap);
  va_end(ap);
}

/* insertion sort: stable, and the lists hold at most GEO_FILE_MAX_ERRORS */
static void sort_msgs(struct geo_file_msg *m, size_t n) {
  for (size_t i = 1; i < n; i++) {
    struct geo_file_msg x = m[i];
    size_t j = i;
    while (j > 0 && (m[j - 1].row > x.row || (m[j - 1].row == x.row && m[j - 1].col > x.col))) {
      m[j] = m[j - 1];
      j--;
    }
    m[j] = x;
  }
}

void geo_file_report_sort(struct geo_file_report *r) {
  if (r->errors) sort_msgs(r->errors, r->nerrors);
  if (r->notices) sort_msgs(r->notices, r->nnotices);
}

json_t *geo_file_msgs_json(const struct geo_file_msg *m, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++)
    json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)m[i].row, "col",
                                         (json_int_t)m[i].col, "column", m[i].column, "message", m[i].message));
  return arr;
}

void geo_file_msg_text(const struct geo_file_msg *m, char *out, size_t n) {
  if (m->row && m->col) snprintf(out, n, "ligne %u, colonne %u (%s) : %s", m->row, m->col, m->column, m->message);
  else if (m->row) snprintf(out, n, "ligne %u : %s", m->row, m->message);
  else snprintf(out, n, "%s", m->message);
}
