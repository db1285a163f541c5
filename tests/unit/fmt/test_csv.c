/* Unit tests for the CSV reader and writer (app/csv.h): RFC 4180 quoting,
 * line ends, byte order mark, separator detection, blank lines, row and
 * column numbers in French error messages, limits, UTF-8 validation and the
 * Windows-1252 fallback, French numbers (exact and floating), the writer's
 * quoting and formula guard, and a write-then-read round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt/csv.h"

/* Collects rows as "row:cell|cell|..." lines. */
struct collect {
  char out[4096];
  size_t n;
  size_t stop_after; /* 0 = never */
};

static plam_err collect_row(void *ctx, const struct table_row *r) {
  struct collect *c = ctx;
  int k = snprintf(c->out + c->n, sizeof c->out - c->n, "%zu:", r->row);
  c->n += (size_t)k;
  for (size_t i = 0; i < r->ncols; i++) {
    assert_int_equal(strlen(r->cells[i]), r->lens[i]);
    assert_int_equal(r->kinds[i], r->lens[i] ? TABLE_CELL_TEXT : TABLE_CELL_EMPTY);
    k = snprintf(c->out + c->n, sizeof c->out - c->n, "%s%s", i ? "|" : "", r->cells[i]);
    c->n += (size_t)k;
  }
  k = snprintf(c->out + c->n, sizeof c->out - c->n, "\n");
  c->n += (size_t)k;
  if (c->stop_after && r->row >= c->stop_after) return PLAM_ERR_CONFLICT;
  return PLAM_OK;
}

static plam_err read_str(const char *s, const struct csv_options *o, struct collect *c, struct csv_info *info,
                         struct table_error *err) {
  memset(c, 0, sizeof *c);
  return csv_read(s, strlen(s), o, collect_row, c, info, err);
}

static void test_basic_and_separators(void **state) {
  (void)state;
  struct collect c;
  struct csv_info info;
  assert_int_equal(read_str("id;territoire;valeur\r\nI1;DEP-44;12,5\r\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:id|territoire|valeur\n2:I1|DEP-44|12,5\n");
  assert_int_equal(info.sep, ';');
  assert_int_equal(info.rows, 2);
  assert_false(info.bom);
  assert_int_equal(read_str("a,b\nc,d", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a|b\n2:c|d\n");
  assert_int_equal(info.sep, ',');
  assert_int_equal(read_str("a\tb\rc\td\r", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a|b\n2:c|d\n");
  assert_int_equal(info.sep, '\t');
  /* a comma inside a quoted header name does not fool the detection */
  assert_int_equal(read_str("\"a,b,c\";d\nx;y\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_int_equal(info.sep, ';');
  assert_string_equal(c.out, "1:a,b,c|d\n2:x|y\n");
  /* one column: ';' */
  assert_int_equal(read_str("seul\nx\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_int_equal(info.sep, ';');
  /* forced separator */
  struct csv_options o = {.sep = ','};
  assert_int_equal(read_str("a;b,c\n", &o, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a;b|c\n");
  o.sep = 'x';
  assert_int_equal(read_str("a\n", &o, &c, &info, NULL), PLAM_ERR_INVALID);
  /* empty input */
  assert_int_equal(read_str("", NULL, &c, &info, NULL), PLAM_OK);
  assert_int_equal(info.rows, 0);
}

static void test_quotes_bom_blank_lines(void **state) {
  (void)state;
  struct collect c;
  struct csv_info info;
  const char *s = "\xEF\xBB\xBF"
                  "action;commentaire\r\n"
                  "1.1;\"Il a dit \"\"oui\"\"; puis\r\nnon\"\r\n"
                  "\r\n"
                  "\n"
                  "1.2;\"\"\r\n"
                  ";\r\n"
                  "1.3;fin";
  assert_int_equal(read_str(s, NULL, &c, &info, NULL), PLAM_OK);
  assert_true(info.bom);
  assert_int_equal(info.encoding, CSV_ENC_UTF8);
  assert_string_equal(c.out, "1:action|commentaire\n"
                             "2:1.1|Il a dit \"oui\"; puis\r\nnon\n"
                             "6:1.2|\n"
                             "7:|\n"
                             "8:1.3|fin\n");
  /* a quoted empty field alone on a line is a row, not a blank line */
  assert_int_equal(read_str("a\n\"\"\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a\n2:\n");
  /* trailing separators keep their empty cells */
  assert_int_equal(read_str("a;b;;\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a|b||\n");
  /* literal quote inside an unquoted field is kept */
  assert_int_equal(read_str("a;5\"\n", NULL, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:a|5\"\n");
}

static void test_errors_name_row_and_column(void **state) {
  (void)state;
  struct collect c;
  struct table_error err;
  assert_int_equal(read_str("a;b\nc;\"jamais fermé\nd;e\n", NULL, &c, NULL, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 2);
  assert_int_equal(err.col, 2);
  assert_string_equal(err.message, "ligne 2, colonne 2 : guillemet ouvert et jamais fermé");
  assert_int_equal(read_str("a;b\nc;d\n\"x\"y;z\n", NULL, &c, NULL, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 3);
  assert_int_equal(err.col, 1);
  assert_non_null(strstr(err.message, "ligne 3, colonne 1 : caractère inattendu"));
  /* the row number follows line breaks inside quoted fields */
  assert_int_equal(read_str("a;b\n\"x\ny\nz\";1\nq;\"r\"s\n", NULL, &c, NULL, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 5);
  assert_int_equal(err.col, 2);
  /* NUL byte */
  char nul[] = "a;b\nc;d\0e\n";
  memset(&c, 0, sizeof c);
  assert_int_equal(csv_read(nul, sizeof nul - 1, NULL, collect_row, &c, NULL, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 2);
  assert_int_equal(err.col, 2);
  /* the callback's error stops the reading and is returned */
  memset(&c, 0, sizeof c);
  c.stop_after = 2;
  assert_int_equal(csv_read("a\nb\nc\n", 6, NULL, collect_row, &c, NULL, NULL), PLAM_ERR_CONFLICT);
  assert_string_equal(c.out, "1:a\n2:b\n");
}

static void test_limits(void **state) {
  (void)state;
  struct collect c;
  struct table_error err;
  struct csv_options o = {.max_field = 4, .max_cols = 3, .max_rows = 2};
  assert_int_equal(read_str("abcd;\"ef\"\"g\"\n", &o, &c, NULL, &err), PLAM_OK);
  assert_int_equal(read_str("abcd;\"ef\"\"gh\"\n", &o, &c, NULL, &err), PLAM_ERR_TOO_LARGE);
  assert_int_equal(err.row, 1);
  assert_int_equal(err.col, 2);
  assert_int_equal(read_str("a;b;c\nd;e;f;g\n", &o, &c, NULL, &err), PLAM_ERR_TOO_LARGE);
  assert_int_equal(err.row, 2);
  assert_int_equal(err.col, 4);
  assert_int_equal(read_str("a\n\nb\n\n", &o, &c, NULL, &err), PLAM_OK);
  assert_int_equal(read_str("a\nb\nc\n", &o, &c, NULL, &err), PLAM_ERR_TOO_LARGE);
  assert_int_equal(err.row, 3);
  assert_string_equal(err.message, "ligne 3 : trop de lignes (au plus 2)");
}

static void test_encodings(void **state) {
  (void)state;
  struct collect c;
  struct csv_info info;
  struct table_error err;
  /* Windows-1252: "Région;Montant €\nLoire-Atlantique;œuvre" */
  assert_int_equal(read_str("R\xE9gion;Montant \x80\nLoire-Atlantique;\x9C"
                            "uvre\n",
                            NULL, &c, &info, &err),
                   PLAM_OK);
  assert_int_equal(info.encoding, CSV_ENC_CP1252);
  assert_string_equal(c.out, "1:Région|Montant €\n2:Loire-Atlantique|œuvre\n");
  /* undefined Windows-1252 byte */
  assert_int_equal(read_str("a\nb\x81\n", NULL, &c, &info, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 2);
  /* damaged UTF-8: valid "é" then a lone 0xE9 -> error where it is */
  assert_int_equal(read_str("Région;x\nb;c\xE9z\n", NULL, &c, &info, &err), PLAM_ERR_INVALID);
  assert_int_equal(err.row, 2);
  assert_int_equal(err.col, 2);
  assert_non_null(strstr(err.message, "UTF-8"));
  /* a BOM claims UTF-8: no fallback */
  assert_int_equal(read_str("\xEF\xBB\xBF"
                            "a;\xE9\n",
                            NULL, &c, &info, &err),
                   PLAM_ERR_INVALID);
  assert_int_equal(err.col, 2);
}

static void test_numbers(void **state) {
  (void)state;
  double v;
  assert_int_equal(csv_parse_number("1234.5", &v), PLAM_OK);
  assert_true(v == 1234.5);
  assert_int_equal(csv_parse_number("1 234,5", &v), PLAM_OK);
  assert_true(v == 1234.5);
  assert_int_equal(csv_parse_number(" 12 345 678,25 ", &v), PLAM_OK);
  assert_true(v == 12345678.25);
  assert_int_equal(csv_parse_number("1\xC2\xA0"
                                    "234,5",
                                    &v),
                   PLAM_OK); /* NBSP */
  assert_true(v == 1234.5);
  assert_int_equal(csv_parse_number("1\xE2\x80\xAF"
                                    "234",
                                    &v),
                   PLAM_OK); /* narrow NBSP */
  assert_true(v == 1234);
  assert_int_equal(csv_parse_number("-3", &v), PLAM_OK);
  assert_true(v == -3);
  assert_int_equal(csv_parse_number("\xE2\x88\x92"
                                    "3,5",
                                    &v),
                   PLAM_OK);
  assert_true(v == -3.5);
  assert_int_equal(csv_parse_number("+0,5", &v), PLAM_OK);
  assert_true(v == 0.5);
  assert_int_equal(csv_parse_number(",5", &v), PLAM_OK);
  assert_true(v == 0.5);
  assert_int_equal(csv_parse_number("4.4999999999999998E-2", &v), PLAM_OK);
  assert_true(v == 0.045);
  assert_int_equal(csv_parse_number("2,5e3", &v), PLAM_OK);
  assert_true(v == 2500);
  assert_int_equal(csv_parse_number("-0", &v), PLAM_OK);
  assert_true(v == 0);
  const char *bad[] = {"",       " ",   "abc", "1,234.5", "1.234,5", "12,",      "1 23", "12 3456", "1  234", "1e",
                       "1e1234", "nan", "inf", "1,5 %",   "--1",     "1 234 56", "0x10", "1e5x",    "١٢"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    if (csv_parse_number(bad[i], &v) == PLAM_OK) fail_msg("accepted \"%s\"", bad[i]);
  }
  assert_int_equal(csv_parse_number(NULL, &v), PLAM_ERR_INVALID);

  int64_t x;
  assert_int_equal(csv_parse_scaled("2 500,00", 2, &x), PLAM_OK);
  assert_int_equal(x, 250000);
  assert_int_equal(csv_parse_scaled("6000", 2, &x), PLAM_OK);
  assert_int_equal(x, 600000);
  assert_int_equal(csv_parse_scaled("0,1", 2, &x), PLAM_OK);
  assert_int_equal(x, 10);
  assert_int_equal(csv_parse_scaled("-12,340", 2, &x), PLAM_OK);
  assert_int_equal(x, -1234);
  assert_int_equal(csv_parse_scaled("12,345", 2, &x), PLAM_ERR_INVALID);
  assert_int_equal(csv_parse_scaled("1e3", 2, &x), PLAM_ERR_INVALID);
  assert_int_equal(csv_parse_scaled("92233720368547758,07", 2, &x), PLAM_OK);
  assert_true(x == INT64_MAX);
  assert_int_equal(csv_parse_scaled("92233720368547758,08", 2, &x), PLAM_ERR_INVALID);
  assert_int_equal(csv_parse_scaled("1", 10, &x), PLAM_ERR_INVALID);
}

static void test_writer_and_round_trip(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 16);
  struct csv_writer w;
  csv_writer_init(&w, &b, 0, true, true);
  csv_write_field(&w, "action");
  csv_write_field(&w, "texte");
  csv_write_field(&w, "montant");
  csv_write_end_row(&w);
  csv_write_field(&w, "1.1");
  csv_write_field(&w, "Dit \"oui\"; puis\nnon");
  csv_write_number(&w, 2500, 2, true);
  csv_write_end_row(&w);
  csv_write_field(&w, "=HYPERLINK(\"x\")");
  csv_write_field(&w, "-3");
  csv_write_number(&w, -0.001, 2, true);
  csv_write_end_row(&w);
  csv_write_field(&w, "'=déjà");
  csv_write_field(&w, NULL);
  csv_write_field(&w, "+33 2 40 00 00 00");
  csv_write_end_row(&w);
  assert_int_equal(csv_writer_status(&w), PLAM_OK);
  assert_string_equal(b.data, "\xEF\xBB\xBF"
                              "action;texte;montant\r\n"
                              "1.1;\"Dit \"\"oui\"\"; puis\nnon\";2500,00\r\n"
                              "\"'=HYPERLINK(\"\"x\"\")\";-3;0,00\r\n"
                              "''=déjà;;'+33 2 40 00 00 00\r\n");
  struct collect c;
  memset(&c, 0, sizeof c);
  struct csv_info info;
  assert_int_equal(csv_read(b.data, b.len, NULL, collect_row, &c, &info, NULL), PLAM_OK);
  assert_true(info.bom);
  assert_int_equal(info.sep, ';');
  assert_string_equal(c.out, "1:action|texte|montant\n"
                             "2:1.1|Dit \"oui\"; puis\nnon|2500,00\n"
                             "4:'=HYPERLINK(\"x\")|-3|0,00\n"
                             "5:''=déjà||'+33 2 40 00 00 00\n");
  assert_string_equal(csv_field_unguard("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
  assert_string_equal(csv_field_unguard("''=déjà"), "'=déjà");
  assert_string_equal(csv_field_unguard("'bonjour"), "'bonjour");
  assert_string_equal(csv_field_unguard("x"), "x");
  double v;
  assert_int_equal(csv_parse_number("2500,00", &v), PLAM_OK);
  assert_true(v == 2500);

  /* comma separator and decimal comma: the number is quoted */
  buf_clear(&b);
  csv_writer_init(&w, &b, ',', false, false);
  csv_write_number(&w, 1.5, 1, true);
  csv_write_number(&w, 1.5, 1, false);
  csv_write_field(&w, "=1+1");
  csv_write_end_row(&w);
  assert_string_equal(b.data, "\"1,5\",1.5,=1+1\r\n");
  csv_write_number(&w, 1.0 / 0.0, 1, true);
  assert_int_equal(csv_writer_status(&w), PLAM_ERR_INVALID);

  /* a lone empty field is quoted (not a blank line); a leading BOM character too */
  buf_clear(&b);
  csv_writer_init(&w, &b, 0, false, false);
  csv_write_field(&w, "");
  csv_write_end_row(&w);
  csv_write_field(&w, "\xEF\xBB\xBFx");
  csv_write_end_row(&w);
  assert_string_equal(b.data, "\"\"\r\n\"\xEF\xBB\xBFx\"\r\n");
  memset(&c, 0, sizeof c);
  assert_int_equal(csv_read(b.data, b.len, NULL, collect_row, &c, &info, NULL), PLAM_OK);
  assert_string_equal(c.out, "1:\n2:\xEF\xBB\xBFx\n");

  /* a full buffer is reported */
  struct buf small;
  buf_init(&small, 8);
  csv_writer_init(&w, &small, 0, false, false);
  csv_write_field(&w, "0123456789");
  csv_write_end_row(&w);
  assert_int_equal(csv_writer_status(&w), PLAM_ERR_TOO_LARGE);
  buf_release(&small);
  buf_release(&b);
}

static void test_read_file(void **state) {
  (void)state;
  char path[] = "/tmp/plam-test-csv-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char *s = "a;b\n1;2\n";
  assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
  close(fd);
  struct collect c;
  memset(&c, 0, sizeof c);
  struct table_error err;
  assert_int_equal(csv_read_file(path, 1024, NULL, collect_row, &c, NULL, &err), PLAM_OK);
  assert_string_equal(c.out, "1:a|b\n2:1|2\n");
  assert_int_equal(csv_read_file(path, 4, NULL, collect_row, &c, NULL, &err), PLAM_ERR_TOO_LARGE);
  unlink(path);
  assert_int_equal(csv_read_file(path, 1024, NULL, collect_row, &c, NULL, &err), PLAM_ERR_IO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_basic_and_separators),
    cmocka_unit_test(test_quotes_bom_blank_lines),
    cmocka_unit_test(test_errors_name_row_and_column),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_encodings),
    cmocka_unit_test(test_numbers),
    cmocka_unit_test(test_writer_and_round_trip),
    cmocka_unit_test(test_read_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
