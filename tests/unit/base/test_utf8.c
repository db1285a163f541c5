/* Unit tests for the UTF-8 helpers of the base layer (src/base/utf8.c,
 * utf8.h): strict validation (overlong forms, surrogates, code points above
 * U+10FFFF, truncated and stray bytes) with the offset of the first bad
 * byte, the sequence lengths it relies on, and the character count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/utf8.h"

static void test_valid(void **state) {
  (void)state;
  assert_true(utf8_valid("", 0, NULL));
  assert_true(utf8_valid("é€𝄞", strlen("é€𝄞"), NULL));
  assert_true(utf8_valid("a\0b", 3, NULL));             /* NUL is a valid character; callers refuse it */
  assert_true(utf8_valid("\xC2\x80", 2, NULL));         /* U+0080, smallest two-byte */
  assert_true(utf8_valid("\xE0\xA0\x80", 3, NULL));     /* U+0800 */
  assert_true(utf8_valid("\xED\x9F\xBF", 3, NULL));     /* U+D7FF, last before the surrogates */
  assert_true(utf8_valid("\xEE\x80\x80", 3, NULL));     /* U+E000, first after them */
  assert_true(utf8_valid("\xEF\xBF\xBF", 3, NULL));     /* U+FFFF */
  assert_true(utf8_valid("\xF0\x90\x80\x80", 4, NULL)); /* U+10000 */
  assert_true(utf8_valid("\xF4\x8F\xBF\xBF", 4, NULL)); /* U+10FFFF */
}

static void test_invalid(void **state) {
  (void)state;
  static const struct {
    const char *s;
    size_t len, bad;
  } cases[] = {
    {"ab\xC0\xAF", 4, 2},       /* overlong '/' */
    {"\xC1\xBF", 2, 0},         /* overlong */
    {"\xE0\x80\x80", 3, 0},     /* overlong NUL */
    {"\xE0\x9F\xBF", 3, 0},     /* overlong U+07FF */
    {"\xF0\x8F\xBF\xBF", 4, 0}, /* overlong U+FFFF */
    {"x\xED\xA0\x80", 4, 1},    /* surrogate U+D800 */
    {"\xED\xBF\xBF", 3, 0},     /* surrogate U+DFFF */
    {"\xF4\x90\x80\x80", 4, 0}, /* U+110000 */
    {"\xF5\x80\x80\x80", 4, 0}, /* no such lead byte */
    {"\xFF", 1, 0},
    {"é\x80", 3, 2},          /* stray continuation byte */
    {"\xE2\x82", 2, 0},       /* truncated € */
    {"ok\xE2\x82\x78", 5, 2}, /* truncated in the middle */
    {"\xF0\x9D\x84", 3, 0},   /* truncated 𝄞 */
    {"\xC3\x41", 2, 0},       /* continuation missing */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t bad = 99;
    if (utf8_valid(cases[i].s, cases[i].len, &bad)) fail_msg("case %zu accepted", i);
    assert_int_equal(bad, cases[i].bad);
    assert_false(utf8_valid(cases[i].s, cases[i].len, NULL));
  }
  /* only len bytes are read: a valid prefix of a bad string is valid */
  assert_true(utf8_valid("ab\xC0\xAF", 2, NULL));
}

static void test_seq_and_count(void **state) {
  (void)state;
  assert_int_equal(utf8_seq((const unsigned char *)"a", 1), 1);
  assert_int_equal(utf8_seq((const unsigned char *)"é", 2), 2);
  assert_int_equal(utf8_seq((const unsigned char *)"€", 3), 3);
  assert_int_equal(utf8_seq((const unsigned char *)"𝄞", 4), 4);
  assert_int_equal(utf8_seq((const unsigned char *)"𝄞", 3), 0); /* not enough bytes left */
  assert_int_equal(utf8_seq((const unsigned char *)"\x80", 1), 0);
  assert_int_equal(utf8_count(""), 0);
  assert_int_equal(utf8_count("Région €𝄞"), 9);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid),
    cmocka_unit_test(test_invalid),
    cmocka_unit_test(test_seq_and_count),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
