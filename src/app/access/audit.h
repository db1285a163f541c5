/* Who is acting, and the audit trail of their writes. Every write in app/
 * goes through the write bracket (app/access/write.h), which appends the
 * change's audit entries (before/after as JSON, secrets never included) in
 * the same transaction as the write itself. */
#ifndef PLAM_APP_ACCESS_AUDIT_H
#define PLAM_APP_ACCESS_AUDIT_H
#include <jansson.h>
#include <stdint.h>
#include "app/access/roles.h"
#include "base/error.h"

struct db;

struct actor {
  int64_t user_id; /* 0 for the command line / system */
  char login[65];  /* "" -> recorded as the CLI */
  enum role role;
  int64_t org_id;
  const char *request_id; /* may be NULL */
};

/* An actor for command-line administration (plam user add ...). */
void actor_cli(struct actor *a);

/* Appends one audit entry; before/after may be NULL (not consumed). Called
 * by app_write only (scripts/check-writes.sh): changes use app_audit. */
plam_err audit_write(struct db *db, const struct actor *a, const char *action, const char *entity, int64_t entity_id,
                     json_t *before, json_t *after);

/* A page of the audit log (entity and user filters: NULL / 0 = any) as
 * [{id, at, action, entity, request_id, user_id, user_login, entity_id,
 * before, after}]; *total counts every matching entry. */
plam_err audit_list_json(struct db *db, const char *entity, int64_t user_id, long limit, long offset, int64_t *total,
                         json_t **items);

#endif
