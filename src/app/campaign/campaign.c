/* Campaigns, posts, candidates, wishes and rankings: see campaign.h. */
#include "app/campaign/campaign_int.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc.h"
#include "app/access/text.h"
#include "app/access/write.h"
#include "base/utf8.h"
#include "store/store_tx.h"
#include "store/store.h"

const char *const campaign_kinds[] = {"interns", "junior_doctors", NULL};
const char *const campaign_statuses[] = {"draft", "wishes", "simulation", "final", "closed", NULL};
const char *const campaign_rounds[] = {"simulation", "final", NULL};

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }
static int is_candidate_role(const struct actor *a) { return a->role == ROLE_INTERN || a->role == ROLE_CANDIDATE; }
static int is_site_role(const struct actor *a) { return a->role == ROLE_EMPLOYER || a->role == ROLE_INSTITUTE; }

static const char *kind_label(const char *k) {
  return !strcmp(k, "interns") ? "Choix de stage des internes (par rang)"
                               : "Appariement des docteurs juniors (classements croisés)";
}

static const char *status_label(const char *s) {
  static const char *const codes[] = {"draft", "wishes", "simulation", "final", "closed"};
  static const char *const labels[] = {"En préparation", "Ouverte aux vœux", "Simulation publiée", "Résultat définitif",
                                       "Close"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(codes[i], s)) return labels[i];
  return s;
}

static const char *access_code(enum campaign_access acc) {
  switch (acc) {
  case CAMPAIGN_STAFF: return "staff";
  case CAMPAIGN_CANDIDATE: return "candidate";
  case CAMPAIGN_SITE: return "site";
  default: return "none";
  }
}

static int wishes_open(const struct campaign_rec *c) {
  return !strcmp(c->status, "wishes") || !strcmp(c->status, "simulation");
}
static int editable(const struct campaign_rec *c) { return strcmp(c->status, "final") && strcmp(c->status, "closed"); }

json_t *campaign_to_json(const struct campaign_rec *c, enum campaign_access acc) {
  int interns = !strcmp(c->kind, "interns");
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:s, s:s, s:s}",
                   "id", (json_int_t)c->id, "kind", c->kind, "kind_label", kind_label(c->kind), "region", c->region,
                   "region_name", c->region_name, "title", c->title, "status", c->status, "status_label",
                   status_label(c->status), "seed", (json_int_t)c->seed, "tie_break", c->tie_break, "algorithm",
                   interns ? "serial-dictatorship" : "deferred-acceptance", "sites_rank", !interns, "wishes_open",
                   wishes_open(c), "posts", (json_int_t)c->nposts, "candidates", (json_int_t)c->ncandidates, "runs",
                   (json_int_t)c->nruns, "access", access_code(acc), "created_at", c->created_at, "updated_at",
                   c->updated_at);
}

json_t *cpost_to_json(const struct cpost_rec *p) {
  return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:b}", "id", (json_int_t)p->id,
                   "campaign_id", (json_int_t)p->campaign_id, "code", p->code, "label", p->label, "org_id",
                   (json_int_t)p->org_id, "org_name", p->org_name, "phase", p->phase, "specialty", p->specialty,
                   "territory_id", p->territory_id, "territory_name", p->territory_name, "fragile", p->fragile,
                   "capacity", (json_int_t)p->capacity, "reserved_seats", (json_int_t)p->reserved_seats, "cesp_only",
                   p->cesp_only);
}

json_t *ccand_to_json(const struct ccand_rec *c) {
  json_t *j = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:b, s:b, s:I}", "id", (json_int_t)c->id, "campaign_id",
                        (json_int_t)c->campaign_id, "name", c->name, "rank", (json_int_t)c->rank, "seniority",
                        (json_int_t)c->seniority, "phase", c->phase, "specialty", c->specialty, "cesp", c->cesp,
                        "subdivision", c->subdivision, "wishes", (json_int_t)c->nwishes);
  if (!j) return NULL;
  json_object_set_new(j, "user_id", c->user_id ? json_integer(c->user_id) : json_null());
  json_object_set_new(j, "login", c->user_id ? json_string(c->login) : json_null());
  return j;
}

plam_err campaign_access(struct db *db, const struct actor *a, const struct campaign_rec *c, struct ccand_rec *me,
                         enum campaign_access *acc) {
  *acc = CAMPAIGN_NONE;
  if (is_staff(a)) {
    *acc = CAMPAIGN_STAFF;
    return PLAM_OK;
  }
  if (!strcmp(c->status, "draft")) return PLAM_OK;
  if (is_candidate_role(a) && a->user_id) {
    struct ccand_rec k;
    plam_err e = store_ccand_get_by_user(db, c->id, a->user_id, &k);
    if (e == PLAM_ERR_NOT_FOUND) return PLAM_OK;
    if (e) return e;
    if (me) *me = k;
    *acc = CAMPAIGN_CANDIDATE;
    return PLAM_OK;
  }
  if (is_site_role(a) && a->org_id) {
    int has = 0;
    plam_err e = store_campaign_org_has_posts(db, c->id, a->org_id, &has);
    if (e) return e;
    if (has) *acc = CAMPAIGN_SITE;
  }
  return PLAM_OK;
}

/* Loads a campaign and the actor's access; FORBIDDEN when none. */
static plam_err load(struct db *db, const struct actor *a, int64_t id, struct campaign_rec *c, struct ccand_rec *me,
                     enum campaign_access *acc) {
  plam_err e = store_campaign_get(db, id, c);
  if (!e) e = campaign_access(db, a, c, me, acc);
  if (!e && *acc == CAMPAIGN_NONE) e = PLAM_ERR_FORBIDDEN;
  return e;
}

plam_err campaigns_list(struct db *db, const struct actor *a, json_t **out) {
  struct campaign_rec *rows;
  int n;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_campaign_list(db, &rows, &n);
  json_t *arr = e ? NULL : json_array();
  if (!e && !arr) e = PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < n; i++) {
    enum campaign_access acc;
    e = campaign_access(db, a, &rows[i], NULL, &acc);
    if (!e && acc != CAMPAIGN_NONE) json_array_append_new(arr, campaign_to_json(&rows[i], acc));
  }
  store_read_end(db);
  if (!e) free(rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}

plam_err campaign_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  struct campaign_rec c;
  struct ccand_rec me;
  enum campaign_access acc;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, id, &c, &me, &acc);
  if (!e) {
    *out = campaign_to_json(&c, acc);
    if (!*out) e = PLAM_ERR_NOMEM;
    else if (acc == CAMPAIGN_CANDIDATE)
      json_object_set_new(*out, "me",
                          json_pack("{s:I, s:s, s:I, s:I, s:s, s:s}", "candidate_id", (json_int_t)me.id, "name",
                                    me.name, "rank", (json_int_t)me.rank, "seniority", (json_int_t)me.seniority,
                                    "phase", me.phase, "specialty", me.specialty));
  }
  store_read_end(db);
  return e;
}

/* ---- validation ---- */

static plam_err check_text(const char *field, const char *v, size_t max, struct field_error *fe) {
  return text_check(field, v, max, TEXT_REQUIRED, fe);
}

/* An eligibility value (phase, specialty): empty, or at most 100 characters
 * and ALLOC_MAX_ID bytes (the engine's identifier limit), no control
 * character and no space at either end (matching is exact: a stray space
 * would silently make a candidate ineligible). */
static plam_err check_rule(const char *field, const char *v, struct field_error *fe) {
  if (!*v) return PLAM_OK;
  if (utf8_count(v) > 100 || strlen(v) > ALLOC_MAX_ID)
    return field_fail(fe, field, "trop long : 100 caractères et 128 octets au plus");
  for (const char *p = v; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) return field_fail(fe, field, "caractère de contrôle interdit");
  size_t n = strlen(v);
  if (v[0] == ' ' || v[n - 1] == ' ')
    return field_fail(fe, field, "pas d'espace au début ni à la fin : la valeur est comparée exactement");
  return PLAM_OK;
}

static plam_err check_territory(struct db *db, const char *field, const char *id, const char *level,
                                struct field_error *fe) {
  struct territory_rec t;
  plam_err e = id ? store_territory_get(db, id, &t) : PLAM_ERR_NOT_FOUND;
  if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(t.level, level)))
    return field_fail(fe, field,
                      !strcmp(level, "region") ? "région inconnue (REG-xx attendu)"
                                               : "département inconnu (DEP-xx attendu)");
  return e;
}


/* ---- campaigns ---- */

struct camp_arg {
  int64_t id;
  const void *in;
  void *rec;  /* the record written, read back */
  void *rec2; /* its previous state (updates) */
  struct field_error *fe;
};

static plam_err campaign_create_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  const struct campaign_input *in = x->in;
  struct campaign_rec *c = x->rec;
  plam_err e = check_territory(tx->db, "region", in->region, "region", tx->fe);
  if (!e) e = text_put("region", c->region, sizeof c->region, in->region, 11, TEXT_REQUIRED | TEXT_ASCII, tx->fe);
  int64_t id = 0;
  if (!e) e = store_campaign_insert(tx->db, c, &id);
  if (!e) e = store_campaign_get(tx->db, id, c);
  if (e) return e;
  return app_audit(tx, "create", "campaign", id, NULL, campaign_to_json(c, CAMPAIGN_STAFF));
}

plam_err campaign_create(struct db *db, const struct actor *a, const struct campaign_input *in, json_t **out,
                         struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct campaign_rec c;
  memset(&c, 0, sizeof c);
  plam_err e = text_enum("kind", in->kind, campaign_kinds, 1, fe);
  if (!e) e = check_text("title", in->title, 200, fe);
  if (e) return e;
  if (in->has_seed && (in->seed < 0 || in->seed > 9007199254740991LL))
    return field_fail(fe, "seed", "graine entre 0 et 2^53 − 1 attendue");
  if (in->status && strcmp(in->status, "draft"))
    return field_fail(fe, "status", "une campagne commence en préparation");
  e = text_put("kind", c.kind, sizeof c.kind, in->kind, sizeof c.kind - 1, TEXT_REQUIRED | TEXT_ASCII, fe);
  if (!e) e = text_put("title", c.title, sizeof c.title, in->title, 200, TEXT_REQUIRED, fe);
  if (e) return e;
  strcpy(c.status, "draft");
  strcpy(c.tie_break, "plam-alloc-lottery-v1");
  c.seed = in->has_seed ? in->seed : 0;
  struct camp_arg x = {0, in, &c, NULL, fe};
  e = app_write(db, a, campaign_create_tx, &x, fe);
  if (!e && !(*out = campaign_to_json(&c, CAMPAIGN_STAFF))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err campaign_update_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  const struct campaign_input *in = x->in;
  struct campaign_rec *c = x->rec, before;
  struct field_error *fe = tx->fe;
  plam_err e = store_campaign_get(tx->db, x->id, &before);
  if (e) return e;
  *c = before;
  if (in->title) e = text_put("title", c->title, sizeof c->title, in->title, 200, TEXT_REQUIRED, fe);
  if (!e && in->has_seed && in->seed != before.seed) {
    if (!editable(&before)) e = field_fail(fe, "seed", "la graine est figée après le tour définitif");
    else c->seed = in->seed;
  }
  if (!e && in->status && strcmp(in->status, before.status)) {
    /* draft <-> wishes by hand; simulation and final come from runs; closed after final */
    if (!strcmp(in->status, "closed")) {
      if (strcmp(before.status, "final"))
        e = field_fail(fe, "status", "seule une campagne au résultat définitif peut être close");
    } else if (!strcmp(in->status, "draft") || !strcmp(in->status, "wishes")) {
      if (!editable(&before))
        e = field_fail(fe, "status", "le résultat définitif est publié : la campagne ne peut plus être rouverte");
    } else {
      e = field_fail(fe, "status", "lancez une simulation ou le tour définitif (POST /api/campaigns/{id}/runs)");
    }
    if (!e) e = text_put("status", c->status, sizeof c->status, in->status, sizeof c->status - 1, TEXT_ASCII, fe);
  }
  if (!e) e = store_campaign_update(tx->db, c);
  if (!e) e = store_campaign_get(tx->db, x->id, c);
  if (e) return e;
  return app_audit(tx, "update", "campaign", x->id, campaign_to_json(&before, CAMPAIGN_STAFF),
                   campaign_to_json(c, CAMPAIGN_STAFF));
}

plam_err campaign_update(struct db *db, const struct actor *a, int64_t id, const struct campaign_input *in,
                         json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  if (in->kind) return field_fail(fe, "kind", "le type d'une campagne ne peut pas être modifié");
  if (in->region) return field_fail(fe, "region", "la région d'une campagne ne peut pas être modifiée");
  plam_err e = in->title ? check_text("title", in->title, 200, fe) : PLAM_OK;
  if (!e && in->status) e = text_enum("status", in->status, campaign_statuses, 1, fe);
  if (e) return e;
  if (in->has_seed && (in->seed < 0 || in->seed > 9007199254740991LL))
    return field_fail(fe, "seed", "graine entre 0 et 2^53 − 1 attendue");
  struct campaign_rec c;
  struct camp_arg x = {id, in, &c, NULL, fe};
  e = app_write(db, a, campaign_update_tx, &x, fe);
  if (!e && !(*out = campaign_to_json(&c, CAMPAIGN_STAFF))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- posts ---- */

plam_err campaign_posts(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  struct campaign_rec c;
  enum campaign_access acc;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, campaign_id, &c, NULL, &acc);
  struct cpost_rec *rows = NULL;
  int n = 0;
  if (!e) e = store_cpost_list(db, campaign_id, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) {
    json_t *j = cpost_to_json(&rows[i]);
    /* a site is told which posts it ranks */
    if (j) json_object_set_new(j, "mine", json_boolean(acc == CAMPAIGN_SITE && rows[i].org_id == a->org_id));
    json_array_append_new(arr, j);
  }
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

static int code_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 32) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!isalnum(ch) && ch != '-' && ch != '_' && ch != '.') return 0;
  }
  return 1;
}

static plam_err post_apply(struct db *db, const struct campaign_rec *c, struct cpost_rec *p,
                           const struct cpost_input *in, int creating, struct field_error *fe) {
  plam_err e = PLAM_OK;
  if (creating || in->code) {
    if (!in->code || !code_ok(in->code))
      return field_fail(fe, "code", "code de 1 à 32 caractères : lettres sans accent, chiffres, « - », « _ », « . »");
    if ((e = text_put("code", p->code, sizeof p->code, in->code, 32, TEXT_REQUIRED | TEXT_ASCII, fe))) return e;
  }
  if (creating || in->label) {
    if ((e = text_put("label", p->label, sizeof p->label, in->label, 200, TEXT_REQUIRED, fe))) return e;
  }
  if (in->phase) {
    if ((e = check_rule("phase", in->phase, fe))) return e;
    if ((e = text_put("phase", p->phase, sizeof p->phase, in->phase, 100, 0, fe))) return e;
  }
  if (in->specialty) {
    if ((e = check_rule("specialty", in->specialty, fe))) return e;
    if ((e = text_put("specialty", p->specialty, sizeof p->specialty, in->specialty, 100, 0, fe))) return e;
  }
  if (creating || in->territory_id) {
    if ((e = check_territory(db, "territory_id", in->territory_id, "departement", fe))) return e;
    if ((e = text_put("territory_id", p->territory_id, sizeof p->territory_id, in->territory_id, 11, TEXT_ASCII, fe)))
      return e;
  }
  if (creating || in->has_org) {
    struct org_rec o;
    e = in->org_id ? store_org_get(db, in->org_id, &o) : PLAM_ERR_NOT_FOUND;
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "org_id", "organisation (site) inconnue");
    int ok = 0;
    if (!e) e = campaign_site_check(db, c, &o, &ok);
    if (e) return e;
    if (!ok)
      return field_fail(fe, "org_id",
                        "ce site ne peut pas accueillir de poste de la campagne : établissement, institut de "
                        "formation ou université d'un département de la région de la campagne attendu");
    p->org_id = in->org_id;
  }
  if (creating || in->has_capacity) {
    if (!in->has_capacity || in->capacity < 0 || in->capacity > 1000)
      return field_fail(fe, "capacity", "capacité entre 0 et 1000 attendue");
    p->capacity = in->capacity;
  }
  if (in->has_reserved) p->reserved_seats = in->reserved_seats;
  if (p->reserved_seats < 0 || p->reserved_seats > p->capacity)
    return field_fail(fe, "reserved_seats", "les places réservées ne peuvent dépasser la capacité");
  if (in->fragile >= 0) p->fragile = in->fragile > 0;
  if (in->cesp_only >= 0) p->cesp_only = in->cesp_only > 0;
  return PLAM_OK;
}

static plam_err staff_editable(struct db *db, const struct actor *a, int64_t campaign_id, struct campaign_rec *c,
                               struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = store_campaign_get(db, campaign_id, c);
  if (!e && !editable(c)) e = field_fail(fe, "status", "le résultat définitif est publié : la campagne est figée");
  return e;
}

static plam_err post_create_in(struct app_tx *tx, int64_t campaign_id, const struct cpost_input *in,
                               struct cpost_rec *p) {
  struct campaign_rec c;
  memset(p, 0, sizeof *p);
  p->campaign_id = campaign_id;
  int64_t id = 0;
  plam_err e = staff_editable(tx->db, tx->a, campaign_id, &c, tx->fe);
  if (!e) e = post_apply(tx->db, &c, p, in, 1, tx->fe);
  if (!e) {
    e = store_cpost_insert(tx->db, p, &id);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "code", "ce code de poste existe déjà dans la campagne");
  }
  if (!e) e = store_cpost_get(tx->db, id, p);
  if (e) return e;
  return app_audit(tx, "create", "campaign_post", id, NULL, cpost_to_json(p));
}

static plam_err post_create_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  return post_create_in(tx, x->id, x->in, x->rec);
}

plam_err campaign_post_create_tx(struct app_tx *tx, int64_t campaign_id, const struct cpost_input *in, int64_t *id) {
  struct cpost_rec p;
  plam_err e = post_create_in(tx, campaign_id, in, &p);
  if (!e) *id = p.id;
  return e;
}

plam_err campaign_post_create(struct db *db, const struct actor *a, int64_t campaign_id, const struct cpost_input *in,
                              json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct cpost_rec p;
  struct camp_arg x = {campaign_id, in, &p, NULL, fe};
  plam_err e = app_write(db, a, post_create_tx, &x, fe);
  if (!e && !(*out = cpost_to_json(&p))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err post_update_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  struct cpost_rec *p = x->rec, before;
  struct campaign_rec c;
  plam_err e = store_cpost_get(tx->db, x->id, &before);
  *p = before;
  if (!e) e = staff_editable(tx->db, tx->a, before.campaign_id, &c, tx->fe);
  if (!e) e = post_apply(tx->db, &c, p, x->in, 0, tx->fe);
  if (!e) {
    e = store_cpost_update(tx->db, p);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "code", "ce code de poste existe déjà dans la campagne");
  }
  if (!e) e = store_cpost_get(tx->db, x->id, p);
  if (e) return e;
  return app_audit(tx, "update", "campaign_post", x->id, cpost_to_json(&before), cpost_to_json(p));
}

plam_err campaign_post_update(struct db *db, const struct actor *a, int64_t post_id, const struct cpost_input *in,
                              json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct cpost_rec p;
  struct camp_arg x = {post_id, in, &p, NULL, fe};
  plam_err e = app_write(db, a, post_update_tx, &x, fe);
  if (!e && !(*out = cpost_to_json(&p))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- candidates ---- */

plam_err campaign_candidates(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct campaign_rec c;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_campaign_get(db, campaign_id, &c);
  struct ccand_rec *rows = NULL;
  int n = 0;
  if (!e) e = store_ccand_list(db, campaign_id, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, ccand_to_json(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

static plam_err cand_apply(struct db *db, struct ccand_rec *k, const struct ccand_input *in, int creating,
                           struct field_error *fe) {
  plam_err e;
  if (in->login) {
    if (!*in->login) {
      k->user_id = 0;
    } else {
      struct user_rec u;
      e = store_user_get_by_login(db, in->login, &u, NULL, 0);
      if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "login", "compte inconnu");
      if (e) return e;
      if (strcmp(u.role, "intern") && strcmp(u.role, "candidate"))
        return field_fail(fe, "login", "le compte doit avoir le rôle « interne » ou « candidat »");
      k->user_id = u.id;
      if (!in->name && creating) memcpy(k->name, u.display_name, sizeof k->name); /* same size: 200 characters */
    }
  }
  if (in->name) {
    if ((e = text_put("name", k->name, sizeof k->name, in->name, 200, TEXT_REQUIRED, fe))) return e;
  }
  if (creating && !k->name[0]) return field_fail(fe, "name", "ce champ est obligatoire (ou un compte : login)");
  if (creating || in->has_rank) {
    if (!in->has_rank || in->rank < 1 || in->rank > 1000000000)
      return field_fail(fe, "rank", "rang entier à partir de 1 attendu");
    k->rank = in->rank;
  }
  if (in->has_seniority) {
    if (in->seniority < 0 || in->seniority > 1000)
      return field_fail(fe, "seniority", "ancienneté entre 0 et 1000 attendue");
    k->seniority = in->seniority;
  }
  if (in->phase) {
    if ((e = check_rule("phase", in->phase, fe))) return e;
    if ((e = text_put("phase", k->phase, sizeof k->phase, in->phase, 100, 0, fe))) return e;
  }
  if (in->specialty) {
    if ((e = check_rule("specialty", in->specialty, fe))) return e;
    if ((e = text_put("specialty", k->specialty, sizeof k->specialty, in->specialty, 100, 0, fe))) return e;
  }
  if (in->cesp >= 0) k->cesp = in->cesp > 0;
  if (in->subdivision >= 0) k->subdivision = in->subdivision > 0;
  return PLAM_OK;
}

plam_err campaign_rank_holder(struct db *db, int64_t campaign_id, int64_t except_id, int64_t rank, char *name, size_t n,
                              int *taken) {
  struct ccand_rec *rows = NULL;
  int nr = 0;
  *taken = 0;
  plam_err e = store_ccand_list(db, campaign_id, &rows, &nr);
  for (int i = 0; !e && i < nr && !*taken; i++)
    if (rows[i].rank == rank && rows[i].id != except_id) {
      *taken = 1;
      if (name && n) name[0] = '\0';
      if (name && strlen(rows[i].name) < n) memcpy(name, rows[i].name, strlen(rows[i].name) + 1); /* whole, or none */
    }
  free(rows);
  return e;
}

/* Two candidates of a campaign never share a rank (the classement that
 * orders them): 409 naming the field and who holds the rank. */
static plam_err rank_free(struct db *db, const struct ccand_rec *k, struct field_error *fe) {
  char who[64], msg[200];
  int taken = 0;
  plam_err e = campaign_rank_holder(db, k->campaign_id, k->id, k->rank, who, sizeof who, &taken);
  if (e || !taken) return e;
  if (who[0])
    snprintf(msg, sizeof msg, "le rang %lld est déjà celui de « %.63s » : deux candidats n'ont jamais le même rang",
             (long long)k->rank, who);
  else
    snprintf(msg, sizeof msg,
             "le rang %lld est déjà celui d'un autre candidat : deux candidats n'ont jamais le même rang",
             (long long)k->rank);
  field_fail(fe, "rank", msg);
  return PLAM_ERR_CONFLICT;
}

static plam_err cand_create_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  struct ccand_rec *k = x->rec;
  struct campaign_rec c;
  memset(k, 0, sizeof *k);
  k->campaign_id = x->id;
  k->subdivision = 1;
  int64_t id = 0;
  plam_err e = staff_editable(tx->db, tx->a, x->id, &c, tx->fe);
  if (!e) e = cand_apply(tx->db, k, x->in, 1, tx->fe);
  if (!e) e = rank_free(tx->db, k, tx->fe);
  if (!e) {
    e = store_ccand_insert(tx->db, k, &id);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "login", "ce compte est déjà candidat dans la campagne");
  }
  if (!e) e = store_ccand_get(tx->db, id, k);
  if (e) return e;
  return app_audit(tx, "create", "campaign_candidate", id, NULL, ccand_to_json(k));
}

plam_err campaign_candidate_create(struct db *db, const struct actor *a, int64_t campaign_id,
                                   const struct ccand_input *in, json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct ccand_rec k;
  struct camp_arg x = {campaign_id, in, &k, NULL, fe};
  plam_err e = app_write(db, a, cand_create_tx, &x, fe);
  if (!e && !(*out = ccand_to_json(&k))) e = PLAM_ERR_NOMEM;
  return e;
}

static plam_err cand_update_tx(struct app_tx *tx, void *arg) {
  const struct camp_arg *x = arg;
  struct ccand_rec *k = x->rec, before;
  struct campaign_rec c;
  plam_err e = store_ccand_get(tx->db, x->id, &before);
  *k = before;
  if (!e) e = staff_editable(tx->db, tx->a, before.campaign_id, &c, tx->fe);
  if (!e) e = cand_apply(tx->db, k, x->in, 0, tx->fe);
  if (!e && ((const struct ccand_input *)x->in)->has_rank) e = rank_free(tx->db, k, tx->fe);
  if (!e) {
    e = store_ccand_update(tx->db, k);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "login", "ce compte est déjà candidat dans la campagne");
  }
  if (!e) e = store_ccand_get(tx->db, x->id, k);
  if (e) return e;
  return app_audit(tx, "update", "campaign_candidate", x->id, ccand_to_json(&before), ccand_to_json(k));
}

plam_err campaign_candidate_update(struct db *db, const struct actor *a, int64_t cand_id, const struct ccand_input *in,
                                   json_t **out, struct field_error *fe) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct ccand_rec k;
  struct camp_arg x = {cand_id, in, &k, NULL, fe};
  plam_err e = app_write(db, a, cand_update_tx, &x, fe);
  if (!e && !(*out = ccand_to_json(&k))) e = PLAM_ERR_NOMEM;
  return e;
}

/* ---- wishes ---- */

/* [{position, post_id, code, label, ...}] for a candidate's wishes. */
static plam_err wishes_json(struct db *db, int64_t cand_id, json_t **out) {
  struct cpair *w;
  int n;
  plam_err e = store_wish_list(db, cand_id, &w, &n);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; !e && arr && i < n; i++) {
    struct cpost_rec p;
    e = store_cpost_get(db, w[i].other, &p);
    if (e) break;
    json_t *j = cpost_to_json(&p);
    if (j) json_object_set_new(j, "position", json_integer(w[i].position));
    json_array_append_new(arr, j);
  }
  free(w);
  if (!e && !arr) e = PLAM_ERR_NOMEM;
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}

static json_t *wishes_doc(const struct campaign_rec *c, json_t *wishes) {
  return json_pack("{s:I, s:b, s:o}", "campaign_id", (json_int_t)c->id, "open", wishes_open(c), "wishes", wishes);
}

plam_err campaign_my_wishes(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  struct campaign_rec c;
  struct ccand_rec me;
  enum campaign_access acc;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, campaign_id, &c, &me, &acc);
  if (!e && acc != CAMPAIGN_CANDIDATE) e = PLAM_ERR_FORBIDDEN;
  json_t *w = NULL;
  if (!e) e = wishes_json(db, me.id, &w);
  store_read_end(db);
  if (e) return e;
  *out = wishes_doc(&c, w);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

struct list_arg {
  int64_t id;
  const int64_t *ids;
  int n;
  struct campaign_rec c;
  struct cpost_rec p;
  json_t *after; /* owned by the caller once the write committed */
};

static plam_err wishes_tx(struct app_tx *tx, void *arg) {
  struct list_arg *x = arg;
  struct ccand_rec me;
  enum campaign_access acc;
  json_t *before = NULL, *after = NULL;
  plam_err e = load(tx->db, tx->a, x->id, &x->c, &me, &acc);
  if (!e && acc != CAMPAIGN_CANDIDATE) e = PLAM_ERR_FORBIDDEN;
  if (!e && !wishes_open(&x->c)) e = field_fail(tx->fe, "posts", "les vœux ne sont pas ouverts pour cette campagne");
  for (int i = 0; !e && i < x->n; i++) {
    struct cpost_rec p;
    e = store_cpost_get(tx->db, x->ids[i], &p);
    if (e == PLAM_ERR_NOT_FOUND || (!e && p.campaign_id != x->id))
      e = field_fail(tx->fe, "posts", "poste inconnu dans cette campagne");
  }
  if (!e) e = wishes_json(tx->db, me.id, &before);
  if (!e) e = store_wish_replace(tx->db, me.id, x->ids, x->n);
  if (!e) e = wishes_json(tx->db, me.id, &after);
  if (!e)
    e = app_audit(tx, "wishes", "campaign", x->id,
                  json_pack("{s:I, s:O}", "candidate_id", (json_int_t)me.id, "wishes", before),
                  json_pack("{s:I, s:O}", "candidate_id", (json_int_t)me.id, "wishes", after));
  json_decref(before);
  if (e) json_decref(after);
  else x->after = after;
  return e;
}

plam_err campaign_set_my_wishes(struct db *db, const struct actor *a, int64_t campaign_id, const int64_t *posts, int n,
                                json_t **out, struct field_error *fe) {
  if (n > CAMPAIGN_MAX_LIST) return field_fail(fe, "posts", "200 vœux au plus");
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (posts[i] == posts[j]) return field_fail(fe, "posts", "un poste ne peut figurer qu'une fois dans vos vœux");
  struct list_arg x;
  memset(&x, 0, sizeof x);
  x.id = campaign_id;
  x.ids = posts;
  x.n = n;
  plam_err e = app_write(db, a, wishes_tx, &x, fe);
  if (e) {
    json_decref(x.after);
    return e;
  }
  *out = wishes_doc(&x.c, x.after);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

/* ---- rankings ---- */

static plam_err site_post(struct db *db, const struct actor *a, int64_t post_id, struct cpost_rec *p,
                          struct campaign_rec *c) {
  plam_err e = store_cpost_get(db, post_id, p);
  if (!e) e = store_campaign_get(db, p->campaign_id, c);
  if (e) return e;
  if (!is_site_role(a) || !a->org_id || a->org_id != p->org_id || !strcmp(c->status, "draft"))
    return PLAM_ERR_FORBIDDEN;
  return PLAM_OK;
}

static plam_err ranking_json(struct db *db, const struct cpost_rec *p, const struct campaign_rec *c, json_t **out) {
  struct cpair *r = NULL;
  struct ccand_rec *apps = NULL;
  int nr = 0, na = 0;
  plam_err e = store_ranking_list(db, p->id, &r, &nr);
  if (!e) e = store_cpost_applicants(db, p->id, &apps, &na);
  json_t *ranking = json_array(), *applicants = json_array();
  for (int i = 0; !e && i < nr; i++) {
    struct ccand_rec k;
    e = store_ccand_get(db, r[i].other, &k);
    if (!e)
      json_array_append_new(ranking,
                            json_pack("{s:I, s:I, s:s, s:I}", "position", (json_int_t)r[i].position, "candidate_id",
                                      (json_int_t)k.id, "name", k.name, "rank", (json_int_t)k.rank));
  }
  for (int i = 0; !e && i < na; i++)
    json_array_append_new(applicants, json_pack("{s:I, s:s, s:I}", "candidate_id", (json_int_t)apps[i].id, "name",
                                                apps[i].name, "rank", (json_int_t)apps[i].rank));
  free(r);
  free(apps);
  if (!e && (!ranking || !applicants)) e = PLAM_ERR_NOMEM;
  if (!e) {
    *out = json_pack("{s:o, s:b, s:O, s:O}", "post", cpost_to_json(p), "open",
                     wishes_open(c) && !strcmp(c->kind, "junior_doctors"), "ranking", ranking, "applicants",
                     applicants);
    if (!*out) e = PLAM_ERR_NOMEM;
  }
  json_decref(ranking);
  json_decref(applicants);
  return e;
}

plam_err campaign_ranking(struct db *db, const struct actor *a, int64_t post_id, json_t **out) {
  struct cpost_rec p;
  struct campaign_rec c;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = site_post(db, a, post_id, &p, &c);
  if (!e) e = ranking_json(db, &p, &c, out);
  store_read_end(db);
  return e;
}

static plam_err ranking_tx(struct app_tx *tx, void *arg) {
  struct list_arg *x = arg;
  json_t *before = NULL, *after = NULL;
  plam_err e = site_post(tx->db, tx->a, x->id, &x->p, &x->c);
  if (!e && strcmp(x->c.kind, "junior_doctors"))
    e = field_fail(tx->fe, "candidates", "cette campagne ne demande pas de classement aux sites (choix par rang)");
  if (!e && !wishes_open(&x->c))
    e = field_fail(tx->fe, "candidates", "les classements ne sont pas ouverts pour cette campagne");
  for (int i = 0; !e && i < x->n; i++) {
    for (int j = 0; j < i; j++)
      if (x->ids[i] == x->ids[j]) e = field_fail(tx->fe, "candidates", "un candidat ne peut figurer qu'une fois");
    struct ccand_rec k;
    if (!e) e = store_ccand_get(tx->db, x->ids[i], &k);
    if (e == PLAM_ERR_NOT_FOUND || (!e && k.campaign_id != x->p.campaign_id))
      e = field_fail(tx->fe, "candidates", "candidat inconnu dans cette campagne");
  }
  if (!e) e = ranking_json(tx->db, &x->p, &x->c, &before);
  if (!e) e = store_ranking_replace(tx->db, x->id, x->ids, x->n);
  if (!e) e = ranking_json(tx->db, &x->p, &x->c, &after);
  if (!e)
    e = app_audit(tx, "ranking", "campaign_post", x->id, json_incref(json_object_get(before, "ranking")),
                  json_incref(json_object_get(after, "ranking")));
  json_decref(before);
  if (e) json_decref(after);
  else x->after = after;
  return e;
}

plam_err campaign_set_ranking(struct db *db, const struct actor *a, int64_t post_id, const int64_t *cands, int n,
                              json_t **out, struct field_error *fe) {
  if (n > CAMPAIGN_MAX_ROWS) return field_fail(fe, "candidates", "liste trop longue");
  struct list_arg x;
  memset(&x, 0, sizeof x);
  x.id = post_id;
  x.ids = cands;
  x.n = n;
  plam_err e = app_write(db, a, ranking_tx, &x, fe);
  if (e) {
    json_decref(x.after);
    return e;
  }
  *out = x.after;
  return PLAM_OK;
}
