/* The working-time limits' options: see cmd_limits.h. */
#include "cmd/cmd_limits.h"
#include <stdio.h>
#include "app/recruit/recruit_app.h"

int cmd_limits_apply(const struct opt_result *r, const char *cmd) {
  long v[3];
  for (int i = 0; i < 3; i++) v[i] = opt_get_int(r, recruit_limit_defs[i].option, -1);
  char err[256];
  if (recruit_limits_set(v, err, sizeof err)) {
    fprintf(stderr, "plam %s : %s\n", cmd, err);
    return 2;
  }
  return -1;
}
