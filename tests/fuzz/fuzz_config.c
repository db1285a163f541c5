/* libFuzzer target for the configuration file reader (src/base/opt.c,
 * opt_read_config through opt_parse --config): the input is the file, read
 * for a command that shares the file with another one (opt_set_shared). It
 * checks the reader's contract besides the sanitizers: a file is accepted
 * only if every value is valid for its option (integer, flag word, one of a
 * choice's values) and has no surrounding blanks; a refusal names the file
 * and a line ("FILE:N : ...") and leaves no value allocated. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "base/opt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

static const struct opt_def serve_defs[] = {
  {"db", OPT_STRING, "var/plam.db", "FICHIER", "base"},
  {"listen", OPT_STRING, "127.0.0.1:8080", "ADRESSE:PORT", "écoute"},
  {"threads", OPT_INT, "0", "N", "fils"},
  {"read-only", OPT_FLAG, NULL, NULL, "lecture seule"},
  {"log-format", OPT_CHOICE, "kv", "kv|json", "journaux"},
  {"cookie-secure", OPT_CHOICE, "auto", "auto|oui|non", "cookie"},
};
static const struct opt_cmd serve_cmd = {"serve", "", "Serveur.", serve_defs, OPT_COUNT(serve_defs), 0, 0};
static const struct opt_def backup_defs[] = {
  {"db", OPT_STRING, "var/plam.db", "FICHIER", "base"},
  {"to", OPT_STRING, NULL, "FICHIER", "copie"},
  {"keep", OPT_INT, NULL, "N", "copies gardées"},
};
static const struct opt_cmd backup_cmd = {"backup", "", "Copie.", backup_defs, OPT_COUNT(backup_defs), 0, 0};
static const struct opt_cmd *const shared[] = {&serve_cmd, &backup_cmd};

static char config_path[64];
static int config_fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  static const char *const env[] = {"PLAM_DB",         "PLAM_LISTEN",        "PLAM_THREADS", "PLAM_READ_ONLY",
                                    "PLAM_LOG_FORMAT", "PLAM_COOKIE_SECURE", "PLAM_CONFIG"};
  for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) unsetenv(env[i]);
  opt_set_shared(shared, 2);
  config_fd = memfd_create("plam-fuzz-config", 0);
  if (config_fd < 0) abort();
  snprintf(config_path, sizeof config_path, "/proc/self/fd/%d", config_fd);
  return 0;
}

static int valid_int(const char *v) {
  char *end;
  errno = 0;
  (void)strtol(v, &end, 10);
  return *v && !*end && !errno;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (ftruncate(config_fd, 0)) return 0;
  for (size_t off = 0; off < size;) {
    ssize_t w = pwrite(config_fd, data + off, size - off, (off_t)off);
    if (w <= 0) return 0;
    off += (size_t)w;
  }
  char flag[] = "--config";
  char *argv[] = {flag, config_path};
  struct opt_result r;
  char err[512];
  plam_err e = opt_parse(&serve_cmd, 2, argv, &r, err, sizeof err);
  FUZZ_CHECK(e == PLAM_OK || e == PLAM_ERR_USAGE || e == PLAM_ERR_NOMEM);
  if (e) {
    for (int i = 0; i < OPT_MAX; i++) FUZZ_CHECK(r.values[i] == NULL);
    if (e == PLAM_ERR_USAGE) {
      size_t n = strlen(config_path);
      FUZZ_CHECK(!strncmp(err, config_path, n) && err[n] == ':' && err[n + 1] >= '1' && err[n + 1] <= '9');
    }
    return 0;
  }
  for (int i = 0; i < serve_cmd.ndefs; i++) {
    const char *v = r.values[i];
    if (!v) continue;
    size_t n = strlen(v);
    FUZZ_CHECK(n > 0 && v[0] != ' ' && v[n - 1] != ' ' && !strchr(v, '\n'));
    if (serve_defs[i].type == OPT_INT) FUZZ_CHECK(valid_int(v));
    /* a flag is a flag word, a choice one of its values: "|v|" within "|a|b|" */
    const char *words = serve_defs[i].type == OPT_FLAG     ? "1|0|oui|non|true|false|yes|no"
                        : serve_defs[i].type == OPT_CHOICE ? serve_defs[i].metavar
                                                           : NULL;
    if (words) {
      char all[80], one[80];
      FUZZ_CHECK(n < 70);
      snprintf(all, sizeof all, "|%s|", words);
      snprintf(one, sizeof one, "|%s|", v);
      FUZZ_CHECK(strstr(all, one) != NULL);
    }
  }
  opt_result_release(&r);
  return 0;
}
