/* The COPIL pack on the demo database (app/copil.h, app/open_data.h): the
 * workbook read back with the project's XLSX reader (a summary sheet with the
 * plan and the money total, then one sheet per axis listing its actions in
 * order with their progress as a percent cell, every indicator and every
 * current budget line), the report escaping a hostile action title, and the
 * open data (published plans only, validated values only, no key that names a
 * person). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "app/plan/copil.h"
#include "app/plan/open_data.h"
#include "app/plan/plan.h"
#include "fmt/xlsx_read.h"
#include "fmt/xlsx_write.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;
static int64_t pdl;

static int setup(void **state) {
  (void)state;
  return fixture_db_open("copil", dir, path, &db) || fixture_seed_plans(db, &pdl) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

static void staff(struct actor *a) {
  memset(a, 0, sizeof *a);
  a->role = ROLE_STAFF;
}

/* ---- a sheet read back: rows of text cells and numbers ---- */
#define MAXC 16
struct srow {
  char cell[MAXC][256];
  double num[MAXC];
  enum table_cell_kind kind[MAXC];
  size_t n;
};
struct sheet {
  struct srow *r;
  size_t n;
};

static plam_err on_row(void *ctx, const struct table_row *r) {
  struct sheet *s = ctx;
  s->r = realloc(s->r, (s->n + 1) * sizeof *s->r);
  if (!s->r) return PLAM_ERR_NOMEM;
  struct srow *x = &s->r[s->n++];
  memset(x, 0, sizeof *x);
  x->n = r->ncols < MAXC ? r->ncols : MAXC;
  for (size_t i = 0; i < x->n; i++) {
    snprintf(x->cell[i], sizeof x->cell[i], "%s", r->cells[i]);
    x->num[i] = r->numbers[i];
    x->kind[i] = r->kinds[i];
  }
  return PLAM_OK;
}

static struct sheet read_sheet(struct xlsx_book *b, size_t i) {
  struct sheet s = {0};
  struct table_error err;
  assert_int_equal(xlsx_read_sheet(b, i, on_row, &s, &err), PLAM_OK);
  return s;
}

/* Index of the first row at or after from whose first cell is text. */
static size_t find_row(const struct sheet *s, size_t from, const char *text) {
  for (size_t i = from; i < s->n; i++)
    if (!strcmp(s->r[i].cell[0], text)) return i;
  fail_msg("row « %s » not found", text);
  return 0;
}

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

static void test_workbook(void **state) {
  (void)state;
  struct actor a;
  staff(&a);
  json_t *pack;
  assert_int_equal(copil_pack_json(db, &a, pdl, &pack), PLAM_OK);
  char file[160];
  snprintf(file, sizeof file, "%s/copil.xlsx", dir);
  assert_int_equal(copil_xlsx_write(pack, file), PLAM_OK);
  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open_file(file, 64 << 20, NULL, &b, &err), PLAM_OK);
  json_t *axes = json_object_get(pack, "axes");
  size_t extra = json_array_size(json_object_get(pack, "actions_without_axis")) ||
                 json_array_size(json_object_get(pack, "budget_without_axis"));
  assert_true(json_array_size(axes) >= 4);
  assert_int_equal(xlsx_sheet_count(b), 1 + json_array_size(axes) + extra);
  assert_string_equal(xlsx_sheet_name(b, 0), "Synthèse");

  /* summary: the plan, its overall progress, the money total */
  struct sheet s = read_sheet(b, 0);
  assert_string_equal(s.r[0].cell[0], "Rubrique");
  size_t r = find_row(&s, 1, "Plan");
  assert_string_equal(s.r[r].cell[1], str(json_object_get(pack, "plan"), "title"));
  r = find_row(&s, 1, "Avancement global");
  json_t *pp = json_object_get(pack, "progress");
  if (json_is_true(json_object_get(pp, "has_progress"))) {
    assert_int_equal(s.r[r].kind[1], TABLE_CELL_NUMBER);
    assert_float_equal(s.r[r].num[1], json_number_value(json_object_get(pp, "progress")) / 100, 1e-9);
  } else {
    char want[160];
    copil_percent_text(pp, want, sizeof want);
    assert_string_equal(s.r[r].cell[1], want);
    /* the demo plans have measured indicators: a headline, never "non calculé" */
    assert_non_null(strstr(want, " % sur "));
    assert_non_null(strstr(want, "renseigné"));
  }
  r = find_row(&s, 1, "Couverture");
  assert_non_null(strstr(s.r[r].cell[1], "indicateur"));
  json_t *total = json_object_get(json_object_get(pack, "money"), "plan");
  assert_true(json_is_object(total));
  r = find_row(&s, 1, "Total du plan");
  static const char *const stages[] = {"planned", "committed", "paid"};
  for (int st = 0; st < 3; st++) { /* a number only when every line gives it, never 0 for unknown */
    char k[48], want[160];
    snprintf(k, sizeof k, "%s_known_lines", stages[st]);
    json_int_t known = json_integer_value(json_object_get(total, k));
    snprintf(k, sizeof k, "%s_cents", stages[st]);
    if (known == json_integer_value(json_object_get(total, "lines"))) {
      assert_int_equal(s.r[r].kind[2 + st], TABLE_CELL_NUMBER);
      assert_float_equal(s.r[r].num[2 + st], (double)json_integer_value(json_object_get(total, k)) / 100, 1e-6);
    } else {
      copil_amount_text(total, stages[st], want, sizeof want);
      assert_string_equal(s.r[r].cell[2 + st], want);
      assert_null(strstr(want, " 0 €"));
    }
  }
  size_t funders = json_array_size(json_object_get(json_object_get(pack, "money"), "by_funder"));
  size_t head = find_row(&s, 1, "Financeur");
  assert_int_equal(r - head - 1, funders);
  free(s.r);

  /* one sheet per axis: actions in order, every indicator, every budget line */
  size_t i, k, checked_progress = 0, lines_seen = 0;
  json_t *ax, *ac;
  json_array_foreach(axes, i, ax) {
    s = read_sheet(b, i + 1);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "Axe %s", str(ax, "number"));
    assert_memory_equal(xlsx_sheet_name(b, i + 1), prefix, strlen(prefix));
    assert_non_null(strstr(s.r[0].cell[0], str(ax, "title")));
    size_t h = find_row(&s, 0, "Numéro");
    assert_string_equal(s.r[h].cell[5], "Avancement");
    json_t *actions = json_object_get(ax, "actions");
    size_t n_ind = 0;
    json_array_foreach(actions, k, ac) {
      const struct srow *x = &s.r[h + 1 + k];
      assert_string_equal(x->cell[0], str(ac, "number"));
      assert_string_equal(x->cell[1], str(ac, "title"));
      json_t *p = json_object_get(ac, "progress");
      if (json_is_true(json_object_get(p, "has_progress"))) {
        assert_int_equal(x->kind[5], TABLE_CELL_NUMBER);
        assert_float_equal(x->num[5], json_number_value(json_object_get(p, "progress")) / 100, 1e-9);
        checked_progress++;
      } else {
        char want[160];
        copil_percent_text(p, want, sizeof want);
        assert_string_equal(x->cell[5], want);
      }
      assert_non_null(strstr(x->cell[6], "sur"));
      n_ind += json_array_size(json_object_get(ac, "indicators"));
    }
    size_t hi = find_row(&s, h, "Indicateurs") + 1;
    assert_string_equal(s.r[hi].cell[2], "Indicateur");
    size_t hb = find_row(&s, hi, "Lignes budgétaires") + 1;
    assert_string_equal(s.r[hb].cell[1], "Libellé");
    if (n_ind) assert_int_equal(hb - 1 - hi - 1, n_ind);
    size_t nb = json_array_size(json_object_get(ax, "budget"));
    if (nb) assert_int_equal(s.n - hb - 1, nb);
    for (size_t j = 0; j < nb; j++) {
      json_t *bl = json_array_get(json_object_get(ax, "budget"), j);
      assert_string_equal(s.r[hb + 1 + j].cell[1], str(bl, "label"));
      json_t *planned = json_object_get(bl, "planned_cents");
      if (json_is_integer(planned))
        assert_float_equal(s.r[hb + 1 + j].num[6], (double)json_integer_value(planned) / 100, 1e-6);
      else assert_string_equal(s.r[hb + 1 + j].cell[6], "Inconnu");
      if (!json_is_integer(json_object_get(bl, "paid_cents"))) assert_string_equal(s.r[hb + 1 + j].cell[8], "Inconnu");
    }
    lines_seen += nb;
    free(s.r);
  }
  assert_true(lines_seen > 0);
  (void)checked_progress;
  xlsx_close(b);
  json_decref(pack);
}

/* xlsx_writer_titles (added for the COPIL sheets): header-styled cells read
 * back as text at their row; bad UTF-8 is a sticky PLAM_ERR_INVALID. */
static void test_writer_titles(void **state) {
  (void)state;
  char file[160];
  snprintf(file, sizeof file, "%s/titles.xlsx", dir);
  struct xlsx_writer *w;
  assert_int_equal(xlsx_writer_open(file, &w), PLAM_OK);
  xlsx_writer_sheet(w, "Feuille", NULL, 0);
  static const char *const h[] = {"Rubrique", "Valeur"}, *const t[] = {"Numéro", "Action", "Avancement"};
  xlsx_writer_header(w, 0, h, 2);
  xlsx_writer_titles(w, 3, t, 3);
  xlsx_writer_text(w, 4, 0, "1.1");
  assert_int_equal(xlsx_writer_close(w), PLAM_OK);
  struct xlsx_book *b;
  struct table_error err;
  assert_int_equal(xlsx_open_file(file, 1 << 20, NULL, &b, &err), PLAM_OK);
  struct sheet s = read_sheet(b, 0);
  assert_int_equal(s.n, 3);
  assert_int_equal(s.r[1].n, 3);
  assert_string_equal(s.r[1].cell[0], "Numéro");
  assert_string_equal(s.r[1].cell[2], "Avancement");
  assert_string_equal(s.r[2].cell[0], "1.1");
  free(s.r);
  xlsx_close(b);
  static const char *const bad[] = {"ok", "\xc3("};
  assert_int_equal(xlsx_writer_open(file, &w), PLAM_OK);
  xlsx_writer_sheet(w, "Feuille", NULL, 0);
  xlsx_writer_titles(w, 0, bad, 2);
  xlsx_writer_text(w, 1, 0, "ignored");
  assert_int_equal(xlsx_writer_close(w), PLAM_ERR_INVALID);
}

/* A new action with that title in the plan's first axis (no API renames an
 * action, so the test writes it through the store). */
static void add_action(int64_t plan, const char *title, int64_t *action_id) {
  struct store_rows rows;
  assert_int_equal(store_plan_actions(db, plan, &rows), PLAM_OK);
  struct action_rec ac = ((struct action_rec *)rows.rows)[0];
  free(rows.rows);
  ac.id = 0;
  snprintf(ac.number, sizeof ac.number, "9.9");
  snprintf(ac.title, sizeof ac.title, "%s", title);
  ac.position = 999;
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(store_action_insert(db, &ac, action_id), PLAM_OK);
  assert_int_equal(store_plan_bump(db, plan), PLAM_OK);
  assert_int_equal(db_write_end(db, PLAM_OK), PLAM_OK);
}

static void test_report_escapes(void **state) {
  (void)state;
  const char *hostile = "<script>alert(\"x\")</script> & 'co' <img src=x onerror=alert(1)>";
  int64_t aid;
  add_action(pdl, hostile, &aid);
  struct actor a;
  memset(&a, 0, sizeof a); /* the public */
  struct buf out;
  buf_init(&out, 64 << 20);
  assert_int_equal(report_html(db, &a, pdl, &out), PLAM_OK);
  assert_non_null(strstr(out.data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; "
                                   "&lt;img src=x onerror=alert(1)&gt;"));
  assert_null(strstr(out.data, "<script"));
  assert_null(strstr(out.data, "<img"));
  assert_null(strstr(out.data, "style="));
  assert_non_null(strstr(out.data, "<html lang=\"fr\">"));
  assert_non_null(strstr(out.data, "href=\"/css/report.css\""));
  /* one section per axis, each figure explained */
  json_t *pack;
  assert_int_equal(copil_pack_json(db, &a, pdl, &pack), PLAM_OK);
  size_t sections = 0, figures = 0, explained = 0;
  for (const char *p = out.data; (p = strstr(p, "<section class=\"rapport-axe\"")); p++) sections++;
  for (const char *p = out.data; (p = strstr(p, "class=\"rapport-chiffre\"")); p++) figures++;
  for (const char *p = out.data; (p = strstr(p, "<dt>Formule</dt>")); p++) explained++;
  assert_int_equal(sections, json_array_size(json_object_get(pack, "axes")));
  assert_true(figures > sections);
  assert_int_equal(explained, figures);
  json_decref(pack);
  buf_release(&out);
}

/* 1 when a key of o (at any depth) is in keys. */
static int has_key(json_t *o, const char *const *keys) {
  if (json_is_array(o)) {
    size_t i;
    json_t *v;
    json_array_foreach(o, i, v) if (has_key(v, keys)) return 1;
    return 0;
  }
  if (!json_is_object(o)) return 0;
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    for (size_t i = 0; keys[i]; i++)
      if (!strcmp(k, keys[i])) return 1;
    if (has_key(v, keys)) return 1;
  }
  return 0;
}

/* Number of validated values equal to v in the open data of plan. */
static int values_equal(json_t *doc, double v) {
  int n = 0;
  size_t i, j, k, m;
  json_t *ax, *ac, *ind, *val;
  json_array_foreach(json_object_get(doc, "axes"), i, ax) json_array_foreach(json_object_get(ax, "actions"), j, ac)
    json_array_foreach(json_object_get(ac, "indicators"), k, ind) json_array_foreach(
      json_object_get(ind, "validated_values"), m, val) if (json_number_value(json_object_get(val, "value")) == v) n++;
  return n;
}

static void test_open_data(void **state) {
  (void)state;
  static const char *const personal[] = {
    "author_id",  "author_login", "reviewer_id", "reviewer_login", "person", "email",          "contributions_email",
    "created_by", "owner_person", "login",       "reviewed_at",    "batch",  "comment_author", NULL};
  json_t *list, *doc;
  assert_int_equal(open_data_plans_json(db, &list), PLAM_OK);
  assert_int_equal(json_array_size(list), 3);
  json_t *first = json_array_get(list, 0);
  assert_string_equal(str(first, "licence"), "Licence Ouverte / Open Licence 2.0");
  assert_non_null(json_object_get(json_object_get(first, "links"), "copil_xlsx"));
  json_decref(list);

  /* a proposed value is not open data until validated */
  struct store_rows inds;
  assert_int_equal(store_plan_indicators(db, pdl, &inds), PLAM_OK);
  int64_t ind = ((struct indicator_rec *)inds.rows)[0].id;
  free(inds.rows);
  struct actor a;
  staff(&a);
  struct measurement_input in = {.value_on = "2025-06-30",
                                 .has_value = 1,
                                 .value = 987654,
                                 .source = "Test"}; /* a count: an integer (meas_bounds.h) */
  struct measurement_rec m;
  struct field_error fe = {0};
  assert_int_equal(plan_measurement_propose(db, &a, ind, &in, &m, &fe), PLAM_OK);
  assert_int_equal(open_data_plan_json(db, pdl, &doc), PLAM_OK);
  assert_int_equal(values_equal(doc, 987654), 0);
  assert_true(values_equal(doc, 987654) == 0 && json_is_object(json_object_get(doc, "plan")));
  assert_false(has_key(doc, personal));
  assert_string_equal(str(doc, "licence"), "Licence Ouverte / Open Licence 2.0");
  json_decref(doc);
  assert_int_equal(plan_measurement_review(db, &a, m.id, 1, NULL, &m, &fe), PLAM_OK);
  assert_int_equal(open_data_plan_json(db, pdl, &doc), PLAM_OK);
  assert_int_equal(values_equal(doc, 987654), 1);
  assert_false(has_key(doc, personal));
  json_decref(doc);

  /* drafts and archived plans are not open data */
  static const char *const hidden[] = {"draft", "archived"};
  for (size_t i = 0; i < 2; i++) {
    struct plan_patch patch = {.status = hidden[i]};
    assert_int_equal(plan_update(db, &a, pdl, &patch, &fe), PLAM_OK);
    assert_int_equal(open_data_plan_json(db, pdl, &doc), PLAM_ERR_NOT_FOUND);
    assert_int_equal(open_data_plans_json(db, &list), PLAM_OK);
    assert_int_equal(json_array_size(list), 2);
    size_t k;
    json_t *p;
    json_array_foreach(list, k, p) assert_int_not_equal(json_integer_value(json_object_get(p, "id")), pdl);
    json_decref(list);
  }
  struct plan_patch back = {.status = "published"};
  assert_int_equal(plan_update(db, &a, pdl, &back, &fe), PLAM_OK);
  assert_int_equal(open_data_plan_json(db, pdl, &doc), PLAM_OK);
  json_decref(doc);
}

/* Texts shared by the workbook and the report: a headline with its
 * coverage, "non calculé" only without any figure below; unknown money is
 * "Inconnu", a partial total says what it covers; the current value is
 * named after the indicator's accumulation. */
static void test_texts(void **state) {
  (void)state;
  char buf[200];
  json_t *p = json_pack("{s:b, s:n, s:{s:i, s:i}, s:{s:b, s:f, s:b, s:f}}", "has_progress", 0, "progress", "coverage",
                        "indicators_with_value", 3, "indicators_expected", 19, "headline", "has_progress", 1,
                        "progress", 42.25, "complete", 0, "covered", 0.2);
  copil_percent_text(p, buf, sizeof buf);
  assert_string_equal(buf, "42,3 % sur 3 indicateurs renseignés sur 19");
  assert_false(copil_progress_complete(p));
  json_object_set_new(json_object_get(p, "headline"), "has_progress", json_false());
  copil_percent_text(p, buf, sizeof buf);
  assert_string_equal(buf, "non calculé");
  json_object_set_new(p, "has_progress", json_true());
  json_object_set_new(p, "progress", json_real(50));
  copil_percent_text(p, buf, sizeof buf);
  assert_string_equal(buf, "50 %");
  assert_true(copil_progress_complete(p));
  json_decref(p);

  json_t *t = json_pack("{s:i, s:I, s:i, s:I, s:i, s:I, s:i}", "lines", 5, "planned_cents", (json_int_t)1200000,
                        "planned_known_lines", 5, "committed_cents", (json_int_t)300000, "committed_known_lines", 3,
                        "paid_cents", (json_int_t)0, "paid_known_lines", 0);
  copil_amount_text(t, "planned", buf, sizeof buf);
  assert_string_equal(buf, "12\xe2\x80\xaf"
                           "000 €");
  copil_amount_text(t, "committed", buf, sizeof buf);
  assert_string_equal(buf, "total des montants connus : 3\xe2\x80\xaf"
                           "000 € (3 lignes sur 5)");
  copil_amount_text(t, "paid", buf, sizeof buf);
  assert_string_equal(buf, "Inconnu");
  json_decref(t);

  json_t *ind = json_pack("{s:s}", "accumulation", "cumulative");
  assert_string_equal(copil_current_label(ind), "Cumul des valeurs validées depuis la référence");
  json_object_set_new(ind, "accumulation", json_string("level"));
  assert_string_equal(copil_current_label(ind), "Dernière valeur validée");
  json_decref(ind);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_texts),          cmocka_unit_test(test_writer_titles), cmocka_unit_test(test_workbook),
    cmocka_unit_test(test_report_escapes), cmocka_unit_test(test_open_data),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
