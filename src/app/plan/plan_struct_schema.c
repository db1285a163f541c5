/* The structure tables as data: sheet names, French headers, cell kinds,
 * limits (the record field sizes of store_plan.h) and the French labels of
 * the coded values; plus the model's small helpers (rows, cells, error
 * report, format names). See plan_struct.h and docs/FORMATS.md. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/utf8.h"
#include "fmt/csv.h"
#include "app/plan/plan_struct_int.h"

static const struct ps_enum axis_kinds[] = {{"axis", "axe"}, {"lever", "levier"}, {NULL, NULL}};
static const struct ps_enum action_status[] = {{"a_venir", "à venir"},
                                               {"en_cours", "en cours"},
                                               {"realise", "réalisé"},
                                               {"en_retard", "en retard"},
                                               {"bloque", "bloqué"},
                                               {"abandonne", "abandonné"},
                                               {NULL, NULL}};
static const struct ps_enum partner_roles[] = {
  {"pilot", "pilote"},  {"copilot", "copilote"},        {"actor", "acteur"}, {"funder", "financeur"},
  {"support", "appui"}, {"participant", "participant"}, {NULL, NULL}};
static const struct ps_enum ind_kinds[] = {
  {"count", "nombre"}, {"percent", "pourcentage"}, {"amount", "montant"}, {"ratio", "ratio"}, {NULL, NULL}};
static const struct ps_enum ind_dirs[] = {{"higher", "hausse"}, {"lower", "baisse"}, {NULL, NULL}};
static const struct ps_enum ind_acc[] = {
  {"level", "niveau"}, {"per_period", "par période"}, {"cumulative", "cumulé"}, {NULL, NULL}};
static const struct ps_enum ind_agg[] = {{"sum", "somme"}, {"ratio", "ratio"}, {NULL, NULL}};
static const struct ps_enum ind_freq[] = {{"none", "aucune"},
                                          {"monthly", "mensuelle"},
                                          {"quarterly", "trimestrielle"},
                                          {"half_yearly", "semestrielle"},
                                          {"yearly", "annuelle"},
                                          {NULL, NULL}};
static const struct ps_enum ind_break[] = {{"scope", "périmètre"}, {"departement", "département"}, {NULL, NULL}};
static const struct ps_enum target_kinds[] = {
  {"baseline", "référence"}, {"intermediate", "intermédiaire"}, {"final", "finale"}, {NULL, NULL}};
static const struct ps_enum qualifiers[] = {
  {"at_least", "au moins"}, {"about", "environ"}, {"at_most", "au plus"}, {NULL, NULL}};
static const struct ps_enum text_kinds[] = {
  {"objective", "objectif"}, {"priority", "priorité"}, {"commitment", "engagement"}, {"achievement", "réalisation"},
  {"public", "public"},      {"context", "contexte"},  {"reference", "référence"},   {NULL, NULL}};

#define TXT(h, req, max) \
  { h, PS_TEXT, NULL, req, max }
#define NUM(h, req) \
  { h, PS_NUM, NULL, req, 64 }
#define INT(h) \
  { h, PS_INT, NULL, 0, 32 }
#define DATE(h) \
  { h, PS_DATE, NULL, 0, 15 }
#define BOOL(h) \
  { h, PS_BOOL, NULL, 0, 8 }
#define ENUM(h, e, req) \
  { h, PS_ENUM, e, req, 64 }
#define LIST(h) \
  { h, PS_LIST, NULL, 0, 4000 }
#define SRC TXT("source", 0, 1023)
#define NOTE TXT("note", 0, 1023)

static const struct ps_col plan_cols[P__N] = {TXT("identifiant", 1, 64),
                                              TXT("région", 1, 11),
                                              TXT("titre", 1, 300),
                                              TXT("titre court", 0, 200),
                                              TXT("titre long", 0, 600),
                                              TXT("résumé", 0, 2047),
                                              TXT("libellé des axes", 0, 31),
                                              INT("année de début"),
                                              INT("année de fin"),
                                              TXT("source de la période", 0, 1023),
                                              DATE("lancé le"),
                                              TXT("organisation porteuse", 0, 800),
                                              LIST("départements"),
                                              TXT("courriel des contributions", 0, 254),
                                              TXT("source des contributions", 0, 1023),
                                              SRC};
static const struct ps_col org_cols[O__N] = {TXT("nom", 1, 800), TXT("type", 1, 64), TXT("territoire", 0, 11)};
static const struct ps_col axis_cols[A__N] = {TXT("numéro", 1, 15),
                                              TXT("titre", 1, 300),
                                              TXT("description", 0, 2047),
                                              ENUM("type", axis_kinds, 0),
                                              NUM("poids", 0),
                                              NOTE,
                                              SRC};
static const struct ps_col action_cols[C__N] = {TXT("axe", 0, 15),
                                                TXT("numéro", 1, 15),
                                                BOOL("numéro de la source"),
                                                TXT("titre", 1, 300),
                                                TXT("objectif", 0, 2047),
                                                TXT("description", 0, 2047),
                                                TXT("appui projet", 0, 1023),
                                                TXT("références", 0, 2047),
                                                ENUM("statut", action_status, 0),
                                                BOOL("statut connu"),
                                                NUM("poids", 0),
                                                NOTE,
                                                SRC};
static const struct ps_col partner_cols[R__N] = {TXT("axe", 0, 15),           TXT("action", 0, 15),
                                                 TXT("organisation", 1, 800), ENUM("rôle", partner_roles, 1),
                                                 TXT("personne", 0, 200),     SRC};
static const struct ps_col roadmap_cols[M__N] = {TXT("action", 1, 15), TXT("étape", 1, 1023), DATE("échéance"),
                                                 DATE("réalisée le"), SRC};
static const struct ps_col ind_cols[I__N] = {TXT("action", 1, 15),
                                             TXT("code", 1, 64),
                                             TXT("nom", 1, 300),
                                             TXT("définition", 0, 1023),
                                             TXT("unité", 1, 63), /* NOT NULL: the store writes "" as NULL */
                                             ENUM("type", ind_kinds, 1),
                                             ENUM("sens", ind_dirs, 0),
                                             ENUM("cumul", ind_acc, 0),
                                             ENUM("agrégation", ind_agg, 0),
                                             NUM("échelle du ratio", 0),
                                             ENUM("fréquence", ind_freq, 0),
                                             TXT("périmètre", 1, 11),
                                             ENUM("ventilation", ind_break, 0),
                                             LIST("territoires"),
                                             NUM("poids", 0),
                                             NOTE,
                                             SRC};
static const struct ps_col target_cols[T__N] = {TXT("indicateur", 1, 64),
                                                TXT("territoire", 0, 11),
                                                ENUM("type", target_kinds, 1),
                                                DATE("échéance"),
                                                NUM("valeur", 1),
                                                NUM("valeur haute", 0),
                                                ENUM("qualificatif", qualifiers, 0),
                                                NOTE,
                                                SRC};
static const struct ps_col figure_cols[F__N] = {TXT("axe", 0, 15),
                                                TXT("action", 0, 15),
                                                TXT("code", 1, 64),
                                                TXT("libellé", 1, 1023),
                                                NUM("valeur", 1),
                                                NUM("valeur haute", 0),
                                                TXT("unité", 1, 63),
                                                DATE("date"),
                                                DATE("du"),
                                                DATE("au"),
                                                TXT("territoire", 0, 11),
                                                ENUM("qualificatif", qualifiers, 0),
                                                NOTE,
                                                TXT("source", 1, 1023)};
static const struct ps_col text_cols[X__N] = {TXT("axe", 0, 15),
                                              TXT("action", 0, 15),
                                              ENUM("type", text_kinds, 1),
                                              TXT("texte", 1, 1023),
                                              TXT("organisation", 0, 800),
                                              INT("année"),
                                              DATE("date"),
                                              SRC};

#define TABLE(name, cols) \
  { name, cols, (int)(sizeof cols / sizeof cols[0]) }
const struct ps_table ps_tables[PS__COUNT] = {
  [PS_PLAN] = TABLE("Plan", plan_cols),
  [PS_ORGS] = TABLE("Organisations", org_cols),
  [PS_AXES] = TABLE("Axes", axis_cols),
  [PS_ACTIONS] = TABLE("Actions", action_cols),
  [PS_PARTNERS] = TABLE("Partenaires", partner_cols),
  [PS_ROADMAP] = TABLE("Feuille de route", roadmap_cols),
  [PS_INDICATORS] = TABLE("Indicateurs", ind_cols),
  [PS_TARGETS] = TABLE("Cibles", target_cols),
  [PS_FIGURES] = TABLE("Chiffres", figure_cols),
  [PS_TEXTS] = TABLE("Textes", text_cols),
};

/* UTF-8 sequences of accented letters and their ASCII base. */
static const struct {
  const char *utf8;
  char ascii;
} accents[] = {{"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'},
               {"ë", 'e'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'},
               {"ü", 'u'}, {"À", 'a'}, {"Â", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'},
               {"Î", 'i'}, {"Ô", 'o'}, {"Û", 'u'}, {"’", 0}};

void ps_fold(const char *s, char *out, size_t n) {
  size_t w = 0;
  while (*s && w + 1 < n) {
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '-' || c == '_' || c == '\'' || c == '\t') {
      s++;
      continue;
    }
    if (c >= 0x80) {
      size_t k = 0, nacc = sizeof accents / sizeof accents[0];
      for (; k < nacc; k++) {
        size_t l = strlen(accents[k].utf8);
        if (!strncmp(s, accents[k].utf8, l)) {
          if (accents[k].ascii) out[w++] = accents[k].ascii;
          s += l;
          break;
        }
      }
      if (k < nacc) continue;
    }
    out[w++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    s++;
  }
  out[w] = '\0';
}

const char *ps_enum_label(const struct ps_enum *en, const char *code) {
  if (!code || !*code) return "";
  for (; en->code; en++)
    if (!strcmp(en->code, code)) return en->label;
  return code;
}

const char *ps_enum_code(const struct ps_enum *en, const char *text) {
  char want[80], f[80];
  ps_fold(text, want, sizeof want);
  for (; en->code; en++) {
    ps_fold(en->label, f, sizeof f);
    if (!strcmp(f, want)) return en->code;
    ps_fold(en->code, f, sizeof f);
    if (!strcmp(f, want)) return en->code;
  }
  return NULL;
}

void ps_book_free(struct ps_book *b) {
  for (int t = 0; t < PS__COUNT; t++) {
    for (size_t i = 0; i < b->n[t]; i++)
      for (int c = 0; c < PS_MAX_COLS; c++) free(b->rows[t][i].cells[c]);
    free(b->rows[t]);
  }
  memset(b, 0, sizeof *b);
}

struct ps_row *ps_book_add(struct ps_book *b, enum ps_table_id t, uint32_t line) {
  if (b->n[t] == b->cap[t]) {
    size_t cap = b->cap[t] ? b->cap[t] * 2 : 16;
    struct ps_row *r = realloc(b->rows[t], cap * sizeof *r);
    if (!r) return NULL;
    b->rows[t] = r;
    b->cap[t] = cap;
  }
  struct ps_row *r = &b->rows[t][b->n[t]++];
  memset(r, 0, sizeof *r);
  r->line = line;
  b->total++;
  return r;
}

plam_err ps_cell_set(struct ps_row *r, int col, const char *s) {
  free(r->cells[col]);
  r->cells[col] = NULL;
  if (!s || !*s) return PLAM_OK;
  r->cells[col] = strdup(s);
  return r->cells[col] ? PLAM_OK : PLAM_ERR_NOMEM;
}

void ps_report_add(struct ps_report *r, enum ps_table_id t, uint32_t row, const char *column, const char *fmt, ...) {
  r->total++;
  if (r->nerrors >= PS_MAX_ERRORS) return;
  if (!r->errors && !(r->errors = calloc(PS_MAX_ERRORS, sizeof *r->errors))) return;
  struct ps_error *x = &r->errors[r->nerrors++];
  snprintf(x->sheet, sizeof x->sheet, "%s", (int)t >= 0 && t < PS__COUNT ? ps_tables[t].name : "");
  x->row = row;
  x->table = (int)t >= 0 && t < PS__COUNT ? (int)t : -1;
  x->seq = (uint32_t)r->total;
  snprintf(x->column, sizeof x->column, "%s", column ? column : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->message, sizeof x->message, fmt, ap);
  va_end(ap);
  /* "%.40s" of a cell may cut a character: drop the bytes of broken sequences */
  size_t len = strlen(x->message), bad;
  while (!utf8_valid(x->message, len, &bad) && bad < len) {
    memmove(x->message + bad, x->message + bad + 1, len - bad);
    len--;
  }
}

void ps_report_free(struct ps_report *r) {
  free(r->errors);
  memset(r, 0, sizeof *r);
}

static int err_cmp(const void *p, const void *q) {
  const struct ps_error *a = p, *b = q;
  if (a->table != b->table) return a->table < b->table ? -1 : 1;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

void ps_report_sort(struct ps_report *r) {
  if (r->nerrors > 1) qsort(r->errors, r->nerrors, sizeof *r->errors, err_cmp);
}

json_t *ps_report_json(const struct ps_report *r) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < r->nerrors; i++) {
    const struct ps_error *x = &r->errors[i];
    json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "sheet", x->sheet, "row", (json_int_t)x->row, "column", x->column,
                          "message", x->message);
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  if (arr && r->total > r->nerrors) {
    char msg[96];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", r->total - r->nerrors);
    json_array_append_new(
      arr, json_pack("{s:s, s:I, s:s, s:s}", "sheet", "", "row", (json_int_t)0, "column", "", "message", msg));
  }
  return arr ? json_pack("{s:o, s:I}", "errors", arr, "errors_total", (json_int_t)r->total) : NULL;
}

int ps_format_parse(const char *s) {
  if (!s) return -1;
  if (!strcmp(s, "csv")) return PS_CSV;
  if (!strcmp(s, "xlsx")) return PS_XLSX;
  return -1;
}

enum ps_format ps_format_sniff(const char *content_type, const void *data, size_t len) {
  if (content_type && strstr(content_type, "spreadsheetml")) return PS_XLSX;
  if (content_type && !strncmp(content_type, "text/", 5)) return PS_CSV;
  return len >= 4 && !memcmp(data, "PK\x03\x04", 4) ? PS_XLSX : PS_CSV;
}
