/* The server's periodic jobs: see cmd_periodic.h. */
#include "cmd/cmd_periodic.h"
#include <time.h>

static void *periodic_main(void *arg) {
  struct cmd_periodic *p = arg;
  pthread_mutex_lock(&p->mu);
  while (!p->stop) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += p->period;
    while (!p->stop && pthread_cond_timedwait(&p->cv, &p->mu, &until) == 0) {}
    if (p->stop) break;
    pthread_mutex_unlock(&p->mu);
    p->step(p->arg);
    pthread_mutex_lock(&p->mu);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

void cmd_periodic_start(struct cmd_periodic *p, long period_s) {
  if (period_s <= 0 || p->running) return;
  p->period = period_s;
  p->stop = 0;
  if (!pthread_create(&p->thread, NULL, periodic_main, p)) p->running = 1;
}

void cmd_periodic_stop(struct cmd_periodic *p) {
  if (!p->running) return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
  pthread_join(p->thread, NULL);
  p->running = 0;
}
