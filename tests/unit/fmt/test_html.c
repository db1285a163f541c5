/* Unit tests for the HTML escaper and writer (app/html.h): the five special
 * characters become entities and nothing else changes (UTF-8 and control
 * characters pass through), html_unescape gives the input back and refuses
 * any other entity, attributes are escaped the same way, elements nest and
 * close in order, void elements are not closed, bad tag or attribute names
 * and a full buffer are sticky errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt/html.h"

static char *esc(const char *s, struct buf *b) {
  buf_init(b, 1 << 16);
  assert_int_equal(html_escape(b, s, strlen(s)), PLAM_OK);
  return b->data ? b->data : "";
}

static void test_escape(void **state) {
  (void)state;
  struct buf b;
  assert_string_equal(esc("<script>alert(\"x\")</script> & 'co'", &b),
                      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
  buf_release(&b);
  assert_string_equal(esc("Île-de-France — 42,5 %\t\n", &b), "Île-de-France — 42,5 %\t\n");
  buf_release(&b);
  assert_string_equal(esc("&amp;", &b), "&amp;amp;");
  buf_release(&b);
  assert_string_equal(esc("", &b), "");
  buf_release(&b);
}

static void test_unescape(void **state) {
  (void)state;
  const char *inputs[] = {"<a href=\"x\">'&'</a>", "&amp;lt;", "plain", "\x01\x7f\xc3\xa9", "&&&<<>>\"\"''"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    struct buf e, d;
    esc(inputs[i], &e);
    buf_init(&d, 1 << 16);
    assert_int_equal(html_unescape(e.data ? e.data : "", e.len, &d), PLAM_OK);
    assert_int_equal(d.len, strlen(inputs[i]));
    assert_memory_equal(d.data ? d.data : "", inputs[i], d.len);
    buf_release(&e);
    buf_release(&d);
  }
  const char *bad[] = {"&", "&nbsp;", "&#60;", "a &amp", "&LT;"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct buf d;
    buf_init(&d, 1 << 16);
    assert_int_equal(html_unescape(bad[i], strlen(bad[i]), &d), PLAM_ERR_INVALID);
    buf_release(&d);
  }
}

static void test_writer(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 16);
  struct html_w w;
  html_begin(&w, &b);
  html_open(&w, "html", "lang", "fr", NULL);
  html_open(&w, "meta", "charset", "utf-8", NULL);
  html_open(&w, "p", "class", "a\"b<c>", "id", NULL, "data-x", "'", NULL);
  html_text(&w, "<b>");
  html_elem(&w, "strong", "x & y", NULL);
  html_textf(&w, " %d%% <%s>", 42, "i");
  html_close(&w);
  html_elem(&w, "br", "ignored", NULL);
  assert_int_equal(html_end(&w), PLAM_OK);
  assert_string_equal(b.data, "<!doctype html>\n<html lang=\"fr\"><meta charset=\"utf-8\">"
                              "<p class=\"a&quot;b&lt;c&gt;\" data-x=\"&#39;\">&lt;b&gt;<strong>x &amp; y</strong>"
                              " 42% &lt;i&gt;</p>\n<br></html>\n");
  buf_release(&b);
}

static void test_errors(void **state) {
  (void)state;
  struct buf b;
  struct html_w w;
  /* tag and attribute names are checked */
  const char *tags[] = {"P", "p onclick", "", "scr<ipt"};
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
    buf_init(&b, 1 << 16);
    html_begin(&w, &b);
    html_open(&w, tags[i], NULL);
    html_text(&w, "later calls do nothing");
    assert_int_equal(html_end(&w), PLAM_ERR_INVALID);
    assert_null(strstr(b.data, "later"));
    buf_release(&b);
  }
  buf_init(&b, 1 << 16);
  html_begin(&w, &b);
  html_open(&w, "p", "on click", "x", NULL);
  assert_int_equal(html_end(&w), PLAM_ERR_INVALID);
  buf_release(&b);
  /* closing with nothing open */
  buf_init(&b, 1 << 16);
  html_begin(&w, &b);
  html_close(&w);
  assert_int_equal(html_end(&w), PLAM_ERR_INVALID);
  buf_release(&b);
  /* too deep */
  buf_init(&b, 1 << 16);
  html_begin(&w, &b);
  for (int i = 0; i <= HTML_MAX_DEPTH; i++) html_open(&w, "div", NULL);
  assert_int_equal(html_end(&w), PLAM_ERR_TOO_LARGE);
  buf_release(&b);
  /* a full buffer */
  buf_init(&b, 64);
  html_begin(&w, &b);
  html_open(&w, "p", NULL);
  for (int i = 0; i < 20; i++) html_text(&w, "<<<<");
  assert_int_equal(html_end(&w), PLAM_ERR_TOO_LARGE);
  assert_true(b.len <= 64);
  buf_release(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_escape),
    cmocka_unit_test(test_unescape),
    cmocka_unit_test(test_writer),
    cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
