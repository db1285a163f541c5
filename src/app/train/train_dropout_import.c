/* Dropout import: see train.h. The file is read whole (train_csv_parse),
 * then every UAI is resolved to an institute the actor may act for (an
 * institute account: those of its organisation), each error kept with its
 * row; only a file without error is written, in one write transaction that
 * replaces the cohorts and dropouts of every (institute, programme, year)
 * the file names, records one audit entry, proposes the measurements it
 * changes and judges the internship sites' dropouts rule (a line may name
 * the site involved: column terrain). */
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/intern/intern.h"
#include "app/train/train_int.h"
#include "store/store_tx.h"

struct import_arg {
  const struct train_csv_report *rep;
  const int64_t *inst; /* institute id of each row */
  const char *filename;
  int64_t cohorts, lines, groups;
  int proposed;
};

static plam_err import_tx(struct app_tx *tx, void *arg) {
  struct import_arg *x = arg;
  const struct train_csv_report *r = x->rep;
  plam_err e = PLAM_OK;
  int64_t *cohort = calloc(r->nrows ? r->nrows : 1, sizeof *cohort);
  if (!cohort) return PLAM_ERR_NOMEM;
  for (size_t i = 0; !e && i < r->nrows; i++) {
    const struct train_csv_row *w = &r->rows[i];
    int first_group = 1, first_cohort = 1;
    for (size_t k = 0; k < i; k++) {
      const struct train_csv_row *p = &r->rows[k];
      if (x->inst[k] != x->inst[i] || strcmp(p->programme, w->programme) || p->year != w->year) continue;
      first_group = 0;
      if (p->study_year == w->study_year) {
        first_cohort = 0;
        cohort[i] = cohort[k];
        break;
      }
    }
    if (first_group) {
      e = store_train_cohorts_clear(tx->db, x->inst[i], w->programme, w->year);
      x->groups++;
    }
    if (!e && first_cohort) {
      e = store_train_cohort_insert(tx->db, x->inst[i], w->programme, w->year, w->study_year, w->enrolled, &cohort[i]);
      x->cohorts++;
    }
    if (!e && w->dropouts > 0) {
      e = store_train_dropout_insert(tx->db, cohort[i], w->cause, w->internship, w->site_id, w->dropouts);
      x->lines++;
    }
  }
  free(cohort);
  if (e) return e;
  json_t *after = json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", x->filename ? x->filename : "", "rows",
                            (json_int_t)r->nrows, "groups", (json_int_t)x->groups, "cohorts", (json_int_t)x->cohorts,
                            "dropout_lines", (json_int_t)x->lines);
  if (!after) return PLAM_ERR_NOMEM;
  e = app_audit(tx, "import", "train_dropouts", 0, NULL, after);
  if (!e) e = train_measure_tx(tx, &x->proposed);
  if (!e) e = intern_dropouts_check_tx(tx); /* the sites' dropouts are these lines */
  return e;
}

plam_err train_dropouts_import(struct db *db, const struct actor *a, const char *data, size_t len, const char *filename,
                               struct train_csv_report *rep, json_t **out) {
  *out = NULL;
  memset(rep, 0, sizeof *rep);
  if (!train_is_staff(a) && a->role != ROLE_INSTITUTE) return PLAM_ERR_FORBIDDEN;
  plam_err e = train_csv_parse(data, len, rep);
  if (e) return e;
  if (rep->total_errors) return PLAM_ERR_INVALID;
  int64_t *inst = calloc(rep->nrows, sizeof *inst);
  if (!inst) return PLAM_ERR_NOMEM;
  /* resolve each UAI once, in a read transaction */
  plam_err begun = store_read_begin(db);
  e = begun;
  for (size_t i = 0; !e && i < rep->nrows; i++) {
    for (size_t k = 0; k < i && !inst[i]; k++)
      if (!strcmp(rep->rows[k].uai, rep->rows[i].uai)) inst[i] = inst[k];
    if (inst[i]) continue;
    struct train_institute_rec ir;
    plam_err f = store_train_institute_by_uai(db, rep->rows[i].uai, &ir);
    if (f == PLAM_ERR_NOT_FOUND) {
      train_csv_error(rep, rep->rows[i].row, "uai", "aucun institut enregistré n'a ce code UAI");
      inst[i] = -1;
    } else if (f) e = f;
    else if (!train_is_staff(a) && (!a->org_id || ir.org_id != a->org_id)) {
      train_csv_error(rep, rep->rows[i].row, "uai", "cet institut n'est pas géré par votre organisation");
      inst[i] = -1;
    } else inst[i] = ir.id;
  }
  for (size_t i = 0; !e && i < rep->nrows; i++) {
    int yes = 1;
    if (rep->rows[i].site_id && !(e = store_train_site_exists(db, rep->rows[i].site_id, &yes)) && !yes)
      train_csv_error(rep, rep->rows[i].row, "terrain", "aucun terrain de stage n'a ce numéro");
  }
  if (!begun) store_read_end(db);
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  if (!e) e = train_dropouts_write(db, a, rep, inst, filename, out);
  free(inst);
  return e;
}

plam_err train_dropouts_write(struct db *db, const struct actor *a, const struct train_csv_report *rep,
                              const int64_t *inst, const char *filename, json_t **out) {
  *out = NULL;
  struct import_arg x = {rep, inst, filename, 0, 0, 0, 0};
  plam_err e = app_write(db, a, import_tx, &x, NULL);
  if (!e) {
    *out = json_pack("{s:I, s:I, s:I, s:I, s:i}", "rows", (json_int_t)rep->nrows, "groups", (json_int_t)x.groups,
                     "cohorts", (json_int_t)x.cohorts, "dropout_lines", (json_int_t)x.lines, "measurements_proposed",
                     x.proposed);
    if (!*out) e = PLAM_ERR_NOMEM;
  }
  return e;
}
