/* Committee workbook diff, the pure part (see committee.h): reads the data
 * sheet of an uploaded workbook row by row, finds each row's current state by
 * (indicator id, territory) with a binary search, reports every protected
 * cell that differs from the current state (identification altered, or known
 * values changed since the download) and every malformed editable cell, and
 * collects the new values. Nothing here touches the database. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/committee/committee.h"
#include "fmt/csv.h"
#include "app/plan/meas_bounds.h"
#include "app/plan/progress.h"
#include "fmt/xlsx_read.h"

const char *const committee_headers[CC__N] = {
  [CC_ACTION_ID] = "ID action",
  [CC_INDICATOR_ID] = "ID indicateur",
  [CC_TERRITORY] = "Territoire",
  [CC_ACTION_NUMBER] = "N° action",
  [CC_ACTION_TITLE] = "Action",
  [CC_INDICATOR_CODE] = "Code indicateur",
  [CC_INDICATOR_NAME] = "Indicateur",
  [CC_UNIT] = "Unité",
  [CC_REF_TERRITORY] = "Territoire de la référence et de la cible",
  [CC_BASELINE] = "Valeur de référence",
  [CC_BASELINE_ON] = "Date de référence",
  [CC_TARGET] = "Prochaine cible",
  [CC_TARGET_ON] = "Échéance de la cible",
  [CC_LAST] = "Dernière valeur validée",
  [CC_LAST_ON] = "Date de la dernière valeur",
  [CC_NEW_VALUE] = "Nouvelle valeur",
  [CC_NEW_ON] = "Date de la nouvelle valeur",
  [CC_COMMENT] = "Commentaire",
};

enum cell_kind { K_ID, K_TEXT, K_NUM, K_DATE };
static const enum cell_kind col_kind[COMMITTEE_FIRST_EDITABLE] = {
  [CC_ACTION_ID] = K_ID,        [CC_INDICATOR_ID] = K_ID,   [CC_TERRITORY] = K_TEXT,
  [CC_ACTION_NUMBER] = K_TEXT,  [CC_ACTION_TITLE] = K_TEXT, [CC_INDICATOR_CODE] = K_TEXT,
  [CC_INDICATOR_NAME] = K_TEXT, [CC_UNIT] = K_TEXT,         [CC_REF_TERRITORY] = K_TEXT,
  [CC_BASELINE] = K_NUM,        [CC_BASELINE_ON] = K_DATE,  [CC_TARGET] = K_NUM,
  [CC_TARGET_ON] = K_DATE,      [CC_LAST] = K_NUM,          [CC_LAST_ON] = K_DATE,
};

static void num_text(int has, double v, char *out, size_t n) {
  if (has) snprintf(out, n, "%.15g", v);
  else if (n) out[0] = '\0';
}

void committee_cell_text(const struct committee_row *r, int col, char *out, size_t n) {
  if (!n) return;
  out[0] = '\0';
  switch (col) {
  case CC_ACTION_ID: snprintf(out, n, "%lld", (long long)r->action_id); break;
  case CC_INDICATOR_ID: snprintf(out, n, "%lld", (long long)r->indicator_id); break;
  case CC_TERRITORY: snprintf(out, n, "%s", r->territory); break;
  case CC_ACTION_NUMBER: snprintf(out, n, "%s", r->action_number); break;
  case CC_ACTION_TITLE: snprintf(out, n, "%s", r->action_title); break;
  case CC_INDICATOR_CODE: snprintf(out, n, "%s", r->indicator_code); break;
  case CC_INDICATOR_NAME: snprintf(out, n, "%s", r->indicator_name); break;
  case CC_UNIT: snprintf(out, n, "%s", r->unit); break;
  case CC_REF_TERRITORY: snprintf(out, n, "%s", r->ref_territory); break;
  case CC_BASELINE: num_text(r->has_baseline, r->baseline, out, n); break;
  case CC_BASELINE_ON: snprintf(out, n, "%s", r->baseline_on); break;
  case CC_TARGET: num_text(r->has_target, r->target, out, n); break;
  case CC_TARGET_ON: snprintf(out, n, "%s", r->target_on); break;
  case CC_LAST: num_text(r->has_last, r->last, out, n); break;
  case CC_LAST_ON: snprintf(out, n, "%s", r->last_on); break;
  default: break;
  }
}

void committee_row_fingerprint(const struct committee_row *r, char *out, size_t n) {
  char b[32], t[32], l[32];
  num_text(r->has_baseline, r->baseline, b, sizeof b);
  num_text(r->has_target, r->target, t, sizeof t);
  num_text(r->has_last, r->last, l, sizeof l);
  snprintf(out, n, "%s|%s|%s|%s|%s|%s|%s|%lld", r->ref_territory, b, r->baseline_on, t, r->target_on, l, r->last_on,
           (long long)r->last_measurement_id);
}

static int cmp_row(const void *a, const void *b) {
  const struct committee_row *x = a, *y = b;
  if (x->indicator_id != y->indicator_id) return x->indicator_id < y->indicator_id ? -1 : 1;
  return strcmp(x->territory, y->territory);
}

void committee_rows_sort(struct committee_row *rows, size_t n) {
  if (n > 1) qsort(rows, n, sizeof rows[0], cmp_row);
}

static long find_row(const struct committee_row *rows, size_t n, int64_t ind, const char *terr) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int k = rows[mid].indicator_id != ind ? (rows[mid].indicator_id < ind ? -1 : 1) : strcmp(rows[mid].territory, terr);
    if (!k) return (long)mid;
    if (k < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* ---- reading ---- */

struct reader {
  const struct committee_row *rows;
  size_t nrows;
  struct committee_diff *d;
  int date1904;
  int header_done, header_ok;
  unsigned char *seen; /* per current row: sheet row already given */
  uint32_t *seen_row;
};

static void add_error(struct committee_diff *d, size_t row, int col, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void add_error(struct committee_diff *d, size_t row, int col, const char *fmt, ...) {
  d->total_errors++;
  if (d->nerrors >= COMMITTEE_MAX_ERRORS) return;
  struct committee_error *e = &d->errors[d->nerrors++];
  e->row = (uint32_t)row;
  e->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

static const char *cell(const struct table_row *row, int c, enum table_cell_kind *kind, double *num) {
  if (c < 0 || (size_t)c >= row->ncols) {
    if (kind) *kind = TABLE_CELL_EMPTY;
    if (num) *num = 0;
    return "";
  }
  if (kind) *kind = row->kinds[c];
  if (num) *num = row->numbers ? row->numbers[c] : 0;
  return row->cells[c];
}

/* s without leading and trailing blanks, into out. */
static void trim(const char *s, char *out, size_t n) {
  while (*s == ' ' || *s == '\t') s++;
  size_t len = strlen(s);
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len >= n) len = n - 1;
  memcpy(out, s, len);
  out[len] = '\0';
}

/* Header text with case folded on ASCII letters and blanks trimmed. */
static int header_equal(const char *got, const char *want) {
  char g[160];
  trim(got, g, sizeof g);
  size_t i = 0;
  for (; g[i] && want[i]; i++)
    if (tolower((unsigned char)g[i]) != tolower((unsigned char)want[i])) return 0;
  return !g[i] && !want[i];
}

/* A date cell (Excel date, serial number, AAAA-MM-JJ or JJ/MM/AAAA) into
 * out "YYYY-MM-DD"; 0 when it is none of those. */
static int parse_date(int date1904, const char *s, enum table_cell_kind kind, double num, char out[11]) {
  char buf[24];
  if (kind == TABLE_CELL_NUMBER) {
    if (xlsx_serial_to_date(num, date1904, buf) != PLAM_OK || strlen(buf) != 10) return 0;
  } else if (kind == TABLE_CELL_DATE) {
    if (strlen(s) > 10 && strcmp(s + 10, "T00:00:00")) return 0;
    snprintf(buf, sizeof buf, "%.10s", s);
  } else {
    char t[24];
    trim(s, t, sizeof t);
    size_t n = strlen(t);
    if (n == 10 && t[2] == '/' && t[5] == '/') snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", t + 6, t + 3, t);
    else if (n == 10) snprintf(buf, sizeof buf, "%s", t);
    else return 0;
  }
  progress_day d;
  if (progress_day_parse(buf, &d) != PLAM_OK) return 0;
  memcpy(out, buf, 10);
  out[10] = '\0';
  return 1;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return 0;
  return 1;
}

/* Whether the uploaded protected cell equals the current one. */
static int protected_equal(const struct reader *rd, const struct committee_row *r, int col, const char *got,
                           enum table_cell_kind kind, double num) {
  char want[1100];
  committee_cell_text(r, col, want, sizeof want);
  char g[1100];
  trim(got, g, sizeof g);
  switch (col_kind[col]) {
  case K_TEXT: {
    char w[1100];
    trim(want, w, sizeof w);
    return !strcmp(csv_field_unguard(g), w);
  }
  case K_ID:
  case K_NUM: {
    if (!want[0] || !g[0]) return !want[0] && !g[0];
    double x = 0, y = strtod(want, NULL);
    if (kind == TABLE_CELL_NUMBER) x = num;
    else if (csv_parse_number(g, &x) != PLAM_OK) return 0;
    return x == y || fabs(x - y) <= 1e-12 * fmax(fabs(x), fabs(y));
  }
  case K_DATE: {
    if (!want[0] || !g[0]) return !want[0] && !g[0];
    char d[11];
    return parse_date(rd->date1904, g, kind, num, d) && !strcmp(d, want);
  }
  }
  return 0;
}

static plam_err add_change(struct committee_diff *d, uint32_t row, size_t idx, double v, const char *on,
                           const char *comment) {
  if (d->nchanges == d->capchanges) {
    size_t cap = d->capchanges ? d->capchanges * 2 : 64;
    struct committee_change *p = realloc(d->changes, cap * sizeof *p);
    if (!p) return PLAM_ERR_NOMEM;
    d->changes = p;
    d->capchanges = cap;
  }
  struct committee_change *c = &d->changes[d->nchanges];
  memset(c, 0, sizeof *c);
  c->row = row;
  c->idx = idx;
  c->value = v;
  snprintf(c->value_on, sizeof c->value_on, "%s", on);
  if (comment && !blank(comment) && !(c->comment = strdup(comment))) return PLAM_ERR_NOMEM;
  d->nchanges++;
  return PLAM_OK;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct reader *rd = ctx;
  struct committee_diff *d = rd->d;
  if (!rd->header_done) {
    rd->header_done = 1;
    rd->header_ok = 1;
    for (int k = 0; k < CC__N; k++) {
      const char *h = cell(row, k, NULL, NULL);
      if (!header_equal(h, committee_headers[k])) {
        add_error(d, row->row, k,
                  "en-tête « %.60s » attendu, « %.60s » trouvé : utilisez le classeur téléchargé "
                  "sans ajouter, supprimer ni déplacer de colonne",
                  committee_headers[k], h);
        rd->header_ok = 0;
      }
    }
    if (row->ncols > CC__N)
      for (size_t k = CC__N; k < row->ncols; k++)
        if (!blank(row->cells[k])) {
          add_error(d, row->row, -1, "colonne %zu en trop dans l'en-tête (« %.60s »)", k + 1, row->cells[k]);
          rd->header_ok = 0;
        }
    return PLAM_OK;
  }
  int any = 0;
  for (size_t k = 0; k < row->ncols && !any; k++)
    if (!blank(row->cells[k])) any = 1;
  if (!any) return PLAM_OK;
  d->rows++;
  if (d->rows > COMMITTEE_MAX_ROWS) {
    add_error(d, row->row, -1, "trop de lignes (%u au plus)", COMMITTEE_MAX_ROWS);
    return PLAM_ERR_TOO_LARGE;
  }
  if (!rd->header_ok) return PLAM_OK;
  for (size_t k = CC__N; k < row->ncols; k++)
    if (!blank(row->cells[k])) add_error(d, row->row, -1, "colonne %zu : cellule remplie hors du tableau", k + 1);

  /* which current row: indicator id and territory */
  enum table_cell_kind ik;
  double inum;
  const char *is = cell(row, CC_INDICATOR_ID, &ik, &inum);
  char it[32], terr[16];
  trim(is, it, sizeof it);
  double idv = 0;
  int idok = ik == TABLE_CELL_NUMBER ? (idv = inum, 1) : csv_parse_number(it, &idv) == PLAM_OK;
  trim(cell(row, CC_TERRITORY, NULL, NULL), terr, sizeof terr);
  long ri = -1;
  if (idok && idv == floor(idv) && idv > 0 && idv < 9e15) ri = find_row(rd->rows, rd->nrows, (int64_t)idv, terr);
  if (ri < 0) {
    add_error(d, row->row, CC_INDICATOR_ID,
              "ligne inconnue : l'indicateur « %.30s » pour le territoire « %.15s » "
              "n'est pas une ligne de ce classeur (colonnes protégées modifiées ou ligne ajoutée)",
              it, terr);
    return PLAM_OK;
  }
  const struct committee_row *cur = &rd->rows[ri];
  if (rd->seen[ri]) {
    add_error(d, row->row, CC_INDICATOR_ID, "ligne en double : l'indicateur %lld pour %s figure déjà ligne %u",
              (long long)cur->indicator_id, cur->territory, rd->seen_row[ri]);
    return PLAM_OK;
  }
  rd->seen[ri] = 1;
  rd->seen_row[ri] = (uint32_t)row->row;

  /* protected cells */
  for (int k = 0; k < COMMITTEE_FIRST_EDITABLE; k++) {
    enum table_cell_kind kk;
    double kn;
    const char *got = cell(row, k, &kk, &kn);
    if (protected_equal(rd, cur, k, got, kk, kn)) continue;
    char want[200];
    committee_cell_text(cur, k, want, sizeof want);
    if (k >= CC_REF_TERRITORY)
      add_error(d, row->row, k,
                "valeur connue différente de l'état actuel (attendu « %.60s », trouvé « %.60s ») : "
                "la cellule a été modifiée ou les valeurs ont changé depuis le téléchargement ; téléchargez un "
                "classeur à jour",
                want, got);
    else add_error(d, row->row, k, "cellule protégée modifiée (attendu « %.80s », trouvé « %.80s »)", want, got);
  }

  /* editable cells */
  enum table_cell_kind vk, dk;
  double vn, dn, v = 0;
  const char *vs = cell(row, CC_NEW_VALUE, &vk, &vn);
  const char *ds = cell(row, CC_NEW_ON, &dk, &dn);
  const char *cs = csv_field_unguard(cell(row, CC_COMMENT, NULL, NULL));
  size_t errs = d->total_errors;
  int has_v = !blank(vs);
  char on[11] = "";
  if (has_v) {
    if (vk == TABLE_CELL_NUMBER) v = vn;
    else if (csv_parse_number(csv_field_unguard(vs), &v) != PLAM_OK || !isfinite(v))
      add_error(d, row->row, CC_NEW_VALUE, "nombre « %.40s » invalide", vs);
    if (blank(ds)) add_error(d, row->row, CC_NEW_ON, "la date de la nouvelle valeur est vide");
  } else if (!blank(ds) || !blank(cs)) {
    add_error(d, row->row, CC_NEW_VALUE, "la nouvelle valeur est vide alors que la date ou le commentaire est rempli");
  }
  if (!blank(ds) && !parse_date(rd->date1904, ds, dk, dn, on))
    add_error(d, row->row, CC_NEW_ON, "date « %.40s » invalide (attendu : JJ/MM/AAAA ou AAAA-MM-JJ)", ds);
  if (strlen(cs) > COMMITTEE_MAX_COMMENT) add_error(d, row->row, CC_COMMENT, "le commentaire dépasse 1 000 octets");
  if (has_v && !cur->allowed)
    add_error(d, row->row, CC_NEW_VALUE,
              "vous ne pilotez pas l'action %s : vous ne pouvez pas proposer de valeur "
              "pour cette ligne",
              cur->action_number);
  if (has_v && d->total_errors == errs) { /* the indicator's bounds (meas_bounds.h) */
    struct meas_rule rule;
    char why[200];
    if (meas_rule_from(cur->kind, cur->aggregation, cur->ratio_scale, &rule))
      add_error(d, row->row, CC_NEW_VALUE,
                "la définition de l'indicateur « %.60s » est invalide : aucune valeur ne "
                "peut être proposée",
                cur->indicator_code);
    else if (meas_part_refused(&rule, MEAS_PART_VALUE, v, why, sizeof why))
      add_error(d, row->row, CC_NEW_VALUE, "« %.24s » refusé : %s", vs, why);
  }
  if (!has_v || d->total_errors != errs) return PLAM_OK;
  if (cur->has_last && cur->last == v && !strcmp(cur->last_on, on)) return PLAM_OK; /* already the known value */
  return add_change(d, (uint32_t)row->row, (size_t)ri, v, on, cs);
}

static int cmp_error(const void *a, const void *b) {
  const struct committee_error *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return (x->col > y->col) - (x->col < y->col);
}

plam_err committee_diff_compute(const struct committee_row *rows, size_t n, const void *data, size_t len,
                                struct committee_diff *d) {
  memset(d, 0, sizeof *d);
  d->errors = calloc(COMMITTEE_MAX_ERRORS, sizeof *d->errors);
  struct reader rd = {.rows = rows, .nrows = n, .d = d};
  rd.seen = calloc(n ? n : 1, 1);
  rd.seen_row = calloc(n ? n : 1, sizeof *rd.seen_row);
  if (!d->errors || !rd.seen || !rd.seen_row) {
    free(rd.seen);
    free(rd.seen_row);
    committee_diff_free(d);
    return PLAM_ERR_NOMEM;
  }
  struct table_error te = {0};
  struct xlsx_book *b = NULL;
  plam_err e = xlsx_open(data, len, NULL, &b, &te);
  if (!e) {
    long s = xlsx_sheet_find(b, COMMITTEE_SHEET);
    rd.date1904 = xlsx_date1904(b);
    e = xlsx_read_sheet(b, s >= 0 ? (size_t)s : 0, on_row, &rd, &te);
    xlsx_close(b);
  } else if (!te.message[0]) {
    snprintf(te.message, sizeof te.message, "ce fichier n'est pas un classeur XLSX lisible");
  }
  free(rd.seen);
  free(rd.seen_row);
  if (e == PLAM_ERR_NOMEM) {
    committee_diff_free(d);
    return e;
  }
  if (e && te.message[0]) add_error(d, te.row, -1, "%s", te.message);
  if (!e && !rd.header_done) add_error(d, 1, -1, "feuille vide : la ligne d'en-tête du classeur est attendue");
  if (d->total_errors) { /* a file with errors proposes nothing */
    for (size_t i = 0; i < d->nchanges; i++) free(d->changes[i].comment);
    d->nchanges = 0;
  }
  if (d->nerrors > 1) qsort(d->errors, d->nerrors, sizeof d->errors[0], cmp_error);
  return PLAM_OK;
}

void committee_diff_free(struct committee_diff *d) {
  for (size_t i = 0; i < d->nchanges; i++) free(d->changes[i].comment);
  free(d->changes);
  free(d->errors);
  memset(d, 0, sizeof *d);
}

/* ---- JSON ---- */

static json_t *opt_str(const char *s) { return s && *s ? json_string(s) : json_null(); }

static int push_cell(json_t *cells, const struct committee_row *r, uint32_t row, int col, const char *old,
                     const char *new_) {
  char ref[8];
  xlsx_col_name((uint32_t)col + 1, ref);
  json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:s, s:s, s:s, s:I, s:s}", "row", (json_int_t)row, "column",
                        ref, "column_name", committee_headers[col], "old", opt_str(old), "new", opt_str(new_),
                        "indicator_id", (json_int_t)r->indicator_id, "indicator_code", r->indicator_code, "indicator",
                        r->indicator_name, "territory_id", r->territory, "action_id", (json_int_t)r->action_id,
                        "action_number", r->action_number);
  return o ? json_array_append_new(cells, o) : -1;
}

json_t *committee_diff_json(const struct committee_row *rows, const struct committee_diff *d) {
  json_t *cells = json_array(), *errors = json_array(), *changes = json_array();
  int bad = !cells || !errors || !changes;
  for (size_t i = 0; !bad && i < d->nchanges; i++) {
    const struct committee_change *c = &d->changes[i];
    const struct committee_row *r = &rows[c->idx];
    char oldv[32], newv[32], fp[256];
    committee_cell_text(r, CC_LAST, oldv, sizeof oldv);
    snprintf(newv, sizeof newv, "%.15g", c->value);
    committee_row_fingerprint(r, fp, sizeof fp);
    bad = push_cell(cells, r, c->row, CC_NEW_VALUE, oldv, newv) ||
          push_cell(cells, r, c->row, CC_NEW_ON, r->last_on, c->value_on) ||
          (c->comment && push_cell(cells, r, c->row, CC_COMMENT, NULL, c->comment));
    json_t *o = bad ? NULL
                    : json_pack("{s:I, s:I, s:I, s:s, s:f, s:s, s:o, s:s}", "row", (json_int_t)c->row, "action_id",
                                (json_int_t)r->action_id, "indicator_id", (json_int_t)r->indicator_id, "territory_id",
                                r->territory, "value", c->value, "value_on", c->value_on, "comment",
                                opt_str(c->comment), "fingerprint", fp);
    bad = bad || !o || json_array_append_new(changes, o);
  }
  for (size_t i = 0; !bad && i < d->nerrors; i++) {
    const struct committee_error *x = &d->errors[i];
    char ref[8] = "";
    if (x->col >= 0) xlsx_col_name((uint32_t)x->col + 1, ref);
    json_t *o = json_pack(
      "{s:o, s:o, s:o, s:s}", "row", x->row ? json_integer(x->row) : json_null(), "column", opt_str(ref), "column_name",
      x->col >= 0 && x->col < CC__N ? json_string(committee_headers[x->col]) : json_null(), "message", x->message);
    bad = !o || json_array_append_new(errors, o);
  }
  if (!bad && d->total_errors > d->nerrors) {
    char msg[96];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", d->total_errors - d->nerrors);
    bad = json_array_append_new(errors,
                                json_pack("{s:n, s:n, s:n, s:s}", "row", "column", "column_name", "message", msg));
  }
  if (bad) {
    json_decref(cells);
    json_decref(errors);
    json_decref(changes);
    return NULL;
  }
  return json_pack("{s:o, s:o, s:I, s:o}", "cells", cells, "errors", errors, "errors_total",
                   (json_int_t)d->total_errors, "changes", changes);
}
