/* Organisation rules: see orgs.h. */
#include "app/orgs.h"
#include <ctype.h>
#include <string.h>
#include "base/jsonw.h"
#include "base/utf8.h"
#include "db/db.h"

const struct org_kind org_kinds[] = {
  {"ars", "Agence régionale de santé"}, {"region", "Conseil régional"}, {"prefecture", "Préfecture"},
  {"dreets", "DREETS"}, {"ddets", "DDETS"}, {"rectorat", "Rectorat / région académique"},
  {"france_travail", "France Travail"}, {"opco", "OPCO / fonds de formation"}, {"federation", "Fédération"},
  {"establishment", "Établissement sanitaire, social ou médico-social"},
  {"training_institute", "Institut de formation"}, {"university", "Université / UFR santé"},
  {"local_authority", "Collectivité territoriale"}, {"order", "Ordre professionnel / URPS"},
  {"association", "Association"}, {"other", "Autre"},
};
const int org_kinds_count = (int)(sizeof org_kinds / sizeof org_kinds[0]);

const char *orgs_kind_label(const char *code) {
  for (int i = 0; i < org_kinds_count; i++)
    if (!strcmp(org_kinds[i].code, code)) return org_kinds[i].label;
  return NULL;
}

json_t *orgs_to_json(const struct org_rec *o) {
  const char *label = orgs_kind_label(o->kind);
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id, "name", o->name, "kind", o->kind,
                        "kind_label", label ? label : o->kind, "created_at", o->created_at, "updated_at", o->updated_at);
  if (!j) return NULL;
  json_object_set_new(j, "finess", o->finess[0] ? json_string(o->finess) : json_null());
  json_object_set_new(j, "siret", o->siret[0] ? json_string(o->siret) : json_null());
  json_object_set_new(j, "territory_id", o->territory_id[0] ? json_string(o->territory_id) : json_null());
  json_object_set_new(j, "territory_name", o->territory_id[0] ? json_string(o->territory_name) : json_null());
  return j;
}

void orgs_write_json(struct jsonw *w, const struct org_rec *o) {
  const char *label = orgs_kind_label(o->kind);
  int t = o->territory_id[0] != '\0';
  jsonw_object(w);
  jsonw_key(w, "id");
  jsonw_int(w, o->id);
  jsonw_key(w, "name");
  jsonw_str(w, o->name);
  jsonw_key(w, "kind");
  jsonw_str(w, o->kind);
  jsonw_key(w, "kind_label");
  jsonw_str(w, label ? label : o->kind);
  jsonw_key(w, "created_at");
  jsonw_str(w, o->created_at);
  jsonw_key(w, "updated_at");
  jsonw_str(w, o->updated_at);
  jsonw_key(w, "finess");
  jsonw_str(w, o->finess[0] ? o->finess : NULL);
  jsonw_key(w, "siret");
  jsonw_str(w, o->siret[0] ? o->siret : NULL);
  jsonw_key(w, "territory_id");
  jsonw_str(w, t ? o->territory_id : NULL);
  jsonw_key(w, "territory_name");
  jsonw_str(w, t ? o->territory_name : NULL);
  jsonw_end(w);
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

/* Copies a field if given; refuses values longer than the record holds. */
static plam_err orgs_take(char *dst, size_t n, const char *src, const char *field, struct field_error *fe) {
  if (!src) return PLAM_OK;
  if (strlen(src) >= n) return field_fail(fe, field, "valeur trop longue");
  store_copy(dst, n, src);
  return PLAM_OK;
}

static plam_err orgs_apply(struct org_rec *o, const struct org_input *in, struct field_error *fe) {
  plam_err e = orgs_take(o->name, sizeof o->name, in->name, "name", fe);
  if (!e) e = orgs_take(o->kind, sizeof o->kind, in->kind, "kind", fe);
  if (!e) e = orgs_take(o->finess, sizeof o->finess, in->finess, "finess", fe);
  if (!e) e = orgs_take(o->siret, sizeof o->siret, in->siret, "siret", fe);
  if (!e) e = orgs_take(o->territory_id, sizeof o->territory_id, in->territory_id, "territory_id", fe);
  return e;
}

plam_err orgs_check_input(const struct org_input *in, struct org_rec *o, struct field_error *fe) {
  plam_err e = orgs_apply(o, in, fe);
  return e ? e : orgs_check_fields(o, fe);
}

plam_err orgs_create(struct db *db, const struct actor *a, const struct org_input *in, struct org_rec *out,
                     struct field_error *fe) {
  struct org_rec o;
  memset(&o, 0, sizeof o);
  plam_err e = orgs_apply(&o, in, fe);
  if (e) return e;
  e = db_write_begin(db);
  if (e) return e;
  e = orgs_validate(db, &o, fe);
  int64_t id = 0;
  if (!e) {
    e = store_org_insert(db, &o, &id);
    if (e == PLAM_ERR_CONFLICT) field_fail(fe, "name", "une organisation porte déjà ce nom ou ce numéro FINESS");
  }
  if (!e) e = store_org_get(db, id, out);
  if (!e) {
    json_t *after = orgs_to_json(out);
    e = after ? audit_write(db, a, "create", "organisation", id, NULL, after) : PLAM_ERR_NOMEM;
    json_decref(after);
  }
  return db_write_end(db, e);
}

plam_err orgs_update(struct db *db, const struct actor *a, int64_t id, const struct org_input *in,
                     struct org_rec *out, struct field_error *fe) {
  if (!roles_allows(a->role, "org.write") && !(roles_allows(a->role, "org.write_own") && a->org_id == id))
    return PLAM_ERR_FORBIDDEN;
  plam_err e = db_write_begin(db);
  if (e) return e;
  struct org_rec before, o;
  e = store_org_get(db, id, &before);
  if (!e) {
    o = before;
    e = orgs_apply(&o, in, fe);
  }
  if (!e) e = orgs_validate(db, &o, fe);
  if (!e) {
    e = store_org_update(db, &o);
    if (e == PLAM_ERR_CONFLICT) field_fail(fe, "name", "une organisation porte déjà ce nom ou ce numéro FINESS");
  }
  if (!e) e = store_org_get(db, id, out);
  if (!e) {
    json_t *jb = orgs_to_json(&before), *ja = orgs_to_json(out);
    e = jb && ja ? audit_write(db, a, "update", "organisation", id, jb, ja) : PLAM_ERR_NOMEM;
    json_decref(jb);
    json_decref(ja);
  }
  return db_write_end(db, e);
}
