/* Unit tests for the campaign CSV layouts (app/campaign_csv.h), without a
 * database: header matching (any order, case, accents and punctuation
 * ignored; unknown, doubled and missing columns), every per-cell error with
 * its row, file column and column name, yes/no and département forms,
 * defaults, duplicates within the file naming the first row, the error cap,
 * the phase and spécialité eligibility columns, and that writing the kept
 * rows and reading them back gives the same rows (formula guard, quotes,
 * BOM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/campaign/campaign_csv.h"

static void parse(enum ccsv_kind k, const char *s, struct ccsv_report *r) {
  assert_int_equal(ccsv_parse(k, s, strlen(s), r), PLAM_OK);
}

static void test_posts_good(void **state) {
  (void)state;
  struct ccsv_report r;
  parse(CCSV_POSTS,
        "\xEF\xBB\xBF"
        "Capacité,Code,LIBELLE,Etablissement,Territoire,Zone fragile,Places réservées,Réservé-CESP\r\n"
        "2,A-1,\"Poste; un\",CHU de Nantes,44,oui,1,non\r\n"
        "\r\n"
        "0, B.2 ,Poste deux,EHPAD,dep-2a,,,x\r\n",
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.rows, 2);
  assert_int_equal(r.n, 2);
  assert_string_equal(r.posts[0].code, "A-1");
  assert_string_equal(r.posts[0].label, "Poste; un");
  assert_string_equal(r.posts[0].org, "CHU de Nantes");
  assert_string_equal(r.posts[0].specialty, "");
  assert_string_equal(r.posts[0].territory, "DEP-44");
  assert_int_equal(r.posts[0].capacity, 2);
  assert_int_equal(r.posts[0].reserved, 1);
  assert_int_equal(r.posts[0].fragile, 1);
  assert_int_equal(r.posts[0].cesp_only, 0);
  assert_int_equal(r.posts[1].row, 4);
  assert_string_equal(r.posts[1].code, "B.2");
  assert_string_equal(r.posts[1].territory, "DEP-2A");
  assert_int_equal(r.posts[1].fragile, 0);
  assert_int_equal(r.posts[1].reserved, 0);
  assert_int_equal(r.posts[1].cesp_only, 1);
  ccsv_report_free(&r);
}

static void test_posts_errors(void **state) {
  (void)state;
  struct ccsv_report r;
  parse(CCSV_POSTS,
        "code;libellé;organisation;territoire;capacité;places réservées subdivision;fragile\n"
        "A 1;L;O;44;1;0;non\n"        /* row 2: code */
        "A2;;O;44;1;0;non\n"          /* row 3: libellé */
        "A3;L;O;4;1;0;non\n"          /* row 4: territoire */
        "A4;L;O;44;1001;0;non\n"      /* row 5: capacité */
        "A5;L;O;44;1;2;non\n"         /* row 6: réservées > capacité */
        "A6;L;O;44;1,5;0;peut-être\n" /* row 7: capacité, fragile */
        "A7;L;O;44;1;0;non\n"         /* row 8: good */
        "A7;L;O;44;1;0;non\n",        /* row 9: duplicate of row 8 */
        &r);
  assert_int_equal(r.total_errors, 8);
  static const struct {
    uint32_t row, col;
    const char *column, *msg;
  } want[] = {
    {2, 1, "code", "code « A 1 » invalide"},
    {3, 2, "libellé", "la colonne « libellé » est vide"},
    {4, 4, "territoire", "département « 4 » invalide"},
    {5, 5, "capacité", "capacité entre 0 et 1000 attendu (lu : 1001)"},
    {6, 6, "places réservées subdivision", "2 places réservées pour une capacité de 1"},
    {7, 5, "capacité", "« 1,5 » n'est pas un nombre entier"},
    {7, 7, "fragile", "« peut-être » : oui ou non attendu"},
    {9, 1, "code", "code de poste « A7 » déjà donné ligne 8"},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    assert_int_equal(r.errors[i].row, want[i].row);
    assert_int_equal(r.errors[i].col, want[i].col);
    assert_string_equal(r.errors[i].column, want[i].column);
    assert_non_null(strstr(r.errors[i].message, want[i].msg));
  }
  ccsv_report_free(&r);
}

static void test_header_errors(void **state) {
  (void)state;
  struct ccsv_report r;
  parse(CCSV_POSTS, "code;couleur;code;libellé\nA;B;C;D\n", &r);
  assert_int_equal(r.total_errors, 5);
  /* missing columns (tied to no file column) first, then by file column */
  assert_string_equal(r.errors[0].column, "organisation");
  assert_string_equal(r.errors[1].column, "territoire");
  assert_string_equal(r.errors[2].column, "capacité");
  assert_int_equal(r.errors[3].col, 2);
  assert_non_null(strstr(r.errors[3].message, "en-tête « couleur » inconnu"));
  assert_int_equal(r.errors[4].col, 3);
  assert_non_null(strstr(r.errors[4].message, "apparaît deux fois"));
  assert_int_equal(r.n, 0);
  ccsv_report_free(&r);

  parse(CCSV_CANDIDATES, "rang;CESP\n1;oui\n", &r);
  assert_int_equal(r.total_errors, 1);
  assert_non_null(strstr(r.errors[0].message, "« identifiant » ou « nom »"));
  ccsv_report_free(&r);

  parse(CCSV_POSTS, "", &r);
  assert_int_equal(r.total_errors, 1);
  assert_non_null(strstr(r.errors[0].message, "fichier vide"));
  ccsv_report_free(&r);

  parse(CCSV_CANDIDATES, "nom;rang\n", &r);
  assert_int_equal(r.total_errors, 1);
  assert_non_null(strstr(r.errors[0].message, "aucune ligne"));
  ccsv_report_free(&r);
}

static void test_candidates(void **state) {
  (void)state;
  struct ccsv_report r;
  parse(CCSV_CANDIDATES,
        "Identifiant\tNom affiché\tRang\tAncienneté\tCESP\tSubdivision\n"
        "interne\t\t1\t2\tVRAI\t\n"
        "\tA B\t2\t\t\tnon\n"
        "\t\t3\t0\tnon\toui\n"     /* row 4: neither login nor name */
        "x\t\t0\t1001\tnon\toui\n" /* row 5: rank, seniority */
        "interne\t\t4\t0\t0\t1\n"  /* row 6: login again */
        "\tA B\t5\t0\t0\t1\n",     /* row 7: name again without account */
        &r);
  assert_int_equal(r.n, 4); /* rows 2, 3, 6, 7: valid cells (6 and 7 are duplicates) */
  assert_string_equal(r.cands[0].login, "interne");
  assert_string_equal(r.cands[0].name, "");
  assert_int_equal(r.cands[0].seniority, 2);
  assert_int_equal(r.cands[0].cesp, 1);
  assert_int_equal(r.cands[0].subdivision, 1);
  assert_string_equal(r.cands[1].name, "A B");
  assert_int_equal(r.cands[1].subdivision, 0);
  assert_int_equal(r.total_errors, 6);
  assert_int_equal(r.errors[0].row, 4);
  assert_string_equal(r.errors[0].column, "nom");
  assert_int_equal(r.errors[1].row, 5);
  assert_string_equal(r.errors[1].column, "identifiant"); /* "x": an account login has 2 to 64 characters */
  assert_non_null(strstr(r.errors[1].message, "identifiant « x » invalide : l'identifiant doit faire de 2 à 64"));
  assert_string_equal(r.errors[2].column, "rang");
  assert_string_equal(r.errors[3].column, "ancienneté");
  assert_int_equal(r.errors[4].row, 6);
  assert_non_null(strstr(r.errors[4].message, "identifiant « interne » déjà donné ligne 2"));
  assert_int_equal(r.errors[5].row, 7);
  assert_non_null(strstr(r.errors[5].message, "candidat sans compte « A B » déjà donné ligne 3"));
  ccsv_report_free(&r);

  /* a login follows the accounts' rule: ASCII only (64 "ß" are 64 characters but 128 bytes, and no
   * account can have them: found by fuzz_campaign_csv) */
  char csv[400];
  char login[129];
  for (int i = 0; i < 64; i++) memcpy(login + 2 * i, "\xC3\x9F", 2);
  login[128] = '\0';
  snprintf(csv, sizeof csv, "identifiant;rang\n%s;1\nélève;2\ninterne.1@ars;3\n", login);
  parse(CCSV_CANDIDATES, csv, &r);
  assert_int_equal(r.total_errors, 2);
  assert_int_equal(r.errors[0].row, 2);
  assert_string_equal(r.errors[0].column, "identifiant");
  assert_non_null(strstr(r.errors[0].message, "lettres sans accent"));
  assert_int_equal(r.errors[1].row, 3);
  assert_non_null(strstr(r.errors[1].message, "identifiant « élève » invalide"));
  assert_int_equal(r.n, 1);
  assert_string_equal(r.cands[0].login, "interne.1@ars");
  ccsv_report_free(&r);
}

static void test_error_cap(void **state) {
  (void)state;
  size_t cap = 64 + 700 * 16;
  char *s = malloc(cap);
  assert_non_null(s);
  size_t n = (size_t)snprintf(s, cap, "nom;rang\n");
  for (int i = 0; i < 700; i++) n += (size_t)snprintf(s + n, cap - n, "N%d;zéro\n", i);
  struct ccsv_report r;
  assert_int_equal(ccsv_parse(CCSV_CANDIDATES, s, n, &r), PLAM_OK);
  assert_int_equal(r.total_errors, 700);
  assert_int_equal(r.nerrors, CCSV_MAX_ERRORS);
  assert_int_equal(r.n, 0);
  ccsv_report_free(&r);
  free(s);
}

static void test_round_trip(void **state) {
  (void)state;
  struct cpost_rec p[2];
  memset(p, 0, sizeof p);
  snprintf(p[0].code, sizeof p[0].code, "-X1");
  snprintf(p[0].label, sizeof p[0].label, "=SOMME(A1) \"guillemets\"; point-virgule");
  snprintf(p[0].org_name, sizeof p[0].org_name, "CHU de Nantes");
  snprintf(p[0].territory_id, sizeof p[0].territory_id, "DEP-44");
  p[0].capacity = 3;
  p[0].reserved_seats = 2;
  p[0].cesp_only = 1;
  snprintf(p[0].phase, sizeof p[0].phase, "socle");
  snprintf(p[0].specialty, sizeof p[0].specialty, "=Pédiatrie");
  snprintf(p[1].code, sizeof p[1].code, "Y");
  snprintf(p[1].label, sizeof p[1].label, "Ligne\nsur deux");
  snprintf(p[1].org_name, sizeof p[1].org_name, "@site");
  snprintf(p[1].specialty, sizeof p[1].specialty, "Gériatrie");
  snprintf(p[1].territory_id, sizeof p[1].territory_id, "DEP-2B");
  p[1].fragile = 1;
  struct buf out;
  buf_init(&out, 1 << 20);
  assert_int_equal(ccsv_write_posts(&out, p, 2), PLAM_OK);
  static const char head[] = "\xEF\xBB\xBF"
                             "code;libellé;organisation;phase;spécialité;territoire;fragile;capacité;"
                             "places réservées subdivision;réservé CESP\r\n";
  assert_memory_equal(out.data, head, strlen(head));
  struct ccsv_report r;
  assert_int_equal(ccsv_parse(CCSV_POSTS, out.data, out.len, &r), PLAM_OK);
  assert_int_equal(r.total_errors, 1); /* "Ligne\nsur deux": a control character in a label */
  assert_string_equal(r.errors[0].column, "libellé");
  assert_int_equal(r.n, 1);
  assert_string_equal(r.posts[0].code, "-X1");
  assert_string_equal(r.posts[0].label, p[0].label);
  assert_int_equal(r.posts[0].capacity, 3);
  assert_int_equal(r.posts[0].reserved, 2);
  assert_int_equal(r.posts[0].cesp_only, 1);
  assert_string_equal(r.posts[0].phase, "socle");
  assert_string_equal(r.posts[0].specialty, "=Pédiatrie"); /* formula guard undone on reading */
  ccsv_report_free(&r);
  buf_release(&out);

  struct ccand_rec c[2];
  memset(c, 0, sizeof c);
  c[0].user_id = 7;
  snprintf(c[0].login, sizeof c[0].login, "interne");
  snprintf(c[0].name, sizeof c[0].name, "Interne (démo)");
  c[0].rank = 1000000000;
  c[0].seniority = 1000;
  c[0].subdivision = 1;
  snprintf(c[1].login, sizeof c[1].login, "ignored-without-account");
  snprintf(c[1].name, sizeof c[1].name, "+Nom");
  c[1].rank = 1;
  c[1].cesp = 1;
  snprintf(c[1].phase, sizeof c[1].phase, "approfondissement");
  snprintf(c[1].specialty, sizeof c[1].specialty, "Médecine générale; option \"urgences\"");
  buf_init(&out, 1 << 20);
  assert_int_equal(ccsv_write_cands(&out, c, 2), PLAM_OK);
  static const char chead[] = "\xEF\xBB\xBF"
                              "identifiant;nom;rang;ancienneté;phase;spécialité;CESP;subdivision\r\n";
  assert_memory_equal(out.data, chead, strlen(chead));
  assert_int_equal(ccsv_parse(CCSV_CANDIDATES, out.data, out.len, &r), PLAM_OK);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.n, 2);
  assert_string_equal(r.cands[0].login, "interne");
  assert_int_equal(r.cands[0].rank, 1000000000);
  assert_int_equal(r.cands[0].seniority, 1000);
  assert_string_equal(r.cands[1].login, "");
  assert_string_equal(r.cands[1].name, "+Nom");
  assert_int_equal(r.cands[1].cesp, 1);
  assert_int_equal(r.cands[1].subdivision, 0);
  assert_string_equal(r.cands[0].phase, "");
  assert_string_equal(r.cands[0].specialty, "");
  assert_string_equal(r.cands[1].phase, "approfondissement");
  assert_string_equal(r.cands[1].specialty, "Médecine générale; option \"urgences\"");
  ccsv_report_free(&r);
  buf_release(&out);
}

/* Phase and spécialité (migration 0008): optional on both lists, trimmed,
 * at most 100 characters and 128 bytes (the engine's identifier limit), no
 * control character; their errors name the column. */
static void test_eligibility(void **state) {
  (void)state;
  struct ccsv_report r;
  parse(CCSV_POSTS,
        "code;libellé;organisation;territoire;capacité;Phase de formation;Spécialité\n"
        "P1;L;O;44;1; socle ;Pédiatrie\n"
        "P2;L;O;44;1;;\n",
        &r);
  assert_int_equal(r.total_errors, 0);
  assert_int_equal(r.n, 2);
  assert_string_equal(r.posts[0].phase, "socle");
  assert_string_equal(r.posts[0].specialty, "Pédiatrie");
  assert_string_equal(r.posts[1].phase, "");
  assert_string_equal(r.posts[1].specialty, "");
  ccsv_report_free(&r);

  char accents[2 * 70 + 1] = "", longer[102] = "";
  for (int i = 0; i < 70; i++) memcpy(accents + 2 * i, "\xC3\xA9", 3); /* 70 characters, 140 bytes */
  memset(longer, 'a', 101);                                            /* 101 characters */
  char file[1024];
  snprintf(file, sizeof file,
           "nom;rang;phase;spécialité\n"
           "A;1;socle;Pédiatrie\n"
           "B;2;%s;\n" /* row 3: phase too long in bytes */
           "C;3;;%s\n" /* row 4: specialty too long in characters */
           "D;4;so\x7f"
           "cle;\n", /* row 5: control character */
           accents, longer);
  parse(CCSV_CANDIDATES, file, &r);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.cands[0].phase, "socle");
  assert_string_equal(r.cands[0].specialty, "Pédiatrie");
  assert_int_equal(r.total_errors, 3);
  assert_int_equal(r.errors[0].row, 3);
  assert_string_equal(r.errors[0].column, "phase");
  assert_int_equal(r.errors[0].col, 3);
  assert_non_null(strstr(r.errors[0].message, "128 octets"));
  assert_int_equal(r.errors[1].row, 4);
  assert_string_equal(r.errors[1].column, "spécialité");
  assert_non_null(strstr(r.errors[1].message, "100 caractères"));
  assert_int_equal(r.errors[2].row, 5);
  assert_non_null(strstr(r.errors[2].message, "caractère de contrôle"));
  ccsv_report_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_posts_good),  cmocka_unit_test(test_posts_errors), cmocka_unit_test(test_header_errors),
    cmocka_unit_test(test_candidates),  cmocka_unit_test(test_error_cap),    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_eligibility),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
