/* OPPI evaluation exports: the CSV layout and its reader (see intern_oppi.h). */
#include "app/intern/intern_oppi.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/intern/intern_rules.h"
#include "base/utf8.h"
#include "fmt/csv.h"

enum {
  C_REF = 0,
  C_SITE,
  C_SEM,
  C_SUP,
  C_COND,
  C_HOURS,
  C_REST,
  C_HALF,
  C_NONMED,
  C_RESPECT,
  C_HARASS,
  C_COMMENT,
  C__N
};

/* header names (folded: lower case, accents and punctuation removed) */
static const struct {
  const char *title, *names[3];
  int required;
  int64_t lo, hi; /* numeric columns */
} cols[C__N] = {
  {"identifiant", {"identifiant", "id", NULL}, 1, 0, 0},
  {"terrain", {"terrain", "terraindestage", NULL}, 1, 1, 9007199254740991LL},
  {"semestre", {"semestre", NULL, NULL}, 1, 0, 0},
  {"encadrement", {"encadrement", NULL, NULL}, 1, 0, 4},
  {"conditions", {"conditions", "conditionsdetravail", NULL}, 1, 1, 4},
  {"heures", {"heures", "heuresparsemaine", NULL}, 1, 0, 120},
  {"repos de garde", {"reposdegarde", "repos", NULL}, 1, 0, 0},
  {"demi-journées", {"demijournees", "demijourneesdeformation", NULL}, 1, 0, 10},
  {"tâches non médicales", {"tachesnonmedicales", NULL, NULL}, 1, 1, 4},
  {"respect", {"respect", NULL, NULL}, 1, 1, 4},
  {"harcèlement", {"harcelement", "harcelementouviolence", NULL}, 1, 0, 0},
  {"commentaire", {"commentaire", NULL, NULL}, 0, 0, 0},
};

/* Lower-case ASCII letters and digits only; é è ê à â ç î ô û folded. */
static void fold(const char *s, char *out, size_t n) {
  static const struct {
    const char *from;
    char to;
  } acc[] = {{"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"É", 'e'}, {"à", 'a'}, {"â", 'a'},
             {"ç", 'c'}, {"î", 'i'}, {"ô", 'o'}, {"û", 'u'}, {"ù", 'u'}};
  size_t k = 0;
  while (*s && k + 1 < n) {
    int done = 0;
    for (size_t i = 0; i < sizeof acc / sizeof acc[0] && !done; i++) {
      size_t l = strlen(acc[i].from);
      if (!strncmp(s, acc[i].from, l)) {
        out[k++] = acc[i].to;
        s += l;
        done = 1;
      }
    }
    if (done) continue;
    unsigned char c = (unsigned char)*s++;
    if (isalnum(c) && c < 0x80) out[k++] = (char)tolower(c);
  }
  out[k] = 0;
}

void oppi_error_add(struct oppi_report *r, uint32_t row, uint32_t col, const char *fmt, ...) {
  r->total_errors++;
  if (r->nerrors >= OPPI_MAX_ERRORS || !r->errors) return;
  struct oppi_error *e = &r->errors[r->nerrors++];
  e->row = row;
  e->col = col;
  char what[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (row && col) snprintf(e->message, sizeof e->message, "ligne %u, colonne %u : %s", row, col, what);
  else if (row) snprintf(e->message, sizeof e->message, "ligne %u : %s", row, what);
  else snprintf(e->message, sizeof e->message, "%s", what);
}

struct reader {
  struct oppi_report *r;
  int colmap[C__N];
  int header_done, header_ok, nomem;
};

static void read_header(struct reader *rd, const struct table_row *row) {
  for (size_t i = 0; i < row->ncols; i++) {
    char f[64];
    fold(row->cells[i], f, sizeof f);
    if (!f[0]) continue;
    int k = -1;
    for (int c = 0; c < C__N && k < 0; c++)
      for (int j = 0; j < 3 && cols[c].names[j]; j++)
        if (!strcmp(f, cols[c].names[j])) k = c;
    if (k < 0) oppi_error_add(rd->r, (uint32_t)row->row, (uint32_t)i + 1, "en-tête « %.60s » inconnu", row->cells[i]);
    else if (rd->colmap[k] >= 0)
      oppi_error_add(rd->r, (uint32_t)row->row, (uint32_t)i + 1, "la colonne « %s » apparaît deux fois", cols[k].title);
    else rd->colmap[k] = (int)i;
  }
  rd->header_ok = 1;
  for (int c = 0; c < C__N; c++)
    if (cols[c].required && rd->colmap[c] < 0) {
      oppi_error_add(rd->r, (uint32_t)row->row, 0, "colonne « %s » absente de l'en-tête", cols[c].title);
      rd->header_ok = 0;
    }
}

static const char *cell(const struct reader *rd, const struct table_row *row, int k) {
  int c = rd->colmap[k];
  return c < 0 || (size_t)c >= row->ncols ? "" : row->cells[c];
}

/* An integer cell in [lo, hi]; 0 and an error when not. */
static int64_t int_cell(struct reader *rd, const struct table_row *row, int k, int *bad) {
  const char *s = cell(rd, row, k);
  char *end = NULL;
  long long v = 0;
  int ok = *s && (isdigit((unsigned char)*s) || *s == '-');
  if (ok) {
    v = strtoll(s, &end, 10);
    ok = end && !*end && v >= cols[k].lo && v <= cols[k].hi;
  }
  if (!ok) {
    *bad = 1;
    oppi_error_add(rd->r, (uint32_t)row->row, (uint32_t)rd->colmap[k] + 1,
                   "« %s » : nombre entier entre %lld et %lld attendu", cols[k].title, (long long)cols[k].lo,
                   (long long)cols[k].hi);
    return 0;
  }
  return v;
}

/* oui 1, non 0, sans objet 2 (when allowed), -1 otherwise */
static int yes_no(const char *s, int sans_objet) {
  char f[16];
  fold(s, f, sizeof f);
  if (!strcmp(f, "oui") || !strcmp(f, "1")) return 1;
  if (!strcmp(f, "non") || !strcmp(f, "0")) return 0;
  if (sans_objet && (!strcmp(f, "sansobjet") || !strcmp(f, "so"))) return 2;
  return -1;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct reader *rd = ctx;
  struct oppi_report *r = rd->r;
  if (!rd->header_done) {
    rd->header_done = 1;
    read_header(rd, row);
    return PLAM_OK;
  }
  if (!rd->header_ok) return PLAM_OK;
  if (r->nrows >= OPPI_MAX_ROWS) {
    oppi_error_add(r, (uint32_t)row->row, 0, "trop de lignes : %d au plus", OPPI_MAX_ROWS);
    return PLAM_ERR_TOO_LARGE;
  }
  struct oppi_row o;
  memset(&o, 0, sizeof o);
  o.row = (uint32_t)row->row;
  int bad = 0;
  const char *ref = cell(rd, row, C_REF);
  size_t rl = strlen(ref);
  if (rl < 1 || rl > 64 || !utf8_valid(ref, rl, NULL)) {
    bad = 1;
    oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_REF] + 1, "identifiant de 1 à 64 caractères attendu");
  } else {
    for (size_t i = 0; i < rl; i++)
      if ((unsigned char)ref[i] < 0x20) bad = 1;
    if (bad) oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_REF] + 1, "identifiant : caractère de contrôle refusé");
    else memcpy(o.ref, ref, rl + 1);
  }
  o.site_id = int_cell(rd, row, C_SITE, &bad);
  const char *sem = cell(rd, row, C_SEM);
  if (!intern_semester_valid(sem)) {
    bad = 1;
    oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_SEM] + 1, "semestre attendu : AAAA-05 (été) ou AAAA-11 (hiver)");
  } else {
    memcpy(o.semester, sem, 8);
  }
  o.supervision = int_cell(rd, row, C_SUP, &bad);
  o.conditions = int_cell(rd, row, C_COND, &bad);
  o.hours = int_cell(rd, row, C_HOURS, &bad);
  o.training_half_days = int_cell(rd, row, C_HALF, &bad);
  o.non_medical = int_cell(rd, row, C_NONMED, &bad);
  o.respect = int_cell(rd, row, C_RESPECT, &bad);
  int rest = yes_no(cell(rd, row, C_REST), 1);
  if (rest < 0) {
    bad = 1;
    oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_REST] + 1, "repos de garde : oui, non ou sans objet attendu");
  }
  o.rest_taken = rest;
  int h = yes_no(cell(rd, row, C_HARASS), 0);
  if (h < 0) {
    bad = 1;
    oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_HARASS] + 1, "harcèlement : oui ou non attendu");
  }
  o.harassment = h > 0;
  const char *com = cell(rd, row, C_COMMENT);
  size_t cl = strlen(com);
  if (utf8_count(com) > 2000) {
    bad = 1;
    oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_COMMENT] + 1, "commentaire trop long : 2000 caractères au plus");
  }
  for (size_t i = 0; i < cl && !bad; i++) {
    unsigned char c = (unsigned char)com[i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
      bad = 1;
      oppi_error_add(r, o.row, (uint32_t)rd->colmap[C_COMMENT] + 1, "commentaire : caractère de contrôle refusé");
    }
  }
  if (bad) return PLAM_OK;
  if (!(o.comment = malloc(cl + 1))) return PLAM_ERR_NOMEM;
  memcpy(o.comment, com, cl + 1);
  if (r->nrows == r->caprows) {
    size_t nc = r->caprows ? r->caprows * 2 : 64;
    struct oppi_row *p = realloc(r->rows, nc * sizeof *p);
    if (!p) {
      free(o.comment);
      return PLAM_ERR_NOMEM;
    }
    r->rows = p;
    r->caprows = nc;
  }
  r->rows[r->nrows++] = o;
  return PLAM_OK;
}

static int cmp_ref(const void *a, const void *b) {
  const struct oppi_row *x = *(const struct oppi_row *const *)a, *y = *(const struct oppi_row *const *)b;
  int c = strcmp(x->ref, y->ref);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* An identifier given twice: an error on each later row. */
static plam_err check_duplicates(struct oppi_report *r, int ref_col) {
  if (r->nrows < 2) return PLAM_OK;
  const struct oppi_row **p = malloc(r->nrows * sizeof *p);
  if (!p) return PLAM_ERR_NOMEM;
  for (size_t i = 0; i < r->nrows; i++) p[i] = &r->rows[i];
  qsort(p, r->nrows, sizeof *p, cmp_ref);
  for (size_t i = 1; i < r->nrows; i++)
    if (!strcmp(p[i]->ref, p[i - 1]->ref))
      oppi_error_add(r, p[i]->row, (uint32_t)ref_col + 1, "identifiant « %.64s » déjà donné ligne %u", p[i]->ref,
                     p[i - 1]->row);
  free(p);
  return PLAM_OK;
}

plam_err oppi_parse(const char *data, size_t len, struct oppi_report *r) {
  memset(r, 0, sizeof *r);
  if (!(r->errors = calloc(OPPI_MAX_ERRORS, sizeof *r->errors))) return PLAM_ERR_NOMEM;
  struct reader rd;
  memset(&rd, 0, sizeof rd);
  rd.r = r;
  for (int c = 0; c < C__N; c++) rd.colmap[c] = -1;
  struct table_error te;
  memset(&te, 0, sizeof te);
  struct csv_options opt = {.max_rows = OPPI_MAX_ROWS + 2};
  plam_err e = csv_read(data, len, &opt, on_row, &rd, NULL, &te);
  if (e == PLAM_ERR_NOMEM) return e;
  if (!e && (e = check_duplicates(r, rd.colmap[C_REF]))) return e;
  if (e) { /* the reader's message already names the row and column */
    size_t at = r->nerrors;
    oppi_error_add(r, 0, 0, "%s", te.message[0] ? te.message : "fichier illisible");
    if (r->nerrors > at) {
      r->errors[at].row = (uint32_t)te.row;
      r->errors[at].col = (uint32_t)te.col;
    }
  } else if (!rd.header_done) oppi_error_add(r, 0, 0, "fichier vide : une ligne d'en-tête est attendue");
  else if (!r->nrows && !r->total_errors) oppi_error_add(r, 0, 0, "aucune évaluation dans le fichier");
  return PLAM_OK;
}

void oppi_report_free(struct oppi_report *r) {
  for (size_t i = 0; i < r->nrows; i++) free(r->rows[i].comment);
  free(r->rows);
  free(r->errors);
  memset(r, 0, sizeof *r);
}
