/* Audit trail writer: see audit.h. */
#include "app/access/audit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

void actor_cli(struct actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->login, sizeof a->login, "%s", "(ligne de commande)");
  a->role = ROLE_ADMIN;
}

plam_err audit_write(struct db *db, const struct actor *a, const char *action, const char *entity,
                     int64_t entity_id, json_t *before, json_t *after) {
  struct audit_rec r;
  memset(&r, 0, sizeof r);
  r.user_id = a->user_id;
  store_copy(r.user_login, sizeof r.user_login, a->login);
  store_copy(r.action, sizeof r.action, action);
  store_copy(r.entity, sizeof r.entity, entity);
  if (entity_id) snprintf(r.entity_id, sizeof r.entity_id, "%lld", (long long)entity_id);
  store_copy(r.request_id, sizeof r.request_id, a->request_id ? a->request_id : "");
  r.before = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  r.after = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  plam_err e = ((before && !r.before) || (after && !r.after)) ? PLAM_ERR_NOMEM : store_audit_append(db, &r);
  free(r.before);
  free(r.after);
  return e;
}
