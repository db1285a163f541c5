/* Where an indicator's values are measured: see plan_where.h. */
#include "app/plan/plan_where.h"
#include <stdio.h>
#include <string.h>

static size_t where_put(char (*out)[12], size_t n, size_t max, const char *id) {
  if (n >= max) return n;
  memset(out[n], 0, 12);
  strncpy(out[n], id, 11);
  return n + 1;
}

size_t plan_where(const char *breakdown, int64_t indicator_id, const char *scope_id, const int64_t *it_ind,
                  const char (*it_terr)[12], size_t nit, const char (*plan_terr)[12], size_t npt, char (*out)[12],
                  size_t max) {
  size_t n = 0;
  if (!strcmp(breakdown, "departement")) {
    for (size_t k = 0; k < nit; k++)
      if (it_ind[k] == indicator_id) n = where_put(out, n, max, it_terr[k]);
    if (!n) /* none listed: the plan's départements */
      for (size_t k = 0; k < npt; k++)
        if (!strncmp(plan_terr[k], "DEP-", 4)) n = where_put(out, n, max, plan_terr[k]);
  }
  if (!n) n = where_put(out, n, max, scope_id);
  return n;
}

int plan_where_covers(const char *territory, const char *dep_id, const char *dep_region) {
  if (!strcmp(territory, "FR")) return !strncmp(dep_id, "DEP-", 4); /* national: every département */
  return !strcmp(territory, dep_id) || (dep_region && !strcmp(territory, dep_region));
}

int plan_where_has(const char (*where)[12], size_t n, const char *territory) {
  for (size_t k = 0; k < n; k++)
    if (!strcmp(where[k], territory)) return 1;
  return 0;
}

void plan_where_refusal(const char (*where)[12], size_t n, const char *territory, char *msg, size_t cap) {
  if (!cap) return;
  int w = snprintf(msg, cap, "cet indicateur ne se mesure pas sur %.11s ; territoire%s possible%s :", territory,
                   n > 1 ? "s" : "", n > 1 ? "s" : "");
  size_t len = w > 0 && (size_t)w < cap ? (size_t)w : strlen(msg);
  for (size_t k = 0; k < n; k++) {
    size_t need = strlen(where[k]) + 2;
    if (len + need + 5 >= cap) { /* room for " …" */
      snprintf(msg + len, cap - len, " …");
      return;
    }
    len += (size_t)snprintf(msg + len, cap - len, "%s %s", k ? "," : "", where[k]);
  }
}
