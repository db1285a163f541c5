/* plam import areas|finess (cmd_geo.c), dispatched from cmd_import. */
#ifndef PLAM_CMD_CMD_GEO_H
#define PLAM_CMD_CMD_GEO_H

/* Runs `plam import WHAT FILE` for what = areas or finess and returns the
 * exit code; -1 when what is neither (cmd_import goes on). */
int cmd_import_geo(const char *what, const char *path, const char *db_target);

#endif
