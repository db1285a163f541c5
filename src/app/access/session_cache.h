/* Per-thread cache of session checks (fast module, issue 8 item 7). Every
 * signed-in request looked up its session and its user in the database;
 * the cache keeps the result of that lookup, keyed by the token's hash,
 * together with the change stamp (db.h, db_change_stamp) of the snapshot it
 * was read in. An entry serves a later request only when that request's
 * read transaction has the same stamp, that is when no connection of any
 * process committed anything since: a logout, a password or role change,
 * a disabled account, a `plam user` command, another server on the same
 * file all change the stamp, and so does every other write (coarse, never
 * stale). Expiry is checked against the clock on each request as before.
 * One cache per thread, as the database connection it belongs to: no lock.
 * Bounded: SESSION_CACHE_SLOTS entries, direct-mapped by the hash. On
 * PostgreSQL there is no stamp (db.h): nothing is cached there. */
#ifndef PLAM_APP_ACCESS_SESSION_CACHE_H
#define PLAM_APP_ACCESS_SESSION_CACHE_H
#include <stdint.h>
#include "app/access/auth.h"
#include "store/store.h"

#define SESSION_CACHE_SLOTS 32

/* 1 and the stored session and check result when hash has an entry read
 * under the same stamp, else 0. */
int session_cache_get(const struct db_stamp *stamp, const uint8_t hash[32], struct session_rec *s,
                      struct auth_session *out);
/* Stores the result of a successful check read under stamp. */
void session_cache_put(const struct db_stamp *stamp, const struct session_rec *s, const struct auth_session *a);
/* Forgets every entry of the calling thread. */
void session_cache_clear(void);

#endif
