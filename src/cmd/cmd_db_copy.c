/* plam db copy: the command around db_copy_run (src/db/db_copy.c), which
 * moves a SQLite database to an empty PostgreSQL database, all or nothing,
 * verified by row counts and per-table checksums. This file checks the
 * options, refuses a non-empty target, and makes the source snapshot: the
 * source is never written; a consistent copy of it (db_backup, VACUUM INTO)
 * goes to a temporary file, which is migrated to the binary's schema (so a
 * database of any older schema version copies; one newer than the binary is
 * refused). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/opt.h"
#include "cmd/cmd.h"
#include "cmd/cmd_util.h"
#include "db/db.h"
#include "db/db_copy.h"
#include "db/migrate.h"

/* ---- command ------------------------------------------------------------ */

static const struct opt_def copy_opts[] = {
  {"from", OPT_STRING, NULL, "FICHIER", "base SQLite à copier (jamais modifiée ; le serveur peut tourner)"},
  {"to", OPT_STRING, NULL, "ADRESSE", "base PostgreSQL vide : postgresql://utilisateur@serveur/base"},
};
static const struct opt_cmd copy_cmd = {
  "db copy",
  "--from FICHIER --to postgresql://…",
  "Copie une base SQLite dans une base PostgreSQL vide, sans perte : crée le schéma, copie chaque table,\n"
  "puis vérifie le nombre de lignes et une somme de contrôle de chaque table sur les deux moteurs. Tout ou\n"
  "rien : une seule transaction sur la cible, annulée au moindre échec ou écart (la cible reste vide).\n"
  "La source n'est jamais modifiée : une copie cohérente en est faite dans un fichier temporaire, mise au\n"
  "schéma de ce programme si elle est plus ancienne. Une cible qui contient déjà quelque chose est refusée.",
  copy_opts,
  OPT_COUNT(copy_opts),
  0,
  0};

__attribute__((format(printf, 2, 3))) static int copy_refuse(struct opt_result *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "plam db copy : ");
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  opt_result_release(r);
  return 2;
}

/* Snapshot of the source in dir/source.db, migrated; the open copy in *out. */
static plam_err source_snapshot(const char *from, const char *dir, char *path, size_t n, struct db **out) {
  struct db *db = NULL;
  snprintf(path, n, "%s/source.db", dir);
  plam_err e = db_open(from, 0, &db); /* VACUUM INTO needs a read-write connection */
  if (e) fprintf(stderr, "plam db copy : %s\n", db_open_error());
  if (!e) e = db_backup(db, path);
  db_close(db);
  db = NULL;
  int before = 0, applied = 0;
  if (!e) e = db_open(path, 0, &db);
  if (!e) e = db_schema_version(db, &before);
  if (!e) {
    e = db_migrate(db, &applied);
    if (e == PLAM_ERR_CONFLICT)
      fprintf(stderr, "plam db copy : la source est au schéma v%d, plus récent que ce programme (v%d)\n", before,
              db_schema_latest());
  }
  if (!e) fprintf(stderr, "Source : schéma v%d%s", before, applied ? "" : ".\n");
  if (!e && applied) fprintf(stderr, ", mise au schéma v%d sur la copie de travail.\n", db_schema_latest());
  if (e) db_close(db);
  else *out = db;
  return e;
}

static int cmd_db_copy(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&copy_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  const char *from = opt_get(&r, "from"), *to = opt_get(&r, "to");
  if (!from || !to) return copy_refuse(&r, "les options --from et --to sont obligatoires");
  if (db_target_engine(from) != DB_ENGINE_SQLITE)
    return copy_refuse(&r, "--from doit être un fichier SQLite, pas une adresse postgresql://");
  if (access(from, R_OK) != 0) return copy_refuse(&r, "fichier source « %s » introuvable ou illisible", from);
  if (db_target_engine(to) != DB_ENGINE_PG)
    return copy_refuse(&r, "--to doit être une adresse postgresql://… (reçu « %s »)", to);

  struct db *src = NULL, *dst = NULL;
  struct db_copy_result res = {0};
  char tmpdir[] = "/tmp/plam-copy.XXXXXX", srcpath[64] = "", shown[1100], schema[128] = "";
  int made_tmp = 0;
  int64_t objects = 0;
  db_target_redact(to, shown, sizeof shown);
  plam_err e = db_open(to, 0, &dst);
  if (e) fprintf(stderr, "plam db copy : %s\n", db_open_error());
  if (!e) e = db_copy_target_objects(dst, &objects, schema, sizeof schema);
  if (!e && objects) {
    fprintf(stderr,
            "plam db copy : la base cible « %s » n'est pas vide (%lld objet(s) dans le schéma « %s ») ;\n"
            "  plam db copy n'écrit que dans une base vide : créez-en une (CREATE DATABASE …) et recommencez\n",
            shown, (long long)objects, schema);
    e = PLAM_ERR_CONFLICT;
    rc = 1;
  }
  if (!e) {
    if (!mkdtemp(tmpdir)) e = PLAM_ERR_IO;
    else made_tmp = 1;
  }
  if (!e) e = source_snapshot(from, tmpdir, srcpath, sizeof srcpath, &src);
  if (!e) {
    fprintf(stderr, "Cible « %s ».\n", shown);
    e = db_copy_run(src, dst, stderr, isatty(2), &res);
  }
  if (!e)
    printf("Copie terminée et vérifiée : %d table(s), %lld ligne(s), de « %s » vers « %s ».\n", res.tables,
           (long long)res.rows, from, shown);
  else if (res.began) fprintf(stderr, "plam db copy : rien n'a été écrit dans « %s » (transaction annulée)\n", shown);
  db_close(src);
  db_close(dst);
  db_copy_release(&res);
  if (srcpath[0]) unlink(srcpath);
  if (made_tmp) {
    char side[96];
    for (size_t i = 0; i < 2; i++) {
      snprintf(side, sizeof side, "%s%s", srcpath, i ? "-shm" : "-wal");
      unlink(side);
    }
    rmdir(tmpdir);
  }
  opt_result_release(&r);
  if (rc > 0) return rc;
  return cmd_report(e, "db copy");
}

int cmd_db(int argc, char **argv) {
  if (argc >= 1 && !strcmp(argv[0], "copy")) return cmd_db_copy(argc - 1, argv + 1);
  int help = argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"));
  FILE *f = help ? stdout : stderr;
  if (!help && argc >= 1) fprintf(stderr, "plam db : sous-commande inconnue « %s »\n\n", argv[0]);
  fprintf(f, "Usage : plam db copy --from FICHIER --to postgresql://…\n\n"
             "  copy   copie une base SQLite dans une base PostgreSQL vide, vérifiée, tout ou rien\n\n"
             "« plam db copy --help » détaille la commande.\n\n"
             "Codes de sortie : 0 succès, 1 échec d'exécution, 2 erreur d'utilisation, 3 données invalides.\n");
  return help ? 0 : 2;
}
