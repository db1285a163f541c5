/* The yearly review of a site, its corrective actions, and the programmes
 * (the interns' working-life pilot) with their results. See intern.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/access/text.h"
#include "app/intern/intern_int.h"
#include "store/store.h"
#include "store/store_tx.h"

const char *const intern_review_statuses[] = {"open", "closed", NULL};
const char *const intern_review_decisions[] = {"none", "suspend", "withdraw", NULL};
const char *const intern_action_kinds[] = {"corrective", "programme", NULL};
const char *const intern_action_statuses[] = {"planned", "in_progress", "done", "dropped", NULL};

static json_t *review_json(const struct ireview_rec *r) { return intern_rec_json(&store_ireview_t, r); }
static json_t *action_json(const struct iaction_rec *r) { return intern_rec_json(&store_iaction_t, r); }

plam_err intern_reviews_list(struct db *db, const struct actor *a, json_t **out) {
  if (!intern_reads_results(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_ireview_list(db, 0, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = intern_rows_json(&store_ireview_t, &rows);
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err intern_review_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  if (!intern_reads_results(a)) return PLAM_ERR_FORBIDDEN;
  struct ireview_rec r;
  struct isite_rec s;
  struct store_rows acts = {0}, alerts = {0}, decs = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_ireview_get(db, id, &r);
  if (!e) e = store_isite_get(db, r.site_id, &s);
  if (!e) e = store_iaction_list(db, id, &acts);
  if (!e && intern_is_staff(a)) e = store_ialert_list(db, NULL, r.site_id, &alerts);
  if (!e) e = store_idecision_list(db, r.site_id, &decs);
  /* the site's dropouts are training's lines naming it, of the year's rentrée */
  int64_t drops = 0;
  if (!e) e = store_isite_dropouts(db, r.site_id, strtoll(r.year, NULL, 10), &drops);
  store_read_end(db);
  json_t *results = NULL;
  if (!e) e = intern_results(db, a, r.site_id, &results);
  json_t *j = NULL;
  if (!e) {
    j = review_json(&r);
    /* the year's published aggregate, its alerts (staff) and the site's dropouts */
    json_t *year = json_null();
    json_t *years = json_object_get(results, "years");
    for (size_t i = 0; i < json_array_size(years); i++)
      if (!strcmp(json_string_value(json_object_get(json_array_get(years, i), "year")), r.year))
        year = json_incref(json_array_get(years, i));
    json_t *site = intern_site_json(&s);
    if (site) json_object_del(site, "open_alerts");
    json_object_set_new(j, "site", site);
    json_object_set_new(j, "evaluations", year);
    json_object_set_new(j, "dropouts", json_integer(drops));
    json_object_set_new(j, "actions", intern_rows_json(&store_iaction_t, &acts));
    json_object_set_new(j, "decisions", intern_rows_json(&store_idecision_t, &decs));
    if (intern_is_staff(a)) {
      /* alerts of the year's two semesters and of the year itself */
      char w[8], su[8];
      intern_year_semesters(r.year, w, su);
      json_t *arr = json_array();
      const struct ialert_rec *al = alerts.rows;
      for (int i = 0; arr && i < alerts.n; i++)
        if (!strcmp(al[i].period, w) || !strcmp(al[i].period, su) || !strcmp(al[i].period, r.year))
          json_array_append_new(arr, intern_rec_json(&store_ialert_t, &al[i]));
      json_object_set_new(j, "alerts", arr);
    }
  }
  json_decref(results);
  free(acts.rows);
  free(alerts.rows);
  free(decs.rows);
  if (!e && !j) e = PLAM_ERR_NOMEM;
  if (!e) *out = j;
  return e;
}

struct review_arg {
  int64_t id, site_id;
  const char *year;
  const struct ireview_input *in;
  struct ireview_rec rec;
};

static plam_err review_create_tx(struct app_tx *tx, void *arg) {
  struct review_arg *x = arg;
  struct isite_rec s;
  plam_err e = store_isite_get(tx->db, x->site_id, &s);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "site_id", "terrain de stage inconnu");
  if (e) return e;
  struct store_rows rows = {0};
  if ((e = store_ireview_list(tx->db, x->site_id, &rows))) return e;
  int dup = 0;
  const struct ireview_rec *r = rows.rows;
  for (int i = 0; i < rows.n; i++) dup |= !strcmp(r[i].year, x->year);
  free(rows.rows);
  if (dup) {
    field_fail(tx->fe, "year", "la revue de cette année existe déjà pour ce terrain");
    return PLAM_ERR_CONFLICT;
  }
  memset(&x->rec, 0, sizeof x->rec);
  x->rec.site_id = x->site_id;
  snprintf(x->rec.year, sizeof x->rec.year, "%s", x->year);
  snprintf(x->rec.status, sizeof x->rec.status, "open");
  snprintf(x->rec.decision, sizeof x->rec.decision, "none");
  int64_t id = 0;
  if ((e = store_ireview_insert(tx->db, &x->rec, &id)) || (e = store_ireview_get(tx->db, id, &x->rec))) return e;
  /* the dropouts of the year are judged when its review opens */
  if ((e = intern_alerts_check_tx(tx, x->site_id, NULL, x->year))) return e;
  return app_audit(tx, "create", "intern_review", id, NULL, review_json(&x->rec));
}

plam_err intern_review_create(struct db *db, const struct actor *a, int64_t site_id, const char *year, json_t **out,
                              struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (!intern_year_valid(year)) return field_fail(fe, "year", "année universitaire attendue : AAAA-AAAA (2025-2026)");
  struct review_arg x = {.site_id = site_id, .year = year};
  plam_err e = app_write(db, a, review_create_tx, &x, fe);
  if (!e) e = intern_review_get(db, a, x.rec.id, out);
  return e;
}

static void today(char out[11]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
           (unsigned)tm.tm_mday % 100u);
}

static plam_err review_update_tx(struct app_tx *tx, void *arg) {
  struct review_arg *x = arg;
  struct ireview_rec before;
  plam_err e = store_ireview_get(tx->db, x->id, &before);
  if (e) return e;
  if (!strcmp(before.status, "closed")) {
    field_fail(tx->fe, "status", "la revue est close");
    return PLAM_ERR_CONFLICT;
  }
  x->rec = before;
  const struct ireview_input *in = x->in;
  if (in->status) snprintf(x->rec.status, sizeof x->rec.status, "%s", in->status);
  if (in->conclusion && (e = text_put("conclusion", x->rec.conclusion, sizeof x->rec.conclusion, in->conclusion,
                                      INTERN_TEXT_MAX, TEXT_LINES, tx->fe)))
    return e;
  if (in->decision && strcmp(in->decision, before.decision)) {
    if (strcmp(before.decision, "none"))
      return field_fail(tx->fe, "decision", "une décision a déjà été prise dans cette revue");
    snprintf(x->rec.decision, sizeof x->rec.decision, "%s", in->decision);
    if (strcmp(in->decision, "none")) {
      /* the review's decision is the site's: it removes its posts from the next campaign */
      char day[11];
      today(day);
      const char *reason = in->reason && *in->reason ? in->reason : x->rec.conclusion;
      if (!reason || !*reason)
        return field_fail(tx->fe, "reason", "le motif de la suspension ou du retrait est obligatoire");
      if ((e = intern_decide_tx(tx, before.site_id, in->decision, day, reason, NULL, before.id))) return e;
    }
  }
  if ((e = store_ireview_update(tx->db, &x->rec)) || (e = store_ireview_get(tx->db, x->id, &x->rec))) return e;
  return app_audit(tx, "update", "intern_review", x->id, review_json(&before), review_json(&x->rec));
}

plam_err intern_review_update(struct db *db, const struct actor *a, int64_t id, const struct ireview_input *in,
                              json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("status", in->status, intern_review_statuses, 0, fe);
  if (!e) e = text_enum("decision", in->decision, intern_review_decisions, 0, fe);
  if (!e) e = text_check("reason", in->reason, INTERN_TEXT_MAX, TEXT_LINES, fe);
  if (e) return e;
  struct review_arg x = {.id = id, .in = in};
  e = app_write(db, a, review_update_tx, &x, fe);
  if (!e) e = intern_review_get(db, a, id, out);
  return e;
}

/* ---- actions and programmes ---- */

plam_err intern_programmes_list(struct db *db, const struct actor *a, json_t **out) {
  if (!intern_reads_results(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_iaction_list(db, 0, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  const struct iaction_rec *r = rows.rows;
  for (int i = 0; arr && i < rows.n; i++) {
    json_t *j = action_json(&r[i]);
    /* results reach the representatives only once shared */
    if (j && !intern_is_staff(a) && !r[i].shared) json_object_set_new(j, "results", json_null());
    if (!j || json_array_append_new(arr, j)) {
      json_decref(arr);
      arr = NULL;
    }
  }
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

struct action_arg {
  int64_t id;
  const struct iaction_input *in;
  struct iaction_rec rec;
};

static plam_err action_apply(struct iaction_rec *r, const struct iaction_input *in, int creating,
                             struct field_error *fe) {
  plam_err e;
  if ((creating || in->title) &&
      (e = text_put("title", r->title, sizeof r->title, in->title, INTERN_LABEL_MAX, TEXT_REQUIRED, fe)))
    return e;
  if (in->owner && (e = text_put("owner", r->owner, sizeof r->owner, in->owner, INTERN_LABEL_MAX, 0, fe))) return e;
  if (in->due_on) {
    if (*in->due_on && !intern_date_ok(in->due_on))
      return field_fail(fe, "due_on", "date attendue au format AAAA-MM-JJ");
    snprintf(r->due_on, sizeof r->due_on, "%s", in->due_on);
  }
  if (in->status) snprintf(r->status, sizeof r->status, "%s", in->status);
  if (in->follow_up &&
      (e = text_put("follow_up", r->follow_up, sizeof r->follow_up, in->follow_up, INTERN_TEXT_MAX, TEXT_LINES, fe)))
    return e;
  if (in->results &&
      (e = text_put("results", r->results, sizeof r->results, in->results, INTERN_TEXT_MAX, TEXT_LINES, fe)))
    return e;
  if (in->shared >= 0) r->shared = in->shared > 0;
  return PLAM_OK;
}

static plam_err action_create_tx(struct app_tx *tx, void *arg) {
  struct action_arg *x = arg;
  const struct iaction_input *in = x->in;
  struct iaction_rec *r = &x->rec;
  memset(r, 0, sizeof *r);
  snprintf(r->kind, sizeof r->kind, "%s", in->kind);
  snprintf(r->status, sizeof r->status, "planned");
  plam_err e;
  if (!strcmp(in->kind, "corrective")) {
    struct ireview_rec rv;
    e = in->review_id ? store_ireview_get(tx->db, in->review_id, &rv) : PLAM_ERR_NOT_FOUND;
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "review_id", "revue inconnue");
    if (e) return e;
    r->review_id = in->review_id;
  } else if (in->review_id) {
    return field_fail(tx->fe, "review_id", "un programme n'appartient pas à une revue");
  }
  if ((e = action_apply(r, in, 1, tx->fe))) return e;
  int64_t id = 0;
  if ((e = store_iaction_insert(tx->db, r, &id)) || (e = store_iaction_get(tx->db, id, r))) return e;
  return app_audit(tx, "create", "intern_action", id, NULL, action_json(r));
}

static plam_err check_action_input(const struct iaction_input *in, struct field_error *fe) {
  plam_err e = text_enum("status", in->status, intern_action_statuses, 0, fe);
  if (!e) e = text_enum("kind", in->kind, intern_action_kinds, 0, fe);
  return e;
}

plam_err intern_action_create(struct db *db, const struct actor *a, const struct iaction_input *in, json_t **out,
                              struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("kind", in->kind, intern_action_kinds, 1, fe);
  if (!e) e = check_action_input(in, fe);
  if (e) return e;
  struct action_arg x = {.in = in};
  e = app_write(db, a, action_create_tx, &x, fe);
  if (!e && !(*out = action_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err action_update_tx(struct app_tx *tx, void *arg) {
  struct action_arg *x = arg;
  struct iaction_rec before;
  plam_err e = store_iaction_get(tx->db, x->id, &before);
  if (e) return e;
  x->rec = before;
  if (x->in->kind && strcmp(x->in->kind, before.kind)) return field_fail(tx->fe, "kind", "la nature ne change pas");
  if ((e = action_apply(&x->rec, x->in, 0, tx->fe))) return e;
  if ((e = store_iaction_update(tx->db, &x->rec)) || (e = store_iaction_get(tx->db, x->id, &x->rec))) return e;
  return app_audit(tx, "update", "intern_action", x->id, action_json(&before), action_json(&x->rec));
}

plam_err intern_action_update(struct db *db, const struct actor *a, int64_t id, const struct iaction_input *in,
                              json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = check_action_input(in, fe);
  if (e) return e;
  struct action_arg x = {.id = id, .in = in};
  e = app_write(db, a, action_update_tx, &x, fe);
  if (!e && !(*out = action_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}
