/* Communes: loading the reference file the binary carries, looking a commune
 * up (following a merge), and the API's views. See geo.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/geo/geo.h"
#include "base/embed.h"
#include "fmt/csv.h"
#include "store/store_tx.h"

#define COMMUNES_FILE "ref/communes.csv"
#define MERGES_FILE "ref/commune_merges.csv"

int geo_code_shape(const char *s) {
  if (!s || strlen(s) != 5) return 0;
  int corsica = s[0] == '2' && (s[1] == 'A' || s[1] == 'B');
  for (int i = corsica ? 2 : 0; i < 5; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

json_t *geo_commune_json(const struct commune_rec *c) {
  json_t *j = json_pack("{s:s, s:s, s:s, s:f, s:f}", "code", c->code, "name", c->name, "departement", c->departement,
                        "lat", c->lat, "lon", c->lon);
  if (j) json_object_set_new(j, "population", c->population >= 0 ? json_integer(c->population) : json_null());
  return j;
}

plam_err geo_commune_lookup(struct db *db, const char *code, struct commune_rec *out, int *merged) {
  if (merged) *merged = 0;
  if (!geo_code_shape(code)) return PLAM_ERR_NOT_FOUND;
  plam_err e = store_commune_get(db, code, out);
  if (e != PLAM_ERR_NOT_FOUND) return e;
  char now[6];
  e = store_commune_merged_into(db, code, now);
  if (!e) e = store_commune_get(db, now, out);
  if (!e && merged) *merged = 1;
  return e;
}

/* ---- loading the reference file ---- */

struct load_rows {
  char **cells; /* 6 per commune row, or 3 per merge row */
  size_t n, cap;
  int ncols;
  plam_err err;
};

static plam_err load_row(void *ctx, const struct table_row *row) {
  struct load_rows *r = ctx;
  if (row->row == 1) return PLAM_OK; /* header */
  if ((int)row->ncols != r->ncols) return PLAM_ERR_INTERNAL;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 4096;
    char **q = realloc(r->cells, cap * (size_t)r->ncols * sizeof *q);
    if (!q) return PLAM_ERR_NOMEM;
    r->cells = q;
    r->cap = cap;
  }
  for (int i = 0; i < r->ncols; i++) {
    char *s = strdup(row->cells[i]);
    if (!s) return PLAM_ERR_NOMEM;
    r->cells[r->n * (size_t)r->ncols + (size_t)i] = s;
  }
  r->n++;
  return PLAM_OK;
}

static void load_free(struct load_rows *r) {
  for (size_t i = 0; i < r->n * (size_t)r->ncols; i++) free(r->cells[i]);
  free(r->cells);
}

static plam_err load_file(const char *name, int ncols, struct load_rows *r) {
  memset(r, 0, sizeof *r);
  r->ncols = ncols;
  const struct embed_file *f = embed_find(name);
  if (!f) return PLAM_ERR_INTERNAL;
  struct csv_options opt = {.sep = ';'};
  return csv_read(f->data, f->len, &opt, load_row, r, NULL, NULL);
}

/* db_rows callbacks: communes (code, name, DEP-xx, population, lat, lon). */
struct commune_rows {
  const struct load_rows *r;
  char (*dep)[12];
};

static void commune_row(void *ud, size_t i, struct db_value *out) {
  const struct commune_rows *c = ud;
  char **cells = c->r->cells + i * 6;
  out[0] = (struct db_value){.type = DB_VALUE_TEXT, .s = cells[0]};
  out[1] = (struct db_value){.type = DB_VALUE_TEXT, .s = cells[1]};
  out[2] = (struct db_value){.type = DB_VALUE_TEXT, .s = c->dep[i]};
  out[3] = *cells[3] ? (struct db_value){.type = DB_VALUE_INT, .i = strtoll(cells[3], NULL, 10)}
                     : (struct db_value){.type = DB_VALUE_NULL};
  out[4] = (struct db_value){.type = DB_VALUE_REAL, .d = strtod(cells[4], NULL)};
  out[5] = (struct db_value){.type = DB_VALUE_REAL, .d = strtod(cells[5], NULL)};
}

static void merge_row(void *ud, size_t i, struct db_value *out) {
  const struct load_rows *r = ud;
  char **cells = r->cells + i * 3;
  out[0] = (struct db_value){.type = DB_VALUE_TEXT, .s = cells[0]};
  out[1] = (struct db_value){.type = DB_VALUE_TEXT, .s = cells[1]};
  out[2] = (struct db_value){.type = DB_VALUE_NULL}; /* the package gives no date */
}

struct load_arg {
  struct load_rows communes, merges;
  char (*dep)[12];
  int64_t loaded;
};

static plam_err load_tx(struct app_tx *tx, void *arg) {
  struct load_arg *x = arg;
  int64_t n = 0;
  plam_err e = store_commune_count(tx->db, &n);
  if (e || n) return e ? e : app_audit(tx, "load", "communes", 0, NULL, json_pack("{s:I}", "communes", (json_int_t)0));
  struct commune_rows cr = {&x->communes, x->dep};
  struct db_rows rows = {x->communes.n, 6, commune_row, &cr};
  e = store_commune_bulk(tx->db, &rows);
  struct db_rows mrows = {x->merges.n, 3, merge_row, &x->merges};
  if (!e) e = store_commune_merge_bulk(tx->db, &mrows);
  if (e) return e;
  x->loaded = (int64_t)x->communes.n;
  return app_audit(tx, "load", "communes", 0, NULL,
                   json_pack("{s:I, s:I, s:s}", "communes", (json_int_t)x->communes.n, "merges",
                             (json_int_t)x->merges.n, "source", "data/ref/communes.csv (IGN, INSEE)"));
}

plam_err geo_communes_load(struct db *db, int64_t *loaded) {
  *loaded = 0;
  int64_t n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_commune_count(db, &n);
  store_read_end(db);
  if (e || n) return e;
  struct load_arg x;
  memset(&x, 0, sizeof x);
  e = load_file(COMMUNES_FILE, 6, &x.communes);
  if (!e) e = load_file(MERGES_FILE, 3, &x.merges);
  if (!e && !(x.dep = calloc(x.communes.n ? x.communes.n : 1, sizeof *x.dep))) e = PLAM_ERR_NOMEM;
  for (size_t i = 0; !e && i < x.communes.n; i++) {
    const char *d = x.communes.cells[i * 6 + 2];
    if (strlen(d) > 3) e = PLAM_ERR_INTERNAL;
    else memcpy(x.dep[i], "DEP-", 4), strcpy(x.dep[i] + 4, d);
  }
  struct actor a;
  actor_cli(&a);
  if (!e) e = app_write(db, &a, load_tx, &x, NULL);
  if (!e) *loaded = x.loaded;
  free(x.dep);
  load_free(&x.communes);
  load_free(&x.merges);
  return e;
}

/* ---- API views ---- */

plam_err geo_communes_json(struct db *db, const char *code, const char *dep, const char *prefix, json_t **out,
                           struct field_error *fe) {
  if (!code && !dep && !prefix) return field_fail(fe, "q", "indiquez un code, un département ou un début de nom");
  if (prefix && strlen(prefix) < 2 && !dep) return field_fail(fe, "q", "au moins 2 caractères");
  plam_err e = store_read_begin(db);
  if (e) return e;
  struct commune_rec *rows = NULL;
  int n = 0, merged = 0;
  json_t *arr = json_array();
  if (!arr) e = PLAM_ERR_NOMEM;
  if (!e && code) {
    struct commune_rec c;
    e = geo_commune_lookup(db, code, &c, &merged);
    if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK; /* an empty list */
    else if (!e) {
      json_t *j = geo_commune_json(&c);
      if (j && merged) json_object_set_new(j, "merged_from", json_string(code));
      json_array_append_new(arr, j);
    }
  } else if (!e && prefix) {
    e = store_commune_search(db, prefix, dep, 50, &rows, &n);
  } else if (!e) {
    e = store_commune_list_dep(db, dep, &rows, &n);
  }
  store_read_end(db);
  for (int i = 0; !e && i < n; i++) json_array_append_new(arr, geo_commune_json(&rows[i]));
  free(rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}
