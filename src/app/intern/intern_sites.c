/* Internship sites: list, IPA offers, create and update, reasoned decisions
 * on the accreditation, assignments of interns, and a campaign's posts from
 * the accredited sites of a semester. See intern.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/campaign/campaign.h"
#include "app/intern/intern_int.h"
#include "app/plan/plan.h"
#include "base/date.h"
#include "store/store_campaign.h"
#include "store/store.h"
#include "store/store_tx.h"

const char *const intern_programmes[] = {"medicine", "pharmacy", "odontology", "midwifery",
                                         "ipa",      "nursing",  "other",      NULL};
const char *const intern_site_statuses[] = {"accredited", "suspended", "withdrawn", NULL};
const char *const intern_decisions[] = {"accredit", "suspend", "withdraw", "reinstate", NULL};

int intern_is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }
int intern_reads_results(const struct actor *a) {
  return intern_is_staff(a) || a->role == ROLE_INSTITUTE || a->role == ROLE_PARTNER;
}

json_t *intern_rec_json(const struct store_table *t, const void *rec) { return plan_rec_json(t, rec); }
json_t *intern_rows_json(const struct store_table *t, const struct store_rows *rows) { return plan_rows_json(t, rows); }

int intern_date_ok(const char *s) { return s && strlen(s) == 10 && date_iso_valid(s); }

static const char *status_label(const char *s) {
  return !strcmp(s, "accredited") ? "Agréé" : !strcmp(s, "suspended") ? "Agrément suspendu" : "Agrément retiré";
}

json_t *intern_site_json(const struct isite_rec *s) {
  json_t *j = intern_rec_json(&store_isite_t, s);
  if (j) json_object_set_new(j, "status_label", json_string(status_label(s->status)));
  return j;
}

plam_err intern_sites_list(struct db *db, const struct actor *a, json_t **out) {
  (void)a;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_list(db, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  const struct isite_rec *r = rows.rows;
  for (int i = 0; arr && i < rows.n; i++) {
    json_t *j = intern_site_json(&r[i]);
    /* open alerts are the staff's business */
    if (j && !intern_is_staff(a)) json_object_del(j, "open_alerts");
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

plam_err intern_ipa_offers(struct db *db, const struct actor *a, json_t **out) {
  (void)a;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_list(db, &rows);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array(), *group = NULL;
  const struct isite_rec *r = rows.rows;
  const char *dep = "";
  for (int i = 0; arr && i < rows.n; i++) {
    if (strcmp(r[i].programme, "ipa") || strcmp(r[i].status, "accredited")) continue;
    if (strcmp(r[i].departement, dep)) {
      dep = r[i].departement;
      group = json_pack("{s:s, s:s, s:[], s:I}", "departement", dep, "name", r[i].departement_name, "sites", "capacity",
                        (json_int_t)0);
      if (!group || json_array_append_new(arr, group)) {
        json_decref(arr);
        arr = NULL;
        break;
      }
    }
    json_t *j = intern_site_json(&r[i]);
    if (j) json_object_del(j, "open_alerts");
    json_object_set_new(group, "capacity",
                        json_integer(json_integer_value(json_object_get(group, "capacity")) + r[i].capacity));
    if (!j || json_array_append_new(json_object_get(group, "sites"), j)) {
      json_decref(arr);
      arr = NULL;
    }
  }
  free(rows.rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err intern_site_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  struct isite_rec s;
  struct store_rows dec = {0}, alerts = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_get(db, id, &s);
  if (!e) e = store_idecision_list(db, id, &dec);
  if (!e && intern_is_staff(a)) e = store_ialert_list(db, NULL, id, &alerts);
  store_read_end(db);
  json_t *j = NULL;
  if (!e) {
    j = intern_site_json(&s);
    if (j) {
      json_object_set_new(j, "decisions", intern_rows_json(&store_idecision_t, &dec));
      if (intern_is_staff(a)) json_object_set_new(j, "alerts", intern_rows_json(&store_ialert_t, &alerts));
      else json_object_del(j, "open_alerts");
    }
    if (!j) e = PLAM_ERR_NOMEM;
  }
  free(dec.rows);
  free(alerts.rows);
  if (!e) *out = j;
  return e;
}

/* ---- create and update ---- */

static plam_err site_apply(struct db *db, struct isite_rec *s, const struct isite_input *in, int creating,
                           struct field_error *fe) {
  plam_err e;
  if (creating || in->has_establishment) {
    struct iestab est;
    e = in->has_establishment && in->establishment_id > 0 ? store_intern_establishment(db, in->establishment_id, &est)
                                                          : PLAM_ERR_NOT_FOUND;
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "establishment_id", "établissement inconnu");
    if (e) return e;
    s->establishment_id = est.id;
    if (creating && in->chu < 0) s->chu = !strcmp(est.category, "chu");
  }
  if (in->has_unit) {
    s->unit_id = 0;
    if (in->unit_id > 0) {
      int64_t est = 0;
      char name[STORE_CHARS(200)];
      e = store_intern_unit(db, in->unit_id, &est, name, sizeof name);
      if (e == PLAM_ERR_NOT_FOUND || (!e && est != s->establishment_id))
        return field_fail(fe, "unit_id", "unité inconnue dans cet établissement");
      if (e) return e;
      s->unit_id = in->unit_id;
    }
  }
  if ((creating || in->label) &&
      (e = text_put("label", s->label, sizeof s->label, in->label, INTERN_LABEL_MAX, TEXT_REQUIRED, fe)))
    return e;
  if (creating || in->programme) {
    if ((e = text_enum("programme", in->programme, intern_programmes, 1, fe))) return e;
    snprintf(s->programme, sizeof s->programme, "%s", in->programme);
  }
  if (in->specialty && (e = text_put("specialty", s->specialty, sizeof s->specialty, in->specialty, 100, 0, fe)))
    return e;
  if (creating || in->has_capacity) {
    if (!in->has_capacity || in->capacity < 0 || in->capacity > 1000)
      return field_fail(fe, "capacity", "capacité par semestre entre 0 et 1000 attendue");
    s->capacity = in->capacity;
  }
  if (in->chu >= 0) s->chu = in->chu > 0;
  if (creating || in->accredited_from) {
    if (!intern_date_ok(in->accredited_from))
      return field_fail(fe, "accredited_from", "date attendue au format AAAA-MM-JJ");
    snprintf(s->accredited_from, sizeof s->accredited_from, "%s", in->accredited_from);
  }
  if (creating || in->accredited_to) {
    if (!intern_date_ok(in->accredited_to))
      return field_fail(fe, "accredited_to", "date attendue au format AAAA-MM-JJ");
    snprintf(s->accredited_to, sizeof s->accredited_to, "%s", in->accredited_to);
  }
  if (strcmp(s->accredited_from, s->accredited_to) > 0)
    return field_fail(fe, "accredited_to", "la fin de l'agrément précède son début");
  return PLAM_OK;
}

struct site_arg {
  int64_t id;
  const struct isite_input *in;
  struct isite_rec rec;
  const char *decision, *decided_on, *reason, *until;
};

static plam_err site_create_tx(struct app_tx *tx, void *arg) {
  struct site_arg *x = arg;
  memset(&x->rec, 0, sizeof x->rec);
  snprintf(x->rec.status, sizeof x->rec.status, "accredited");
  int64_t id = 0;
  plam_err e = site_apply(tx->db, &x->rec, x->in, 1, tx->fe);
  if (!e) e = store_isite_insert(tx->db, &x->rec, &id);
  if (!e) e = store_isite_get(tx->db, id, &x->rec);
  if (e) return e;
  return app_audit(tx, "create", "intern_site", id, NULL, intern_site_json(&x->rec));
}

plam_err intern_site_create(struct db *db, const struct actor *a, const struct isite_input *in, json_t **out,
                            struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct site_arg x = {.in = in};
  plam_err e = app_write(db, a, site_create_tx, &x, fe);
  if (!e && !(*out = intern_site_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err site_update_tx(struct app_tx *tx, void *arg) {
  struct site_arg *x = arg;
  struct isite_rec before;
  plam_err e = store_isite_get(tx->db, x->id, &before);
  if (e) return e;
  x->rec = before;
  e = site_apply(tx->db, &x->rec, x->in, 0, tx->fe);
  if (!e) e = store_isite_update(tx->db, &x->rec);
  if (!e) e = store_isite_get(tx->db, x->id, &x->rec);
  if (e) return e;
  return app_audit(tx, "update", "intern_site", x->id, intern_site_json(&before), intern_site_json(&x->rec));
}

plam_err intern_site_update(struct db *db, const struct actor *a, int64_t id, const struct isite_input *in,
                            json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct site_arg x = {.id = id, .in = in};
  plam_err e = app_write(db, a, site_update_tx, &x, fe);
  if (!e && !(*out = intern_site_json(&x.rec))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- decisions ---- */

/* decision -> the status it needs (NULL: any but its own result) and gives */
static const struct {
  const char *decision, *from, *to;
} transitions[] = {
  {"suspend", "accredited", "suspended"},
  {"withdraw", NULL, "withdrawn"},
  {"reinstate", "suspended", "accredited"},
  {"accredit", "withdrawn", "accredited"},
};

plam_err intern_decide_tx(struct app_tx *tx, int64_t site_id, const char *decision, const char *decided_on,
                          const char *reason, const char *until, int64_t review_id) {
  struct isite_rec before, after;
  plam_err e = store_isite_get(tx->db, site_id, &before);
  if (e) return e;
  int t = -1;
  for (int i = 0; i < (int)(sizeof transitions / sizeof transitions[0]); i++)
    if (!strcmp(transitions[i].decision, decision)) t = i;
  if (t < 0) return text_enum("decision", decision, intern_decisions, 1, tx->fe);
  if ((transitions[t].from && strcmp(transitions[t].from, before.status)) ||
      !strcmp(transitions[t].to, before.status)) {
    char msg[160];
    snprintf(msg, sizeof msg, "décision impossible : le terrain est « %s »", status_label(before.status));
    field_fail(tx->fe, "decision", msg);
    return PLAM_ERR_CONFLICT;
  }
  struct idecision_rec d;
  memset(&d, 0, sizeof d);
  d.site_id = site_id;
  d.review_id = review_id;
  d.decided_by = tx->a->user_id;
  snprintf(d.decision, sizeof d.decision, "%s", decision);
  if (!intern_date_ok(decided_on)) return field_fail(tx->fe, "decided_on", "date attendue au format AAAA-MM-JJ");
  snprintf(d.decided_on, sizeof d.decided_on, "%s", decided_on);
  if ((e = text_put("reason", d.reason, sizeof d.reason, reason, INTERN_TEXT_MAX, TEXT_REQUIRED | TEXT_LINES, tx->fe)))
    return e == PLAM_ERR_INVALID && (!reason || !*reason)
             ? field_fail(tx->fe, "reason", "le motif de la décision est obligatoire")
             : e;
  after = before;
  snprintf(after.status, sizeof after.status, "%s", transitions[t].to);
  if (until && *until) {
    if (!intern_date_ok(until) || strcmp(until, after.accredited_from) < 0)
      return field_fail(tx->fe, "until", "date de fin d'agrément invalide");
    snprintf(after.accredited_to, sizeof after.accredited_to, "%s", until);
  }
  int64_t did = 0;
  e = store_idecision_insert(tx->db, &d, &did);
  if (!e) e = store_isite_update(tx->db, &after);
  if (!e) e = store_isite_get(tx->db, site_id, &after);
  if (e) return e;
  json_t *dj = json_pack("{s:I, s:s, s:s, s:s}", "decision_id", (json_int_t)did, "decision", decision, "decided_on",
                         decided_on, "reason", d.reason);
  json_t *aj = intern_site_json(&after);
  if (aj && dj) json_object_set(aj, "decision", dj);
  json_decref(dj);
  return app_audit(tx, decision, "intern_site", site_id, intern_site_json(&before), aj);
}

static plam_err decide_tx(struct app_tx *tx, void *arg) {
  struct site_arg *x = arg;
  plam_err e = intern_decide_tx(tx, x->id, x->decision, x->decided_on, x->reason, x->until, 0);
  if (!e) e = store_isite_get(tx->db, x->id, &x->rec);
  return e;
}

plam_err intern_site_decide(struct db *db, const struct actor *a, int64_t id, const char *decision,
                            const char *decided_on, const char *reason, const char *until, json_t **out,
                            struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct site_arg x = {.id = id, .decision = decision, .decided_on = decided_on, .reason = reason, .until = until};
  plam_err e = app_write(db, a, decide_tx, &x, fe);
  if (!e) e = intern_site_get(db, a, id, out);
  return e;
}

/* ---- assignments ---- */

struct assign_arg {
  int64_t site_id;
  const char *semester, *login;
};

static plam_err assign_tx(struct app_tx *tx, void *arg) {
  const struct assign_arg *x = arg;
  struct isite_rec s;
  struct user_rec u;
  plam_err e = store_isite_get(tx->db, x->site_id, &s);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "site_id", "terrain de stage inconnu");
  if (e) return e;
  e = store_user_get_by_login(tx->db, x->login, &u, NULL, 0);
  if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(u.role, "intern")))
    return field_fail(tx->fe, "login", "compte d'interne inconnu");
  if (e) return e;
  int64_t before = 0;
  if ((e = store_iassign_get(tx->db, u.id, x->semester, &before))) return e;
  if ((e = store_iassign_put(tx->db, x->site_id, x->semester, u.id))) return e;
  json_t *b = before ? json_pack("{s:I, s:s, s:I}", "site_id", (json_int_t)before, "semester", x->semester, "user_id",
                                 (json_int_t)u.id)
                     : NULL;
  return app_audit(tx, before ? "update" : "create", "intern_assignment", u.id, b,
                   json_pack("{s:I, s:s, s:I}", "site_id", (json_int_t)x->site_id, "semester", x->semester, "user_id",
                             (json_int_t)u.id));
}

plam_err intern_assign(struct db *db, const struct actor *a, int64_t site_id, const char *semester, const char *login,
                       json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (!intern_semester_valid(semester))
    return field_fail(fe, "semester", "semestre attendu : AAAA-05 (été) ou AAAA-11 (hiver)");
  plam_err e = text_check("login", login, 64, TEXT_REQUIRED, fe);
  if (e) return e;
  struct assign_arg x = {site_id, semester, login};
  e = app_write(db, a, assign_tx, &x, fe);
  if (!e &&
      !(*out = json_pack("{s:I, s:s, s:s}", "site_id", (json_int_t)site_id, "semester", semester, "login", login)))
    e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- a campaign's posts from the sites ---- */

struct posts_arg {
  int64_t campaign_id;
  const char *semester;
  json_t *created, *skipped;
};

static plam_err skip(json_t *arr, const struct isite_rec *s, const char *why) {
  return json_array_append_new(
           arr, json_pack("{s:I, s:s, s:s}", "site_id", (json_int_t)s->id, "label", s->label, "reason", why))
           ? PLAM_ERR_NOMEM
           : PLAM_OK;
}

static plam_err posts_tx(struct app_tx *tx, void *arg) {
  struct posts_arg *x = arg;
  struct store_rows rows = {0};
  char first[11], last[11];
  intern_semester_days(x->semester, first, last);
  struct cpost_rec *posts = NULL;
  int nposts = 0;
  plam_err e = store_cpost_list(tx->db, x->campaign_id, &posts, &nposts);
  if (!e) e = store_isite_list(tx->db, &rows);
  const struct isite_rec *r = rows.rows;
  for (int i = 0; !e && i < rows.n; i++) {
    const struct isite_rec *s = &r[i];
    if (strcmp(s->status, "accredited")) {
      e = skip(x->skipped, s, !strcmp(s->status, "suspended") ? "agrément suspendu" : "agrément retiré");
      continue;
    }
    if (strcmp(s->accredited_from, first) > 0 || strcmp(s->accredited_to, last) < 0) {
      e = skip(x->skipped, s, "agrément ne couvrant pas tout le semestre");
      continue;
    }
    if (s->capacity <= 0) {
      e = skip(x->skipped, s, "capacité nulle");
      continue;
    }
    if (!s->org_id) {
      e = skip(x->skipped, s, "établissement sans organisation rattachée");
      continue;
    }
    char code[33], label[STORE_CHARS(200)];
    snprintf(code, sizeof code, "TS%lld-%s", (long long)s->id, x->semester);
    int n = snprintf(label, sizeof label, "%s — %s", s->label, s->establishment_name);
    if (n < 0 || (size_t)n >= sizeof label || text_check("label", label, 200, 0, NULL))
      snprintf(label, sizeof label, "%s", s->label);
    struct cpost_input in = {.code = code,
                             .label = label,
                             .specialty = s->specialty,
                             .territory_id = s->departement,
                             .phase = "",
                             .org_id = s->org_id,
                             .has_org = 1,
                             .capacity = s->capacity,
                             .has_capacity = 1,
                             .fragile = -1,
                             .cesp_only = -1};
    int64_t pid = 0;
    int present = 0;
    for (int k = 0; k < nposts && !present; k++) present = !strcmp(posts[k].code, code);
    if (present) { /* already there: left as staff edited it */
      e = skip(x->skipped, s, "poste déjà présent dans la campagne");
      continue;
    }
    e = campaign_post_create_tx(tx, x->campaign_id, &in, &pid);
    if (e == PLAM_ERR_INVALID && tx->fe && !strcmp(tx->fe->field, "org_id")) {
      memset(tx->fe, 0, sizeof *tx->fe);
      e = skip(x->skipped, s, "site hors de la région de la campagne");
      continue;
    }
    if (!e && json_array_append_new(x->created,
                                    json_pack("{s:I, s:I, s:s, s:I}", "post_id", (json_int_t)pid, "site_id",
                                              (json_int_t)s->id, "code", code, "capacity", (json_int_t)s->capacity)))
      e = PLAM_ERR_NOMEM;
  }
  free(rows.rows);
  free(posts);
  if (e) return e;
  if (json_array_size(x->created) == 0) return field_fail(tx->fe, "semester", "aucun terrain agréé ne donne de poste");
  return PLAM_OK; /* each post recorded its own audit entry */
}

plam_err intern_campaign_posts(struct db *db, const struct actor *a, int64_t campaign_id, const char *semester,
                               json_t **out, struct field_error *fe) {
  if (!intern_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (!intern_semester_valid(semester))
    return field_fail(fe, "semester", "semestre attendu : AAAA-05 (été) ou AAAA-11 (hiver)");
  struct posts_arg x = {campaign_id, semester, json_array(), json_array()};
  plam_err e = !x.created || !x.skipped ? PLAM_ERR_NOMEM : app_write(db, a, posts_tx, &x, fe);
  if (!e && !(*out = json_pack("{s:O, s:O}", "created", x.created, "skipped", x.skipped))) e = PLAM_ERR_NOMEM;
  json_decref(x.created);
  json_decref(x.skipped);
  return e;
}
