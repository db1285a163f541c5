/* SQL of the plan structure import (app/plan_struct_import.c): the one look-up
 * the generic plan store lacks. Like store.h: the caller owns the
 * transaction. */
#ifndef PLAM_STORE_STORE_PLAN_STRUCT_H
#define PLAM_STORE_STORE_PLAN_STRUCT_H
#include "base/error.h"
#include "db/db.h"

/* *taken = 1 when an indicator (of any plan) already has this code. */
plam_err store_indicator_code_taken(struct db *db, const char *code, int *taken);

#endif
