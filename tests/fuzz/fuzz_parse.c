/* libFuzzer target for plam's request parsing (src/http/parse.c): the first
 * input byte picks a split point, the rest is fed to parse_head (as a whole
 * head, in a buffer of exactly its size) and to parse_chunked, whole and in
 * two pieces at the split. Besides the sanitizers it checks the promises:
 * parse_head accepts every head frame_check accepts (the gate checks, the
 * worker parses: a disagreement would be an error answer to a valid request),
 * and its fields point inside the buffer; parse_chunked never consumes more
 * than it is given, appends no more than the cap, and decodes the same body
 * whether it gets the bytes at once or in two pieces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/frame.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

static void fuzz_head(const uint8_t *data, size_t size) {
  char *buf = malloc(size ? size : 1);
  if (!buf) return;
  memcpy(buf, data, size);
  struct http_kv fields[64];
  struct parse_head h;
  plam_err e = parse_head(buf, size, fields, 64, &h);
  if (!e) {
    FUZZ_CHECK(h.method >= buf && h.method < buf + size && h.target > h.method && h.target < buf + size);
    for (int i = 0; i < h.nfields; i++)
      FUZZ_CHECK(h.fields[i].key > h.target && h.fields[i].value < buf + size && h.fields[i].value > h.fields[i].key);
  }
  struct frame_info info;
  plam_err fe = PLAM_OK;
  if (frame_check_info((const char *)data, size, 4096, &info, &fe) == FRAME_OK && info.head_len == size) {
    int nf = 0; /* frame_check does not count fields: only compare below the parser's cap */
    for (size_t k = 0; k < size; k++) nf += data[k] == '\n';
    if (nf < 64) FUZZ_CHECK(e == PLAM_OK);
  }
  free(buf);
}

static enum parse_chunk_state fuzz_chunked(const uint8_t *data, size_t size, size_t split, struct buf *out,
                                           size_t *consumed) {
  struct parse_chunked d = {0};
  size_t used = 0;
  *consumed = 0;
  enum parse_chunk_state st = parse_chunked(&d, (const char *)data, split, &used, out);
  FUZZ_CHECK(used <= split);
  *consumed = used;
  if (st != PARSE_CHUNK_MORE) return st;
  FUZZ_CHECK(used == split);
  st = parse_chunked(&d, (const char *)data + split, size - split, &used, out);
  FUZZ_CHECK(used <= size - split);
  *consumed += used;
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  size_t split = data[0];
  data++, size--;
  if (split > size) split = size;
  fuzz_head(data, size);
  struct buf a, b;
  buf_init(&a, 256);
  buf_init(&b, 256);
  size_t ua = 0, ub = 0;
  enum parse_chunk_state sa = fuzz_chunked(data, size, size, &a, &ua);
  enum parse_chunk_state sb = fuzz_chunked(data, size, split, &b, &ub);
  FUZZ_CHECK(a.len <= 256 && b.len <= 256);
  FUZZ_CHECK(sa == sb);
  if (sa == PARSE_CHUNK_DONE || sa == PARSE_CHUNK_MORE) {
    FUZZ_CHECK(ua == ub && a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len)));
  }
  buf_release(&a);
  buf_release(&b);
  return 0;
}
