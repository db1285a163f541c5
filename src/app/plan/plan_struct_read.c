/* Reading a structure file into the model (see plan_struct.h): XLSX, one
 * sheet per table (sheet name = table name, first row = headers), or CSV,
 * blocks of rows under header rows whose first cell is "type de ligne" (the
 * first cell of a data row names its table). Headers are matched ignoring
 * case, accents and spaces; unknown or repeated columns and missing required
 * ones are errors at the header row; sheets of other names are ignored.
 *
 * Each cell is checked against its column's kind and stored canonical:
 * numbers as "%.15g" (French or English input), integers as digits, dates as
 * YYYY-MM-DD (also read from JJ/MM/AAAA and Excel dates), yes/no as "1"/"0",
 * coded values as their code, lists as ids separated by one space. Text has
 * no control characters but line breaks and tabs, and fits its column. Only
 * layout and cell kinds are checked here: references between tables and
 * against the database are the import's job. Pure: no database, fuzzed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/date.h"
#include "fmt/csv.h"
#include "app/plan/plan_struct_int.h"
#include "fmt/xlsx_read.h"

#define ROW_TYPE_HEADER "typedeligne"

struct rd {
  struct ps_book *b;
  struct ps_report *rep;
  enum ps_format fmt;
  int xlsx_table; /* XLSX: the sheet's table; -1 before */
  int have_header;
  uint32_t header_line;
  size_t nhead;
  char (*head)[64];                         /* folded header texts (column k of the file) */
  int mapped[PS__COUNT];                    /* 1 once map[t] was built for this header */
  int map[PS__COUNT][CSV_DEFAULT_MAX_COLS]; /* file column -> schema column, -1 ignored */
  int stop;
};

static int table_find(const char *name) {
  char want[64], f[64];
  ps_fold(name, want, sizeof want);
  for (int t = 0; t < PS__COUNT; t++) {
    ps_fold(ps_tables[t].name, f, sizeof f);
    if (!strcmp(f, want)) return t;
  }
  return -1;
}

static plam_err header_set(struct rd *r, const struct table_row *row, size_t first) {
  free(r->head);
  r->head = NULL;
  r->nhead = row->ncols;
  r->have_header = 1;
  r->header_line = (uint32_t)row->row;
  memset(r->mapped, 0, sizeof r->mapped);
  if (!(r->head = calloc(row->ncols ? row->ncols : 1, sizeof *r->head))) return PLAM_ERR_NOMEM;
  for (size_t k = first; k < row->ncols; k++) ps_fold(row->cells[k], r->head[k], sizeof r->head[k]);
  return PLAM_OK;
}

/* Builds map[t] from the current header, reporting layout errors once. */
static void header_map(struct rd *r, int t, size_t first) {
  if (r->mapped[t]) return;
  r->mapped[t] = 1;
  const struct ps_table *tb = &ps_tables[t];
  int seen[PS_MAX_COLS] = {0};
  char f[64];
  for (size_t k = 0; k < r->nhead && k < CSV_DEFAULT_MAX_COLS; k++) {
    r->map[t][k] = -1;
    if (k < first || !r->head[k][0]) continue;
    int c = 0;
    for (; c < tb->ncols; c++) {
      ps_fold(tb->cols[c].header, f, sizeof f);
      if (!strcmp(f, r->head[k])) break;
    }
    char colname[4];
    xlsx_col_name((uint32_t)k + 1, colname);
    if (c == tb->ncols) {
      ps_report_add(r->rep, t, r->header_line, colname, "colonne inconnue dans la table « %s »", tb->name);
    } else if (seen[c]++) {
      ps_report_add(r->rep, t, r->header_line, tb->cols[c].header, "colonne « %s » en double", tb->cols[c].header);
    } else {
      r->map[t][k] = c;
    }
  }
  for (int c = 0; c < tb->ncols; c++)
    if (tb->cols[c].required && !seen[c])
      ps_report_add(r->rep, t, r->header_line, tb->cols[c].header, "colonne obligatoire « %s » absente",
                    tb->cols[c].header);
}

static int text_clean(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\r' && *s != '\t') return 0;
  return 1;
}

/* "YYYY-MM-DD", "JJ/MM/AAAA" or an Excel date cell -> out[11]; 0 if invalid. */
static int date_canon(const char *s, enum table_cell_kind kind, char out[11]) {
  int y, m, d;
  char tail;
  if (kind == TABLE_CELL_DATE && strlen(s) >= 10) {
    if (strlen(s) > 10 && strcmp(s + 10, "T00:00:00")) return 0;
    snprintf(out, 11, "%.10s", s);
  } else if (sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 && strlen(s) == 10) {
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  } else if (strlen(s) == 10) {
    snprintf(out, 11, "%s", s);
  } else {
    return 0;
  }
  return date_iso_parse(out, &y, &m, &d) && y >= 1900 && y <= 2200;
}

/* Checks one cell and stores it canonical in row col c. */
static plam_err cell_put(struct rd *r, int t, struct ps_row *pr, int c, const char *raw, enum table_cell_kind kind) {
  const struct ps_col *col = &ps_tables[t].cols[c];
  const char *s = r->fmt == PS_CSV ? csv_field_unguard(raw) : raw;
  /* trim spaces around the value */
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') n--;
  if (!n) return PLAM_OK;
  if (kind == TABLE_CELL_ERROR) {
    ps_report_add(r->rep, t, pr->line, col->header, "la cellule contient une erreur de formule (%s)", s);
    return PLAM_OK;
  }
  char *v = strndup(s, n);
  if (!v) return PLAM_ERR_NOMEM;
  char out[96];
  const char *put = v;
  switch (col->kind) {
  case PS_TEXT:
    if (n > col->max) {
      ps_report_add(r->rep, t, pr->line, col->header, "texte trop long (%zu octets au plus)", col->max);
      put = NULL;
    } else if (!text_clean(v)) {
      ps_report_add(r->rep, t, pr->line, col->header, "caractère de contrôle interdit");
      put = NULL;
    }
    break;
  case PS_NUM: {
    double d;
    if (n > col->max || csv_parse_number(v, &d) || !isfinite(d)) {
      ps_report_add(r->rep, t, pr->line, col->header, "nombre « %.40s » invalide", v);
      put = NULL;
    } else {
      snprintf(out, sizeof out, "%.15g", d);
      put = out;
    }
    break;
  }
  case PS_INT: {
    double d;
    if (n > col->max || csv_parse_number(v, &d) || d != floor(d) || fabs(d) > 1e15) {
      ps_report_add(r->rep, t, pr->line, col->header, "nombre entier « %.40s » invalide", v);
      put = NULL;
    } else {
      snprintf(out, sizeof out, "%lld", (long long)d);
      put = out;
    }
    break;
  }
  case PS_DATE:
    if (n > 19 || !date_canon(v, kind, out)) {
      ps_report_add(r->rep, t, pr->line, col->header, "date « %.40s » invalide (AAAA-MM-JJ ou JJ/MM/AAAA)", v);
      put = NULL;
    } else {
      put = out;
    }
    break;
  case PS_BOOL: {
    char f[16];
    ps_fold(v, f, sizeof f);
    if (!strcmp(f, "oui") || !strcmp(f, "1") || !strcmp(f, "vrai")) put = "1";
    else if (!strcmp(f, "non") || !strcmp(f, "0") || !strcmp(f, "faux")) put = "0";
    else {
      ps_report_add(r->rep, t, pr->line, col->header, "« %.40s » : oui ou non attendu", v);
      put = NULL;
    }
    break;
  }
  case PS_ENUM: {
    const char *code = n <= col->max ? ps_enum_code(col->en, v) : NULL;
    if (!code) {
      char allowed[400];
      size_t w = 0;
      allowed[0] = '\0';
      for (const struct ps_enum *e = col->en; e->code && w < sizeof allowed; e++)
        w += (size_t)snprintf(allowed + w, sizeof allowed - w, "%s« %s »", w ? ", " : "", e->label);
      ps_report_add(r->rep, t, pr->line, col->header, "valeur « %.40s » inconnue (%s)", v, allowed);
    }
    put = code;
    break;
  }
  case PS_LIST: {
    /* ids separated by spaces, commas or semicolons -> one space */
    char *w = v, *p = v;
    int bad = n > col->max;
    while (*p && !bad) {
      while (*p == ' ' || *p == ',' || *p == ';' || *p == '\n' || *p == '\r' || *p == '\t') p++;
      size_t l = strcspn(p, " ,;\n\r\t");
      if (!l) break;
      if (l > 11) bad = 1;
      for (size_t i = 0; i < l && !bad; i++)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-')) bad = 1;
      if (w != v) *w++ = ' ';
      memmove(w, p, l);
      w += l;
      p += l;
    }
    *w = '\0';
    if (bad) {
      ps_report_add(r->rep, t, pr->line, col->header,
                    "liste de territoires invalide : identifiants (DEP-44, REG-52…) séparés par des espaces");
      put = NULL;
    }
    break;
  }
  }
  plam_err e = ps_cell_set(pr, c, put);
  free(v);
  return e;
}

static plam_err data_row(struct rd *r, int t, const struct table_row *row, size_t first) {
  if (r->b->total >= PS_MAX_ROWS) {
    ps_report_add(r->rep, t, (uint32_t)row->row, NULL, "fichier trop grand : %u lignes au plus", PS_MAX_ROWS);
    r->stop = 1;
    return PLAM_ERR_TOO_LARGE;
  }
  header_map(r, t, first);
  struct ps_row *pr = ps_book_add(r->b, (enum ps_table_id)t, (uint32_t)row->row);
  if (!pr) return PLAM_ERR_NOMEM;
  int given[PS_MAX_COLS] = {0}; /* a value was there (maybe refused, then already reported) */
  for (size_t k = first; k < row->ncols; k++) {
    if (!row->cells[k][0]) continue;
    int c = k < r->nhead && k < CSV_DEFAULT_MAX_COLS ? r->map[t][k] : -2;
    if (c == -2) {
      char colname[4];
      xlsx_col_name((uint32_t)k + 1, colname);
      ps_report_add(r->rep, t, pr->line, colname, "cellule hors des colonnes de l'en-tête");
      continue;
    }
    if (c < 0) continue;
    given[c] = 1;
    plam_err e = cell_put(r, t, pr, c, row->cells[k], row->kinds[k]);
    if (e) return e;
  }
  for (int c = 0; c < ps_tables[t].ncols; c++)
    if (ps_tables[t].cols[c].required && !pr->cells[c] && !given[c]) {
      /* a missing column was reported at the header; an empty cell here */
      int present = 0;
      for (size_t k = first; k < r->nhead && k < CSV_DEFAULT_MAX_COLS; k++) present |= r->map[t][k] == c;
      if (present) ps_report_add(r->rep, t, pr->line, ps_tables[t].cols[c].header, "valeur obligatoire manquante");
    }
  return PLAM_OK;
}

static plam_err on_csv_row(void *ctx, const struct table_row *row) {
  struct rd *r = ctx;
  char f[64];
  ps_fold(row->ncols ? csv_field_unguard(row->cells[0]) : "", f, sizeof f);
  if (!strcmp(f, ROW_TYPE_HEADER)) return header_set(r, row, 1);
  if (!r->have_header) {
    ps_report_add(r->rep, -1, (uint32_t)row->row, "type de ligne",
                  "la première ligne doit être un en-tête commençant par « type de ligne »");
    r->stop = 1;
    return PLAM_ERR_INVALID;
  }
  int t = table_find(row->cells[0]);
  if (t < 0) {
    ps_report_add(r->rep, -1, (uint32_t)row->row, "type de ligne", "type de ligne « %.40s » inconnu", row->cells[0]);
    return PLAM_OK;
  }
  return data_row(r, t, row, 1);
}

static plam_err on_xlsx_row(void *ctx, const struct table_row *row) {
  struct rd *r = ctx;
  if (!r->have_header) return header_set(r, row, 0);
  return data_row(r, r->xlsx_table, row, 0);
}

static plam_err read_xlsx(struct rd *r, const void *data, size_t len) {
  struct xlsx_limits lim = {.max_part = 64u << 20, .max_cells = 2000000, .max_cols = 64, .max_sheets = 64};
  struct xlsx_book *book;
  struct table_error err = {0};
  plam_err e = xlsx_open(data, len, &lim, &book, &err);
  if (e == PLAM_ERR_NOMEM) return e;
  if (e) {
    ps_report_add(r->rep, -1, 0, NULL, "classeur XLSX illisible : %s", err.message);
    return PLAM_OK;
  }
  for (size_t i = 0; !e && i < xlsx_sheet_count(book); i++) {
    int t = table_find(xlsx_sheet_name(book, i));
    if (t < 0) continue;
    r->xlsx_table = t;
    r->have_header = 0;
    memset(&err, 0, sizeof err);
    e = xlsx_read_sheet(book, i, on_xlsx_row, r, &err);
    if (e && e != PLAM_ERR_NOMEM && !r->stop) {
      ps_report_add(r->rep, t, (uint32_t)err.row, NULL, "feuille illisible : %s", err.message);
      e = PLAM_OK;
    }
  }
  xlsx_close(book);
  return e == PLAM_ERR_NOMEM ? e : PLAM_OK;
}

plam_err ps_read(enum ps_format fmt, const void *data, size_t len, struct ps_book *b, struct ps_report *rep) {
  memset(b, 0, sizeof *b);
  struct rd *r = calloc(1, sizeof *r);
  if (!r) return PLAM_ERR_NOMEM;
  r->b = b;
  r->rep = rep;
  r->fmt = fmt;
  r->xlsx_table = -1;
  plam_err e;
  if (fmt == PS_XLSX) {
    e = read_xlsx(r, data, len);
  } else {
    struct csv_options opt = {.max_field = 64 * 1024, .max_cols = 64, .max_rows = PS_MAX_ROWS + 1000};
    struct table_error err = {0};
    e = csv_read(data, len, &opt, on_csv_row, r, NULL, &err);
    if (e && e != PLAM_ERR_NOMEM && !r->stop) ps_report_add(rep, -1, (uint32_t)err.row, NULL, "%s", err.message);
    if (e != PLAM_ERR_NOMEM) e = PLAM_OK;
  }
  if (!e && b->n[PS_PLAN] != 1)
    ps_report_add(rep, PS_PLAN, 0, NULL, "la table « Plan » doit avoir exactement une ligne (elle en a %zu)",
                  b->n[PS_PLAN]);
  free(r->head);
  free(r);
  return e;
}
