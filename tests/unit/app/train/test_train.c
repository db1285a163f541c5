/* Unit tests of the training module's pure parts: the UAI check key (the
 * examples of the rule's description and the refusals), the rate, the
 * programme nomenclature against data/ref/programmes.csv, and the dropout
 * CSV: a good file (headers in any case and with accents, causes and yes/no
 * in French), every error with its row and column, the rules across rows
 * (one enrolled count per cohort, no line twice, no more dropouts than
 * enrolled), the header's errors and an empty file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/train/train.h"

static void test_uai_key(void **state) {
  (void)state;
  /* Répertoire national des établissements: 7 characters, then the letter
   * of the remainder of the division by 23 (alphabet without I, O, Q). */
  assert_int_equal(train_uai_key("0750654"), 'D');
  assert_int_equal(train_uai_key("0752524"), 'L');
  assert_int_equal(train_uai_key("0920131"), 'T');
  assert_int_equal(train_uai_key("0000000"), 'A');
  assert_int_equal(train_uai_key("0000022"), 'Z'); /* 22: the last letter */
  assert_int_equal(train_uai_key("0000008"), 'J'); /* I is skipped */
  assert_int_equal(train_uai_key("075065a"), '\0');
  assert_int_equal(train_uai_key(NULL), '\0');
  assert_true(train_uai_valid("0750654D"));
  assert_true(train_uai_valid("0920131T"));
  assert_false(train_uai_valid("0750654E"));  /* wrong key */
  assert_false(train_uai_valid("0750654d"));  /* upper case only */
  assert_false(train_uai_valid("750654D"));   /* 7 characters */
  assert_false(train_uai_valid("0750654DD")); /* 9 characters */
  assert_false(train_uai_valid(""));
  assert_false(train_uai_valid(NULL));
}

static void test_rate(void **state) {
  (void)state;
  assert_true(train_rate(153, 1221) == 12.5);
  assert_true(train_rate(25, 550) == 4.5);
  assert_true(train_rate(1, 3) == 33.3);
  assert_true(train_rate(2, 3) == 66.7);
  assert_true(train_rate(0, 0) == 0);
  assert_true(train_rate(5, 0) == 0);
  assert_true(train_rate(10, 10) == 100);
}

/* data/ref/programmes.csv and the C table hold the same rows, in order. */
static void test_programmes_csv(void **state) {
  (void)state;
  const char *src = getenv("PLAM_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/data/ref/programmes.csv", src ? src : ".");
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[2048];
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "code;libelle;diplome;source;verification\n");
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    assert_true(n < train_programmes_count);
    char want[2048];
    snprintf(want, sizeof want, "%s;%s;%s;%s;%s", train_programmes[n].code, train_programmes[n].label,
             train_programmes[n].diploma, train_programmes[n].source, train_programmes[n].verification);
    /* every citation says how it was checked */
    const char *v = train_programmes[n].verification;
    assert_true(!strncmp(v, "vérifié", strlen("vérifié")) || !strncmp(v, "corrigé", strlen("corrigé")) ||
                !strncmp(v, "partiellement vérifié", strlen("partiellement vérifié")) ||
                !strncmp(v, "sans objet", strlen("sans objet")));
    assert_string_equal(line, want);
    assert_string_equal(train_programme_codes[n], train_programmes[n].code);
    n++;
  }
  fclose(f);
  assert_int_equal(n, train_programmes_count);
  assert_null(train_programme_codes[n]);
}

static void parse(const char *s, struct train_csv_report *r) {
  assert_int_equal(train_csv_parse(s, strlen(s), r), PLAM_OK);
}

static void test_csv_good(void **state) {
  (void)state;
  struct train_csv_report r;
  parse("\xEF\xBB\xBF"
        "Ruptures,UAI,Formation,Année,Année d'étude,Effectif,Cause,Lien stage,Institut\r\n"
        "12,0490001k,IDE,2023,1,200,Orientation,non,IFSI d'Angers\r\n"
        "8,0490001K,ide,2023,1,200,stage,oui,IFSI d'Angers\r\n"
        "\r\n"
        "0,0490001K,ide,2023,2,180,,,\r\n"
        "5,0490001K,as,2023,1,40,Santé,x,\r\n",
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.nrows, 4);
  assert_string_equal(r.rows[0].uai, "0490001K");
  assert_string_equal(r.rows[0].programme, "ide");
  assert_string_equal(r.rows[0].cause, "orientation");
  assert_int_equal(r.rows[0].dropouts, 12);
  assert_int_equal(r.rows[0].row, 2);
  assert_int_equal(r.rows[1].internship, 1);
  assert_string_equal(r.rows[1].cause, "internship");
  assert_string_equal(r.rows[2].cause, "");
  assert_int_equal(r.rows[2].row, 5);
  assert_string_equal(r.rows[3].cause, "health");
  assert_int_equal(r.rows[3].internship, 1);
  train_csv_free(&r);
}

/* The optional column terrain names the internship site involved: only
 * with lien_stage, a number; one cohort may hold the same cause for two
 * sites, not twice for one. */
static void test_csv_site(void **state) {
  (void)state;
  struct train_csv_report r;
  parse("uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures;Terrain de stage\n"
        "0490001K;ide;2023;1;100;stage;oui;2;7\n"
        "0490001K;ide;2023;1;100;stage;oui;1;8\n"
        "0490001K;ide;2023;1;100;stage;oui;1;\n",
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.nrows, 3);
  assert_int_equal(r.rows[0].site_id, 7);
  assert_int_equal(r.rows[1].site_id, 8);
  assert_int_equal(r.rows[2].site_id, 0);
  train_csv_free(&r);
  parse("uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures;terrain\n"
        "0490001K;ide;2023;1;100;stage;non;2;7\n"  /* 2: a site without lien_stage */
        "0490001K;ide;2023;1;100;sante;oui;1;x7\n" /* 3: not a number */
        "0490001K;ide;2023;1;100;stage;oui;1;9\n"
        "0490001K;ide;2023;1;100;stage;oui;1;9\n", /* 5: the same site twice */
        &r);
  assert_int_equal(r.total_errors, 3);
  assert_int_equal(r.errors[0].row, 2);
  assert_string_equal(r.errors[0].column, "terrain");
  assert_int_equal(r.errors[1].row, 3);
  assert_string_equal(r.errors[1].column, "terrain");
  assert_int_equal(r.errors[2].row, 5);
  assert_string_equal(r.errors[2].column, "cause");
  train_csv_free(&r);
}

static void expect(const struct train_csv_report *r, size_t i, uint32_t row, const char *column, const char *msg) {
  assert_true(i < r->nerrors);
  assert_int_equal(r->errors[i].row, row);
  assert_string_equal(r->errors[i].column, column);
  if (msg && !strstr(r->errors[i].message, msg)) fail_msg("message « %s » lacks « %s »", r->errors[i].message, msg);
}

static void test_csv_errors(void **state) {
  (void)state;
  struct train_csv_report r;
  parse("uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n"
        "0490001X;ide;2023;1;100;orientation;non;1\n"  /* 2: key */
        "0490001K;idee;2023;1;100;sante;non;1\n"       /* 3: programme */
        "0490001K;ide;1999;0;100;sante;non;1\n"        /* 4: year and year of study */
        "0490001K;ide;2023;1;100;sant;peut-etre;1,5\n" /* 5: cause, yes/no, dropouts */
        "0490001K;ide;2023;1;100;financiere;non;2\n"   /* 6: fine */
        "0490001K;ide;2023;1;90;autre;non;1\n"         /* 7: enrolled differs from row 6 */
        "0490001K;ide;2023;1;100;financiere;non;1\n"   /* 8: same cohort, cause, internship as 6 */
        "0490001K;ide;2023;1;100;autre;oui;99\n"       /* 9: 2 + 99 > 100 */
        "0490001K;ide;2023;2;10;familiale;oui;3\n",    /* 10: fine */
        &r);
  assert_int_equal(r.nrows, 2);
  assert_int_equal(r.total_errors, 10);
  expect(&r, 0, 2, "uai", "lettre clé");
  expect(&r, 1, 3, "formation", "formation inconnue");
  expect(&r, 2, 4, "annee", "de 2000 à 2100");
  expect(&r, 3, 4, "annee_etude", "de 1 à 9");
  expect(&r, 4, 5, "ruptures", "entier");
  expect(&r, 5, 5, "cause", "cause inconnue");
  expect(&r, 6, 5, "lien_stage", "oui ou non");
  expect(&r, 7, 7, "effectif", "ligne 6");
  expect(&r, 8, 8, "cause", "ligne 6");
  expect(&r, 9, 9, "ruptures", "plus de ruptures (101)");
  train_csv_free(&r);
  /* a row with dropouts needs its cause; the row numbers are the file's lines */
  parse("uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n\n0490001K;ide;2023;1;100;;non;2\n", &r);
  assert_int_equal(r.total_errors, 1);
  expect(&r, 0, 3, "cause", "cause obligatoire");
  train_csv_free(&r);
}

static void test_csv_header(void **state) {
  (void)state;
  struct train_csv_report r;
  parse("uai;formation;annee;effectif;cause;ruptures;couleur;uai\n0490001K;ide;2023;10;autre;1\n", &r);
  assert_int_equal(r.nrows, 0);
  assert_int_equal(r.total_errors, 3);
  expect(&r, 0, 1, "couleur", "colonne inconnue");
  expect(&r, 1, 1, "uai", "colonne en double");
  expect(&r, 2, 1, "annee_etude", "colonne obligatoire absente");
  train_csv_free(&r);
  parse("", &r);
  assert_int_equal(r.total_errors, 1);
  expect(&r, 0, 0, "", "fichier vide");
  train_csv_free(&r);
  parse("uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n", &r);
  assert_int_equal(r.total_errors, 1);
  expect(&r, 0, 0, "", "aucune ligne");
  json_t *j = train_csv_errors_json(&r);
  assert_non_null(j);
  assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "row")));
  json_decref(j);
  train_csv_free(&r);
}

/* Past the cap, errors are counted and the JSON says how many were left out. */
static void test_csv_error_cap(void **state) {
  (void)state;
  size_t n = TRAIN_CSV_MAX_ERRORS + 50;
  char *s = malloc(100 + n * 48);
  assert_non_null(s);
  size_t k = (size_t)sprintf(s, "uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n");
  for (size_t i = 0; i < n; i++) k += (size_t)sprintf(s + k, "0490001X;ide;2023;1;10;autre;non;1\n");
  struct train_csv_report r;
  assert_int_equal(train_csv_parse(s, k, &r), PLAM_OK);
  assert_int_equal(r.nerrors, TRAIN_CSV_MAX_ERRORS);
  assert_int_equal(r.total_errors, n);
  json_t *j = train_csv_errors_json(&r);
  json_t *errs = json_object_get(j, "errors");
  assert_int_equal(json_array_size(errs), TRAIN_CSV_MAX_ERRORS + 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, TRAIN_CSV_MAX_ERRORS), "message")),
                      "… et 50 autres erreurs");
  json_decref(j);
  train_csv_free(&r);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_uai_key),       cmocka_unit_test(test_rate),       cmocka_unit_test(test_programmes_csv),
    cmocka_unit_test(test_csv_good),      cmocka_unit_test(test_csv_errors), cmocka_unit_test(test_csv_header),
    cmocka_unit_test(test_csv_error_cap), cmocka_unit_test(test_csv_site),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
