/* The measurement scheduler of plam serve (--measure-tick): every N seconds,
 * in one thread of its own, the training module's linked indicators are
 * recomputed (train_measure_tick) so that figures that change without a
 * training write — the number of internship sites under alert, when an
 * alert is raised or closed — are proposed to the plan without anyone
 * asking. It is the same mechanism as after each training write (the links
 * of train_links, one batch, the source "plam — formation"), only triggered
 * by the clock; a step that finds nothing changed writes nothing. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include "app/train/train.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "db/db.h"

static struct {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int running, stop;
  long period;
  struct db_pool *pool;
} sched = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *sched_main(void *unused) {
  (void)unused;
  pthread_mutex_lock(&sched.mu);
  while (!sched.stop) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += sched.period;
    while (!sched.stop && pthread_cond_timedwait(&sched.cv, &sched.mu, &until) == 0) {}
    if (sched.stop) break;
    pthread_mutex_unlock(&sched.mu);
    struct db *db = db_pool_conn(sched.pool);
    int proposed = 0;
    plam_err e = db ? train_measure_tick(db, &proposed) : PLAM_ERR_DB;
    if (e) log_event(LOG_WARN, "measurement scheduler step failed", "error", error_message(e), NULL);
    else if (proposed) {
      char n[16];
      snprintf(n, sizeof n, "%d", proposed);
      log_event(LOG_INFO, "measurements proposed by the scheduler", "measurements", n, NULL);
    }
    pthread_mutex_lock(&sched.mu);
  }
  pthread_mutex_unlock(&sched.mu);
  return NULL;
}

void cmd_measure_scheduler_start(struct db_pool *pool, long period_s) {
  if (period_s <= 0 || sched.running) return;
  sched.pool = pool;
  sched.period = period_s;
  sched.stop = 0;
  if (!pthread_create(&sched.thread, NULL, sched_main, NULL)) sched.running = 1;
}

void cmd_measure_scheduler_stop(void) {
  if (!sched.running) return;
  pthread_mutex_lock(&sched.mu);
  sched.stop = 1;
  pthread_cond_signal(&sched.cv);
  pthread_mutex_unlock(&sched.mu);
  pthread_join(sched.thread, NULL);
  sched.running = 0;
}
