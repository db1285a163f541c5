/* Request head parsing and chunked body decoding for plam's own HTTP/1.1
 * connection handling (conn.c).
 *
 * parse_head splits a request head in place (NUL bytes written over the
 * separators) into method, target, version and header fields. It is given
 * heads that frame_check (frame.h) accepted, but checks everything itself
 * again and never reads past its input: it is fuzzed alone
 * (tests/fuzz/fuzz_parse.c).
 *
 * parse_chunked decodes a chunked body (RFC 9112 7.1) incrementally: it is
 * fed the bytes as they arrive, appends the data to a bounded buffer and says
 * how many input bytes belong to the body, so that bytes of a pipelined next
 * request are never consumed. Chunk-size lines, extensions and trailers are
 * bounded; trailer fields are read and dropped. Pure functions: no I/O, no
 * allocation besides the output buffer. */
#ifndef PLAM_HTTP_PARSE_H
#define PLAM_HTTP_PARSE_H
#include <stddef.h>
#include "base/buf.h"
#include "base/error.h"
#include "http/http.h"

struct parse_head {
  char *method;
  char *target;           /* raw request target, query included, not decoded */
  int minor;              /* HTTP/1.<minor>: 0 or 1 */
  struct http_kv *fields; /* name and value, value trimmed of spaces */
  int nfields;
};

/* Parses buf[0..len) (a whole head, blank line included) into out, using
 * fields[0..cap) for the header fields. PLAM_ERR_INVALID on bad syntax,
 * PLAM_ERR_HEADERS_TOO_LARGE past cap fields, PLAM_ERR_HTTP_VERSION for a
 * version other than 1.0 and 1.1. */
plam_err parse_head(char *buf, size_t len, struct http_kv *fields, int cap, struct parse_head *out);

/* First field named name (case-insensitive) or NULL. */
const char *parse_field(const struct parse_head *h, const char *name);

#define PARSE_CHUNK_LINE_MAX 4096    /* a chunk-size line, extensions included */
#define PARSE_CHUNK_TRAILER_MAX 8192 /* all trailer lines together */

enum parse_chunk_state { PARSE_CHUNK_MORE, PARSE_CHUNK_DONE, PARSE_CHUNK_BAD, PARSE_CHUNK_TOO_LARGE };

struct parse_chunked {
  int state;               /* internal */
  unsigned long long left; /* data bytes left in the current chunk */
  size_t line;             /* bytes in the current size or trailer line */
  size_t trailer;          /* trailer bytes so far */
  int digits;              /* hex digits in the current size */
};

/* Feeds in[0..n); *used is set to the bytes that belong to the body (all of
 * them unless the body ended: DONE leaves the rest to the next request).
 * BAD on a malformed body, TOO_LARGE when out refuses more data. */
enum parse_chunk_state parse_chunked(struct parse_chunked *d, const char *in, size_t n, size_t *used, struct buf *out);

#endif
