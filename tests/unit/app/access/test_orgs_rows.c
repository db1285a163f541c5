/* Unit tests for the streamed lists (rows module, session 11): the
 * organisations page and the territories written from their statement's
 * rows (orgs_row_write_json, orgs_territory_row_write_json) give byte for
 * byte what jansson gives for the records the store copied before
 * (orgs_to_json over store_org_list, orgs_territory_to_json over
 * store_territory_list), for pages with and without filters, past the end,
 * and every level; the page's total is the same either way. Also the
 * literal keys of the writer (jsonw_key_lit) against jsonw_key, and the
 * bound of a territory list (TERRITORY_MAX): a reference that holds more
 * territories than a list may is refused (PLAM_ERR_TOO_LARGE), streamed or
 * copied, never cut; one at the bound is read whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/access/orgs.h"
#include "app/plan/plan.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static void add_org(struct db *db, const char *name, const char *kind, const char *finess, const char *territory) {
  struct org_rec o;
  memset(&o, 0, sizeof o);
  strcpy(o.name, name);
  strcpy(o.kind, kind);
  strcpy(o.finess, finess);
  strcpy(o.territory_id, territory);
  int64_t id;
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, store_org_insert(db, &o, &id)), PLAM_OK);
}

struct sink {
  struct jsonw *w;
  json_t *items;
  int n;
};

static plam_err org_stream_row(const struct store_row *r, void *ctx) {
  struct sink *s = ctx;
  orgs_row_write_json(s->w, r);
  json_array_append_new(s->items, orgs_row_to_json(r));
  s->n++;
  return s->w->err;
}

static plam_err territory_stream_row(const struct store_row *r, void *ctx) {
  struct sink *s = ctx;
  orgs_territory_row_write_json(s->w, r);
  json_array_append_new(s->items, orgs_territory_row_to_json(r));
  s->n++;
  return s->w->err;
}

/* b's bytes against want's compact dump (want taken). */
static void same_bytes(const struct buf *b, json_t *want, const char *what) {
  char *d = json_dumps(want, JSON_COMPACT);
  json_decref(want);
  assert_non_null(d);
  if (strlen(d) != b->len || memcmp(d, b->data, b->len))
    fail_msg("%s\nstream: %.*s\nwant:   %s", what, (int)b->len, b->data, d);
  free(d);
}

static void check_org_page(struct db *db, const char *q, const char *kind, long limit, long offset) {
  char what[128];
  snprintf(what, sizeof what, "q=%s kind=%s limit=%ld offset=%ld", q ? q : "-", kind ? kind : "-", limit, offset);
  struct buf b;
  buf_init(&b, 1 << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  struct sink s = {&w, json_array(), 0};
  struct list_page streamed = {.limit = limit, .offset = offset};
  jsonw_array(&w);
  assert_int_equal(orgs_list(db, q, kind, &streamed, org_stream_row, &s), PLAM_OK);
  jsonw_end(&w);
  assert_int_equal(jsonw_finish(&w), PLAM_OK);
  /* the records of the same page, as the list was answered before */
  struct list_page copied = {.limit = limit, .offset = offset};
  struct org_rec *rows;
  int n;
  assert_int_equal(db_read_begin(db), PLAM_OK);
  assert_int_equal(store_org_list(db, q, kind, &copied, &rows, &n), PLAM_OK);
  db_read_end(db);
  json_t *want = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(want, orgs_to_json(&rows[i]));
  free(rows);
  assert_int_equal(s.n, n);
  if (streamed.total != copied.total)
    fail_msg("%s: total %lld, want %lld", what, (long long)streamed.total, (long long)copied.total);
  same_bytes(&b, want, what);
  same_bytes(&b, s.items, what); /* the row's tree (the fallback) too */
  buf_release(&b);
}

static void test_org_pages(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("orgrows", dir, path, &db), 0);
  add_org(db, "ARS Pays de la Loire", "ars", "", "REG-52");
  add_org(db, "CHU « Nantes » \"quoted\" \\ back\tslash", "establishment", "440000289", "DEP-44");
  add_org(db, "Établissement ïlien — Île-de-France 😀", "establishment", "", "");
  add_org(db, "Zeta 100% _under_", "other", "2A0000001", "FR");
  for (int i = 0; i < 12; i++) {
    char name[32];
    snprintf(name, sizeof name, "Org %02d", i);
    add_org(db, name, i % 2 ? "ars" : "university", "", i % 3 ? "DEP-85" : "");
  }
  int64_t all = fixture_int(db, "SELECT count(*) FROM organisations");
  static const struct {
    const char *q, *kind;
    long limit, offset;
  } cases[] = {{NULL, NULL, 20, 0},
               {NULL, NULL, 5, 0},
               {NULL, NULL, 5, 5},
               {NULL, NULL, 5, 14},
               {NULL, NULL, 3, 16},
               {NULL, NULL, 3, 1000},
               {NULL, NULL, 500, 0},
               {"org", NULL, 4, 0},
               {"org", NULL, 4, 8},
               {"org", NULL, 4, 12},
               {"org", NULL, 4, 99},
               {"%", NULL, 10, 0},
               {"_", NULL, 10, 0},
               {"440000289", NULL, 5, 0},
               {NULL, "ars", 3, 0},
               {NULL, "ars", 3, 3},
               {"nantes", "establishment", 5, 0},
               {"zzz", NULL, 5, 0},
               {"zzz", NULL, 5, 5}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_org_page(db, cases[i].q, cases[i].kind, cases[i].limit, cases[i].offset);
  /* without a filter the total rides on the rows: still the table's count */
  struct buf b;
  buf_init(&b, 1 << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  struct sink s = {&w, json_array(), 0};
  struct list_page page = {.limit = 2, .offset = 3};
  jsonw_array(&w);
  assert_int_equal(orgs_list(db, NULL, NULL, &page, org_stream_row, &s), PLAM_OK);
  assert_int_equal(page.total, all);
  assert_int_equal(s.n, 2);
  json_decref(s.items);
  buf_release(&b);
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

static void test_territory_lists(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("terrows", dir, path, &db), 0);
  static const char *const cases[][2] = {{NULL, NULL},          {"country", NULL}, {"region", NULL},
                                         {"departement", NULL}, {NULL, "REG-52"},  {"departement", "REG-52"},
                                         {"region", "FR"},      {NULL, "REG-99"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct buf b;
    buf_init(&b, 1 << 20);
    struct jsonw w;
    jsonw_init(&w, &b);
    struct sink s = {&w, json_array(), 0};
    jsonw_array(&w);
    assert_int_equal(orgs_territories(db, cases[i][0], cases[i][1], territory_stream_row, &s), PLAM_OK);
    jsonw_end(&w);
    assert_int_equal(jsonw_finish(&w), PLAM_OK);
    struct territory_rec *rows;
    int n;
    assert_int_equal(store_territory_list(db, cases[i][0], cases[i][1], &rows, &n), PLAM_OK);
    json_t *want = json_array();
    for (int k = 0; k < n; k++) json_array_append_new(want, orgs_territory_to_json(&rows[k]));
    free(rows);
    assert_int_equal(s.n, n);
    same_bytes(&b, want, cases[i][0] ? cases[i][0] : "all");
    same_bytes(&b, s.items, "tree");
    buf_release(&b);
  }
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

static void test_key_lit(void **state) {
  (void)state;
  struct buf a, b;
  buf_init(&a, 1 << 10);
  buf_init(&b, 1 << 10);
  struct jsonw wa, wb;
  jsonw_init(&wa, &a);
  jsonw_init(&wb, &b);
  jsonw_object(&wa);
  jsonw_object(&wb);
  jsonw_key_lit(&wa, "id");
  jsonw_key(&wb, "id");
  jsonw_int(&wa, 1);
  jsonw_int(&wb, 1);
  jsonw_key_lit(&wa, "territory_name");
  jsonw_key(&wb, "territory_name");
  jsonw_null(&wa);
  jsonw_null(&wb);
  jsonw_key_lit(&wa, "");
  jsonw_key(&wb, "");
  jsonw_str(&wa, "x");
  jsonw_str(&wb, "x");
  jsonw_end(&wa);
  jsonw_end(&wb);
  assert_int_equal(jsonw_finish(&wa), PLAM_OK);
  assert_int_equal(jsonw_finish(&wb), PLAM_OK);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  /* a key outside an object, or two in a row: refused like jsonw_key */
  struct jsonw wc;
  struct buf c;
  buf_init(&c, 1 << 10);
  jsonw_init(&wc, &c);
  jsonw_array(&wc);
  jsonw_key_lit(&wc, "k");
  assert_int_equal(jsonw_finish(&wc), PLAM_ERR_INTERNAL);
#ifndef NDEBUG
  /* debug builds refuse a literal that needs escaping */
  jsonw_init(&wc, &c);
  jsonw_object(&wc);
  jsonw_key_raw(&wc, "\"a\"b\":", 6);
  assert_int_equal(jsonw_finish(&wc), PLAM_ERR_INTERNAL);
#endif
  buf_release(&a);
  buf_release(&b);
  buf_release(&c);
}

/* Adds départements DEP-Z000… under REG-52 until the reference holds total. */
static void grow_reference(struct db *db, int64_t total) {
  int64_t have = fixture_int(db, "SELECT count(*) FROM territories");
  assert_int_equal(db_write_begin(db), PLAM_OK);
  plam_err e = PLAM_OK;
  for (int64_t i = have; !e && i < total; i++) {
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO territories(id, insee_code, name, level, parent) VALUES ('DEP-Z%03lld', 'Z%03lld', "
             "'Test %lld', 'departement', 'REG-52')",
             (long long)i, (long long)i, (long long)i);
    e = db_exec(db, sql);
  }
  assert_int_equal(db_write_end(db, e), PLAM_OK);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM territories"), total);
}

static plam_err count_row(const struct store_row *r, void *ctx) {
  (void)r;
  ++*(int *)ctx;
  return PLAM_OK;
}

static void test_territory_bound(void **state) {
  (void)state;
  char dir[64], path[128];
  struct db *db;
  assert_int_equal(fixture_db_open("terrmax", dir, path, &db), 0);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM territories"), 120); /* the shipped reference */
  /* at the bound: every territory, streamed and copied */
  grow_reference(db, TERRITORY_MAX);
  struct territory_rec *rows = NULL;
  int n = 0, streamed = 0;
  assert_int_equal(store_territory_list(db, NULL, NULL, &rows, &n), PLAM_OK);
  assert_int_equal(n, TERRITORY_MAX);
  assert_string_equal(rows[0].id, "FR");
  free(rows);
  assert_int_equal(orgs_territories(db, NULL, NULL, count_row, &streamed), PLAM_OK);
  assert_int_equal(streamed, TERRITORY_MAX);
  /* one more: refused, not cut at TERRITORY_MAX */
  grow_reference(db, TERRITORY_MAX + 1);
  rows = (struct territory_rec *)&n; /* must come back NULL */
  n = -1;
  assert_int_equal(store_territory_list(db, NULL, NULL, &rows, &n), PLAM_ERR_TOO_LARGE);
  assert_null(rows);
  assert_int_equal(n, 0);
  streamed = 0;
  assert_int_equal(orgs_territories(db, NULL, NULL, count_row, &streamed), PLAM_ERR_TOO_LARGE);
  assert_int_equal(streamed, TERRITORY_MAX);
  /* a list within the bound is still read whole: REG-52's 5 départements and the 393 added */
  assert_int_equal(store_territory_list(db, "departement", "REG-52", &rows, &n), PLAM_OK);
  assert_int_equal(n, 398);
  free(rows);
  assert_int_equal(fixture_db_remove(db, dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_org_pages), cmocka_unit_test(test_territory_lists),
                                     cmocka_unit_test(test_territory_bound), cmocka_unit_test(test_key_lit)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
