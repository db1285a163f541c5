/* Helpers shared inside the training module (not for other layers). */
#ifndef PLAM_APP_TRAIN_TRAIN_INT_H
#define PLAM_APP_TRAIN_TRAIN_INT_H
#include "app/train/train.h"

enum tf_kind { TF_TEXT = 0, TF_ENUM, TF_DATE, TF_INT, TF_OPT_INT, TF_ID, TF_BOOL };
enum { TF_REQ = 1, TF_LINES = 2, TF_ASCII = 4 };

/* One key of a write: its kind, where it goes in the record, its limits. */
struct train_field {
  const char *name;
  enum tf_kind kind;
  size_t off, size;
  int max; /* TF_TEXT: characters */
  long long lo, hi;
  const char *const *values; /* TF_ENUM */
  int flags;
  const char *def; /* TF_ENUM: value on create when absent */
};
/* The fields a write of e takes (NULL-named end), NULL when e is read-only. */
extern const struct train_field *const train_fields[TRAIN__ENTITIES];
/* The audit entity name of e. */
extern const char *const train_entity_names[TRAIN__ENTITIES];

/* Applies in to rec (create: absent keys take their default; update: absent
 * keys keep rec's value), then checks the required ones. */
plam_err train_fill(enum train_entity e, void *rec, json_t *in, int create, struct field_error *fe);

/* 1 when a is plan staff (admin or staff). */
int train_is_staff(const struct actor *a);
/* The institute may be acted for by a: staff, or an institute account of the
 * organisation that manages it. PLAM_ERR_NOT_FOUND when it does not exist,
 * PLAM_ERR_FORBIDDEN when a may not. */
plam_err train_institute_access(struct db *db, const struct actor *a, int64_t institute_id,
                                struct train_institute_rec *out);
/* The organisation filter of a's lists (0: all). */
int64_t train_org_scope(const struct actor *a);

/* Writes parsed dropout rows (inst[i]: the institute of row i, already
 * resolved and allowed) as train_dropouts_import does; *out as it returns. */
plam_err train_dropouts_write(struct db *db, const struct actor *a, const struct train_csv_report *rep,
                              const int64_t *inst, const char *filename, json_t **out);

#endif
