/* plam offer tick: one step of the offers' scheduler (docs/RECRUITMENT.md,
 * "Offers"): offers past their expiry expire, needs whose first slot started
 * expire, and each open need whose next wave is due gets it. --now chooses
 * the clock (ISO 8601 with its offset), for tests and replays; by default
 * the system clock. plam serve runs the same step every --offer-tick
 * seconds in one thread of its own (cmd_offer_scheduler_start): bounded (at
 * most OFFER_TICK_MAX_NEEDS needs a step), each need its own write
 * transaction, so several servers on one database share the work without
 * sending a wave twice. A need whose write fails is logged (French, with
 * its id) and skipped; the others go on. The step prints its counts and
 * exits 3 when a need failed (the others were done). Each step then
 * proposes the recruitment measures linked to plan indicators that changed
 * (dash_measure_tick, app/dash). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/dash/dash.h"
#include "app/offer/offer.h"
#include "app/recruit/recruit.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "cmd/cmd_periodic.h"
#include "cmd/cmd_util.h"
#include "cmd/cmd_limits.h"
#include "db/db.h"

static const struct opt_def offer_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "BASE", "fichier SQLite ou adresse postgresql://utilisateur@serveur/base"},
  {"public-url", OPT_STRING, "http://127.0.0.1:8080", "URL", "adresse publique du site, base des liens des courriels"},
  {"instance-name", OPT_STRING, "plam", "NOM", "nom de l'instance, qui signe les courriels"},
  {"now", OPT_STRING, NULL, "DATE",
   "instant du pas (ISO 8601 avec décalage, ex. 2026-03-02T08:00+01:00) ; par défaut l'horloge du système"},
  CMD_LIMIT_OPTS, /* the waves rank with the deployment's working-time limits */
};

static const struct opt_cmd offer_cmd = {
  "offer",
  "tick [--db BASE] [--now DATE] [--public-url URL]",
  "Fait un pas de l'envoi des offres de recrutement (tick) : les offres échues expirent, les besoins dont le "
  "premier créneau a commencé expirent, et chaque besoin ouvert dont la vague suivante est due reçoit ses "
  "offres (les mieux classés d'abord). plam serve fait ce pas régulièrement (--offer-tick).",
  offer_opts,
  (int)(sizeof offer_opts / sizeof offer_opts[0]),
  1,
  1,
};

int cmd_offer(int argc, char **argv) {
  struct opt_result o;
  int rc = cmd_parse(&offer_cmd, argc, argv, &o);
  if (rc >= 0) return rc;
  if (strcmp(o.positional[0], "tick")) {
    fprintf(stderr, "plam offer : action inconnue « %s » (seule « tick » existe ; voir plam offer --help)\n",
            o.positional[0]);
    opt_result_release(&o);
    return error_exit_code(PLAM_ERR_USAGE);
  }
  if ((rc = cmd_limits_apply(&o, "offer tick")) >= 0) {
    opt_result_release(&o);
    return rc;
  }
  int64_t now = (int64_t)time(NULL);
  const char *at = opt_get(&o, "now");
  if (at) {
    int64_t minutes;
    int off;
    if (recruit_time_parse(at, &minutes, &off)) {
      fprintf(stderr, "plam offer tick : --now attend une date ISO 8601 avec son décalage (ex. 2026-03-02T08:00Z)\n");
      opt_result_release(&o);
      return error_exit_code(PLAM_ERR_USAGE);
    }
    now = minutes * 60;
  }
  struct db *db = NULL;
  int applied = 0;
  plam_err e = cmd_open_db(opt_get(&o, "db"), 0, &db, &applied);
  struct offer_tick_report rep;
  memset(&rep, 0, sizeof rep);
  struct offer_mail_config mc = {opt_get(&o, "public-url"), opt_get(&o, "instance-name")};
  if (!e) e = offer_tick(db, &mc, now, &rep);
  int proposed = 0; /* the plan indicators fed by recruitment measures (app/dash) */
  if (!e) e = dash_measure_tick(db, &proposed);
  db_close(db);
  if (!e)
    printf("plam offer tick : %d vague(s) envoyée(s), %d offre(s) envoyée(s), %d offre(s) expirée(s), "
           "%d besoin(s) expiré(s), %d besoin(s) en échec, %d valeur(s) d'indicateur proposée(s), "
           "%d mission(s) terminée(s) passée(s) en effectuée(s)\n",
           rep.waves, rep.offers_sent, rep.offers_expired, rep.needs_expired, rep.failed, proposed, rep.shifts_done);
  opt_result_release(&o);
  if (!e && rep.failed) { /* the others were done; each failure is in the log above */
    fprintf(stderr, "plam offer tick : %d besoin(s) en échec, ignoré(s) ; les autres ont été traités\n", rep.failed);
    return error_exit_code(PLAM_ERR_INVALID);
  }
  return cmd_report(e, "offer tick");
}

/* ---- the scheduler of plam serve ---- */

static struct {
  struct db_pool *pool;
  struct offer_mail_config mc;
} sched;

static void sched_step(void *unused) {
  (void)unused;
  struct db *db = db_pool_conn(sched.pool);
  struct offer_tick_report rep;
  plam_err e = db ? offer_tick(db, &sched.mc, (int64_t)time(NULL), &rep) : PLAM_ERR_DB;
  if (e) log_event(LOG_WARN, "offer scheduler step failed", "error", error_message(e), NULL);
  else if (rep.waves || rep.offers_expired || rep.needs_expired || rep.failed || rep.shifts_done) {
    char w[16], s[16], x[16], nx[16], f[16], d[16];
    snprintf(d, sizeof d, "%d", rep.shifts_done);
    snprintf(w, sizeof w, "%d", rep.waves);
    snprintf(s, sizeof s, "%d", rep.offers_sent);
    snprintf(x, sizeof x, "%d", rep.offers_expired);
    snprintf(nx, sizeof nx, "%d", rep.needs_expired);
    snprintf(f, sizeof f, "%d", rep.failed);
    log_event(rep.failed ? LOG_WARN : LOG_INFO, "offer scheduler step", "waves", w, "offers_sent", s, "offers_expired",
              x, "needs_expired", nx, "failed", f, "shifts_done", d, NULL);
  }
  int proposed = 0; /* the plan indicators fed by recruitment measures (app/dash) */
  e = db ? dash_measure_tick(db, &proposed) : PLAM_ERR_DB;
  if (e) log_event(LOG_WARN, "recruitment measures step failed", "error", error_message(e), NULL);
}

static struct cmd_periodic offer_job = CMD_PERIODIC(sched_step, NULL);

void cmd_offer_scheduler_start(struct db_pool *pool, long period_s, const char *public_url, const char *instance_name) {
  sched.pool = pool;
  sched.mc.public_url = public_url; /* both live as long as the server */
  sched.mc.instance_name = instance_name;
  cmd_periodic_start(&offer_job, period_s);
}

void cmd_offer_scheduler_stop(void) { cmd_periodic_stop(&offer_job); }
