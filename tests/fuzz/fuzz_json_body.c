/* libFuzzer target for the JSON request-body readers: arbitrary bytes are
 * parsed the way http_body_json does (json_loadb with duplicate keys
 * rejected, objects only), then read with the API input helpers
 * (api_in_known, api_in_str, api_in_id, api_in_bool) for the account,
 * organisation and login bodies, and the readings go through the validation
 * that needs no database (users_check_input, orgs_check_input, the SIRET and
 * FINESS checks, the role and password rules). Besides the sanitizers, it
 * checks the readers' contracts: a string read holds no NUL, an id read is
 * positive, a validation failure names a field. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "app/access/orgs.h"
#include "app/access/password.h"
#include "app/access/roles.h"
#include "app/access/users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do {                \
    if (!(c)) abort(); \
  } while (0)

/* Reads an optional string field and checks the reader's promise. */
static plam_err read_str(json_t *o, const char *key, int required, const char **out, struct field_error *fe) {
  plam_err e = api_in_str(o, key, required, out, fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  if (e) FUZZ_CHECK(!strcmp(fe->field, key));
  if (!e && *out) {
    json_t *v = json_object_get(o, key);
    FUZZ_CHECK(json_is_string(v) && strlen(*out) == json_string_length(v));
  }
  if (!e && required) FUZZ_CHECK(*out != NULL);
  return e;
}

static void fuzz_user_body(json_t *body) {
  static const char *const allowed[] = {"login", "display_name", "email", "role", "org_id", "password", "disabled", NULL};
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  struct user_input in;
  memset(&in, 0, sizeof in);
  int disabled = -1;
  plam_err e = api_in_known(body, allowed, &fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  /* the remaining readers run whatever api_in_known said, to reach them all */
  read_str(body, "login", 0, &in.login, &fe);
  read_str(body, "display_name", 0, &in.display_name, &fe);
  read_str(body, "email", 0, &in.email, &fe);
  read_str(body, "role", 0, &in.role, &fe);
  read_str(body, "password", 0, &in.password, &fe);
  e = api_in_id(body, "org_id", &in.org_id, &in.has_org, &fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  FUZZ_CHECK(in.org_id >= 0);
  if (!e && json_is_integer(json_object_get(body, "org_id"))) FUZZ_CHECK(in.org_id > 0);
  e = api_in_bool(body, "disabled", &disabled, &fe);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_INVALID);
  FUZZ_CHECK(disabled >= -1 && disabled <= 1);
  in.disabled = disabled;

  for (int creating = 0; creating <= 1; creating++) {
    memset(&fe, 0, sizeof fe);
    e = users_check_input(&in, creating, &fe);
    FUZZ_CHECK(e == PLAM_OK || (e == PLAM_ERR_INVALID && fe.field[0] && fe.message[0]));
  }
  if (in.role) (void)role_parse(in.role);
  const char *why = password_policy_error(in.password);
  if (in.password && strlen(in.password) > PASSWORD_MAX_BYTES) FUZZ_CHECK(why);
}

static void fuzz_org_body(json_t *body) {
  static const char *const allowed[] = {"name", "kind", "finess", "siret", "territory_id", NULL};
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  struct org_input in;
  memset(&in, 0, sizeof in);
  (void)api_in_known(body, allowed, &fe);
  read_str(body, "name", 0, &in.name, &fe);
  read_str(body, "kind", 0, &in.kind, &fe);
  read_str(body, "finess", 0, &in.finess, &fe);
  read_str(body, "siret", 0, &in.siret, &fe);
  read_str(body, "territory_id", 0, &in.territory_id, &fe);
  if (in.siret) (void)orgs_siret_valid(in.siret);
  if (in.finess) (void)orgs_finess_valid(in.finess);
  if (in.kind) (void)orgs_kind_label(in.kind);

  struct org_rec o;
  memset(&o, 0, sizeof o);
  memset(&fe, 0, sizeof fe);
  plam_err e = orgs_check_input(&in, &o, &fe);
  FUZZ_CHECK(e == PLAM_OK || (e == PLAM_ERR_INVALID && fe.field[0] && fe.message[0]));
  if (e == PLAM_OK) {
    /* what passed fits the record and the schema's CHECKs */
    FUZZ_CHECK(o.name[0] && strlen(o.name) <= 200);
    FUZZ_CHECK(orgs_kind_label(o.kind));
    FUZZ_CHECK(!o.finess[0] || strlen(o.finess) == 9);
    FUZZ_CHECK(!o.siret[0] || strlen(o.siret) == 14);
  }
}

static void fuzz_login_body(json_t *body) {
  static const char *const allowed[] = {"login", "password", NULL};
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  const char *login = NULL, *password = NULL;
  plam_err e = api_in_known(body, allowed, &fe);
  if (!e) e = read_str(body, "login", 1, &login, &fe);
  if (!e) e = read_str(body, "password", 1, &password, &fe);
  if (!e) FUZZ_CHECK(login && password);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_error_t err;
  json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
  if (!j) return 0;
  if (json_is_object(j)) {
    fuzz_user_body(j);
    fuzz_org_body(j);
    fuzz_login_body(j);
  }
  json_decref(j);
  return 0;
}
