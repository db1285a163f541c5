/* mail_queue and sms_queue (app/mail/mail.h): a message queued inside a
 * write that commits is in the outbox, one queued inside a write that rolls
 * back is not; addresses, numbers, subjects and bodies are refused naming
 * the field, never cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "app/access/write.h"
#include "app/mail/mail.h"
#include "app/plan/plan.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "store/store_plan.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;

struct q {
  const char *to, *subject, *body;
  plam_err fail; /* returned after queuing */
};

static plam_err queue_tx(struct app_tx *tx, void *arg) {
  const struct q *x = arg;
  plam_err e = mail_queue(tx, x->to, x->subject, x->body);
  if (!e) e = app_audit(tx, "test", "mail", 0, NULL, NULL);
  return e ? e : x->fail;
}

static int64_t outbox(void) { return fixture_int(db, "SELECT count(*) FROM outbox"); }

static void test_queued_with_the_write(void **state) {
  (void)state;
  struct actor a;
  actor_cli(&a);
  int64_t n = outbox();
  struct q x = {"marie.curie@example.fr", "Votre mission à Nantes — confirmée", "Bonjour,\n\nÀ demain.\n", PLAM_OK};
  assert_int_equal(app_write(db, &a, queue_tx, &x, NULL), PLAM_OK);
  assert_int_equal(outbox(), n + 1);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts = 0 AND "
                                   "kind = 'email' AND recipient = 'marie.curie@example.fr'"),
                   1);
}

static void test_rolled_back_with_the_write(void **state) {
  (void)state;
  struct actor a;
  actor_cli(&a);
  int64_t n = outbox();
  struct q x = {"a@example.fr", "Sujet", "Texte", PLAM_ERR_CONFLICT};
  assert_int_equal(app_write(db, &a, queue_tx, &x, NULL), PLAM_ERR_CONFLICT);
  assert_int_equal(outbox(), n);
}

static void refused(const char *to, const char *subject, const char *body, const char *field) {
  struct actor a;
  actor_cli(&a);
  struct field_error fe = {{0}, {0}};
  int64_t n = outbox();
  struct q x = {to, subject, body, PLAM_OK};
  assert_int_equal(app_write(db, &a, queue_tx, &x, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, field);
  assert_int_equal(outbox(), n);
}

static void test_refusals(void **state) {
  (void)state;
  refused("pas-une-adresse", "s", "b", "to");
  refused("a@b.fr\r\nBcc: x@y.fr", "s", "b", "to");
  refused("<a@b.fr>", "s", "b", "to");
  refused("a@@b.fr", "s", "b", "to");
  refused("a@b", "s", "b", "to");
  refused("a@b.fr", "ligne\r\nBcc: x@y.fr", "b", "subject");
  refused("a@b.fr", "", "b", "subject");
  refused("a@b.fr", "s", "", "body");
  char subject[202];
  memset(subject, 'x', 201);
  subject[201] = '\0';
  refused("a@b.fr", subject, "b", "subject");
  char *body = malloc(20002);
  memset(body, 'y', 20001);
  body[20001] = '\0';
  refused("a@b.fr", "s", body, "body");
  body[20000] = '\0'; /* exactly at the limit: accepted */
  struct actor a;
  actor_cli(&a);
  struct q x = {"a@b.fr", "s", body, PLAM_OK};
  assert_int_equal(app_write(db, &a, queue_tx, &x, NULL), PLAM_OK);
  free(body);
}

static plam_err sms_tx(struct app_tx *tx, void *arg) {
  const char *const *v = arg;
  plam_err e = sms_queue(tx, v[0], v[1]);
  return e ? e : app_audit(tx, "test", "sms", 0, NULL, NULL);
}

static void test_sms(void **state) {
  (void)state;
  struct actor a;
  actor_cli(&a);
  const char *ok[] = {"+33612345678", "Mission demain 8 h, Nantes"};
  assert_int_equal(app_write(db, &a, sms_tx, ok, NULL), PLAM_OK);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM outbox WHERE kind = 'sms' AND recipient = '+33612345678'"), 1);
  const char *bad[] = {"0612345678", "x"};
  struct field_error fe = {{0}, {0}};
  assert_int_equal(app_write(db, &a, sms_tx, bad, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "to");
  assert_false(sms_number_ok("+0612"));
  assert_false(sms_number_ok("+3361234567890123"));
  assert_true(sms_number_ok("+336123456789012"));
}

static int setup(void **state) {
  (void)state;
  return fixture_db_open("mailq", dir, path, &db);
}
static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_queued_with_the_write),
    cmocka_unit_test(test_rolled_back_with_the_write),
    cmocka_unit_test(test_refusals),
    cmocka_unit_test(test_sms),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
