/* A periodic job of plam serve: a thread of its own that runs step(arg)
 * every period seconds until it is stopped. Stopping wakes the thread at
 * once; a step already running finishes first. The one way the server's
 * schedulers run (the offers' waves, the measurement feed). Declare one
 * with CMD_PERIODIC(step, arg) and start it from plam serve. */
#ifndef PLAM_CMD_CMD_PERIODIC_H
#define PLAM_CMD_CMD_PERIODIC_H
#include <pthread.h>

struct cmd_periodic {
  void (*step)(void *arg);
  void *arg;
  long period; /* seconds */
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int running, stop;
};
#define CMD_PERIODIC(fn, a) \
  { .step = (fn), .arg = (a), .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER }

/* Starts the thread (nothing when period_s <= 0 or already running). */
void cmd_periodic_start(struct cmd_periodic *p, long period_s);
/* Stops it and waits for it (nothing when not running). */
void cmd_periodic_stop(struct cmd_periodic *p);

#endif
