/* FINESS extract import: Latin-1 to UTF-8, the pure reader
 * (estab_finess.c), then communes resolved and establishments upserted by
 * FINESS number in one write transaction, all or nothing. See estab.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/estab/estab.h"
#include "app/estab/estab_finess.h"
#include "app/geo/geo.h"
#include "base/buf.h"

struct import_arg {
  struct finess_file *f;
  struct geo_file_report *rep;
  estab_progress_fn progress;
  void *ud;
  int64_t created, updated, unchanged, geolocated, centroid;
};

static int same(const struct estab_rec *a, const struct estab_rec *b) {
  return !strcmp(a->name, b->name) && !strcmp(a->category, b->category) && !strcmp(a->commune, b->commune) &&
         !strcmp(a->departement, b->departement) && a->has_coords == b->has_coords &&
         (!a->has_coords || (fabs(a->lat - b->lat) < 1e-9 && fabs(a->lon - b->lon) < 1e-9));
}

static plam_err import_tx(struct app_tx *tx, void *arg) {
  struct import_arg *x = arg;
  struct finess_file *f = x->f;
  plam_err e = PLAM_OK;
  struct commune_rec *coms = calloc(f->n ? f->n : 1, sizeof *coms);
  if (!coms) return PLAM_ERR_NOMEM;
  for (size_t i = 0; !e && i < f->n; i++) {
    int merged = 0;
    plam_err le = geo_commune_lookup(tx->db, f->rows[i].commune, &coms[i], &merged);
    if (le == PLAM_ERR_NOT_FOUND)
      geo_file_error(x->rep, f->rows[i].line, 13, "commune", "commune %s inconnue", f->rows[i].commune);
    else if (le) e = le;
    else if (merged)
      geo_file_notice(x->rep, f->rows[i].line, 13, "commune", "commune %s fusionnée : rattachée à %s (%s)",
                      f->rows[i].commune, coms[i].code, coms[i].name);
    else if (strcmp(coms[i].departement, f->rows[i].departement))
      geo_file_error(x->rep, f->rows[i].line, 14, "departement", "la commune %s n'est pas dans ce département",
                     coms[i].code);
  }
  if (!e && x->rep->total_errors) e = PLAM_ERR_INVALID;
  for (size_t i = 0; !e && i < f->n; i++) {
    const struct finess_row *r = &f->rows[i];
    struct estab_rec now, before;
    memset(&now, 0, sizeof now);
    plam_err ge = store_estab_get_by_finess(tx->db, r->finess, &before);
    if (ge && ge != PLAM_ERR_NOT_FOUND) {
      e = ge;
      break;
    }
    int exists = ge == PLAM_OK;
    if (exists) now = before;
    strcpy(now.finess, r->finess);
    strcpy(now.name, r->name);
    strcpy(now.category, r->category);
    strcpy(now.commune, coms[i].code);
    strcpy(now.departement, coms[i].departement);
    now.has_coords = 1;
    now.lat = r->has_coords ? r->lat : coms[i].lat;
    now.lon = r->has_coords ? r->lon : coms[i].lon;
    if (r->has_coords) x->geolocated++;
    else x->centroid++;
    if (exists && same(&now, &before)) x->unchanged++;
    else if (exists) {
      e = store_estab_update(tx->db, &now);
      x->updated++;
    } else {
      e = store_estab_insert(tx->db, &now, NULL);
      x->created++;
    }
    if (x->progress && (i + 1) % 1000 == 0) x->progress(x->ud, i + 1, f->n);
  }
  free(coms);
  if (e) return e;
  if (x->progress) x->progress(x->ud, f->n, f->n);
  return app_audit(tx, "import", "establishment", 0, NULL,
                   json_pack("{s:s, s:I, s:I, s:I, s:I}", "source", "FINESS", "establishments", (json_int_t)f->n,
                             "created", (json_int_t)x->created, "updated", (json_int_t)x->updated, "unchanged",
                             (json_int_t)x->unchanged));
}

plam_err estab_finess_import(struct db *db, const struct actor *a, const char *data, size_t len,
                             estab_progress_fn progress, void *ud, struct geo_file_report *rep, json_t **summary) {
  geo_file_report_init(rep);
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  struct buf utf8;
  buf_init(&utf8, len * 3 + 16);
  size_t bad = 0;
  plam_err e = finess_latin1_to_utf8(data, len, &utf8, &bad);
  if (e == PLAM_ERR_INVALID) {
    uint32_t line = 1;
    for (size_t i = 0; i < bad; i++) line += data[i] == '\n';
    geo_file_error(rep, line, 0, "", "octet 0x%02X non défini en Latin-1 / Windows-1252", (unsigned char)data[bad]);
    buf_release(&utf8);
    return PLAM_ERR_INVALID;
  }
  if (e) {
    buf_release(&utf8);
    return e;
  }
  struct finess_file f;
  e = finess_parse(utf8.data ? utf8.data : "", utf8.len, &f, rep);
  buf_release(&utf8);
  if (e) return e;
  if (rep->total_errors) e = PLAM_ERR_INVALID;
  else if (!f.n) {
    geo_file_error(rep, 0, 0, "", "aucune ligne structureet");
    e = PLAM_ERR_INVALID;
  }
  struct import_arg x = {.f = &f, .rep = rep, .progress = progress, .ud = ud};
  if (!e) e = app_write(db, a, import_tx, &x, NULL);
  geo_file_report_sort(rep);
  if (!e) {
    *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "lines", (json_int_t)f.lines, "establishments",
                         (json_int_t)f.n, "created", (json_int_t)x.created, "updated", (json_int_t)x.updated,
                         "unchanged", (json_int_t)x.unchanged, "geolocated", (json_int_t)x.geolocated, "centroid",
                         (json_int_t)x.centroid, "notices", geo_file_msgs_json(rep->notices, rep->nnotices));
    if (!*summary) e = PLAM_ERR_NOMEM;
  }
  finess_file_free(&f);
  return e;
}
