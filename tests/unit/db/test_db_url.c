/* The PostgreSQL engine's pure parts: the placeholder rewriter
 * (db_pg_sql.c: '?' and '?N' to $n outside literals, identifiers and
 * comments) and the URL checks and redaction (db_url.c: French reasons, no
 * password in what is shown). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "db/db.h"
#include "db/db_pg_sql.h"
#include "db/db_url.h"

static void rewrites(const char *sql, const char *want, int nparams) {
  char out[512];
  int n = -1;
  assert_int_equal(db_pg_rewrite(sql, out, sizeof out, &n), 0);
  assert_string_equal(out, want);
  assert_int_equal(n, nparams);
}

static void test_rewrite_placeholders(void **state) {
  (void)state;
  rewrites("SELECT 1", "SELECT 1", 0);
  rewrites("SELECT ?, ?", "SELECT $1, $2", 2);
  rewrites("WHERE (?1 IS NULL OR entity = ?1) AND x = ?2 LIMIT ?3",
           "WHERE ($1 IS NULL OR entity = $1) AND x = $2 LIMIT $3", 3);
  /* a bare ? takes one more than the largest so far (SQLite's rule) */
  rewrites("VALUES (?3, ?, ?1)", "VALUES ($3, $4, $1)", 4);
  /* not inside literals, quoted identifiers or comments; doubled quotes stay */
  rewrites("SELECT '?', 'it''s ?', \"a?\", ? -- why?\n, ? /* ?1 */",
           "SELECT '?', 'it''s ?', \"a?\", $1 -- why?\n, $2 /* ?1 */", 2);
  rewrites("ESCAPE '\\' AND y = ?", "ESCAPE '\\' AND y = $1", 1);
  rewrites("?99", "$99", 99);
}

static void test_rewrite_refuses(void **state) {
  (void)state;
  char out[64];
  int n;
  assert_int_equal(db_pg_rewrite("SELECT ?0", out, sizeof out, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT ?100", out, sizeof out, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT ?1000", out, sizeof out, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT 'open", out, sizeof out, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT \"open", out, sizeof out, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT /* open", out, sizeof out, &n), -1);
  /* too small an output: refused, never cut */
  assert_int_equal(db_pg_rewrite("SELECT ?, ?, ?", out, 10, &n), -1);
  assert_int_equal(db_pg_rewrite("SELECT 1", out, 0, &n), -1);
  /* 4 * strlen + 1 always suffices */
  char big[4 * 40 + 1];
  assert_int_equal(db_pg_rewrite("????????????????????????????????????????", big, sizeof big, &n), 0);
  assert_int_equal(n, 40);
}

static void test_url_parse(void **state) {
  (void)state;
  struct db_url u;
  char why[256];
  assert_int_equal(
    db_url_parse("postgresql://plam:s%40cret@127.0.0.1:5433/plam_prod?sslmode=disable", &u, why, sizeof why), 0);
  assert_string_equal(u.user, "plam");
  assert_int_equal(u.has_password, 1);
  assert_string_equal(u.host, "127.0.0.1");
  assert_int_equal(u.port, 5433);
  assert_string_equal(u.dbname, "plam_prod");
  assert_int_equal(db_url_parse("postgres://db.example.org/plam", &u, why, sizeof why), 0);
  assert_string_equal(u.user, "");
  assert_int_equal(u.port, 0);
  assert_int_equal(db_url_parse("postgresql://u@[::1]:6000/x", &u, why, sizeof why), 0);
  assert_string_equal(u.host, "[::1]");
  assert_int_equal(u.port, 6000);
  /* refused, with a French reason */
  static const struct {
    const char *url, *reason;
  } bad[] = {
    {"mysql://x/y", "postgresql://"},
    {"postgresql://127.0.0.1:5432", "nom de la base manquant"},
    {"postgresql://127.0.0.1:5432/", "nom de la base manquant"},
    {"postgresql:///plam", "serveur manquant"},
    {"postgresql://h:0/plam", "port invalide"},
    {"postgresql://h:70000/plam", "port invalide"},
    {"postgresql://h:54x/plam", "port invalide"},
    {"postgresql://@h/plam", "utilisateur vide"},
    {"postgresql://h1,h2/plam", "un seul serveur"},
    {"postgresql://h/pl am", "espace"},
    {"postgresql://u%zz@h/p", "illisible"},
    {"postgresql://[::1/p", "IPv6"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    why[0] = '\0';
    assert_int_equal(db_url_parse(bad[i].url, &u, why, sizeof why), -1);
    if (!strstr(why, bad[i].reason)) fail_msg("%s: %s", bad[i].url, why);
  }
}

static void redacts(const char *url, const char *want) {
  char out[256];
  db_url_redact(url, out, sizeof out);
  assert_string_equal(out, want);
}

static void test_url_redact(void **state) {
  (void)state;
  redacts("postgresql://plam:secret@127.0.0.1:5432/plam", "postgresql://plam:***@127.0.0.1:5432/plam");
  redacts("postgres://plam@h/p", "postgres://plam@h/p");
  redacts("postgresql://a:b:c@d@h/p", "postgresql://a:***@h/p"); /* the last @ ends the user part */
  redacts("postgresql://h/p?sslmode=require&password=secret&x=1", "postgresql://h/p?sslmode=require&password=***&x=1");
  redacts("var/plam.db", "var/plam.db");
  char small[12];
  db_url_redact("postgresql://plam:secret@h/p", small, sizeof small);
  assert_string_equal(small, "postgresql:");
  assert_null(strstr(small, "secret"));
  /* the db.h entry points */
  char out[128];
  db_target_redact("postgresql://u:pw@h/p", out, sizeof out);
  assert_string_equal(out, "postgresql://u:***@h/p");
  assert_int_equal(db_target_engine("postgresql://u@h/p"), DB_ENGINE_PG);
  assert_int_equal(db_target_engine("POSTGRES://u@h/p"), DB_ENGINE_PG);
  assert_int_equal(db_target_engine("var/postgresql.db"), DB_ENGINE_SQLITE);
}

static void test_open_bad_url_says_why(void **state) {
  (void)state;
  struct db *db = NULL;
  assert_int_equal(db_open("postgresql://plam:secret@127.0.0.1:0/plam", 0, &db), PLAM_ERR_USAGE);
  assert_null(db);
  assert_non_null(strstr(db_open_error(), "port invalide"));
  assert_null(strstr(db_open_error(), "secret"));
  assert_non_null(strstr(db_open_error(), "plam:***@"));
  /* nothing listens on port 1: unreachable, said in French, password hidden */
  assert_int_equal(db_open("postgresql://plam:secret@127.0.0.1:1/plam?connect_timeout=2", 0, &db), PLAM_ERR_IO);
  assert_non_null(strstr(db_open_error(), "impossible de joindre le serveur PostgreSQL"));
  assert_null(strstr(db_open_error(), "secret"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rewrite_placeholders),
    cmocka_unit_test(test_rewrite_refuses),
    cmocka_unit_test(test_url_parse),
    cmocka_unit_test(test_url_redact),
    cmocka_unit_test(test_open_bad_url_says_why),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
