/* Unit tests for the areas CSV reader (app/geo/geo_csv.h), without a
 * database: the header, every per-cell error with its row and column, the
 * French kinds, an area's name and kind kept across rows, a commune in one
 * area of each kind, Windows-1252 input, and the commune code shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/geo/geo.h"
#include "app/geo/geo_csv.h"

static void parse(const char *s, struct geo_area_row **rows, size_t *n, struct geo_file_report *rep) {
  geo_file_report_init(rep);
  assert_int_equal(geo_areas_csv_parse(s, strlen(s), rows, n, rep), PLAM_OK);
}

static void test_good(void **state) {
  (void)state;
  struct geo_area_row *rows;
  size_t n;
  struct geo_file_report rep;
  parse("code zone;nom zone;type;code commune\r\nZE-1;Nantes;emploi;44109\r\nZE-1;Nantes;employment;44143\r\n"
        "ARS.2;Zone \"Sud\";ars;2A004\r\n\r\nX_3;Autre;autre;44109\r\n",
        &rows, &n, &rep);
  assert_int_equal(rep.total_errors, 0);
  assert_int_equal(n, 4);
  assert_string_equal(rows[0].kind, "employment");
  assert_string_equal(rows[1].kind, "employment");
  assert_string_equal(rows[2].kind, "ars");
  assert_string_equal(rows[2].name, "Zone \"Sud\"");
  assert_string_equal(rows[2].commune, "2A004");
  assert_int_equal(rows[3].row, 6);
  assert_string_equal(rows[3].kind, "other");
  free(rows);
  geo_file_report_free(&rep);
}

static void test_errors(void **state) {
  (void)state;
  struct geo_area_row *rows;
  size_t n;
  struct geo_file_report rep;
  parse("code zone;nom zone;type;code commune\n"
        "ZE 1;Nantes;emploi;44109\n" /* 2: code */
        "ZE-1;;emploi;4410\n"        /* 3: name, commune */
        "ZE-1;Nantes;zone;2C004\n"   /* 4: kind, commune */
        "ZE-1;Nantes;emploi\n"       /* 5: columns */
        "ZE-2;Nantes;emploi;44109\n"
        "ZE-2;Autre nom;ars;44143\n"  /* 7: name and kind differ */
        "ZE-3;Trois;emploi;44109\n"   /* 8: 44109 already in ZE-2 (emploi) */
        "ZE-2;Nantes;emploi;44109\n", /* 9: twice in ZE-2 */
        &rows, &n, &rep);
  const struct {
    uint32_t row, col;
    const char *start;
  } want[] = {
    {2, 1, "code de 1 à 32"},
    {3, 2, "nom obligatoire"},
    {3, 4, "code commune INSEE"},
    {4, 3, "type inconnu"},
    {4, 4, "code commune INSEE"},
    {5, 0, "4 colonnes attendues, 3 lues"},
    {7, 2, "la zone ZE-2 porte"},
    {7, 3, "la zone ZE-2 a déjà"},
    {8, 4, "commune 44109 déjà dans la zone ZE-2 (ligne 6)"},
    {9, 4, "commune 44109 déjà dans la zone ZE-2 (ligne 6)"},
  };
  assert_int_equal(rep.total_errors, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int found = 0;
    for (size_t k = 0; k < rep.nerrors; k++)
      found |= rep.errors[k].row == want[i].row && rep.errors[k].col == want[i].col &&
               !strncmp(rep.errors[k].message, want[i].start, strlen(want[i].start));
    if (!found) fail_msg("missing error row %u col %u: %s", want[i].row, want[i].col, want[i].start);
  }
  free(rows);
  geo_file_report_free(&rep);
}

static void test_header_and_encoding(void **state) {
  (void)state;
  struct geo_area_row *rows;
  size_t n;
  struct geo_file_report rep;
  parse("", &rows, &n, &rep);
  assert_int_equal(rep.total_errors, 1);
  free(rows);
  geo_file_report_free(&rep);
  parse("zone;commune\nZE;N;emploi;44109\n", &rows, &n, &rep);
  assert_int_equal(rep.total_errors, 1);
  assert_int_equal(rep.errors[0].row, 1);
  free(rows);
  geo_file_report_free(&rep);
  parse("code zone;nom zone;type;code commune\nZE;R\xE9z\xE9;emploi;44143\n", &rows, &n, &rep); /* Windows-1252 */
  assert_int_equal(rep.total_errors, 0);
  assert_string_equal(rows[0].name, "Rézé");
  free(rows);
  geo_file_report_free(&rep);
}

static void test_code_shape(void **state) {
  (void)state;
  assert_true(geo_code_shape("44109"));
  assert_true(geo_code_shape("2A004"));
  assert_true(geo_code_shape("97611"));
  assert_false(geo_code_shape("2C004"));
  assert_false(geo_code_shape("4410"));
  assert_false(geo_code_shape("441090"));
  assert_false(geo_code_shape("4410a"));
  assert_false(geo_code_shape(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_good),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_header_and_encoding),
    cmocka_unit_test(test_code_shape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
