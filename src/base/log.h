/* Structured logging to stderr, one line per event, either key=value
 * (default) or JSON (log_set_format). Values are quoted/escaped so a line
 * can't be forged by user input. Never log secrets: passwords, tokens,
 * cookies and CSRF tokens must not be passed here. Thread-safe. */
#ifndef PLAM_BASE_LOG_H
#define PLAM_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
enum log_format { LOG_FORMAT_KV, LOG_FORMAT_JSON };

void log_set_format(enum log_format f);
void log_set_level(enum log_level l);
/* Parses "kv"/"json"; returns -1 on unknown. */
int log_format_parse(const char *s, enum log_format *out);
/* Logs event `msg` with NULL-terminated key, value pairs (all strings). */
void log_event(enum log_level l, const char *msg, ...) __attribute__((sentinel));

#endif
