/* Structured logging, one line per event, either key=value (default) or JSON
 * (log_set_format), to stderr or to a file (log_open). Values are
 * quoted/escaped so a line can't be forged by user input. Never log secrets:
 * passwords, tokens, cookies and CSRF tokens must not be passed here.
 * Thread-safe.
 *
 * Buffering: each thread formats its lines into its own buffer. Without the
 * flusher (CLI commands, tests) every line is written at once. While the
 * flusher runs (log_flusher_start, plam serve), access-log lines
 * (log_access) stay in their thread's buffer until it is half full or the
 * flusher's next tick, so a line reaches the file within about the flush
 * interval; other events (log_event: start, stop, warnings) are written at
 * once, with the lines their thread buffered before them. Lines are written
 * whole (a write never holds part of a line, except for a line larger than
 * a buffer, written in pieces under the output lock); lines of different
 * threads may reach the file out of time order by up to the interval.
 * log_flusher_stop writes everything out: a clean stop loses no line. */
#ifndef PLAM_BASE_LOG_H
#define PLAM_BASE_LOG_H
#include <stddef.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
enum log_format { LOG_FORMAT_KV, LOG_FORMAT_JSON };

void log_set_format(enum log_format f);
void log_set_level(enum log_level l);
/* Parses "kv"/"json"; returns -1 on unknown. */
int log_format_parse(const char *s, enum log_format *out);
/* Logs event `msg` with NULL-terminated key, value pairs (all strings). */
void log_event(enum log_level l, const char *msg, ...) __attribute__((sentinel));

/* One access-log line (msg "request", level info): the fields of a served
 * request, formatted without printf. */
struct log_access {
  const char *request_id, *ip, *method, *path;
  int status;
  int64_t duration_ns;
  size_t bytes;
  int64_t user_id;
  int aborted;
};
void log_access(const struct log_access *a);

/* Writes to path (created 0640, appended) instead of stderr. Call before
 * starting threads. Returns 0, or -1 with errno set. */
int log_open(const char *path);
/* Reopens the file given to log_open under the same name (log rotation:
 * the old file was renamed). Lines buffered so far go to the new file.
 * Without a file, only flushes. Returns 0, or -1 with errno (the old file
 * stays in use). */
int log_reopen(void);
/* Starts the background flusher (see top); interval in milliseconds. */
int log_flusher_start(unsigned interval_ms);
/* Stops the flusher and writes every buffered line. */
void log_flusher_stop(void);
/* Writes every thread's buffered lines now. */
void log_flush(void);

#endif
