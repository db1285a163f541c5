/* XLSX writing over libxlsxwriter (see xlsx_write.h). The writer keeps the
 * workbook, the current sheet, one format per enum xlsx_fmt plus the header
 * format, and the first error met. Sheet names are cleaned here because
 * libxlsxwriter refuses invalid ones instead of fixing them. */
#include "fmt/xlsx_write.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "base/utf8.h"

#define XLSX_SHEET_NAME_CHARS 31
#define XLSX_MAX_TEXT_CHARS 32767

struct xlsx_writer {
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *fmt[XLSX_FMT__COUNT];
  lxw_format *header;
  char title[256], author[128];
  plam_err err;
};

static plam_err map_lxw(lxw_error e) {
  switch (e) {
  case LXW_NO_ERROR: return PLAM_OK;
  case LXW_ERROR_MEMORY_MALLOC_FAILED: return PLAM_ERR_NOMEM;
  case LXW_ERROR_CREATING_XLSX_FILE:
  case LXW_ERROR_CREATING_TMPFILE:
  case LXW_ERROR_READING_TMPFILE:
  case LXW_ERROR_ZIP_FILE_OPERATION:
  case LXW_ERROR_ZIP_FILE_ADD:
  case LXW_ERROR_ZIP_CLOSE: return PLAM_ERR_IO;
  case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
  case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: return PLAM_ERR_TOO_LARGE;
  default: return PLAM_ERR_INVALID;
  }
}

static void fail(struct xlsx_writer *w, plam_err e) {
  if (w && !w->err) w->err = e;
}

static bool usable(struct xlsx_writer *w) { return w && !w->err && w->ws; }

plam_err xlsx_writer_open(const char *path, struct xlsx_writer **out) {
  *out = NULL;
  struct xlsx_writer *w = calloc(1, sizeof *w);
  if (!w) return PLAM_ERR_NOMEM;
  w->wb = workbook_new(path);
  if (!w->wb) {
    free(w);
    return PLAM_ERR_IO;
  }
  static const char *const codes[XLSX_FMT__COUNT] = {
    [XLSX_FMT_GENERAL] = NULL,
    [XLSX_FMT_INTEGER] = "#,##0",
    [XLSX_FMT_DECIMAL] = "#,##0.00",
    [XLSX_FMT_EUROS] = "#,##0\\ \"€\"",
    [XLSX_FMT_EUROS_CENTS] = "#,##0.00\\ \"€\"",
    [XLSX_FMT_PERCENT] = "0.0%",
    [XLSX_FMT_DATE] = "dd/mm/yyyy",
  };
  for (int i = 0; i < XLSX_FMT__COUNT; i++) {
    if (!codes[i]) continue;
    w->fmt[i] = workbook_add_format(w->wb);
    if (!w->fmt[i]) {
      fail(w, PLAM_ERR_NOMEM);
      break;
    }
    format_set_num_format(w->fmt[i], codes[i]);
  }
  w->header = workbook_add_format(w->wb);
  if (w->header) {
    format_set_bold(w->header);
    format_set_bg_color(w->header, 0xDDE5ED);
    format_set_border(w->header, LXW_BORDER_THIN);
    format_set_text_wrap(w->header);
    format_set_align(w->header, LXW_ALIGN_VERTICAL_TOP);
  } else {
    fail(w, PLAM_ERR_NOMEM);
  }
  *out = w;
  return w->err;
}

void xlsx_writer_properties(struct xlsx_writer *w, const char *title, const char *author) {
  if (!w || w->err) return;
  snprintf(w->title, sizeof w->title, "%s", title ? title : "");
  snprintf(w->author, sizeof w->author, "%s", author ? author : "");
  lxw_doc_properties p;
  memset(&p, 0, sizeof p);
  p.title = w->title;
  p.author = w->author;
  fail(w, map_lxw(workbook_set_properties(w->wb, &p)));
}

/* Copies at most max UTF-8 characters of s to out, replacing the characters
 * Excel forbids in sheet names; trims apostrophes at both ends. */
static void clean_sheet_name(const char *s, size_t max, char *out, size_t out_size) {
  size_t n = 0, chars = 0;
  if (!s) s = "";
  while (*s == '\'') s++;
  for (const char *p = s; *p && chars < max; chars++) {
    size_t k = 1;
    unsigned char c = (unsigned char)*p;
    if (c >= 0xF0) k = 4;
    else if (c >= 0xE0) k = 3;
    else if (c >= 0xC0) k = 2;
    if (n + k + 1 > out_size) break;
    if (k == 1 && (strchr("[]:*?/\\", c) || c < 0x20)) {
      out[n++] = '-';
    } else {
      for (size_t i = 0; i < k && p[i]; i++) out[n++] = p[i];
    }
    for (size_t i = 0; i < k && *p; i++) p++;
  }
  while (n > 0 && (out[n - 1] == '\'' || out[n - 1] == ' ')) n--;
  out[n] = '\0';
  if (n == 0) snprintf(out, out_size, "Feuille");
}

void xlsx_writer_sheet(struct xlsx_writer *w, const char *name, char *used, size_t used_size) {
  if (!w || w->err) return;
  if (name && !utf8_valid(name, strlen(name), NULL)) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  char base[128], cand[160];
  clean_sheet_name(name, XLSX_SHEET_NAME_CHARS, base, sizeof base);
  snprintf(cand, sizeof cand, "%s", base);
  for (int i = 2; i < 1000; i++) {
    if (workbook_validate_sheet_name(w->wb, cand) == LXW_NO_ERROR) {
      w->ws = workbook_add_worksheet(w->wb, cand);
      if (!w->ws) fail(w, PLAM_ERR_NOMEM);
      else if (used && used_size) snprintf(used, used_size, "%s", cand);
      return;
    }
    char suffix[16];
    int sl = snprintf(suffix, sizeof suffix, " (%d)", i);
    char shorter[128];
    clean_sheet_name(base, XLSX_SHEET_NAME_CHARS - (size_t)sl, shorter, sizeof shorter);
    snprintf(cand, sizeof cand, "%s%s", shorter, suffix);
  }
  fail(w, PLAM_ERR_CONFLICT);
}

void xlsx_writer_header(struct xlsx_writer *w, uint32_t row, const char *const *titles, size_t n) {
  if (!usable(w) || n == 0) return;
  if (n > LXW_COL_MAX) {
    fail(w, PLAM_ERR_TOO_LARGE);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    const char *t = titles[i] ? titles[i] : "";
    if (!utf8_valid(t, strlen(t), NULL)) {
      fail(w, PLAM_ERR_INVALID);
      return;
    }
    fail(w, map_lxw(worksheet_write_string(w->ws, row, (lxw_col_t)i, t, w->header)));
  }
  worksheet_freeze_panes(w->ws, row + 1, 0);
  fail(w, map_lxw(worksheet_autofilter(w->ws, row, 0, row, (lxw_col_t)(n - 1))));
}

/* Like the header row, without freezing or filtering (xlsx_write.h). */
void xlsx_writer_titles(struct xlsx_writer *w, uint32_t row, const char *const *titles, size_t n) {
  if (!usable(w) || n == 0) return;
  if (n > LXW_COL_MAX) {
    fail(w, PLAM_ERR_TOO_LARGE);
    return;
  }
  for (size_t i = 0; i < n && !w->err; i++) {
    const char *t = titles[i] ? titles[i] : "";
    if (!utf8_valid(t, strlen(t), NULL)) {
      fail(w, PLAM_ERR_INVALID);
      return;
    }
    fail(w, map_lxw(worksheet_write_string(w->ws, row, (lxw_col_t)i, t, w->header)));
  }
}

/* Number of UTF-8 characters in s (s is valid UTF-8). */
static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

void xlsx_writer_text(struct xlsx_writer *w, uint32_t row, uint16_t col, const char *s) {
  if (!usable(w) || !s || !*s) return;
  if (!utf8_valid(s, strlen(s), NULL)) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  if (utf8_chars(s) > XLSX_MAX_TEXT_CHARS) {
    fail(w, PLAM_ERR_TOO_LARGE);
    return;
  }
  fail(w, map_lxw(worksheet_write_string(w->ws, row, col, s, NULL)));
}

void xlsx_writer_number(struct xlsx_writer *w, uint32_t row, uint16_t col, double v, enum xlsx_fmt fmt) {
  if (!usable(w)) return;
  if ((unsigned)fmt >= XLSX_FMT__COUNT || v != v || v - v != 0) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  fail(w, map_lxw(worksheet_write_number(w->ws, row, col, v, w->fmt[fmt])));
}

void xlsx_writer_date(struct xlsx_writer *w, uint32_t row, uint16_t col, const char *iso) {
  if (!usable(w) || !iso || !*iso) return;
  int y, m, d;
  if (!date_iso_parse(iso, &y, &m, &d) || y < 1900) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  lxw_datetime dt = {.year = y, .month = m, .day = d};
  fail(w, map_lxw(worksheet_write_datetime(w->ws, row, col, &dt, w->fmt[XLSX_FMT_DATE])));
}

void xlsx_writer_col_width(struct xlsx_writer *w, uint16_t first, uint16_t last, double width) {
  if (!usable(w)) return;
  if (last < first || !(width >= 0 && width <= 255)) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  fail(w, map_lxw(worksheet_set_column(w->ws, first, last, width, NULL)));
}

void xlsx_writer_editable_cols(struct xlsx_writer *w, uint16_t first, uint16_t last, double width) {
  if (!usable(w)) return;
  if (last < first || !(width >= 0 && width <= 255)) {
    fail(w, PLAM_ERR_INVALID);
    return;
  }
  lxw_format *f = workbook_add_format(w->wb);
  if (!f) {
    fail(w, PLAM_ERR_NOMEM);
    return;
  }
  format_set_unlocked(f);
  format_set_pattern(f, LXW_PATTERN_SOLID);
  format_set_bg_color(f, 0xFFF6D5);
  fail(w, map_lxw(worksheet_set_column(w->ws, first, last, width, f)));
}

void xlsx_writer_protect(struct xlsx_writer *w) {
  if (!usable(w)) return;
  lxw_protection p;
  memset(&p, 0, sizeof p);
  p.format_columns = 1;
  p.sort = 1;
  p.autofilter = 1;
  worksheet_protect(w->ws, NULL, &p);
}

plam_err xlsx_writer_close(struct xlsx_writer *w) {
  if (!w) return PLAM_OK;
  plam_err e = w->err;
  if (!e && !w->ws) {
    w->ws = workbook_add_worksheet(w->wb, NULL); /* a workbook needs a sheet */
    if (!w->ws) e = PLAM_ERR_NOMEM;
  }
  lxw_error le = workbook_close(w->wb); /* frees the workbook even on error */
  if (!e) e = map_lxw(le);
  free(w);
  return e;
}
