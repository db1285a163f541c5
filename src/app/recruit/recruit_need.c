/* Needs (see recruit_app.h): an employer posts a need for an establishment
 * of their organisation (establishments.org_id = the actor's org_id), plan
 * staff for any; its slots are ISO 8601 times with their offset, stored as
 * written and in minutes since the epoch from one parse (recruit_time_parse);
 * statuses move along the table below. Employers read the needs of their
 * organisation, plan staff all of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/recruit/recruit_int.h"
#include "store/store.h"
#include "store/store_recruit.h"
#include "store/store_estab.h"
#include "store/store_season.h"
#include "store/store_tx.h"

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

/* Allowed status transitions: from -> to. A filled need reopens when a
 * confirmed person withdraws; expired and cancelled are final. */
static const char *const transitions[][2] = {
  {"draft", "open"},     {"draft", "cancelled"}, {"open", "filled"},      {"open", "expired"},
  {"open", "cancelled"}, {"filled", "open"},     {"filled", "cancelled"},
};

int recruit_need_transition_ok(const char *from, const char *to) {
  for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
    if (!strcmp(transitions[i][0], from) && !strcmp(transitions[i][1], to)) return 1;
  return 0;
}

static int may_see(const struct actor *a, const struct rneed_rec *n) {
  return is_staff(a) || (a->role == ROLE_EMPLOYER && a->org_id && a->org_id == n->org_id);
}

static json_t *need_json(struct db *db, const struct rneed_rec *n) {
  struct rslot_rec *sl = NULL;
  char(*q)[33] = NULL;
  int64_t *pools = NULL;
  int ns = 0, nq = 0, np = 0;
  if (store_rneed_slots(db, n->id, &sl, &ns) || store_rneed_quals(db, n->id, &q, &nq) ||
      store_rneed_pool_ids(db, n->id, &pools, &np)) {
    free(sl);
    free(q);
    free(pools);
    return NULL;
  }
  json_t *js = json_array(), *jq = json_array(), *jp = json_array();
  for (int i = 0; i < ns; i++)
    json_array_append_new(
      js, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sl[i].id, "start", sl[i].start_at, "end", sl[i].end_at));
  for (int i = 0; i < nq; i++) {
    int k = recruit_qualification_find(q[i]);
    json_array_append_new(
      jq, json_pack("{s:s, s:s}", "code", q[i], "label", k >= 0 ? recruit_qualifications[k].label : q[i]));
  }
  for (int i = 0; i < np; i++) {
    struct rpool_rec p;
    if (!store_rpool_get(db, pools[i], &p))
      json_array_append_new(jp, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p.id, "name", p.name, "level", p.level));
  }
  free(sl);
  free(q);
  free(pools);
  int k = recruit_profession_find(n->profession);
  json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:o, s:o, s:o, s:s, "
                        "s:s}",
                        "id", (json_int_t)n->id, "establishment_id", (json_int_t)n->establishment_id,
                        "establishment_name", n->establishment_name, "profession", n->profession, "profession_label",
                        k >= 0 ? recruit_professions[k].label : n->profession, "headcount", (json_int_t)n->headcount,
                        "reason", n->reason, "contract", n->contract, "pay", n->pay, "urgency", n->urgency, "max_km",
                        n->max_km, "fill_mode", n->fill_mode, "status", n->status, "description", n->description,
                        "slots", js, "qualifications", jq, "pools", jp, "created_at", n->created_at, "updated_at",
                        n->updated_at);
  if (j) json_object_set_new(j, "unit_id", n->unit_id ? json_integer(n->unit_id) : json_null());
  if (j) json_object_set_new(j, "expires_at", n->expires_at[0] ? json_string(n->expires_at) : json_null());
  int64_t campaign = 0; /* season */
  if (j && !store_season_need_campaign(db, n->id, &campaign))
    json_object_set_new(j, "campaign_id", campaign ? json_integer(campaign) : json_null());
  return j;
}

struct need_in {
  struct rneed_rec rec;
  struct rslot_rec slots[RECRUIT_MAX_SLOTS];
  int ns;
  const char *quals[RECRUIT_MAX_LIST];
  int nq;
  int64_t pools[RECRUIT_MAX_LIST];
  int np;
  int64_t campaign_id; /* season: 0 = none */
  json_t *out;
};

static const char *jstr(json_t *in, const char *k) { return json_string_value(json_object_get(in, k)); }

static plam_err opt_enum(const char *field, json_t *in, const char *const *list, const char *def, char *dst, size_t n,
                         int required, struct field_error *fe) {
  const char *v = jstr(in, field);
  plam_err e = text_enum(field, v, list, required, fe);
  if (e) return e;
  snprintf(dst, n, "%s", v && v[0] ? v : def);
  return PLAM_OK;
}

static plam_err read_id(json_t *in, const char *k, int64_t *out, int required, struct field_error *fe) {
  json_t *v = json_object_get(in, k);
  if (!v || json_is_null(v)) return required ? field_fail(fe, k, "obligatoire") : PLAM_OK;
  if (!json_is_integer(v) || json_integer_value(v) <= 0) return field_fail(fe, k, "identifiant attendu");
  *out = json_integer_value(v);
  return PLAM_OK;
}

/* expires_at: optional, ISO 8601 with its offset, not after the first
 * slot's start (by default the need expires then). An instant already past
 * is accepted: the scheduler's next step expires the need. */
static plam_err read_expiry(json_t *in, struct need_in *x, struct field_error *fe) {
  json_t *v = json_object_get(in, "expires_at");
  if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[0])) return PLAM_OK;
  const char *s = json_string_value(v);
  int off;
  if (!s || strlen(s) < 16 || strlen(s) > 25 || recruit_time_parse(s, &x->rec.expires_min, &off))
    return field_fail(fe, "expires_at", "date et heure ISO 8601 avec décalage attendues (2026-03-08T20:00+01:00)");
  int64_t first = x->slots[0].start_min;
  for (int k = 1; k < x->ns; k++)
    if (x->slots[k].start_min < first) first = x->slots[k].start_min;
  if (x->rec.expires_min > first)
    return field_fail(fe, "expires_at", "l'échéance ne peut pas suivre le début du premier créneau");
  snprintf(x->rec.expires_at, sizeof x->rec.expires_at, "%s", s);
  return PLAM_OK;
}

static plam_err read_need(json_t *in, struct need_in *x, struct field_error *fe) {
  struct rneed_rec *r = &x->rec;
  plam_err e;
  if (!json_is_object(in)) return field_fail(fe, "body", "objet JSON attendu");
  if ((e = read_id(in, "establishment_id", &r->establishment_id, 1, fe)) ||
      (e = read_id(in, "unit_id", &r->unit_id, 0, fe)) ||
      (e = text_enum("profession", jstr(in, "profession"), recruit_profession_codes, 1, fe)) ||
      (e = opt_enum("reason", in, recruit_need_reasons, "", r->reason, sizeof r->reason, 1, fe)) ||
      (e = opt_enum("contract", in, recruit_contracts, "", r->contract, sizeof r->contract, 1, fe)) ||
      (e = opt_enum("urgency", in, recruit_urgencies, "planned", r->urgency, sizeof r->urgency, 0, fe)) ||
      (e = opt_enum("fill_mode", in, recruit_fill_modes, "first", r->fill_mode, sizeof r->fill_mode, 0, fe)) ||
      (e = text_put("pay", r->pay, sizeof r->pay, jstr(in, "pay"), 200, 0, fe)) ||
      (e = text_put("description", r->description, sizeof r->description, jstr(in, "description"), 2000, TEXT_LINES,
                    fe)))
    return e;
  snprintf(r->profession, sizeof r->profession, "%s", jstr(in, "profession"));
  const char *st = jstr(in, "status");
  if (st && st[0] && strcmp(st, "draft") && strcmp(st, "open"))
    return field_fail(fe, "status", "une demande se crée en brouillon (draft) ou ouverte (open)");
  snprintf(r->status, sizeof r->status, "%s", st && st[0] ? st : "open");
  json_t *v = json_object_get(in, "headcount");
  r->headcount = 1;
  if (v && !json_is_null(v)) {
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
      return field_fail(fe, "headcount", "entier de 1 à 1000 attendu");
    r->headcount = (int)json_integer_value(v);
  }
  v = json_object_get(in, "max_km");
  if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > RECRUIT_MAX_KM)
    return field_fail(fe, "max_km", "distance de 0 à 20000 km attendue");
  r->max_km = json_number_value(v);
  /* slots */
  json_t *sl = json_object_get(in, "slots");
  if (!json_is_array(sl) || !json_array_size(sl)) return field_fail(fe, "slots", "au moins un créneau");
  if (json_array_size(sl) > RECRUIT_MAX_SLOTS) return field_fail(fe, "slots", "100 créneaux au plus");
  size_t i;
  json_array_foreach(sl, i, v) {
    struct rslot_rec *s = &x->slots[x->ns];
    const char *a = jstr(v, "start"), *b = jstr(v, "end");
    int off;
    if (!a || strlen(a) < 16 || strlen(a) > 25 || recruit_time_parse(a, &s->start_min, &off))
      return field_fail(fe, "slots.start", "date et heure ISO 8601 avec décalage attendues (2026-03-09T08:00+01:00)");
    if (!b || strlen(b) < 16 || strlen(b) > 25 || recruit_time_parse(b, &s->end_min, &off))
      return field_fail(fe, "slots.end", "date et heure ISO 8601 avec décalage attendues (2026-03-09T20:00+01:00)");
    if (s->end_min <= s->start_min) return field_fail(fe, "slots.end", "la fin doit suivre le début");
    /* rules: a longer slot could never be filled (rule shift_length) */
    int max_h = recruit_limits().max_shift_hours;
    if (s->end_min - s->start_min > (int64_t)max_h * 60) {
      char m[128];
      snprintf(m, sizeof m,
               "%d h au plus par créneau (durée maximale d'une mission) : un créneau plus long ne pourrait "
               "être pourvu",
               max_h);
      return field_fail(fe, "slots.end", m);
    }
    for (int k = 0; k < x->ns; k++)
      if (s->start_min < x->slots[k].end_min && x->slots[k].start_min < s->end_min)
        return field_fail(fe, "slots", "deux créneaux se chevauchent");
    snprintf(s->start_at, sizeof s->start_at, "%s", a);
    snprintf(s->end_at, sizeof s->end_at, "%s", b);
    x->ns++;
  }
  /* required qualifications */
  json_t *qs = json_object_get(in, "qualifications");
  if (qs && !json_is_array(qs)) return field_fail(fe, "qualifications", "liste attendue");
  if (json_array_size(qs) > RECRUIT_MAX_LIST) return field_fail(fe, "qualifications", "64 au plus");
  json_array_foreach(qs, i, v) {
    const char *c = json_string_value(json_object_get(v, "code"));
    if ((e = text_enum("qualifications.code", c ? c : "", recruit_qualification_codes, 1, fe))) return e;
    for (int k = 0; k < x->nq; k++)
      if (!strcmp(x->quals[k], c)) return field_fail(fe, "qualifications.code", "qualification en double");
    x->quals[x->nq++] = c;
  }
  /* pools */
  if ((e = read_id(in, "campaign_id", &x->campaign_id, 0, fe))) return e;
  json_t *ps = json_object_get(in, "pools");
  /* a campaign's need reaches the campaign's pool: other pools optional */
  if (ps && !json_is_array(ps)) return field_fail(fe, "pools", "liste attendue");
  if (!x->campaign_id && !json_array_size(ps)) return field_fail(fe, "pools", "au moins un vivier");
  if (json_array_size(ps) > RECRUIT_MAX_LIST) return field_fail(fe, "pools", "64 au plus");
  json_array_foreach(ps, i, v) {
    if (!json_is_integer(v) || json_integer_value(v) <= 0) return field_fail(fe, "pools", "identifiants attendus");
    for (int k = 0; k < x->np; k++)
      if (x->pools[k] == json_integer_value(v)) return field_fail(fe, "pools", "vivier en double");
    x->pools[x->np++] = json_integer_value(v);
  }
  return read_expiry(in, x, fe);
}

static plam_err create_tx(struct app_tx *tx, void *arg) {
  struct need_in *x = arg;
  struct rneed_rec *r = &x->rec;
  const struct actor *a = tx->a;
  struct estab_rec est;
  if (store_estab_get(tx->db, r->establishment_id, &est))
    return field_fail(tx->fe, "establishment_id", "établissement inconnu");
  if (!is_staff(a) && !(a->org_id && est.org_id == a->org_id))
    return field_fail(tx->fe, "establishment_id", "établissement hors de votre organisation");
  if (!est.has_coords) return field_fail(tx->fe, "establishment_id", "l'établissement n'a pas de coordonnées");
  if (r->unit_id) {
    struct unit_rec u;
    if (store_unit_get(tx->db, r->unit_id, &u) || u.establishment_id != r->establishment_id)
      return field_fail(tx->fe, "unit_id", "service inconnu dans cet établissement");
  }
  for (int k = 0; k < x->np; k++) {
    struct rpool_rec p;
    if (store_rpool_get(tx->db, x->pools[k], &p)) return field_fail(tx->fe, "pools", "vivier inconnu");
    if (strcmp(p.status, "open")) return field_fail(tx->fe, "pools", "ce vivier est fermé");
  }
  if (x->campaign_id) { /* season: attached to a seasonal campaign */
    const char *first = x->slots[0].start_at, *last = x->slots[0].end_at;
    for (int k = 1; k < x->ns; k++) {
      if (x->slots[k].start_min < x->slots[0].start_min) first = x->slots[k].start_at;
      if (strncmp(x->slots[k].end_at, last, 10) > 0) last = x->slots[k].end_at;
    }
    int64_t pool = 0;
    plam_err pe = recruit_season_attach(tx, x->campaign_id, r->profession, first, last, est.departement, est.commune,
                                        &pool);
    if (pe) return pe;
    int have = 0;
    for (int k = 0; k < x->np; k++) have |= x->pools[k] == pool;
    if (!have && x->np < RECRUIT_MAX_LIST) x->pools[x->np++] = pool;
  }
  r->created_by = a->user_id;
  plam_err e = store_rneed_insert(tx->db, r, &r->id);
  if (!e && x->campaign_id) e = store_season_set_need(tx->db, r->id, x->campaign_id);
  for (int k = 0; !e && k < x->ns; k++) e = store_rneed_add_slot(tx->db, r->id, &x->slots[k]);
  for (int k = 0; !e && k < x->nq; k++) e = store_rneed_add_qual(tx->db, r->id, x->quals[k]);
  for (int k = 0; !e && k < x->np; k++) e = store_rneed_add_pool(tx->db, r->id, x->pools[k]);
  struct rneed_rec after;
  if (!e) e = store_rneed_get(tx->db, r->id, &after);
  if (!e && !(x->out = need_json(tx->db, &after))) e = PLAM_ERR_NOMEM;
  if (!e) e = app_audit(tx, "create", "need", r->id, NULL, json_incref(x->out));
  return e;
}

plam_err recruit_need_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a) && a->role != ROLE_EMPLOYER) return PLAM_ERR_FORBIDDEN;
  struct need_in *x = calloc(1, sizeof *x);
  if (!x) return PLAM_ERR_NOMEM;
  plam_err e = read_need(in, x, fe);
  if (!e) e = app_write(db, a, create_tx, x, fe);
  if (e) json_decref(x->out);
  else *out = x->out;
  free(x);
  return e;
}

struct status_tx {
  int64_t id;
  const char *status;
  json_t *out;
};

static plam_err status_tx(struct app_tx *tx, void *arg) {
  struct status_tx *x = arg;
  struct rneed_rec before, after;
  plam_err e = store_rneed_get(tx->db, x->id, &before);
  if (e) return e;
  if (!may_see(tx->a, &before)) return PLAM_ERR_NOT_FOUND;
  if (!recruit_need_transition_ok(before.status, x->status)) {
    char m[160];
    snprintf(m, sizeof m, "passage de « %s » à « %s » non autorisé", before.status, x->status);
    return field_fail(tx->fe, "status", m);
  }
  json_t *jb = need_json(tx->db, &before);
  if ((e = store_rneed_set_status(tx->db, x->id, x->status)) || (e = store_rneed_get(tx->db, x->id, &after)) ||
      !(x->out = need_json(tx->db, &after))) {
    json_decref(jb);
    return e ? e : PLAM_ERR_NOMEM;
  }
  return app_audit(tx, "update", "need", x->id, jb, json_incref(x->out));
}

plam_err recruit_need_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                 struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a) && a->role != ROLE_EMPLOYER) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("status", status, recruit_need_statuses, 1, fe);
  if (e) return e;
  struct status_tx x = {id, status, NULL};
  e = app_write(db, a, status_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

plam_err recruit_need_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  *out = NULL;
  plam_err e = store_read_begin(db);
  if (e) return e;
  struct rneed_rec n;
  e = store_rneed_get(db, id, &n);
  if (!e && !may_see(a, &n)) e = PLAM_ERR_NOT_FOUND;
  if (!e && !(*out = need_json(db, &n))) e = PLAM_ERR_NOMEM;
  store_read_end(db);
  return e;
}

plam_err recruit_need_list(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!is_staff(a) && !(a->role == ROLE_EMPLOYER && a->org_id)) return PLAM_ERR_FORBIDDEN;
  struct rneed_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_rneed_list(db, is_staff(a) ? 0 : a->org_id, 500, &rows, &n);
  json_t *arr = json_array();
  for (int i = 0; !e && i < n; i++) {
    json_t *j = need_json(db, &rows[i]);
    if (!j) e = PLAM_ERR_NOMEM;
    json_array_append_new(arr, j);
  }
  store_read_end(db);
  free(rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}

/* ---- CSV import ---- */

struct need_import_tx {
  json_t *rows, *errors, *ids;
  size_t total;
  int64_t created;
};

static plam_err need_import_tx(struct app_tx *tx, void *arg) {
  struct need_import_tx *x = arg;
  struct need_in *in = malloc(sizeof *in);
  if (!in) return PLAM_ERR_NOMEM;
  size_t i;
  json_t *row;
  json_array_foreach(x->rows, i, row) {
    json_int_t line = json_integer_value(json_object_get(row, "_row"));
    json_object_del(row, "_row");
    struct field_error fe = {0};
    memset(in, 0, sizeof *in);
    plam_err e = read_need(row, in, &fe);
    struct field_error *keep = tx->fe;
    tx->fe = &fe;
    if (!e) e = create_tx(tx, in);
    tx->fe = keep;
    json_decref(in->out);
    if (e == PLAM_ERR_INVALID || e == PLAM_ERR_CONFLICT || e == PLAM_ERR_NOT_FOUND)
      recruit_row_error(x->errors, &x->total, line, &fe, e);
    else if (e) {
      free(in);
      return e;
    } else {
      x->created++;
      json_array_append_new(x->ids, json_integer(in->rec.id));
    }
  }
  free(in);
  return x->total ? PLAM_ERR_INVALID : PLAM_OK;
}

plam_err recruit_need_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **errors,
                             size_t *total_errors, int64_t *created, json_t **ids) {
  *errors = NULL;
  *ids = NULL;
  *total_errors = 0;
  *created = 0;
  if (!is_staff(a) && a->role != ROLE_EMPLOYER) return PLAM_ERR_FORBIDDEN;
  json_t *rows = NULL;
  plam_err e = recruit_csv_parse(1, data, len, &rows, errors, total_errors);
  if (!e && !json_array_size(rows))
    e = PLAM_ERR_INVALID, (*total_errors)++,
    json_array_append_new(*errors, json_pack("{s:i, s:i, s:s, s:s}", "row", 2, "col", 0, "column", "", "message",
                                             "aucune ligne de données"));
  if (!e) {
    struct need_import_tx x = {rows, *errors, json_array(), 0, 0};
    e = app_write(db, a, need_import_tx, &x, NULL);
    *total_errors = x.total;
    if (!e) *created = x.created;
    if (!e) *ids = x.ids;
    else json_decref(x.ids);
  }
  json_decref(rows);
  return e;
}
