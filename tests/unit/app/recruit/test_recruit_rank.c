/* Ranking among the eligible: the total order (5 km distance band, past
 * missions, no-shows, offers, exact distance, id), the limit, the French
 * reasons with their plurals, and result bytes that do not depend on the
 * order of the candidates in the bundle. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "test_recruit_util.h"

/* A candidate north of the need by about km kilometres. */
static int at(struct tb *t, double km, int missions, int no_shows, int offers) {
  int c = tb_cand(t);
  t->c[c].lat += km / 111.195;
  t->c[c].past_missions = missions;
  t->c[c].has_past_missions = 1;
  t->c[c].no_shows_12m = no_shows;
  t->c[c].offers_90d = offers;
  return c;
}

static void ranked_ids(struct tb *t, char *out, size_t n) {
  struct recruit_result r;
  assert_int_equal(recruit_rank(&t->b, &r), PLAM_OK);
  out[0] = '\0';
  for (int i = 0; i < r.nranked; i++) {
    size_t l = strlen(out);
    snprintf(out + l, n - l, "%s%s", i ? " " : "", r.ranked[i].id);
  }
  recruit_result_release(&r);
}

static void test_order(void **state) {
  (void)state;
  struct tb t;
  char got[256];
  tb_init(&t);
  tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
  at(&t, 7.0, 9, 0, 0); /* c00: band 1 (5-10 km) beats nothing in band 0, whatever its missions */
  at(&t, 3.0, 0, 0, 0); /* c01: band 0 */
  at(&t, 4.0, 2, 0, 0); /* c02: band 0, more missions: first */
  at(&t, 1.0, 0, 1, 0); /* c03: band 0, one no-show: after c01 */
  at(&t, 2.0, 0, 0, 5); /* c04: band 0, solicited 5 times: after c01, before c03 */
  at(&t, 2.5, 0, 0, 0); /* c05: as c01 but nearer: before it */
  ranked_ids(&t, got, sizeof got);
  assert_string_equal(got, "c02 c05 c01 c04 c03 c00");
  /* the same key but the id: the id decides (bytes) */
  tb_init(&t);
  tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
  at(&t, 3.0, 0, 0, 0);
  at(&t, 3.0, 0, 0, 0);
  at(&t, 3.0, 0, 0, 0);
  snprintf(t.ids[0], sizeof t.ids[0], "b");
  snprintf(t.ids[1], sizeof t.ids[1], "B");
  snprintf(t.ids[2], sizeof t.ids[2], "a");
  ranked_ids(&t, got, sizeof got);
  assert_string_equal(got, "B a b");
  /* the limit keeps the best */
  t.b.limit = 2;
  ranked_ids(&t, got, sizeof got);
  assert_string_equal(got, "B a");
}

static void test_band_edges(void **state) {
  (void)state;
  struct tb t;
  tb_init(&t);
  tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
  struct recruit_key a, b;
  recruit_key_of(&t.b, at(&t, 0, 0, 0, 0), 4.999, &a);
  recruit_key_of(&t.b, at(&t, 0, 0, 0, 0), 5.000, &b);
  assert_int_equal(a.band, 0);
  assert_int_equal(b.band, 1); /* bands are [0, 5 km), [5 km, 10 km) ... */
  assert_int_equal(a.dist_m, 4999);
}

static void test_reasons(void **state) {
  (void)state;
  struct tb t;
  tb_init(&t);
  tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
  at(&t, 12.4, 0, 0, 2);
  at(&t, 0, 1, 1, 1);
  int c = at(&t, 0, 3, 4, 0);
  t.c[c].has_past_missions = 0; /* the bundle did not give it: no such reason */
  char r[4][128];
  struct recruit_key k;
  recruit_key_of(&t.b, 0, 12.4, &k);
  assert_int_equal(recruit_reasons(&t.b, &k, r, 4), 4);
  assert_string_equal(r[0], "à 12,4 km");
  assert_string_equal(r[1], "aucune mission passée dans cet établissement");
  assert_string_equal(r[2], "aucune absence en 12 mois");
  assert_string_equal(r[3], "2 propositions en 90 jours");
  recruit_key_of(&t.b, 1, 0.04, &k);
  assert_int_equal(recruit_reasons(&t.b, &k, r, 4), 4);
  assert_string_equal(r[0], "à 0,0 km");
  assert_string_equal(r[1], "1 mission passée dans cet établissement");
  assert_string_equal(r[2], "1 absence en 12 mois");
  assert_string_equal(r[3], "1 proposition en 90 jours");
  recruit_key_of(&t.b, 2, 7.25, &k);
  assert_int_equal(recruit_reasons(&t.b, &k, r, 4), 3);
  assert_string_equal(r[0], "à 7,3 km");
  assert_string_equal(r[1], "4 absences en 12 mois");
  assert_string_equal(r[2], "aucune proposition en 90 jours");
}

static void test_bytes_independent_of_order(void **state) {
  (void)state;
  static struct tb t;
  struct buf first, other;
  buf_init(&first, 1 << 20);
  buf_init(&other, 1 << 20);
  tb_init(&t);
  tb_slot(&t, "2026-03-09T08:00+01:00", "2026-03-09T20:00+01:00");
  for (int i = 0; i < TB_MAX; i++) {
    int c = at(&t, (double)(i % 5) * 2.2, i % 3, i % 2, i % 4);
    if (i % 4 == 3) t.c[c].profession = "AS";
    if (i % 5 == 4) t.c[c].max_km = 1;
  }
  t.b.limit = 5;
  for (int round = 0; round < 20; round++) {
    struct recruit_result r;
    assert_int_equal(recruit_rank(&t.b, &r), PLAM_OK);
    struct buf *o = round ? &other : &first;
    buf_clear(o);
    assert_int_equal(recruit_result_write(&t.b, &r, o), PLAM_OK);
    recruit_result_release(&r);
    if (round) {
      assert_int_equal(first.len, other.len);
      assert_memory_equal(first.data, other.data, first.len);
    }
    /* shuffle the candidates (their slices move with them) */
    for (int i = TB_MAX - 1; i > 0; i--) {
      int j = (int)((unsigned)(round * 7919 + i * 104729) % (unsigned)(i + 1));
      struct recruit_cand x = t.c[i];
      t.c[i] = t.c[j];
      t.c[j] = x;
    }
  }
  assert_non_null(strstr(first.data, "\"rule\":\"profession\""));
  assert_non_null(strstr(first.data, "\"rule\":\"distance\""));
  buf_release(&first);
  buf_release(&other);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_order),
    cmocka_unit_test(test_band_edges),
    cmocka_unit_test(test_reasons),
    cmocka_unit_test(test_bytes_independent_of_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
