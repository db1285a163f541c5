/* Per-thread connection pool over db_open: each worker thread lazily opens
 * its own connection on first use and keeps it (with its statement cache)
 * until db_pool_release, which closes them all after the workers stopped. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "base/log.h"
#include "db/db.h"

struct db_pool {
  char *path;
  int flags;
  pthread_key_t key;
  pthread_mutex_t lock;
  struct db **conns;
  size_t nconns, cap;
};

plam_err db_pool_init(const char *path, int flags, struct db_pool **out) {
  struct db_pool *p = calloc(1, sizeof *p);
  if (!p) return PLAM_ERR_NOMEM;
  p->path = strdup(path);
  p->flags = flags & ~DB_OPEN_CREATE;
  if (!p->path || pthread_key_create(&p->key, NULL)) {
    free(p->path);
    free(p);
    return PLAM_ERR_NOMEM;
  }
  pthread_mutex_init(&p->lock, NULL);
  *out = p;
  return PLAM_OK;
}

struct db *db_pool_conn(struct db_pool *p) {
  struct db *db = pthread_getspecific(p->key);
  if (db) return db;
  if (db_open(p->path, p->flags, &db)) {
    /* said in plain words, without the URL's password (db_open_error) */
    log_event(LOG_ERROR, "database connection failed", "reason", db_open_error(), NULL);
    return NULL;
  }
  pthread_mutex_lock(&p->lock);
  if (p->nconns == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    struct db **c = realloc(p->conns, cap * sizeof *c);
    if (!c) {
      pthread_mutex_unlock(&p->lock);
      db_close(db);
      return NULL;
    }
    p->conns = c;
    p->cap = cap;
  }
  p->conns[p->nconns++] = db;
  pthread_mutex_unlock(&p->lock);
  pthread_setspecific(p->key, db);
  return db;
}

struct db *db_pool_conn_if_open(struct db_pool *p) {
  return p ? pthread_getspecific(p->key) : NULL;
}

void db_pool_release(struct db_pool *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nconns; i++) db_close(p->conns[i]);
  free(p->conns);
  pthread_key_delete(p->key);
  pthread_mutex_destroy(&p->lock);
  free(p->path);
  free(p);
}
