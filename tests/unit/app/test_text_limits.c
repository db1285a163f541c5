/* Never cut (issue 8): every text field of the main writes, on a real
 * database with the demo plans, at its limit and one past it. At the limit
 * (filled with four-byte characters where the field takes any text, so the
 * record must hold limit * 4 bytes) the write is accepted and the stored
 * value is the input, unchanged; one character more is refused naming the
 * field ("trop long : N caractères au plus"), never stored shortened. Also
 * the two cases of the issue: a decision status that the old 12-byte buffer
 * cut to a valid one, and a 300-character owner_person. */
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
#include "app/access/users.h"
#include "app/campaign/campaign.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"
#include "base/utf8.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"
#include "test_db_fixture.h"

static char dir[64], path[128];
static struct db *db;
static int64_t pdl, action_id, indicator_id, body_id, campaign_id, org_id, contribution_id, measurement_id;

static const char G_CLEF[] = "\xF0\x9D\x84\x9E"; /* U+1D11E, four bytes */

static void staff(struct actor *a) {
  memset(a, 0, sizeof *a);
  a->role = ROLE_STAFF;
  a->user_id = 0;
}

/* n copies of unit, then suffix (malloc'd). */
static char *fill(const char *unit, size_t n, const char *suffix) {
  size_t u = strlen(unit), s = strlen(suffix);
  char *v = malloc(u * n + s + 1);
  assert_non_null(v);
  for (size_t i = 0; i < n; i++) memcpy(v + i * u, unit, u);
  memcpy(v + u * n, suffix, s + 1);
  return v;
}

/* One write with `value` in `field` (every other field valid). On success,
 * the stored value of the field (read back from the database by the write)
 * is copied to stored. */
typedef plam_err (*write_fn)(const char *field, const char *value, struct field_error *fe, char *stored, size_t n);

static void put(char *stored, size_t n, const char *v) {
  assert_true(strlen(v) < n);
  memcpy(stored, v, strlen(v) + 1);
}

#define PICK(name, member) (!strcmp(field, name) ? value : (member))

static plam_err w_plan(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct plan_patch in = {0};
  if (!strcmp(field, "title")) in.title = value;
  if (!strcmp(field, "short_title")) in.short_title = value;
  if (!strcmp(field, "summary")) in.summary = value;
  plam_err e = plan_update(db, &a, pdl, &in, fe);
  if (e) return e;
  struct plan_rec *p = malloc(sizeof *p);
  assert_int_equal(store_plan_get(db, pdl, p), PLAM_OK);
  put(stored, n, !strcmp(field, "title") ? p->title : !strcmp(field, "short_title") ? p->short_title : p->summary);
  free(p);
  return e;
}

static plam_err w_action(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct action_patch in = {0};
  if (!strcmp(field, "objective")) in.objective = value;
  if (!strcmp(field, "description")) in.description = value;
  struct action_rec *out = malloc(sizeof *out);
  plam_err e = plan_action_update(db, &a, action_id, &in, out, fe);
  if (!e) put(stored, n, !strcmp(field, "objective") ? out->objective : out->description);
  free(out);
  return e;
}

static plam_err w_measurement(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct measurement_input in = {.value_on = "2022-03-01",
                                 .has_value = 1,
                                 .value = 1,
                                 .source = PICK("source", "limite"),
                                 .comment = PICK("comment", "")};
  struct measurement_rec *out = malloc(sizeof *out);
  plam_err e = plan_measurement_propose(db, &a, indicator_id, &in, out, fe);
  if (!e) put(stored, n, !strcmp(field, "source") ? out->source : out->comment);
  free(out);
  return e;
}

static plam_err w_review(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  (void)field;
  struct actor a;
  staff(&a);
  struct measurement_input in = {.value_on = "2022-03-02", .has_value = 1, .value = 2, .source = "limite"};
  struct measurement_rec *out = malloc(sizeof *out);
  struct field_error ignore = {0};
  assert_int_equal(plan_measurement_propose(db, &a, indicator_id, &in, out, &ignore), PLAM_OK);
  plam_err e = plan_measurement_review(db, &a, out->id, 0, value, out, fe);
  if (!e) put(stored, n, out->reason);
  free(out);
  return e;
}

static plam_err w_weather(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  (void)field;
  struct actor a;
  staff(&a);
  struct weather_rec out;
  plam_err e = plan_weather_post(db, &a, action_id, "2022-03-15", "atteignables", value, &out, fe);
  if (!e) put(stored, n, out.comment);
  return e;
}

/* As the API fills it: store_copy into the record (the overflow mark when
 * the value does not fit), then the app checks the record's texts. */
static plam_err w_decision(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct decision_rec *in = calloc(1, sizeof *in), *out = malloc(sizeof *out);
  store_copy(in->text, sizeof in->text, PICK("text", "Décision"));
  store_copy(in->owner_person, sizeof in->owner_person, PICK("owner_person", ""));
  store_copy(in->source, sizeof in->source, PICK("source", ""));
  store_copy(in->status, sizeof in->status, PICK("status", ""));
  plam_err e = gov_decision_create(db, &a, pdl, in, out, fe);
  if (!e)
    put(stored, n,
        !strcmp(field, "text")           ? out->text
        : !strcmp(field, "owner_person") ? out->owner_person
        : !strcmp(field, "source")       ? out->source
                                         : out->status);
  free(in);
  free(out);
  return e;
}

static plam_err w_decision_update(const char *field, const char *value, struct field_error *fe, char *stored,
                                  size_t n) {
  struct actor a;
  staff(&a);
  struct decision_rec *in = calloc(1, sizeof *in), *out = malloc(sizeof *out);
  strcpy(in->text, "À modifier");
  struct field_error ignore = {0};
  assert_int_equal(gov_decision_create(db, &a, pdl, in, out, &ignore), PLAM_OK);
  struct gov_decision_input up = {0};
  if (!strcmp(field, "text")) up.text = (struct gov_text){1, value};
  if (!strcmp(field, "owner_person")) up.owner_person = (struct gov_text){1, value};
  if (!strcmp(field, "status")) up.status = (struct gov_text){1, value};
  plam_err e = gov_decision_update(db, &a, out->id, &up, out, fe);
  if (!e)
    put(stored, n,
        !strcmp(field, "text")           ? out->text
        : !strcmp(field, "owner_person") ? out->owner_person
                                         : out->status);
  free(in);
  free(out);
  return e;
}

static plam_err w_body(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct gov_body_input in;
  memset(&in, 0, sizeof in);
  in.kind = (struct gov_text){1, "copil"};
  in.name = (struct gov_text){1, PICK("name", "COPIL")};
  if (!strcmp(field, "frequency")) in.frequency = (struct gov_text){1, value};
  if (!strcmp(field, "note")) in.note = (struct gov_text){1, value};
  struct body_rec *out = malloc(sizeof *out);
  plam_err e = gov_body_create(db, &a, pdl, &in, out, fe);
  if (!e) put(stored, n, !strcmp(field, "name") ? out->name : !strcmp(field, "frequency") ? out->frequency : out->note);
  free(out);
  return e;
}

static plam_err w_meeting(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct gov_meeting_input *in = calloc(1, sizeof *in);
  in->held_on = (struct gov_text){1, "2022-05-05"};
  in->title = (struct gov_text){1, PICK("title", "Réunion")};
  if (!strcmp(field, "place")) in->place = (struct gov_text){1, value};
  if (!strcmp(field, "minutes")) in->minutes = (struct gov_text){1, value};
  if (!strcmp(field, "attendees_text")) in->attendees_text = (struct gov_text){1, value};
  struct meeting_rec *out = malloc(sizeof *out);
  plam_err e = gov_meeting_create(db, &a, body_id, in, out, fe);
  if (!e)
    put(stored, n,
        !strcmp(field, "title")     ? out->title
        : !strcmp(field, "place")   ? out->place
        : !strcmp(field, "minutes") ? out->minutes
                                    : out->attendees_text);
  free(in);
  free(out);
  return e;
}

static plam_err w_target(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct gov_target_input in = {.kind = "intermediate",
                                .due_on = "2023-01-31",
                                .value = 1,
                                .has_value = 1,
                                .note = PICK("note", NULL),
                                .source = PICK("source", NULL)};
  struct target_rec *out = malloc(sizeof *out);
  plam_err e = gov_target_create(db, &a, indicator_id, &in, out, fe);
  if (!e) put(stored, n, !strcmp(field, "note") ? out->note : out->source);
  free(out);
  return e;
}

static plam_err w_budget(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct budget_rec *in = calloc(1, sizeof *in), *out = malloc(sizeof *out);
  store_copy(in->label, sizeof in->label, PICK("label", "Ligne"));
  store_copy(in->fund, sizeof in->fund, PICK("fund", ""));
  store_copy(in->unit, sizeof in->unit, PICK("unit", ""));
  store_copy(in->note, sizeof in->note, PICK("note", ""));
  store_copy(in->source, sizeof in->source, PICK("source", ""));
  plam_err e = plan_budget_create(db, &a, pdl, in, out, fe);
  if (!e)
    put(stored, n,
        !strcmp(field, "label")  ? out->label
        : !strcmp(field, "fund") ? out->fund
        : !strcmp(field, "unit") ? out->unit
        : !strcmp(field, "note") ? out->note
                                 : out->source);
  free(in);
  free(out);
  return e;
}

static plam_err w_contribution(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  struct contribution_rec *out = malloc(sizeof *out);
  plam_err e = !strcmp(field, "body") ? plan_contribution_create(db, &a, pdl, 0, "comment", value, out, fe)
                                      : plan_contribution_answer(db, &a, contribution_id, value, out, fe);
  if (!e) put(stored, n, !strcmp(field, "body") ? out->body : out->answer);
  free(out);
  return e;
}

static int serial;

static plam_err w_org(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  (void)field;
  struct actor a;
  staff(&a);
  struct org_input in = {.name = value, .kind = "other"};
  struct org_rec out;
  plam_err e = orgs_create(db, &a, &in, &out, fe);
  if (!e) put(stored, n, out.name);
  return e;
}

static plam_err w_user(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  a.role = ROLE_ADMIN;
  char login[32];
  snprintf(login, sizeof login, "limite.%d", ++serial);
  struct user_input in = {.login = login,
                          .display_name = PICK("display_name", "Nom"),
                          .email = PICK("email", NULL),
                          .role = "partner",
                          .password = "mot-de-passe-assez-long",
                          .disabled = -1};
  struct user_rec out;
  plam_err e = users_create(db, &a, &in, &out, fe);
  if (!e) put(stored, n, !strcmp(field, "display_name") ? out.display_name : out.email);
  return e;
}

static plam_err w_campaign(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  (void)field;
  struct actor a;
  staff(&a);
  struct campaign_input in = {.kind = "interns", .region = "REG-52", .title = value};
  json_t *out = NULL;
  plam_err e = campaign_create(db, &a, &in, &out, fe);
  if (!e) put(stored, n, json_string_value(json_object_get(out, "title")));
  json_decref(out);
  return e;
}

static plam_err w_post(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  char code[16];
  snprintf(code, sizeof code, "LIM-%d", ++serial);
  struct cpost_input in = {.code = code,
                           .label = PICK("label", "Poste"),
                           .phase = PICK("phase", NULL),
                           .specialty = PICK("specialty", NULL),
                           .territory_id = "DEP-44",
                           .org_id = org_id,
                           .has_org = 1,
                           .capacity = 1,
                           .has_capacity = 1,
                           .fragile = -1,
                           .cesp_only = -1};
  json_t *out = NULL;
  plam_err e = campaign_post_create(db, &a, campaign_id, &in, &out, fe);
  if (!e) put(stored, n, json_string_value(json_object_get(out, field)));
  json_decref(out);
  return e;
}

static plam_err w_candidate(const char *field, const char *value, struct field_error *fe, char *stored, size_t n) {
  struct actor a;
  staff(&a);
  static int64_t next_rank = 1; /* two candidates of a campaign never share a rank */
  struct ccand_input in = {.name = PICK("name", "Candidate"),
                           .phase = PICK("phase", NULL),
                           .specialty = PICK("specialty", NULL),
                           .rank = next_rank++,
                           .has_rank = 1,
                           .cesp = -1,
                           .subdivision = -1};
  json_t *out = NULL;
  plam_err e = campaign_candidate_create(db, &a, campaign_id, &in, &out, fe);
  if (!e) put(stored, n, json_string_value(json_object_get(out, field)));
  json_decref(out);
  return e;
}

struct limit_case {
  const char *entity, *field;
  size_t max;
  const char *unit;   /* the character the value is made of */
  const char *suffix; /* what a valid value must end with (counted in max) */
  write_fn write;
};

static const struct limit_case cases[] = {
  {"plan", "title", 300, G_CLEF, "", w_plan},
  {"plan", "short_title", 200, G_CLEF, "", w_plan},
  {"plan", "summary", 2000, G_CLEF, "", w_plan},
  {"action", "objective", 2000, G_CLEF, "", w_action},
  {"action", "description", 2000, G_CLEF, "", w_action},
  {"measurement", "source", 500, G_CLEF, "", w_measurement},
  {"measurement", "comment", 1000, G_CLEF, "", w_measurement},
  {"measurement review", "reason", 1000, G_CLEF, "", w_review},
  {"weather", "comment", 1000, G_CLEF, "", w_weather},
  {"decision", "text", 1000, G_CLEF, "", w_decision},
  {"decision", "owner_person", 200, G_CLEF, "", w_decision},
  {"decision", "source", 500, G_CLEF, "", w_decision},
  {"decision update", "text", 1000, G_CLEF, "", w_decision_update},
  {"decision update", "owner_person", 200, G_CLEF, "", w_decision_update},
  {"body", "name", 300, G_CLEF, "", w_body},
  {"body", "frequency", 60, G_CLEF, "", w_body},
  {"body", "note", 1000, G_CLEF, "", w_body},
  {"meeting", "title", 300, G_CLEF, "", w_meeting},
  {"meeting", "place", 200, G_CLEF, "", w_meeting},
  {"meeting", "minutes", 2000, G_CLEF, "", w_meeting},
  {"meeting", "attendees_text", 1000, G_CLEF, "", w_meeting},
  {"target", "note", 1000, G_CLEF, "", w_target},
  {"target", "source", 500, G_CLEF, "", w_target},
  {"budget line", "label", 500, G_CLEF, "", w_budget},
  {"budget line", "fund", 60, G_CLEF, "", w_budget},
  {"budget line", "unit", 100, G_CLEF, "", w_budget},
  {"budget line", "note", 1000, G_CLEF, "", w_budget},
  {"budget line", "source", 500, G_CLEF, "", w_budget},
  {"contribution", "body", 4000, G_CLEF, "", w_contribution},
  {"contribution", "answer", 4000, G_CLEF, "", w_contribution},
  {"organisation", "name", 200, G_CLEF, "", w_org},
  {"user", "display_name", 200, G_CLEF, "", w_user},
  {"user", "email", 254, G_CLEF, "@exemple.fr", w_user},
  {"campaign", "title", 200, G_CLEF, "", w_campaign},
  {"post", "label", 200, G_CLEF, "", w_post},
  {"post", "phase", 100, "a", "", w_post}, /* also 128 bytes at most: the engine's identifier */
  {"post", "specialty", 100, "a", "", w_post},
  {"candidate", "name", 200, G_CLEF, "", w_candidate},
  {"candidate", "phase", 100, "a", "", w_candidate},
  {"candidate", "specialty", 100, "a", "", w_candidate},
};

static void test_every_field_at_and_past_its_limit(void **state) {
  (void)state;
  size_t big = 4 * 4000 + 64;
  char *stored = malloc(big);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const struct limit_case *c = &cases[i];
    size_t fixed = utf8_count(c->suffix);
    char *at = fill(c->unit, c->max - fixed, c->suffix), *past = fill(c->unit, c->max - fixed + 1, c->suffix);
    struct field_error fe = {0};
    stored[0] = '\0';
    plam_err e = c->write(c->field, at, &fe, stored, big);
    if (e)
      fprintf(stderr, "%s.%s at %zu: %s %s: %s\n", c->entity, c->field, c->max, error_code(e), fe.field, fe.message);
    assert_int_equal(e, PLAM_OK);
    if (strcmp(stored, at))
      fprintf(stderr, "%s.%s: stored %zu bytes, sent %zu\n", c->entity, c->field, strlen(stored), strlen(at));
    assert_string_equal(stored, at); /* whole, unchanged */
    memset(&fe, 0, sizeof fe);
    e = c->write(c->field, past, &fe, stored, big);
    if (e != PLAM_ERR_INVALID || strcmp(fe.field, c->field))
      fprintf(stderr, "%s.%s past %zu: %s %s: %s\n", c->entity, c->field, c->max, error_code(e), fe.field, fe.message);
    assert_int_equal(e, PLAM_ERR_INVALID);
    assert_string_equal(fe.field, c->field);
    char want[64];
    snprintf(want, sizeof want, "%zu caractères", c->max);
    assert_non_null(strstr(fe.message, "trop long"));
    assert_non_null(strstr(fe.message, want));
    free(at);
    free(past);
  }
  free(stored);
}

/* POST /api/plans/3/decisions with "status":"in_progress_NOT_A_STATUS"
 * answered 201 and stored in_progress: the 12-byte buffer cut it. */
static void test_issue_decision_status(void **state) {
  (void)state;
  char stored[64];
  struct field_error fe = {0};
  int64_t before = fixture_int(db, "SELECT count(*) FROM decisions");
  int64_t audits = fixture_int(db, "SELECT count(*) FROM audit_log");
  assert_int_equal(w_decision("status", "in_progress_NOT_A_STATUS", &fe, stored, sizeof stored), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "status");
  memset(&fe, 0, sizeof fe);
  assert_int_equal(w_decision("status", "in_progress ", &fe, stored, sizeof stored), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "status");
  memset(&fe, 0, sizeof fe);
  assert_int_equal(w_decision_update("status", "in_progress_NOT_A_STATUS", &fe, stored, sizeof stored),
                   PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "status");
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM decisions"), before + 1); /* the update's own decision */
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM audit_log"), audits + 1);
  assert_int_equal(w_decision("status", "in_progress", &fe, stored, sizeof stored), PLAM_OK);
  assert_string_equal(stored, "in_progress");
}

/* A 300-character owner_person answered 201 and stored 200 characters. */
static void test_issue_owner_person(void **state) {
  (void)state;
  char *v = fill("p", 300, ""), stored[1024];
  struct field_error fe = {0};
  int64_t before = fixture_int(db, "SELECT count(*) FROM decisions");
  assert_int_equal(w_decision("owner_person", v, &fe, stored, sizeof stored), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "owner_person");
  assert_string_equal(fe.message, "trop long : 200 caractères au plus");
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM decisions"), before);
  assert_int_equal(fixture_int(db, "SELECT count(*) FROM decisions WHERE owner_person LIKE 'ppp%'"), 0); /* not cut */
  free(v);
}

static int setup(void **state) {
  (void)state;
  if (fixture_db_open("limits", dir, path, &db) || fixture_seed_plans(db, &pdl)) return -1;
  action_id = fixture_int(
    db, "SELECT min(id) FROM plan_actions WHERE plan_id = (SELECT id FROM plans WHERE slug = 'pdl-plam-2022')");
  indicator_id = fixture_int(db, "SELECT id FROM indicators WHERE code = 'pdl-1.1-parcours'");
  struct actor a;
  staff(&a);
  { /* a site of the REG-52 campaign below (campaign_site_check): a place of care in one of its départements */
    struct org_input oi = {.name = "Site des limites", .kind = "establishment", .territory_id = "DEP-44"};
    struct org_rec o;
    struct field_error ofe = {0};
    if (orgs_create(db, &a, &oi, &o, &ofe)) return -1;
    org_id = o.id;
  }
  struct field_error fe = {0};
  struct gov_body_input b;
  memset(&b, 0, sizeof b);
  b.kind = (struct gov_text){1, "copil"};
  b.name = (struct gov_text){1, "COPIL des limites"};
  struct body_rec body;
  if (gov_body_create(db, &a, pdl, &b, &body, &fe)) return -1;
  body_id = body.id;
  struct campaign_input ci = {.kind = "interns", .region = "REG-52", .title = "Campagne des limites"};
  json_t *c = NULL;
  if (campaign_create(db, &a, &ci, &c, &fe)) return -1;
  campaign_id = json_integer_value(json_object_get(c, "id"));
  json_decref(c);
  struct contribution_rec *k = malloc(sizeof *k);
  plam_err e = plan_contribution_create(db, &a, pdl, 0, "question", "Une question", k, &fe);
  contribution_id = k->id;
  free(k);
  (void)measurement_id;
  return e ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  return fixture_db_remove(db, dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_field_at_and_past_its_limit),
    cmocka_unit_test(test_issue_decision_status),
    cmocka_unit_test(test_issue_owner_person),
  };
  return cmocka_run_group_tests_name("text limits: refused, never cut", tests, setup, teardown);
}
