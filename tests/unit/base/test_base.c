/* Unit tests for the base layer (src/base): the bounded buffer (limits,
 * growth, printf, detach), the request arena (hard cap, alignment, zeroing,
 * size overflow), the error table (one complete, consistent row per code),
 * the options table (flags, --name=value, environment, config file and their
 * precedence, defaults, --help, unknown options, integer validation,
 * positional counts) and the log line escaping that keeps user input from
 * forging log lines. Environment variables touched here are cleared before
 * and after each options test so the tests do not depend on the caller's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/log.h"
#include "base/opt.h"

/* ---- helpers ------------------------------------------------------------- */

/* Runs fn with stream fd (1 or 2) redirected to a temp file and returns what
 * it wrote (malloc'd, NUL-terminated). */
static char *capture_fd(int fd, void (*fn)(void *), void *arg) {
  char path[] = "/tmp/plam-test-base-XXXXXX";
  int tmp = mkstemp(path);
  assert_true(tmp >= 0);
  fflush(stdout);
  fflush(stderr);
  int saved = dup(fd);
  assert_true(saved >= 0);
  assert_true(dup2(tmp, fd) >= 0);
  fn(arg);
  fflush(stdout);
  fflush(stderr);
  assert_true(dup2(saved, fd) >= 0);
  close(saved);
  off_t n = lseek(tmp, 0, SEEK_END);
  assert_true(n >= 0);
  char *out = calloc(1, (size_t)n + 1);
  assert_non_null(out);
  assert_int_equal(pread(tmp, out, (size_t)n, 0), n);
  close(tmp);
  unlink(path);
  return out;
}

static char *write_temp_file(const char *content) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/plam-test-cfg-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  size_t n = strlen(content);
  assert_int_equal(write(fd, content, n), (ssize_t)n);
  close(fd);
  return path;
}

/* ---- buf ----------------------------------------------------------------- */

static void test_buf_bounds(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 10);
  assert_int_equal(buf_append(&b, "0123456789", 10), PLAM_OK);
  assert_int_equal(b.len, 10);
  assert_string_equal(b.data, "0123456789");
  /* one byte past the maximum fails and leaves the buffer unchanged */
  assert_int_equal(buf_append(&b, "x", 1), PLAM_ERR_TOO_LARGE);
  assert_int_equal(b.len, 10);
  assert_string_equal(b.data, "0123456789");
  assert_int_equal(buf_printf(&b, "%d", 7), PLAM_ERR_TOO_LARGE);
  assert_string_equal(b.data, "0123456789");
  /* appending nothing is fine even when full */
  assert_int_equal(buf_append(&b, "", 0), PLAM_OK);
  /* capacity never exceeds max + 1 (the NUL) */
  assert_true(b.cap <= b.max + 1);
  buf_clear(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(b.data, "");
  assert_int_equal(buf_append_str(&b, "abc"), PLAM_OK);
  assert_string_equal(b.data, "abc");
  /* a huge length cannot wrap around the check */
  assert_int_equal(buf_append(&b, "x", SIZE_MAX), PLAM_ERR_TOO_LARGE);
  assert_string_equal(b.data, "abc");
  buf_release(&b);
  assert_null(b.data);
}

static void test_buf_growth(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 20);
  char chunk[1000];
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (char)('a' + i % 26);
  for (int i = 0; i < 300; i++) assert_int_equal(buf_append(&b, chunk, sizeof chunk), PLAM_OK);
  assert_int_equal(b.len, 300000);
  assert_true(b.cap >= b.len + 1);
  assert_int_equal(b.data[b.len], '\0');
  for (size_t i = 0; i < b.len; i += 997) assert_int_equal(b.data[i], 'a' + (i % 1000) % 26);
  assert_int_equal(buf_printf(&b, "-%s-%05d", "fin", 42), PLAM_OK);
  assert_string_equal(b.data + 300000, "-fin-00042");
  assert_int_equal(b.len, 300010);
  size_t len = 0;
  char *p = buf_detach(&b, &len);
  assert_non_null(p);
  assert_int_equal(len, 300010);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  free(p);
  /* detaching an empty buffer hands out an empty string, not NULL */
  p = buf_detach(&b, &len);
  assert_non_null(p);
  assert_int_equal(len, 0);
  assert_string_equal(p, "");
  free(p);
  buf_release(&b);
}

static void test_buf_exact_max_growth(void **state) {
  (void)state;
  /* growth from the 256-byte start clamps to max + 1 rather than doubling past it */
  struct buf b;
  buf_init(&b, 300);
  char big[300];
  memset(big, 'z', sizeof big);
  assert_int_equal(buf_append(&b, big, 200), PLAM_OK);
  assert_int_equal(buf_append(&b, big, 100), PLAM_OK);
  assert_int_equal(b.len, 300);
  assert_int_equal(b.cap, 301);
  assert_int_equal(buf_append(&b, big, 1), PLAM_ERR_TOO_LARGE);
  buf_release(&b);
}

/* ---- arena --------------------------------------------------------------- */

static void test_arena_cap(void **state) {
  (void)state;
  struct arena a;
  arena_init(&a, 1024);
  unsigned char *p = arena_alloc(&a, 1000); /* rounded to 1008 */
  assert_non_null(p);
  for (int i = 0; i < 1000; i++) assert_int_equal(p[i], 0);
  assert_int_equal(a.used, 1008);
  void *q = arena_alloc(&a, 16);
  assert_non_null(q);
  assert_int_equal(a.used, 1024);
  assert_null(arena_alloc(&a, 1));
  assert_null(arena_strdup(&a, "x"));
  arena_release(&a);
  assert_int_equal(a.used, 0);
  /* after release the full cap is available again */
  assert_non_null(arena_alloc(&a, 1024));
  assert_null(arena_alloc(&a, 1));
  arena_release(&a);
}

static void test_arena_alignment_and_blocks(void **state) {
  (void)state;
  struct arena a;
  arena_init(&a, 1 << 20);
  for (int i = 1; i < 50; i++) {
    void *p = arena_alloc(&a, (size_t)i * 7);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 16, 0);
  }
  /* larger than the 8 KiB default block: gets a block of its own */
  unsigned char *big = arena_alloc(&a, 20000);
  assert_non_null(big);
  memset(big, 0xAB, 20000);
  char *s = arena_strndup(&a, "bonjour le monde", 7);
  assert_string_equal(s, "bonjour");
  char *t = arena_strdup(&a, "Île-de-France");
  assert_string_equal(t, "Île-de-France");
  assert_int_equal(big[19999], 0xAB);
  arena_release(&a);
  assert_null(a.head);
}

static void test_arena_size_overflow(void **state) {
  (void)state;
  /* sizes near SIZE_MAX must not wrap around the 16-byte rounding */
  struct arena a;
  arena_init(&a, SIZE_MAX);
  assert_null(arena_alloc(&a, SIZE_MAX));
  assert_null(arena_alloc(&a, SIZE_MAX - 14));
  assert_int_equal(a.used, 0);
  arena_release(&a);
}

/* ---- error table --------------------------------------------------------- */

static void test_error_table_complete(void **state) {
  (void)state;
  assert_int_equal(error_http_status(PLAM_OK), 200);
  assert_int_equal(error_exit_code(PLAM_OK), 0);
  assert_string_equal(error_code(PLAM_OK), "ok");
  for (int e = 1; e < PLAM_ERR__COUNT; e++) {
    const char *code = error_code((plam_err)e);
    const char *msg = error_message((plam_err)e);
    int st = error_http_status((plam_err)e);
    int ex = error_exit_code((plam_err)e);
    assert_non_null(code);
    assert_non_null(msg);
    assert_true(strlen(code) > 1);
    assert_true(strlen(msg) > 5);
    for (const char *c = code; *c; c++)
      if (!((*c >= 'a' && *c <= 'z') || *c == '_')) fail_msg("error code %s is not snake_case", code);
    if (st < 400 || st > 599) fail_msg("error %s has HTTP status %d", code, st);
    if (ex < 1 || ex > 3) fail_msg("error %s has exit code %d", code, ex);
    /* codes are stable identifiers: each one unique */
    for (int f = 0; f < e; f++)
      if (!strcmp(code, error_code((plam_err)f))) fail_msg("duplicate error code %s", code);
  }
  /* a few rows the API contract depends on */
  assert_int_equal(error_http_status(PLAM_ERR_NOT_FOUND), 404);
  assert_int_equal(error_http_status(PLAM_ERR_METHOD), 405);
  assert_int_equal(error_http_status(PLAM_ERR_TOO_LARGE), 413);
  assert_int_equal(error_http_status(PLAM_ERR_CONFLICT), 409);
  assert_int_equal(error_http_status(PLAM_ERR_UNAUTHENTICATED), 401);
  assert_int_equal(error_http_status(PLAM_ERR_FORBIDDEN), 403);
  assert_int_equal(error_http_status(PLAM_ERR_THROTTLED), 429);
  /* the 429 message says how long to wait: seconds, then whole minutes rounded up */
  char wait[160];
  static const struct {
    long long s;
    const char *msg;
  } waits[] = {
    {0, "Trop de tentatives ; réessayez dans 1 seconde."},
    {1, "Trop de tentatives ; réessayez dans 1 seconde."},
    {42, "Trop de tentatives ; réessayez dans 42 secondes."},
    {119, "Trop de tentatives ; réessayez dans 119 secondes."},
    {120, "Trop de tentatives ; réessayez dans 2 minutes."},
    {121, "Trop de tentatives ; réessayez dans 3 minutes."},
    {900, "Trop de tentatives ; réessayez dans 15 minutes."},
  };
  for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++) {
    error_wait_message(wait, sizeof wait, waits[i].s);
    assert_string_equal(wait, waits[i].msg);
  }
  assert_int_equal(error_exit_code(PLAM_ERR_USAGE), 2);
  /* out-of-range values fall back to the internal error row */
  assert_string_equal(error_code(PLAM_ERR__COUNT), "internal_error");
  assert_string_equal(error_code((plam_err)-1), "internal_error");
  assert_int_equal(error_http_status((plam_err)1000), 500);
}

/* ---- options ------------------------------------------------------------- */

static const struct opt_def test_defs[] = {
  {"db", OPT_STRING, NULL, "FICHIER", "base de données"},
  {"listen", OPT_STRING, "127.0.0.1:8080", "ADRESSE:PORT", "adresse d'écoute"},
  {"threads", OPT_INT, "4", "N", "nombre de fils"},
  {"demo", OPT_FLAG, NULL, NULL, "données de démonstration"},
  {"log-format", OPT_STRING, "kv", "FORMAT", "format des journaux"},
};
static const struct opt_cmd test_cmd = {
  "essai", "[options] NOM", "Commande d'essai.", test_defs, OPT_COUNT(test_defs), 0, 2};

/* Another command sharing the configuration file: its keys are checked by
 * type, then left to it. */
static const struct opt_def other_defs[] = {
  {"autre-commande", OPT_STRING, NULL, "X", "clé d'une autre commande"},
  {"autre-nombre", OPT_INT, NULL, "N", "nombre d'une autre commande"},
  {"format", OPT_CHOICE, "kv", "kv|json|csv", "choix d'une autre commande"},
};
static const struct opt_cmd other_cmd = {"autre", "", "Autre commande.", other_defs, OPT_COUNT(other_defs), 0, 0};
static const struct opt_cmd *const shared_cmds[] = {&test_cmd, &other_cmd};

static const char *const test_env[] = {"PLAM_DB",   "PLAM_LISTEN",     "PLAM_THREADS",
                                       "PLAM_DEMO", "PLAM_LOG_FORMAT", "PLAM_CONFIG"};

static int opt_env_clear(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof test_env / sizeof test_env[0]; i++) unsetenv(test_env[i]);
  return 0;
}

/* Parses a NULL-terminated list of arguments. */
static plam_err parse(struct opt_result *r, char *err, size_t errlen, ...) {
  char *argv[32];
  int argc = 0;
  va_list ap;
  va_start(ap, errlen);
  for (char *a; (a = va_arg(ap, char *)) && argc < 32;) argv[argc++] = a;
  va_end(ap);
  return opt_parse(&test_cmd, argc, argv, r, err, errlen);
}

static void test_opt_flags_and_defaults(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  assert_int_equal(parse(&r, err, sizeof err, "--db", "a.db", "--threads=8", "--demo", "nom", NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "a.db");
  assert_int_equal(opt_get_int(&r, "threads", 0), 8);
  assert_true(opt_get_flag(&r, "demo"));
  assert_string_equal(opt_get(&r, "listen"), "127.0.0.1:8080"); /* default */
  assert_string_equal(opt_get(&r, "log-format"), "kv");
  assert_int_equal(r.npositional, 1);
  assert_string_equal(r.positional[0], "nom");
  assert_false(r.help);
  assert_null(opt_get(&r, "unknown-name"));
  assert_int_equal(opt_get_int(&r, "unknown-name", -5), -5);
  opt_result_release(&r);

  /* nothing given: defaults only, unset flag is false, unset string NULL */
  assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_OK);
  assert_null(opt_get(&r, "db"));
  assert_false(opt_get_flag(&r, "demo"));
  assert_int_equal(opt_get_int(&r, "threads", 0), 4);
  opt_result_release(&r);

  /* "--" ends options: what follows is positional even if it looks like one */
  assert_int_equal(parse(&r, err, sizeof err, "--", "--db", "x", NULL), PLAM_OK);
  assert_int_equal(r.npositional, 2);
  assert_string_equal(r.positional[0], "--db");
  assert_null(opt_get(&r, "db"));
  opt_result_release(&r);

  /* a lone "-" is a positional (stdin by convention) */
  assert_int_equal(parse(&r, err, sizeof err, "-", NULL), PLAM_OK);
  assert_int_equal(r.npositional, 1);
  opt_result_release(&r);

  /* the last occurrence of a flag wins */
  assert_int_equal(parse(&r, err, sizeof err, "--db", "un", "--db=deux", NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "deux");
  opt_result_release(&r);
}

static void test_opt_env_and_config_precedence(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  opt_set_shared(shared_cmds, 2);
  const char *cfg = write_temp_file("# commentaire\n"
                                    "\n"
                                    "db = /depuis/config.db\n"
                                    "  listen=0.0.0.0:9000   \n"
                                    "threads = 2\n"
                                    "autre-commande = ignoree\n");
  char cfgpath[64];
  snprintf(cfgpath, sizeof cfgpath, "%s", cfg);

  /* config file only (via --config) */
  assert_int_equal(parse(&r, err, sizeof err, "--config", cfgpath, NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "/depuis/config.db");
  assert_string_equal(opt_get(&r, "listen"), "0.0.0.0:9000");
  assert_int_equal(opt_get_int(&r, "threads", 0), 2);
  assert_string_equal(opt_get(&r, "log-format"), "kv"); /* not in the file: default */
  opt_result_release(&r);

  /* config file via PLAM_CONFIG, environment beats it */
  setenv("PLAM_CONFIG", cfgpath, 1);
  setenv("PLAM_DB", "/depuis/env.db", 1);
  setenv("PLAM_LOG_FORMAT", "json", 1);
  assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "/depuis/env.db");
  assert_string_equal(opt_get(&r, "listen"), "0.0.0.0:9000");
  assert_string_equal(opt_get(&r, "log-format"), "json"); /* dash becomes underscore */
  opt_result_release(&r);

  /* the flag beats both */
  assert_int_equal(parse(&r, err, sizeof err, "--db", "/depuis/flag.db", "--listen=[::1]:1", NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "/depuis/flag.db");
  assert_string_equal(opt_get(&r, "listen"), "[::1]:1");
  opt_result_release(&r);

  /* --config on the command line overrides PLAM_CONFIG */
  setenv("PLAM_CONFIG", "/nonexistent/plam.conf", 1);
  unsetenv("PLAM_DB");
  assert_int_equal(parse(&r, err, sizeof err, "--config=", NULL), PLAM_ERR_USAGE);
  assert_int_equal(parse(&r, err, sizeof err, "--config", cfgpath, NULL), PLAM_OK);
  assert_string_equal(opt_get(&r, "db"), "/depuis/config.db");
  opt_result_release(&r);

  /* a missing config file is a usage error naming the file */
  assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "/nonexistent/plam.conf"));
  unsetenv("PLAM_CONFIG");
  unlink(cfgpath);

  /* a line without '=' is reported with its line number */
  cfg = write_temp_file("db = x\nn'importe quoi\n");
  snprintf(cfgpath, sizeof cfgpath, "%s", cfg);
  assert_int_equal(parse(&r, err, sizeof err, "--config", cfgpath, NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, ":2"));
  unlink(cfgpath);
}

/* The configuration file is read strictly: each refusal names the file, the
 * line and the key, and leaves nothing allocated. */
static void test_opt_config_refusals(void **state) {
  (void)state;
  opt_set_shared(shared_cmds, 2);
  static const struct {
    const char *text, *want;
  } cases[] = {
    {"db = a\ninconnue = 1\n", ":2 : clé inconnue « inconnue »"},
    {"threads = beaucoup\n", ":1 : « threads » attend un nombre entier, pas « beaucoup »"},
    {"\n\ndemo = peut-être\n", ":3 : « demo » attend oui ou non, pas « peut-être »"},
    {"db =\n", ":1 : « db » sans valeur"},
    {"db = a\n# c\ndb = b\n", ":3 : « db » est déjà donnée ligne 1"},
    {"autre-nombre = x\n", ":1 : « autre-nombre » attend un nombre entier"},
    {"format = xml\n", ":1 : « format » attend kv, json ou csv, pas « xml »"},
    {"= valeur\n", ":1 : ligne sans clé avant « = »"},
    {"db = a\0b\n", ":1 : caractère nul"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[64];
    const char *text = cases[i].text;
    size_t len = strlen(text);
    if (strstr(cases[i].want, "nul")) len = 9; /* "db = a\0b\n" */
    snprintf(path, sizeof path, "/tmp/plam-test-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    struct opt_result r;
    char err[512];
    assert_int_equal(parse(&r, err, sizeof err, "--config", path, NULL), PLAM_ERR_USAGE);
    if (!strstr(err, cases[i].want) || strncmp(err, path, strlen(path)))
      fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, cases[i].want);
    for (int k = 0; k < OPT_MAX; k++) assert_null(r.values[k]);
    unlink(path);
  }
  /* accepted: flags in words, keys of the other command, blanks and CRLF */
  const char *cfg = write_temp_file("demo = non\r\nautre-commande = x\n  format = csv  \nthreads=3");
  char cfgpath[64];
  snprintf(cfgpath, sizeof cfgpath, "%s", cfg);
  struct opt_result r;
  char err[512];
  assert_int_equal(parse(&r, err, sizeof err, "--config", cfgpath, NULL), PLAM_OK);
  assert_false(opt_get_flag(&r, "demo"));
  assert_int_equal(opt_get_int(&r, "threads", 0), 3);
  opt_result_release(&r);
  unlink(cfgpath);
  /* without the shared list, the other command's keys are unknown */
  opt_set_shared(NULL, 0);
  cfg = write_temp_file("autre-commande = x\n");
  snprintf(cfgpath, sizeof cfgpath, "%s", cfg);
  assert_int_equal(parse(&r, err, sizeof err, "--config", cfgpath, NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "clé inconnue « autre-commande »"));
  unlink(cfgpath);
}

static void test_opt_help(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  /* --help succeeds even when positionals are missing or values invalid */
  setenv("PLAM_THREADS", "pas-un-nombre", 1);
  assert_int_equal(parse(&r, err, sizeof err, "--help", NULL), PLAM_OK);
  assert_true(r.help);
  opt_result_release(&r);
  assert_int_equal(parse(&r, err, sizeof err, "a", "b", "-h", NULL), PLAM_OK);
  assert_true(r.help);
  opt_result_release(&r);
  unsetenv("PLAM_THREADS");
}

static void print_help(void *arg) { opt_print_help(arg); }

static void test_opt_help_text(void **state) {
  (void)state;
  char *out = capture_fd(1, print_help, (void *)&test_cmd);
  assert_non_null(strstr(out, "Usage : plam essai [options] NOM"));
  assert_non_null(strstr(out, "--db FICHIER"));
  assert_non_null(strstr(out, "PLAM_DB"));
  assert_non_null(strstr(out, "PLAM_LOG_FORMAT"));
  assert_non_null(strstr(out, "défaut : 127.0.0.1:8080"));
  assert_non_null(strstr(out, "--demo"));
  assert_non_null(strstr(out, "--config FICHIER"));
  assert_non_null(strstr(out, "Codes de sortie"));
  free(out);
}

static void test_opt_usage_errors(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  assert_int_equal(parse(&r, err, sizeof err, "--nope", NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "option inconnue : --nope"));
  assert_non_null(strstr(err, "plam essai --help"));
  /* a prefix of an option name is not that option */
  assert_int_equal(parse(&r, err, sizeof err, "--d", "x", NULL), PLAM_ERR_USAGE);
  assert_int_equal(parse(&r, err, sizeof err, "--dbx", "x", NULL), PLAM_ERR_USAGE);
  /* value missing at the end */
  assert_int_equal(parse(&r, err, sizeof err, "--db", NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "--db attend une valeur"));
  /* a flag takes no value */
  assert_int_equal(parse(&r, err, sizeof err, "--demo=1", NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "ne prend pas de valeur"));
  /* too many positionals (max 2 here) */
  assert_int_equal(parse(&r, err, sizeof err, "a", "b", "c", NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "nombre d'arguments incorrect"));
  /* more than OPT_MAX_POSITIONAL, with and without "--", after a value was
   * set (checks nothing leaks under ASan) */
  assert_int_equal(parse(&r, err, sizeof err, "--db", "x", "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL),
                   PLAM_ERR_USAGE);
  assert_int_equal(parse(&r, err, sizeof err, "--db", "x", "--", "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL),
                   PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "trop d'arguments"));
  /* after a failure the result holds no values */
  assert_null(r.values[0]);
}

static void test_opt_int_validation(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  static const char *const bad[] = {"abc", "12x", "", " ", "1.5", "99999999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *v = (char *)bad[i];
    assert_int_equal(parse(&r, err, sizeof err, "--threads", v, NULL), PLAM_ERR_USAGE);
    assert_non_null(strstr(err, "attend un nombre entier"));
  }
  assert_int_equal(parse(&r, err, sizeof err, "--threads", "-3", NULL), PLAM_OK);
  assert_int_equal(opt_get_int(&r, "threads", 0), -3);
  opt_result_release(&r);
  /* environment values are validated too */
  setenv("PLAM_THREADS", "huit", 1);
  assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_ERR_USAGE);
  assert_non_null(strstr(err, "huit"));
  setenv("PLAM_THREADS", "8", 1);
  assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_OK);
  assert_int_equal(opt_get_int(&r, "threads", 0), 8);
  opt_result_release(&r);
  unsetenv("PLAM_THREADS");
}

static void test_opt_flag_values(void **state) {
  (void)state;
  struct opt_result r;
  char err[256];
  static const struct {
    const char *v;
    int on;
  } cases[] = {{"1", 1}, {"oui", 1}, {"true", 1}, {"0", 0}, {"false", 0}, {"non", 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    setenv("PLAM_DEMO", cases[i].v, 1);
    assert_int_equal(parse(&r, err, sizeof err, NULL), PLAM_OK);
    if (opt_get_flag(&r, "demo") != cases[i].on) fail_msg("PLAM_DEMO=%s", cases[i].v);
    opt_result_release(&r);
  }
  unsetenv("PLAM_DEMO");
}

/* ---- log ----------------------------------------------------------------- */

static void log_forgery(void *arg) {
  (void)arg;
  log_event(LOG_WARN, "connexion", "login", "mallory\" level=error msg=\"forged\nts=x", "ip", "1.2.3.4", NULL);
  log_event(LOG_DEBUG, "invisible", NULL); /* below the default level */
}

static void log_forgery_json(void *arg) {
  (void)arg;
  log_event(LOG_ERROR, "a\\b", "k", "v\"\x01", NULL);
}

static void test_log_escaping(void **state) {
  (void)state;
  enum log_format f;
  assert_int_equal(log_format_parse("json", &f), 0);
  assert_int_equal(f, LOG_FORMAT_JSON);
  assert_int_equal(log_format_parse("kv", &f), 0);
  assert_int_equal(f, LOG_FORMAT_KV);
  assert_int_equal(log_format_parse("xml", &f), -1);

  log_set_format(LOG_FORMAT_KV);
  char *out = capture_fd(2, log_forgery, NULL);
  /* one line only: the embedded newline and quotes are escaped */
  int lines = 0;
  for (const char *c = out; *c; c++) lines += *c == '\n';
  assert_int_equal(lines, 1);
  assert_non_null(strstr(out, "level=warn"));
  assert_non_null(strstr(out, "login=\"mallory\\\" level=error msg=\\\"forged\\u000ats=x\""));
  assert_non_null(strstr(out, "ip=\"1.2.3.4\""));
  assert_null(strstr(out, "invisible"));
  free(out);

  log_set_format(LOG_FORMAT_JSON);
  out = capture_fd(2, log_forgery_json, NULL);
  log_set_format(LOG_FORMAT_KV);
  assert_non_null(strstr(out, "\"msg\":\"a\\\\b\""));
  assert_non_null(strstr(out, "\"k\":\"v\\\"\\u0001\""));
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_buf_bounds),
    cmocka_unit_test(test_buf_growth),
    cmocka_unit_test(test_buf_exact_max_growth),
    cmocka_unit_test(test_arena_cap),
    cmocka_unit_test(test_arena_alignment_and_blocks),
    cmocka_unit_test(test_arena_size_overflow),
    cmocka_unit_test(test_error_table_complete),
    cmocka_unit_test_setup_teardown(test_opt_flags_and_defaults, opt_env_clear, opt_env_clear),
    cmocka_unit_test_setup_teardown(test_opt_env_and_config_precedence, opt_env_clear, opt_env_clear),
    cmocka_unit_test_setup_teardown(test_opt_config_refusals, opt_env_clear, opt_env_clear),
    cmocka_unit_test_setup_teardown(test_opt_help, opt_env_clear, opt_env_clear),
    cmocka_unit_test(test_opt_help_text),
    cmocka_unit_test_setup_teardown(test_opt_usage_errors, opt_env_clear, opt_env_clear),
    cmocka_unit_test_setup_teardown(test_opt_int_validation, opt_env_clear, opt_env_clear),
    cmocka_unit_test_setup_teardown(test_opt_flag_values, opt_env_clear, opt_env_clear),
    cmocka_unit_test(test_log_escaping),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
