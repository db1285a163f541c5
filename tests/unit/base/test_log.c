/* Unit tests for the log (src/base/log.c) written to a file (log_open): the
 * access-log line (log_access) in both formats, field by field; escaping of
 * long values with specials at every offset of the 8-byte fast path, checked
 * against a byte-by-byte reference; a line longer than a thread buffer;
 * buffering with the flusher on (an access line waits, an event line flushes
 * what its thread buffered before it, log_flush and the flusher's tick write
 * the rest); lines of a thread that exits are written; the reopen after a
 * rename (rotation) writes later lines to the new file and earlier ones to
 * the old; and log_flusher_stop leaves nothing behind. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/log.h"

static char dir[64], path[128];

static char *slurp(const char *f) {
  FILE *fp = fopen(f, "rb");
  if (!fp) return calloc(1, 1);
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *s = calloc(1, (size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
  fclose(fp);
  return s;
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/plam-test-log-XXXXXX");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/access.log", dir);
  assert_int_equal(log_open(path), 0);
  log_set_format(LOG_FORMAT_KV);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  log_flusher_stop();
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void access_line(const char *id, const char *path_value) {
  struct log_access a = {.request_id = id,
                         .ip = "127.0.0.1",
                         .method = "GET",
                         .path = path_value,
                         .status = 200,
                         .duration_ns = 1234567,
                         .bytes = 262,
                         .user_id = 7};
  log_access(&a);
}

static void test_access_line_formats(void **state) {
  (void)state;
  access_line("0123456789abcdef", "/api/organisations/1");
  struct log_access b = {.request_id = "r2",
                         .ip = "::1",
                         .method = "POST",
                         .path = "/x",
                         .status = 0,
                         .duration_ns = 999,
                         .bytes = 0,
                         .user_id = 0,
                         .aborted = 1};
  log_access(&b);
  log_set_format(LOG_FORMAT_JSON);
  access_line("j1", "/a\"b");
  log_set_format(LOG_FORMAT_KV);
  char *t = slurp(path);
  assert_non_null(strstr(t,
                         " level=info msg=\"request\" request_id=\"0123456789abcdef\" ip=\"127.0.0.1\" method=\"GET\" "
                         "path=\"/api/organisations/1\" status=\"200\" ms=\"1.235\" bytes=\"262\" user_id=\"7\" "
                         "outcome=\"ok\"\n"));
  assert_non_null(strstr(t, "request_id=\"r2\" ip=\"::1\" method=\"POST\" path=\"/x\" status=\"0\" ms=\"0.001\" "
                            "bytes=\"0\" user_id=\"0\" outcome=\"aborted\"\n"));
  assert_non_null(strstr(t, ",\"level\":\"info\",\"msg\":\"request\",\"request_id\":\"j1\",\"ip\":\"127.0.0.1\","
                            "\"method\":\"GET\",\"path\":\"/a\\\"b\",\"status\":\"200\",\"ms\":\"1.235\","
                            "\"bytes\":\"262\",\"user_id\":\"7\",\"outcome\":\"ok\"}\n"));
  /* timestamp shape */
  assert_true(!strncmp(t, "ts=", 3) && t[7] == '-' && t[13] == 'T' && t[26] == 'Z' && t[27] == ' ');
  free(t);
}

/* Reference escaping, one byte at a time (what log.c did before its fast path). */
static void ref_escape(const char *s, char *out) {
  static const char hex[] = "0123456789abcdef";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') *out++ = '\\', *out++ = (char)*p;
    else if (*p < 0x20 || *p == 0x7f)
      *out++ = '\\', *out++ = 'u', *out++ = '0', *out++ = '0', *out++ = hex[*p >> 4], *out++ = hex[*p & 15];
    else *out++ = (char)*p;
  }
  *out = '\0';
}

static void test_escaping_every_offset(void **state) {
  (void)state;
  static const char specials[] = {'"', '\\', '\n', 0x01, 0x1f, 0x7f};
  char value[64], want[512], line[700];
  int cases = 0;
  for (size_t si = 0; si < sizeof specials; si++)
    for (size_t len = 1; len < 40; len += 3)
      for (size_t at = 0; at < len; at++) {
        for (size_t i = 0; i < len; i++) value[i] = (char)('a' + i % 26);
        value[at] = specials[si];
        value[len] = '\0';
        if (at + 1 < len) value[len - 1] = (char)0xc3; /* non-ASCII bytes pass as they are */
        char id[16];
        snprintf(id, sizeof id, "e%d", cases++);
        access_line(id, value);
        ref_escape(value, want);
        snprintf(line, sizeof line, "request_id=\"%s\" ip=\"127.0.0.1\" method=\"GET\" path=\"%s\" status", id, want);
        char *t = slurp(path);
        if (!strstr(t, line)) fail_msg("case %s: %s not found", id, line);
        free(t);
      }
}

static void test_line_longer_than_buffer(void **state) {
  (void)state;
  size_t n = 200000;
  char *big = malloc(n + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
  big[n / 2] = '"';
  big[n] = '\0';
  access_line("big", big);
  log_event(LOG_INFO, "after the big one", NULL);
  char *t = slurp(path);
  char *at = strstr(t, "request_id=\"big\"");
  assert_non_null(at);
  char *eol = strchr(at, '\n');
  assert_non_null(eol);
  assert_true((size_t)(eol - at) > n); /* one line, whole */
  assert_non_null(strstr(eol, "msg=\"after the big one\""));
  free(t);
  free(big);
}

static void *thread_logs(void *arg) {
  access_line((const char *)arg, "/from/a/thread");
  return NULL; /* exits with the line still in its buffer */
}

static void test_buffering_and_rotation(void **state) {
  (void)state;
  assert_int_equal(log_flusher_start(60000), 0); /* a tick too far away to matter here */
  access_line("waits", "/buffered");
  char *t = slurp(path);
  assert_null(strstr(t, "request_id=\"waits\"")); /* still in this thread's buffer */
  free(t);
  log_event(LOG_WARN, "an event", "k", "v", NULL); /* written at once, after what came before it */
  t = slurp(path);
  char *a = strstr(t, "request_id=\"waits\""), *b = strstr(t, "msg=\"an event\"");
  assert_non_null(a);
  assert_non_null(b);
  assert_true(a < b);
  free(t);

  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, thread_logs, "thread-exit"), 0);
  assert_int_equal(pthread_join(th, NULL), 0);
  t = slurp(path);
  assert_non_null(strstr(t, "request_id=\"thread-exit\"")); /* written when its thread ended */
  free(t);

  access_line("before-rotation", "/old");
  char old[160];
  snprintf(old, sizeof old, "%s.1", path);
  assert_int_equal(rename(path, old), 0);
  assert_int_equal(log_reopen(), 0);
  access_line("after-rotation", "/new");
  log_flush();
  char *o = slurp(old), *nw = slurp(path);
  assert_non_null(strstr(o, "request_id=\"before-rotation\""));
  assert_null(strstr(o, "request_id=\"after-rotation\""));
  assert_non_null(strstr(nw, "request_id=\"after-rotation\""));
  assert_null(strstr(nw, "request_id=\"before-rotation\""));
  free(o);
  free(nw);

  access_line("at-stop", "/last");
  log_flusher_stop();
  t = slurp(path);
  assert_non_null(strstr(t, "request_id=\"at-stop\""));
  free(t);
  access_line("unbuffered", "/after-stop"); /* without the flusher: written at once */
  t = slurp(path);
  assert_non_null(strstr(t, "request_id=\"unbuffered\""));
  free(t);
}

static void test_flusher_tick(void **state) {
  (void)state;
  assert_int_equal(log_flusher_start(20), 0);
  access_line("tick", "/tick");
  int seen = 0;
  for (int i = 0; i < 200 && !seen; i++) { /* up to 2 s */
    usleep(10000);
    char *t = slurp(path);
    seen = strstr(t, "request_id=\"tick\"") != NULL;
    free(t);
  }
  assert_true(seen);
  log_flusher_stop();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_access_line_formats, setup, teardown),
    cmocka_unit_test_setup_teardown(test_escaping_every_offset, setup, teardown),
    cmocka_unit_test_setup_teardown(test_line_longer_than_buffer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_buffering_and_rotation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_flusher_tick, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
