/* Unit tests of the input checker (src/api/input.c): each kind at and past
 * its limits, wrong kinds, null and required, unknown keys, enumerations
 * (list and app table), id lists and object lists, query values and their
 * conversion; and the route table's specs: every route has one, string
 * limits fit the records they are copied into (a value at the limit is
 * stored whole), GET routes take no body, uploads name their media. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "app/access/orgs.h"
#include "app/access/password.h"
#include "app/access/users.h"
#include "app/campaign/campaign.h"
#include "app/governance/governance.h"
#include "app/plan/plan.h"

/* ---- helpers ---------------------------------------------------------------- */

static const char *const colours[] = {"red", "green", NULL};
static const struct api_field sub_fields[] = {API_REF("org_id", API_REQUIRED), API_S("person", 5, 5, 0), API_END};
static const struct api_field fields[] = {API_S("name", 10, 12, API_REQUIRED),
                                          API_S("note", 4, 0, 0),
                                          API_REF("ref", 0),
                                          API_I("count", -2, 7, 0),
                                          API_N("ratio", 0, 1, 0),
                                          API_M("eur", 0, 100000000000LL, 0),
                                          API_B("flag", 0),
                                          API_D("on", 0),
                                          API_D("due", API_REQUIRED),
                                          API_E("colour", colours, 0),
                                          API_E("tint", colours, API_NOT_NULL),
                                          API_L("ids", 3, API_UNIQUE),
                                          API_L("many", 2, 0),
                                          API_O("people", 2, sub_fields, 0),
                                          API_END};
static const struct api_field query[] = {API_I("limit", 1, 500, 0), API_S("q", 3, 3, 0), API_D("date", 0),
                                         API_E("level", colours, 0), API_END};
static const struct api_input spec = {.body = API_BODY_JSON, .fields = fields, .query = query};

/* Checks the body {extra} (the required fields added when extra has not
 * them) and returns the error; fe receives the field. */
static plam_err check(const char *extra, struct field_error *fe) {
  char text[4096];
  snprintf(text, sizeof text, "{%s}", extra);
  json_error_t jerr;
  json_t *x = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
  if (!x) fail_msg("bad test JSON %s: %s", text, jerr.text);
  json_t *body = json_pack("{s:s, s:s}", "name", "n", "due", "2024-01-31");
  json_object_update(body, x); /* extra replaces the defaults */
  json_decref(x);
  memset(fe, 0, sizeof *fe);
  json_t *out = NULL;
  plam_err e = api_input_check(&spec, body, NULL, 0, &out, fe);
  if (!e) assert_non_null(out);
  else assert_null(out);
  json_decref(out);
  json_decref(body);
  return e;
}

#define OK(extra) \
  do { \
    struct field_error fe_; \
    if (check(extra, &fe_)) fail_msg("%s refused: %s %s", extra, fe_.field, fe_.message); \
  } while (0)
#define BAD(extra, fld, msg) \
  do { \
    struct field_error fe_; \
    if (check(extra, &fe_) != PLAM_ERR_INVALID) fail_msg("%s accepted", extra); \
    assert_string_equal(fe_.field, fld); \
    if (msg) assert_string_equal(fe_.message, (const char *)msg); \
  } while (0)

/* ---- body fields --------------------------------------------------------------- */

static void test_required_null_unknown(void **state) {
  (void)state;
  struct field_error fe;
  json_t *body = json_pack("{s:s}", "due", "2024-01-31");
  assert_int_equal(api_input_check(&spec, body, NULL, 0, NULL, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "name");
  assert_string_equal(fe.message, "ce champ est obligatoire");
  json_decref(body);
  body = json_pack("{s:n, s:s}", "name", "due", "2024-01-31");
  assert_int_equal(api_input_check(&spec, body, NULL, 0, NULL, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "name");
  json_decref(body);
}

static void test_null_and_unknown(void **state) {
  (void)state;
  OK("\"note\": null, \"ref\": null, \"count\": null, \"colour\": null, \"ids\": null");
  BAD("\"tint\": null", "tint", "ce champ est obligatoire"); /* API_NOT_NULL: may be absent, not null */
  BAD("\"flag\": null", "flag", "ce champ est obligatoire"); /* a boolean is never null */
  BAD("\"nom\": 1", "nom", "champ inconnu");
  BAD("\"\": 1", "body", "champ inconnu (nom vide ou trop long)");
  BAD("\"a_very_long_key_name_that_does_not_fit_the_field_buffer\": 1", "body", NULL);
  BAD("\"due\": null", "due", "ce champ est obligatoire");
}

static void test_strings(void **state) {
  (void)state;
  OK("\"note\": \"abcd\"");
  BAD("\"note\": \"abcde\"", "note", "trop long : 4 caractères au plus");
  OK("\"note\": \"éééé\""); /* 4 characters, 8 bytes: max_bytes 0 = 4 per character */
  BAD("\"note\": 12", "note", "une chaîne de caractères est attendue");
  BAD("\"note\": [\"a\"]", "note", "une chaîne de caractères est attendue");
  OK("\"note\": \"\"");
}

static void test_string_bytes_and_nul(void **state) {
  (void)state;
  struct field_error fe = {0};
  const struct api_field *name = &fields[0];
  json_t *v = json_string("ééééé12"); /* 7 characters, 12 bytes: at both limits */
  assert_int_equal(api_field_check(name, v, &fe), PLAM_OK);
  json_decref(v);
  v = json_string("éééééé"); /* 6 characters, 12 bytes */
  assert_int_equal(api_field_check(name, v, &fe), PLAM_OK);
  json_decref(v);
  v = json_string("éééééé1"); /* 7 characters, 13 bytes */
  assert_int_equal(api_field_check(name, v, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "trop long : 12 octets au plus (un caractère accentué en compte plusieurs)");
  json_decref(v);
  v = json_string("abcdefghijk"); /* 11 characters */
  assert_int_equal(api_field_check(name, v, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "trop long : 10 caractères au plus");
  json_decref(v);
  v = json_stringn("a\0b", 3);
  assert_int_equal(api_field_check(name, v, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "caractère nul interdit");
  json_decref(v);
}

static void test_numbers(void **state) {
  (void)state;
  OK("\"ref\": 1");
  BAD("\"ref\": 0", "ref", "un identifiant entier positif est attendu");
  BAD("\"ref\": -3", "ref", NULL);
  BAD("\"ref\": 1.5", "ref", NULL);
  BAD("\"ref\": \"1\"", "ref", NULL);
  OK("\"count\": -2");
  OK("\"count\": 7");
  BAD("\"count\": 8", "count", "hors limites : un entier entre -2 et 7 est attendu");
  BAD("\"count\": -3", "count", NULL);
  BAD("\"count\": 2.0", "count", "un nombre entier est attendu");
  BAD("\"count\": \"12\"", "count", "un nombre entier est attendu");
  OK("\"ratio\": 0.25");
  OK("\"ratio\": 1");
  BAD("\"ratio\": 1.0001", "ratio", "hors limites : un nombre entre 0 et 1 est attendu");
  BAD("\"ratio\": \"0.5\"", "ratio", "un nombre est attendu");
  BAD("\"ratio\": true", "ratio", NULL);
}

static void test_money(void **state) {
  (void)state;
  OK("\"eur\": 12.34");
  OK("\"eur\": 0.3");
  OK("\"eur\": 99999999999.99");
  OK("\"eur\": 100000000000");
  BAD("\"eur\": 12.345", "eur", "au plus deux décimales (centimes)");
  BAD("\"eur\": 0.001", "eur", NULL);
  BAD("\"eur\": -0.01", "eur", "hors limites : un montant entre 0 et 100000000000 euros est attendu");
  BAD("\"eur\": \"12\"", "eur", "un montant en euros est attendu");
  /* what the accessor gives: exact cents */
  json_t *in = json_pack("{s:f}", "eur", 1234.56);
  struct api_call c = {.in = in};
  int has = 0;
  assert_int_equal(call_cents(&c, "eur", &has), 123456);
  assert_true(has);
  assert_int_equal(call_cents(&c, "none", &has), 0);
  assert_false(has);
  json_decref(in);
}

static void test_bool_date(void **state) {
  (void)state;
  OK("\"flag\": false");
  BAD("\"flag\": \"true\"", "flag", "vrai ou faux (true/false) est attendu");
  BAD("\"flag\": 1", "flag", NULL);
  OK("\"on\": \"2024-02-29\"");
  OK("\"on\": \"\""); /* an optional date may be empty */
  BAD("\"on\": \"2023-02-29\"", "on", "date attendue au format AAAA-MM-JJ");
  BAD("\"on\": \"2024-2-9\"", "on", NULL);
  BAD("\"on\": \"2024-01-31T00:00\"", "on", NULL);
  BAD("\"due\": \"\"", "due", "date attendue au format AAAA-MM-JJ"); /* required: not empty */
}

static void test_enums(void **state) {
  (void)state;
  OK("\"colour\": \"green\"");
  OK("\"tint\": \"red\"");
  BAD("\"colour\": \"Green\"", "colour", "valeur non autorisée : attendu l'une de red, green");
  BAD("\"colour\": \"green \"", "colour", NULL);
  BAD("\"tint\": \"blue\"", "tint", "valeur non autorisée : attendu l'une de red, green");
  BAD("\"colour\": 1", "colour", "une chaîne de caractères est attendue");
  OK("\"colour\": \"\""); /* optional: "" is none */
  /* a long list is cut in the message, not in the check */
  static const char *const many[] = {"aaaaaaaaaaaaaaaaaaaaaaaa",
                                     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                                     "ccccccccccccccccccccccccccc",
                                     "dddddddddddddddddddddddddddd",
                                     "eeeeeeeeeeeeeeeeeeeeeeeeeeeee",
                                     "ffffffffffffffffffffffffff",
                                     "last",
                                     NULL};
  const struct api_field f = API_E("k", many, 0);
  struct field_error fe;
  json_t *v = json_string("zzz");
  assert_int_equal(api_field_check(&f, v, &fe), PLAM_ERR_INVALID);
  assert_non_null(strstr(fe.message, "…"));
  json_decref(v);
  v = json_string("last");
  assert_int_equal(api_field_check(&f, v, &fe), PLAM_OK);
  json_decref(v);
}

static void test_lists(void **state) {
  (void)state;
  OK("\"ids\": [3, 1, 2]");
  OK("\"ids\": []");
  BAD("\"ids\": [1, 2, 3, 4]", "ids", "liste trop longue : 3 éléments au plus");
  BAD("\"ids\": [1, 1]", "ids", "identifiant en double");
  OK("\"many\": [1, 1]"); /* no API_UNIQUE */
  BAD("\"ids\": [0]", "ids", "une liste d'identifiants entiers positifs est attendue");
  BAD("\"ids\": [\"1\"]", "ids", NULL);
  BAD("\"ids\": 1", "ids", "une liste d'identifiants est attendue");
  OK("\"people\": [{\"org_id\": 1}, {\"org_id\": 2, \"person\": \"Marie\"}]");
  BAD("\"people\": [{\"org_id\": 1}, {\"person\": \"x\"}]", "people", "élément 2, org_id : ce champ est obligatoire");
  BAD("\"people\": [{\"org_id\": 1, \"person\": \"Marie-Ange\"}]", "people",
      "élément 1, person : trop long : 5 caractères au plus");
  BAD("\"people\": [{\"org_id\": 1, \"age\": 3}]", "people", "élément 1, age : champ inconnu");
  BAD("\"people\": [1]", "people", "élément 1 : un objet est attendu");
  BAD("\"people\": [{}, {}, {}]", "people", "liste trop longue : 2 éléments au plus");
  BAD("\"people\": {}", "people", "une liste d'objets est attendue");
}

/* ---- query ------------------------------------------------------------------------ */

static plam_err check_query(const char *key, const char *value, json_t **out, struct field_error *fe) {
  struct http_kv kv[2] = {{key, value}, {"other", "ignored"}};
  static const struct api_input qspec = {.query = query};
  memset(fe, 0, sizeof *fe);
  return api_input_check(&qspec, NULL, kv, 2, out, fe);
}

static void test_query(void **state) {
  (void)state;
  json_t *out = NULL;
  struct field_error fe;
  assert_int_equal(check_query("limit", "12", &out, &fe), PLAM_OK);
  assert_true(json_is_integer(json_object_get(out, "limit")));
  assert_int_equal(json_integer_value(json_object_get(out, "limit")), 12);
  assert_null(json_object_get(out, "other")); /* unknown query keys are ignored */
  json_decref(out);
  assert_int_equal(check_query("limit", "", &out, &fe), PLAM_OK); /* empty: absent */
  assert_null(json_object_get(out, "limit"));
  json_decref(out);
  static const char *const bad_limits[] = {"0", "501", "1x", " 1", "+1", "abc", "99999999999999999999", NULL};
  for (const char *const *b = bad_limits; *b; b++) {
    if (check_query("limit", *b, &out, &fe) != PLAM_ERR_INVALID) fail_msg("limit=%s accepted", *b);
    assert_null(out);
    assert_string_equal(fe.field, "limit");
  }
  assert_int_equal(check_query("q", "abc", &out, &fe), PLAM_OK);
  assert_string_equal(json_string_value(json_object_get(out, "q")), "abc");
  json_decref(out);
  assert_int_equal(check_query("q", "abcd", &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.message, "trop long : 3 caractères au plus");
  assert_int_equal(check_query("q", "\xC3", &out, &fe), PLAM_ERR_INVALID); /* cut UTF-8 sequence */
  assert_string_equal(fe.message, "texte UTF-8 invalide");
  assert_int_equal(check_query("q", "\xC0\xAF", &out, &fe), PLAM_ERR_INVALID);     /* overlong form */
  assert_int_equal(check_query("q", "\xED\xA0\x80", &out, &fe), PLAM_ERR_INVALID); /* surrogate */
  assert_int_equal(check_query("date", "", &out, &fe), PLAM_ERR_INVALID);
  assert_int_equal(check_query("date", "2024-04-31", &out, &fe), PLAM_ERR_INVALID);
  assert_int_equal(check_query("level", "", &out, &fe), PLAM_ERR_INVALID); /* not in a query */
  assert_int_equal(check_query("level", "blue", &out, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "level");
  assert_int_equal(check_query("level", "red", &out, &fe), PLAM_OK);
  json_decref(out);
}

/* ---- the route table's specs ----------------------------------------------------- */

static const struct api_field *route_field(const char *method, const char *pattern, const char *name) {
  for (int i = 0; i < api_routes_count; i++) {
    const struct http_route *r = &api_routes[i];
    if (strcmp(http_method_name(r->method), method) || strcmp(r->pattern, pattern)) continue;
    const struct api_input *in = r->input->spec;
    for (const struct api_field *f = in ? in->fields : NULL; f && f->name; f++)
      if (!strcmp(f->name, name)) return f;
    for (const struct api_field *f = in ? in->query : NULL; f && f->name; f++)
      if (!strcmp(f->name, name)) return f;
  }
  fail_msg("no field %s in %s %s", name, method, pattern);
  return NULL;
}

/* The byte limit of a string field leaves room for the NUL of the record's buffer. */
#define FITS(method, pattern, name, buffer) \
  assert_true((size_t)route_field(method, pattern, name)->max_bytes < sizeof(buffer))

static void test_route_specs(void **state) {
  (void)state;
  for (int i = 0; i < api_routes_count; i++) {
    const struct http_route *r = &api_routes[i];
    assert_ptr_equal(r->handler, api_dispatch);
    assert_non_null(r->input);
    assert_non_null(r->input->fn);
    const struct api_input *in = r->input->spec;
    if (r->method == HTTP_GET && in) assert_int_equal(in->body, API_BODY_NONE);
    if (in && in->body == API_BODY_RAW) {
      assert_true(r->flags & ROUTE_UPLOAD);
      assert_non_null(in->media);
      assert_non_null(in->media_hint);
    }
    if (r->flags & ROUTE_UPLOAD) assert_true(in && in->body == API_BODY_RAW);
    for (const struct api_field *f = in ? in->fields : NULL; f && f->name; f++) {
      if (f->kind == API_STR) assert_true(f->max > 0 && (!f->max_bytes || f->max_bytes >= f->max));
      if (f->kind == API_ENUM) assert_non_null(f->values);
      /* no name twice, in the body or between body and query */
      for (const struct api_field *g = f + 1; g->name; g++) assert_string_not_equal(f->name, g->name);
      for (const struct api_field *q = in->query; q && q->name; q++) assert_string_not_equal(f->name, q->name);
    }
  }
  struct decision_rec d;
  FITS("POST", "/api/plans/{id}/decisions", "owner_person", d.owner_person);
  FITS("POST", "/api/plans/{id}/decisions", "text", d.text);
  FITS("POST", "/api/plans/{id}/decisions", "source", d.source);
  FITS("POST", "/api/plans/{id}/decisions", "due_on", d.due_on);
  FITS("PATCH", "/api/decisions/{id}", "owner_person", d.owner_person);
  struct budget_rec b;
  FITS("POST", "/api/plans/{id}/budget-lines", "label", b.label);
  FITS("POST", "/api/plans/{id}/budget-lines", "fund", b.fund);
  FITS("POST", "/api/plans/{id}/budget-lines", "unit", b.unit);
  FITS("POST", "/api/plans/{id}/budget-lines", "note", b.note);
  FITS("PUT", "/api/budget-lines/{id}", "source", b.source);
  struct plan_rec p;
  FITS("PATCH", "/api/plans/{id}", "title", p.title);
  FITS("PATCH", "/api/plans/{id}", "short_title", p.short_title);
  FITS("PATCH", "/api/plans/{id}", "summary", p.summary);
  struct action_rec a;
  FITS("PATCH", "/api/actions/{id}", "objective", a.objective);
  struct measurement_rec m;
  FITS("POST", "/api/indicators/{id}/measurements", "territory_id", m.territory_id);
  FITS("POST", "/api/indicators/{id}/measurements", "comment", m.comment);
  FITS("POST", "/api/measurements/{id}/reject", "reason", m.reason);
  struct contribution_rec k;
  FITS("POST", "/api/plans/{id}/contributions", "body", k.body);
  FITS("POST", "/api/contributions/{id}/answer", "answer", k.answer);
  struct meeting_rec mt;
  FITS("PATCH", "/api/gov-meetings/{id}", "minutes", mt.minutes);
  FITS("PATCH", "/api/gov-meetings/{id}", "place", mt.place);
  struct body_rec bo;
  FITS("POST", "/api/plans/{id}/gov-bodies", "frequency", bo.frequency);
  struct cpost_rec cp;
  FITS("POST", "/api/campaigns/{id}/posts", "label", cp.label);
  FITS("POST", "/api/campaigns/{id}/posts", "phase", cp.phase);
  FITS("POST", "/api/campaigns/{id}/posts", "code", cp.code);
  struct campaign_rec cr;
  FITS("POST", "/api/campaigns", "title", cr.title);
  struct user_rec u;
  FITS("POST", "/api/users", "display_name", u.display_name);
  FITS("POST", "/api/users", "email", u.email);
  FITS("POST", "/api/users", "login", u.login);
  struct org_rec o;
  FITS("POST", "/api/organisations", "name", o.name);
  FITS("PATCH", "/api/organisations/{id}", "siret", o.siret);
  FITS("PATCH", "/api/organisations/{id}", "finess", o.finess);
  /* strings without max_bytes count 4 bytes a character: the record holds that */
  assert_int_equal(route_field("POST", "/api/users", "display_name")->max * 4 + 1, (int)sizeof u.display_name);
  assert_int_equal(route_field("POST", "/api/me/password", "new_password")->max_bytes, PASSWORD_MAX_BYTES);
  /* the app's lists the specs cite match the app's tables */
  for (int i = 0; i < org_kinds_count; i++) assert_string_equal(orgs_kind_codes[i], org_kinds[i].code);
  assert_null(orgs_kind_codes[org_kinds_count]);
  int n = 0;
  for (; users_roles[n]; n++) assert_true(role_parse(users_roles[n]) > 0);
  assert_int_equal(n, ROLE__COUNT - 1); /* every role but the anonymous one */
  for (n = 0; gov_decision_statuses[n]; n++) assert_non_null(gov_decision_status_label(gov_decision_statuses[n]));
  assert_int_equal(n, 4);
}

static void test_describe(void **state) {
  (void)state;
  json_t *j = api_input_json(&spec);
  assert_string_equal(json_string_value(json_object_get(j, "body")), "json");
  json_t *f0 = json_array_get(json_object_get(j, "fields"), 0);
  assert_string_equal(json_string_value(json_object_get(f0, "name")), "name");
  assert_int_equal(json_integer_value(json_object_get(f0, "max_chars")), 10);
  assert_int_equal(json_integer_value(json_object_get(f0, "max_bytes")), 12);
  assert_true(json_is_true(json_object_get(f0, "required")));
  json_t *tint = json_array_get(json_object_get(j, "fields"), 10);
  assert_string_equal(json_string_value(json_array_get(json_object_get(tint, "values"), 1)), "green");
  assert_true(json_is_false(json_object_get(tint, "nullable")));
  json_decref(j);
  j = api_input_json(NULL);
  assert_string_equal(json_string_value(json_object_get(j, "body")), "none");
  assert_int_equal(json_array_size(json_object_get(j, "fields")), 0);
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_required_null_unknown),
    cmocka_unit_test(test_null_and_unknown),
    cmocka_unit_test(test_strings),
    cmocka_unit_test(test_string_bytes_and_nul),
    cmocka_unit_test(test_numbers),
    cmocka_unit_test(test_money),
    cmocka_unit_test(test_bool_date),
    cmocka_unit_test(test_enums),
    cmocka_unit_test(test_lists),
    cmocka_unit_test(test_query),
    cmocka_unit_test(test_route_specs),
    cmocka_unit_test(test_describe),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
