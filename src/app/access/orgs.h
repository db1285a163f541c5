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
plam_err orgs_get(struct db *db, int64_t id, struct org_rec *out);
/* A list's rows (docs/ADDING-A-MODULE.md, step 3): the store hands each row
 * of its statement to fn (see store_org_each), which writes its view as it
 * comes: orgs_row_write_json streams it, orgs_row_to_json builds the same
 * view with jansson (orgs_to_json of the row's record: the reference bytes,
 * tested equal). */
void orgs_row_write_json(struct jsonw *w, const struct store_row *r);
json_t *orgs_row_to_json(const struct store_row *r);
/* The page of organisations (name holds q or FINESS is q, of kind; NULL:
 * any), each row to fn, page->total filled, in one read transaction. */
plam_err orgs_list(struct db *db, const char *q, const char *kind, struct list_page *page, store_row_fn fn, void *ctx);
/* Territories of a level (NULL: all) under parent (NULL: any), each row to
 * fn; a territory's view {id, code, name, level, parent} from a record or
 * from a row, as a jansson tree or streamed (the same bytes). */
plam_err orgs_territories(struct db *db, const char *level, const char *parent, store_row_fn fn, void *ctx);
json_t *orgs_territory_to_json(const struct territory_rec *t);
json_t *orgs_territory_row_to_json(const struct store_row *r);
void orgs_territory_row_write_json(struct jsonw *w, const struct store_row *r);

#endif
