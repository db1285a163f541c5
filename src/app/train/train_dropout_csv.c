/* The dropout CSV (docs/FORMATS.md, "Ruptures de formation"), the pure part:
 * one row per (institute, programme, year, year of study, cause, internship
 * involved) with the cohort's enrolled count and its dropouts. Columns are
 * found by their header (any order; case, accents, spaces and punctuation
 * ignored): uai, formation, annee, annee_etude, effectif, cause, lien_stage,
 * ruptures, and optionally terrain (the number of the internship site
 * involved); an "institut" column (the name, for the reader) is allowed and
 * ignored. Every error is kept with its row and column, in French; the
 * caller writes only a file without error. No database here: the UAI codes
 * are resolved by train_dropout_import.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/train/train_int.h"
#include "fmt/csv.h"

#define MAX_ROWS 20000u

enum col { C_UAI = 0, C_PROG, C_YEAR, C_STUDY, C_ENROLLED, C_CAUSE, C_STAGE, C_DROPS, C_IGNORED, C_SITE, C__N };
static const struct {
  const char *name; /* as documented and named in errors */
  const char *alias;
  int required;
} cols[C__N] = {
  {"uai", "code_uai", 1},           {"formation", "programme", 1},
  {"annee", "annee_scolaire", 1},   {"annee_etude", "annee_d_etude", 1},
  {"effectif", "inscrits", 1},      {"cause", "motif", 0},
  {"lien_stage", "stage", 0},       {"ruptures", "nombre", 1},
  {"institut", "etablissement", 0}, {"terrain", "terrain_de_stage", 0},
};

/* French codes of the causes, in the order of train_causes[]. */
static const char *const causes_fr[] = {"stage", "financiere", "sante", "orientation", "familiale", "autre", NULL};

void train_csv_error(struct train_csv_report *r, uint32_t row, const char *column, const char *message) {
  r->total_errors++;
  if (r->nerrors >= TRAIN_CSV_MAX_ERRORS) return;
  if (!r->errors) {
    r->errors = calloc(TRAIN_CSV_MAX_ERRORS, sizeof *r->errors);
    if (!r->errors) return;
  }
  struct train_csv_error *e = &r->errors[r->nerrors++];
  e->row = row;
  snprintf(e->column, sizeof e->column, "%s", column);
  snprintf(e->message, sizeof e->message, "%s", message);
}

/* Lower-case ASCII with the usual French accents folded, every other
 * character run as one '_', no '_' at either end. */
static void norm(const char *s, char *out, size_t n) {
  static const struct {
    const char *utf8;
    char c;
  } fold[] = {{"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"à", 'a'}, {"â", 'a'},
              {"À", 'a'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"û", 'u'}, {"ù", 'u'}, {"ü", 'u'}, {"ç", 'c'}};
  size_t k = 0;
  int sep = 0;
  while (*s && k + 1 < n) {
    char c = 0;
    size_t adv = 1;
    unsigned char u = (unsigned char)*s;
    if (u >= 'A' && u <= 'Z') c = (char)(u - 'A' + 'a');
    else if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) c = (char)u;
    else if (u >= 0x80) {
      for (size_t i = 0; i < sizeof fold / sizeof fold[0]; i++)
        if (!strncmp(s, fold[i].utf8, strlen(fold[i].utf8))) {
          c = fold[i].c;
          adv = strlen(fold[i].utf8);
          break;
        }
      if (!c) adv = 1;
    }
    s += adv;
    if (c) {
      if (sep && k) out[k++] = '_';
      sep = 0;
      if (k + 1 < n) out[k++] = c;
    } else sep = 1;
  }
  out[k] = '\0';
}

struct reader {
  struct train_csv_report *r;
  int header_done, header_ok;
  int colmap[C__N]; /* file column (0-based) of each layout column, -1 absent */
  size_t cap;
  int nomem;
};

static void read_header(struct reader *rd, const struct table_row *row) {
  for (int c = 0; c < C__N; c++) rd->colmap[c] = -1;
  rd->header_ok = 1;
  for (size_t i = 0; i < row->ncols; i++) {
    char h[64];
    norm(row->cells[i], h, sizeof h);
    if (!*h) continue;
    int found = -1;
    for (int c = 0; c < C__N && found < 0; c++)
      if (!strcmp(h, cols[c].name) || !strcmp(h, cols[c].alias)) found = c;
    if (found < 0) {
      char msg[200];
      snprintf(msg, sizeof msg, "colonne inconnue : « %.60s »", row->cells[i]);
      train_csv_error(rd->r, (uint32_t)row->row, h, msg);
      rd->header_ok = 0;
    } else if (rd->colmap[found] >= 0) {
      train_csv_error(rd->r, (uint32_t)row->row, cols[found].name, "colonne en double");
      rd->header_ok = 0;
    } else rd->colmap[found] = (int)i;
  }
  for (int c = 0; c < C__N; c++)
    if (cols[c].required && rd->colmap[c] < 0) {
      train_csv_error(rd->r, (uint32_t)row->row, cols[c].name, "colonne obligatoire absente");
      rd->header_ok = 0;
    }
}

static const char *cell(const struct reader *rd, const struct table_row *row, enum col c) {
  int i = rd->colmap[c];
  return i >= 0 && (size_t)i < row->ncols ? row->cells[i] : "";
}

/* An integer in [lo, hi]; 0 and an error when it is not. */
static int int_cell(struct reader *rd, uint32_t line, enum col c, const char *s, long long lo, long long hi,
                    int64_t *out) {
  char msg[200];
  char *end = NULL;
  long long v = *s ? strtoll(s, &end, 10) : 0;
  while (end && *end == ' ') end++;
  if (!*s || !end || *end || v < lo || v > hi) {
    snprintf(msg, sizeof msg, "nombre entier de %lld à %lld attendu, lu « %.40s »", lo, hi, s);
    train_csv_error(rd->r, line, cols[c].name, msg);
    return 0;
  }
  *out = v;
  return 1;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct reader *rd = ctx;
  struct train_csv_report *r = rd->r;
  if (!rd->header_done) {
    rd->header_done = 1;
    read_header(rd, row);
    return PLAM_OK;
  }
  if (!rd->header_ok) return PLAM_OK;
  uint32_t line = (uint32_t)row->row;
  if (r->nrows >= MAX_ROWS) {
    train_csv_error(r, line, "", "fichier trop long : 20 000 lignes au plus");
    return PLAM_ERR_TOO_LARGE;
  }
  struct train_csv_row x = {.row = line};
  int ok = 1;
  char msg[200];
  /* uai */
  const char *uai = cell(rd, row, C_UAI);
  char up[16] = "";
  size_t ul = strlen(uai);
  for (size_t i = 0; i < ul && i < sizeof up - 1; i++)
    up[i] = (char)(uai[i] >= 'a' && uai[i] <= 'z' ? uai[i] - 32 : uai[i]);
  if (ul >= sizeof up || !train_uai_valid(up)) {
    snprintf(msg, sizeof msg, "code UAI invalide : « %.20s » (7 chiffres puis la lettre clé)", uai);
    train_csv_error(r, line, "uai", msg);
    ok = 0;
  } else memcpy(x.uai, up, 9);
  /* formation */
  char prog[32];
  norm(cell(rd, row, C_PROG), prog, sizeof prog);
  if (!text_in(prog, train_programme_codes)) {
    snprintf(msg, sizeof msg, "formation inconnue : « %.30s » (ide, as, ap, aes, ash, ipa, medecine, maieutique…)",
             cell(rd, row, C_PROG));
    train_csv_error(r, line, "formation", msg);
    ok = 0;
  } else memcpy(x.programme, prog, strlen(prog) + 1); /* a known code: at most 16 bytes */
  ok &= int_cell(rd, line, C_YEAR, cell(rd, row, C_YEAR), 2000, 2100, &x.year);
  ok &= int_cell(rd, line, C_STUDY, cell(rd, row, C_STUDY), 1, 9, &x.study_year);
  ok &= int_cell(rd, line, C_ENROLLED, cell(rd, row, C_ENROLLED), 0, 100000, &x.enrolled);
  ok &= int_cell(rd, line, C_DROPS, cell(rd, row, C_DROPS), 0, 100000, &x.dropouts);
  /* cause: required when there are dropouts */
  char cause[32];
  norm(cell(rd, row, C_CAUSE), cause, sizeof cause);
  int ci = -1;
  for (int i = 0; causes_fr[i]; i++)
    if (!strcmp(cause, causes_fr[i]) || !strcmp(cause, train_causes[i])) ci = i;
  if (*cause && ci < 0) {
    snprintf(msg, sizeof msg, "cause inconnue : « %.30s » (stage, financiere, sante, orientation, familiale, autre)",
             cell(rd, row, C_CAUSE));
    train_csv_error(r, line, "cause", msg);
    ok = 0;
  } else if (!*cause && ok && x.dropouts > 0) {
    train_csv_error(r, line, "cause", "cause obligatoire quand il y a des ruptures");
    ok = 0;
  } else if (ci >= 0) snprintf(x.cause, sizeof x.cause, "%s", train_causes[ci]);
  /* lien_stage */
  char st[16];
  norm(cell(rd, row, C_STAGE), st, sizeof st);
  if (!*st || !strcmp(st, "non") || !strcmp(st, "0") || !strcmp(st, "faux")) x.internship = 0;
  else if (!strcmp(st, "oui") || !strcmp(st, "1") || !strcmp(st, "vrai") || !strcmp(st, "x")) x.internship = 1;
  else {
    snprintf(msg, sizeof msg, "oui ou non attendu, lu « %.30s »", cell(rd, row, C_STAGE));
    train_csv_error(r, line, "lien_stage", msg);
    ok = 0;
  }
  /* terrain: the internship site involved (its number), only with lien_stage */
  const char *site = cell(rd, row, C_SITE);
  if (*site && int_cell(rd, line, C_SITE, site, 1, 9007199254740991LL, &x.site_id) && ok && !x.internship) {
    train_csv_error(r, line, "terrain", "un terrain de stage suppose lien_stage = oui");
    ok = 0;
  } else if (*site && !x.site_id) ok = 0;
  if (!ok) return PLAM_OK;
  /* across rows: one enrolled count per cohort, no line twice, no more
   * dropouts than enrolled */
  int64_t total = x.dropouts;
  for (size_t i = 0; i < r->nrows; i++) {
    const struct train_csv_row *p = &r->rows[i];
    if (strcmp(p->uai, x.uai) || strcmp(p->programme, x.programme) || p->year != x.year ||
        p->study_year != x.study_year)
      continue;
    if (p->enrolled != x.enrolled) {
      snprintf(msg, sizeof msg, "effectif différent de celui de la ligne %u pour la même promotion (%lld)", p->row,
               (long long)p->enrolled);
      train_csv_error(r, line, "effectif", msg);
      return PLAM_OK;
    }
    if (!strcmp(p->cause, x.cause) && p->internship == x.internship && p->site_id == x.site_id) {
      snprintf(msg, sizeof msg, "même promotion, même cause, même lien au stage et même terrain qu'à la ligne %u",
               p->row);
      train_csv_error(r, line, "cause", msg);
      return PLAM_OK;
    }
    total += p->dropouts;
  }
  if (total > x.enrolled) {
    snprintf(msg, sizeof msg, "plus de ruptures (%lld) que d'inscrits (%lld) dans cette promotion", (long long)total,
             (long long)x.enrolled);
    train_csv_error(r, line, "ruptures", msg);
    return PLAM_OK;
  }
  if (r->nrows == rd->cap) {
    size_t nc = rd->cap ? rd->cap * 2 : 64;
    struct train_csv_row *nr = realloc(r->rows, nc * sizeof *nr);
    if (!nr) return PLAM_ERR_NOMEM;
    r->rows = nr;
    rd->cap = nc;
  }
  r->rows[r->nrows++] = x;
  return PLAM_OK;
}

plam_err train_csv_parse(const char *data, size_t len, struct train_csv_report *r) {
  memset(r, 0, sizeof *r);
  struct reader rd = {.r = r};
  struct csv_options opt = {.max_rows = MAX_ROWS + 2, .max_field = 1024};
  struct table_error te = {0};
  plam_err e = csv_read(data, len, &opt, on_row, &rd, NULL, &te);
  if (e == PLAM_ERR_NOMEM) return e;
  if (e == PLAM_ERR_INVALID || (e == PLAM_ERR_TOO_LARGE && !r->total_errors))
    train_csv_error(r, (uint32_t)te.row, "", te.message);
  else if (e && e != PLAM_ERR_TOO_LARGE) return e;
  if (!rd.header_done) train_csv_error(r, 0, "", "fichier vide : la première ligne doit nommer les colonnes");
  else if (rd.header_ok && !r->nrows && !r->total_errors) train_csv_error(r, 0, "", "aucune ligne de données");
  return PLAM_OK;
}

void train_csv_free(struct train_csv_report *r) {
  free(r->rows);
  free(r->errors);
  memset(r, 0, sizeof *r);
}

json_t *train_csv_errors_json(const struct train_csv_report *r) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < r->nerrors; i++) {
    const struct train_csv_error *x = &r->errors[i];
    json_t *o = x->row
                  ? json_pack("{s:I, s:s, s:s}", "row", (json_int_t)x->row, "column", x->column, "message", x->message)
                  : json_pack("{s:n, s:s, s:s}", "row", "column", x->column, "message", x->message);
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  if (arr && r->total_errors > r->nerrors) {
    char msg[96];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", r->total_errors - r->nerrors);
    json_array_append_new(arr, json_pack("{s:n, s:s, s:s}", "row", "column", "", "message", msg));
  }
  return arr ? json_pack("{s:o, s:I}", "errors", arr, "errors_total", (json_int_t)r->total_errors) : NULL;
}
