/* Seasonal campaigns for students (issue 11: « seasonal campaigns for
 * students (summer, holidays) as Josette ran them »; migration 0021). Plan
 * staff open a campaign: a period, the posts open to students (profession
 * codes, e.g. ASH: non-health students take hospital service agent posts
 * with on-the-job training) and the students admitted (the nomenclature's
 * student codes, which carry programme and year: ETU-IDE-2, ETU-AUTRE).
 * Opening it creates its own pool. A student applies by joining that pool;
 * an establishment attaches a need to the campaign at creation
 * (recruit_season_attach: open campaign, one of its posts, slots inside the
 * period, an establishment of its département or of its area when it has
 * one), and the
 * need reaches the campaign's pool. After its period's last day a campaign
 * is closed by itself (its status is read through its dates). Ranking, waves, offers
 * and acceptance are the existing ones: for a campaign need, the bundle
 * gives an admitted student the need's profession (recruit_store_rank.c),
 * so the engine's rules apply unchanged. The campaign's public page lists
 * its open needs. Every write goes through app_write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/recruit/recruit_int.h"
#include "store/store.h"
#include "store/store_geo.h"
#include "store/store_recruit.h"
#include "store/store_season.h"
#include "store/store_tx.h"

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }
static int is_student(const char *code) { return !strncmp(code, "ETU-", 4); }

static const char *label(const char *code) {
  int k = recruit_profession_find(code);
  return k >= 0 ? recruit_professions[k].label : code;
}

static json_t *codes_json(char (*codes)[33], int n) {
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++)
    json_array_append_new(a, json_pack("{s:s, s:s}", "code", codes[i], "label", label(codes[i])));
  return a;
}

const char *const recruit_season_statuses[] = {"open", "closed", NULL};

/* Why a closed campaign refuses: staff closed it, or its period is over. */
static const char *closed_why(const struct season_rec *r) {
  return r->ended ? "cette campagne est close : sa période est terminée" : "cette campagne est close";
}

static json_t *season_json(struct season_rec *r) {
  json_t *dep = r->departement[0] ? json_string(r->departement) : json_null();
  json_t *dep_name = r->departement[0] ? json_string(r->departement_name) : json_null();
  json_t *area = r->area_id ? json_integer(r->area_id) : json_null();
  json_t *area_name = r->area_id ? json_string(r->area_name) : json_null();
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:o, s:o, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "id",
                   (json_int_t)r->id, "name", r->name, "starts_on", r->starts_on, "ends_on", r->ends_on, "description",
                   r->description, "status", r->status, "ended", r->ended, "pool_id", (json_int_t)r->pool_id, "posts",
                   codes_json(r->posts, r->nposts), "admitted", codes_json(r->admitted, r->nadmitted), "open_needs",
                   (json_int_t)r->open_needs, "needs", (json_int_t)r->needs, "applicants", (json_int_t)r->applicants,
                   "placed", (json_int_t)r->placed, "departement", dep, "departement_name", dep_name, "area_id", area,
                   "area_name", area_name);
}

/* A list of codes ([{"code"}], or plain strings): non-empty, unique, each
 * a profession of the kind asked. */
static plam_err read_codes(json_t *in, const char *field, int students, char (*out)[33], int *n,
                           struct field_error *fe) {
  json_t *a = json_object_get(in, field), *v;
  if (!json_is_array(a) || !json_array_size(a)) return field_fail(fe, field, "au moins un code de profession");
  if (json_array_size(a) > SEASON_MAX_CODES) return field_fail(fe, field, "64 codes au plus");
  size_t i;
  *n = 0;
  json_array_foreach(a, i, v) {
    const char *c = json_string_value(json_is_object(v) ? json_object_get(v, "code") : v);
    if (!c || recruit_profession_find(c) < 0) return field_fail(fe, field, "code de profession inconnu");
    if (students != is_student(c))
      return field_fail(fe, field,
                        students ? "seuls les codes d'étudiants (ETU-…) sont admis"
                                 : "un poste ouvert est une profession, pas un code d'étudiant");
    for (int k = 0; k < *n; k++)
      if (!strcmp(out[k], c)) return field_fail(fe, field, "code en double");
    snprintf(out[(*n)++], 33, "%s", c);
  }
  return PLAM_OK;
}

static plam_err read_date(json_t *in, const char *field, char out[11], int32_t *days, struct field_error *fe) {
  const char *s = json_string_value(json_object_get(in, field));
  if (!s || strlen(s) != 10 || recruit_date_parse(s, days)) return field_fail(fe, field, "date AAAA-MM-JJ attendue");
  memcpy(out, s, 11);
  return PLAM_OK;
}

struct create_arg {
  struct season_rec r;
  json_t *out;
};

static plam_err create_tx(struct app_tx *tx, void *arg) {
  struct create_arg *x = arg;
  if (x->r.departement[0]) { /* the territory: a département (0024) */
    struct territory_rec t;
    if (store_territory_get(tx->db, x->r.departement, &t) || strcmp(t.level, "departement"))
      return field_fail(tx->fe, "departement", "département inconnu (code DEP-xx attendu)");
  }
  if (x->r.area_id) { /* or an area plan staff define (0027) */
    struct area_rec ar;
    if (store_area_get(tx->db, x->r.area_id, &ar)) return field_fail(tx->fe, "area_id", "zone inconnue");
  }
  struct rpool_rec p;
  memset(&p, 0, sizeof p);
  memcpy(p.name, x->r.name, sizeof p.name); /* the pool bears the campaign's name (both 200 characters at most) */
  snprintf(p.level, sizeof p.level, "region");
  snprintf(p.status, sizeof p.status, "open");
  plam_err e = store_rpool_insert(tx->db, &p, &x->r.pool_id);
  x->r.created_by = tx->a->user_id;
  snprintf(x->r.status, sizeof x->r.status, "open");
  int64_t id = 0;
  if (!e) e = store_season_insert(tx->db, &x->r, &id);
  for (int i = 0; !e && i < x->r.nposts; i++) e = store_season_add_code(tx->db, id, "post", x->r.posts[i]);
  for (int i = 0; !e && i < x->r.nadmitted; i++) e = store_season_add_code(tx->db, id, "admitted", x->r.admitted[i]);
  struct season_rec *after = NULL;
  if (!e && !(after = malloc(sizeof *after))) e = PLAM_ERR_NOMEM;
  if (!e) e = store_season_get(tx->db, id, after);
  if (!e && !(x->out = season_json(after))) e = PLAM_ERR_NOMEM;
  free(after);
  if (!e) e = app_audit(tx, "create", "seasonal_campaign", id, NULL, json_incref(x->out));
  return e;
}

plam_err recruit_season_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (!json_is_object(in)) return field_fail(fe, "body", "objet JSON attendu");
  struct create_arg *x = calloc(1, sizeof *x);
  if (!x) return PLAM_ERR_NOMEM;
  int32_t d0 = 0, d1 = 0;
  plam_err e = text_put("name", x->r.name, sizeof x->r.name, json_string_value(json_object_get(in, "name")), 200,
                        TEXT_REQUIRED, fe);
  if (!e) e = read_date(in, "starts_on", x->r.starts_on, &d0, fe);
  if (!e) e = read_date(in, "ends_on", x->r.ends_on, &d1, fe);
  if (!e && d1 < d0) e = field_fail(fe, "ends_on", "la fin doit suivre le début");
  if (!e)
    e = text_put("description", x->r.description, sizeof x->r.description,
                 json_string_value(json_object_get(in, "description")), 2000, TEXT_LINES, fe);
  json_t *dep = json_object_get(in, "departement");
  if (!e && dep && !json_is_null(dep))
    e = text_put("departement", x->r.departement, sizeof x->r.departement, json_string_value(dep), 11, TEXT_REQUIRED,
                 fe);
  json_t *area = json_object_get(in, "area_id");
  if (!e && area && !json_is_null(area)) {
    if (!json_is_integer(area) || json_integer_value(area) <= 0) e = field_fail(fe, "area_id", "identifiant attendu");
    else if (x->r.departement[0]) e = field_fail(fe, "area_id", "choisissez un département ou une zone, pas les deux");
    else x->r.area_id = json_integer_value(area);
  }
  if (!e) e = read_codes(in, "posts", 0, x->r.posts, &x->r.nposts, fe);
  if (!e) e = read_codes(in, "admitted", 1, x->r.admitted, &x->r.nadmitted, fe);
  if (!e) e = app_write(db, a, create_tx, x, fe);
  if (e) json_decref(x->out);
  else *out = x->out;
  free(x);
  return e;
}

plam_err recruit_season_list(struct db *db, json_t **out) {
  *out = NULL;
  struct season_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_season_list(db, &rows, &n);
  store_read_end(db);
  json_t *arr = json_array();
  for (int i = 0; !e && i < n; i++) {
    json_t *j = season_json(&rows[i]);
    if (!j) e = PLAM_ERR_NOMEM;
    json_array_append_new(arr, j);
  }
  free(rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}

plam_err recruit_season_get(struct db *db, int64_t id, json_t **out) {
  *out = NULL;
  struct season_rec *r = malloc(sizeof *r);
  struct season_need_rec *needs = NULL;
  int n = 0;
  if (!r) return PLAM_ERR_NOMEM;
  plam_err e = store_read_begin(db);
  if (!e) {
    e = store_season_get(db, id, r);
    if (!e) e = store_season_needs(db, id, &needs, &n);
    store_read_end(db);
  }
  json_t *j = e ? NULL : season_json(r);
  json_t *arr = json_array();
  for (int i = 0; j && arr && i < n; i++) {
    const struct season_need_rec *s = &needs[i];
    json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)s->id,
                                         "profession", s->profession, "profession_label", label(s->profession),
                                         "contract", s->contract, "pay", s->pay, "establishment_name", s->estab_name,
                                         "commune_name", s->commune_name, "start", s->first_start, "end", s->last_end,
                                         "headcount", s->headcount));
  }
  free(r);
  free(needs);
  if (!e && (!j || !arr)) e = PLAM_ERR_NOMEM;
  if (e) {
    json_decref(j);
    json_decref(arr);
    return e;
  }
  json_object_set_new(j, "offers", arr);
  *out = j;
  return PLAM_OK;
}

struct apply_arg {
  int64_t id;
  json_t *out;
};

static plam_err apply_tx(struct app_tx *tx, void *arg) {
  struct apply_arg *x = arg;
  struct season_rec *r = malloc(sizeof *r);
  if (!r) return PLAM_ERR_NOMEM;
  plam_err e = store_season_get(tx->db, x->id, r);
  int64_t cand = 0, *pools = NULL;
  int np = 0;
  struct rcand_rec *c = NULL;
  if (!e && strcmp(r->status, "open")) e = field_fail(tx->fe, "campaign", closed_why(r));
  if (!e && store_rcand_by_user(tx->db, tx->a->user_id, &cand))
    e = field_fail(tx->fe, "candidate", "créez d'abord votre profil de candidat (page Mon profil)");
  if (!e && !(c = malloc(sizeof *c))) e = PLAM_ERR_NOMEM;
  if (!e) e = store_rcand_get(tx->db, cand, c);
  int ok = 0;
  for (int i = 0; !e && i < r->nadmitted; i++) ok |= !strcmp(r->admitted[i], c->profession);
  if (!e && !ok)
    e = field_fail(tx->fe, "profession", "votre formation et votre année ne sont pas admises dans cette campagne");
  if (!e) e = store_rcand_pool_ids(tx->db, cand, &pools, &np);
  int member = 0;
  for (int i = 0; !e && i < np; i++) member |= pools[i] == r->pool_id;
  if (!e && !member) {
    int64_t *more = realloc(pools, (size_t)(np + 1) * sizeof *more);
    if (!more) e = PLAM_ERR_NOMEM;
    else {
      pools = more;
      pools[np++] = r->pool_id;
      e = store_rcand_set_pools(tx->db, cand, pools, np);
    }
  }
  if (!e)
    x->out = json_pack("{s:I, s:I, s:b}", "campaign_id", (json_int_t)x->id, "candidate_id", (json_int_t)cand, "already",
                       member);
  if (!e && !x->out) e = PLAM_ERR_NOMEM;
  if (!e && !member)
    e = app_audit(tx, "apply", "seasonal_campaign", x->id, NULL,
                  json_pack("{s:I, s:I}", "candidate_id", (json_int_t)cand, "pool_id", (json_int_t)r->pool_id));
  if (!e && member) {
    field_fail(tx->fe, "campaign", "vous avez déjà postulé à cette campagne");
    e = PLAM_ERR_CONFLICT;
  }
  free(pools);
  free(c);
  free(r);
  return e;
}

plam_err recruit_season_apply(struct db *db, const struct actor *a, int64_t id, json_t **out, struct field_error *fe) {
  *out = NULL;
  /* a candidate or a student (intern) applies for themselves: candidate.self */
  if (!roles_allows(a->role, "candidate.self") || !a->user_id) return PLAM_ERR_FORBIDDEN;
  struct apply_arg x = {id, NULL};
  plam_err e = app_write(db, a, apply_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

/* ---- closing and reopening (staff) ----
 * Closing stops new applications and new attached needs; the needs already
 * attached stay as they are (their waves, offers and confirmed shifts go on
 * until filled or expired) and the students stay in the campaign's pool.
 * After the period's last day (UTC date of the server) a campaign is closed
 * by itself: the store reads its status through the dates (store_season.h),
 * so nothing has to run at midnight. Reopening is allowed until the last day:
 * a campaign closed by mistake or paused; after that, staff open a new one. */
struct status_arg {
  int64_t id;
  const char *status;
  json_t *out;
};

static plam_err status_tx(struct app_tx *tx, void *arg) {
  struct status_arg *x = arg;
  struct season_rec *r = malloc(sizeof *r);
  if (!r) return PLAM_ERR_NOMEM;
  json_t *before = NULL;
  plam_err e = store_season_get(tx->db, x->id, r);
  if (!e && !strcmp(r->status, x->status))
    e = field_fail(tx->fe, "status",
                   strcmp(x->status, "open") ? (r->ended ? "cette campagne est déjà close : sa période est terminée"
                                                         : "cette campagne est déjà close")
                                             : "cette campagne est déjà ouverte");
  if (!e && !strcmp(x->status, "open") && r->ended)
    e = field_fail(tx->fe, "status", "la période de cette campagne est terminée : ouvrez une nouvelle campagne");
  if (!e && !(before = season_json(r))) e = PLAM_ERR_NOMEM;
  if (!e) e = store_season_set_status(tx->db, x->id, x->status);
  if (!e) e = store_season_get(tx->db, x->id, r);
  if (!e && !(x->out = season_json(r))) e = PLAM_ERR_NOMEM;
  free(r);
  if (!e) {
    e = app_audit(tx, "update", "seasonal_campaign", x->id, before, json_incref(x->out));
    before = NULL; /* app_audit took it */
  }
  json_decref(before);
  return e;
}

plam_err recruit_season_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                   struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("status", status, recruit_season_statuses, 1, fe);
  if (e) return e;
  struct status_arg x = {id, status, NULL};
  e = app_write(db, a, status_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

plam_err recruit_season_attach(struct app_tx *tx, int64_t campaign_id, const char *profession, const char *first_start,
                               const char *last_end, const char *departement, const char *commune, int64_t *pool_id) {
  struct season_rec *r = malloc(sizeof *r);
  if (!r) return PLAM_ERR_NOMEM;
  plam_err e = store_season_get(tx->db, campaign_id, r);
  if (e == PLAM_ERR_NOT_FOUND) e = field_fail(tx->fe, "campaign_id", "campagne saisonnière inconnue");
  if (!e && strcmp(r->status, "open")) e = field_fail(tx->fe, "campaign_id", closed_why(r));
  if (!e && r->departement[0] && strcmp(r->departement, departement))
    e = field_fail(tx->fe, "establishment_id", "cet établissement est hors du département de la campagne");
  if (!e && r->area_id) { /* the establishment's commune is one of the area's */
    int in = 0;
    if (commune[0]) e = store_season_area_has(tx->db, r->area_id, commune, &in);
    if (!e && !in)
      e = field_fail(tx->fe, "establishment_id",
                     commune[0]
                       ? "cet établissement est hors de la zone de la campagne"
                       : "la commune de cet établissement n'est pas renseignée : la campagne est limitée à une zone");
  }
  int post = 0;
  for (int i = 0; !e && i < r->nposts; i++) post |= !strcmp(r->posts[i], profession);
  if (!e && !post) e = field_fail(tx->fe, "profession", "ce poste n'est pas ouvert aux étudiants dans cette campagne");
  /* slots inside the period, by their dates as written */
  if (!e && (strncmp(first_start, r->starts_on, 10) < 0 || strncmp(last_end, r->ends_on, 10) > 0))
    e = field_fail(tx->fe, "slots", "les créneaux doivent tenir dans la période de la campagne");
  if (!e) *pool_id = r->pool_id;
  free(r);
  return e;
}
