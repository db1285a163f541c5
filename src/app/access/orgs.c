/* Organisation rules: see orgs.h. */
#include "app/access/orgs.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "base/jsonw.h"
#include "base/utf8.h"

const struct org_kind org_kinds[] = {
  {"ars", "Agence régionale de santé"},
  {"region", "Conseil régional"},
  {"prefecture", "Préfecture"},
  {"dreets", "DREETS"},
  {"ddets", "DDETS"},
  {"rectorat", "Rectorat / région académique"},
  {"france_travail", "France Travail"},
  {"opco", "OPCO / fonds de formation"},
  {"federation", "Fédération"},
  {"establishment", "Établissement sanitaire, social ou médico-social"},
  {"training_institute", "Institut de formation"},
  {"university", "Université / UFR santé"},
  {"local_authority", "Collectivité territoriale"},
  {"order", "Ordre professionnel / URPS"},
  {"association", "Association"},
  {"other", "Autre"},
};
const int org_kinds_count = (int)(sizeof org_kinds / sizeof org_kinds[0]);
const char *const orgs_kind_codes[] = {"ars",
                                       "region",
                                       "prefecture",
                                       "dreets",
                                       "ddets",
                                       "rectorat",
                                       "france_travail",
                                       "opco",
                                       "federation",
                                       "establishment",
                                       "training_institute",
                                       "university",
                                       "local_authority",
                                       "order",
                                       "association",
                                       "other",
                                       NULL};

const char *orgs_kind_label(const char *code) {
  for (int i = 0; i < org_kinds_count; i++)
    if (!strcmp(org_kinds[i].code, code)) return org_kinds[i].label;
  return NULL;
}

json_t *orgs_to_json(const struct org_rec *o) {
  const char *label = orgs_kind_label(o->kind);
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id, "name", o->name, "kind", o->kind,
                        "kind_label", label ? label : o->kind, "created_at", o->created_at, "updated_at",
                        o->updated_at);
  if (!j) return NULL;
  json_object_set_new(j, "finess", o->finess[0] ? json_string(o->finess) : json_null());
  json_object_set_new(j, "siret", o->siret[0] ? json_string(o->siret) : json_null());
  json_object_set_new(j, "territory_id", o->territory_id[0] ? json_string(o->territory_id) : json_null());
  json_object_set_new(j, "territory_name", o->territory_id[0] ? json_string(o->territory_name) : json_null());
  return j;
}

/* One writer for the record (orgs_write_json) and the streamed row
 * (orgs_row_write_json): the same keys, in orgs_to_json's order. */
struct org_view {
  int64_t id;
  const char *name, *kind, *finess, *siret, *territory_id, *territory_name, *created_at, *updated_at;
};

static void org_view_write(struct jsonw *w, const struct org_view *o) {
  const char *label = orgs_kind_label(o->kind);
  int t = o->territory_id[0] != '\0';
  jsonw_object(w);
  jsonw_key_lit(w, "id");
  jsonw_int(w, o->id);
  jsonw_key_lit(w, "name");
  jsonw_str(w, o->name);
  jsonw_key_lit(w, "kind");
  jsonw_str(w, o->kind);
  jsonw_key_lit(w, "kind_label");
  jsonw_str(w, label ? label : o->kind);
  jsonw_key_lit(w, "created_at");
  jsonw_str(w, o->created_at);
  jsonw_key_lit(w, "updated_at");
  jsonw_str(w, o->updated_at);
  jsonw_key_lit(w, "finess");
  jsonw_str(w, o->finess[0] ? o->finess : NULL);
  jsonw_key_lit(w, "siret");
  jsonw_str(w, o->siret[0] ? o->siret : NULL);
  jsonw_key_lit(w, "territory_id");
  jsonw_str(w, t ? o->territory_id : NULL);
  jsonw_key_lit(w, "territory_name");
  jsonw_str(w, t ? o->territory_name : NULL);
  jsonw_end(w);
}

void orgs_write_json(struct jsonw *w, const struct org_rec *o) {
  struct org_view v = {o->id,           o->name,           o->kind,       o->finess,    o->siret,
                       o->territory_id, o->territory_name, o->created_at, o->updated_at};
  org_view_write(w, &v);
}

void orgs_row_write_json(struct jsonw *w, const struct store_row *r) {
  struct org_view v = {store_row_int(r, ORG_ID),
                       store_row_text(r, ORG_NAME),
                       store_row_text(r, ORG_KIND),
                       store_row_text(r, ORG_FINESS),
                       store_row_text(r, ORG_SIRET),
                       store_row_text(r, ORG_TERRITORY_ID),
                       store_row_text(r, ORG_TERRITORY_NAME),
                       store_row_text(r, ORG_CREATED_AT),
                       store_row_text(r, ORG_UPDATED_AT)};
  org_view_write(w, &v);
}

json_t *orgs_row_to_json(const struct store_row *r) {
  struct org_rec o;
  store_org_row_read(r, &o);
  return orgs_to_json(&o);
}

int orgs_siret_valid(const char *s) {
  if (!s || strlen(s) != 14) return 0;
  int sum = 0;
  for (int i = 0; i < 14; i++) {
    if (!isdigit((unsigned char)s[i])) return 0;
    int d = s[i] - '0';
    if (i % 2 == 0) { /* from the left, every other digit starting with the first is doubled (14 digits) */
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

int orgs_finess_valid(const char *s) {
  if (!s || strlen(s) != 9) return 0;
  for (int i = 0; i < 9; i++) {
    unsigned char c = (unsigned char)s[i];
    if (i == 1 && (c == 'A' || c == 'B') && s[0] == '2') continue; /* Corse: 2A, 2B */
    if (!isdigit(c)) return 0;
  }
  return 1;
}

static plam_err orgs_check_fields(const struct org_rec *o, struct field_error *fe) {
  size_t n = strlen(o->name);
  if (n == 0) return field_fail(fe, "name", "le nom est obligatoire");
  if (utf8_count(o->name) > 200) return field_fail(fe, "name", "le nom est trop long (200 caractères au plus)");
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)o->name[i] < 0x20) return field_fail(fe, "name", "caractère de contrôle interdit");
  if (!orgs_kind_label(o->kind)) return field_fail(fe, "kind", "type d'organisation inconnu");
  if (o->finess[0] && !orgs_finess_valid(o->finess))
    return field_fail(fe, "finess", "numéro FINESS invalide (9 caractères)");
  if (o->siret[0] && !orgs_siret_valid(o->siret))
    return field_fail(fe, "siret", "numéro SIRET invalide (14 chiffres, clé de contrôle)");
  return PLAM_OK;
}

static plam_err orgs_validate(struct db *db, const struct org_rec *o, struct field_error *fe) {
  plam_err e = orgs_check_fields(o, fe);
  if (e) return e;
  if (o->territory_id[0]) {
    struct territory_rec t;
    e = store_territory_get(db, o->territory_id, &t);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "territory_id", "territoire inconnu (ex. : REG-52, DEP-44)");
    if (e) return e;
  }
  return PLAM_OK;
}

/* Copies the given fields whole; refuses, never cuts, values past their
 * limits; the kind is checked as given before it is copied. */
static plam_err orgs_apply(struct org_rec *o, const struct org_input *in, struct field_error *fe) {
  plam_err e = in->name ? text_put("name", o->name, sizeof o->name, in->name, 200, TEXT_REQUIRED, fe) : PLAM_OK;
  if (!e && in->kind) e = text_enum("kind", in->kind, orgs_kind_codes, 1, fe);
  if (!e && in->kind)
    e = text_put("kind", o->kind, sizeof o->kind, in->kind, sizeof o->kind - 1, TEXT_REQUIRED | TEXT_ASCII, fe);
  if (!e && in->finess) e = text_put("finess", o->finess, sizeof o->finess, in->finess, 9, TEXT_ASCII, fe);
  if (!e && in->siret) e = text_put("siret", o->siret, sizeof o->siret, in->siret, 14, TEXT_ASCII, fe);
  if (!e && in->territory_id)
    e = text_put("territory_id", o->territory_id, sizeof o->territory_id, in->territory_id, 11, TEXT_ASCII, fe);
  return e;
}

plam_err orgs_check_input(const struct org_input *in, struct org_rec *o, struct field_error *fe) {
  plam_err e = orgs_apply(o, in, fe);
  return e ? e : orgs_check_fields(o, fe);
}

struct orgs_arg {
  int64_t id;
  const struct org_input *in;
  struct org_rec *o, *out;
};

static plam_err orgs_create_tx(struct app_tx *tx, void *arg) {
  const struct orgs_arg *x = arg;
  plam_err e = orgs_validate(tx->db, x->o, tx->fe);
  int64_t id = 0;
  if (!e) {
    e = store_org_insert(tx->db, x->o, &id);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "name", "une organisation porte déjà ce nom ou ce numéro FINESS");
  }
  if (!e) e = store_org_get(tx->db, id, x->out);
  if (e) return e;
  return app_audit(tx, "create", "organisation", id, NULL, orgs_to_json(x->out));
}

plam_err orgs_create(struct db *db, const struct actor *a, const struct org_input *in, struct org_rec *out,
                     struct field_error *fe) {
  struct org_rec o;
  memset(&o, 0, sizeof o);
  plam_err e = orgs_apply(&o, in, fe);
  if (e) return e;
  struct orgs_arg x = {0, in, &o, out};
  return app_write(db, a, orgs_create_tx, &x, fe);
}

static plam_err orgs_update_tx(struct app_tx *tx, void *arg) {
  const struct orgs_arg *x = arg;
  struct org_rec before, o;
  plam_err e = store_org_get(tx->db, x->id, &before);
  if (!e) {
    o = before;
    e = orgs_apply(&o, x->in, tx->fe);
  }
  if (!e) e = orgs_validate(tx->db, &o, tx->fe);
  if (!e) {
    e = store_org_update(tx->db, &o);
    if (e == PLAM_ERR_CONFLICT) field_fail(tx->fe, "name", "une organisation porte déjà ce nom ou ce numéro FINESS");
  }
  if (!e) e = store_org_get(tx->db, x->id, x->out);
  if (e) return e;
  return app_audit(tx, "update", "organisation", x->id, orgs_to_json(&before), orgs_to_json(x->out));
}

plam_err orgs_update(struct db *db, const struct actor *a, int64_t id, const struct org_input *in, struct org_rec *out,
                     struct field_error *fe) {
  if (!roles_allows(a->role, "org.write") && !(roles_allows(a->role, "org.write_own") && a->org_id == id))
    return PLAM_ERR_FORBIDDEN;
  struct orgs_arg x = {id, in, NULL, out};
  return app_write(db, a, orgs_update_tx, &x, fe);
}

plam_err orgs_get(struct db *db, int64_t id, struct org_rec *out) { return store_org_get(db, id, out); }

plam_err orgs_list(struct db *db, const char *q, const char *kind, struct list_page *page, store_row_fn fn, void *ctx) {
  /* count and page from one snapshot (and one read transaction, not two) */
  plam_err e = db_read_begin(db);
  if (e) return e;
  e = store_org_each(db, q, kind, page, fn, ctx);
  db_read_end(db);
  return e;
}

plam_err orgs_territories(struct db *db, const char *level, const char *parent, store_row_fn fn, void *ctx) {
  return store_territory_each(db, level, parent, fn, ctx);
}

json_t *orgs_territory_to_json(const struct territory_rec *t) {
  json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", t->id, "code", t->insee_code, "name", t->name, "level", t->level);
  if (o) json_object_set_new(o, "parent", t->parent[0] ? json_string(t->parent) : json_null());
  return o;
}

json_t *orgs_territory_row_to_json(const struct store_row *r) {
  struct territory_rec t;
  store_territory_row_read(r, &t);
  return orgs_territory_to_json(&t);
}

void orgs_territory_row_write_json(struct jsonw *w, const struct store_row *r) {
  const char *parent = store_row_text(r, TERRITORY_PARENT);
  jsonw_object(w);
  jsonw_key_lit(w, "id");
  jsonw_str(w, store_row_text(r, TERRITORY_ID));
  jsonw_key_lit(w, "code");
  jsonw_str(w, store_row_text(r, TERRITORY_CODE));
  jsonw_key_lit(w, "name");
  jsonw_str(w, store_row_text(r, TERRITORY_NAME));
  jsonw_key_lit(w, "level");
  jsonw_str(w, store_row_text(r, TERRITORY_LEVEL));
  jsonw_key_lit(w, "parent");
  jsonw_str(w, parent[0] ? parent : NULL);
  jsonw_end(w);
}
