/* The COPIL pack (see copil.h): the plan detail, the dashboard and the
 * current budget lines merged into one JSON document, with only the fields
 * the renderings need (a whitelist: nothing personal is copied), plus the
 * French wording shared by the workbook and the report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan/copil.h"
#include "app/plan/plan.h"
#include "store/store_tx.h"

/* A new object with the keys of src listed in keys (NULL-terminated); a
 * missing key becomes null. */
static json_t *pick(json_t *src, const char *const *keys) {
  json_t *o = json_object();
  for (size_t i = 0; o && keys[i]; i++) {
    json_t *v = json_object_get(src, keys[i]);
    json_object_set_new(o, keys[i], v ? json_deep_copy(v) : json_null());
  }
  return o;
}

/* The element of arr whose "id" is id, or NULL. */
static json_t *find_id(json_t *arr, json_int_t id) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) if (json_integer_value(json_object_get(v, "id")) == id) return v;
  return NULL;
}

static const char *str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

/* Copy of a dashboard progress object without its per-territory detail. */
static json_t *progress_copy(json_t *p) {
  if (!p) return json_null();
  json_t *c = json_deep_copy(p);
  if (c) json_object_del(c, "territories");
  return c;
}

static json_t *weather_copy(json_t *w) {
  static const char *const keys[] = {"level", "judged_on", "comment", NULL};
  return json_is_object(w) ? pick(w, keys) : json_null();
}

static json_t *indicator_pack(json_t *ind, json_t *dash_inds) {
  static const char *const keys[] = {"id",        "code",     "name",         "unit", "kind",
                                     "direction", "scope_id", "accumulation", NULL};
  json_t *o = pick(ind, keys);
  if (!o) return NULL;
  json_t *targets = json_array();
  const char *scope = str(ind, "scope_id");
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(ind, "targets"), i, t) {
    if (strcmp(str(t, "territory_id"), scope)) continue;
    static const char *const tk[] = {"kind", "due_on", "value", "qualifier", NULL};
    json_array_append_new(targets, pick(t, tk));
  }
  json_object_set_new(o, "targets", targets);
  json_t *d = find_id(dash_inds, json_integer_value(json_object_get(ind, "id")));
  json_object_set_new(o, "result", progress_copy(d ? json_object_get(d, "result") : NULL));
  return o;
}

static json_t *action_pack(json_t *ac, json_t *dash) {
  static const char *const keys[] = {"id",     "number",       "number_in_source", "title",
                                     "status", "status_known", "objective",        NULL};
  json_t *o = pick(ac, keys);
  if (!o) return NULL;
  json_t *pilots = json_array(), *copilots = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(ac, "partners"), i, p) {
    const char *role = str(p, "role"), *org = str(p, "org_name");
    if (!*org) continue; /* a partner without organisation names a person: left out */
    if (!strcmp(role, "pilot")) json_array_append_new(pilots, json_string(org));
    else if (!strcmp(role, "copilot")) json_array_append_new(copilots, json_string(org));
  }
  json_object_set_new(o, "pilots", pilots);
  json_object_set_new(o, "copilots", copilots);
  json_t *d = find_id(json_object_get(dash, "actions"), json_integer_value(json_object_get(ac, "id")));
  json_object_set_new(o, "progress", progress_copy(d ? json_object_get(d, "progress") : NULL));
  json_object_set_new(o, "weather", weather_copy(d ? json_object_get(d, "weather") : NULL));
  json_t *inds = json_array();
  json_array_foreach(json_object_get(ac, "indicators"), i, p)
    json_array_append_new(inds, indicator_pack(p, json_object_get(dash, "indicators")));
  json_object_set_new(o, "indicators", inds);
  return o;
}

static json_t *budget_pack(json_t *b, json_t *actions) {
  static const char *const keys[] = {
    "id",      "label",         "funder_org_id",   "funder_name", "fund",      "year_from",
    "year_to", "planned_cents", "committed_cents", "paid_cents",  "action_id", "axis_id",
    NULL};
  json_t *o = pick(b, keys);
  json_t *ac = find_id(actions, json_integer_value(json_object_get(b, "action_id")));
  if (o) json_object_set_new(o, "action_number", ac ? json_string(str(ac, "number")) : json_null());
  return o;
}

static json_t *money_pack(json_t *money, json_t *budget) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_t *funders = json_array();
  size_t i, k;
  json_t *f, *b;
  json_array_foreach(json_object_get(money, "by_funder"), i, f) {
    json_t *c = json_deep_copy(f);
    json_int_t id = json_integer_value(json_object_get(f, "funder_org_id"));
    const char *name = NULL;
    json_array_foreach(budget, k, b) if (id && json_integer_value(json_object_get(b, "funder_org_id")) == id) {
      name = json_string_value(json_object_get(b, "funder_name"));
      if (name) break;
    }
    if (c) json_object_set_new(c, "funder_name", name ? json_string(name) : json_null());
    json_array_append_new(funders, c);
  }
  json_object_set_new(o, "by_funder", funders);
  json_t *plan = json_object_get(money, "plan");
  json_object_set_new(o, "plan", plan ? json_deep_copy(plan) : json_null());
  return o;
}

/* Every action of the detail (in axes and without axis), flat. */
static json_t *all_actions(json_t *detail) {
  json_t *arr = json_array();
  size_t i, k;
  json_t *ax, *ac;
  json_array_foreach(json_object_get(detail, "axes"), i, ax) json_array_foreach(json_object_get(ax, "actions"), k, ac)
    json_array_append(arr, ac);
  json_array_foreach(json_object_get(detail, "actions_without_axis"), k, ac) json_array_append(arr, ac);
  return arr;
}

static json_t *pack_build(json_t *detail, json_t *dash, json_t *budget) {
  static const char *const plan_keys[] = {"id",          "slug",        "title",      "long_title", "region_id",
                                          "region_name", "start_year",  "end_year",   "status",     "summary",
                                          "axis_label",  "launched_on", "updated_at", NULL};
  json_t *root = json_object();
  if (!root) return NULL;
  json_object_set_new(root, "plan", pick(detail, plan_keys));
  json_object_set_new(root, "date", json_string(str(dash, "date")));
  json_object_set_new(root, "progress", progress_copy(json_object_get(dash, "progress")));
  json_t *actions = all_actions(detail);
  json_t *lines = json_array();
  size_t i, k;
  json_t *v;
  json_array_foreach(budget, i, v) json_array_append_new(lines, budget_pack(v, actions));
  json_t *axes = json_array();
  json_array_foreach(json_object_get(detail, "axes"), i, v) {
    static const char *const ak[] = {"id", "number", "title", "description", NULL};
    json_t *ax = pick(v, ak);
    if (!ax) continue;
    json_int_t id = json_integer_value(json_object_get(v, "id"));
    json_t *d = find_id(json_object_get(dash, "axes"), id);
    json_object_set_new(ax, "progress", progress_copy(d ? json_object_get(d, "progress") : NULL));
    json_t *acs = json_array(), *bl = json_array(), *ac, *b;
    json_array_foreach(json_object_get(v, "actions"), k, ac) json_array_append_new(acs, action_pack(ac, dash));
    json_array_foreach(lines, k, b) if (json_integer_value(json_object_get(b, "axis_id")) == id)
      json_array_append(bl, b);
    json_object_set_new(ax, "actions", acs);
    json_object_set_new(ax, "budget", bl);
    json_array_append_new(axes, ax);
  }
  json_object_set_new(root, "axes", axes);
  json_t *loose = json_array(), *bl = json_array();
  json_array_foreach(json_object_get(detail, "actions_without_axis"), i, v)
    json_array_append_new(loose, action_pack(v, dash));
  json_array_foreach(lines, i, v) {
    json_int_t ax = json_integer_value(json_object_get(v, "axis_id"));
    if (!ax || !find_id(axes, ax)) json_array_append(bl, v);
  }
  json_object_set_new(root, "actions_without_axis", loose);
  json_object_set_new(root, "budget_without_axis", bl);
  json_object_set_new(root, "budget", lines);
  json_object_set_new(root, "money", money_pack(json_object_get(dash, "money"), budget));
  json_decref(actions);
  return root;
}

plam_err copil_pack_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out) {
  *out = NULL;
  json_t *detail = NULL, *dash = NULL, *budget = NULL;
  plam_err e = store_read_begin(db); /* one snapshot for the three reads */
  if (e) return e;
  e = plan_detail_json(db, a, plan_id, &detail);
  if (!e) e = plan_dashboard_json(db, a, plan_id, NULL, &dash);
  if (!e) e = plan_budget_json(db, a, plan_id, 0, &budget);
  store_read_end(db);
  if (!e) {
    *out = pack_build(detail, dash, budget);
    if (!*out) e = PLAM_ERR_NOMEM;
  }
  json_decref(detail);
  json_decref(dash);
  json_decref(budget);
  return e;
}

/* ---- French wording ---- */
struct label {
  const char *code, *text;
};

static const char *label_of(const struct label *t, size_t n, const char *code) {
  if (!code) return "";
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i].code, code)) return t[i].text;
  return code;
}

const char *copil_action_status_label(const char *code) {
  static const struct label t[] = {{"a_venir", "À venir"},     {"en_cours", "En cours"}, {"realise", "Réalisé"},
                                   {"en_retard", "En retard"}, {"bloque", "Bloqué"},     {"abandonne", "Abandonné"}};
  return label_of(t, sizeof t / sizeof t[0], code);
}

const char *copil_action_status_text(json_t *action) {
  if (json_is_false(json_object_get(action, "status_known"))) return "Statut non renseigné";
  return copil_action_status_label(str(action, "status"));
}

void copil_action_ref(json_t *action, char *out, size_t size) {
  if (json_is_false(json_object_get(action, "number_in_source")))
    snprintf(out, size, "réf. interne %s", str(action, "number"));
  else snprintf(out, size, "%s", str(action, "number"));
}

const char *copil_qualifier_prefix(json_t *record) {
  static const struct label t[] = {{"at_least", "au moins "}, {"about", "environ "}, {"at_most", "au plus "}};
  const char *q = json_string_value(json_object_get(record, "qualifier"));
  return q ? label_of(t, sizeof t / sizeof t[0], q) : "";
}

const char *copil_weather_label(const char *code) {
  static const struct label t[] = {{"securises", "Objectifs sécurisés"},
                                   {"atteignables", "Objectifs atteignables"},
                                   {"appuis_necessaires", "Appuis nécessaires"},
                                   {"compromis", "Objectifs compromis"}};
  return label_of(t, sizeof t / sizeof t[0], code);
}

const char *copil_plan_status_label(const char *code) {
  static const struct label t[] = {{"draft", "Brouillon"}, {"published", "Publié"}, {"archived", "Archivé"}};
  return label_of(t, sizeof t / sizeof t[0], code);
}

void copil_period_text(json_t *plan, char *out, size_t size) {
  json_t *s = json_object_get(plan, "start_year"), *e = json_object_get(plan, "end_year");
  if (json_is_integer(s) && json_is_integer(e))
    snprintf(out, size, "%lld–%lld", (long long)json_integer_value(s), (long long)json_integer_value(e));
  else if (json_is_integer(s)) snprintf(out, size, "depuis %lld", (long long)json_integer_value(s));
  else if (json_is_integer(e)) snprintf(out, size, "jusqu'en %lld", (long long)json_integer_value(e));
  else snprintf(out, size, "non précisée");
}

static long long cov(json_t *p, const char *k) {
  return (long long)json_integer_value(json_object_get(json_object_get(p, "coverage"), k));
}

void copil_coverage_text(json_t *p, char *out, size_t size) {
  if (!json_is_object(p)) {
    snprintf(out, size, "aucune donnée");
    return;
  }
  if (json_object_get(json_object_get(p, "coverage"), "indicators_expected"))
    snprintf(out, size, "%lld indicateur%s renseigné%s sur %lld ; %lld territoire%s renseigné%s sur %lld",
             cov(p, "indicators_with_value"), cov(p, "indicators_with_value") > 1 ? "s" : "",
             cov(p, "indicators_with_value") > 1 ? "s" : "", cov(p, "indicators_expected"),
             cov(p, "territories_with_value"), cov(p, "territories_with_value") > 1 ? "s" : "",
             cov(p, "territories_with_value") > 1 ? "s" : "", cov(p, "territories_expected"));
  else
    snprintf(out, size, "%lld territoire%s renseigné%s sur %lld ; %lld valeur%s utilisée%s",
             cov(p, "territories_with_value"), cov(p, "territories_with_value") > 1 ? "s" : "",
             cov(p, "territories_with_value") > 1 ? "s" : "", cov(p, "territories_expected"),
             (long long)json_integer_value(json_object_get(p, "values_used")),
             json_integer_value(json_object_get(p, "values_used")) > 1 ? "s" : "",
             json_integer_value(json_object_get(p, "values_used")) > 1 ? "s" : "");
}

void copil_number_text(double v, char *out, size_t size) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.2f", v);
  char *dot = strchr(tmp, '.');
  if (dot) { /* drop trailing zeros, then the point */
    char *end = tmp + strlen(tmp) - 1;
    while (end > dot && *end == '0') *end-- = '\0';
    if (end == dot) *end = '\0';
  }
  if (!strcmp(tmp, "-0")) snprintf(tmp, sizeof tmp, "0");
  /* group thousands with a narrow no-break space, decimal comma */
  const char *s = tmp;
  size_t n = 0;
  if (*s == '-' && n + 1 < size) out[n++] = *s++;
  size_t digits = strcspn(s, ".");
  for (size_t i = 0; s[i] && n + 4 < size; i++) {
    if (s[i] == '.') {
      out[n++] = ',';
      continue;
    }
    if (i < digits && i > 0 && (digits - i) % 3 == 0) {
      memcpy(out + n, "\xe2\x80\xaf", 3); /* U+202F */
      n += 3;
    }
    out[n++] = s[i];
  }
  if (size) out[n < size ? n : size - 1] = '\0';
}

void copil_percent_text(json_t *p, char *out, size_t size) {
  json_t *v = json_object_get(p, "progress"), *hl = json_object_get(p, "headline");
  char n[64];
  if (json_is_true(json_object_get(p, "has_progress")) && json_is_number(v)) {
    copil_number_text(round(json_number_value(v) * 10) / 10, n, sizeof n);
    snprintf(out, size, "%s %%", n);
    return;
  }
  json_t *hv = json_object_get(hl, "progress");
  if (json_is_true(json_object_get(hl, "has_progress")) && json_is_number(hv)) {
    /* headline from the indicators that have a figure, with its coverage */
    long long x = cov(p, "indicators_with_value"), all = cov(p, "indicators_expected");
    copil_number_text(round(json_number_value(hv) * 10) / 10, n, sizeof n);
    snprintf(out, size, "%s %% sur %lld indicateur%s renseigné%s sur %lld", n, x, x > 1 ? "s" : "", x > 1 ? "s" : "",
             all);
    return;
  }
  snprintf(out, size, "non calculé");
}

int copil_progress_complete(json_t *p) {
  return json_is_true(json_object_get(p, "has_progress")) && json_is_number(json_object_get(p, "progress"));
}

const char *copil_current_label(json_t *indicator) {
  static const struct label t[] = {{"level", "Dernière valeur validée"},
                                   {"per_period", "Valeur validée de la dernière période"},
                                   {"cumulative", "Cumul des valeurs validées depuis la référence"}};
  const char *acc = str(indicator, "accumulation");
  return *acc ? label_of(t, sizeof t / sizeof t[0], acc) : "Dernière valeur validée";
}

void copil_amount_text(json_t *total, const char *stage, char *out, size_t size) {
  char k[48], e[64];
  snprintf(k, sizeof k, "%s_known_lines", stage);
  long long known = (long long)json_integer_value(json_object_get(total, k));
  long long lines = (long long)json_integer_value(json_object_get(total, "lines"));
  snprintf(k, sizeof k, "%s_cents", stage);
  json_t *v = json_object_get(total, k);
  if (!known || !json_is_integer(v)) { /* no line gives it: unknown, never 0 € */
    snprintf(out, size, "Inconnu");
    return;
  }
  copil_euros_text(json_integer_value(v), e, sizeof e);
  if (known >= lines) snprintf(out, size, "%s", e);
  else
    snprintf(out, size, "total des montants connus : %s (%lld ligne%s sur %lld)", e, known, known > 1 ? "s" : "",
             lines);
}

void copil_euros_text(int64_t cents, char *out, size_t size) {
  char n[64];
  copil_number_text((double)cents / 100.0, n, sizeof n);
  int w = snprintf(out, size, "%s €", n); /* callers size out for any amount: a cut is a bug */
  if (size && (w < 0 || (size_t)w >= size)) out[0] = '\0';
}

void copil_date_text(const char *iso, char *out, size_t size) {
  if (!iso || strlen(iso) < 10) {
    snprintf(out, size, "%s", iso ? iso : "");
    return;
  }
  snprintf(out, size, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}
