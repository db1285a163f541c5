/* plam import candidates|needs: the recruitment module's files from the
 * command line, through the same app/ rules as the upload routes
 * (/api/candidate-imports, /api/need-imports): a CSV file or an XLSX
 * workbook (first sheet; the file's first bytes tell which), the layouts of
 * docs/FORMATS.md, checked in full, nothing written on error, one audit entry
 * per row. Called by cmd_import (cmd_plan_io.c).
 *   plam import candidates FICHIER.csv|FICHIER.xlsx
 *   plam import needs FICHIER.csv|FICHIER.xlsx
 * Exit codes: 0, 3 invalid file (every error on stderr, by row and column,
 * in French), 1 runtime failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "app/access/audit.h"
#include "app/recruit/recruit_app.h"
#include "cmd/cmd_recruit_import.h"
#include "cmd/cmd_util.h"
#include "db/db.h"

#define MAX_FILE ((size_t)256 << 20) /* 256 MiB, as the uploads' body limit allows at most less */

int cmd_import_recruit(const char *what, const char *path, const char *db_target) {
  int needs = !strcmp(what, "needs");
  if (!needs && strcmp(what, "candidates")) return -1;
  struct db *db = NULL;
  char *data = NULL;
  size_t len = 0;
  plam_err e = cmd_read_file(path, MAX_FILE, "256 Mio", &data, &len);
  if (!e) e = cmd_open_db(db_target, 0, &db, NULL);
  struct actor a;
  actor_cli(&a);
  json_t *errors = NULL, *ids = NULL;
  size_t total = 0;
  int64_t created = 0;
  if (!e)
    e = needs ? recruit_need_import(db, &a, data, len, &errors, &total, &created, &ids)
              : recruit_cand_import(db, &a, data, len, &errors, &total, &created, &ids);
  if (e == PLAM_ERR_INVALID && total) {
    size_t i;
    json_t *v;
    json_array_foreach(errors, i, v) fprintf(stderr, "%s\n", json_string_value(json_object_get(v, "message")));
    if (total > json_array_size(errors)) fprintf(stderr, "… et %zu autres erreurs\n", total - json_array_size(errors));
    fprintf(stderr, "plam import : %zu erreur%s dans « %s » (%s), rien n'a été importé\n", total, total > 1 ? "s" : "",
            path, recruit_is_xlsx(data, len) ? "XLSX" : "CSV");
  } else if (!e) {
    printf("plam import : %lld %s importé%s depuis « %s » (%s)\n", (long long)created,
           needs ? (created > 1 ? "besoins" : "besoin") : (created > 1 ? "candidats" : "candidat"),
           created > 1 ? "s" : "", path, recruit_is_xlsx(data, len) ? "XLSX" : "CSV");
  }
  json_decref(errors);
  json_decref(ids);
  free(data);
  db_close(db);
  return cmd_report(e, "import");
}
