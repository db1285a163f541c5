/* Structured logging: see log.h.
 *
 * A line is formatted into a buffer on the caller's stack and handed to stdio
 * in one fwrite under the lock, so that a line costs one write(2) on the
 * (unbuffered) stderr instead of one per character and field. A line longer
 * than the buffer is written in pieces, all under the lock, so lines never
 * interleave. Each line is flushed before the lock is released. */
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

/* One line being written: a bounded buffer, spilled to f (taking the lock
 * first) when full. */
struct log_line {
  FILE *f;
  int locked;
  size_t len;
  char buf[4096];
};

static void log_spill(struct log_line *w) {
  if (!w->locked) {
    pthread_mutex_lock(&log_lock);
    w->locked = 1;
  }
  if (w->len) fwrite(w->buf, 1, w->len, w->f);
  w->len = 0;
}

static void log_putn(struct log_line *w, const char *s, size_t n) {
  if (n > sizeof w->buf - w->len) {
    log_spill(w);
    if (n > sizeof w->buf) {
      fwrite(s, 1, n, w->f);
      return;
    }
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
}

static void log_puts(struct log_line *w, const char *s) { log_putn(w, s, strlen(s)); }

/* Writes s escaped for a double-quoted JSON / kv string: \" \\ and \u00XX
 * for control characters. */
static void log_put_escaped(struct log_line *w, const char *s) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    if (*p != '"' && *p != '\\' && *p >= 0x20 && *p != 0x7f) continue;
    log_putn(w, (const char *)run, (size_t)(p - run));
    run = p + 1;
    if (*p == '"' || *p == '\\') {
      char esc[2] = {'\\', (char)*p};
      log_putn(w, esc, 2);
    } else {
      char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
      log_putn(w, esc, 6);
    }
  }
  log_putn(w, (const char *)run, (size_t)(p - run));
}

void log_event(enum log_level l, const char *msg, ...) {
  if (l < log_min) return;
  char ts[64];
  struct timespec now;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &now);
  gmtime_r(&now.tv_sec, &tm);
  snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000);
  struct log_line w;
  w.f = stderr;
  w.locked = 0;
  w.len = 0;
  va_list ap;
  va_start(ap, msg);
  if (log_fmt == LOG_FORMAT_JSON) {
    log_puts(&w, "{\"ts\":\"");
    log_puts(&w, ts);
    log_puts(&w, "\",\"level\":\"");
    log_puts(&w, log_level_names[l]);
    log_puts(&w, "\",\"msg\":\"");
    log_put_escaped(&w, msg);
    log_putn(&w, "\"", 1);
    for (const char *k; (k = va_arg(ap, const char *));) {
      const char *v = va_arg(ap, const char *);
      log_puts(&w, ",\"");
      log_put_escaped(&w, k);
      log_puts(&w, "\":\"");
      log_put_escaped(&w, v ? v : "");
      log_putn(&w, "\"", 1);
    }
    log_puts(&w, "}\n");
  } else {
    log_puts(&w, "ts=");
    log_puts(&w, ts);
    log_puts(&w, " level=");
    log_puts(&w, log_level_names[l]);
    log_puts(&w, " msg=\"");
    log_put_escaped(&w, msg);
    log_putn(&w, "\"", 1);
    for (const char *k; (k = va_arg(ap, const char *));) {
      const char *v = va_arg(ap, const char *);
      log_putn(&w, " ", 1);
      log_puts(&w, k); /* keys are program constants, written as they are */
      log_puts(&w, "=\"");
      log_put_escaped(&w, v ? v : "");
      log_putn(&w, "\"", 1);
    }
    log_putn(&w, "\n", 1);
  }
  va_end(ap);
  log_spill(&w);
  fflush(w.f);
  pthread_mutex_unlock(&log_lock);
}
