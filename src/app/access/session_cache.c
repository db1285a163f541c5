/* Per-thread session-check cache: see session_cache.h. */
#include "app/access/session_cache.h"
#include <string.h>

struct session_cache_entry {
  int used;
  struct db_stamp stamp;
  struct session_rec s;
  struct auth_session a;
};

static _Thread_local struct session_cache_entry session_cache[SESSION_CACHE_SLOTS];

/* The hash is BLAKE2b of a random token: its first byte picks the slot. */
static struct session_cache_entry *session_cache_slot(const uint8_t hash[32]) {
  return &session_cache[hash[0] & (SESSION_CACHE_SLOTS - 1)];
}

static int stamp_eq(const struct db_stamp *a, const struct db_stamp *b) {
  return a->conn == b->conn && a->theirs == b->theirs && a->ours == b->ours;
}

int session_cache_get(const struct db_stamp *stamp, const uint8_t hash[32], struct session_rec *s,
                      struct auth_session *out) {
  struct session_cache_entry *e = session_cache_slot(hash);
  if (!e->used || memcmp(e->s.token_hash, hash, 32)) return 0;
  if (!stamp_eq(&e->stamp, stamp)) {
    e->used = 0; /* something changed since: read again */
    return 0;
  }
  *s = e->s;
  *out = e->a;
  return 1;
}

void session_cache_put(const struct db_stamp *stamp, const struct session_rec *s, const struct auth_session *a) {
  struct session_cache_entry *e = session_cache_slot(s->token_hash);
  e->used = 1;
  e->stamp = *stamp;
  e->s = *s;
  e->a = *a;
}

void session_cache_clear(void) {
  for (int i = 0; i < SESSION_CACHE_SLOTS; i++) session_cache[i].used = 0;
}
