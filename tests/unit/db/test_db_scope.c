/* Unit tests for the read scope of the database layer (db.h): one snapshot
 * for every read of a unit of work, with two connections to one file (a
 * reader with the scope, a writer): reads inside the scope do not see a
 * commit made after its first read; db_read_begin/end nest inside it;
 * beginning a new scope, ending it, and the writes and pragmas that need no
 * open transaction (db_write_begin, db_foreign_keys) end it, after which the
 * latest data is read; a write in the scope's connection is visible to its
 * later reads. Also the organisations page count: total from the page when
 * it ends the list, from count(*) otherwise, with and without filters.
 * And the change stamp (db_change_stamp, fast module): refused outside a
 * transaction; equal while nothing changes; changed by another
 * connection's commit and by the connection's own write; different for two
 * connections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static const char *const SQL_COUNT = "SELECT count(*) FROM organisations";

static void add_org(struct db *w, const char *name) {
  struct org_rec o;
  memset(&o, 0, sizeof o);
  strcpy(o.name, name);
  strcpy(o.kind, "ars");
  int64_t id;
  assert_int_equal(db_write_begin(w), PLAM_OK);
  assert_int_equal(db_write_end(w, store_org_insert(w, &o, &id)), PLAM_OK);
}

static void test_read_scope(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *r, *w;
  assert_int_equal(fixture_db_open("scope", dir, path, &r), 0);
  assert_int_equal(db_open(path, 0, &w), PLAM_OK);
  int64_t n0 = fixture_int(r, SQL_COUNT);

  /* one snapshot for the whole scope, nested read transactions included */
  db_read_scope_begin(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0);
  add_org(w, "Après la première lecture");
  assert_int_equal(fixture_int(r, SQL_COUNT), n0);
  assert_int_equal(db_read_begin(r), PLAM_OK);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0);
  db_read_end(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0); /* the nested end did not end the scope */
  db_read_scope_end(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 1);

  /* a new scope ends the one left open: it reads the latest data */
  db_read_scope_begin(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 1);
  add_org(w, "Deuxième");
  db_read_scope_begin(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 2);

  /* a write in the scope's connection ends the scope; later reads see it and
   * the other connection's commits */
  add_org(w, "Troisième");
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 2);
  add_org(r, "Quatrième, par le lecteur");
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 4);
  add_org(w, "Cinquième");
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 5); /* autocommit again */
  db_read_scope_end(r);                                /* nothing left to end */

  /* foreign keys can be switched inside a scope (it ends first) */
  db_read_scope_begin(r);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 5);
  assert_int_equal(db_foreign_keys(r, 0), PLAM_OK);
  assert_int_equal(db_foreign_keys(r, 1), PLAM_OK);
  add_org(w, "Sixième");
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 6);

  /* inside a db_read_begin of the scope, a write still fails as in any read
   * transaction (the scope is not ended under the caller's feet) */
  db_read_scope_begin(r);
  assert_int_equal(db_read_begin(r), PLAM_OK);
  assert_int_equal(fixture_int(r, SQL_COUNT), n0 + 6);
  assert_int_not_equal(db_write_begin(r), PLAM_OK);
  db_read_end(r);
  db_read_scope_end(r);

  db_close(w);
  assert_int_equal(fixture_db_remove(r, dir), 0);
}

static void test_org_page_total(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("orgpage", dir, path, &db), 0);
  int64_t n0 = fixture_int(db, SQL_COUNT);
  for (int i = 0; i < 7; i++) {
    char name[32];
    snprintf(name, sizeof name, "Org %c", 'A' + i);
    add_org(db, name);
  }
  int64_t all = n0 + 7;
  static const struct {
    long limit, offset;
    const char *q;
  } cases[] = {{3, 0, NULL},   {500, 0, NULL}, {3, 5, NULL},  {3, 1000, NULL},    {2, 0, "Org"},
               {50, 0, "Org"}, {2, 6, "Org"},  {1, 7, "Org"}, {5, 0, "zzz-none"}, {5, 3, "zzz-none"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct list_page page = {.limit = cases[i].limit, .offset = cases[i].offset};
    struct org_rec *rows;
    int n;
    assert_int_equal(db_read_begin(db), PLAM_OK);
    assert_int_equal(store_org_list(db, cases[i].q, NULL, &page, &rows, &n), PLAM_OK);
    db_read_end(db);
    int64_t want = !cases[i].q ? all : !strcmp(cases[i].q, "Org") ? 7 : 0;
    if (page.total != want) fail_msg("case %zu: total %lld, want %lld", i, (long long)page.total, (long long)want);
    int64_t rest = want - cases[i].offset;
    int64_t want_n = rest < 0 ? 0 : rest < cases[i].limit ? rest : cases[i].limit;
    assert_int_equal(n, want_n);
    for (int k = 1; k < n; k++) assert_true(strcmp(rows[k - 1].name, rows[k].name) <= 0); /* name order */
    free(rows);
  }
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

static int stamp_eq(const struct db_stamp *a, const struct db_stamp *b) {
  return a->conn == b->conn && a->theirs == b->theirs && a->ours == b->ours;
}

static void stamp_read(struct db *db, struct db_stamp *st) {
  assert_int_equal(db_read_begin(db), PLAM_OK);
  assert_int_equal(db_change_stamp(db, st), PLAM_OK);
  db_read_end(db);
}

static void test_change_stamp(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *r, *w;
  assert_int_equal(fixture_db_open("stamp", dir, path, &r), 0);
  assert_int_equal(db_open(path, 0, &w), PLAM_OK);
  struct db_stamp a, b, c;
  assert_int_not_equal(db_change_stamp(r, &a), PLAM_OK); /* outside a transaction */
  stamp_read(r, &a);
  stamp_read(r, &b);
  assert_true(stamp_eq(&a, &b)); /* nothing changed */
  fixture_int(r, SQL_COUNT);     /* a read changes nothing */
  stamp_read(r, &b);
  assert_true(stamp_eq(&a, &b));
  add_org(w, "Par une autre connexion"); /* another connection's commit */
  stamp_read(r, &b);
  assert_false(stamp_eq(&a, &b));
  add_org(r, "Par la même connexion"); /* this connection's own write */
  stamp_read(r, &c);
  assert_false(stamp_eq(&b, &c));
  /* inside a scope: the stamp of the snapshot, whatever commits meanwhile */
  db_read_scope_begin(r);
  assert_int_equal(db_read_begin(r), PLAM_OK);
  assert_int_equal(db_change_stamp(r, &a), PLAM_OK);
  db_read_end(r);
  assert_true(stamp_eq(&a, &c));
  db_read_scope_end(r);
  stamp_read(w, &b); /* two connections never share a stamp */
  assert_true(a.conn != b.conn);
  db_close(w);
  assert_int_equal(fixture_db_remove(r, dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_read_scope),
    cmocka_unit_test(test_org_page_total),
    cmocka_unit_test(test_change_stamp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
