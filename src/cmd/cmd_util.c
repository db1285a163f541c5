/* Helpers shared by the subcommands: see cmd_util.h. */
#include "cmd/cmd_util.h"
#include <errno.h>
#include "cmd/cmd.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "db/db.h"
#include "db/migrate.h"

const struct opt_cmd *const cmd_tables[] = {&init_cmd,     &serve_cmd,  &user_cmd,    &migrate_cmd,
                                            &backup_cmd,   &check_cmd,  &version_cmd, &routes_cmd,
                                            &allocate_cmd, &import_cmd, &export_cmd};
const int cmd_tables_count = (int)(sizeof cmd_tables / sizeof cmd_tables[0]);

int cmd_parse(const struct opt_cmd *cmd, int argc, char **argv, struct opt_result *r) {
  char err[512];
  opt_set_shared(cmd_tables, cmd_tables_count);
  if (opt_parse(cmd, argc, argv, r, err, sizeof err)) {
    fprintf(stderr, "plam %s : %s\n", cmd->name, err);
    return 2;
  }
  if (r->help) {
    opt_print_help(cmd);
    opt_result_release(r);
    return 0;
  }
  return -1;
}

/* Creates the parent directory of path if missing (one level, like var/). */
static void cmd_mkdir_parent(const char *path) {
  if (db_target_engine(path) != DB_ENGINE_SQLITE) return; /* a PostgreSQL database exists on its server */
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return;
  *slash = '\0';
  if (mkdir(dir, 0750) && errno != EEXIST) fprintf(stderr, "plam : impossible de créer le dossier %s\n", dir);
}

plam_err cmd_open_db(const char *path, int create, struct db **out, int *applied) {
  if (create) cmd_mkdir_parent(path);
  char shown[1100];
  db_target_redact(path, shown, sizeof shown);
  plam_err e = db_open(path, create ? DB_OPEN_CREATE : 0, out);
  if (e) {
    fprintf(stderr, "plam : impossible d'ouvrir la base « %s »%s\n", shown,
            create || db_target_engine(path) != DB_ENGINE_SQLITE ? "" : " (créez-la avec « plam init »)");
    if (*db_open_error()) fprintf(stderr, "plam : %s\n", db_open_error());
    return e;
  }
  e = db_migrate(*out, applied);
  if (e == PLAM_ERR_CONFLICT)
    fprintf(stderr, "plam : la base « %s » a un schéma plus récent que ce programme (v%d) : mettez plam à jour\n",
            shown, db_schema_latest());
  else if (e) fprintf(stderr, "plam : échec de la migration : %s\n", db_errmsg(*out));
  return e;
}

int cmd_report(plam_err e, const char *cmd) {
  if (e) fprintf(stderr, "plam %s : %s\n", cmd, error_message(e));
  return error_exit_code(e);
}

plam_err cmd_read_file(const char *path, size_t max, const char *max_text, char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "plam import : impossible d'ouvrir « %s » : %s\n", path, strerror(errno));
    return PLAM_ERR_IO;
  }
  struct stat st;
  if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > (uint64_t)max) {
    fprintf(stderr, "plam import : « %s » n'est pas un fichier ordinaire de %s au plus\n", path, max_text);
    fclose(f);
    return PLAM_ERR_IO;
  }
  char *d = malloc((size_t)st.st_size + 1);
  size_t n = d ? fread(d, 1, (size_t)st.st_size, f) : 0;
  plam_err e = !d ? PLAM_ERR_NOMEM : (n != (size_t)st.st_size || ferror(f)) ? PLAM_ERR_IO : PLAM_OK;
  fclose(f);
  if (e) {
    free(d);
    return e;
  }
  d[n] = '\0';
  *data = d;
  *len = n;
  return PLAM_OK;
}
