/* The COPIL workbook (see copil.h): a summary sheet ("Synthèse": plan,
 * period, status, overall progress with its formula, explanation and
 * coverage, then money per funder with the plan total) and one sheet per axis
 * (its progress, then three tables: actions, indicators, budget lines), plus
 * a "Hors axe" sheet for actions outside any axis. Progress figures are
 * percent cells (0.425 shown 42,5 %), amounts euro cells, dates date cells;
 * every figure sits beside its coverage and its explanation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app/plan/copil.h"
#include "fmt/xlsx_write.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

/* Number cell when o[k] is a number. */
static void num(struct xlsx_writer *w, uint32_t r, uint16_t c, json_t *o, const char *k, enum xlsx_fmt f) {
  json_t *v = json_object_get(o, k);
  if (json_is_number(v)) xlsx_writer_number(w, r, c, json_number_value(v), f);
}

/* An amount in euros; "Inconnu" when the line does not give it (never 0). */
static void cents(struct xlsx_writer *w, uint32_t r, uint16_t c, json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  if (json_is_integer(v)) xlsx_writer_number(w, r, c, (double)json_integer_value(v) / 100.0, XLSX_FMT_EUROS_CENTS);
  else xlsx_writer_text(w, r, c, "Inconnu");
}

/* Progress as a percent cell when complete; otherwise the text of
 * copil_percent_text (the headline with its coverage, or "non calculé"). */
static void progress_cell(struct xlsx_writer *w, uint32_t r, uint16_t c, json_t *p) {
  if (copil_progress_complete(p)) {
    xlsx_writer_number(w, r, c, json_number_value(json_object_get(p, "progress")) / 100.0, XLSX_FMT_PERCENT);
    return;
  }
  char buf[160];
  copil_percent_text(p, buf, sizeof buf);
  xlsx_writer_text(w, r, c, buf);
}

/* A money total's stage: a number when every line gives it, else the text
 * of copil_amount_text ("Inconnu", "total des montants connus : …"). */
static void total_cell(struct xlsx_writer *w, uint32_t r, uint16_t c, json_t *total, const char *stage) {
  char k[48];
  snprintf(k, sizeof k, "%s_known_lines", stage);
  json_int_t known = json_integer_value(json_object_get(total, k));
  if (known && known >= json_integer_value(json_object_get(total, "lines"))) {
    snprintf(k, sizeof k, "%s_cents", stage);
    cents(w, r, c, total, k);
    return;
  }
  char buf[160];
  copil_amount_text(total, stage, buf, sizeof buf);
  xlsx_writer_text(w, r, c, buf);
}

static void date_cell(struct xlsx_writer *w, uint32_t r, uint16_t c, const char *iso) {
  if (iso && strlen(iso) >= 10) {
    char d[11];
    snprintf(d, sizeof d, "%.10s", iso);
    xlsx_writer_date(w, r, c, d);
  }
}

static void join_names(json_t *arr, char *out, size_t size) {
  size_t i, n = 0;
  json_t *v;
  out[0] = '\0';
  json_array_foreach(arr, i, v) {
    int k = snprintf(out + n, size - n, "%s%s", n ? " ; " : "", json_string_value(v) ? json_string_value(v) : "");
    if (k < 0 || (size_t)k >= size - n) { /* no cut name or figure: stop before it */
      out[n] = '\0';
      break;
    }
    n += (size_t)k;
  }
}

static void summary_sheet(struct xlsx_writer *w, json_t *pack) {
  json_t *plan = json_object_get(pack, "plan"), *p = json_object_get(pack, "progress");
  xlsx_writer_sheet(w, "Synthèse", NULL, 0);
  static const char *const head[] = {"Rubrique", "Valeur"};
  xlsx_writer_header(w, 0, head, N(head));
  char period[64], buf[512];
  copil_period_text(plan, period, sizeof period);
  uint32_t r = 1;
  struct {
    const char *k, *v;
  } rows[] = {
    {"Plan", str(plan, "title")},
    {"Intitulé complet", str(plan, "long_title")},
    {"Région", str(plan, "region_name")},
    {"Période", period},
    {"Statut", copil_plan_status_label(str(plan, "status"))},
  };
  for (size_t i = 0; i < N(rows); i++, r++) {
    xlsx_writer_text(w, r, 0, rows[i].k);
    xlsx_writer_text(w, r, 1, rows[i].v);
  }
  xlsx_writer_text(w, r, 0, "Date de calcul");
  date_cell(w, r++, 1, str(pack, "date"));
  xlsx_writer_text(w, r, 0, "Avancement global");
  progress_cell(w, r++, 1, p);
  xlsx_writer_text(w, r, 0, "Formule");
  xlsx_writer_text(w, r++, 1, str(p, "formula_text"));
  xlsx_writer_text(w, r, 0, "Explication");
  xlsx_writer_text(w, r++, 1, str(p, "reason_text"));
  copil_coverage_text(p, buf, sizeof buf);
  xlsx_writer_text(w, r, 0, "Couverture");
  xlsx_writer_text(w, r++, 1, buf);
  r++;
  static const char *const money_label[] = {"Financements par financeur (lignes budgétaires en vigueur)"};
  xlsx_writer_titles(w, r++, money_label, 1);
  static const char *const mh[] = {"Financeur", "Lignes", "Prévu", "Engagé", "Versé"};
  xlsx_writer_titles(w, r++, mh, N(mh));
  json_t *money = json_object_get(pack, "money"), *f;
  size_t i;
  json_array_foreach(json_object_get(money, "by_funder"), i, f) {
    const char *name = str(f, "funder_name");
    xlsx_writer_text(w, r, 0,
                     *name                                 ? name
                     : json_object_get(f, "funder_org_id") ? "Financeur non nommé"
                                                           : "Sans financeur");
    num(w, r, 1, f, "lines", XLSX_FMT_INTEGER);
    total_cell(w, r, 2, f, "planned");
    total_cell(w, r, 3, f, "committed");
    total_cell(w, r, 4, f, "paid");
    r++;
  }
  json_t *total = json_object_get(money, "plan");
  if (json_is_object(total)) {
    xlsx_writer_text(w, r, 0, "Total du plan");
    num(w, r, 1, total, "lines", XLSX_FMT_INTEGER);
    total_cell(w, r, 2, total, "planned");
    total_cell(w, r, 3, total, "committed");
    total_cell(w, r, 4, total, "paid");
  } else {
    xlsx_writer_text(w, r, 0, "Aucune ligne budgétaire");
  }
  xlsx_writer_col_width(w, 0, 0, 34);
  xlsx_writer_col_width(w, 1, 1, 60);
  xlsx_writer_col_width(w, 2, 4, 16);
}

static uint32_t actions_table(struct xlsx_writer *w, uint32_t r, json_t *actions) {
  static const char *const label[] = {"Actions"};
  xlsx_writer_titles(w, r++, label, 1);
  static const char *const h[] = {"Numéro",    "Action",     "Statut",           "Pilotes",
                                  "Copilotes", "Avancement", "Couverture",       "Explication",
                                  "Formule",   "Météo",      "Date de la météo", "Commentaire de la météo"};
  xlsx_writer_titles(w, r++, h, N(h));
  size_t i;
  json_t *a;
  char buf[2048];
  json_array_foreach(actions, i, a) {
    json_t *p = json_object_get(a, "progress"), *wx = json_object_get(a, "weather");
    copil_action_ref(a, buf, sizeof buf);
    xlsx_writer_text(w, r, 0, buf);
    xlsx_writer_text(w, r, 1, str(a, "title"));
    xlsx_writer_text(w, r, 2, copil_action_status_text(a));
    join_names(json_object_get(a, "pilots"), buf, sizeof buf);
    xlsx_writer_text(w, r, 3, buf);
    join_names(json_object_get(a, "copilots"), buf, sizeof buf);
    xlsx_writer_text(w, r, 4, buf);
    progress_cell(w, r, 5, p);
    copil_coverage_text(p, buf, sizeof buf);
    xlsx_writer_text(w, r, 6, buf);
    xlsx_writer_text(w, r, 7, str(p, "reason_text"));
    xlsx_writer_text(w, r, 8, str(p, "formula_text"));
    if (json_is_object(wx)) {
      xlsx_writer_text(w, r, 9, copil_weather_label(str(wx, "level")));
      date_cell(w, r, 10, str(wx, "judged_on"));
      xlsx_writer_text(w, r, 11, str(wx, "comment"));
    } else {
      xlsx_writer_text(w, r, 9, "Pas de météo");
    }
    r++;
  }
  if (!json_array_size(actions)) xlsx_writer_text(w, r++, 0, "Aucune action");
  return r;
}

static void targets_text(json_t *targets, char *out, size_t size) {
  size_t i, n = 0;
  json_t *t;
  out[0] = '\0';
  json_array_foreach(targets, i, t) {
    const char *kind = str(t, "kind");
    if (!strcmp(kind, "baseline")) continue;
    char d[16], v[64];
    copil_date_text(str(t, "due_on"), d, sizeof d);
    copil_number_text(json_number_value(json_object_get(t, "value")), v, sizeof v);
    int k = snprintf(out + n, size - n, "%s%s%s%s : %s%s", n ? " ; " : "",
                     !strcmp(kind, "final") ? "finale" : "intermédiaire", *d ? " au " : "", d,
                     copil_qualifier_prefix(t), v);
    if (k < 0 || (size_t)k >= size - n) { /* no cut name or figure: stop before it */
      out[n] = '\0';
      break;
    }
    n += (size_t)k;
  }
}

static uint32_t indicators_table(struct xlsx_writer *w, uint32_t r, json_t *actions) {
  static const char *const label[] = {"Indicateurs"};
  xlsx_writer_titles(w, r++, label, 1);
  static const char *const h[] = {"Action",
                                  "Code",
                                  "Indicateur",
                                  "Unité",
                                  "Référence",
                                  "Date de la référence",
                                  "Cibles",
                                  "Cible retenue",
                                  "Échéance de la cible",
                                  "Valeur actuelle",
                                  "Nature de la valeur actuelle",
                                  "Date de la valeur",
                                  "Avancement",
                                  "Couverture",
                                  "Explication",
                                  "Formule"};
  xlsx_writer_titles(w, r++, h, N(h));
  size_t i, k, count = 0;
  json_t *a, *ind;
  char buf[2048];
  json_array_foreach(actions, i, a) json_array_foreach(json_object_get(a, "indicators"), k, ind) {
    json_t *res = json_object_get(ind, "result");
    xlsx_writer_text(w, r, 0, str(a, "number"));
    xlsx_writer_text(w, r, 1, str(ind, "code"));
    xlsx_writer_text(w, r, 2, str(ind, "name"));
    xlsx_writer_text(w, r, 3, str(ind, "unit"));
    num(w, r, 4, res, "baseline", XLSX_FMT_DECIMAL);
    date_cell(w, r, 5, str(res, "baseline_date"));
    targets_text(json_object_get(ind, "targets"), buf, sizeof buf);
    xlsx_writer_text(w, r, 6, buf);
    num(w, r, 7, res, "target", XLSX_FMT_DECIMAL);
    date_cell(w, r, 8, str(res, "target_date"));
    num(w, r, 9, res, "current", XLSX_FMT_DECIMAL);
    xlsx_writer_text(w, r, 10, copil_current_label(ind));
    date_cell(w, r, 11, str(res, "current_date"));
    progress_cell(w, r, 12, res);
    copil_coverage_text(res, buf, sizeof buf);
    xlsx_writer_text(w, r, 13, buf);
    xlsx_writer_text(w, r, 14, str(res, "reason_text"));
    xlsx_writer_text(w, r, 15, str(res, "formula_text"));
    r++;
    count++;
  }
  if (!count) xlsx_writer_text(w, r++, 0, "Aucun indicateur");
  return r;
}

static uint32_t budget_table(struct xlsx_writer *w, uint32_t r, json_t *lines) {
  static const char *const label[] = {"Lignes budgétaires"};
  xlsx_writer_titles(w, r++, label, 1);
  static const char *const h[] = {"Action",       "Libellé", "Financeur", "Fonds", "Année de début",
                                  "Année de fin", "Prévu",   "Engagé",    "Versé"};
  xlsx_writer_titles(w, r++, h, N(h));
  size_t i;
  json_t *b;
  json_array_foreach(lines, i, b) {
    xlsx_writer_text(w, r, 0, str(b, "action_number"));
    xlsx_writer_text(w, r, 1, str(b, "label"));
    xlsx_writer_text(w, r, 2, str(b, "funder_name"));
    xlsx_writer_text(w, r, 3, str(b, "fund"));
    num(w, r, 4, b, "year_from", XLSX_FMT_GENERAL);
    num(w, r, 5, b, "year_to", XLSX_FMT_GENERAL);
    cents(w, r, 6, b, "planned_cents");
    cents(w, r, 7, b, "committed_cents");
    cents(w, r, 8, b, "paid_cents");
    r++;
  }
  if (!json_array_size(lines)) xlsx_writer_text(w, r++, 0, "Aucune ligne budgétaire");
  return r;
}

static void axis_sheet(struct xlsx_writer *w, const char *name, const char *title, json_t *progress, json_t *actions,
                       json_t *lines) {
  xlsx_writer_sheet(w, name, NULL, 0);
  const char *const head[] = {title};
  xlsx_writer_titles(w, 0, head, 1);
  char buf[512];
  uint32_t r = 1;
  if (progress) {
    xlsx_writer_text(w, r, 0, "Avancement");
    progress_cell(w, r++, 1, progress);
    copil_coverage_text(progress, buf, sizeof buf);
    xlsx_writer_text(w, r, 0, "Couverture");
    xlsx_writer_text(w, r++, 1, buf);
    xlsx_writer_text(w, r, 0, "Explication");
    xlsx_writer_text(w, r++, 1, str(progress, "reason_text"));
    xlsx_writer_text(w, r, 0, "Formule");
    xlsx_writer_text(w, r++, 1, str(progress, "formula_text"));
  }
  r = actions_table(w, r + 1, actions);
  r = indicators_table(w, r + 1, actions);
  budget_table(w, r + 1, lines);
  xlsx_writer_col_width(w, 0, 0, 14);
  xlsx_writer_col_width(w, 1, 2, 40);
  xlsx_writer_col_width(w, 3, 15, 18);
}

plam_err copil_xlsx_write(json_t *pack, const char *path) {
  struct xlsx_writer *w;
  plam_err e = xlsx_writer_open(path, &w);
  if (e) {
    xlsx_writer_close(w);
    return e;
  }
  json_t *plan = json_object_get(pack, "plan");
  char title[512];
  snprintf(title, sizeof title, "Dossier COPIL — %s", str(plan, "title"));
  xlsx_writer_properties(w, title, "plam");
  summary_sheet(w, pack);
  const char *label = *str(plan, "axis_label") ? str(plan, "axis_label") : "axe";
  size_t i;
  json_t *ax;
  json_array_foreach(json_object_get(pack, "axes"), i, ax) {
    char name[400], head[700];
    snprintf(name, sizeof name, "%c%s %s - %s", label[0] >= 'a' && label[0] <= 'z' ? label[0] - 32 : label[0],
             label + 1, str(ax, "number"), str(ax, "title"));
    snprintf(head, sizeof head, "%c%s %s : %s", label[0] >= 'a' && label[0] <= 'z' ? label[0] - 32 : label[0],
             label + 1, str(ax, "number"), str(ax, "title"));
    axis_sheet(w, name, head, json_object_get(ax, "progress"), json_object_get(ax, "actions"),
               json_object_get(ax, "budget"));
  }
  json_t *loose = json_object_get(pack, "actions_without_axis"), *bl = json_object_get(pack, "budget_without_axis");
  if (json_array_size(loose) || json_array_size(bl))
    axis_sheet(w, "Hors axe", "Actions et lignes budgétaires hors axe", NULL, loose, bl);
  return xlsx_writer_close(w);
}

plam_err copil_xlsx_bytes(struct db *db, const struct actor *a, int64_t plan_id, char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  json_t *pack = NULL;
  plam_err e = copil_pack_json(db, a, plan_id, &pack);
  if (e) return e;
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/plam-copil-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) {
    json_decref(pack);
    return PLAM_ERR_IO;
  }
  close(fd);
  e = copil_xlsx_write(pack, path);
  json_decref(pack);
  FILE *f = e ? NULL : fopen(path, "rb");
  if (!e && !f) e = PLAM_ERR_IO;
  if (f) {
    struct stat st;
    char *d = NULL;
    if (fstat(fileno(f), &st) || st.st_size <= 0) e = PLAM_ERR_IO;
    else if (!(d = malloc((size_t)st.st_size))) e = PLAM_ERR_NOMEM;
    else if (fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) e = PLAM_ERR_IO;
    fclose(f);
    if (e) free(d);
    else {
      *data = d;
      *len = (size_t)st.st_size;
    }
  }
  unlink(path);
  return e;
}
