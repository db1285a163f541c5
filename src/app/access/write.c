/* The write bracket: see write.h. */
#include "app/access/write.h"
#include <stdlib.h>
#include <string.h>
#include "store/store_tx.h"
#include "store/store.h"

static void app_tx_release(struct app_tx *tx) {
  for (int i = 0; i < tx->n; i++) {
    json_decref(tx->audit[i].before);
    json_decref(tx->audit[i].after);
  }
  free(tx->audit);
  tx->audit = NULL;
  tx->n = tx->cap = 0;
}

plam_err app_audit(struct app_tx *tx, const char *action, const char *entity, int64_t id, json_t *before,
                   json_t *after) {
  if (!action || !*action || !entity || !*entity) {
    json_decref(before);
    json_decref(after);
    return PLAM_ERR_INTERNAL;
  }
  if (tx->n == tx->cap) {
    int cap = tx->cap ? tx->cap * 2 : 4;
    struct app_audit_entry *grown = realloc(tx->audit, (size_t)cap * sizeof *grown);
    if (!grown) {
      json_decref(before);
      json_decref(after);
      return PLAM_ERR_NOMEM;
    }
    tx->audit = grown;
    tx->cap = cap;
  }
  tx->audit[tx->n++] = (struct app_audit_entry){action, entity, id, before, after};
  return PLAM_OK;
}

plam_err app_write(struct db *db, const struct actor *a, app_change_fn change, void *arg, struct field_error *fe) {
  struct app_tx tx;
  memset(&tx, 0, sizeof tx);
  tx.db = db;
  tx.a = a;
  tx.fe = fe;
  plam_err e = store_write_begin(db);
  if (e) return e;
  e = change(&tx, arg);
  if (!e && tx.n == 0) e = PLAM_ERR_INTERNAL; /* a write cannot commit unaudited */
  for (int i = 0; !e && i < tx.n; i++)
    e = audit_write(db, a, tx.audit[i].action, tx.audit[i].entity, tx.audit[i].id, tx.audit[i].before,
                    tx.audit[i].after);
  app_tx_release(&tx);
  return store_write_end(db, e);
}

plam_err app_bookkeep_session_touch(struct db *db, const uint8_t token_hash[32], int64_t now, int64_t expires_at) {
  plam_err e = store_write_begin(db);
  if (e) return e;
  return store_write_end(db, store_session_touch(db, token_hash, now, expires_at));
}
