/* Measurement import, the pure part: see meas_import.h. The file is read
 * once, row by row; each row is resolved (indicator and territory by binary
 * search with a last-hit cache, date, number) and, when valid, appended to a
 * flat array of entries keyed by (indicator rank by id, territory, day).
 * Errors are collected, never returned early, so the report lists every
 * problem of the file. The entries are then radix-sorted (stable) and merged
 * into measurements: rows of one key are adjacent, in file order, so a type
 * given twice and an incomplete ratio are found in that pass, and the
 * measurements come out in the order the database index wants them. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmt/csv.h"
#include "app/plan/meas_import.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "fmt/xlsx_read.h"

enum { COL_IND = 0, COL_TERR, COL_DATE, COL_TYPE, COL_VALUE, COL_SOURCE, COL_COMMENT, COL__N };
static const char *const col_names[COL__N] = {"indicateur", "territoire", "date",       "type",
                                              "valeur",     "source",     "commentaire"};

static int cmp_ind(const void *a, const void *b) {
  return strcmp(((const struct meas_ind *)a)->code, ((const struct meas_ind *)b)->code);
}
static int cmp_terr(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

void meas_catalog_sort(struct meas_catalog *c) {
  if (c->ninds) qsort(c->inds, c->ninds, sizeof c->inds[0], cmp_ind);
  if (c->nterrs) qsort(c->terrs, c->nterrs, sizeof c->terrs[0], cmp_terr);
}

static long find_terr(const struct meas_catalog *c, const char *id) {
  size_t lo = 0, hi = c->nterrs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int k = strcmp(c->terrs[mid], id);
    if (!k) return (long)mid;
    if (k < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

static long find_ind(const struct meas_catalog *c, const char *code) {
  size_t lo = 0, hi = c->ninds;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int k = strcmp(c->inds[mid].code, code);
    if (!k) return (long)mid;
    if (k < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

int meas_territory_resolve(const struct meas_catalog *c, const char *s, char out[12], uint32_t *idx) {
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') n--;
  if (!n || n > 10) return 0;
  char up[12];
  for (size_t i = 0; i < n; i++) up[i] = (char)toupper((unsigned char)s[i]);
  up[n] = '\0';
  if (!strcmp(up, "FR") || !strncmp(up, "REG-", 4) || !strncmp(up, "DEP-", 4)) snprintf(out, 12, "%s", up);
  else if (n <= 3) snprintf(out, 12, "DEP-%.3s", up);
  else return 0;
  long i = find_terr(c, out);
  if (i < 0) return 0;
  *idx = (uint32_t)i;
  return 1;
}

/* Plain decimals ("-12", "3,5", "0.25": at most 15 digits, no spaces,
 * signs other than '-' or exponent) are computed exactly as strtod rounds
 * them: the digits form an integer below 2^53 and 10^k (k <= 15) is exact,
 * so their quotient, rounded once by the division, is the correctly rounded
 * value. Anything else goes through csv_parse_number. */
plam_err meas_parse_number(const char *s, double *out) {
  static const double p10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char *p = s;
  int neg = *p == '-';
  p += neg;
  uint64_t m = 0;
  int digits = 0, frac = -1;
  for (;; p++) {
    if (*p >= '0' && *p <= '9') {
      m = m * 10 + (uint64_t)(*p - '0');
      if (++digits > 15) return csv_parse_number(s, out);
      if (frac >= 0) frac++;
    } else if ((*p == ',' || *p == '.') && frac < 0 && digits > 0) {
      frac = 0;
    } else break;
  }
  if (*p || digits == 0 || frac == 0) return csv_parse_number(s, out);
  double v = (double)m;
  if (frac > 0) v /= p10[frac];
  *out = neg && v != 0 ? -v : v;
  return PLAM_OK;
}

/* ---- report helpers ---- */

static void add_error(struct meas_report *r, size_t row, int col, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void add_error(struct meas_report *r, size_t row, int col, const char *fmt, ...) {
  r->total_errors++;
  if (r->nerrors >= MEAS_IMPORT_MAX_ERRORS || !r->errors) return;
  struct meas_error *e = &r->errors[r->nerrors++];
  e->row = (uint32_t)row;
  e->seq = (uint32_t)r->nerrors;
  snprintf(e->column, sizeof e->column, "%s", col >= 0 && col < COL__N ? col_names[col] : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

static const char *keep_string(struct meas_report *r, const char *s) {
  if (r->nstrings == r->capstrings) {
    size_t cap = r->capstrings ? r->capstrings * 2 : 256;
    char **p = realloc(r->strings, cap * sizeof *p);
    if (!p) return NULL;
    r->strings = p;
    r->capstrings = cap;
  }
  char *d = strdup(s);
  if (d) r->strings[r->nstrings++] = d;
  return d;
}

void meas_report_free(struct meas_report *r) {
  for (size_t i = 0; i < r->nstrings; i++) free(r->strings[i]);
  free(r->strings);
  free(r->meas);
  free(r->errors);
  memset(r, 0, sizeof *r);
}

/* ---- reading ---- */

struct reader {
  const struct meas_catalog *c;
  struct meas_report *r;
  int xlsx, date1904;
  int header_done;
  int col[COL__N]; /* 0-based file column of each, -1 when absent */
  long last_ind, last_terr;
  char last_terr_text[16];
  int nomem;
  uint32_t *rank;    /* catalog index -> rank by id */
  uint32_t *by_rank; /* rank by id -> catalog index */
  struct meas_entry *entries;
  size_t nentries, capentries;
  uint32_t last_string;
};

/* Lower-case ASCII, accents of the usual Latin-1 letters folded, spaces and
 * '-' to '_' for header matching. */
static void fold_header(const char *s, char *out, size_t n) {
  size_t j = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && j + 1 < n; p++) {
    unsigned char ch = *p;
    if (ch == 0xC3 && p[1]) {
      unsigned char d = p[1] | 0x20; /* fold upper to lower */
      p++;
      ch = (d >= 0xA0 && d <= 0xA5)   ? 'a'
           : (d == 0xA7)              ? 'c'
           : (d >= 0xA8 && d <= 0xAB) ? 'e'
           : (d >= 0xAC && d <= 0xAF) ? 'i'
           : (d >= 0xB2 && d <= 0xB6) ? 'o'
           : (d >= 0xB9 && d <= 0xBC) ? 'u'
                                      : '?';
    } else if (ch == ' ' || ch == '-') ch = '_';
    else ch = (unsigned char)tolower(ch);
    out[j++] = (char)ch;
  }
  while (j && out[j - 1] == '_') j--;
  out[j] = '\0';
}

static int header_col(const char *folded) {
  static const struct {
    const char *name;
    int col;
  } names[] = {
    {"indicateur", COL_IND},      {"code_indicateur", COL_IND},  {"indicator", COL_IND},  {"code", COL_IND},
    {"territoire", COL_TERR},     {"code_territoire", COL_TERR}, {"territory", COL_TERR}, {"date", COL_DATE},
    {"date_valeur", COL_DATE},    {"date_de_valeur", COL_DATE},  {"type", COL_TYPE},      {"type_valeur", COL_TYPE},
    {"type_de_valeur", COL_TYPE}, {"valeur", COL_VALUE},         {"value", COL_VALUE},    {"source", COL_SOURCE},
    {"commentaire", COL_COMMENT}, {"comment", COL_COMMENT},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(folded, names[i].name)) return names[i].col;
  return -1;
}

static void read_header(struct reader *rd, const struct table_row *row) {
  for (int k = 0; k < COL__N; k++) rd->col[k] = -1;
  for (size_t i = 0; i < row->ncols; i++) {
    char f[64];
    fold_header(csv_field_unguard(row->cells[i]), f, sizeof f);
    if (!f[0]) continue;
    int k = header_col(f);
    if (k < 0) {
      add_error(rd->r, row->row, -1,
                "colonne %zu : en-tête « %.60s » inconnu (attendus : indicateur, territoire, "
                "date, type, valeur, source, commentaire)",
                i + 1, row->cells[i]);
    } else if (rd->col[k] >= 0) {
      add_error(rd->r, row->row, k, "la colonne « %s » apparaît deux fois dans l'en-tête", col_names[k]);
    } else rd->col[k] = (int)i;
  }
  for (int k = 0; k <= COL_VALUE; k++)
    if (rd->col[k] < 0 && k != COL_TYPE)
      add_error(rd->r, row->row, k, "colonne « %s » absente de l'en-tête", col_names[k]);
}

static const char *cell(const struct table_row *row, int c, enum table_cell_kind *kind, double *num) {
  if (c < 0 || (size_t)c >= row->ncols) {
    if (kind) *kind = TABLE_CELL_EMPTY;
    return "";
  }
  if (kind) *kind = row->kinds[c];
  if (num) *num = row->numbers ? row->numbers[c] : 0;
  return row->cells[c];
}

static int is_blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return 0;
  return 1;
}

/* Parses the date cell into *day YYYYMMDD (the text is rebuilt from it by
 * the merge). */
static int parse_date(struct reader *rd, const char *s, enum table_cell_kind kind, double num, uint32_t *day) {
  char buf[20];
  if (kind == TABLE_CELL_NUMBER && rd->xlsx) {
    if (xlsx_serial_to_date(num, rd->date1904, buf) != PLAM_OK || strlen(buf) != 10) return 0;
    s = buf;
  } else if (kind == TABLE_CELL_DATE) {
    if (strlen(s) > 10 && strcmp(s + 10, "T00:00:00")) return 0;
    snprintf(buf, sizeof buf, "%.10s", s);
    s = buf;
  } else {
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    if (n == 10 && s[2] == '/' && s[5] == '/') { /* JJ/MM/AAAA */
      snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
      s = buf;
    } else if (n == 10) {
      memcpy(buf, s, 10); /* the usual case, once per row: no snprintf */
      buf[10] = '\0';
      s = buf;
    } else return 0;
  }
  progress_day d;
  if (progress_day_parse(s, &d) != PLAM_OK) return 0;
  *day = (uint32_t)((s[0] - '0') * 10000000 + (s[1] - '0') * 1000000 + (s[2] - '0') * 100000 + (s[3] - '0') * 10000 +
                    (s[5] - '0') * 1000 + (s[6] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0'));
  return 1;
}

/* A valid row, until the merge. key: indicator rank by id (20 bits) |
 * territory index (16 bits) | day YYYYMMDD (27 bits). */
struct meas_entry {
  uint64_t key;
  double value;
  uint32_t row;
  uint32_t src, com; /* 1 + index in the report's strings; 0: none */
  uint8_t bit;       /* MEAS_HAS_* */
};
#define KEY_RANK_SHIFT 43
#define KEY_TERR_SHIFT 27
#define KEY_DAY_MASK ((1u << 27) - 1)

static struct meas_entry *entry_add(struct reader *rd) {
  if (rd->nentries == rd->capentries) {
    size_t cap = rd->capentries ? rd->capentries * 2 : 1024;
    struct meas_entry *p = realloc(rd->entries, cap * sizeof *p);
    if (!p) return NULL;
    rd->entries = p;
    rd->capentries = cap;
  }
  return &rd->entries[rd->nentries++];
}

/* 1 + index of a kept copy of s (the last one kept is reused: a source
 * column usually repeats); 0 on allocation failure. */
static uint32_t intern(struct reader *rd, const char *s) {
  struct meas_report *r = rd->r;
  if (rd->last_string && !strcmp(r->strings[rd->last_string - 1], s)) return rd->last_string;
  if (!keep_string(r, s)) return 0;
  return rd->last_string = (uint32_t)r->nstrings;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct reader *rd = ctx;
  struct meas_report *r = rd->r;
  if (!rd->header_done) {
    rd->header_done = 1;
    read_header(rd, row);
    return PLAM_OK;
  }
  /* a row whose known cells are all empty is skipped (XLSX leftovers) */
  int any = 0;
  for (int k = 0; k < COL__N && !any; k++)
    if (rd->col[k] >= 0 && !is_blank(cell(row, rd->col[k], NULL, NULL))) any = 1;
  if (!any) return PLAM_OK;
  r->rows++;
  if (r->rows > MEAS_IMPORT_MAX_ROWS) {
    add_error(r, row->row, -1, "trop de lignes (%u au plus)", MEAS_IMPORT_MAX_ROWS);
    return PLAM_ERR_TOO_LARGE;
  }
  if (rd->col[COL_IND] < 0 || rd->col[COL_TERR] < 0 || rd->col[COL_DATE] < 0 || rd->col[COL_VALUE] < 0)
    return PLAM_OK; /* header already reported */
  const struct meas_catalog *c = rd->c;
  size_t errs = r->total_errors;

  /* indicator */
  const char *code = csv_field_unguard(cell(row, rd->col[COL_IND], NULL, NULL));
  long ii = -1;
  if (is_blank(code)) add_error(r, row->row, COL_IND, "le code de l'indicateur est vide");
  else if (rd->last_ind >= 0 && !strcmp(c->inds[rd->last_ind].code, code)) ii = rd->last_ind;
  else if ((ii = find_ind(c, code)) < 0)
    add_error(r, row->row, COL_IND, "indicateur « %.70s » inconnu dans ce plan", code);
  else rd->last_ind = ii;
  if (ii >= 0 && !c->inds[ii].allowed) {
    add_error(r, row->row, COL_IND, "vous ne pilotez pas l'action %s de l'indicateur « %s »", c->inds[ii].action_number,
              c->inds[ii].code);
    ii = -1;
  }

  /* territory */
  const char *ts = cell(row, rd->col[COL_TERR], NULL, NULL);
  uint32_t ti = 0;
  int tok = 0;
  char tid[12];
  if (rd->last_terr >= 0 && !strcmp(rd->last_terr_text, ts)) {
    ti = (uint32_t)rd->last_terr;
    tok = 1;
  } else if (is_blank(ts)) add_error(r, row->row, COL_TERR, "le territoire est vide");
  else if (!(tok = meas_territory_resolve(c, ts, tid, &ti)))
    add_error(r, row->row, COL_TERR, "territoire « %.40s » inconnu (attendu : FR, REG-52, DEP-44 ou 44)", ts);
  else if (strlen(ts) < sizeof rd->last_terr_text) {
    rd->last_terr = ti;
    snprintf(rd->last_terr_text, sizeof rd->last_terr_text, "%s", ts);
  }
  if (tok && ii >= 0 && !c->inds[ii].by_departement && strcmp(c->terrs[ti], c->inds[ii].scope_id)) {
    add_error(r, row->row, COL_TERR, "l'indicateur « %s » se mesure sur son périmètre %s seulement, pas %s",
              c->inds[ii].code, c->inds[ii].scope_id, c->terrs[ti]);
    tok = 0;
  } else if (tok && ii >= 0 && c->inds[ii].where &&
             !plan_where_has((const char(*)[12])c->inds[ii].where, c->inds[ii].nwhere, c->terrs[ti])) {
    char msg[200];
    plan_where_refusal((const char(*)[12])c->inds[ii].where, c->inds[ii].nwhere, c->terrs[ti], msg, sizeof msg);
    add_error(r, row->row, COL_TERR, "%s", msg);
    tok = 0;
  }

  /* date */
  enum table_cell_kind dk;
  double dn = 0;
  const char *ds = cell(row, rd->col[COL_DATE], &dk, &dn);
  uint32_t day = 0;
  if (is_blank(ds)) add_error(r, row->row, COL_DATE, "la date est vide");
  else if (!parse_date(rd, ds, dk, dn, &day))
    add_error(r, row->row, COL_DATE, "date « %.40s » invalide (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)", ds);

  /* type */
  const char *ty = rd->col[COL_TYPE] >= 0 ? cell(row, rd->col[COL_TYPE], NULL, NULL) : "";
  char tf[32];
  if (!ty[0] || !strcmp(ty, "valeur")) tf[0] = '\0'; /* the usual case: no folding */
  else fold_header(ty, tf, sizeof tf);
  int bit = 0;
  if (!tf[0] || !strcmp(tf, "valeur") || !strcmp(tf, "value")) bit = MEAS_HAS_VALUE;
  else if (!strcmp(tf, "numerateur") || !strcmp(tf, "numerator")) bit = MEAS_HAS_NUM;
  else if (!strcmp(tf, "denominateur") || !strcmp(tf, "denominator")) bit = MEAS_HAS_DEN;
  else add_error(r, row->row, COL_TYPE, "type « %.40s » inconnu (valeur, numerateur ou denominateur)", ty);

  /* value */
  enum table_cell_kind vk;
  double vn = 0, v = 0;
  const char *vs = cell(row, rd->col[COL_VALUE], &vk, &vn);
  int vok = 0;
  if (vk == TABLE_CELL_NUMBER) {
    v = vn;
    vok = 1;
  } else if (is_blank(vs)) add_error(r, row->row, COL_VALUE, "la valeur est vide");
  else if (meas_parse_number(csv_field_unguard(vs), &v) != PLAM_OK)
    add_error(r, row->row, COL_VALUE, "nombre « %.40s » invalide", vs);
  else vok = 1;
  if (vok && bit && ii >= 0) { /* the indicator's bounds (meas_bounds.h) */
    char why[200];
    enum meas_part part = bit == MEAS_HAS_NUM   ? MEAS_PART_NUMERATOR
                          : bit == MEAS_HAS_DEN ? MEAS_PART_DENOMINATOR
                                                : MEAS_PART_VALUE;
    if (meas_part_refused(&c->inds[ii].rule, part, v, why, sizeof why)) {
      add_error(r, row->row, COL_VALUE, "« %.24s » refusé pour « %.40s » : %s", vs, c->inds[ii].code, why);
      vok = 0;
    }
  }

  /* optional texts */
  const char *src = rd->col[COL_SOURCE] >= 0 ? cell(row, rd->col[COL_SOURCE], NULL, NULL) : "";
  const char *com = rd->col[COL_COMMENT] >= 0 ? cell(row, rd->col[COL_COMMENT], NULL, NULL) : "";
  if (strlen(src) > 1000) add_error(r, row->row, COL_SOURCE, "la source dépasse 1 000 octets");
  if (strlen(com) > 1000) add_error(r, row->row, COL_COMMENT, "le commentaire dépasse 1 000 octets");

  if (r->total_errors != errs || ii < 0 || !tok || !vok || !bit) return PLAM_OK;
  struct meas_entry *en = entry_add(rd);
  if (!en) return PLAM_ERR_NOMEM;
  en->key = (uint64_t)rd->rank[ii] << KEY_RANK_SHIFT | (uint64_t)ti << KEY_TERR_SHIFT | day;
  en->value = v;
  en->row = (uint32_t)row->row;
  en->bit = (uint8_t)bit;
  en->src = en->com = 0;
  if (!is_blank(src) && !(en->src = intern(rd, src))) return PLAM_ERR_NOMEM;
  if (!is_blank(com) && !(en->com = intern(rd, com))) return PLAM_ERR_NOMEM;
  return PLAM_OK;
}

/* LSD radix sort of e[0..n) by key, 16 bits a pass, passes whose digit is
 * the same for every key skipped; stable. tmp: n entries. */
static plam_err sort_entries(struct meas_entry *e, size_t n) {
  struct meas_entry *tmp = malloc(n * sizeof *tmp);
  uint32_t *count = malloc(((size_t)1 << 16) * sizeof *count);
  if (!tmp || !count) {
    free(tmp);
    free(count);
    return PLAM_ERR_NOMEM;
  }
  for (int shift = 0; shift < 64; shift += 16) {
    memset(count, 0, ((size_t)1 << 16) * sizeof *count);
    for (size_t i = 0; i < n; i++) count[(e[i].key >> shift) & 0xFFFF]++;
    if (count[(e[0].key >> shift) & 0xFFFF] == n) continue;
    uint32_t sum = 0;
    for (size_t d = 0; d < ((size_t)1 << 16); d++) {
      uint32_t k = count[d];
      count[d] = sum;
      sum += k;
    }
    for (size_t i = 0; i < n; i++) tmp[count[(e[i].key >> shift) & 0xFFFF]++] = e[i];
    memcpy(e, tmp, n * sizeof *e);
  }
  free(tmp);
  free(count);
  return PLAM_OK;
}

static void day_text(uint32_t day, char out[11]) {
  static const int div[8] = {10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};
  static const int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int k = 0; k < 8; k++) out[pos[k]] = (char)('0' + (day / (uint32_t)div[k]) % 10);
  out[4] = out[7] = '-';
  out[10] = '\0';
}

/* Entries -> measurements, in key order; a type given twice is an error at
 * the later row naming the measurement's first row. */
static plam_err merge_entries(struct reader *rd) {
  struct meas_report *r = rd->r;
  const struct meas_catalog *c = rd->c;
  size_t n = rd->nentries;
  if (!n) return PLAM_OK;
  plam_err e = sort_entries(rd->entries, n);
  if (e) return e;
  size_t groups = 1;
  for (size_t i = 1; i < n; i++) groups += rd->entries[i].key != rd->entries[i - 1].key;
  r->meas = malloc(groups * sizeof *r->meas);
  if (!r->meas) return PLAM_ERR_NOMEM;
  struct meas_out *m = NULL;
  for (size_t i = 0; i < n; i++) {
    const struct meas_entry *en = &rd->entries[i];
    if (!m || en->key != rd->entries[i - 1].key) {
      m = &r->meas[r->nmeas++];
      memset(m, 0, sizeof *m);
      m->ind = rd->by_rank[en->key >> KEY_RANK_SHIFT];
      m->terr = (uint32_t)(en->key >> KEY_TERR_SHIFT) & 0xFFFF;
      m->day = (uint32_t)en->key & KEY_DAY_MASK;
      m->row = en->row;
      day_text(m->day, m->date);
    } else if (m->has & en->bit) {
      add_error(r, en->row, COL_TYPE, "%s ligne %u pour %s, %s, %s",
                en->bit == MEAS_HAS_VALUE ? "valeur déjà donnée"
                : en->bit == MEAS_HAS_NUM ? "numérateur déjà donné"
                                          : "dénominateur déjà donné",
                m->row, c->inds[m->ind].code, c->terrs[m->terr], m->date);
      continue;
    }
    m->has |= en->bit;
    if (en->bit == MEAS_HAS_VALUE) m->value = en->value;
    else if (en->bit == MEAS_HAS_NUM) m->numerator = en->value;
    else m->denominator = en->value;
    if (en->src && !m->source) m->source = r->strings[en->src - 1];
    if (en->com && !m->comment) m->comment = r->strings[en->com - 1];
  }
  return PLAM_OK;
}

/* rank[i]: place of catalog indicator i by id; by_rank: the inverse. */
static plam_err rank_indicators(struct reader *rd) {
  const struct meas_catalog *c = rd->c;
  size_t n = c->ninds ? c->ninds : 1;
  rd->rank = malloc(n * sizeof *rd->rank);
  rd->by_rank = malloc(n * sizeof *rd->by_rank);
  if (!rd->rank || !rd->by_rank) return PLAM_ERR_NOMEM;
  for (size_t i = 0; i < c->ninds; i++) rd->by_rank[i] = (uint32_t)i;
  for (size_t i = 1; i < c->ninds; i++) { /* insertion sort by id: a plan has tens of indicators */
    uint32_t x = rd->by_rank[i];
    size_t j = i;
    for (; j > 0 && c->inds[rd->by_rank[j - 1]].id > c->inds[x].id; j--) rd->by_rank[j] = rd->by_rank[j - 1];
    rd->by_rank[j] = x;
  }
  for (size_t k = 0; k < c->ninds; k++) rd->rank[rd->by_rank[k]] = (uint32_t)k;
  return PLAM_OK;
}

/* By row, then in the order found (a row's errors come in column order). */
static int cmp_error(const void *a, const void *b) {
  const struct meas_error *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void reader_error(struct reader *rd, const struct table_error *te) {
  int col = -1;
  for (int k = 0; k < COL__N; k++)
    if (te->col && rd->col[k] == (int)te->col - 1) col = k;
  add_error(rd->r, te->row, col, "%s", te->message);
}

plam_err meas_import_parse(const struct meas_catalog *c, enum meas_format fmt, const void *data, size_t len,
                           struct meas_report *r) {
  memset(r, 0, sizeof *r);
  r->errors = calloc(MEAS_IMPORT_MAX_ERRORS, sizeof *r->errors);
  if (!r->errors) return PLAM_ERR_NOMEM;
  struct reader rd = {.c = c, .r = r, .xlsx = fmt == MEAS_XLSX, .last_ind = -1, .last_terr = -1};
  for (int k = 0; k < COL__N; k++) rd.col[k] = -1;
  if (c->ninds >= (1u << 20) || c->nterrs >= (1u << 16)) return PLAM_ERR_TOO_LARGE; /* the entry key's fields */
  plam_err e = rank_indicators(&rd);
  if (e) {
    free(rd.rank);
    free(rd.by_rank);
    return e;
  }
  struct table_error te = {0};
  if (fmt == MEAS_XLSX) {
    struct xlsx_book *b = NULL;
    e = xlsx_open(data, len, NULL, &b, &te);
    if (!e) {
      long s = xlsx_sheet_find(b, "mesures");
      rd.date1904 = xlsx_date1904(b);
      e = xlsx_read_sheet(b, s >= 0 ? (size_t)s : 0, on_row, &rd, &te);
      xlsx_close(b);
    } else if (!te.message[0]) snprintf(te.message, sizeof te.message, "ce fichier n'est pas un classeur XLSX lisible");
  } else {
    /* room for one entry per line up front: no regrowth while reading a
     * large file */
    size_t lines = 0;
    for (const char *q = data, *end = q + len; q && q < end; q++) {
      q = memchr(q, '\n', (size_t)(end - q));
      if (q) lines++;
      else break;
    }
    if (lines > 1024 && lines <= MEAS_IMPORT_MAX_ROWS + 1) {
      rd.entries = malloc(lines * sizeof *rd.entries);
      rd.capentries = rd.entries ? lines : 0;
    }
    struct csv_info info = {0};
    struct csv_options opt = {.max_rows = MEAS_IMPORT_MAX_ROWS + 1};
    e = csv_read(data, len, &opt, on_row, &rd, &info, &te);
    r->cp1252 = info.encoding == CSV_ENC_CP1252;
  }
  if (e != PLAM_ERR_NOMEM) {
    plam_err m = merge_entries(&rd);
    if (m) e = m;
  }
  free(rd.entries);
  free(rd.rank);
  free(rd.by_rank);
  if (e == PLAM_ERR_NOMEM) return e;
  if (e && e != PLAM_ERR_TOO_LARGE) reader_error(&rd, &te);
  else if (e == PLAM_ERR_TOO_LARGE && te.message[0]) reader_error(&rd, &te);
  if (!rd.header_done)
    add_error(r, 1, -1, "fichier vide : une ligne d'en-tête puis une ligne par valeur sont attendues");
  else if (!r->rows && !r->total_errors) add_error(r, 2, -1, "aucune ligne de valeur après l'en-tête");
  /* incomplete ratios */
  for (size_t i = 0; i < r->nmeas; i++) {
    const struct meas_out *m = &r->meas[i];
    if ((m->has & MEAS_HAS_NUM) && !(m->has & MEAS_HAS_DEN))
      add_error(r, m->row, COL_TYPE, "numérateur sans dénominateur pour %s, %s, %s", c->inds[m->ind].code,
                c->terrs[m->terr], m->date);
    else if ((m->has & MEAS_HAS_DEN) && !(m->has & MEAS_HAS_NUM))
      add_error(r, m->row, COL_TYPE, "dénominateur sans numérateur pour %s, %s, %s", c->inds[m->ind].code,
                c->terrs[m->terr], m->date);
    else {
      char why[200];
      enum meas_part part;
      int ratio = (m->has & MEAS_HAS_NUM) != 0;
      if (meas_cross_refused(&c->inds[m->ind].rule, m->has & MEAS_HAS_VALUE, m->value, ratio, m->numerator,
                             m->denominator, &part, why, sizeof why))
        add_error(r, m->row, COL_VALUE, "%s, %s, %s : %s", c->inds[m->ind].code, c->terrs[m->terr], m->date, why);
    }
  }
  if (r->nerrors > 1) qsort(r->errors, r->nerrors, sizeof r->errors[0], cmp_error);
  return PLAM_OK;
}
