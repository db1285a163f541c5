/* plam import areas|finess: the geography module's files from the command
 * line, through the same app/ rules as the upload routes (checked in full,
 * nothing written on error, audited). Called by cmd_import (cmd_plan_io.c).
 *   plam import areas FICHIER.csv       areas (one row per commune)
 *   plam import finess FICHIER.csv      FINESS extract (Latin-1), upserted
 * Exit codes: 0, 2 usage, 3 invalid file (errors listed by line and column on
 * stderr), 1 runtime failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "app/estab/estab.h"
#include "app/geo/geo.h"
#include "cmd/cmd_geo.h"
#include "cmd/cmd_util.h"
#include "db/db.h"

static void print_msgs(FILE *out, const struct geo_file_msg *m, size_t n, size_t total, const char *more) {
  char line[512];
  for (size_t i = 0; i < n; i++) {
    geo_file_msg_text(&m[i], line, sizeof line);
    fprintf(out, "%s\n", line);
  }
  if (total > n) fprintf(out, "… et %zu autres %s\n", total - n, more);
}

static void progress(void *ud, size_t done, size_t total) {
  (void)ud;
  fprintf(stderr, "\rplam import : %zu / %zu établissements écrits", done, total);
  if (done == total) fputc('\n', stderr);
}

int cmd_import_geo(const char *what, const char *path, const char *db_target) {
  int finess = !strcmp(what, "finess");
  if (!finess && strcmp(what, "areas")) return -1;
  struct db *db = NULL;
  char *data = NULL;
  size_t len = 0;
  plam_err e = cmd_read_file(path, (size_t)1 << 30, "1 Gio", &data, &len);
  if (!e) e = cmd_open_db(db_target, 0, &db, NULL);
  struct actor a;
  actor_cli(&a);
  struct geo_file_report rep;
  geo_file_report_init(&rep);
  json_t *sum = NULL;
  if (!e && finess) {
    fprintf(stderr, "plam import : lecture de « %s » (%zu octets)\n", path, len);
    e = estab_finess_import(db, &a, data, len, progress, NULL, &rep, &sum);
  } else if (!e) {
    e = geo_areas_import(db, &a, data, len, &rep, &sum);
  }
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    print_msgs(stderr, rep.errors, rep.nerrors, rep.total_errors, "erreurs");
    fprintf(stderr, "plam import : %zu erreur%s, rien n'a été importé\n", rep.total_errors,
            rep.total_errors > 1 ? "s" : "");
  } else if (!e) {
    print_msgs(stdout, rep.notices, rep.nnotices, rep.total_notices, "remarques");
    if (finess)
      printf("%lld établissements lus : %lld créés, %lld mis à jour, %lld inchangés ; %lld géolocalisés par le "
             "fichier, %lld au centre de leur commune.\n",
             (long long)json_integer_value(json_object_get(sum, "establishments")),
             (long long)json_integer_value(json_object_get(sum, "created")),
             (long long)json_integer_value(json_object_get(sum, "updated")),
             (long long)json_integer_value(json_object_get(sum, "unchanged")),
             (long long)json_integer_value(json_object_get(sum, "geolocated")),
             (long long)json_integer_value(json_object_get(sum, "centroid")));
    else
      printf("%lld lignes lues : %lld zones (%lld créées, %lld mises à jour), %lld communes.\n",
             (long long)json_integer_value(json_object_get(sum, "rows")),
             (long long)json_integer_value(json_object_get(sum, "areas")),
             (long long)json_integer_value(json_object_get(sum, "created")),
             (long long)json_integer_value(json_object_get(sum, "updated")),
             (long long)json_integer_value(json_object_get(sum, "communes")));
  }
  json_decref(sum);
  geo_file_report_free(&rep);
  free(data);
  db_close(db);
  return cmd_report(e, "import");
}
