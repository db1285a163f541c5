/* Subcommand entry points. Each takes the arguments after its name and
 * returns the process exit code (0 success, 1 runtime failure, 2 usage error,
 * 3 invalid data — see error_exit_code). main.c maps names to these. */
#ifndef PLAM_CMD_CMD_H
#define PLAM_CMD_CMD_H

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_allocate(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
