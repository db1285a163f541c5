/* plam import|export: a plan's data in and out from the command line,
 * through the same app/ rules (validation in full, scoping, audit) as the
 * API.
 *   plam import measurements --db DB --plan ID|SLUG FICHIER.csv|.xlsx [--as IDENTIFIANT]
 *   plam export iati --db DB --plan ID|SLUG --to FICHIER.xml
 *   plam export copil|rapport --db DB --plan ID|SLUG --output FICHIER.xlsx|.html
 *   plam import structure --db DB --file FICHIER [--format csv|xlsx] [--slug S] [--code-prefix P] [--as IDENTIFIANT]
 *   plam export structure --db DB --plan ID|SLUG --format xlsx|csv --output FICHIER
 * Exit codes: 0 success, 2 usage, 3 invalid file (every error listed on
 * stderr by row and column, nothing written), 1 runtime failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "app/plan/copil.h"
#include "app/plan/plan.h"
#include "app/plan/plan_io.h"
#include "app/plan/plan_struct.h"
#include "app/access/users.h"
#include "cmd/cmd.h"
#include "cmd/cmd_limits.h"         /* rules: the working-time limits */
#include "cmd/cmd_geo.h"            /* geo: plam import areas|finess */
#include "cmd/cmd_recruit_import.h" /* season: plam import candidates|needs */
#include "cmd/cmd_util.h"
#include "db/db.h"

/* The options of both commands; import adds the working-time limits (rules:
 * plam import needs refuses a slot longer than the shift limit). */
#define IO_OPTS \
  {"db", OPT_STRING, "var/plam.db", "BASE", "fichier SQLite ou adresse postgresql://utilisateur@serveur/base"}, \
    {"plan", OPT_STRING, NULL, "ID|SLUG", "plan concerné (identifiant numérique ou slug)"}, \
    {"as", OPT_STRING, NULL, "IDENTIFIANT", \
     "agit au nom de ce compte (ses droits s'appliquent, le journal le nomme)"}, \
    {"to", OPT_STRING, NULL, "FICHIER", "fichier à écrire (export)"}, \
    {"file", OPT_STRING, NULL, "FICHIER", "fichier de structure à importer (import structure)"}, \
    {"format", OPT_STRING, NULL, "csv|xlsx", \
     "format du fichier de structure (défaut : d'après le nom ou le contenu)"}, \
    {"output", OPT_STRING, NULL, "FICHIER", "fichier à écrire (export ; synonyme de --to)"}, \
    {"slug", OPT_STRING, NULL, "IDENTIFIANT", \
     "identifiant du nouveau plan (import structure ; défaut : celui du fichier)"}, \
    {"code-prefix", OPT_STRING, NULL, "PRÉFIXE", "préfixe ajouté aux codes d'indicateurs (import structure)"},

static const struct opt_def io_opts[] = {IO_OPTS};
static const struct opt_def import_opts[] = {IO_OPTS CMD_LIMIT_OPTS};

const struct opt_cmd import_cmd = {
  "import",
  "measurements|structure|areas|finess|candidates|needs ...",
  "Importe des données : valeurs d'indicateurs ou structure d'un plan, zones, extraction FINESS.\n"
  "  plam import measurements --plan ID|SLUG FICHIER.csv|FICHIER.xlsx [--as IDENTIFIANT]\n"
  "Format long, une valeur par ligne : indicateur ; territoire (FR, REG-52, DEP-44 ou 44) ; date (AAAA-MM-JJ) ; "
  "type (valeur, numerateur, denominateur) ; valeur (virgule décimale acceptée) ; source et commentaire "
  "facultatifs. Le fichier est vérifié en entier avant toute écriture : à la moindre erreur rien n'est importé "
  "et chaque erreur est listée avec sa ligne et sa colonne. Les valeurs sont proposées (à valider par l'équipe "
  "du plan), en un seul lot inscrit au journal d'audit. Format : docs/FORMATS.md.\n"
  "  plam import structure --file FICHIER.xlsx|FICHIER.csv [--format csv|xlsx] [--slug S] [--code-prefix P]\n"
  "Crée un plan en brouillon depuis un fichier de structure (organisations, axes, actions, partenaires, feuille "
  "de route, indicateurs, cibles, chiffres, textes), tel que « plam export structure » l'écrit. Le fichier est "
  "vérifié en entier : à la moindre erreur rien n'est créé et chaque erreur est listée avec sa feuille, sa ligne "
  "et sa colonne.\n"
  "  plam import areas FICHIER.csv   zones (une ligne par commune : code zone;nom zone;type;code commune)\n"
  "  plam import finess FICHIER.csv   extraction FINESS des établissements (Latin-1), mise à jour par numéro "
  "FINESS. Format : docs/FORMATS.md.\n"
  "  plam import candidates FICHIER.csv|FICHIER.xlsx   candidats du recrutement (CSV ou première feuille d'un "
  "classeur XLSX)\n"
  "  plam import needs FICHIER.csv|FICHIER.xlsx   besoins de recrutement (mêmes colonnes que l'import par la page ; "
  "rien n'est écrit à la moindre erreur, listée avec sa ligne et sa colonne)",
  import_opts,
  OPT_COUNT(import_opts),
  1,
  2};

const struct opt_cmd export_cmd = {
  "export",
  "iati|structure|copil|rapport --plan ID|SLUG --to|--output FICHIER",
  "Exporte les données d'un plan.\n"
  "  plam export iati --plan ID|SLUG --to FICHIER.xml   résultats et budgets au format IATI 2.03\n"
  "  plam export structure --plan ID|SLUG --format xlsx|csv --output FICHIER   structure du plan "
  "(réimportable avec « plam import structure »)\n"
  "  plam export copil --plan ID|SLUG --output FICHIER.xlsx   dossier COPIL : synthèse et une feuille par axe\n"
  "  plam export rapport --plan ID|SLUG --output FICHIER.html   rapport imprimable (feuille de style "
  "/css/report.css du serveur)\n",
  io_opts,
  OPT_COUNT(io_opts),
  1,
  1};

static plam_err find_plan(struct db *db, const char *ref, int64_t *id) {
  plam_err e = plan_find(db, ref, id);
  if (e == PLAM_ERR_NOT_FOUND) fprintf(stderr, "plam : plan « %s » introuvable\n", ref);
  return e;
}

static plam_err actor_as(struct db *db, const char *login, struct actor *a) {
  actor_cli(a);
  if (!login) return PLAM_OK;
  plam_err e = users_actor(db, login, a);
  if (e == PLAM_ERR_NOT_FOUND) fprintf(stderr, "plam : compte « %s » introuvable\n", login);
  if (e == PLAM_ERR_FORBIDDEN) fprintf(stderr, "plam : le compte « %s » est désactivé\n", login);
  return e;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static plam_err import_measurements(struct db *db, const struct actor *a, int64_t plan_id, const char *path) {
  char *data = NULL;
  size_t len = 0;
  plam_err e = cmd_read_file(path, (size_t)2 << 30, "2 Gio", &data, &len);
  if (e) return e;
  size_t pl = strlen(path);
  enum meas_format fmt = pl > 5 && !strcmp(path + pl - 5, ".xlsx") ? MEAS_XLSX : plan_import_sniff(NULL, data, len);
  struct meas_report rep;
  struct plan_import_result res;
  e = plan_measurements_import(db, a, plan_id, fmt, data, len, base_name(path), &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total_errors) {
    for (size_t i = 0; i < rep.nerrors; i++) {
      const struct meas_error *x = &rep.errors[i];
      if (x->row && x->column[0]) fprintf(stderr, "ligne %u, colonne %s : %s\n", x->row, x->column, x->message);
      else if (x->row) fprintf(stderr, "ligne %u : %s\n", x->row, x->message);
      else fprintf(stderr, "%s\n", x->message);
    }
    if (rep.total_errors > rep.nerrors) fprintf(stderr, "… et %zu autres erreurs\n", rep.total_errors - rep.nerrors);
    fprintf(stderr, "plam import : %zu erreur%s, rien n'a été importé\n", rep.total_errors,
            rep.total_errors > 1 ? "s" : "");
  } else if (!e) {
    printf("%zu lignes lues, %zu valeurs proposées (lot %s)%s.\n", res.rows, res.measurements, res.batch,
           res.cp1252 ? " ; fichier converti depuis Windows-1252" : "");
  }
  meas_report_free(&rep);
  free(data);
  return e;
}

/* plam import structure: a new draft plan from a structure file. */
static plam_err import_structure(struct db *db, const struct actor *a, const struct opt_result *r) {
  const char *path = opt_get(r, "file"), *fmt_name = opt_get(r, "format");
  char *data = NULL;
  size_t len = 0;
  plam_err e = cmd_read_file(path, (size_t)2 << 30, "2 Gio", &data, &len);
  if (e) return e;
  size_t pl = strlen(path);
  int fmt = fmt_name                                    ? ps_format_parse(fmt_name)
            : pl > 5 && !strcmp(path + pl - 5, ".xlsx") ? PS_XLSX
                                                        : (int)ps_format_sniff(NULL, data, len);
  if (fmt < 0) {
    fprintf(stderr, "plam import : format « %s » inconnu (csv ou xlsx)\n", fmt_name);
    free(data);
    return PLAM_ERR_USAGE;
  }
  struct ps_import_options opt = {.slug = opt_get(r, "slug"),
                                  .code_prefix = opt_get(r, "code-prefix"),
                                  .filename = base_name(path)};
  struct ps_report rep;
  struct ps_import_result res;
  e = plan_struct_import(db, a, (enum ps_format)fmt, data, len, &opt, &rep, &res);
  if (e == PLAM_ERR_INVALID && rep.total) {
    for (size_t i = 0; i < rep.nerrors; i++) {
      const struct ps_error *x = &rep.errors[i];
      if (x->sheet[0]) fprintf(stderr, "feuille « %s », ", x->sheet);
      if (x->row) fprintf(stderr, "ligne %u, ", x->row);
      if (x->column[0]) fprintf(stderr, "colonne « %s », ", x->column);
      fprintf(stderr, "%s\n", x->message);
    }
    if (rep.total > rep.nerrors) fprintf(stderr, "… et %zu autres erreurs\n", rep.total - rep.nerrors);
    fprintf(stderr, "plam import : %zu erreur%s, rien n'a été importé\n", rep.total, rep.total > 1 ? "s" : "");
  } else if (!e) {
    printf("Plan « %s » créé en brouillon (identifiant %lld) : %zu axes, %zu actions, %zu indicateurs, %zu cibles, "
           "%zu organisations créées.\n",
           res.slug, (long long)res.plan_id, res.counts[PS_AXES], res.counts[PS_ACTIONS], res.counts[PS_INDICATORS],
           res.counts[PS_TARGETS], res.orgs_created);
  }
  ps_report_free(&rep);
  free(data);
  return e;
}

int cmd_import(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&import_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  if ((rc = cmd_limits_apply(&r, "import")) >= 0) { /* rules */
    opt_result_release(&r);
    return rc;
  }
  if (r.npositional == 2) { /* geo: areas and FINESS files */
    int geo = cmd_import_geo(r.positional[0], r.positional[1], opt_get(&r, "db"));
    if (geo < 0) geo = cmd_import_recruit(r.positional[0], r.positional[1], opt_get(&r, "db")); /* season */
    if (geo >= 0) {
      opt_result_release(&r);
      return geo;
    }
  }
  if (!strcmp(r.positional[0], "structure") && r.npositional == 1 && opt_get(&r, "file")) {
    struct db *db = NULL;
    struct actor a;
    plam_err e = cmd_open_db(opt_get(&r, "db"), 0, &db, NULL);
    if (!e) e = actor_as(db, opt_get(&r, "as"), &a);
    if (!e) e = import_structure(db, &a, &r);
    db_close(db);
    opt_result_release(&r);
    return cmd_report(e, "import");
  }
  if (strcmp(r.positional[0], "measurements") || r.npositional != 2 || !opt_get(&r, "plan")) {
    fprintf(stderr, "plam import : usage : plam import %s (voir plam import --help)\n", import_cmd.usage);
    opt_result_release(&r);
    return 2;
  }
  struct db *db = NULL;
  struct actor a;
  int64_t plan_id = 0;
  plam_err e = cmd_open_db(opt_get(&r, "db"), 0, &db, NULL);
  if (!e) e = actor_as(db, opt_get(&r, "as"), &a);
  if (!e) e = find_plan(db, opt_get(&r, "plan"), &plan_id);
  if (!e) e = import_measurements(db, &a, plan_id, r.positional[1]);
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "import");
}

static plam_err write_file(const char *path, const char *data, size_t len) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fprintf(stderr, "plam export : impossible d'écrire « %s » : %s\n", tmp, strerror(errno));
    return PLAM_ERR_IO;
  }
  int bad = fwrite(data, 1, len, f) != len;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path)) {
    remove(tmp);
    fprintf(stderr, "plam export : écriture de « %s » impossible\n", path);
    return PLAM_ERR_IO;
  }
  return PLAM_OK;
}

/* The workbook is written beside its final name, then renamed. */
static plam_err export_copil(struct db *db, const struct actor *a, int64_t plan_id, const char *path) {
  char *data = NULL;
  size_t len = 0;
  plam_err e = copil_xlsx_bytes(db, a, plan_id, &data, &len);
  if (!e) e = write_file(path, data, len);
  free(data);
  return e;
}

int cmd_export(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&export_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  const char *what = r.positional[0], *to = opt_get(&r, "to");
  if (!to) to = opt_get(&r, "output");
  int structure = !strcmp(what, "structure"), fmt = ps_format_parse(opt_get(&r, "format"));
  if ((!structure && strcmp(what, "iati") && strcmp(what, "copil") && strcmp(what, "rapport")) ||
      !opt_get(&r, "plan") || !to || (structure && fmt < 0)) {
    fprintf(stderr, "plam export : usage : plam export %s (voir plam export --help)\n", export_cmd.usage);
    opt_result_release(&r);
    return 2;
  }
  struct db *db = NULL;
  struct actor a;
  int64_t plan_id = 0;
  struct field_error fe = {0};
  plam_err e = cmd_open_db(opt_get(&r, "db"), 0, &db, NULL);
  if (!e) e = actor_as(db, opt_get(&r, "as"), &a);
  if (!e) e = find_plan(db, opt_get(&r, "plan"), &plan_id);
  struct buf out;
  buf_init(&out, (size_t)256 << 20);
  if (!e && !strcmp(what, "copil")) e = export_copil(db, &a, plan_id, to);
  else {
    if (!e && structure) e = plan_struct_export_bytes(db, &a, plan_id, (enum ps_format)fmt, &out);
    if (!e && !strcmp(what, "iati")) e = plan_iati_xml(db, &a, plan_id, &out, &fe);
    if (!e && !strcmp(what, "rapport")) e = report_html(db, &a, plan_id, &out);
    if (!e) e = write_file(to, out.data ? out.data : "", out.len);
  }
  if (fe.field[0]) fprintf(stderr, "plam export : %s : %s\n", fe.field, fe.message);
  buf_release(&out);
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "export");
}
