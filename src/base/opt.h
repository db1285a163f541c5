/* Options table: one table per command drives command-line flags, environment
 * variables, the config file and the --help text. For an option named "db":
 * flag --db VALUE (or --db=VALUE), environment PLAM_DB, config-file line
 * "db = VALUE". Precedence: flag > environment > config file > default.
 * The config file is given by --config FILE or PLAM_CONFIG. It is read
 * strictly: a key that no command knows, a key given twice, an empty value,
 * a value that is not of the option's type (integer; flag: oui, non, 1, 0,
 * true, false, yes, no; choice: one of its metavar's values) is refused with a French
 * message naming the file, the line and the key. One file serves every
 * command: a key that belongs to another command (opt_set_shared) is checked
 * the same way and then left to that command. */
#ifndef PLAM_BASE_OPT_H
#define PLAM_BASE_OPT_H
#include <stddef.h>
#include "base/error.h"

#define OPT_MAX 48
#define OPT_MAX_POSITIONAL 8
#define OPT_COUNT(defs) ((int)(sizeof(defs) / sizeof((defs)[0])))

/* OPT_CHOICE: a string among the '|'-separated values of its metavar
 * ("kv|json"), whatever its source (flag, environment, file). */
/* OPT_SECRET: a string (a password, a token) given only in the config file,
 * never as a flag nor in the environment, where other users could read it
 * (ps, /proc); it has no flag and no variable. */
enum opt_type { OPT_STRING, OPT_INT, OPT_FLAG, OPT_CHOICE, OPT_SECRET };

struct opt_def {
  const char *name; /* long flag name without dashes, e.g. "listen" */
  enum opt_type type;
  const char *def;     /* default value as text, NULL for none */
  const char *metavar; /* shown in help, e.g. "ADRESSE:PORT" */
  const char *help;    /* French help line */
};

struct opt_cmd {
  const char *name;    /* "serve", "user add" ... */
  const char *usage;   /* French one-line usage after the name */
  const char *summary; /* French paragraph */
  const struct opt_def *defs;
  int ndefs;
  int min_positional, max_positional;
};

struct opt_result {
  const struct opt_cmd *cmd;
  char *values[OPT_MAX]; /* owned copies; NULL when unset and no default */
  const char *positional[OPT_MAX_POSITIONAL];
  int npositional;
  int help; /* --help / -h was given */
};

/* The tables of every command that reads the shared configuration file
 * (process lifetime). A key of one of them that the command being parsed
 * does not have is checked, then skipped; a key of none is refused. */
void opt_set_shared(const struct opt_cmd *const *cmds, int n);
/* Parses argv (argv[0] is the first token after the command name). On a
 * usage error writes a French message into err and returns PLAM_ERR_USAGE.
 * Free with opt_result_release. */
plam_err opt_parse(const struct opt_cmd *cmd, int argc, char **argv, struct opt_result *out, char *err, size_t errlen);
void opt_result_release(struct opt_result *r);
/* Value lookups by option name; NULL / def when unset. */
const char *opt_get(const struct opt_result *r, const char *name);
long opt_get_int(const struct opt_result *r, const char *name, long def);
int opt_get_flag(const struct opt_result *r, const char *name);
/* Prints the French help for a command to stdout. */
void opt_print_help(const struct opt_cmd *cmd);

#endif
