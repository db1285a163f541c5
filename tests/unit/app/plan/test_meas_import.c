/* Unit tests for the measurement import's validation (app/meas_import.h),
 * without a database: header matching (any order, accents and case
 * ignored, unknown and missing columns), every per-row error with its row
 * and column, territory forms (DEP-44, 44, 2A, REG-52, FR), dates
 * (AAAA-MM-JJ, JJ/MM/AAAA, Excel dates through an XLSX file), French
 * numbers, numerator/denominator merging and its errors, duplicates naming
 * the first row, measurements in index order whatever the file order, pilot scoping, the 1,000-error cap, and that a file with
 * any error yields errors only; the number fast path equal to
 * csv_parse_number. */
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
#include "app/plan/meas_import.h"
#include "app/plan/plan_where.h"
#include "fmt/xlsx_write.h"

static struct meas_ind inds[3];
static char terrs[6][12] = {"FR", "REG-52", "DEP-44", "DEP-49", "DEP-2A", "REG-27"};
static struct meas_catalog cat;
/* bounds (meas_bounds.h): 12,5 is a fine percentage or amount, not a count */
#define PERCENT \
  { PROGRESS_KIND_PERCENT, PROGRESS_AGG_RATIO, 100 }
#define AMOUNT \
  { PROGRESS_KIND_AMOUNT, PROGRESS_AGG_SUM, 1 }
#define RATIO \
  { PROGRESS_KIND_RATIO, PROGRESS_AGG_RATIO, 1 }

static void setup_catalog(int pilot_allowed_second) {
  memset(inds, 0, sizeof inds);
  inds[0] = (struct meas_ind){.id = 10,
                              .code = "pdl-1.1",
                              .scope_id = "REG-52",
                              .allowed = 1,
                              .action_number = "1.1",
                              .rule = PERCENT};
  inds[1] = (struct meas_ind){.id = 11,
                              .code = "pdl-1.5",
                              .scope_id = "REG-52",
                              .by_departement = 1,
                              .allowed = pilot_allowed_second,
                              .action_number = "1.5",
                              .rule = AMOUNT};
  inds[2] = (struct meas_ind){.id = 12,
                              .code = "a-ratio",
                              .scope_id = "REG-52",
                              .by_departement = 1,
                              .allowed = 1,
                              .action_number = "2.1",
                              .rule = RATIO};
  cat = (struct meas_catalog){.inds = inds, .ninds = 3, .terrs = terrs, .nterrs = 6};
  meas_catalog_sort(&cat);
}

static const struct meas_ind *ind_of(const struct meas_out *m) { return &cat.inds[m->ind]; }

static void parse(const char *csv, struct meas_report *r) {
  assert_int_equal(meas_import_parse(&cat, MEAS_CSV, csv, strlen(csv), r), PLAM_OK);
}

static void expect_error(const struct meas_report *r, size_t i, unsigned row, const char *col, const char *needle) {
  assert_true(i < r->nerrors);
  if (r->errors[i].row != row || strcmp(r->errors[i].column, col) || !strstr(r->errors[i].message, needle))
    fail_msg("error %zu: got row %u column '%s' message '%s'; want row %u column '%s' containing '%s'", i,
             r->errors[i].row, r->errors[i].column, r->errors[i].message, row, col, needle);
}

static void test_good_file(void **state) {
  (void)state;
  setup_catalog(1);
  struct meas_report r;
  parse("\xEF\xBB\xBFValeur;Type;Territoire;Date;Indicateur;Commentaire\n"
        "12,5;valeur;REG-52;2024-12-31;pdl-1.1;\n"
        "3;;44;31/12/2024;pdl-1.5;note\n"
        "1 234,5;valeur;2a;2024-12-31;pdl-1.5;\n"
        "2;numérateur;DEP-49;2024-06-30;a-ratio;\n"
        "4;Dénominateur;dep-49;2024-06-30;a-ratio;\n",
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.rows, 5);
  assert_int_equal(r.nmeas, 4);
  /* in the order of the measurements index: indicator id, territory id, date */
  assert_string_equal(ind_of(&r.meas[0])->code, "pdl-1.1");
  assert_true(r.meas[0].value == 12.5 && r.meas[0].has == MEAS_HAS_VALUE);
  assert_string_equal(ind_of(&r.meas[1])->code, "pdl-1.5");
  assert_string_equal(cat.terrs[r.meas[1].terr], "DEP-2A");
  assert_true(r.meas[1].value == 1234.5);
  assert_null(r.meas[1].comment);
  assert_string_equal(cat.terrs[r.meas[2].terr], "DEP-44");
  assert_string_equal(r.meas[2].date, "2024-12-31");
  assert_int_equal(r.meas[2].day, 20241231);
  assert_string_equal(r.meas[2].comment, "note");
  assert_string_equal(ind_of(&r.meas[3])->code, "a-ratio");
  assert_int_equal(r.meas[3].has, MEAS_HAS_NUM | MEAS_HAS_DEN);
  assert_true(r.meas[3].numerator == 2 && r.meas[3].denominator == 4);
  assert_int_equal(r.meas[3].row, 5);
  meas_report_free(&r);
}

static void test_row_errors(void **state) {
  (void)state;
  setup_catalog(0);
  struct meas_report r;
  parse("indicateur;territoire;date;type;valeur\n"
        "pdl-1.1;REG-52;2024-12-31;valeur;1\n"        /* 2 good */
        "inconnu;REG-52;2024-12-31;valeur;1\n"        /* 3 indicator */
        "pdl-1.1;DEP-99;2024-12-31;valeur;1\n"        /* 4 territory */
        "pdl-1.1;DEP-44;2024-12-31;valeur;1\n"        /* 5 not at scope */
        "pdl-1.1;REG-52;2024-02-30;valeur;1\n"        /* 6 date */
        "pdl-1.1;REG-52;2024-03-31;moyenne;1\n"       /* 7 type */
        "pdl-1.1;REG-52;2024-04-30;valeur;1,234.5\n"  /* 8 ambiguous number */
        "pdl-1.5;DEP-44;2024-04-30;valeur;1\n"        /* 9 pilot scoping */
        "pdl-1.1;REG-52;2024-12-31;valeur;2\n"        /* 10 duplicate of row 2 */
        "a-ratio;DEP-44;2024-12-31;numerateur;2\n"    /* 11 numerator alone */
        "a-ratio;DEP-49;2024-12-31;denominateur;-1\n" /* 12 negative denominator */
        "pdl-1.1;REG-52;;valeur;\n",                  /* 13 empty date and value */
        &r);
  assert_int_equal(r.nmeas, 2); /* rows 2 and 11 were good on their own */
  assert_int_equal(r.total_errors, 12);
  size_t i = 0;
  expect_error(&r, i++, 3, "indicateur", "inconnu dans ce plan");
  expect_error(&r, i++, 4, "territoire", "« DEP-99 » inconnu");
  expect_error(&r, i++, 5, "territoire", "se mesure sur son périmètre REG-52 seulement");
  expect_error(&r, i++, 6, "date", "« 2024-02-30 » invalide");
  expect_error(&r, i++, 7, "type", "« moyenne » inconnu");
  expect_error(&r, i++, 8, "valeur", "nombre « 1,234.5 » invalide");
  expect_error(&r, i++, 9, "indicateur", "vous ne pilotez pas l'action 1.5");
  expect_error(&r, i++, 10, "type", "valeur déjà donnée ligne 2");
  expect_error(&r, i++, 11, "type", "numérateur sans dénominateur");
  expect_error(&r, i++, 12, "valeur", "un dénominateur entre 0 et 1 000 000 000 000 est attendu");
  expect_error(&r, i++, 13, "date", "la date est vide");
  expect_error(&r, i++, 13, "valeur", "la valeur est vide");
  meas_report_free(&r);
}


/* Rows of one key merge whatever their distance in the file; the
 * measurements come out sorted (indicator id, territory, date) whatever the
 * file order; a type given twice is an error at the later row naming the
 * measurement's first row, and the later value is not taken; the first
 * source and comment given win. */
static void test_merge_and_order(void **state) {
  (void)state;
  setup_catalog(1);
  struct meas_report r;
  parse("indicateur;territoire;date;type;valeur;source;commentaire\n"
        "a-ratio;DEP-49;2024-06-30;denominateur;10;;\n"   /* 2 */
        "pdl-1.5;DEP-49;2024-01-31;valeur;3;S1;\n"        /* 3 */
        "pdl-1.1;REG-52;2024-02-29;valeur;1;S1;c1\n"      /* 4 */
        "pdl-1.5;DEP-44;2024-01-31;valeur;2;S2;\n"        /* 5 */
        "pdl-1.1;REG-52;2023-12-31;valeur;0;;\n"          /* 6 */
        "a-ratio;DEP-49;2024-06-30;numerateur;4;S3;c2\n", /* 7 */
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.nmeas, 5);
  static const char *const want[5][3] = {{"pdl-1.1", "REG-52", "2023-12-31"},
                                         {"pdl-1.1", "REG-52", "2024-02-29"},
                                         {"pdl-1.5", "DEP-44", "2024-01-31"},
                                         {"pdl-1.5", "DEP-49", "2024-01-31"},
                                         {"a-ratio", "DEP-49", "2024-06-30"}};
  for (int i = 0; i < 5; i++) {
    assert_string_equal(ind_of(&r.meas[i])->code, want[i][0]);
    assert_string_equal(cat.terrs[r.meas[i].terr], want[i][1]);
    assert_string_equal(r.meas[i].date, want[i][2]);
  }
  assert_string_equal(r.meas[1].source, "S1");
  assert_string_equal(r.meas[1].comment, "c1");
  assert_string_equal(r.meas[2].source, "S2");
  assert_string_equal(r.meas[3].source, "S1");
  assert_int_equal(r.meas[4].row, 2); /* first row of its key */
  assert_true(r.meas[4].numerator == 4 && r.meas[4].denominator == 10);
  assert_string_equal(r.meas[4].source, "S3");
  assert_string_equal(r.meas[4].comment, "c2");
  meas_report_free(&r);

  parse("indicateur;territoire;date;type;valeur\n"
        "a-ratio;DEP-44;2024-06-30;numerateur;1\n"    /* 2 */
        "pdl-1.1;REG-52;2024-06-30;valeur;5\n"        /* 3 */
        "a-ratio;DEP-44;2024-06-30;denominateur;2\n"  /* 4 */
        "a-ratio;DEP-44;2024-06-30;numerateur;3\n"    /* 5 twice: names row 2 */
        "pdl-1.1;REG-52;2024-06-30;valeur;6\n"        /* 6 twice: names row 3 */
        "a-ratio;DEP-44;2024-06-30;denominateur;7\n", /* 7 twice */
        &r);
  assert_int_equal(r.total_errors, 3);
  expect_error(&r, 0, 5, "type", "numérateur déjà donné ligne 2 pour a-ratio, DEP-44, 2024-06-30");
  expect_error(&r, 1, 6, "type", "valeur déjà donnée ligne 3 pour pdl-1.1, REG-52, 2024-06-30");
  expect_error(&r, 2, 7, "type", "dénominateur déjà donné ligne 2");
  meas_report_free(&r);
}

static void test_header_errors(void **state) {
  (void)state;
  setup_catalog(1);
  struct meas_report r;
  parse("indicateur;lieu;date;valeur;valeur\npdl-1.1;REG-52;2024-12-31;1;1\n", &r);
  assert_int_equal(r.nmeas, 0);
  expect_error(&r, 0, 1, "", "en-tête « lieu » inconnu");
  expect_error(&r, 1, 1, "valeur", "apparaît deux fois");
  expect_error(&r, 2, 1, "territoire", "absente de l'en-tête");
  meas_report_free(&r);
  parse("", &r);
  expect_error(&r, 0, 1, "", "fichier vide");
  meas_report_free(&r);
  parse("indicateur;territoire;date;valeur\n", &r);
  expect_error(&r, 0, 2, "", "aucune ligne de valeur");
  meas_report_free(&r);
  parse("indicateur;territoire;date;valeur\n\"pdl-1.1;REG-52;2024-12-31;1\n", &r);
  assert_int_equal(r.nmeas, 0);
  assert_true(r.total_errors >= 1);
  assert_int_equal(r.errors[0].row, 2);
  meas_report_free(&r);
}

static void test_error_cap(void **state) {
  (void)state;
  setup_catalog(1);
  size_t n = 1500, cap = 64 + n * 40;
  char *csv = malloc(cap), *p = csv;
  p += sprintf(p, "indicateur;territoire;date;valeur\n");
  for (size_t i = 0; i < n; i++) p += sprintf(p, "x%zu;REG-52;2024-12-31;1\n", i);
  struct meas_report r;
  parse(csv, &r);
  assert_int_equal(r.nerrors, MEAS_IMPORT_MAX_ERRORS);
  assert_int_equal(r.total_errors, n);
  assert_int_equal(r.nmeas, 0);
  expect_error(&r, 0, 2, "indicateur", "« x0 »");
  meas_report_free(&r);
  free(csv);
}

static void test_territory_forms(void **state) {
  (void)state;
  setup_catalog(1);
  char id[12];
  uint32_t i;
  assert_true(meas_territory_resolve(&cat, "fr", id, &i) && !strcmp(id, "FR"));
  assert_true(meas_territory_resolve(&cat, " 44 ", id, &i) && !strcmp(id, "DEP-44"));
  assert_true(meas_territory_resolve(&cat, "reg-27", id, &i) && !strcmp(id, "REG-27"));
  assert_false(meas_territory_resolve(&cat, "52", id, &i)); /* a bare number is a département */
  assert_false(meas_territory_resolve(&cat, "", id, &i));
  assert_false(meas_territory_resolve(&cat, "DEP-44-X-TOO-LONG", id, &i));
}

static void test_xlsx_dates(void **state) {
  (void)state;
  setup_catalog(1);
  char path[] = "/tmp/plam-meas-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  struct xlsx_writer *w;
  assert_int_equal(xlsx_writer_open(path, &w), PLAM_OK);
  xlsx_writer_sheet(w, "mesures", NULL, 0);
  const char *h[] = {"indicateur", "territoire", "date", "type", "valeur"};
  xlsx_writer_header(w, 0, h, 5);
  xlsx_writer_text(w, 1, 0, "pdl-1.5");
  xlsx_writer_text(w, 1, 1, "DEP-49");
  xlsx_writer_date(w, 1, 2, "2023-03-31");
  xlsx_writer_text(w, 1, 3, "valeur");
  xlsx_writer_number(w, 1, 4, 42.25, XLSX_FMT_DECIMAL);
  xlsx_writer_text(w, 2, 0, "pdl-1.5");
  xlsx_writer_number(w, 2, 1, 44, XLSX_FMT_INTEGER);
  xlsx_writer_number(w, 2, 2, 45382, XLSX_FMT_GENERAL); /* an Excel serial without date format: 2024-03-31 */
  xlsx_writer_text(w, 2, 4, "7,5");
  assert_int_equal(xlsx_writer_close(w), PLAM_OK);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char data[1 << 16];
  size_t len = fread(data, 1, sizeof data, f);
  fclose(f);
  unlink(path);
  struct meas_report r;
  assert_int_equal(meas_import_parse(&cat, MEAS_XLSX, data, len, &r), PLAM_OK);
  if (r.total_errors) fail_msg("%u %s: %s", r.errors[0].row, r.errors[0].column, r.errors[0].message);
  assert_int_equal(r.nmeas, 2); /* in index order: DEP-44 before DEP-49 */
  assert_string_equal(cat.terrs[r.meas[0].terr], "DEP-44");
  assert_string_equal(r.meas[0].date, "2024-03-31");
  assert_true(r.meas[0].value == 7.5);
  assert_string_equal(cat.terrs[r.meas[1].terr], "DEP-49");
  assert_string_equal(r.meas[1].date, "2023-03-31");
  assert_true(r.meas[1].value == 42.25);
  meas_report_free(&r);
  /* not a workbook */
  assert_int_equal(meas_import_parse(&cat, MEAS_XLSX, "PK\3\4garbage", 11, &r), PLAM_OK);
  assert_true(r.total_errors >= 1 && r.nmeas == 0);
  meas_report_free(&r);
}

/* The number fast path gives the very double csv_parse_number gives, on
 * edge cases and on random plain decimals; anything else is refused or
 * accepted exactly as csv_parse_number does. */
static void test_number_fast_path(void **state) {
  (void)state;
  static const char *const cases[] = {"0",
                                      "-0",
                                      "0,0",
                                      "-0,000",
                                      "1",
                                      "-1",
                                      "3,5",
                                      "3.5",
                                      "0.1",
                                      "0,3",
                                      "2,675",
                                      "123456789012345",
                                      "999999999999999",
                                      "1234567890123456",
                                      "12345678901234,5",
                                      "0,000000000000001",
                                      "9007199254740993",
                                      "1 234,5",
                                      "1e3",
                                      ",5",
                                      "5,",
                                      "5,,1",
                                      "1.2.3",
                                      "-",
                                      "",
                                      "+4",
                                      " 7",
                                      "7 ",
                                      "1,5x",
                                      "0x10",
                                      "−3",
                                      "00012,50",
                                      "4,9999999999999",
                                      "1 000 000",
                                      "12,3e-2"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double a = 42, b = 42;
    plam_err ea = meas_parse_number(cases[i], &a), eb = csv_parse_number(cases[i], &b);
    assert_int_equal(ea, eb);
    if (!ea && memcmp(&a, &b, sizeof a)) fail_msg("%s: %.17g != %.17g", cases[i], a, b);
  }
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 200000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    char buf[40];
    int nd = 1 + (int)(x % 15), frac = (int)((x >> 8) % (uint64_t)(nd + 1));
    uint64_t m = (x >> 16) % 1000000000000000ull;
    char digits[20];
    snprintf(digits, sizeof digits, "%015llu", (unsigned long long)m);
    const char *d = digits + 15 - nd;
    if (frac == 0 || frac == nd) snprintf(buf, sizeof buf, "%s%s", (x >> 60) & 1 ? "-" : "", d);
    else
      snprintf(buf, sizeof buf, "%s%.*s%c%s", (x >> 60) & 1 ? "-" : "", nd - frac, d, (x >> 61) & 1 ? ',' : '.',
               d + nd - frac);
    double a = 0, b = 0;
    assert_int_equal(meas_parse_number(buf, &a), PLAM_OK);
    assert_int_equal(csv_parse_number(buf, &b), PLAM_OK);
    if (memcmp(&a, &b, sizeof a)) fail_msg("%s: %.17g != %.17g", buf, a, b);
  }
}

/* The bounds of meas_bounds.h, alone and through the import. */
static void test_bounds(void **state) {
  (void)state;
  const struct meas_rule count = {PROGRESS_KIND_COUNT, PROGRESS_AGG_SUM, 1}, pct = PERCENT, amount = AMOUNT,
                         rate = {PROGRESS_KIND_RATIO, PROGRESS_AGG_RATIO, 100000};
  const struct {
    const struct meas_rule *r;
    int hv;
    double v;
    int hr;
    double n, d;
    int refused;
    enum meas_part part;
  } cases[] = {
    {&count, 1, 12, 0, 0, 0, 0, 0},
    {&count, 1, 0, 0, 0, 0, 0, 0},
    {&count, 1, 1e9, 0, 0, 0, 0, 0},
    {&count, 1, 1e9 + 1, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&count, 1, 12.5, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&count, 1, -1, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&count, 1, 1e308, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&count, 0, 0, 1, 3, 4, 1, MEAS_PART_NUMERATOR},
    {&count, 1, 3, 1, 3, 4, 1, MEAS_PART_NUMERATOR},
    {&count, 0, 0, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&amount, 1, 1234.56, 0, 0, 0, 0, 0},
    {&amount, 1, 1.5e12, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&pct, 1, 100, 0, 0, 0, 0, 0},
    {&pct, 1, 100.5, 0, 0, 0, 1, MEAS_PART_VALUE},
    {&pct, 0, 0, 1, 1, 8, 0, 0},
    {&pct, 0, 0, 1, 0, 8, 0, 0},
    {&pct, 0, 0, 1, 3, 0, 1, MEAS_PART_DENOMINATOR},
    {&pct, 0, 0, 1, 5, 3, 1, MEAS_PART_NUMERATOR},
    {&pct, 0, 0, 1, -1, 3, 1, MEAS_PART_NUMERATOR},
    {&pct, 0, 0, 1, 1, 2e12, 1, MEAS_PART_DENOMINATOR},
    {&pct, 1, 12.5, 1, 1, 8, 0, 0},
    {&pct, 1, 12.54, 1, 1, 8, 0, 0},
    {&pct, 1, 50, 1, 1, 8, 1, MEAS_PART_VALUE},
    {&rate, 1, 350, 1, 35, 10000, 0, 0},
    {&rate, 0, 0, 1, 35, 10, 0, 0},
    {&rate, 1, 2e9, 0, 0, 0, 1, MEAS_PART_VALUE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char why[200] = "";
    enum meas_part part = MEAS_PART__COUNT;
    int got = meas_refused(cases[i].r, cases[i].hv, cases[i].v, cases[i].hr, cases[i].n, cases[i].d, &part, why,
                           sizeof why);
    if (got != cases[i].refused || (got && part != cases[i].part))
      fail_msg("case %zu: refused %d part %d (%s); want %d part %d", i, got, (int)part, why, cases[i].refused,
               (int)cases[i].part);
  }
  /* plausibility flags: 10 times the previous value, twice the target (or the baseline when higher) */
  assert_int_equal(meas_far_flags(2000, 1, 100, 1, 200, 1, 0), MEAS_FAR_PREVIOUS | MEAS_FAR_TARGET);
  assert_int_equal(meas_far_flags(1000, 1, 100, 0, 0, 0, 0), 0);
  assert_int_equal(meas_far_flags(1001, 1, 100, 0, 0, 0, 0), MEAS_FAR_PREVIOUS);
  assert_int_equal(meas_far_flags(9, 1, 100, 0, 0, 0, 0), MEAS_FAR_PREVIOUS);
  assert_int_equal(meas_far_flags(5, 1, 0, 0, 0, 0, 0), 0); /* no factor of 0 */
  assert_int_equal(meas_far_flags(401, 0, 0, 1, 200, 0, 0), MEAS_FAR_TARGET);
  assert_int_equal(meas_far_flags(401, 0, 0, 1, 200, 1, 300), 0); /* lower is better: baseline 300 */
  assert_int_equal(meas_far_flags(601, 0, 0, 1, 200, 1, 300), MEAS_FAR_TARGET);
  struct meas_rule r;
  assert_int_equal(meas_rule_from("percent", "ratio", 100, &r), PLAM_OK);
  assert_int_equal(r.kind, PROGRESS_KIND_PERCENT);
  assert_int_equal(meas_rule_from("count", "moyenne", 1, &r), PLAM_ERR_INVALID);
  assert_int_equal(meas_rule_from("count", "sum", 0, &r), PLAM_ERR_INVALID);

  /* through the import: each number on its row, a ratio across on its first row */
  setup_catalog(1);
  for (size_t i = 0; i < cat.ninds; i++)
    if (!strcmp(cat.inds[i].code, "pdl-1.5")) cat.inds[i].rule = count;
  struct meas_report rep;
  parse("indicateur;territoire;date;type;valeur\n"
        "pdl-1.5;44;2024-12-31;valeur;12\n"
        "pdl-1.5;44;2024-11-30;valeur;1,5\n"
        "pdl-1.5;49;2024-12-31;numerateur;1\n"
        "pdl-1.1;REG-52;2024-12-31;valeur;1e308\n"
        "pdl-1.1;REG-52;2024-11-30;numerateur;9\n"
        "pdl-1.1;REG-52;2024-11-30;denominateur;3\n",
        &rep);
  assert_int_equal(rep.total_errors, 4);
  expect_error(&rep, 0, 3, "valeur", "nombre entier entre 0 et 1 000 000 000");
  expect_error(&rep, 1, 4, "valeur", "sans numérateur ni dénominateur");
  expect_error(&rep, 2, 5, "valeur", "pourcentage entre 0 et 100");
  expect_error(&rep, 3, 6, "valeur", "ne dépasse pas 100");
  meas_report_free(&rep);
}

/* where an indicator is measured (plan_where.h, issue 9 item 9): the rule,
 * its French refusal, and the import refusing a row outside it */
static void test_where(void **state) {
  (void)state;
  const int64_t it_ind[] = {11, 11, 12};
  const char it_terr[][12] = {"DEP-44", "DEP-49", "DEP-53"};
  const char plan_terr[][12] = {"DEP-44", "DEP-85", "REG-52"};
  char w[8][12];
  size_t n = plan_where("departement", 11, "REG-52", it_ind, it_terr, 3, plan_terr, 3, w, 8);
  assert_int_equal(n, 2); /* those listed for it */
  assert_string_equal(w[0], "DEP-44");
  assert_string_equal(w[1], "DEP-49");
  n = plan_where("departement", 13, "REG-52", it_ind, it_terr, 3, plan_terr, 3, w, 8);
  assert_int_equal(n, 2); /* none listed: the plan's départements, not its région */
  assert_string_equal(w[0], "DEP-44");
  assert_string_equal(w[1], "DEP-85");
  n = plan_where("departement", 13, "REG-52", it_ind, it_terr, 3, plan_terr + 2, 1, w, 8);
  assert_int_equal(n, 1); /* nor the plan's: its scope */
  assert_string_equal(w[0], "REG-52");
  n = plan_where("scope", 11, "REG-52", it_ind, it_terr, 3, plan_terr, 3, w, 8);
  assert_int_equal(n, 1);
  assert_string_equal(w[0], "REG-52");
  assert_int_equal(plan_where("departement", 11, "REG-52", it_ind, it_terr, 3, plan_terr, 3, w, 1), 1); /* bounded */
  /* what a territory's figure counts: a national scope every département, overseas included */
  assert_true(plan_where_covers("FR", "DEP-44", "REG-52"));
  assert_true(plan_where_covers("FR", "DEP-974", "REG-04"));
  assert_false(plan_where_covers("FR", "REG-52", NULL));
  assert_true(plan_where_covers("REG-52", "DEP-44", "REG-52"));
  assert_false(plan_where_covers("REG-52", "DEP-21", "REG-27"));
  assert_true(plan_where_covers("DEP-44", "DEP-44", "REG-52"));
  assert_false(plan_where_covers("DEP-44", "DEP-49", "REG-52"));
  n = plan_where("departement", 13, "FR", it_ind, it_terr, 3, plan_terr, 3, w, 8);
  assert_int_equal(n, 2); /* a national indicator by département: the plan's départements */
  assert_string_equal(w[0], "DEP-44");
  n = plan_where("departement", 11, "REG-52", it_ind, it_terr, 3, plan_terr, 3, w, 8);
  assert_true(plan_where_has((const char(*)[12])w, n, "DEP-49"));
  assert_false(plan_where_has((const char(*)[12])w, n, "DEP-53"));
  char msg[200];
  plan_where_refusal((const char(*)[12])w, n, "DEP-53", msg, sizeof msg);
  assert_string_equal(msg, "cet indicateur ne se mesure pas sur DEP-53 ; territoires possibles : DEP-44, DEP-49");
  char many[40][12];
  for (int i = 0; i < 40; i++) snprintf(many[i], 12, "DEP-%02d", i + 1);
  plan_where_refusal((const char(*)[12])many, 40, "FR", msg, 120); /* cut at a whole id, marked */
  assert_true(strlen(msg) < 120);
  assert_non_null(strstr(msg, ", DEP-0"));
  assert_non_null(strstr(msg, " …"));

  /* the import: a by-département indicator with where set refuses the rest */
  setup_catalog(1);
  char ok[2][12] = {"DEP-44", "DEP-2A"};
  for (size_t i = 0; i < cat.ninds; i++)
    if (!strcmp(cat.inds[i].code, "pdl-1.5")) {
      cat.inds[i].where = ok;
      cat.inds[i].nwhere = 2;
    }
  struct meas_report r;
  parse("indicateur;territoire;date;valeur\n"
        "pdl-1.5;DEP-44;2024-12-31;1\n"
        "pdl-1.5;49;2024-12-31;1\n"
        "pdl-1.5;2A;2024-12-31;1\n"
        "a-ratio;DEP-49;2024-12-31;1\n",
        &r);
  assert_int_equal(r.total_errors, 1);
  expect_error(&r, 0, 3, "territoire", "ne se mesure pas sur DEP-49 ; territoires possibles : DEP-44, DEP-2A");
  meas_report_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_good_file),       cmocka_unit_test(test_row_errors),
    cmocka_unit_test(test_merge_and_order), cmocka_unit_test(test_header_errors),
    cmocka_unit_test(test_error_cap),       cmocka_unit_test(test_territory_forms),
    cmocka_unit_test(test_xlsx_dates),      cmocka_unit_test(test_number_fast_path),
    cmocka_unit_test(test_bounds),          cmocka_unit_test(test_where),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
