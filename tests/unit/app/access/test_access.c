/* Unit tests for the application rules of the foundation (src/app) and their
 * link with the route table: the role and permission tables (every route's
 * permission exists, the administrator holds every permission, the anonymous
 * public only a reviewed list of read permissions, flags consistent with
 * methods), account and organisation validation (login syntax, e-mail,
 * password policy, SIRET Luhn key, FINESS syntax, kinds, territories), who
 * may edit which organisation,
 * and the audit log: one entry per write, written in the same transaction
 * as the write (a failing audit insert rolls the write back), with no
 * secrets, and append-only (UPDATE and DELETE refused by the schema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/api.h"
#include "app/access/audit.h"
#include "app/access/orgs.h"
#include "app/access/password.h"
#include "app/access/roles.h"
#include "app/access/users.h"
#include "db/db.h"
#include "db/migrate.h"
#include "store/store.h"

static char tmpdir[64];
static struct db *db;

static int group_setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/plam-test-app-XXXXXX");
  if (!mkdtemp(tmpdir)) return -1;
  char path[128];
  snprintf(path, sizeof path, "%s/app.db", tmpdir);
  if (db_open(path, DB_OPEN_CREATE, &db) || db_migrate(db, NULL)) return -1;
  return password_init(2) ? -1 : 0;
}

static int group_teardown(void **state) {
  (void)state;
  db_close(db);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static int64_t q_int(const char *sql, const char *arg) {
  struct db_stmt *st;
  assert_int_equal(db_prepare(db, sql, &st), PLAM_OK);
  if (arg) assert_int_equal(db_bind_text(st, 1, arg), PLAM_OK);
  int row = 0;
  assert_int_equal(db_step(st, &row), PLAM_OK);
  assert_true(row);
  int64_t v = db_column_int64(st, 0);
  db_done(st);
  return v;
}

static int64_t audit_rows(void) { return q_int("SELECT count(*) FROM audit_log", NULL); }

static void admin_actor(struct actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->login, sizeof a->login, "%s", "root-test");
  a->role = ROLE_ADMIN;
  a->request_id = "req-test";
}

/* ---- roles and permissions ----------------------------------------------- */

/* What an anonymous visitor may do: the foundation's public pages, and the
 * published plans (issue 3). */
static const char *const public_perms[] = {"public.read", "plan.read"};

static void test_roles_table(void **state) {
  (void)state;
  assert_true(roles_allows(ROLE_PUBLIC, "public.read"));
  /* the table is indexed by the enum, codes unique, labels present */
  for (int r = 0; r < ROLE__COUNT; r++) {
    assert_int_equal(roles_table[r].role, r);
    assert_true(strlen(roles_table[r].code) > 2);
    assert_true(strlen(roles_table[r].label) > 2);
    assert_string_equal(role_code((enum role)r), roles_table[r].code);
    for (int s = 0; s < r; s++) assert_string_not_equal(roles_table[r].code, roles_table[s].code);
    /* every role a user can hold parses back; "public" cannot be held */
    if (r == ROLE_PUBLIC) assert_int_equal(role_parse(roles_table[r].code), -1);
    else assert_int_equal(role_parse(roles_table[r].code), r);
  }
  assert_int_equal(role_parse("Admin"), -1);
  assert_int_equal(role_parse(""), -1);
  assert_string_equal(role_code((enum role)99), "public");
  assert_string_equal(role_label((enum role) - 1), "Public");

  for (int i = 0; i < perms_count; i++) {
    assert_true(perm_exists(perms_table[i].name));
    for (int j = 0; j < i; j++) assert_string_not_equal(perms_table[i].name, perms_table[j].name);
    /* nobody outside the known roles */
    assert_int_equal(perms_table[i].roles & ~((1u << ROLE__COUNT) - 1), 0);
    /* the administrator holds every permission but the personal ones
     * (acting as a candidate or a site), which no administrator has */
    if (roles_allows(ROLE_ADMIN, perms_table[i].name) == perms_table[i].personal)
      fail_msg("admin %s %s", perms_table[i].personal ? "holds personal" : "lacks", perms_table[i].name);
    /* the anonymous public holds exactly the reviewed list below, and only
     * read permissions: widening it must be a deliberate edit here */
    int listed = 0;
    for (size_t k = 0; k < sizeof public_perms / sizeof public_perms[0]; k++)
      listed |= !strcmp(perms_table[i].name, public_perms[k]);
    if (roles_allows(ROLE_PUBLIC, perms_table[i].name) != listed)
      fail_msg("public and %s: not the reviewed list", perms_table[i].name);
    const char *dot = strrchr(perms_table[i].name, '.');
    if (listed && (!dot || strcmp(dot, ".read")))
      fail_msg("public holds a non-read permission %s", perms_table[i].name);
  }
  assert_false(perm_exists("user.delete"));
  assert_false(roles_allows(ROLE_ADMIN, "user.delete")); /* unknown permissions are denied */
  assert_false(roles_allows(ROLE_ADMIN, NULL));
  assert_false(roles_allows((enum role)ROLE__COUNT, "public.read"));
  /* a few rules the product depends on */
  assert_true(roles_allows(ROLE_STAFF, "org.write"));
  assert_false(roles_allows(ROLE_STAFF, "user.write"));
  assert_false(roles_allows(ROLE_STAFF, "audit.read"));
  assert_true(roles_allows(ROLE_PILOT, "org.write_own"));
  assert_false(roles_allows(ROLE_PILOT, "org.write"));
  assert_false(roles_allows(ROLE_CANDIDATE, "org.write_own"));
  assert_true(roles_allows(ROLE_INTERN, "me.read"));
  /* student (session 12): a student's account (intern) may do all a
   * candidate may, for itself, and nothing over other candidates */
  for (int i = 0; i < perms_count; i++)
    if (roles_allows(ROLE_CANDIDATE, perms_table[i].name) && !roles_allows(ROLE_INTERN, perms_table[i].name))
      fail_msg("a candidate holds %s, a student's account does not", perms_table[i].name);
  static const char *const over_others[] = {
    "qualification.verify", "need.manage", "offer.manage", "recruit.manage", "dash.read",
    "estab.read",           "user.read",   "audit.read"};
  for (size_t k = 0; k < sizeof over_others / sizeof over_others[0]; k++)
    if (roles_allows(ROLE_INTERN, over_others[k])) fail_msg("an intern holds %s", over_others[k]);
}

static int method_changes_state(enum http_method m) {
  return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

static void test_routes_permissions(void **state) {
  (void)state;
  assert_true(api_routes_count > 0);
  for (int i = 0; i < api_routes_count; i++) {
    const struct http_route *r = &api_routes[i];
    if (!r->perm || !perm_exists(r->perm))
      fail_msg("%s %s: permission %s not in perms_table", http_method_name(r->method), r->pattern,
               r->perm ? r->perm : "(none)");
    assert_non_null(r->handler);
    assert_true(strlen(r->summary) > 3);
    assert_int_equal(r->pattern[0], '/');
    /* public routes are readable by the anonymous role, and only those */
    if (!!(r->flags & ROUTE_PUBLIC) != roles_allows(ROLE_PUBLIC, r->perm))
      fail_msg("%s %s: ROUTE_PUBLIC and the permission disagree", http_method_name(r->method), r->pattern);
    /* every state-changing method is flagged as a write (read-only mode) */
    if (method_changes_state(r->method) != !!(r->flags & ROUTE_WRITE))
      fail_msg("%s %s: ROUTE_WRITE and the method disagree", http_method_name(r->method), r->pattern);
    /* the CSRF exemption is only for public writes (the login) */
    if ((r->flags & ROUTE_NO_CSRF) && !(r->flags & ROUTE_PUBLIC))
      fail_msg("%s %s: CSRF exemption on an authenticated route", http_method_name(r->method), r->pattern);
    /* API routes live under /api/, raw ones outside */
    assert_int_equal(!!(r->flags & ROUTE_RAW), strncmp(r->pattern, "/api/", 5) != 0);
    for (int j = 0; j < i; j++)
      if (api_routes[j].method == r->method && !strcmp(api_routes[j].pattern, r->pattern))
        fail_msg("duplicate route %s %s", http_method_name(r->method), r->pattern);
  }
  /* every permission guards at least one route or is used by app rules */
  for (int p = 0; p < perms_count; p++) {
    int used = 0;
    for (int i = 0; i < api_routes_count; i++) used |= !strcmp(api_routes[i].perm, perms_table[p].name);
    if (!used) fail_msg("permission %s guards no route", perms_table[p].name);
  }
}

/* ---- organisations ------------------------------------------------------- */

static void test_siret_finess(void **state) {
  (void)state;
  assert_true(orgs_siret_valid("73282932000074"));
  assert_true(orgs_siret_valid("44306184100047"));
  assert_true(orgs_siret_valid("26440058900018"));
  assert_false(orgs_siret_valid("73282932000075")); /* last digit off */
  assert_false(orgs_siret_valid("73282932000047")); /* two digits swapped */
  assert_false(orgs_siret_valid("12345678901234"));
  assert_false(orgs_siret_valid("7328293200007")); /* 13 */
  assert_false(orgs_siret_valid("732829320000740"));
  assert_false(orgs_siret_valid("7328293200007A"));
  assert_false(orgs_siret_valid("73282932 00074"));
  assert_false(orgs_siret_valid(""));
  assert_false(orgs_siret_valid(NULL));

  assert_true(orgs_finess_valid("440000289"));
  assert_true(orgs_finess_valid("2A0000123"));
  assert_true(orgs_finess_valid("2B0000123"));
  assert_false(orgs_finess_valid("2C0000123"));
  assert_false(orgs_finess_valid("3A0000123"));
  assert_false(orgs_finess_valid("A20000123"));
  assert_false(orgs_finess_valid("44000028"));
  assert_false(orgs_finess_valid("4400002890"));
  assert_false(orgs_finess_valid("44000028x"));
  assert_false(orgs_finess_valid(NULL));

  assert_non_null(orgs_kind_label("ars"));
  assert_non_null(orgs_kind_label("establishment"));
  assert_null(orgs_kind_label("ARS"));
  assert_null(orgs_kind_label(""));
  for (int i = 0; i < org_kinds_count; i++)
    for (int j = 0; j < i; j++) assert_string_not_equal(org_kinds[i].code, org_kinds[j].code);
}

static void test_org_check_input(void **state) {
  (void)state;
  static const struct {
    struct org_input in;
    const char *field; /* NULL: valid */
  } cases[] = {
    {{"CHU de Nantes", "establishment", "440000289", "26440058900018", "DEP-44"}, NULL},
    {{"ARS", "ars", NULL, NULL, NULL}, NULL},
    {{"", "ars", NULL, NULL, NULL}, "name"},
    {{NULL, "ars", NULL, NULL, NULL}, "name"},
    {{"Nom\ttabulé", "ars", NULL, NULL, NULL}, "name"},
    {{"Sans type", "spaceship", NULL, NULL, NULL}, "kind"},
    {{"Sans type", NULL, NULL, NULL, NULL}, "kind"},
    {{"Mauvais FINESS", "establishment", "12345", NULL, NULL}, "finess"},
    {{"Mauvais FINESS", "establishment", "1234567890", NULL, NULL}, "finess"},
    {{"Mauvais SIRET", "establishment", NULL, "73282932000075", NULL}, "siret"},
    {{"Mauvais SIRET", "establishment", NULL, "732829320000740", NULL}, "siret"},
    {{"Territoire trop long", "ars", NULL, NULL, "REG-52-TROP-LONG"}, "territory_id"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct org_rec o;
    memset(&o, 0, sizeof o);
    struct field_error fe = {{0}, {0}};
    plam_err e = orgs_check_input(&cases[i].in, &o, &fe);
    if (!cases[i].field) {
      if (e) fail_msg("case %zu: unexpected %s on %s", i, error_code(e), fe.field);
    } else {
      if (e != PLAM_ERR_INVALID || strcmp(fe.field, cases[i].field))
        fail_msg("case %zu: expected invalid %s, got %s on \"%s\"", i, cases[i].field, error_code(e), fe.field);
      assert_true(strlen(fe.message) > 3);
    }
  }
  /* names: 200 bytes fit, 201 do not */
  char name[260];
  memset(name, 'n', sizeof name);
  name[200] = '\0';
  struct org_input in = {name, "ars", NULL, NULL, NULL};
  struct org_rec o;
  memset(&o, 0, sizeof o);
  assert_int_equal(orgs_check_input(&in, &o, NULL), PLAM_OK);
  name[200] = 'n';
  name[201] = '\0';
  memset(&o, 0, sizeof o);
  assert_int_equal(orgs_check_input(&in, &o, NULL), PLAM_ERR_INVALID);
}

static void test_org_create_update(void **state) {
  (void)state;
  struct actor admin;
  admin_actor(&admin);
  struct field_error fe = {{0}, {0}};
  struct org_rec o, p;
  int64_t audits = audit_rows();

  struct org_input in = {"CHU de test", "establishment", "440000289", "73282932000074", "DEP-44"};
  assert_int_equal(orgs_create(db, &admin, &in, &o, &fe), PLAM_OK);
  assert_true(o.id > 0);
  assert_string_equal(o.territory_id, "DEP-44");
  assert_string_equal(o.territory_name, "Loire-Atlantique");
  assert_int_equal(audit_rows(), audits + 1);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'organisation' "
                         "AND before IS NULL AND after LIKE '%\"finess\":\"440000289\"%' AND request_id = ?",
                         "req-test"),
                   1);

  /* unknown territory: refused inside the transaction, nothing written */
  struct org_input bad_t = {"Autre", "ars", NULL, NULL, "REG-99"};
  assert_int_equal(orgs_create(db, &admin, &bad_t, &p, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "territory_id");
  /* same name in another case, or same FINESS: conflict */
  struct org_input dup = {"chu DE TEST", "establishment", NULL, NULL, NULL};
  assert_int_equal(orgs_create(db, &admin, &dup, &p, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.field, "name");
  struct org_input dup_f = {"Autre CHU", "establishment", "440000289", NULL, NULL};
  assert_int_equal(orgs_create(db, &admin, &dup_f, &p, &fe), PLAM_ERR_CONFLICT);
  assert_int_equal(audit_rows(), audits + 1);

  /* update: who may edit what */
  struct org_input other_in = {"EHPAD de test", "establishment", NULL, NULL, NULL};
  struct org_rec other;
  assert_int_equal(orgs_create(db, &admin, &other_in, &other, &fe), PLAM_OK);
  struct org_input rename = {"CHU de test (renommé)", NULL, NULL, NULL, NULL};
  struct actor pilot = admin;
  pilot.role = ROLE_PILOT;
  pilot.org_id = other.id;
  assert_int_equal(orgs_update(db, &pilot, o.id, &rename, &p, &fe), PLAM_ERR_FORBIDDEN);
  pilot.org_id = o.id;
  assert_int_equal(orgs_update(db, &pilot, o.id, &rename, &p, &fe), PLAM_OK);
  assert_string_equal(p.name, "CHU de test (renommé)");
  assert_string_equal(p.finess, "440000289"); /* untouched fields kept */
  struct actor candidate = admin;
  candidate.role = ROLE_CANDIDATE;
  candidate.org_id = o.id;
  assert_int_equal(orgs_update(db, &candidate, o.id, &rename, &p, &fe), PLAM_ERR_FORBIDDEN);
  struct actor staff = admin;
  staff.role = ROLE_STAFF;
  staff.org_id = 0;
  struct org_input clear = {NULL, NULL, "", "", NULL};
  assert_int_equal(orgs_update(db, &staff, o.id, &clear, &p, &fe), PLAM_OK);
  assert_string_equal(p.finess, "");
  assert_string_equal(p.siret, "");
  assert_int_equal(orgs_update(db, &staff, 999999, &clear, &p, &fe), PLAM_ERR_NOT_FOUND);
  /* the update audit entry carries before and after */
  char id[32];
  snprintf(id, sizeof id, "%lld", (long long)o.id);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'organisation' "
                         "AND entity_id = ? AND before LIKE '%\"finess\":\"440000289\"%' "
                         "AND after LIKE '%\"finess\":null%'",
                         id),
                   1);
}

/* ---- users --------------------------------------------------------------- */

static void test_user_check_input(void **state) {
  (void)state;
  static const struct {
    struct user_input in;
    const char *field;
  } cases[] = {
    {{"jdupont", "Jeanne Dupont", "jeanne@example.fr", "staff", "un mot de passe long", 0, 0, 0}, NULL},
    {{"j.dupont-2@ars_52", "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, NULL},
    {{"j", "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, "login"},
    {{NULL, "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, "login"},
    {{"jean dupont", "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, "login"},
    {{"jéan", "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, "login"},
    {{"a'; DROP TABLE users;--", "Jeanne", NULL, "staff", "un mot de passe long", 0, 0, 0}, "login"},
    {{"jdupont", "", NULL, "staff", "un mot de passe long", 0, 0, 0}, "display_name"},
    {{"jdupont", NULL, NULL, "staff", "un mot de passe long", 0, 0, 0}, "display_name"},
    {{"jdupont", "Jeanne\nDupont", NULL, "staff", "un mot de passe long", 0, 0, 0}, "display_name"},
    {{"jdupont", "Jeanne", "pas-une-adresse", "staff", "un mot de passe long", 0, 0, 0}, "email"},
    {{"jdupont", "Jeanne", "@example.fr", "staff", "un mot de passe long", 0, 0, 0}, "email"},
    {{"jdupont", "Jeanne", "j d@example.fr", "staff", "un mot de passe long", 0, 0, 0}, "email"},
    {{"jdupont", "Jeanne", "jeanne@localhost", "staff", "un mot de passe long", 0, 0, 0}, "email"},
    {{"jdupont", "Jeanne", NULL, "staff", "trop court", 0, 0, 0}, "password"},
    {{"jdupont", "Jeanne", NULL, "staff", NULL, 0, 0, 0}, "password"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct field_error fe = {{0}, {0}};
    plam_err e = users_check_input(&cases[i].in, 1, &fe);
    if (!cases[i].field) {
      if (e) fail_msg("case %zu: unexpected %s on %s", i, error_code(e), fe.field);
    } else if (e != PLAM_ERR_INVALID || strcmp(fe.field, cases[i].field)) {
      fail_msg("case %zu: expected invalid %s, got %s on \"%s\"", i, cases[i].field, error_code(e), fe.field);
    }
  }
  /* login length bounds: 64 fits, 65 does not */
  char login[80];
  memset(login, 'x', sizeof login);
  login[64] = '\0';
  struct user_input in = {login, "X", NULL, "staff", "un mot de passe long", 0, -1, 0};
  assert_int_equal(users_check_input(&in, 1, NULL), PLAM_OK);
  login[64] = 'x';
  login[65] = '\0';
  assert_int_equal(users_check_input(&in, 1, NULL), PLAM_ERR_INVALID);
  /* updates check only what is given */
  struct user_input upd = {NULL, NULL, NULL, NULL, NULL, 0, -1, 0};
  assert_int_equal(users_check_input(&upd, 0, NULL), PLAM_OK);
  upd.email = "faux";
  assert_int_equal(users_check_input(&upd, 0, NULL), PLAM_ERR_INVALID);
  upd.email = "";
  assert_int_equal(users_check_input(&upd, 0, NULL), PLAM_OK); /* clears the address */
  upd.display_name = "";
  assert_int_equal(users_check_input(&upd, 0, NULL), PLAM_ERR_INVALID);
}

static void test_user_create_update(void **state) {
  (void)state;
  struct actor admin;
  admin_actor(&admin);
  struct field_error fe = {{0}, {0}};
  struct user_rec u, v;
  int64_t audits = audit_rows();
  int64_t users = q_int("SELECT count(*) FROM users", NULL);

  /* invalid input is refused before any hashing or writing */
  struct user_input bad = {"x", "X", NULL, "staff", "un mot de passe long", 0, 0, 0};
  assert_int_equal(users_create(db, &admin, &bad, &u, &fe), PLAM_ERR_INVALID);
  /* an unknown role is found inside the transaction: nothing written */
  struct user_input wizard = {"merlin", "Merlin", NULL, "wizard", "un mot de passe long", 0, 0, 0};
  assert_int_equal(users_create(db, &admin, &wizard, &u, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "role");
  assert_int_equal(q_int("SELECT count(*) FROM users", NULL), users);
  assert_int_equal(audit_rows(), audits);

  struct user_input in = {"jdupont", "Jeanne Dupont", "jeanne@example.fr", "staff", "un mot de passe long", 0, 0, 0};
  assert_int_equal(users_create(db, &admin, &in, &u, &fe), PLAM_OK);
  assert_true(u.id > 0);
  assert_string_equal(u.role, "staff");
  assert_int_equal(audit_rows(), audits + 1);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'user' "
                         "AND user_login = 'root-test' AND after LIKE '%\"login\":\"jdupont\"%'",
                         NULL),
                   1);
  /* neither the password nor its hash is in the audit entry */
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE after LIKE '%mot de passe%' OR after LIKE '%argon2%' "
                         "OR after LIKE '%password%'",
                         NULL),
                   0);
  /* the same login in another case is taken */
  struct user_input dup = in;
  dup.login = "JDupont";
  assert_int_equal(users_create(db, &admin, &dup, &v, &fe), PLAM_ERR_CONFLICT);
  assert_string_equal(fe.field, "login");
  assert_int_equal(audit_rows(), audits + 1);

  /* nobody disables their own account or changes their own role */
  struct actor self = admin;
  self.user_id = u.id;
  struct user_input off = {NULL, NULL, NULL, NULL, NULL, 0, 1, 0};
  assert_int_equal(users_update(db, &self, u.id, &off, &v, &fe), PLAM_ERR_INVALID);
  struct user_input promote = {NULL, NULL, NULL, "admin", NULL, 0, -1, 0};
  assert_int_equal(users_update(db, &self, u.id, &promote, &v, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "role");
  /* an unknown organisation is refused */
  struct user_input org = {NULL, NULL, NULL, NULL, NULL, 424242, -1, 1};
  assert_int_equal(users_update(db, &admin, u.id, &org, &v, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "org_id");

  /* an administrator disables it: its sessions end, before/after audited */
  struct session_rec s;
  memset(&s, 0, sizeof s);
  memset(s.token_hash, 0x5a, sizeof s.token_hash);
  s.user_id = u.id;
  snprintf(s.csrf_token, sizeof s.csrf_token, "%s", "csrf");
  s.expires_at = INT64_MAX;
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, store_session_insert(db, &s)), PLAM_OK);
  assert_int_equal(users_update(db, &admin, u.id, &off, &v, &fe), PLAM_OK);
  assert_int_equal(v.disabled, 1);
  assert_int_equal(
    q_int("SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?)", "jdupont"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'user' "
                         "AND before LIKE '%\"disabled\":false%' AND after LIKE '%\"disabled\":true%'",
                         NULL),
                   1);
  assert_int_equal(users_update(db, &admin, 999999, &off, &v, &fe), PLAM_ERR_NOT_FOUND);
}

/* ---- audit --------------------------------------------------------------- */

static void test_audit_same_transaction(void **state) {
  (void)state;
  struct actor admin;
  admin_actor(&admin);
  struct field_error fe = {{0}, {0}};
  struct org_rec o;
  int64_t audits = audit_rows();
  int64_t orgs = q_int("SELECT count(*) FROM organisations", NULL);
  /* make every audit insert fail: the organisation must not be created */
  assert_int_equal(db_exec(db, "CREATE TEMP TRIGGER audit_fail BEFORE INSERT ON main.audit_log "
                               "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END"),
                   PLAM_OK);
  struct org_input in = {"Organisation sans audit", "association", NULL, NULL, NULL};
  assert_int_not_equal(orgs_create(db, &admin, &in, &o, &fe), PLAM_OK);
  assert_int_equal(db_exec(db, "DROP TRIGGER audit_fail"), PLAM_OK);
  assert_int_equal(q_int("SELECT count(*) FROM organisations", NULL), orgs);
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(q_int("SELECT count(*) FROM organisations WHERE name = ?", "Organisation sans audit"), 0);
  /* and with the audit working again, the same call succeeds */
  assert_int_equal(orgs_create(db, &admin, &in, &o, &fe), PLAM_OK);
  assert_int_equal(audit_rows(), audits + 1);
}

static void test_audit_append_only(void **state) {
  (void)state;
  struct actor cli;
  actor_cli(&cli);
  assert_int_equal(cli.role, ROLE_ADMIN);
  assert_int_equal(cli.user_id, 0);
  json_t *after = json_pack("{s:s, s:i}", "clé", "valeur", "n", 3);
  assert_int_equal(db_write_begin(db), PLAM_OK);
  assert_int_equal(db_write_end(db, audit_write(db, &cli, "test", "essai", 77, NULL, after)), PLAM_OK);
  json_decref(after);
  int64_t n = audit_rows();
  assert_true(n > 0);

  /* read back through the store, newest first, with filters and paging */
  struct list_page page = {.limit = 10, .offset = 0};
  struct audit_rec *rows = NULL;
  int count = 0;
  assert_int_equal(store_audit_list(db, "essai", 0, &page, &rows, &count), PLAM_OK);
  assert_int_equal(count, 1);
  assert_int_equal(page.total, 1);
  assert_string_equal(rows[0].action, "test");
  assert_string_equal(rows[0].entity_id, "77");
  assert_string_equal(rows[0].user_login, "(ligne de commande)");
  assert_int_equal(rows[0].user_id, 0);
  assert_null(rows[0].before);
  assert_string_equal(rows[0].after, "{\"clé\":\"valeur\",\"n\":3}");
  store_audit_free(rows, count);
  page.limit = 1;
  assert_int_equal(store_audit_list(db, NULL, 0, &page, &rows, &count), PLAM_OK);
  assert_int_equal(count, 1);
  assert_int_equal(page.total, n);
  assert_string_equal(rows[0].entity, "essai"); /* the newest */
  store_audit_free(rows, count);

  /* the schema refuses to change or remove entries */
  assert_int_equal(db_exec(db, "UPDATE audit_log SET action = 'forged'"), PLAM_ERR_CONFLICT);
  assert_int_equal(db_exec(db, "UPDATE audit_log SET after = NULL WHERE entity = 'essai'"), PLAM_ERR_CONFLICT);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log"), PLAM_ERR_CONFLICT);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE entity = 'essai'"), PLAM_ERR_CONFLICT);
  assert_int_equal(audit_rows(), n);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'forged'", NULL), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_roles_table),        cmocka_unit_test(test_routes_permissions),
    cmocka_unit_test(test_siret_finess),       cmocka_unit_test(test_org_check_input),
    cmocka_unit_test(test_org_create_update),  cmocka_unit_test(test_user_check_input),
    cmocka_unit_test(test_user_create_update), cmocka_unit_test(test_audit_same_transaction),
    cmocka_unit_test(test_audit_append_only),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
