/* Writes of the training module: train_save (create or update any entity
 * from its field table, then the entity's rules, then the row, its audit
 * entry and the measurements it changes, in one write bracket) and
 * train_delete (links). Who may act: plam staff on everything; an institute
 * account on the rows of the institutes its organisation manages (their
 * capacities, sessions, apprentices and notes, prevention actions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/intern/intern.h"
#include "app/plan/plan.h"
#include "app/train/train_int.h"
#include "store/store.h"

int train_is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

int64_t train_org_scope(const struct actor *a) {
  if (train_is_staff(a)) return 0;
  return a->org_id ? a->org_id : -1; /* -1: matches nothing */
}

plam_err train_institute_access(struct db *db, const struct actor *a, int64_t institute_id,
                                struct train_institute_rec *out) {
  struct train_institute_rec tmp, *r = out ? out : &tmp;
  plam_err e = store_train_get(db, TRAIN_INSTITUTE, institute_id, r);
  if (e) return e;
  if (train_is_staff(a)) return PLAM_OK;
  if (a->role == ROLE_INSTITUTE && a->org_id && r->org_id == a->org_id) return PLAM_OK;
  return PLAM_ERR_FORBIDDEN;
}

/* The institute a field names: exists (else the field is refused) and may
 * be acted for by a. */
static plam_err institute_field(struct db *db, const struct actor *a, const char *field, int64_t id,
                                struct field_error *fe) {
  plam_err e = train_institute_access(db, a, id, NULL);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, field, "institut inconnu");
  return e;
}

static plam_err territory_field(struct db *db, const char *field, const char *id, int dep_only,
                                struct field_error *fe) {
  struct territory_rec t;
  plam_err e = store_territory_get(db, id, &t);
  if (e == PLAM_ERR_NOT_FOUND || (!e && strcmp(t.level, "departement") && (dep_only || strcmp(t.level, "region"))))
    return field_fail(fe, field, dep_only ? "département inconnu (attendu : DEP-xx)" : "territoire inconnu");
  return e;
}

static plam_err dates_order(const char *from, const char *to, const char *field, struct field_error *fe) {
  if (*from && *to && strcmp(to, from) < 0) return field_fail(fe, field, "date antérieure à la date de début");
  return PLAM_OK;
}

/* A metric is a count or a rate; the indicator must be of the same kind. */
static int metric_is_rate(const char *m) {
  return !strcmp(m, "capacity_fill") || !strcmp(m, "session_fill") || !strcmp(m, "dropout_rate");
}

/* A hand correction of a dropout line (train_save with an id; lines are
 * created by the import): the line's institute (its cohort's) may be acted
 * for by a, and so may the cohort it is moved to; a line without cohort
 * (carried over from a site) is staff's and may be given a cohort, never
 * lose it; a site implies an internship was involved; the cohort keeps no
 * more dropouts than enrolled and no two lines of one cause, flag and site. */
static plam_err dropout_rules(struct app_tx *tx, struct train_dropout_rec *r, const struct train_dropout_rec *b) {
  struct db *db = tx->db;
  struct field_error *fe = tx->fe;
  plam_err e = PLAM_OK;
  if (!b) return PLAM_ERR_INTERNAL;
  if (b->cohort_id) {
    if ((e = train_institute_access(db, tx->a, b->institute_id, NULL))) return e;
    if (!r->cohort_id) return field_fail(fe, "cohort_id", "valeur obligatoire : la promotion de cette ligne");
  } else if (!train_is_staff(tx->a)) return PLAM_ERR_FORBIDDEN;
  int64_t inst = 0, year = 0, enrolled = 0;
  if (r->cohort_id) {
    e = store_train_cohort_get(db, r->cohort_id, &inst, &year, &enrolled);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "cohort_id", "promotion inconnue");
    if (e) return e;
    if ((e = institute_field(db, tx->a, "cohort_id", inst, fe))) return e;
    r->line_year.has = 0; /* the year is the cohort's */
  }
  if (r->site_id) {
    int yes = 0;
    if ((e = store_train_site_exists(db, r->site_id, &yes))) return e;
    if (!yes) return field_fail(fe, "site_id", "terrain de stage inconnu");
    if (!r->internship)
      return field_fail(fe, "internship", "une rupture rattachée à un terrain de stage est liée à un stage");
  }
  if (r->cohort_id) {
    int64_t others = 0;
    int dup = 0;
    if ((e = store_train_cohort_lines(db, r->cohort_id, r->id, r->cause, r->internship, r->site_id, &others, &dup)))
      return e;
    if (dup)
      return field_fail(fe, "cause", "la promotion a déjà une ligne pour cette cause, ce lien au stage et ce terrain");
    if (others + r->dropouts > enrolled) {
      char msg[160];
      snprintf(msg, sizeof msg, "plus de ruptures (%lld) que d'inscrits (%lld) dans cette promotion",
               (long long)(others + r->dropouts), (long long)enrolled);
      return field_fail(fe, "dropouts", msg);
    }
  }
  return PLAM_OK;
}

/* The rules of each entity, on the record as it would be written (before:
 * the row as it was, NULL on create). */
static plam_err rules(struct app_tx *tx, enum train_entity ent, void *rec, const void *before) {
  struct db *db = tx->db;
  const struct actor *a = tx->a;
  struct field_error *fe = tx->fe;
  plam_err e = PLAM_OK;
  switch (ent) {
  case TRAIN_INSTITUTE: {
    struct train_institute_rec *r = rec;
    if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
    if (*r->uai && !train_uai_valid(r->uai))
      return field_fail(fe, "uai", "code UAI invalide : 7 chiffres puis la lettre clé (ex. 0490001K)");
    if (r->establishment_id) {
      int yes = 0;
      if ((e = store_train_establishment_exists(db, r->establishment_id, &yes))) return e;
      if (!yes) return field_fail(fe, "establishment_id", "établissement inconnu");
    }
    if ((e = territory_field(db, "departement", r->departement, 1, fe))) return e;
    if (r->org_id) {
      struct org_rec o;
      e = store_org_get(db, r->org_id, &o);
      if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "org_id", "organisation inconnue");
    }
    return e;
  }
  case TRAIN_CAPACITY: {
    struct train_capacity_rec *r = rec;
    if (before &&
        (e = institute_field(db, a, "institute_id", ((const struct train_capacity_rec *)before)->institute_id, fe)))
      return e;
    if ((e = institute_field(db, a, "institute_id", r->institute_id, fe))) return e;
    if (r->filled.has && r->filled.v > r->places)
      return field_fail(fe, "filled", "plus d'entrants que de places : corrigez les places ou les entrants");
    if (r->increase > r->places) return field_fail(fe, "increase", "l'augmentation dépasse le nombre de places");
    return PLAM_OK;
  }
  case TRAIN_TARGET: {
    struct train_target_rec *r = rec;
    if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
    return territory_field(db, "territory_id", r->territory_id, 0, fe);
  }
  case TRAIN_SESSION: {
    struct train_session_rec *r = rec;
    const struct train_session_rec *b = before;
    if (b && b->institute_id && (e = institute_field(db, a, "institute_id", b->institute_id, fe))) return e;
    if (b && !b->institute_id && !train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
    if (r->institute_id) {
      if ((e = institute_field(db, a, "institute_id", r->institute_id, fe))) return e;
    } else if (!train_is_staff(a))
      return field_fail(fe, "institute_id", "valeur obligatoire : l'institut qui organise la session");
    if ((e = territory_field(db, "departement", r->departement, 1, fe))) return e;
    if ((e = dates_order(r->starts_on, r->ends_on, "ends_on", fe))) return e;
    if (r->enrolled > r->places) return field_fail(fe, "enrolled", "plus d'inscrits que de places");
    return PLAM_OK;
  }
  case TRAIN_APPRENTICE: {
    struct train_apprentice_rec *r = rec;
    if (before &&
        (e = institute_field(db, a, "institute_id", ((const struct train_apprentice_rec *)before)->institute_id, fe)))
      return e;
    if ((e = institute_field(db, a, "institute_id", r->institute_id, fe))) return e;
    if (r->employer_id) {
      int yes = 0;
      if ((e = store_train_establishment_exists(db, r->employer_id, &yes))) return e;
      if (!yes) return field_fail(fe, "employer_id", "établissement inconnu");
    }
    if (strcmp(r->ends_on, r->starts_on) <= 0) return field_fail(fe, "ends_on", "la fin doit suivre le début");
    if ((e = dates_order(r->starts_on, r->diploma_on, "diploma_on", fe))) return e;
    return PLAM_OK;
  }
  case TRAIN_NOTE: {
    struct train_note_rec *r = rec;
    struct train_apprentice_rec ap;
    if ((e = store_train_get(db, TRAIN_APPRENTICE, r->apprentice_id, &ap))) return e;
    if ((e = train_institute_access(db, a, ap.institute_id, NULL))) return e;
    r->author_id = a->user_id;
    return PLAM_OK;
  }
  case TRAIN_ACTION: {
    struct train_action_rec *r = rec;
    const struct train_action_rec *b = before;
    if (b && b->institute_id && (e = institute_field(db, a, "institute_id", b->institute_id, fe))) return e;
    if (b && !b->institute_id && !train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
    if (r->institute_id) {
      if ((e = institute_field(db, a, "institute_id", r->institute_id, fe))) return e;
    } else if (!train_is_staff(a))
      return field_fail(fe, "institute_id", "valeur obligatoire : l'institut qui mène l'action");
    if (*r->territory_id && (e = territory_field(db, "territory_id", r->territory_id, 0, fe))) return e;
    return dates_order(r->starts_on, r->ends_on, "ends_on", fe);
  }
  case TRAIN_LINK: {
    struct train_link_rec *r = rec;
    if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
    struct indicator_rec ind;
    int64_t plan_id = 0;
    e = store_indicator_get(db, r->indicator_id, &ind, &plan_id);
    if (e == PLAM_ERR_NOT_FOUND) return field_fail(fe, "indicator_id", "indicateur inconnu");
    if (e) return e;
    int rate = metric_is_rate(r->metric);
    if (rate && strcmp(ind.kind, "percent"))
      return field_fail(fe, "metric", "ce chiffre est un taux : l'indicateur doit être un pourcentage");
    if (!rate && strcmp(ind.kind, "count"))
      return field_fail(fe, "metric", "ce chiffre est un nombre : l'indicateur doit être un dénombrement");
    if (*r->route && strncmp(r->metric, "capacity_", 9))
      return field_fail(fe, "route", "la voie ne s'applique qu'aux capacités de formation");
    if (*r->programme && !strcmp(r->metric, "sites_under_alert"))
      return field_fail(fe, "programme", "le nombre de terrains de stage sous alerte ne se filtre pas par formation");
    if (*r->programme && !strncmp(r->metric, "session_", 8))
      return field_fail(fe, "programme", "les sessions courtes ne sont pas rattachées à une formation");
    return PLAM_OK;
  }
  case TRAIN_DROPOUT: return dropout_rules(tx, rec, before);
  default: return PLAM_ERR_INTERNAL;
  }
}

/* Entities whose figures feed the plan's indicators. */
static int feeds_measures(enum train_entity e) {
  return e == TRAIN_CAPACITY || e == TRAIN_SESSION || e == TRAIN_APPRENTICE || e == TRAIN_LINK || e == TRAIN_DROPOUT;
}

struct save_arg {
  enum train_entity ent;
  int64_t id, parent_id;
  json_t *in;
  void *rec, *before;
  json_t *out;
};

static plam_err save_tx(struct app_tx *tx, void *arg) {
  struct save_arg *x = arg;
  const struct store_table *t = store_train_tables[x->ent];
  plam_err e = PLAM_OK;
  int create = x->id == 0;
  if (create) {
    if (x->ent == TRAIN_DROPOUT) return PLAM_ERR_INTERNAL; /* lines come from the import */
    memset(x->rec, 0, t->rec_size);
  } else {
    if (x->ent == TRAIN_NOTE || x->ent == TRAIN_LINK) return PLAM_ERR_INTERNAL;
    if ((e = store_train_get(tx->db, x->ent, x->id, x->before))) return e;
    memcpy(x->rec, x->before, t->rec_size);
  }
  if (x->ent == TRAIN_NOTE) ((struct train_note_rec *)x->rec)->apprentice_id = x->parent_id;
  if ((e = train_fill(x->ent, x->rec, x->in, create, tx->fe))) return e;
  if ((e = rules(tx, x->ent, x->rec, create ? NULL : x->before))) return e;
  int64_t id = x->id;
  e = create ? store_train_insert(tx->db, x->ent, x->rec, &id) : store_train_update(tx->db, x->ent, x->rec);
  if (!e) e = store_train_get(tx->db, x->ent, id, x->rec);
  if (e) return e;
  json_t *before = create ? NULL : plan_rec_json(t, x->before), *after = plan_rec_json(t, x->rec);
  if (!after || (!create && !before)) {
    json_decref(before);
    json_decref(after);
    return PLAM_ERR_NOMEM;
  }
  x->out = json_incref(after);
  e = app_audit(tx, create ? "create" : "update", train_entity_names[x->ent], id, before, after);
  int proposed = 0;
  if (!e && feeds_measures(x->ent)) e = train_measure_tx(tx, &proposed);
  /* a site's dropouts are these lines: its alert rule judges them now */
  if (!e && x->ent == TRAIN_DROPOUT) e = intern_dropouts_check_tx(tx);
  return e;
}

plam_err train_save(struct db *db, const struct actor *a, enum train_entity e, int64_t id, int64_t parent_id,
                    json_t *in, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!train_fields[e]) return PLAM_ERR_INTERNAL;
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF && a->role != ROLE_INSTITUTE) return PLAM_ERR_FORBIDDEN;
  size_t size = store_train_tables[e]->rec_size;
  struct save_arg x = {e, id, parent_id, in, calloc(1, size), calloc(1, size), NULL};
  plam_err err = x.rec && x.before ? app_write(db, a, save_tx, &x, fe) : PLAM_ERR_NOMEM;
  if (err) json_decref(x.out);
  else *out = x.out;
  free(x.rec);
  free(x.before);
  return err;
}

struct del_arg {
  enum train_entity ent;
  int64_t id;
};
static plam_err delete_tx(struct app_tx *tx, void *arg) {
  const struct del_arg *x = arg;
  struct train_link_rec before;
  plam_err e = store_train_get(tx->db, x->ent, x->id, &before);
  if (!e) e = store_train_delete(tx->db, x->ent, x->id);
  if (e) return e;
  json_t *b = plan_rec_json(store_train_tables[x->ent], &before);
  return b ? app_audit(tx, "delete", train_entity_names[x->ent], x->id, b, NULL) : PLAM_ERR_NOMEM;
}

plam_err train_delete(struct db *db, const struct actor *a, enum train_entity e, int64_t id) {
  if (e != TRAIN_LINK) return PLAM_ERR_INTERNAL;
  if (!train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct del_arg x = {e, id};
  return app_write(db, a, delete_tx, &x, NULL);
}
