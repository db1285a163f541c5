/* Unit tests for the committee workbook diff (app/committee.h), without a
 * database: the workbook plam writes reads back with no error and no change;
 * new values become changes and cells (old -> new) in the JSON; every kind of
 * error carries its row and column (altered identification cell, known value
 * changed since the download, unknown and duplicate rows, a row of an action
 * the user does not pilot, missing or malformed value, date and comment, a
 * wrong header, a file that is not a workbook); a file with any error
 * proposes nothing; an unchanged value is not a change; the fingerprint
 * follows the known values. Uploads are built with the project's XLSX
 * writer, cell by cell, as a spreadsheet would save them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/committee/committee.h"
#include "fmt/xlsx_write.h"

static struct committee_row rows[3];

static void setup_rows(void) {
  memset(rows, 0, sizeof rows);
  rows[0] = (struct committee_row){.action_id = 5,
                                   .indicator_id = 11,
                                   .territory = "DEP-44",
                                   .action_number = "1.5",
                                   .action_title = "Réfugiés",
                                   .indicator_code = "pdl-1.5",
                                   .indicator_name = "Intégrés",
                                   .unit = "personnes",
                                   .ref_territory = "REG-52",
                                   .has_baseline = 1,
                                   .baseline = 0,
                                   .baseline_on = "2022-03-15",
                                   .has_target = 1,
                                   .target = 40,
                                   .target_on = "2026-12-31",
                                   .allowed = 1,
                                   .kind = "count",
                                   .aggregation = "sum",
                                   .ratio_scale = 1};
  rows[1] = (struct committee_row){.action_id = 9,
                                   .indicator_id = 20,
                                   .territory = "DEP-44",
                                   .action_number = "3.3",
                                   .action_title = "Postes",
                                   .indicator_code = "pdl-3.3",
                                   .indicator_name = "Postes hors CHU",
                                   .unit = "postes",
                                   .has_last = 1,
                                   .last = 4.5,
                                   .last_on = "2022-03-15",
                                   .last_measurement_id = 77,
                                   .allowed = 0,
                                   .kind = "amount",
                                   .aggregation = "sum",
                                   .ratio_scale = 1};
  rows[2] = (struct committee_row){.action_id = 9,
                                   .indicator_id = 21,
                                   .territory = "DEP-44",
                                   .action_number = "3.3",
                                   .action_title = "Postes",
                                   .indicator_code = "pdl-3.3b",
                                   .indicator_name = "Autres",
                                   .unit = "",
                                   .allowed = 1,
                                   .kind = "amount",
                                   .aggregation = "sum",
                                   .ratio_scale = 1};
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n);
  assert_non_null(b);
  assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return b;
}

/* One cell override of an upload: sheet row (0-based, 1 = first data row),
 * column, and a text, a number or a date. */
struct over {
  uint32_t row;
  int col;
  const char *text;
  double num;
  int is_num;
  const char *date;
};

/* Writes an upload: the header, rows[order[i]] as plam writes them, then the
 * overrides (a NULL text with no number or date empties the cell). */
static char *upload(const size_t *order, size_t n, const struct over *ov, size_t nov, size_t *len,
                    const char *const *header) {
  char path[] = "/tmp/plam-test-committee-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  struct xlsx_writer *w;
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, COMMITTEE_SHEET, NULL, 0);
  xlsx_writer_header(w, 0, header ? header : committee_headers, CC__N);
  for (size_t i = 0; i < n; i++) {
    const struct committee_row *r = &rows[order[i]];
    uint32_t y = (uint32_t)i + 1;
    for (int c = 0; c < COMMITTEE_FIRST_EDITABLE; c++) {
      int skip = 0;
      for (size_t k = 0; k < nov; k++)
        if (ov[k].row == y && ov[k].col == c) skip = 1;
      if (skip) continue;
      char t[1100];
      committee_cell_text(r, c, t, sizeof t);
      if (!t[0]) continue;
      if (c == CC_ACTION_ID || c == CC_INDICATOR_ID || c == CC_BASELINE || c == CC_TARGET || c == CC_LAST)
        xlsx_writer_number(w, y, (uint16_t)c, strtod(t, NULL), XLSX_FMT_GENERAL);
      else if (c == CC_BASELINE_ON || c == CC_TARGET_ON || c == CC_LAST_ON) xlsx_writer_date(w, y, (uint16_t)c, t);
      else xlsx_writer_text(w, y, (uint16_t)c, t);
    }
  }
  for (size_t k = 0; k < nov; k++) {
    if (ov[k].is_num) xlsx_writer_number(w, ov[k].row, (uint16_t)ov[k].col, ov[k].num, XLSX_FMT_GENERAL);
    else if (ov[k].date) xlsx_writer_date(w, ov[k].row, (uint16_t)ov[k].col, ov[k].date);
    else if (ov[k].text) xlsx_writer_text(w, ov[k].row, (uint16_t)ov[k].col, ov[k].text);
  }
  assert_int_equal(xlsx_writer_close(w), PLAM_OK);
  char *b = slurp(path, len);
  unlink(path);
  return b;
}

static void diff_of(const char *data, size_t len, struct committee_diff *d) {
  committee_rows_sort(rows, 3);
  assert_int_equal(committee_diff_compute(rows, 3, data, len, d), PLAM_OK);
}

static void expect_error(const struct committee_diff *d, size_t i, unsigned row, int col, const char *needle) {
  assert_true(i < d->nerrors);
  if (d->errors[i].row != row || d->errors[i].col != col || !strstr(d->errors[i].message, needle))
    fail_msg("error %zu: got row %u col %d '%s'; want row %u col %d containing '%s'", i, d->errors[i].row,
             d->errors[i].col, d->errors[i].message, row, col, needle);
}

static const size_t ALL[] = {0, 1, 2};

static void test_round_trip(void **state) {
  (void)state;
  setup_rows();
  char *book;
  size_t len;
  assert_int_equal(committee_book_write("Comité", rows, 3, &book, &len), PLAM_OK);
  struct committee_diff d;
  diff_of(book, len, &d);
  assert_int_equal(d.rows, 3);
  assert_int_equal(d.total_errors, 0);
  assert_int_equal(d.nchanges, 0);
  committee_diff_free(&d);
  free(book);
}

static void test_changes_and_cells(void **state) {
  (void)state;
  setup_rows();
  /* row 1 (indicator 11): number and Excel date; row 3 (indicator 21): French text number and JJ/MM/AAAA */
  struct over ov[] = {
    {.row = 1, .col = CC_NEW_VALUE, .num = 12, .is_num = 1}, {.row = 1, .col = CC_NEW_ON, .date = "2025-12-31"},
    {.row = 1, .col = CC_COMMENT, .text = "Bilan"},          {.row = 3, .col = CC_NEW_VALUE, .text = "1 234,5"},
    {.row = 3, .col = CC_NEW_ON, .text = "30/06/2025"},
  };
  size_t len;
  char *f = upload(ALL, 3, ov, 5, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 0);
  assert_int_equal(d.nchanges, 2);
  assert_int_equal(d.changes[0].row, 2);
  assert_true(d.changes[0].value == 12);
  assert_string_equal(d.changes[0].value_on, "2025-12-31");
  assert_string_equal(d.changes[0].comment, "Bilan");
  assert_int_equal(rows[d.changes[0].idx].indicator_id, 11);
  assert_int_equal(d.changes[1].row, 4);
  assert_true(d.changes[1].value == 1234.5);
  assert_string_equal(d.changes[1].value_on, "2025-06-30");
  assert_null(d.changes[1].comment);
  json_t *j = committee_diff_json(rows, &d);
  assert_non_null(j);
  json_t *cells = json_object_get(j, "cells");
  assert_int_equal(json_array_size(cells), 5);
  json_t *c0 = json_array_get(cells, 0);
  assert_string_equal(json_string_value(json_object_get(c0, "column")), "P");
  assert_true(json_is_null(json_object_get(c0, "old")));
  assert_string_equal(json_string_value(json_object_get(c0, "new")), "12");
  assert_string_equal(json_string_value(json_object_get(c0, "territory_id")), "DEP-44");
  assert_int_equal(json_integer_value(json_object_get(c0, "indicator_id")), 11);
  assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 2), "column")), "R");
  assert_int_equal(json_array_size(json_object_get(j, "changes")), 2);
  json_decref(j);
  committee_diff_free(&d);
  free(f);
}

static void test_old_value_in_cells(void **state) {
  (void)state;
  setup_rows();
  rows[1].allowed = 1;
  struct over ov[] = {{.row = 2, .col = CC_NEW_VALUE, .num = 6, .is_num = 1},
                      {.row = 2, .col = CC_NEW_ON, .date = "2024-12-31"}};
  size_t len;
  char *f = upload(ALL, 3, ov, 2, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 0);
  json_t *j = committee_diff_json(rows, &d);
  json_t *c0 = json_array_get(json_object_get(j, "cells"), 0), *c1 = json_array_get(json_object_get(j, "cells"), 1);
  assert_string_equal(json_string_value(json_object_get(c0, "old")), "4.5");
  assert_string_equal(json_string_value(json_object_get(c0, "new")), "6");
  assert_string_equal(json_string_value(json_object_get(c1, "old")), "2022-03-15");
  assert_string_equal(json_string_value(json_object_get(c1, "new")), "2024-12-31");
  json_decref(j);
  committee_diff_free(&d);
  free(f);
  /* the known value again, same date: not a change */
  struct over same[] = {{.row = 2, .col = CC_NEW_VALUE, .num = 4.5, .is_num = 1},
                        {.row = 2, .col = CC_NEW_ON, .text = "15/03/2022"}};
  f = upload(ALL, 3, same, 2, &len, NULL);
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 0);
  assert_int_equal(d.nchanges, 0);
  committee_diff_free(&d);
  free(f);
}

static void test_protected_cells(void **state) {
  (void)state;
  setup_rows();
  /* row 2: action number altered; row 3: last value changed since the download and a title emptied */
  struct over ov[] = {
    {.row = 1, .col = CC_ACTION_NUMBER, .text = "9.9"},     {.row = 1, .col = CC_TARGET, .num = 50, .is_num = 1},
    {.row = 2, .col = CC_LAST, .num = 5, .is_num = 1},      {.row = 2, .col = CC_ACTION_TITLE},
    {.row = 1, .col = CC_NEW_VALUE, .num = 1, .is_num = 1}, {.row = 1, .col = CC_NEW_ON, .date = "2025-01-31"},
  };
  size_t len;
  char *f = upload(ALL, 3, ov, 6, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 4);
  expect_error(&d, 0, 2, CC_ACTION_NUMBER, "cellule protégée modifiée (attendu « 1.5 », trouvé « 9.9 »)");
  expect_error(&d, 1, 2, CC_TARGET, "valeur connue différente de l'état actuel (attendu « 40 », trouvé « 50 »)");
  expect_error(&d, 2, 3, CC_ACTION_TITLE, "cellule protégée modifiée");
  expect_error(&d, 3, 3, CC_LAST, "téléchargez un classeur à jour");
  assert_int_equal(d.nchanges, 0); /* a file with errors proposes nothing */
  committee_diff_free(&d);
  free(f);
}

static void test_rows_unknown_duplicate_not_piloted(void **state) {
  (void)state;
  setup_rows();
  const size_t order[] = {0, 0, 1, 2};
  struct over ov[] = {
    {.row = 4, .col = CC_INDICATOR_ID, .num = 999, .is_num = 1},
    {.row = 3, .col = CC_NEW_VALUE, .num = 7, .is_num = 1},
    {.row = 3, .col = CC_NEW_ON, .date = "2025-01-31"},
  };
  size_t len;
  char *f = upload(order, 4, ov, 3, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 3);
  expect_error(&d, 0, 3, CC_INDICATOR_ID, "ligne en double : l'indicateur 11 pour DEP-44 figure déjà ligne 2");
  expect_error(&d, 1, 4, CC_NEW_VALUE, "vous ne pilotez pas l'action 3.3");
  expect_error(&d, 2, 5, CC_INDICATOR_ID, "ligne inconnue");
  committee_diff_free(&d);
  free(f);
  /* a row of an action not piloted, left empty, is no error */
  f = upload(ALL, 3, NULL, 0, &len, NULL);
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 0);
  committee_diff_free(&d);
  free(f);
}

static void test_editable_errors(void **state) {
  (void)state;
  setup_rows();
  struct over ov[] = {
    {.row = 1, .col = CC_NEW_VALUE, .text = "douze"},
    {.row = 1, .col = CC_NEW_ON, .text = "31/02/2025"},
    {.row = 2, .col = CC_COMMENT, .text = "sans valeur"},
    {.row = 3, .col = CC_NEW_VALUE, .num = 3, .is_num = 1},
  };
  size_t len;
  char *f = upload(ALL, 3, ov, 4, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 4);
  expect_error(&d, 0, 2, CC_NEW_VALUE, "nombre « douze » invalide");
  expect_error(&d, 1, 2, CC_NEW_ON, "date « 31/02/2025 » invalide");
  expect_error(&d, 2, 3, CC_NEW_VALUE, "la nouvelle valeur est vide alors que");
  expect_error(&d, 3, 4, CC_NEW_ON, "la date de la nouvelle valeur est vide");
  committee_diff_free(&d);
  free(f);
}

/* A new value beyond its indicator's bounds (meas_bounds.h) is refused: a
 * fractional or huge count, a negative amount; an unknown definition too. */
static void test_value_bounds(void **state) {
  (void)state;
  setup_rows();
  rows[1].allowed = 1;
  struct over ov[] = {
    {.row = 1, .col = CC_NEW_VALUE, .num = 12.5, .is_num = 1}, {.row = 1, .col = CC_NEW_ON, .date = "2025-12-31"},
    {.row = 2, .col = CC_NEW_VALUE, .num = -3, .is_num = 1},   {.row = 2, .col = CC_NEW_ON, .date = "2025-12-31"},
    {.row = 3, .col = CC_NEW_VALUE, .text = "1e308"},          {.row = 3, .col = CC_NEW_ON, .date = "2025-12-31"},
  };
  size_t len;
  char *f = upload(ALL, 3, ov, 6, &len, NULL);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 3);
  assert_int_equal(d.nchanges, 0);
  expect_error(&d, 0, 2, CC_NEW_VALUE, "nombre entier entre 0 et 1 000 000 000");
  expect_error(&d, 1, 3, CC_NEW_VALUE, "montant entre 0 et 1 000 000 000 000");
  expect_error(&d, 2, 4, CC_NEW_VALUE, "montant entre 0 et 1 000 000 000 000");
  committee_diff_free(&d);
  free(f);
  rows[0].kind[0] = '\0';
  struct over one[] = {{.row = 1, .col = CC_NEW_VALUE, .num = 12, .is_num = 1},
                       {.row = 1, .col = CC_NEW_ON, .date = "2025-12-31"}};
  f = upload(ALL, 3, one, 2, &len, NULL);
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 1);
  expect_error(&d, 0, 2, CC_NEW_VALUE, "définition de l'indicateur « pdl-1.5 » est invalide");
  committee_diff_free(&d);
  free(f);
}

static void test_header_and_not_a_workbook(void **state) {
  (void)state;
  setup_rows();
  const char *h[CC__N];
  memcpy(h, committee_headers, sizeof h);
  h[CC_NEW_VALUE] = "Valeur";
  struct over ov[] = {{.row = 1, .col = CC_NEW_VALUE, .num = 12, .is_num = 1},
                      {.row = 1, .col = CC_NEW_ON, .date = "2025-12-31"}};
  size_t len;
  char *f = upload(ALL, 3, ov, 2, &len, h);
  struct committee_diff d;
  diff_of(f, len, &d);
  assert_int_equal(d.total_errors, 1);
  expect_error(&d, 0, 1, CC_NEW_VALUE, "en-tête « Nouvelle valeur » attendu, « Valeur » trouvé");
  assert_int_equal(d.nchanges, 0);
  committee_diff_free(&d);
  free(f);
  diff_of("PK\x03\x04 not really", 16, &d);
  assert_int_equal(d.total_errors, 1);
  assert_int_equal(d.nchanges, 0);
  committee_diff_free(&d);
}

static void test_fingerprint(void **state) {
  (void)state;
  setup_rows();
  char a[256], b[256];
  committee_row_fingerprint(&rows[1], a, sizeof a);
  rows[1].last_measurement_id = 78;
  committee_row_fingerprint(&rows[1], b, sizeof b);
  assert_string_not_equal(a, b);
  rows[1].last_measurement_id = 77;
  committee_row_fingerprint(&rows[1], b, sizeof b);
  assert_string_equal(a, b);
  rows[1].target = 3;
  rows[1].has_target = 1;
  committee_row_fingerprint(&rows[1], b, sizeof b);
  assert_string_not_equal(a, b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_changes_and_cells),
    cmocka_unit_test(test_old_value_in_cells),
    cmocka_unit_test(test_protected_cells),
    cmocka_unit_test(test_rows_unknown_duplicate_not_piloted),
    cmocka_unit_test(test_editable_errors),
    cmocka_unit_test(test_value_bounds),
    cmocka_unit_test(test_header_and_not_a_workbook),
    cmocka_unit_test(test_fingerprint),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
