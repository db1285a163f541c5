/* CSV layouts of candidates and needs (docs/FORMATS.md, "Recruitment"), the
 * pure part: each data row becomes the JSON object the API takes (the same
 * rules then apply, recruit_import.c), and every cell that cannot become
 * its field is an error naming the row and the column, in French. Columns
 * are found by their header (first row, any order; case and the accents of
 * é è ê à ç ignored, spaces and hyphens read as underscores). Lists in a
 * cell are separated by "|": qualifications CODE or CODE:AAAA-MM-JJ,
 * availability START/END (an exception: !START/END), slots START/END,
 * pools and contracts by id or code. Nothing here touches the database.
 * An XLSX workbook (recognised by its zip signature, "PK\3\4") is read
 * from its first sheet with the project's XLSX reader (fmt/xlsx_read.h),
 * which gives the same rows: the same columns, rules and messages apply.
 * A cell in a date format is refused (the slots and expiries need their
 * offset, which a spreadsheet date has not): it must be typed as text. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/recruit/recruit_int.h"
#include "fmt/csv.h"
#include "fmt/xlsx_read.h"

enum ctype { C_STR, C_NUM, C_INT, C_BOOL, C_QUALS, C_AVAIL, C_SLOTS, C_IDS, C_CODES, C_CONTRACTS };

struct col {
  const char *header, *field;
  enum ctype type;
  int required;
};

static const struct col cand_cols[] = {
  {"prenom", "first_name", C_STR, 1},
  {"nom", "last_name", C_STR, 1},
  {"email", "email", C_STR, 1},
  {"telephone", "phone", C_STR, 0},
  {"profession", "profession", C_STR, 1},
  {"rpps", "rpps", C_STR, 0},
  {"situation", "situation", C_STR, 0},
  {"commune", "commune", C_STR, 0},
  {"latitude", "lat", C_NUM, 0},
  {"longitude", "lon", C_NUM, 0},
  {"departement", "departement", C_STR, 0},
  {"distance_max_km", "max_km", C_NUM, 1},
  {"contrats", "", C_CONTRACTS, 1},
  {"qualifications", "qualifications", C_QUALS, 0},
  {"disponibilites", "availability", C_AVAIL, 0},
  {"viviers", "pools", C_IDS, 0},
  {NULL, NULL, 0, 0},
};

static const struct col need_cols[] = {
  {"etablissement", "establishment_id", C_INT, 1},
  {"service", "unit_id", C_INT, 0},
  {"profession", "profession", C_STR, 1},
  {"qualifications", "qualifications", C_CODES, 0},
  {"creneaux", "slots", C_SLOTS, 1},
  {"effectif", "headcount", C_INT, 0},
  {"motif", "reason", C_STR, 1},
  {"contrat", "contract", C_STR, 1},
  {"remuneration", "pay", C_STR, 0},
  {"urgence", "urgency", C_STR, 0},
  {"distance_max_km", "max_km", C_NUM, 1},
  {"mode", "fill_mode", C_STR, 0},
  {"viviers", "pools", C_IDS, 1},
  {"description", "description", C_STR, 0},
  {"statut", "status", C_STR, 0},
  {"echeance", "expires_at", C_STR, 0},
  {NULL, NULL, 0, 0},
};

/* Lower-case ASCII, é è ê ë à â ç î ô û ù → plain letters, spaces and hyphens → '_'. */
static void norm(const char *s, char *out, size_t n) {
  size_t k = 0;
  while (*s == ' ') s++;
  for (const unsigned char *p = (const unsigned char *)s; *p && k + 1 < n; p++) {
    if (*p == 0xC3 && p[1]) {
      unsigned char c = p[1];
      char r = (c >= 0xA8 && c <= 0xAB) || (c >= 0x88 && c <= 0x8B)   ? 'e'
               : (c >= 0xA0 && c <= 0xA2) || (c >= 0x80 && c <= 0x82) ? 'a'
               : c == 0xA7 || c == 0x87                               ? 'c'
               : c == 0xAE || c == 0xAF                               ? 'i'
               : c == 0xB4 || c == 0xB6                               ? 'o'
               : c == 0xB9 || c == 0xBB || c == 0xBC                  ? 'u'
                                                                      : 0;
      if (r) {
        out[k++] = r;
        p++;
        continue;
      }
    }
    out[k++] = *p == ' ' || *p == '-' ? '_' : (char)tolower(*p);
  }
  while (k && out[k - 1] == '_') k--;
  out[k] = 0;
}

struct parse {
  const struct col *cols;
  int map[32]; /* file column -> index in cols, -1 unknown */
  size_t ncols;
  json_t *rows, *errors;
  size_t total_errors;
  int header_done;
};

/* msg, followed by « arg » when arg is given. */
static void err(struct parse *p, size_t row, size_t col, const char *column, const char *msg, const char *arg) {
  p->total_errors++;
  if (json_array_size(p->errors) >= RECRUIT_CSV_MAX_ERRORS) return;
  char m[240], full[300];
  if (arg) snprintf(m, sizeof m, "%s « %s »", msg, arg);
  else snprintf(m, sizeof m, "%s", msg);
  snprintf(full, sizeof full, "ligne %zu, colonne %zu (%s) : %s", row, col, column, m);
  json_array_append_new(p->errors, json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)row, "col", (json_int_t)col,
                                             "column", column, "message", full));
}

/* Splits s on '|' into at most max pieces (trimmed) in buf; returns the count or -1. */
static int split(const char *s, char *buf, size_t n, char **pieces, int max) {
  snprintf(buf, n, "%s", s);
  int k = 0;
  char *save = NULL;
  for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
    while (*t == ' ') t++;
    size_t l = strlen(t);
    while (l && t[l - 1] == ' ') t[--l] = 0;
    if (!*t) continue;
    if (k >= max) return -1;
    pieces[k++] = t;
  }
  return k;
}

static json_t *cell_value(struct parse *p, const struct col *c, const char *v, size_t row, size_t col) {
  static _Thread_local char buf[1 << 16]; /* per thread: two imports may run at once in plam serve */
  char *pc[1024];
  char *end;
  switch (c->type) {
  case C_STR: return json_string(v);
  case C_NUM: {
    double d;
    if (csv_parse_number(v, &d)) {
      err(p, row, col, c->header, "nombre attendu, lu", v);
      return NULL;
    }
    return json_real(d);
  }
  case C_INT: {
    long long x = strtoll(v, &end, 10);
    if (*end || end == v || x < 1) {
      err(p, row, col, c->header, "entier positif attendu, lu", v);
      return NULL;
    }
    return json_integer(x);
  }
  case C_IDS: {
    int n = split(v, buf, sizeof buf, pc, 64);
    if (n < 0) {
      err(p, row, col, c->header, "64 viviers au plus", NULL);
      return NULL;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
      long long x = strtoll(pc[i], &end, 10);
      if (*end || x < 1) {
        err(p, row, col, c->header, "identifiant de vivier attendu, lu", pc[i]);
        json_decref(a);
        return NULL;
      }
      json_array_append_new(a, json_integer(x));
    }
    return a;
  }
  case C_CODES: {
    int n = split(v, buf, sizeof buf, pc, 64);
    if (n < 0) {
      err(p, row, col, c->header, "64 qualifications au plus", NULL);
      return NULL;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, json_pack("{s:s}", "code", pc[i]));
    return a;
  }
  case C_QUALS: {
    int n = split(v, buf, sizeof buf, pc, 64);
    if (n < 0) {
      err(p, row, col, c->header, "64 qualifications au plus", NULL);
      return NULL;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
      char *colon = strchr(pc[i], ':');
      if (colon) *colon = 0;
      json_array_append_new(a, json_pack("{s:s, s:s}", "code", pc[i], "valid_until", colon ? colon + 1 : ""));
    }
    return a;
  }
  case C_AVAIL:
  case C_SLOTS: {
    int n = split(v, buf, sizeof buf, pc, c->type == C_SLOTS ? 100 : 1000);
    if (n < 0) {
      err(p, row, col, c->header, "trop d'intervalles", NULL);
      return NULL;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
      char *s = pc[i];
      int un = c->type == C_AVAIL && *s == '!';
      if (un) s++;
      char *slash = strchr(s, '/');
      if (!slash) {
        err(p, row, col, c->header, "intervalle DÉBUT/FIN attendu, lu", pc[i]);
        json_decref(a);
        return NULL;
      }
      *slash = 0;
      json_t *o = json_pack("{s:s, s:s}", "start", s, "end", slash + 1);
      if (c->type == C_AVAIL) json_object_set_new(o, "kind", json_string(un ? "unavailable" : "available"));
      json_array_append_new(a, o);
    }
    return a;
  }
  case C_CONTRACTS: return json_string(v); /* expanded by the caller */
  default: return NULL;
  }
}

static plam_err on_row(void *ctx, const struct table_row *r) {
  struct parse *p = ctx;
  if (!p->header_done) {
    p->header_done = 1;
    p->ncols = r->ncols < 32 ? r->ncols : 32;
    for (size_t i = 0; i < p->ncols; i++) {
      char h[64];
      norm(r->cells[i], h, sizeof h);
      p->map[i] = -1;
      for (int k = 0; p->cols[k].header; k++)
        if (!strcmp(p->cols[k].header, h)) p->map[i] = k;
      if (p->map[i] < 0 && h[0]) err(p, r->row, i + 1, r->cells[i], "colonne inconnue", NULL);
    }
    for (int k = 0; p->cols[k].header; k++) {
      int seen = 0;
      for (size_t i = 0; i < p->ncols; i++) seen += p->map[i] == k;
      if (seen > 1) err(p, r->row, 0, p->cols[k].header, "colonne en double", NULL);
      if (!seen && p->cols[k].required) err(p, r->row, 0, p->cols[k].header, "colonne obligatoire absente", NULL);
    }
    return PLAM_OK;
  }
  if (json_array_size(p->rows) >= RECRUIT_CSV_MAX_ROWS) {
    err(p, r->row, 0, "fichier", "au plus 100000 lignes", NULL);
    return PLAM_ERR_TOO_LARGE;
  }
  json_t *o = json_object();
  for (size_t i = 0; i < p->ncols && i < r->ncols; i++) {
    if (p->map[i] < 0) continue;
    const struct col *c = &p->cols[p->map[i]];
    const char *v = r->cells[i];
    if (r->kinds && r->kinds[i] == TABLE_CELL_DATE) {
      err(p, r->row, i + 1, c->header,
          "cellule au format date : écrivez la date en texte ISO 8601 avec son décalage (2026-03-09T08:00+01:00), lu",
          v);
      continue;
    }
    if (r->kinds && r->kinds[i] == TABLE_CELL_ERROR) {
      err(p, r->row, i + 1, c->header, "erreur de formule, lu", v);
      continue;
    }
    if (!v[0]) {
      if (c->required) err(p, r->row, i + 1, c->header, "valeur obligatoire", NULL);
      continue;
    }
    json_t *x = cell_value(p, c, v, r->row, i + 1);
    if (!x) continue;
    if (c->type == C_CONTRACTS) { /* "shift|fixed_term" -> accepts_* booleans */
      static _Thread_local char buf[1024];
      char *pc[8];
      int n = split(v, buf, sizeof buf, pc, 8);
      for (int k = 0; k < n; k++) {
        int ok = 0;
        for (int j = 0; recruit_contracts[j]; j++)
          if (!strcmp(pc[k], recruit_contracts[j])) {
            char f[40];
            snprintf(f, sizeof f, "accepts_%s", recruit_contracts[j]);
            json_object_set_new(o, f, json_true());
            ok = 1;
          }
        if (!ok)
          err(p, r->row, i + 1, c->header, "contrat inconnu (shift, fixed_term, permanent, secondment) :", pc[k]);
      }
      if (n < 0) err(p, r->row, i + 1, c->header, "8 contrats au plus", NULL);
      json_decref(x);
      continue;
    }
    json_object_set_new(o, c->field, x);
  }
  json_object_set_new(o, "_row", json_integer((json_int_t)r->row));
  json_array_append_new(p->rows, o);
  return PLAM_OK;
}

int recruit_is_xlsx(const char *data, size_t len) { return len >= 4 && !memcmp(data, "PK\3\4", 4); }

plam_err recruit_csv_parse(int needs, const char *data, size_t len, json_t **rows, json_t **errors,
                           size_t *total_errors) {
  struct parse p;
  memset(&p, 0, sizeof p);
  p.cols = needs ? need_cols : cand_cols;
  p.rows = json_array();
  p.errors = json_array();
  struct csv_options opt = {0};
  struct table_error te = {0};
  struct csv_info info;
  memset(&info, 0, sizeof info);
  plam_err e;
  if (recruit_is_xlsx(data, len)) {
    struct xlsx_book *book = NULL;
    e = xlsx_open(data, len, NULL, &book, &te);
    if (!e && !xlsx_sheet_count(book)) e = table_error_set(&te, PLAM_ERR_INVALID, 0, 0, "aucune feuille");
    if (!e) e = xlsx_read_sheet(book, 0, on_row, &p, &te);
    xlsx_close(book);
    if (e && te.message[0] && !te.row) { /* not tied to a row: name the file */
      char m[sizeof te.message];
      snprintf(m, sizeof m, "%s", te.message);
      snprintf(te.message, sizeof te.message, "fichier XLSX : %.200s", m);
    }
  } else {
    e = csv_read(data, len, &opt, on_row, &p, &info, &te);
  }
  if (e && te.message[0]) {
    p.total_errors++;
    json_array_append_new(p.errors, json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)te.row, "col",
                                              (json_int_t)te.col, "column", "", "message", te.message));
  }
  if (!p.header_done && !p.total_errors) {
    p.total_errors++;
    json_array_append_new(p.errors, json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)1, "col", (json_int_t)0,
                                              "column", "", "message", "ligne 1 : fichier vide, en-tête attendu"));
  }
  *rows = p.rows;
  *errors = p.errors;
  *total_errors = p.total_errors;
  return p.total_errors ? PLAM_ERR_INVALID : PLAM_OK;
}
