/* Measurement import: see plan_io.h. The catalog (the plan's indicators,
 * whether the actor may propose for each, and the territories) is read
 * first; meas_import_parse validates the whole file without touching the
 * database and returns the measurements in the order of the measurements
 * index; only a file without error is written, in one write transaction
 * holding one INSERT … SELECT of every row (store_meas_import_all, over
 * plam_rows), the plan's generation bump and one audit entry summarising the
 * batch (file name, format, counts). The rows name their batch by id and
 * take its time (measurement_batches). A value without a source column keeps
 * source NULL: its batch leads to that audit entry, and 30 bytes less per row
 * count when a million rows are written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "app/access/write.h"
#include "app/plan/plan.h"
#include "app/plan/plan_io.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "store/store_tx.h"
#include "store/store.h"
#include "store/store_plan_io.h"

static void catalog_free(struct meas_catalog *c) {
  for (size_t i = 0; c->inds && i < c->ninds; i++) free(c->inds[i].where);
  free(c->inds);
  free(c->terrs);
  memset(c, 0, sizeof *c);
}

static plam_err catalog_load(struct db *db, const struct actor *a, int64_t plan_id, struct meas_catalog *c) {
  memset(c, 0, sizeof *c);
  struct store_rows inds = {0}, acts = {0};
  struct territory_rec *terrs = NULL;
  int nterrs = 0, npt = 0, nit = 0;
  char(*pt)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_plan_indicators(db, plan_id, &inds);
  if (!e) e = store_plan_actions(db, plan_id, &acts);
  if (!e) e = store_territory_list(db, NULL, NULL, &terrs, &nterrs);
  if (!e) e = store_plan_territories(db, plan_id, &pt, &npt);
  if (!e) e = store_plan_indicator_territories(db, plan_id, &it_ind, &it_terr, &nit);
  if (!e) {
    c->inds = calloc(inds.n ? (size_t)inds.n : 1, sizeof *c->inds);
    c->terrs = calloc(nterrs ? (size_t)nterrs : 1, sizeof *c->terrs);
    if (!c->inds || !c->terrs) e = PLAM_ERR_NOMEM;
  }
  for (int i = 0; !e && i < inds.n; i++) {
    const struct indicator_rec *ir = (const struct indicator_rec *)inds.rows + i;
    struct meas_ind *m = &c->inds[c->ninds++];
    m->id = ir->id;
    snprintf(m->code, sizeof m->code, "%s", ir->code);
    snprintf(m->scope_id, sizeof m->scope_id, "%s", ir->scope_id);
    m->by_departement = !strcmp(ir->breakdown, "departement");
    if (m->by_departement) { /* where it is measured: the one rule of plan_where.h */
      m->where = calloc(PROGRESS_MAX_TERRITORIES, sizeof *m->where);
      if (!m->where) e = PLAM_ERR_NOMEM;
      else
        m->nwhere = plan_where(ir->breakdown, ir->id, ir->scope_id, it_ind, (const char(*)[12])it_terr, (size_t)nit,
                               (const char(*)[12])pt, (size_t)npt, m->where, PROGRESS_MAX_TERRITORIES);
    }
    if (meas_rule_from(ir->kind, ir->aggregation, ir->ratio_scale, &m->rule)) e = PLAM_ERR_INTERNAL;
    for (int k = 0; k < acts.n; k++) {
      const struct action_rec *ar = (const struct action_rec *)acts.rows + k;
      if (ar->id == ir->action_id) snprintf(m->action_number, sizeof m->action_number, "%s", ar->number);
    }
    if (e) break;
    e = plan_can_edit_action(db, a, ir->action_id);
    m->allowed = !e;
    if (e == PLAM_ERR_FORBIDDEN) e = PLAM_OK;
  }
  for (int i = 0; !e && i < nterrs; i++) snprintf(c->terrs[c->nterrs++], 12, "%s", terrs[i].id);
  store_read_end(db);
  free(inds.rows);
  free(acts.rows);
  free(terrs);
  free(pt);
  free(it_ind);
  free(it_terr);
  if (e) catalog_free(c);
  else meas_catalog_sort(c);
  return e;
}

/* Row i of the insert: the report's measurements are in the order of the
 * measurements index (indicator id, territory, date), so that index pages
 * fill by appending instead of splitting all over the b-tree. Keys are
 * unique within a batch (the parser merges rows of one key), so the ids the
 * rows get in this order decide no revision among them. */
struct insert_src {
  const struct meas_catalog *c;
  const struct meas_report *rep;
};
static void insert_row(void *ud, size_t i, struct store_meas_import *m) {
  const struct insert_src *s = ud;
  const struct meas_out *o = &s->rep->meas[i];
  m->indicator_id = s->c->inds[o->ind].id;
  m->territory_id = s->c->terrs[o->terr];
  m->value_on = o->date;
  m->has_value = !!(o->has & MEAS_HAS_VALUE);
  m->has_ratio = (o->has & (MEAS_HAS_NUM | MEAS_HAS_DEN)) == (MEAS_HAS_NUM | MEAS_HAS_DEN);
  m->value = o->value;
  m->numerator = o->numerator;
  m->denominator = o->denominator;
  m->source = o->source; /* NULL: the batch and its audit entry (file name) say where it came from */
  m->comment = o->comment;
}

/* The indicators and territories the batch's rows name, and the author,
 * still exist (the catalog was read before the write transaction): checked
 * in the write transaction, for the inserts that run without per-row foreign
 * key checks. PLAM_ERR_CONFLICT when the plan changed in between. */
static plam_err parents_check(struct db *db, const struct meas_catalog *c, const struct meas_report *rep,
                              int64_t author_id) {
  unsigned char *ind_used = calloc(c->ninds ? c->ninds : 1, 1), *terr_used = calloc(c->nterrs ? c->nterrs : 1, 1);
  int64_t *ids = malloc((c->ninds ? c->ninds : 1) * sizeof *ids);
  char(*terrs)[12] = malloc((c->nterrs ? c->nterrs : 1) * sizeof *terrs);
  plam_err e = ind_used && terr_used && ids && terrs ? PLAM_OK : PLAM_ERR_NOMEM;
  size_t ni = 0, nt = 0;
  for (size_t i = 0; !e && i < rep->nmeas; i++) {
    ind_used[rep->meas[i].ind] = 1;
    terr_used[rep->meas[i].terr] = 1;
  }
  for (size_t i = 0; !e && i < c->ninds; i++)
    if (ind_used[i]) ids[ni++] = c->inds[i].id;
  for (size_t i = 0; !e && i < c->nterrs; i++)
    if (terr_used[i]) memcpy(terrs[nt++], c->terrs[i], sizeof terrs[0]);
  int ok = 0;
  if (!e) e = store_meas_parents_exist(db, ids, ni, (const char(*)[12])terrs, nt, author_id, &ok);
  if (!e && !ok) e = PLAM_ERR_CONFLICT;
  free(ind_used);
  free(terr_used);
  free(ids);
  free(terrs);
  return e;
}

static void batch_id(char out[64]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  unsigned char rnd[4];
  randombytes_buf(rnd, sizeof rnd);
  char ts[20];
  strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
  snprintf(out, 64, "import-%s-%02x%02x%02x%02x", ts, rnd[0], rnd[1], rnd[2], rnd[3]);
}

struct import_arg {
  int64_t plan_id;
  enum meas_format fmt;
  const char *filename;
  struct meas_catalog *c;
  struct meas_report *rep;
  struct plan_import_result *res;
};

/* The batch: its row, the parents it names checked once each, every
 * measurement by one INSERT … SELECT, the plan's generation and one audit
 * entry. */
static plam_err import_tx(struct app_tx *tx, void *arg) {
  const struct import_arg *x = arg;
  struct plan_import_result *res = x->res;
  if (x->rep->nmeas > 10000) store_bulk_cache(tx->db, 1); /* a speed hint: failing is harmless */
  int64_t batch = 0;                                      /* one creation time for the whole batch, on the batch row */
  plam_err e = store_meas_batch_create(tx->db, res->batch, tx->a->user_id, &batch);
  if (!e) e = parents_check(tx->db, x->c, x->rep, tx->a->user_id);
  struct insert_src src = {.c = x->c, .rep = x->rep};
  if (!e) e = store_meas_import_all(tx->db, x->rep->nmeas, insert_row, &src, tx->a->user_id, batch);
  res->measurements = x->rep->nmeas;
  if (!e) e = store_plan_bump(tx->db, x->plan_id);
  if (e) return e;
  json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:I, s:b}", "batch", res->batch, "format",
                            x->fmt == MEAS_XLSX ? "xlsx" : "csv", "file",
                            x->filename && *x->filename ? x->filename : "", "rows", (json_int_t)res->rows,
                            "measurements", (json_int_t)res->measurements, "windows_1252", res->cp1252);
  return after ? app_audit(tx, "import", "measurements", x->plan_id, NULL, after) : PLAM_ERR_NOMEM;
}

plam_err plan_measurements_import(struct db *db, const struct actor *a, int64_t plan_id, enum meas_format fmt,
                                  const void *data, size_t len, const char *filename, struct meas_report *rep,
                                  struct plan_import_result *res) {
  memset(rep, 0, sizeof *rep);
  memset(res, 0, sizeof *res);
  if (!plan_is_staff(a) && a->role != ROLE_PILOT) return PLAM_ERR_FORBIDDEN;
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  struct meas_catalog c;
  if ((e = catalog_load(db, a, plan_id, &c))) return e;
  e = meas_import_parse(&c, fmt, data, len, rep);
  res->rows = rep->rows;
  res->cp1252 = rep->cp1252;
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  if (e) {
    catalog_free(&c);
    return e;
  }
  batch_id(res->batch);
  /* Foreign keys are checked once per parent instead of once per row (three
   * b-tree lookups per row otherwise: a third of the write time of a million
   * rows): off on this connection for the transaction, the parents the rows
   * name checked inside it, on again after. Should the pragma fail, the
   * per-row checks simply stay. */
  int fk_off = store_foreign_keys(db, 0) == PLAM_OK;
  struct import_arg x = {plan_id, fmt, filename, &c, rep, res};
  e = app_write(db, a, import_tx, &x, NULL); /* one bracket for the whole batch */
  catalog_free(&c);
  if (rep->nmeas > 10000) store_bulk_cache(db, 0);
  if (fk_off) {
    plam_err e2 = store_foreign_keys(db, 1);
    if (!e) e = e2;
  }
  return e;
}

json_t *plan_import_errors_json(const struct meas_report *rep) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < rep->nerrors; i++) {
    const struct meas_error *x = &rep->errors[i];
    json_t *o = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)x->row, "column", x->column, "message", x->message);
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  if (arr && rep->total_errors > rep->nerrors) {
    char msg[96];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", rep->total_errors - rep->nerrors);
    json_array_append_new(arr, json_pack("{s:n, s:s, s:s}", "row", "column", "", "message", msg));
  }
  return arr ? json_pack("{s:o, s:I}", "errors", arr, "errors_total", (json_int_t)rep->total_errors) : NULL;
}

enum meas_format plan_import_sniff(const char *content_type, const void *data, size_t len) {
  if (content_type && strstr(content_type, "spreadsheetml")) return MEAS_XLSX;
  if (content_type && (!strncmp(content_type, "text/", 5))) return MEAS_CSV;
  return len >= 4 && !memcmp(data, "PK\x03\x04", 4) ? MEAS_XLSX : MEAS_CSV;
}
