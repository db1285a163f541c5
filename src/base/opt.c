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

static void opt_env_name(const char *name, char *out, size_t n) {
  size_t j = snprintf(out, n, "PLAM_");
  for (const char *p = name; *p && j + 1 < n; p++) out[j++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
  out[j] = '\0';
}

/* Reads "key = value" lines. Keys of other commands are skipped, since one
 * file serves every command; a line longer than the buffer is an error. */
static plam_err opt_read_config(const struct opt_cmd *cmd, const char *path, int *from_cli, struct opt_result *r,
                                char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "impossible d'ouvrir le fichier de configuration « %s » : %s", path, strerror(errno));
    return PLAM_ERR_USAGE;
  }
  char line[1024];
  int lineno = 0;
  plam_err e = PLAM_OK;
  while (!e && fgets(line, sizeof line, f)) {
    lineno++;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
      snprintf(err, errlen, "%s:%d : ligne trop longue (1022 caractères au plus)", path, lineno);
      e = PLAM_ERR_USAGE;
      break;
    }
    char *s = line;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || *s == '#') continue;
    char *eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, errlen, "%s:%d : ligne sans « = »", path, lineno);
      e = PLAM_ERR_USAGE;
      break;
    }
    char *k_end = eq;
    while (k_end > s && isspace((unsigned char)k_end[-1])) k_end--;
    char *v = eq + 1;
    while (isspace((unsigned char)*v)) v++;
    char *v_end = v + strlen(v);
    while (v_end > v && isspace((unsigned char)v_end[-1])) v_end--;
    *v_end = '\0';
    int i = opt_index(cmd, s, (size_t)(k_end - s));
    if (i < 0) continue; /* keys for other commands share the same file */
    if (!from_cli[i] && !r->values[i]) e = opt_set(r, i, v);
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
      if (v) e = opt_set(out, i, v);
    }
    if (!e && config) e = opt_read_config(cmd, config, from_cli, out, err, errlen);
    for (int i = 0; i < cmd->ndefs && !e; i++)
      if (!out->values[i] && cmd->defs[i].def) e = opt_set(out, i, cmd->defs[i].def);
    for (int i = 0; i < cmd->ndefs && !e; i++)
      if (cmd->defs[i].type == OPT_INT && out->values[i] && !opt_valid_int(out->values[i])) {
        snprintf(err, errlen, "l'option --%s attend un nombre entier, pas « %s »", cmd->defs[i].name, out->values[i]);
        e = PLAM_ERR_USAGE;
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
  return v && strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "non");
}

void opt_print_help(const struct opt_cmd *cmd) {
  printf("Usage : plam %s %s\n\n%s\n\nOptions :\n", cmd->name, cmd->usage, cmd->summary);
  for (int i = 0; i < cmd->ndefs; i++) {
    const struct opt_def *d = &cmd->defs[i];
    char flag[96], env[64];
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
