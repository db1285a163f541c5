/* Options table parsing: see opt.h. */
#include "base/opt.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_index(const struct opt_cmd *cmd, const char *name, size_t n) {
  for (int i = 0; i < cmd->ndefs; i++)
    if (strlen(cmd->defs[i].name) == n && !strncmp(cmd->defs[i].name, name, n)) return i;
  return -1;
}

static plam_err opt_set(struct opt_result *r, int i, const char *v) {
  free(r->values[i]);
  r->values[i] = strdup(v);
  return r->values[i] ? PLAM_OK : PLAM_ERR_NOMEM;
}

static int opt_valid_int(const char *v) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  (void)x;
  return *v && !*end && errno == 0;
}

static const struct opt_cmd *const *opt_shared;
static int opt_nshared;

void opt_set_shared(const struct opt_cmd *const *cmds, int n) {
  opt_shared = cmds;
  opt_nshared = n;
}

/* The definition of key in another command's table, or NULL. */
static const struct opt_def *opt_shared_def(const char *name, size_t n) {
  for (int c = 0; c < opt_nshared; c++) {
    int i = opt_index(opt_shared[c], name, n);
    if (i >= 0) return &opt_shared[c]->defs[i];
  }
  return NULL;
}

static const char *const opt_flag_words[] = {"1", "0", "oui", "non", "true", "false", "yes", "no"};

/* Whether v is one of the '|'-separated choices. */
static int opt_in_choices(const char *choices, const char *v) {
  size_t n = strlen(v);
  for (const char *c = choices; *c;) {
    const char *bar = strchr(c, '|');
    size_t len = bar ? (size_t)(bar - c) : strlen(c);
    if (len == n && !strncmp(c, v, n)) return 1;
    if (!bar) break;
    c = bar + 1;
  }
  return 0;
}

/* Checks a value against its definition; on failure writes what is expected
 * ("un nombre entier", "kv ou json"...) into want. */
static int opt_value_ok(const struct opt_def *d, const char *v, char *want, size_t wantlen) {
  if (d->type == OPT_INT && !opt_valid_int(v)) {
    snprintf(want, wantlen, "un nombre entier");
    return 0;
  }
  if (d->type == OPT_FLAG) {
    for (size_t i = 0; i < sizeof opt_flag_words / sizeof opt_flag_words[0]; i++)
      if (!strcmp(v, opt_flag_words[i])) return 1;
    snprintf(want, wantlen, "oui ou non");
    return 0;
  }
  if (d->type == OPT_CHOICE && !opt_in_choices(d->metavar ? d->metavar : "", v)) {
    size_t j = 0;
    for (const char *c = d->metavar ? d->metavar : ""; *c && j + 8 < wantlen; c++) {
      if (*c != '|') want[j++] = *c;
      else if (strchr(c + 1, '|')) j += (size_t)snprintf(want + j, wantlen - j, ", ");
      else j += (size_t)snprintf(want + j, wantlen - j, " ou ");
      if (j >= wantlen) j = wantlen - 1;
    }
    want[j] = '\0';
    return 0;
  }
  return 1;
}

static void opt_env_name(const char *name, char *out, size_t n) {
  size_t j = snprintf(out, n, "PLAM_");
  for (const char *p = name; *p && j + 1 < n; p++) out[j++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
  out[j] = '\0';
}

/* Reads "key = value" lines (see opt.h): every key and value is checked,
 * keys of other commands sharing the file are then skipped. A value already
 * given by a flag or the environment is kept. */
static plam_err opt_read_config(const struct opt_cmd *cmd, const char *path, int *from_cli, struct opt_result *r,
                                char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "impossible d'ouvrir le fichier de configuration « %s » : %s", path, strerror(errno));
    return PLAM_ERR_USAGE;
  }
  char line[1024];
  int lineno = 0, from_file[OPT_MAX] = {0};
  plam_err e = PLAM_OK;
  int c = 0;
  while (!e && c != EOF) {
    size_t len = 0;
    int nul = 0;
    while ((c = getc(f)) != EOF && c != '\n') {
      if (!c) nul = 1;
      if (len < sizeof line - 1) line[len] = (char)c;
      len++;
    }
    if (c == EOF && !len) break;
    lineno++;
    if (len > sizeof line - 2) {
      snprintf(err, errlen, "%s:%d : ligne trop longue (%zu caractères au plus)", path, lineno, sizeof line - 2);
      e = PLAM_ERR_USAGE;
      break;
    }
    if (nul) {
      snprintf(err, errlen, "%s:%d : caractère nul dans la ligne", path, lineno);
      e = PLAM_ERR_USAGE;
      break;
    }
    line[len] = '\0';
    char *s = line;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || *s == '#') continue;
    char *eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, errlen, "%s:%d : ligne sans « = » (attendu : clé = valeur)", path, lineno);
      e = PLAM_ERR_USAGE;
      break;
    }
    char *k_end = eq;
    while (k_end > s && isspace((unsigned char)k_end[-1])) k_end--;
    *k_end = '\0';
    char *v = eq + 1;
    while (isspace((unsigned char)*v)) v++;
    char *v_end = v + strlen(v);
    while (v_end > v && isspace((unsigned char)v_end[-1])) v_end--;
    *v_end = '\0';
    int i = opt_index(cmd, s, strlen(s));
    const struct opt_def *d = i >= 0 ? &cmd->defs[i] : opt_shared_def(s, strlen(s));
    char want[128];
    if (!*s) {
      snprintf(err, errlen, "%s:%d : ligne sans clé avant « = »", path, lineno);
      e = PLAM_ERR_USAGE;
    } else if (!d) {
      snprintf(err, errlen, "%s:%d : clé inconnue « %.64s » (voir plam %s --help)", path, lineno, s, cmd->name);
      e = PLAM_ERR_USAGE;
    } else if (!*v) {
      snprintf(err, errlen, "%s:%d : « %s » sans valeur (commentez la ligne pour garder le défaut)", path, lineno,
               d->name);
      e = PLAM_ERR_USAGE;
    } else if (!opt_value_ok(d, v, want, sizeof want)) {
      snprintf(err, errlen, "%s:%d : « %s » attend %s, pas « %.64s »", path, lineno, d->name, want, v);
      e = PLAM_ERR_USAGE;
    } else if (i >= 0 && from_file[i]) {
      snprintf(err, errlen, "%s:%d : « %s » est déjà donnée ligne %d", path, lineno, d->name, from_file[i]);
      e = PLAM_ERR_USAGE;
    } else if (i >= 0) {
      from_file[i] = lineno;
      if (!from_cli[i] && !r->values[i]) e = opt_set(r, i, v);
    }
  }
  fclose(f);
  return e;
}

plam_err opt_parse(const struct opt_cmd *cmd, int argc, char **argv, struct opt_result *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->cmd = cmd;
  int from_cli[OPT_MAX] = {0};
  const char *config = getenv("PLAM_CONFIG");
  plam_err e = PLAM_OK;
  err[0] = '\0';
  for (int a = 0; a < argc && !e; a++) {
    const char *arg = argv[a];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      out->help = 1;
      continue;
    }
    if (!strcmp(arg, "--")) {
      for (a++; a < argc; a++) {
        if (out->npositional >= OPT_MAX_POSITIONAL) {
          snprintf(err, errlen, "trop d'arguments");
          e = PLAM_ERR_USAGE;
          break;
        }
        out->positional[out->npositional++] = argv[a];
      }
      break;
    }
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
      if (out->npositional >= OPT_MAX_POSITIONAL) {
        snprintf(err, errlen, "trop d'arguments");
        e = PLAM_ERR_USAGE;
        break;
      }
      out->positional[out->npositional++] = arg;
      continue;
    }
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    if (n == 6 && !strncmp(name, "config", 6)) {
      if (eq) config = eq + 1;
      else if (a + 1 < argc) config = argv[++a];
      else {
        snprintf(err, errlen, "l'option --config attend un fichier");
        e = PLAM_ERR_USAGE;
      }
      continue;
    }
    int i = opt_index(cmd, name, n);
    if (i < 0) {
      snprintf(err, errlen, "option inconnue : --%.*s (voir plam %s --help)", (int)n, name, cmd->name);
      e = PLAM_ERR_USAGE;
      break;
    }
    if (cmd->defs[i].type == OPT_SECRET) {
      snprintf(err, errlen, "« %s » se donne seulement dans le fichier de configuration (--config)", cmd->defs[i].name);
      e = PLAM_ERR_USAGE;
      break;
    }
    const char *v = "1";
    if (cmd->defs[i].type != OPT_FLAG) {
      if (eq) v = eq + 1;
      else if (a + 1 < argc) v = argv[++a];
      else {
        snprintf(err, errlen, "l'option --%s attend une valeur", cmd->defs[i].name);
        e = PLAM_ERR_USAGE;
        break;
      }
    } else if (eq) {
      snprintf(err, errlen, "l'option --%s ne prend pas de valeur", cmd->defs[i].name);
      e = PLAM_ERR_USAGE;
      break;
    }
    from_cli[i] = 1;
    e = opt_set(out, i, v);
  }
  if (!e && !out->help) {
    for (int i = 0; i < cmd->ndefs && !e; i++) {
      if (from_cli[i]) continue;
      char env[64];
      opt_env_name(cmd->defs[i].name, env, sizeof env);
      const char *v = getenv(env);
      if (v && cmd->defs[i].type == OPT_SECRET) {
        snprintf(err, errlen, "« %s » se donne seulement dans le fichier de configuration (--config), pas par %s",
                 cmd->defs[i].name, env);
        e = PLAM_ERR_USAGE;
      } else if (v) e = opt_set(out, i, v);
    }
    if (!e && config) e = opt_read_config(cmd, config, from_cli, out, err, errlen);
    for (int i = 0; i < cmd->ndefs && !e; i++)
      if (!out->values[i] && cmd->defs[i].def) e = opt_set(out, i, cmd->defs[i].def);
    for (int i = 0; i < cmd->ndefs && !e; i++) {
      char want[128];
      if (out->values[i] && !opt_value_ok(&cmd->defs[i], out->values[i], want, sizeof want)) {
        snprintf(err, errlen, "l'option --%s attend %s, pas « %.64s »", cmd->defs[i].name, want, out->values[i]);
        e = PLAM_ERR_USAGE;
      }
    }
    if (!e && (out->npositional < cmd->min_positional || out->npositional > cmd->max_positional)) {
      snprintf(err, errlen, "nombre d'arguments incorrect (usage : plam %s %s)", cmd->name, cmd->usage);
      e = PLAM_ERR_USAGE;
    }
  }
  if (e) opt_result_release(out);
  return e;
}

void opt_result_release(struct opt_result *r) {
  for (int i = 0; i < OPT_MAX; i++) {
    free(r->values[i]);
    r->values[i] = NULL;
  }
}

const char *opt_get(const struct opt_result *r, const char *name) {
  int i = opt_index(r->cmd, name, strlen(name));
  return i < 0 ? NULL : r->values[i];
}

long opt_get_int(const struct opt_result *r, const char *name, long def) {
  const char *v = opt_get(r, name);
  return v ? strtol(v, NULL, 10) : def;
}

int opt_get_flag(const struct opt_result *r, const char *name) {
  const char *v = opt_get(r, name);
  return v && strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "non") && strcmp(v, "no");
}

void opt_print_help(const struct opt_cmd *cmd) {
  printf("Usage : plam %s %s\n\n%s\n\nOptions :\n", cmd->name, cmd->usage, cmd->summary);
  for (int i = 0; i < cmd->ndefs; i++) {
    const struct opt_def *d = &cmd->defs[i];
    char flag[96], env[64];
    if (d->type == OPT_SECRET) {
      printf("  %-28s %s\n  %-28s (fichier de configuration seulement)\n", d->name, d->help, "");
      continue;
    }
    if (d->type == OPT_FLAG) snprintf(flag, sizeof flag, "--%s", d->name);
    else snprintf(flag, sizeof flag, "--%s %s", d->name, d->metavar ? d->metavar : "VALEUR");
    opt_env_name(d->name, env, sizeof env);
    printf("  %-28s %s\n  %-28s (variable %s%s%s)\n", flag, d->help, "", env, d->def ? ", défaut : " : "",
           d->def ? d->def : "");
  }
  printf("  %-28s %s\n  %-28s %s\n", "--config FICHIER", "fichier de configuration « clé = valeur » (ou PLAM_CONFIG)",
         "-h, --help", "affiche cette aide");
  printf("\nCodes de sortie : 0 succès, 1 échec d'exécution, 2 erreur d'utilisation, 3 données invalides.\n");
}
