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
int cmd_recruit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_man(int argc, char **argv);
/* offer: plam offer tick, and the scheduler plam serve runs (cmd_offer.c) */
int cmd_offer(int argc, char **argv);
struct db_pool;
/* period_s <= 0: off; the strings must outlive the scheduler */
void cmd_offer_scheduler_start(struct db_pool *pool, long period_s, const char *public_url, const char *instance_name);
void cmd_offer_scheduler_stop(void);
/* training: linked indicators recomputed every period_s seconds (0: never) */
void cmd_measure_scheduler_start(struct db_pool *pool, long period_s);
void cmd_measure_scheduler_stop(void);

/* Option tables of the commands (each defined beside its command), and
 * the list of them all (cmd_util.c): the shared configuration file accepts
 * their keys, and `plam man` documents them. */
struct opt_cmd;
extern const struct opt_cmd init_cmd, serve_cmd, user_cmd, migrate_cmd, backup_cmd, check_cmd, version_cmd, routes_cmd,
  allocate_cmd, import_cmd, export_cmd;
extern const struct opt_cmd *const cmd_tables[];
extern const int cmd_tables_count;

#endif
