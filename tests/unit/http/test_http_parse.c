/* Unit tests for plam's request head parser and chunked body decoder
 * (src/http/parse.c): heads split in place (method, target, version, fields
 * trimmed, first field by name without case), refusals (bad lines, versions,
 * obs-fold, trailing bytes, too many fields); chunked bodies whole and fed a
 * byte at a time, extensions and trailers, the bytes of a next request left
 * unconsumed, malformed sizes and data, size and line limits, the body cap;
 * and that frame_check_info reports what the workers need. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/frame.h"
#include "http/parse.h"

static plam_err head(const char *text, struct parse_head *h, struct http_kv *f, int cap, char *buf) {
  size_t n = strlen(text);
  memcpy(buf, text, n + 1);
  return parse_head(buf, n, f, cap, h);
}

static void test_parse_head_ok(void **state) {
  (void)state;
  char buf[512];
  struct http_kv f[8];
  struct parse_head h;
  assert_int_equal(head("GET /a?b=c HTTP/1.1\r\nHost: x\r\nX-A:  v w \t\r\ncookie:a=b\r\n\r\n", &h, f, 8, buf),
                   PLAM_OK);
  assert_string_equal(h.method, "GET");
  assert_string_equal(h.target, "/a?b=c");
  assert_int_equal(h.minor, 1);
  assert_int_equal(h.nfields, 3);
  assert_string_equal(h.fields[1].key, "X-A");
  assert_string_equal(h.fields[1].value, "v w");
  assert_string_equal(parse_field(&h, "HOST"), "x");
  assert_string_equal(parse_field(&h, "Cookie"), "a=b");
  assert_null(parse_field(&h, "X-B"));
  /* bare LF, leading empty lines, HTTP/1.0, empty value, first of two */
  assert_int_equal(head("\r\nPOST / HTTP/1.0\nA:\nA: 2\n\n", &h, f, 8, buf), PLAM_OK);
  assert_string_equal(h.method, "POST");
  assert_int_equal(h.minor, 0);
  assert_int_equal(h.nfields, 2);
  assert_string_equal(parse_field(&h, "a"), "");
}

static void test_parse_head_refused(void **state) {
  (void)state;
  char buf[512];
  struct http_kv f[2];
  struct parse_head h;
  static const struct {
    const char *text;
    plam_err want;
  } rows[] = {
    {"GARBAGE\r\n\r\n", PLAM_ERR_INVALID},
    {"GET / HTTP/2.0\r\n\r\n", PLAM_ERR_HTTP_VERSION},
    {"GET / HTTP/1.2\r\n\r\n", PLAM_ERR_HTTP_VERSION},
    {"GET / HTTP/1.1x\r\n\r\n", PLAM_ERR_INVALID},
    {"GET  / HTTP/1.1\r\n\r\n", PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: a\x01b\r\n\r\n", PLAM_ERR_INVALID},
    {"GET / HTTP/1.1\r\nHost: x\r\n", PLAM_ERR_INVALID},                            /* no blank line */
    {"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET", PLAM_ERR_INVALID},                     /* bytes after the head */
    {"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", PLAM_ERR_HEADERS_TOO_LARGE}, /* 3 fields, room for 2 */
    {"GET / HTTP/1.1\rHost: x\r\n\r\n", PLAM_ERR_INVALID},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    plam_err e = head(rows[i].text, &h, f, 2, buf);
    if (e != rows[i].want) fail_msg("row %zu (%s): got %d, want %d", i, rows[i].text, e, rows[i].want);
  }
  assert_int_equal(parse_head(buf, 0, f, 2, &h), PLAM_ERR_INVALID);
}

/* Feeds text whole (step 0) or step bytes at a time; returns the final state
 * and the bytes consumed in total. */
static enum parse_chunk_state chunked(const char *text, size_t step, struct buf *out, size_t *consumed) {
  struct parse_chunked d = {0};
  size_t n = strlen(text), at = 0;
  enum parse_chunk_state st = PARSE_CHUNK_MORE;
  *consumed = 0;
  while (at < n && st == PARSE_CHUNK_MORE) {
    size_t k = step && n - at > step ? step : n - at, used = 0;
    st = parse_chunked(&d, text + at, k, &used, out);
    if (st == PARSE_CHUNK_MORE) assert_int_equal(used, k);
    at += used;
    *consumed += used;
  }
  return st;
}

static void test_parse_chunked(void **state) {
  (void)state;
  const char *body = "5\r\nhello\r\n7;name=v;x\r\n, world\r\n0\r\nX-T: 1\r\nY: 2\r\n\r\nGET / HTTP/1.1\r\n";
  size_t body_len = strlen(body) - strlen("GET / HTTP/1.1\r\n");
  for (size_t step = 0; step <= 3; step++) {
    struct buf out;
    buf_init(&out, 100);
    size_t used = 0;
    assert_int_equal(chunked(body, step, &out, &used), PARSE_CHUNK_DONE);
    assert_int_equal(used, body_len); /* the next request is not consumed */
    assert_int_equal(out.len, 12);
    assert_memory_equal(out.data, "hello, world", 12);
    buf_release(&out);
  }
  /* bare LF line ends, upper-case hex, no trailer */
  struct buf out;
  buf_init(&out, 100);
  size_t used = 0;
  assert_int_equal(chunked("A\nabcdefghij\n0\n\n", 0, &out, &used), PARSE_CHUNK_DONE);
  assert_int_equal(out.len, 10);
  buf_release(&out);
  /* incomplete */
  buf_init(&out, 100);
  assert_int_equal(chunked("5\r\nhel", 0, &out, &used), PARSE_CHUNK_MORE);
  assert_int_equal(used, 6);
  buf_release(&out);

  static const struct {
    const char *text;
    enum parse_chunk_state want;
  } rows[] = {
    {"zz\r\nab\r\n0\r\n\r\n", PARSE_CHUNK_BAD},
    {"\r\n0\r\n\r\n", PARSE_CHUNK_BAD},         /* no size */
    {";x\r\n0\r\n\r\n", PARSE_CHUNK_BAD},       /* extension without a size */
    {"2\r\nabc\r\n0\r\n\r\n", PARSE_CHUNK_BAD}, /* data longer than its size */
    {"2\r\nab\rx0\r\n\r\n", PARSE_CHUNK_BAD},   /* CR not followed by LF */
    {"2\rab\r\n0\r\n\r\n", PARSE_CHUNK_BAD},
    {"-1\r\nab\r\n0\r\n\r\n", PARSE_CHUNK_BAD},
    {"2 x\x01\r\nab\r\n0\r\n\r\n", PARSE_CHUNK_BAD},          /* control byte in an extension */
    {"00000000000000001\r\na\r\n0\r\n\r\n", PARSE_CHUNK_BAD}, /* 17 digits */
    {"0\r\nX: \x01\r\n\r\n", PARSE_CHUNK_BAD},
    {"0\r\nX: 1\rY\r\n\r\n", PARSE_CHUNK_BAD},
    {"ffffffffffffffff\r\nab", PARSE_CHUNK_TOO_LARGE}, /* 2^64-1: past the cap at once */
    {"40\r\n0123456789012345678901234567890123456789012345678901234567890123\r\n0\r\n\r\n",
     PARSE_CHUNK_TOO_LARGE}, /* 64 bytes, cap 50 */
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    for (size_t step = 0; step <= 1; step++) {
      buf_init(&out, 50);
      enum parse_chunk_state st = chunked(rows[i].text, step, &out, &used);
      buf_release(&out);
      if (st != rows[i].want) fail_msg("row %zu step %zu: got %d, want %d", i, step, st, rows[i].want);
    }
  }
  /* a size line, or the trailers, past their limits */
  char *big = malloc(PARSE_CHUNK_TRAILER_MAX + 64);
  assert_non_null(big);
  snprintf(big, 8, "1;");
  memset(big + 2, 'e', PARSE_CHUNK_LINE_MAX + 10);
  strcpy(big + 2 + PARSE_CHUNK_LINE_MAX + 10, "\r\na\r\n0\r\n\r\n");
  buf_init(&out, 50);
  assert_int_equal(chunked(big, 0, &out, &used), PARSE_CHUNK_BAD);
  buf_release(&out);
  strcpy(big, "0\r\nX: ");
  memset(big + 6, 't', PARSE_CHUNK_TRAILER_MAX + 10);
  strcpy(big + 6 + PARSE_CHUNK_TRAILER_MAX + 10, "\r\n\r\n");
  buf_init(&out, 50);
  assert_int_equal(chunked(big, 0, &out, &used), PARSE_CHUNK_BAD);
  buf_release(&out);
  free(big);
}

static void test_frame_info(void **state) {
  (void)state;
  struct frame_info info;
  plam_err err = PLAM_OK;
  const char *h1 = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nExpect: 100-Continue\r\n\r\nbody";
  assert_int_equal(frame_check_info(h1, strlen(h1), 8192, &info, &err), FRAME_OK);
  assert_int_equal(info.head_len, strlen(h1) - 4);
  assert_int_equal(info.content_length, 12);
  assert_int_equal(info.chunked, 0);
  assert_int_equal(info.expect_continue, 1);
  assert_int_equal(info.minor, 1);
  const char *h2 = "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n";
  assert_int_equal(frame_check_info(h2, strlen(h2), 8192, &info, &err), FRAME_OK);
  assert_int_equal(info.content_length, 0);
  assert_int_equal(info.chunked, 1);
  assert_int_equal(info.expect_continue, 0); /* HTTP/1.0 has no 100 Continue */
  assert_int_equal(info.minor, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parse_head_ok),
    cmocka_unit_test(test_parse_head_refused),
    cmocka_unit_test(test_parse_chunked),
    cmocka_unit_test(test_frame_info),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
