/* Plan structure export/import on real databases: every seed plan exported
 * as CSV and as XLSX, imported into a fresh database and exported again gives
 * the same bytes; reading an export gives back the exported model cell for
 * cell; a file with errors changes nothing and names each error's sheet, row
 * and column; the same database takes a copy under a new identifier and code
 * prefix; only plan.write holders import; an imported plan is a draft that
 * the public cannot export; one action's JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "app/plan/plan.h"
#include "app/plan/plan_struct.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"

static char dir[64];
static struct db *demo_db;
static const char *const slugs[] = {"pdl-plam-2022", "bfc-mobilisation-2023", "bzh-attractivite"};

static struct db *open_db(const char *name) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s.db", dir, name);
  struct db *db;
  int applied = 0;
  if (db_open(path, DB_OPEN_CREATE, &db) || db_migrate(db, &applied)) return NULL;
  return db;
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/plam-test-struct-XXXXXX");
  if (!mkdtemp(dir) || !(demo_db = open_db("demo"))) return -1;
  const char *src = getenv("PLAM_SOURCE_DIR");
  char demo[512];
  snprintf(demo, sizeof demo, "%s/data/demo", src ? src : PLAM_SOURCE_DIR);
  int loaded = 0;
  return plan_demo_load_dir(demo_db, demo, &loaded) || loaded != 3 ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  db_close(demo_db);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void actor(struct actor *a, enum role r) {
  memset(a, 0, sizeof *a);
  a->role = r;
  a->user_id = 0; /* like the command line: no account needed in a fresh database */
}

static int64_t plan_id(struct db *db, const char *slug) {
  int64_t id = 0;
  assert_int_equal(store_plan_find_slug(db, slug, &id), PLAM_OK);
  return id;
}

static void export_bytes(struct db *db, const char *slug, enum ps_format fmt, struct buf *out) {
  struct actor a;
  actor(&a, ROLE_STAFF);
  buf_init(out, (size_t)64 << 20);
  assert_int_equal(plan_struct_export_bytes(db, &a, plan_id(db, slug), fmt, out), PLAM_OK);
  assert_true(out->len > 100);
}

static void print_report(const struct ps_report *rep) {
  for (size_t i = 0; i < rep->nerrors; i++)
    fprintf(stderr, "%s / %u / %s : %s\n", rep->errors[i].sheet, rep->errors[i].row, rep->errors[i].column,
            rep->errors[i].message);
}

static plam_err import(struct db *db, enum role r, enum ps_format fmt, const struct buf *in,
                       const struct ps_import_options *opt, struct ps_report *rep, struct ps_import_result *res) {
  struct actor a;
  actor(&a, r);
  return plan_struct_import(db, &a, fmt, in->data, in->len, opt, rep, res);
}

static int64_t count(struct db *db, const char *sql) {
  struct db_stmt *st;
  int row = 0;
  int64_t n = -1;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  assert_int_equal(db_step(st, &row), PLAM_OK);
  if (row) n = db_column_int64(st, 0);
  db_done(st);
  return n;
}

/* export (fmt) -> import into a fresh database -> export CSV: same bytes as the first CSV export. */
static void round_trip(enum ps_format fmt, const char *dbname) {
  struct db *fresh = open_db(dbname);
  assert_non_null(fresh);
  for (size_t i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
    struct buf first, file, again;
    export_bytes(demo_db, slugs[i], PS_CSV, &first);
    export_bytes(demo_db, slugs[i], fmt, &file);
    struct ps_report rep;
    struct ps_import_result res;
    plam_err e = import(fresh, ROLE_STAFF, fmt, &file, NULL, &rep, &res);
    print_report(&rep);
    assert_int_equal(e, PLAM_OK);
    assert_int_equal(rep.total, 0);
    assert_string_equal(res.slug, slugs[i]);
    ps_report_free(&rep);
    export_bytes(fresh, slugs[i], PS_CSV, &again);
    assert_int_equal(again.len, first.len);
    assert_memory_equal(again.data, first.data, first.len);
    buf_release(&first);
    buf_release(&file);
    buf_release(&again);
  }
  /* the imported plans are drafts and carry their content */
  assert_int_equal(count(fresh, "SELECT count(*) FROM plans WHERE status = 'draft'"), 3);
  assert_int_equal(count(fresh, "SELECT count(*) FROM indicators"), count(demo_db, "SELECT count(*) FROM indicators"));
  assert_int_equal(count(fresh, "SELECT count(*) FROM plan_actions"),
                   count(demo_db, "SELECT count(*) FROM plan_actions"));
  assert_true(count(fresh, "SELECT count(*) FROM indicator_targets") > 0);
  assert_int_equal(count(fresh, "SELECT count(*) FROM audit_log WHERE entity = 'plan_structure'"), 3);
  db_close(fresh);
}

static void test_round_trip_csv(void **state) {
  (void)state;
  round_trip(PS_CSV, "csv");
}

static void test_round_trip_xlsx(void **state) {
  (void)state;
  round_trip(PS_XLSX, "xlsx");
}

/* Reading an export gives the exported model back, cell for cell. */
static void test_read_gives_model(void **state) {
  (void)state;
  struct actor a;
  actor(&a, ROLE_STAFF);
  struct ps_book b;
  assert_int_equal(plan_struct_export(demo_db, &a, plan_id(demo_db, "pdl-plam-2022"), &b), PLAM_OK);
  assert_true(b.n[PS_INDICATORS] >= 19 && b.n[PS_ACTIONS] >= 18 && b.n[PS_TARGETS] > 0 && b.n[PS_ORGS] > 0);
  for (int fmt = PS_CSV; fmt <= PS_XLSX; fmt++) {
    struct buf out;
    buf_init(&out, (size_t)64 << 20);
    assert_int_equal(fmt == PS_CSV ? ps_write_csv(&b, &out) : ps_write_xlsx(&b, &out), PLAM_OK);
    struct ps_book r;
    struct ps_report rep = {0};
    assert_int_equal(ps_read((enum ps_format)fmt, out.data, out.len, &r, &rep), PLAM_OK);
    print_report(&rep);
    assert_int_equal(rep.total, 0);
    for (int t = 0; t < PS__COUNT; t++) {
      assert_int_equal(r.n[t], b.n[t]);
      for (size_t i = 0; i < b.n[t]; i++) {
        assert_int_equal(r.rows[t][i].line, i + 2); /* header on row 1 of each sheet (XLSX) */
        for (int c = 0; c < ps_tables[t].ncols; c++)
          assert_string_equal(ps_cell(&r.rows[t][i], c), ps_cell(&b.rows[t][i], c));
      }
      if (fmt == PS_CSV) break; /* CSV lines run on across tables: checked for the Plan only */
    }
    ps_book_free(&r);
    ps_report_free(&rep);
    buf_release(&out);
  }
  ps_book_free(&b);
}

static const char *const BAD_CSV =
  "type de ligne;identifiant;région;titre\r\n"
  "Plan;nouveau-plan;REG-99;Un plan\r\n" /* line 2: region */
  "type de ligne;numéro;titre;poids\r\n"
  "Axes;1;Premier axe;-1\r\n" /* line 4: weight */
  "Axes;1;Doublon;\r\n"       /* line 5: duplicate */
  "type de ligne;axe;numéro;titre;statut\r\n"
  "Actions;9;1.1;Une action;commencée\r\n" /* line 7: axis, status */
  "type de ligne;action;code;nom;unité;type;périmètre\r\n"
  "Indicateurs;1.1;pdl-1.1-parcours;Un indicateur;parcours;nombre;REG-52\r\n" /* line 9: code taken */
  "type de ligne;indicateur;type;valeur;échéance\r\n"
  "Cibles;inconnu;finale;douze;2026-02-30\r\n"; /* line 11: ref, number, date */

static void test_errors_change_nothing(void **state) {
  (void)state;
  int64_t plans = count(demo_db, "SELECT count(*) FROM plans"),
          audit = count(demo_db, "SELECT count(*) FROM audit_log");
  struct buf in = {.data = (char *)BAD_CSV, .len = strlen(BAD_CSV)};
  struct ps_report rep;
  struct ps_import_result res;
  assert_int_equal(import(demo_db, ROLE_STAFF, PS_CSV, &in, NULL, &rep, &res), PLAM_ERR_INVALID);
  print_report(&rep);
  static const struct {
    const char *sheet;
    uint32_t row;
    const char *column;
  } want[] = {{"Cibles", 11, "valeur"}, {"Cibles", 11, "échéance"}, {"Axes", 5, "numéro"},
              {"Plan", 2, "région"},    {"Axes", 4, "poids"},       {"Actions", 7, "statut"},
              {"Actions", 7, "axe"},    {"Indicateurs", 9, "code"}, {"Cibles", 11, "indicateur"}};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    int found = 0;
    for (size_t i = 0; i < rep.nerrors; i++)
      found |= !strcmp(rep.errors[i].sheet, want[k].sheet) && rep.errors[i].row == want[k].row &&
               !strcmp(rep.errors[i].column, want[k].column);
    if (!found) fprintf(stderr, "missing error %s/%u/%s\n", want[k].sheet, want[k].row, want[k].column);
    assert_true(found);
  }
  assert_int_equal(rep.total, sizeof want / sizeof want[0]);
  ps_report_free(&rep);
  assert_int_equal(count(demo_db, "SELECT count(*) FROM plans"), plans);
  assert_int_equal(count(demo_db, "SELECT count(*) FROM audit_log"), audit);
}

/* A role given twice (far apart), a bad code prefix, a missing Plan row. */
static void test_more_errors(void **state) {
  (void)state;
  char *csv = malloc(200000);
  assert_non_null(csv);
  int w = snprintf(csv, 200000,
                   "type de ligne;identifiant;région;titre\nPlan;autre-plan;REG-52;Autre\n"
                   "type de ligne;nom;type\n");
  for (int i = 0; i < 2500; i++) w += snprintf(csv + w, 200000 - (size_t)w, "Organisations;Org %d;Autre\n", i);
  w += snprintf(csv + w, 200000 - (size_t)w, "type de ligne;action;organisation;rôle\n");
  int first = 2500 + 5;
  for (int i = 0; i < 2500; i++) w += snprintf(csv + w, 200000 - (size_t)w, "Partenaires;;Org %d;acteur\n", i);
  w += snprintf(csv + w, 200000 - (size_t)w, "Partenaires;;Org 0;Acteur\n"); /* line first + 2500 */
  struct buf in = {.data = csv, .len = (size_t)w};
  struct ps_import_options opt = {.code_prefix = "a b"};
  struct ps_report rep;
  struct ps_import_result res;
  assert_int_equal(import(demo_db, ROLE_STAFF, PS_CSV, &in, &opt, &rep, &res), PLAM_ERR_INVALID);
  print_report(&rep);
  assert_int_equal(rep.total, 2);
  assert_string_equal(rep.errors[0].column, "préfixe des codes");
  assert_string_equal(rep.errors[1].sheet, "Partenaires");
  assert_int_equal(rep.errors[1].row, first + 2500);
  char want[64];
  snprintf(want, sizeof want, "ce rôle est déjà donné ligne %d", first);
  assert_string_equal(rep.errors[1].message, want);
  ps_report_free(&rep);
  /* no Plan row: reported even beside other errors */
  const char *noplan = "type de ligne;numéro;titre\nAxes;1;\n";
  struct buf in2 = {.data = (char *)noplan, .len = strlen(noplan)};
  assert_int_equal(import(demo_db, ROLE_STAFF, PS_CSV, &in2, NULL, &rep, &res), PLAM_ERR_INVALID);
  assert_int_equal(rep.total, 2);
  assert_string_equal(rep.errors[0].sheet, "Plan");
  ps_report_free(&rep);
  free(csv);
}

/* The same database takes a copy under a new identifier and code prefix;
 * the copy is a draft hidden from the public; pilots cannot import. */
static void test_copy_in_same_database(void **state) {
  (void)state;
  struct buf file;
  export_bytes(demo_db, "pdl-plam-2022", PS_XLSX, &file);
  struct ps_report rep;
  struct ps_import_result res;
  assert_int_equal(import(demo_db, ROLE_PILOT, PS_XLSX, &file, NULL, &rep, &res), PLAM_ERR_FORBIDDEN);
  ps_report_free(&rep);
  /* as is: identifier and codes taken */
  assert_int_equal(import(demo_db, ROLE_STAFF, PS_XLSX, &file, NULL, &rep, &res), PLAM_ERR_INVALID);
  assert_string_equal(rep.errors[0].sheet, "Plan");
  assert_string_equal(rep.errors[0].column, "identifiant");
  assert_int_equal(rep.errors[0].row, 2);
  assert_int_equal(rep.total, 1 + 21); /* the slug and each of the 21 indicator codes */
  ps_report_free(&rep);
  struct ps_import_options opt = {.slug = "copie-pdl", .code_prefix = "copie-", .filename = "s.xlsx"};
  plam_err e = import(demo_db, ROLE_ADMIN, PS_XLSX, &file, &opt, &rep, &res);
  print_report(&rep);
  assert_int_equal(e, PLAM_OK);
  assert_int_equal(res.orgs_created, 0);
  assert_int_equal(res.counts[PS_INDICATORS], 21);
  ps_report_free(&rep);
  buf_release(&file);
  struct actor anon;
  actor(&anon, ROLE_PUBLIC);
  struct buf out;
  buf_init(&out, 1 << 20);
  assert_int_equal(plan_struct_export_bytes(demo_db, &anon, res.plan_id, PS_CSV, &out), PLAM_ERR_NOT_FOUND);
  assert_int_equal(plan_struct_export_bytes(demo_db, &anon, plan_id(demo_db, "pdl-plam-2022"), PS_CSV, &out), PLAM_OK);
  buf_release(&out);
  assert_int_equal(count(demo_db, "SELECT count(*) FROM indicators WHERE code = 'copie-pdl-1.1-parcours'"), 1);
}

static void test_action_json(void **state) {
  (void)state;
  int64_t id = count(demo_db, "SELECT i.action_id FROM indicators i WHERE i.code = 'pdl-1.1-parcours'");
  struct actor anon;
  actor(&anon, ROLE_PUBLIC);
  json_t *o;
  assert_int_equal(plan_action_json(demo_db, &anon, id, &o), PLAM_OK);
  assert_int_equal(json_integer_value(json_object_get(o, "id")), id);
  assert_string_equal(json_string_value(json_object_get(json_object_get(o, "plan"), "slug")), "pdl-plam-2022");
  json_t *ind = json_array_get(json_object_get(o, "indicators"), 0);
  assert_string_equal(json_string_value(json_object_get(ind, "code")), "pdl-1.1-parcours");
  assert_true(json_array_size(json_object_get(ind, "targets")) > 0);
  assert_true(json_array_size(json_object_get(o, "partners")) > 0);
  json_decref(o);
  assert_int_equal(plan_action_json(demo_db, &anon, 999999, &o), PLAM_ERR_NOT_FOUND);
}

static void test_labels(void **state) {
  (void)state;
  const struct ps_enum *status = ps_tables[PS_ACTIONS].cols[8].en;
  assert_string_equal(ps_enum_code(status, "Réalisé"), "realise");
  assert_string_equal(ps_enum_code(status, "EN COURS"), "en_cours");
  assert_string_equal(ps_enum_code(status, "a_venir"), "a_venir");
  assert_null(ps_enum_code(status, "commencée"));
  char f[32];
  ps_fold("Type d'organisation", f, sizeof f);
  assert_string_equal(f, "typedorganisation");
  /* a message cutting a cell inside a character stays valid UTF-8 (found by the fuzzer) */
  struct ps_report rep = {0};
  ps_report_add(&rep, PS_AXES, 3, "titre", "« %.1s »", "é");
  assert_string_equal(rep.errors[0].message, "«  »");
  json_t *j = ps_report_json(&rep);
  assert_non_null(j);
  json_decref(j);
  ps_report_free(&rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_labels),
    cmocka_unit_test(test_round_trip_csv),
    cmocka_unit_test(test_round_trip_xlsx),
    cmocka_unit_test(test_read_gives_model),
    cmocka_unit_test(test_errors_change_nothing),
    cmocka_unit_test(test_more_errors),
    cmocka_unit_test(test_copy_in_same_database),
    cmocka_unit_test(test_action_json),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
