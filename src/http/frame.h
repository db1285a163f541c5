/* Strict check of an HTTP/1.x request head, before plam reads it.
 *
 * The gate (gate.h) peeks at the bytes a new connection sent and asks
 * frame_check whether they hold a whole, unambiguous request head, for every
 * request of a connection (the first and each kept-alive one). What is
 * refused comes back as a plam_err, so that the caller sends the French JSON
 * envelope:
 *   - a request line that is not METHOD SP TARGET SP HTTP/d.d -> 400;
 *   - an HTTP version other than 1.0 and 1.1 -> 505;
 *   - a request line longer than the head limit -> 414, a head -> 431;
 *   - header lines that are not `name: value`, obs-fold, control bytes -> 400;
 *   - two Content-Length headers that differ, a Content-Length that is not
 *     digits, Content-Length with Transfer-Encoding, a transfer coding other
 *     than chunked -> 400; a Content-Length past 2^62 -> 413;
 *   - HTTP/1.1 without exactly one Host header -> 400 (RFC 9112 3.2).
 * Pure function of its input: no allocation, fuzzed by tests/fuzz/fuzz_frame.c. */
#ifndef PLAM_HTTP_FRAME_H
#define PLAM_HTTP_FRAME_H
#include <stddef.h>
#include "base/error.h"

enum frame_state {
  FRAME_MORE, /* valid so far, the head is not complete yet */
  FRAME_OK,   /* a whole valid head: *head_len bytes, blank line included */
  FRAME_BAD,  /* refused: *err says why (its HTTP status is the answer) */
};

/* Checks the first n bytes a connection sent. max_head is the largest head
 * accepted; when n reaches it without a complete head the answer is 414 or
 * 431. head_len and err may be NULL. */
enum frame_state frame_check(const char *buf, size_t n, size_t max_head, size_t *head_len, plam_err *err);

/* What the gate and the workers need of an accepted head. */
struct frame_info {
  size_t head_len;                   /* bytes, blank line included */
  unsigned long long content_length; /* 0 when absent */
  int chunked;                       /* Transfer-Encoding: chunked */
  int expect_continue;               /* HTTP/1.1 with Expect: 100-continue */
  int minor;                         /* HTTP/1.<minor> */
};

/* frame_check, and on FRAME_OK fills *info (not NULL). */
enum frame_state frame_check_info(const char *buf, size_t n, size_t max_head, struct frame_info *info, plam_err *err);

#endif
