/* The areas CSV reader: see geo_csv.h. */
#include "app/geo/geo_csv.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "app/geo/geo.h"
#include "base/utf8.h"
#include "fmt/csv.h"

static const char *const col_names[4] = {"code zone", "nom zone", "type", "code commune"};
/* French words read as the module's kinds */
static const char *const kind_words[][2] = {
  {"employment", "employment"}, {"emploi", "employment"}, {"zone d'emploi", "employment"}, {"ars", "ars"},
  {"other", "other"},           {"autre", "other"}};

struct parse {
  struct geo_area_row *rows;
  size_t n, cap;
  struct geo_file_report *rep;
  int header_seen;
};

static int code_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > GEO_AREA_CODE_MAX) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.') return 0;
  return 1;
}

static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
  return 0;
}

static plam_err on_row(void *ctx, const struct table_row *row) {
  struct parse *p = ctx;
  uint32_t r = (uint32_t)row->row;
  if (!p->header_seen) {
    p->header_seen = 1;
    if (row->ncols != 4)
      geo_file_error(p->rep, r, 0, "",
                     "l'en-tête doit avoir 4 colonnes (code zone;nom zone;type;code commune), %zu lues", row->ncols);
    return PLAM_OK;
  }
  if (row->ncols != 4) {
    geo_file_error(p->rep, r, 0, "", "4 colonnes attendues, %zu lues", row->ncols);
    return PLAM_OK;
  }
  struct geo_area_row a;
  memset(&a, 0, sizeof a);
  a.row = r;
  int ok = 1;
  const char *code = row->cells[0], *name = row->cells[1], *kind = row->cells[2], *com = row->cells[3];
  if (!code_ok(code)) {
    geo_file_error(p->rep, r, 1, col_names[0], "code de 1 à 32 caractères (lettres, chiffres, - _ .) attendu");
    ok = 0;
  } else {
    strcpy(a.code, code);
  }
  size_t nc = utf8_count(name);
  if (!*name || nc > GEO_NAME_MAX || has_control(name) || strlen(name) >= sizeof a.name) {
    geo_file_error(p->rep, r, 2, col_names[1], "nom obligatoire, 200 caractères au plus, sans caractère de contrôle");
    ok = 0;
  } else {
    strcpy(a.name, name);
  }
  const char *k = NULL;
  for (size_t i = 0; i < sizeof kind_words / sizeof kind_words[0]; i++)
    if (!strcmp(kind, kind_words[i][0])) k = kind_words[i][1];
  if (!k) {
    geo_file_error(p->rep, r, 3, col_names[2], "type inconnu (emploi, ars ou autre)");
    ok = 0;
  } else {
    strcpy(a.kind, k);
  }
  if (!geo_code_shape(com)) {
    geo_file_error(p->rep, r, 4, col_names[3], "code commune INSEE de 5 caractères attendu (ex. 44109, 2A004)");
    ok = 0;
  } else {
    strcpy(a.commune, com);
  }
  if (!ok) return PLAM_OK;
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 256;
    struct geo_area_row *q = realloc(p->rows, cap * sizeof *q);
    if (!q) return PLAM_ERR_NOMEM;
    p->rows = q;
    p->cap = cap;
  }
  p->rows[p->n++] = a;
  return PLAM_OK;
}

static int by_commune(const void *x, const void *y) {
  const struct geo_area_row *a = *(const struct geo_area_row *const *)x, *b = *(const struct geo_area_row *const *)y;
  int c = strcmp(a->commune, b->commune);
  if (!c) c = strcmp(a->kind, b->kind);
  return c ? c : (a->row > b->row) - (a->row < b->row);
}

static int by_code(const void *x, const void *y) {
  const struct geo_area_row *a = *(const struct geo_area_row *const *)x, *b = *(const struct geo_area_row *const *)y;
  int c = strcmp(a->code, b->code);
  return c ? c : (a->row > b->row) - (a->row < b->row);
}

plam_err geo_areas_csv_parse(const char *data, size_t len, struct geo_area_row **rows, size_t *n,
                             struct geo_file_report *rep) {
  struct parse p = {.rep = rep};
  struct table_error te;
  struct csv_options opt = {.max_rows = 200000};
  *rows = NULL;
  *n = 0;
  plam_err e = csv_read(data, len, &opt, on_row, &p, NULL, &te);
  if (e == PLAM_ERR_NOMEM) {
    free(p.rows);
    return e;
  }
  if (e) geo_file_error(rep, (uint32_t)te.row, (uint32_t)te.col, "", "%s", te.message);
  else if (!p.header_seen)
    geo_file_error(rep, 0, 0, "", "fichier vide : une ligne d'en-tête puis une ligne par commune");
  /* cross-row rules over pointers sorted two ways */
  const struct geo_area_row **ix = p.n ? malloc(p.n * sizeof *ix) : NULL;
  if (p.n && !ix) {
    free(p.rows);
    return PLAM_ERR_NOMEM;
  }
  for (size_t i = 0; i < p.n; i++) ix[i] = &p.rows[i];
  if (p.n) qsort(ix, p.n, sizeof *ix, by_code);
  for (size_t i = 1; i < p.n; i++) {
    const struct geo_area_row *a = ix[i - 1], *b = ix[i];
    if (strcmp(a->code, b->code)) continue;
    ix[i] = a->row < b->row ? a : b; /* keep comparing against the first row of the area */
    if (strcmp(a->name, b->name))
      geo_file_error(rep, b->row, 2, col_names[1], "la zone %s porte déjà un autre nom (ligne %u)", b->code, a->row);
    if (strcmp(a->kind, b->kind))
      geo_file_error(rep, b->row, 3, col_names[2], "la zone %s a déjà un autre type (ligne %u)", b->code, a->row);
  }
  for (size_t i = 0; i < p.n; i++) ix[i] = &p.rows[i];
  if (p.n) qsort(ix, p.n, sizeof *ix, by_commune);
  for (size_t i = 1; i < p.n; i++) {
    const struct geo_area_row *a = ix[i - 1], *b = ix[i];
    if (strcmp(a->commune, b->commune) || strcmp(a->kind, b->kind)) continue;
    if (!strcmp(a->code, b->code))
      geo_file_error(rep, b->row, 4, col_names[3], "commune %s déjà dans la zone %s (ligne %u)", b->commune, b->code,
                     a->row);
    else
      geo_file_error(rep, b->row, 4, col_names[3],
                     "commune %s déjà dans la zone %s (ligne %u) : une commune appartient à une seule zone de chaque "
                     "type",
                     b->commune, a->code, a->row);
    ix[i] = a;
  }
  free(ix);
  geo_file_report_sort(rep);
  *rows = p.rows;
  *n = p.n;
  return rep->nomem ? PLAM_ERR_NOMEM : PLAM_OK;
}
