/* Helpers shared by the subcommands: option parsing with --help and French
 * usage errors, opening + migrating a database, reporting an error. */
#ifndef PLAM_CMD_CMD_UTIL_H
#define PLAM_CMD_CMD_UTIL_H
#include "base/error.h"
#include "base/opt.h"
#include <stddef.h>

struct db;

/* Parses options. Returns -1 to continue, or an exit code (0 after --help,
 * 2 after a usage error, message printed). */
int cmd_parse(const struct opt_cmd *cmd, int argc, char **argv, struct opt_result *r);
/* Opens (creating when create != 0) and migrates the database. */
plam_err cmd_open_db(const char *path, int create, struct db **out, int *applied);
/* Prints "plam CMD : <French message>" for an error and returns the exit code. */
int cmd_report(plam_err e, const char *cmd);
/* Reads a whole regular file of at most max bytes (max_text: that limit in
 * French words, "256 Mio") into *data (malloc, NUL-terminated) and *len; says
 * why in French on stderr when it cannot ("plam import : …"). */
plam_err cmd_read_file(const char *path, size_t max, const char *max_text, char **data, size_t *len);

#endif
