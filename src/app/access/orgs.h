/* Organisation rules: the kinds of organisation (as a table), validation of
 * FINESS (syntax only: 9 characters, digits or 2A/2B for Corsica) and
 * SIRET (14 digits, Luhn), territory references, creation and update with
 * audit. Who may edit which organisation is decided here: holders of
 * org.write edit any; holders of org.write_own only their own. */
#ifndef PLAM_APP_ACCESS_ORGS_H
#define PLAM_APP_ACCESS_ORGS_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/field.h"
#include "store/store.h"

struct db;

struct org_kind {
  const char *code, *label;
};
extern const struct org_kind org_kinds[];
extern const int org_kinds_count;
/* The kind codes alone, NULL-terminated, in the order of org_kinds (the
 * API's input specs cite them; a unit test checks they match). */
extern const char *const orgs_kind_codes[];

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
plam_err orgs_update(struct db *db, const struct actor *a, int64_t id, const struct org_input *in, struct org_rec *out,
                     struct field_error *fe);
/* One organisation; a page of organisations (name holds q, of kind; NULL:
 * any) as a JSON array, count and page from one read snapshot. */
plam_err orgs_get(struct db *db, int64_t id, struct org_rec *out);
/* The page of organisations (page->total filled), in one read transaction;
 * *rows is malloc'd (free()). */
plam_err orgs_list(struct db *db, const char *q, const char *kind, struct list_page *page, struct org_rec **rows,
                   int *n);
/* Territories of a level (NULL: all) under parent (NULL: any), as
 * [{id, code, name, level, parent}]. */
/* The territories as records (*rows malloc'd), and one territory's view as
 * a jansson tree or streamed (the same bytes). */
plam_err orgs_territories(struct db *db, const char *level, const char *parent, struct territory_rec **rows, int *n);
json_t *orgs_territory_to_json(const struct territory_rec *t);
void orgs_territory_write_json(struct jsonw *w, const struct territory_rec *t);

#endif
