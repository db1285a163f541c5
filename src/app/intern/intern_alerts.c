/* Alert rules and alerts: thresholds edited by staff, alerts raised in the
 * write that brings the answers or dropouts that make a rule fire, their
 * owner, status and actions. The number of sites under alert becomes a
 * measurement of a plan indicator through the training module's links
 * (metric sites_under_alert, app/train/train_measure.c). See intern.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/access/text.h"
#include "app/intern/intern_int.h"
#include "store/store.h"
#include "store/store_train.h"
#include "store/store_tx.h"

const char *const intern_alert_statuses[] = {"open", "in_progress", "closed", NULL};

static const char *rule_label(const char *code) {
  static const char *const labels[] = {"Harcèlement ou violence signalé", "Plus de 48 h par semaine en moyenne",
                                       "Repos de sécurité non pris", "Absence d'encadrement",
                                       "Ruptures de formation liées au terrain"};
  for (int i = 0; intern_rule_codes[i]; i++)
    if (!strcmp(intern_rule_codes[i], code)) return labels[i];
  return code;
}

static json_t *rule_json(const struct irule_rec *r) {
  json_t *j = intern_rec_json(&store_irule_t, r);
  if (j) json_object_set_new(j, "label", json_string(rule_label(r->code)));
  return j;
}

static json_t *alert_json(const struct ialert_rec *r) {
  json_t *j = intern_rec_json(&store_ialert_t, r);
  if (j) json_object_set_new(j, "rule_label", json_string(rule_label(r->rule)));
  return j;
}

/* ---- rules ---- */

plam_err intern_rules_list(struct db *db, const struct actor *a, json_t **out) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_irule_list(db, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  const struct irule_rec *r = rows.rows;
  for (int i = 0; arr && i < rows.n; i++)
    if (json_array_append_new(arr, rule_json(&r[i]))) {
      json_decref(arr);
      arr = NULL;
    }
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

struct rule_arg {
  const struct irule_input *in;
  struct irule_rec rec;
};

static plam_err rule_update_tx(struct app_tx *tx, void *arg) {
  struct rule_arg *x = arg;
  struct irule_rec before;
  plam_err e = store_irule_get(tx->db, x->in->code, &before);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "code", "règle inconnue");
  if (e) return e;
  x->rec = before;
  if (x->in->enabled >= 0) x->rec.enabled = x->in->enabled > 0;
  if (x->in->has_threshold) {
    if (!(x->in->threshold >= 0 && x->in->threshold <= 1000))
      return field_fail(tx->fe, "threshold", "seuil entre 0 et 1000 attendu");
    x->rec.threshold = x->in->threshold;
  }
  if (x->in->authority && (e = text_put("authority", x->rec.authority, sizeof x->rec.authority, x->in->authority,
                                        INTERN_LABEL_MAX, 0, tx->fe)))
    return e;
  if (x->in->owner_login) {
    x->rec.owner_id = 0;
    if (*x->in->owner_login) {
      struct user_rec u;
      e = store_user_get_by_login(tx->db, x->in->owner_login, &u, NULL, 0);
      if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(u.role, "staff") && strcmp(u.role, "admin")))
        return field_fail(tx->fe, "owner_login", "compte de l'équipe du plan inconnu");
      if (e) return e;
      x->rec.owner_id = u.id;
    }
  }
  if ((e = store_irule_update(tx->db, &x->rec)) || (e = store_irule_get(tx->db, x->in->code, &x->rec))) return e;
  return app_audit(tx, "update", "intern_alert_rule", 0, rule_json(&before), rule_json(&x->rec));
}

plam_err intern_rule_update(struct db *db, const struct actor *a, const struct irule_input *in, json_t **out,
                            struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("code", in->code, intern_rule_codes, 1, fe);
  if (e) return e;
  struct rule_arg x = {.in = in};
  e = app_write(db, a, rule_update_tx, &x, fe);
  if (!e && !(*out = rule_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- raising alerts ---- */

static plam_err raise_tx(struct app_tx *tx, int64_t site_id, const struct irule_rec *rule, const char *period,
                         double value, int64_t respondents) {
  struct ialert_rec cur;
  plam_err e = store_ialert_find(tx->db, site_id, rule->code, period, &cur);
  if (e == PLAM_ERR_NOT_FOUND) {
    struct ialert_rec r;
    memset(&r, 0, sizeof r);
    r.site_id = site_id;
    snprintf(r.rule, sizeof r.rule, "%s", rule->code);
    snprintf(r.period, sizeof r.period, "%s", period);
    r.value = value;
    r.respondents = respondents;
    memcpy(r.authority, rule->authority, sizeof r.authority);
    r.owner_id = rule->owner_id;
    snprintf(r.status, sizeof r.status, "open");
    int64_t id = 0;
    if ((e = store_ialert_insert(tx->db, &r, &id)) || (e = store_ialert_get(tx->db, id, &r))) return e;
    return app_audit(tx, "raise", "intern_alert", id, NULL, alert_json(&r));
  }
  if (e) return e;
  if (!strcmp(cur.status, "closed") || (cur.value == value && cur.respondents == respondents)) return PLAM_OK;
  struct ialert_rec after = cur;
  after.value = value;
  after.respondents = respondents;
  if ((e = store_ialert_update(tx->db, &after)) || (e = store_ialert_get(tx->db, cur.id, &after))) return e;
  return app_audit(tx, "update", "intern_alert", cur.id, alert_json(&cur), alert_json(&after));
}

static void today_year(char year[10]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  int y = tm.tm_year + 1900;
  if (tm.tm_mon + 1 < 11) y--; /* the university year starts in November */
  snprintf(year, 10, "%04u-%04u", (unsigned)y % 10000u, (unsigned)(y + 1) % 10000u);
}

plam_err intern_alerts_check_tx(struct app_tx *tx, int64_t site_id, const char *semester, const char *year) {
  struct store_rows rules = {0};
  plam_err e = store_irule_list(tx->db, &rules);
  if (e) return e;
  const struct irule_rec *rr = rules.rows;
  struct intern_sums sums;
  memset(&sums, 0, sizeof sums);
  int64_t dropouts = 0;
  char period_year[10];
  if (semester) {
    struct icell *cells = NULL;
    int n = 0;
    if (!(e = store_icells(tx->db, site_id, &cells, &n)))
      for (int i = 0; i < n; i++)
        if (!strcmp(cells[i].semester, semester)) {
          sums = (struct intern_sums){
            cells[i].n,         cells[i].sum_hours, cells[i].nights, cells[i].rest_not_taken, cells[i].no_supervisor,
            cells[i].harassment};
        }
    free(cells);
  } else {
    if (year) snprintf(period_year, sizeof period_year, "%s", year);
    else today_year(period_year);
    /* the university year YYYY-YYYY+1 holds the cohorts of the rentrée YYYY */
    e = store_isite_dropouts(tx->db, site_id, strtoll(period_year, NULL, 10), &dropouts);
  }
  for (int i = 0; !e && i < rules.n; i++) {
    int r = -1;
    for (int k = 0; intern_rule_codes[k]; k++)
      if (!strcmp(intern_rule_codes[k], rr[i].code)) r = k;
    if (r < 0 || (r == IRULE_DROPOUTS) != (semester == NULL)) continue;
    struct intern_rule_cfg cfg = {rr[i].enabled, rr[i].threshold};
    double value = 0;
    if (intern_rule_fires((enum intern_rule)r, &cfg, &sums, dropouts, &value))
      e = raise_tx(tx, site_id, &rr[i], semester ? semester : period_year, value, semester ? sums.n : 0);
  }
  free(rules.rows);
  return e;
}

plam_err intern_dropouts_check_tx(struct app_tx *tx) {
  int64_t *sites = NULL, *years = NULL;
  int n = 0;
  plam_err e = store_train_site_years(tx->db, &sites, &years, &n);
  for (int i = 0; !e && i < n; i++) {
    char y[10];
    snprintf(y, sizeof y, "%04u-%04u", (unsigned)years[i] % 10000u, (unsigned)(years[i] + 1) % 10000u);
    e = intern_alerts_check_tx(tx, sites[i], NULL, y);
  }
  free(sites);
  free(years);
  return e;
}

/* ---- alerts: list, detail, actions ---- */

plam_err intern_alerts_list(struct db *db, const struct actor *a, const char *status, json_t **out) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_ialert_list(db, status && *status ? status : NULL, 0, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  const struct ialert_rec *r = rows.rows;
  for (int i = 0; arr && i < rows.n; i++)
    if (json_array_append_new(arr, alert_json(&r[i]))) {
      json_decref(arr);
      arr = NULL;
    }
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err intern_alert_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct ialert_rec r;
  struct store_rows acts = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_ialert_get(db, id, &r);
  if (!e) e = store_ialert_action_list(db, id, &acts);
  store_read_end(db);
  json_t *j = NULL;
  if (!e && (j = alert_json(&r))) json_object_set_new(j, "actions", intern_rows_json(&store_ialert_action_t, &acts));
  free(acts.rows);
  if (!e && !j) e = PLAM_ERR_NOMEM;
  if (!e) *out = j;
  return e;
}

struct act_arg {
  int64_t id;
  const char *status, *note, *owner_login;
};

static plam_err act_tx(struct app_tx *tx, void *arg) {
  const struct act_arg *x = arg;
  struct ialert_rec before, after;
  plam_err e = store_ialert_get(tx->db, x->id, &before);
  if (e) return e;
  after = before;
  if (x->status && *x->status) snprintf(after.status, sizeof after.status, "%s", x->status);
  if (x->owner_login) {
    after.owner_id = 0;
    if (*x->owner_login) {
      struct user_rec u;
      e = store_user_get_by_login(tx->db, x->owner_login, &u, NULL, 0);
      if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(u.role, "staff") && strcmp(u.role, "admin")))
        return field_fail(tx->fe, "owner_login", "compte de l'équipe du plan inconnu");
      if (e) return e;
      after.owner_id = u.id;
    }
  }
  struct ialert_action_rec act;
  memset(&act, 0, sizeof act);
  act.alert_id = x->id;
  act.author_id = tx->a->user_id;
  snprintf(act.status, sizeof act.status, "%s", after.status);
  if ((e = text_put("note", act.note, sizeof act.note, x->note, INTERN_TEXT_MAX, TEXT_REQUIRED | TEXT_LINES, tx->fe)))
    return e;
  int64_t aid = 0;
  if ((e = store_ialert_action_insert(tx->db, &act, &aid)) || (e = store_ialert_update(tx->db, &after)) ||
      (e = store_ialert_get(tx->db, x->id, &after)))
    return e;
  json_t *aj = alert_json(&after);
  if (aj) json_object_set_new(aj, "action", json_pack("{s:I, s:s}", "id", (json_int_t)aid, "note", act.note));
  return app_audit(tx, "act", "intern_alert", x->id, alert_json(&before), aj);
}

plam_err intern_alert_act(struct db *db, const struct actor *a, int64_t id, const char *status, const char *note,
                          const char *owner_login, json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("status", status, intern_alert_statuses, 0, fe);
  if (!e && (!note || !*note)) e = field_fail(fe, "note", "décrivez l'action menée");
  if (e) return e;
  struct act_arg x = {id, status, note, owner_login};
  e = app_write(db, a, act_tx, &x, fe);
  if (!e) e = intern_alert_get(db, a, id, out);
  return e;
}
