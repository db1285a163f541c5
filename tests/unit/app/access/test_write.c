/* The write bracket (app/access/write.h) and the checked text copy
 * (app/access/text.h): a change that records no audit entry is refused and
 * rolled back; a change that fails is rolled back with its entries; a change
 * that succeeds commits with its entries in order, before and after as JSON;
 * text_put refuses past the limit, counts characters, never cuts; store_copy
 * leaves the overflow mark instead of a cut value; text_enum judges the
 * whole input; the exported allowed-value lists agree with the rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "app/access/orgs.h"
#include "app/access/roles.h"
#include "app/access/text.h"
#include "app/access/users.h"
#include "app/access/write.h"
#include "app/campaign/campaign.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;

static void cli(struct actor *a) { actor_cli(a); }

static int64_t q(const char *sql) { return fixture_int(db, sql); }

/* ---- the bracket ---- */
struct change {
  const char *name;
  int audits;    /* entries to record */
  plam_err fail; /* returned after writing */
};

static plam_err insert_org(struct app_tx *tx, void *arg) {
  const struct change *c = arg;
  struct org_rec o;
  memset(&o, 0, sizeof o);
  strcpy(o.name, c->name);
  strcpy(o.kind, "other");
  int64_t id = 0;
  plam_err e = store_org_insert(tx->db, &o, &id);
  for (int i = 0; !e && i < c->audits; i++)
    e = app_audit(tx, i ? "second" : "create", "organisation", id, i ? json_pack("{s:i}", "n", i) : NULL,
                  json_pack("{s:s}", "name", c->name));
  return e ? e : c->fail;
}

static void test_unaudited_change_is_refused(void **state) {
  (void)state;
  struct actor a;
  cli(&a);
  int64_t orgs = q("SELECT count(*) FROM organisations"), audits = q("SELECT count(*) FROM audit_log");
  struct change c = {"Sans audit", 0, PLAM_OK};
  assert_int_equal(app_write(db, &a, insert_org, &c, NULL), PLAM_ERR_INTERNAL);
  assert_int_equal(q("SELECT count(*) FROM organisations"), orgs);
  assert_int_equal(q("SELECT count(*) FROM audit_log"), audits);
}

static void test_failed_change_rolls_back_with_its_entries(void **state) {
  (void)state;
  struct actor a;
  cli(&a);
  int64_t orgs = q("SELECT count(*) FROM organisations"), audits = q("SELECT count(*) FROM audit_log");
  struct change c = {"Échec", 2, PLAM_ERR_CONFLICT};
  assert_int_equal(app_write(db, &a, insert_org, &c, NULL), PLAM_ERR_CONFLICT);
  assert_int_equal(q("SELECT count(*) FROM organisations"), orgs);
  assert_int_equal(q("SELECT count(*) FROM audit_log"), audits);
}

static void test_change_commits_with_entries_in_order(void **state) {
  (void)state;
  struct actor a;
  cli(&a);
  int64_t orgs = q("SELECT count(*) FROM organisations"), audits = q("SELECT count(*) FROM audit_log");
  struct change c = {"Auditée", 2, PLAM_OK};
  assert_int_equal(app_write(db, &a, insert_org, &c, NULL), PLAM_OK);
  assert_int_equal(q("SELECT count(*) FROM organisations"), orgs + 1);
  assert_int_equal(q("SELECT count(*) FROM audit_log"), audits + 2);
  int64_t id = q("SELECT id FROM organisations WHERE name = 'Auditée'");
  assert_int_equal(
    q("SELECT count(*) FROM audit_log WHERE entity = 'organisation' AND action = 'create' AND before IS NULL "
      "AND after = '{\"name\":\"Auditée\"}' AND user_login = '(ligne de commande)'"),
    1);
  assert_int_equal(q("SELECT max(id) - min(id) FROM (SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 2) "
                     "WHERE action IN ('create', 'second')"),
                   1);
  assert_int_equal(q("SELECT entity_id FROM audit_log ORDER BY id DESC LIMIT 1"), id);
  assert_int_equal(q("SELECT count(*) FROM audit_log WHERE action = 'second' AND before = '{\"n\":1}'"), 1);
}

static plam_err bad_entry(struct app_tx *tx, void *arg) {
  (void)arg;
  return app_audit(tx, "", "organisation", 1, json_object(), NULL); /* no action: refused, JSON freed */
}

static void test_entry_needs_action_and_entity(void **state) {
  (void)state;
  struct actor a;
  cli(&a);
  assert_int_equal(app_write(db, &a, bad_entry, NULL, NULL), PLAM_ERR_INTERNAL);
}

/* Texts are copied whole, and only those a write may change: an update
 * never changes the login. */
static void test_user_update_keeps_login(void **state) {
  (void)state;
  struct actor a;
  cli(&a);
  struct field_error fe = {0};
  struct user_input in = {.login = "garde.login",
                          .display_name = "Avant",
                          .role = "partner",
                          .password = "mot-de-passe-assez-long",
                          .disabled = -1};
  struct user_rec u;
  assert_int_equal(users_create(db, &a, &in, &u, &fe), PLAM_OK);
  struct user_input up = {.login = "autre.login", .display_name = "Après", .disabled = -1};
  assert_int_equal(users_update(db, &a, u.id, &up, &u, &fe), PLAM_OK);
  assert_string_equal(u.login, "garde.login");
  assert_string_equal(u.display_name, "Après");
}

/* ---- checked text ---- */
static void test_text_put(void **state) {
  (void)state;
  char dst[TEXT_BYTES(3)];
  struct field_error fe = {0};
  assert_int_equal(text_put("nom", dst, sizeof dst, "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E", 3, 0, &fe),
                   PLAM_OK);
  assert_string_equal(dst, "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E");
  strcpy(dst, "avant");
  assert_int_equal(text_put("nom", dst, sizeof dst, "abcd", 3, 0, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "nom");
  assert_string_equal(fe.message, "trop long : 3 caractères au plus");
  assert_string_equal(dst, "avant"); /* refused: nothing copied */
  assert_int_equal(text_put("nom", dst, sizeof dst, "", 3, TEXT_REQUIRED, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "ce champ est obligatoire");
  assert_int_equal(text_put("nom", dst, sizeof dst, "a\nb", 3, 0, &fe), PLAM_ERR_INVALID);
  assert_int_equal(text_put("nom", dst, sizeof dst, "a\nb", 3, TEXT_LINES, &fe), PLAM_OK);
  assert_int_equal(text_put("code", dst, sizeof dst, "\xC3\xA9", 3, TEXT_ASCII, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "code");
  /* a field smaller than its limit is a bug: refused, not cut */
  char small[4];
  assert_int_equal(text_put("nom", small, sizeof small, "abcdef", 10, 0, &fe), PLAM_ERR_INTERNAL);
  assert_int_equal(text_put("nom", small, sizeof small, NULL, 10, 0, &fe), PLAM_OK);
  assert_string_equal(small, "");
}

static void test_store_copy_never_cuts(void **state) {
  (void)state;
  char dst[12];
  assert_int_equal(store_copy(dst, sizeof dst, "in_progress"), PLAM_OK);
  assert_string_equal(dst, "in_progress");
  assert_int_equal(store_copy(dst, sizeof dst, "in_progress_NOT_A_STATUS"), PLAM_ERR_TOO_LARGE);
  assert_string_equal(dst, STORE_OVERFLOW);
  struct field_error fe = {0};
  assert_int_equal(text_enum("status", dst, gov_decision_statuses, 0, &fe), PLAM_ERR_INVALID);
  assert_int_equal(text_check("status", dst, 11, 0, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "trop long : 11 caractères au plus");
}

static void test_text_enum_whole_input(void **state) {
  (void)state;
  struct field_error fe = {0};
  assert_int_equal(text_enum("status", "in_progress", gov_decision_statuses, 1, &fe), PLAM_OK);
  assert_int_equal(text_enum("status", "in_progress_NOT_A_STATUS", gov_decision_statuses, 1, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "status");
  assert_string_equal(fe.message, "valeur inconnue (open, in_progress, done, dropped)");
  assert_int_equal(text_enum("status", "IN_PROGRESS", gov_decision_statuses, 1, &fe), PLAM_ERR_INVALID);
  assert_int_equal(text_enum("status", NULL, gov_decision_statuses, 0, &fe), PLAM_OK);
  assert_int_equal(text_enum("status", "", gov_decision_statuses, 1, &fe), PLAM_ERR_INVALID);
}

/* ---- exported allowed values agree with the rules ---- */
static size_t count(const char *const *list) {
  size_t n = 0;
  while (list[n]) n++;
  return n;
}

static void test_exported_lists(void **state) {
  (void)state;
  assert_int_equal(count(gov_decision_statuses), 4);
  for (const char *const *s = gov_decision_statuses; *s; s++) assert_true(gov_decision_status_valid(*s));
  for (const char *const *s = gov_body_kinds; *s; s++) assert_true(gov_body_kind_valid(*s));
  for (const char *const *s = gov_meeting_statuses; *s; s++) assert_true(gov_meeting_status_valid(*s));
  assert_int_equal(count(orgs_kind_codes), (size_t)org_kinds_count);
  for (int i = 0; i < org_kinds_count; i++) assert_string_equal(orgs_kind_codes[i], org_kinds[i].code);
  assert_int_equal(count(users_roles), ROLE__COUNT - 1);
  for (const char *const *s = users_roles; *s; s++) assert_true(role_parse(*s) > 0);
  assert_int_equal(count(plan_statuses), 3);
  assert_int_equal(count(plan_action_statuses), 6);
  assert_int_equal(count(plan_weather_levels), 4);
  assert_int_equal(count(plan_contribution_kinds), 3);
  assert_int_equal(count(gov_target_kinds), 3);
  assert_int_equal(count(plan_qualifiers), 3);
  assert_int_equal(count(campaign_kinds), 2);
  assert_int_equal(count(campaign_statuses), 5);
  assert_int_equal(count(campaign_rounds), 2);
}

static int setup(void **state) {
  (void)state;
  return fixture_db_open("write", dir, path, &db) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

int main(void) {
  const struct CMUnitTest pure[] = {
    cmocka_unit_test(test_text_put),
    cmocka_unit_test(test_store_copy_never_cuts),
    cmocka_unit_test(test_text_enum_whole_input),
    cmocka_unit_test(test_exported_lists),
  };
  const struct CMUnitTest on_db[] = {
    cmocka_unit_test(test_unaudited_change_is_refused),
    cmocka_unit_test(test_failed_change_rolls_back_with_its_entries),
    cmocka_unit_test(test_change_commits_with_entries_in_order),
    cmocka_unit_test(test_entry_needs_action_and_entity),
    cmocka_unit_test(test_user_update_keeps_login),
  };
  int r = cmocka_run_group_tests_name("checked text", pure, NULL, NULL);
  return r + cmocka_run_group_tests_name("write bracket", on_db, setup, teardown);
}
