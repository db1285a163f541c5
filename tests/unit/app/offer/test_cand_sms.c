/* The phone rule of offers by SMS (cand, app/offer/offer_sms.c): a phone as
 * a candidate writes it reads as an E.164 number, or not at all (then the
 * offer goes by e-mail). Edges: spaces, dots and dashes, the French 0X form,
 * the leading + form, lengths, letters, 00 prefixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "app/offer/offer_int.h"

static void test_numbers(void **state) {
  (void)state;
  static const struct {
    const char *in, *out; /* out NULL: refused */
  } cases[] = {
    {"0612345678", "+33612345678"},
    {"06 12 34 56 78", "+33612345678"},
    {"06.12.34.56.78", "+33612345678"},
    {"06-12-34-56-78", "+33612345678"},
    {"0112345678", "+33112345678"},
    {"+33612345678", "+33612345678"},
    {"+33 6 12 34 56 78", "+33612345678"},
    {"+262692123456", "+262692123456"},
    {"0012345678", NULL},                     /* 0 then 0: not a French number */
    {"061234567", NULL},                      /* 9 digits */
    {"06123456789", NULL},                    /* 11 digits */
    {"+0612345678", NULL},                    /* + then 0 */
    {"+331234567890123", "+331234567890123"}, /* 15 digits: the longest E.164 */
    {"+3312345678901234", NULL},              /* 16 digits */
    {"06 12 34 56 7A", NULL},
    {"inconnu", NULL},
    {"", NULL},
    {"0033612345678", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[17] = "";
    int r = offer_sms_number(cases[i].in, out);
    if (cases[i].out) {
      if (r) fail_msg("%s refused", cases[i].in);
      assert_string_equal(out, cases[i].out);
    } else if (!r) fail_msg("%s read as %s", cases[i].in, out);
  }
  char out[17];
  assert_int_equal(offer_sms_number(NULL, out), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_numbers)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
