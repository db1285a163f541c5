/* SQL of the plan structure import: see store_plan_struct.h. */
#include "store/store_plan_struct.h"

static const char *const SQL_CODE_TAKEN = "SELECT 1 FROM indicators WHERE code = ?1";

plam_err store_indicator_code_taken(struct db *db, const char *code, int *taken) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_CODE_TAKEN, &st);
  if (e) return e;
  int row = 0;
  e = db_bind_text(st, 1, code);
  if (!e) e = db_step(st, &row);
  db_done(st);
  *taken = !e && row;
  return e;
}
