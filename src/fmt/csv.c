/* CSV reader and writer, French number parsing (see csv.h).
 *
 * The reader works on the whole file in memory and hands out one row at a
 * time: the encoding is decided first (UTF-8, else Windows-1252 converted to
 * UTF-8, else an error at the first bad byte of a damaged UTF-8 file), then a
 * single pass splits records and fields, copying each field, unquoted, into a
 * row buffer that is reused for the next row. Memory is bounded by the file
 * (plus its conversion) and one row of at most max_cols x max_field bytes. */
#include "fmt/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/utf8.h"

plam_err table_error_set(struct table_error *e, plam_err err, size_t row, size_t col, const char *fmt, ...) {
  if (!e) return err;
  char what[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  e->row = row;
  e->col = col;
  if (row && col) snprintf(e->message, sizeof e->message, "ligne %zu, colonne %zu : %s", row, col, what);
  else if (row) snprintf(e->message, sizeof e->message, "ligne %zu : %s", row, what);
  else snprintf(e->message, sizeof e->message, "%s", what);
  return err;
}

/* ---- encodings ----------------------------------------------------------- */

/* Scans the whole text: first bad offset (len if none) and whether any valid
 * multi-byte sequence occurs. */
static void utf8_scan(const char *s, size_t len, size_t *first_bad, bool *multibyte) {
  const unsigned char *u = (const unsigned char *)s;
  *first_bad = len;
  *multibyte = false;
  size_t i = 0;
  while (i < len) {
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = utf8_seq(u + i, len - i);
    if (k == 0) {
      if (*first_bad == len) *first_bad = i;
      i++;
    } else {
      *multibyte = true;
      i += k;
    }
  }
}

static const uint16_t cp1252_high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                         0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

plam_err csv_cp1252_to_utf8(const char *s, size_t len, struct buf *out, size_t *bad) {
  buf_clear(out);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && u[j] < 0x80) j++;
    if (j > i) {
      plam_err e = buf_append(out, s + i, j - i);
      if (e) return e;
      i = j;
      if (i == len) break;
    }
    unsigned cp = u[i];
    if (cp < 0xA0) {
      cp = cp1252_high[cp - 0x80];
      if (!cp) {
        if (bad) *bad = i;
        return PLAM_ERR_INVALID;
      }
    }
    char enc[3];
    size_t n;
    if (cp < 0x800) {
      enc[0] = (char)(0xC0 | (cp >> 6));
      enc[1] = (char)(0x80 | (cp & 0x3F));
      n = 2;
    } else {
      enc[0] = (char)(0xE0 | (cp >> 12));
      enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      enc[2] = (char)(0x80 | (cp & 0x3F));
      n = 3;
    }
    plam_err e = buf_append(out, enc, n);
    if (e) return e;
    i++;
  }
  if (!out->data) return buf_append(out, "", 0);
  return PLAM_OK;
}

/* ---- reader -------------------------------------------------------------- */

struct rowbuf {
  char *text; /* fields, each NUL-terminated */
  size_t len, cap;
  size_t *off; /* start of each field in text */
  size_t *lens;
  const char **cells;
  enum table_cell_kind *kinds;
  double *numbers;
  size_t ncols, colcap;
};

static void rowbuf_free(struct rowbuf *r) {
  free(r->text);
  free(r->off);
  free(r->lens);
  free(r->cells);
  free(r->kinds);
  free(r->numbers);
}

static plam_err rowbuf_reserve_text(struct rowbuf *r, size_t more) {
  if (r->len + more <= r->cap) return PLAM_OK;
  size_t cap = r->cap ? r->cap : 4096;
  while (cap < r->len + more) {
    if (cap > SIZE_MAX / 2) return PLAM_ERR_NOMEM;
    cap *= 2;
  }
  char *t = realloc(r->text, cap);
  if (!t) return PLAM_ERR_NOMEM;
  r->text = t;
  r->cap = cap;
  return PLAM_OK;
}

static plam_err rowbuf_reserve_cols(struct rowbuf *r, size_t n) {
  if (n <= r->colcap) return PLAM_OK;
  size_t cap = r->colcap ? r->colcap * 2 : 32;
  if (cap < n) cap = n;
  size_t *off = realloc(r->off, cap * sizeof *off);
  if (!off) return PLAM_ERR_NOMEM;
  r->off = off;
  size_t *lens = realloc(r->lens, cap * sizeof *lens);
  if (!lens) return PLAM_ERR_NOMEM;
  r->lens = lens;
  const char **cells = realloc(r->cells, cap * sizeof *cells);
  if (!cells) return PLAM_ERR_NOMEM;
  r->cells = cells;
  enum table_cell_kind *kinds = realloc(r->kinds, cap * sizeof *kinds);
  if (!kinds) return PLAM_ERR_NOMEM;
  r->kinds = kinds;
  double *numbers = realloc(r->numbers, cap * sizeof *numbers);
  if (!numbers) return PLAM_ERR_NOMEM;
  r->numbers = numbers;
  r->colcap = cap;
  return PLAM_OK;
}

struct parser {
  const char *p, *end, *base;
  char sep;
  size_t line;
  size_t max_field, max_cols, max_rows;
  size_t bad_off; /* offset (from base) of a bad UTF-8 byte, or SIZE_MAX */
  bool has_nul;   /* the data holds a NUL byte somewhere */
  bool stop[256]; /* bytes that end an unquoted field */
  struct rowbuf row;
  struct table_error *err;
};

/* Separator of the first record: the most frequent of ';' ',' TAB outside
 * quotes; ';' when none occurs (one-column file) or on a tie with it. */
static char detect_sep(const char *p, const char *end) {
  size_t semi = 0, comma = 0, tab = 0;
  bool quoted = false;
  for (; p < end; p++) {
    char c = *p;
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ';') semi++;
    else if (c == ',') comma++;
    else if (c == '\t') tab++;
  }
  if (comma > semi && comma >= tab) return ',';
  if (tab > semi && tab > comma) return '\t';
  return ';';
}

static plam_err field_append(struct parser *ps, const char *s, size_t n, size_t col) {
  size_t cur = ps->row.len - ps->row.off[ps->row.ncols];
  if (n > ps->max_field || cur + n > ps->max_field)
    return table_error_set(ps->err, PLAM_ERR_TOO_LARGE, ps->line, col, "champ trop long (plus de %zu octets)",
                           ps->max_field);
  plam_err e = rowbuf_reserve_text(&ps->row, n + 1);
  if (e) return e;
  memcpy(ps->row.text + ps->row.len, s, n);
  ps->row.len += n;
  return PLAM_OK;
}

/* Counts the line breaks in s[0..n) (CRLF, LF and lone CR each count one). */
static size_t count_breaks(const char *s, size_t n, const char *end) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') k++;
    else if (s[i] == '\r' && !(s + i + 1 < end && s[i + 1] == '\n')) k++;
  }
  return k;
}

/* Parses one field starting at ps->p; leaves ps->p on the separator, the line
 * end or the end of the data. */
static plam_err parse_field(struct parser *ps, size_t rec_line, size_t col, bool *quoted_out) {
  const char *start = ps->p;
  const char *p = ps->p, *end = ps->end;
  size_t start_line = ps->line;
  *quoted_out = false;
  if (p < end && *p == '"') {
    *quoted_out = true;
    p++;
    for (;;) {
      const char *q = memchr(p, '"', (size_t)(end - p));
      if (!q) return table_error_set(ps->err, PLAM_ERR_INVALID, start_line, col, "guillemet ouvert et jamais fermé");
      plam_err e = field_append(ps, p, (size_t)(q - p), col);
      if (e) return e;
      ps->line += count_breaks(p, (size_t)(q - p), end);
      p = q + 1;
      if (p < end && *p == '"') {
        e = field_append(ps, "\"", 1, col);
        if (e) return e;
        p++;
        continue;
      }
      break;
    }
    if (p < end && *p != ps->sep && *p != '\n' && *p != '\r')
      return table_error_set(ps->err, PLAM_ERR_INVALID, ps->line, col,
                             "caractère inattendu après un guillemet fermant "
                             "(un guillemet dans un champ doit être doublé)");
  } else {
    const char *q = p;
    const bool *stop = ps->stop;
    while (q < end && !stop[(unsigned char)*q]) q++;
    plam_err e = field_append(ps, p, (size_t)(q - p), col);
    if (e) return e;
    p = q;
  }
  size_t so = (size_t)(start - ps->base), eo = (size_t)(p - ps->base);
  if (ps->bad_off >= so && ps->bad_off < eo)
    return table_error_set(ps->err, PLAM_ERR_INVALID, start_line, col,
                           "texte qui n'est pas de l'UTF-8 valide (octet 0x%02X)",
                           (unsigned)(unsigned char)ps->base[ps->bad_off]);
  size_t flen = ps->row.len - ps->row.off[ps->row.ncols];
  if (ps->has_nul && memchr(ps->row.text + ps->row.off[ps->row.ncols], '\0', flen))
    return table_error_set(ps->err, PLAM_ERR_INVALID, start_line, col, "caractère nul interdit");
  (void)rec_line;
  ps->p = p;
  return PLAM_OK;
}

static plam_err parse_all(struct parser *ps, table_row_fn fn, void *ctx, size_t *rows_out) {
  size_t rows = 0;
  while (ps->p < ps->end) {
    size_t rec_line = ps->line;
    ps->row.len = 0;
    ps->row.ncols = 0;
    bool any_quoted = false;
    for (;;) {
      size_t col = ps->row.ncols + 1;
      if (col > ps->max_cols)
        return table_error_set(ps->err, PLAM_ERR_TOO_LARGE, rec_line, col, "trop de colonnes (au plus %zu)",
                               ps->max_cols);
      plam_err e = rowbuf_reserve_cols(&ps->row, col);
      if (e) return e;
      ps->row.off[ps->row.ncols] = ps->row.len;
      bool quoted;
      e = parse_field(ps, rec_line, col, &quoted);
      if (e) return e;
      any_quoted |= quoted;
      e = rowbuf_reserve_text(&ps->row, 1);
      if (e) return e;
      ps->row.lens[ps->row.ncols] = ps->row.len - ps->row.off[ps->row.ncols];
      ps->row.text[ps->row.len++] = '\0';
      ps->row.ncols++;
      if (ps->p < ps->end && *ps->p == ps->sep) {
        ps->p++;
        continue;
      }
      break;
    }
    if (ps->p < ps->end) { /* line end */
      if (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n') ps->p += 2;
      else ps->p++;
      ps->line++;
    }
    if (ps->row.ncols == 1 && ps->row.lens[0] == 0 && !any_quoted) continue; /* blank */
    if (rows >= ps->max_rows)
      return table_error_set(ps->err, PLAM_ERR_TOO_LARGE, rec_line, 0, "trop de lignes (au plus %zu)", ps->max_rows);
    for (size_t i = 0; i < ps->row.ncols; i++) {
      ps->row.cells[i] = ps->row.text + ps->row.off[i];
      ps->row.kinds[i] = ps->row.lens[i] ? TABLE_CELL_TEXT : TABLE_CELL_EMPTY;
      ps->row.numbers[i] = 0;
    }
    struct table_row tr = {.row = rec_line,
                           .ncols = ps->row.ncols,
                           .cells = ps->row.cells,
                           .lens = ps->row.lens,
                           .kinds = ps->row.kinds,
                           .numbers = ps->row.numbers};
    rows++;
    plam_err e = fn(ctx, &tr);
    if (e) {
      *rows_out = rows;
      return e;
    }
  }
  *rows_out = rows;
  return PLAM_OK;
}

static size_t line_of(const char *s, size_t off) { return 1 + count_breaks(s, off, s + off); }

plam_err csv_read(const char *data, size_t len, const struct csv_options *opt, table_row_fn fn, void *ctx,
                  struct csv_info *info, struct table_error *err) {
  struct csv_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  if (err) memset(err, 0, sizeof *err);
  if (!data && len) return PLAM_ERR_INVALID;
  if (!data) data = "";
  struct parser ps;
  memset(&ps, 0, sizeof ps);
  ps.err = err;
  ps.max_field = opt && opt->max_field ? opt->max_field : CSV_DEFAULT_MAX_FIELD;
  ps.max_cols = opt && opt->max_cols ? opt->max_cols : CSV_DEFAULT_MAX_COLS;
  ps.max_rows = opt && opt->max_rows ? opt->max_rows : CSV_DEFAULT_MAX_ROWS;
  ps.bad_off = SIZE_MAX;
  ps.line = 1;

  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    info->bom = true;
    data += 3;
    len -= 3;
  }
  struct buf conv;
  buf_init(&conv, len > SIZE_MAX / 3 ? SIZE_MAX : len * 3 + 1);
  size_t bad;
  bool multibyte;
  utf8_scan(data, len, &bad, &multibyte);
  if (bad < len) {
    if (multibyte || info->bom) {
      ps.bad_off = bad; /* damaged UTF-8: reported by the field that holds it */
    } else {
      size_t where = 0;
      plam_err e = csv_cp1252_to_utf8(data, len, &conv, &where);
      if (e == PLAM_ERR_INVALID) {
        e = table_error_set(err, e, line_of(data, where), 0, "octet 0x%02X qui n'est ni de l'UTF-8 ni du Windows-1252",
                            (unsigned)(unsigned char)data[where]);
      }
      if (e) {
        buf_release(&conv);
        return e;
      }
      info->encoding = CSV_ENC_CP1252;
      data = conv.data;
      len = conv.len;
    }
  }
  ps.base = ps.p = data;
  ps.end = data + len;
  if (opt && opt->sep) {
    if (opt->sep != ';' && opt->sep != ',' && opt->sep != '\t') {
      buf_release(&conv);
      return PLAM_ERR_INVALID;
    }
    ps.sep = opt->sep;
  } else {
    ps.sep = detect_sep(data, data + len);
  }
  info->sep = ps.sep;
  ps.has_nul = len && memchr(data, '\0', len) != NULL;
  ps.stop[(unsigned char)ps.sep] = ps.stop['\n'] = ps.stop['\r'] = true;
  plam_err e = parse_all(&ps, fn, ctx, &info->rows);
  rowbuf_free(&ps.row);
  buf_release(&conv);
  return e;
}

plam_err csv_read_file(const char *path, size_t max_bytes, const struct csv_options *opt, table_row_fn fn, void *ctx,
                       struct csv_info *info, struct table_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return table_error_set(err, PLAM_ERR_IO, 0, 0, "fichier illisible : %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return table_error_set(err, PLAM_ERR_IO, 0, 0, "fichier illisible");
  }
  if ((uint64_t)st.st_size > max_bytes) {
    close(fd);
    return table_error_set(err, PLAM_ERR_TOO_LARGE, 0, 0, "fichier trop gros (au plus %zu octets)", max_bytes);
  }
  size_t n = (size_t)st.st_size;
  char *data = malloc(n ? n : 1);
  if (!data) {
    close(fd);
    return PLAM_ERR_NOMEM;
  }
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (got != n) {
    free(data);
    return table_error_set(err, PLAM_ERR_IO, 0, 0, "lecture du fichier interrompue");
  }
  plam_err e = csv_read(data, n, opt, fn, ctx, info, err);
  free(data);
  return e;
}

/* ---- numbers ------------------------------------------------------------- */

struct num_parts {
  bool neg;
  char intd[48]; /* integer digits, no separators */
  size_t nint;
  char fracd[48];
  size_t nfrac;
  bool has_exp;
  int exp;
};

/* Length of a space-like character at s (ASCII space or tab, U+00A0, U+202F). */
static size_t space_len(const char *s) {
  if (*s == ' ' || *s == '\t') return 1;
  if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
  if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF) return 3;
  return 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static plam_err num_scan(const char *s, bool allow_exp, struct num_parts *np) {
  memset(np, 0, sizeof *np);
  if (!s) return PLAM_ERR_INVALID;
  size_t k;
  while ((k = space_len(s)) != 0) s += k;
  if (*s == '-' || *s == '+') {
    np->neg = *s == '-';
    s++;
  } else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x88 &&
             (unsigned char)s[2] == 0x92) { /* U+2212 minus sign */
    np->neg = true;
    s += 3;
  }
  /* integer part with optional thousands groups */
  size_t group = 0, groups = 0;
  while (*s) {
    if (is_digit(*s)) {
      if (np->nint >= sizeof np->intd - 1) return PLAM_ERR_INVALID;
      np->intd[np->nint++] = *s++;
      group++;
      continue;
    }
    k = space_len(s);
    if (k && group > 0 && is_digit(s[k])) {
      if ((groups == 0 && group > 3) || (groups > 0 && group != 3)) return PLAM_ERR_INVALID;
      groups++;
      group = 0;
      s += k;
      continue;
    }
    break;
  }
  if (groups > 0 && group != 3) return PLAM_ERR_INVALID;
  if (*s == ',' || *s == '.') {
    s++;
    while (is_digit(*s)) {
      if (np->nfrac >= sizeof np->fracd - 1) return PLAM_ERR_INVALID;
      np->fracd[np->nfrac++] = *s++;
    }
    if (np->nfrac == 0) return PLAM_ERR_INVALID;
  }
  if (np->nint == 0 && np->nfrac == 0) return PLAM_ERR_INVALID;
  if (allow_exp && (*s == 'e' || *s == 'E')) {
    s++;
    bool eneg = false;
    if (*s == '-' || *s == '+') eneg = *s++ == '-';
    int ev = 0, nd = 0;
    while (is_digit(*s)) {
      if (++nd > 3) return PLAM_ERR_INVALID;
      ev = ev * 10 + (*s++ - '0');
    }
    if (nd == 0) return PLAM_ERR_INVALID;
    np->has_exp = true;
    np->exp = eneg ? -ev : ev;
  }
  while ((k = space_len(s)) != 0) s += k;
  return *s ? PLAM_ERR_INVALID : PLAM_OK;
}

plam_err csv_parse_number(const char *s, double *out) {
  struct num_parts np;
  plam_err e = num_scan(s, true, &np);
  if (e) return e;
  char norm[160];
  size_t n = 0;
  if (np.neg) norm[n++] = '-';
  if (np.nint) {
    memcpy(norm + n, np.intd, np.nint);
    n += np.nint;
  } else {
    norm[n++] = '0';
  }
  if (np.nfrac) {
    const char *dp = localeconv()->decimal_point; /* strtod follows LC_NUMERIC */
    size_t dl = dp && *dp ? strlen(dp) : 0;
    if (dl == 0 || dl > 4) {
      dp = ".";
      dl = 1;
    }
    memcpy(norm + n, dp, dl);
    n += dl;
    memcpy(norm + n, np.fracd, np.nfrac);
    n += np.nfrac;
  }
  if (np.has_exp) n += (size_t)snprintf(norm + n, sizeof norm - n, "e%d", np.exp);
  norm[n] = '\0';
  char *endp;
  errno = 0;
  double v = strtod(norm, &endp);
  if (*endp || !isfinite(v)) return PLAM_ERR_INVALID;
  if (v == 0) v = 0; /* no -0 */
  *out = v;
  return PLAM_OK;
}

plam_err csv_parse_scaled(const char *s, int decimals, int64_t *out) {
  if (decimals < 0 || decimals > 9) return PLAM_ERR_INVALID;
  struct num_parts np;
  plam_err e = num_scan(s, false, &np);
  if (e) return e;
  for (size_t i = (size_t)decimals; i < np.nfrac; i++)
    if (np.fracd[i] != '0') return PLAM_ERR_INVALID;
  int64_t v = 0;
  for (size_t i = 0; i < np.nint + (size_t)decimals; i++) {
    int d = i < np.nint ? np.intd[i] - '0' : (i - np.nint < np.nfrac ? np.fracd[i - np.nint] - '0' : 0);
    if (v > (INT64_MAX - d) / 10) return PLAM_ERR_INVALID;
    v = v * 10 + d;
  }
  *out = np.neg ? -v : v;
  return PLAM_OK;
}

/* ---- writer -------------------------------------------------------------- */

void csv_writer_init(struct csv_writer *w, struct buf *out, char sep, bool bom, bool guard_formulas) {
  memset(w, 0, sizeof *w);
  w->out = out;
  w->sep = sep ? sep : ';';
  w->guard_formulas = guard_formulas;
  if (bom) w->err = buf_append(out, "\xEF\xBB\xBF", 3);
}

static bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

/* True when s, after any leading apostrophes, starts like a formula. */
static bool needs_guard(const char *s) {
  while (*s == '\'') s++;
  return formula_start(*s);
}

const char *csv_field_unguard(const char *s) {
  if (s && s[0] == '\'' && needs_guard(s + 1)) return s + 1;
  return s;
}

static void put(struct csv_writer *w, const char *s, size_t n) {
  if (!w->err) w->err = buf_append(w->out, s, n);
}

void csv_write_field(struct csv_writer *w, const char *s) {
  if (w->err) return;
  if (!s) s = "";
  if (w->col++ > 0) put(w, &w->sep, 1);
  w->last_empty = !*s;
  bool guard = false;
  if (w->guard_formulas && needs_guard(s)) {
    double d;
    guard = csv_parse_number(s, &d) != PLAM_OK; /* "-3" is a number, not a formula */
  }
  bool quote = strncmp(s, "\xEF\xBB\xBF", 3) == 0; /* would pass for a byte order mark */
  for (const char *c = s; *c && !quote; c++)
    if (*c == w->sep || *c == '"' || *c == '\n' || *c == '\r') {
      quote = true;
      break;
    }
  if (!quote) {
    if (guard) put(w, "'", 1);
    put(w, s, strlen(s));
    return;
  }
  put(w, "\"", 1);
  if (guard) put(w, "'", 1);
  const char *c = s;
  for (;;) {
    const char *q = strchr(c, '"');
    if (!q) break;
    put(w, c, (size_t)(q - c) + 1);
    put(w, "\"", 1);
    c = q + 1;
  }
  put(w, c, strlen(c));
  put(w, "\"", 1);
}

void csv_write_number(struct csv_writer *w, double v, int decimals, bool decimal_comma) {
  if (w->err) return;
  if (!isfinite(v) || decimals < 0 || decimals > 9) {
    w->err = PLAM_ERR_INVALID;
    return;
  }
  char tmp[64];
  int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    w->err = PLAM_ERR_INVALID;
    return;
  }
  char *t = tmp;
  if (t[0] == '-' && strspn(t + 1, "0.,") == strlen(t + 1)) t++; /* "-0.00" */
  for (char *c = t; *c; c++)
    if (*c == '.' || *c == ',') *c = decimal_comma ? ',' : '.';
  if (decimal_comma && w->sep == ',') {
    /* keep it readable: the field gets quoted */
    if (w->col++ > 0) put(w, &w->sep, 1);
    w->last_empty = false;
    put(w, "\"", 1);
    put(w, t, strlen(t));
    put(w, "\"", 1);
    return;
  }
  if (w->col++ > 0) put(w, &w->sep, 1);
  w->last_empty = false;
  put(w, t, strlen(t));
}

void csv_write_end_row(struct csv_writer *w) {
  if (w->col == 1 && w->last_empty) put(w, "\"\"", 2); /* else read back as a blank line */
  put(w, "\r\n", 2);
  w->col = 0;
}

plam_err csv_writer_status(const struct csv_writer *w) { return w->err; }
