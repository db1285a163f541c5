/* The pieces of the public offer page and its JobPosting that need no
 * database (offer_view.c, offer_page.c): which pay texts read as a number of
 * euros per unit (baseSalary), and the escaping of JSON-LD for a <script>
 * element (no "<", ">" or "&" left, the JSON unchanged once parsed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/offer/offer_int.h"

static void test_pay_amounts(void **state) {
  (void)state;
  static const struct {
    const char *text;
    double value;
    const char *unit; /* NULL: not a number */
  } cases[] = {
    {"25 € / heure", 25, "HOUR"},
    {"25€/h", 25, "HOUR"},
    {"2150,50 € brut par mois", 2150.5, "MONTH"},
    {"2150.50 euros par mois brut", 2150.5, "MONTH"},
    {"180 € par jour", 180, "DAY"},
    {"32000 € / an", 32000, "YEAR"},
    {"  900 € par semaine", 900, "WEEK"},
    {"Grille FPH", 0, NULL},
    {"250 € la garde", 0, NULL},        /* no unit schema.org knows */
    {"2150 €", 0, NULL},                /* no unit */
    {"2 150 € par mois", 0, NULL},      /* a grouped number is not read */
    {"25 € / heure + primes", 0, NULL}, /* anything after the unit */
    {"25,,5 € / heure", 0, NULL},
    {",5 € / heure", 0, NULL},
    {"25, € / heure", 0, NULL},
    {"", 0, NULL},
    {"€ / heure", 0, NULL},
    {"25 € / hectare", 0, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double v = -1;
    const char *u = NULL;
    int r = offer_pay_amount(cases[i].text, &v, &u);
    if (!cases[i].unit) {
      if (r != -1) fail_msg("\"%s\" read as a number", cases[i].text);
      continue;
    }
    if (r != 0) fail_msg("\"%s\" not read", cases[i].text);
    assert_true(v == cases[i].value);
    assert_string_equal(u, cases[i].unit);
  }
}

static void test_jsonld_escape(void **state) {
  (void)state;
  json_t *in = json_pack("{s:s, s:s}", "name", "EHPAD </script><!-- & \"Les Pins\"", "d", "a<b>c&d</ScRiPt>");
  char *text = json_dumps(in, JSON_COMPACT);
  struct buf b;
  buf_init(&b, 4096);
  assert_int_equal(offer_jsonld_escape(&b, text), PLAM_OK);
  assert_null(strchr(b.data, '<'));
  assert_null(strchr(b.data, '>'));
  assert_null(strchr(b.data, '&'));
  json_t *back = json_loads(b.data, 0, NULL);
  assert_non_null(back);
  assert_true(json_equal(in, back));
  json_decref(back);
  json_decref(in);
  free(text);
  buf_release(&b);
  /* the bound of the buffer is kept */
  buf_init(&b, 8);
  assert_int_not_equal(offer_jsonld_escape(&b, "{\"a\":\"<<<<\"}"), PLAM_OK);
  buf_release(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pay_amounts),
    cmocka_unit_test(test_jsonld_escape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
