/* CSV layouts of a campaign's posts and candidates: see campaign_csv.h. The
 * file goes through csv_read once; the header row maps layout columns to
 * file columns through a table of accepted names; each data row is checked
 * cell by cell against the schema's limits (migrations 0005, 0008) and kept only
 * when it holds no error. Duplicate keys within the file are found with a
 * sorted index after the reading. */
#include "app/campaign/campaign_csv.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc.h"
#include "fmt/csv.h"
#include "app/access/users.h"
#include "base/utf8.h"

struct col_def {
  const char *title;    /* header written by the export, named in errors */
  const char *names[6]; /* folded names accepted on import */
  int required;
};

static const struct col_def post_cols[CCSV_P__N] = {
  [CCSV_P_CODE] = {"code", {"code", "code_poste", "code_du_poste"}, 1},
  [CCSV_P_LABEL] = {"libellé", {"libelle", "intitule", "intitule_du_poste", "label"}, 1},
  [CCSV_P_ORG] = {"organisation", {"organisation", "etablissement", "etablissement_organisation", "site"}, 1},
  [CCSV_P_PHASE] = {"phase", {"phase", "phase_de_formation"}, 0},
  [CCSV_P_SPECIALTY] = {"spécialité", {"specialite", "specialty"}, 0},
  [CCSV_P_TERRITORY] = {"territoire", {"territoire", "departement", "territory"}, 1},
  [CCSV_P_FRAGILE] = {"fragile", {"fragile", "zone_fragile", "territoire_fragile"}, 0},
  [CCSV_P_CAPACITY] = {"capacité", {"capacite", "places", "capacity"}, 1},
  [CCSV_P_RESERVED] = {"places réservées subdivision",
                       {"places_reservees_subdivision", "places_reservees", "reserved_seats"},
                       0},
  [CCSV_P_CESP] = {"réservé CESP", {"reserve_cesp", "cesp_uniquement", "reserve_aux_cesp", "cesp_only"}, 0},
};

static const struct col_def cand_cols[CCSV_C__N] = {
  [CCSV_C_LOGIN] = {"identifiant", {"identifiant", "login", "compte"}, 0},
  [CCSV_C_NAME] = {"nom", {"nom", "nom_affiche", "name"}, 0},
  [CCSV_C_RANK] = {"rang", {"rang", "rank", "rang_de_classement"}, 1},
  [CCSV_C_SENIORITY] = {"ancienneté", {"anciennete", "seniority"}, 0},
  [CCSV_C_PHASE] = {"phase", {"phase", "phase_de_formation"}, 0},
  [CCSV_C_SPECIALTY] = {"spécialité", {"specialite", "specialty"}, 0},
  [CCSV_C_CESP] = {"CESP", {"cesp", "signataire_cesp"}, 0},
  [CCSV_C_SUBDIVISION] = {"subdivision", {"subdivision", "de_la_subdivision"}, 0},
};

static const struct col_def *cols_of(enum ccsv_kind k, int *n) {
  *n = k == CCSV_POSTS ? CCSV_P__N : CCSV_C__N;
  return k == CCSV_POSTS ? post_cols : cand_cols;
}

/* ---- errors ---- */

void ccsv_error_add(struct ccsv_report *r, uint32_t row, int col_index, const char *fmt, ...) {
  r->total_errors++;
  if (r->nerrors >= CCSV_MAX_ERRORS || !r->errors) return;
  struct ccsv_error *e = &r->errors[r->nerrors++];
  int ncols;
  const struct col_def *cols = cols_of(r->kind, &ncols);
  e->row = row;
  e->seq = (uint32_t)r->nerrors;
  e->col = col_index >= 0 && col_index < ncols && r->colmap[col_index] >= 0 ? (uint32_t)r->colmap[col_index] + 1 : 0;
  snprintf(e->column, sizeof e->column, "%s", col_index >= 0 && col_index < ncols ? cols[col_index].title : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

/* By row, then file column (errors tied to no column first), then found. */
static int cmp_error(const void *a, const void *b) {
  const struct ccsv_error *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ccsv_errors_sort(struct ccsv_report *r) {
  if (r->nerrors > 1) qsort(r->errors, r->nerrors, sizeof r->errors[0], cmp_error);
}

void ccsv_report_free(struct ccsv_report *r) {
  for (size_t i = 0; r->posts && i < r->n; i++) {
    free(r->posts[i].code);
    free(r->posts[i].label);
    free(r->posts[i].org);
    free(r->posts[i].phase);
    free(r->posts[i].specialty);
  }
  for (size_t i = 0; r->cands && i < r->n; i++) {
    free(r->cands[i].login);
    free(r->cands[i].name);
    free(r->cands[i].phase);
    free(r->cands[i].specialty);
  }
  free(r->posts);
  free(r->cands);
  free(r->errors);
  memset(r, 0, sizeof *r);
}

/* ---- cells ---- */

/* Lower-case ASCII, accents of the usual Latin-1 letters folded, any run of
 * other characters to one '_', no '_' at either end. */
static void fold(const char *s, char *out, size_t n) {
  size_t j = 0;
  int sep = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && j + 2 < n; p++) {
    unsigned char ch = *p;
    if (ch == 0xC3 && p[1]) {
      unsigned char d = p[1] | 0x20;
      p++;
      ch = (d >= 0xA0 && d <= 0xA5)   ? 'a'
           : (d == 0xA7)              ? 'c'
           : (d >= 0xA8 && d <= 0xAB) ? 'e'
           : (d >= 0xAC && d <= 0xAF) ? 'i'
           : (d >= 0xB2 && d <= 0xB6) ? 'o'
           : (d >= 0xB9 && d <= 0xBC) ? 'u'
                                      : '_';
    } else if (isalnum(ch)) ch = (unsigned char)tolower(ch);
    else ch = '_';
    if (ch == '_') {
      sep = j > 0;
      continue;
    }
    if (sep) out[j++] = '_';
    sep = 0;
    out[j++] = (char)ch;
  }
  out[j] = '\0';
}

/* Copy of s without leading and trailing spaces (malloc'd), NULL on failure. */
static char *trimmed(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20) return 1;
  return 0;
}

/* 1 yes, 0 no, dflt when empty, -1 unreadable. */
static int parse_bool(const char *s, int dflt) {
  char f[16];
  fold(s, f, sizeof f);
  if (!f[0]) return dflt;
  static const char *const yes[] = {"oui", "1", "vrai", "x", "o", "true", "yes"};
  static const char *const no[] = {"non", "0", "faux", "n", "false", "no"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    if (!strcmp(f, yes[i])) return 1;
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    if (!strcmp(f, no[i])) return 0;
  return -1;
}

/* "DEP-44", "dep-44", "44", "2A", "974" -> "DEP-44"; 0 when not of that shape. */
static int parse_dep(const char *s, char out[12]) {
  char up[12];
  size_t n = strlen(s);
  if (n > 10) return 0;
  for (size_t i = 0; i <= n; i++) up[i] = (char)toupper((unsigned char)s[i]);
  const char *code = !strncmp(up, "DEP-", 4) ? up + 4 : up;
  size_t m = strlen(code);
  if (m < 2 || m > 3) return 0;
  for (size_t i = 0; i < m; i++)
    if (!isdigit((unsigned char)code[i]) && !(i == 1 && (code[i] == 'A' || code[i] == 'B') && code[0] == '2')) return 0;
  snprintf(out, 12, "DEP-%.3s", code);
  return 1;
}

/* ---- reading ---- */

struct reader {
  struct ccsv_report *r;
  int header_done;
  int header_ok; /* every required column is named: rows can be read */
  int nomem;
};

static void read_header(struct reader *rd, const struct table_row *row) {
  struct ccsv_report *r = rd->r;
  int ncols;
  const struct col_def *cols = cols_of(r->kind, &ncols);
  for (size_t i = 0; i < row->ncols; i++) {
    char f[64];
    fold(csv_field_unguard(row->cells[i]), f, sizeof f);
    if (!f[0]) continue;
    int k = -1;
    for (int c = 0; c < ncols && k < 0; c++)
      for (int j = 0; j < 6 && cols[c].names[j]; j++)
        if (!strcmp(f, cols[c].names[j])) k = c;
    size_t at = r->nerrors; /* errors of this cell name its file column */
    if (k < 0) {
      char list[240] = "";
      size_t len = 0;
      for (int c = 0; c < ncols; c++)
        len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0, "%s%s", c ? ", " : "",
                                cols[c].title);
      ccsv_error_add(r, (uint32_t)row->row, -1, "colonne %zu : en-tête « %.60s » inconnu (attendus : %s)", i + 1,
                     row->cells[i], list);
    } else if (r->colmap[k] >= 0) {
      ccsv_error_add(r, (uint32_t)row->row, k, "la colonne « %s » apparaît deux fois dans l'en-tête", cols[k].title);
    } else {
      r->colmap[k] = (int)i;
    }
    if (r->nerrors > at) r->errors[at].col = (uint32_t)i + 1;
  }
  for (int c = 0; c < ncols; c++)
    if (cols[c].required && r->colmap[c] < 0)
      ccsv_error_add(r, (uint32_t)row->row, c, "colonne « %s » absente de l'en-tête", cols[c].title);
  rd->header_ok = 1;
  for (int c = 0; c < ncols; c++)
    if (cols[c].required && r->colmap[c] < 0) rd->header_ok = 0;
  if (r->kind == CCSV_CANDIDATES && r->colmap[CCSV_C_LOGIN] < 0 && r->colmap[CCSV_C_NAME] < 0) {
    ccsv_error_add(r, (uint32_t)row->row, -1, "colonne « identifiant » ou « nom » attendue dans l'en-tête");
    rd->header_ok = 0;
  }
}

/* The cell of layout column k, unguarded ("" when the column is absent). */
static const char *cell(const struct ccsv_report *r, const struct table_row *row, int k) {
  int c = r->colmap[k];
  if (c < 0 || (size_t)c >= row->ncols) return "";
  return csv_field_unguard(row->cells[c]);
}

/* A text cell: trimmed copy into *out; required, at most max characters. */
static int text_cell(struct reader *rd, const struct table_row *row, int k, size_t max, int required, char **out) {
  struct ccsv_report *r = rd->r;
  int ncols;
  const struct col_def *cols = cols_of(r->kind, &ncols);
  *out = trimmed(cell(r, row, k));
  if (!*out) {
    rd->nomem = 1;
    return 0;
  }
  uint32_t line = (uint32_t)row->row;
  if (required && !**out) ccsv_error_add(r, line, k, "la colonne « %s » est vide", cols[k].title);
  else if (utf8_count(*out) > max) ccsv_error_add(r, line, k, "« %s » dépasse %zu caractères", cols[k].title, max);
  else if (has_control(*out)) ccsv_error_add(r, line, k, "caractère de contrôle interdit dans « %s »", cols[k].title);
  else return 1;
  return 0;
}

/* An integer cell in [lo, hi]; dflt when empty and not required. */
static int int_cell(struct reader *rd, const struct table_row *row, int k, int64_t lo, int64_t hi, int required,
                    int64_t dflt, int64_t *out) {
  struct ccsv_report *r = rd->r;
  int ncols;
  const struct col_def *cols = cols_of(r->kind, &ncols);
  const char *s = cell(r, row, k);
  char f[8];
  fold(s, f, sizeof f);
  uint32_t line = (uint32_t)row->row;
  if (!f[0]) {
    if (required) {
      ccsv_error_add(r, line, k, "la colonne « %s » est vide", cols[k].title);
      return 0;
    }
    *out = dflt;
    return 1;
  }
  int64_t v;
  if (csv_parse_scaled(s, 0, &v) != PLAM_OK) {
    ccsv_error_add(r, line, k, "« %.40s » n'est pas un nombre entier", s);
    return 0;
  }
  if (v < lo || v > hi) {
    ccsv_error_add(r, line, k, "%s entre %lld et %lld attendu (lu : %lld)", cols[k].title, (long long)lo, (long long)hi,
                   (long long)v);
    return 0;
  }
  *out = v;
  return 1;
}

/* An eligibility cell (phase, spécialité): optional text of at most 100
 * characters that the engine also takes as an identifier (ALLOC_MAX_ID
 * bytes, no control character). */
static int rule_cell(struct reader *rd, const struct table_row *row, int k, char **out) {
  if (!text_cell(rd, row, k, 100, 0, out)) return 0;
  int ncols;
  const struct col_def *cols = cols_of(rd->r->kind, &ncols);
  if (strchr(*out, 0x7f))
    ccsv_error_add(rd->r, (uint32_t)row->row, k, "caractère de contrôle interdit dans « %s »", cols[k].title);
  else if (strlen(*out) > ALLOC_MAX_ID)
    ccsv_error_add(rd->r, (uint32_t)row->row, k, "« %s » dépasse %d octets", cols[k].title, ALLOC_MAX_ID);
  else return 1;
  return 0;
}

static int bool_cell(struct reader *rd, const struct table_row *row, int k, int dflt, int *out) {
  const char *s = cell(rd->r, row, k);
  int v = parse_bool(s, dflt);
  if (v < 0) {
    int ncols;
    const struct col_def *cols = cols_of(rd->r->kind, &ncols);
    ccsv_error_add(rd->r, (uint32_t)row->row, k, "« %.40s » : oui ou non attendu pour « %s »", s, cols[k].title);
    return 0;
  }
  *out = v;
  return 1;
}

static int code_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 32) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!isalnum(ch) && ch != '-' && ch != '_' && ch != '.') return 0;
  }
  return 1;
}

static int grow(struct ccsv_report *r) {
  if (r->n < r->cap) return 1;
  size_t cap = r->cap ? r->cap * 2 : 64;
  if (r->kind == CCSV_POSTS) {
    struct ccsv_post *p = realloc(r->posts, cap * sizeof *p);
    if (!p) return 0;
    r->posts = p;
  } else {
    struct ccand_row *p = realloc(r->cands, cap * sizeof *p);
    if (!p) return 0;
    r->cands = p;
  }
  r->cap = cap;
  return 1;
}

static void post_row(struct reader *rd, const struct table_row *row) {
  struct ccsv_report *r = rd->r;
  struct ccsv_post p = {.row = (uint32_t)row->row};
  size_t errs = r->total_errors;
  uint32_t line = p.row;
  if (text_cell(rd, row, CCSV_P_CODE, 32, 1, &p.code) && !code_ok(p.code))
    ccsv_error_add(r, line, CCSV_P_CODE,
                   "code « %.40s » invalide : 1 à 32 lettres sans accent, chiffres, « - », "
                   "« _ », « . »",
                   p.code);
  text_cell(rd, row, CCSV_P_LABEL, 200, 1, &p.label);
  text_cell(rd, row, CCSV_P_ORG, 200, 1, &p.org);
  rule_cell(rd, row, CCSV_P_PHASE, &p.phase);
  rule_cell(rd, row, CCSV_P_SPECIALTY, &p.specialty);
  char *t = NULL;
  if (text_cell(rd, row, CCSV_P_TERRITORY, 10, 1, &t) && !parse_dep(t, p.territory))
    ccsv_error_add(r, line, CCSV_P_TERRITORY, "département « %.20s » invalide (attendu : DEP-44 ou 44)", t);
  free(t);
  bool_cell(rd, row, CCSV_P_FRAGILE, 0, &p.fragile);
  int cap_ok = int_cell(rd, row, CCSV_P_CAPACITY, 0, 1000, 1, 0, &p.capacity);
  if (int_cell(rd, row, CCSV_P_RESERVED, 0, 1000, 0, 0, &p.reserved) && cap_ok && p.reserved > p.capacity)
    ccsv_error_add(r, line, CCSV_P_RESERVED,
                   "%lld places réservées pour une capacité de %lld : elles ne peuvent "
                   "la dépasser",
                   (long long)p.reserved, (long long)p.capacity);
  bool_cell(rd, row, CCSV_P_CESP, 0, &p.cesp_only);
  if (rd->nomem || r->total_errors != errs || !grow(r)) {
    if (!rd->nomem && r->total_errors == errs) rd->nomem = 1;
    free(p.code);
    free(p.label);
    free(p.org);
    free(p.phase);
    free(p.specialty);
    return;
  }
  r->posts[r->n++] = p;
}

static void cand_row(struct reader *rd, const struct table_row *row) {
  struct ccsv_report *r = rd->r;
  struct ccand_row k = {.row = (uint32_t)row->row};
  size_t errs = r->total_errors;
  /* a login follows the accounts' rule (ASCII, 64 bytes at most): anything
   * else could name no account, and would not fit the stored record */
  int bad_login = text_cell(rd, row, CCSV_C_LOGIN, 64, 0, &k.login) && *k.login ? users_login_check(k.login) : 0;
  if (bad_login)
    ccsv_error_add(r, k.row, CCSV_C_LOGIN, "identifiant « %.64s » invalide : %s", k.login, users_login_rule[bad_login]);
  text_cell(rd, row, CCSV_C_NAME, 200, 0, &k.name);
  if (k.login && k.name && !*k.login && !*k.name && r->total_errors == errs)
    ccsv_error_add(r, k.row, r->colmap[CCSV_C_NAME] >= 0 ? CCSV_C_NAME : CCSV_C_LOGIN,
                   "un identifiant de compte ou un nom est attendu");
  int_cell(rd, row, CCSV_C_RANK, 1, 1000000000, 1, 0, &k.rank);
  int_cell(rd, row, CCSV_C_SENIORITY, 0, 1000, 0, 0, &k.seniority);
  rule_cell(rd, row, CCSV_C_PHASE, &k.phase);
  rule_cell(rd, row, CCSV_C_SPECIALTY, &k.specialty);
  bool_cell(rd, row, CCSV_C_CESP, 0, &k.cesp);
  bool_cell(rd, row, CCSV_C_SUBDIVISION, 1, &k.subdivision);
  if (rd->nomem || r->total_errors != errs || !grow(r)) {
    if (!rd->nomem && r->total_errors == errs) rd->nomem = 1;
    free(k.login);
    free(k.name);
    free(k.phase);
    free(k.specialty);
    return;
  }
  r->cands[r->n++] = k;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return 0;
  return 1;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct reader *rd = ctx;
  struct ccsv_report *r = rd->r;
  if (!rd->header_done) {
    rd->header_done = 1;
    read_header(rd, row);
    return PLAM_OK;
  }
  int ncols;
  cols_of(r->kind, &ncols);
  int any = 0;
  for (int k = 0; k < ncols && !any; k++) any = !blank(cell(r, row, k));
  if (!any) return PLAM_OK;
  r->rows++;
  if (r->rows > CAMPAIGN_MAX_ROWS) {
    ccsv_error_add(r, (uint32_t)row->row, -1, "trop de lignes (%d au plus)", CAMPAIGN_MAX_ROWS);
    return PLAM_ERR_TOO_LARGE;
  }
  if (!rd->header_ok) return PLAM_OK; /* the header's error is enough */
  if (r->kind == CCSV_POSTS) post_row(rd, row);
  else cand_row(rd, row);
  return rd->nomem ? PLAM_ERR_NOMEM : PLAM_OK;
}

/* ---- duplicates within the file ---- */

struct keyref {
  const char *key;
  uint32_t row;
};

static int cmp_key(const void *a, const void *b) {
  const struct keyref *x = a, *y = b;
  int k = strcmp(x->key, y->key);
  return k ? k : (x->row > y->row) - (x->row < y->row);
}

/* Reports every row whose key (non-empty) an earlier row already holds. */
static plam_err find_duplicates(struct ccsv_report *r, int col, const char *what) {
  struct keyref *keys = malloc((r->n ? r->n : 1) * sizeof *keys);
  if (!keys) return PLAM_ERR_NOMEM;
  size_t m = 0;
  for (size_t i = 0; i < r->n; i++) {
    const char *k = r->kind == CCSV_POSTS ? r->posts[i].code
                    : col == CCSV_C_LOGIN ? r->cands[i].login
                                          : (*r->cands[i].login ? "" : r->cands[i].name);
    if (*k) keys[m++] = (struct keyref){k, r->kind == CCSV_POSTS ? r->posts[i].row : r->cands[i].row};
  }
  if (m > 1) qsort(keys, m, sizeof *keys, cmp_key);
  for (size_t i = 1; i < m; i++) {
    size_t first = i - 1;
    while (i < m && !strcmp(keys[i].key, keys[first].key)) {
      ccsv_error_add(r, keys[i].row, col, "%s « %.60s » déjà donné ligne %u", what, keys[i].key, keys[first].row);
      i++;
    }
  }
  free(keys);
  return PLAM_OK;
}

plam_err ccsv_parse(enum ccsv_kind kind, const char *data, size_t len, struct ccsv_report *r) {
  memset(r, 0, sizeof *r);
  r->kind = kind;
  for (size_t i = 0; i < sizeof r->colmap / sizeof r->colmap[0]; i++) r->colmap[i] = -1;
  r->errors = calloc(CCSV_MAX_ERRORS, sizeof *r->errors);
  if (!r->errors) return PLAM_ERR_NOMEM;
  struct reader rd = {.r = r};
  struct table_error te = {0};
  struct csv_info info = {0};
  struct csv_options opt = {.max_rows = CAMPAIGN_MAX_ROWS + 2, .max_field = 4096};
  plam_err e = csv_read(data, len, &opt, on_row, &rd, &info, &te);
  r->cp1252 = info.encoding == CSV_ENC_CP1252;
  if (e == PLAM_ERR_NOMEM) return e;
  if (e && te.message[0]) {
    struct ccsv_error *x = r->nerrors < CCSV_MAX_ERRORS ? &r->errors[r->nerrors] : NULL;
    ccsv_error_add(r, (uint32_t)te.row, -1, "%s", te.message);
    if (x) x->col = (uint32_t)te.col;
  }
  if (!rd.header_done)
    ccsv_error_add(r, 1, -1, "fichier vide : une ligne d'en-tête puis une ligne par %s sont attendues",
                   kind == CCSV_POSTS ? "poste" : "candidat");
  else if (!r->rows && !r->total_errors) ccsv_error_add(r, 2, -1, "aucune ligne après l'en-tête");
  e = find_duplicates(r, kind == CCSV_POSTS ? CCSV_P_CODE : CCSV_C_LOGIN,
                      kind == CCSV_POSTS ? "code de poste" : "identifiant");
  if (!e && kind == CCSV_CANDIDATES) e = find_duplicates(r, CCSV_C_NAME, "candidat sans compte");
  if (e) return e;
  ccsv_errors_sort(r);
  return PLAM_OK;
}

/* ---- writing ---- */

static void write_header(struct csv_writer *w, enum ccsv_kind kind) {
  int ncols;
  const struct col_def *cols = cols_of(kind, &ncols);
  for (int c = 0; c < ncols; c++) csv_write_field(w, cols[c].title);
  csv_write_end_row(w);
}

static void write_int(struct csv_writer *w, int64_t v) {
  char s[24];
  snprintf(s, sizeof s, "%lld", (long long)v);
  csv_write_field(w, s);
}

plam_err ccsv_write_posts(struct buf *out, const struct cpost_rec *p, int n) {
  struct csv_writer w;
  csv_writer_init(&w, out, ';', true, true);
  write_header(&w, CCSV_POSTS);
  for (int i = 0; i < n; i++) {
    csv_write_field(&w, p[i].code);
    csv_write_field(&w, p[i].label);
    csv_write_field(&w, p[i].org_name);
    csv_write_field(&w, p[i].phase);
    csv_write_field(&w, p[i].specialty);
    csv_write_field(&w, p[i].territory_id);
    csv_write_field(&w, p[i].fragile ? "oui" : "non");
    write_int(&w, p[i].capacity);
    write_int(&w, p[i].reserved_seats);
    csv_write_field(&w, p[i].cesp_only ? "oui" : "non");
    csv_write_end_row(&w);
  }
  return csv_writer_status(&w);
}

plam_err ccsv_write_cands(struct buf *out, const struct ccand_rec *c, int n) {
  struct csv_writer w;
  csv_writer_init(&w, out, ';', true, true);
  write_header(&w, CCSV_CANDIDATES);
  for (int i = 0; i < n; i++) {
    csv_write_field(&w, c[i].user_id ? c[i].login : "");
    csv_write_field(&w, c[i].name);
    write_int(&w, c[i].rank);
    write_int(&w, c[i].seniority);
    csv_write_field(&w, c[i].phase);
    csv_write_field(&w, c[i].specialty);
    csv_write_field(&w, c[i].cesp ? "oui" : "non");
    csv_write_field(&w, c[i].subdivision ? "oui" : "non");
    csv_write_end_row(&w);
  }
  return csv_writer_status(&w);
}
