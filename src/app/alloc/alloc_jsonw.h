/* Streaming JSON writer for allocation results, into a bounded buffer.
 * Counterpart of alloc_json.h and for the same reason: a result holds
 * ~10^5 explanation strings, and building a jansson tree for them cost more
 * than a second where this writes them in tens of milliseconds. Strings are
 * escaped here (quote, backslash, every control character) and must be valid
 * UTF-8 (ids come from the validating reader, texts from the engine).
 * Errors are sticky: check jw->err once at the end. Layout: a container
 * opened "multiline" puts each element on its own indented line, otherwise
 * elements are separated by ", " on one line — stable bytes either way. */
#ifndef PLAM_APP_ALLOC_ALLOC_JSONW_H
#define PLAM_APP_ALLOC_ALLOC_JSONW_H
#include <stdio.h>
#include "base/buf.h"
#include "base/error.h"

#define ALLOC_JW_DEPTH 16

struct alloc_jw {
  struct buf *b;
  int depth;
  unsigned char first[ALLOC_JW_DEPTH], multi[ALLOC_JW_DEPTH];
  int after_key;
  FILE *sink; /* when set, the buffer is written out every ~1 MiB */
  plam_err err;
  /* Early writeback (alloc_jw_start_writeback): bytes given to the sink,
   * and how many of them the kernel was already asked to write to disk. */
  int writeback;
  long long written, wb_started;
};

/* sink may be NULL: everything stays in b. */
void alloc_jw_init(struct alloc_jw *w, struct buf *b, FILE *sink);
/* For a sink that is a regular file the caller will fsync: every
 * ALLOC_JW_WRITEBACK bytes, asks the kernel to start writing them to disk
 * (sync_file_range, SYNC_FILE_RANGE_WRITE: it does not wait), so that the
 * final fsync finds most of the file already written instead of starting
 * the whole transfer then. Durability still comes from that fsync; this
 * only overlaps the disk transfer with the rendering. Linux only (no-op
 * elsewhere and on sinks that are not files). */
#define ALLOC_JW_WRITEBACK ((long long)4 << 20)
void alloc_jw_start_writeback(struct alloc_jw *w);
/* Writes what is buffered to the sink (no-op without one). */
void alloc_jw_flush(struct alloc_jw *w);
void alloc_jw_object(struct alloc_jw *w, int multiline);
void alloc_jw_array(struct alloc_jw *w, int multiline);
void alloc_jw_end(struct alloc_jw *w); /* closes the innermost container */
void alloc_jw_key(struct alloc_jw *w, const char *key);
void alloc_jw_string(struct alloc_jw *w, const char *s);
void alloc_jw_stringn(struct alloc_jw *w, const char *s, size_t n);
void alloc_jw_int(struct alloc_jw *w, long long v);
void alloc_jw_real(struct alloc_jw *w, double v);
void alloc_jw_bool(struct alloc_jw *w, int v);
/* Appends bytes produced by another writer (see alloc_result.c's parallel
 * explanations) as they are; with a sink they go straight to it. */
void alloc_jw_raw(struct alloc_jw *w, const char *data, size_t n);
/* Appends one complete JSON value already serialised by the caller (e.g. an
 * explanation record), with the separator and layout of the container. */
void alloc_jw_raw_value(struct alloc_jw *w, const char *data, size_t n);
/* Same, for a value the caller appends itself to the returned buffer
 * (NULL after an error), then reports with alloc_jw_value_end: no copy. */
struct buf *alloc_jw_value_begin(struct alloc_jw *w);
void alloc_jw_value_end(struct alloc_jw *w, plam_err e);
/* Writes the JSON-escaped form of s[0..n) (no quotes) to dst, which must
 * hold 6 * n bytes; returns the length. Same escapes as the writer. */
size_t alloc_jw_escape(char *dst, const char *s, size_t n);
/* Appends the decimal form of v to b (no JSON framing). */
plam_err alloc_jw_append_int(struct buf *b, long long v);

#endif
