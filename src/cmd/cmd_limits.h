/* The deployment's working-time limits as options of the commands that
 * rank, send offers, accept or validate needs (plam serve, plam offer,
 * plam import): CMD_LIMIT_OPTS goes into their option tables (so the keys
 * max-hours-7d, min-rest-hours and max-shift-hours of the shared
 * configuration file reach each of them), cmd_limits_apply sets them for the
 * process (app/recruit/recruit_limits.c). */
#ifndef PLAM_CMD_CMD_LIMITS_H
#define PLAM_CMD_CMD_LIMITS_H
#include "base/opt.h"

#define CMD_LIMIT_OPTS \
  {"max-hours-7d", OPT_INT, "48", "HEURES", \
   "recrutement : heures travaillées au plus sur 7 jours glissants, tous employeurs confondus (1 à 168)"}, \
    {"min-rest-hours", OPT_INT, "11", "HEURES", \
     "recrutement : heures de repos au moins entre la fin d'une mission et le début de la suivante (0 à 48)"}, \
  { \
    "max-shift-hours", OPT_INT, "12", "HEURES", \
      "recrutement : durée maximale d'un créneau en heures (1 à 24) ; un besoin au créneau plus long est refusé" \
  }

/* Sets the limits from the options. Returns -1 to go on, or the exit code 2
 * after a French message "plam CMD : --option attend …" on stderr. */
int cmd_limits_apply(const struct opt_result *r, const char *cmd);

#endif
