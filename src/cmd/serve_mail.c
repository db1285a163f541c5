/* plam serve's message sender thread: see serve_mail.h. */
#include "cmd/serve_mail.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "base/log.h"
#include "db/db.h"

#define SERVE_MAIL_BATCH 20

struct serve_mail {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  volatile int stop;
  struct mail_config cfg;
  const char *target;
};

/* Waits up to ms or until stop. */
static void serve_mail_wait(struct serve_mail *m, long ms) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
  pthread_mutex_lock(&m->mu);
  while (!m->stop && pthread_cond_timedwait(&m->cv, &m->mu, &until) != ETIMEDOUT) {}
  pthread_mutex_unlock(&m->mu);
}

static void *serve_mail_run(void *arg) {
  struct serve_mail *m = arg;
  struct db *db = NULL;
  while (!m->stop) {
    if (!db && db_open(m->target, 0, &db)) {
      log_event(LOG_WARN, "mail sender: database not opened, retrying", "reason", db_open_error(), NULL);
      db = NULL;
      serve_mail_wait(m, 5000);
      continue;
    }
    struct mail_round r;
    plam_err e = mail_deliver_due(db, &m->cfg, SERVE_MAIL_BATCH, &r);
    if (r.sent || r.retried || r.failed) {
      char sent[16], retried[16], failed[16];
      snprintf(sent, sizeof sent, "%d", r.sent);
      snprintf(retried, sizeof retried, "%d", r.retried);
      snprintf(failed, sizeof failed, "%d", r.failed);
      log_event(r.retried || r.failed ? LOG_WARN : LOG_INFO, "messages delivered", "sent", sent, "retried", retried,
                "failed", failed, NULL);
    }
    if (e) {
      log_event(LOG_WARN, "mail sender: round failed", "error", error_code(e), NULL);
      db_close(db); /* a fresh connection next round */
      db = NULL;
    }
    if (!e && r.sent + r.retried + r.failed >= SERVE_MAIL_BATCH) continue; /* more are due */
    serve_mail_wait(m, 1000);
  }
  db_close(db);
  return NULL;
}

plam_err serve_mail_start(const char *target, const struct mail_config *c, struct serve_mail **out) {
  *out = NULL;
  struct serve_mail *m = calloc(1, sizeof *m);
  if (!m) return PLAM_ERR_NOMEM;
  m->cfg = *c;
  m->cfg.stop = &m->stop;
  m->target = target;
  pthread_mutex_init(&m->mu, NULL);
  pthread_cond_init(&m->cv, NULL);
  if (pthread_create(&m->thread, NULL, serve_mail_run, m)) {
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->mu);
    free(m);
    return PLAM_ERR_INTERNAL;
  }
  *out = m;
  return PLAM_OK;
}

void serve_mail_stop(struct serve_mail *m) {
  if (!m) return;
  pthread_mutex_lock(&m->mu);
  m->stop = 1;
  pthread_cond_signal(&m->cv);
  pthread_mutex_unlock(&m->mu);
  pthread_join(m->thread, NULL);
  pthread_cond_destroy(&m->cv);
  pthread_mutex_destroy(&m->mu);
  free(m);
}
