/* Where an indicator's values are measured: one rule for every reader and
 * writer (the plan view's measured_territories, which the proposal form
 * offers; the dashboard's expected territories; the API proposal, the
 * CSV/XLSX measurement import and `plam import measurements`).
 *
 * An indicator broken down by département ('departement') is measured on the
 * territories listed for it (indicator_territories), else on the plan's
 * départements (its DEP- territories), else on its scope; any other
 * indicator on its scope only. Pure: the caller passes the rows it read.
 *
 * A value at the scope itself is always allowed, and a figure computed for a
 * territory (the training module's linked indicators) is the sum over the
 * départements that territory covers (plan_where_covers): a département
 * itself, a région its départements, the national scope "FR" every
 * département of every région (overseas ones included). */
#ifndef PLAM_APP_PLAN_PLAN_WHERE_H
#define PLAM_APP_PLAN_PLAN_WHERE_H
#include <stddef.h>
#include <stdint.h>

/* Writes at most max territory ids into out and returns how many. it_ind and
 * it_terr are the plan's (indicator, territory) pairs of
 * indicator_territories (nit of them); plan_terr its territories. */
size_t plan_where(const char *breakdown, int64_t indicator_id, const char *scope_id, const int64_t *it_ind,
                  const char (*it_terr)[12], size_t nit, const char (*plan_terr)[12], size_t npt, char (*out)[12],
                  size_t max);

/* Whether a figure measured at territory counts the département dep_id
 * (dep_region: the région it belongs to). */
int plan_where_covers(const char *territory, const char *dep_id, const char *dep_region);

/* Whether territory is one of the n ids in where. */
int plan_where_has(const char (*where)[12], size_t n, const char *territory);

/* The French refusal of a value at territory, naming the territories allowed
 * (as many as fit in cap bytes, then "…"). */
void plan_where_refusal(const char (*where)[12], size_t n, const char *territory, char *msg, size_t cap);

#endif
