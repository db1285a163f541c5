/* libFuzzer target for the input checker (src/api/input.c): arbitrary bytes
 * are parsed the way http_body_json does (json_loadb with duplicate keys
 * rejected, objects only) and checked against the input spec of every route
 * of the table; the same bytes, split at '&' and '=', are checked as query
 * pairs. Besides the sanitizers, it checks the checker's contracts: it
 * answers OK or INVALID only; a refusal names a field (a declared one, or the
 * unknown body key); what it accepts satisfies every declared field again
 * field by field, holds each field's value unchanged, and keeps strings
 * within their character and byte limits. The account, organisation and
 * login bodies it accepts then go through the app's validation that needs
 * no database (users_check_input, orgs_check_input). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "app/access/orgs.h"
#include "app/access/users.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

static int is_declared(const struct api_field *fields, const char *name) {
  for (const struct api_field *f = fields; f && f->name; f++)
    if (!strcmp(f->name, name)) return 1;
  return 0;
}

/* What was accepted satisfies each field again and is the body's own value. */
static void accepted(const struct api_input *spec, json_t *body, json_t *out) {
  for (const struct api_field *f = spec->fields; f && f->name; f++) {
    json_t *v = json_object_get(out, f->name);
    struct field_error fe = {0};
    FUZZ_CHECK(api_field_check(f, v, &fe) == PLAM_OK);
    FUZZ_CHECK(v == json_object_get(body, f->name)); /* not converted, not cut */
    if (json_is_string(v) && f->kind == API_STR) {
      const char *s = json_string_value(v);
      FUZZ_CHECK(strlen(s) == json_string_length(v));
      FUZZ_CHECK(utf8_count(s) <= (size_t)f->max);
      FUZZ_CHECK(strlen(s) <= (size_t)(f->max_bytes ? f->max_bytes : 4 * f->max));
    }
  }
}

static void check_body(const struct http_route *r, json_t *body) {
  const struct api_input *spec = r->input->spec;
  if (!spec || (spec->body != API_BODY_JSON && spec->body != API_BODY_OPTIONAL)) return;
  struct field_error fe = {0};
  json_t *out = NULL;
  plam_err e = api_input_check(spec, body, NULL, 0, &out, &fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  if (e) {
    FUZZ_CHECK(out == NULL && fe.field[0] && fe.message[0]);
    FUZZ_CHECK(is_declared(spec->fields, fe.field) || json_object_get(body, fe.field) || !strcmp(fe.field, "body"));
    return;
  }
  accepted(spec, body, out);
  struct api_call c = {.in = out};
  if (!strcmp(r->pattern, "/api/users") && r->method == HTTP_POST) {
    struct user_input in = {.login = call_str(&c, "login"),
                            .display_name = call_str(&c, "display_name"),
                            .email = call_str(&c, "email"),
                            .role = call_str(&c, "role"),
                            .password = call_str(&c, "password"),
                            .org_id = call_int(&c, "org_id", NULL),
                            .disabled = call_bool(&c, "disabled", -1)};
    FUZZ_CHECK(in.login && in.role); /* required */
    memset(&fe, 0, sizeof fe);
    e = users_check_input(&in, 1, &fe);
    FUZZ_CHECK(e == PLAM_OK || (e == PLAM_ERR_INVALID && fe.field[0] && fe.message[0]));
  } else if (!strcmp(r->pattern, "/api/organisations") && r->method == HTTP_POST) {
    struct org_input in = {call_str(&c, "name"), call_str(&c, "kind"), call_str(&c, "finess"), call_str(&c, "siret"),
                           call_str(&c, "territory_id")};
    FUZZ_CHECK(in.name && in.kind && orgs_kind_label(in.kind));
    struct org_rec o;
    memset(&o, 0, sizeof o);
    memset(&fe, 0, sizeof fe);
    e = orgs_check_input(&in, &o, &fe);
    FUZZ_CHECK(e == PLAM_OK || (e == PLAM_ERR_INVALID && fe.field[0] && fe.message[0]));
    if (e == PLAM_OK) FUZZ_CHECK(!strcmp(o.name, in.name)); /* stored whole */
  }
  json_decref(out);
}

/* The bytes as query pairs (key=value&...; no decoding: the checker sees
 * what http_query_parse would hand it, NULs excepted). */
static void check_query(const struct http_route *r, const char *text) {
  const struct api_input *spec = r->input->spec;
  if (!spec || !spec->query) return;
  char buf[1024];
  size_t n = strlen(text) < sizeof buf - 1 ? strlen(text) : sizeof buf - 1;
  memcpy(buf, text, n);
  buf[n] = '\0';
  struct http_kv kv[HTTP_MAX_QUERY];
  int nkv = 0;
  for (char *p = buf; p && *p && nkv < HTTP_MAX_QUERY;) {
    char *amp = strchr(p, '&');
    if (amp) *amp = '\0';
    char *eq = strchr(p, '=');
    if (eq) *eq = '\0';
    kv[nkv].key = p;
    kv[nkv++].value = eq ? eq + 1 : "";
    p = amp ? amp + 1 : NULL;
  }
  struct field_error fe = {0};
  json_t *out = NULL;
  plam_err e = api_input_check(spec, NULL, kv, nkv, &out, &fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  if (e) {
    FUZZ_CHECK(out == NULL && is_declared(spec->query, fe.field) && fe.message[0]);
    return;
  }
  for (const struct api_field *f = spec->query; f->name; f++) {
    struct field_error fe2 = {0};
    FUZZ_CHECK(api_field_check(f, json_object_get(out, f->name), &fe2) == PLAM_OK);
  }
  json_decref(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_error_t err;
  json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
  if (j && json_is_object(j))
    for (int i = 0; i < api_routes_count; i++) check_body(&api_routes[i], j);
  json_decref(j);
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  for (int i = 0; i < api_routes_count; i++) check_query(&api_routes[i], text);
  free(text);
  return 0;
}
