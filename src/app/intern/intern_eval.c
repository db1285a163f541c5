/* Interns' evaluations: the intern's own grid, moderation of free text,
 * closing a semester's collection, and the published results under the
 * disclosure rule (intern_rules.h). See intern.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/intern/intern_int.h"
#include "store/store.h"
#include "store/store_tx.h"

const char *const intern_moderations[] = {"approved", "rejected", NULL};

static const char SEM_MSG[] = "semestre attendu : AAAA-05 (été) ou AAAA-11 (hiver)";

/* ---- the intern's grid ---- */

plam_err intern_my_evaluations(struct db *db, const struct actor *a, json_t **out) {
  if (a->role != ROLE_INTERN || !a->user_id) return PLAM_ERR_FORBIDDEN;
  int64_t *sites = NULL;
  char(*sems)[8] = NULL;
  int n = 0;
  struct store_rows mine = {0};
  json_t *arr = json_array();
  plam_err e = arr ? store_read_begin(db) : PLAM_ERR_NOMEM;
  if (e) {
    json_decref(arr);
    return e;
  }
  e = store_iassign_list(db, a->user_id, &sites, &sems, &n);
  if (!e) e = store_ieval_mine(db, a->user_id, &mine);
  for (int i = 0; !e && i < n; i++) {
    struct isite_rec s;
    int closed = 0, done = 0;
    if ((e = store_isite_get(db, sites[i], &s)) || (e = store_isem_closed(db, sems[i], &closed))) break;
    const struct ieval_rec *m = mine.rows;
    for (int k = 0; k < mine.n; k++) done |= m[k].site_id == sites[i] && !strcmp(m[k].semester, sems[i]);
    if (json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "site_id", (json_int_t)s.id,
                                             "site_label", s.label, "establishment_name", s.establishment_name,
                                             "semester", sems[i], "evaluated", done, "open", !closed)))
      e = PLAM_ERR_NOMEM;
  }
  store_read_end(db);
  free(sites);
  free(sems);
  free(mine.rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}

struct eval_arg {
  const struct ieval_input *in;
  struct ieval_rec rec;
};

/* What the answer looks like in the audit log: no comment, no harassment
 * flag (the alert carries it), no author (the entry's user is the actor). */
static json_t *eval_audit_json(const struct ieval_rec *r) {
  return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "site_id", (json_int_t)r->site_id, "semester",
                   r->semester, "source", r->source, "comment_status", r->comment_status);
}

static plam_err range(const char *field, int64_t v, int64_t lo, int64_t hi, struct field_error *fe) {
  if (v >= lo && v <= hi) return PLAM_OK;
  char msg[80];
  snprintf(msg, sizeof msg, "valeur entre %lld et %lld attendue", (long long)lo, (long long)hi);
  return field_fail(fe, field, msg);
}

/* The grid's checks, shared with the OPPI import (intern_oppi_io.c). */
plam_err intern_eval_fill(struct ieval_rec *r, const struct ieval_input *in, struct field_error *fe) {
  plam_err e;
  if ((e = range("supervision", in->supervision, 0, 4, fe)) || (e = range("conditions", in->conditions, 1, 4, fe)) ||
      (e = range("hours", in->hours, 0, 120, fe)) || (e = range("rest_taken", in->rest_taken, 0, 2, fe)) ||
      (e = range("training_half_days", in->training_half_days, 0, 10, fe)) ||
      (e = range("non_medical", in->non_medical, 1, 4, fe)) || (e = range("respect", in->respect, 1, 4, fe)))
    return e;
  r->supervision = in->supervision;
  r->conditions = in->conditions;
  r->hours = in->hours;
  r->rest_taken = in->rest_taken;
  r->training_half_days = in->training_half_days;
  r->non_medical = in->non_medical;
  r->respect = in->respect;
  r->harassment = in->harassment != 0;
  if ((e = text_put("comment", r->comment, sizeof r->comment, in->comment, INTERN_TEXT_MAX, TEXT_LINES, fe))) return e;
  snprintf(r->comment_status, sizeof r->comment_status, "%s", r->comment[0] ? "pending" : "none");
  return PLAM_OK;
}

static plam_err evaluate_tx(struct app_tx *tx, void *arg) {
  struct eval_arg *x = arg;
  int64_t site = 0;
  int closed = 0;
  plam_err e = store_iassign_get(tx->db, tx->a->user_id, x->in->semester, &site);
  if (!e && !site) return field_fail(tx->fe, "semester", "vous n'avez pas de stage enregistré pour ce semestre");
  if (!e) e = store_isem_closed(tx->db, x->in->semester, &closed);
  if (!e && closed) {
    field_fail(tx->fe, "semester", "la collecte des évaluations de ce semestre est close");
    return PLAM_ERR_CONFLICT;
  }
  if (e) return e;
  struct store_rows mine = {0};
  if ((e = store_ieval_mine(tx->db, tx->a->user_id, &mine))) return e;
  int done = 0;
  const struct ieval_rec *m = mine.rows;
  for (int k = 0; k < mine.n; k++) done |= m[k].site_id == site && !strcmp(m[k].semester, x->in->semester);
  free(mine.rows);
  if (done) {
    field_fail(tx->fe, "semester", "vous avez déjà évalué ce stage");
    return PLAM_ERR_CONFLICT;
  }
  struct ieval_rec *r = &x->rec;
  memset(r, 0, sizeof *r);
  r->site_id = site;
  r->author_id = tx->a->user_id;
  snprintf(r->semester, sizeof r->semester, "%s", x->in->semester);
  snprintf(r->source, sizeof r->source, "plam");
  int64_t id = 0;
  if ((e = intern_eval_fill(r, x->in, tx->fe))) return e;
  if ((e = store_ieval_insert(tx->db, r, &id))) return e;
  r->id = id;
  if ((e = intern_alerts_check_tx(tx, site, r->semester, NULL))) return e;
  return app_audit(tx, "create", "intern_evaluation", id, NULL, eval_audit_json(r));
}

plam_err intern_evaluate(struct db *db, const struct actor *a, const struct ieval_input *in, json_t **out,
                         struct field_error *fe) {
  if (a->role != ROLE_INTERN || !a->user_id) return PLAM_ERR_FORBIDDEN;
  if (!intern_semester_valid(in->semester)) return field_fail(fe, "semester", SEM_MSG);
  struct eval_arg x = {.in = in};
  plam_err e = app_write(db, a, evaluate_tx, &x, fe);
  if (!e && !(*out = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)x.rec.id, "site_id", (json_int_t)x.rec.site_id,
                               "semester", x.rec.semester, "comment_status", x.rec.comment_status)))
    e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- moderation ---- */

/* What a moderator sees: the text, its site and semester; never the other
 * answers of the same row nor the author. */
static json_t *moderation_json(const struct ieval_rec *r) {
  return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "site_id", (json_int_t)r->site_id, "semester",
                   r->semester, "comment", r->comment, "comment_status", r->comment_status);
}

plam_err intern_moderation_list(struct db *db, const struct actor *a, json_t **out) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_ieval_pending(db, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  const struct ieval_rec *r = rows.rows;
  for (int i = 0; arr && i < rows.n; i++)
    if (json_array_append_new(arr, moderation_json(&r[i]))) {
      json_decref(arr);
      arr = NULL;
    }
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

struct mod_arg {
  int64_t id;
  const char *decision;
  struct ieval_rec rec;
};

static plam_err moderate_tx(struct app_tx *tx, void *arg) {
  struct mod_arg *x = arg;
  struct ieval_rec before;
  plam_err e = store_ieval_get(tx->db, x->id, &before);
  if (e) return e;
  if (strcmp(before.comment_status, "pending")) {
    field_fail(tx->fe, "decision", "ce commentaire n'attend pas de modération");
    return PLAM_ERR_CONFLICT;
  }
  if ((e = store_ieval_set_comment_status(tx->db, x->id, x->decision))) return e;
  if ((e = store_ieval_get(tx->db, x->id, &x->rec))) return e;
  return app_audit(tx, x->decision[0] == 'a' ? "approve" : "reject", "intern_evaluation", x->id,
                   eval_audit_json(&before), eval_audit_json(&x->rec));
}

plam_err intern_moderate(struct db *db, const struct actor *a, int64_t eval_id, const char *decision, json_t **out,
                         struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("decision", decision, intern_moderations, 1, fe);
  if (e) return e;
  struct mod_arg x = {.id = eval_id, .decision = decision};
  e = app_write(db, a, moderate_tx, &x, fe);
  if (!e && !(*out = moderation_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- semesters ---- */

plam_err intern_semesters(struct db *db, const struct actor *a, json_t **out) {
  (void)a;
  char(*sems)[8] = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isem_list(db, &sems, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++)
    if (json_array_append_new(arr, json_string(sems[i]))) {
      json_decref(arr);
      arr = NULL;
    }
  free(sems);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = json_pack("{s:o}", "closed", arr);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

static plam_err close_tx(struct app_tx *tx, void *arg) {
  const char *sem = arg;
  int closed = 0;
  plam_err e = store_isem_closed(tx->db, sem, &closed);
  if (!e && closed) {
    field_fail(tx->fe, "semester", "la collecte de ce semestre est déjà close");
    return PLAM_ERR_CONFLICT;
  }
  if (!e) e = store_isem_close(tx->db, sem, tx->a->user_id);
  if (!e) e = store_icells_freeze(tx->db, sem);
  if (e) return e;
  return app_audit(tx, "close", "intern_semester", 0, NULL, json_pack("{s:s}", "semester", sem));
}

plam_err intern_semester_close(struct db *db, const struct actor *a, const char *semester, json_t **out,
                               struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (!intern_semester_valid(semester)) return field_fail(fe, "semester", SEM_MSG);
  plam_err e = app_write(db, a, close_tx, (void *)semester, fe);
  if (!e) e = intern_semesters(db, a, out);
  return e;
}

/* ---- published results ---- */

static double avg(int64_t sum, int64_t n) { return n ? (double)sum / (double)n : 0; }
static double pct(int64_t k, int64_t n) { return n ? 100.0 * (double)k / (double)n : 0; }

json_t *intern_cell_json(const struct icell *c) {
  /* harassment is not published: it goes to the named authority (alerts) */
  return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "respondents", (json_int_t)c->n, "supervision_avg",
                   avg(c->sum_supervision, c->n), "no_supervisor_pct", pct(c->no_supervisor, c->n), "conditions_avg",
                   avg(c->sum_conditions, c->n), "hours_avg", avg(c->sum_hours, c->n), "rest_not_taken_pct",
                   pct(c->rest_not_taken, c->nights), "training_half_days_avg", avg(c->sum_training, c->n),
                   "non_medical_avg", avg(c->sum_non_medical, c->n), "respect_avg", avg(c->sum_respect, c->n));
}

static void cell_add(struct icell *t, const struct icell *c) {
  t->n += c->n;
  t->sum_supervision += c->sum_supervision;
  t->no_supervisor += c->no_supervisor;
  t->sum_conditions += c->sum_conditions;
  t->sum_hours += c->sum_hours;
  t->nights += c->nights;
  t->rest_not_taken += c->rest_not_taken;
  t->sum_training += c->sum_training;
  t->sum_non_medical += c->sum_non_medical;
  t->sum_respect += c->sum_respect;
  t->harassment += c->harassment;
}

static int is_closed(const char *sem, char (*closed)[8], int n) {
  for (int i = 0; i < n; i++)
    if (!strcmp(closed[i], sem)) return 1;
  return 0;
}

json_t *intern_site_results_json(const struct icell *cells, int n, char (*closed)[8], int nclosed) {
  json_t *years = json_array();
  /* cells are sorted by semester: walk them year by year */
  for (int i = 0; years && i < n;) {
    char year[10], sem[2][8];
    intern_semester_year(cells[i].semester, year);
    intern_year_semesters(year, sem[0], sem[1]);
    struct icell part[2], total;
    memset(part, 0, sizeof part);
    memset(&total, 0, sizeof total);
    int64_t cnt[2] = {0, 0};
    int cl[2];
    for (; i < n; i++) {
      char y2[10];
      intern_semester_year(cells[i].semester, y2);
      if (strcmp(y2, year)) break;
      int k = !strcmp(cells[i].semester, sem[1]);
      part[k] = cells[i];
      cnt[k] = cells[i].n;
      cell_add(&total, &cells[i]);
    }
    for (int k = 0; k < 2; k++) cl[k] = is_closed(sem[k], closed, nclosed);
    struct intern_disclosure d;
    intern_disclose(cnt, cl, INTERN_MIN_RESPONDENTS, &d);
    json_t *y = json_pack("{s:s, s:b, s:o, s:[]}", "year", year, "closed", cl[0] && cl[1], "aggregate",
                          d.year ? intern_cell_json(&total) : json_null(), "semesters");
    for (int k = 0; y && k < 2; k++)
      json_array_append_new(json_object_get(y, "semesters"),
                            json_pack("{s:s, s:b, s:o}", "semester", sem[k], "closed", cl[k], "aggregate",
                                      d.sem[k] ? intern_cell_json(&part[k]) : json_null()));
    if (!y || json_array_append_new(years, y)) {
      json_decref(years);
      years = NULL;
    }
  }
  return years;
}

static plam_err results_read(struct db *db, int64_t site_id, struct icell **cells, int *n, char (**closed)[8],
                             int *nclosed) {
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_icells_frozen(db, site_id, cells, n);
  if (!e) e = store_isem_list(db, closed, nclosed);
  store_read_end(db);
  return e;
}

plam_err intern_results(struct db *db, const struct actor *a, int64_t site_id, json_t **out) {
  if (!intern_reads_results(a)) return PLAM_ERR_FORBIDDEN;
  struct isite_rec s;
  struct icell *cells = NULL;
  char(*closed)[8] = NULL;
  int n = 0, nclosed = 0;
  struct store_rows com = {0};
  /* one read transaction: the site, its frozen sums, the closed semesters, its approved comments */
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_get(db, site_id, &s);
  if (!e) e = store_icells_frozen(db, site_id, &cells, &n);
  if (!e) e = store_isem_list(db, &closed, &nclosed);
  if (!e) e = store_ieval_comments(db, site_id, "2000-01", "2099-12", &com);
  store_read_end(db);
  json_t *years = e ? NULL : intern_site_results_json(cells, n, closed, nclosed);
  free(cells);
  free(closed);
  if (!e && !years) e = PLAM_ERR_NOMEM;
  /* approved comments of the published years only, in text order (closed
   * semesters only: a comment of a year still collecting waits) */
  json_t *comments = e ? NULL : json_array();
  const struct ieval_rec *r = com.rows;
  for (int k = 0; comments && k < com.n; k++) {
    char y[10];
    intern_semester_year(r[k].semester, y);
    for (size_t i = 0; i < json_array_size(years); i++) {
      json_t *yr = json_array_get(years, i);
      if (strcmp(json_string_value(json_object_get(yr, "year")), y) || json_is_null(json_object_get(yr, "aggregate")))
        continue;
      json_array_append_new(comments, json_pack("{s:s, s:s}", "year", y, "comment", r[k].comment));
    }
  }
  free(com.rows);
  if (!e && !comments) e = PLAM_ERR_NOMEM;
  if (e) {
    json_decref(years);
    json_decref(comments);
    return e;
  }
  *out = json_pack("{s:I, s:s, s:I, s:o, s:o}", "site_id", (json_int_t)site_id, "label", s.label, "min_respondents",
                   (json_int_t)INTERN_MIN_RESPONDENTS, "years", years, "comments", comments);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err intern_results_all(struct db *db, const struct actor *a, json_t **out) {
  if (!intern_reads_results(a)) return PLAM_ERR_FORBIDDEN;
  struct icell *cells = NULL;
  char(*closed)[8] = NULL;
  int n = 0, nclosed = 0;
  plam_err e = results_read(db, 0, &cells, &n, &closed, &nclosed);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n;) {
    int j = i;
    while (j < n && cells[j].site_id == cells[i].site_id) j++;
    json_t *years = intern_site_results_json(cells + i, j - i, closed, nclosed);
    if (!years ||
        json_array_append_new(arr, json_pack("{s:I, s:o}", "site_id", (json_int_t)cells[i].site_id, "years", years))) {
      json_decref(arr);
      arr = NULL;
    }
    i = j;
  }
  free(cells);
  free(closed);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}
