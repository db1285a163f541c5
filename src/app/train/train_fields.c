/* Field tables of the training writes and the generic fill: see
 * train_int.h. The JSON names are the record columns (store_train.h) and
 * the route specs (api/train_api.c) use the same limits and lists. */
#include <stddef.h>
#include <string.h>
#include "app/access/text.h"
#include "app/train/train_int.h"
#include "base/date.h"

#define T(S, F, max, fl) \
  { #F, TF_TEXT, offsetof(struct S, F), sizeof(((struct S *)0)->F), max, 0, 0, NULL, fl, NULL }
#define E(S, F, list, fl, def) \
  { #F, TF_ENUM, offsetof(struct S, F), sizeof(((struct S *)0)->F), 32, 0, 0, list, fl, def }
#define D(S, F, fl) \
  { #F, TF_DATE, offsetof(struct S, F), sizeof(((struct S *)0)->F), 10, 0, 0, NULL, fl, NULL }
#define I(S, F, lo, hi, fl) \
  { #F, TF_INT, offsetof(struct S, F), sizeof(int64_t), 0, lo, hi, NULL, fl, NULL }
#define O(S, F, lo, hi) \
  { #F, TF_OPT_INT, offsetof(struct S, F), sizeof(struct opt_i64), 0, lo, hi, NULL, 0, NULL }
#define R(S, F, fl) \
  { #F, TF_ID, offsetof(struct S, F), sizeof(int64_t), 0, 1, 9007199254740991LL, NULL, fl, NULL }
#define B(S, F) \
  { #F, TF_BOOL, offsetof(struct S, F), sizeof(int), 0, 0, 1, NULL, 0, NULL }
#define END \
  { NULL, 0, 0, 0, 0, 0, 0, NULL, 0, NULL }

static const struct train_field inst_f[] = {T(train_institute_rec, name, TRAIN_NAME_MAX, TF_REQ),
                                            E(train_institute_rec, kind, train_institute_kinds, TF_REQ, NULL),
                                            T(train_institute_rec, uai, 8, TF_ASCII),
                                            R(train_institute_rec, establishment_id, 0),
                                            T(train_institute_rec, departement, 11, TF_REQ | TF_ASCII),
                                            R(train_institute_rec, org_id, 0),
                                            END};
static const struct train_field cap_f[] = {R(train_capacity_rec, institute_id, TF_REQ),
                                           E(train_capacity_rec, programme, train_programme_codes, TF_REQ, NULL),
                                           I(train_capacity_rec, year, 2000, 2100, TF_REQ),
                                           E(train_capacity_rec, route, train_routes, TF_REQ, "school"),
                                           I(train_capacity_rec, places, 0, 100000, TF_REQ),
                                           I(train_capacity_rec, increase, -100000, 100000, 0),
                                           O(train_capacity_rec, filled, 0, 100000),
                                           T(train_capacity_rec, note, TRAIN_NOTE_MAX, TF_LINES),
                                           T(train_capacity_rec, source, TRAIN_SOURCE_MAX, 0),
                                           END};
static const struct train_field target_f[] = {E(train_target_rec, kind, train_target_kinds, TF_REQ, NULL),
                                              E(train_target_rec, programme, train_programme_codes, TF_REQ, NULL),
                                              T(train_target_rec, territory_id, 11, TF_REQ | TF_ASCII),
                                              I(train_target_rec, year, 2000, 2100, TF_REQ),
                                              E(train_target_rec, route, train_target_routes, TF_REQ, "all"),
                                              I(train_target_rec, places, 0, 100000, TF_REQ),
                                              T(train_target_rec, note, TRAIN_NOTE_MAX, TF_LINES),
                                              T(train_target_rec, source, TRAIN_SOURCE_MAX, 0),
                                              END};
static const struct train_field session_f[] = {T(train_session_rec, title, TRAIN_NAME_MAX, TF_REQ),
                                               I(train_session_rec, hours, 1, 3000, TF_REQ),
                                               E(train_session_rec, audience, train_audiences, TF_REQ, "job_seekers"),
                                               T(train_session_rec, departement, 11, TF_REQ | TF_ASCII),
                                               R(train_session_rec, institute_id, 0),
                                               T(train_session_rec, organiser, TRAIN_NAME_MAX, 0),
                                               D(train_session_rec, starts_on, TF_REQ),
                                               D(train_session_rec, ends_on, 0),
                                               I(train_session_rec, places, 0, 100000, TF_REQ),
                                               I(train_session_rec, enrolled, 0, 100000, 0),
                                               T(train_session_rec, source, TRAIN_SOURCE_MAX, 0),
                                               END};
static const struct train_field appr_f[] = {
  T(train_apprentice_rec, apprentice_name, TRAIN_NAME_MAX, TF_REQ),
  E(train_apprentice_rec, programme, train_programme_codes, TF_REQ, NULL),
  R(train_apprentice_rec, institute_id, TF_REQ),
  R(train_apprentice_rec, employer_id, 0),
  T(train_apprentice_rec, employer_name, TRAIN_NAME_MAX, TF_REQ),
  T(train_apprentice_rec, master_name, TRAIN_NAME_MAX, TF_REQ),
  D(train_apprentice_rec, starts_on, TF_REQ),
  D(train_apprentice_rec, ends_on, TF_REQ),
  O(train_apprentice_rec, master_aid_cents, 0, 100000000),
  E(train_apprentice_rec, status, train_apprentice_statuses, TF_REQ, "active"),
  D(train_apprentice_rec, diploma_on, 0),
  E(train_apprentice_rec, employment, train_employments, TF_REQ, "unknown"),
  END};
static const struct train_field note_f[] = {D(train_note_rec, noted_on, TF_REQ),
                                            T(train_note_rec, text, TRAIN_LONG_MAX, TF_REQ | TF_LINES), END};
static const struct train_field action_f[] = {E(train_action_rec, kind, train_action_kinds, TF_REQ, NULL),
                                              T(train_action_rec, title, TRAIN_NAME_MAX, TF_REQ),
                                              R(train_action_rec, institute_id, 0),
                                              T(train_action_rec, territory_id, 11, TF_ASCII),
                                              E(train_action_rec, status, train_action_statuses, TF_REQ, "planned"),
                                              D(train_action_rec, starts_on, 0),
                                              D(train_action_rec, ends_on, 0),
                                              O(train_action_rec, participants, 0, 1000000),
                                              T(train_action_rec, results, TRAIN_LONG_MAX, TF_LINES),
                                              T(train_action_rec, source, TRAIN_SOURCE_MAX, 0),
                                              END};
static const struct train_field link_f[] = {
  R(train_link_rec, indicator_id, TF_REQ), E(train_link_rec, metric, train_metrics, TF_REQ, NULL),
  E(train_link_rec, programme, train_programme_codes, 0, NULL), E(train_link_rec, route, train_routes, 0, NULL), END};

/* a hand correction of one dropout line (create: the import only) */
static const struct train_field drop_f[] = {R(train_dropout_rec, cohort_id, 0),
                                            E(train_dropout_rec, cause, train_causes, TF_REQ, NULL),
                                            B(train_dropout_rec, internship),
                                            R(train_dropout_rec, site_id, 0),
                                            I(train_dropout_rec, dropouts, 0, 100000, TF_REQ),
                                            T(train_dropout_rec, note, TRAIN_NOTE_MAX, TF_LINES),
                                            END};

const struct train_field *const train_fields[TRAIN__ENTITIES] = {
  [TRAIN_INSTITUTE] = inst_f,  [TRAIN_CAPACITY] = cap_f,    [TRAIN_TARGET] = target_f,
  [TRAIN_SESSION] = session_f, [TRAIN_APPRENTICE] = appr_f, [TRAIN_NOTE] = note_f,
  [TRAIN_ACTION] = action_f,   [TRAIN_LINK] = link_f,       [TRAIN_DROPOUT] = drop_f,
};
const char *const train_entity_names[TRAIN__ENTITIES] = {
  "train_institute", "train_capacity",          "train_target", "train_session", "train_apprentice",
  "train_note",      "train_prevention_action", "train_link",   "train_dropouts"};

static int is_required(const struct train_field *f, const char *base) {
  const void *p = base + f->off;
  switch (f->kind) {
  case TF_TEXT:
  case TF_ENUM:
  case TF_DATE: return *(const char *)p != '\0';
  case TF_ID: return *(const int64_t *)p != 0;
  default: return 1;
  }
}

static plam_err fill_one(const struct train_field *f, char *base, json_t *v, struct field_error *fe) {
  void *p = base + f->off;
  if (json_is_null(v)) {
    if (f->flags & TF_REQ && f->kind == TF_INT) return field_fail(fe, f->name, "valeur obligatoire");
    if (f->kind == TF_TEXT || f->kind == TF_ENUM || f->kind == TF_DATE) *(char *)p = '\0';
    else if (f->kind == TF_OPT_INT) ((struct opt_i64 *)p)->has = 0;
    else if (f->kind == TF_BOOL) return field_fail(fe, f->name, "vrai ou faux attendu");
    else *(int64_t *)p = 0;
    return PLAM_OK;
  }
  switch (f->kind) {
  case TF_TEXT:
  case TF_ENUM:
  case TF_DATE: {
    if (!json_is_string(v)) return field_fail(fe, f->name, "texte attendu");
    const char *s = json_string_value(v);
    if (f->kind == TF_ENUM && *s && !text_in(s, f->values)) return text_enum(f->name, s, f->values, 0, fe);
    if (f->kind == TF_DATE && *s && !date_iso_valid(s))
      return field_fail(fe, f->name, "date invalide (attendu : AAAA-MM-JJ)");
    int fl = (f->flags & TF_LINES ? TEXT_LINES : 0) | (f->flags & TF_ASCII || f->kind != TF_TEXT ? TEXT_ASCII : 0);
    return text_put(f->name, p, f->size, s, f->kind == TF_TEXT ? (size_t)f->max : f->size - 1, fl, fe);
  }
  case TF_BOOL:
    if (!json_is_boolean(v)) return field_fail(fe, f->name, "vrai ou faux attendu");
    *(int *)p = json_is_true(v);
    return PLAM_OK;
  case TF_INT:
  case TF_OPT_INT:
  case TF_ID: {
    if (!json_is_integer(v)) return field_fail(fe, f->name, "nombre entier attendu");
    json_int_t n = json_integer_value(v);
    if (n < f->lo || n > f->hi) {
      char msg[120];
      snprintf(msg, sizeof msg, "hors limites (de %lld à %lld)", f->lo, f->hi);
      return field_fail(fe, f->name, msg);
    }
    if (f->kind == TF_OPT_INT) *(struct opt_i64 *)p = (struct opt_i64){1, n};
    else *(int64_t *)p = n;
    return PLAM_OK;
  }
  }
  return PLAM_ERR_INTERNAL;
}

plam_err train_fill(enum train_entity e, void *rec, json_t *in, int create, struct field_error *fe) {
  const struct train_field *fs = train_fields[e];
  if (!fs) return PLAM_ERR_INTERNAL;
  char *base = rec;
  if (in && !json_is_object(in)) return field_fail(fe, "body", "objet JSON attendu");
  const char *key;
  json_t *v;
  json_object_foreach(in, key, v) {
    int known = 0;
    for (const struct train_field *f = fs; f->name && !known; f++) known = !strcmp(f->name, key);
    if (!known) return field_fail(fe, key, "champ inconnu");
  }
  for (const struct train_field *f = fs; f->name; f++) {
    v = in ? json_object_get(in, f->name) : NULL;
    if (!v) {
      if (create && f->kind == TF_ENUM && f->def) snprintf(base + f->off, f->size, "%s", f->def);
      if (create && f->kind == TF_INT && f->flags & TF_REQ) return field_fail(fe, f->name, "valeur obligatoire");
      continue;
    }
    plam_err err = fill_one(f, base, v, fe);
    if (err) return err;
  }
  for (const struct train_field *f = fs; f->name; f++)
    if (f->flags & TF_REQ && !is_required(f, base)) return field_fail(fe, f->name, "valeur obligatoire");
  return PLAM_OK;
}
