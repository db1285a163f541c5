/* plam user add|list|disable|enable|passwd: account administration from the
 * command line, through the same app/ rules (validation, audit) as the API.
 * Passwords are read from standard input, never from arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "app/access/password.h"
#include "app/access/users.h"
#include "cmd/cmd.h"
#include "cmd/cmd_util.h"
#include "db/db.h"

static const struct opt_def user_opts[] = {
  {"db", OPT_STRING, "var/plam.db", "BASE", "fichier SQLite ou adresse postgresql://utilisateur@serveur/base"},
  {"role", OPT_STRING, NULL, "RÔLE",
   "admin, staff, pilot, partner, employer, candidate, institute, intern, local_authority"},
  {"org", OPT_INT, NULL, "ID", "organisation pour laquelle le compte agit"},
  {"name", OPT_STRING, NULL, "NOM", "nom affiché (défaut : l'identifiant)"},
  {"email", OPT_STRING, NULL, "ADRESSE", "adresse électronique"},
  {"password-stdin", OPT_FLAG, NULL, NULL, "lit le mot de passe sur l'entrée standard (une ligne)"},
};

const struct opt_cmd user_cmd = {
  "user",
  "add|list|disable|enable|passwd [IDENTIFIANT] [OPTIONS]",
  "Gère les comptes.\n"
  "  plam user add IDENTIFIANT --role RÔLE [--org ID] [--name NOM] [--email ADRESSE] --password-stdin\n"
  "  plam user list\n"
  "  plam user disable IDENTIFIANT      (met aussi fin à ses sessions)\n"
  "  plam user enable IDENTIFIANT\n"
  "  plam user passwd IDENTIFIANT --password-stdin\n"
  "Le mot de passe doit faire au moins 12 caractères. Chaque modification est inscrite au journal d'audit.",
  user_opts,
  OPT_COUNT(user_opts),
  1,
  2};

static plam_err user_read_password(char *out, size_t n) {
  if (!fgets(out, (int)n, stdin)) return PLAM_ERR_USAGE;
  out[strcspn(out, "\r\n")] = '\0';
  return PLAM_OK;
}

static void user_print_fe(const struct field_error *fe) {
  if (fe->field[0]) fprintf(stderr, "plam user : %s : %s\n", fe->field, fe->message);
}

static plam_err user_list(struct db *db) {
  struct list_page page = {.limit = 500, .offset = 0};
  struct user_rec *rows;
  int n;
  plam_err e = users_list(db, NULL, &page, &rows, &n);
  if (e) return e;
  /* literal header: printf pads bytes, and "RÔLE"/"ÉTAT" hold two-byte characters */
  printf("ID     IDENTIFIANT          RÔLE             ÉTAT       ORGANISATION\n");
  for (int i = 0; i < n; i++)
    printf("%-6lld %-20s %-16s %-*s %s\n", (long long)rows[i].id, rows[i].login, rows[i].role,
           rows[i].disabled ? 11 : 10, rows[i].disabled ? "désactivé" : "actif", rows[i].org_name);
  free(rows);
  return PLAM_OK;
}

int cmd_user(int argc, char **argv) {
  struct opt_result r;
  int rc = cmd_parse(&user_cmd, argc, argv, &r);
  if (rc >= 0) return rc;
  const char *action = r.positional[0];
  const char *login = r.npositional > 1 ? r.positional[1] : NULL;
  static const char *const needs_login[] = {"add", "disable", "enable", "passwd"};
  int known = !strcmp(action, "list"), wants_login = 0;
  for (size_t i = 0; i < sizeof needs_login / sizeof needs_login[0]; i++)
    if (!strcmp(action, needs_login[i])) known = wants_login = 1;
  if (!known || (wants_login && !login) || (!wants_login && login)) {
    fprintf(stderr, "plam user : usage : plam %s %s (voir plam user --help)\n", user_cmd.name, user_cmd.usage);
    opt_result_release(&r);
    return 2;
  }
  int needs_pw = !strcmp(action, "add") || !strcmp(action, "passwd");
  if (needs_pw && !opt_get_flag(&r, "password-stdin")) {
    fprintf(stderr, "plam user : donnez le mot de passe sur l'entrée standard avec --password-stdin\n");
    opt_result_release(&r);
    return 2;
  }
  char pw[PASSWORD_MAX_BYTES + 2] = "";
  struct db *db = NULL;
  plam_err e = cmd_open_db(opt_get(&r, "db"), 0, &db, NULL);
  if (!e && needs_pw) e = user_read_password(pw, sizeof pw);
  if (!e && needs_pw) e = password_init(1);
  struct actor a;
  actor_cli(&a);
  struct field_error fe = {0};
  struct user_rec u;
  if (!e && !strcmp(action, "list")) e = user_list(db);
  else if (!e && !strcmp(action, "add")) {
    if (!opt_get(&r, "role")) {
      fprintf(stderr, "plam user add : l'option --role est obligatoire\n");
      e = PLAM_ERR_USAGE;
    } else {
      struct user_input in = {.login = login,
                              .display_name = opt_get(&r, "name") ? opt_get(&r, "name") : login,
                              .email = opt_get(&r, "email"),
                              .role = opt_get(&r, "role"),
                              .password = pw,
                              .org_id = opt_get_int(&r, "org", 0),
                              .disabled = 0};
      e = users_create(db, &a, &in, &u, &fe);
      if (!e) printf("Compte « %s » créé (id %lld, rôle %s).\n", u.login, (long long)u.id, u.role);
    }
  } else if (!e) {
    e = users_get_by_login(db, login, &u);
    if (e == PLAM_ERR_NOT_FOUND) fprintf(stderr, "plam user : compte « %s » introuvable\n", login);
    if (!e && !strcmp(action, "passwd")) {
      e = users_set_password(db, &a, u.id, pw, &fe);
      if (!e) printf("Mot de passe de « %s » changé ; ses sessions sont fermées.\n", u.login);
    } else if (!e) {
      struct user_input in = {.disabled = !strcmp(action, "disable")};
      struct user_rec out;
      e = users_update(db, &a, u.id, &in, &out, &fe);
      if (!e) printf("Compte « %s » %s.\n", out.login, out.disabled ? "désactivé" : "réactivé");
    }
  }
  sodium_memzero(pw, sizeof pw);
  user_print_fe(&fe);
  db_close(db);
  opt_result_release(&r);
  return cmd_report(e, "user");
}
