/* Organisation rules: the kinds of organisation (as a table), validation of
 * FINESS (syntax only: 9 characters, digits or 2A/2B for Corsica) and
 * SIRET (14 digits, Luhn), territory references, creation and update with
 * audit. Who may edit which organisation is decided here: holders of
 * org.write edit any; holders of org.write_own only their own. */
#ifndef PLAM_APP_ORGS_H
#define PLAM_APP_ORGS_H
#include <jansson.h>
#include "app/audit.h"
#include "app/field.h"
#include "store/store.h"

struct db;

struct org_kind {
  const char *code, *label;
};
extern const struct org_kind org_kinds[];
extern const int org_kinds_count;

struct org_input {
  const char *name, *kind, *finess, *siret, *territory_id; /* NULL = unchanged on update */
};

const char *orgs_kind_label(const char *code);
json_t *orgs_to_json(const struct org_rec *o);
/* The same object written by a streaming writer, byte for byte what
 * json_dumps(orgs_to_json(o), JSON_COMPACT) gives (tested); the hot read
 * paths (list, get) use it. Keep the two in step. */
struct jsonw;
void orgs_write_json(struct jsonw *w, const struct org_rec *o);
/* 1 if s is a valid SIRET (14 digits, Luhn key). */
int orgs_siret_valid(const char *s);
/* 1 if s is a syntactically valid FINESS number (9 chars: digits, 2A/2B). */
int orgs_finess_valid(const char *s);
/* Applies in to o (a zeroed record or the current one) and runs the checks
 * that need no database (name, kind, FINESS, SIRET; not the territory).
 * Exposed for the unit tests and the fuzzer. */
plam_err orgs_check_input(const struct org_input *in, struct org_rec *o, struct field_error *fe);
plam_err orgs_create(struct db *db, const struct actor *a, const struct org_input *in, struct org_rec *out,
                     struct field_error *fe);
plam_err orgs_update(struct db *db, const struct actor *a, int64_t id, const struct org_input *in,
                     struct org_rec *out, struct field_error *fe);

#endif
