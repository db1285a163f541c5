/* plam: one binary, many subcommands. This file only maps argv[1] to an entry
 * of the command table; everything else lives in cmd/ and below. */
#include <stdio.h>
#include <string.h>
#include "cmd/cmd.h"

struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary; /* French, one line */
};

static const struct command commands[] = {
  {"init", cmd_init, "crée et migre la base de données (--demo ajoute les données de démonstration)"},
  {"serve", cmd_serve, "démarre le serveur web et l'API JSON"},
  {"user", cmd_user, "gère les comptes : add, list, disable, enable, passwd"},
  {"migrate", cmd_migrate, "applique les migrations de schéma en attente"},
  {"backup", cmd_backup, "copie cohérente de la base, même pendant le service"},
  {"check", cmd_check, "vérifie l'intégrité de la base"},
  {"db", cmd_db, "copy : copie une base SQLite dans une base PostgreSQL vide, vérifiée"},
  {"allocate", cmd_allocate, "affectation : choix des internes, appariement des docteurs juniors"},
  {"recruit", cmd_recruit, "recrutement : classe les candidats d'un besoin (rank), avec raisons et exclusions"},
  {"offer", cmd_offer, "offres de recrutement : un pas de l'envoi des vagues (tick)"},
  {"import", cmd_import,
   "importe des valeurs d'indicateurs, la structure d'un plan, des zones ou une extraction FINESS, vérifiées en entier "
   "avant écriture"},
  {"export", cmd_export,
   "exporte un plan : IATI 2.03, structure (CSV, XLSX), dossier COPIL (XLSX), rapport imprimable (HTML)"},
  {"routes", cmd_routes, "liste les routes de l'API et leurs permissions (JSON)"},
  {"version", cmd_version, "affiche la version"},
  {"man", cmd_man, "écrit la page de manuel plam(1) (format roff)"},
};

static void main_usage(FILE *f) {
  fprintf(f, "plam — plan de mobilisation régional des métiers de la santé, du social et du médico-social\n\n"
             "Usage : plam COMMANDE [OPTIONS]\n\nCommandes :\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n« plam COMMANDE --help » détaille chaque commande.\n");
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    main_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "--version")) return cmd_version(0, NULL);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 2, argv + 2);
  fprintf(stderr, "plam : commande inconnue « %s »\n\n", argv[1]);
  main_usage(stderr);
  return 2;
}
