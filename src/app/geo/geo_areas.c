/* Areas: create, update, delete, their communes, and the CSV import. See
 * geo.h. Staff (admin, staff) write; any signed-in role reads. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/geo/geo.h"
#include "app/geo/geo_csv.h"
#include "store/store_season.h"
#include "store/store_tx.h"

const char *const geo_area_kinds[] = {"employment", "ars", "other", NULL};

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

static const char *kind_label(const char *k) {
  return !strcmp(k, "employment") ? "Zone d'emploi" : !strcmp(k, "ars") ? "Zonage de l'ARS" : "Autre zonage";
}

json_t *geo_area_json(const struct area_rec *a) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)a->id, "code", a->code,
                        "name", a->name, "kind", a->kind, "kind_label", kind_label(a->kind), "region_name",
                        a->region_name, "communes", (json_int_t)a->ncommunes, "created_at", a->created_at, "updated_at",
                        a->updated_at);
  if (j) json_object_set_new(j, "region", *a->region ? json_string(a->region) : json_null());
  return j;
}

plam_err geo_areas_list(struct db *db, const struct actor *a, const char *kind, const char *region, json_t **out) {
  (void)a;
  struct area_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_area_list(db, kind, region, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, geo_area_json(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err geo_areas_public(struct db *db, json_t **out) {
  struct area_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_area_list(db, "", "", &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++)
    json_array_append_new(
      arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)rows[i].id, "name", rows[i].name, "kind", rows[i].kind));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err geo_area_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  (void)a;
  struct area_rec r;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_area_get(db, id, &r);
  store_read_end(db);
  if (!e && !(*out = geo_area_json(&r))) e = PLAM_ERR_NOMEM;
  return e;
}

plam_err geo_area_communes(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  (void)a;
  struct area_rec r;
  struct commune_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_area_get(db, id, &r);
  if (!e) e = store_area_communes(db, id, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, geo_commune_json(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

/* ---- writes ---- */

static int code_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > GEO_AREA_CODE_MAX) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.') return 0;
  return 1;
}

static plam_err check_region(struct db *db, const char *region, struct field_error *fe) {
  if (!region || !*region) return PLAM_OK;
  struct territory_rec t;
  plam_err e = store_territory_get(db, region, &t);
  if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(t.level, "region")))
    return field_fail(fe, "region", "région inconnue (REG-xx attendu)");
  return e;
}

/* Applies the input to r (creating: every required field). */
static plam_err area_apply(struct area_rec *r, const struct area_input *in, int creating, struct field_error *fe) {
  plam_err e = PLAM_OK;
  if (creating || in->code) {
    if (!in->code || !code_ok(in->code))
      return field_fail(fe, "code", "code de 1 à 32 caractères (lettres, chiffres, - _ .) attendu");
    e = text_put("code", r->code, sizeof r->code, in->code, GEO_AREA_CODE_MAX, TEXT_REQUIRED | TEXT_ASCII, fe);
  }
  if (!e && (creating || in->name)) e = text_put("name", r->name, sizeof r->name, in->name, 200, TEXT_REQUIRED, fe);
  if (!e && (creating || in->kind)) {
    e = text_enum("kind", in->kind, geo_area_kinds, 1, fe);
    if (!e) e = text_put("kind", r->kind, sizeof r->kind, in->kind, sizeof r->kind - 1, TEXT_ASCII, fe);
  }
  if (!e && in->region) e = text_put("region", r->region, sizeof r->region, in->region, 11, TEXT_ASCII, fe);
  return e;
}

struct area_arg {
  int64_t id;
  const struct area_input *in;
  struct area_rec rec;
};

static plam_err area_create_tx(struct app_tx *tx, void *arg) {
  struct area_arg *x = arg;
  struct area_rec other;
  plam_err e = check_region(tx->db, x->rec.region, tx->fe);
  if (!e && store_area_get_by_code(tx->db, x->rec.code, &other) == PLAM_OK)
    return field_fail(tx->fe, "code", "une zone porte déjà ce code");
  if (!e) e = store_area_insert(tx->db, &x->rec, &x->id);
  if (!e) e = store_area_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "create", "area", x->id, NULL, geo_area_json(&x->rec));
}

plam_err geo_area_create(struct db *db, const struct actor *a, const struct area_input *in, json_t **out,
                         struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct area_arg x = {0, in, {0}};
  plam_err e = area_apply(&x.rec, in, 1, fe);
  if (!e) e = app_write(db, a, area_create_tx, &x, fe);
  if (!e && !(*out = geo_area_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err area_update_tx(struct app_tx *tx, void *arg) {
  struct area_arg *x = arg;
  struct area_rec before, other;
  plam_err e = store_area_get(tx->db, x->id, &before);
  if (e) return e;
  x->rec = before;
  e = area_apply(&x->rec, x->in, 0, tx->fe);
  if (!e) e = check_region(tx->db, x->rec.region, tx->fe);
  if (!e && strcmp(before.code, x->rec.code) && store_area_get_by_code(tx->db, x->rec.code, &other) == PLAM_OK)
    return field_fail(tx->fe, "code", "une zone porte déjà ce code");
  if (!e && strcmp(before.kind, x->rec.kind)) {
    /* its communes must be free in the new kind */
    struct commune_rec *rows = NULL;
    int n = 0;
    e = store_area_communes(tx->db, x->id, &rows, &n);
    for (int i = 0; !e && i < n; i++) {
      char holder[GEO_AREA_CODE_MAX * 4 + 1];
      int found = 0;
      e = store_area_commune_holder(tx->db, rows[i].code, x->rec.kind, x->id, holder, sizeof holder, &found);
      if (!e && found) {
        char msg[200];
        snprintf(msg, sizeof msg, "la commune %s est déjà dans la zone %s de ce type", rows[i].code, holder);
        e = field_fail(tx->fe, "kind", msg);
      }
    }
    free(rows);
  }
  if (!e) e = store_area_update(tx->db, &x->rec);
  if (!e) e = store_area_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "update", "area", x->id, geo_area_json(&before), geo_area_json(&x->rec));
}

plam_err geo_area_update(struct db *db, const struct actor *a, int64_t id, const struct area_input *in, json_t **out,
                         struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct area_arg x = {id, in, {0}};
  plam_err e = app_write(db, a, area_update_tx, &x, fe);
  if (!e && !(*out = geo_area_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err area_delete_tx(struct app_tx *tx, void *arg) {
  struct area_arg *x = arg;
  plam_err e = store_area_get(tx->db, x->id, &x->rec);
  /* an area a seasonal campaign uses as its territory stays (0027): 409 naming the campaign */
  int64_t used = 0;
  char name[801];
  if (!e) e = store_season_by_area(tx->db, x->id, &used, name, sizeof name);
  if (!e && used) {
    char m[sizeof tx->fe->message]; /* the message names the campaign; a name too long for it is left out */
    int k = used == 1
              ? snprintf(m, sizeof m,
                         "zone utilisée par la campagne saisonnière « %s » : elle ne peut pas être supprimée", name)
              : snprintf(m, sizeof m,
                         "zone utilisée par %lld campagnes saisonnières, dont « %s » : elle ne peut pas être "
                         "supprimée",
                         (long long)used, name);
    if (k < 0 || (size_t)k >= sizeof m)
      snprintf(m, sizeof m, "zone utilisée par %lld campagne(s) saisonnière(s) : elle ne peut pas être supprimée",
               (long long)used);
    field_fail(tx->fe, "id", m);
    return PLAM_ERR_CONFLICT;
  }
  if (!e) e = store_area_delete(tx->db, x->id);
  if (e) return e;
  return app_audit(tx, "delete", "area", x->id, geo_area_json(&x->rec), NULL);
}

plam_err geo_area_delete(struct db *db, const struct actor *a, int64_t id, json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct area_arg x = {id, NULL, {0}};
  plam_err e = app_write(db, a, area_delete_tx, &x, fe);
  if (!e && !(*out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- CSV import ---- */

struct import_arg {
  struct geo_area_row *rows;
  size_t n;
  struct geo_file_report *rep;
  int64_t areas, created, updated, communes;
};

static int by_code_row(const void *x, const void *y) {
  const struct geo_area_row *a = x, *b = y;
  int c = strcmp(a->code, b->code);
  return c ? c : (a->row > b->row) - (a->row < b->row);
}

/* The région of every commune of rows[i..j) when they share one, else "". */
static plam_err common_region(struct db *db, const struct geo_area_row *rows, size_t i, size_t j, char region[12]) {
  region[0] = 0;
  for (size_t k = i; k < j; k++) {
    struct commune_rec c;
    struct territory_rec t;
    plam_err e = geo_commune_lookup(db, rows[k].commune, &c, NULL);
    if (!e) e = store_territory_get(db, c.departement, &t);
    if (e) return e;
    if (k == i) snprintf(region, 12, "%s", t.parent);
    else if (strcmp(region, t.parent)) {
      region[0] = 0;
      return PLAM_OK;
    }
  }
  return PLAM_OK;
}

static plam_err import_tx(struct app_tx *tx, void *arg) {
  struct import_arg *x = arg;
  struct geo_file_report *rep = x->rep;
  plam_err e = PLAM_OK;
  /* every commune exists (today's code, or a 2018 code merged since) */
  for (size_t i = 0; !e && i < x->n; i++) {
    struct commune_rec c;
    int merged = 0;
    plam_err le = geo_commune_lookup(tx->db, x->rows[i].commune, &c, &merged);
    if (le == PLAM_ERR_NOT_FOUND)
      geo_file_error(rep, x->rows[i].row, 4, "code commune", "commune %s inconnue", x->rows[i].commune);
    else if (le) e = le;
    else if (merged) {
      geo_file_notice(rep, x->rows[i].row, 4, "code commune",
                      "commune %s fusionnée depuis 2018 : comptée comme %s (%s)", x->rows[i].commune, c.code, c.name);
      strcpy(x->rows[i].commune, c.code);
    }
  }
  if (e || rep->total_errors) return e ? e : PLAM_ERR_INVALID;
  if (x->n) qsort(x->rows, x->n, sizeof *x->rows, by_code_row);
  json_t *codes = json_array();
  for (size_t i = 0; !e && i < x->n;) {
    size_t j = i;
    while (j < x->n && !strcmp(x->rows[j].code, x->rows[i].code)) j++;
    struct area_rec r, before;
    int exists = store_area_get_by_code(tx->db, x->rows[i].code, &before) == PLAM_OK;
    memset(&r, 0, sizeof r);
    if (exists) r = before;
    strcpy(r.code, x->rows[i].code);
    strcpy(r.name, x->rows[i].name);
    strcpy(r.kind, x->rows[i].kind);
    e = common_region(tx->db, x->rows, i, j, r.region);
    if (!e && exists) e = store_area_update(tx->db, &r);
    else if (!e) e = store_area_insert(tx->db, &r, &r.id);
    if (!e) e = store_area_communes_clear(tx->db, r.id);
    for (size_t k = i; !e && k < j; k++) e = store_area_commune_add(tx->db, r.id, x->rows[k].commune);
    if (e) break;
    x->areas++;
    if (exists) x->updated++;
    else x->created++;
    x->communes += (int64_t)(j - i);
    json_array_append_new(codes, json_string(r.code));
    i = j;
  }
  /* a commune in at most one area of each kind, the file's and the others */
  for (size_t i = 0; !e && i < x->n; i++) {
    struct area_rec mine;
    char holder[GEO_AREA_CODE_MAX * 4 + 1];
    int found = 0;
    e = store_area_get_by_code(tx->db, x->rows[i].code, &mine);
    if (!e)
      e = store_area_commune_holder(tx->db, x->rows[i].commune, mine.kind, mine.id, holder, sizeof holder, &found);
    if (!e && found)
      geo_file_error(rep, x->rows[i].row, 4, "code commune",
                     "commune %s déjà dans la zone %s, du même type : une commune appartient à une seule zone de "
                     "chaque type",
                     x->rows[i].commune, holder);
  }
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  if (e) {
    json_decref(codes);
    return e;
  }
  return app_audit(tx, "import", "area", 0, NULL,
                   json_pack("{s:I, s:I, s:I, s:I, s:o}", "rows", (json_int_t)x->n, "created", (json_int_t)x->created,
                             "updated", (json_int_t)x->updated, "communes", (json_int_t)x->communes, "areas", codes));
}

plam_err geo_areas_import(struct db *db, const struct actor *a, const char *data, size_t len,
                          struct geo_file_report *rep, json_t **summary) {
  geo_file_report_init(rep);
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct import_arg x = {0};
  x.rep = rep;
  plam_err e = geo_areas_csv_parse(data, len, &x.rows, &x.n, rep);
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  if (!e && !x.n) {
    geo_file_error(rep, 0, 0, "", "aucune ligne de commune");
    e = PLAM_ERR_INVALID;
  }
  if (!e) e = app_write(db, a, import_tx, &x, NULL);
  geo_file_report_sort(rep);
  if (!e) {
    *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "rows", (json_int_t)x.n, "areas", (json_int_t)x.areas,
                         "created", (json_int_t)x.created, "updated", (json_int_t)x.updated, "communes",
                         (json_int_t)x.communes, "notices", geo_file_msgs_json(rep->notices, rep->nnotices));
    if (!*summary) e = PLAM_ERR_NOMEM;
  }
  free(x.rows);
  return e;
}
