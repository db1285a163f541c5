/* Structured logging: see log.h.
 *
 * Each thread owns a 64 KiB buffer (registered in a list so that the flusher
 * and log_flush can reach it), guarded by its own mutex: the owner takes it
 * once per line, uncontended but for the flusher's tick. Whole buffers go to
 * the output in one write(2) under the output lock, which is therefore taken
 * about once per 32 KiB of lines instead of once per line (the lock with a
 * write(2) under it was where worker threads queued). A line longer than
 * the room left spills: the buffer is written, then the line in pieces, all
 * under the output lock, so lines never interleave. Numbers and timestamps
 * are formatted by hand (the second is cached per thread): no printf on the
 * per-request path. */
#include "base/log.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_BUF_CAP 65536
#define LOG_BUF_FLUSH_AT (LOG_BUF_CAP / 2)

static enum log_format log_fmt = LOG_FORMAT_KV;
static enum log_level log_min = LOG_INFO;
static const char *const log_level_names[] = {"debug", "info", "warn", "error"};

static int log_fd = 2; /* set before threads start (log_open); dup2 keeps the number */
static char *log_path; /* NULL: stderr */
static pthread_mutex_t log_out_lock = PTHREAD_MUTEX_INITIALIZER; /* writes to log_fd */

struct log_tbuf {
  pthread_mutex_t lock;
  struct log_tbuf *next; /* registry */
  size_t len, cap;
  char *data;
  time_t ts_sec;    /* second whose text is in ts_text */
  char ts_text[24]; /* "YYYY-MM-DDTHH:MM:SS." */
};

static pthread_mutex_t log_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_tbuf *log_reg;
static pthread_once_t log_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t log_key;
static int log_key_ok;
static _Thread_local struct log_tbuf *log_tb;
static atomic_int log_deferring; /* the flusher runs: access lines may wait in their buffer */

void log_set_format(enum log_format f) { log_fmt = f; }
void log_set_level(enum log_level l) { log_min = l; }

int log_format_parse(const char *s, enum log_format *out) {
  if (!strcmp(s, "kv")) *out = LOG_FORMAT_KV;
  else if (!strcmp(s, "json")) *out = LOG_FORMAT_JSON;
  else return -1;
  return 0;
}

/* ---- output -------------------------------------------------------------- */

/* Writes all of p (retrying short writes); errors are dropped, as stdio's
 * were: a full disk must not stop the server. Caller holds log_out_lock. */
static void log_write_all(const char *p, size_t n) {
  while (n) {
    ssize_t w = write(log_fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

/* Writes the buffer out; caller holds tb->lock. */
static void log_tbuf_drain(struct log_tbuf *tb) {
  if (!tb->len) return;
  pthread_mutex_lock(&log_out_lock);
  log_write_all(tb->data, tb->len);
  pthread_mutex_unlock(&log_out_lock);
  tb->len = 0;
}

static void log_tbuf_free(void *p) {
  struct log_tbuf *tb = p;
  pthread_mutex_lock(&log_reg_lock);
  for (struct log_tbuf **pp = &log_reg; *pp; pp = &(*pp)->next)
    if (*pp == tb) {
      *pp = tb->next;
      break;
    }
  pthread_mutex_unlock(&log_reg_lock);
  pthread_mutex_lock(&tb->lock);
  log_tbuf_drain(tb);
  pthread_mutex_unlock(&tb->lock);
  pthread_mutex_destroy(&tb->lock);
  free(tb->data);
  free(tb);
  log_tb = NULL; /* destructors run on the exiting thread */
}

static void log_key_init(void) { log_key_ok = pthread_key_create(&log_key, log_tbuf_free) == 0; }

/* The calling thread's buffer, created on first use; NULL without memory. */
static struct log_tbuf *log_tbuf_get(void) {
  if (log_tb) return log_tb;
  pthread_once(&log_key_once, log_key_init);
  struct log_tbuf *tb = calloc(1, sizeof *tb);
  if (!tb) return NULL;
  tb->data = malloc(LOG_BUF_CAP);
  if (!tb->data || !log_key_ok || pthread_setspecific(log_key, tb)) {
    free(tb->data);
    free(tb);
    return NULL;
  }
  tb->cap = LOG_BUF_CAP;
  tb->ts_sec = -1;
  pthread_mutex_init(&tb->lock, NULL);
  pthread_mutex_lock(&log_reg_lock);
  tb->next = log_reg;
  log_reg = tb;
  pthread_mutex_unlock(&log_reg_lock);
  log_tb = tb;
  return tb;
}

void log_flush(void) {
  pthread_mutex_lock(&log_reg_lock);
  for (struct log_tbuf *tb = log_reg; tb; tb = tb->next) {
    pthread_mutex_lock(&tb->lock);
    log_tbuf_drain(tb);
    pthread_mutex_unlock(&tb->lock);
  }
  pthread_mutex_unlock(&log_reg_lock);
}

/* ---- one line -------------------------------------------------------------- */

/* A line being appended to a buffer; spilled (output lock taken and kept
 * until the line ends) when it outgrows the room left. */
struct log_line {
  struct log_tbuf *tb;
  int spilled;
};

static void log_putn(struct log_line *w, const char *s, size_t n) {
  struct log_tbuf *tb = w->tb;
  if (n > tb->cap - tb->len) {
    if (!w->spilled) {
      pthread_mutex_lock(&log_out_lock);
      w->spilled = 1;
    }
    log_write_all(tb->data, tb->len);
    tb->len = 0;
    if (n > tb->cap) {
      log_write_all(s, n);
      return;
    }
  }
  memcpy(tb->data + tb->len, s, n);
  tb->len += n;
}

static void log_puts(struct log_line *w, const char *s) { log_putn(w, s, strlen(s)); }

/* Writes s escaped for a double-quoted JSON / kv string: \" \\ and \u00XX
 * for control characters. */
static void log_put_escaped(struct log_line *w, const char *s) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (;; p++) {
    /* eight plain bytes at a time (no NUL, control, '"', '\\' or DEL);
     * reads stay within the string: the word is only loaded when its
     * eight bytes precede the NUL, checked bytewise first */
    while (p[0] >= 0x20 && p[1] >= 0x20 && p[2] >= 0x20 && p[3] >= 0x20 && p[4] >= 0x20 && p[5] >= 0x20 &&
           p[6] >= 0x20 && p[7] >= 0x20) {
      uint64_t v;
      memcpy(&v, p, 8);
      const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
      uint64_t q = v ^ (0x22 * ones), b = v ^ (0x5C * ones), d = v ^ (0x7F * ones);
      if (((q - ones) & ~q & high) | ((b - ones) & ~b & high) | ((d - ones) & ~d & high)) break;
      p += 8;
    }
    if (!*p) break;
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

/* Decimal digits of v at the end of out[21]; returns the first digit. */
static char *log_u64(uint64_t v, char out[21]) {
  char *p = out + 20;
  *p = '\0';
  do *--p = (char)('0' + v % 10);
  while (v /= 10);
  return p;
}

static void log_2d(char *p, int v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC); the part up to the second is cached. */
static void log_timestamp(struct log_tbuf *tb, char out[32]) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  if (now.tv_sec != tb->ts_sec) {
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    int y = tm.tm_year + 1900;
    char *p = tb->ts_text;
    log_2d(p, y / 100);
    log_2d(p + 2, y % 100);
    p[4] = '-';
    log_2d(p + 5, tm.tm_mon + 1);
    p[7] = '-';
    log_2d(p + 8, tm.tm_mday);
    p[10] = 'T';
    log_2d(p + 11, tm.tm_hour);
    p[13] = ':';
    log_2d(p + 14, tm.tm_min);
    p[16] = ':';
    log_2d(p + 17, tm.tm_sec);
    p[19] = '.';
    tb->ts_sec = now.tv_sec;
  }
  memcpy(out, tb->ts_text, 20);
  int ms = (int)(now.tv_nsec / 1000000);
  out[20] = (char)('0' + ms / 100);
  log_2d(out + 21, ms % 100);
  out[23] = 'Z';
  out[24] = '\0';
}

static void log_begin(struct log_line *w, enum log_level l, const char *msg) {
  char ts[32];
  log_timestamp(w->tb, ts);
  if (log_fmt == LOG_FORMAT_JSON) {
    log_putn(w, "{\"ts\":\"", 7);
    log_putn(w, ts, 24);
    log_putn(w, "\",\"level\":\"", 11);
    log_puts(w, log_level_names[l]);
    log_putn(w, "\",\"msg\":\"", 9);
    log_put_escaped(w, msg);
    log_putn(w, "\"", 1);
  } else {
    log_putn(w, "ts=", 3);
    log_putn(w, ts, 24);
    log_putn(w, " level=", 7);
    log_puts(w, log_level_names[l]);
    log_putn(w, " msg=\"", 6);
    log_put_escaped(w, msg);
    log_putn(w, "\"", 1);
  }
}

static void log_field(struct log_line *w, const char *k, const char *v) {
  if (log_fmt == LOG_FORMAT_JSON) {
    log_putn(w, ",\"", 2);
    log_put_escaped(w, k);
    log_putn(w, "\":\"", 3);
  } else {
    log_putn(w, " ", 1);
    log_puts(w, k); /* keys are program constants, written as they are */
    log_putn(w, "=\"", 2);
  }
  log_put_escaped(w, v ? v : "");
  log_putn(w, "\"", 1);
}

/* Ends the line; writes the buffer out unless the line may wait. */
static void log_end(struct log_line *w, int may_wait) {
  struct log_tbuf *tb = w->tb;
  if (log_fmt == LOG_FORMAT_JSON) log_putn(w, "}\n", 2);
  else log_putn(w, "\n", 1);
  if (w->spilled) {
    log_write_all(tb->data, tb->len);
    tb->len = 0;
    pthread_mutex_unlock(&log_out_lock);
  } else if (!may_wait || !atomic_load_explicit(&log_deferring, memory_order_relaxed) || tb->len >= LOG_BUF_FLUSH_AT) {
    log_tbuf_drain(tb);
  }
}

/* Starts a line in the thread's buffer (its lock held), or in fallback
 * (a small stack buffer written at once) when there is no memory. */
static void log_line_open(struct log_line *w, struct log_tbuf *fallback, char *fbuf, size_t fcap) {
  w->spilled = 0;
  w->tb = log_tbuf_get();
  if (!w->tb) {
    memset(fallback, 0, sizeof *fallback);
    fallback->data = fbuf;
    fallback->cap = fcap;
    fallback->ts_sec = -1;
    w->tb = fallback;
    return;
  }
  pthread_mutex_lock(&w->tb->lock);
}

static void log_line_close(struct log_line *w, struct log_tbuf *fallback, int may_wait) {
  log_end(w, w->tb == fallback ? 0 : may_wait);
  if (w->tb != fallback) pthread_mutex_unlock(&w->tb->lock);
}

void log_event(enum log_level l, const char *msg, ...) {
  if (l < log_min) return;
  struct log_line w;
  struct log_tbuf fb;
  char fbuf[1024];
  log_line_open(&w, &fb, fbuf, sizeof fbuf);
  log_begin(&w, l, msg);
  va_list ap;
  va_start(ap, msg);
  for (const char *k; (k = va_arg(ap, const char *));) {
    const char *v = va_arg(ap, const char *);
    log_field(&w, k, v);
  }
  va_end(ap);
  log_line_close(&w, &fb, 0);
}

void log_access(const struct log_access *a) {
  if (LOG_INFO < log_min) return;
  char status[21], bytes[21], uid[21], ms[32];
  const char *st = log_u64(a->status > 0 ? (uint64_t)a->status : 0, status);
  const char *by = log_u64(a->bytes, bytes);
  const char *ui = a->user_id < 0 ? "0" : log_u64((uint64_t)a->user_id, uid);
  /* milliseconds with 3 decimals, rounded to the microsecond */
  uint64_t us = a->duration_ns > 0 ? ((uint64_t)a->duration_ns + 500) / 1000 : 0;
  char whole[21];
  char *wp = log_u64(us / 1000, whole);
  size_t wn = strlen(wp);
  memcpy(ms, wp, wn);
  unsigned frac = (unsigned)(us % 1000);
  ms[wn] = '.';
  ms[wn + 1] = (char)('0' + frac / 100);
  log_2d(ms + wn + 2, (int)(frac % 100));
  ms[wn + 4] = '\0';

  struct log_line w;
  struct log_tbuf fb;
  char fbuf[1024];
  log_line_open(&w, &fb, fbuf, sizeof fbuf);
  log_begin(&w, LOG_INFO, "request");
  log_field(&w, "request_id", a->request_id);
  log_field(&w, "ip", a->ip);
  log_field(&w, "method", a->method);
  log_field(&w, "path", a->path);
  log_field(&w, "status", st);
  log_field(&w, "ms", ms);
  log_field(&w, "bytes", by);
  log_field(&w, "user_id", ui);
  log_field(&w, "outcome", a->aborted ? "aborted" : "ok");
  log_line_close(&w, &fb, 1);
}

/* ---- file, rotation, flusher ---------------------------------------------- */

static int log_open_fd(const char *path) { return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640); }

int log_open(const char *path) {
  char *copy = strdup(path);
  if (!copy) {
    errno = ENOMEM;
    return -1;
  }
  int fd = log_open_fd(path);
  if (fd < 0) {
    free(copy);
    return -1;
  }
  log_flush();
  pthread_mutex_lock(&log_out_lock);
  if (log_path) close(log_fd);
  log_fd = fd;
  free(log_path);
  log_path = copy;
  pthread_mutex_unlock(&log_out_lock);
  return 0;
}

int log_reopen(void) {
  log_flush(); /* what was logged before the rotation goes to the old file */
  if (!log_path) return 0;
  int fd = log_open_fd(log_path);
  if (fd < 0) return -1;
  /* dup2 swaps the file behind log_fd in one step: a write in flight goes
   * wholly to the old file or wholly to the new one. */
  pthread_mutex_lock(&log_out_lock);
  int rc = dup2(fd, log_fd) < 0 ? -1 : 0;
  pthread_mutex_unlock(&log_out_lock);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
}

static pthread_mutex_t log_fl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_fl_cond;
static pthread_t log_fl_thread;
static int log_fl_running, log_fl_stop;
static unsigned log_fl_ms;

static void *log_flusher_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&log_fl_lock);
  while (!log_fl_stop) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += (long)(log_fl_ms % 1000) * 1000000;
    t.tv_sec += log_fl_ms / 1000 + t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    pthread_cond_timedwait(&log_fl_cond, &log_fl_lock, &t);
    pthread_mutex_unlock(&log_fl_lock);
    log_flush();
    pthread_mutex_lock(&log_fl_lock);
  }
  pthread_mutex_unlock(&log_fl_lock);
  return NULL;
}

int log_flusher_start(unsigned interval_ms) {
  if (log_fl_running) return 0;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&log_fl_cond, &ca);
  pthread_condattr_destroy(&ca);
  log_fl_ms = interval_ms ? interval_ms : 1;
  log_fl_stop = 0;
  if (pthread_create(&log_fl_thread, NULL, log_flusher_main, NULL)) {
    pthread_cond_destroy(&log_fl_cond);
    return -1;
  }
  log_fl_running = 1;
  atomic_store(&log_deferring, 1);
  return 0;
}

void log_flusher_stop(void) {
  atomic_store(&log_deferring, 0);
  if (log_fl_running) {
    pthread_mutex_lock(&log_fl_lock);
    log_fl_stop = 1;
    pthread_cond_signal(&log_fl_cond);
    pthread_mutex_unlock(&log_fl_lock);
    pthread_join(log_fl_thread, NULL);
    pthread_cond_destroy(&log_fl_cond);
    log_fl_running = 0;
  }
  log_flush();
}
