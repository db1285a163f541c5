/* OPPI import, the database part: the file is parsed whole outside the
 * write lock (intern_oppi.c), then every row is resolved (site exists,
 * semester still collecting, identifier not imported before) and written in
 * one write transaction with one audit entry; any error writes nothing.
 * Alerts are re-evaluated for each (site, semester) the file touches, in
 * the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/intern/intern_int.h"
#include "app/intern/intern_oppi.h"
#include "store/store.h"

struct oppi_arg {
  struct oppi_report *rep;
  size_t written;
};

static int cmp_site_sem(const void *a, const void *b) {
  const struct oppi_row *x = *(const struct oppi_row *const *)a, *y = *(const struct oppi_row *const *)b;
  if (x->site_id != y->site_id) return x->site_id < y->site_id ? -1 : 1;
  return strcmp(x->semester, y->semester);
}

static plam_err oppi_tx(struct app_tx *tx, void *arg) {
  struct oppi_arg *x = arg;
  struct oppi_report *r = x->rep;
  plam_err e = PLAM_OK;
  /* resolve everything first: a failed statement would end a PostgreSQL transaction */
  int64_t last_site = 0, last_ok = 0;
  for (size_t i = 0; !e && i < r->nrows; i++) {
    struct oppi_row *o = &r->rows[i];
    if (o->site_id != last_site) {
      struct isite_rec s;
      e = store_isite_get(tx->db, o->site_id, &s);
      last_ok = !e;
      if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK;
      last_site = o->site_id;
    }
    if (!e && !last_ok) oppi_error_add(r, o->row, 0, "terrain %lld inconnu", (long long)o->site_id);
    int closed = 0, exists = 0;
    if (!e) e = store_isem_closed(tx->db, o->semester, &closed);
    if (!e && closed) oppi_error_add(r, o->row, 0, "semestre %s : la collecte est close", o->semester);
    if (!e) e = store_ieval_oppi_exists(tx->db, o->ref, &exists);
    if (!e && exists) oppi_error_add(r, o->row, 0, "évaluation « %s » déjà importée", o->ref);
  }
  if (e) return e;
  if (r->total_errors) return PLAM_ERR_INVALID;
  for (size_t i = 0; !e && i < r->nrows; i++) {
    struct oppi_row *o = &r->rows[i];
    struct ieval_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.site_id = o->site_id;
    memcpy(rec.semester, o->semester, sizeof rec.semester);
    snprintf(rec.source, sizeof rec.source, "oppi");
    memcpy(rec.oppi_ref, o->ref, sizeof rec.oppi_ref);
    struct ieval_input in = {.semester = o->semester,
                             .comment = o->comment,
                             .supervision = o->supervision,
                             .conditions = o->conditions,
                             .hours = o->hours,
                             .rest_taken = o->rest_taken,
                             .training_half_days = o->training_half_days,
                             .non_medical = o->non_medical,
                             .respect = o->respect,
                             .harassment = o->harassment};
    struct field_error fe;
    memset(&fe, 0, sizeof fe);
    e = intern_eval_fill(&rec, &in, &fe);
    if (e == PLAM_ERR_INVALID) return PLAM_ERR_INTERNAL; /* the parser checked the same ranges */
    int64_t id = 0;
    if (!e) e = store_ieval_insert(tx->db, &rec, &id);
    if (!e) x->written++;
  }
  /* alerts once per (site, semester) */
  const struct oppi_row **p = e ? NULL : malloc(r->nrows * sizeof *p);
  if (!e && !p) e = PLAM_ERR_NOMEM;
  for (size_t i = 0; !e && i < r->nrows; i++) p[i] = &r->rows[i];
  if (!e) qsort(p, r->nrows, sizeof *p, cmp_site_sem);
  for (size_t i = 0; !e && i < r->nrows; i++)
    if (i == 0 || cmp_site_sem(&p[i], &p[i - 1])) e = intern_alerts_check_tx(tx, p[i]->site_id, p[i]->semester, NULL);
  free(p);
  if (e) return e;
  return app_audit(tx, "import", "intern_oppi", 0, NULL, json_pack("{s:I}", "evaluations", (json_int_t)x->written));
}

static json_t *errors_json(const struct oppi_report *r) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < r->nerrors; i++)
    json_array_append_new(arr, json_pack("{s:I, s:I, s:s}", "row", (json_int_t)r->errors[i].row, "column",
                                         (json_int_t)r->errors[i].col, "message", r->errors[i].message));
  if (arr && r->total_errors > r->nerrors) {
    char msg[80];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", r->total_errors - r->nerrors);
    json_array_append_new(arr,
                          json_pack("{s:I, s:I, s:s}", "row", (json_int_t)0, "column", (json_int_t)0, "message", msg));
  }
  return arr;
}

plam_err intern_oppi_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **out,
                            json_t **errors, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  *errors = NULL;
  struct oppi_report rep;
  plam_err e = oppi_parse(data, len, &rep);
  if (!e && rep.total_errors) e = PLAM_ERR_INVALID;
  struct oppi_arg x = {&rep, 0};
  if (!e) e = app_write(db, a, oppi_tx, &x, fe);
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    *errors = errors_json(&rep);
    field_fail(fe, "file", "le fichier comporte des erreurs : rien n'a été importé");
  }
  if (!e && !(*out = json_pack("{s:I, s:I}", "rows", (json_int_t)rep.nrows, "evaluations", (json_int_t)x.written)))
    e = PLAM_ERR_NOMEM;
  oppi_report_free(&rep);
  return e;
}
