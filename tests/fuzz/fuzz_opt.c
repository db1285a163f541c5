/* libFuzzer target for the options parser (src/base/opt.c). The input is
 * split on NUL bytes into an argv for opt_parse over a table with every
 * option type; then the same bytes are written to a temporary file (in
 * memory, reopened through /proc/self/fd) and read as a configuration file
 * (--config FILE). The PLAM_* environment variables the table would read are
 * cleared once at start-up so runs are deterministic. Besides the sanitizers (including leaks on every error
 * path), it checks the parser's contract: on success integer options hold
 * valid integers and the positional count is within the command's bounds; on
 * failure the message is set and no value is left allocated. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <sys/mman.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/opt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

#define FUZZ_MAX_ARGS 64

static const struct opt_def fuzz_defs[] = {
  {"db", OPT_STRING, NULL, "FICHIER", "base"},
  {"listen", OPT_STRING, "127.0.0.1:8080", "ADRESSE:PORT", "écoute"},
  {"threads", OPT_INT, "4", "N", "fils"},
  {"max-body", OPT_INT, NULL, "OCTETS", "corps"},
  {"demo", OPT_FLAG, NULL, NULL, "démo"},
  {"read-only", OPT_FLAG, NULL, NULL, "lecture seule"},
  {"log-format", OPT_STRING, "kv", "FORMAT", "journaux"},
};
static const struct opt_cmd fuzz_cmd = {
  "fuzz", "[options] [ARG...]", "Cible de fuzzing.", fuzz_defs, OPT_COUNT(fuzz_defs), 0, 3};

static char config_path[64];
static int config_fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  static const char *const env[] = {"PLAM_DB",   "PLAM_LISTEN",    "PLAM_THREADS",    "PLAM_MAX_BODY",
                                    "PLAM_DEMO", "PLAM_READ_ONLY", "PLAM_LOG_FORMAT", "PLAM_CONFIG"};
  for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) unsetenv(env[i]);
  /* An in-memory file, reopened by path: rewriting a file on disk on every
   * run made ext4 flush on close (200 runs/s instead of thousands). */
  config_fd = memfd_create("plam-fuzz-opt", 0);
  if (config_fd >= 0) {
    snprintf(config_path, sizeof config_path, "/proc/self/fd/%d", config_fd);
    return 0;
  }
  snprintf(config_path, sizeof config_path, "/tmp/plam-fuzz-opt-XXXXXX");
  config_fd = mkstemp(config_path);
  if (config_fd < 0) abort();
  unlink(config_path); /* nothing left behind; reopened through /proc */
  snprintf(config_path, sizeof config_path, "/proc/self/fd/%d", config_fd);
  return 0;
}

static int valid_int(const char *v) {
  char *end;
  errno = 0;
  (void)strtol(v, &end, 10);
  return *v && !*end && !errno;
}

static void check_result(plam_err e, const struct opt_result *r, const char *err) {
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_USAGE || e == PLAM_ERR_NOMEM);
  if (e) {
    FUZZ_CHECK(e != PLAM_ERR_USAGE || err[0]);
    for (int i = 0; i < OPT_MAX; i++) FUZZ_CHECK(r->values[i] == NULL);
    return;
  }
  if (r->help) return;
  FUZZ_CHECK(r->npositional >= fuzz_cmd.min_positional && r->npositional <= fuzz_cmd.max_positional);
  for (int i = 0; i < fuzz_cmd.ndefs; i++)
    if (fuzz_defs[i].type == OPT_INT && r->values[i]) FUZZ_CHECK(valid_int(r->values[i]));
  /* defaults are filled in */
  FUZZ_CHECK(opt_get(r, "listen") && opt_get(r, "threads") && opt_get(r, "log-format"));
  (void)opt_get_int(r, "threads", 0);
  (void)opt_get_flag(r, "demo");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* argv from NUL-separated pieces (copied so each is NUL-terminated) */
  char *copy = malloc(size + 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  char *argv[FUZZ_MAX_ARGS];
  int argc = 0;
  for (size_t i = 0; i <= size && argc < FUZZ_MAX_ARGS;) {
    argv[argc++] = copy + i;
    i += strlen(copy + i) + 1;
  }
  /* --config from the input must not open arbitrary files (/dev/zero would
   * never end): point it at a file that does not exist */
  static char missing[] = "/nonexistent/plam-fuzz.conf";
  static char missing_flag[] = "--config=/nonexistent/plam-fuzz.conf";
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strcmp(argv[i], "--config") && i + 1 < argc) argv[++i] = missing;
    else if (!strncmp(argv[i], "--config=", 9)) argv[i] = missing_flag;
  }
  struct opt_result r;
  char err[256];
  plam_err e = opt_parse(&fuzz_cmd, argc, argv, &r, err, sizeof err);
  check_result(e, &r, err);
  if (!e) opt_result_release(&r);

  /* the same bytes as a configuration file */
  if (ftruncate(config_fd, 0) == 0) {
    size_t off = 0;
    while (off < size) {
      ssize_t w = pwrite(config_fd, data + off, size - off, (off_t)off);
      if (w <= 0) break;
      off += (size_t)w;
    }
    char flag[] = "--config";
    char *cargv[] = {flag, config_path};
    e = opt_parse(&fuzz_cmd, 2, cargv, &r, err, sizeof err);
    check_result(e, &r, err);
    if (!e) {
      /* a value read from the file has no surrounding blanks or newline */
      const char *db = opt_get(&r, "db");
      if (db && *db) FUZZ_CHECK(!strchr(db, '\n') && db[0] != ' ' && db[strlen(db) - 1] != ' ');
      opt_result_release(&r);
    }
  }
  free(copy);
  return 0;
}
