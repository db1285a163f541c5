/* Unit tests for the XLSX writer and reader (app/xlsx_write.h,
 * app/xlsx_read.h): a workbook written with xlsx_write read back with
 * xlsx_read (sheets, header, text, numbers, euros, percent, dates, empty
 * cells, sheet names made valid), hand-made packages covering what other
 * producers write (inline and rich shared strings, booleans, errors, custom
 * date formats, the 1904 system, prefixed element names, _xHHHH_ escapes),
 * cell references, Excel serial dates around the 1900 leap bug, and the
 * defences: not a zip, missing parts, DTD, zip bomb by size and by ratio,
 * cell and column limits, with French errors naming the cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "fmt/xlsx_read.h"
#include "fmt/xlsx_write.h"

struct collect {
  char out[8192];
  size_t n;
};

static const char kind_letter[] = {'-', 'T', 'N', 'D', 'B', 'E'};

/* "row:kind=text|kind=text\n" */
static plam_err collect_row(void *ctx, const struct table_row *r) {
  struct collect *c = ctx;
  c->n += (size_t)snprintf(c->out + c->n, sizeof c->out - c->n, "%zu:", r->row);
  for (size_t i = 0; i < r->ncols; i++) {
    assert_int_equal(strlen(r->cells[i]), r->lens[i]);
    c->n += (size_t)snprintf(c->out + c->n, sizeof c->out - c->n, "%s%c=%s", i ? "|" : "", kind_letter[r->kinds[i]],
                             r->cells[i]);
  }
  c->n += (size_t)snprintf(c->out + c->n, sizeof c->out - c->n, "\n");
  return PLAM_OK;
}

static char *tmp_path(const char *suffix) {
  static char path[128];
  static int k;
  snprintf(path, sizeof path, "/tmp/plam-test-xlsx-%d-%d%s", (int)getpid(), k++, suffix);
  return path;
}

/* Writes a zip holding names[i] -> contents[i]. */
static void make_zip(const char *path, const char *const *names, const char *const *contents, const size_t *lens,
                     size_t n) {
  int ze;
  unlink(path);
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
  assert_non_null(z);
  for (size_t i = 0; i < n; i++) {
    size_t len = lens ? lens[i] : strlen(contents[i]);
    zip_source_t *s = zip_source_buffer(z, contents[i], len, 0);
    assert_non_null(s);
    assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
}

#define CT "[Content_Types].xml"
#define CT_XML "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
#define ROOT_RELS \
  "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" " \
  "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" " \
  "Target=\"xl/workbook.xml\"/></Relationships>"
#define WB_RELS \
  "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" " \
  "Target=\"worksheets/sheet1.xml\"/>" \
  "<Relationship Id=\"rId2\" " \
  "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" " \
  "Target=\"/xl/sharedStrings.xml\"/>" \
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" " \
  "Target=\"styles.xml\"/></Relationships>"

/* A package with one sheet "Mesures" and the given sheet, strings, styles,
 * workbookPr. */
static void make_book(const char *path, const char *sheet, const char *sst, const char *styles, bool date1904) {
  char wb[1024];
  snprintf(wb, sizeof wb,
           "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">%s"
           "<x:sheets><x:sheet name=\"Mesures\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
           date1904 ? "<x:workbookPr date1904=\"1\"/>" : "");
  const char *names[] = {CT,
                         "_rels/.rels",
                         "xl/workbook.xml",
                         "xl/_rels/workbook.xml.rels",
                         "xl/worksheets/sheet1.xml",
                         "xl/sharedStrings.xml",
                         "xl/styles.xml"};
  const char *contents[] = {CT_XML, ROOT_RELS, wb, WB_RELS, sheet, sst, styles};
  make_zip(path, names, contents, NULL, 7);
}

#define SHEET_HEAD \
  "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"
#define SST_EMPTY "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"
#define STYLES_DATE \
  "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
  "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>" \
  "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00\\ &quot;€&quot;\"/></numFmts>" \
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>" \
  "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf " \
  "numFmtId=\"14\"/></cellXfs></styleSheet>"

static void test_round_trip(void **state) {
  (void)state;
  const char *path = tmp_path(".xlsx");
  struct xlsx_writer *w;
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_properties(w, "Plan de mobilisation", "ARS Pays de la Loire");
  char used[128];
  xlsx_writer_sheet(w, "Axe 1 : attirer/former [2022]", used, sizeof used);
  assert_string_equal(used, "Axe 1 - attirer-former -2022-");
  const char *titles[] = {"Action", "Intitulé", "Montant", "Taux", "Échéance", "Cible"};
  xlsx_writer_header(w, 0, titles, 6);
  xlsx_writer_col_width(w, 1, 1, 40);
  xlsx_writer_text(w, 1, 0, "1.1");
  xlsx_writer_text(w, 1, 1, "=Contrats PEC \"aides-soignants\" & <IDE>");
  xlsx_writer_number(w, 1, 2, 1250000, XLSX_FMT_EUROS);
  xlsx_writer_number(w, 1, 3, 0.25, XLSX_FMT_PERCENT);
  xlsx_writer_date(w, 1, 4, "2024-12-31");
  xlsx_writer_number(w, 1, 5, 500, XLSX_FMT_INTEGER);
  xlsx_writer_text(w, 2, 0, "1.2");
  xlsx_writer_text(w, 2, 3, ""); /* stays empty */
  xlsx_writer_number(w, 2, 2, 2500.5, XLSX_FMT_EUROS_CENTS);
  xlsx_writer_date(w, 2, 4, "1900-01-01");
  xlsx_writer_sheet(w, "axe 1 : attirer/former [2022]", used, sizeof used);
  assert_string_equal(used, "axe 1 - attirer-former -202 (2)");
  xlsx_writer_sheet(w, "Budget", NULL, 0);
  xlsx_writer_number(w, 0, 0, 1.0 / 3.0, XLSX_FMT_GENERAL);
  xlsx_writer_number(w, 0, 1, -7, XLSX_FMT_DECIMAL);
  assert_int_equal(xlsx_writer_close(w), PLAM_OK);

  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_OK);
  assert_int_equal(xlsx_sheet_count(b), 3);
  assert_string_equal(xlsx_sheet_name(b, 0), "Axe 1 - attirer-former -2022-");
  assert_string_equal(xlsx_sheet_name(b, 2), "Budget");
  assert_null(xlsx_sheet_name(b, 3));
  assert_int_equal(xlsx_sheet_find(b, "Budget"), 2);
  assert_int_equal(xlsx_sheet_find(b, "budget"), -1);
  assert_false(xlsx_date1904(b));
  struct collect c;
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_OK);
  assert_string_equal(c.out, "1:T=Action|T=Intitulé|T=Montant|T=Taux|T=Échéance|T=Cible\n"
                             "2:T=1.1|T==Contrats PEC \"aides-soignants\" & <IDE>|N=1250000|N=0.25|D=2024-12-31|N=500\n"
                             "3:T=1.2|-=|N=2500.5|-=|D=1900-01-01\n");
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_read_sheet(b, 1, collect_row, &c, &err), PLAM_OK);
  assert_string_equal(c.out, "");
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_read_sheet(b, 2, collect_row, &c, &err), PLAM_OK);
  assert_string_equal(c.out, "1:N=0.3333333333333333|N=-7\n");
  assert_int_equal(xlsx_read_sheet(b, 3, collect_row, &c, &err), PLAM_ERR_NOT_FOUND);
  xlsx_close(b);
  unlink(path);
}

static void test_writer_errors(void **state) {
  (void)state;
  const char *path = tmp_path(".xlsx");
  struct xlsx_writer *w;
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, "A", NULL, 0);
  xlsx_writer_date(w, 0, 0, "2023-02-29");
  assert_int_equal(xlsx_writer_close(w), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, "A", NULL, 0);
  xlsx_writer_text(w, 0, 0, "caf\xE9");
  xlsx_writer_text(w, 0, 1, "ok"); /* ignored after the first error */
  assert_int_equal(xlsx_writer_close(w), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, "A", NULL, 0);
  xlsx_writer_text(w, 2000000, 0, "loin");
  assert_int_equal(xlsx_writer_close(w), PLAM_ERR_TOO_LARGE);
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, "A", NULL, 0);
  xlsx_writer_number(w, 0, 0, 0.0 / 0.0, XLSX_FMT_DECIMAL);
  assert_int_equal(xlsx_writer_close(w), PLAM_ERR_INVALID);
  /* no sheet at all still makes a workbook */
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  assert_int_equal(xlsx_writer_close(w), PLAM_OK);
  assert_int_equal(xlsx_writer_close(NULL), PLAM_OK);
  unlink(path);
}

static void test_other_producers(void **state) {
  (void)state;
  const char *path = tmp_path(".xlsx");
  const char *sst =
    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"
    "<si><t>IND-1</t></si>"
    "<si><r><rPr><b/></rPr><t>Loire-</t></r><r><t xml:space=\"preserve\">Atlantique </t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>"
    "<si><t>ligne 1_x000D__x000A_ligne 2 _x0000_</t></si></sst>";
  const char *sheet = SHEET_HEAD
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c>"
    "<c r=\"D2\" s=\"1\"><v>45291</v></c><c r=\"E2\" s=\"2\"><v>2500</v></c>"
    "<c r=\"F2\" t=\"b\"><v>1</v></c><c r=\"G2\" t=\"e\"><v>#DIV/0!</v></c></row>"
    "<row r=\"3\"><c t=\"inlineStr\"><is><t>en ligne</t></is></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>calculé</v></c>"
    "<c s=\"3\"><v>45291.5</v></c><c s=\"1\"><v>0.25</v></c><c t=\"d\"><v>2024-01-15</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" s=\"1\"/><c r=\"B4\"><v></v></c></row>"
    "<row r=\"5\"><c r=\"B5\" t=\"s\"><v>2</v></c></row>" SHEET_TAIL;
  make_book(path, sheet, sst, STYLES_DATE, false);
  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_OK);
  struct collect c;
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_OK);
  assert_string_equal(c.out, "2:T=IND-1|-=|T=Loire-Atlantique |D=2023-12-31|N=2500|B=1|E=#DIV/0!\n"
                             "3:T=en ligne|T=calculé|D=2023-12-31T12:00:00|N=0.25|D=2024-01-15\n"
                             "5:-=|T=ligne 1\r\nligne 2 _x0000_\n");
  xlsx_close(b);

  /* 1904 date system */
  sheet = SHEET_HEAD "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43829</v></c></row>" SHEET_TAIL;
  make_book(path, sheet, SST_EMPTY, STYLES_DATE, true);
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_OK);
  assert_true(xlsx_date1904(b));
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_OK);
  assert_string_equal(c.out, "1:D=2023-12-31\n");
  xlsx_close(b);
  unlink(path);
}

static void expect_sheet_error(const char *sheet, const struct xlsx_limits *lim, plam_err want, const char *msg_part,
                               size_t row, size_t col) {
  const char *path = tmp_path(".xlsx");
  make_book(path, sheet, SST_EMPTY, STYLES_DATE, false);
  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open_file(path, 1 << 20, lim, &b, &err), PLAM_OK);
  struct collect c;
  memset(&c, 0, sizeof c);
  plam_err e = xlsx_read_sheet(b, 0, collect_row, &c, &err);
  if (e != want || !strstr(err.message, msg_part))
    fail_msg("got %d \"%s\", want %d \"%s\"", e, err.message, want, msg_part);
  assert_int_equal(err.row, row);
  assert_int_equal(err.col, col);
  xlsx_close(b);
  unlink(path);
}

static void test_sheet_errors(void **state) {
  (void)state;
  expect_sheet_error(SHEET_HEAD "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>3</v></c></row>" SHEET_TAIL, NULL,
                     PLAM_ERR_INVALID, "ligne 7, colonne 3 : cellule C7 : texte partagé inconnu", 7, 3);
  expect_sheet_error(SHEET_HEAD "<row r=\"2\"><c r=\"B2\"><v>12,5</v></c></row>" SHEET_TAIL, NULL, PLAM_ERR_INVALID,
                     "cellule B2 : nombre invalide 12,5", 2, 2);
  expect_sheet_error(SHEET_HEAD "<row r=\"2\"><c r=\"B2\" t=\"b\"><v>2</v></c></row>" SHEET_TAIL, NULL,
                     PLAM_ERR_INVALID, "booléen", 2, 2);
  expect_sheet_error(SHEET_HEAD "<row r=\"2\"><c r=\"2B\"><v>1</v></c></row>" SHEET_TAIL, NULL, PLAM_ERR_INVALID,
                     "référence de cellule invalide", 2, 0);
  struct xlsx_limits lim = {.max_cols = 3, .max_cells = 4, .max_string = 8};
  expect_sheet_error(SHEET_HEAD "<row r=\"1\"><c r=\"D1\"><v>1</v></c></row>" SHEET_TAIL, &lim, PLAM_ERR_TOO_LARGE,
                     "trop de colonnes", 1, 4);
  expect_sheet_error(SHEET_HEAD "<row r=\"1\"><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>"
                                "<row r=\"2\"><c><v>1</v></c><c><v>1</v></c></row>" SHEET_TAIL,
                     &lim, PLAM_ERR_TOO_LARGE, "trop de cellules", 2, 2);
  expect_sheet_error(SHEET_HEAD "<row r=\"1\"><c t=\"inlineStr\"><is><t>123456789</t></is></c></row>" SHEET_TAIL, &lim,
                     PLAM_ERR_TOO_LARGE, "texte trop long", 1, 1);
  expect_sheet_error("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><worksheet>&a;</worksheet>", NULL,
                     PLAM_ERR_INVALID, "DTD", 0, 0);
  expect_sheet_error(SHEET_HEAD "<row r=\"1\"><c><v>1</v></c>" SHEET_TAIL, NULL, PLAM_ERR_INVALID, "XML invalide", 0,
                     0);
}

static void test_not_a_workbook(void **state) {
  (void)state;
  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open("PK\3\4garbage", 11, NULL, &b, &err), PLAM_ERR_INVALID);
  assert_non_null(strstr(err.message, "pas un classeur XLSX"));
  assert_null(b);
  assert_int_equal(xlsx_open("", 0, NULL, &b, &err), PLAM_ERR_INVALID);
  const char *path = tmp_path(".zip");
  const char *names[] = {"hello.txt"};
  const char *contents[] = {"bonjour"};
  make_zip(path, names, contents, NULL, 1);
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_ERR_INVALID);
  assert_non_null(strstr(err.message, "pas un classeur XLSX"));
  /* workbook naming a sheet the archive lacks */
  const char *names2[] = {"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
  const char *contents2[] = {ROOT_RELS, "<workbook><sheets><sheet name=\"S\" r:id=\"rId9\"/></sheets></workbook>",
                             WB_RELS};
  make_zip(path, names2, contents2, NULL, 3);
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_ERR_INVALID);
  assert_non_null(strstr(err.message, "feuille « S » introuvable"));
  assert_int_equal(xlsx_open_file("/nonexistent/x.xlsx", 1 << 20, NULL, &b, &err), PLAM_ERR_IO);
  unlink(path);
}

static void test_zip_bombs(void **state) {
  (void)state;
  const char *path = tmp_path(".xlsx");
  /* a 4 MiB sheet of one repeated byte: compresses about 1000:1 */
  size_t big = 4u << 20;
  char *sheet = malloc(big);
  assert_non_null(sheet);
  memset(sheet, ' ', big);
  memcpy(sheet, SHEET_HEAD, strlen(SHEET_HEAD));
  memcpy(sheet + big - strlen(SHEET_TAIL), SHEET_TAIL, strlen(SHEET_TAIL));
  char wb[] = "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
  const char *names[] = {
    "_rels/.rels",          "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml", "xl/styles.xml"};
  const char *contents[] = {ROOT_RELS, wb, WB_RELS, sheet, SST_EMPTY, STYLES_DATE};
  size_t lens[] = {strlen(ROOT_RELS), strlen(wb), strlen(WB_RELS), big, strlen(SST_EMPTY), strlen(STYLES_DATE)};
  make_zip(path, names, contents, lens, 6);
  struct xlsx_book *b;
  struct table_error err;
  struct collect c;
  memset(&c, 0, sizeof c);
  assert_int_equal(xlsx_open_file(path, 1 << 20, NULL, &b, &err), PLAM_OK);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_ERR_TOO_LARGE);
  assert_non_null(strstr(err.message, "bombe zip"));
  xlsx_close(b);
  struct xlsx_limits lim = {.max_part = 1u << 20, .max_ratio = 100000};
  assert_int_equal(xlsx_open_file(path, 1 << 20, &lim, &b, &err), PLAM_OK);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_ERR_TOO_LARGE);
  assert_non_null(strstr(err.message, "trop grosse"));
  xlsx_close(b);
  lim.max_part = 0;
  assert_int_equal(xlsx_open_file(path, 1 << 20, &lim, &b, &err), PLAM_OK);
  assert_int_equal(xlsx_read_sheet(b, 0, collect_row, &c, &err), PLAM_OK);
  xlsx_close(b);
  assert_int_equal(xlsx_open_file(path, 100, &lim, &b, &err), PLAM_ERR_TOO_LARGE);
  free(sheet);
  unlink(path);
}

static void test_refs_and_dates(void **state) {
  (void)state;
  uint32_t r, c;
  assert_int_equal(xlsx_cell_ref_parse("A1", &r, &c), PLAM_OK);
  assert_true(r == 1 && c == 1);
  assert_int_equal(xlsx_cell_ref_parse("$AB$12", &r, &c), PLAM_OK);
  assert_true(r == 12 && c == 28);
  assert_int_equal(xlsx_cell_ref_parse("XFD1048576", &r, &c), PLAM_OK);
  assert_true(r == 1048576 && c == 16384);
  const char *bad[] = {"", "A", "1", "A0", "XFE1", "A1048577", "A01", "AAAA1", "A1B", "é1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (xlsx_cell_ref_parse(bad[i], &r, &c) == PLAM_OK) fail_msg("accepted %s", bad[i]);
  char n[4];
  xlsx_col_name(1, n);
  assert_string_equal(n, "A");
  xlsx_col_name(26, n);
  assert_string_equal(n, "Z");
  xlsx_col_name(27, n);
  assert_string_equal(n, "AA");
  xlsx_col_name(16384, n);
  assert_string_equal(n, "XFD");
  xlsx_col_name(0, n);
  assert_string_equal(n, "?");

  char d[20];
  struct {
    double s;
    const char *iso;
  } ok[] = {{1, "1900-01-01"},     {59, "1900-02-28"},    {61, "1900-03-01"},     {25569, "1970-01-01"},
            {44562, "2022-01-01"}, {45291, "2023-12-31"}, {2958465, "9999-12-31"}};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    assert_int_equal(xlsx_serial_to_date(ok[i].s, false, d), PLAM_OK);
    assert_string_equal(d, ok[i].iso);
    double s;
    assert_int_equal(xlsx_date_to_serial(ok[i].iso, false, &s), PLAM_OK);
    assert_true(s == ok[i].s);
  }
  assert_int_equal(xlsx_serial_to_date(60, false, d), PLAM_ERR_INVALID); /* 1900-02-29 */
  assert_int_equal(xlsx_serial_to_date(0, false, d), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_serial_to_date(-1, false, d), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_serial_to_date(2958466, false, d), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_serial_to_date(1.0 / 0.0, false, d), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_serial_to_date(45291.75, false, d), PLAM_OK);
  assert_string_equal(d, "2023-12-31T18:00:00");
  assert_int_equal(xlsx_serial_to_date(45291.9999999, false, d), PLAM_OK);
  assert_string_equal(d, "2024-01-01");
  assert_int_equal(xlsx_serial_to_date(0, true, d), PLAM_OK);
  assert_string_equal(d, "1904-01-01");
  double s;
  assert_int_equal(xlsx_date_to_serial("2023-12-31", true, &s), PLAM_OK);
  assert_true(s == 45291 - 1462);
  assert_int_equal(xlsx_date_to_serial("1900-02-29", false, &s), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_date_to_serial("2024-02-29", false, &s), PLAM_OK);
  assert_int_equal(xlsx_date_to_serial("2023-02-29", false, &s), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_date_to_serial("1899-12-31", false, &s), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_date_to_serial("2023-1-01", false, &s), PLAM_ERR_INVALID);
  assert_int_equal(xlsx_date_to_serial(NULL, false, &s), PLAM_ERR_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_writer_errors),
    cmocka_unit_test(test_other_producers), cmocka_unit_test(test_sheet_errors),
    cmocka_unit_test(test_not_a_workbook),  cmocka_unit_test(test_zip_bombs),
    cmocka_unit_test(test_refs_and_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
