/* The deployment's working-time limits (recruit_limits.c): the defaults,
 * each bound accepted at its edge and refused one hour beyond with a French
 * message naming the option, nothing set on a refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "app/recruit/recruit_app.h"

static void defaults(void **state) {
  (void)state;
  struct recruit_rules r = recruit_limits();
  assert_int_equal(r.max_hours_7d, 48);
  assert_int_equal(r.min_rest_hours, 11);
  assert_int_equal(r.max_shift_hours, 12);
}

static void edges(void **state) {
  (void)state;
  char err[256];
  long lo[3] = {1, 0, 1}, hi[3] = {168, 48, 24};
  assert_int_equal(recruit_limits_set(lo, err, sizeof err), 0);
  struct recruit_rules r = recruit_limits();
  assert_int_equal(r.max_hours_7d, 1);
  assert_int_equal(r.min_rest_hours, 0);
  assert_int_equal(r.max_shift_hours, 1);
  assert_int_equal(recruit_limits_set(hi, err, sizeof err), 0);
  r = recruit_limits();
  assert_int_equal(r.max_hours_7d, 168);
  assert_int_equal(r.min_rest_hours, 48);
  assert_int_equal(r.max_shift_hours, 24);
  static const char *const names[] = {"--max-hours-7d", "--min-rest-hours", "--max-shift-hours"};
  for (int i = 0; i < 3; i++)
    for (int side = 0; side < 2; side++) {
      long v[3] = {40, 9, 10};
      v[i] = side ? hi[i] + 1 : lo[i] - 1;
      err[0] = '\0';
      assert_int_equal(recruit_limits_set(v, err, sizeof err), -1);
      assert_non_null(strstr(err, names[i]));
      assert_non_null(strstr(err, "attend un nombre d'heures entre"));
      r = recruit_limits(); /* unchanged: the last accepted values */
      assert_int_equal(r.max_hours_7d, 168);
      assert_int_equal(r.max_shift_hours, 24);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(defaults),
    cmocka_unit_test(edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
