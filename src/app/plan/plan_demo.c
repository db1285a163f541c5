/* Demo loader: the seed plans of data/demo/plans/NAME.json (format in
 * docs/DEMO_DATA.md) into the plan tables. Organisations are found by name or
 * created through orgs_create (audited); a name already held by another
 * région's organisation is refused (one record per région). Each plan is then
 * written in one transaction with one audit entry ("import", with the
 * counts). Every figure keeps its source as "<document title> — « quote »"
 * (plus how it was derived): the title (with its date) of the seed file the
 * plan's "sources" list names, never the bare file name. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/orgs.h"
#include "app/access/write.h"
#include "app/plan/meas_bounds.h"
#include "app/plan/plan.h"
#include "app/plan/progress.h"
#include "base/embed.h"
#include "store/store_tx.h"
#include "store/store.h"

/* Set when a demo value does not fit its field: the load is then refused
 * (demo_plan_tx), never stored shortened. One load per thread at a time. */
static _Thread_local int demo_cut;
static void demo_copy(char *dst, size_t n, const char *src) {
  if (store_copy(dst, n, src)) demo_cut = 1;
}

struct demo_ctx {
  struct db *db;
  int64_t plan_id;
  json_t *orgs, *axes, *actions; /* key -> id */
  json_t *titles;                /* seed file -> document title, from the plan's "sources" */
  int n_actions, n_indicators, n_values, n_lines, n_bodies, n_figures;
};

static const char *js(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static int64_t jmap(json_t *map, const char *key) {
  return key && *key ? (int64_t)json_integer_value(json_object_get(map, key)) : 0;
}

/* "<title> — « quote »" (and "calcul : derived") into out; the file name
 * stands only when the plan's sources do not list that file. Too long for
 * out: the load is refused (demo_cut), never stored shortened. */
static void demo_source(const struct demo_ctx *c, json_t *o, char *out, size_t n) {
  const char *file = js(o, "source"), *quote = js(o, "quote"), *derived = js(o, "derived");
  const char *title = json_string_value(json_object_get(c->titles, file));
  if (title && *title) file = title;
  int w = snprintf(out, n, "%s%s%s%s%s%s", file, *quote ? " — « " : "", quote, *quote ? " »" : "",
                   *derived ? " — calcul : " : "", derived);
  if (w < 0 || (size_t)w >= n) demo_cut = 1;
}

/* "2022" -> "2022-12-31", "2022-02" -> "2022-02-28", full dates kept. */
static void demo_date(const char *in, char out[16]) {
  out[0] = '\0';
  if (!in || !*in) return;
  size_t n = strlen(in);
  int y = 0, m = 0;
  if (n == 4 && sscanf(in, "%4d", &y) == 1) {
    snprintf(out, 16, "%04d-12-31", y);
  } else if (n == 7 && sscanf(in, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
    progress_day d = progress_day_add_months(progress_day_from_ymd(y, m, 1), 1) - 1;
    progress_day_format(d, out);
  } else {
    demo_copy(out, 16, in);
  }
}

static struct opt_dbl jopt(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  struct opt_dbl r = {json_is_number(v), json_is_number(v) ? json_number_value(v) : 0};
  return r;
}

static struct opt_i64 jcents(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  struct opt_i64 r = {json_is_number(v), json_is_number(v) ? llround(json_number_value(v) * 100.0) : 0};
  return r;
}

static plam_err demo_orgs(struct db *db, const struct actor *a, json_t *plan, json_t *map) {
  json_t *o;
  size_t i;
  json_array_foreach(json_object_get(plan, "organisations"), i, o) {
    const char *name = js(o, "name"), *kind = js(o, "kind"), *terr = js(o, "territory");
    int64_t id = 0;
    plam_err e = store_org_find_by_name(db, name, &id);
    if (!e && !strncmp(terr, "REG-", 4)) { /* a regional record belongs to one région */
      struct org_rec have;
      if ((e = store_org_get(db, id, &have))) return e;
      if (!strncmp(have.territory_id, "REG-", 4) && strcmp(have.territory_id, terr)) {
        fprintf(stderr, "organisation « %s » : déjà enregistrée pour %s, pas pour %s\n", name, have.territory_id, terr);
        return PLAM_ERR_INVALID;
      }
    }
    if (e == PLAM_ERR_NOT_FOUND) {
      struct org_input in = {.name = name,
                             .kind = orgs_kind_label(kind) ? kind : "other",
                             .territory_id = *terr ? terr : NULL};
      struct org_rec r;
      struct field_error fe = {0};
      e = orgs_create(db, a, &in, &r, &fe);
      if (e) {
        fprintf(stderr, "organisation « %s » : %s %s\n", name, fe.field, fe.message);
        return e;
      }
      id = r.id;
    } else if (e) {
      return e;
    }
    json_object_set_new(map, js(o, "key"), json_integer(id));
  }
  return PLAM_OK;
}

static plam_err demo_partner(struct demo_ctx *c, int64_t action_id, int64_t axis_id, const char *org_key,
                             const char *role, json_t *src) {
  int64_t org = jmap(c->orgs, org_key);
  if (!org) return PLAM_OK; /* unknown key: validated upstream by demo_plans.test.mjs */
  struct partner_rec r;
  memset(&r, 0, sizeof r);
  r.plan_id = c->plan_id;
  r.action_id = action_id;
  r.axis_id = axis_id;
  r.org_id = org;
  demo_copy(r.role, sizeof r.role, role);
  if (src) demo_source(c, src, r.source, sizeof r.source);
  return store_partner_insert(c->db, &r, NULL);
}

static plam_err demo_texts(struct demo_ctx *c, json_t *arr, const char *kind, int64_t axis_id, int64_t action_id) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct text_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = c->plan_id;
    r.axis_id = axis_id;
    r.action_id = action_id;
    demo_copy(r.kind, sizeof r.kind, kind);
    demo_copy(r.text, sizeof r.text, json_is_string(o) ? json_string_value(o) : js(o, "text"));
    if (json_is_object(o)) {
      r.by_org_id = jmap(c->orgs, js(o, "by"));
      json_t *y = json_object_get(o, "year");
      r.year.has = json_is_integer(y);
      r.year.v = json_integer_value(y);
      demo_date(js(o, "date"), r.on_date);
      demo_source(c, o, r.source, sizeof r.source);
    }
    r.position = (int64_t)i;
    if ((e = store_text_insert(c->db, &r, NULL))) break;
  }
  return e;
}

static plam_err demo_figures(struct demo_ctx *c, json_t *arr, int64_t axis_id, int64_t action_id) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct figure_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = c->plan_id;
    r.axis_id = axis_id;
    r.action_id = action_id;
    demo_copy(r.code, sizeof r.code, js(o, "key"));
    demo_copy(r.label, sizeof r.label, js(o, "label"));
    r.value = json_number_value(json_object_get(o, "value"));
    r.value_high = jopt(o, "value_high");
    demo_copy(r.unit, sizeof r.unit, js(o, "unit"));
    demo_date(js(o, "date"), r.value_on);
    json_t *per = json_object_get(o, "period");
    demo_date(js(per, "from"), r.period_from);
    demo_date(js(per, "to"), r.period_to);
    demo_copy(r.territory_id, sizeof r.territory_id, js(o, "territory"));
    demo_copy(r.qualifier, sizeof r.qualifier, js(o, "qualifier"));
    demo_copy(r.note, sizeof r.note, js(o, "note"));
    demo_source(c, o, r.source, sizeof r.source);
    r.position = c->n_figures++;
    if ((e = store_figure_insert(c->db, &r, NULL))) break;
  }
  return e;
}

static plam_err demo_budget(struct demo_ctx *c, json_t *arr, int64_t action_id) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct budget_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = c->plan_id;
    r.action_id = action_id;
    r.funder_org_id = jmap(c->orgs, js(o, "funder"));
    json_t *yf = json_object_get(o, "year_from"), *yt = json_object_get(o, "year_to"), *y = json_object_get(o, "year");
    if (!yf) yf = y;
    if (!yt) yt = yf;
    r.year_from.has = json_is_integer(yf);
    r.year_from.v = json_integer_value(yf);
    r.year_to.has = json_is_integer(yt);
    r.year_to.v = json_integer_value(yt);
    demo_copy(r.label, sizeof r.label, js(o, "label"));
    r.planned_cents = jcents(o, "planned_eur");
    r.committed_cents = jcents(o, "committed_eur");
    r.paid_cents = jcents(o, "paid_eur");
    r.unit_cents = jcents(o, "unit_amount_eur");
    demo_copy(r.unit, sizeof r.unit, js(o, "unit"));
    r.quantity = jopt(o, "quantity");
    demo_copy(r.qualifier, sizeof r.qualifier, js(o, "qualifier"));
    char note[PLAN_TEXT];
    int w = snprintf(note, sizeof note, "%s", js(o, "note"));
    json_t *ins;
    size_t k;
    json_array_foreach(json_object_get(o, "instalments"), k, ins) {
      if (w < 0 || (size_t)w >= sizeof note) break;
      w += snprintf(note + w, sizeof note - (size_t)w, "%sversement « %s » : %.0f €", w ? " ; " : "", js(ins, "label"),
                    json_number_value(json_object_get(ins, "amount_eur")));
    }
    if (w < 0 || (size_t)w >= sizeof note) demo_cut = 1;
    demo_copy(r.note, sizeof r.note, note);
    demo_source(c, o, r.source, sizeof r.source);
    int64_t id = 0;
    struct opt_i64 prev = jcents(o, "previous_unit_amount_eur");
    if (prev.has) { /* the earlier unit amount, then its revision */
      struct budget_rec old = r;
      old.unit_cents = prev;
      demo_copy(old.note, sizeof old.note, "montant unitaire antérieur, remplacé (voir la ligne suivante)");
      if ((e = store_budget_insert(c->db, &old, &id))) break;
      r.replaces_id = id;
    }
    if ((e = store_budget_insert(c->db, &r, NULL))) break;
    c->n_lines++;
  }
  return e;
}

static plam_err demo_target(struct demo_ctx *c, int64_t ind, json_t *t, const char *kind, const char *scope) {
  struct target_rec r;
  memset(&r, 0, sizeof r);
  r.indicator_id = ind;
  demo_copy(r.territory_id, sizeof r.territory_id, *js(t, "territory") ? js(t, "territory") : scope);
  demo_copy(r.kind, sizeof r.kind, kind);
  demo_date(js(t, "date"), r.due_on);
  r.value = json_number_value(json_object_get(t, "value"));
  r.value_high = jopt(t, "value_high");
  demo_copy(r.qualifier, sizeof r.qualifier, js(t, "qualifier"));
  demo_copy(r.note, sizeof r.note, js(t, "note"));
  demo_source(c, t, r.source, sizeof r.source);
  return store_target_insert(c->db, &r, NULL);
}

static plam_err demo_indicators(struct demo_ctx *c, json_t *arr, int64_t action_id) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct indicator_rec r;
    memset(&r, 0, sizeof r);
    r.action_id = action_id;
    demo_copy(r.code, sizeof r.code, js(o, "key"));
    demo_copy(r.name, sizeof r.name, js(o, "title"));
    demo_copy(r.definition, sizeof r.definition, js(o, "definition"));
    demo_copy(r.unit, sizeof r.unit, js(o, "unit"));
    demo_copy(r.kind, sizeof r.kind, js(o, "kind"));
    demo_copy(r.direction, sizeof r.direction, js(o, "direction"));
    demo_copy(r.accumulation, sizeof r.accumulation, js(o, "accumulation"));
    demo_copy(r.aggregation, sizeof r.aggregation, js(o, "aggregation"));
    r.ratio_scale = !strcmp(r.kind, "percent") ? 100 : 1;
    demo_copy(r.frequency, sizeof r.frequency, js(o, "frequency"));
    demo_copy(r.scope_id, sizeof r.scope_id, js(o, "scope"));
    demo_copy(r.breakdown, sizeof r.breakdown, *js(o, "breakdown") ? js(o, "breakdown") : "scope");
    r.weight = 1;
    demo_copy(r.note, sizeof r.note, js(o, "note"));
    demo_source(c, o, r.source, sizeof r.source);
    /* an indicator the demo adds, absent from the sources, says so as its source */
    if (!*js(o, "source") && *js(o, "added")) demo_copy(r.source, sizeof r.source, js(o, "added"));
    r.position = (int64_t)i;
    int64_t id;
    if ((e = store_indicator_insert(c->db, &r, &id))) break;
    c->n_indicators++;
    json_t *t;
    size_t k;
    json_array_foreach(json_object_get(o, "territories"), k, t) {
      if ((e = store_indicator_territory_add(c->db, id, json_string_value(t)))) return e;
    }
    json_t *base = json_object_get(o, "baseline");
    if (base && (e = demo_target(c, id, base, "baseline", r.scope_id))) return e;
    json_array_foreach(json_object_get(o, "targets"), k, t) {
      const char *kind = js(t, "kind");
      if ((e = demo_target(c, id, t, !strcmp(kind, "intermediate") ? "intermediate" : "final", r.scope_id))) return e;
    }
    json_array_foreach(json_object_get(o, "measurements"), k, t) {
      struct measurement_rec m;
      memset(&m, 0, sizeof m);
      m.indicator_id = id;
      demo_copy(m.territory_id, sizeof m.territory_id, *js(t, "territory") ? js(t, "territory") : r.scope_id);
      demo_date(js(t, "date"), m.value_on);
      m.value = jopt(t, "value");
      m.numerator = jopt(t, "numerator");
      m.denominator = jopt(t, "denominator");
      demo_copy(m.qualifier, sizeof m.qualifier, js(t, "qualifier"));
      char comment[PLAN_TEXT];
      int cw = snprintf(comment, sizeof comment, "%s%s%s", *js(t, "period_start") ? "période commencée le " : "",
                        js(t, "period_start"), *js(t, "note") ? js(t, "note") : "");
      if (cw < 0 || (size_t)cw >= sizeof comment) demo_cut = 1;
      demo_copy(m.comment, sizeof m.comment, comment);
      demo_source(c, t, m.source, sizeof m.source);
      demo_copy(m.batch, sizeof m.batch, "demo");
      /* the bounds every other path checks (meas_bounds.h) */
      struct meas_rule rule;
      enum meas_part part;
      char why[200];
      if (meas_rule_from(r.kind, r.aggregation, r.ratio_scale, &rule)) return PLAM_ERR_INVALID;
      if (meas_refused(&rule, m.value.has, m.value.v, m.numerator.has || m.denominator.has, m.numerator.v,
                       m.denominator.v, &part, why, sizeof why)) {
        fprintf(stderr, "%s, %s, %s : %s (%s)\n", r.code, m.territory_id, m.value_on, why, meas_part_field(part));
        return PLAM_ERR_INVALID;
      }
      int64_t mid;
      if ((e = store_measurement_insert(c->db, &m, &mid))) return e;
      struct review_rec rv;
      memset(&rv, 0, sizeof rv);
      rv.measurement_id = mid;
      demo_copy(rv.decision, sizeof rv.decision, "validated");
      if ((e = store_review_insert(c->db, &rv, NULL))) return e;
      c->n_values++;
    }
  }
  return e;
}

static plam_err demo_actions(struct demo_ctx *c, json_t *arr, int64_t axis_id) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct action_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = c->plan_id;
    r.axis_id = axis_id;
    demo_copy(r.number, sizeof r.number, js(o, "number"));
    json_t *nis = json_object_get(o, "number_in_source");
    r.number_in_source = !json_is_false(nis);
    demo_copy(r.title, sizeof r.title, js(o, "title"));
    demo_copy(r.objective, sizeof r.objective, js(o, "objective"));
    demo_copy(r.description, sizeof r.description, js(o, "description"));
    const char *status = js(o, "status");
    r.status_known = *status != '\0';
    demo_copy(r.status, sizeof r.status, *status ? status : "a_venir");
    /* project support organisations are plan_partners rows (role support) */
    char buf[PLAN_LONG];
    int w = 0;
    json_t *x;
    size_t k;
    w = 0;
    buf[0] = '\0';
    json_array_foreach(json_object_get(o, "references"), k, x) {
      const char *t = json_is_string(x) ? json_string_value(x) : js(x, "text");
      if (w >= 0 && (size_t)w < sizeof buf) w += snprintf(buf + w, sizeof buf - (size_t)w, "%s%s", w ? "\n" : "", t);
    }
    if (w < 0 || (size_t)w >= sizeof buf) demo_cut = 1;
    demo_copy(r.refs, sizeof r.refs, buf);
    r.weight = 1;
    r.position = c->n_actions;
    demo_copy(r.note, sizeof r.note, js(o, "note"));
    demo_source(c, o, r.source, sizeof r.source);
    int64_t id;
    if ((e = store_action_insert(c->db, &r, &id))) break;
    c->n_actions++;
    json_object_set_new(c->actions, js(o, "key"), json_integer(id));
    static const char *const roles[][2] = {{"pilots", "pilot"}, {"actors", "actor"}, {"project_support", "support"}};
    for (int ri = 0; !e && ri < 3; ri++) json_array_foreach(json_object_get(o, roles[ri][0]), k, x) {
        if ((e = demo_partner(c, id, 0, json_string_value(x), roles[ri][1], o))) break;
      }
    json_array_foreach(json_object_get(o, "roadmap"), k, x) {
      if (e) break;
      struct roadmap_rec rm;
      memset(&rm, 0, sizeof rm);
      rm.action_id = id;
      demo_copy(rm.title, sizeof rm.title, js(x, "text"));
      demo_date(js(x, "due"), rm.due_on);
      demo_date(js(x, "done"), rm.done_on);
      rm.position = (int64_t)k;
      demo_source(c, x, rm.source, sizeof rm.source);
      e = store_roadmap_insert(c->db, &rm, NULL);
    }
    if (!e) e = demo_texts(c, json_object_get(o, "achievements"), "achievement", 0, id);
    if (!e) e = demo_texts(c, json_object_get(o, "commitments"), "commitment", 0, id);
    if (!e) e = demo_figures(c, json_object_get(o, "figures"), 0, id);
    if (!e) e = demo_indicators(c, json_object_get(o, "indicators"), id);
    if (!e) e = demo_budget(c, json_object_get(o, "budget_lines"), id);
    if (e) break;
  }
  return e;
}

static plam_err demo_governance(struct demo_ctx *c, json_t *arr) {
  json_t *o;
  size_t i;
  plam_err e = PLAM_OK;
  json_array_foreach(arr, i, o) {
    struct body_rec b;
    memset(&b, 0, sizeof b);
    b.plan_id = c->plan_id;
    demo_copy(b.kind, sizeof b.kind, js(o, "kind"));
    demo_copy(b.name, sizeof b.name, js(o, "name"));
    b.axis_id = jmap(c->axes, js(o, "axis"));
    b.action_id = jmap(c->actions, js(o, "action"));
    demo_copy(b.territory_id, sizeof b.territory_id, js(o, "territory"));
    json_t *mpy = json_object_get(o, "meetings_per_year");
    b.meetings_per_year.has = json_is_integer(mpy);
    b.meetings_per_year.v = json_integer_value(mpy);
    if (b.meetings_per_year.has)
      snprintf(b.frequency, sizeof b.frequency, "%lld par an", (long long)b.meetings_per_year.v);
    demo_date(js(o, "established"), b.established);
    b.planned = json_is_true(json_object_get(o, "planned"));
    /* "début 2021" has no day: kept as the source's words, not as a date */
    if (*js(o, "established_text")) {
      int nw = snprintf(b.note, sizeof b.note, "Mis en place : %s.%s%s", js(o, "established_text"),
                        *js(o, "note") ? " " : "", js(o, "note"));
      if (nw < 0 || (size_t)nw >= sizeof b.note) demo_cut = 1;
    } else demo_copy(b.note, sizeof b.note, js(o, "note"));
    demo_source(c, o, b.source, sizeof b.source);
    int64_t bid;
    if ((e = store_body_insert(c->db, &b, &bid))) break;
    c->n_bodies++;
    json_t *x, *m;
    size_t k;
    json_array_foreach(json_object_get(o, "pilots"), k, x) {
      int64_t org = jmap(c->orgs, json_string_value(x));
      if (org && (e = store_body_pilot_add(c->db, bid, org))) return e;
    }
    json_array_foreach(json_object_get(o, "meetings"), k, m) {
      struct meeting_rec mr;
      memset(&mr, 0, sizeof mr);
      mr.body_id = bid;
      demo_date(js(m, "date"), mr.held_on);
      demo_copy(mr.title, sizeof mr.title, js(m, "title"));
      demo_copy(mr.place, sizeof mr.place, js(m, "place"));
      demo_copy(mr.minutes, sizeof mr.minutes, js(m, "minutes"));
      demo_copy(mr.attendees_text, sizeof mr.attendees_text, js(m, "attendees_text"));
      demo_source(c, m, mr.source, sizeof mr.source);
      int64_t mid;
      if ((e = store_meeting_insert(c->db, &mr, &mid))) return e;
      size_t q;
      json_array_foreach(json_object_get(m, "attendees"), q, x) {
        int64_t org = jmap(c->orgs, json_string_value(x));
        if (org && (e = store_attendee_insert(c->db, mid, org, NULL))) return e;
      }
      json_array_foreach(json_object_get(m, "decisions"), q, x) {
        struct decision_rec d;
        memset(&d, 0, sizeof d);
        d.plan_id = c->plan_id;
        d.meeting_id = mid;
        demo_copy(d.text, sizeof d.text, js(x, "text"));
        d.owner_org_id = jmap(c->orgs, js(x, "owner"));
        demo_date(js(x, "due"), d.due_on);
        demo_copy(d.status, sizeof d.status, *js(x, "status") ? js(x, "status") : "open");
        demo_source(c, x, d.source, sizeof d.source);
        if ((e = store_decision_insert(c->db, &d, NULL))) return e;
      }
    }
  }
  return e;
}

static plam_err demo_plan(struct demo_ctx *c, json_t *p, const char *file) {
  struct plan_rec r;
  memset(&r, 0, sizeof r);
  demo_copy(r.slug, sizeof r.slug, js(p, "key"));
  int rw = snprintf(r.region_id, sizeof r.region_id, "REG-%s", js(p, "region_code"));
  if (rw < 0 || (size_t)rw >= sizeof r.region_id) demo_cut = 1;
  demo_copy(r.title, sizeof r.title, js(p, "title"));
  demo_copy(r.short_title, sizeof r.short_title, js(p, "short_title"));
  demo_copy(r.long_title, sizeof r.long_title, js(p, "long_title"));
  demo_copy(r.summary, sizeof r.summary, js(p, "summary"));
  demo_copy(r.axis_label, sizeof r.axis_label, *js(p, "axis_label") ? js(p, "axis_label") : "axe");
  json_t *per = json_object_get(p, "period");
  json_t *sy = json_object_get(per, "start_year"), *ey = json_object_get(per, "end_year");
  r.start_year.has = json_is_integer(sy);
  r.start_year.v = json_integer_value(sy);
  r.end_year.has = json_is_integer(ey);
  r.end_year.v = json_integer_value(ey);
  if (per) demo_source(c, per, r.period_source, sizeof r.period_source);
  demo_date(js(p, "launched_on"), r.launched_on);
  demo_copy(r.status, sizeof r.status, *js(p, "status") ? js(p, "status") : "draft");
  r.owner_org_id = jmap(c->orgs, "ars");
  json_t *srcs = json_object_get(p, "sources"), *s;
  size_t i;
  int w = 0;
  json_array_foreach(srcs, i, s) {
    if (w >= 0 && (size_t)w < sizeof r.source)
      w += snprintf(r.source + w, sizeof r.source - (size_t)w, "%s%s", w ? " ; " : "", js(s, "title"));
  }
  if (w < 0 || (size_t)w >= sizeof r.source) demo_cut = 1;
  json_t *contrib = json_object_get(p, "contributions");
  demo_copy(r.contributions_email, sizeof r.contributions_email, js(contrib, "email"));
  if (contrib) demo_source(c, contrib, r.contributions_source, sizeof r.contributions_source);
  plam_err e = store_plan_insert(c->db, &r, &c->plan_id);
  if (e) return e;
  json_array_foreach(json_object_get(p, "territories"), i, s) {
    if ((e = store_plan_territory_add(c->db, c->plan_id, json_string_value(s)))) return e;
  }
  if (!e) e = demo_texts(c, json_object_get(p, "context"), "context", 0, 0);
  if (!e) e = demo_texts(c, json_object_get(p, "target_publics"), "public", 0, 0);
  if (!e) e = demo_texts(c, json_object_get(p, "commitments"), "commitment", 0, 0);
  if (!e) e = demo_figures(c, json_object_get(p, "figures"), 0, 0);
  json_array_foreach(json_object_get(p, "partners"), i, s) {
    json_t *role;
    size_t k;
    json_array_foreach(json_object_get(s, "roles"), k, role) {
      if (!e) e = demo_partner(c, 0, 0, js(s, "organisation"), json_string_value(role), s);
    }
  }
  json_t *ax;
  json_array_foreach(json_object_get(p, "axes"), i, ax) {
    if (e) break;
    struct axis_rec a;
    memset(&a, 0, sizeof a);
    a.plan_id = c->plan_id;
    demo_copy(a.number, sizeof a.number, js(ax, "number"));
    demo_copy(a.title, sizeof a.title, js(ax, "title"));
    demo_copy(a.kind, sizeof a.kind, !strcmp(js(ax, "kind"), "lever") ? "lever" : "axis");
    a.weight = 1;
    a.position = (int64_t)i;
    demo_copy(a.note, sizeof a.note, js(ax, "note"));
    demo_source(c, ax, a.source, sizeof a.source);
    int64_t aid;
    if ((e = store_axis_insert(c->db, &a, &aid))) break;
    json_object_set_new(c->axes, js(ax, "key"), json_integer(aid));
    json_t *pilots = json_object_get(ax, "pilots"), *x;
    size_t k;
    const char *role = json_array_size(pilots) > 1 ? "copilot" : "pilot";
    json_array_foreach(pilots, k, x) {
      if (!e) e = demo_partner(c, 0, aid, json_string_value(x), role, ax);
    }
    if (!e) e = demo_texts(c, json_object_get(ax, "objectives"), "objective", aid, 0);
    if (!e) e = demo_texts(c, json_object_get(ax, "priorities"), "priority", aid, 0);
    if (!e) e = demo_figures(c, json_object_get(ax, "figures"), aid, 0);
    if (!e) e = demo_actions(c, json_object_get(ax, "actions"), aid);
  }
  if (!e) e = demo_budget(c, json_object_get(p, "budget_lines"), 0);
  if (!e) e = demo_governance(c, json_object_get(p, "governance"));
  (void)file;
  return e;
}

struct demo_plan_arg {
  struct demo_ctx *c;
  json_t *p;
  const char *path;
};

static plam_err demo_plan_tx(struct app_tx *tx, void *arg) {
  const struct demo_plan_arg *x = arg;
  struct demo_ctx *c = x->c;
  demo_cut = 0;
  plam_err e = demo_plan(c, x->p, x->path);
  if (!e && demo_cut) e = PLAM_ERR_INVALID; /* a value longer than its field */
  if (e) return e;
  const char *base = strrchr(x->path, '/');
  json_t *after = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i}", "slug", js(x->p, "key"), "file",
                            base ? base + 1 : x->path, "actions", c->n_actions, "indicators", c->n_indicators,
                            "measurements", c->n_values, "budget_lines", c->n_lines, "bodies", c->n_bodies);
  return after ? app_audit(tx, "import", "plan", c->plan_id, NULL, after) : PLAM_ERR_NOMEM;
}

/* Loads one parsed plan (owned: released here); path names it in messages
 * and in the audit entry (its base name). */
static plam_err demo_load_json(struct db *db, const struct actor *a, json_t *p, const char *path, int *added) {
  if (strcmp(js(p, "format"), "plam-demo-plan/1")) {
    json_decref(p);
    return PLAM_ERR_INVALID;
  }
  int64_t existing;
  plam_err e = store_plan_find_slug(db, js(p, "key"), &existing);
  if (e != PLAM_ERR_NOT_FOUND) {
    json_decref(p);
    return e; /* PLAM_OK: already loaded */
  }
  struct demo_ctx c = {.db = db,
                       .orgs = json_object(),
                       .axes = json_object(),
                       .actions = json_object(),
                       .titles = json_object()};
  json_t *src;
  size_t si;
  json_array_foreach(json_object_get(p, "sources"), si, src) {
    if (c.titles && *js(src, "file")) json_object_set(c.titles, js(src, "file"), json_object_get(src, "title"));
  }
  e = c.orgs && c.axes && c.actions && c.titles ? demo_orgs(db, a, p, c.orgs) : PLAM_ERR_NOMEM;
  struct demo_plan_arg x = {&c, p, path};
  if (!e) e = app_write(db, a, demo_plan_tx, &x, NULL);
  if (!e) *added = 1;
  json_decref(c.orgs);
  json_decref(c.axes);
  json_decref(c.actions);
  json_decref(c.titles);
  json_decref(p);
  return e;
}

plam_err plan_demo_load_file(struct db *db, const struct actor *a, const char *path, int *added) {
  *added = 0;
  json_error_t jerr;
  json_t *p = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  if (!p) {
    fprintf(stderr, "%s:%d : %s\n", path, jerr.line, jerr.text);
    return PLAM_ERR_INVALID;
  }
  return demo_load_json(db, a, p, path, added);
}

plam_err plan_demo_load_embedded(struct db *db, int *loaded) {
  *loaded = 0;
  size_t first, end;
  if (!embed_range("demo/plans/", &first, &end)) {
    fprintf(stderr, "aucun plan de démonstration intégré à ce programme\n");
    return PLAM_ERR_NOT_FOUND;
  }
  struct actor a;
  actor_cli(&a);
  plam_err e = PLAM_OK;
  for (size_t i = first; i < end && !e; i++) {
    const struct embed_file *f = &embed_files[i];
    json_error_t jerr;
    json_t *p = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!p) {
      fprintf(stderr, "%s:%d : %s\n", f->name, jerr.line, jerr.text);
      return PLAM_ERR_INVALID;
    }
    int added = 0;
    e = demo_load_json(db, &a, p, f->name, &added);
    if (e) fprintf(stderr, "chargement de %s : échec\n", f->name);
    *loaded += added;
  }
  return e;
}

static int demo_cmp(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

plam_err plan_demo_load_dir(struct db *db, const char *dir, int *loaded) {
  *loaded = 0;
  char path[4096];
  snprintf(path, sizeof path, "%s/plans", dir);
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "répertoire des plans de démonstration introuvable : %s\n", path);
    return PLAM_ERR_IO;
  }
  char *names[64];
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) && n < 64) {
    size_t len = strlen(de->d_name);
    if (len > 5 && !strcmp(de->d_name + len - 5, ".json")) names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], demo_cmp);
  struct actor a;
  actor_cli(&a);
  plam_err e = PLAM_OK;
  for (int i = 0; i < n; i++) {
    if (!e && names[i]) {
      snprintf(path, sizeof path, "%s/plans/%s", dir, names[i]);
      int added = 0;
      e = plan_demo_load_file(db, &a, path, &added);
      if (e) fprintf(stderr, "chargement de %s : échec\n", path);
      *loaded += added;
    }
    free(names[i]);
  }
  return e;
}
