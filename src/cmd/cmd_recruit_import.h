/* plam import candidates|needs (cmd_recruit_import.c), dispatched from cmd_import. */
#ifndef PLAM_CMD_CMD_RECRUIT_IMPORT_H
#define PLAM_CMD_CMD_RECRUIT_IMPORT_H

/* Runs `plam import WHAT FILE` for what = candidates or needs (CSV or XLSX)
 * and returns the exit code; -1 when what is neither (cmd_import goes on). */
int cmd_import_recruit(const char *what, const char *path, const char *db_target);

#endif
