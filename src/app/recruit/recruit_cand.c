/* Candidates (see recruit_app.h): the record, its qualifications with
 * expiry and verification, availability rows with their exceptions, joined
 * pools, and the view. Who may do what: a candidate (role candidate, or a
 * student: role intern, both holding candidate.self) creates their own
 * record once and edits only it (candidates.user_id = the actor); plan
 * staff (admin, staff) manage every record and are the ones who verify a qualification (a candidate's own edit keeps the
 * verification of a qualification whose code and expiry did not change,
 * and drops it otherwise). An update replaces the record, except that a
 * body without "pools" leaves the pools joined as they are. Employers never read a candidate here: the
 * ranking shows them a pseudonymous label. Every text is re-checked here
 * (text_put), every code against the nomenclature, naming the field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/mail/mail.h"
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/recruit/recruit_int.h"
#include "store/store.h"
#include "store/store_recruit.h"
#include "store/store_geo.h"
#include "store/store_season.h"
#include "store/store_tx.h"

#define MAX_AVAIL 1000

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }
/* acting on one's own record: a role holding candidate.self (candidate, and
 * since session 12 intern: a student's account, roles.c) */
static int is_self(const struct actor *a) { return a->user_id && roles_allows(a->role, "candidate.self"); }

json_t *recruit_cumul_json(void) {
  return json_pack(
    "{s:s, s:s, s:s}", "title", "Cumul d'activités des agents publics", "text",
    "Agent public, vous pouvez exercer une activité accessoire auprès d'un autre employeur (par exemple des "
    "vacations ou des remplacements dans un établissement de santé) si elle est compatible avec vos fonctions, "
    "n'en affecte pas l'exercice et ne porte pas atteinte au fonctionnement, à l'indépendance ou à la neutralité "
    "du service. Elle doit être déclarée et autorisée au préalable par votre autorité hiérarchique, qui se "
    "prononce dans un délai d'un mois. Certaines activités (expertise, enseignement, travaux de faible "
    "importance chez des particuliers…) sont libres ; les activités exercées dans le cadre d'une réquisition ou "
    "d'une mission de renfort décidée par l'autorité publique obéissent à leurs propres règles. Les limites de "
    "durée du travail (48 heures par semaine, 11 heures de repos quotidien) s'appliquent à l'ensemble de vos "
    "activités.",
    "reference",
    "Code général de la fonction publique, articles L123-1 à L123-10 ; décret n° 2020-69 du 30 janvier 2020 "
    "relatif aux contrôles déontologiques dans la fonction publique (articles 10 à 16 : activités accessoires)");
}

/* ---- view ---- */

static json_t *cand_json(struct db *db, const struct rcand_rec *c) {
  struct rqual_rec *q = NULL;
  struct ravail_rec *av = NULL;
  int64_t *pools = NULL;
  int nq = 0, na = 0, np = 0;
  if (store_rcand_quals(db, c->id, &q, &nq) || store_rcand_avail(db, c->id, &av, &na) ||
      store_rcand_pool_ids(db, c->id, &pools, &np)) {
    free(q);
    free(av);
    free(pools);
    return NULL;
  }
  int p = recruit_profession_find(c->profession);
  json_t *jq = json_array();
  for (int i = 0; i < nq; i++) {
    int k = recruit_qualification_find(q[i].code);
    json_array_append_new(jq, json_pack("{s:s, s:s, s:s?, s:b, s:I}", "code", q[i].code, "label",
                                        k >= 0 ? recruit_qualifications[k].label : q[i].code, "valid_until",
                                        q[i].valid_until[0] ? q[i].valid_until : NULL, "verified",
                                        q[i].verified_by != 0, "verified_by", (json_int_t)q[i].verified_by));
  }
  json_t *ja = json_array();
  struct recruit_iv *yes = calloc((size_t)na + 1, sizeof *yes), *no = calloc((size_t)na + 1, sizeof *no);
  struct recruit_iv *cut = calloc((size_t)na * 2 + 1, sizeof *cut);
  int ny = 0, nn = 0;
  for (int i = 0; i < na; i++) {
    json_array_append_new(
      ja, json_pack("{s:s, s:s, s:s}", "kind", av[i].kind, "start", av[i].start_at, "end", av[i].end_at));
    if (yes && no) {
      if (!strcmp(av[i].kind, "unavailable")) no[nn++] = (struct recruit_iv){av[i].start_min, av[i].end_min};
      else yes[ny++] = (struct recruit_iv){av[i].start_min, av[i].end_min};
    }
  }
  json_t *je = json_array();
  int nc = yes && no && cut ? recruit_avail_cut(yes, ny, no, nn, cut) : 0;
  for (int i = 0; i < nc; i++)
    json_array_append_new(
      je, json_pack("{s:I, s:I}", "start_min", (json_int_t)cut[i].start, "end_min", (json_int_t)cut[i].end));
  free(yes);
  free(no);
  free(cut);
  json_t *jp = json_array();
  for (int i = 0; i < np; i++) {
    struct rpool_rec pr;
    if (!store_rpool_get(db, pools[i], &pr))
      json_array_append_new(jp, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)pr.id, "name", pr.name, "level",
                                          pr.level, "status", pr.status));
  }
  free(q);
  free(av);
  free(pools);
  json_t *j = json_pack(
    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s, s:f, s:f, s:f, s:o, s:o, s:o, s:o, s:b, "
    "s:s, s:s, s:b, s:b, s:b, s:b}",
    "id", (json_int_t)c->id, "first_name", c->first_name, "last_name", c->last_name, "email", c->email, "phone",
    c->phone, "profession", c->profession, "profession_label", p >= 0 ? recruit_professions[p].label : c->profession,
    "rpps", c->rpps[0] ? c->rpps : NULL, "situation", c->situation, "commune", c->commune[0] ? c->commune : NULL,
    "departement", c->departement, "lat", c->lat, "lon", c->lon, "max_km", c->max_km, "qualifications", jq,
    "availability", ja, "available_effective", je, "pools", jp, "active", c->active, "created_at", c->created_at,
    "updated_at", c->updated_at, "accepts_shift", c->accepts_shift, "accepts_fixed_term", c->accepts_fixed_term,
    "accepts_permanent", c->accepts_permanent, "accepts_secondment", c->accepts_secondment);
  if (j) {
    json_object_set_new(j, "user_id", c->user_id ? json_integer(c->user_id) : json_null());
    json_object_set_new(j, "cumul", !strcmp(c->situation, "public_agent") ? recruit_cumul_json() : json_null());
  }
  return j;
}

/* ---- input ---- */

struct cand_in {
  struct rcand_rec rec;
  struct rqual_rec q[RECRUIT_MAX_LIST];
  int nq;
  int verified[RECRUIT_MAX_LIST];
  struct ravail_rec av[MAX_AVAIL];
  int na;
  int64_t pools[RECRUIT_MAX_LIST];
  int np;
  int pools_given; /* the body has "pools": without it, an update keeps the memberships */
};

static const char *jstr(json_t *in, const char *k) { return json_string_value(json_object_get(in, k)); }

static plam_err read_number(json_t *in, const char *k, double lo, double hi, double *out, int required,
                            struct field_error *fe) {
  json_t *v = json_object_get(in, k);
  if (!v || json_is_null(v)) return required ? field_fail(fe, k, "obligatoire") : PLAM_OK;
  if (!json_is_number(v)) return field_fail(fe, k, "doit être un nombre");
  double d = json_number_value(v);
  if (!(d >= lo && d <= hi)) {
    char m[96];
    snprintf(m, sizeof m, "doit être compris entre %g et %g", lo, hi);
    return field_fail(fe, k, m);
  }
  *out = d;
  return PLAM_OK;
}

static plam_err read_cand(struct db *db, json_t *in, struct cand_in *x, struct field_error *fe) {
  struct rcand_rec *c = &x->rec;
  plam_err e;
  if (!json_is_object(in)) return field_fail(fe, "body", "objet JSON attendu");
  if ((e = text_put("first_name", c->first_name, sizeof c->first_name, jstr(in, "first_name"), 100, TEXT_REQUIRED,
                    fe)) ||
      (e = text_put("last_name", c->last_name, sizeof c->last_name, jstr(in, "last_name"), 100, TEXT_REQUIRED, fe)) ||
      (e = text_put("email", c->email, sizeof c->email, jstr(in, "email"), 254, TEXT_REQUIRED, fe)) ||
      (e = text_put("phone", c->phone, sizeof c->phone, jstr(in, "phone"), 20, 0, fe)) ||
      (e = text_enum("profession", jstr(in, "profession"), recruit_profession_codes, 1, fe)) ||
      (e = text_put("profession", c->profession, sizeof c->profession, jstr(in, "profession"), 32, TEXT_ASCII, fe)))
    return e;
  /* one rule for addresses: the one mail_queue applies, so an offer can always be e-mailed */
  if (!mail_address_ok(c->email))
    return field_fail(fe, "email", "adresse électronique invalide (exemple : prenom.nom@exemple.fr)");
  const char *rpps = jstr(in, "rpps");
  if (rpps && rpps[0]) {
    if (!recruit_rpps_valid(rpps))
      return field_fail(fe, "rpps", "numéro RPPS invalide : 11 chiffres dont une clé de contrôle (Luhn)");
    snprintf(c->rpps, sizeof c->rpps, "%s", rpps);
  }
  const char *sit = jstr(in, "situation");
  if ((e = text_enum("situation", sit, recruit_situations, 0, fe))) return e;
  snprintf(c->situation, sizeof c->situation, "%s", sit && sit[0] ? sit : "employed");
  if ((e = read_number(in, "max_km", 0, RECRUIT_MAX_KM, &c->max_km, 1, fe))) return e;
  /* home: a commune (its centroid) or coordinates with their département */
  const char *commune = jstr(in, "commune");
  if (commune && commune[0]) {
    if (strlen(commune) != 5) return field_fail(fe, "commune", "code INSEE de commune à 5 caractères attendu");
    snprintf(c->commune, sizeof c->commune, "%s", commune);
    struct commune_rec cr;
    e = store_commune_get(db, c->commune, &cr);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "commune", "commune inconnue");
    if (e) return e;
    c->lat = cr.lat;
    c->lon = cr.lon;
    snprintf(c->departement, sizeof c->departement, "%s", cr.departement);
  } else {
    if ((e = read_number(in, "lat", -90, 90, &c->lat, 1, fe)) ||
        (e = read_number(in, "lon", -180, 180, &c->lon, 1, fe)))
      return e;
    const char *dep = jstr(in, "departement");
    struct territory_rec t;
    if (!dep || strncmp(dep, "DEP-", 4) || strlen(dep) >= sizeof c->departement || store_territory_get(db, dep, &t))
      return field_fail(fe, "departement", "département inconnu (DEP-xx attendu)");
    snprintf(c->departement, sizeof c->departement, "%s", dep);
  }
  /* contracts accepted: at least one */
  c->accepts_shift = json_is_true(json_object_get(in, "accepts_shift"));
  c->accepts_fixed_term = json_is_true(json_object_get(in, "accepts_fixed_term"));
  c->accepts_permanent = json_is_true(json_object_get(in, "accepts_permanent"));
  c->accepts_secondment = json_is_true(json_object_get(in, "accepts_secondment"));
  if (!c->accepts_shift && !c->accepts_fixed_term && !c->accepts_permanent && !c->accepts_secondment)
    return field_fail(fe, "accepts_shift", "au moins un type de contrat accepté");
  size_t i;
  json_t *v;
  json_t *act = json_object_get(in, "active");
  c->active = act && json_is_boolean(act) ? json_is_true(act) : 1;
  /* qualifications */
  json_t *qs = json_object_get(in, "qualifications");
  if (qs && !json_is_array(qs)) return field_fail(fe, "qualifications", "liste attendue");
  if (json_array_size(qs) > RECRUIT_MAX_LIST) return field_fail(fe, "qualifications", "64 au plus");
  json_array_foreach(qs, i, v) {
    struct rqual_rec *q = &x->q[x->nq];
    memset(q, 0, sizeof *q);
    const char *code = jstr(v, "code"), *until = jstr(v, "valid_until");
    if ((e = text_enum("qualifications.code", code ? code : "", recruit_qualification_codes, 1, fe))) return e;
    snprintf(q->code, sizeof q->code, "%s", code);
    for (int k = 0; k < x->nq; k++)
      if (!strcmp(x->q[k].code, code)) return field_fail(fe, "qualifications.code", "qualification en double");
    int32_t d;
    if (until && until[0]) {
      if (strlen(until) != 10 || recruit_date_parse(until, &d))
        return field_fail(fe, "qualifications.valid_until", "date AAAA-MM-JJ attendue");
      snprintf(q->valid_until, sizeof q->valid_until, "%s", until);
    }
    x->verified[x->nq] = json_is_true(json_object_get(v, "verified"));
    x->nq++;
  }
  /* availability */
  json_t *as = json_object_get(in, "availability");
  if (as && !json_is_array(as)) return field_fail(fe, "availability", "liste attendue");
  if (json_array_size(as) > MAX_AVAIL) return field_fail(fe, "availability", "1000 intervalles au plus");
  json_array_foreach(as, i, v) {
    struct ravail_rec *a = &x->av[x->na];
    const char *kind = jstr(v, "kind"), *s = jstr(v, "start"), *en = jstr(v, "end");
    if ((e = text_enum("availability.kind", kind, recruit_avail_kinds, 0, fe))) return e;
    snprintf(a->kind, sizeof a->kind, "%s", kind && kind[0] ? kind : "available");
    int off;
    if (!s || strlen(s) < 16 || strlen(s) > 25 || recruit_time_parse(s, &a->start_min, &off))
      return field_fail(fe, "availability.start", "date et heure ISO 8601 avec décalage attendues");
    if (!en || strlen(en) < 16 || strlen(en) > 25 || recruit_time_parse(en, &a->end_min, &off))
      return field_fail(fe, "availability.end", "date et heure ISO 8601 avec décalage attendues");
    if (a->end_min <= a->start_min) return field_fail(fe, "availability.end", "la fin doit suivre le début");
    snprintf(a->start_at, sizeof a->start_at, "%s", s);
    snprintf(a->end_at, sizeof a->end_at, "%s", en);
    x->na++;
  }
  /* pools: each must exist and be open */
  json_t *ps = json_object_get(in, "pools");
  if (ps && !json_is_array(ps)) return field_fail(fe, "pools", "liste attendue");
  x->pools_given = ps != NULL;
  if (json_array_size(ps) > RECRUIT_MAX_LIST) return field_fail(fe, "pools", "64 au plus");
  json_array_foreach(ps, i, v) {
    if (!json_is_integer(v) || json_integer_value(v) <= 0) return field_fail(fe, "pools", "identifiants attendus");
    int64_t id = json_integer_value(v);
    for (int k = 0; k < x->np; k++)
      if (x->pools[k] == id) return field_fail(fe, "pools", "vivier en double");
    struct rpool_rec p;
    if (store_rpool_get(db, id, &p)) return field_fail(fe, "pools", "vivier inconnu");
    x->pools[x->np++] = id;
  }
  return PLAM_OK;
}

/* ---- write ---- */

struct save_tx {
  int64_t id;
  struct cand_in *in;
  json_t *out;
};

static plam_err save_tx(struct app_tx *tx, void *arg) {
  struct save_tx *s = arg;
  struct cand_in *x = s->in;
  const struct actor *a = tx->a;
  json_t *before = NULL;
  plam_err e;
  struct rqual_rec *old = NULL;
  int nold = 0;
  if (s->id) {
    struct rcand_rec cur;
    if ((e = store_rcand_get(tx->db, s->id, &cur))) return e;
    if (!is_staff(a) && cur.user_id != a->user_id) return PLAM_ERR_NOT_FOUND;
    x->rec.user_id = cur.user_id;
    before = cand_json(tx->db, &cur);
    if ((e = store_rcand_quals(tx->db, s->id, &old, &nold))) {
      json_decref(before);
      return e;
    }
  } else if (!is_staff(a)) {
    int64_t mine;
    if (!store_rcand_by_user(tx->db, a->user_id, &mine)) {
      json_decref(before);
      return PLAM_ERR_CONFLICT; /* one record per account */
    }
    x->rec.user_id = a->user_id;
  }
  /* closed pools: joining one is refused; staying in it is allowed */
  for (int k = 0; k < x->np; k++) {
    struct rpool_rec p;
    if ((e = store_rpool_get(tx->db, x->pools[k], &p))) goto done;
    int was = 0;
    if (s->id) {
      int64_t *cur = NULL;
      int nc = 0;
      if (!store_rcand_pool_ids(tx->db, s->id, &cur, &nc))
        for (int j = 0; j < nc; j++) was |= cur[j] == x->pools[k];
      free(cur);
    }
    if (!was && strcmp(p.status, "open")) {
      e = field_fail(tx->fe, "pools", "ce vivier est fermé");
      goto done;
    }
    /* a seasonal campaign's pool is joined by applying (its admitted programmes checked), not from here;
     * staff may still place a student in it */
    int64_t campaign = 0;
    if (!was && !is_staff(a) && (e = store_season_by_pool(tx->db, x->pools[k], &campaign))) goto done;
    if (campaign) {
      e = field_fail(tx->fe, "pools",
                     "ce vivier est celui d'une campagne saisonnière : postulez depuis la page de la campagne");
      goto done;
    }
  }
  /* verification: staff verify; a candidate keeps an unchanged verified line */
  for (int k = 0; k < x->nq; k++) {
    x->q[k].verified_by = 0;
    if (is_staff(a) && x->verified[k]) x->q[k].verified_by = a->user_id ? a->user_id : 0;
    for (int j = 0; j < nold; j++)
      if (!strcmp(old[j].code, x->q[k].code) && !strcmp(old[j].valid_until, x->q[k].valid_until) &&
          old[j].verified_by && (!is_staff(a) || x->verified[k])) {
        x->q[k].verified_by = old[j].verified_by;
        snprintf(x->q[k].verified_at, sizeof x->q[k].verified_at, "%s", old[j].verified_at);
      }
  }
  if (s->id) {
    x->rec.id = s->id;
    e = store_rcand_update(tx->db, &x->rec);
  } else e = store_rcand_insert(tx->db, &x->rec, &s->id);
  if (!e) e = store_rcand_set_quals(tx->db, s->id, x->q, x->nq);
  if (!e) e = store_rcand_set_avail(tx->db, s->id, x->av, x->na);
  /* pools: an update without the field keeps the memberships (and with them
   * the seasonal applications, which are memberships of a campaign's pool) */
  if (!e && (x->pools_given || !s->id)) e = store_rcand_set_pools(tx->db, s->id, x->pools, x->np);
  struct rcand_rec after;
  if (!e) e = store_rcand_get(tx->db, s->id, &after);
  if (!e) {
    s->out = cand_json(tx->db, &after);
    if (!s->out) e = PLAM_ERR_NOMEM;
  }
  if (!e) {
    e = app_audit(tx, before ? "update" : "create", "candidate", s->id, before, json_incref(s->out));
    before = NULL;
  }
done:
  json_decref(before);
  free(old);
  return e;
}

plam_err recruit_cand_save(struct db *db, const struct actor *a, int64_t id, json_t *in, json_t **out,
                           struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a) && !is_self(a)) return PLAM_ERR_FORBIDDEN;
  struct cand_in *x = calloc(1, sizeof *x);
  if (!x) return PLAM_ERR_NOMEM;
  plam_err e = store_read_begin(db);
  if (!e) {
    e = read_cand(db, in, x, fe);
    store_read_end(db);
  }
  struct save_tx s = {id, x, NULL};
  if (!e) e = app_write(db, a, save_tx, &s, fe);
  free(x);
  if (e) {
    json_decref(s.out);
    return e;
  }
  *out = s.out;
  return PLAM_OK;
}

plam_err recruit_cand_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  *out = NULL;
  plam_err e = store_read_begin(db);
  if (e) return e;
  struct rcand_rec c;
  e = store_rcand_get(db, id, &c);
  if (!e && !is_staff(a) && !(is_self(a) && c.user_id == a->user_id)) e = PLAM_ERR_NOT_FOUND;
  if (!e) {
    *out = cand_json(db, &c);
    if (!*out) e = PLAM_ERR_NOMEM;
  }
  store_read_end(db);
  return e;
}

plam_err recruit_cand_me(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  int64_t id = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = a->user_id ? store_rcand_by_user(db, a->user_id, &id) : PLAM_ERR_NOT_FOUND;
  store_read_end(db);
  return e ? e : recruit_cand_get(db, a, id, out);
}

plam_err recruit_cand_list(struct db *db, const struct actor *a, const char *profession, long limit, long offset,
                           json_t **out, int64_t *total) {
  *out = NULL;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct rcand_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_rcand_list(db, profession, limit, offset, &rows, &n, total);
  json_t *arr = json_array();
  for (int i = 0; !e && i < n; i++) {
    json_t *j = cand_json(db, &rows[i]);
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

/* Records a row's refusal as a file error naming the row and the field. */
void recruit_row_error(json_t *errors, size_t *total, json_int_t row, const struct field_error *fe, plam_err e) {
  (*total)++;
  if (json_array_size(errors) >= RECRUIT_CSV_MAX_ERRORS) return;
  char m[48 + sizeof fe->field + sizeof fe->message]; /* the words, the row number and both parts whole */
  const char *what = e == PLAM_ERR_INVALID    ? fe->message
                     : e == PLAM_ERR_CONFLICT ? "en conflit avec une donnée existante"
                                              : "refusée";
  snprintf(m, sizeof m, "ligne %lld, colonne %s : %s", (long long)row, fe->field[0] ? fe->field : "?", what);
  json_array_append_new(
    errors, json_pack("{s:I, s:I, s:s, s:s}", "row", row, "col", (json_int_t)0, "column", fe->field, "message", m));
}

struct cand_import_tx {
  json_t *rows, *errors, *ids;
  size_t total;
  int64_t created;
};

static plam_err cand_import_tx(struct app_tx *tx, void *arg) {
  struct cand_import_tx *x = arg;
  struct cand_in *in = malloc(sizeof *in);
  if (!in) return PLAM_ERR_NOMEM;
  size_t i;
  json_t *row;
  json_array_foreach(x->rows, i, row) {
    json_int_t line = json_integer_value(json_object_get(row, "_row"));
    json_object_del(row, "_row");
    struct field_error fe = {0};
    memset(in, 0, sizeof *in);
    plam_err e = read_cand(tx->db, row, in, &fe);
    struct save_tx s = {0, in, NULL};
    struct field_error *keep = tx->fe;
    tx->fe = &fe;
    if (!e) e = save_tx(tx, &s);
    tx->fe = keep;
    json_decref(s.out);
    if (e == PLAM_ERR_INVALID || e == PLAM_ERR_CONFLICT || e == PLAM_ERR_NOT_FOUND)
      recruit_row_error(x->errors, &x->total, line, &fe, e);
    else if (e) {
      free(in);
      return e;
    } else {
      x->created++;
      json_array_append_new(x->ids, json_integer(s.id));
    }
  }
  free(in);
  return x->total ? PLAM_ERR_INVALID : PLAM_OK;
}

plam_err recruit_cand_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **errors,
                             size_t *total_errors, int64_t *created, json_t **ids) {
  *errors = NULL;
  *ids = NULL;
  *total_errors = 0;
  *created = 0;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  json_t *rows = NULL;
  plam_err e = recruit_csv_parse(0, data, len, &rows, errors, total_errors);
  if (!e && !json_array_size(rows))
    e = PLAM_ERR_INVALID, (*total_errors)++,
    json_array_append_new(*errors, json_pack("{s:i, s:i, s:s, s:s}", "row", 2, "col", 0, "column", "", "message",
                                             "aucune ligne de données"));
  if (!e) {
    struct cand_import_tx x = {rows, *errors, json_array(), 0, 0};
    e = app_write(db, a, cand_import_tx, &x, NULL);
    *total_errors = x.total;
    if (!e) *created = x.created;
    if (!e) *ids = x.ids;
    else json_decref(x.ids);
  }
  json_decref(rows);
  return e;
}
