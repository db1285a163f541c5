/* The printable report of a plan (see copil.h): one self-contained French
 * HTML page built from the COPIL pack with the escaping writer (app/html.h),
 * styled by /css/report.css (A4, one axis per printed page) and holding no
 * script or inline style, so the server's CSP applies unchanged. Every
 * progress figure is followed by its explanation: the formula, the values it
 * used (baseline, target, current value with their dates, or the parts
 * counted) and its coverage. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/plan/copil.h"
#include "fmt/html.h"

static const char *str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static void dl_row(struct html_w *w, const char *term, const char *def) {
  html_elem(w, "dt", term, NULL);
  html_elem(w, "dd", def, NULL);
}

static void value_on(json_t *o, const char *vk, const char *dk, const char *unit, char *out, size_t size) {
  json_t *v = json_object_get(o, vk);
  if (!json_is_number(v)) {
    snprintf(out, size, "non renseignée");
    return;
  }
  char n[64], d[16];
  copil_number_text(json_number_value(v), n, sizeof n);
  copil_date_text(str(o, dk), d, sizeof d);
  snprintf(out, size, "%s%s%s%s%s", n, *unit ? " " : "", unit, *d ? " au " : "", d);
}

/* The figure and its explanation: percentage, formula, values, coverage. */
static void figure(struct html_w *w, json_t *p, const char *label, const char *unit, json_t *indicator) {
  char pct[64], buf[768];
  copil_percent_text(p, pct, sizeof pct);
  html_open(w, "div", "class", "rapport-chiffre", NULL);
  html_open(w, "p", "class", "rapport-chiffre__valeur", NULL);
  html_textf(w, "%s : ", label);
  html_elem(w, "strong", pct, NULL);
  html_close(w);
  html_open(w, "dl", "class", "rapport-explication", NULL);
  dl_row(w, "Formule", *str(p, "formula_text") ? str(p, "formula_text") : "Aucun calcul.");
  dl_row(w, "Résultat", *str(p, "reason_text") ? str(p, "reason_text") : "Aucune donnée.");
  if (indicator) {
    value_on(p, "baseline", "baseline_date", unit, buf, sizeof buf);
    dl_row(w, "Référence", buf);
    value_on(p, "target", "target_date", unit, buf, sizeof buf);
    dl_row(w, json_is_true(json_object_get(p, "target_is_final")) ? "Cible finale" : "Cible", buf);
    value_on(p, "current", "current_date", unit, buf, sizeof buf);
    dl_row(w, copil_current_label(indicator), buf);
  } else if (json_is_object(p)) {
    if (!copil_progress_complete(p) && json_is_true(json_object_get(json_object_get(p, "headline"), "has_progress")))
      dl_row(w, "Chiffre de tête",
             "moyenne des avancements des indicateurs renseignés, chacun pondéré par sa part dans l'ensemble ; "
             "la moyenne pondérée complète attend une valeur pour chaque indicateur compté.");
    json_t *c = json_object_get(p, "coverage");
    snprintf(buf, sizeof buf, "%lld élément%s compté%s sur %lld, dont %lld avec une valeur",
             (long long)json_integer_value(json_object_get(c, "parts_counted")),
             json_integer_value(json_object_get(c, "parts_counted")) > 1 ? "s" : "",
             json_integer_value(json_object_get(c, "parts_counted")) > 1 ? "s" : "",
             (long long)json_integer_value(json_object_get(c, "parts_total")),
             (long long)json_integer_value(json_object_get(c, "parts_with_value")));
    dl_row(w, "Valeurs", buf);
  }
  copil_coverage_text(p, buf, sizeof buf);
  dl_row(w, "Couverture", buf);
  if (json_is_true(json_object_get(p, "stale"))) dl_row(w, "Fraîcheur", "Des valeurs sont anciennes.");
  html_close(w); /* dl */
  html_close(w); /* div */
}

static void th_row(struct html_w *w, const char *const *cols, size_t n) {
  html_open(w, "thead", NULL);
  html_open(w, "tr", NULL);
  for (size_t i = 0; i < n; i++) html_elem(w, "th", cols[i], "scope", "col", NULL);
  html_close(w);
  html_close(w);
}

/* A line's amount; "Inconnu" when the line does not give it (never 0 €). */
static void euros_td(struct html_w *w, json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  char buf[64] = "Inconnu";
  if (json_is_integer(v)) copil_euros_text(json_integer_value(v), buf, sizeof buf);
  html_elem(w, "td", buf, "class", "rapport-nombre", NULL);
}

/* A total's stage: what it covers when some lines do not give it. */
static void total_td(struct html_w *w, json_t *total, const char *stage) {
  char buf[160];
  copil_amount_text(total, stage, buf, sizeof buf);
  html_elem(w, "td", buf, "class", "rapport-nombre", NULL);
}

static void money_table(struct html_w *w, json_t *money) {
  json_t *funders = json_object_get(money, "by_funder"), *total = json_object_get(money, "plan");
  if (!json_array_size(funders)) {
    html_elem(w, "p", "Aucune ligne budgétaire.", NULL);
    return;
  }
  html_open(w, "table", "class", "rapport-tableau", NULL);
  html_elem(w, "caption", "Financements par financeur (lignes budgétaires en vigueur)", NULL);
  static const char *const cols[] = {"Financeur", "Lignes", "Prévu", "Engagé", "Versé"};
  th_row(w, cols, sizeof cols / sizeof cols[0]);
  html_open(w, "tbody", NULL);
  size_t i;
  json_t *f;
  json_array_foreach(funders, i, f) {
    html_open(w, "tr", NULL);
    const char *name = str(f, "funder_name");
    html_elem(w, "th",
              *name                                 ? name
              : json_object_get(f, "funder_org_id") ? "Financeur non nommé"
                                                    : "Sans financeur",
              "scope", "row", NULL);
    html_open(w, "td", "class", "rapport-nombre", NULL);
    html_textf(w, "%lld", (long long)json_integer_value(json_object_get(f, "lines")));
    html_close(w);
    total_td(w, f, "planned");
    total_td(w, f, "committed");
    total_td(w, f, "paid");
    html_close(w);
  }
  if (json_is_object(total)) {
    html_open(w, "tr", "class", "rapport-total", NULL);
    html_elem(w, "th", "Total du plan", "scope", "row", NULL);
    html_open(w, "td", "class", "rapport-nombre", NULL);
    html_textf(w, "%lld", (long long)json_integer_value(json_object_get(total, "lines")));
    html_close(w);
    total_td(w, total, "planned");
    total_td(w, total, "committed");
    total_td(w, total, "paid");
    html_close(w);
  }
  html_close(w); /* tbody */
  html_close(w); /* table */
}

static void join_names(json_t *arr, char *out, size_t size) {
  size_t i, n = 0;
  json_t *v;
  snprintf(out, size, "aucun");
  json_array_foreach(arr, i, v) {
    int k = snprintf(out + n, size - n, "%s%s", n ? " ; " : "", json_string_value(v) ? json_string_value(v) : "");
    if (k < 0 || (size_t)k >= size - n) { /* no cut name or figure: stop before it */
      out[n] = '\0';
      break;
    }
    n += (size_t)k;
  }
}

static void targets_list(struct html_w *w, json_t *ind) {
  size_t i, n = 0;
  json_t *t;
  json_array_foreach(json_object_get(ind, "targets"), i, t) if (strcmp(str(t, "kind"), "baseline")) n++;
  if (!n) {
    html_text(w, "aucune");
    return;
  }
  html_open(w, "ul", "class", "rapport-liste", NULL);
  json_array_foreach(json_object_get(ind, "targets"), i, t) {
    const char *kind = str(t, "kind");
    if (!strcmp(kind, "baseline")) continue;
    char v[64], d[16];
    copil_number_text(json_number_value(json_object_get(t, "value")), v, sizeof v);
    copil_date_text(str(t, "due_on"), d, sizeof d);
    html_open(w, "li", NULL);
    html_textf(w, "%s%s%s : %s%s", !strcmp(kind, "final") ? "Finale" : "Intermédiaire", *d ? " au " : "", d,
               copil_qualifier_prefix(t), v);
    html_close(w);
  }
  html_close(w);
}

static void action_block(struct html_w *w, json_t *a) {
  char id[32], name[700], buf[2048], ref[64];
  snprintf(id, sizeof id, "action-%lld", (long long)json_integer_value(json_object_get(a, "id")));
  copil_action_ref(a, ref, sizeof ref);
  snprintf(name, sizeof name, "%s — %s", ref, str(a, "title"));
  html_open(w, "article", "class", "rapport-action", "aria-labelledby", id, NULL);
  html_elem(w, "h4", name, "id", id, NULL);
  if (*str(a, "objective")) html_elem(w, "p", str(a, "objective"), NULL);
  html_open(w, "dl", "class", "rapport-meta", NULL);
  dl_row(w, "Statut", copil_action_status_text(a));
  join_names(json_object_get(a, "pilots"), buf, sizeof buf);
  dl_row(w, "Pilotes", buf);
  join_names(json_object_get(a, "copilots"), buf, sizeof buf);
  dl_row(w, "Copilotes", buf);
  json_t *wx = json_object_get(a, "weather");
  if (json_is_object(wx)) {
    char d[16];
    copil_date_text(str(wx, "judged_on"), d, sizeof d);
    snprintf(buf, sizeof buf, "%s (au %s)", copil_weather_label(str(wx, "level")), d);
    dl_row(w, "Météo", buf);
    if (*str(wx, "comment")) dl_row(w, "Commentaire de la météo", str(wx, "comment"));
  } else {
    dl_row(w, "Météo", "Pas de météo");
  }
  html_close(w); /* dl */
  figure(w, json_object_get(a, "progress"), "Avancement de l'action", "", NULL);
  json_t *inds = json_object_get(a, "indicators");
  if (json_array_size(inds)) {
    html_open(w, "table", "class", "rapport-tableau", NULL);
    html_open(w, "caption", NULL);
    html_textf(w, "Indicateurs de l'action %s", ref);
    html_close(w);
    static const char *const cols[] = {"Indicateur", "Cibles", "Avancement et explication"};
    th_row(w, cols, sizeof cols / sizeof cols[0]);
    html_open(w, "tbody", NULL);
    size_t i;
    json_t *ind;
    json_array_foreach(inds, i, ind) {
      html_open(w, "tr", NULL);
      html_open(w, "th", "scope", "row", NULL);
      html_text(w, str(ind, "name"));
      if (*str(ind, "unit")) html_textf(w, " (%s)", str(ind, "unit"));
      if (*str(ind, "code")) {
        html_open(w, "span", "class", "rapport-code", NULL);
        html_textf(w, " — %s", str(ind, "code"));
        html_close(w);
      }
      html_close(w);
      html_open(w, "td", NULL);
      targets_list(w, ind);
      html_close(w);
      html_open(w, "td", NULL);
      figure(w, json_object_get(ind, "result"), "Avancement", str(ind, "unit"), ind);
      html_close(w);
      html_close(w); /* tr */
    }
    html_close(w); /* tbody */
    html_close(w); /* table */
  } else {
    html_elem(w, "p", "Aucun indicateur.", NULL);
  }
  html_close(w); /* article */
}

static void budget_table(struct html_w *w, json_t *lines, const char *caption) {
  if (!json_array_size(lines)) {
    html_elem(w, "p", "Aucune ligne budgétaire.", NULL);
    return;
  }
  html_open(w, "table", "class", "rapport-tableau", NULL);
  html_elem(w, "caption", caption, NULL);
  static const char *const cols[] = {"Libellé", "Action", "Financeur", "Années", "Prévu", "Engagé", "Versé"};
  th_row(w, cols, sizeof cols / sizeof cols[0]);
  html_open(w, "tbody", NULL);
  size_t i;
  json_t *b;
  json_array_foreach(lines, i, b) {
    html_open(w, "tr", NULL);
    html_elem(w, "th", str(b, "label"), "scope", "row", NULL);
    html_elem(w, "td", *str(b, "action_number") ? str(b, "action_number") : "—", NULL);
    html_elem(w, "td", *str(b, "funder_name") ? str(b, "funder_name") : "—", NULL);
    json_t *yf = json_object_get(b, "year_from"), *yt = json_object_get(b, "year_to");
    html_open(w, "td", NULL);
    if (json_is_integer(yf) && json_is_integer(yt) && json_integer_value(yf) != json_integer_value(yt))
      html_textf(w, "%lld–%lld", (long long)json_integer_value(yf), (long long)json_integer_value(yt));
    else if (json_is_integer(yf)) html_textf(w, "%lld", (long long)json_integer_value(yf));
    else html_text(w, "—");
    html_close(w);
    euros_td(w, b, "planned_cents");
    euros_td(w, b, "committed_cents");
    euros_td(w, b, "paid_cents");
    html_close(w);
  }
  html_close(w);
  html_close(w);
}

static void cap_label(const char *label, char *out, size_t size) {
  snprintf(out, size, "%s", *label ? label : "axe");
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 32);
}

plam_err report_html_write(json_t *pack, struct buf *out) {
  struct html_w w;
  html_begin(&w, out);
  json_t *plan = json_object_get(pack, "plan");
  char buf[1024], label[64];
  cap_label(str(plan, "axis_label"), label, sizeof label);
  html_open(&w, "html", "lang", "fr", NULL);
  html_open(&w, "head", NULL);
  html_open(&w, "meta", "charset", "utf-8", NULL);
  html_open(&w, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
  html_open(&w, "title", NULL);
  html_textf(&w, "Rapport d'avancement — %s", str(plan, "title"));
  html_close(&w);
  html_open(&w, "link", "rel", "stylesheet", "href", "/css/report.css", NULL);
  html_close(&w); /* head */
  html_open(&w, "body", NULL);
  html_open(&w, "header", "class", "rapport-entete", NULL);
  html_elem(&w, "p", "Rapport d'avancement du plan — comité de pilotage", "class", "rapport-surtitre", NULL);
  html_elem(&w, "h1", str(plan, "title"), NULL);
  if (*str(plan, "long_title") && strcmp(str(plan, "long_title"), str(plan, "title")))
    html_elem(&w, "p", str(plan, "long_title"), "class", "rapport-soustitre", NULL);
  html_open(&w, "dl", "class", "rapport-meta", NULL);
  if (*str(plan, "region_name")) dl_row(&w, "Région", str(plan, "region_name"));
  copil_period_text(plan, buf, sizeof buf);
  dl_row(&w, "Période", buf);
  dl_row(&w, "Statut", copil_plan_status_label(str(plan, "status")));
  copil_date_text(str(pack, "date"), buf, sizeof buf);
  dl_row(&w, "Situation au", buf);
  html_close(&w); /* dl */
  html_close(&w); /* header */
  html_open(&w, "main", NULL);
  html_open(&w, "section", "class", "rapport-synthese", "aria-labelledby", "synthese", NULL);
  html_elem(&w, "h2", "Synthèse", "id", "synthese", NULL);
  if (*str(plan, "summary")) html_elem(&w, "p", str(plan, "summary"), NULL);
  figure(&w, json_object_get(pack, "progress"), "Avancement global du plan", "", NULL);
  html_open(&w, "table", "class", "rapport-tableau", NULL);
  html_elem(&w, "caption", "Avancement par axe", NULL);
  static const char *const cols[] = {"Axe", "Avancement", "Couverture"};
  th_row(&w, cols, 3);
  html_open(&w, "tbody", NULL);
  size_t i;
  json_t *ax;
  json_array_foreach(json_object_get(pack, "axes"), i, ax) {
    json_t *p = json_object_get(ax, "progress");
    html_open(&w, "tr", NULL);
    html_open(&w, "th", "scope", "row", NULL);
    html_textf(&w, "%s %s : %s", label, str(ax, "number"), str(ax, "title"));
    html_close(&w);
    copil_percent_text(p, buf, sizeof buf);
    html_elem(&w, "td", buf, "class", "rapport-nombre", NULL);
    copil_coverage_text(p, buf, sizeof buf);
    html_elem(&w, "td", buf, NULL);
    html_close(&w);
  }
  html_close(&w); /* tbody */
  html_close(&w); /* table */
  html_elem(&w, "h3", "Financements", NULL);
  money_table(&w, json_object_get(pack, "money"));
  html_close(&w); /* section */
  json_array_foreach(json_object_get(pack, "axes"), i, ax) {
    char id[32], title[700];
    snprintf(id, sizeof id, "axe-%lld", (long long)json_integer_value(json_object_get(ax, "id")));
    snprintf(title, sizeof title, "%s %s : %s", label, str(ax, "number"), str(ax, "title"));
    html_open(&w, "section", "class", "rapport-axe", "aria-labelledby", id, NULL);
    html_elem(&w, "h2", title, "id", id, NULL);
    if (*str(ax, "description")) html_elem(&w, "p", str(ax, "description"), NULL);
    figure(&w, json_object_get(ax, "progress"), "Avancement de l'axe", "", NULL);
    html_elem(&w, "h3", "Actions", NULL);
    size_t k;
    json_t *a;
    json_array_foreach(json_object_get(ax, "actions"), k, a) action_block(&w, a);
    if (!json_array_size(json_object_get(ax, "actions"))) html_elem(&w, "p", "Aucune action.", NULL);
    html_elem(&w, "h3", "Lignes budgétaires", NULL);
    snprintf(title, sizeof title, "Lignes budgétaires en vigueur — %s %s", label, str(ax, "number"));
    budget_table(&w, json_object_get(ax, "budget"), title);
    html_close(&w); /* section */
  }
  json_t *loose = json_object_get(pack, "actions_without_axis"), *bl = json_object_get(pack, "budget_without_axis");
  if (json_array_size(loose) || json_array_size(bl)) {
    html_open(&w, "section", "class", "rapport-axe", "aria-labelledby", "hors-axe", NULL);
    html_elem(&w, "h2", "Hors axe", "id", "hors-axe", NULL);
    size_t k;
    json_t *a;
    if (json_array_size(loose)) html_elem(&w, "h3", "Actions", NULL);
    json_array_foreach(loose, k, a) action_block(&w, a);
    html_elem(&w, "h3", "Lignes budgétaires", NULL);
    budget_table(&w, bl, "Lignes budgétaires en vigueur hors axe");
    html_close(&w);
  }
  html_close(&w); /* main */
  html_open(&w, "footer", "class", "rapport-pied", NULL);
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  char now[32];
  strftime(now, sizeof now, "%d/%m/%Y", &tm);
  html_open(&w, "p", NULL);
  html_textf(&w, "Rapport produit par plam le %s. Avancements calculés sur les seules valeurs validées ; ", now);
  html_text(&w, "chaque chiffre est suivi de sa formule, des valeurs utilisées et de sa couverture.");
  html_close(&w);
  return html_end(&w);
}

plam_err report_html(struct db *db, const struct actor *a, int64_t plan_id, struct buf *out) {
  json_t *pack = NULL;
  plam_err e = copil_pack_json(db, a, plan_id, &pack);
  if (e) return e;
  e = report_html_write(pack, out);
  json_decref(pack);
  return e;
}
