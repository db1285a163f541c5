/* Every hard rule of the recruitment engine at its edges: expiry on the
 * slot's day (in the slot's own offset), availability as a union with and
 * without gaps, distance exactly at the limit, pools, overlap of touching
 * intervals, the 7-day window boundaries (half-open), 11 h of rest exactly,
 * 12 h shifts exactly, offsets across a change of daylight saving time, and
 * the order in which rules are reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "test_recruit_util.h"

#define SLOT_S "2026-03-09T08:00+01:00"
#define SLOT_E "2026-03-09T20:00+01:00"

static void one(struct tb *t) {
  tb_init(t);
  tb_slot(t, SLOT_S, SLOT_E);
  tb_cand(t);
}

static void explain(struct tb *t, int c, char *out, size_t n) {
  struct recruit_verdict v;
  tb_check(t, c, &v);
  recruit_explain(&t->b, c, &v, out, n);
}

static void test_eligible_by_default(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  assert_int_equal(t.b.rules.max_hours_7d, 48);
  assert_int_equal(t.b.rules.min_rest_hours, 11);
  assert_int_equal(t.b.rules.max_shift_hours, 12);
}

static void test_profession(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.c[0].profession = "AS";
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_PROFESSION);
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "profession « AS » alors que la demande porte sur « IDE »");
}

static void test_qualification_expiry_on_the_slot_day(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.need_quals[0] = "AFGSU2";
  t.b.need.nqual = 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION); /* absent */
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "qualification requise « AFGSU2 » absente");
  tb_qual(&t, 0, "AFGSU2", "2026-03-09"); /* valid_until is inclusive: the slot's day is enough */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.q[0].valid_until = tb_d("2026-03-08");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION);
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "qualification « AFGSU2 » valable jusqu'au 08/03/2026 inclus, mais le créneau du "
                         "09/03/2026 08:00 au 09/03/2026 20:00 (UTC+01:00) la demande le 09/03/2026");
}

static void test_qualification_night_slot_and_offsets(void **state) {
  (void)state;
  struct tb t;
  tb_init(&t);
  t.need_quals[0] = "Q";
  t.b.need.nqual = 1;
  /* a night slot counts on the day of its last minute: the next morning */
  tb_slot(&t, "2026-03-09T20:00+01:00", "2026-03-10T08:00+01:00");
  tb_cand(&t);
  tb_qual(&t, 0, "Q", "2026-03-09");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION);
  t.q[0].valid_until = tb_d("2026-03-10");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* a slot ending at midnight counts on the day it is worked */
  tb_init(&t);
  t.need_quals[0] = "Q";
  t.b.need.nqual = 1;
  tb_slot(&t, "2026-03-09T16:00+01:00", "2026-03-10T00:00+01:00");
  tb_cand(&t);
  tb_qual(&t, 0, "Q", "2026-03-09");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* the same instant in two offsets: the date is read in the slot's own */
  tb_init(&t);
  t.need_quals[0] = "Q";
  t.b.need.nqual = 1;
  tb_slot(&t, "2026-03-09T16:30+01:00", "2026-03-10T00:30+01:00"); /* ends 2026-03-09T23:30Z */
  tb_cand(&t);
  tb_qual(&t, 0, "Q", "2026-03-09");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION);
  tb_init(&t);
  t.need_quals[0] = "Q";
  t.b.need.nqual = 1;
  tb_slot(&t, "2026-03-09T15:30Z", "2026-03-09T23:30Z");
  tb_cand(&t);
  tb_qual(&t, 0, "Q", "2026-03-09");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* every slot counts, and every required qualification */
  tb_slot(&t, "2026-03-11T08:00Z", "2026-03-11T12:00Z");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION);
  t.q[0].valid_until = tb_d("2026-03-11");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.need_quals[1] = "R";
  t.b.need.nqual = 2;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_QUALIFICATION);
}

static void test_availability_union(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.c[0].navail = 0;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_AVAILABILITY); /* none */
  tb_avail(&t, 0, SLOT_S, SLOT_E);                               /* exactly the slot */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.c[0].navail = 0;
  tb_avail(&t, 0, "2026-03-09T14:00+01:00", SLOT_E); /* two touching pieces: their union covers */
  tb_avail(&t, 0, SLOT_S, "2026-03-09T14:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.c[0].navail = 0;
  tb_avail(&t, 0, SLOT_S, "2026-03-09T13:59+01:00"); /* a one-minute gap */
  tb_avail(&t, 0, "2026-03-09T14:00+01:00", SLOT_E);
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_AVAILABILITY);
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "disponibilités ne couvrant pas le créneau du 09/03/2026 08:00 au 09/03/2026 20:00 "
                         "(UTC+01:00)");
  t.c[0].navail = 0; /* overlapping pieces, one nested, and one far before */
  tb_avail(&t, 0, "2026-03-01T08:00+01:00", "2026-03-01T09:00+01:00");
  tb_avail(&t, 0, "2026-03-09T07:00+01:00", "2026-03-09T15:00+01:00");
  tb_avail(&t, 0, "2026-03-09T09:00+01:00", "2026-03-09T10:00+01:00");
  tb_avail(&t, 0, "2026-03-09T12:00+01:00", "2026-03-09T20:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.c[0].navail = 0; /* ends one minute short */
  tb_avail(&t, 0, SLOT_S, "2026-03-09T19:59+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_AVAILABILITY);
  /* two slots: the second not covered */
  t.c[0].navail = 0;
  tb_avail(&t, 0, SLOT_S, SLOT_E);
  tb_slot(&t, "2026-03-11T08:00+01:00", "2026-03-11T12:00+01:00");
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_AVAILABILITY);
  assert_int_equal(v.which, 1);
  tb_avail(&t, 0, "2026-03-11T00:00Z", "2026-03-12T00:00Z");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
}

static void test_distance_at_the_limit(void **state) {
  (void)state;
  /* one degree of longitude on the equator: 6371 * pi / 180 km */
  assert_true(recruit_distance_km(0, 0, 0, 1) == 111.195);
  assert_true(recruit_distance_km(47.218, -1.553, 47.218, -1.553) == 0.0);
  assert_true(recruit_distance_km(0, 0, 0, 180) == 20015.087); /* half the circumference */
  struct tb t;
  one(&t);
  t.c[0].lat = 47.5;
  t.c[0].lon = -1.2;
  double d = recruit_distance_km(t.b.need.lat, t.b.need.lon, 47.5, -1.2);
  assert_true(d == 41.113); /* computed independently (Python, same formula) */
  char txt[32];
  snprintf(txt, sizeof txt, "%.3f", d);
  double limit = strtod(txt, NULL); /* the limit as a bundle would write it */
  t.c[0].max_km = limit;
  t.b.need.max_km = limit;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK); /* exactly at both limits */
  t.c[0].max_km = limit - 0.001;
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_DISTANCE);
  assert_int_equal(v.which, 1);
  t.c[0].max_km = limit;
  t.b.need.max_km = limit - 0.001;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_DISTANCE);
  assert_int_equal(v.which, 2);
  t.c[0].max_km = 30;
  t.b.need.max_km = 20;
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "à 41,1 km, au-delà des limites du candidat (30 km) et de la demande (20 km)");
  t.c[0].max_km = 40.5;
  t.b.need.max_km = 50;
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "à 41,1 km, au-delà de la limite du candidat (40,5 km)");
  t.c[0].max_km = 0; /* 0 km: only someone on the spot */
  t.c[0].lat = t.b.need.lat;
  t.c[0].lon = t.b.need.lon;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
}

static void test_pool(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.pool[0] = "dept44";
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_POOL);
  t.pool[1] = "ght";
  t.c[0].npool = 2;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.need_pools[0] = "region";
  t.need_pools[1] = "dept44";
  t.b.need.npool = 2;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.c[0].npool = 0;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_POOL);
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "aucun vivier en commun avec la demande");
}

static void test_overlap_half_open(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.b.rules.min_rest_hours = 0;                      /* watch the overlap alone */
  tb_shift(&t, 0, "2026-03-09T00:00+01:00", SLOT_S); /* ends when the slot starts: no overlap */
  tb_shift(&t, 0, SLOT_E, "2026-03-09T22:00+01:00"); /* starts when it ends */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.sh[0].end += 1; /* one minute into the slot */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OVERLAP);
  char e[512];
  explain(&t, 0, e, sizeof e);
  assert_string_equal(e, "mission confirmée du 09/03/2026 00:00 au 09/03/2026 08:01 qui chevauche le créneau du "
                         "09/03/2026 08:00 au 09/03/2026 20:00 (UTC+01:00)");
  t.sh[0].end -= 1;
  t.sh[1].start -= 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OVERLAP);
  /* a shift inside the slot, with earlier shifts far away */
  one(&t);
  tb_shift(&t, 0, "2026-01-01T08:00+01:00", "2026-01-01T10:00+01:00");
  tb_shift(&t, 0, "2026-03-09T10:00+01:00", "2026-03-09T11:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OVERLAP);
}

static void test_hours_7d_window_boundaries(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.b.rules.max_hours_7d = 12;
  /* a 12 h shift exactly 7 days before the slot: a half-open window of 7
   * days never holds both in full, at most 12 h in all */
  tb_shift(&t, 0, "2026-03-02T08:00+01:00", "2026-03-02T20:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* one minute later and [03-02 08:00, 03-09 08:00) reaches past it */
  t.sh[0].start += 1;
  t.sh[0].end += 1;
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_HOURS_7D);
  assert_int_equal(v.worked, 12 * 60 + 1);
  char e[512];
  recruit_explain(&t.b, 0, &v, e, sizeof e);
  assert_string_equal(e, "12 h 01 travaillées sur 7 jours glissants (limite 12 h) entre le 02/03/2026 08:01 et le "
                         "09/03/2026 08:01 (UTC+01:00)");
  /* the same after the slot */
  one(&t);
  t.b.rules.max_hours_7d = 12;
  tb_shift(&t, 0, "2026-03-16T08:00+01:00", "2026-03-16T20:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.sh[0].start -= 1;
  t.sh[0].end -= 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_HOURS_7D);
}

static void test_hours_7d_48_exactly(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  /* three 12 h days and the 12 h slot in one week: 48 h, allowed */
  tb_shift(&t, 0, "2026-03-04T08:00+01:00", "2026-03-04T20:00+01:00");
  tb_shift(&t, 0, "2026-03-05T08:00+01:00", "2026-03-05T20:00+01:00");
  tb_shift(&t, 0, "2026-03-07T08:00+01:00", "2026-03-07T20:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* one more, even far from the slot but within the week: 60 h */
  tb_shift(&t, 0, "2026-03-03T08:00+01:00", "2026-03-03T20:00+01:00");
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_HOURS_7D);
  assert_int_equal(v.worked, 60 * 60);
  /* shifts alone over the limit in a week that does not touch the slot do
   * not exclude: they were checked when they were confirmed */
  one(&t);
  for (int d = 0; d < 5; d++) {
    char s[40], e[40];
    snprintf(s, sizeof s, "2026-02-%02dT08:00+01:00", 10 + d);
    snprintf(e, sizeof e, "2026-02-%02dT20:00+01:00", 10 + d);
    tb_shift(&t, 0, s, e);
  }
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  /* the rule is configurable */
  one(&t);
  t.b.rules.max_hours_7d = 11;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_HOURS_7D); /* the slot alone */
}

static void test_rest_11h_exactly(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  tb_shift(&t, 0, "2026-03-08T13:00+01:00", "2026-03-08T21:00+01:00"); /* 11 h before the slot */
  tb_shift(&t, 0, "2026-03-10T07:00+01:00", "2026-03-10T12:00+01:00"); /* 11 h after */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.sh[0].end += 1;
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_REST);
  assert_int_equal(v.worked, 10 * 60 + 59);
  char e[512];
  recruit_explain(&t.b, 0, &v, e, sizeof e);
  assert_string_equal(e, "repos de 10 h 59 entre la fin d'une mission le 08/03/2026 21:01 et le début de la suivante "
                         "le 09/03/2026 08:00 (UTC+01:00), minimum 11 h");
  t.sh[0].end -= 1;
  t.sh[1].start -= 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_REST);
  /* between two slots of the need too */
  one(&t);
  tb_slot(&t, "2026-03-10T07:00+01:00", "2026-03-10T12:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.slots[1].start -= 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_REST);
  /* across the change to summer time: 21:00+01:00 to 09:00+02:00 is 11 h */
  tb_init(&t);
  tb_slot(&t, "2026-03-29T09:00+02:00", "2026-03-29T17:00+02:00");
  tb_cand(&t);
  tb_shift(&t, 0, "2026-03-28T13:00+01:00", "2026-03-28T21:00+01:00");
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.sh[0].end += 1;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_REST);
  /* a configurable minimum; 0 allows back-to-back work */
  t.b.rules.min_rest_hours = 0;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
}

static void test_shift_length_12h_exactly(void **state) {
  (void)state;
  struct tb t;
  one(&t); /* 12 h */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OK);
  t.slots[0].end += 1;
  t.c[0].navail = 0;
  tb_avail(&t, 0, "2026-03-01T00:00Z", "2026-03-31T00:00Z");
  struct recruit_verdict v;
  assert_int_equal(tb_check(&t, 0, &v), RECRUIT_SHIFT_LENGTH);
  char e[512];
  recruit_explain(&t.b, 0, &v, e, sizeof e);
  assert_string_equal(e, "créneau de 12 h 01 du 09/03/2026 08:00 au 09/03/2026 20:01 (UTC+01:00), au-delà de la "
                         "durée maximale de 12 h");
  t.slots[0].end -= 1;
  t.b.rules.max_shift_hours = 10;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_SHIFT_LENGTH);
}

static void test_first_rule_reported(void **state) {
  (void)state;
  struct tb t;
  one(&t);
  t.b.rules.max_shift_hours = 10; /* fails last */
  t.c[0].lat = 0;                 /* distance */
  t.pool[0] = "x";                /* pool */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_DISTANCE);
  t.c[0].profession = "AS";
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_PROFESSION);
  one(&t);
  tb_shift(&t, 0, "2026-03-09T07:00+01:00", "2026-03-09T09:00+01:00"); /* overlap, also rest */
  t.b.rules.max_hours_7d = 1;                                          /* and hours */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_OVERLAP);
  one(&t);
  tb_shift(&t, 0, "2026-03-09T05:00+01:00", "2026-03-09T06:00+01:00"); /* rest */
  t.b.rules.max_hours_7d = 12;                                         /* and 13 h in the week */
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_HOURS_7D);
  t.b.rules.max_hours_7d = 13;
  assert_int_equal(tb_check(&t, 0, NULL), RECRUIT_REST);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_eligible_by_default),
    cmocka_unit_test(test_profession),
    cmocka_unit_test(test_qualification_expiry_on_the_slot_day),
    cmocka_unit_test(test_qualification_night_slot_and_offsets),
    cmocka_unit_test(test_availability_union),
    cmocka_unit_test(test_distance_at_the_limit),
    cmocka_unit_test(test_pool),
    cmocka_unit_test(test_overlap_half_open),
    cmocka_unit_test(test_hours_7d_window_boundaries),
    cmocka_unit_test(test_hours_7d_48_exactly),
    cmocka_unit_test(test_rest_11h_exactly),
    cmocka_unit_test(test_shift_length_12h_exactly),
    cmocka_unit_test(test_first_rule_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
