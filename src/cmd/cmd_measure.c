/* The measurement scheduler of plam serve (--measure-tick): every N seconds,
 * in one thread of its own, the training module's linked indicators are
 * recomputed (train_measure_tick) so that figures that change without a
 * training write — the number of internship sites under alert, when an
 * alert is raised or closed — are proposed to the plan without anyone
 * asking. It is the same mechanism as after each training write (the links
 * of train_links, one batch, the source "plam — formation"), only triggered
 * by the clock; a step that finds nothing changed writes nothing. */
#include <stdio.h>
#include "app/train/train.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "cmd/cmd_periodic.h"
#include "db/db.h"

static struct db_pool *sched_pool;

static void sched_step(void *unused) {
  (void)unused;
  struct db *db = db_pool_conn(sched_pool);
  int proposed = 0;
  plam_err e = db ? train_measure_tick(db, &proposed) : PLAM_ERR_DB;
  if (e) log_event(LOG_WARN, "measurement scheduler step failed", "error", error_message(e), NULL);
  else if (proposed) {
    char n[16];
    snprintf(n, sizeof n, "%d", proposed);
    log_event(LOG_INFO, "measurements proposed by the scheduler", "measurements", n, NULL);
  }
}

static struct cmd_periodic measure_job = CMD_PERIODIC(sched_step, NULL);

void cmd_measure_scheduler_start(struct db_pool *pool, long period_s) {
  sched_pool = pool;
  cmd_periodic_start(&measure_job, period_s);
}

void cmd_measure_scheduler_stop(void) { cmd_periodic_stop(&measure_job); }
