/* IATI 2.03 export of a plan: see plan_io.h. One activity per plan:
 * reporting organisation the ARS of the plan's région ("FR-ARS-REG-52"),
 * participants the organisations the plan names at its own level and the
 * funders of its budget lines, the région as location, sector 12281 (health
 * personnel development); one budget per current budget line that states its
 * years and planned amount (type 2 when it revises another); one result per
 * action with indicators, one IATI indicator per indicator: baseline (current
 * baseline target of its scope), one period per dated intermediate or final
 * target of its scope with, as actual, the indicator's current value at the
 * period's end computed by the progress engine as the dashboard does
 * (plan_progress.h): aggregated to the indicator's scope, counts summed over
 * its territories, ratios recomputed from the summed numerators and
 * denominators (never an average of ratios), cumulative indicators as their
 * running total; no actual when the engine has none (a territory missing).
 * Every text goes through iati_write, which escapes it and validates
 * everything before writing. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fmt/iati.h"
#include "app/plan/plan.h"
#include "app/plan/plan_io.h"
#include "app/plan/plan_progress.h"
#include "store/store_tx.h"

struct strs { /* owned strings of the document, freed at the end */
  char **s;
  size_t n, cap;
};
static const char *keep(struct strs *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *keep(struct strs *k, const char *fmt, ...) {
  if (k->n == k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 64;
    char **p = realloc(k->s, cap * sizeof *p);
    if (!p) return NULL;
    k->s = p;
    k->cap = cap;
  }
  va_list ap;
  va_start(ap, fmt);
  char tmp[1];
  int r = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  char *s = r < 0 ? NULL : malloc((size_t)r + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)r + 1, fmt, ap);
  va_end(ap);
  k->s[k->n++] = s;
  return s;
}

plam_err plan_iati_xml(struct db *db, const struct actor *a, int64_t plan_id, struct buf *out, struct field_error *fe) {
  struct plan_rec p;
  plam_err e = plan_get_readable(db, a, plan_id, &p);
  if (e) return e;
  struct store_rows acts = {0}, inds = {0}, targets = {0}, budget = {0}, partners = {0};
  struct plan_progress *pp = NULL;
  struct progress_indicator_result *cur = malloc(sizeof *cur);
  struct strs k = {0};
  struct iati_org *orgs = NULL;
  struct iati_budget *buds = NULL;
  struct iati_result *res = NULL;
  struct iati_indicator *iinds = NULL;
  struct iati_period *pers = NULL;
  if (!cur) return PLAM_ERR_NOMEM;
  if ((e = store_read_begin(db))) {
    free(cur);
    return e;
  }
  /* one snapshot for everything, actuals included (read until done:) */
  e = store_plan_actions(db, plan_id, &acts);
  if (!e) e = store_plan_indicators(db, plan_id, &inds);
  if (!e) e = store_plan_targets(db, plan_id, &targets);
  if (!e) e = store_plan_budget(db, plan_id, &budget);
  if (!e) e = store_plan_partners(db, plan_id, &partners);
  if (!e) e = plan_progress_open(db, plan_id, &pp);
  if (e) goto done;

  char start[11], end[11] = "";
  if (p.start_year.has) snprintf(start, sizeof start, "%04lld-01-01", (long long)p.start_year.v);
  else if (p.launched_on[0]) snprintf(start, sizeof start, "%.10s", p.launched_on);
  else snprintf(start, sizeof start, "%.10s", p.created_at);
  if (p.end_year.has) snprintf(end, sizeof end, "%04lld-12-31", (long long)p.end_year.v);

  struct iati_activity act = {0};
  act.reporting.ref = keep(&k, "FR-ARS-%s", p.region_id);
  act.reporting.type = "10";
  act.reporting.name = keep(&k, "Agence régionale de santé %s", p.region_name);
  act.identifier = keep(&k, "FR-ARS-%s-plam-%s", p.region_id, p.slug);
  act.title = p.title;
  act.description = p.summary[0] ? p.summary : p.long_title[0] ? p.long_title : p.title;
  act.status = !strcmp(p.status, "archived") ? 4 : !strcmp(p.status, "published") ? 2 : 1;
  act.planned_start = start;
  act.planned_end = end[0] ? end : NULL;
  act.sector = "12281";
  struct iati_location loc = {.ref = p.region_id, .name = p.region_name[0] ? p.region_name : p.region_id, .level = 1};
  act.locations = &loc;
  act.nlocations = 1;

  /* participants: the reporting ARS (accountable), plan-level partners, funders */
  orgs = calloc((size_t)partners.n + (size_t)budget.n + 1, sizeof *orgs);
  if (!orgs) {
    e = PLAM_ERR_NOMEM;
    goto done;
  }
  size_t norgs = 0;
  orgs[norgs++] = (struct iati_org){.ref = act.reporting.ref, .type = "10", .name = act.reporting.name, .role = 2};
  for (int i = 0; i < partners.n; i++) {
    const struct partner_rec *pr = (const struct partner_rec *)partners.rows + i;
    if (pr->action_id || pr->axis_id) continue;
    int role = !strcmp(pr->role, "funder") ? 1 : !strcmp(pr->role, "pilot") || !strcmp(pr->role, "copilot") ? 2 : 4;
    orgs[norgs++] = (struct iati_org){.name = pr->org_name, .type = "10", .role = role};
  }
  for (int i = 0; i < budget.n; i++) {
    const struct budget_rec *b = (const struct budget_rec *)budget.rows + i;
    if (!b->current || b->withdrawn || !b->funder_name[0]) continue;
    int seen = 0;
    for (size_t j = 0; j < norgs; j++)
      if (orgs[j].role == 1 && orgs[j].name && !strcmp(orgs[j].name, b->funder_name)) seen = 1;
    if (!seen) orgs[norgs++] = (struct iati_org){.name = b->funder_name, .type = "10", .role = 1};
  }
  act.participants = orgs;
  act.nparticipants = norgs;

  /* budgets */
  buds = calloc((size_t)budget.n + 1, sizeof *buds);
  if (!buds) {
    e = PLAM_ERR_NOMEM;
    goto done;
  }
  for (int i = 0; i < budget.n; i++) {
    const struct budget_rec *b = (const struct budget_rec *)budget.rows + i;
    if (!b->current || b->withdrawn || !b->planned_cents.has || !b->year_from.has) continue;
    long long y1 = b->year_from.v, y2 = b->year_to.has ? b->year_to.v : y1;
    const char *bs = keep(&k, "%04lld-01-01", y1), *be = keep(&k, "%04lld-12-31", y2);
    if (!bs || !be) {
      e = PLAM_ERR_NOMEM;
      goto done;
    }
    buds[act.nbudgets++] = (struct iati_budget){.type = b->replaces_id ? 2 : 1,
                                                .status = b->committed_cents.has ? 2 : 1,
                                                .start = bs,
                                                .end = be,
                                                .value_cents = b->planned_cents.v,
                                                .value_date = bs};
  }
  act.budgets = buds;

  /* results: one per action with indicators */
  res = calloc((size_t)acts.n + 1, sizeof *res);
  iinds = calloc((size_t)inds.n + 1, sizeof *iinds);
  pers = calloc((size_t)targets.n + 1, sizeof *pers);
  if (!res || !iinds || !pers) {
    e = PLAM_ERR_NOMEM;
    goto done;
  }
  size_t ni = 0, np = 0;
  for (int ai = 0; ai < acts.n; ai++) {
    const struct action_rec *ar = (const struct action_rec *)acts.rows + ai;
    size_t first = ni;
    for (int ii = 0; ii < inds.n; ii++) {
      const struct indicator_rec *ir = (const struct indicator_rec *)inds.rows + ii;
      if (ir->action_id != ar->id) continue;
      struct iati_indicator *x = &iinds[ni++];
      x->title = ir->name;
      x->description = ir->definition[0] ? ir->definition : NULL;
      x->measure = !strcmp(ir->kind, "percent") ? 2 : 1;
      x->ascending = strcmp(ir->direction, "lower") != 0;
      x->periods = &pers[np];
      const char *pstart = start;
      for (int ti = 0; ti < targets.n; ti++) {
        const struct target_rec *t = (const struct target_rec *)targets.rows + ti;
        if (t->indicator_id != ir->id || !t->current || strcmp(t->territory_id, ir->scope_id)) continue;
        if (!strcmp(t->kind, "baseline")) {
          const char *bd = t->due_on[0] ? t->due_on : start;
          x->has_baseline = 1;
          x->baseline = t->value;
          x->baseline_year = atoi(bd);
          x->baseline_date = plan_date_valid(bd) ? bd : NULL;
          x->baseline_comment = t->note[0] ? t->note : NULL;
          if (plan_date_valid(bd)) pstart = bd;
        }
      }
      for (int ti = 0; ti < targets.n; ti++) {
        const struct target_rec *t = (const struct target_rec *)targets.rows + ti;
        if (t->indicator_id != ir->id || !t->current || strcmp(t->territory_id, ir->scope_id) ||
            !strcmp(t->kind, "baseline") || !plan_date_valid(t->due_on) || strcmp(t->due_on, pstart) <= 0)
          continue;
        progress_day due;
        if (progress_day_parse(t->due_on, &due)) continue;
        struct iati_period *pe = &pers[np++];
        pe->start = pstart;
        pe->end = t->due_on;
        pe->has_target = 1;
        pe->target = t->value;
        pe->target_comment = !strcmp(t->kind, "final") ? "cible finale" : "cible intermédiaire";
        int invalid = 0;
        if ((e = plan_progress_at(pp, ir->id, due, cur, NULL, &invalid))) goto done;
        if (!invalid && cur->has_current && isfinite(cur->current)) {
          char on[11];
          progress_day_format(cur->current_day, on);
          pe->has_actual = 1;
          pe->actual = cur->current;
          pe->actual_comment =
            cur->has_ratio
              ? keep(&k, "valeur validée au %s, %u territoire(s) : %.10g / %.10g (ratio recalculé sur les totaux)", on,
                     (unsigned)cur->territories_with_value, cur->numerator, cur->denominator)
            : cur->territories_expected > 1
              ? keep(&k, "valeur validée au %s, somme de %u territoires", on, (unsigned)cur->territories_with_value)
              : keep(&k, "valeur validée au %s", on);
          if (!pe->actual_comment) {
            e = PLAM_ERR_NOMEM;
            goto done;
          }
        }
        x->nperiods++;
      }
    }
    if (ni == first) continue;
    struct iati_result *r = &res[act.nresults++];
    r->type = 1;
    r->title = keep(&k, "Action %s : %s", ar->number, ar->title);
    r->description = ar->objective[0] ? ar->objective : NULL;
    r->indicators = &iinds[first];
    r->nindicators = ni - first;
    if (!r->title) {
      e = PLAM_ERR_NOMEM;
      goto done;
    }
  }
  act.results = res;
  char now[24];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  act.last_updated = p.updated_at[0] ? p.updated_at : now;
  if (!act.reporting.ref || !act.reporting.name || !act.identifier) e = PLAM_ERR_NOMEM;
  if (!e) e = iati_write(out, now, &act, 1, fe);
done:
  plan_progress_close(pp);
  store_read_end(db);
  free(cur);
  for (size_t i = 0; i < k.n; i++) free(k.s[i]);
  free(k.s);
  free(orgs);
  free(buds);
  free(res);
  free(iinds);
  free(pers);
  free(acts.rows);
  free(inds.rows);
  free(targets.rows);
  free(budget.rows);
  free(partners.rows);
  return e;
}
