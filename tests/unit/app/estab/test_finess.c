/* Unit tests for the FINESS number and extract reader (app/estab): the
 * check key at its edges (real numbers pass, every single-digit change of
 * them fails, Corsican and overseas forms, lengths, letters), Latin-1 to
 * UTF-8, Lambert 93 to WGS 84 at the projection's origin and against the
 * forward projection, the category table, and the extract reader's errors by
 * line and column. No database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/estab/estab.h"
#include "app/estab/estab_finess.h"

/* CHU numbers (EJ) from public lists, and two Mayotte numbers (see the
 * comment of estab_finess.c). */
static const char *const real[] = {
  "440000289", "310781406", "490000031", "750712184", "290000017", "350005179", "140000100", "760780239", "210780581",
  "250000015", "540023264", "510000029", "670780055", "370000481", "450000088", "690781810", "380780080", "630780989",
  "420784878", "330781196", "870000015", "860010560", "300780038", "980501506", "980501498"};

static void test_key_real_numbers(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) assert_null(estab_finess_check(real[i]));
}

static void test_key_any_single_change_fails(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof real / sizeof real[0]; i++)
    for (int pos = 0; pos < 9; pos++)
      for (char d = '0'; d <= '9'; d++) {
        char s[10];
        strcpy(s, real[i]);
        if (s[pos] == d) continue;
        s[pos] = d;
        if (pos < 2 && s[0] == '0' && s[1] == '0') continue; /* refused for its département anyway */
        const char *why = estab_finess_check(s);
        assert_non_null(why);
      }
}

static void test_key_messages_and_edges(void **state) {
  (void)state;
  assert_string_equal(estab_finess_check("440000288"), "numéro FINESS : clé de contrôle incorrecte");
  assert_string_equal(estab_finess_check("44000028"), "numéro FINESS de 9 caractères attendu");
  assert_string_equal(estab_finess_check("4400002890"), "numéro FINESS de 9 caractères attendu");
  assert_string_equal(estab_finess_check(""), "numéro FINESS de 9 caractères attendu");
  assert_non_null(estab_finess_check(NULL));
  assert_string_equal(estab_finess_check("44000028X"), "numéro FINESS : chiffres attendus (2A ou 2B en Corse)");
  assert_non_null(estab_finess_check(" 44000028"));
  assert_non_null(estab_finess_check("2C0000001"));
  assert_non_null(estab_finess_check("2a0000001")); /* lower case is not the FINESS form */
  assert_string_equal(estab_finess_check("000000000"), "numéro FINESS : département 00 inconnu");
  /* Corsica: the format only (the key rule of 2A/2B is not documented) */
  assert_null(estab_finess_check("2A0000014"));
  assert_null(estab_finess_check("2B0000013"));
  assert_non_null(estab_finess_check("2A000001A"));
}

static void test_latin1(void **state) {
  (void)state;
  struct buf out;
  buf_init(&out, 1024);
  size_t bad = 0;
  /* é (E9), Ê (CA), ’ (92 in Windows-1252), ÿ (FF) */
  const char in[] = "G\xE9n\xEAts \xCA L\x92"
                    "Erdre \xFF";
  assert_int_equal(finess_latin1_to_utf8(in, strlen(in), &out, &bad), PLAM_OK);
  assert_string_equal(out.data, "Génêts Ê L’Erdre ÿ");
  buf_release(&out);
  buf_init(&out, 1024);
  const char undefined[] = "ab\x81";
  assert_int_equal(finess_latin1_to_utf8(undefined, 3, &out, &bad), PLAM_ERR_INVALID);
  assert_int_equal(bad, 2);
  buf_release(&out);
}

static void test_lambert93(void **state) {
  (void)state;
  double lat, lon;
  /* the projection's origin: 700000, 6600000 is 46.5° N, 3° E */
  finess_lambert93_to_wgs84(700000.0, 6600000.0, &lat, &lon);
  assert_true(fabs(lat - 46.5) < 1e-9 && fabs(lon - 3.0) < 1e-9);
  /* Nantes: the forward projection of 47.2120 N, 1.5530 W is 355582.2, 6689010.8 (tests/data sample) */
  finess_lambert93_to_wgs84(355582.2, 6689010.8, &lat, &lon);
  assert_true(fabs(lat - 47.2120) < 2e-6 && fabs(lon + 1.5530) < 2e-6);
  /* Ajaccio */
  finess_lambert93_to_wgs84(1176140.2, 6109105.5, &lat, &lon);
  assert_true(fabs(lat - 41.9270) < 2e-6 && fabs(lon - 8.7330) < 2e-6);
}

static void test_categories(void **state) {
  (void)state;
  assert_string_equal(finess_category("101"), "chu");
  assert_string_equal(finess_category("355"), "ch");
  assert_string_equal(finess_category("500"), "ehpad");
  assert_string_equal(finess_category("354"), "home_care");
  assert_string_equal(finess_category("183"), "disability");
  assert_string_equal(finess_category("999"), "other");
  /* every mapped value is one of the module's categories */
  const char *codes[] = {"101", "106", "355", "114", "109", "128", "129", "365", "292", "156", "500", "501",
                         "127", "354", "209", "460", "124", "603", "182", "183", "186", "188", "192", "238",
                         "246", "252", "255", "382", "437", "445", "446", "175", "214", "202"};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    int found = 0;
    for (int k = 0; estab_categories[k]; k++) found |= !strcmp(estab_categories[k], finess_category(codes[i]));
    assert_true(found);
  }
}

#define HEAD "finess;etalab;95;2026-11-30\n"
#define ET(fin, name, com, dep, cat) \
  "structureet;" fin ";" fin ";" name ";;;;1;R;X;;;" com ";" dep ";L;44000 X;;;" cat \
  ";L;1;L;;8610Z;03;L;1;L;2001-01-01;2001-01-01;2026-10-01;\n"

static void parse(const char *s, struct finess_file *f, struct geo_file_report *rep) {
  geo_file_report_init(rep);
  assert_int_equal(finess_parse(s, strlen(s), f, rep), PLAM_OK);
}

static void test_reader_good(void **state) {
  (void)state;
  struct finess_file f;
  struct geo_file_report rep;
  parse(HEAD ET("440000289", "CHU", "109", "44", "101") ET("980501506", "DISP", "611", "9F", "124")
          ET("2A0000014", "CH", "004", "2A", "355") "geolocalisation;440000289;355582.2;6689010.8;1,IGN,LAMBERT_93;x\n"
                                                    "geolocalisation;980501506;525000;8585000;1,IGN,UTM_N38;x\n"
                                                    "equipementsocial;440000289;x\n",
        &f, &rep);
  assert_int_equal(rep.total_errors, 0);
  assert_int_equal(rep.total_notices, 1); /* the unknown line type */
  assert_int_equal(f.n, 3);
  /* sorted by number */
  assert_string_equal(f.rows[0].finess, "2A0000014");
  assert_string_equal(f.rows[0].commune, "2A004");
  assert_string_equal(f.rows[0].departement, "DEP-2A");
  assert_string_equal(f.rows[1].commune, "44109");
  assert_string_equal(f.rows[1].category, "chu");
  assert_true(f.rows[1].has_coords);
  assert_string_equal(f.rows[2].commune, "97611");
  assert_string_equal(f.rows[2].departement, "DEP-976");
  assert_false(f.rows[2].has_coords);
  assert_int_equal(f.geo_other, 1);
  finess_file_free(&f);
  geo_file_report_free(&rep);
}

static void test_reader_errors(void **state) {
  (void)state;
  struct finess_file f;
  struct geo_file_report rep;
  parse("finess;etalab\n" ET("440000288", "CHU", "109", "44", "101") ET("440000289", "", "109", "44", "101")
          ET("490000031", "X", "1a9", "49", "101")
            ET("750712184", "X", "056", "99", "abc") "structureet;1;2\n" ET("310781406", "T", "555", "31", "101")
              ET("310781406", "T", "555", "31", "101") "geolocalisation;440000289;abc;6689010.8;LAMBERT_93;x\n",
        &f, &rep);
  const struct {
    uint32_t row, col;
    const char *start;
  } want[] = {
    {2, 2, "numéro FINESS : clé"},
    {3, 4, "raison sociale"},
    {4, 13, "code commune"},
    {5, 14, "département « 99 »"},
    {5, 19, "code de catégorie"},
    {6, 0, "ligne structureet : 32 champs attendus, 3"},
    {8, 2, "établissement 310781406 déjà décrit ligne 7"},
    {9, 3, "coordonnée X"},
  };
  assert_int_equal(rep.total_errors, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    assert_int_equal(rep.errors[i].row, want[i].row);
    assert_int_equal(rep.errors[i].col, want[i].col);
    assert_memory_equal(rep.errors[i].message, want[i].start, strlen(want[i].start));
  }
  finess_file_free(&f);
  geo_file_report_free(&rep);
  parse("numero;x\n", &f, &rep);
  assert_int_equal(rep.total_errors, 1);
  assert_string_equal(rep.errors[0].message, "première ligne d'en-tête « finess;etalab;… » attendue");
  finess_file_free(&f);
  geo_file_report_free(&rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_key_real_numbers),
    cmocka_unit_test(test_key_any_single_change_fails),
    cmocka_unit_test(test_key_messages_and_edges),
    cmocka_unit_test(test_latin1),
    cmocka_unit_test(test_lambert93),
    cmocka_unit_test(test_categories),
    cmocka_unit_test(test_reader_good),
    cmocka_unit_test(test_reader_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
