/* Database commands: init, migrate, backup, check, version, routes, and the
 * helper that opens and migrates a database for the other commands. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "api/api.h"
#include "app/access/access_demo.h"
#include "app/recruit/recruit_app.h" /* recruit (issue 11) */
#include "app/campaign/campaign.h"
#include "app/dash/dash.h"   /* employer (issue 11): the demo feed of sheet 1.6 */
#include "app/estab/estab.h" /* geo: demo establishments and areas */
#include "app/geo/geo.h"     /* geo: communes loaded by init */
#include "app/intern/intern.h"
#include "app/plan/plan.h"
#include "app/train/train.h" /* training demo (issue 12) */
#include "app/access/password.h"
#include "base/opt.h"
#include "cmd/cmd.h"
#include "cmd/cmd_util.h"
#include "db/db.h"
#include "db/migrate.h"
#include "app/mail/link.h" /* mail */

static const struct opt_def db_only_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "BASE", "fichier SQLite ou adresse postgresql://utilisateur@serveur/base"},
};

static const struct opt_def init_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "BASE",
   "fichier SQLite à créer, ou adresse postgresql://utilisateur@serveur/base d'une base PostgreSQL existante"},
  {"demo", OPT_FLAG, NULL, NULL, "ajoute les données de démonstration (organisations, un compte par rôle)"},
  {"demo-dir", OPT_STRING, NULL, "RÉPERTOIRE",
   "données de démonstration (plans/*.json) ; défaut : celles intégrées au programme"},
};

const struct opt_cmd init_cmd = {
  "init",
  "--db BASE [--demo]",
  "Crée la base de données si elle n'existe pas et applique les migrations. Avec --demo, ajoute les données\n"
  "de démonstration et affiche les comptes créés. Sans effet sur une base déjà à jour. PostgreSQL : la base\n"
  "doit déjà exister, vide, en UTF-8 ; plam y crée le schéma.",
  init_opts,
  OPT_COUNT(init_opts),
  0,
  0};

int cmd_init(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&init_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  struct db *db = NULL;
  int applied = 0;
  plam_err e = cmd_open_db(opt_get(&r, "db"), 1, &db, &applied);
  if (!e) e = link_setup(db); /* mail: the secret of signed links */
  int64_t communes = 0;       /* geo: the reference communes, once */
  if (!e) e = geo_communes_load(db, &communes);
  if (!e && communes) printf("%lld communes de référence chargées (source : IGN, INSEE).\n", (long long)communes);
  if (!e && opt_get_flag(&r, "demo")) {
    e = password_init(2);
    if (!e) e = access_demo_load(db);
    if (!e) e = campaign_demo_load(db); /* one interns' campaign (issue 4) */
    if (!e) e = estab_demo_load(db);    /* geo: establishments and areas of Pays de la Loire */
    if (!e) e = intern_demo_load(db);   /* intern: internship sites, evaluations, alerts (issue 12) */
    if (!e) e = recruit_demo_load(db);  /* recruit (issue 11): pools, candidates, needs */
    int plans = 0;
    const char *demo_dir = opt_get(&r, "demo-dir");
    if (!e) e = demo_dir ? plan_demo_load_dir(db, demo_dir, &plans) : plan_demo_load_embedded(db, &plans);
    if (!e && plans)
      printf("%d plan(s) de démonstration chargé(s) depuis %s.\n", plans, demo_dir ? demo_dir : "le programme");
    if (!e) e = train_demo_load(db); /* training, Pays de la Loire (issue 12): after the plans it feeds */
    if (!e) e = dash_demo_load(db);  /* employer (issue 11): sheet 1.6 fed by the recruitment measures */
    if (!e) {
      printf("Données de démonstration chargées. Comptes (identifiant / mot de passe) :\n");
      for (int i = 0; i < demo_accounts_count; i++)
        printf("  %-13s %-24s %s\n", demo_accounts[i].login, demo_accounts[i].password, demo_accounts[i].display_name);
    }
  }
  if (!e) {
    char shown[1100];
    db_target_redact(opt_get(&r, "db"), shown, sizeof shown);
    printf("Base « %s » prête (schéma v%d, %d migration(s) appliquée(s)).\n", shown, db_schema_latest(), applied);
  }
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "init");
}

const struct opt_cmd migrate_cmd = {"migrate",
                                    "--db BASE",
                                    "Applique les migrations de schéma en attente (chacune dans sa transaction).",
                                    db_only_opts,
                                    OPT_COUNT(db_only_opts),
                                    0,
                                    0};

int cmd_migrate(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&migrate_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  struct db *db = NULL;
  int applied = 0;
  plam_err e = cmd_open_db(opt_get(&r, "db"), 0, &db, &applied);
  if (!e) printf("%d migration(s) appliquée(s) ; schéma v%d.\n", applied, db_schema_latest());
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "migrate");
}

static const struct opt_def backup_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "FICHIER", "base de données SQLite à sauvegarder"},
  {"to", OPT_STRING, NULL, "FICHIER", "fichier de sauvegarde à créer (ne doit pas exister)"},
};
const struct opt_cmd backup_cmd = {
  "backup",
  "--db FICHIER --to FICHIER",
  "Copie cohérente de la base (instantané d'une transaction de lecture), possible pendant que le serveur\n"
  "tourne ; la copie est ensuite vérifiée. SQLite seulement : une base PostgreSQL se sauvegarde avec les\n"
  "outils de PostgreSQL (pg_dump, ou la sauvegarde continue du serveur).",
  backup_opts,
  OPT_COUNT(backup_opts),
  0,
  0};

int cmd_backup(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&backup_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  const char *to = opt_get(&r, "to");
  if (!to) {
    fprintf(stderr, "plam backup : l'option --to est obligatoire\n");
    opt_result_release(&r);
    return 2;
  }
  struct db *db = NULL, *copy = NULL;
  if (db_target_engine(opt_get(&r, "db")) == DB_ENGINE_PG) {
    fprintf(stderr,
            "plam backup : sauvegarde des bases SQLite seulement ; une base PostgreSQL se sauvegarde avec\n"
            "pg_dump (par exemple « pg_dump -Fc -f plam.dump <adresse> ») ou la sauvegarde continue du serveur\n");
    opt_result_release(&r);
    return 2;
  }
  plam_err e = db_open(opt_get(&r, "db"), 0, &db);
  if (!e) {
    e = db_backup(db, to);
    if (e == PLAM_ERR_CONFLICT) fprintf(stderr, "plam backup : « %s » existe déjà\n", to);
  }
  char report[1024];
  if (!e) e = db_open(to, DB_OPEN_READONLY, &copy);
  if (!e) e = db_check(copy, report, sizeof report);
  if (!e) printf("Sauvegarde écrite et vérifiée : %s\n", to);
  db_close(copy);
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "backup");
}

const struct opt_cmd check_cmd = {
  "check",
  "--db BASE",
  "Vérifie l'intégrité de la base (pages, index, clés étrangères) et la version du schéma. PostgreSQL :\n"
  "contraintes non validées et index invalides (le serveur garde lui-même pages et clés étrangères).",
  db_only_opts,
  OPT_COUNT(db_only_opts),
  0,
  0};

int cmd_check(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&check_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  struct db *db = NULL;
  char report[4096];
  int version = 0;
  plam_err e = db_open(opt_get(&r, "db"), DB_OPEN_READONLY, &db);
  if (e && *db_open_error()) fprintf(stderr, "plam check : %s\n", db_open_error());
  if (!e) e = db_schema_version(db, &version);
  if (!e) {
    e = db_check(db, report, sizeof report);
    if (e == PLAM_ERR_DB) fputs(report, stderr);
  }
  if (!e && version != db_schema_latest()) {
    fprintf(stderr, "schéma v%d, ce programme attend v%d : lancez « plam migrate »\n", version, db_schema_latest());
    e = PLAM_ERR_INVALID;
  }
  if (!e) printf("Base saine (schéma v%d).\n", version);
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "check");
}

const struct opt_cmd version_cmd = {
  "version", "", "Affiche la version du programme et celle du schéma de base qu'il attend.", NULL, 0, 0, 0};

int cmd_version(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&version_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  printf("plam %s (schéma v%d)\n", PLAM_VERSION, db_schema_latest());
  opt_result_release(&r);
  return 0;
}

const struct opt_cmd routes_cmd = {
  "routes",
  "",
  "Affiche en JSON la table des routes de l'API : méthode, chemin, permission, drapeaux, entrée attendue\n"
  "(champs du corps et de la requête, types, limites, valeurs permises), et les rôles qui\n"
  "détiennent chaque permission. Sert aux tests et à la revue des droits.",
  NULL,
  0,
  0,
  0};

int cmd_routes(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&routes_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  json_t *routes = json_array(), *perms = json_object();
  for (int i = 0; i < api_routes_count; i++) {
    const struct http_route *rt = &api_routes[i];
    json_array_append_new(
      routes, json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:o}", "method", http_method_name(rt->method), "path",
                        rt->pattern, "permission", rt->perm ? rt->perm : "", "public", (rt->flags & ROUTE_PUBLIC) != 0,
                        "csrf_exempt", (rt->flags & ROUTE_NO_CSRF) != 0, "write", (rt->flags & ROUTE_WRITE) != 0,
                        "summary", rt->summary, "input", api_input_json(rt->input ? rt->input->spec : NULL)));
  }
  for (int i = 0; i < perms_count; i++) {
    json_t *roles = json_array();
    for (int ro = 0; ro < ROLE__COUNT; ro++)
      if (roles_allows((enum role)ro, perms_table[i].name))
        json_array_append_new(roles, json_string(role_code((enum role)ro)));
    json_object_set_new(perms, perms_table[i].name, roles);
  }
  json_t *out = json_pack("{s:o, s:o}", "routes", routes, "permissions", perms);
  json_dumpf(out, stdout, JSON_INDENT(2));
  putchar('\n');
  json_decref(out);
  opt_result_release(&r);
  return 0;
}
