/* Structured logging: see log.h. */
#include "base/log.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static enum log_format log_fmt = LOG_FORMAT_KV;
static enum log_level log_min = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const log_level_names[] = {"debug", "info", "warn", "error"};

void log_set_format(enum log_format f) { log_fmt = f; }
void log_set_level(enum log_level l) { log_min = l; }

int log_format_parse(const char *s, enum log_format *out) {
  if (!strcmp(s, "kv")) *out = LOG_FORMAT_KV;
  else if (!strcmp(s, "json")) *out = LOG_FORMAT_JSON;
  else return -1;
  return 0;
}

/* Writes s escaped for a double-quoted JSON / kv string. */
static void log_put_escaped(FILE *f, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
}

void log_event(enum log_level l, const char *msg, ...) {
  if (l < log_min) return;
  char ts[32];
  struct timespec now;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &now);
  gmtime_r(&now.tv_sec, &tm);
  snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000);
  pthread_mutex_lock(&log_lock);
  FILE *f = stderr;
  va_list ap;
  va_start(ap, msg);
  if (log_fmt == LOG_FORMAT_JSON) {
    fprintf(f, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"", ts, log_level_names[l]);
    log_put_escaped(f, msg);
    fputc('"', f);
    for (const char *k; (k = va_arg(ap, const char *));) {
      const char *v = va_arg(ap, const char *);
      fputs(",\"", f);
      log_put_escaped(f, k);
      fputs("\":\"", f);
      log_put_escaped(f, v ? v : "");
      fputc('"', f);
    }
    fputs("}\n", f);
  } else {
    fprintf(f, "ts=%s level=%s msg=\"", ts, log_level_names[l]);
    log_put_escaped(f, msg);
    fputc('"', f);
    for (const char *k; (k = va_arg(ap, const char *));) {
      const char *v = va_arg(ap, const char *);
      fprintf(f, " %s=\"", k);
      log_put_escaped(f, v ? v : "");
      fputc('"', f);
    }
    fputc('\n', f);
  }
  va_end(ap);
  fflush(f);
  pthread_mutex_unlock(&log_lock);
}
