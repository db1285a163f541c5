/* plam serve: opens the database (migrating it), loads the static UI, starts
 * the HTTP server and waits for SIGINT/SIGTERM to stop cleanly; SIGHUP
 * reopens the log file (log rotation). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "api/api.h"
#include "app/access/password.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "cmd/cmd_util.h"
#include "cmd/cmd_limits.h"
#include "cmd/serve_mail.h"
#include "app/mail/link.h"
#include "db/db.h"
#include "http/proxy.h"
#include "http/server.h"
#include "http/static.h"

static const struct opt_def serve_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "BASE", "fichier SQLite ou adresse postgresql://utilisateur@serveur/base"},
  {"listen", OPT_STRING, "127.0.0.1:8080", "ADRESSE:PORT", "adresse d'écoute ([::1]:8080 pour IPv6)"},
  {"web-root", OPT_STRING, NULL, "DOSSIER",
   "sert l'interface web depuis ce dossier au lieu de celle intégrée au programme (développement)"},
  {"threads", OPT_INT, "0", "N", "fils de traitement (0 : un par cœur)"},
  {"max-connections", OPT_INT, "1024", "N", "connexions simultanées au plus"},
  {"max-per-ip", OPT_INT, "256", "N", "connexions simultanées par adresse au plus"},
  {"idle-timeout", OPT_INT, "30", "SECONDES", "coupe une connexion inactive (clients lents)"},
  {"request-timeout", OPT_INT, "60", "SECONDES", "durée maximale d'envoi d'une requête"},
  {"header-timeout", OPT_INT, "10", "SECONDES",
   "délai pour recevoir l'en-tête entier d'une requête (au-delà : 408 et fermeture)"},
  {"trusted-proxy", OPT_STRING, NULL, "ADRESSE[,ADRESSE]",
   "mandataires inverses de confiance : l'adresse du client est lue dans X-Forwarded-For seulement pour eux"},
  {"max-body", OPT_INT, "1048576", "OCTETS", "taille maximale d'un corps de requête (au-delà : 413)"},
  {"max-upload", OPT_INT, "134217728", "OCTETS", "taille maximale d'un fichier importé (imports de mesures, de plans)"},
  {"max-header", OPT_INT, "32768", "OCTETS", "mémoire maximale pour l'en-tête d'une requête"},
  {"session-idle", OPT_INT, "7200", "SECONDES", "durée d'inactivité avant expiration d'une session"},
  {"session-max", OPT_INT, "43200", "SECONDES", "durée de vie maximale d'une session"},
  {"cookie-secure", OPT_CHOICE, "auto", "auto|oui|non", "attribut Secure du cookie (auto : sauf sur la boucle locale)"},
  {"public-origin", OPT_STRING, NULL, "URL", "origine publique attendue (ex. https://plam.ars.sante.fr)"},
  {"instance-name", OPT_STRING, "plam", "NOM", "nom de l'instance affiché dans l'interface"},
  {"brand", OPT_STRING, NULL, "LIGNES",
   "bloc-marque de l'État, lignes séparées par | (réservé aux services de l'État)"},
  {"brand-operator", OPT_STRING, NULL, "NOM", "nom de l'opérateur affiché avec le bloc-marque"},
  {"hash-parallel", OPT_INT, "2", "N", "calculs de mots de passe simultanés au plus"},
  {"log-format", OPT_CHOICE, "kv", "kv|json", "format des journaux"},
  {"log-file", OPT_STRING, NULL, "FICHIER",
   "journal dans ce fichier (par défaut : sortie d'erreur), rouvert sur SIGHUP"},
  {"read-only", OPT_FLAG, NULL, NULL, "refuse toute écriture (maintenance)"},
  /* cache: the response cache of reference reads (api/call_cache.c) */
  {"no-response-cache", OPT_FLAG, NULL, NULL,
   "ne garde pas en mémoire les réponses des lectures de référence (territoires, nomenclatures, organisations) ; "
   "sans cette option, une réponse gardée sert tant que rien n'a été écrit dans la base (SQLite seulement)"},
  {"measure-tick", OPT_INT, "300", "SECONDES",
   "recalcule toutes les N secondes les indicateurs du plan alimentés par la formation et les terrains de stage "
   "(terrains sous alerte) et propose ce qui a changé (0 : jamais)"},
  {"offer-tick", OPT_INT, "60", "SECONDES",
   "envoie les vagues d'offres de recrutement dues toutes les N secondes (0 : jamais, plam offer tick le fait)"},
  /* mail: outgoing e-mail and SMS (app/mail) */
  {"smtp-url", OPT_STRING, NULL, "URL",
   "serveur d'envoi des courriels, smtp://serveur[:port] ou smtps://serveur[:port] (sans : ils restent en file)"},
  {"smtp-starttls", OPT_CHOICE, "oui", "oui|non",
   "avec smtp:// : exige STARTTLS (non : relais sur la même machine, sans chiffrement)"},
  {"smtp-user", OPT_SECRET, NULL, NULL, "identifiant du serveur d'envoi des courriels"},
  {"smtp-password", OPT_SECRET, NULL, NULL, "mot de passe du serveur d'envoi des courriels"},
  {"mail-from", OPT_STRING, NULL, "ADRESSE", "adresse d'expédition des courriels (ex. ne-pas-repondre@ars.sante.fr)"},
  {"public-url", OPT_STRING, NULL, "URL",
   "adresse publique du site, base des liens envoyés (défaut : --public-origin, sinon http://ADRESSE:PORT)"},
  {"sms-url", OPT_STRING, NULL, "URL",
   "adresse du fournisseur d'envoi de SMS (POST JSON ; sans : ils restent en file)"},
  {"sms-token", OPT_SECRET, NULL, NULL, "jeton d'accès au fournisseur de SMS (en-tête Authorization: Bearer)"},
  {"mail-retry", OPT_INT, "60", "SECONDES",
   "attente avant de réessayer un message non remis, doublée à chaque échec (1 h au plus, 12 essais)"},
  /* rules: the deployment's working-time limits (cmd/cmd_limits.h) */
  CMD_LIMIT_OPTS,
};

const struct opt_cmd serve_cmd = {
  "serve",
  "[--db BASE] [--listen ADRESSE:PORT] [OPTIONS]",
  "Démarre le serveur web : l'interface en français et l'API JSON sous /api/. Crée ou met à jour le schéma\n"
  "de la base si besoin. S'arrête proprement sur SIGINT ou SIGTERM ; SIGHUP rouvre le fichier journal\n"
  "(rotation des journaux).",
  serve_opts,
  OPT_COUNT(serve_opts),
  0,
  0};

static int serve_is_loopback(const char *listen) {
  return !strncmp(listen, "127.", 4) || !strncmp(listen, "[::1]", 5) || !strncmp(listen, "localhost:", 10);
}

/* mail: the base of the links sent by e-mail, without a trailing slash. */
static void serve_public_url(const struct opt_result *r, char *out, size_t n) {
  const char *u = opt_get(r, "public-url");
  if (!u) u = opt_get(r, "public-origin");
  if (u) snprintf(out, n, "%s", u);
  else snprintf(out, n, "http://%s", opt_get(r, "listen"));
  size_t len = strlen(out);
  while (len && out[len - 1] == '/') out[--len] = '\0';
}

int cmd_serve(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&serve_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  enum log_format lf;
  if (log_format_parse(opt_get(&r, "log-format"), &lf)) {
    fprintf(stderr, "plam serve : format de journal inconnu (kv ou json)\n");
    opt_result_release(&r);
    return 2;
  }
  log_set_format(lf);
  if ((rc = cmd_limits_apply(&r, "serve")) >= 0) { /* rules: before any thread */
    opt_result_release(&r);
    return rc;
  }
  const char *secure = opt_get(&r, "cookie-secure"); /* auto, oui or non (OPT_CHOICE) */

  struct http_proxies proxies;
  if (http_proxies_parse(opt_get(&r, "trusted-proxy"), &proxies)) {
    fprintf(stderr, "plam serve : --trusted-proxy attend des adresses IP séparées par des virgules (%d au plus)\n",
            HTTP_MAX_PROXIES);
    opt_result_release(&r);
    return 2;
  }
  long header_timeout = opt_get_int(&r, "header-timeout", 10);
  if (header_timeout < 1 || header_timeout > 3600) {
    fprintf(stderr, "plam serve : --header-timeout attend un nombre de secondes entre 1 et 3600\n");
    opt_result_release(&r);
    return 2;
  }

  const char *log_file = opt_get(&r, "log-file");
  if (log_file && log_open(log_file)) {
    fprintf(stderr, "plam serve : impossible d'ouvrir le journal %s\n", log_file);
    opt_result_release(&r);
    return 1;
  }

  /* Block the stop and reopen signals in every thread; the main thread
   * waits for them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* Access-log lines reach the log within 100 ms (see base/log.h). */
  log_flusher_start(100);

  const char *dbpath = opt_get(&r, "db");
  struct db *db = NULL;
  int applied = 0;
  plam_err e = cmd_open_db(dbpath, 1, &db, &applied);
  if (!e) e = link_setup(db); /* mail: the signed links' secret */
  db_close(db);
  if (!e) e = password_init((unsigned)opt_get_int(&r, "hash-parallel", 2));
  struct api_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  if (!e) e = db_pool_init(dbpath, 0, &ctx.pool);
  auth_config_defaults(&ctx.auth);
  ctx.auth.idle_seconds = opt_get_int(&r, "session-idle", 7200);
  ctx.auth.max_seconds = opt_get_int(&r, "session-max", 43200);
  ctx.cookie_secure = !strcmp(secure, "oui") || (!strcmp(secure, "auto") && !serve_is_loopback(opt_get(&r, "listen")));
  ctx.public_origin = opt_get(&r, "public-origin");
  ctx.instance_name = opt_get(&r, "instance-name");
  ctx.brand_lines = opt_get(&r, "brand");
  ctx.brand_operator = opt_get(&r, "brand-operator");
  /* cache: on SQLite only (no cheap change stamp on PostgreSQL, db.h) */
  ctx.response_cache = !opt_get_flag(&r, "no-response-cache") && db_target_engine(dbpath) == DB_ENGINE_SQLITE;

  /* mail: outgoing e-mail and SMS, links' base */
  struct mail_config mail;
  mail_config_defaults(&mail);
  mail.smtp_url = opt_get(&r, "smtp-url");
  mail.smtp_starttls = !strcmp(opt_get(&r, "smtp-starttls"), "oui");
  mail.smtp_user = opt_get(&r, "smtp-user");
  mail.smtp_password = opt_get(&r, "smtp-password");
  mail.mail_from = opt_get(&r, "mail-from");
  mail.sms_url = opt_get(&r, "sms-url");
  mail.sms_token = opt_get(&r, "sms-token");
  mail.retry_base = opt_get_int(&r, "mail-retry", 60);
  char public_url[600];
  serve_public_url(&r, public_url, sizeof public_url);
  ctx.public_url = public_url;
  const char *mail_why = mail_config_check(&mail);
  if (!e && mail_why) {
    fprintf(stderr, "plam serve : %s\n", mail_why);
    e = PLAM_ERR_USAGE;
  }
  if (!e && mail.retry_base < 1) {
    fprintf(stderr, "plam serve : --mail-retry attend un nombre de secondes d'au moins 1\n");
    e = PLAM_ERR_USAGE;
  }
  if (!e) e = mail_global_init();
  struct serve_mail *sender = NULL;
  if (!e) e = serve_mail_start(dbpath, &mail, &sender);

  /* The UI carried in the binary, unless --web-root names a directory. */
  struct static_files statics = {0};
  const char *web = opt_get(&r, "web-root");
  if (!e && web && static_load(web, &statics))
    log_event(LOG_WARN, "web root not loaded: the UI will not be served", "web_root", web, NULL);
  if (!e && !web && static_load_embedded(&statics))
    log_event(LOG_WARN, "no UI embedded in this binary: the UI will not be served", NULL);
  if (!web) web = "(embedded)";

  long threads = opt_get_int(&r, "threads", 0);
  if (threads <= 0) threads = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 2;
  struct http_config cfg = {
    .listen = opt_get(&r, "listen"),
    .threads = (unsigned)threads,
    .max_connections = (unsigned)opt_get_int(&r, "max-connections", 1024),
    .max_per_ip = (unsigned)opt_get_int(&r, "max-per-ip", 256),
    .idle_timeout_s = (unsigned)opt_get_int(&r, "idle-timeout", 30),
    .request_timeout_s = (unsigned)opt_get_int(&r, "request-timeout", 60),
    .header_timeout_s = (unsigned)header_timeout,
    .trusted_proxies = opt_get(&r, "trusted-proxy"),
    .max_body = (size_t)opt_get_int(&r, "max-body", 1048576),
    .max_upload = (size_t)opt_get_int(&r, "max-upload", 134217728),
    .max_header_memory = (size_t)opt_get_int(&r, "max-header", 32768),
    .arena_cap = 16u << 20,
    .read_only = opt_get_flag(&r, "read-only"),
    .routes = api_routes,
    .nroutes = api_routes_count,
    .statics = statics.n ? &statics : NULL,
    .authorize = api_authorize,
    .release = api_release,
    .handled = api_handled,
    .hook_ctx = &ctx,
  };
  struct http_server *server = NULL;
  if (!e) {
    e = http_server_start(&cfg, &server);
    if (e) fprintf(stderr, "plam serve : impossible d'écouter sur %s (adresse invalide ou port occupé)\n", cfg.listen);
  }
  if (!e) {
    ctx.server = server;
    char port[16];
    snprintf(port, sizeof port, "%u", http_server_port(server));
    char shown[1100];
    db_target_redact(dbpath, shown, sizeof shown);
    log_event(LOG_INFO, "server started", "listen", cfg.listen, "port", port, "db", shown, "web_root", web, NULL);
    if (!cfg.read_only)
      cmd_offer_scheduler_start(ctx.pool, opt_get_int(&r, "offer-tick", 60), ctx.public_url, ctx.instance_name);
    if (!cfg.read_only) cmd_measure_scheduler_start(ctx.pool, opt_get_int(&r, "measure-tick", 300)); /* training */
    printf("plam : serveur démarré sur http://%s/ (Ctrl+C pour arrêter)\n", cfg.listen);
    if (!mail.smtp_url) { /* mail: said once */
      log_event(LOG_WARN, "no --smtp-url: e-mails stay queued in the outbox", NULL);
      printf("plam : aucun serveur de courriel (--smtp-url) : les courriels restent en file d'attente\n");
    }
    if (!mail.sms_url) printf("plam : aucun fournisseur de SMS (--sms-url) : les SMS restent en file d'attente\n");
    fflush(stdout);
    int sig = 0;
    while (!sigwait(&stop, &sig) && sig == SIGHUP)
      if (log_reopen()) log_event(LOG_ERROR, "log file not reopened", "log_file", log_file ? log_file : "", NULL);
      else log_event(LOG_INFO, "log file reopened", NULL);
    log_event(LOG_INFO, "server stopping", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM", NULL);
    cmd_offer_scheduler_stop();
    cmd_measure_scheduler_stop();
    http_server_stop(server);
  }
  serve_mail_stop(sender); /* mail */
  log_flusher_stop();      /* after the workers stopped: every line written */
  db_pool_release(ctx.pool);
  static_release(&statics);
  opt_result_release(&r);
  return cmd_report(e, "serve");
}
