/* Establishments and their units (issue 11, "The model"): the health and
 * social employers that post needs and host internships. An establishment
 * has a FINESS number (checked: estab_finess_check), a category from
 * estab_categories[], a GHT, a commune (which sets its département and, by
 * default, its coordinates: the commune's centroid) and the organisation
 * whose employer accounts manage it (org_id).
 *
 * Who does what: plan staff (admin, staff) create, edit, delete and import
 * establishments and attach an organisation; employers see the
 * establishments of their own organisation and manage their units. Every
 * write is audited (entities "establishment", "establishment_unit").
 *
 * FINESS extract import (estab_finess_import): the public "extraction du
 * fichier des établissements" (docs/FORMATS.md), upserted by FINESS number,
 * all or nothing. */
#ifndef PLAM_APP_ESTAB_ESTAB_H
#define PLAM_APP_ESTAB_ESTAB_H
#include <jansson.h>
#include <stddef.h>
#include "app/access/audit.h"
#include "app/geo/geo_file.h"
#include "base/field.h"
#include "store/store_estab.h"

/* Categories, NULL-terminated (the migration's CHECK lists the same), and
 * their French labels in the same order. */
extern const char *const estab_categories[];
extern const char *const estab_category_labels[];

/* Checks a FINESS number: 9 characters, a département part (2 digits, or
 * 2A/2B), 6 digits, and the check key (see estab_finess.c). Returns NULL
 * when valid, else the French reason. */
const char *estab_finess_check(const char *s);

struct estab_input {
  const char *finess, *name, *category, *ght, *commune; /* NULL: unchanged; "" clears finess, ght, commune */
  double lat, lon;
  int has_lat, has_lon;
  int64_t org_id;
  int has_org; /* org_id 0 with has_org: detach */
};

struct unit_input {
  const char *name, *specialty;
};

json_t *estab_to_json(const struct estab_rec *r);
json_t *unit_to_json(const struct unit_rec *u);

/* The actor's list: staff see all, employers their organisation's. */
plam_err estab_list(struct db *db, const struct actor *a, const struct estab_filter *f, json_t **out, int64_t *total);
plam_err estab_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err estab_create(struct db *db, const struct actor *a, const struct estab_input *in, json_t **out,
                      struct field_error *fe);
plam_err estab_update(struct db *db, const struct actor *a, int64_t id, const struct estab_input *in, json_t **out,
                      struct field_error *fe);
plam_err estab_delete(struct db *db, const struct actor *a, int64_t id, json_t **out);

plam_err estab_units(struct db *db, const struct actor *a, int64_t estab_id, json_t **out);
plam_err estab_unit_create(struct db *db, const struct actor *a, int64_t estab_id, const struct unit_input *in,
                           json_t **out, struct field_error *fe);
plam_err estab_unit_update(struct db *db, const struct actor *a, int64_t unit_id, const struct unit_input *in,
                           json_t **out, struct field_error *fe);
plam_err estab_unit_delete(struct db *db, const struct actor *a, int64_t unit_id, json_t **out);

/* FINESS extract import. progress (may be NULL) is called every 1,000 lines
 * read and once at the end with (lines read, total lines). *summary:
 * {lines, establishments, created, updated, unchanged, geolocated,
 * centroid, notices[]}. PLAM_ERR_INVALID with rep holding the errors. */
typedef void (*estab_progress_fn)(void *ud, size_t done, size_t total);
plam_err estab_finess_import(struct db *db, const struct actor *a, const char *data, size_t len,
                             estab_progress_fn progress, void *ud, struct geo_file_report *rep, json_t **summary);

/* Demo: a few establishments of Pays de la Loire without FINESS numbers, and
 * two areas of the demo région (idempotent). */
plam_err estab_demo_load(struct db *db);

#endif
